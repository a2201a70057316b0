"""English rules for "you know", "I mean" and "like" in unpunctuated speech.

Raw ASR text has no commas, so "set off by punctuation" cannot tell the filler in "the
hard part you know was strings" from the verb in "do you know the way". These functions
look at the words around the phrase instead: a few closed word classes (auxiliaries,
determiners, subject pronouns, copulas, conjunctions) decide most cases, and whatever they
cannot decide is either left alone or flagged with the low confidence it deserves.

Each function takes a :class:`Context` and returns a confidence, or ``None`` for "this is
an ordinary use, not a filler". They are only consulted when the phrase is *not* set off on
both sides (a set-off filler gets the list's own confidence).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Boundary kinds on each side of a candidate filler (see tool.py).
PUNCT = "punct"  # punctuation between it and the neighbouring word
HESITATION = "hesitation"  # the neighbouring word is a hesitation ("um you know")
EDGE = "edge"  # the segment starts or ends here
WORD = "word"  # a plain word follows/precedes with only a space between


@dataclass(frozen=True, slots=True)
class Context:
    """Normalized neighbouring words (``None`` past the text) and the boundary kinds."""

    prev2: str | None
    prev: str | None
    next: str | None
    next2: str | None
    left: str
    right: str


Heuristic = Callable[[Context], "float | None"]


def _words(text: str) -> frozenset[str]:
    """A word class from a space-separated list."""
    return frozenset(text.split())


DETERMINERS = _words(
    "a an the this that these those my your his her its our their some any every each no another such "
    "what which whose"
)
OBJECT_PRONOUNS = _words(
    "me you him her it us them myself yourself himself herself itself ourselves themselves"
)
SUBJECT_PRONOUNS = _words("i you we they he she it")
INDEFINITES = _words(
    "someone somebody anyone anybody everyone everybody something anything everything nothing nobody "
    "people person ones thing things stuff all"
)
AUXILIARIES = _words(
    "do does did don't doesn't didn't dont didnt doesnt would could should will won't can can't "
    "cannot might may must shall you'll you'd i'd we'd they'd wouldn't couldn't shouldn't"
)
WH_WORDS = _words("what how who whom where when why which whatever whoever whether if")
CONJUNCTIONS = _words("and but or so because cause 'cause then well yeah yes no oh okay ok plus")
COPULAS = _words(
    "is was were are am be been being it's that's he's she's there's what's they're we're you're i'm "
    "isn't wasn't weren't aren't"
)
INTENSIFIERS = _words("really so very totally super literally completely just way all pretty absolutely")
NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "thousand million billion dozen half"
)
SAYING_VERBS = _words("said say says mentioned told tell explained was were")

# Words after which "you know" is the verb with its subject: "do you know", "if you know",
# "as you know", "let you know", "more than you know", "something that you know",
# "everything you know" (a relative clause).
_YOU_KNOW_NOT_AFTER = (
    AUXILIARIES | WH_WORDS | INDEFINITES | _words("as let make makes made help than that unless")
)
# Words that make "know" take an object or a clause: "you know what", "you know it".
_YOU_KNOW_NOT_BEFORE = (
    WH_WORDS
    | INDEFINITES
    | (OBJECT_PRONOUNS - {"you", "it"})
    | _words("that about exactly more much better best enough each both too")
)

# "what I mean", "do I mean", "you know what I mean": the verb, not the filler.
_I_MEAN_NOT_AFTER = WH_WORDS | AUXILIARIES | _words("that's know")
# "I mean it", "I mean to", "I mean no harm", "I mean well", "I mean business".
_I_MEAN_NOT_BEFORE = _words(
    "it that to what well no business nothing something anything him her them this every exactly precisely by"
)

# "I like", "would like", "don't like", "really like": the verb.
_LIKE_VERB_AFTER = (
    SUBJECT_PRONOUNS
    | AUXILIARIES
    | _words("who people to really also i'd you'd we'd they'd he'd she'd i'll you'll we'll they'll")
)
# "looks like", "something like", "just like", "more like", "not like": the preposition.
_LIKE_PREPOSITION_AFTER = _words(
    "look looks looked looking seem seems seemed sound sounds sounded feel feels felt feeling "
    "smell smells taste tastes act acts acted acting something anything nothing everything "
    "things stuff more much exactly just not nobody anyone someone kind sort"
)


def _is_number(word: str | None) -> bool:
    return word is not None and (word[:1].isdigit() or word in NUMBER_WORDS)


def _at_clause_start(c: Context) -> bool:
    """Whether the phrase opens a clause: after punctuation, a hesitation or a conjunction."""
    return c.prev is None or c.left in (PUNCT, HESITATION) or c.prev in CONJUNCTIONS


def you_know(c: Context) -> float | None:
    """ "it's hard you know" / "the hard part you know was" vs "do you know the way"."""
    if c.prev in _YOU_KNOW_NOT_AFTER or (c.prev == "so" and c.prev2 == "just"):
        return None  # "just so you know" is a phrase with a meaning
    if c.next in _YOU_KNOW_NOT_BEFORE:
        return None
    if HESITATION in (c.left, c.right):
        return 0.6
    if c.next == "it" and c.next2 is None:
        return None  # "you know it" at the very end: the object
    if c.next in DETERMINERS or c.next == "it":
        # "because you know my brain thinks" vs "you know my brother";
        # "but you know it saves time" vs "you know it by heart"
        return 0.35
    return 0.55


def i_mean(c: Context) -> float | None:
    """ "I mean it's fine" (filler, but it may also introduce a correction) vs "I mean it"."""
    if c.prev in _I_MEAN_NOT_AFTER or c.next in _I_MEAN_NOT_BEFORE:
        return None
    if c.left == HESITATION:
        return 0.6
    return 0.45


def like(c: Context) -> float | None:
    """ "it was like really huge" / "held like six hundred" vs "I like it" / "looks like rain"."""
    if c.prev in _LIKE_VERB_AFTER or c.prev in _LIKE_PREPOSITION_AFTER:
        return None
    if c.next is None:
        return None  # "and she was like" (quoting), or it continues where we cannot see
    if _is_number(c.next):
        return 0.5  # "like six hundred people": a hedge, "about"
    if c.prev in COPULAS:
        # "it was like really huge" is a filler; "it was like a dream" a comparison.
        return 0.45 if c.next in INTENSIFIERS else None
    if _at_clause_start(c):
        if c.next in DETERMINERS or c.next in OBJECT_PRONOUNS - {"you", "it"}:
            return None  # "and like the others", "like him"
        if c.next in SUBJECT_PRONOUNS and c.next2 in SAYING_VERBS:
            return None  # "like I said" means "as I said"
        return 0.55 if c.left == HESITATION else 0.45
    return None


HEURISTICS: dict[str, Heuristic] = {"you know": you_know, "i mean": i_mean, "like": like}
"""English phrase (normalized) -> its position rule."""
