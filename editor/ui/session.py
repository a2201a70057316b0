"""The open transcript as the user interface sees it: one Document, its file, its checks.

``Session`` turns the Document's observer calls into Qt signals, owns the current file
path, runs the correction tools off the UI thread (live tools on edited segments after a
short pause, document tools when idle), and answers what review panels ask (visible
findings, groups). Panels and the editor never hold their own copy of the data: they read
``session.doc`` and send it commands; every change comes back as ``changed``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core import review
from editor.core.document import Change, Document
from editor.core.model import Annotation
from editor.core.user_dictionary import PersonalDictionary
from editor.paths import user_data_dir
from editor.plugin_host.check import Checker, CheckJob, CheckReport
from editor.plugin_host import tag_review
from editor.plugin_host.runner import ToolResult
from editor.plugin_host.tagging import ProposedTag, TagJob, TagReport, prepare_tagging, tag_report
from editor.ui import main_thread_gc
from editor.ui.workers import CheckSignals, CheckTask, CheckWorker

LIVE_DELAY_MS = 300
APPLY_SEGMENTS = 1500  # segments whose findings are stored per event-loop turn (~3 ms at 10 MB)
IDLE_MS = 700  # after this pause in editing, housekeeping that must not land on a keystroke
DOCUMENT_DELAY_MS = 1500
FREEZE_AFTER_OPEN_MS = 100


class Session(QObject):
    """One open transcript: the document, its file, its findings and the checks on it."""

    documentReplaced = Signal()  # a different document is now open (open, new, recover)
    changed = Signal(object)  # editor.core.document.Change, after every change
    pathChanged = Signal()  # file name or modified state changed (window title)
    checksRunning = Signal(bool)  # background checks started (True) or all finished (False)
    checksProgress = Signal(int, int)  # done, total
    checksFinished = Signal(object)  # CheckReport of the last pass
    toolErrors = Signal(list)  # messages of tools that failed in the last pass
    navigateRequested = Signal(str, int, int)  # segment id, start, end: show and select it
    selectionChanged = Signal()  # the segments selected in the editor changed
    proposalsChanged = Signal()  # a tagging run brought new tag proposals

    def __init__(self, checker: Checker | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.checker = checker or Checker()
        self.dictionary = PersonalDictionary(user_data_dir() / "dictionary.txt")
        self.checker.dictionary = self.dictionary.words
        self.doc = Document()
        self.path: Path | None = None
        self.untitled_key = f"untitled:{id(self)}"
        self._unsubscribe = self.doc.subscribe(self._on_change)
        self._selected: list[str] = []
        self._visible_cache: tuple[int, list[Annotation]] | None = None
        self._suppression: review.Suppression | None = None
        self._pending_live: set[str] = set()
        self._document_dirty = False
        self._running: list[CheckTask] = []
        self._to_apply: list[tuple[CheckTask, list[str], ToolResult]] = []
        self._reports: dict[int, CheckReport] = {}
        self._generation = 0
        self.last_report: CheckReport | None = None
        self.proposals: list[ProposedTag] = []  # of the last tagging run; see open_proposals()
        self.tagging_report: TagReport | None = None
        self._tagging_wanted = False  # run the tagging tools after the next full check
        self.checks_enabled = True
        self._check_signals = CheckSignals(self)
        self._check_signals.progress.connect(self.checksProgress)
        self._check_signals.results.connect(self._results_ready)
        self._check_signals.finished.connect(self._finished)
        self.worker = CheckWorker(self._check_signals, APPLY_SEGMENTS)
        self._live_timer = self._single_shot(LIVE_DELAY_MS, self._run_live_checks)
        self._document_timer = self._single_shot(DOCUMENT_DELAY_MS, self._run_document_checks)
        self._idle_timer = self._single_shot(IDLE_MS, lambda: self.doc.compact_index())
        self._apply_timer = self._single_shot(0, self._apply_next)

    def _single_shot(self, delay: int, slot) -> QTimer:  # noqa: ANN001
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(delay)
        timer.timeout.connect(slot)
        return timer

    # ------------------------------------------------------------- document

    def set_document(self, doc: Document, path: Path | None) -> None:
        """Make ``doc`` the open document (from ``path``, or untitled); checks start."""
        self.cancel_checks()
        main_thread_gc.thaw()  # the old document may now be garbage
        self._unsubscribe()
        self.doc = doc
        self.path = path
        self._unsubscribe = doc.subscribe(self._on_change)
        self._selected = []
        self._visible_cache = None
        self._suppression = None
        self._pending_live.clear()
        self.proposals = []
        self.tagging_report = None
        self._tagging_wanted = True
        # Build the segment index now, as part of opening (60 ms at 250,000 segments),
        # not when the first check result arrives and the user may be typing.
        doc.compact_index()
        self.documentReplaced.emit()
        self.pathChanged.emit()
        # After the first paint: a full collection costs 10 ms even on a short transcript.
        QTimer.singleShot(FREEZE_AFTER_OPEN_MS, self, main_thread_gc.freeze_long_lived)
        self.request_full_check(delay=0)

    @property
    def key(self) -> str:
        """What autosave files and recent-file lists know this document by."""
        return str(self.path.resolve()) if self.path else self.untitled_key

    def _on_change(self, change: Change) -> None:
        if change.annotations or change.document:
            self._suppression = None  # decisions or rejected records changed
        if change.reason != "findings":
            # Without segments inserted or removed, every segment named is still there (a
            # replace-all names 80,000 of them: no need to look each up).
            ids = change.segment_ids
            self._pending_live |= {sid for sid in ids if self.doc.has_segment(sid)} if change.structure else ids
            if change.structure:
                self._idle_timer.start()
            if change.segment_ids:
                self._live_timer.start()
                self._document_dirty = True
                self._document_timer.start(DOCUMENT_DELAY_MS)
        self.changed.emit(change)
        if change.reason != "findings":
            self.pathChanged.emit()

    # ------------------------------------------------------------ selection

    def set_selection(self, segment_ids: Iterable[str]) -> None:
        """The editor tells which segments the caret or selection covers."""
        ids = list(dict.fromkeys(segment_ids))
        if ids != self._selected:
            self._selected = ids
            self.selectionChanged.emit()

    @property
    def selected_segment_ids(self) -> list[str]:
        return list(self._selected)

    def navigate(self, segment_id: str, start: int = 0, end: int = 0) -> None:
        """Ask the editor to show and select ``text[start:end]`` of a segment."""
        self.navigateRequested.emit(segment_id, start, end)

    # --------------------------------------------------------------- review

    def visible_findings(self) -> list[Annotation]:
        """Findings no decision covers, in document order (cached per revision)."""
        if self._visible_cache is None or self._visible_cache[0] != self.doc.revision:
            self._visible_cache = (self.doc.revision, review.visible_findings(self.doc, self.dictionary.words))
        return self._visible_cache[1]

    def findings_in(self, segment_id: str) -> list[Annotation]:
        """One segment's visible findings, for painting: cheap whatever the document's size
        (the decisions are digested once per change of decisions, not per call)."""
        if self._suppression is None:
            self._suppression = review.Suppression(self.doc, self.dictionary.words)
        return review.visible_in_segment(self.doc, segment_id, self._suppression)

    def groups(self) -> list[review.FindingGroup]:
        return review.group_findings(self.visible_findings())

    def add_to_dictionary(self, word: str) -> None:
        """Accept a word in every project from now on, and hide its findings at once."""
        self.dictionary.add(word)
        self.checker.dictionary = self.dictionary.words
        self._visible_cache = None
        self._suppression = None
        self.changed.emit(Change(self.doc.revision, "findings", "Add to dictionary", frozenset(), False, False, False, False, False, (), True))

    # ---------------------------------------------------------- tag proposals

    def open_proposals(self) -> list[ProposedTag]:
        """Tag proposals still waiting for a decision, in document order."""
        return tag_review.open_proposals(self.doc, self.proposals)

    def request_tagging(self) -> bool:
        """Run the tagging tools (speakers, ad reads, chapters) in the background now;
        False if there are none or checks are switched off."""
        if not self.checks_enabled:
            return False
        job = prepare_tagging(self.doc, self.checker)
        if not job.check.runs:
            return False
        self._start(job, "tagging")
        return True

    # --------------------------------------------------------------- checks

    def request_full_check(self, delay: int = DOCUMENT_DELAY_MS) -> None:
        """Check the whole document with every tool after ``delay`` ms."""
        self._document_dirty = True
        self._document_timer.start(delay)

    def _run_live_checks(self) -> None:
        ids, self._pending_live = list(self._pending_live), set()
        if ids and self.checks_enabled:
            self._start(self.checker.prepare(self.doc, segment_ids=ids), "live")

    def _run_document_checks(self) -> None:
        if not self._document_dirty or not self.checks_enabled:
            return
        if self._running:  # the user is still busy or a pass is running: try again later
            self._document_timer.start(DOCUMENT_DELAY_MS)
            return
        self._document_dirty = False
        self._start(self.checker.prepare(self.doc), "document")

    def _start(self, job: CheckJob | TagJob, kind: str) -> None:
        if isinstance(job, CheckJob) and not job.runs:
            return
        task = CheckTask(self.checker, job, kind, self._generation)
        self._running.append(task)
        if len(self._running) == 1:
            main_thread_gc.checks_started()
            self.checksRunning.emit(True)
        self.worker.start(task)

    def _results_ready(self, outcome: tuple[CheckTask, list[tuple[list[str], ToolResult]]]) -> None:
        task, parts = outcome
        if task.generation == self._generation and parts:
            # A part of one tool's findings per event-loop turn (cut on the worker): storing
            # a whole pass at once held the UI thread for half a second on long transcripts.
            self._to_apply.extend((task, scope, part) for scope, part in parts)
            self._apply_timer.start()

    def _finished(self, outcome: tuple[CheckTask, list]) -> None:
        task, results = outcome
        task.ended = True
        if task.kind == "tagging":
            if task.generation == self._generation:
                self.tagging_report = tag_report(task.job, results)
                self.proposals = self.tagging_report.proposals
                if self.tagging_report.errors:
                    self.toolErrors.emit(self.tagging_report.errors)
                self.proposalsChanged.emit()
        if not any(item[0] is task for item in self._to_apply):
            self._task_done(task)

    def _apply_next(self) -> None:
        if not self._to_apply:
            return
        task, scope, result = self._to_apply.pop(0)
        if task.generation == self._generation:
            report = self._reports.setdefault(id(task), CheckReport())
            self.checker.apply(self.doc, task.job, [result], report=report, scope=scope)
            self._visible_cache = None
        if task.ended and not any(item[0] is task for item in self._to_apply):
            self._task_done(task)
        if self._to_apply:
            self._apply_timer.start()

    def _task_done(self, task: CheckTask) -> None:
        if task in self._running:
            self._running.remove(task)
        report = self._reports.pop(id(task), None)
        if report is not None and task.generation == self._generation:
            self.last_report = report
            if report.errors:
                self.toolErrors.emit(report.errors)
            self.checksFinished.emit(report)
        if task.kind == "document" and self._tagging_wanted and task.generation == self._generation:
            self._tagging_wanted = False  # the tools' first look at a newly opened transcript
            self.request_tagging()
        if not self._running:
            main_thread_gc.checks_stopped()
            self.checksRunning.emit(False)

    def checks_busy(self) -> bool:
        """Whether a check is running or waiting to run."""
        return bool(self._running) or bool(self._to_apply) or self._live_timer.isActive() or (self._document_dirty and self._document_timer.isActive())

    def close(self) -> None:
        """Stop checking for good (the window is closing)."""
        self.cancel_checks()
        self.worker.stop()

    def cancel_checks(self) -> None:
        """Stop running checks and forget waiting ones (their results are ignored)."""
        self._generation += 1
        for task in self._running:
            task.cancel()
        self._live_timer.stop()
        self._document_timer.stop()
        self._document_dirty = False
