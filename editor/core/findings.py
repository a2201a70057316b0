"""Pending findings: what the tools found, kept beside the document, outside undo.

Findings are derived data — a re-check can always make them again — so adding them is not
an undo step (pressing Ctrl+Z must undo the producer's last action, not a background
check). They still follow every change of the text, including undo and redo: when a
segment's text changes, each finding is shifted or dropped by the same anchor rule as
annotations (:func:`editor.core.anchors.remap_span`). Dropped findings are remembered
with the text they were found in, so when undo brings that text back, they come back too.

What the producer *decides* about a finding (accept, reject, ignore) is an undoable
command on the Document and hides the finding from review without deleting it here.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator

from editor.core.anchors import common_affixes, remap_span
from editor.core.ids import IdAllocator
from editor.core.model import Annotation, AnnotationStatus, Segment

GRAVEYARD_SIZE = 5000


def _edit_region(old: str, new: str) -> tuple[int, int, int]:
    """The one contiguous edit turning ``old`` into ``new``: (start, old end, inserted length)."""
    prefix, suffix = common_affixes(old, new)
    return prefix, len(old) - suffix, len(new) - suffix - prefix


def _position(finding: Annotation) -> tuple[int, int, str, str]:
    """How a segment's findings are ordered."""
    return (finding.start, finding.end, finding.tool, finding.id)


def _identity(finding: Annotation) -> tuple[object, ...]:
    """Two findings with this in common are the same finding (a re-check made it again)."""
    return (finding.tool, finding.kind, finding.start, finding.end, finding.replacements)


class FindingsStore:
    """Pending findings per segment, with ids ``f1, f2 ...`` that are never reused."""

    def __init__(self, findings: Iterable[Annotation] = ()) -> None:
        # Per segment, its findings ordered by position: a tuple, not a dict by id (a
        # segment has one or two; a dict each cost 13 MB more at 100,000 segments).
        self._by_segment: dict[str, tuple[Annotation, ...]] = {}
        self._ids = IdAllocator()
        self._graveyard: OrderedDict[tuple[str, str], list[Annotation]] = OrderedDict()
        by_segment: dict[str, list[Annotation]] = {}
        for finding in findings:
            self._ids.observe(finding.id)
            by_segment.setdefault(finding.segment_id, []).append(finding)
        for segment_id, bucket in by_segment.items():
            self._put(segment_id, bucket)

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_segment.values())

    def __iter__(self) -> Iterator[Annotation]:
        for bucket in self._by_segment.values():
            yield from bucket

    def segments_with_findings(self) -> list[str]:
        """Ids of the segments that have at least one finding."""
        return list(self._by_segment)

    def of_segment(self, segment_id: str) -> list[Annotation]:
        """The segment's findings, ordered by position."""
        return list(self._by_segment.get(segment_id, ()))

    def get(self, finding_id: str) -> Annotation | None:
        """The finding with this id, if it is still there."""
        for bucket in self._by_segment.values():
            for finding in bucket:
                if finding.id == finding_id:
                    return finding
        return None

    def get_in(self, segment_id: str, finding_id: str) -> Annotation | None:
        """The finding with this id in this segment (fast), if it is still there."""
        for finding in self._by_segment.get(segment_id, ()):
            if finding.id == finding_id:
                return finding
        return None

    def _put(self, segment_id: str, findings: Iterable[Annotation]) -> None:
        """Make ``findings`` the segment's (none: forget the segment)."""
        bucket = tuple(sorted(findings, key=_position))
        if bucket:
            self._by_segment[segment_id] = bucket
        else:
            self._by_segment.pop(segment_id, None)

    def replace(self, tool: str, segment_ids: Iterable[str] | None, findings: Iterable[Annotation]) -> set[str]:
        """Put ``tool``'s new findings in place of its old ones in these segments (all if
        ``None``); returns the ids of segments whose findings changed."""
        findings = list(findings)
        scope = set(self._by_segment) if segment_ids is None else set(segment_ids)
        scope |= {f.segment_id for f in findings} if segment_ids is None else set()
        # Only the segments holding findings now (a set operation: a check of a long
        # transcript replaces findings in 250,000 segments per tool, most without any).
        changed: dict[str, list[Annotation]] = {}
        for segment_id in scope & self._by_segment.keys():
            bucket = self._by_segment[segment_id]
            others = [f for f in bucket if f.tool != tool]
            if len(others) < len(bucket):
                changed[segment_id] = others
        new_id = self._ids.new
        for finding in findings:
            segment_id = finding.segment_id
            if segment_id not in scope:
                continue
            if segment_id not in changed:
                changed[segment_id] = list(self._by_segment.get(segment_id, ()))
            # Annotation's fields by hand: dataclasses.replace costs 10 µs a finding.
            changed[segment_id].append(
                Annotation(
                    new_id("f"), segment_id, finding.start, finding.end, finding.kind, finding.text,
                    finding.message, finding.replacements, finding.confidence, AnnotationStatus.PENDING,
                    finding.tool, finding.tool_version,
                )
            )
        for segment_id, bucket in changed.items():
            self._put(segment_id, bucket)
        return set(changed)

    # ----------------------------------------------------- following the text

    def segment_changed(self, old: Segment, new: Segment) -> bool:
        """Shift or drop findings after a text change; returns whether any changed."""
        if old.text == new.text:
            return False
        bucket = self._by_segment.pop(old.id, ())
        if not bucket and not self._graveyard:
            return False  # most segments a replace-all changes: nothing to move or bring back
        if bucket:
            self._bury(old.id, old.text, list(bucket))
        kept: dict[tuple[object, ...], Annotation] = {}
        # Where the text changed matters only for findings to move (a replace-all touches
        # tens of thousands of segments, most of them without findings).
        start, old_end, inserted = _edit_region(old.text, new.text) if bucket else (0, 0, 0)
        for finding in bucket:
            span = remap_span(finding.start, finding.end, start, old_end, inserted, old.text, new.text)
            if span is not None:
                moved = finding.moved(*span)
                kept[_identity(moved)] = moved
        for finding in self._unbury(new.id, new.text):
            kept.setdefault(_identity(finding), finding)
        self._put(new.id, kept.values())
        return bool(bucket) or bool(kept)

    def segment_removed(self, segment: Segment) -> bool:
        bucket = self._by_segment.pop(segment.id, ())
        if bucket:
            self._bury(segment.id, segment.text, list(bucket))
        return bool(bucket)

    def segment_inserted(self, segment: Segment) -> bool:
        restored = self._unbury(segment.id, segment.text)
        if restored:
            self._put(segment.id, [*self._by_segment.get(segment.id, ()), *restored])
        return bool(restored)

    def _bury(self, segment_id: str, text: str, findings: list[Annotation]) -> None:
        self._graveyard[(segment_id, text)] = findings
        self._graveyard.move_to_end((segment_id, text))
        while len(self._graveyard) > GRAVEYARD_SIZE:
            self._graveyard.popitem(last=False)

    def _unbury(self, segment_id: str, text: str) -> list[Annotation]:
        return self._graveyard.pop((segment_id, text), [])
