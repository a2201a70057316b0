"""The fillers tool: hesitations, discourse fillers in filler position, repeated words.

Every finding is a ``filler`` suggestion with no replacement (delete) whose span carries
the spacing and punctuation that go with it (see :mod:`galley_fillers.spans`), so
accepting it leaves clean text.

* **Hesitations** ("um", "uh", "erm", drawn out or not) are never words: flagged anywhere
  with the list's confidence (0.9 for most).
* **Discourse fillers** ("you know", "I mean", "like", "basically") are ordinary words
  too. They are flagged with the list's confidence when *set off* on both sides (by
  punctuation, the segment's edge or a hesitation: "it was, like, huge"). Otherwise, in
  English, :mod:`galley_fillers.english` judges "you know", "I mean" and "like" from the
  words around them (low confidence, 0.35-0.6); any other discourse filler right after a
  hesitation ("um basically we") gets 60 % of its confidence; everything else is left alone.
* **Repeated words** ("the the", "I I I think", "The the", "in the in the"), also a word
  that ends one segment and starts the next of the same speaker (flagged at the start of
  the second). Words the list marks as doubled on purpose ("no no", "bye bye", number
  words), digits and hesitations are skipped; grammatical doubles ("had had",
  "that that") are flagged at 0.3.

Lists come from ``<resources>/fillers/<lang>.txt`` with per-user additions from
``<user resources>/fillers/<lang>.txt`` (see :mod:`galley_fillers.lists`).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from editor.plugin_api import FILLER, WORD_PATTERN, SegmentSnapshot, Suggestion, ToolContext
from galley_fillers import english
from galley_fillers.english import EDGE, HESITATION, PUNCT, WORD, Context
from galley_fillers.lists import (
    DISCOURSE,
    FillerEntry,
    FillerList,
    files_signature,
    load_filler_list,
    normalize,
)
from galley_fillers.spans import filler_spans, leading_repeat_span

REPEAT_CONFIDENCE = 0.85
CROSS_LINE_REPEAT_CONFIDENCE = 0.75
PHRASE_REPEAT_CONFIDENCE = 0.7
GRAMMATICAL_REPEAT_CONFIDENCE = 0.3
# A repeat that ends its sentence or line is more often meant ("it was so so").
REPEAT_AT_END_FACTOR = 0.6
# A discourse filler with a hesitation before it but a word after ("um basically we").
AFTER_HESITATION_FACTOR = 0.6
DEFAULT_MIN_CONFIDENCE = 0.2
PROGRESS_EVERY = 200

# Separators allowed between a word and its repeat: "the the", "I, I", "the- the", "we... we".
_REPEAT_GAP = re.compile(r"\s*(?:,|-{1,2}|—|–|\.\.\.|…)?\s*")
# The plugin API's word pattern (what editor.plugin_api.words() yields), for the quick
# pre-screen; ``_WORD_SPLIT`` is the same with one capturing group, so ``split()``
# alternates gap, word, gap, ..., gap in one C-level call (no Token objects per word).
_WORD = WORD_PATTERN
_WORD_SPLIT = re.compile(f"({WORD_PATTERN.pattern})", WORD_PATTERN.flags)
_DRAWN_OUT = re.compile(r"([^\W\d_])\1\1")
# Where lists.normalize() would shorten a run (of letters, digits or underscores).
_TRIPLE = re.compile(r"(\w)\1\1")
_PUNCTUATION = frozenset(".,;:!?…")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_UNFOLD_APOSTROPHE = operator.methodcaller("replace", "’", "'")


@dataclass(frozen=True, slots=True)
class _Segment:
    """A segment's words, their offsets and normalized forms, and the gaps between them.

    ``gaps[k]`` is the text right before word ``k`` (``gaps[0]`` leads the text,
    ``gaps[-1]`` trails it), so ``len(gaps) == len(words) + 1``.
    """

    snapshot: SegmentSnapshot
    words: list[str]
    starts: list[int]
    ends: list[int]
    norms: list[str]
    gaps: list[str]

    @property
    def text(self) -> str:
        return self.snapshot.text

    @property
    def punctuated(self) -> bool:
        """Whether the text has any punctuation (raw ASR lines often have none)."""
        return not _PUNCTUATION.isdisjoint(self.snapshot.text)

    def gap(self, left: int, right: int) -> str:
        """Text between word ``left`` and word ``right == left + 1`` (``-1``/``len`` for the edges)."""
        return self.gaps[right]


@dataclass(frozen=True, slots=True)
class _Neighbour:
    """The segment before or after (same speaker): its text and quick word list."""

    text: str
    words: list[str]


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A finding before overlaps between fillers and repeats are resolved."""

    start: int
    end: int
    message: str
    confidence: float


