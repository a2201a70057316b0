"""Splitting a segment into the pieces a careful spell checker looks up.

The rules, and why:

- URLs, e-mail addresses, ``@handles`` and ``#hashtags`` are skipped whole: they are not
  words. Spelled-out addresses ("example dot com") are ordinary words and are checked.
- Pure numbers are skipped, and so are times ("10:30" is two numbers to the tokenizer).
- A possessive or contraction is looked up whole first ("don't", "o'clock"), then on its
  base: "Nguyen's" and "Maya'll" are checked as "Nguyen" and "Maya". The flagged span is
  the base, so accepting a suggestion keeps the "'s".
- A hyphenated word is looked up whole first ("uh-huh"), then part by part: "on-call" is
  fine, "co-hots" flags "hots" only if it is not a word.
- What is a word is decided by :mod:`galley_spelling.judge`, not here; this module only
  finds tokens (:data:`WORD`), skipped spans and the pieces of a token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Things that are not words at all. Kept deliberately strict: a domain needs a dot followed
# by 2+ letters with no space, so ordinary text never matches.
_SKIP = re.compile(
    r"""
    (?:https?|ftp)://\S+                           # URL with a scheme
    | www\.\S+                                     # bare www. address
    | [\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+              # e-mail address
    | (?<![\w@])[@#][\w\-]+                        # @handle, #hashtag
    | \b(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,}(?:/\S*)? # domain, optional path: example.com/ep1
      (?=$|[\s,;:!?)\]"'’]|\.(?:\s|$))
    """,
    re.VERBOSE,
)

# The same words as ``editor.plugin_api.words`` finds, compiled here so the hot loop can
# use the match objects directly.
WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
# A text with none of these cannot contain a skipped span (cheap test before the big one).
_MAYBE_SKIPPED = re.compile(r"[.@#:]\S")

_APOSTROPHES = "'\u2019"
# Endings after an apostrophe that leave the base a word of its own.
_CLITICS = ("s", "ll", "re", "ve", "d", "m", "t")


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of a token to look up, and where it is (``start``/``end`` are offsets in
    whatever text the token's own offsets refer to)."""

    text: str
    start: int
    end: int


def skipped_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are addresses, handles or hashtags, not words."""
    if not _MAYBE_SKIPPED.search(text):
        return []
    return [match.span() for match in _SKIP.finditer(text)]


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``start..end`` overlaps any of ``spans``."""
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def split_apostrophe(piece: Piece) -> Piece | None:
    """The base of a possessive or contraction ("Nguyen's" -> "Nguyen"), else ``None``.

    Only a known ending is stripped; "O'Brien" and "rock'n'roll" have none, so they are
    looked up whole (and part by part by :func:`parts`).
    """
    text = piece.text
    cut = max(text.rfind(mark) for mark in _APOSTROPHES)
    if cut <= 0:
        return None
    ending = text[cut + 1 :].casefold()
    if ending not in _CLITICS:
        return None
    base_end = cut
    if ending == "t" and text[:cut].casefold().endswith("n"):
        base_end = cut - 1  # "couldn't" -> "could"; "can't" -> "ca" is caught by the whole look-up
    if base_end <= 0:
        return None
    return Piece(text[:base_end], piece.start, piece.start + base_end)


def parts(piece: Piece) -> list[Piece]:
    """The hyphen- and apostrophe-separated parts of ``piece``, with their own offsets."""
    found = []
    for match in re.finditer(r"[^\-'\u2019]+", piece.text):
        found.append(Piece(match.group(), piece.start + match.start(), piece.start + match.end()))
    return found
