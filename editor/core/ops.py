"""Primitive reversible operations and the command that groups them.

Every change to a :class:`~editor.core.document.Document` is a :class:`Command`: a label
and a tuple of primitive operations, each of which records both the value before and the
value after. Undo applies the inverses in reverse order; redo applies the same operations
again, so redo reproduces the exact same ids and values. (Gaupol's revertable model, with
explicit objects instead of keyword magic.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from editor.core.model import Segment

# Collections of id-keyed values that a Put operation can change.
Collection = Literal["speaker", "annotation", "tag", "decision"]


@dataclass(frozen=True, slots=True)
class InsertSegment:
    """Insert ``segment`` so that it ends up at ``index``."""

    index: int
    segment: Segment

    def inverse(self) -> RemoveSegment:
        return RemoveSegment(self.index, self.segment)


@dataclass(frozen=True, slots=True)
class RemoveSegment:
    """Remove ``segment``, which sits at ``index``."""

    index: int
    segment: Segment

    def inverse(self) -> InsertSegment:
        return InsertSegment(self.index, self.segment)


@dataclass(frozen=True, slots=True)
class SetSegment:
    """Replace the value (same id) of the segment at ``index``.

    The index lets observers that mirror the document (the editor widget) replay the
    operations of a command in order without looking segments up.
    """

    index: int
    old: Segment
    new: Segment

    def inverse(self) -> SetSegment:
        return SetSegment(self.index, self.new, self.old)


@dataclass(frozen=True, slots=True)
class Put:
    """Add (``old is None``), change, or remove (``new is None``) one id-keyed value.

    ``index`` is the value's place in its ordered collection when it is removed, so undo
    puts it back where it was.
    """

    collection: Collection
    old: Any
    new: Any
    index: int | None = None

    def inverse(self) -> Put:
        return Put(self.collection, self.new, self.old, self.index)


@dataclass(frozen=True, slots=True)
class SetField:
    """Replace a document-wide value: ``glossary``, ``metadata`` or ``plugin_data:<id>``."""

    name: str
    old: Any
    new: Any

    def inverse(self) -> SetField:
        return SetField(self.name, self.new, self.old)


Op: TypeAlias = InsertSegment | RemoveSegment | SetSegment | Put | SetField


@dataclass(frozen=True, slots=True)
class Command:
    """One undo step: what the user would call one action.

    ``merge_key`` lets consecutive typing in one segment become a single step; ``None``
    means the command never merges.
    """

    label: str
    ops: tuple[Op, ...]
    merge_key: tuple[Any, ...] | None = None

    def inverse_ops(self) -> tuple[Op, ...]:
        """The operations that undo this command, in the order to apply them."""
        return tuple(op.inverse() for op in reversed(self.ops))