@dataclass(frozen=True, slots=True)
class _Run:
    """What one check needs of its context, looked up once (not per segment)."""

    accepted: frozenset[str]
    discourse: bool
    stutters: bool
    memory: Mapping[str, str]
    # Normalized words whose doubling is never a stutter: hesitations, the list's
    # deliberate doubles and accepted words (digits are tested separately).
    not_stutters: frozenset[str]


class _Normalized(dict[str, str]):
    """A per-check cache ``word -> normalize(word)``: a missing word is normalized on lookup.

    Looked up with ``map(cache.__getitem__, words)``, so words seen before cost no Python
    call at all.
    """

    def __missing__(self, word: str) -> str:
        norm = self[word] = normalize(word)
        return norm


@dataclass(frozen=True, slots=True)
class _Screen:
    """What the pre-screen looks for, derived from the filler list once per check.

    Filler first words fall in two groups. ``plain`` words (hesitations, one-word fillers
    with a position heuristic such as "like") are worth a look wherever they occur.
    ``guarded`` words are common words that matter only in a few places (see
    :func:`_screen`), which ``guard`` finds in a segment's text (it is ``None`` when there
    are no guarded words; :func:`_worth_a_look` says when it is exact).
    """

    plain: frozenset[str]
    guarded: frozenset[str]
    guard: re.Pattern[str] | None


# One-word discourse fillers without a heuristic ("so", "actually", "well") are flagged
# only when set off on both sides, or right after a hesitation or another flagged filler
# (see _discourse_confidence). With no other filler in the segment, the first one flagged
# must be set off by punctuation or a segment edge on both sides: the text before it,
# spaces aside, is empty or ends in something other than a letter or digit, and so is
# the text after it. These patterns find that (or more: "so-called").
_SET_OFF_BEFORE = r"(?:^|[^\s\w]|_)\s*"
_SET_OFF_AFTER = r"\s*(?:$|[^\s\w]|_)"


def _screen(fillers: FillerList, heuristics: Mapping[str, english.Heuristic]) -> _Screen:
    """The pre-screen's word sets and pattern for ``fillers`` (with these ``heuristics``).

    Guarded are the first words of entries of several words (their whole phrase must
    occur: "you" without "know" is no filler) and one-word discourse fillers without a
    heuristic (which must be set off, see above); all other first words are plain.
    """
    singles = [e for e in fillers.entries if len(e.words) == 1]
    # A word is guarded only if every one-word entry of it is such a discourse filler.
    plain = frozenset(e.words[0] for e in singles if e.group != DISCOURSE or e.words[0] in heuristics)
    set_off = frozenset(e.words[0] for e in singles) - plain
    multi = [e.words for e in fillers.entries if len(e.words) > 1]
    alternatives = []
    if multi:
        # Whole words (the text's words are maximal runs of letters and digits) separated
        # by white space only, as _filler_matches requires.
        phrases = sorted({r"\s+".join(map(re.escape, words)) for words in multi})
        alternatives.append(r"(?<![^\W_])(?:" + "|".join(phrases) + r")(?![^\W_])")
    if set_off:
        words = "|".join(sorted(map(re.escape, set_off)))
        alternatives.append(_SET_OFF_BEFORE + "(?:" + words + ")" + _SET_OFF_AFTER)
    guarded = set_off | frozenset(words[0] for words in multi)
    guard = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None
    return _Screen(plain, guarded, guard)


def _analyse(snapshot: SegmentSnapshot, normalized: _Normalized) -> _Segment:
    """The segment's words with offsets, normalized forms and gaps (``normalized`` caches words)."""
    parts = _WORD_SPLIT.split(snapshot.text)  # gap, word, gap, word, ..., gap
    words = parts[1::2]
    # Running lengths: bounds[2k] is where word k starts, bounds[2k + 1] where it ends.
    bounds = list(accumulate(map(len, parts)))
    return _Segment(
        snapshot,
        words,
        bounds[0:-1:2],
        bounds[1::2],
        list(map(normalized.__getitem__, words)),
        parts[0::2],
    )


