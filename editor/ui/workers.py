"""Background checks: one Python worker thread per session, results delivered as Qt signals.

Two rules keep this safe. A plain thread and a queue rather than QThreadPool: a pool
destroyed while a task is queued runs that task on the thread destroying it (the UI
thread, during garbage collection). And no QObject is ever created for a task: the one
signals object belongs to the session (a Qt child, deleted on the UI thread with it), so
no QObject can be freed on the worker thread when its last Python reference goes.
"""

from __future__ import annotations

import queue
import threading
import time

from PySide6.QtCore import QObject, Signal

from editor.plugin_host.check import Checker, CheckJob, result_parts, segment_chunks
from editor.plugin_host.runner import ToolResult
from editor.plugin_host.tagging import TagJob


class CheckSignals(QObject):
    """Emitted from the worker thread, delivered on the UI thread."""

    progress = Signal(int, int)
    # One Python object, (CheckTask, [(segment ids, part of a ToolResult), ...]), as each
    # correction tool finishes, because a "list" signal argument would be converted to a
    # QVariantList element by element.
    results = Signal(object)
    # (CheckTask, [ToolResult, ...] of tagging tools, or [] for checks): the task is over;
    # always after its last ``results``.
    finished = Signal(object)


class CheckTask:
    """A prepared check; the worker runs it without touching the document."""

    def __init__(self, checker: Checker, job: CheckJob | TagJob, kind: str, generation: int) -> None:
        self.checker = checker
        self.job = job
        self.kind = kind
        self.generation = generation
        self.ended = False  # the worker is done with it (set on the UI thread by the session)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class CheckWorker:
    """Runs tasks one after another on a daemon thread (tools cache on their instances,
    so one check at a time) and reports through ``signals``."""

    def __init__(self, signals: CheckSignals, part_segments: int) -> None:
        self._tasks: queue.SimpleQueue[CheckTask | None] = queue.SimpleQueue()
        self._thread = threading.Thread(
            target=_loop, args=(self._tasks, signals, part_segments), name="galley-checks", daemon=True
        )
        self._thread.start()

    def start(self, task: CheckTask) -> None:
        self._tasks.put(task)

    def stop(self) -> None:
        """Let the thread end after the task it is running (queued ones are dropped)."""
        self._tasks.put(None)


def _loop(tasks: queue.SimpleQueue[CheckTask | None], signals: CheckSignals, part_segments: int) -> None:
    while (task := tasks.get()) is not None:
        # Whole-document checks run in the tool process: some tools hold the interpreter
        # lock for a tenth of a second at a time on long transcripts, and this process's
        # user interface needs it every few milliseconds.
        tagging = isinstance(task.job, TagJob)
        job = task.job.check if tagging else task.job
        # Each tool's findings go to the editor as soon as that tool is done, cut in parts
        # it stores one per event-loop turn, while the other tools still run; tag
        # proposals are few and come whole at the end.
        deliver = None if tagging else _deliver(signals, task, job, part_segments)
        results = (
            []
            if task.cancelled
            else task.checker.run(
                job, task._cancel.is_set, _progress(signals), out_of_process=task.kind != "live", on_result=deliver
            )
        )
        try:
            signals.finished.emit((task, results if tagging else []))
        except RuntimeError:  # the session (and its signals object) is gone
            return
        del task, results


def _deliver(signals: CheckSignals, task: CheckTask, job: CheckJob, part_segments: int):  # noqa: ANN202
    """Sends one tool's result to the session, cut into parts (called on worker threads)."""
    chunks = segment_chunks(job, part_segments)

    def deliver(result: ToolResult) -> None:
        try:
            signals.results.emit((task, result_parts(chunks, result)))
        except RuntimeError:  # the session is gone
            pass

    return deliver


PROGRESS_INTERVAL_S = 0.1


def _progress(signals: CheckSignals):  # noqa: ANN202
    """A progress callback that reports at most ten times a second: a tool that reports
    every segment would otherwise queue 250,000 events for the UI thread, each of which
    must wait for the interpreter lock."""
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_INTERVAL_S and done < total:
            return
        last[0] = now
        try:
            signals.progress.emit(done, total)
        except RuntimeError:
            pass

    return report
