"""SubRip (.srt): numbered cues, ``HH:MM:SS,mmm`` times, ``Name: `` where the speaker changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from editor.formats.timecode import format_timecode
from editor.formats.writers.base import ExportOptions, Writer, text_bytes
from editor.formats.writers.cues import build_cues

if TYPE_CHECKING:
    from editor.core.document import Document


def write(doc: Document, options: ExportOptions) -> bytes:
    """The SRT file; raises FormatError when a segment has no time (see ``build_cues``)."""
    blocks = []
    for number, cue in enumerate(build_cues(doc, options, "SRT"), start=1):
        text = f"{cue.label}: {cue.text}" if cue.label else cue.text
        timing = f"{format_timecode(cue.start)} --> {format_timecode(cue.end)}"
        blocks.append(f"{number}\n{timing}\n{text}\n")
    return text_bytes(blocks)


WRITER = Writer(name="srt", label="SubRip subtitles", extension=".srt", binary=False, write=write)
