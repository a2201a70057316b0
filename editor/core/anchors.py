"""How text edits move segments and annotation anchors (pure functions, no document state).

The rule for anchors: an annotation survives an edit only if the text it covers is
unchanged and the edit did not glue a word character onto either side of it (typing "x"
right after a flagged "teh" makes the word "tehx", so the finding is stale). Surviving
anchors shift with the text; the others are dropped and re-checked.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from editor.core.model import Annotation, AnnotationStatus, Position, Replacement, Segment


def _is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] in "_'")


def common_affixes(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and the (non-overlapping) common suffix of two texts:
    what a single contiguous edit turning ``old`` into ``new`` left alone."""
    # Binary searches over slice comparisons (done in C): a replace-all calls this for
    # every segment it changes, and a loop over characters in Python cost 0.6 s at 10 MB.
    limit = min(len(old), len(new))
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if old[:middle] == new[:middle]:
            low = middle
        else:
            high = middle - 1
    prefix = low
    low, high = 0, limit - prefix
    while low < high:
        middle = (low + high + 1) // 2
        if old[len(old) - middle :] == new[len(new) - middle :]:
            low = middle
        else:
            high = middle - 1
    return prefix, low


def remap_span(
    start: int, end: int, edit_start: int, edit_end: int, inserted: int, old_text: str, new_text: str
) -> tuple[int, int] | None:
    """Where ``old_text[start:end]`` is after replacing ``[edit_start, edit_end)`` with
    ``inserted`` characters, or ``None`` if the edit touched it."""
    if end <= edit_start:
        new_start, new_end = start, end
    elif start >= edit_end:
        delta = inserted - (edit_end - edit_start)
        new_start, new_end = start + delta, end + delta
    else:
        return None
    if new_text[new_start:new_end] != old_text[start:end]:
        return None
    for old_i, new_i in ((start - 1, new_start - 1), (end, new_end)):
        if _is_word_char(old_text, old_i) != _is_word_char(new_text, new_i):
            return None
        if _is_word_char(new_text, new_i) and old_text[old_i] != new_text[new_i]:
            return None
    return new_start, new_end


@dataclass(frozen=True, slots=True)
class ReplacePlan:
    """The outcome of a range replacement: the segments that stand in place of the old
    ones, annotations dropped and moved, and where the caret goes."""

    segments: list[Segment]
    dropped: list[Annotation]
    moved: list[tuple[Annotation, Annotation]]
    caret: Position


def _time_at(segment: Segment, offset: int) -> float | None:
    """Estimated time of a character offset, interpolated over the segment's duration."""
    if segment.start is None or segment.end is None:
        return None
    if not segment.text:
        return segment.start
    return segment.start + (segment.end - segment.start) * offset / len(segment.text)


def plan_replace(
    old: Sequence[Segment],
    s_off: int,
    e_off: int,
    text: str,
    annotations: Iterable[Annotation],
    new_id: Callable[[str], str],
) -> ReplacePlan:
    """Plan replacing ``old[0].text[s_off:]`` .. ``old[-1].text[:e_off]`` with ``text``.

    Identity rules, chosen so ids follow the text a producer thinks of as "the same line":
    the first line keeps the first segment's id, speaker and start; when the range spanned
    segments and the new text still has line breaks, the last line keeps the last
    segment's id; Enter at the very start of a line inserts the new empty line before it
    rather than moving the line's text to a new segment.
    """
    first, last = old[0], old[-1]
    old_joined = "\n".join(s.text for s in old)
    edit_start = s_off
    edit_end = len(old_joined) - (len(last.text) - e_off)
    new_joined = old_joined[:edit_start] + text + old_joined[edit_end:]
    lines = new_joined.split("\n")

    split_time = _time_at(first, s_off)
    enter_at_start = len(old) == 1 and s_off == e_off == 0 and text.endswith("\n")
    segments: list[Segment] = []
    for number, line in enumerate(lines):
        is_first, is_last = number == 0, number == len(lines) - 1
        if enter_at_start:
            base = first if is_last else None
        elif is_first:
            base = first
        elif is_last and len(old) > 1:
            base = last
        else:
            base = None
        segments.append(_segment_for_line(line, base, first, last, old, is_first, is_last, split_time, new_id))
    if enter_at_start:
        segments[-1] = first  # text unchanged: "\n" went in before it

    line_starts = [0]
    for line in lines[:-1]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    old_starts = [0]
    for segment in old[:-1]:
        old_starts.append(old_starts[-1] + len(segment.text) + 1)
    index_of_old = {s.id: i for i, s in enumerate(old)}

    dropped: list[Annotation] = []
    moved: list[tuple[Annotation, Annotation]] = []
    for annotation in annotations:
        base_offset = old_starts[index_of_old[annotation.segment_id]]
        span = remap_span(
            base_offset + annotation.start,
            base_offset + annotation.end,
            edit_start,
            edit_end,
            len(text),
            old_joined,
            new_joined,
        )
        if span is None:
            dropped.append(annotation)
            continue
        row = bisect.bisect_right(line_starts, span[0]) - 1
        new = replace(
            annotation,
            segment_id=segments[row].id,
            start=span[0] - line_starts[row],
            end=span[1] - line_starts[row],
        )
        if new != annotation:
            moved.append((annotation, new))

    caret_global = edit_start + len(text)
    caret_line = bisect.bisect_right(line_starts, caret_global) - 1
    caret = Position(segments[caret_line].id, caret_global - line_starts[caret_line])
    return ReplacePlan(segments, dropped, moved, caret)


