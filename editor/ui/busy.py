"""A wait cursor for work the producer waits for (an export, a replace-all on ten hours)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication


@contextmanager
def busy_cursor() -> Iterator[None]:
    """Show the wait cursor while the block runs, whatever it raises."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
