"""Values of the transcript model.

Every value here is a frozen dataclass with a stable string id (never a list index), so
commands can record exact before/after values and undo can put them back. Nothing here
imports Qt; nothing here mutates.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import Any


@dataclass(frozen=True, slots=True)
class Word:
    """One ASR word with its timing and confidence, as the recogniser gave it."""

    text: str
    start: float | None = None
    end: float | None = None
    probability: float | None = None
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """One line of transcript text (no newline); one text block in the editor.

    ``original`` keeps the text as the source file had it, so the producer's edits can be
    compared with the ASR output; ``words`` keeps ASR word data. ``source_line`` is the 1-based
    line of the input file the segment came from, when the format has lines.
    """

    id: str
    text: str
    speaker_id: str | None = None
    start: float | None = None
    end: float | None = None
    words: tuple[Word, ...] = ()
    original: str | None = None
    source_line: int | None = None

    def with_text(self, text: str) -> Segment:
        """A copy with other text; everything else is kept."""
        # Fields by hand: dataclasses.replace costs three times as much, and a replace-all
        # makes 100,000 of these.
        return Segment(self.id, text, self.speaker_id, self.start, self.end, self.words, self.original, self.source_line)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person who speaks in the transcript. ``color`` is ``#rrggbb``."""

    id: str
    name: str
    color: str = "#4a7ab5"


class AnnotationStatus(str, Enum):
    """Where a finding stands in review."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Annotation:
    """A finding anchored to ``segment.text[start:end]``.

    ``text`` is the anchored text at the time the finding was made: an edit that touches the
    span removes the annotation, so an anchor never points at text that changed under it.
    """

    id: str
    segment_id: str
    start: int
    end: int
    kind: str
    text: str
    message: str = ""
    replacements: tuple[str, ...] = ()
    confidence: float = 1.0
    status: AnnotationStatus = AnnotationStatus.PENDING
    tool: str = ""
    tool_version: str = ""

    def moved(self, start: int, end: int) -> Annotation:
        """The same finding anchored at ``start``..``end`` (the text around it changed)."""
        # Fields by hand: dataclasses.replace costs three times as much per finding.
        return Annotation(
            self.id, self.segment_id, start, end, self.kind, self.text, self.message, self.replacements,
            self.confidence, self.status, self.tool, self.tool_version,
        )


@dataclass(frozen=True, slots=True)
class Tag:
    """A label over a contiguous run of segments (``ad``, ``chapter``, ``quote``, ``cut`` ...)."""

    id: str
    label: str
    first_segment_id: str
    last_segment_id: str
    title: str = ""
    note: str = ""


class DecisionAction(str, Enum):
    """What the producer decided about a suggested fix."""

    ACCEPT = "accept"
    REJECT = "reject"
    IGNORE = "ignore"


@dataclass(frozen=True, slots=True)
class Decision:
    """A remembered review decision, so re-checking never resurrects what was settled."""

    id: str
    action: DecisionAction
    original: str
    replacement: str = ""
    tool: str = ""
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Glossary:
    """The show's own vocabulary: correct terms, and known ``wrong => Right`` pairs."""

    terms: tuple[str, ...] = ()
    replacements: tuple[tuple[str, str], ...] = ()

    def with_term(self, term: str) -> Glossary:
        """A copy with ``term`` added (unchanged if already present)."""
        if term in self.terms:
            return self
        return replace(self, terms=self.terms + (term,))

    def with_replacement(self, wrong: str, right: str) -> Glossary:
        """A copy with the pair ``wrong => right`` added or updated."""
        pairs = tuple(p for p in self.replacements if p[0] != wrong) + ((wrong, right),)
        return replace(self, replacements=pairs)


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the project says about itself."""

    title: str = ""
    language: str = "en"
    source_name: str = ""
    source_format: str = ""
    source_sha256: str = ""
    created: str = ""
    modified: str = ""


@dataclass(frozen=True, slots=True)
class Position:
    """A place in the text: a character offset inside one segment."""

    segment_id: str
    offset: int


@dataclass(frozen=True, slots=True)
class Replacement:
    """Replace ``segment.text[start:end]`` (which must still read ``expected``) with ``text``."""

    segment_id: str
    start: int
    end: int
    text: str
    expected: str
    annotation_id: str | None = None


JSONValue = Any  # plugin-owned data is plain JSON; its schema belongs to the plugin
