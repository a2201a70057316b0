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
from pathlib import Path

from editor.plugin_api import FILLER, SegmentSnapshot, Suggestion, Token, ToolContext, words
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
# The plugin API's word pattern (editor.plugin_api.words), for the quick pre-screen.
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_DRAWN_OUT = re.compile(r"([^\W\d_])\1\1")
_PUNCTUATION = frozenset(".,;:!?…")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


@dataclass(frozen=True, slots=True)
class _Segment:
    """A segment's text with its tokens and their normalized forms."""

    snapshot: SegmentSnapshot
    tokens: tuple[Token, ...]
    norms: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.snapshot.text

    @property
    def punctuated(self) -> bool:
        """Whether the text has any punctuation (raw ASR lines often have none)."""
        return any(ch in _PUNCTUATION for ch in self.snapshot.text)

    def gap(self, left: int, right: int) -> str:
        """Text between token ``left`` and token ``right`` (``-1``/``len`` for the edges)."""
        start = self.tokens[left].end if left >= 0 else 0
        end = self.tokens[right].start if right < len(self.tokens) else len(self.text)
        return self.text[start:end]


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


def _analyse(snapshot: SegmentSnapshot, normalized: dict[str, str]) -> _Segment:
    """The segment's tokens and their normalized forms (``normalized`` caches words seen)."""
    tokens = tuple(words(snapshot.text))
    norms = []
    for token in tokens:
        norm = normalized.get(token.text)
        if norm is None:
            norm = normalized[token.text] = normalize(token.text)
        norms.append(norm)
    return _Segment(snapshot, tokens, tuple(norms))


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
        run = _Run(
            ctx.accepted_words,
            bool(ctx.settings.get("discourse", True)),
            bool(ctx.settings.get("stutters", True)),
            ctx.replacement_memory,
        )
        by_index = {s.index: s for s in segments}
        quick = {s.id: _quick_words(s.text) for s in segments}
        firsts = fillers.first_words
        normalized: dict[str, str] = {}
        found: list[Suggestion] = []
        total = len(segments)
        for n, snapshot in enumerate(segments):
            if n % PROGRESS_EVERY == 0:
                ctx.check_cancelled()
                ctx.progress(n, total)
            before = _neighbour(by_index, snapshot, -1)
            if not _worth_a_look(snapshot.text, quick[snapshot.id], quick[before.id] if before else None, firsts):
                continue
            after = _neighbour(by_index, snapshot, +1)
            previous = _Neighbour(before.text, quick[before.id]) if before else None
            following = _Neighbour(after.text, quick[after.id]) if after else None
            segment = _analyse(snapshot, normalized)
            fillers_found = _fillers(segment, previous, following, fillers, heuristics, min_confidence, run)
            repeats = _repeats(segment, previous, fillers, run) if run.stutters else []
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
        start, end = segment.tokens[i].start, segment.tokens[j - 1].end
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
    """Whether tokens ``i..j-1`` are in capitals in text that is not: "the ER", "UM campus"."""
    shouting = segment.text.isupper()
    return not shouting and any(len(t.text) > 1 and t.text.isupper() for t in segment.tokens[i:j])


def _quick_words(text: str) -> list[str]:
    """The segment's words, case-folded, as plain strings (no offsets: cheap)."""
    return _WORD.findall(text.casefold().replace("’", "'"))


def _worth_a_look(text: str, quick: list[str], previous: list[str] | None, firsts: frozenset[str]) -> bool:
    """Whether a segment may hold a filler or a repeat (most segments hold neither).

    A superset test: a filler's first word, a word equal to the next or the one after it
    (repeats of one or two words), the previous line's last word again (``previous``: the
    previous line's quick words), or a drawn-out sound ("ummm") that only the full analysis
    recognises. Set and ``map`` operations: it runs on every segment.
    """
    if not firsts.isdisjoint(quick):
        return True
    if any(map(operator.eq, quick, quick[1:])) or any(map(operator.eq, quick, quick[2:])):
        return True
    if previous and quick and previous[-1] == quick[0]:
        return True
    return _DRAWN_OUT.search(text) is not None


def _neighbour(
    by_index: dict[int, SegmentSnapshot], snapshot: SegmentSnapshot, step: int
) -> SegmentSnapshot | None:
    """The segment right before/after ``snapshot`` if it was given and has the same speaker."""
    other = by_index.get(snapshot.index + step)
    if other is None or other.speaker != snapshot.speaker:
        return None
    return other


def _filler_matches(segment: _Segment, fillers: FillerList) -> list[tuple[int, int, FillerEntry]]:
    """``(first token, end token, entry)`` for every filler phrase, left to right."""
    found: list[tuple[int, int, FillerEntry]] = []
    norms, count = segment.norms, len(segment.norms)
    starting_with = fillers.starting_with
    i = 0
    while i < count:
        for entry in starting_with(norms[i]):
            j = i + len(entry.words)
            if (
                j <= count
                and norms[i:j] == entry.words
                and all(segment.gap(k, k + 1).isspace() for k in range(i, j - 1))
            ):
                found.append((i, j, entry))
                i = j
                break
        else:
            i += 1
    return found


