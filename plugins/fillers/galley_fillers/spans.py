"""Where a deletion starts and ends so that removing a filler leaves clean text.

A suggestion with no replacement deletes its span, so the span has to carry the spacing
and punctuation that belong to the filler:

* followed by more words: the filler, a comma or ellipsis after it, and the space up to
  the next word ("that um actually" -> "that actually", "Um, so" -> "so"); when commas
  enclose it, the one before goes too ("I was, um, there" -> "I was there");
* at the end of a sentence or line: the space (and a comma) before it, so the sentence's
  own full stop stays ("it was, um." -> "it was.", "but you know" -> "but");
* alone in its sentence: the filler with its own punctuation ("Then. Um. So" -> "Then. So").

A repeated word is deleted together with the gap before it, so the first occurrence keeps
its capital: "The the early" -> "The early", "I, I think" -> "I think".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Punctuation that belongs to the filler it follows: "um," "um..." "um…".
_OWN_PUNCT = re.compile(r"[ \t]*(,|\.\.\.|…)")
_SENTENCE_PUNCT = re.compile(r"[.!?;:]+")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
# What may start the text after a deletion for it to count as "more words follow".
_OPENERS = "\"'“‘(["


def _space_after(text: str, index: int) -> int:
    """Index of the first non-space character at or after ``index``."""
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _space_before(text: str, index: int, floor: int) -> int:
    """Index where the run of spaces ending at ``index`` starts (not below ``floor``)."""
    while index > floor and text[index - 1].isspace():
        index -= 1
    return index


# Between fillers said one after another ("um, uh", "um you know", "Um. Uh."): no words.
_RUN_GAP = re.compile(r"[^\w]*")


def followed_by_words(text: str, end: int) -> bool:
    """Whether more words follow a filler ending at ``end`` (past its own comma or ellipsis)."""
    own = _OWN_PUNCT.match(text, end)
    next_word = _space_after(text, own.end() if own else end)
    return next_word < len(text) and (text[next_word].isalnum() or text[next_word] in _OPENERS)


def filler_spans(text: str, fillers: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Deletion spans for the fillers at ``fillers`` (``(start, end)``, in text order).

    Each span alone leaves clean text, and so do all of them together: spans never
    overlap, each is worked out as if the ones before it had been deleted, and fillers
    said one after another ("we um um.") are treated as a run, so that when nothing
    follows the run every one of them takes the space before it, not the one after.
    """
    spans: list[tuple[int, int]] = []
    for k, (start, end) in enumerate(fillers):
        last = k
        while last + 1 < len(fillers) and _RUN_GAP.fullmatch(text, fillers[last][1], fillers[last + 1][0]):
            last += 1
        spans.append(filler_span(text, start, end, spans, run_end=fillers[last][1]))
    return spans


def _remaining(text: str, deleted: Sequence[tuple[int, int]], start: int) -> tuple[str, list[int]]:
    """``text[:start]`` without the ``deleted`` spans, and where each kept character was."""
    pieces: list[str] = []
    where: list[int] = []
    position = 0
    for a, b in deleted:
        pieces.append(text[position:a])
        where.extend(range(position, a))
        position = b
    pieces.append(text[position:start])
    where.extend(range(position, start))
    return "".join(pieces), where


def filler_span(
    text: str, start: int, end: int, deleted: Sequence[tuple[int, int]] = (), run_end: int | None = None
) -> tuple[int, int]:
    """The span to delete for the filler at ``text[start:end]``.

    ``deleted`` are the spans of the deletions before it in this text (in order): the new
    span starts at or after the last one's end and is worked out on the text as it would
    be without them. ``run_end`` is where the run of fillers this one belongs to ends
    (default: ``end``); what comes after the run decides which spaces go.
    """
    floor = deleted[-1][1] if deleted else 0
    remaining, where = _remaining(text, deleted, start)

    def original(index: int) -> int:
        """Where position ``index`` of ``before`` is in ``text``."""
        return where[index] if index < len(where) else start

    own = _OWN_PUNCT.match(text, end)
    filler_end = own.end() if own else end
    next_word = _space_after(text, filler_end)
    run_end = end if run_end is None else run_end
    followed = followed_by_words(text, run_end)
    before = remaining.rstrip()
    if followed:
        comma = original(len(before) - 1) if before.endswith(",") else -1
        if own and own.group(1) == "," and comma >= floor:
            return comma, filler_end  # both commas were the filler's
        stop = _SENTENCE_PUNCT.match(text, filler_end)  # "um. um we": the run goes as one
        return start, _space_after(text, stop.end()) if stop else next_word
    if before and not _TERMINAL.search(before):
        # A sentence goes on before it: take the space (and a comma) before the filler.
        cut = len(before) - 1 if before.endswith(",") else len(before)
        return min(max(original(cut), floor), start), filler_end
    # The filler is a sentence of its own: take its full stop too, and the space after it
    # if another sentence follows the run, else the space before it.
    stop = _SENTENCE_PUNCT.match(text, filler_end)
    stop_end = stop.end() if stop else filler_end
    if _continues_after_stop(text, run_end):
        return start, _space_after(text, stop_end)
    return _space_before(text, start, floor), stop_end


def _continues_after_stop(text: str, end: int) -> bool:
    """Whether any text follows the filler ending at ``end`` and its closing punctuation."""
    own = _OWN_PUNCT.match(text, end)
    after = own.end() if own else end
    stop = _SENTENCE_PUNCT.match(text, after)
    return bool(text[stop.end() if stop else after :].strip())


def leading_repeat_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span deleting a repeat at the start of a segment (the word said at the end of
    the one before): the word(s) and the space after them."""
    after = _space_after(text, end)
    if after < len(text) and (text[after].isalnum() or text[after] in _OPENERS):
        return start, after
    return start, end
