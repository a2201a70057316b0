"""Spelling-free views of words: folded letters, spoken digits and a coarse sound key.

Speech recognisers write what they *heard*, so a misheard glossary term rarely shares its
spelling with the term but usually shares its sound. Three views of a text are compared:

* :func:`fold` - case-folded letters and digits, accents stripped, spaces and punctuation
  gone ("Py Torch" and "pytorch" fold alike; "Seán" folds to "sean").
* :func:`spoken` - ``fold`` with numbers written out ("Python 3" -> "pythonthree"), so a
  digit and its spoken word compare equal.
* :func:`sound_key` - a coarse pronunciation skeleton built by a small set of general
  grapheme-to-sound rules (English, plus the few spellings of Irish, Polish, Vietnamese and
  similar names that English speakers meet on podcasts), then merging consonants that speech
  recognisers confuse (voiced/voiceless pairs) and reducing every vowel run to one marker.

The rules are deliberately few and general; they are not tuned to one show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from editor.plugin_api import fold as _fold_uncached
from editor.plugin_api import number_words

_UNITS = tuple(number_words(n) for n in range(20))
_TENS = ("", "") + tuple(number_words(n * 10) for n in range(2, 10))
# Letters whose sound the plain base letter loses (Polish soft consonants, Spanish ñ): used
# for the sound key only; fold() keeps the plain letter, the usual ASCII spelling.
_SOUND_LETTERS = str.maketrans({"ś": "sh", "ć": "ch", "ź": "zh", "ż": "zh", "ñ": "ny", "ç": "s"})
_DIGITS = re.compile(r"\d+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-folded letters and digits of ``text`` only, accents stripped (cached)."""
    return _fold_uncached(text)


_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS[2:]) | {"hundred", "thousand"}


def numbers_in(texts: Iterable[str]) -> tuple[str, ...]:
    """The numbers among ``texts`` (digits or number words), spelled as words, in order.

    A window and a term that both carry numbers must carry the same ones.
    """
    found: list[str] = []
    for text in texts:
        for run in _DIGITS.findall(text):
            found.append(number_words(int(run)) if len(run) <= 3 else run)
        if text.casefold() in _NUMBER_WORDS:
            found.append(text.casefold())
    return tuple(found)


@lru_cache(maxsize=65536)
def spoken(text: str) -> str:
    """``fold(text)`` with digit runs written as words ("Web3" -> "webthree")."""
    folded = fold(text)
    if folded.isalpha():
        return folded
    return _DIGITS.sub(lambda m: number_words(int(m.group())) if len(m.group()) <= 3 else m.group(), folded)


# Grapheme-to-sound rules. Each maps a spelling to one sound symbol: upper-case letters are
# consonant classes, "a" is "a vowel". A scanner walks the spoken form (lower-case a-z)
# left to right and at each position takes the first rule that applies: word starts, then
# context rules, then three- and two-letter spellings, then single letters. (A scanner,
# not a regex alternation: several times faster, and keys are made for every new word.)
_VOWELS = frozenset("aeiouy")

# Silent or simplified word starts ("knee", "gnome", "write", "psalm", "what", "xylophone").
_STARTS = {"kn": "N", "gn": "N", "wr": "R", "ps": "S", "pn": "N", "wh": "W", "x": "S"}
# Three and two letters that make one sound: "sh" sounds (English sh/ch/tch/sch, Polish
# sz/cz, zh, dg/dj) share class X with j; Irish lenition (bh/mh are "v", dh/gh near-silent);
# "ph" is "f"; "gh" is silent ("night"); th/dh are "t"-like; ck/kh are "k".
_TRIGRAPHS = {"tch": "X", "sch": "X"}
# fmt: off
_DIGRAPHS = {
    "sh": "X", "ch": "X", "sz": "X", "cz": "X", "zh": "X", "dg": "X", "dj": "X",
    "bh": "F", "mh": "F", "ph": "F", "gh": "", "dh": "T", "th": "T", "kh": "K", "rh": "R", "ck": "K",
}
# Single letters: h carries no consonant of its own; voiced and voiceless pairs that
# recognisers swap share a class; every vowel (y too) is "a"; x is "ks".
_LETTERS = {
    "h": "", "b": "P", "p": "P", "d": "T", "t": "T", "c": "K", "g": "K", "k": "K", "q": "K", "f": "F", "v": "F",
    "s": "S", "z": "S", "l": "L", "r": "R", "m": "M", "n": "N", "j": "X", "x": "KS", "w": "a",
    "a": "a", "e": "a", "i": "a", "o": "a", "u": "a", "y": "a",
}
# fmt: on


