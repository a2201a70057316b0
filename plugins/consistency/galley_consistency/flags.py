"""From clusters to suggestions: one per flagged occurrence, overlaps resolved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from editor.plugin_api import CONSISTENCY, SegmentSnapshot, Suggestion, ToolContext

from . import similarity
from .candidates import PART, Occurrence
from .clusters import Clusters
from .decide import Verdict, case_variant_flaggable, confidence, decide
from .forms import Form


def flag(clusters: Clusters, occurrences: list[Occurrence], segments: Sequence[SegmentSnapshot],
         ctx: ToolContext, min_occurrences: int, distinctive: Callable[[str], bool]) -> list[Suggestion]:
    """Suggestions for every flagged occurrence, overlaps resolved (longest span wins)."""
    accepted_words = ctx.accepted_words
    by_form: dict[str, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        if occurrence.form:
            by_form[occurrence.form].append(occurrence)

    flags: list[tuple[Occurrence, Suggestion]] = []
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
            for occurrence in by_form[form.text]:
                if not _skip_occurrence(occurrence, form, against):
                    flags.append((occurrence, _suggestion(occurrence, form, against, conf, segments, ctx)))
    return _resolve(flags, occurrences, confirmed)


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


def _suggestion(occurrence: Occurrence, form: Form, verdict: Verdict, conf: float,
                segments: Sequence[SegmentSnapshot], ctx: ToolContext) -> Suggestion:
    canonical = verdict.canonical
    replacements = [canonical.text + occurrence.suffix]
    alternatives = [f for f in verdict.tied if f is not form] or \
        ([verdict.runner_up] if verdict.runner_up is not None and not canonical.glossary else [])
    replacements += [f.text + occurrence.suffix for f in alternatives if f is not form]
    segment = segments[occurrence.segment]
    original = segment.text[occurrence.start:occurrence.end]
    remembered = _remembered(ctx.replacement_memory, original)
    if remembered is not None:
        replacements.insert(0, remembered)
    ranked = tuple(dict.fromkeys(r for r in replacements if r != original))
    return Suggestion(segment.id, occurrence.start, occurrence.end, CONSISTENCY,
                      _message(original, verdict, form in verdict.tied), ranked, conf)


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


def _resolve(flags: list[tuple[Occurrence, Suggestion]], occurrences: list[Occurrence],
             confirmed: set[str]) -> list[Suggestion]:
    """Drop flags inside a confirmed name and flags overlapping a longer one."""
    kept: list[tuple[Occurrence, Suggestion]] = []
    by_segment: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for occurrence, suggestion in sorted(flags, key=lambda f: (f[0].segment, -(f[0].end - f[0].start), f[0].start)):
        if occurrence.kind == PART and occurrence.run >= 0:
            run = occurrences[occurrence.run]
            if run.form in confirmed:
                continue
        spans = by_segment[occurrence.segment]
        if any(occurrence.start < end and start < occurrence.end for start, end in spans):
            continue
        spans.append((occurrence.start, occurrence.end))
        kept.append((occurrence, suggestion))
    kept.sort(key=lambda f: (f[0].segment, f[0].start))
    return [suggestion for _, suggestion in kept]