class FillersTool:
    """Flags fillers and repeated words as deletions (see the module docstring)."""

    def __init__(self) -> None:
        self._lists: dict[tuple[object, ...], FillerList] = {}

    # ------------------------------------------------------------------ entry point

    def check(self, segments: Sequence[SegmentSnapshot], ctx: ToolContext) -> list[Suggestion]:
        """Suggestions for ``segments``; neighbours in ``segments`` give cross-line context."""
        fillers = self.filler_list(ctx)
        min_confidence = float(ctx.settings.get("min_confidence", DEFAULT_MIN_CONFIDENCE))
        heuristics = english.HEURISTICS if fillers.language.split("-")[0] == "en" else {}
        accepted = ctx.accepted_words
        run = _Run(
            accepted,
            bool(ctx.settings.get("discourse", True)),
            bool(ctx.settings.get("stutters", True)),
            ctx.replacement_memory,
            fillers.hesitations | fillers.doubles_allowed | accepted,
        )
        by_index = {s.index: s for s in segments}
        # Quick words are worked out as segments come, not kept for the whole document:
        # 250k word lists alive at once cost memory and repeated garbage-collector passes.
        # They are looked up by id, through ``texts``, as a dict of them by id would be.
        texts = {s.id: s.text for s in segments}
        last_id: str | None = None  # the id whose quick words are ``last_words``
        last_words: list[str] = []
        screen = _screen(fillers, heuristics)
        normalized = _Normalized()
        found: list[Suggestion] = []
        total = len(segments)
        for n, snapshot in enumerate(segments):
            if n % PROGRESS_EVERY == 0:
                ctx.check_cancelled()
                ctx.progress(n, total)
            # _neighbour(by_index, snapshot, -1), inlined: this runs on every segment.
            before = by_index.get(snapshot.index - 1)
            if before is not None and before.speaker != snapshot.speaker:
                before = None
            before_words: list[str] | None
            if before is None:
                before_words = None
            elif before.id == last_id:
                before_words = last_words  # the line before is usually the last one looked at
            else:
                before_words = _quick_words(texts[before.id])
            last_id, last_words = snapshot.id, _quick_words(texts[snapshot.id])
            if not _worth_a_look(snapshot.text, last_words, before, before_words, screen, normalized):
                continue
            previous = _Neighbour(before.text, before_words) if before and before_words is not None else None
            after = _neighbour(by_index, snapshot, +1)
            following = _Neighbour(after.text, _quick_words(texts[after.id])) if after else None
            segment = _analyse(snapshot, normalized)
            fillers_found = _fillers(segment, previous, following, fillers, heuristics, min_confidence, run)
            repeats = _repeats(segment, previous, fillers, run) if run.stutters else []
            if not fillers_found and not repeats:
                continue  # the common case: nothing to resolve, span or suggest
            fillers_found, repeats = _resolve(
                fillers_found, [r for r in repeats if r.confidence >= min_confidence]
            )
            # Spans are worked out last, knowing exactly which fillers of the segment go.
            spans = filler_spans(segment.text, [(c.start, c.end) for c in fillers_found])
            deletions = [
                _Candidate(a, b, c.message, c.confidence)
                for (a, b), c in zip(spans, fillers_found, strict=True)
            ]
            found.extend(_suggestions(segment, deletions + repeats, run))
        ctx.progress(total, total)
        return found

    def filler_list(self, ctx: ToolContext) -> FillerList:
        """The merged filler list for ``ctx.language`` (cached until a list file changes)."""
        folders = filler_folders(ctx)
        key = files_signature(ctx.language, folders)
        cached = self._lists.get(key)
        if cached is None:
            cached = load_filler_list(ctx.language, folders, ctx.log)
            self._lists = {key: cached}  # one language at a time: keep the cache small
        return cached


# ---------------------------------------------------------------------- fillers


def _fillers(
    segment: _Segment,
    previous: _Neighbour | None,
    following: _Neighbour | None,
    fillers: FillerList,
    heuristics: dict[str, english.Heuristic],
    min_confidence: float,
    run: _Run,
) -> list[_Candidate]:
    """The fillers to flag, as candidates spanning just their words (spans come later)."""
    matches = _filler_matches(segment, fillers)
    if not matches:
        return []
    flagged = {i for i, _, entry in matches if entry.group != DISCOURSE}
    discourse = run.discourse
    accepted = run.accepted
    chosen: list[_Candidate] = []
    for i, j, entry in matches:
        start, end = segment.starts[i], segment.ends[j - 1]
        said = segment.text[start:end]
        if said.casefold() in accepted or " ".join(entry.words) in accepted or _acronym(segment, i, j):
            continue
        if entry.group == DISCOURSE:
            if not discourse:
                continue
            context = _context(segment, previous, following, i, j, flagged)
            confidence = _discourse_confidence(entry, context, heuristics)
            if confidence is None:
                continue
            flagged.update(range(i, j))
        else:
            confidence = entry.confidence
        if confidence >= min_confidence:
            chosen.append(_Candidate(start, end, f'Filler "{said}"', confidence))
    return chosen


