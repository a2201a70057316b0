"""Markdown (.md).

A ``# Title`` heading when there is a title. Verbatim: one Markdown paragraph per segment
(``[HH:MM:SS]`` when the time is known, ``**Name:**`` where a turn starts). Clean: one
paragraph per clean paragraph with ``**Name:**`` where the speaker changes.

Why a blank line between every verbatim line rather than two trailing spaces (hard line
breaks inside one paragraph per turn): trailing spaces are invisible and editors, linters
and git hooks strip them, silently merging the lines; a backslash break is unknown to
Python-Markdown and older renderers. Separate paragraphs render as separate lines in every
Markdown flavour, and match HTML and DOCX, where a verbatim segment is a paragraph too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from editor.formats.clean import paragraphs, verbatim_lines, with_speaker_labels
from editor.formats.writers.base import (
    CLEAN_TEXT_OPTIONS,
    ExportOptions,
    Writer,
    document_title,
    hms_stamp,
    one_line,
    text_bytes,
)
from editor.formats.writers.text import wrap

if TYPE_CHECKING:
    from editor.core.document import Document

# Characters that start inline markup anywhere in a line: code, emphasis, links, raw HTML
# and autolinks, GFM strikethrough, and the escape character itself.
_INLINE = re.compile(r"([\\`*_\[\]<~])")
# "&name;" / "&#123;" would be read as an entity; a plain "&" ("AT&T") renders as is.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# What makes a line a block other than a paragraph: a heading, a quote, a list item, a
# thematic break or a setext underline. Only the first character needs its backslash.
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|=+\s*$|-+\s*$)")
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape_inline(text: str) -> str:
    """Backslash-escape the characters that would turn transcript text into markup."""
    return _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))


def escape_block(line: str) -> str:
    """Escape what would make ``line`` a heading, quote, list or rule, and leading spaces.

    Applied to every output line (after wrapping, so a wrapped line starting with "1984."
    does not become a list item). Our own markup, ``**Name:**`` and ``[00:01:02]``,
    starts with characters this leaves alone.
    """
    line = line.lstrip()  # four leading spaces would make a code block
    line = _BLOCK_START.sub(r"\\\1", line)
    return _ORDERED_ITEM.sub(r"\1\\\2", line)


def _paragraph(stamp: str, name: str | None, text: str, width: int) -> str:
    """One Markdown paragraph: stamp, bold name and escaped text, wrapped, lines escaped."""
    parts = [stamp, f"**{escape_inline(name)}:**" if name else "", escape_inline(one_line(text))]
    wrapped = wrap(" ".join(p for p in parts if p), width)
    return "\n".join(escape_block(line) for line in wrapped.split("\n"))


def _verbatim(doc: Document) -> list[str]:
    """One paragraph per non-blank segment."""
    return [
        _paragraph(hms_stamp(segment.start), name, segment.text.strip(), 0)
        for segment, name in verbatim_lines(doc, skip_empty=True)
    ]


def _clean(doc: Document, options: ExportOptions) -> list[str]:
    """One paragraph per clean paragraph."""
    return [
        _paragraph(
            hms_stamp(paragraph.start) if options.timestamps else "",
            label,
            paragraph.text,
            options.wrap_width,
        )
        for paragraph, label in with_speaker_labels(paragraphs(doc, options))
    ]


def write(doc: Document, options: ExportOptions) -> bytes:
    """The Markdown file, UTF-8 with "\\n" line ends; blocks separated by blank lines."""
    blocks = _clean(doc, options) if options.mode == "clean" else _verbatim(doc)
    title = document_title(doc, options)
    if title:
        # "#" escaped too: a trailing "#" run would be read as the heading's closing marks.
        blocks.insert(0, "# " + escape_inline(one_line(title)).replace("#", r"\#"))
    return text_bytes(["\n\n".join(blocks)])


WRITER = Writer(
    name="markdown",
    label="Markdown",
    extension=".md",
    binary=False,
    write=write,
    options=CLEAN_TEXT_OPTIONS | {"wrap_width"},
    description="title heading, bold speaker names, one paragraph per segment or clean paragraph",
)
