"""Importers and exporters: a file becomes a Document, a Document becomes bytes.

``readers`` holds one module per import format and ``writers`` one per export format, each
with an explicit registry list. This module is the small facade the rest of the app uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editor.core.document import Document
    from editor.formats.writers.base import ExportOptions


def read_document(path: str | Path, format: str | None = None) -> Document:
    """Import any supported file (format detected unless named); ``FormatError`` if bad."""
    from editor.formats.readers import read_document as read

    return read(path, format)


def export_bytes(doc: Document, name: str, options: ExportOptions | None = None) -> bytes:
    """The document in export format ``name`` (``txt``, ``md``, ``srt`` ...)."""
    from editor.formats.writers import export_bytes as export
    from editor.formats.writers.base import ExportOptions

    return export(doc, name, options or ExportOptions())
