"""WebVTT (``.vtt``) subtitles: one segment per cue, or per voice within a cue.

Hand-written on the shared scanner in :mod:`._captions` for the same reason as the SRT
reader (line numbers for segments and errors); WebVTT adds:

* a required ``WEBVTT`` first line (leading blank lines are tolerated); a ``Language:``
  line in the header sets ``Metadata.language``;
* ``NOTE``, ``STYLE`` and ``REGION`` blocks are skipped; cue identifiers may be any text;
* ``<v Name>`` / ``<v.loud Name>`` voice spans become speakers. A cue that changes voice
  part-way becomes one segment per voice, all with the cue's times. When a file uses
  voices at all, they are the only speaker source (unvoiced cues have no speaker);
  otherwise the shared ``Name:`` prefix rule applies as for SRT;
* every other tag (``<c.x>``, ``<i>``, ``<b>``, ``<ruby>``, ``<00:01.000>`` timestamps) is
  removed and entities (``&amp;``, ``&lt;``, ``&gt;``, ``&nbsp;`` ...) are unescaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.document import Document
from editor.formats.errors import FormatError
from editor.formats.readers._captions import Cue, Line, blocks, first_lines, scan_cues
from editor.formats.readers.base import (
    Draft,
    Reader,
    SpeakerTable,
    assign_speakers,
    build_document,
    language_code,
    squeeze,
)

_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?")
_LANGUAGE = re.compile(r"language\s*:\s*(\S+)", re.IGNORECASE)
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")
# <v Name>, <v.class Name>, </v>. Bounded so a stray "<v" on a huge line stays cheap.
_VOICE = re.compile(r"<v(?:\.[^\s<>]{0,100})?(?:[ \t]+([^<>\n]{0,200}))?>|</v\s*>")
_ANY_TAG = re.compile(r"<[^<>\n]{0,300}>")


def sniff(head: str, path: Path) -> int:
    """100 for a ``WEBVTT`` first line; a token score for a ``.vtt`` name without one."""
    lines = first_lines(head, 1)
    if lines and _HEADER.fullmatch(lines[0]):
        return 100
    return 1 if READER.matches_extension(path) else 0


def clean(fragment: str) -> str:
    """Payload text without tags, entities unescaped, whitespace collapsed."""
    return squeeze(html.unescape(_ANY_TAG.sub("", fragment)))


@dataclass(slots=True)
class _Run:
    """Consecutive payload text spoken by one voice (``None``: no voice tag)."""

    voice: str | None
    parts: list[str] = field(default_factory=list)
    line: int | None = None

    def add(self, fragment: str, number: int) -> None:
        if clean(fragment):
            self.parts.append(fragment)
            self.line = self.line or number

    @property
    def text(self) -> str:
        return clean(" ".join(self.parts))


def voice_runs(lines: list[Line]) -> list[_Run]:
    """Split a cue's payload into runs of text by ``<v>`` voice, dropping empty runs."""
    runs = [_Run(None)]
    for number, line in lines:
        position = 0
        for match in _VOICE.finditer(line):
            runs[-1].add(line[position : match.start()], number)
            position = match.end()
            opens = not match.group(0).startswith("</")
            voice = (clean(match.group(1) or "") or None) if opens else None
            if voice != runs[-1].voice:
                runs.append(_Run(voice))
        runs[-1].add(line[position:], number)
    return [run for run in runs if run.parts]


def _header_end(lines: list[str], path: Path) -> tuple[int, str | None]:
    """Index of the first line after the header block, and the header's language."""
    index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if index is None:
        return len(lines), None
    if not _HEADER.fullmatch(lines[index].strip()):
        raise FormatError(
            path, f"line {index + 1}: missing the WEBVTT header (a WebVTT file starts with 'WEBVTT')"
        )
    language = None
    index += 1
    while index < len(lines) and lines[index].strip():
        found = _LANGUAGE.match(lines[index].strip())
        language = language_code(found.group(1)) if found else language
        index += 1
    return index, language


def _is_skipped(block: list[Line]) -> bool:
    first = block[0][1]
    return any(first == word or first.startswith((word + " ", word + "\t")) for word in _SKIPPED_BLOCKS)


def read(text: str, path: Path) -> Document:
    """Parse WebVTT text into segments with voices as speakers."""
    lines = text.split("\n")
    body, language = _header_end(lines, path)
    cue_blocks = (block for block in blocks(lines, body) if not _is_skipped(block))
    cues = scan_cues(cue_blocks, path, vtt=True)
    runs = [(cue, voice_runs(cue.lines)) for cue in cues]
    table = SpeakerTable()
    if any(run.voice for _, cue_runs in runs for run in cue_runs):
        drafts = _voiced_drafts(runs, table)
    else:
        drafts = _prefixed_drafts(runs, table)
    return build_document(drafts, table.speakers, source_format=READER.name, language=language)


def _voiced_drafts(runs: list[tuple[Cue, list[_Run]]], table: SpeakerTable) -> list[Draft]:
    drafts = []
    for cue, cue_runs in runs:
        for run in cue_runs:
            speaker = table.id_for(run.voice) if run.voice else None
            text = run.text
            drafts.append(Draft(text, speaker, cue.start, cue.end, original=text, source_line=run.line))
    return drafts


def _prefixed_drafts(runs: list[tuple[Cue, list[_Run]]], table: SpeakerTable) -> list[Draft]:
    kept = [(cue, cue_runs) for cue, cue_runs in runs if cue_runs]
    texts = [squeeze(" ".join(run.text for run in cue_runs)) for _, cue_runs in kept]
    turns = assign_speakers(texts, table, caption_forms=True)
    return [
        Draft(turn.text, turn.speaker_id, cue.start, cue.end, original=text, source_line=cue_runs[0].line)
        for (cue, cue_runs), text, turn in zip(kept, texts, turns)
    ]


READER = Reader(
    name="webvtt",
    label="WebVTT subtitles",
    extensions=(".vtt", ".webvtt"),
    sniff=sniff,
    read=read,
)
