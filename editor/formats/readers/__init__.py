"""Importers: an explicit registry of readers, format detection and ``read_document``.

Detection scores every reader's ``sniff`` on the start of the decoded text and adds an
extension bonus (only to a reader that already sees *some* sign of its format), so
content wins over the file name and the name breaks ties. Plain text is the fallback.
A file named ``.srt``/``.vtt``/``.json`` whose content is not that format still goes to
that reader, which then names the problem ("line 1: missing the WEBVTT header"), rather
than being imported as plain text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from editor.core.document import Document
from editor.formats.errors import FormatError
from editor.formats.readers import plain_text, project, srt, webvtt, whisper_json
from editor.formats.readers.base import SNIFF_HEAD_CHARS, Reader
from editor.formats.textio import decode_text, read_bytes

__all__ = ["READERS", "Reader", "detect", "read_document", "reader_named"]

READERS: tuple[Reader, ...] = (
    project.READER,
    whisper_json.READER,
    webvtt.READER,
    srt.READER,
    plain_text.READER,
)
"""Every import format, most specific first (the order breaks equal scores)."""

EXTENSION_BONUS = 10

_ALIASES = {
    "txt": "text",
    "plain": "text",
    "plain-text": "text",
    "vtt": "webvtt",
    "json": "whisper-json",
    "whisper": "whisper-json",
    "galley": "project",
}


def reader_named(name: str, path: str | Path | None = None) -> Reader:
    """The reader called ``name`` (or a common alias such as ``vtt``, ``txt``, ``json``)."""
    wanted = _ALIASES.get(name.lower(), name.lower())
    for reader in READERS:
        if reader.name == wanted:
            return reader
    known = ", ".join(r.name for r in READERS)
    raise FormatError(path, f"unknown import format {name!r} (known: {known})")


def detect(path: str | Path, text: str) -> Reader:
    """The reader whose format ``text`` most likely is; plain text when nothing fits."""
    path = Path(path)
    head = text[:SNIFF_HEAD_CHARS]
    best, best_score = plain_text.READER, -1
    for reader in READERS:
        score = reader.sniff(head, path)
        if score > 0 and reader.matches_extension(path):
            score += EXTENSION_BONUS
        if score > best_score:
            best, best_score = reader, score
    return best


def read_document(path: str | Path, format: str | None = None) -> Document:
    """Read a transcript or project file into a new Document (see :func:`read_with_format`)."""
    return read_with_format(path, format)[0]


def read_with_format(path: str | Path, format: str | None = None) -> tuple[Document, str]:
    """Read a transcript or project file into a new Document; also the reader's name.

    ``format`` names a reader (see :data:`READERS`) to skip detection. Every problem
    (missing file, undecodable bytes, malformed content, nothing to import) raises
    ``FormatError`` whose message names the file. For transcripts the metadata records the
    source: file name, format, SHA-256 of the bytes, and the file stem as title.
    """
    path = Path(path)
    reader = reader_named(format, path) if format else None
    data = read_bytes(path)
    if not data:
        raise FormatError(path, "empty file")
    text = decode_text(data, path)
    if not text.strip():
        raise FormatError(path, "empty file (only blank lines)")
    reader = reader or detect(path, text)
    doc = _parse(reader, text, path)
    if not doc.segments:
        raise FormatError(path, "no transcript text found")
    return (_with_source(doc, path, data) if reader.transcript else doc), reader.name


def _parse(reader: Reader, text: str, path: Path) -> Document:
    try:
        return reader.read(text, path)
    except FormatError as exc:
        if exc.path == str(path):
            raise
        raise FormatError(path, exc.message) from exc
    except RecursionError:
        raise FormatError(path, "nested too deeply to read") from None


def _with_source(doc: Document, path: Path, data: bytes) -> Document:
    """A fresh import with its source recorded (a new import holds only segments/speakers)."""
    name = _displayable(path.name)
    metadata = replace(
        doc.metadata,
        title=Path(name).stem.removesuffix(".galley") or name,
        source_name=name,
        source_sha256=hashlib.sha256(data).hexdigest(),
    )
    return Document(doc.segments, doc.speakers, metadata=metadata)


_UNDECODABLE = re.compile("[\ud800-\udfff]")


def _displayable(name: str) -> str:
    """A file name as text: bytes that were not UTF-8 (Linux allows any bytes in names and
    Python keeps them as lone surrogates) become U+FFFD, so the title can be saved."""
    return _UNDECODABLE.sub("\ufffd", name)
