"""The consistency tool: one entity spelled several ways across a transcript.

A document-scope correction tool. Per check it runs these phases (cancellation is checked
between them, and every 200 segments while scanning):

1. **Scan** every segment for candidate mentions (:mod:`.candidates`): entity-like
   words, runs of them ("Siobhan Gwen"), spelled-out letters ("G P U") and lowercase
   windows around rare words ("cube con").
2. **Forms**: distinct spellings, plus the glossary's terms, their rare parts and its
   "wrong => Right" pairs, and the speakers' names, as forms without occurrences
   (:mod:`.forms`). Windows become mentions only when they match a name
   (:mod:`.windows`): by spelling and sound, or exactly ("steel yard" = "Steelyard").
3. **Link** forms whose spelling, sound or word-by-word alignment is above the
   ``threshold`` (:mod:`.links`, :mod:`.similarity`), compared per distinct spelling,
   never per mention.
4. **Cluster** with a union-find that refuses forbidden unions (:mod:`.clusters`).
5. **Decide** each cluster's canonical form (:mod:`.decide`) and flag the other
   spellings (:mod:`.flags`): one suggestion per occurrence, canonical form first.

Indexes derived from the lexicon are cached on the tool instance, keyed by the lexicon's
identity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import Any

from editor.plugin_api import Lexicon, SegmentSnapshot, Suggestion, ToolContext

from .candidates import COMMON, LETTERS, PART, RUN, WINDOW, Occurrence, Scanner, WordFacts
from .clusters import Clusters, Edge
from .flags import flag
from .forms import GLOSSARY_PART, GLOSSARY_TERM, Form, FormTable
from .links import link
from .text import skeleton
from .windows import Match, WindowMatcher, drop_covered, non_overlapping

DEFAULT_THRESHOLD = 0.8
DEFAULT_MIN_OCCURRENCES = 2
_CANCEL_EVERY = 200
_WORD_CACHE_LIMIT = 200_000
# Speaker labels that name a role or a diarisation slot, not a person.
_GENERIC_SPEAKERS = frozenset([
    "speaker", "host", "guest", "unknown", "interviewer", "interviewee", "narrator", "spk", "voice", "caller",
    "moderator", "presenter", "announcer", "audience", "other", "person",
])
_TEXT = attrgetter("text")  # of a segment
_CONTENT = attrgetter("content")  # of a word's facts


class ConsistencyTool:
    """Clusters variant spellings of one name or term and flags the minority forms."""

    def __init__(self) -> None:
        self._lexicon: Lexicon | None = None
        self._words: dict[str, tuple[bool, float]] = {}
        self._facts: dict[str, WordFacts] = {}

    # -- the tool protocol

    def check(self, segments: Sequence[SegmentSnapshot], ctx: ToolContext) -> list[Suggestion]:
        """Consistency suggestions for the whole transcript ``segments``."""
        threshold = _number(ctx.settings, "threshold", DEFAULT_THRESHOLD, 0.5, 1.0)
        min_occurrences = int(_number(ctx.settings, "min_occurrences", DEFAULT_MIN_OCCURRENCES, 2, 10**6))
        info = self._word_info(ctx.lexicon)

        scanner = self._scan(segments, ctx, info)
        ctx.check_cancelled()
        table = FormTable(info)
        forced = _add_outside_forms(table, segments, ctx, info)
        occurrences = _register(table, scanner)
        ctx.check_cancelled()

        edges = self._match_windows(table, scanner, occurrences, forced, threshold)
        ctx.check_cancelled()

        def distinctive(token: str) -> bool:
            return _distinctive(token, info)

        edges += link(table, forced, threshold, distinctive)
        clusters = Clusters(table.forms)
        clusters.merge_all(edges)
        ctx.check_cancelled()

        found = flag(clusters, occurrences, segments, ctx, min_occurrences, distinctive)
        ctx.progress(len(segments), len(segments))
        return found

    # -- phases

    def _scan(self, segments: Sequence[SegmentSnapshot], ctx: ToolContext, info: Any) -> Scanner:
        scanner = Scanner(info, self._facts, _single_word_targets(ctx))
        total = len(segments)
        for first in range(0, total, _CANCEL_EVERY):
            ctx.check_cancelled()
            ctx.progress(first, total)
            scanner.scan(first, list(map(_TEXT, segments[first:first + _CANCEL_EVERY])))
        return scanner

    def _match_windows(self, table: FormTable, scanner: Scanner, occurrences: list[Occurrence],
                       forced: dict[str, str], threshold: float) -> list[Edge]:
        """Turn lowercase windows that match a form into mentions of their own form."""
        matcher = WindowMatcher(table, forced, threshold)
        chosen_by_segment: dict[int, list[Match]] = defaultdict(list)
        # Matched once per distinct window, then the windows that match, in the order found.
        matched: dict[tuple[str, ...], tuple[Form, float, str]] = {}
        for key, shape in scanner.window_kinds().items():
            match = matcher.match_shape(shape)
            if match is not None:
                matched[key] = match
        for key, window in scanner.windows_of(matched):
            chosen_by_segment[window.segment].append((window, *matched[key]))
        runs = {(o.segment, o.start, o.end) for o in occurrences if o.kind in (RUN, LETTERS)}
        for window in scanner.split_windows(matcher.split_targets, matcher.split_prefixes):
            if (window.segment, window.start, window.end) not in runs:
                chosen_by_segment[window.segment].append((window, matcher.split_targets[window.shape.skel], 1.0, ""))
        # Mentions a window may cover, in the segments that have windows only.
        covered_by_segment: dict[int, list[Occurrence]] = {segment: [] for segment in chosen_by_segment}
        for occurrence in occurrences:
            if occurrence.kind not in (RUN, PART):
                covered = covered_by_segment.get(occurrence.segment)
                if covered is not None:
                    covered.append(occurrence)
        edges: list[Edge] = []
        for segment, matches in chosen_by_segment.items():
            for window, target, score, suffix in non_overlapping(matches):
                form = table.get(window.shape.form)
                form.count += 1
                form.first = min(form.first, _order(window.segment, window.start))
                _add_context(form, scanner.facts, window.first_token, window.last_token)
                occurrences.append(Occurrence(window.segment, window.start, window.end, window.shape.form, WINDOW,
                                              window.first_token, window.last_token, suffix=suffix))
                edges.append(Edge(score, form.index, target.index))
                drop_covered(covered_by_segment[segment], window, table)
        _clean_contexts(table.forms)
        return edges

    def _word_info(self, lexicon: Lexicon) -> Any:
        """A cached ``fold -> (is a word, Zipf)`` look-up for this lexicon."""
        if lexicon is not self._lexicon or len(self._words) + len(self._facts) > _WORD_CACHE_LIMIT:
            self._lexicon = lexicon
            self._words = {}
            self._facts = {}
        words = self._words

        def info(fold: str) -> tuple[bool, float]:
            found = words.get(fold)
            if found is None:
                found = _look_up(lexicon, fold)
                words[fold] = found
            return found

        return info


# ------------------------------------------------------------------------------ forms


def _single_word_targets(ctx: ToolContext) -> set[str]:
    """Skeletons one lowercase word may match exactly: single-word glossary terms and pairs."""
    words = [t for t in ctx.glossary.terms if len(t.split()) == 1]
    words += [w for w, _ in ctx.glossary.replacements if len(w.split()) == 1]
    return {skeleton(w) for w in words}


def _look_up(lexicon: Lexicon, fold: str) -> tuple[bool, float]:
    """Whether a folded word is known, and its Zipf; hyphenated words by their parts."""
    if fold in lexicon:
        return True, lexicon.frequency(fold)
    plain = fold.replace("’", "'")
    if plain != fold and plain in lexicon:
        return True, lexicon.frequency(plain)
    if "-" in fold:
        parts = [p for p in fold.split("-") if p]
        if parts and all(p in lexicon or p.isdigit() for p in parts):
            return True, min(lexicon.frequency(p) if not p.isdigit() else 0.0 for p in parts)
    return False, 0.0


def _add_outside_forms(table: FormTable, segments: Sequence[SegmentSnapshot], ctx: ToolContext,
                       info: Any) -> dict[str, str]:
    """Glossary terms, their rare parts, speaker names and accepted words as forms.

    Returns the glossary's known misrecognitions as ``skeleton -> right form text``,
    including word-level pairs derived from phrase pairs of equal length ("Shivon Win =>
    Siobhan Nguyen" teaches "Shivon => Siobhan").
    """
    table.accepted = {w.casefold() for w in ctx.personal_dictionary} | {w.casefold() for w in ctx.ignored}
    glossary = ctx.glossary
    for term in glossary.terms:
        if skeleton(term):
            _glossary_form(table, term, info)
    forced: dict[str, str] = {}
    for wrong, right in glossary.replacements:
        if not skeleton(right):
            continue
        right_form = _glossary_form(table, right, info)
        wrong_text, right_text = " ".join(wrong.split()), right_form.text
        if skeleton(wrong_text):
            forced[skeleton(wrong_text)] = right_text
            if wrong_text != right_text:
                table.get(wrong_text).forced_to = right_text  # compared like a name, mapped to ``right``
        wrong_words, right_words = wrong_text.split(), right_text.split()
        if len(wrong_words) == len(right_words) > 1:
            for w, r in zip(wrong_words, right_words):
                if skeleton(w) != skeleton(r) and info(w.casefold())[1] < COMMON and skeleton(w):
                    forced.setdefault(skeleton(w), table.get(r).text)
    for name in sorted(filter(None, set(map(attrgetter("speaker"), segments)))):
        _speaker_forms(table, name)
    return forced


def _glossary_form(table: FormTable, term: str, info: Any) -> Form:
    text = " ".join(term.split())
    form = table.get(text)
    form.glossary = GLOSSARY_TERM
    form.glossary_ids = form.glossary_ids | {text}
    if len(form.tokens) > 1:
        for token in form.tokens:
            if _distinctive(token, info) and not any(ch.isdigit() for ch in token):
                part = table.get(token)
                part.glossary = max(part.glossary, GLOSSARY_PART)
                part.glossary_ids = part.glossary_ids | {token}
    return form


def _speaker_forms(table: FormTable, name: str) -> None:
    words = name.split()
    if not words or any(not w.replace("-", "").replace("'", "").isalpha() or not w[:1].isupper() for w in words):
        return
    if any(w.casefold() in _GENERIC_SPEAKERS for w in words):
        return
    table.get(" ".join(words)).speaker = True
    if len(words) > 1:
        for word in words:
            table.get(word).speaker = True


def _register(table: FormTable, scanner: Scanner) -> list[Occurrence]:
    """Count the scanned occurrences into their forms (with contexts)."""
    facts, by_text = scanner.facts, table.by_text
    for occurrence in scanner.occurrences:
        form = by_text.get(occurrence.form) or table.get(occurrence.form)
        form.count += 1
        form.window_only = False
        form.first = min(form.first, _order(occurrence.segment, occurrence.start))
        _add_context(form, facts, occurrence.first_token, occurrence.last_token)
    _clean_contexts(table.forms)
    return list(scanner.occurrences)


def _order(segment: int, start: int) -> int:
    return segment * 100_000 + start


def _add_context(form: Form, facts: list[WordFacts], first: int, last: int) -> None:
    """Add the two words either side of words ``first``..``last`` to the form's contexts.

    Added unfiltered, by C loops (one occurrence after another mostly adds nothing new):
    :func:`_clean_contexts` removes non-content words and the form's own words after."""
    form.contexts.update(map(_CONTENT, facts[max(first - 2, 0):first]),  # type: ignore[arg-type]
                         map(_CONTENT, facts[last + 1:last + 3]))


def _clean_contexts(forms: list[Form]) -> None:
    """Contexts only of content words (``None`` in facts) other than the form's own."""
    for form in forms:
        contexts = form.contexts
        if contexts:
            contexts.discard(None)  # type: ignore[arg-type]
            contexts.difference_update([t.casefold() for t in form.tokens])


def _distinctive(token: str, info: Any) -> bool:
    """A word rare enough that sharing it says something ("Nguyen", not "Michael")."""
    known, zipf = info(token.casefold())
    return len(token) >= 3 and not token.isdigit() and (not known or zipf < COMMON)


def _number(settings: Mapping[str, Any], key: str, default: float, low: float, high: float) -> float:
    value = settings.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    return float(min(high, max(low, value)))

