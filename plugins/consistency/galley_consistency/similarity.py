"""How alike two forms are: spelling, sound, word-by-word alignment and shared context.

All scores are 0..1. Three kinds of evidence, the best of which counts:

* **whole** - the skeletons compared by edit similarity (rapidfuzz's normalised Indel
  ratio), raised halfway towards the sound-key similarity when the spellings are at least
  half alike: "Cooper Netties"/"Kubernetes" spell differently (0.61) but sound the same.
* **aligned** - names of the same length compared word by word. Two names sharing a rare
  word ("Nguyen") whose other words *sound* alike ("Shavonne"/"Siobhan") are one person
  heard twice; two names whose every word is close ("Tomas Vishnevski"/"Tomasz
  Wiśniewski") too.
* **context** - a small bonus for neighbouring words the two forms share ("on top of X",
  "X cluster"); never enough alone.
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz import fuzz

from .forms import Form
from .text import skeleton, sound_key

MIN_EDIT = 0.5  # below this, spellings are unrelated whatever they sound like
MIN_LENGTH_RATIO = 0.6  # "Ifa" and "Information" are not one word
MIN_LENGTH_RATIO_ACROSS = 0.7  # stricter when the word counts differ ("shivon"/"Shivon Win")
SHARED_WORD_BASE = 0.6  # aligned score when a rare word is shared, before the other words count
ALL_WORDS_MIN = 0.6  # every word of an aligned pair must be at least this alike
PART_ALIKE = 0.9  # a word this alike to a word of a longer name is that word
CONTEXT_STEP = 0.03
CONTEXT_MAX = 0.06


def edit(a: str, b: str) -> float:
    """Normalised edit similarity of two strings (1.0 identical)."""
    return fuzz.ratio(a, b) / 100.0


def whole(a_skel: str, b_skel: str, a_key: str, b_key: str, across: bool = False) -> float:
    """Spelling-and-sound similarity of two skeletons (see the module docstring)."""
    if a_skel == b_skel:
        return 1.0
    shorter, longer = sorted((len(a_skel), len(b_skel)))
    if not shorter or shorter / longer < (MIN_LENGTH_RATIO_ACROSS if across else MIN_LENGTH_RATIO):
        return 0.0
    spelling = edit(a_skel, b_skel)
    if spelling < MIN_EDIT:
        return spelling
    return max(spelling, 0.5 * spelling + 0.5 * edit(a_key, b_key))


def word_score(a: str, b: str) -> float:
    """Whole similarity of two single words given as text."""
    a_skel, b_skel = skeleton(a), skeleton(b)
    return whole(a_skel, b_skel, sound_key(a_skel), sound_key(b_skel))


def sound_alike(a: str, b: str) -> float:
    """How alike two words sound, with a little weight on spelling (for aligned names)."""
    a_skel, b_skel = skeleton(a), skeleton(b)
    if a_skel == b_skel:
        return 1.0
    return 0.3 * edit(a_skel, b_skel) + 0.7 * edit(sound_key(a_skel), sound_key(b_skel))


def aligned(a: Form, b: Form, distinctive: Callable[[str], bool]) -> float:
    """Word-by-word similarity of two names of two or more words (see the module docstring)."""
    if len(a.tokens) < 2 or len(b.tokens) < 2:
        return 0.0
    if len(a.tokens) != len(b.tokens):
        return _shared_end(a.tokens, b.tokens, distinctive)
    same = [skeleton(x) == skeleton(y) for x, y in zip(a.tokens, b.tokens)]
    if all(same):
        return 1.0
    if any(s and distinctive(x) for s, x in zip(same, a.tokens)):
        others = [sound_alike(x, y) for s, x, y in zip(same, a.tokens, b.tokens) if not s]
        return SHARED_WORD_BASE + (1.0 - SHARED_WORD_BASE) * min(others)
    scores = [1.0 if s else word_score(x, y) for s, x, y in zip(same, a.tokens, b.tokens)]
    if min(scores) < ALL_WORDS_MIN:
        return 0.0
    return sum(scores) / len(scores)


def _shared_end(a: tuple[str, ...], b: tuple[str, ...], distinctive: Callable[[str], bool]) -> float:
    """Names of different lengths sharing a rare first or last word: the rest compared as
    one sound ("Dai Lou Ellen" ~ "Dai Llewellyn")."""
    if skeleton(a[0]) == skeleton(b[0]) and distinctive(a[0]):
        rest_a, rest_b = " ".join(a[1:]), " ".join(b[1:])
    elif skeleton(a[-1]) == skeleton(b[-1]) and distinctive(a[-1]):
        rest_a, rest_b = " ".join(a[:-1]), " ".join(b[:-1])
    else:
        return 0.0
    shorter, longer = sorted((len(skeleton(rest_a)), len(skeleton(rest_b))))
    if not shorter or shorter / longer < MIN_LENGTH_RATIO:
        return 0.0
    return SHARED_WORD_BASE + (1.0 - SHARED_WORD_BASE) * sound_alike(rest_a, rest_b)


def shortened(a: str, b: str) -> bool:
    """One word is the other cut short by two letters or more ("Postgres" and
    "PostgreSQL"): people shorten names, so the two are not linked directly. (A truncated
    mishearing such as "KUBERNETTI" still joins through its likeness to other spellings.)"""
    shorter, longer = sorted((a, b), key=len)
    return len(longer) - len(shorter) >= 2 and longer.startswith(shorter)


def part_of(a: Form, b: Form) -> bool:
    """Whether the shorter form is one of the longer form's words ("Llewellyn" in "Dai
    Llewellyn"): a shorter mention of the same name, not another spelling of it."""
    shorter, longer = (a, b) if len(a.tokens) < len(b.tokens) else (b, a)
    if len(shorter.tokens) == len(longer.tokens):
        return False
    n = len(shorter.tokens)
    for start in range(len(longer.tokens) - n + 1):
        window = longer.tokens[start:start + n]
        if all(word_score(x, y) >= PART_ALIKE for x, y in zip(shorter.tokens, window)):
            return True
    return False


def context_bonus(a: Form, b: Form) -> float:
    """A small bonus for content words seen next to both forms."""
    if not a.contexts or not b.contexts:
        return 0.0
    shared = len(a.contexts & b.contexts)
    return min(CONTEXT_MAX, CONTEXT_STEP * shared)


def score(a: Form, b: Form, distinctive: Callable[[str], bool]) -> float:
    """The similarity of two forms before context: the best of whole and aligned."""
    across = len(a.tokens) != len(b.tokens)
    if across and part_of(a, b):
        return 0.0
    if len(a.tokens) == len(b.tokens) == 1 and shortened(a.skel, b.skel):
        return 0.0
    return max(whole(a.skel, b.skel, a.key, b.key, across), aligned(a, b, distinctive))
