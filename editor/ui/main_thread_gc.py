"""Garbage collection only on the UI thread, and the expensive part only when nothing runs.

Python's cycle collector runs in whichever thread happens to allocate. The correction
tools allocate a lot on the worker thread, so a collection there could free an
unreachable QObject (a closed panel, an old session with its timers) on the wrong thread,
which crashes Qt. Automatic collection is therefore switched off and a timer on the UI
thread collects instead — but not while a check runs: the tools allocate hundreds of
thousands of objects, and a collection in the middle walks all of them (0.07–0.45 s on a
10-hour transcript). Most are freed by reference counting when the check ends, so the
collection after it is cheap.

After a check, memory the C allocator holds but no longer uses (the tools' results, once
stored as findings: tens of megabytes on a long transcript) is handed back to the system
(``malloc_trim``, glibc only; a few milliseconds, at most every :data:`TRIM_EVERY_S`).
"""

from __future__ import annotations

import ctypes
import gc
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500
FULL_COLLECTION_EVERY_S = 30.0
MAX_DEFERRAL_S = 120.0
TRIM_EVERY_S = 10.0
_busy = 0  # checks running in any session
_trim_due = False  # a check ended since memory was last handed back


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc; musl has none
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _malloc_trim()


def checks_started() -> None:
    global _busy
    _busy += 1


def checks_stopped() -> None:
    global _busy, _trim_due
    _busy = max(0, _busy - 1)
    _trim_due = True


def release_free_memory() -> bool:
    """Hand memory the allocator keeps but does not use back to the system; whether it
    could (only with glibc)."""
    global _trim_due
    _trim_due = False
    if _MALLOC_TRIM is None:
        return False
    _MALLOC_TRIM(0)
    return True


def freeze_long_lived() -> None:
    """Move everything alive now (e.g. a just-opened transcript) out of the collector's
    sight: those objects live as long as the document, and a full collection that walks
    250,000 segments every time is wasted work. Reference counting still frees them."""
    gc.collect()
    gc.freeze()


def thaw() -> None:
    """Let the collector see frozen objects again (before a document is replaced)."""
    gc.unfreeze()


class MainThreadCollector(QObject):
    """Owns the timer that collects garbage on the UI thread."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        self._last_full = time.monotonic()
        self._last_trim = 0.0
        gc.disable()
        self._timer = QTimer(self, interval=INTERVAL_MS, timeout=self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> None:
        """Collect what is due, unless a check is running (for at most two minutes)."""
        counts = gc.get_count()
        now = time.monotonic()
        # Deferral is bounded: a session that vanished mid-check must not stop collection.
        if _busy and now - self._last_full < MAX_DEFERRAL_S:
            return  # even the youngest generation holds everything the tools allocated
        if counts[2] > self._threshold[2] and now - self._last_full >= FULL_COLLECTION_EVERY_S:
            gc.collect(2)
            self._last_full = now
        elif counts[1] > self._threshold[1]:
            gc.collect(1)
        elif counts[0] > self._threshold[0]:
            gc.collect(0)
        if _trim_due and not _busy and now - self._last_trim >= TRIM_EVERY_S:
            release_free_memory()
            self._last_trim = now


def install(app: QObject) -> MainThreadCollector:
    """Collect garbage on the thread of ``app`` from now on (idempotent)."""
    existing = app.findChild(MainThreadCollector)
    return existing if existing is not None else MainThreadCollector(app)
