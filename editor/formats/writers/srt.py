"""SubRip (.srt): numbered cues, ``HH:MM:SS,mmm`` times and speaker names as text prefixes.

SRT has no markup for speakers, so the name is printed: ``Anna: `` (or ``ANNA: `` with
``speaker_case="upper"``) before the first cue of each speaker turn -- the Podcasting 2.0
guidance ("start a new card when the speaker changes; include the speaker's name, followed
by a colon") -- or before every cue, or nowhere (``speaker_prefix``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from editor.formats.timecode import format_timecode
from editor.formats.writers.base import ExportOptions, Writer, text_bytes
from editor.formats.writers.cues import Cue, build_cues

if TYPE_CHECKING:
    from editor.core.document import Document


def prefix(cue: Cue, options: ExportOptions) -> str:
    """The speaker name to print before ``cue``'s text, or ``""``."""
    if options.speaker_prefix == "none":
        return ""
    name = (cue.speaker if options.speaker_prefix == "every" else cue.label) or ""
    return name.upper() if options.speaker_case == "upper" else name


def write(doc: Document, options: ExportOptions) -> bytes:
    """The SRT file; raises FormatError when a segment has no time (see ``build_cues``)."""
    blocks = []
    for number, cue in enumerate(build_cues(doc, options, "SRT"), start=1):
        name = prefix(cue, options)
        text = f"{name}: {cue.text}" if name else cue.text
        timing = f"{format_timecode(cue.start)} --> {format_timecode(cue.end)}"
        blocks.append(f"{number}\n{timing}\n{text}\n")
    return text_bytes(blocks)


WRITER = Writer(
    name="srt",
    label="SubRip subtitles",
    extension=".srt",
    binary=False,
    write=write,
    options=frozenset({"fillers", "speaker_prefix"}),
    description="numbered cues with Name: prefixes",
)
