"""Garbage collection only on the UI thread.

Python's cycle collector runs in whichever thread happens to allocate. The correction
tools allocate a lot on the worker thread, so a collection there could free an
unreachable QObject (a closed panel, an old session with its timers) on the wrong thread,
which crashes Qt. Automatic collection is therefore switched off and a timer on the UI
thread collects whenever the allocation counts say Python would have.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """Owns the timer that collects garbage on the UI thread."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self, interval=INTERVAL_MS, timeout=self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> None:
        """Collect the generations whose allocation counts passed their thresholds."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._threshold[generation]:
                gc.collect(generation)
                return


def install(app: QObject) -> MainThreadCollector:
    """Collect garbage on the thread of ``app`` from now on (idempotent)."""
    existing = app.findChild(MainThreadCollector)
    return existing if existing is not None else MainThreadCollector(app)
