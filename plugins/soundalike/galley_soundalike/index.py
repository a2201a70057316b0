"""What a glossary looks like to the sound-alike matcher, precomputed once per glossary.

Every glossary term becomes an :class:`Entry` (its folded letters, sound key and key
skeleton). Name-like multi-word terms ("Siobhan Nguyen") also contribute their rare
capitalised words as *part* entries, so a first name or surname heard alone can match.
The ``wrong`` sides of the glossary's explicit ``wrong => Right`` pairs become *pair*
entries, so near misses of a known misrecognition ("pie torches") are found too; the
pairs themselves are matched literally with :attr:`GlossaryIndex.pair_pattern`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from editor.plugin_api import Glossary, strip_accents, words

from .phonetics import numbers_in, skeleton, sound_key, spoken

TERM = "term"
PART = "part"
PAIR = "pair"

# A word of a name-like term rarer than this (Zipf) is matched on its own: "Nguyen" (1.5)
# and "Maya" (2.6) are, "Sean" (3.7), "Build" and "Google" are everyday words.
_RARE_PART_ZIPF = 3.0


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing a window of words can sound like.

    ``replacement`` is what to suggest (the term, the matching part of a name, or the right
    side of a pair) and ``term`` the glossary term named in the message.
    """

    replacement: str
    term: str
    source: str
    letters: str
    key: str
    skeleton: str
    numbers: tuple[str, ...]
    consonants: int  # consonant sounds in the key: short keys are weak evidence


@dataclass(frozen=True, slots=True)
class Pair:
    """An explicit ``wrong => Right`` glossary pair, matched as a whole word or phrase."""

    wrong: str
    right: str


class GlossaryIndex:
    """The entries, literal pairs and known term word runs of one glossary."""

    def __init__(self, glossary: Glossary, frequency: Callable[[str], float]) -> None:
        self.glossary = glossary
        self.entries: list[Entry] = []
        self.by_letters: dict[str, list[Entry]] = {}
        self.pairs: dict[str, Pair] = {}
        # Case-folded word runs that are (part of) a term as written: "build log" is a short
        # mention of "The Build Log" and "Python" one of "Python 3", not a mishearing.
        # Accents are kept: "Sean Connery" is not yet "Seán Connery".
        self.term_runs: set[str] = set()
        # The glossary's terms exactly as written.
        self.exact: set[str] = set()
        seen: set[tuple[str, str]] = set()
        for term in glossary.terms:
            self._add_term(term.strip(), frequency, seen)
        for wrong, right in glossary.replacements:
            self._add_pair(wrong.strip(), right.strip(), seen)
        self.pair_pattern = _pair_pattern(self.pairs)
        # Every beginning of an entry's letters (with a plural ending too): a window of
        # everyday words can only be a term if its letters are one of these.
        self.prefixes: set[str] = {
            form[:i]
            for letters in self.by_letters
            for form in (letters + "s", letters + "es")
            for i in range(1, len(form) + 1)
        }

    # ------------------------------------------------------------------ building

    def _add(
        self,
        replacement: str,
        term: str,
        source: str,
        text: str,
        seen: set[tuple[str, str]],
        by_sound: bool = True,
    ) -> None:
        """Add an entry; ``by_sound=False`` makes it findable by its exact letters only."""
        letters = spoken(text)
        if not letters or (letters, replacement) in seen:
            return
        seen.add((letters, replacement))
        key = sound_key(text)
        numbers = numbers_in([w.text for w in words(text)])
        bones = skeleton(key)
        entry = Entry(replacement, term, source, letters, key, bones, numbers, len(bones.lstrip("a")))
        if by_sound:
            self.entries.append(entry)
        self.by_letters.setdefault(letters, []).append(entry)

    def _add_term(self, term: str, frequency: Callable[[str], float], seen: set[tuple[str, str]]) -> None:
        """Add a term, its word runs and, for a name, its rare (or accented) words."""
        if not term:
            return
        self.exact.add(term)
        parts = [w.text for w in words(term)]
        folded = tuple(p.casefold() for p in parts)
        for i in range(len(folded)):
            for j in range(i + 1, len(folded) + 1):
                self.term_runs.add(" ".join(folded[i:j]))
        self._add(term, term, TERM, term, seen)
        if _is_name_like(parts):
            for part in parts:
                # A common word ("Google" in "Google Cloud", "Build") heard alone is just
                # that word; only rare, name-like parts are worth matching on their own by
                # sound. A part with accents is still matched by its letters: "Ramirez"
                # for "Ramírez" is the glossary's name written without them.
                if len(part) < 3:
                    continue
                if max(frequency(part), frequency(strip_accents(part))) < _RARE_PART_ZIPF:
                    self._add(part, term, PART, part, seen)
                elif strip_accents(part) != part:
                    self._add(part, term, PART, part, seen, by_sound=False)

    def _add_pair(self, wrong: str, right: str, seen: set[tuple[str, str]]) -> None:
        """Add an explicit pair (its wrong side also as an entry sounding like ``right``)."""
        if not wrong or not right or wrong.casefold() == right.casefold():
            return
        self.pairs[_phrase_key(wrong)] = Pair(wrong, right)
        self._add(right, right, PAIR, wrong, seen)

    # ------------------------------------------------------------------- queries

    def pair_for(self, text: str) -> Pair | None:
        """The explicit pair whose wrong side is ``text`` (case and spacing ignored)."""
        return self.pairs.get(_phrase_key(text))


def _phrase_key(text: str) -> str:
    """Case-folded text with runs of spaces and hyphens made one space."""
    return " ".join(re.split(r"[\s\-]+", text.casefold().strip()))


def _pair_pattern(pairs: dict[str, Pair]) -> re.Pattern[str] | None:
    """One regex finding every pair's wrong side as whole words, longest first."""
    if not pairs:
        return None
    alternatives = sorted(pairs, key=len, reverse=True)
    body = "|".join(r"[\s\-]+".join(re.escape(w) for w in phrase.split(" ")) for phrase in alternatives)
    return re.compile(rf"(?<![\w'’\-])(?:{body})(?![\w\-]|['’]\w)", re.IGNORECASE)


def _is_name_like(parts: list[str]) -> bool:
    """Two or three capitalised alphabetic words: a person's or product's name."""
    return 2 <= len(parts) <= 3 and all(
        p[:1].isupper() and p.replace("'", "").replace("-", "").isalpha() for p in parts
    )