def _segment_for_line(
    line: str,
    base: Segment | None,
    first: Segment,
    last: Segment,
    old: Sequence[Segment],
    is_first: bool,
    is_last: bool,
    split_time: float | None,
    new_id: Callable[[str], str],
) -> Segment:
    """The segment value for one line of the replaced text."""
    if base is None:  # a new line created by a line break
        start = split_time
        end = last.end if is_last else split_time
        words = tuple(w for w in last.words if _starts_after(w.start, split_time)) if is_last and len(old) == 1 else ()
        return Segment(new_id("s"), line, first.speaker_id, start, end, words, None, first.source_line)
    if base is first and is_last:  # the range collapsed to one line: a merge or an in-line edit
        if len(old) == 1:
            return first.with_text(line)
        words = tuple(w for s in old for w in s.words)
        originals = [s.original for s in old if s.original]
        return replace(
            first,
            text=line,
            end=last.end if last.end is not None else first.end,
            words=words,
            original=" ".join(originals) if originals else first.original,
        )
    if base is first:  # first line of a split
        words = tuple(w for w in first.words if not _starts_after(w.start, split_time))
        return replace(first, text=line, end=split_time if split_time is not None else first.end, words=words)
    return base.with_text(line)  # the last segment of a multi-segment range keeps its id


def _starts_after(start: float | None, split_time: float | None) -> bool:
    return start is not None and split_time is not None and start >= split_time


def non_overlapping(replacements: Iterable[Replacement]) -> list[Replacement]:
    """The replacements sorted by position, dropping any that overlap an earlier one."""
    kept: list[Replacement] = []
    for r in sorted(replacements, key=lambda r: (r.start, r.end)):
        if not kept or r.start >= kept[-1].end:
            kept.append(r)
    return kept


@dataclass(frozen=True, slots=True)
class ReplacementsPlan:
    segment: Segment
    annotation_changes: list[tuple[Annotation, Annotation | None]]


def plan_replacements(
    segment: Segment, replacements: Sequence[Replacement], annotations: Iterable[Annotation]
) -> ReplacementsPlan:
    """Apply sorted, non-overlapping replacements inside one segment.

    The annotation a replacement answers becomes ``accepted`` and anchors the new text;
    other annotations shift or, if touched, are dropped.
    """
    text = segment.text
    annotations = list(annotations)
    current: dict[str, tuple[int, int] | None] = {a.id: (a.start, a.end) for a in annotations}
    accepted: dict[str, tuple[int, int, str]] = {}
    # Right to left, so earlier offsets stay valid for the remaining replacements.
    for r in reversed(replacements):
        new_text = text[: r.start] + r.text + text[r.end :]
        for annotation in annotations:
            span = current[annotation.id]
            if span is None:
                continue
            if annotation.id == r.annotation_id:
                current[annotation.id] = None
                accepted[annotation.id] = (r.start, r.start + len(r.text), r.text)
                continue
            current[annotation.id] = remap_span(*span, r.start, r.end, len(r.text), text, new_text)
        # Accepted anchors found so far sit right of this edit: shift them.
        delta = len(r.text) - (r.end - r.start)
        for key, (a_start, a_end, a_text) in list(accepted.items()):
            if a_start >= r.end and key != r.annotation_id:
                accepted[key] = (a_start + delta, a_end + delta, a_text)
        text = new_text
    changes: list[tuple[Annotation, Annotation | None]] = []
    for annotation in annotations:
        if annotation.id in accepted:
            a_start, a_end, a_text = accepted[annotation.id]
            new = replace(annotation, start=a_start, end=a_end, text=a_text, status=AnnotationStatus.ACCEPTED)
            changes.append((annotation, new))
            continue
        span = current[annotation.id]
        if span is None:
            changes.append((annotation, None))
        elif span != (annotation.start, annotation.end):
            changes.append((annotation, annotation.moved(*span)))
    return ReplacementsPlan(segment.with_text(text), changes)