# How English speakers say each letter, for initialisms, spelled as they sound ("g" is "jee").
# fmt: off
_LETTER_NAMES = {
    "a": "ay", "b": "bee", "c": "see", "d": "dee", "e": "ee", "f": "ef", "g": "jee", "h": "aitch", "i": "eye",
    "j": "jay", "k": "kay", "l": "el", "m": "em", "n": "en", "o": "oh", "p": "pee", "q": "cue", "r": "ar",
    "s": "ess", "t": "tee", "u": "you", "v": "vee", "w": "doubleyou", "x": "ex", "y": "why", "z": "zed",
}
# fmt: on


def _sounds(word: str) -> str:
    """The sound symbols of one spoken word (see the rule tables above)."""
    out: list[str] = []
    i, n = 0, len(word)
    if word.startswith("ng") and n > 2 and word[2] in _VOWELS:
        # Vietnamese "Ng-": "Nguyen" sounds like "Win" to English ears, "Ngo" like "No".
        out.append("W" if word[2] == "u" and n > 3 and word[3] in _VOWELS else "N")
        i = 3 if word[2] == "u" and n > 3 and word[3] in _VOWELS else 2
    else:
        for start, sound in _STARTS.items():
            if word.startswith(start):
                out.append(sound)
                i = len(start)
                break
    while i < n:
        ch = word[i]
        nxt = word[i + 1] if i + 1 < n else ""
        if ch in "stc" and nxt == "i" and i + 2 < n and word[i + 2] in "ao" and (ch == "s" or i > 0):
            out.append("X")  # "Siobhan", "nation", "special": s/t/c + i before a/o
            i += 2
        elif ch == "w" and (word.startswith("sk", i + 1) or word.startswith("icz", i + 1)):
            out.append("F")  # Slavic "-wski", "-wicz"
            i += 1
        elif ch == "w" and nxt in _VOWELS and nxt:
            out.append("W")  # w is a consonant before a vowel, part of the vowel elsewhere
            i += 1
        elif ch == "c" and nxt in ("e", "i", "y"):
            out.append("S")  # soft c
            i += 1
        elif ch == "e" and i == n - 1 and i > 0 and word[i - 1] not in _VOWELS:
            i += 1  # silent final e ("cube", "Aoife")
        elif word[i : i + 3] in _TRIGRAPHS:
            out.append(_TRIGRAPHS[word[i : i + 3]])
            i += 3
        elif ch + nxt in _DIGRAPHS:
            out.append(_DIGRAPHS[ch + nxt])
            i += 2
        else:
            out.append(_LETTERS.get(ch, ""))
            i += 1
    return "".join(out)


_REPEATS = re.compile(r"([A-Za])\1+")
_LETTER_KEYS = {letter: _sounds(name) for letter, name in _LETTER_NAMES.items()}
_WORDS = re.compile(r"[^\W_]+")


def sound_key(text: str) -> str:
    """A coarse pronunciation key of ``text``: consonant classes in capitals, "a" per vowel run.

    Each word is keyed on its own (word-start rules need the word start), the pieces are
    joined, sounds repeated across the join collapse ("Siobhan Nguyen" has one N), and a
    trailing vowel is dropped (final vowels are the least reliable sound). "Kubernetes" and
    "cooper netties" both give ``KaPaRNaTaS``; "Siobhan" and "Shivon" give ``XaFaN``.
    """
    return join_keys([word_key(word) for word in _WORDS.findall(text)])


def join_keys(pieces: Sequence[str]) -> str:
    """The key of a run of words from their :func:`word_key` pieces: a sound repeated
    across a join collapses, and a trailing vowel marker is dropped (unless it is all)."""
    key = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        if key and piece and key[-1] == piece[0]:
            piece = piece[1:]
        key += piece
    return key[:-1] if len(key) > 1 and key[-1] == "a" else key


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The sound key of one word, before joining (see :func:`sound_key`).

    An initialism is keyed by its letter names ("GPU" is "gee pee you", so "CPU" is not a
    sound-alike of it).
    """
    if is_initialism(word):
        return _REPEATS.sub(r"\1", "".join(_LETTER_KEYS[ch] for ch in word.casefold()))
    return _REPEATS.sub(r"\1", _sounds(spoken(word.casefold().translate(_SOUND_LETTERS))))


def is_initialism(word: str) -> bool:
    """Whether ``word`` is read letter by letter: "GPU", "AWS", "HTML", "cp" (but "NASA",
    "JSON" and "Kubernetes" are read as words)."""
    if not 1 <= len(word) <= 5 or not word.isascii() or not word.isalpha():
        return False
    if len(word) == 1:
        return True  # a letter on its own ("G P U") is its name
    vowels = any(ch in _VOWELS for ch in word.casefold())
    return not vowels or (word.isupper() and len(word) <= 3)


def skeleton(key: str) -> str:
    """``key`` without its vowel markers, except a leading one ("aKaFaR" -> "aKFR")."""
    return key[:1] + key[1:].replace("a", "")
