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
from collections.abc import Callable, Collection, Container, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, count
from operator import add, attrgetter

from editor.plugin_api import WORD_PATTERN

from .text import ACRONYM, ARTEFACT, CAMEL, NUMBER_WORDS, skeleton, token_shape

# The API's word pattern, used directly: the scanner needs only spans, not Token values.
WORD = WORD_PATTERN
# The same pattern as a group, so that split() gives the words and the gaps in one pass.
_WORD_SPLIT = re.compile(f"({WORD_PATTERN.pattern})", WORD_PATTERN.flags)
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


@dataclass(frozen=True, slots=True, eq=False)
class WordFacts:
    """Everything about one distinct word that does not depend on its position.

    One object per distinct word, compared by identity: cheap to hash, so that C loops
    can look whole documents of them up in sets.
    """

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
    window_centre: bool  # rare and lowercase: the windows around it may be a name in pieces
    notable: bool  # interesting or everyday_cap: visited by scan() one by one
    maybe_entity: bool  # entity-like somewhere: inside a sentence, at its start or where capitals say nothing


# Word facts read by C loops (map, compress) over a chunk's words.
_TEXT = attrgetter("text")
_NOTABLE = attrgetter("notable")
_MAYBE_ENTITY = attrgetter("maybe_entity")
_CAPITAL_LETTER = attrgetter("capital_letter")
_WINDOW_CENTRE = attrgetter("window_centre")
_EVERYDAY_CAP = attrgetter("everyday_cap")


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
        self._exact_shapes: dict[tuple[str, ...], WindowShape | None] = {}
        self.occurrences: list[Occurrence] = []
        # Lowercase windows, by their words (the *key*): the shape of each distinct key seen
        # (None: not a window), then every window found, in order, as its key and first
        # word. Most never match a name, so they are matched once per distinct key and a
        # Window (with offsets) is made only for those that do (see windows_of()).
        self._window_shapes: dict[tuple[str, ...], WindowShape | None] = {}
        self._window_keys: list[tuple[str, ...]] = []
        self._window_firsts: list[int] = []
        # How the text between two words separates them, per distinct gap (" ", ", ", ".\n"):
        # line breaks (new segments), only spaces (joined), a sentence start.
        self._gap_lines: dict[str, int] = {}
        self._gap_joined: dict[str, bool] = {}
        self._gap_starts: dict[str, bool] = {}
        # Per word of the document:
        self.facts: list[WordFacts] = []
        self.segment_of: list[int] = []
        # Where each word starts and ends in its chunk's joined text (word i: items 2i and
        # 2i + 1), and where each segment starts in its chunk: see _place().
        self._bounds: list[int] = []
        self._segment_starts: dict[int, int] = {}
        self.starts: list[bool] = []  # a sentence (or segment) starts here
        self.joined: list[bool] = []  # only spaces between it and the previous word of its segment

    def scan(self, first_segment: int, texts: Sequence[str]) -> None:
        """Record the candidates of consecutive segments ``first_segment``, ``first_segment + 1``..."""
        # Line breaks inside a segment become spaces (same length), so that one between
        # two words always means a new segment.
        text = "\n".join(texts)
        if text.count("\n") != len(texts) - 1:
            text = "\n".join(t.replace("\n", " ") for t in texts)
        # Segment k of the chunk starts after the k segments and line breaks before it.
        starts = map(add, accumulate(map(len, texts), initial=0), count())
        self._segment_starts.update(zip(range(first_segment, first_segment + len(texts)), starts))
        # One regex pass splits the text into [gap, word, gap, word, ..., gap]; everything
        # per word below is done by C loops (map, compress, accumulate) over these lists.
        parts = _WORD_SPLIT.split(text)
        if len(parts) == 1:
            return  # no words
        parts.pop()  # the text after the last word
        words = parts[1::2]
        gaps = parts[2::2]  # gaps[k] comes between words k and k + 1
        facts = self._facts_of(words)
        first_word = len(self.facts)
        self._classify_gaps(gaps)
        self._bounds += accumulate(map(len, parts))
        self.facts += facts
        self.segment_of += accumulate(map(self._gap_lines.__getitem__, gaps),
                                      initial=first_segment + parts[0].count("\n"))
        self.joined.append(False)
        self.joined += map(self._gap_joined.__getitem__, gaps)
        self.starts.append(True)
        self.starts += map(self._gap_starts.__getitem__, gaps)
        # One pass over the chunk finds the few notable words; their kinds are sorted out
        # among those only.
        is_notable = list(map(_NOTABLE, facts))
        notable = list(compress(range(first_word, first_word + len(facts)), is_notable))
        notable_facts = list(compress(facts, is_notable))
        caseless = self._caseless_segments(list(compress(notable, map(_EVERYDAY_CAP, notable_facts))), first_word)
        self._anchors_and_runs(list(compress(notable, map(_MAYBE_ENTITY, notable_facts))), caseless)
        self._letter_runs(list(compress(notable, map(_CAPITAL_LETTER, notable_facts))))
        self._windows(list(compress(notable, map(_WINDOW_CENTRE, notable_facts))))

    def _facts_of(self, words: list[str]) -> list[WordFacts]:
        """The facts of each word, computing those of words never seen before."""
        cache = self._cache
        try:
            return list(map(cache.__getitem__, words))  # mostly: every word seen before
        except KeyError:
            for word in sorted(set(words).difference(cache)):
                cache[word] = self._word_facts(word)
            return list(map(cache.__getitem__, words))

    def _classify_gaps(self, gaps: list[str]) -> None:
        """Make sure every distinct gap between two words is classified (see __init__)."""
        new = set(gaps).difference(self._gap_lines)
        for gap in new:
            self._gap_lines[gap] = gap.count("\n")
            self._gap_joined[gap] = gap == " " or (gap.isspace() and "\n" not in gap)
            self._gap_starts[gap] = gap != " " and ("\n" in gap or _SENTENCE_END.search(gap) is not None)

    def _place(self, first: int, last: int) -> tuple[int, int, int]:
        """The segment of words ``first``..``last`` and where they start and end in it
        (without a possessive/plural ending)."""
        segment = self.segment_of[first]
        offset = self._segment_starts[segment]
        return segment, self._bounds[2 * first] - offset, self._bounds[2 * last + 1] - self.facts[last].cut - offset

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
            interesting=mid or start or caseless or capital_letter or (rare and text == fold),
            window_centre=rare and text == fold,
            notable=mid or start or caseless or capital_letter or (rare and text == fold) or (everyday and cap),
            maybe_entity=mid or start or caseless)

    def _caseless_segments(self, capitals: list[int], first_word: int) -> set[int]:
        """Segments of this chunk in all capitals or Title Case: their capitals say nothing.

        Told by everyday words written with a capital inside a sentence ("We Ran The Job",
        "WE RAN THE JOB"): names are rarely everyday words, so two or more of them, making
        up at least a third of the segment's everyday words, mean the capitals are
        decoration. ``capitals`` are the chunk's everyday words with a capital, which
        starts at word ``first_word``.
        """
        segment_of, starts = self.segment_of, self.starts
        by_segment = Counter(segment_of[i] for i in capitals if not starts[i])
        suspects = {segment for segment, count in by_segment.items() if count >= 2}
        if not suspects:
            return set()
        everyday: Counter[int] = Counter()
        for i in range(first_word, len(self.facts)):
            segment = segment_of[i]
            if segment in suspects and self.facts[i].everyday and not starts[i]:
                everyday[segment] += 1
        return {segment for segment in suspects if by_segment[segment] * 3 >= everyday[segment]}

    # -- anchors, parts and runs

    def _entity(self, i: int, caseless: set[int]) -> bool:
        fact = self.facts[i]
        if caseless and self.segment_of[i] in caseless:
            return fact.entity_caseless
        return fact.entity_start if self.starts[i] else fact.entity_mid

    def _anchors_and_runs(self, candidates: list[int], caseless: set[int]) -> None:
        """Anchors, runs and their parts starting at ``candidates``, the words that may be
        entity-like (whether they are depends on where they stand)."""
        facts, joined, count = self.facts, self.joined, len(self.facts)
        segment_of, starts = self.segment_of, self.starts
        next_free = 0
        for i in candidates:
            if i < next_free:
                continue
            fact = facts[i]  # _entity(i), inlined: this loop visits every candidate
            in_caseless = bool(caseless) and segment_of[i] in caseless
            if in_caseless:
                if not fact.entity_caseless:
                    continue
            elif not (fact.entity_start if starts[i] else fact.entity_mid):
                continue
            if not fact.cap or in_caseless:
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
        form = facts[first].text if first == last else " ".join(map(_TEXT, facts[first:last + 1]))
        following = last + 1
        url = following < len(facts) and self.joined[following] and facts[following].fold == "dot"
        segment, start, end = self._place(first, last)
        self.occurrences.append(Occurrence(segment, start, end, form, kind, first, last, self.starts[first], url,
                                           "", run))
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
        sound. Exact splits of names around common words are found by :meth:`split_windows`.

        Each window is taken once, for the first rare word it holds: it was taken already
        exactly when it also holds the previous rare word. This loop only lists the
        candidate windows; :meth:`_keep_windows` sorts out which are windows at all."""
        facts, joined, count = self.facts, self.joined, len(self.facts)
        single_targets = self._single_targets
        keys: list[tuple[str, ...]] = []
        firsts: list[int] = []
        add_key, add_first = keys.append, firsts.append  # bound once: this loop visits every rare word
        previous = -1  # the previous rare word
        for i in rare:
            fact = facts[i]
            word = fact.text
            if "-" in word or (fact.known and fact.fold in single_targets):
                add_key((word,))  # "cube-con"; "pytorch" for a glossary's "PyTorch"
                add_first(i)
            # Which neighbours are in the same segment with only spaces between (the first
            # word of a chunk is never joined, so no window reaches into another chunk).
            before = joined[i]
            after = i + 1 < count and joined[i + 1]
            following = facts[i + 1].text if after else ""
            if before and i - 1 > previous:
                preceding = facts[i - 1].text
                if joined[i - 1] and i - 2 > previous:
                    add_key((facts[i - 2].text, preceding, word))
                    add_first(i - 2)
                add_key((preceding, word))
                add_first(i - 1)
                if after:
                    add_key((preceding, word, following))
                    add_first(i - 1)
            if after:
                add_key((word, following))
                add_first(i)
                if i + 2 < count and joined[i + 2]:
                    add_key((word, following, facts[i + 2].text))
                    add_first(i)
            previous = i
        if keys:
            self._keep_windows(keys, firsts)

    def _keep_windows(self, keys: list[tuple[str, ...]], firsts: list[int]) -> None:
        """Record the candidate windows (``keys[n]`` starting at word ``firsts[n]``) that are
        windows; a key's shape is decided where it is first seen."""
        shapes = self._window_shapes
        new = set(keys).difference(shapes)
        if new:
            first_of = dict(zip(reversed(keys), reversed(firsts)))  # the first position of each
            for key in new:
                shapes[key] = self._window_shape(key, first_of[key])
        windows = list(map(shapes.__getitem__, keys))  # shapes are true, None false
        self._window_keys += compress(keys, windows)
        self._window_firsts += compress(firsts, windows)

    def _window_shape(self, key: tuple[str, ...], first: int) -> WindowShape | None:
        """The shape of the window of words ``key`` starting at word ``first``, if it is one."""
        fact = self.facts[first]
        if len(key) == 1:
            return WindowShape(fact.text, fact.skel, "", "-" in fact.text, (fact.skel,))
        span = self.facts[first:first + len(key)]
        return _make_window_shape(span) if _windowable(span) else None

    def window_kinds(self) -> dict[tuple[str, ...], WindowShape]:
        """The distinct windows found so far, by their words, in the order first found."""
        shapes = self._window_shapes
        return {key: shapes[key] for key in dict.fromkeys(self._window_keys)}  # type: ignore[misc]

    def windows_of(self, keys: Container[tuple[str, ...]]) -> list[tuple[tuple[str, ...], Window]]:
        """Every window found whose words are one of ``keys``, with its words, in the order found."""
        shapes, firsts = self._window_shapes, self._window_firsts
        found = []
        for spot in compress(count(), map(keys.__contains__, self._window_keys)):
            key, first = self._window_keys[spot], firsts[spot]
            found.append((key, self._make_window(first, first + len(key) - 1, shapes[key])))  # type: ignore[arg-type]
        return found

    def split_windows(self, targets: Collection[str], prefixes: Collection[str]) -> list[Window]:
        """Windows whose joined words spell exactly one of ``targets`` ("steel yard" for
        "Steelyard", "salt fold" for "Saltfold"), whatever the words: an exact split of a
        known name needs no rare word and may start with a function word ("go chew jang")."""
        found: list[Window] = []
        facts, joined, count = self.facts, self.joined, len(self.facts)
        for first in self._split_starts(targets, prefixes):
            joint = facts[first].skel
            for last in range(first + 1, min(count, first + MAX_WINDOW)):
                tail = facts[last]
                if not joined[last] or not (tail.word or tail.number) or facts[last - 1].cut:
                    break
                joint += tail.skel
                if joint in targets and not tail.cut:
                    shape = self._exact_shape(first, last)
                    # All capitals: a run already.
                    if shape is not None and not all(f.cap for f in facts[first:last + 1]):
                        found.append(self._make_window(first, last, shape))
                    break
                if joint not in prefixes:
                    break
        return found

    def _split_starts(self, targets: Iterable[str], prefixes: Collection[str]) -> list[int]:
        """The words that may start an exact split of a target: each word's skeleton starts
        a target, and so does it followed by the next word's. Told per distinct word, then
        found by a C loop over the document (most words start no split)."""
        distinct = self._cache.values()
        starters = {f for f in distinct if f.word and f.skel in prefixes}
        starter_skels = {f.skel for f in starters}
        # What may follow a first word's skeleton within a target or a target's prefix ("" for
        # a word of no letters a skeleton keeps: it adds nothing).
        pieces = {""}
        for target in chain(targets, prefixes):
            pieces.update(target[k:] for k in range(1, len(target)) if target[:k] in starter_skels)
        seconds = {f for f in distinct if (f.word or f.number) and f.skel in pieces}
        facts, last = self.facts, len(self.facts) - 1
        firsts = compress(count(), map(starters.__contains__, facts))
        return [first for first in firsts if first < last and facts[first + 1] in seconds]

    def _make_window(self, first: int, last: int, shape: WindowShape) -> Window:
        return Window(*self._place(first, last), first, last, shape)

    def _exact_shape(self, first: int, last: int) -> WindowShape | None:
        """The shape of a window that spells a name exactly (no minimum length)."""
        span = self.facts[first:last + 1]
        key = tuple(map(_TEXT, span))
        shape = self._exact_shapes.get(key, _UNSEEN)
        if shape is _UNSEEN:
            shape = self._exact_shapes[key] = _make_window_shape(span, exact=True)
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
