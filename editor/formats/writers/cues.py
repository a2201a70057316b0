"""Cue timing and speaker labels shared by the SRT and WebVTT writers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from editor.core.model import Segment
from editor.formats.clean import segments_for_subtitles, speaker_name, speaker_turns
from editor.formats.errors import FormatError
from editor.formats.writers.base import ExportOptions, one_line

if TYPE_CHECKING:
    from editor.core.document import Document

# Reading speed used to give the last cue an end when its segment has none: subtitle
# guidelines aim at 15-17 characters a second, and keep a cue on screen 1-7 seconds.
_CHARS_PER_SECOND = 15.0
_MIN_DURATION = 1.0
_MAX_DURATION = 7.0


@dataclass(frozen=True, slots=True)
class Cue:
    """One subtitle cue.

    ``speaker`` is the segment's speaker name (WebVTT voices every cue); ``label`` is the
    name to print in front of the text, set only where a speaker turn starts (SRT).
    """

    start: float
    end: float
    text: str
    speaker: str | None
    label: str | None


def usable_time(value: float | None) -> float | None:
    """A usable time: ``None`` for missing or non-finite, never below zero."""
    if value is None or not math.isfinite(value):
        return None
    return max(0.0, value)


def check_times(doc: Document, segments: Sequence[Segment], label: str) -> None:
    """Raise :class:`FormatError` unless every segment has a start time."""
    missing = [s for s in segments if usable_time(s.start) is None]
    if not missing:
        return
    if len(missing) == len(segments):
        raise FormatError(
            None,
            f"{label} needs times for every segment; this transcript has none (it came from "
            "plain text). Export as text, Markdown, HTML or DOCX instead.",
        )
    first = missing[0]
    position = doc.index_of(first.id) + 1
    snippet = first.text.strip()
    snippet = snippet if len(snippet) <= 40 else snippet[:39] + "…"
    raise FormatError(
        None,
        f"{label} needs times for every segment; segment {position} ({snippet!r}) has no "
        "start time. Add its time or export as text, Markdown, HTML or DOCX instead.",
    )


def _estimated_duration(text: str) -> float:
    """How long a cue with ``text`` should stay up when nothing says when it ends."""
    return min(_MAX_DURATION, max(_MIN_DURATION, len(text) / _CHARS_PER_SECOND))


def monotonic_starts(segments: Sequence[Segment]) -> list[float]:
    """Each segment's start (all have one), moved up where it would go back in time."""
    starts: list[float] = []
    for segment in segments:
        start = usable_time(segment.start) or 0.0
        starts.append(max(start, starts[-1]) if starts else start)
    return starts


def cue_times(segments: Sequence[Segment]) -> list[tuple[float, float]]:
    """``(start, end)`` for each segment (all have starts), safe for any player.

    Starts never go backwards (a start before the previous cue's is moved up to it); a
    missing end becomes the next segment's start, or a reading-speed estimate for the
    last one; an end at or before its start (players drop such cues) is replaced the same
    way. Overlaps that the source had are kept: they are the transcript's own timing.
    """
    starts = monotonic_starts(segments)
    times: list[tuple[float, float]] = []
    for i, (segment, start) in enumerate(zip(segments, starts, strict=True)):
        end = usable_time(segment.end)
        if end is None or end <= start:
            following = starts[i + 1] if i + 1 < len(starts) else None
            end = following if following is not None and following > start else None
        if end is None:
            end = start + _estimated_duration(segment.text)
        times.append((start, end))
    return times


def build_cues(doc: Document, options: ExportOptions, label: str) -> list[Cue]:
    """The cues of ``doc`` for a subtitle format called ``label`` (used in errors).

    Verbatim: every non-blank segment. Clean: :func:`segments_for_subtitles`. Raises
    :class:`FormatError` when a segment has no start time.
    """
    if options.mode == "clean":
        segments = segments_for_subtitles(doc, options)
    else:
        segments = [s for s in doc.segments if s.text.strip()]
    check_times(doc, segments, label)
    turns = speaker_turns(doc, segments)
    return [
        Cue(start, end, one_line(segment.text).strip(), speaker_name(doc, segment), name)
        for (segment, name), (start, end) in zip(turns, cue_times(segments), strict=True)
    ]