def _boundary(
    segment: _Segment, left: int, right: int, flagged: set[int], neighbour: int, alone: bool
) -> str:
    """What separates the phrase from token ``neighbour`` across ``gap(left, right)``.

    ``alone`` says the phrase is the whole segment.
    """
    if segment.gap(left, right).strip():
        return PUNCT
    if neighbour < 0 or neighbour >= len(segment.tokens):
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
    """Neighbouring words of tokens ``i..j-1``, reaching into the next/previous line."""
    before = list(previous.words[-2:]) if previous else []
    before += segment.norms[max(0, i - 2) : i]
    alone = i == 0 and j == len(segment.tokens)
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


def _repeatable(word: str, fillers: FillerList, accepted: frozenset[str]) -> bool:
    """Whether a doubled ``word`` (normalized) may be a stutter at all."""
    return not (
        any(ch.isdigit() for ch in word)
        or word in fillers.hesitations
        or word in fillers.doubles_allowed
        or word in accepted
    )


def _run_end(segment: _Segment, i: int) -> int:
    """End (exclusive) of the run of tokens equal to token ``i`` joined by repeat gaps."""
    j = i + 1
    while (
        j < len(segment.norms)
        and segment.norms[j] == segment.norms[i]
        and _REPEAT_GAP.fullmatch(segment.gap(j - 1, j))
    ):
        j += 1
    return j


def _at_end(segment: _Segment, last: int) -> bool:
    """Whether token ``last`` ends its sentence or the segment."""
    return last == len(segment.tokens) - 1 or bool(_TERMINAL.match(segment.gap(last, last + 1)))


def _repeat_confidence(word: str, base: float, segment: _Segment, last: int, fillers: FillerList) -> float:
    confidence = GRAMMATICAL_REPEAT_CONFIDENCE if word in fillers.doubles_grammatical else base
    return confidence * REPEAT_AT_END_FACTOR if _at_end(segment, last) else confidence


def _line_repeat(previous: _Neighbour | None, segment: _Segment) -> bool:
    """Whether ``segment`` starts with the word that ended ``previous`` in mid-sentence.

    The previous line must end in that word with no punctuation after it, this one start
    with it, and the word must not be a capitalised name: "brought to you by Acme / Acme
    makes ..." usually starts a new sentence, which raw ASR does not mark.
    """
    if previous is None or not previous.words or not segment.tokens or segment.gap(-1, 0).strip():
        return False
    ending = previous.text.rstrip()
    last = _WORD.findall(ending[-60:])
    if not last or not ending.endswith(last[-1]) or normalize(last[-1]) != segment.norms[0]:
        return False
    return not (last[-1][:1].isupper() and last[-1] != "I")


def _repeats(segment: _Segment, previous: _Neighbour | None, fillers: FillerList, run: _Run) -> list[_Candidate]:
    """Repeated words and two-word phrases, and a repeat of the previous line's last word."""
    accepted = run.accepted
    norms, tokens = segment.norms, segment.tokens
    found: list[_Candidate] = []
    i = 0
    if _line_repeat(previous, segment):
        j = _run_end(segment, 0)
        if _repeatable(norms[0], fillers, accepted):
            start, end = leading_repeat_span(segment.text, tokens[0].start, tokens[j - 1].end)
            confidence = _repeat_confidence(norms[0], CROSS_LINE_REPEAT_CONFIDENCE, segment, j - 1, fillers)
            found.append(_Candidate(start, end, f'Repeated word "{tokens[0].text}"', confidence))
        i = j
    if not any(map(operator.eq, norms, norms[1:])) and not any(map(operator.eq, norms, norms[2:])):
        return found  # no word equals the next or the one after it: no run, no phrase said twice
    while i < len(norms):
        j = _run_end(segment, i)
        if j - i >= 2 and _repeatable(norms[i], fillers, accepted):
            confidence = _repeat_confidence(norms[i], REPEAT_CONFIDENCE, segment, j - 1, fillers)
            found.append(
                _Candidate(
                    tokens[i].end, tokens[j - 1].end, f'Repeated word "{tokens[i + 1].text}"', confidence
                )
            )
        elif j - i == 1:
            phrase = _phrase_repeat(segment, i, fillers, accepted)
            if phrase is not None:
                found.append(phrase)
        i = j
    return found


def _phrase_repeat(
    segment: _Segment, i: int, fillers: FillerList, accepted: frozenset[str]
) -> _Candidate | None:
    """A two-word phrase said twice at token ``i`` ("in the in the"), if there is one."""
    norms, tokens = segment.norms, segment.tokens
    if i + 3 >= len(norms) or norms[i : i + 2] != norms[i + 2 : i + 4] or norms[i] == norms[i + 1]:
        return None
    if not (segment.gap(i, i + 1).isspace() and segment.gap(i + 2, i + 3).isspace()):
        return None
    if not _REPEAT_GAP.fullmatch(segment.gap(i + 1, i + 2)):
        return None
    pair = norms[i : i + 2]
    if not all(_repeatable(w, fillers, accepted) for w in pair) or " ".join(pair) in accepted:
        return None
    said = segment.text[tokens[i + 2].start : tokens[i + 3].end]
    confidence = PHRASE_REPEAT_CONFIDENCE * (REPEAT_AT_END_FACTOR if _at_end(segment, i + 3) else 1.0)
    return _Candidate(tokens[i + 1].end, tokens[i + 3].end, f'Repeated words "{said}"', confidence)


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
