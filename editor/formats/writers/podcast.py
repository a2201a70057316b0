"""Podcasting 2.0 JSON: the transcript and the chapters files of the ``podcast`` namespace.

Transcript (``.transcript.json``; linked from a feed with
``<podcast:transcript url="..." type="application/json"/>``), as the namespace's
transcript file format describes it (docs/examples/transcripts/transcripts.md, "JSON")::

    {"version": "1.0.0",
     "segments": [{"speaker": str, "startTime": seconds, "endTime": seconds, "body": str}]}

One entry per segment (verbatim: every non-blank segment; clean: ads and cuts left out,
fillers removed -- the same cues as SRT and WebVTT). ``startTime`` is required: a
transcript with a segment that has no start time is refused with a message naming the
segment, because a player seeks and highlights by it and a made-up time would show the
wrong words. Starts never go backwards (a start earlier than the one before is moved up).
``endTime`` is "(if available)" in the spec: given when the segment has an end after its
start, left out otherwise. ``speaker`` is left out for a segment without a named speaker.

Chapters (``.chapters.json``; ``<podcast:chapters type="application/json+chapters">``),
as the JSON chapters format 1.2 describes it (docs/examples/chapters/jsonChapters.md)::

    {"version": "1.2.0", "title": episode title (when known),
     "chapters": [{"startTime": seconds, "title": str, "endTime": seconds,
                   "url": str, "toc": false}]}

One chapter per tag labelled ``chapter``: ``startTime`` is the start of its first segment
(required: a chapter without a time is refused, naming it), ``title`` the tag's title,
``endTime`` the end of its last segment when known, ``url`` the tag's note when that is a
web address. An untitled chapter is written as a "silent" marker, ``"toc": false``, and
has no ``title``. Times are seconds rounded to the millisecond; both files are UTF-8, not
ASCII-escaped. The transcript puts one segment on a line (``json.dumps(indent=...)`` falls
back to the pure-Python encoder: 2 s for a 10-hour show instead of 0.2 s); the chapters file
is indented.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from editor.formats.clean import chapters, segments_for_subtitles
from editor.formats.errors import FormatError
from editor.formats.writers.base import ExportOptions, Writer, document_title, one_line
from editor.formats.writers.cues import check_times, monotonic_starts

if TYPE_CHECKING:
    from editor.core.document import Document

TRANSCRIPT_VERSION = "1.0.0"
CHAPTERS_VERSION = "1.2.0"
TRANSCRIPT_LABEL = "Podcasting 2.0 transcript JSON"
CHAPTERS_LABEL = "Podcasting 2.0 chapters"


def _seconds(value: float) -> float:
    """Seconds rounded to the millisecond, always a JSON float ("0.0", not "0")."""
    return float(round(value, 3))


def _dumps(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def transcript_segments(doc: Document, options: ExportOptions) -> list[dict[str, Any]]:
    """The ``segments`` array; raises :class:`FormatError` when a segment has no start."""
    if options.mode == "clean":
        segments = segments_for_subtitles(doc, options)
    else:
        segments = [s for s in doc.segments if s.text.strip()]
    check_times(doc, segments, TRANSCRIPT_LABEL)
    names = {s.id: s.name for s in doc.speakers if s.name}
    items: list[dict[str, Any]] = []
    for segment, start in zip(segments, monotonic_starts(segments), strict=True):
        item: dict[str, Any] = {}
        name = names.get(segment.speaker_id) if segment.speaker_id is not None else None
        if name:
            item["speaker"] = name
        item["startTime"] = float(round(start, 3))
        end = segment.end
        if end is not None and math.isfinite(end) and end > start:
            item["endTime"] = float(round(end, 3))
        item["body"] = one_line(segment.text).strip()
        items.append(item)
    return items


def write_transcript(doc: Document, options: ExportOptions) -> bytes:
    """The Podcasting 2.0 transcript JSON file, one segment a line."""
    encode = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder: no indent
    items = transcript_segments(doc, options)
    if not items:
        return _dumps({"version": TRANSCRIPT_VERSION, "segments": []})
    lines = "\n".join(f"    {encode(item)}," for item in items)[:-1]  # no comma after the last
    return f'{{\n  "version": "{TRANSCRIPT_VERSION}",\n  "segments": [\n{lines}\n  ]\n}}\n'.encode()


def write_chapters(doc: Document, options: ExportOptions) -> bytes:
    """The Podcasting 2.0 chapters JSON file; refuses a document without timed chapters."""
    found = chapters(doc)
    if not found:
        raise FormatError(
            None,
            f"{CHAPTERS_LABEL}: this transcript has no chapters. Tag the segments of each "
            "chapter with the label 'chapter' and give the tag a title.",
        )
    untimed = next((c for c in found if c.start is None), None)
    if untimed is not None:
        name = f"chapter {untimed.title!r}" if untimed.title else "an untitled chapter"
        raise FormatError(
            None,
            f"{CHAPTERS_LABEL} need a start time for every chapter; {name} starts at segment "
            f"{untimed.segment}, which has no time.",
        )
    items: list[dict[str, Any]] = []
    for chapter in found:
        assert chapter.start is not None  # checked above
        item: dict[str, Any] = {"startTime": _seconds(chapter.start)}
        if chapter.title:
            item["title"] = chapter.title
        if chapter.end is not None:
            item["endTime"] = _seconds(chapter.end)
        if chapter.url:
            item["url"] = chapter.url
        if not chapter.title:
            item["toc"] = False
        items.append(item)
    data: dict[str, Any] = {"version": CHAPTERS_VERSION}
    title = one_line(document_title(doc, options)).strip()
    if title:
        data["title"] = title
    data["chapters"] = items
    return _dumps(data)


TRANSCRIPT_WRITER = Writer(
    name="podcast-transcript",
    label=TRANSCRIPT_LABEL,
    extension=".transcript.json",
    binary=False,
    write=write_transcript,
    options=frozenset({"fillers"}),
    description="for <podcast:transcript> in your feed: each segment with its speaker, start and end time",
)

CHAPTERS_WRITER = Writer(
    name="podcast-chapters",
    label=f"{CHAPTERS_LABEL} JSON",
    extension=".chapters.json",
    binary=False,
    write=write_chapters,
    reads_text=False,
    description="for <podcast:chapters> in your feed: the chapter tags with their titles and times",
)