# ---------------------------------------------------------------------- helpers


def filler_folders(ctx: ToolContext) -> list[Path | None]:
    """Folders holding ``<lang>.txt`` lists, in override order (built-in first)."""
    return [
        ctx.resources_dir / "fillers" if ctx.resources_dir else None,
        ctx.user_resources_dir / "fillers" if ctx.user_resources_dir else None,
    ]


def _acronym(segment: _Segment, i: int, j: int) -> bool:
    """Whether words ``i..j-1`` are in capitals in text that is not: "the ER", "UM campus"."""
    shouting = segment.text.isupper()
    return not shouting and any(len(w) > 1 and w.isupper() for w in segment.words[i:j])


def _quick_words(text: str) -> list[str]:
    """The segment's words, case-folded, as plain strings (no offsets: cheap)."""
    return _WORD.findall(text.casefold().replace("’", "'"))


def _worth_a_look(
    text: str,
    quick: list[str],
    before: SegmentSnapshot | None,
    previous: list[str] | None,
    screen: _Screen,
    normalized: _Normalized,
) -> bool:
    """Whether a segment may hold a filler or a repeat (most segments hold neither).

    A superset test: a filler's first word, a word equal to the next or the one after it
    (repeats of one or two words), the previous line's last word again (``previous``: the
    quick words of ``before``, the line before of the same speaker), or a drawn-out
    sound ("ummm") that only the full analysis recognises. Set and ``map`` operations and
    C-level regexes: it runs on every segment.

    Guarded words alone (see :class:`_Screen`: "you", "I", "so", very common) are not
    enough when the text is ASCII with no run of three equal characters: then every
    word's normalized form *is* its quick word, so the full analysis can only find a
    filler where ``screen.guard`` finds one in the text, or a repeat of the previous
    line's last word (checked exactly). Other text keeps the plain first-word test.
    """
    if not screen.plain.isdisjoint(quick):
        return True
    # Only a list with a word twice can have a word equal to the next or the one after it.
    if len(set(quick)) < len(quick) and (
        any(map(operator.eq, quick, quick[1:])) or any(map(operator.eq, quick, quick[2:]))
    ):
        return True
    if previous and quick and previous[-1] == quick[0]:
        return True
    if screen.guarded.isdisjoint(quick):
        # A drawn-out sound is a run of three equal word characters: the faster search
        # for the latter rules most text out.
        return _TRIPLE.search(text) is not None and _DRAWN_OUT.search(text) is not None
    if screen.guard is None or not text.isascii() or _TRIPLE.search(text) is not None:
        return True
    if screen.guard.search(text) is not None:
        return True
    if before is None or not previous:
        return False  # no line before to repeat
    first = _WORD.search(text)  # not None: quick holds a word
    return first is not None and _line_repeat(
        _Neighbour(before.text, previous), text[: first.start()], normalized[first.group()]
    )


def _neighbour(
    by_index: dict[int, SegmentSnapshot], snapshot: SegmentSnapshot, step: int
) -> SegmentSnapshot | None:
    """The segment right before/after ``snapshot`` if it was given and has the same speaker."""
    other = by_index.get(snapshot.index + step)
    if other is None or other.speaker != snapshot.speaker:
        return None
    return other


def _filler_matches(segment: _Segment, fillers: FillerList) -> list[tuple[int, int, FillerEntry]]:
    """``(first word, end word, entry)`` for every filler phrase, left to right."""
    found: list[tuple[int, int, FillerEntry]] = []
    norms, count, gaps = segment.norms, len(segment.norms), segment.gaps
    firsts = fillers.first_words
    starting_with = fillers.starting_with
    following = 0  # words before this were taken by a match
    # Only words that start some entry can start a match: find them at C speed.
    for i in [k for k, norm in enumerate(norms) if norm in firsts]:
        if i < following:
            continue
        for entry in starting_with(norms[i]):
            j = i + len(entry.words)
            if (
                j <= count
                and tuple(norms[i:j]) == entry.words
                and all(gap.isspace() for gap in gaps[i + 1 : j])
            ):
                found.append((i, j, entry))
                following = j
                break
    return found


