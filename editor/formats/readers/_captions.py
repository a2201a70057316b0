"""Cue scanning shared by the SRT and WebVTT readers.

Both formats are blocks separated by blank lines, each with an optional identifier line,
a ``start --> end`` time line and payload lines. Real files bend those rules, so the
scanner is deliberately lenient where no information is lost and strict where a guess
could put text at the wrong time:

* extra blank lines anywhere are fine; a blank line *inside* a cue's text (a common
  hand-editing slip) does not end the cue: text without its own time line belongs to the
  cue before it;
* a time line in the middle of a block starts a new cue (a missing blank line);
* the identifier is the line right before a time line: digits-only for SRT, the first
  line of the block (any text) for WebVTT;
* a time line that cannot be parsed, or a line that is clearly meant as one but lacks
  the ``-->``, raises ``FormatError`` naming the line number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from editor.formats.errors import FormatError
from editor.formats.timecode import parse_timecode

# Two time codes with something other than "-->" between them: a broken time line.
_TIMEISH = re.compile(r"\d{1,3}:\d{2}(?::\d{2})?[,.]\d{1,3}\s*\S{0,4}\s*\d{1,3}:\d{2}")
_NO_MILLIS = re.compile(r"\d{1,3}:\d{2}:\d{2}")
TIME_LINE = re.compile(r"(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}[ \t]*-->[ \t]*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}")

Line = tuple[int, str]
"""A 1-based line number and the line's text, stripped of surrounding whitespace."""


@dataclass(slots=True)
class Cue:
    """One timed cue: its times and its payload lines."""

    start: float
    end: float
    lines: list[Line] = field(default_factory=list)


def blocks(lines: Sequence[str], first: int = 0) -> Iterator[list[Line]]:
    """Runs of non-blank lines from ``lines[first:]``, each line stripped and numbered."""
    block: list[Line] = []
    for index in range(first, len(lines)):
        line = lines[index].strip()
        if line:
            block.append((index + 1, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def is_identifier(block: Sequence[Line], position: int, *, any_first_line: bool) -> bool:
    """Whether ``block[position]`` names the cue whose time line follows it."""
    if position + 1 >= len(block) or "-->" not in block[position + 1][1]:
        return False
    return _is_number(block[position][1]) or (any_first_line and position == 0)


def scan_cues(
    all_blocks: Iterator[list[Line]],
    path: Path,
    *,
    vtt: bool,
) -> list[Cue]:
    """The cues of an SRT (``vtt=False``) or WebVTT body, in file order."""
    cues: list[Cue] = []
    for block in all_blocks:
        for position, (number, line) in enumerate(block):
            if "-->" in line:
                start, end = parse_time_line(line, number, path, vtt=vtt)
                cues.append(Cue(start, end))
            elif _TIMEISH.match(line):
                raise FormatError(path, f"line {number}: bad time line {line[:60]!r} ({_expected(vtt)})")
            elif is_identifier(block, position, any_first_line=vtt):
                continue
            elif cues:
                cues[-1].lines.append((number, line))
            elif not (_is_number(line) and not vtt):
                # A stray SRT index before the first cue is harmless; text is not.
                raise FormatError(
                    path,
                    f"line {number}: expected a cue, that is a time line like "
                    f"'{_example(vtt)}', but found {line[:40]!r}",
                )
    return cues


def parse_time_line(line: str, number: int, path: Path, *, vtt: bool) -> tuple[float, float]:
    """Start and end seconds from ``start --> end [settings]``; FormatError names the line."""
    left, _, right = line.partition("-->")
    tokens = right.split()
    start = _time(left.strip(), number, path, vtt=vtt)
    end = _time(tokens[0] if tokens else "", number, path, vtt=vtt)
    if end < start:
        raise FormatError(path, f"line {number}: the cue ends ({end:g} s) before it starts ({start:g} s)")
    return start, end


def _time(token: str, number: int, path: Path, *, vtt: bool) -> float:
    if not vtt and _NO_MILLIS.fullmatch(token):
        token += ",000"  # "00:00:01" without milliseconds: common in hand-made SRT
    try:
        return parse_timecode(token)
    except (ValueError, OverflowError):  # OverflowError: more hours than a float holds
        shown = repr(token[:40]) if token else "(nothing)"
        raise FormatError(path, f"line {number}: bad time code {shown} ({_expected(vtt)})") from None


def _expected(vtt: bool) -> str:
    return "expected MM:SS.mmm or HH:MM:SS.mmm" if vtt else "expected HH:MM:SS,mmm"


def _example(vtt: bool) -> str:
    return "00:01.000 --> 00:04.000" if vtt else "00:00:01,000 --> 00:00:04,000"


def first_lines(head: str, count: int) -> list[str]:
    """The first ``count`` non-blank lines of ``head``, stripped (cheap on huge lines)."""
    found: list[str] = []
    for line in head.split("\n", 50)[:50]:
        if line.strip():
            found.append(line.strip())
            if len(found) == count:
                break
    return found
