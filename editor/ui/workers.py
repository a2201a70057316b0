"""Background work: a function on a pool thread, its result delivered on the UI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, Signal

from editor.plugin_host.check import Checker, CheckJob


class CheckSignals(QObject):
    """Signals of a CheckTask (a QRunnable cannot have its own)."""

    progress = Signal(int, int)
    finished = Signal(object, list)  # the task, its list of ToolResult


class CheckTask(QRunnable):
    """Runs a prepared check on a pool thread; the document is never touched here."""

    def __init__(self, checker: Checker, job: CheckJob, kind: str, generation: int) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the session keeps it until its result is delivered
        self.checker = checker
        self.job = job
        self.kind = kind
        self.generation = generation
        self.signals = CheckSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        results = self.checker.run(self.job, self._cancel.is_set, self.signals.progress.emit)
        self.signals.finished.emit(self, results)
