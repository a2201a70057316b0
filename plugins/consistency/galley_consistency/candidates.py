"""Finding the mentions that might be names or terms: anchors, runs, parts and windows.

The scanner walks each segment once and records *occurrences* of candidate forms:

* **anchors** - single entity-like words: capitalised words not at a sentence start,
  CamelCase, all-capitals, words with digits, and words the lexicon does not know. A
  capitalised lexicon word at a sentence start (or a line start: ASR text often has no
  punctuation, so a line start is a weak sentence start) counts only when it is rare.
* **runs** - two or three capitalised entity-like words in a row ("Siobhan Nguyen",
  "Cooper Netties"), optionally followed by a number ("Python three"). Each word of a
  run is also recorded as a **part** (an anchor that belongs to the run).
* **letter runs** - spaced capitals "G P U" (how recognisers spell acronyms out).
* **windows** - one to three lowercase words around a rare word ("cube con", "pie
  torch"); they become occurrences only if they match a name or a glossary term, which
  :mod:`.tool` decides. Ordinary frequent lowercase words are never candidates.

A segment written all in capitals or in Title Case tells nothing by its capitals; there
only non-words count as anchors.

Everything about a word that does not depend on where it stands is computed once per
distinct word (:class:`WordFacts`): ASR repeats itself, so a one-hour transcript has a
few thousand distinct words for its ~13,000 tokens.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain

from editor.plugin_api import WORD_PATTERN

from .text import ACRONYM, ARTEFACT, CAMEL, NUMBER_WORDS, skeleton, token_shape

# The API's word pattern, used directly: the scanner needs only spans, not Token values.
WORD = WORD_PATTERN
_SENTENCE_END = re.compile(r"[.!?]")
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")

# Zipf frequencies (log10 per billion words): ~7.7 "the", ~5 "win", ~4 "flow", ~3 "cube".
COMMON = 4.0  # at or above: an everyday word; below: a rare word worth a look
STOPWORD = 5.0  # at or above: a function word that never starts or ends a name
RARE_AT_START = 3.0  # a capitalised word this rare at a sentence start is probably a name
MAX_RUN = 3
MAX_LETTERS = 6
MAX_WINDOW = 3
# Titles before a name are not part of it.
HONORIFICS = frozenset(["dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame", "st"])
MIN_WINDOW_LETTERS = 5  # shorter windows and names are not compared ("if a" is no name in pieces)
_UNSEEN = object()

ANCHOR, PART, RUN, LETTERS, WINDOW = range(5)

WordInfo = Callable[[str], tuple[bool, float]]


@dataclass(slots=True)
class Occurrence:
    """One mention of a form in one segment (``start``/``end`` index the segment text)."""

    segment: int
    start: int
    end: int
    form: str  # "" once dropped (inside a matched window)
    kind: int
    first_token: int
    last_token: int
    sentence_start: bool = False
    url: bool = False  # followed by a spoken "dot": part of an address, case is free there
    suffix: str = ""  # appended to the replacement ("'s" for "pie torches" -> "PyTorch's")
    run: int = -1  # for a PART: index of its RUN occurrence


@dataclass(frozen=True, slots=True)
class WindowShape:
    """What a lowercase word sequence looks like, wherever it stands (cached per text)."""

    form: str
    skel: str
    stripped: str  # skeleton without a plural/possessive ending ("pietorch" for "pie torches")
    fuzzy: bool  # compared by similarity (several words), or only by exact skeleton
    words: tuple[str, ...]  # folded words, to refuse a match with one of its own words


@dataclass(slots=True)
class Window:
    """A lowercase word window that may be a split rendering of a name ("cube con")."""

    segment: int
    start: int
    end: int
    first_token: int
    last_token: int
    shape: WindowShape


@dataclass(frozen=True, slots=True)
class WordFacts:
    """Everything about one distinct word that does not depend on its position."""

    text: str  # the word without a possessive "'s" or an acronym plural "s"
    cut: int  # characters cut from the end
    fold: str
    known: bool  # a lexicon word or a number
    zipf: float
    cap: bool
    number: bool
    word: bool  # letters only (inner ' and - allowed): may take part in a window
    lower: bool  # no capital letters
    rare: bool  # a word rare enough to start looking for a name heard in pieces around it
    skel: str  # the word's skeleton (see text.skeleton)
    stop: bool  # a function word: never the first or last word of a window
    content: str | None  # folded, when worth comparing contexts on
    capital_letter: bool  # a single capital letter ("G" of "G P U")
    everyday: bool  # an everyday lexicon word (not "I"), for telling Title Case lines
    everyday_cap: bool  # such a word written with a capital
    entity_mid: bool  # entity-like inside a sentence
    entity_start: bool  # entity-like at a sentence start
    entity_caseless: bool  # entity-like where capitals say nothing
    interesting: bool  # worth a look one by one (entity-like, rare lowercase, single capital)


class Scanner:
    """Collects occurrences and windows from segments (one scanner per check).

    Segments are scanned in chunks (:meth:`scan`), each joined into one text so that the
    regular expression and the per-word look-ups run over many segments at once; words
    are kept in flat lists indexed by a document-wide word number, and only the few
    interesting words (entity-like, rare, single capitals) are visited one by one.

    ``word_facts`` is a cache of :class:`WordFacts` by word that the caller may keep
    between checks (it depends only on the lexicon). ``single_word_targets`` holds the
    skeletons a single lowercase word may match exactly (single-word glossary terms).
    """

    def __init__(self, word_info: WordInfo, word_facts: dict[str, WordFacts],
                 single_word_targets: Container[str] = ()) -> None:
        self._info = word_info
        self._cache = word_facts
        self._single_targets = single_word_targets
        self._window_shapes: dict[tuple[str, ...], WindowShape | None] = {}
        self._exact_shapes: dict[tuple[str, ...], WindowShape | None] = {}
        self.occurrences: list[Occurrence] = []
        # Lowercase windows as (first word, last word, shape): most never match a name, so
        # their Window (with offsets) is made only for those that do (see window()).
        self.window_spots: list[tuple[int, int, WindowShape]] = []
        # Per word of the document:
        self.facts: list[WordFacts] = []
        self.texts: list[str] = []  # the words without possessive/plural endings
        self.segment_of: list[int] = []
        # Where each word starts and ends in its chunk's joined text (word i: items 2i and
        # 2i + 1), and where each segment starts in its chunk: see span().
        self._bounds: list[int] = []
        self._segment_starts: dict[int, int] = {}
        self.starts: list[bool] = []  # a sentence (or segment) starts here
        self.joined: list[bool] = []  # only spaces between it and the previous word of its segment

    def scan(self, first_segment: int, texts: Sequence[str]) -> None:
        """Record the candidates of consecutive segments ``first_segment``, ``first_segment + 1``..."""
        # Line breaks inside a segment become spaces (same length), so that one between
        # two words always means a new segment.
        text = "\n".join(t.replace("\n", " ") for t in texts)
        # The words and the text around them (pieces[i] comes before word i), found by the
        # regex engine; offsets are added up only by C loops (accumulate over lengths).
        self._segment_starts.update(
            zip(range(first_segment, first_segment + len(texts)), accumulate([len(t) + 1 for t in texts], initial=0))
        )
        words = WORD.findall(text)
        if not words:
            return
        pieces = WORD.split(text)
        gaps = pieces[1:-1]
        cache = self._cache
        facts = [cache.get(w) or self._remember(w) for w in words]
        first_word = len(self.facts)
        segments = list(accumulate([g.count("\n") for g in gaps], initial=first_segment + pieces[0].count("\n")))
        self._bounds += accumulate(chain.from_iterable(zip(map(len, pieces), map(len, words))))
        self.facts += facts
        self.texts += [f.text for f in facts]
        self.segment_of += segments
        self.joined += [False] + [g == " " or (g.isspace() and "\n" not in g) for g in gaps]
        self.starts += [True] + [g != " " and ("\n" in g or _SENTENCE_END.search(g) is not None) for g in gaps]
        interesting = [first_word + i for i, f in enumerate(facts) if f.interesting]
        caseless = self._caseless_segments(first_word, facts)
        self._anchors_and_runs(interesting, caseless)
        self._letter_runs([i for i in interesting if self.facts[i].capital_letter])
        self._windows([i for i in interesting if self.facts[i].rare and self.facts[i].lower])

    def span(self, i: int) -> tuple[int, int]:
        """Where word ``i`` is in its segment, without a possessive/plural ending."""
        offset = self._segment_starts[self.segment_of[i]]
        return self._bounds[2 * i] - offset, self._bounds[2 * i + 1] - self.facts[i].cut - offset

    def _remember(self, word: str) -> WordFacts:
        fact = self._cache[word] = self._word_facts(word)
        return fact

    # -- words

    def _word_facts(self, word: str) -> WordFacts:
        cut = 0
        if len(word) > 3 and word[-2] in "'’" and word[-1] in "sS":
            cut = 2  # possessive: "Nguyen's" is checked as "Nguyen"
        elif _ACRONYM_PLURAL.fullmatch(word):
            cut = 1  # acronym plural: "GPUs" is "GPU"
        text = word[: len(word) - cut]
        fold = text.casefold()
        number = fold.isdigit() or fold in NUMBER_WORDS
        known, zipf = self._info(fold)
        known = known or number
        cap = text[:1].isupper()
        alphabetic = text.replace("-", "").replace("'", "").replace("’", "").isalpha()
        stop = known and zipf >= STOPWORD and not number
        mid, start, caseless = _entity_like(text, known, zipf, cap, number)
        everyday = known and zipf >= COMMON and not number and not (text == "I" or text.startswith(("I'", "I’")))
        if fold in HONORIFICS:
            mid = start = caseless = False  # "Dr Ingrid Søndergaard" is the name "Ingrid Søndergaard"
        rare = alphabetic and len(text) > 1 and zipf < COMMON
        capital_letter = len(text) == 1 and text.isalpha() and cap
        return WordFacts(
            text=text, cut=cut, fold=fold, known=known, zipf=zipf, cap=cap, number=number,
            word=alphabetic, lower=text == fold, rare=rare, skel=skeleton(text), stop=stop,
            content=fold if text[:1].isalpha() and not number and not stop else None,
            capital_letter=capital_letter, everyday_cap=everyday and cap, everyday=everyday,
            entity_mid=mid, entity_start=start, entity_caseless=caseless,
            interesting=mid or start or caseless or capital_letter or (rare and text == fold))

    def _caseless_segments(self, first_word: int, facts: list[WordFacts]) -> set[int]:
        """Segments of this chunk in all capitals or Title Case: their capitals say nothing.

        Told by everyday words written with a capital inside a sentence ("We Ran The Job",
        "WE RAN THE JOB"): names are rarely everyday words, so two or more of them, making
        up at least a third of the segment's everyday words, mean the capitals are
        decoration.
        """
        capitals = Counter(self.segment_of[first_word + i] for i, f in enumerate(facts)
                           if f.everyday_cap and not self.starts[first_word + i])
        suspects = {segment for segment, count in capitals.items() if count >= 2}
        if not suspects:
            return set()
        everyday: Counter[int] = Counter()
        for i in range(first_word, len(self.facts)):
            segment = self.segment_of[i]
            if segment in suspects and self.facts[i].everyday and not self.starts[i]:
                everyday[segment] += 1
        return {segment for segment in suspects if capitals[segment] * 3 >= everyday[segment]}

    # -- anchors, parts and runs

    def _entity(self, i: int, caseless: set[int]) -> bool:
        fact = self.facts[i]
        if self.segment_of[i] in caseless:
            return fact.entity_caseless
        return fact.entity_start if self.starts[i] else fact.entity_mid

    def _anchors_and_runs(self, interesting: list[int], caseless: set[int]) -> None:
        facts, joined, count = self.facts, self.joined, len(self.facts)
        next_free = 0
        for i in interesting:
            if i < next_free or not self._entity(i, caseless):
                continue
            if not facts[i].cap or self.segment_of[i] in caseless:
                self._add(i, i, ANCHOR)
                continue
            j = i  # extend over capitalised entity-like words; a possessive ends the run
            while (j + 1 < count and not facts[j].cut and joined[j + 1] and facts[j + 1].cap
                   and self._entity(j + 1, caseless)):
                j += 1
            last = j
            if j + 1 < count and j - i + 1 < MAX_RUN and not facts[j].cut and joined[j + 1] and facts[j + 1].number:
                last = j + 1  # "Python three", "Windows 11"
            if last == i or last - i + 1 > MAX_RUN:
                for k in range(i, j + 1):
                    self._add(k, k, ANCHOR)
            else:
                run = self._add(i, last, RUN)
                for k in range(i, j + 1):
                    self._add(k, k, PART, run=run)
            next_free = last + 1

    def _add(self, first: int, last: int, kind: int, run: int = -1) -> int:
        facts = self.facts
        form = facts[first].text if first == last else " ".join(f.text for f in facts[first:last + 1])
        url = last + 1 < len(facts) and facts[last + 1].fold == "dot" and self.joined[last + 1]
        self.occurrences.append(Occurrence(
            segment=self.segment_of[first], start=self.span(first)[0], end=self.span(last)[1], form=form,
            kind=kind, first_token=first, last_token=last, sentence_start=self.starts[first], url=url, run=run))
        return len(self.occurrences) - 1

    def _letter_runs(self, capitals: list[int]) -> None:
        facts, next_free = self.facts, 0
        for i in capitals:
            if i < next_free:
                continue
            j = i + 1
            while j < len(facts) and facts[j].capital_letter and self.joined[j]:
                j += 1
            if 2 <= j - i <= MAX_LETTERS and any(f.text not in ("I", "A") for f in facts[i:j]):
                self._add(i, j - 1, LETTERS)
            next_free = j

    # -- windows

    def _windows(self, rare: list[int]) -> None:
        """Windows of two or three words around each rare lowercase word (and single
        hyphenated or glossary-shaped words), to be compared with names by spelling and
        sound. Exact splits of names around common words are found by :meth:`split_windows`."""
        facts, texts, joined, count = self.facts, self.texts, self.joined, len(self.facts)
        shapes = self._window_shapes
        seen: set[tuple[int, int]] = set()
        for i in rare:
            fact = facts[i]
            if "-" in fact.text or (fact.known and fact.fold in self._single_targets):
                self._single_window(i)  # "cube-con"; "pytorch" for a glossary's "PyTorch"
            for first, last in ((i - 2, i), (i - 1, i), (i - 1, i + 1), (i, i + 1), (i, i + 2)):
                if first < 0 or last >= count or not joined[first + 1] or (last > first + 1 and not joined[last]):
                    continue
                if (first, last) in seen:
                    continue
                seen.add((first, last))
                key = tuple(texts[first:last + 1])
                shape = shapes.get(key, _UNSEEN)
                if shape is _UNSEEN:
                    span = facts[first:last + 1]
                    shape = shapes[key] = _make_window_shape(span) if _windowable(span) else None
                if shape is not None:
                    self.window_spots.append((first, last, shape))  # type: ignore[arg-type]

    def _single_window(self, i: int) -> None:
        fact = self.facts[i]
        shape = WindowShape(fact.text, fact.skel, "", "-" in fact.text, (fact.skel,))
        self.window_spots.append((i, i, shape))

    def split_windows(self, targets: Container[str], prefixes: Container[str]) -> list[Window]:
        """Windows whose joined words spell exactly one of ``targets`` ("steel yard" for
        "Steelyard", "salt fold" for "Saltfold"), whatever the words: an exact split of a
        known name needs no rare word and may start with a function word ("go chew jang")."""
        found: list[Window] = []
        facts, joined, count = self.facts, self.joined, len(self.facts)
        for first, fact in enumerate(facts):
            joint = fact.skel
            if not fact.word or joint not in prefixes:
                continue
            for last in range(first + 1, min(count, first + MAX_WINDOW)):
                tail = facts[last]
                if not joined[last] or not (tail.word or tail.number) or facts[last - 1].cut:
                    break
                joint += tail.skel
                if joint in targets and not tail.cut:
                    shape = self._window_shape(first, last, exact=True)
                    # All capitals: a run already.
                    if shape is not None and not all(f.cap for f in facts[first:last + 1]):
                        found.append(self._make_window(first, last, shape))
                    break
                if joint not in prefixes:
                    break
        return found

    def window(self, first: int, last: int, shape: WindowShape) -> Window:
        """The window of words ``first``..``last`` (an item of :attr:`window_spots`)."""
        return self._make_window(first, last, shape)

    def _make_window(self, first: int, last: int, shape: WindowShape) -> Window:
        return Window(self.segment_of[first], self.span(first)[0], self.span(last)[1], first, last, shape)

    def _window_shape(self, first: int, last: int, exact: bool = False) -> WindowShape | None:
        span = self.facts[first:last + 1]
        key = tuple(f.text for f in span)
        shapes = self._exact_shapes if exact else self._window_shapes
        shape = shapes.get(key, _UNSEEN)
        if shape is _UNSEEN:
            shape = shapes[key] = _make_window_shape(span, exact)
        return shape  # type: ignore[return-value]


def _windowable(span: list[WordFacts]) -> bool:
    """Two or three words (joined: checked by the caller), at least one in lowercase (all
    capitals make a run), no possessive. Neither end may be a function word, unless the
    window holds a lowercase non-word: "So cheel", "done jang" are names heard as a function
    word and a non-word, while "of cooper" is just a word before a name."""
    has_lower = has_non_word = False
    for fact in span:
        if not (fact.word or fact.number) or fact.cut:
            return False
        has_lower = has_lower or fact.lower
        has_non_word = has_non_word or (fact.lower and not fact.known)
    if (span[0].stop or span[-1].stop) and not has_non_word:
        return False
    return has_lower


def _make_window_shape(span: list[WordFacts], exact: bool = False) -> WindowShape | None:
    form = " ".join(f.text for f in span)
    skel = "".join(f.skel for f in span)
    if len(span) == 1:
        return WindowShape(form, skel, "", "-" in form, (skel,))
    if len(skel) < MIN_WINDOW_LETTERS and not exact:
        return None
    stripped = ""
    tail = span[-1]
    if tail.text.isalpha() and tail.lower and len(tail.text) >= 5:
        if tail.fold.endswith("es"):
            stripped = skel[:-2]
        elif tail.fold.endswith("s") and not tail.fold.endswith("ss"):
            stripped = skel[:-1]
    return WindowShape(form, skel, stripped, True, tuple(f.skel for f in span))


# -------------------------------------------------------------------------- word rules


def _entity_like(text: str, known: bool, zipf: float, cap: bool, number: bool) -> tuple[bool, bool, bool]:
    """Whether a word looks like (part of) a name: inside a sentence, at its start, and in
    a segment whose capitals say nothing. See the module docstring."""
    if len(text) < 2 or number:
        return False, False, False
    if text[0] == "I" and (len(text) == 1 or text[1] in "'’"):
        return False, False, False  # "I", "I'm", "I've"
    if any(ch.isdigit() for ch in text):
        has_letters = any(ch.isalpha() for ch in text)  # "BUILDLOG20", "python3"
        return has_letters, has_letters, has_letters
    caseless = not known
    if cap:
        if token_shape(text) in (CAMEL, ACRONYM, ARTEFACT):
            return True, True, caseless
        return True, not known or zipf < RARE_AT_START, caseless
    if token_shape(text) == CAMEL:
        return True, True, caseless  # "iPhone", "eBay"
    lowercase_non_word = not known and len(text) >= 3
    return lowercase_non_word, lowercase_non_word, caseless
