"""Deciding which pieces of a segment are not words.

Rules for the shapes a plain dictionary look-up gets wrong (each is tested in
tests/plugins/test_spelling.py):

- **Accepted words** (glossary, personal dictionary, ignore list) and lexicon words are fine,
  whatever their case.
- **Single letters** are fine: spelled-out acronyms ("G P U") and initials.
- **All caps**: a short all-caps token (up to ``acronym_length`` letters, default 4: GPU,
  NASA, JSON, HTTP) is taken for an acronym, and so is its plural ("GPUs"). A longer one is
  checked like any word, because ASR invents forms like "KUBERNETTI". In a segment written
  entirely in capitals (old caption files) capitals say nothing, so every word is checked.
- **CamelCase** ("GitLab", "FastAPI") is fine when every part is a word or a short acronym.
- **Letters and digits**:
  - a number with a unit or suffix is fine ("3pm", "1990s", "4k", "10x", "5GHz", "30minutes");
    an ordinal must have the right suffix ("21st" yes, "21th" no);
  - a code whose letter runs are all short is fine ("mp3", "h264", "x86", "k8s", "ipv6");
  - a word followed by a number is fine when the word is ("python3", "covid19", "Windows11"),
    and so is a promo code of capitals made of words ("BUILDLOG20", "SAVE20");
  - anything else with a long letter run is flagged ("PYTHON3O", "KUBERNETTI2").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Container
from dataclasses import dataclass

from editor.plugin_api import Lexicon

from .tokens import Piece, parts, split_apostrophe

# Word parts that are prefixes, not words, in hyphenated words ("co-host", "re-run").
PREFIXES = frozenset(
    "a anti bi co counter de e ex extra hyper inter intra micro mid mini multi neo non "  # noqa: SIM905
    "over post pre pro pseudo re semi self sub super trans tri ultra un under x".split()
)
# Units and suffixes after a number, beyond the one- and two-letter ones that all pass.
NUMBER_SUFFIXES = frozenset(
    "ghz mhz khz thz kwh mwh mah fps mph kph kmh bpm rpm hrs min mins sec secs ish mbps gbps kbps".split()  # noqa: SIM905
)
_RUNS = re.compile(r"\d+|[^\W\d_]+")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[^\W\d_]+")
_ORDINALS = ("st", "nd", "rd", "th")


@dataclass(frozen=True, slots=True)
class Problem:
    """A piece that is not a word. ``shape`` says what it looked like:
    ``lower``, ``title``, ``caps``, ``camel``, ``mixed`` (letters and digits) or
    ``ordinal``; ``fix`` is a sure replacement when the rule knows it (ordinals)."""

    piece: Piece
    shape: str
    fix: str | None = None


_CAPS_PAIR = re.compile(r"[A-Z\u00c0-\u00de]{2}")


def is_caps_segment(text: str) -> bool:
    """Whether a segment is written in capitals throughout (then capitals mean nothing)."""
    if not _CAPS_PAIR.search(text):
        return False  # the common case, decided without splitting the text
    long_words = [w for w in re.findall(r"[^\W\d_]{2,}", text)]
    if len(long_words) < 3:
        return False
    return sum(w.isupper() for w in long_words) >= 0.8 * len(long_words)


def ordinal_suffix(number: int) -> str:
    """The English ordinal ending of ``number``: 1st, 2nd, 3rd, 11th, 21st."""
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


class Judge:
    """Finds the :class:`Problem` pieces of a token, given the lexicon and accepted words."""

    def __init__(self, lexicon: Lexicon, accepted: Container[str], acronym_length: int = 4) -> None:
        self.lexicon = lexicon
        self.accepted = accepted
        self.acronym_length = acronym_length

    # -- look-ups

    def known(self, word: str) -> bool:
        """In the accepted words or the lexicon (case-insensitive)."""
        return word.casefold() in self.accepted or word in self.lexicon

    def _accepted_plural(self, word: str) -> bool:
        """A plural of a glossary or personal-dictionary word ("GPUs", "kubeflows"): the
        lexicon lists its own inflections, the producer's lists do not."""
        return len(word) > 3 and word[-1] in "sS" and word[:-1].casefold() in self.accepted

    def is_compound(self, letters: str) -> bool:
        """Whether ``letters`` is two or more known words of 3+ letters run together."""
        folded = letters.casefold()
        if len(folded) > 24:
            return False
        reachable = [True] + [False] * len(folded)  # reachable[i]: folded[:i] splits into words
        for end in range(3, len(folded) + 1):
            reachable[end] = any(
                reachable[start] and self.known(folded[start:end]) for start in range(end - 2)
            )
        return reachable[-1] and not self.known(folded)

    # -- the rules

    def problems(self, piece: Piece, caps_segment: bool = False) -> list[Problem]:
        """The pieces of ``piece`` (one token) that are not words; empty when all are."""
        if self.known(piece.text):
            return []
        base = split_apostrophe(piece)
        if base is not None:
            return self.problems(base, caps_segment)
        if "-" in piece.text or "'" in piece.text or "\u2019" in piece.text:
            found: list[Problem] = []
            for part in parts(piece):
                if part.text.casefold() not in PREFIXES and len(part.text) > 1:
                    found += self._word_problems(part, caps_segment)
            return found
        return self._word_problems(piece, caps_segment)

    def _word_problems(self, piece: Piece, caps_segment: bool) -> list[Problem]:
        """Problems of one piece made of letters and digits only."""
        text = piece.text
        if len(text) <= 1 or text.isdecimal() or self.known(text) or self._accepted_plural(text):
            return []
        if any(ch.isdecimal() for ch in text):
            return self._mixed_problems(piece)
        shape = self._letter_shape(text, caps_segment)
        return [] if shape is None else [Problem(piece, shape)]

    def _letter_shape(self, text: str, caps_segment: bool) -> str | None:
        """``None`` when an unknown all-letter word is still acceptable, else its shape."""
        if text.isupper():
            if not caps_segment and len(text) <= self.acronym_length:
                return None
            return "caps"
        if len(text) >= 3 and text[:-1].isupper() and text[-1] == "s":  # GPUs, APIs
            stem = text[:-1]
            if (not caps_segment and len(stem) <= self.acronym_length) or self.known(stem):
                return None
            return "caps"
        if any(a.islower() and b.isupper() for a, b in itertools.pairwise(text)):
            camel_parts = _CAMEL.findall(text)
            if len(camel_parts) >= 2 and all(self._camel_part_ok(p) for p in camel_parts):
                return None
            return "camel"
        return "title" if text[0].isupper() else "lower"

    def _camel_part_ok(self, part: str) -> bool:
        if part.isupper() and len(part) <= self.acronym_length:
            return True
        return len(part) == 1 or self.known(part)

    def _mixed_problems(self, piece: Piece) -> list[Problem]:
        """Letters and digits together: units, ordinals, codes, word+number, promo codes."""
        runs = _RUNS.findall(piece.text)
        letter_runs = [run for run in runs if not run.isdecimal()]
        if runs[0].isdecimal() and len(runs) == 2:
            return self._number_with_suffix(piece, int(runs[0]), runs[1])
        if all(len(run) <= 3 for run in letter_runs):
            return []  # mp3, h264, x86, k8s, ipv6, 3x4, a100
        if len(runs) == 2 and not runs[0].isdecimal():
            letters = runs[0]
            if self.known(letters) or (letters.isupper() and self.is_compound(letters)):
                return []  # python3, covid19, BUILDLOG20
        return [Problem(piece, "mixed")]

    def _number_with_suffix(self, piece: Piece, number: int, suffix: str) -> list[Problem]:
        folded = suffix.casefold()
        if folded in _ORDINALS:
            right = ordinal_suffix(number)
            if folded == right:
                return []
            fixed = piece.text[: len(piece.text) - len(suffix)] + (
                right.upper() if suffix.isupper() else right
            )
            return [Problem(piece, "ordinal", fixed)]
        if len(folded) <= 2 or folded in NUMBER_SUFFIXES or self.known(suffix):
            return []  # 3pm, 1990s, 4k, 10x, 5GHz, 30minutes (spacing, not spelling)
        return [Problem(piece, "mixed")]
