"""Exporters: one module per format, an explicit registry, and one entry point.

    export_bytes(doc, "markdown", ExportOptions(mode="clean", fillers=("um",)))

Every writer is pure Python (no Qt) and returns bytes; text formats are UTF-8 with "\\n"
line ends and a final newline.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from editor.formats.errors import FormatError
from editor.formats.writers import (
    docx,
    html,
    json,
    markdown,
    podcast,
    project,
    show_notes,
    srt,
    text,
    webvtt,
)
from editor.formats.writers.base import ExportOptions, Writer

if TYPE_CHECKING:
    from editor.core.document import Document

# The order menus and ``galley export --help`` list them in.
WRITERS: tuple[Writer, ...] = (
    text.WRITER,
    markdown.WRITER,
    html.WRITER,
    docx.WRITER,
    srt.WRITER,
    webvtt.WRITER,
    podcast.TRANSCRIPT_WRITER,
    podcast.CHAPTERS_WRITER,
    show_notes.WRITER,
    json.WRITER,
    project.WRITER,
)

# Names people type that are neither a writer name nor its extension.
_ALIASES: dict[str, str] = {
    "txt": "text",
    "md": "markdown",
    "htm": "html",
    "vtt": "webvtt",
    "galley": "project",
    "podcast-json": "podcast-transcript",
    "transcript": "podcast-transcript",
    "chapters": "podcast-chapters",
    "podcast-chapters-json": "podcast-chapters",
    "notes": "show-notes",
    "shownotes": "show-notes",
}


def writer_for(name: str) -> Writer:
    """The writer called ``name``, or whose extension is ``name`` ("txt", ".md", "vtt", "galley").

    Case-insensitive. Raises :class:`FormatError` listing the known names for anything else.
    """
    key = name.strip().lower().lstrip(".")
    key = _ALIASES.get(key, key)
    for writer in WRITERS:
        if key in (writer.name, writer.extension.lstrip(".")):
            return writer
    known = ", ".join(w.name for w in WRITERS)
    raise FormatError(None, f"unknown export format {name!r}; choose one of: {known}")


def writer_for_path(path: str | PurePath) -> Writer:
    """The writer for a file name by its extension; the longest match wins (".galley.json")."""
    file_name = PurePath(path).name.lower()
    matches = [w for w in WRITERS if file_name.endswith(w.extension)]
    if not matches and file_name.endswith(".htm"):
        return html.WRITER
    if not matches:
        raise FormatError(Path(path), "cannot tell the export format from the file extension")
    return max(matches, key=lambda w: len(w.extension))


def export_bytes(doc: Document, name: str, options: ExportOptions | None = None) -> bytes:
    """Export ``doc`` in format ``name`` (see :func:`writer_for`) with ``options``."""
    options = options or ExportOptions()
    writer = writer_for(name)
    if options.mode not in writer.modes:
        raise FormatError(None, f"{writer.label} export has no {options.mode} mode")
    return writer.write(doc, options)


__all__ = ["WRITERS", "ExportOptions", "Writer", "export_bytes", "writer_for", "writer_for_path"]