def _boundary(
    segment: _Segment, left: int, right: int, flagged: set[int], neighbour: int, alone: bool
) -> str:
    """What separates the phrase from word ``neighbour`` across ``gap(left, right)``.

    ``alone`` says the phrase is the whole segment.
    """
    if segment.gap(left, right).strip():
        return PUNCT
    if neighbour < 0 or neighbour >= len(segment.words):
        # Raw ASR lines are caption-length pieces of a sentence: their edges are no
        # evidence of a pause. Only a line that is the filler alone sets it off.
        return EDGE if segment.punctuated or alone else WORD
    return HESITATION if neighbour in flagged else WORD


def _context(
    segment: _Segment,
    previous: _Neighbour | None,
    following: _Neighbour | None,
    i: int,
    j: int,
    flagged: set[int],
) -> Context:
    """Neighbouring words of words ``i..j-1``, reaching into the next/previous line."""
    before = list(previous.words[-2:]) if previous else []
    before += segment.norms[max(0, i - 2) : i]
    alone = i == 0 and j == len(segment.words)
    after = list(segment.norms[j : j + 2]) + (list(following.words[:2]) if following else [])
    return Context(
        prev2=before[-2] if len(before) >= 2 else None,
        prev=before[-1] if before else None,
        next=after[0] if after else None,
        next2=after[1] if len(after) >= 2 else None,
        left=_boundary(segment, i - 1, i, flagged, i - 1, alone),
        right=_boundary(segment, j - 1, j, flagged, j, alone),
    )


def _discourse_confidence(
    entry: FillerEntry, context: Context, heuristics: dict[str, english.Heuristic]
) -> float | None:
    """How sure we are that a discourse filler is a filler here (``None``: it is not)."""
    bounded = (PUNCT, HESITATION, EDGE)
    if context.left in bounded and context.right in bounded:
        return entry.confidence  # set off on both sides: "it was, like, huge"
    heuristic = heuristics.get(" ".join(entry.words))
    if heuristic is not None:
        return heuristic(context)
    if context.left == HESITATION:
        return entry.confidence * AFTER_HESITATION_FACTOR
    return None


# ---------------------------------------------------------------------- repeats


def _repeatable(word: str, run: _Run) -> bool:
    """Whether a doubled ``word`` (normalized) may be a stutter at all."""
    return not (any(ch.isdigit() for ch in word) or word in run.not_stutters)


def _run_end(segment: _Segment, i: int) -> int:
    """End (exclusive) of the run of words equal to word ``i`` joined by repeat gaps."""
    norms, gaps = segment.norms, segment.gaps
    j = i + 1
    while j < len(norms) and norms[j] == norms[i] and _REPEAT_GAP.fullmatch(gaps[j]):
        j += 1
    return j


def _at_end(segment: _Segment, last: int) -> bool:
    """Whether word ``last`` ends its sentence or the segment."""
    return last == len(segment.words) - 1 or bool(_TERMINAL.match(segment.gap(last, last + 1)))


def _repeat_confidence(word: str, base: float, segment: _Segment, last: int, fillers: FillerList) -> float:
    confidence = GRAMMATICAL_REPEAT_CONFIDENCE if word in fillers.doubles_grammatical else base
    return confidence * REPEAT_AT_END_FACTOR if _at_end(segment, last) else confidence


def _line_repeat(previous: _Neighbour | None, lead: str, first: str) -> bool:
    """Whether a segment starts with the word that ended ``previous`` in mid-sentence.

    ``lead`` is the text before the segment's first word, ``first`` that word normalized.
    The previous line must end in that word with no punctuation after it, this one start
    with it, and the word must not be a capitalised name: "brought to you by Acme / Acme
    makes ..." usually starts a new sentence, which raw ASR does not mark.
    """
    if previous is None or not previous.words or lead.strip():
        return False
    ending = previous.text.rstrip()
    # Cheap tests first (this runs on many lines): the line must end in a letter or digit,
    # and that character case-folded ends the normalized last word (casefold() works
    # character by character and normalize() keeps a word's last character).
    if not ending[-1:].isalnum() or ending[-1].casefold()[-1] != first[-1]:
        return False
    last = _WORD.findall(ending[-60:])
    if not last or not ending.endswith(last[-1]) or normalize(last[-1]) != first:
        return False
    return not (last[-1][:1].isupper() and last[-1] != "I")


