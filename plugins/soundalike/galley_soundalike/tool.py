"""Glossary sound-alikes: real words and phrases that are a glossary term misheard.

A speech recogniser that does not know "Kubernetes" writes what it heard - "cooper
netties" - in perfectly good words, so a spell checker sees nothing wrong. This tool slides
windows of one to ``max_window`` words over each segment and asks whether the window
*sounds like* a glossary term, a rare part of a name-like term ("Shivon" -> "Siobhan"), or
the wrong side of an explicit ``wrong => Right`` pair:

1. Explicit pairs are matched literally (case and spacing ignored), whole words only.
2. A window whose letters equal an entry's letters but whose spelling differs ("Py Torch",
   "Python three", "G P U", "Sean Connery" for "Seán Connery") is a spelling variant.
3. Otherwise the window's sound key, key skeleton and folded letters (see
   :mod:`.phonetics`) are compared with the entries; sound carries most of the weight,
   letters more of it when the window is made of real words (a real word that merely
   shares consonants with a term is weak evidence).
4. Evidence a window must make up for is subtracted: common words (Zipf frequency),
   function words, windows made only of everyday words ("get up" is not "GitHub"), short
   terms, a name part instead of the full name. A window of words that common is matched
   only as a spelling variant or an explicit pair, never by sound alone.
5. A word at either edge of a window must add to the match ("KubeCon talk" is not a
   better "KubeCon"); text that already is a term, a run of a term's words, or a term with
   a plural/possessive ending is left alone; overlapping matches are resolved best first,
   longer windows winning near-ties, a whole name beating its first name alone.

Speed: token features are cached per distinct word, window results (and what a matching
window suggests) per distinct window text (for the life of the tool, per glossary, lexicon
and threshold). Most windows of speech cannot match: their words are too common to sound
like a term and their letters do not spell one. That is decided from per-word features
before a window's text is even joined (see :class:`_Scanner`), so the scan of a segment
is one regex split and a lean loop. New windows are scored in one batch: every glossary
entry is compared with all of them at once through ``rapidfuzz.process.extract`` (C loops
with a score cut-off derived from how much evidence each window would need), and only the
few survivors are scored in Python. Only the segments with a matching window or an
explicit pair are visited again, to place and select the suggestions.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from rapidfuzz import fuzz, process

from editor.plugin_api import (
    SOUND_ALIKE,
    WORD_PATTERN,
    Glossary,
    Lexicon,
    SegmentSnapshot,
    Suggestion,
    ToolContext,
)

from .index import PART, Entry, GlossaryIndex
from .phonetics import join_keys, numbers_in, skeleton, spoken, word_key

DEFAULT_THRESHOLD = 0.75
DEFAULT_MAX_WINDOW = 3

# --- similarity ------------------------------------------------------------------------
# Sound similarity mixes the key and its vowel-less skeleton (vowels are the least
# reliable part of a mishearing). Letters weigh _W_LETTERS, up to _W_LETTERS_KNOWN when
# every word of the window is a real word, and _W_LETTERS_SINGLE for one real word: a
# recogniser that splits an unknown term into real words ("pie torch") naturally spells
# it differently, but one real word spelled differently from a term ("numb" for "NumPy",
# "reads" for "Redis") is usually just that word. A window of non-words whose sound is
# identical to a term keeps at least _SOUND_FLOOR: an unfamiliar spelling of the same
# sounds ("Eefa" for "Aoife") is what a recogniser writes for a name it does not know.
_W_KEY, _W_SKELETON = 0.55, 0.45
_W_LETTERS, _W_LETTERS_KNOWN, _W_LETTERS_SINGLE = 0.30, 0.45, 0.55
_SOUND_FLOOR = 0.88
# Real words whose sound key is identical to a term's long key (this many consonant
# sounds or more) keep at least _LONG_KEY_FLOOR, however differently they are spelled.
_LONG_KEY, _LONG_KEY_FLOOR = 5, 0.9

# --- evidence a window must make up for --------------------------------------------------
# A word of Zipf frequency _COMMON_FLOOR costs nothing, one of _COMMON_FLOOR + _COMMON_SPAN
# or more costs _COMMON_WEIGHT (averaged over the window's words).
_COMMON_FLOOR, _COMMON_SPAN, _COMMON_WEIGHT = 2.5, 3.5, 0.22
_KNOWN_WORD_PENALTY = 0.04  # any real word may simply have been heard right
_FUNCTION_ZIPF, _FUNCTION_PENALTY = 6.0, 0.06  # "the", "my", "if" glued to a term
_EVERYDAY_ZIPF, _EVERYDAY_PENALTY = 4.5, 0.12  # only everyday words: "get up", "ice cube"
# Terms with few consonant sounds match many real words by chance ("iOS" ~ "os", "Aoife"
# ~ "if", "Eva"): per missing consonant below _SHORT_KEY, for windows with real words.
# With one consonant or none, a real word needs the same letters (a spelling variant).
_SHORT_KEY, _SHORT_KEY_PENALTY = 3, 0.08
_PART_PENALTY, _PART_KNOWN_PENALTY = 0.03, 0.05  # a name part alone; more if a real word
_SUFFIX_PENALTY = 0.02  # "pie torches" -> "PyTorch's" splits an ending off
_IMPOSSIBLE = 1.0  # a penalty no similarity can make up for
# A window whose words cost this much is matched only by its letters (a spelling variant)
# or an explicit pair: a function word plus an everyday word ("get hub", "the map", "my
# sequel") sounding like a term is, in conversation, almost always just those words.
_MAX_FUZZY_PENALTY = 0.18
# The least a window of everyday words pays: with a threshold above 1 minus this, such a
# window can only match by having a term's letters.
_EVERYDAY_MIN_PENALTY = (
    _EVERYDAY_PENALTY + _COMMON_WEIGHT * (_EVERYDAY_ZIPF - _COMMON_FLOOR) / _COMMON_SPAN + _KNOWN_WORD_PENALTY
)

# --- selection -------------------------------------------------------------------------
_EDGE_MARGIN = 0.02  # how much an edge word must add to a window's similarity
_LONGER_BONUS = 0.04  # per extra word, when overlapping matches are compared
_RUNNER_UP_GAP = 0.06  # how close a second entry must score to be offered too
_VARIANT_CONFIDENCE = 0.92  # same letters, another spelling ("Py Torch", "Python three")
_PAIR_CONFIDENCE = 0.97  # the producer's own "wrong => Right" pair
_FUZZY_BASE, _FUZZY_SLOPE, _FUZZY_CEILING = 0.55, 2.5, 0.9  # sound-alikes, by score margin
_PART_CEILING = 0.75  # a first name or surname alone
_PART_KNOWN_DOUBT = 0.1  # ... less if it is a real word (a name the lexicon knows)
_CASE_CONFIDENCE = 0.6  # capitals only (case_variants): often house style, not an error
_CACHE_LIMIT = 200_000  # cached window results before the cache is reset

_SIBILANT_ES = re.compile(r"(?:(?<=[sxz])|(?<=ch)|(?<=sh))es$")


# What a window text suggests wherever it is: a _Candidate without its offsets.
_Made = tuple[float, float, str, tuple[str, ...], str, bool]


class _Candidate(NamedTuple):
    """A match that may become a suggestion, if no better one overlaps it."""

    score: float
    confidence: float
    start: int
    end: int
    message: str
    replacements: tuple[str, ...]
    term: str = ""  # the glossary term matched
    part: bool = False  # matched a part of the term (a first name alone)


@dataclass(frozen=True, slots=True)
class _Options:
    """The settings and accepted words of one check."""

    max_window: int
    case_variants: bool
    skip_everyday: bool  # everyday-word windows cannot pass the threshold in use
    accepted: frozenset[str]  # ctx.accepted_words: never flagged
    user_accepted: frozenset[str]  # the personal dictionary and ignore list alone, case-folded


class _Word(NamedTuple):
    """What the matcher needs of one distinct word (a named tuple: made by the thousand)."""

    folded: str  # case-folded, as written
    stems: tuple[str, ...]  # folded, without a plural/possessive ending
    letters: str  # spoken(): folded letters, digits as words
    key: str  # word_key(): its piece of a sound key
    numbers: tuple[str, ...]
    known: bool  # the lexicon knows it
    cost: float  # its share of the commonness penalty
    function: bool  # a function word ("the", "my", "if")
    everyday: bool  # an everyday word


def _make_word(text: str, zipf: float) -> _Word:
    """The features of one word of Zipf frequency ``zipf``."""
    folded = text.casefold()
    commonness = min(1.0, max(0.0, (zipf - _COMMON_FLOOR) / _COMMON_SPAN))
    cost = _COMMON_WEIGHT * commonness + (_KNOWN_WORD_PENALTY if zipf > 0 else 0.0)
    return _Word(
        folded,
        _stems(folded),
        spoken(text),
        word_key(text),
        numbers_in((text,)),
        zipf > 0,
        cost,
        zipf >= _FUNCTION_ZIPF,
        zipf >= _EVERYDAY_ZIPF,
    )


class _View(NamedTuple):
    """One window (or the window with a plural/possessive ending split off), ready to compare."""

    phrase: str
    letters: str
    key: str
    skeleton: str
    numbers: tuple[str, ...]
    suffix: str  # "'s", "s" or "": split off the last word before matching
    known: float  # fraction of the window's words the lexicon knows
    weight: float  # how much the letters count (the rest is sound)
    penalty: float  # the part of the penalty that depends on the window only
    need: float  # similarity needed to pass the threshold (entry aside)


@dataclass(frozen=True, slots=True)
class _Match:
    """The best entries for one window text, best first."""

    score: float
    raw: float
    entry: Entry
    suffix: str
    known: float  # fraction of the window's words that are real words
    others: tuple[Entry, ...] = ()


class SoundAlikeTool:
    """Finds words and phrases that sound like a glossary term (see module docstring)."""

    def __init__(self) -> None:
        self._lexicon: Lexicon | None = None
        self._state: tuple[Glossary, float] | None = None
        self._index: GlossaryIndex | None = None
        self._results: dict[str, _Match | None] = {}
        self._hits: set[str] = set()  # the window texts in _results that pass the threshold
        self._candidates: dict[str, _Made | None] = {}  # what each of those suggests
        self._words: dict[str, _Word] = {}

    # ------------------------------------------------------------------ public

    def check(self, segments: Sequence[SegmentSnapshot], ctx: ToolContext) -> list[Suggestion]:
        """Suggestions for every window of ``segments`` that sounds like a glossary term."""
        if not ctx.glossary.terms and not ctx.glossary.replacements:
            return []
        threshold = float(ctx.settings.get("threshold", DEFAULT_THRESHOLD))
        options = _Options(
            max_window=max(1, min(4, int(ctx.settings.get("max_window", DEFAULT_MAX_WINDOW)))),
            case_variants=bool(ctx.settings.get("case_variants", False)),
            skip_everyday=threshold + _EVERYDAY_MIN_PENALTY >= 1.0,
            accepted=ctx.accepted_words,
            user_accepted=frozenset(w.casefold() for w in ctx.personal_dictionary | ctx.ignored),
        )
        index = self._prepare(ctx, threshold)
        memory = _folded_memory(ctx.replacement_memory)

        # One pass over the segments collects the windows that may match: new window texts
        # (scored below, in one batch) and those already known to match. A window whose
        # result is known to be no match is dropped at once, so the second pass below only
        # visits the few segments with a possible suggestion.
        scanner = _Scanner(self, index, options, threshold, ctx.lexicon)
        scan = scanner.scan
        windows: dict[int, list[tuple[int, int, str]]] = {}
        total = len(segments)
        for done, segment in enumerate(segments):
            if done % 200 == 0:
                ctx.check_cancelled()
                ctx.progress(done, total)
            kept = scan(segment.text)
            if kept:
                windows[done] = kept
        ctx.check_cancelled()
        self._score(scanner.pending, index, threshold)

        # Segments with an explicit pair: one search over all texts finds them (see
        # _pair_segments), the per-segment search then finds the pairs' offsets.
        candidates: dict[int, list[_Candidate]] = {
            number: _pair_candidates(segments[number].text, index, options.accepted)
            for number in _pair_segments(segments, index)
        }
        hits = self._hits
        for number, kept in windows.items():
            matching = [window for window in kept if window[2] in hits]
            if matching:
                found_here = self._window_candidates(segments[number].text, matching, threshold)
                if found_here:
                    candidates.setdefault(number, []).extend(found_here)
        ctx.check_cancelled()

        found: list[Suggestion] = []
        for number in sorted(candidates):
            if candidates[number]:
                found.extend(_select(segments[number], candidates[number], memory))
        ctx.progress(total, total)
        return found

    # ------------------------------------------------------------------ caches

    def _prepare(self, ctx: ToolContext, threshold: float) -> GlossaryIndex:
        """The glossary index; caches are dropped when the glossary, lexicon or threshold change."""
        state = (ctx.glossary, threshold)
        if self._index is None or self._state != state or self._lexicon is not ctx.lexicon:
            if self._lexicon is not ctx.lexicon:
                self._words = {}
                self._lexicon = ctx.lexicon
            self._index = GlossaryIndex(ctx.glossary, ctx.lexicon.frequency)
            self._state = state
            self._results, self._hits, self._candidates = {}, set(), {}
        if len(self._results) > _CACHE_LIMIT:
            self._results, self._hits, self._candidates = {}, set(), {}
        if len(self._words) > _CACHE_LIMIT:
            self._words = {}
        return self._index

    def _word(self, text: str, lexicon: Lexicon) -> _Word:
        """The cached features of one word."""
        info = self._words.get(text)
        if info is None:
            zipf = lexicon.frequency(text)
            if not zipf and text[-2:-1] in ("'", "’"):
                zipf = lexicon.frequency(text[:-2])  # "Nguyen's" is as common as "Nguyen"
            info = self._words[text] = _make_word(text, zipf)
        return info

    # ----------------------------------------------------------------- scoring

    def _score(self, pending: Mapping[str, list[_Word]], index: GlossaryIndex, threshold: float) -> None:
        """Score every new window text against the glossary entries and cache the results."""
        scored: dict[str, list[tuple[float, float, Entry, _View]]] = {}
        fuzzy: dict[int, list[_View]] = {}
        by_letters, prefixes = index.by_letters, index.prefixes
        for phrase, infos in pending.items():
            self._results[phrase] = None
            penalty = _window_penalty(infos)
            sounds_possible = penalty < _MAX_FUZZY_PENALTY and threshold + penalty < 1.0
            if not sounds_possible and "".join([i.letters for i in infos]) not in prefixes:
                continue  # too common to sound like a term, and not a term's letters: most windows
            for view in _views(phrase, infos, penalty, threshold):
                # Same letters, another spelling: found by look-up, no fuzzy search needed.
                for entry in by_letters.get(view.letters, ()):
                    entry_penalty = _entry_penalty(view, entry, same_letters=True)
                    scored.setdefault(phrase, []).append((1.0 - entry_penalty, 1.0, entry, view))
                if sounds_possible:
                    fuzzy.setdefault(_cutoff(view), []).append(view)
        for cutoff, views in fuzzy.items():
            self._score_fuzzy(views, cutoff, index, scored)
        for phrase, matches in scored.items():
            matches.sort(key=lambda m: -m[0])
            score, raw, entry, view = matches[0]
            # Runners-up only when nearly as good: alternatives, not noise.
            others = tuple(
                dict.fromkeys(
                    e
                    for s, _, e, _ in matches[1:4]
                    if e.replacement != entry.replacement and s >= score - _RUNNER_UP_GAP
                )
            )
            self._results[phrase] = _Match(score, raw, entry, view.suffix, view.known, others)
            if score >= threshold:
                self._hits.add(phrase)

    @staticmethod
    def _score_fuzzy(
        views: list[_View],
        cutoff: int,
        index: GlossaryIndex,
        scored: dict[str, list[tuple[float, float, Entry, _View]]],
    ) -> None:
        """Compare views needing at least ``cutoff`` sound similarity with every entry.

        A window can only reach that similarity if its key or its skeleton alone does, so
        two C-level searches per entry find every candidate; the rest is never touched.
        """
        by_key = _LengthIndex(views, lambda v: v.key)
        by_bones = _LengthIndex(views, lambda v: v.skeleton)
        for entry in index.entries:
            hits = by_key.search(entry.key, cutoff) | by_bones.search(entry.skeleton, cutoff)
            for view in hits:
                if view.letters == entry.letters:
                    continue  # already scored as a spelling variant
                raw = _similarity(view, entry)
                score = raw - view.penalty - _entry_penalty(view, entry, same_letters=False)
                if score > 0:
                    scored.setdefault(view.phrase, []).append((score, raw, entry, view))

    # --------------------------------------------------------------- selection

    def _window_candidates(
        self, text: str, windows: list[tuple[int, int, str]], threshold: float
    ) -> list[_Candidate]:
        """The windows of one segment (of ``text``) whose best match passes the threshold."""
        found: list[_Candidate] = []
        spans: list[re.Match[str]] = []
        for start, end, phrase in windows:
            if phrase in self._candidates:
                made = self._candidates[phrase]
            else:
                made = self._candidates[phrase] = self._candidate(phrase, threshold)
            if made is None:
                continue
            if not spans:
                spans = list(_iter_words(text))
            score, confidence, message, replacements, term, part = made
            found.append(
                _Candidate(
                    score,
                    confidence,
                    spans[start].start(),
                    spans[end - 1].end(),
                    message,
                    replacements,
                    term,
                    part,
                )
            )
        return found

    def _candidate(self, phrase: str, threshold: float) -> _Made | None:
        """What a window of text ``phrase`` suggests, wherever it is (None: nothing).

        Everything but the offsets depends on the window's text alone, so it is made once
        per window text, like the match itself.
        """
        match = self._results.get(phrase)
        if match is None or match.score < threshold:
            return None
        texts = phrase.split(" ")
        if len(texts) > 1 and not self._edges_add(texts, match):
            return None
        replacements = _replacements(match)
        if replacements[0] == phrase:
            return None
        confidence = _confidence(match, threshold)
        if phrase.casefold() == replacements[0].casefold():
            confidence = _CASE_CONFIDENCE
        return (
            match.score + _LONGER_BONUS * (len(texts) - 1),
            confidence,
            _message(phrase, match, replacements[0]),
            replacements,
            match.entry.term,
            match.entry.source == PART,
        )

    def _edges_add(self, texts: Sequence[str], match: _Match) -> bool:
        """Whether the first and the last word each make the window sound more like the entry."""
        if match.raw >= 1.0:
            return True
        for part in (texts[1:], texts[:-1]):
            infos = [self._words[t] for t in part]
            view = _view(" ".join(part), infos, "", 0.0, 0.0)
            if _similarity(view, match.entry) + _EDGE_MARGIN > match.raw:
                return False
        return True


class _LengthIndex:
    """Views sorted by the length of one of their strings, searched with rapidfuzz.

    Indel similarity ``c`` (0..100) needs the shorter string to be at least ``c / (200 - c)``
    of the longer, so only a band of lengths is handed to the C search.
    """

    def __init__(self, views: list[_View], string: Callable[[_View], str]) -> None:
        self.views = sorted(views, key=lambda v: len(string(v)))
        self.strings = [string(v) for v in self.views]
        self.lengths = [len(s) for s in self.strings]

    def search(self, query: str, cutoff: int) -> set[_View]:
        """The views whose string is at least ``cutoff`` similar to ``query``."""
        ratio = cutoff / (200 - cutoff)
        low = bisect_left(self.lengths, int(len(query) * ratio))
        high = bisect_right(self.lengths, int(len(query) / ratio) + 1) if ratio else len(self.lengths)
        if low >= high:
            return set()
        found = process.extract(
            query, self.strings[low:high], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        )
        return {self.views[low + i] for _, _, i in found}


# ----------------------------------------------------------------- windows and views


@dataclass(frozen=True, slots=True)
class _Slot:
    """What the window scan needs of one distinct word in one check (made once per word; a
    slotted class: its attributes are read in the scan's innermost loop, and reading a
    slot is quicker than a named tuple's field)."""

    info: _Word
    first: bool  # its one-word window is worth scoring when it starts the segment
    inner: bool  # ... anywhere else in the segment
    cost: float  # _Word.cost
    function: int  # 1 for a function word, else 0 (counted as in _window_penalty)
    everyday: bool
    prefix: bool  # its letters begin an entry's letters
    head: bool  # may begin a term run or an accepted phrase: longer windows need the full checks
    quiet: bool  # an everyday word skipped as a window's first word: see _Scanner.scan


class _Scanner:
    """The windows of each segment worth scoring, for one check.

    The window rules: a window is one to ``max_window`` words joined only by spaces or
    hyphens. It is left out when it is (a run of) a term as written (unless it is a
    capitals variant and ``case_variants`` asks for those), an accepted word or phrase, or
    a term with a plural/possessive ending ("GPUs", "Nguyen's"). With
    ``options.skip_everyday``, windows made only of everyday words are left out unless
    their letters begin a term's letters ("web three" for "Web3"): at the threshold in use
    they could not pass otherwise.

    A window is also left out when its result is known without scoring it: words too
    common to sound like a term (``_window_penalty``) and letters that do not begin a
    term's letters are scored as no match by ``SoundAlikeTool._score``; and a window text
    scored before is only kept if it matches. Those are most windows of speech, and all
    of it is decided from per-word features (:class:`_Slot`, made once per distinct word),
    so the scan is a lean loop of additions and flag tests that joins a window's text only
    for the windows it keeps.
    """

    def __init__(
        self,
        tool: SoundAlikeTool,
        index: GlossaryIndex,
        options: _Options,
        threshold: float,
        lexicon: Lexicon,
    ) -> None:
        self.tool = tool
        self.index = index
        self.options = options
        self.threshold = threshold
        self.lexicon = lexicon
        self.slots: dict[str, _Slot] = {}
        self.pending: dict[str, list[_Word]] = {}  # new window texts and their words, to score
        # The first words of accepted phrases: a window can only be one if it starts so.
        self.accepted_heads = frozenset(a.split(" ", 1)[0] for a in options.accepted if " " in a)

    def slot(self, text: str) -> _Slot:
        """The cached features of one word, for this check."""
        info = self.tool._words.get(text) or self.tool._word(text, self.lexicon)
        index, options, threshold = self.index, self.options, self.threshold
        folded, prefixes = info.folded, index.prefixes
        prefix = info.letters in prefixes
        # Its one-word window: kept by the window rules, and not hopeless. As in _score: a
        # word too common to sound like a term can only match by having a term's letters
        # (looked up for the word and for it without a plural ending).
        penalty = _window_penalty([info])
        hopeless = not (penalty < _MAX_FUZZY_PENALTY and threshold + penalty < 1.0) and not (
            prefix
            and any(view.letters in index.by_letters for view in _views(text, [info], penalty, threshold))
        )
        if hopeless or (info.everyday and options.skip_everyday and not prefix):
            first = inner = False
        elif folded in index.term_runs:
            first = _case_variant(text, folded, index, options, at_start=True)
            inner = _case_variant(text, folded, index, options, at_start=False)
        elif folded in options.accepted or any(stem in index.term_runs for stem in info.stems):
            first = inner = False
        else:
            first = inner = True
        head = folded in index.term_runs or folded in self.accepted_heads
        # Every window starting with it is skipped until a word that is not everyday joins.
        quiet = info.everyday and options.skip_everyday and not prefix
        slot = self.slots[text] = _Slot(
            info, first, inner, info.cost, int(info.function), info.everyday, prefix, head, quiet
        )
        return slot

    def scan(self, text: str) -> list[tuple[int, int, str]]:
        """(first word, end word, phrase) of the windows of one segment that may match.

        New window texts are added to ``pending``; known ones are kept only if they match.
        """
        # The words and the text around them in one C call: parts[2 * i] is the text before
        # word i, parts[2 * i + 1] the word.
        parts = _split_around_words(text)
        texts = parts[1::2]
        if not texts:
            return []
        slot_cache, new_slot = self.slots, self.slot
        slots = [slot_cache.get(t) or new_slot(t) for t in texts]
        count = len(texts)
        max_window, skip_everyday = self.options.max_window, self.options.skip_everyday
        threshold, prefixes = self.threshold, self.index.prefixes
        results, hits, pending = self.tool._results, self.tool._hits, self.pending
        function_penalty, everyday_penalty = _FUNCTION_PENALTY, _EVERYDAY_PENALTY  # (locals: quicker)
        max_penalty = _MAX_FUZZY_PENALTY
        # Only spaces or a hyphen may join two words in a window (punctuation or a line
        # break ends a phrase; a term is not split across it). joins[i]: before word i;
        # nothing follows the last word, so no window reaches past the end.
        joins = [not gap.strip(" \t-") for gap in parts[::2]]
        joins[count] = False
        kept: list[tuple[int, int, str]] = []
        for start in range(count):
            slot = slots[start]
            end = start + 1
            stop = start + max_window  # (or the end of the segment: see joins)
            # The window so far: summed costs and function words (as in _window_penalty),
            # whether its words are all everyday and whether its letters begin a term's.
            if slot.quiet:
                # Windows of everyday words only are skipped (see the window rules), and no
                # text of everyday words from here begins a term's letters: straight to the
                # first rarer word, if a window from here reaches one.
                while end < stop and joins[end] and slots[end].everyday:
                    end += 1
                if end == stop or not joins[end]:
                    continue
                keep, everyday, prefix, letters = False, True, False, ""
                if end - start == 1:
                    cost, functions = slot.cost, slot.function
                else:  # (summed in order, as in _window_penalty)
                    cost = sum([s.cost for s in slots[start:end]])
                    functions = sum([s.function for s in slots[start:end]])
            else:
                keep = slot.inner if start else slot.first
                cost, functions, everyday, prefix = slot.cost, slot.function, slot.everyday, slot.prefix
                letters = slot.info.letters if prefix else ""
            while True:
                if keep:  # a known text only if it matches; a new one is scored later
                    phrase = " ".join(texts[start:end])
                    if phrase in hits:
                        kept.append((start, end, phrase))
                    elif phrase not in results:
                        kept.append((start, end, phrase))
                        if phrase not in pending:
                            pending[phrase] = [s.info for s in slots[start:end]]
                if end == stop or not joins[end]:
                    break
                word = slots[end]
                end += 1
                cost += word.cost
                functions += word.function
                everyday = everyday and word.everyday
                if prefix:  # (a longer text can only begin a term's letters if this one does)
                    letters += word.info.letters
                    prefix = letters in prefixes
                if everyday and skip_everyday and not prefix:
                    keep = False  # the bulk of speech (see the window rules)
                    continue
                penalty = cost / (end - start) + function_penalty * functions
                if everyday:
                    penalty += everyday_penalty
                if not prefix and not (penalty < max_penalty and threshold + penalty < 1.0):
                    keep = False  # scored as no match (see _score)
                    continue
                keep = not slot.head or self._keeps_term_window(texts, slots, start, end)
        return kept

    def _keeps_term_window(self, texts: list[str], slots: list[_Slot], start: int, end: int) -> bool:
        """Whether a window of several words starting with a term's (or accepted phrase's)
        word is kept: not a run of a term's words, an accepted phrase or a term with an
        ending, unless a capitals variant the settings ask for (see the window rules)."""
        index, options = self.index, self.options
        folded_words = [s.info.folded for s in slots[start:end]]
        head = " ".join(folded_words[:-1]) + " "
        folded = head + folded_words[-1]
        if folded in index.term_runs:
            return _case_variant(" ".join(texts[start:end]), folded, index, options, start == 0)
        if folded in options.accepted:
            return False
        return not any(head + stem in index.term_runs for stem in slots[end - 1].info.stems)


def _case_variant(phrase: str, folded: str, index: GlossaryIndex, options: _Options, at_start: bool) -> bool:
    """Whether a window that is (a run of) a term as written is kept: only as a capitals
    variant, when asked (and a capital that only starts the segment is no variant). The
    glossary's own words are accepted case-insensitively, so only the producer's
    dictionary and ignore list can silence a capitals variant."""
    return (
        options.case_variants
        and phrase not in index.exact
        and folded not in options.user_accepted
        and _case_only_term(phrase, index, at_start)
    )


_split_around_words = re.compile(f"({WORD_PATTERN.pattern})", WORD_PATTERN.flags).split
_iter_words = WORD_PATTERN.finditer


def _pair_segments(segments: Sequence[SegmentSnapshot], index: GlossaryIndex) -> list[int]:
    """The numbers of the segments in which an explicit pair's wrong side is found.

    One search over all texts joined by NUL finds them: NUL is neither matched by the pair
    pattern nor a word character, so a hit never spans two segments and the pattern's word
    boundaries at a NUL behave as at the ends of a text.
    """
    if index.pair_pattern is None or not segments:
        return []
    texts = [segment.text for segment in segments]
    starts = list(accumulate([len(text) + 1 for text in texts], initial=0))
    found: dict[int, None] = {}
    for hit in index.pair_pattern.finditer("\0".join(texts)):
        found[bisect_right(starts, hit.start()) - 1] = None
    return list(found)


def _window_penalty(infos: Sequence[_Word]) -> float:
    """The evidence a window must make up for because of its words' commonness."""
    count = len(infos)
    penalty = sum(i.cost for i in infos) / count
    if count == 1:
        info = infos[0]
        return (
            penalty
            + (_FUNCTION_PENALTY if info.function else 0.0)
            + (_EVERYDAY_PENALTY if info.everyday else 0.0)
        )
    penalty += _FUNCTION_PENALTY * sum(1 for i in infos if i.function)
    if all(i.everyday for i in infos):
        penalty += _EVERYDAY_PENALTY
    return penalty


def _views(phrase: str, infos: list[_Word], penalty: float, threshold: float) -> list[_View]:
    """The window as written, and without a plural/possessive ending on its last word."""
    views = [_view(phrase, infos, "", penalty, threshold)]
    last = phrase.rsplit(" ", 1)[-1]
    if infos[-1].stems and (len(last) > 3 or len(infos) > 1):  # "G P Us", but not "bus"
        ending = "'s" if last[-2] in "'’" else "s"
        stem = (
            last[:-2]
            if ending == "'s"
            else _SIBILANT_ES.sub("", last)
            if _SIBILANT_ES.search(last)
            else last[:-1]
        )
        info = infos[-1]
        stem_info = _Word(
            info.folded,
            (),
            spoken(stem),
            word_key(stem),
            info.numbers,
            info.known,
            info.cost,
            info.function,
            info.everyday,
        )
        views.append(_view(phrase, [*infos[:-1], stem_info], ending, penalty + _SUFFIX_PENALTY, threshold))
    return views


def _view(phrase: str, infos: Sequence[_Word], suffix: str, penalty: float, threshold: float) -> _View:
    """The comparable form of a run of words and the evidence it needs."""
    if len(infos) == 1:
        info = infos[0]
        key, letters, numbers, known = join_keys([info.key]), info.letters, info.numbers, float(info.known)
        weight = _W_LETTERS_SINGLE if info.known else _W_LETTERS
    else:
        key = join_keys([i.key for i in infos])
        letters = "".join([i.letters for i in infos])
        numbers = tuple(n for i in infos for n in i.numbers)
        known = sum(1 for i in infos if i.known) / len(infos)
        weight = _W_LETTERS + (_W_LETTERS_KNOWN - _W_LETTERS) * known
    return _View(
        phrase, letters, key, skeleton(key), numbers, suffix, known, weight, penalty, threshold + penalty
    )


def _cutoff(view: _View) -> int:
    """The sound similarity (0..100, rounded down to 5) below which ``view`` cannot pass.

    ``_similarity`` is at most ``sound * (1 - w) + w`` (letters weighing ``w``), or
    ``sound * _SOUND_FLOOR`` for non-words, so a smaller sound similarity never gets there.
    """
    weight = view.weight
    sound = (view.need - weight) / (1 - weight)
    if view.known == 0.0:
        sound = min(sound, view.need / _SOUND_FLOOR)
    return max(0, int(sound * 100) // 5 * 5)


# ------------------------------------------------------------------------- scoring


def _similarity(view: _View, entry: Entry) -> float:
    """How alike a window and an entry sound and look, 0..1, before penalties."""
    if view.letters == entry.letters:
        return 1.0
    if view.numbers and entry.numbers and view.numbers != entry.numbers:
        return 0.0  # "Python 2" is another version, not "Python 3" misheard
    sound = (
        _W_KEY * fuzz.ratio(view.key, entry.key) + _W_SKELETON * fuzz.ratio(view.skeleton, entry.skeleton)
    ) / 100
    weight = view.weight
    raw = (1 - weight) * sound + weight * fuzz.ratio(view.letters, entry.letters) / 100
    if view.known == 0.0:
        raw = max(raw, _SOUND_FLOOR * sound)
    elif view.key == entry.key and entry.consonants >= _LONG_KEY:
        raw = max(raw, _LONG_KEY_FLOOR)  # "Shivon Win": a long run of identical sounds is no accident
    return raw


def _entry_penalty(view: _View, entry: Entry, same_letters: bool) -> float:
    """The part of the penalty that depends on the entry (plus the suffix, for same letters)."""
    penalty = _PART_PENALTY + _PART_KNOWN_PENALTY * view.known if entry.source == PART else 0.0
    if same_letters:
        # Same letters, different spelling: the spelling is the whole story, commonness is not.
        return penalty + (_SUFFIX_PENALTY if view.suffix else 0.0)
    if view.known and entry.consonants < _SHORT_KEY:
        penalty += (
            _IMPOSSIBLE if entry.consonants <= 1 else _SHORT_KEY_PENALTY * (_SHORT_KEY - entry.consonants)
        )
    return penalty


def _confidence(match: _Match, threshold: float) -> float:
    """An honest 0..1 confidence: a spelling variant of a whole term is near-certain, a bare
    pass of the threshold is little better than a coin toss, a name part alone (a first name
    may be someone else's) is never certain.

    Calibrated on labelled sound-alikes and look-alike real words: about half of the
    matches within 0.05 of the default threshold were right, most of those 0.1 above it,
    nearly all of those 0.15 above it.
    """
    if match.raw >= 1.0:
        if match.entry.source == PART:  # "Sean" for "Seán": maybe another Sean
            return _PART_CEILING - _PART_KNOWN_DOUBT * match.known
        return _VARIANT_CONFIDENCE
    ceiling = _PART_CEILING if match.entry.source == PART else _FUZZY_CEILING
    return round(min(ceiling, _FUZZY_BASE + _FUZZY_SLOPE * max(0.0, match.score - threshold)), 3)


def _message(phrase: str, match: _Match, replacement: str) -> str:
    """What the producer reads: which glossary term the text sounds like, and how."""
    entry = match.entry
    if phrase.casefold() == replacement.casefold():
        return f'"{phrase}" is written "{replacement}" in the glossary'
    if match.raw >= 1.0 and entry.source != PART:
        return f'"{phrase}" is the glossary term "{entry.term}" written differently'
    if match.raw >= 1.0:
        return f'"{phrase}" is written "{entry.replacement}" in the glossary term "{entry.term}"'
    if entry.source == PART:
        return f'"{phrase}" sounds like "{entry.replacement}", from the glossary term "{entry.term}"'
    return f'"{phrase}" sounds like the glossary term "{entry.term}"'


def _replacements(match: _Match) -> tuple[str, ...]:
    """The entry's replacement (with the window's split-off ending), then runners-up."""
    base = match.entry.replacement
    if match.suffix == "'s":
        first: list[str] = [base + "'s"]
    elif match.suffix:
        # An initialism takes a plain plural ("GPUs"); a name or product its possessive.
        first = [base + "s", base + "'s"] if base.isupper() else [base + "'s", base + "s"]
    else:
        first = [base]
    return tuple(dict.fromkeys([*first, *(e.replacement for e in match.others)]))


def _select(
    segment: SegmentSnapshot, candidates: list[_Candidate], memory: Mapping[str, str]
) -> list[Suggestion]:
    """The best-scoring candidates that do not overlap, as suggestions in text order.

    A name part ("Shivon" -> "Siobhan") is tried after an overlapping match of the whole
    name ("Shivon Win" -> "Siobhan Nguyen"), whatever their scores: the next word matched
    the surname. (If the whole name loses to something else, the part may still win.)
    """
    if not candidates:
        return []
    wholes = [c for c in candidates if not c.part and c.term]

    def rank(candidate: _Candidate) -> tuple[float, int, int]:
        score = candidate.score
        if candidate.part:
            rivals = [
                w.score
                for w in wholes
                if w.term == candidate.term and w.start < candidate.end and candidate.start < w.end
            ]
            score = min([score, *(r - 1e-6 for r in rivals)])
        return -score, candidate.start - candidate.end, candidate.start

    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=rank):
        if all(candidate.end <= c.start or candidate.start >= c.end for c in chosen):
            chosen.append(candidate)
    found = []
    for _, confidence, start, end, message, replacements, _, _ in sorted(chosen, key=lambda c: c.start):
        original = segment.text[start:end]
        remembered = memory.get(original) or memory.get(original.casefold())
        if remembered and remembered != original:
            replacements = (remembered, *(r for r in replacements if r != remembered))
        found.append(Suggestion(segment.id, start, end, SOUND_ALIKE, message, replacements, confidence))
    return found


def _pair_candidates(text: str, index: GlossaryIndex, accepted: frozenset[str]) -> list[_Candidate]:
    """The glossary's explicit ``wrong => Right`` pairs found literally in ``text``: they win
    every overlap (score 2) because the producer wrote them down."""
    if index.pair_pattern is None:
        return []
    found: list[_Candidate] = []
    for hit in index.pair_pattern.finditer(text):
        wrong = hit.group()
        pair = index.pair_for(wrong)
        if pair is None or wrong.casefold() in accepted or wrong == pair.right:
            continue
        message = f'"{wrong}" is a known misrecognition of the glossary term "{pair.right}"'
        found.append(
            _Candidate(2.0, _PAIR_CONFIDENCE, hit.start(), hit.end(), message, (pair.right,), pair.right)
        )
    return found


def _stems(word: str) -> tuple[str, ...]:
    """``word`` without a plural or possessive ending, if it has one ("gpus" -> "gpu")."""
    if len(word) < 2 or word[-1] not in "sS" or word[-2] in "sS":
        return ()
    if word[-2] in "'’":
        return (word[:-2],)
    stems = [word[:-1]]
    if _SIBILANT_ES.search(word):
        stems.append(word[:-2])
    return tuple(stems)


def _folded_memory(memory: Mapping[str, str]) -> Mapping[str, str]:
    """Replacement memory looked up exactly, then case-folded."""
    if not memory:
        return {}
    folded = {key.casefold(): value for key, value in memory.items()}
    folded.update(memory)
    return folded


def _case_only_term(phrase: str, index: GlossaryIndex, first: bool) -> bool:
    """Whether ``phrase`` is a glossary term written with different capitals (other than a
    capital first letter when ``first``, the start of a segment)."""
    folded = phrase.casefold()
    return any(term.casefold() == folded and not (first and term[1:] == phrase[1:]) for term in index.exact)
