"""The Document: the one place transcript data lives and the one way to change it.

Every public method that changes something builds a :class:`~editor.core.ops.Command`
from primitive operations, applies it, pushes it on the single undo history and tells the
observers which segments it touched. Readers get immutable values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from editor.core import anchors
from editor.core.findings import FindingsStore
from editor.core.history import History
from editor.core.ids import IdAllocator
from editor.core.model import (
    Annotation,
    AnnotationStatus,
    Decision,
    Glossary,
    Metadata,
    Position,
    Replacement,
    Segment,
    Speaker,
    Tag,
)
from editor.core.ops import Command, InsertSegment, Op, Put, RemoveSegment, SetField, SetSegment
from editor.core.speakers import default_color


@dataclass(frozen=True, slots=True)
class Change:
    """What one applied command (or its undo/redo) changed, for observers.

    ``segment_ids`` names every segment whose text, speaker, times, annotations or tags
    changed, including inserted and removed ones; ``structure`` is true when segments were
    inserted or removed (the editor then re-maps blocks); ``ops`` are the primitive
    operations in the order they were applied, for observers that mirror the document.
    """

    revision: int
    reason: str  # "do", "undo" or "redo"
    label: str
    segment_ids: frozenset[str]
    structure: bool
    speakers: bool
    annotations: bool
    tags: bool
    document: bool  # glossary, decisions, metadata or plugin data
    ops: tuple[Op, ...]
    findings: bool = False  # pending findings were added, moved or dropped


@dataclass(frozen=True, slots=True)
class DocumentState:
    """A complete, comparable value of everything a document holds (not its history)."""

    segments: tuple[Segment, ...]
    speakers: tuple[Speaker, ...]
    annotations: tuple[Annotation, ...]
    tags: tuple[Tag, ...]
    glossary: Glossary
    decisions: tuple[Decision, ...]
    metadata: Metadata
    plugin_data: tuple[tuple[str, Any], ...]


_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2029": "\n", "\u2028": "\n"})


def normalize_newlines(text: str) -> str:
    """Turn every line-break form (``\\r\\n``, ``\\r``, Qt's U+2029) into ``\\n``."""
    return text.replace("\r\n", "\n").translate(_LINE_BREAKS)


class _SegmentIndex:
    """Segment id -> position, kept fast while segments are inserted and removed.

    Rebuilding a dict of 250,000 ids after every Enter would cost ~30 ms. Instead the
    positions of a base dict are corrected by a short log of the inserts and removals since
    it was built (and checked against the list); the base is rebuilt when the log grows
    long, so a structural edit costs O(n / LOG_LIMIT) amortised; an editor calls
    :meth:`Document.compact_index` when idle, so the rebuild rarely lands on a keystroke.
    """

    LOG_LIMIT = 256

    def __init__(self, segments: list[Segment]) -> None:
        self._segments = segments
        self._base: dict[str, int] = {}
        self._log: list[tuple[int, int]] = []  # (position, +1 insert / -1 removal)
        self._recent: dict[str, tuple[int, int]] = {}  # inserted id -> (position, log length then)
        self._stale = True

    def _rebuild(self) -> None:
        self._base = {s.id: i for i, s in enumerate(self._segments)}
        self._log.clear()
        self._recent.clear()
        self._stale = False

    def find(self, segment_id: str) -> int:
        if self._stale:
            self._rebuild()
        recent = self._recent.get(segment_id)
        if recent is not None:
            position, since = recent
        else:
            position, since = self._base.get(segment_id, -1), 0
        if position >= 0:
            for at, delta in self._log[since:]:
                if delta > 0 and position >= at:
                    position += 1
                elif delta < 0 and position > at:
                    position -= 1
            if position < len(self._segments) and self._segments[position].id == segment_id:
                return position
        self._rebuild()
        return self._base[segment_id]  # KeyError: no such segment

    def inserted(self, position: int, segment_id: str) -> None:
        self._log.append((position, 1))
        self._recent[segment_id] = (position, len(self._log))
        self._check_log()

    def removed(self, position: int) -> None:
        self._log.append((position, -1))
        self._check_log()

    def _check_log(self) -> None:
        if len(self._log) > self.LOG_LIMIT:
            self._stale = True

    def compact(self) -> None:
        """Fold the log into the base now (a good moment: nobody is typing)."""
        if self._log or self._stale:
            self._rebuild()


class Document:
    """A transcript being edited: segments, speakers, findings, tags and decisions."""

    def __init__(
        self,
        segments: Iterable[Segment] = (),
        speakers: Iterable[Speaker] = (),
        *,
        metadata: Metadata | None = None,
        annotations: Iterable[Annotation] = (),
        tags: Iterable[Tag] = (),
        glossary: Glossary | None = None,
        decisions: Iterable[Decision] = (),
        plugin_data: Mapping[str, Any] | None = None,
        findings: Iterable[Annotation] = (),
    ) -> None:
        self._segments: list[Segment] = list(segments)
        self._index = _SegmentIndex(self._segments)
        self._speakers: dict[str, Speaker] = {s.id: s for s in speakers}
        self._annotations: dict[str, Annotation] = {}
        self._by_segment: dict[str, dict[str, None]] = {}
        self._tags: dict[str, Tag] = {t.id: t for t in tags}
        self._decisions: dict[str, Decision] = {d.id: d for d in decisions}
        self._glossary = glossary or Glossary()
        self._metadata = metadata or Metadata()
        self._plugin_data: dict[str, Any] = dict(plugin_data or {})
        self._findings = FindingsStore(findings)
        self._check_initial()
        for annotation in annotations:
            self._put_annotation(None, annotation)
        self._ids = IdAllocator(
            [s.id for s in self._segments]
            + list(self._speakers)
            + list(self._annotations)
            + list(self._tags)
            + list(self._decisions)
        )
        self.history = History()
        self.revision = 0
        self._observers: list[Callable[[Change], None]] = []
        self._batch: list[Op] | None = None
        self._batch_label = ""
        self._typing: tuple[str, int, int] | None = None  # (segment id, caret, group)

    def _check_initial(self) -> None:
        ids = [s.id for s in self._segments]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate segment ids")
        for segment in self._segments:
            if "\n" in segment.text:
                raise ValueError(f"segment {segment.id} contains a newline")

    # ------------------------------------------------------------------ reading

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(self._segments)

    def __len__(self) -> int:
        return len(self._segments)

    def segment(self, segment_id: str) -> Segment:
        """The segment with this id (``KeyError`` if there is none)."""
        return self._segments[self.index_of(segment_id)]

    def segment_at(self, index: int) -> Segment:
        return self._segments[index]

    def index_of(self, segment_id: str) -> int:
        """Position of a segment in the document (``KeyError`` if unknown)."""
        return self._index.find(segment_id)

    def compact_index(self) -> None:
        """Bring the segment index fully up to date (an editor calls this when idle)."""
        self._index.compact()

    def segment_or_none(self, segment_id: str) -> Segment | None:
        """The segment with this id, or ``None`` (one index lookup, for hot loops)."""
        try:
            return self._segments[self.index_of(segment_id)]
        except KeyError:
            return None

    def has_segment(self, segment_id: str) -> bool:
        try:
            self.index_of(segment_id)
        except KeyError:
            return False
        return True

    @property
    def text(self) -> str:
        """All segment texts joined by newlines: what the editor widget shows."""
        return "\n".join(s.text for s in self._segments)

    @property
    def speakers(self) -> tuple[Speaker, ...]:
        return tuple(self._speakers.values())

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        return self._speakers.get(speaker_id) if speaker_id else None

    def speaker_by_name(self, name: str) -> Speaker | None:
        folded = name.casefold()
        return next((s for s in self._speakers.values() if s.name.casefold() == folded), None)

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        return tuple(self._annotations.values())

    def annotation(self, annotation_id: str) -> Annotation:
        return self._annotations[annotation_id]

    def annotations_of(self, segment_id: str) -> tuple[Annotation, ...]:
        """The annotations anchored in one segment, ordered by start."""
        found = (self._annotations[a] for a in self._by_segment.get(segment_id, ()))
        return tuple(sorted(found, key=lambda a: (a.start, a.end, a.id)))

    @property
    def tags(self) -> tuple[Tag, ...]:
        """Tags in document order of their first segment."""
        return tuple(
            sorted(self._tags.values(), key=lambda t: (self.index_of(t.first_segment_id), t.id))
        )

    def tag(self, tag_id: str) -> Tag:
        return self._tags[tag_id]

    def tags_of(self, segment_id: str) -> tuple[Tag, ...]:
        """Tags whose range covers this segment."""
        index = self.index_of(segment_id)
        return tuple(t for t in self.tags if self._tag_range(t)[0] <= index <= self._tag_range(t)[1])

    def _tag_range(self, tag: Tag) -> tuple[int, int]:
        return self.index_of(tag.first_segment_id), self.index_of(tag.last_segment_id)

    @property
    def glossary(self) -> Glossary:
        return self._glossary

    @property
    def decisions(self) -> tuple[Decision, ...]:
        return tuple(self._decisions.values())

    def replacement_memory(self) -> dict[str, str]:
        """Accepted ``original -> replacement`` pairs, latest decision winning."""
        memory: dict[str, str] = {}
        for decision in self._decisions.values():
            if decision.action.value == "accept" and decision.replacement:
                memory[decision.original] = decision.replacement
        return memory

    @property
    def metadata(self) -> Metadata:
        return self._metadata

    @property
    def plugin_data(self) -> Mapping[str, Any]:
        return MappingProxyType(self._plugin_data)

    @property
    def modified(self) -> bool:
        return self.history.modified

    def state(self) -> DocumentState:
        """Everything the document holds, as one comparable value."""
        return DocumentState(
            segments=tuple(self._segments),
            speakers=self.speakers,
            annotations=tuple(sorted(self._annotations.values(), key=lambda a: a.id)),
            tags=tuple(sorted(self._tags.values(), key=lambda t: t.id)),
            glossary=self._glossary,
            decisions=self.decisions,
            metadata=self._metadata,
            plugin_data=tuple(sorted(self._plugin_data.items())),
        )

    def new_id(self, prefix: str) -> str:
        """A fresh id never used in this document (``s`` segment, ``sp`` speaker, ...)."""
        return self._ids.new(prefix)

    # ---------------------------------------------------------------- observers

    def subscribe(self, observer: Callable[[Change], None]) -> Callable[[], None]:
        """Call ``observer`` after every change; returns a function that unsubscribes."""
        self._observers.append(observer)
        return lambda: self._observers.remove(observer)

    # ------------------------------------------------------------- undo / redo

    def undo(self) -> bool:
        """Undo the last step; false when there is nothing to undo."""
        if self._batch is not None or not self.history.can_undo():
            return False
        command = self.history.step_back()
        self._typing = None
        self._apply_all(command.inverse_ops(), "undo", command.label)
        return True

    def redo(self) -> bool:
        """Redo the step undone last; false when there is nothing to redo."""
        if self._batch is not None or not self.history.can_redo():
            return False
        command = self.history.step_forward()
        self._typing = None
        self._apply_all(command.ops, "redo", command.label)
        return True

    def mark_saved(self) -> None:
        """The document has just been saved: the current state is the clean one."""
        self.history.mark_clean()
        self._typing = None

    @contextmanager
    def batch(self, label: str) -> Iterator[None]:
        """Group every change made inside the ``with`` block into one undo step.

        If the block raises, everything it changed is rolled back and the error propagates.
        """
        if self._batch is not None:  # nested: the outer batch is the undo step
            yield
            return
        self._batch, self._batch_label = [], label
        try:
            yield
        except BaseException:
            ops, self._batch = self._batch, None
            self._apply_all(tuple(op.inverse() for op in reversed(ops)), "undo", label)
            self.history.index = self.history.index  # nothing pushed
            raise
        ops, self._batch = self._batch, None
        if ops:
            self._typing = None
            self.history.push(Command(label, tuple(ops)))

    def _execute(self, label: str, ops: Sequence[Op], merge_key: tuple[Any, ...] | None = None) -> None:
        if not ops:
            return
        ops = tuple(ops)
        if self._batch is not None:
            self._batch.extend(ops)
            self._apply_all(ops, "do", self._batch_label)
            return
        self._apply_all(ops, "do", label)
        if merge_key is None:
            self._typing = None
        self.history.push(Command(label, ops, merge_key))

    # ------------------------------------------------------------ applying ops

    def _apply_all(self, ops: Sequence[Op], reason: str, label: str) -> None:
        touched: set[str] = set()
        flags = dict(structure=False, speakers=False, annotations=False, tags=False, document=False, findings=False)
        for op in ops:
            self._apply(op, touched, flags)
        self._notify(Change(self.revision + 1, reason, label, frozenset(touched), ops=tuple(ops), **flags))

    def _notify(self, change: Change) -> None:
        self.revision = change.revision
        for observer in list(self._observers):
            observer(change)

    def _apply(self, op: Op, touched: set[str], flags: dict[str, bool]) -> None:
        if isinstance(op, SetSegment):
            assert self._segments[op.index].id == op.old.id, "history out of step with the document"
            self._segments[op.index] = op.new
            touched.add(op.new.id)
            flags["findings"] |= self._findings.segment_changed(op.old, op.new)
        elif isinstance(op, InsertSegment):
            self._ids.observe(op.segment.id)
            self._segments.insert(op.index, op.segment)
            self._index.inserted(op.index, op.segment.id)
            touched.add(op.segment.id)
            flags["structure"] = True
            flags["findings"] |= self._findings.segment_inserted(op.segment)
        elif isinstance(op, RemoveSegment):
            removed = self._segments.pop(op.index)
            assert removed.id == op.segment.id, "history out of step with the document"
            self._index.removed(op.index)
            touched.add(removed.id)
            flags["structure"] = True
            flags["findings"] |= self._findings.segment_removed(removed)
        elif isinstance(op, Put):
            self._apply_put(op, touched, flags)
        elif isinstance(op, SetField):
            self._apply_field(op)
            flags["document"] = True
        else:  # pragma: no cover - a new op type without a branch here is a bug
            raise TypeError(f"unknown operation {op!r}")

    def _apply_put(self, op: Put, touched: set[str], flags: dict[str, bool]) -> None:
        value = op.new if op.new is not None else op.old
        self._ids.observe(value.id)
        if op.collection == "annotation":
            self._put_annotation(op.old, op.new)
            touched.update(a.segment_id for a in (op.old, op.new) if a is not None)
            flags["annotations"] = True
        elif op.collection == "speaker":
            self._put(self._speakers, op)
            touched.update(s.id for s in self._segments if s.speaker_id == value.id)
            flags["speakers"] = True
        elif op.collection == "tag":
            self._put(self._tags, op)
            for tag in (op.old, op.new):
                if tag is not None and self.has_segment(tag.first_segment_id) and self.has_segment(tag.last_segment_id):
                    first, last = self._tag_range(tag)
                    touched.update(s.id for s in self._segments[first : last + 1])
            flags["tags"] = True
        elif op.collection == "decision":
            self._put(self._decisions, op)
            flags["document"] = True

    @staticmethod
    def _put(table: dict[str, Any], op: Put) -> None:
        if op.new is None:
            del table[op.old.id]
        elif op.old is None and op.index is not None and op.index < len(table):
            items = list(table.items())
            items.insert(op.index, (op.new.id, op.new))
            table.clear()
            table.update(items)
        else:
            table[op.new.id] = op.new

    def _removal(self, collection: str, value: Any) -> Put:
        """A Put that removes an ordered value and remembers its place for undo."""
        table = self._speakers if collection == "speaker" else self._decisions
        return Put(collection, value, None, list(table).index(value.id))  # type: ignore[arg-type]

    def _put_annotation(self, old: Annotation | None, new: Annotation | None) -> None:
        if old is not None:
            del self._annotations[old.id]
            bucket = self._by_segment[old.segment_id]
            del bucket[old.id]
            if not bucket:
                del self._by_segment[old.segment_id]
        if new is not None:
            self._annotations[new.id] = new
            self._by_segment.setdefault(new.segment_id, {})[new.id] = None

    def _apply_field(self, op: SetField) -> None:
        if op.name == "glossary":
            self._glossary = op.new
        elif op.name == "metadata":
            self._metadata = op.new
        elif op.name.startswith("plugin_data:"):
            key = op.name.split(":", 1)[1]
            if op.new is None:
                self._plugin_data.pop(key, None)
            else:
                self._plugin_data[key] = op.new
        else:  # pragma: no cover
            raise KeyError(op.name)

    # -------------------------------------------------------------- text edits

    def replace_range(self, start: Position, end: Position, text: str, *, typing: bool = False) -> Position:
        """Replace the text from ``start`` to ``end`` with ``text``; return the caret after it.

        Positions address the document as the editor shows it: segment texts joined by
        newlines. ``text`` may contain newlines (each one splits a segment) and the range may
        span segments (they merge). Annotations after the edit shift with it; annotations the
        edit touches are removed, so none ever points at changed text. With ``typing`` true,
        consecutive keystrokes in one segment merge into one undo step per word.
        """
        text = normalize_newlines(text)
        (first, s_off), (last, e_off) = sorted(
            [(self.index_of(start.segment_id), start.offset), (self.index_of(end.segment_id), end.offset)]
        )
        old = self._segments[first : last + 1]
        if not (0 <= s_off <= len(old[0].text) and 0 <= e_off <= len(old[-1].text)):
            raise ValueError(f"offset out of range in {start} .. {end}")
        plan = anchors.plan_replace(old, s_off, e_off, text, self._annotations_of_many(old), self.new_id)
        ops = self._ops_for_plan(first, old, plan)
        merge_key = self._typing_key(old[0].id, s_off, e_off, text) if typing and len(old) == 1 else None
        self._execute("Typing" if typing else "Edit text", ops, merge_key)
        return plan.caret

    def _annotations_of_many(self, segments: Sequence[Segment]) -> list[Annotation]:
        return [a for s in segments for a in self.annotations_of(s.id)]

    def _typing_key(self, segment_id: str, s_off: int, e_off: int, text: str) -> tuple[Any, ...] | None:
        """Keep one undo group while typing runs on contiguously within one word."""
        if "\n" in text:
            self._typing = None
            return None
        previous = self._typing
        continues = (
            previous is not None
            and previous[0] == segment_id
            and (s_off == previous[1] or e_off == previous[1])
            and not (text[:1].isspace() and s_off == e_off)
            and self.history.can_undo()
            and self.history.commands[self.history.index - 1].merge_key == ("typing", previous[2])
        )
        group = previous[2] if continues and previous else self.revision
        self._typing = (segment_id, s_off + len(text), group)
        return ("typing", group)

    def _ops_for_plan(self, first: int, old: Sequence[Segment], plan: anchors.ReplacePlan) -> list[Op]:
        ops: list[Op] = [Put("annotation", a, None) for a in plan.dropped]
        ops += [Put("annotation", a, None) for a, _ in plan.moved]
        kept_ids = {s.id for s in plan.segments}
        ops += self._retarget_tags({s.id for s in old} - kept_ids, plan.segments[0].id)
        # Remove segments that do not survive, last first so indices stay right.
        for offset in range(len(old) - 1, -1, -1):
            if old[offset].id not in kept_ids:
                ops.append(RemoveSegment(first + offset, old[offset]))
        by_id = {s.id: s for s in old}
        for index, segment in enumerate(plan.segments, start=first):
            before = by_id.get(segment.id)
            if before is None:
                ops.append(InsertSegment(index, segment))
            elif before != segment:
                ops.append(SetSegment(index, before, segment))
        ops += [Put("annotation", None, a) for _, a in plan.moved]
        return ops

    def _retarget_tags(self, removed: set[str], survivor: str) -> list[Op]:
        """Tags whose end segments are removed by a merge now end at the surviving one."""
        ops: list[Op] = []
        for tag in self._tags.values():
            moved = replace(
                tag,
                first_segment_id=survivor if tag.first_segment_id in removed else tag.first_segment_id,
                last_segment_id=survivor if tag.last_segment_id in removed else tag.last_segment_id,
            )
            if moved != tag:
                ops.append(Put("tag", tag, moved))
        return ops

    def set_text(self, segment_id: str, text: str) -> None:
        """Replace a whole segment's text (it may contain newlines, which split it)."""
        length = len(self.segment(segment_id).text)
        self.replace_range(Position(segment_id, 0), Position(segment_id, length), text)

    def split_segment(self, segment_id: str, offset: int) -> str:
        """Split a segment at ``offset``; returns the id of the new second part."""
        self.replace_range(Position(segment_id, offset), Position(segment_id, offset), "\n")
        return self._segments[self.index_of(segment_id) + 1].id

    def merge_with_next(self, segment_id: str) -> None:
        """Join a segment and the one after it, with one space between their texts."""
        index = self.index_of(segment_id)
        if index + 1 >= len(self._segments):
            raise ValueError("the last segment has no next segment to merge with")
        first, second = self._segments[index], self._segments[index + 1]
        glue = " " if first.text.strip() and second.text.strip() else ""
        with self.batch("Merge segments"):
            self.replace_range(Position(first.id, len(first.text)), Position(second.id, 0), glue)

    def insert_segment(self, index: int, text: str = "", speaker_id: str | None = None) -> str:
        """Insert a new segment at ``index``; returns its id."""
        if "\n" in normalize_newlines(text):
            raise ValueError("a segment holds one line; insert several segments instead")
        if not 0 <= index <= len(self._segments):
            raise IndexError(index)
        segment = Segment(self.new_id("s"), text, speaker_id)
        self._execute("Insert segment", [InsertSegment(index, segment)])
        return segment.id

    def delete_segments(self, segment_ids: Iterable[str]) -> None:
        """Remove segments with their annotations; tags shrink or disappear with them."""
        doomed = {sid for sid in segment_ids if self.has_segment(sid)}
        if not doomed:
            return
        ops: list[Op] = [Put("annotation", a, None) for sid in doomed for a in self.annotations_of(sid)]
        ops += self._shrink_tags(doomed)
        for index in sorted((self.index_of(sid) for sid in doomed), reverse=True):
            ops.append(RemoveSegment(index, self._segments[index]))
        self._execute("Delete segments", ops)

    def _shrink_tags(self, doomed: set[str]) -> list[Op]:
        ops: list[Op] = []
        for tag in self._tags.values():
            first, last = self._tag_range(tag)
            alive = [s.id for s in self._segments[first : last + 1] if s.id not in doomed]
            if not alive:
                ops.append(Put("tag", tag, None))
            elif (alive[0], alive[-1]) != (tag.first_segment_id, tag.last_segment_id):
                ops.append(Put("tag", tag, replace(tag, first_segment_id=alive[0], last_segment_id=alive[-1])))
        return ops

    def set_segment_times(self, segment_id: str, start: float | None, end: float | None) -> None:
        """Change a segment's start and end times."""
        if start is not None and end is not None and end < start:
            raise ValueError("a segment cannot end before it starts")
        old = self.segment(segment_id)
        ops = [SetSegment(self.index_of(segment_id), old, replace(old, start=start, end=end))]
        self._execute("Change times", ops)

    # ---------------------------------------------------------------- speakers

    def add_speaker(self, name: str, color: str | None = None) -> Speaker:
        """Create a speaker (its colour from the palette unless given)."""
        name = name.strip()
        if not name:
            raise ValueError("a speaker needs a name")
        speaker = Speaker(self.new_id("sp"), name, color or default_color(len(self._speakers)))
        self._execute(f"Add speaker {name}", [Put("speaker", None, speaker)])
        return speaker

    def rename_speaker(self, speaker_id: str, name: str) -> None:
        """Give a speaker another name; it changes everywhere at once (one undo step)."""
        name = name.strip()
        if not name:
            raise ValueError("a speaker needs a name")
        old = self._speakers[speaker_id]
        self._execute(f"Rename speaker to {name}", [Put("speaker", old, replace(old, name=name))])

    def set_speaker_color(self, speaker_id: str, color: str) -> None:
        old = self._speakers[speaker_id]
        self._execute("Change speaker colour", [Put("speaker", old, replace(old, color=color))])

    def set_speaker(self, segment_ids: Iterable[str], speaker_id: str | None) -> None:
        """Assign the segments to a speaker (``None`` clears the assignment)."""
        if speaker_id is not None and speaker_id not in self._speakers:
            raise KeyError(speaker_id)
        ops: list[Op] = []
        for sid in dict.fromkeys(segment_ids):
            old = self.segment(sid)
            if old.speaker_id != speaker_id:
                ops.append(SetSegment(self.index_of(sid), old, replace(old, speaker_id=speaker_id)))
        name = self._speakers[speaker_id].name if speaker_id else "nobody"
        self._execute(f"Assign to {name}", ops)

    def merge_speakers(self, source_id: str, target_id: str) -> None:
        """Every segment of ``source`` becomes ``target``'s, and ``source`` is removed."""
        if source_id == target_id:
            return
        source, target = self._speakers[source_id], self._speakers[target_id]
        ops: list[Op] = [
            SetSegment(i, s, replace(s, speaker_id=target_id))
            for i, s in enumerate(self._segments)
            if s.speaker_id == source_id
        ]
        ops.append(self._removal("speaker", source))
        self._execute(f"Merge {source.name} into {target.name}", ops)

    def remove_speaker(self, speaker_id: str) -> None:
        """Remove a speaker; its segments become unassigned."""
        speaker = self._speakers[speaker_id]
        ops: list[Op] = [
            SetSegment(i, s, replace(s, speaker_id=None)) for i, s in enumerate(self._segments) if s.speaker_id == speaker_id
        ]
        ops.append(self._removal("speaker", speaker))
        self._execute(f"Remove speaker {speaker.name}", ops)

    # ------------------------------------------------------------- annotations

    def add_annotations(self, annotations: Iterable[Annotation]) -> list[Annotation]:
        """Add findings whose anchors still match the text; returns those added.

        A finding computed on an older snapshot whose span no longer reads ``text`` is
        dropped here rather than shown at the wrong place. Missing ids are assigned.
        """
        added: list[Annotation] = []
        for annotation in annotations:
            if not self.has_segment(annotation.segment_id):
                continue
            text = self.segment(annotation.segment_id).text
            if not (0 <= annotation.start < annotation.end <= len(text)):
                continue
            if text[annotation.start : annotation.end] != annotation.text:
                continue
            if not annotation.id or annotation.id in self._annotations:
                annotation = replace(annotation, id=self.new_id("a"))
            added.append(annotation)
        self._execute("Add findings", [Put("annotation", None, a) for a in added])
        return added

    def remove_annotations(self, annotation_ids: Iterable[str]) -> None:
        ops = [Put("annotation", self._annotations[i], None) for i in dict.fromkeys(annotation_ids) if i in self._annotations]
        self._execute("Remove findings", ops)

    def resolve_annotation(self, annotation_id: str, status: AnnotationStatus) -> None:
        """Mark a finding accepted, rejected or pending again (text unchanged)."""
        old = self._annotations[annotation_id]
        self._execute(f"Mark finding {status.value}", [Put("annotation", old, replace(old, status=status))])

    def apply_replacements(
        self, replacements: Iterable[Replacement], label: str = "Replace", decision: Decision | None = None
    ) -> int:
        """Apply many replacements as one undo step; returns how many were applied.

        Each replacement applies only where its span still reads ``expected`` and does not
        overlap another in the batch. A replacement linked to an annotation marks it
        accepted, anchored on the new text. ``decision``, if given, is recorded in the same
        step (so "accept all 22" and its remembered decision undo together).
        """
        by_segment: dict[str, list[Replacement]] = {}
        for r in replacements:
            by_segment.setdefault(r.segment_id, []).append(r)
        ops: list[Op] = []
        applied = 0
        for segment_id, items in by_segment.items():
            try:
                index = self.index_of(segment_id)  # once: a replace-all has 100,000 of these
            except KeyError:
                continue
            segment = self._segments[index]
            valid = anchors.non_overlapping(r for r in items if segment.text[r.start : r.end] == r.expected)
            if not valid:
                continue
            valid, records = self._records_for_findings(segment_id, valid)
            plan = anchors.plan_replacements(segment, valid, [*self.annotations_of(segment_id), *records.values()])
            ops.append(SetSegment(index, segment, plan.segment))
            for old, new in plan.annotation_changes:
                if old.id in records and new is not None:
                    ops.append(Put("annotation", None, new))  # the accepted finding's record
                elif old.id not in records:
                    ops.append(Put("annotation", old, new))
            applied += len(valid)
        if decision is not None and applied:
            decision = decision if decision.id else replace(decision, id=self.new_id("d"))
            ops.append(Put("decision", self._decisions.get(decision.id), decision))
        self._execute(label, ops)
        return applied

    # ---------------------------------------------------------------- findings

    @property
    def findings(self) -> FindingsStore:
        """Pending tool findings (read only: change them with :meth:`set_findings`)."""
        return self._findings

    def set_findings(self, tool: str, segment_ids: Iterable[str] | None, findings: Iterable[Annotation]) -> int:
        """Replace ``tool``'s findings in these segments (all if ``None``); not an undo step.

        Findings whose span no longer reads their ``text`` (computed on an older snapshot)
        are left out. Returns how many were stored.
        """
        fresh = []
        segment_id, text = None, None
        for f in findings:
            if f.segment_id != segment_id:  # one look-up per run of one segment's findings
                segment_id = f.segment_id
                segment = self.segment_or_none(segment_id)
                text = segment.text if segment is not None else None
            if text is not None and 0 <= f.start < f.end <= len(text) and text[f.start : f.end] == f.text:
                fresh.append(f)
        touched = self._findings.replace(tool, segment_ids, fresh)
        if touched:
            self._notify(
                Change(self.revision + 1, "findings", f"Check ({tool})", frozenset(touched), False, False, False, False, False, (), True)
            )
        return len(fresh)

    def _records_for_findings(
        self, segment_id: str, replacements: list[Replacement]
    ) -> tuple[list[Replacement], dict[str, Annotation]]:
        """Replacements answering a pending finding get a new annotation to record the fix."""
        records: dict[str, Annotation] = {}
        linked: list[Replacement] = []
        for r in replacements:
            finding = self._findings.get_in(segment_id, r.annotation_id) if r.annotation_id else None
            if finding is not None:
                record = replace(finding, id=self.new_id("a"))
                records[record.id] = record
                r = replace(r, annotation_id=record.id)
            linked.append(r)
        return linked, records

    # -------------------------------------------------------------------- tags

    def add_tag(self, label: str, first_segment_id: str, last_segment_id: str | None = None, *, title: str = "", note: str = "") -> Tag:
        """Tag the segments from ``first`` to ``last`` (inclusive) with ``label``."""
        last_segment_id = last_segment_id or first_segment_id
        first, last = sorted((self.index_of(first_segment_id), self.index_of(last_segment_id)))
        tag = Tag(self.new_id("t"), label.strip(), self._segments[first].id, self._segments[last].id, title, note)
        if not tag.label:
            raise ValueError("a tag needs a label")
        self._execute(f"Tag as {tag.label}", [Put("tag", None, tag)])
        return tag

    def update_tag(self, tag: Tag) -> None:
        """Change a tag's label, title, note or range."""
        old = self._tags[tag.id]
        self.index_of(tag.first_segment_id), self.index_of(tag.last_segment_id)  # must exist
        self._execute("Change tag", [Put("tag", old, tag)])

    def remove_tag(self, tag_id: str) -> None:
        old = self._tags[tag_id]
        self._execute(f"Remove tag {old.label}", [Put("tag", old, None)])

    # ------------------------------------------- glossary, decisions, metadata

    def set_glossary(self, glossary: Glossary) -> None:
        self._execute("Change glossary", [SetField("glossary", self._glossary, glossary)])

    def add_decision(self, decision: Decision) -> Decision:
        """Remember a review decision (an id is assigned if it has none)."""
        if not decision.id:
            decision = replace(decision, id=self.new_id("d"))
        self._execute("Remember decision", [Put("decision", self._decisions.get(decision.id), decision)])
        return decision

    def remove_decision(self, decision_id: str) -> None:
        self._execute("Forget decision", [self._removal("decision", self._decisions[decision_id])])

    def set_metadata(self, **changes: Any) -> None:
        """Change metadata fields, e.g. ``set_metadata(title="Episode 12")``."""
        new = dataclasses.replace(self._metadata, **changes)
        self._execute("Change properties", [SetField("metadata", self._metadata, new)])

    def set_plugin_data(self, plugin_id: str, value: Any) -> None:
        """Store a plugin's own JSON data (``None`` removes it)."""
        name = f"plugin_data:{plugin_id}"
        self._execute("Change plugin data", [SetField(name, self._plugin_data.get(plugin_id), value)])
