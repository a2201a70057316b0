"""Plain text: one segment per non-empty line; ``Name:`` prefixes start speaker turns.

* Each line that is not blank becomes one segment, kept exactly as it is (indentation,
  inner and trailing spacing), so a verbatim export of a fresh import reproduces every
  non-empty line unchanged.
* ``Segment.source_line`` is the 1-based line number in the file; ``Segment.original`` is
  the whole line as read, *including* any speaker prefix.
* Speaker prefixes follow the shared rule in :mod:`editor.formats.readers.base`: a
  capitalised name or ASR label, used as a prefix at least twice or on the first line.
  The prefix is removed from the segment text; unprefixed lines continue the turn.

A turn boundary is exactly where an accepted prefix was. Two consecutive turns of the
same speaker (``Maya: a`` then ``Maya: b``) stay visible to writers because the second
segment's ``original`` still starts with the prefix: :func:`starts_turn` answers that.
"""

from __future__ import annotations

from pathlib import Path

from editor.core.document import Document
from editor.core.model import Segment
from editor.formats.readers.base import (
    Draft,
    Reader,
    SpeakerTable,
    assign_speakers,
    build_document,
    split_speaker_prefix,
)

FALLBACK_SCORE = 5
"""Any decodable text is plain text, but every real format outbids this."""


def sniff(head: str, path: Path) -> int:
    """Plain text is the fallback: a small constant score for any content."""
    return FALLBACK_SCORE


def read(text: str, path: Path) -> Document:
    """One segment per non-empty line, with speaker turns from ``Name:`` prefixes."""
    numbered = [
        (number, line) for number, line in enumerate(text.split("\n"), start=1) if line.strip()
    ]
    table = SpeakerTable()
    turns = assign_speakers([line for _, line in numbered], table)
    drafts = [
        Draft(text=turn.text, speaker_id=turn.speaker_id, original=line, source_line=number)
        for (number, line), turn in zip(numbered, turns)
    ]
    return build_document(drafts, table.speakers, source_format=READER.name)


def starts_turn(segment: Segment) -> bool:
    """Whether ``segment`` was imported from a line whose speaker prefix started a turn.

    For writers that want a verbatim round trip: a new turn of the *same* speaker shows no
    speaker change, but its ``original`` line kept the prefix that the import removed from
    the text. A prefix that was not accepted (a one-off ``Remember: ...``) stayed in the
    text, which tells the two apart; renaming the speaker later does not matter.
    """
    if not segment.original:
        return False
    found = split_speaker_prefix(segment.original)
    return found is not None and not segment.text.startswith(f"{found.name}:")


READER = Reader(
    name="text",
    label="Plain text",
    extensions=(".txt", ".text"),
    sniff=sniff,
    read=read,
)
