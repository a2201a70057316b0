"""Spelling-independent views of a form: skeleton, sound key, numbers and shape.

A *form* is the exact text of a mention ("Cooper Netties", "KubeCon", "G P U"). Forms are
compared through views that forget what a speech recogniser gets arbitrarily wrong:

* :func:`skeleton` - case-folded letters and digits with accents, spaces and punctuation
  removed and English digits spelled out, so "cube con" ~ "KubeCon", "python 3" ==
  "Pythonthree" and "Wiśniewski" == "wisniewski".
* :func:`sound_key` - a metaphone key of the skeleton with voiced/voiceless consonants
  merged and any leading vowel written "A" ("Cooper Netties" and "Kubernetes" share
  KPRNTS; "Eefa", "Ifa" and "Aoife" share AF).
* :func:`numbers_of` - the numbers a form mentions ("Python 2" and "Python 3" are two
  things, however alike they look).
* :func:`shape_of` - how deliberate the capitalisation looks (CamelCase cannot happen by
  accident; "KUBERNETTI" shouting and spaced letters "G P U" are recogniser artefacts).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import jellyfish

from editor.plugin_api import number_words, strip_accents

_UNITS = [number_words(n) for n in range(20)]
_TENS = ["_", "_"] + [number_words(n * 10) for n in range(2, 10)]
NUMBER_WORDS: dict[str, int] = {word: value for value, word in enumerate(_UNITS)}
NUMBER_WORDS.update({word: value * 10 for value, word in enumerate(_TENS) if value >= 2})
NUMBER_WORDS.update({"hundred": 100, "thousand": 1000})
# Longest first, so "seventeen" is found before "seven".
_NUMBER_SUFFIXES = sorted(((w, v) for w, v in NUMBER_WORDS.items() if len(w) >= 3), key=lambda p: -len(p[0]))

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\d+")
_TRAILING_DIGITS = re.compile(r"\d+$")
_VOWELS = frozenset("aeiouy")
# Metaphone letters recognisers swap freely: voiced/voiceless pairs sound alike in fast
# speech ("Cooper"/"Kuber"), and "TH" is often heard as "T".
_SOUND_MERGE = str.maketrans({"B": "P", "D": "T", "G": "K", "V": "F", "Z": "S", "0": "T", "E": "A", "I": "A",
                              "O": "A", "U": "A"})

# Shapes, best first in the sense of "how sure are we this capitalisation is deliberate".
CAMEL = 4  # internal capitals: "PyTorch", "KubeCon", "iPhone"
ACRONYM = 3  # all capitals, short: "GPU", "NASA"
TITLE = 2  # "Kubernetes", "Siobhan Nguyen"
LOWER = 1  # "grafana", "cube con"
ARTEFACT = 0  # "KUBERNETTI", "G P U", "Pythonthree"
ACRONYM_LETTERS = 5


spell_number = number_words


@lru_cache(maxsize=65536)
def skeleton(form: str) -> str:
    """Case-folded letters and digits of ``form`` only, digits spelled out in English (so
    "3" and "three" meet; in other languages digits still meet digits)."""
    folded = _NOT_ALNUM.sub("", strip_accents(form.casefold()))
    if any(ch.isdigit() for ch in folded):
        folded = _DIGITS.sub(lambda m: spell_number(int(m.group())), folded)
    return folded


@lru_cache(maxsize=65536)
def sound_key(skel: str) -> str:
    """A coarse pronunciation key of a skeleton (see the module docstring)."""
    if not skel:
        return ""
    key = jellyfish.metaphone(skel).upper()
    # Metaphone keeps some leading vowels and drops others ("eefa" -> "F"): write every
    # leading vowel sound as one "A" so first-vowel spelling does not matter.
    if skel[0] in _VOWELS and not (key and key[0] in "AEIOU"):
        key = "A" + key
    return key.translate(_SOUND_MERGE)


def number_value(token: str) -> int | None:
    """The number a token spells ("3", "three", "20"), or ``None``."""
    if token.isdigit():
        return int(token) if len(token) < 10 else None
    return NUMBER_WORDS.get(token.casefold())


def glued_number(token: str, is_word: Callable[[str], bool]) -> int | None:
    """The number glued to the end of a word ("Pythonthree" -> 3, "python3" -> 3).

    A spelled-out number counts only when what precedes it is a word itself, so that
    "Anyone" or "Often" (ending in "one", "ten") are not read as numbers.
    """
    folded = token.casefold()
    match = _TRAILING_DIGITS.search(folded)
    if match:
        stem, digits = folded[: match.start()], match.group()
        return int(digits) if len(stem) >= 2 and stem.isalpha() and len(digits) < 10 else None
    for word, value in _NUMBER_SUFFIXES:
        if folded.endswith(word) and len(folded) - len(word) >= 3 and is_word(folded[: -len(word)]):
            return value
    return None


def shape_of(tokens: tuple[str, ...]) -> int:
    """How deliberate the capitalisation of a form looks (see the constants above)."""
    letters = [t for t in tokens if not t.isdigit() and t.casefold() not in NUMBER_WORDS]
    if not letters:
        return LOWER
    if len(letters) >= 2 and all(len(t) == 1 for t in letters):
        return ARTEFACT  # spaced letters, "G P U"
    shapes = [token_shape(t) for t in letters]
    if ARTEFACT in shapes:
        return ARTEFACT
    if CAMEL in shapes:
        return CAMEL
    if all(s == ACRONYM for s in shapes):
        return ACRONYM
    if all(s >= TITLE for s in shapes):
        return TITLE
    return LOWER


def token_shape(token: str) -> int:
    """Shape of one token: see :func:`shape_of`."""
    letters = [ch for ch in token if ch.isalpha()]
    if not letters:
        return LOWER
    upper = [ch.isupper() for ch in letters]
    if all(upper):
        return ACRONYM if len(letters) <= ACRONYM_LETTERS else ARTEFACT
    if any(upper[1:]):
        return CAMEL
    return TITLE if upper[0] else LOWER
