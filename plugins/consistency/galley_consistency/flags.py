"""From clusters to suggestions: one per flagged occurrence, overlaps resolved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter, sub

from editor.plugin_api import CONSISTENCY, SegmentSnapshot, Suggestion, ToolContext

from . import similarity
from .candidates import PART, Occurrence
from .clusters import Clusters
from .decide import Verdict, case_variant_flaggable, confidence, decide
from .forms import Form

_SEGMENT, _START, _END = attrgetter("segment"), attrgetter("start"), attrgetter("end")  # of an occurrence


def flag(clusters: Clusters, occurrences: list[Occurrence], segments: Sequence[SegmentSnapshot],
         ctx: ToolContext, min_occurrences: int, distinctive: Callable[[str], bool]) -> list[Suggestion]:
    """Suggestions for every flagged occurrence, overlaps resolved (longest span wins)."""
    accepted_words = ctx.accepted_words
    by_form: dict[str, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        if occurrence.form:
            by_form[occurrence.form].append(occurrence)

    flagged: list[Occurrence] = []
    suggestions: list[Suggestion] = []  # suggestions[k] flags flagged[k]
    confirmed: set[str] = set()  # canonical forms: their parts are not flagged
    confirmed_words: set[str] = set()  # words of canonical names: preferred among equal parts
    # Names of several words first: their verdicts break ties between single words.
    for cluster in sorted(clusters.groups(), key=lambda c: -max(len(f.tokens) for f in c)):
        if sum(f.count for f in cluster) < min_occurrences or not any(f.count for f in cluster):
            continue
        verdict = decide(cluster, confirmed_words)
        if verdict is None:
            continue
        confirmed.add(verdict.canonical.text)
        if len(verdict.canonical.tokens) > 1:
            confirmed_words.update(verdict.canonical.tokens)
        for form in cluster:
            against = _against(form, verdict)
            if against is None or not _flaggable(form, against, accepted_words):
                continue
            canonical = against.canonical
            alike = similarity.score(form, canonical, distinctive)
            alike = max(alike, clusters.link_score.get((form.index, canonical.index), 0.0))
            conf = confidence(form, against, alike if form.skel != canonical.skel else 1.0)
            # The message and replacements depend only on the text flagged (and the suffix):
            # made once per distinct one.
            made: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
            case_only = form.text.casefold() == canonical.text.casefold()  # else no occurrence is skipped
            for occurrence in by_form[form.text]:
                if not (case_only and _skip_occurrence(occurrence, form, against)):
                    segment = segments[occurrence.segment]
                    original = segment.text[occurrence.start:occurrence.end]
                    wording = made.get((original, occurrence.suffix))
                    if wording is None:
                        wording = made[original, occurrence.suffix] = _wording(original, occurrence.suffix, form,
                                                                               against, ctx)
                    flagged.append(occurrence)
                    suggestions.append(Suggestion(segment.id, occurrence.start, occurrence.end, CONSISTENCY,
                                                  wording[0], wording[1], conf))
    return _resolve(flagged, suggestions, occurrences, confirmed)


def _against(form: Form, verdict: Verdict) -> Verdict | None:
    """The verdict a form of the cluster is judged against, if it may be flagged at all."""
    if not form.count:
        return None  # a glossary, speaker or pair form: nothing in the transcript to flag
    if form is not verdict.canonical:
        return verdict
    if not verdict.tied:
        return None
    # A tie: no evidence for either spelling, so each is shown against the other.
    return Verdict(verdict.tied[0], verdict.canonical_count, None, [verdict.canonical, *verdict.tied[1:]],
                   verdict.cluster_size)


def _flaggable(form: Form, verdict: Verdict, accepted_words: frozenset[str]) -> bool:
    canonical = verdict.canonical
    if form.common and not form.forced_to:
        return False  # an everyday word ("Win", "May") is the sound-alike tool's business
    words_accepted = form.accepted or all(t.casefold() in accepted_words for t in form.tokens)
    if words_accepted and not (canonical.glossary and form.text != canonical.text):
        return False  # an accepted word is canonical unless the glossary spells it otherwise
    if form.skel == canonical.skel:
        return case_variant_flaggable(form, verdict)
    return True


def _skip_occurrence(occurrence: Occurrence, form: Form, verdict: Verdict) -> bool:
    canonical = verdict.canonical.text
    if form.text.casefold() != canonical.casefold():
        return False  # only case is free in addresses and at sentence starts
    if occurrence.url:
        return True  # "lintwise dot dev": web addresses are written in lowercase
    text = occurrence.form
    # A capital at a sentence start is no misspelling of a lowercase canonical form.
    return occurrence.sentence_start and text[1:] == canonical[1:] and text[:1].casefold() == canonical[:1].casefold()


def _wording(original: str, suffix: str, form: Form, verdict: Verdict,
             ctx: ToolContext) -> tuple[str, tuple[str, ...]]:
    """The message and ranked replacements of a suggestion for the text ``original``."""
    canonical = verdict.canonical
    replacements = [canonical.text + suffix]
    alternatives = [f for f in verdict.tied if f is not form] or \
        ([verdict.runner_up] if verdict.runner_up is not None and not canonical.glossary else [])
    replacements += [f.text + suffix for f in alternatives if f is not form]
    remembered = _remembered(ctx.replacement_memory, original)
    if remembered is not None:
        replacements.insert(0, remembered)
    ranked = tuple(dict.fromkeys(r for r in replacements if r != original))
    return _message(original, verdict, form in verdict.tied), ranked


def _message(original: str, verdict: Verdict, tied: bool) -> str:
    canonical = verdict.canonical
    if canonical.count:
        times = f"{canonical.count}\u00d7"
        note = ", as in the glossary" if canonical.glossary else ""
        if tied:
            note = "; neither spelling is more common"
        return f"\u201c{original}\u201d \u2014 also written \u201c{canonical.text}\u201d ({times}) in this transcript{note}"
    if canonical.glossary:
        return f"\u201c{original}\u201d \u2014 the glossary writes \u201c{canonical.text}\u201d"
    if canonical.accepted:
        return f"\u201c{original}\u201d \u2014 your dictionary writes \u201c{canonical.text}\u201d"
    return f"\u201c{original}\u201d \u2014 the speaker is named \u201c{canonical.text}\u201d"


def _remembered(memory: Mapping[str, str], text: str) -> str | None:
    if text in memory:
        return memory[text]
    folded = text.casefold()
    for key, value in memory.items():
        if key.casefold() == folded:
            return value
    return None


def _resolve(flagged: list[Occurrence], suggestions: list[Suggestion], occurrences: list[Occurrence],
             confirmed: set[str]) -> list[Suggestion]:
    """Drop flags inside a confirmed name and flags overlapping a longer one.

    ``suggestions[k]`` flags ``flagged[k]``; flags are handled by their numbers ``k``."""
    kept: list[int] = []
    segment = -1  # flags come segment by segment: the spans kept in the current one
    spans: list[tuple[int, int]] = []
    segments, starts = list(map(_SEGMENT, flagged)), list(map(_START, flagged))
    lengths = map(sub, starts, map(_END, flagged))  # negative: longest first
    by_length = sorted(range(len(flagged)), key=list(zip(segments, lengths, starts)).__getitem__)
    for k in by_length:
        occurrence = flagged[k]
        if occurrence.kind == PART and occurrence.run >= 0:
            run = occurrences[occurrence.run]
            if run.form in confirmed:
                continue
        if occurrence.segment != segment:
            segment, spans = occurrence.segment, []
        if any(occurrence.start < end and start < occurrence.end for start, end in spans):
            continue
        spans.append((occurrence.start, occurrence.end))
        kept.append(k)
    kept.sort(key=list(zip(segments, starts)).__getitem__)
    return [suggestions[k] for k in kept]
