"""SubRip (``.srt``) subtitles: one segment per cue.

Why a hand-written parser rather than the PyPI ``srt`` library: Galley needs the 1-based
line of each cue's text (``Segment.source_line``, used to point at problems in the source)
and errors that name a line ("line 12: bad time code ..."). ``srt`` yields cues without
their position and reports parse failures as character offsets, and it leaves formatting
tags in the text; wrapping it would mean re-scanning the file anyway. The format is small
and the shared scanner in :mod:`._captions` is ~100 lines with tests for every tolerance.

Accepted: index lines (optional), ``HH:MM:SS,mmm --> HH:MM:SS,mmm`` with ``.`` or ``,``
before the milliseconds (and ``HH:MM:SS`` without milliseconds), position metadata after
the times, extra blank lines, trailing spaces. Cue text lines are joined with a space;
``<i>``, ``<b>``, ``<u>``, ``<s>``, ``<font ...>`` and ``{\\an8}``-style tags are removed.
A ``Name:``, ``>> Name:`` or ``[Name]`` prefix at the start of a cue may start a speaker
turn under the shared rule in :mod:`.base`; ``original`` keeps the cue text with it.
"""

from __future__ import annotations

import re
from pathlib import Path

from editor.core.document import Document
from editor.formats.readers._captions import TIME_LINE, Cue, blocks, first_lines, scan_cues
from editor.formats.readers.base import (
    Draft,
    Reader,
    SpeakerTable,
    assign_speakers,
    build_document,
    squeeze,
)

# A tag holds no "<" and is short: both keep the scan linear on a megabyte line of "<i".
_TAGS = re.compile(r"</?(?:i|b|u|s|font)\b[^<>\n]{0,300}>|\{\\[^{}\n]{0,300}\}", re.IGNORECASE)


def sniff(head: str, path: Path) -> int:
    """95 when the file opens with a cue, 70 when it opens with a broken one."""
    lines = first_lines(head, 2) + ["", ""]
    first, second = lines[0], lines[1]
    opens_with_index = first.isascii() and first.isdigit()
    if TIME_LINE.match(first) or (opens_with_index and TIME_LINE.match(second)):
        return 95
    if "-->" in first or (opens_with_index and "-->" in second):
        return 70  # clearly subtitles; reading will name the bad line
    return 1 if READER.matches_extension(path) else 0


def cue_text(cue: Cue) -> str:
    """The cue's lines joined with spaces, formatting tags removed."""
    return squeeze(" ".join(_TAGS.sub("", line) for _, line in cue.lines))


def read(text: str, path: Path) -> Document:
    """Parse SRT text into one segment per non-empty cue."""
    cues = [cue for cue in scan_cues(blocks(text.split("\n")), path, vtt=False) if cue.lines]
    texts = [cue_text(cue) for cue in cues]
    kept = [(cue, text) for cue, text in zip(cues, texts) if text]
    table = SpeakerTable()
    turns = assign_speakers([text for _, text in kept], table, caption_forms=True)
    drafts = [
        Draft(
            text=turn.text,
            speaker_id=turn.speaker_id,
            start=cue.start,
            end=cue.end,
            original=text,
            source_line=cue.lines[0][0],
        )
        for (cue, text), turn in zip(kept, turns)
    ]
    return build_document(drafts, table.speakers, source_format=READER.name)


READER = Reader(
    name="srt",
    label="SubRip subtitles (SRT)",
    extensions=(".srt",),
    sniff=sniff,
    read=read,
)
