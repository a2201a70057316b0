"""Interchange JSON (.json): a plain, documented shape for other tools.

Verbatim::

    {"title": str, "language": str, "mode": "verbatim",
     "speakers": [{"id": str, "name": str}],
     "segments": [{"id": str, "speaker": speaker id | null,
                   "start": seconds | null, "end": seconds | null, "text": str}]}

Clean::

    {"title": str, "language": str, "mode": "clean",
     "paragraphs": [{"speaker": name | null, "start": seconds | null,
                     "end": seconds | null, "text": str}]}

Times are seconds rounded to milliseconds. Pretty-printed UTF-8 (not ASCII-escaped).
This is an export for other programs, not the project file: it keeps no annotations,
tags or history (use the ``.galley.json`` project format for that).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from editor.formats.clean import paragraphs
from editor.formats.writers.base import ExportOptions, Writer, document_title

if TYPE_CHECKING:
    from editor.core.document import Document


def _seconds(value: float | None) -> float | None:
    """Seconds rounded to the millisecond, so 1.2 does not print as 1.2000000000000002."""
    return None if value is None else round(value, 3)


def _verbatim(doc: Document) -> dict[str, Any]:
    """Speakers and every segment as they are."""
    return {
        "speakers": [{"id": s.id, "name": s.name} for s in doc.speakers],
        "segments": [
            {
                "id": s.id,
                "speaker": s.speaker_id,
                "start": _seconds(s.start),
                "end": _seconds(s.end),
                "text": s.text,
            }
            for s in doc.segments
        ],
    }


def _clean(doc: Document, options: ExportOptions) -> dict[str, Any]:
    """The clean paragraphs."""
    return {
        "paragraphs": [
            {"speaker": p.speaker, "start": _seconds(p.start), "end": _seconds(p.end), "text": p.text}
            for p in paragraphs(doc, options)
        ]
    }


def write(doc: Document, options: ExportOptions) -> bytes:
    """The JSON file."""
    data: dict[str, Any] = {
        "title": document_title(doc, options),
        "language": doc.metadata.language,
        "mode": options.mode,
    }
    data.update(_clean(doc, options) if options.mode == "clean" else _verbatim(doc))
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


WRITER = Writer(
    name="json",
    label="JSON (Galley interchange)",
    extension=".json",
    binary=False,
    write=write,
    options=frozenset({"fillers", "pause_break", "paragraphs"}),
    description="speakers and segments, or clean paragraphs, for other programs",
)
