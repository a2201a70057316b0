"""Plain text (.txt).

Verbatim: one line per segment, ``Name: `` on the first line of each speaker turn, no
times -- the exact shape the plain-text importer reads, so a plain-text file imported and
exported verbatim gives back its non-empty lines. Clean: paragraphs separated by blank
lines, ``Name: `` where the speaker changes, optional ``[HH:MM:SS]`` stamps and hard wrap.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from editor.formats.clean import (
    has_speaker_prefix,
    paragraphs,
    verbatim_lines,
    with_speaker_labels,
)
from editor.formats.writers.base import (
    CLEAN_TEXT_OPTIONS,
    ExportOptions,
    Writer,
    hms_stamp,
    one_line,
    text_bytes,
)

if TYPE_CHECKING:
    from editor.core.document import Document
    from editor.core.model import Segment


def wrap(text: str, width: int) -> str:
    """Hard-wrap ``text`` at ``width`` columns (0: unchanged), never breaking a word."""
    if width <= 0:
        return text
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)


def verbatim_line(segment: Segment, name: str | None) -> str:
    """The verbatim line of one segment, ``name`` being the prefix it carries (or ``None``).

    A prefixed segment whose text is unchanged since import gives back its source line
    exactly: the importer strips whatever spacing followed the colon ("Maya:   hi"), and
    "verbatim" should not normalise it.
    """
    text = one_line(segment.text)
    if not name:
        return text
    original = segment.original
    if (
        original is not None
        and has_speaker_prefix(original, name)
        and original[len(name) + 1 :].strip() == text.strip()
    ):
        return one_line(original).rstrip()
    return f"{name}: {text}"


def _verbatim(doc: Document) -> list[str]:
    """One line per non-blank segment, the speaker's name where a turn starts."""
    return [verbatim_line(segment, name) for segment, name in verbatim_lines(doc, skip_empty=True)]


def _clean(doc: Document, options: ExportOptions) -> list[str]:
    """Clean paragraphs, each followed by a blank line."""
    lines: list[str] = []
    for paragraph, label in with_speaker_labels(paragraphs(doc, options)):
        stamp = hms_stamp(paragraph.start) if options.timestamps else ""
        parts = [stamp, f"{label}:" if label else "", paragraph.text]
        lines += [wrap(" ".join(p for p in parts if p), options.wrap_width), ""]
    return lines


def write(doc: Document, options: ExportOptions) -> bytes:
    """The text file, UTF-8 with "\\n" line ends."""
    return text_bytes(_clean(doc, options) if options.mode == "clean" else _verbatim(doc))


WRITER = Writer(
    name="text",
    label="Plain text",
    extension=".txt",
    binary=False,
    write=write,
    options=CLEAN_TEXT_OPTIONS | {"wrap_width"},
    description="one line per segment, or clean speaker paragraphs",
)
