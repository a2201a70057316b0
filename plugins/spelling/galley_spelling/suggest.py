"""Ranked replacements for a word that is not in the dictionary.

Where candidates come from, best first in the final list:

1. the project's replacement memory (what the producer chose before for this text);
2. the glossary: a ``wrong => Right`` pair whose wrong side is this word, then glossary
   terms that plausibly match it. A multi-word term is compared without its spaces and with
   its digits spelled out, so "Pythonthree" finds "Python 3";
3. the lexicon: words within a small edit distance (Damerau/OSA, so "thier" -> "their" is
   one edit) among words starting with the same or a similar-sounding letter, plus words
   with the same Metaphone key (sound-alikes whose spelling differs more).

Dictionary candidates are ranked by a blend of edit similarity, phonetic similarity and
frequency. The phonetic key is Metaphone: ASR errors are mostly vowel and doubling
confusions ("Promethius", "Grafanna", "definately"), which Metaphone ignores while it keeps
the consonant skeleton; NYSIIS keeps vowel positions and Match Rating is built for
surnames with a near-binary comparison, so both separate ASR errors from their fixes less
well. A graded comparison of the keys (not just equality) lets near-misses count.

Nothing here scans the whole lexicon per word: the lexicon is bucketed once per lexicon
(by first letter, sorted by length, and by Metaphone key) and each look-up searches a
few length slices with rapidfuzz and a distance cut-off.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import jellyfish
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from editor.plugin_api import Glossary, Lexicon, number_words, strip_accents, words

# First letters that ASR and spellers confuse: a word is also looked for under these.
SOUND_CLASSES: dict[str, str] = {}
# Only consonants whose letters spell one sound ("kernel"/"colonel" sounds, "ph"/"f"):
# wider classes (all vowels, m/n, t/d) tripled the search for no gain on a list of 150
# common misspellings; the Metaphone index catches the other first-letter changes.
for _group in ("ckq", "sc", "sz", "fp", "gj"):
    for _letter in _group:
        SOUND_CLASSES[_letter] = SOUND_CLASSES.get(_letter, "") + _group

# How much each signal weighs in a dictionary candidate's score (they add up to 1).
EDIT_WEIGHT, PHONETIC_WEIGHT, FREQUENCY_WEIGHT = 0.55, 0.25, 0.20
# Both halves of a split suggestion ("alot" -> "a lot") must be at least this common.
SPLIT_MIN_ZIPF = 3.0
SPLIT_PENALTY = 0.1
# Halves of a split shorter than three letters must be one of these ("a lot", "in fact").
SHORT_SPLIT_WORDS = frozenset(
    "a i an as at be by do go he if in is it me my no of on or so to up us we".split()  # noqa: SIM905
)
# Only words at least this common (~16,000) are in the sound-alike index: on 150 common
# misspellings it adds 2 points of top-5 accuracy; indexing rarer words too added nothing
# but build time.
SOUND_INDEX_MIN_ZIPF = 3.0
# A glossary term must score this much (edit and sound only) to be offered for a word.
GLOSSARY_PLAUSIBLE = 0.70
# A capitalised word (a name) is also offered glossary terms this close that sound alike
# by the Match Rating Approach, after the dictionary's good suggestions.
GLOSSARY_WEAK = 0.33
WEAK_GLOSSARY_SCORE = 0.7
# Common words of a multi-word glossary term ("The", "Log" in "The Build Log") are not
# offered alone: the dictionary already knows them.
GLOSSARY_WORD_MAX_ZIPF = 3.0

def spell_number(digits: str) -> str:
    """0..99 as words run together ("21" -> "twentyone"); other numbers unchanged."""
    value = int(digits)
    return number_words(value) if value < 100 else digits


def metaphone(word: str) -> str:
    """Metaphone key of a word (letters only; digits and marks dropped)."""
    letters = "".join(ch for ch in word if ch.isalpha())
    return jellyfish.metaphone(letters) if letters else ""


def edit_similarity(a: str, b: str) -> float:
    """1 - OSA distance / longer length (transpositions count as one edit)."""
    return OSA.normalized_similarity(a, b)


def phonetic_similarity(key_a: str, key_b: str) -> float:
    """Graded similarity of two Metaphone keys (1.0 = same key)."""
    if not key_a or not key_b:
        return 0.0
    return fuzz.ratio(key_a, key_b) / 100.0


def max_distance(length: int) -> int:
    """Edits allowed for a word of ``length`` letters: short words get one."""
    if length <= 4:
        return 1
    return 2 if length <= 10 else 3


# ----------------------------------------------------------------------- dictionary


def _most_frequent(lexicon: Lexicon, min_zipf: float) -> list[str]:
    """The words at least ``min_zipf`` common.

    Galley's lexicon lists words most frequent first, so the cut is found by bisection
    instead of asking every word's frequency; another lexicon gets the plain filter.
    """
    ordered = list(lexicon.words())
    sample = [lexicon.frequency(w) for w in ordered[:: max(1, len(ordered) // 64)]]
    if any(a < b for a, b in itertools.pairwise(sample)):
        return [w for w in ordered if lexicon.frequency(w) >= min_zipf]
    lo, hi = 0, len(ordered)
    while lo < hi:
        middle = (lo + hi) // 2
        if lexicon.frequency(ordered[middle]) >= min_zipf:
            lo = middle + 1
        else:
            hi = middle
    return ordered[:lo]


class DictionaryIndex:
    """The lexicon arranged for fast candidate search (built once per lexicon).

    Words are sorted by length and, within a length, alphabetically, so the words of one
    length and first letter are a contiguous slice found by bisection. Building that is two
    C-level sorts (~25 ms for 135,000 words), not a Python loop over the lexicon.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._words = sorted(sorted(filter(None, lexicon.words())), key=len)
        self._by_sound: dict[str, list[str]] | None = None

    def _sound_index(self) -> dict[str, list[str]]:
        """Metaphone key -> words, for the common words only (see SOUND_INDEX_MIN_ZIPF):
        sound-alike misspellings of rare words are rare, and this keeps the index small and
        quick to build (~15 ms)."""
        if self._by_sound is None:
            common = _most_frequent(self.lexicon, SOUND_INDEX_MIN_ZIPF)
            index: dict[str, list[str]] = {}
            for word, key in zip(common, map(jellyfish.metaphone, common)):
                bucket = index.get(key)
                if bucket is None:
                    index[key] = [word]
                else:
                    bucket.append(word)
            self._by_sound = index
        return self._by_sound

    def candidates(self, word: str) -> set[str]:
        """Lexicon words close to ``word`` (case-folded) in spelling or sound."""
        folded = word.casefold()
        if not folded or not folded[0].isalpha():
            return set()
        limit = max_distance(len(folded))
        # No search under the second letter for swapped first pairs ("hte"): that is a
        # typing error, which ASR does not make, and it doubled the search.
        letters = set(SOUND_CLASSES.get(folded[0], folded[0]))
        pool: list[str] = []
        for length in range(max(1, len(folded) - limit), len(folded) + limit + 1):
            pool += self._slice(length, letters)
        found = {
            m[0] for m in process.extract(folded, pool, scorer=OSA.distance, score_cutoff=limit, limit=None)
        }
        loose = max(limit, len(folded) // 2)
        for candidate in self._sound_index().get(metaphone(folded), ()):
            if OSA.distance(folded, candidate, score_cutoff=loose) <= loose:
                found.add(candidate)
        found.discard(folded)
        return found

    def splits(self, folded: str) -> list[str]:
        """Two common words run together: "alot" -> "a lot", "infact" -> "in fact"."""
        found = []
        for cut in range(1, len(folded)):
            head, tail = folded[:cut], folded[cut:]
            if (
                _split_part(head)
                and _split_part(tail)
                and min(self.lexicon.frequency(head), self.lexicon.frequency(tail)) >= SPLIT_MIN_ZIPF
            ):
                found.append(f"{head} {tail}")
        return found

    def split_score(self, folded: str, split: str) -> float:
        """A split is one edit (the space) away and sounds the same; its frequency is that
        of its rarer half. It ranks a little below a one-letter fix of similar standing:
        a run-together pair is a rarer error than a misspelling."""
        head, tail = split.split(" ")
        edit = 1.0 - 1.0 / (len(folded) + 1)
        frequency = min(self.lexicon.frequency(head), self.lexicon.frequency(tail), 7.0) / 7.0
        return EDIT_WEIGHT * edit + PHONETIC_WEIGHT + FREQUENCY_WEIGHT * frequency - SPLIT_PENALTY

    def _slice(self, length: int, letters: Iterable[str]) -> list[str]:
        """Words of ``length`` letters starting with any of ``letters``."""
        words_ = self._words
        lo = bisect.bisect_left(words_, length, key=len)
        hi = bisect.bisect_right(words_, length, lo, key=len)
        found: list[str] = []
        for letter in letters:
            start = bisect.bisect_left(words_, letter, lo, hi)
            end = bisect.bisect_left(words_, chr(ord(letter) + 1), start, hi)
            found += words_[start:end]
        return found

    def score(self, folded: str, candidate: str) -> float:
        """Blend of edit similarity, sound similarity and frequency, 0..1."""
        edit = edit_similarity(folded, candidate)
        sound = phonetic_similarity(metaphone(folded), metaphone(candidate))
        frequency = min(self.lexicon.frequency(candidate), 7.0) / 7.0
        return EDIT_WEIGHT * edit + PHONETIC_WEIGHT * sound + FREQUENCY_WEIGHT * frequency


def _split_part(word: str) -> bool:
    return len(word) >= 3 or word in SHORT_SPLIT_WORDS


_INDEXES: dict[int, tuple[Lexicon, DictionaryIndex]] = {}


def dictionary_index(lexicon: Lexicon) -> DictionaryIndex:
    """The index of ``lexicon``, built once per lexicon object and shared by tool instances
    (the host loads one lexicon per language per process)."""
    entry = _INDEXES.get(id(lexicon))
    if entry is None or entry[0] is not lexicon:
        if len(_INDEXES) >= 4:
            _INDEXES.clear()
        entry = (lexicon, DictionaryIndex(lexicon))
        _INDEXES[id(lexicon)] = entry
    return entry[1]


# ------------------------------------------------------------------------- glossary


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """A term the glossary offers, and the case-folded forms a word is compared with."""

    term: str
    forms: tuple[str, ...]
    keys: tuple[str, ...]
    exact: frozenset[str]  # known misrecognitions of it (the left side of "wrong => Right")


def _compact_forms(term: str) -> tuple[str, ...]:
    """A term without spaces, and with its small numbers spelled out: "Python 3" ->
    ("python3", "pythonthree")."""
    pieces = [w.text.casefold() for w in words(term)]
    plain = "".join(pieces)
    spelled = "".join(spell_number(p) if p.isdecimal() and len(p) <= 2 else p for p in pieces)
    return tuple(dict.fromkeys(f for f in (plain, spelled, strip_accents(plain)) if f))


class GlossaryIndex:
    """The glossary's terms (and the unusual words of multi-word terms) ready to compare."""

    def __init__(self, glossary: Glossary, lexicon: Lexicon) -> None:
        wrongs: dict[str, set[str]] = defaultdict(set)
        for wrong, right in glossary.replacements:
            wrong_words = [w.text for w in words(wrong)]
            right_words = [w.text for w in words(right)]
            wrongs[right].add("".join(w.casefold() for w in wrong_words))
            if len(wrong_words) == len(right_words) > 1:
                # "Shivon Win => Siobhan Nguyen" also says "Shivon" is "Siobhan".
                for wrong_word, right_word in zip(wrong_words, right_words):
                    if wrong_word.casefold() != right_word.casefold():
                        wrongs[right_word].add(wrong_word.casefold())
        entries: dict[str, GlossaryEntry] = {}
        for term in dict.fromkeys([*glossary.terms, *(right for _, right in glossary.replacements), *wrongs]):
            self._add(entries, term, frozenset(wrongs.get(term, ())))
            term_words = [w.text for w in words(term)]
            if len(term_words) > 1:
                for word in term_words:
                    if (
                        len(word) >= 3
                        and not word.isdecimal()
                        and lexicon.frequency(word) < GLOSSARY_WORD_MAX_ZIPF
                    ):
                        self._add(entries, word, frozenset())
        self.entries = tuple(entries.values())
        self._exact = {form: entry.term for entry in self.entries for form in entry.exact}

    @staticmethod
    def _add(entries: dict[str, GlossaryEntry], term: str, exact: frozenset[str]) -> None:
        if term in entries:
            exact = exact | entries[term].exact
        forms = _compact_forms(term)
        if forms:
            entries[term] = GlossaryEntry(term, forms, tuple(metaphone(f) for f in forms), exact)

    def known_fix(self, folded: str) -> str | None:
        """The glossary's right term when ``folded`` is one of its listed misrecognitions."""
        return self._exact.get(folded)

    def matches(
        self, folded: str, names: bool = False
    ) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
        """Glossary terms for a word as (score, term) lists, best first: the plausible ones,
        and (when ``names``) the weak ones that still sound alike by the Match Rating
        Approach, which was designed for names spelled many ways ("Eefa" ~ "Aoife")."""
        key = metaphone(folded)
        strong, weak = [], []
        for entry in self.entries:
            best, best_form = 0.0, entry.forms[0]
            for form, form_key in zip(entry.forms, entry.keys):
                if abs(len(form) - len(folded)) > max(3, len(folded) // 2):
                    continue
                score = 0.65 * edit_similarity(folded, form) + 0.35 * phonetic_similarity(key, form_key)
                if score > best:
                    best, best_form = score, form
            if best >= GLOSSARY_PLAUSIBLE:
                strong.append((best, entry.term))
            elif names and best >= GLOSSARY_WEAK and _names_sound_alike(folded, best_form):
                weak.append((best, entry.term))
        if strong:
            weak = []  # a plausible glossary term makes the far-fetched ones noise
        strong.sort(key=lambda item: -item[0])
        weak.sort(key=lambda item: -item[0])
        return strong, weak


_INITIAL_PAIRS = frozenset(frozenset(pair) for pair in ("ck", "cq", "kq", "cs", "sz", "fp", "vw", "gj", "jy"))


def _names_sound_alike(a: str, b: str) -> bool:
    """Whether two names may be one name heard two ways: they start with the same sound
    (any vowel matches any vowel: "Eefa" ~ "Aoife") and the Match Rating comparison, built
    for names, accepts them. Either test alone lets too much through."""
    a, b = strip_accents(a), strip_accents(b)
    if not a.isalpha() or not b.isalpha():
        return False
    first, other = a[0], b[0]
    same_start = (
        first == other
        or (first in "aeiouy" and other in "aeiouy")
        or frozenset((first, other)) in _INITIAL_PAIRS
    )
    return same_start and bool(jellyfish.match_rating_comparison(a, b))


# -------------------------------------------------------------------------- ranking


def match_case(original: str, replacement: str) -> str:
    """``replacement`` in the case pattern of ``original`` (Title, ALL CAPS or as is)."""
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[:1].isupper() and original[1:].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _glossary_case(original: str, term: str) -> str:
    """A glossary term keeps its own spelling ("PyTorch", "Siobhan"), except an all-lowercase
    common noun ("kombucha"), which takes the word's case like a dictionary word."""
    return match_case(original, term) if term.islower() else term


@dataclass(frozen=True, slots=True)
class Ranked:
    """Replacements best first, with the score of the best one and where it came from."""

    replacements: tuple[str, ...]
    best_score: float
    source: str  # "memory", "glossary-pair", "glossary", "dictionary" or "none"


class Suggester:
    """Ranks replacements for a word, from memory, glossary and lexicon (see module doc)."""

    def __init__(
        self, dictionary: DictionaryIndex, glossary: GlossaryIndex, memory: Mapping[str, str]
    ) -> None:
        self.dictionary = dictionary
        self.glossary = glossary
        self.memory = memory
        self._folded_memory = {key.casefold(): value for key, value in memory.items()}

    def rank(self, word: str, limit: int) -> Ranked:
        """Up to ``limit`` replacements for ``word`` (original case), best first."""
        folded = word.casefold()
        ranked: list[str] = []
        best, source = 0.0, "none"
        remembered = self.memory.get(word) or self._folded_memory.get(folded)
        if remembered:
            ranked.append(remembered)
            best, source = 1.0, "memory"
        pair = self.glossary.known_fix(folded)
        if pair:
            ranked.append(_glossary_case(word, pair))
            if source == "none":
                best, source = 1.0, "glossary-pair"
        strong, weak = self.glossary.matches(folded, names=word[:1].isupper())
        for score, term in strong:
            ranked.append(_glossary_case(word, term))
            if source == "none":
                best, source = score, "glossary"
        scored = [
            (self.dictionary.score(folded, c), match_case(word, c))
            for c in self.dictionary.candidates(folded)
        ]
        scored += [
            (self.dictionary.split_score(folded, c), match_case(word, c))
            for c in self.dictionary.splits(folded)
        ]
        scored.sort(key=lambda item: (-item[0], item[1]))
        # Weak glossary names go among the dictionary words, below the good ones.
        scored = _merge(
            scored[: limit * 2], [(WEAK_GLOSSARY_SCORE, _glossary_case(word, term)) for _, term in weak]
        )
        for score, candidate in scored:
            ranked.append(candidate)
            if source == "none":
                best, source = score, "dictionary"
        return Ranked(_unique(ranked, word)[:limit], best, source)


def _merge(first: list[tuple[float, str]], second: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """Two best-first lists as one, best first (``first`` wins ties)."""
    merged = [(-score, 0, i, text) for i, (score, text) in enumerate(first)]
    merged += [(-score, 1, i, text) for i, (score, text) in enumerate(second)]
    merged.sort()
    return [(-negative, text) for negative, _, _, text in merged]


def _unique(replacements: list[str], original: str) -> tuple[str, ...]:
    """Drop repeats (case-insensitively, keeping the first) and the original itself."""
    seen: set[str] = set()
    kept = []
    for replacement in replacements:
        key = replacement.casefold()
        if key in seen or replacement == original:
            continue
        seen.add(key)
        kept.append(replacement)
    return tuple(kept)
