"""Garbage collection only on the UI thread.

Python's cycle collector runs in whichever thread happens to allocate. The correction
tools allocate a lot on the worker thread, so a collection there could free an
unreachable QObject (a closed panel, an old session with its timers) on the wrong thread,
which crashes Qt. Automatic collection is therefore switched off and a timer on the UI
thread collects whenever the allocation counts say Python would have.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500
FULL_COLLECTION_EVERY_S = 30.0


class MainThreadCollector(QObject):
    """Owns the timer that collects garbage on the UI thread."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        self._last_full = time.monotonic()
        gc.disable()
        self._timer = QTimer(self, interval=INTERVAL_MS, timeout=self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> None:
        """Collect the young generations when their counts say so; the oldest at most every
        30 s. A full collection walks every object — on a 10-hour transcript 0.2–0.4 s —
        and Python itself runs one only when the old generation has grown by a quarter."""
        counts = gc.get_count()
        now = time.monotonic()
        if counts[2] > self._threshold[2] and now - self._last_full >= FULL_COLLECTION_EVERY_S:
            gc.collect(2)
            self._last_full = now
        elif counts[1] > self._threshold[1]:
            gc.collect(1)
        elif counts[0] > self._threshold[0]:
            gc.collect(0)


def install(app: QObject) -> MainThreadCollector:
    """Collect garbage on the thread of ``app`` from now on (idempotent)."""
    existing = app.findChild(MainThreadCollector)
    return existing if existing is not None else MainThreadCollector(app)
