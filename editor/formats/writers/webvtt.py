"""WebVTT (.vtt): ``HH:MM:SS.mmm`` cues with ``<v Name>`` voice spans, text escaped.

Every cue of a named speaker carries its voice span, not only the first of a turn: a voice
is markup (players do not print it, Apple Podcasts reads it for speaker names), and a cue
shown or cut out on its own still says who speaks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from editor.formats.timecode import format_timecode
from editor.formats.writers.base import ExportOptions, Writer, text_bytes
from editor.formats.writers.cues import build_cues

if TYPE_CHECKING:
    from editor.core.document import Document


def escape(text: str) -> str:
    """Escape cue text: ``&``, ``<`` and ``>`` are markup in WebVTT.

    Escaping ``>`` also keeps "-->" (which would end the cue timing) out of cue text.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _voice(name: str) -> str:
    """The opening voice tag; the annotation may not hold ``>``, ``&`` or ``<`` raw."""
    return f"<v {escape(name)}>"


def write(doc: Document, options: ExportOptions) -> bytes:
    """The WebVTT file; raises FormatError when a segment has no time."""
    blocks = ["WEBVTT\n"]
    for cue in build_cues(doc, options, "WebVTT"):
        text = escape(cue.text)
        if cue.speaker:
            text = _voice(cue.speaker) + text
        start = format_timecode(cue.start, separator=".")
        end = format_timecode(cue.end, separator=".")
        blocks.append(f"{start} --> {end}\n{text}\n")
    return text_bytes(blocks)


WRITER = Writer(
    name="webvtt",
    label="WebVTT subtitles",
    extension=".vtt",
    binary=False,
    write=write,
    options=frozenset({"fillers"}),
    description="cues with <v Speaker> voices (Apple Podcasts, web players)",
)