def _repeats(segment: _Segment, previous: _Neighbour | None, fillers: FillerList, run: _Run) -> list[_Candidate]:
    """Repeated words and two-word phrases, and a repeat of the previous line's last word."""
    norms, words, starts, ends = segment.norms, segment.words, segment.starts, segment.ends
    found: list[_Candidate] = []
    i = 0
    if words and _line_repeat(previous, segment.gaps[0], norms[0]):
        j = _run_end(segment, 0)
        if _repeatable(norms[0], run):
            start, end = leading_repeat_span(segment.text, starts[0], ends[j - 1])
            confidence = _repeat_confidence(norms[0], CROSS_LINE_REPEAT_CONFIDENCE, segment, j - 1, fillers)
            found.append(_Candidate(start, end, f'Repeated word "{words[0]}"', confidence))
        i = j
    if not any(map(operator.eq, norms, norms[1:])) and not any(map(operator.eq, norms, norms[2:])):
        return found  # no word equals the next or the one after it: no run, no phrase said twice
    while i < len(norms):
        j = _run_end(segment, i)
        if j - i >= 2 and _repeatable(norms[i], run):
            confidence = _repeat_confidence(norms[i], REPEAT_CONFIDENCE, segment, j - 1, fillers)
            found.append(_Candidate(ends[i], ends[j - 1], f'Repeated word "{words[i + 1]}"', confidence))
        elif j - i == 1:
            phrase = _phrase_repeat(segment, i, run)
            if phrase is not None:
                found.append(phrase)
        i = j
    return found


def _phrase_repeat(segment: _Segment, i: int, run: _Run) -> _Candidate | None:
    """A two-word phrase said twice at word ``i`` ("in the in the"), if there is one."""
    norms, gaps = segment.norms, segment.gaps
    if i + 3 >= len(norms) or norms[i : i + 2] != norms[i + 2 : i + 4] or norms[i] == norms[i + 1]:
        return None
    if not (gaps[i + 1].isspace() and gaps[i + 3].isspace()):
        return None
    if not _REPEAT_GAP.fullmatch(gaps[i + 2]):
        return None
    pair = norms[i : i + 2]
    if not all(_repeatable(w, run) for w in pair) or " ".join(pair) in run.accepted:
        return None
    said = segment.text[segment.starts[i + 2] : segment.ends[i + 3]]
    confidence = PHRASE_REPEAT_CONFIDENCE * (REPEAT_AT_END_FACTOR if _at_end(segment, i + 3) else 1.0)
    return _Candidate(segment.ends[i + 1], segment.ends[i + 3], f'Repeated words "{said}"', confidence)


# ---------------------------------------------------------------------- output


def _resolve(
    fillers: list[_Candidate], repeats: list[_Candidate]
) -> tuple[list[_Candidate], list[_Candidate]]:
    """Fillers and repeats that do not overlap, the more confident winning ("so, so").

    Done on the words (before filler spans take in spaces), so the spans worked out
    afterwards know exactly which fillers go.
    """
    kept: list[tuple[_Candidate, bool]] = []
    ranked = sorted(
        [(c, True) for c in fillers] + [(c, False) for c in repeats], key=lambda item: -item[0].confidence
    )
    for candidate, is_filler in ranked:
        if all(candidate.end <= other.start or candidate.start >= other.end for other, _ in kept):
            kept.append((candidate, is_filler))
    kept.sort(key=lambda item: item[0].start)
    return [c for c, f in kept if f], [c for c, f in kept if not f]


def _suggestions(segment: _Segment, candidates: list[_Candidate], run: _Run) -> list[Suggestion]:
    """The candidates as suggestions in text order (memory of earlier fixes first)."""
    if not candidates:
        return []
    memory = run.memory
    result = []
    last_end = 0
    for c in sorted(candidates, key=lambda c: c.start):
        if c.start >= c.end or c.start < last_end:
            continue  # never two suggestions over the same text
        last_end = c.end
        text = segment.text[c.start : c.end]
        remembered = memory.get(text, memory.get(text.casefold()))
        replacements = (remembered,) if remembered and remembered.strip() else ()
        result.append(
            Suggestion(
                segment.snapshot.id, c.start, c.end, FILLER, c.message, replacements, round(c.confidence, 3)
            )
        )
    return result
