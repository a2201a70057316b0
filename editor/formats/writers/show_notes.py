"""Show notes (.notes.md): the episode's chapters, speakers and sponsors in Markdown.

Built from the project's metadata and tags, not its text::

    # Episode title

    ## Chapters

    - 00:00 Introduction
    - 04:12 From physics to infrastructure

    ## Speakers

    - Maya Okafor
    - Siobhan Nguyen

    ## Sponsors

    - Lintwise — the code linter that explains itself

Chapters come from tags labelled ``chapter`` with a title (an untitled chapter is a silent
marker and is not listed), stamped ``MM:SS`` -- or ``HH:MM:SS`` for every chapter once one
starts past the first hour, the form podcast apps and video sites turn into chapter links.
A chapter without a time is listed without a stamp. Speakers are the named speakers heard
outside ads and cuts, in order of appearance. Sponsors (``ExportOptions.sponsors``) are
the ad tags' titles and notes. A section with nothing in it is left out. The mode does not
change show notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from editor.formats.clean import chapters, speakers_heard, sponsors
from editor.formats.writers.base import ExportOptions, Writer, document_title, one_line, text_bytes
from editor.formats.writers.markdown import escape_inline

if TYPE_CHECKING:
    from editor.core.document import Document


def chapter_stamp(seconds: float, long: bool) -> str:
    """``MM:SS``, or ``HH:MM:SS`` when ``long`` (the episode has chapters past an hour)."""
    total = int(max(0.0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}" if long else f"{minutes:02d}:{secs:02d}"


def _item(text: str) -> str:
    return "- " + escape_inline(one_line(text).strip())


def write(doc: Document, options: ExportOptions) -> bytes:
    """The show notes, UTF-8 Markdown with "\\n" line ends."""
    blocks: list[str] = []
    title = one_line(document_title(doc, options)).strip()
    if title:
        blocks.append("# " + escape_inline(title).replace("#", r"\#"))
    listed = [c for c in chapters(doc) if c.title]
    if listed:
        long = any(c.start is not None and c.start >= 3600 for c in listed)
        lines = []
        for chapter in listed:
            text = escape_inline(one_line(chapter.title))
            if chapter.start is not None:
                text = f"{chapter_stamp(chapter.start, long)} {text}"
            lines.append(f"- {text}")
        blocks.append("## Chapters\n\n" + "\n".join(lines))
    names = speakers_heard(doc)
    if names:
        blocks.append("## Speakers\n\n" + "\n".join(_item(name) for name in names))
    reads = sponsors(doc) if options.sponsors else []
    if reads:
        blocks.append("## Sponsors\n\n" + "\n".join(_item(read) for read in reads))
    return text_bytes(["\n\n".join(blocks)])


WRITER = Writer(
    name="show-notes",
    label="Show notes (Markdown)",
    extension=".notes.md",
    binary=False,
    write=write,
    options=frozenset({"sponsors"}),
    reads_text=False,
    description="chapter list with times, speakers and sponsors",
)
