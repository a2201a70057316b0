"""``assert_undoable``: the one helper that proves a command undoes and redoes exactly."""

from __future__ import annotations

from collections.abc import Callable

from editor.core.document import Document


def assert_undoable(doc: Document, action: Callable[[Document], object]) -> object:
    """Apply ``action`` as one step, then undo and redo it twice, comparing whole states.

    Returns what ``action`` returned. Fails if the action made no change, made more than
    one undo step, or if undo/redo does not restore the exact state (values and ids).
    """
    before = doc.state()
    steps = doc.history.index
    result = action(doc)
    after = doc.state()
    assert after != before, "the action changed nothing"
    assert doc.history.index == steps + 1, "the action must be exactly one undo step"
    for _ in range(2):
        assert doc.undo()
        assert doc.state() == before
        assert doc.redo()
        assert doc.state() == after
    return result
