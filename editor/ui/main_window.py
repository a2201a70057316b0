"""Galley's main window: the transcript editor, its panels, menus, files and autosave."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor import paths
from editor.core import autosave, project
from editor.core.document import Document
from editor.core.errors import FileProblem
from editor.core.model import Metadata, Segment
from editor.ui.session import Session
from editor.ui.transcript_view import TranscriptView

log = logging.getLogger(__name__)

OPEN_FILTER = (
    "Transcripts and projects (*.galley.json *.txt *.srt *.vtt *.json);;Galley projects (*.galley.json);;"
    "Plain text (*.txt);;Subtitles (*.srt *.vtt);;Whisper JSON (*.json);;All files (*)"
)


class MainWindow(QMainWindow):
    """One window, one open transcript (the Session), docks around the editor."""

    def __init__(self, session: Session | None = None, settings=None) -> None:  # noqa: ANN001
        super().__init__()
        from editor.ui.settings import AppSettings

        self.settings = settings if settings is not None else AppSettings()
        self.session = session or Session(self._make_checker())
        self.view = TranscriptView(self.session, self)
        self._build_central()
        self._build_docks()
        self._build_menus()
        self._build_status_bar()
        self.session.pathChanged.connect(self._update_title)
        self.session.changed.connect(self._schedule_status)
        self.session.checksRunning.connect(self._checks_running)
        self.session.checksProgress.connect(self._checks_progress)
        self.session.toolErrors.connect(self._tool_errors)
        self._autosave_timer = QTimer(self, timeout=self._autosave)
        self._apply_settings()
        self.settings.changed.connect(lambda _key: self._apply_settings())
        from editor.ui.shortcuts_dialog import apply_shortcuts

        apply_shortcuts(self.actions(), self.settings)
        self.new_document()
        if not self.settings.restore_window(self):
            self.resize(1280, 820)

    # ----------------------------------------------------------- building

    def _make_checker(self):
        from editor.plugin_host.check import Checker
        from editor.plugin_host.registry import PluginRegistry

        registry = PluginRegistry(
            paths.builtin_plugins_dir(), paths.user_plugins_dir(), disabled=self.settings.disabled_plugins
        )
        return Checker(registry, settings=self.settings.plugin_settings)

    def _build_central(self) -> None:
        from editor.ui.find_replace import FindReplaceBar

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view)
        self.find_bar = FindReplaceBar(self.session, central)
        self.find_bar.matchesChanged.connect(self.view.set_search_matches)
        self.find_bar.hide()
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)

    def _build_docks(self) -> None:
        from editor.ui.proposals_panel import ProposalsPanel
        from editor.ui.review_panel import ReviewPanel
        from editor.ui.speakers_panel import SpeakersPanel
        from editor.ui.tags_panel import TagsPanel

        self.review_panel = ReviewPanel(self.session, self)
        self.speakers_panel = SpeakersPanel(self.session, self)
        self.tags_panel = TagsPanel(self.session, self)
        self.proposals_panel = ProposalsPanel(self.session, self)
        area = Qt.DockWidgetArea.RightDockWidgetArea
        self.addDockWidget(area, self.review_panel)
        self.addDockWidget(area, self.speakers_panel)
        self.addDockWidget(area, self.tags_panel)
        self.addDockWidget(area, self.proposals_panel)
        self.tabifyDockWidget(self.speakers_panel, self.tags_panel)
        self.tabifyDockWidget(self.tags_panel, self.proposals_panel)
        self.speakers_panel.raise_()
        self.resizeDocks([self.review_panel], [340], Qt.Orientation.Horizontal)

    def _action(self, menu, text: str, slot: Callable[[], object], shortcut=None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(QKeySequence.keyBindings(shortcut) if isinstance(shortcut, QKeySequence.StandardKey) else [QKeySequence(shortcut)])
        action.triggered.connect(lambda _checked=False: slot())
        action.setObjectName(name or text.replace("&", "").replace("…", "").strip().lower().replace(" ", "-"))
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        key = QKeySequence.StandardKey
        file = bar.addMenu("&File")
        self._action(file, "&New", self.new_document, key.New)
        self._action(file, "&Open…", self.open_dialog, key.Open)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        self._action(file, "&Save", self.save, key.Save)
        self._action(file, "Save &As…", self.save_as, key.SaveAs)
        self._action(file, "&Export…", self.export_dialog, "Ctrl+E")
        file.addSeparator()
        self._action(file, "&Quit", self.close, key.Quit)

        edit = bar.addMenu("&Edit")
        self.undo_action = self._action(edit, "&Undo", self.session_undo, key.Undo)
        self.redo_action = self._action(edit, "&Redo", self.session_redo, key.Redo)
        edit.addSeparator()
        for text, standard, slot in (
            ("Cu&t", key.Cut, self.view.cut),
            ("&Copy", key.Copy, self.view.copy),
            ("&Paste", key.Paste, self.view.paste),
            ("Select &All", key.SelectAll, self.view.selectAll),
        ):
            action = self._action(edit, text, slot, standard)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the editor handles its own keys
        edit.addSeparator()
        self._action(edit, "&Find…", self.find_bar.show_find, key.Find)
        self._action(edit, "&Replace…", self.find_bar.show_replace, "Ctrl+H")
        self._action(edit, "Find &Next", self.find_bar.find_next, key.FindNext)
        self._action(edit, "Find Pre&vious", self.find_bar.find_previous, key.FindPrevious)
        edit.addSeparator()
        self._action(edit, "&Join Lines into Paragraphs", self.join_lines, "Ctrl+J")
        edit.addSeparator()
        self._action(edit, "Pre&ferences…", self.preferences, key.Preferences if QKeySequence.keyBindings(key.Preferences) else "Ctrl+,")

        review_menu = bar.addMenu("&Review")
        self._action(review_menu, "&Next Finding", lambda: self.view.goto_finding(1), "F8")
        self._action(review_menu, "&Previous Finding", lambda: self.view.goto_finding(-1), "Shift+F8")
        self._action(review_menu, "Go to &Review Panel", self.review_panel.focus_list, "Ctrl+R")
        review_menu.addSeparator()
        for action in self.review_panel.actions_for_menu():
            review_menu.addAction(action)
        review_menu.addSeparator()
        self._action(review_menu, "&Check Now", lambda: self.session.request_full_check(delay=0), "F7")
        self._action(review_menu, "&Stop Checking", self.session.cancel_checks, "Shift+F7")

        speakers = bar.addMenu("&Speakers")
        for action in self.speakers_panel.assign_actions():
            speakers.addAction(action)
            self.addAction(action)

        tags = bar.addMenu("&Tags")
        tag_action = self.tags_panel.tag_selection_action()
        tags.addAction(tag_action)
        self.addAction(tag_action)
        for action in self.tags_panel.quick_tag_actions():
            tags.addAction(action)
        tags.addSeparator()
        self._action(tags, "Review Tag &Proposals", self.proposals_panel.focus_list, "Ctrl+Shift+R")
        self._action(tags, "Propose Tags &Again", self.proposals_panel.propose_again, "Ctrl+Shift+T")

        view = bar.addMenu("&View")
        for dock in (self.review_panel, self.speakers_panel, self.tags_panel, self.proposals_panel):
            view.addAction(dock.toggleViewAction())

        tools = bar.addMenu("Too&ls")
        self._action(tools, "&Plugins…", self.plugin_manager)

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Keyboard Shortcuts", self.shortcuts_dialog, "Ctrl+/")
        self._action(help_menu, "&About Galley", self.about)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.counts_label = QLabel(self)
        status.addWidget(self.counts_label, 1)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 0)
        self.progress.setToolTip("Checking the transcript")
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText("Stop")
        self.cancel_button.setToolTip("Stop checking (Shift+F7)")
        self.cancel_button.clicked.connect(self.session.cancel_checks)
        self.checking_label = QLabel("Checking…", self)
        for widget in (self.checking_label, self.progress, self.cancel_button):
            status.addPermanentWidget(widget)
            widget.hide()
        self._status_timer = QTimer(self, singleShot=True, interval=150, timeout=self._update_counts)

    # ----------------------------------------------------------- settings

    def _apply_settings(self) -> None:
        from PySide6.QtGui import QFont

        from editor.ui.settings import theme_palette

        font = QFont(self.settings.font_family) if self.settings.font_family else self.view.font()
        font.setPointSizeF(self.settings.font_size)
        self.view.set_editor_font(font, self.settings.line_spacing)
        self.view.set_theme(theme_palette(self.settings.theme))
        seconds = self.settings.autosave_seconds
        if seconds > 0:
            self._autosave_timer.start(seconds * 1000)
        else:
            self._autosave_timer.stop()

    # -------------------------------------------------------------- files

    def new_document(self) -> None:
        """An empty untitled transcript."""
        if not self._may_discard():
            return
        self.session.set_document(Document([Segment("s1", "")], metadata=Metadata(title="Untitled")), None)
        self.view.load_document()

    def open_dialog(self) -> None:
        folder = str(self.session.path.parent) if self.session.path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Open Transcript", folder, OPEN_FILTER)
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path, *, ask: bool = True) -> bool:
        """Open a transcript or project; offers a newer autosave; False if not opened."""
        if ask and not self._may_discard():
            return False
        from editor.formats import read_document

        try:
            doc = read_document(path)
        except FileProblem as error:
            QMessageBox.warning(self, "Cannot Open", str(error))
            return False
        self.open_loaded(path, doc)
        return True

    def open_loaded(self, path: Path, doc: Document) -> None:
        """Show a document read from ``path``, offering a newer autosave of it first."""
        project_path = path if path.name.endswith(project.EXTENSION) else None
        self.show_document(self._offer_recovery(path, doc), project_path, source=path)
        self.settings.add_recent(str(path))
        self.settings.save()

    def show_document(self, doc: Document, path: Path | None, *, source: Path | None = None) -> None:
        """Display ``doc``; ``path`` is its project file (None for an imported transcript)."""
        self.session.set_document(doc, path)
        self._source = source
        self.view.load_document()
        self._update_title()
        self._update_counts()

    def _offer_recovery(self, path: Path, doc: Document) -> Document:
        found = autosave.recoverable(str(path.resolve()), paths.autosave_dir())
        if found is None:
            return doc
        answer = QMessageBox.question(
            self,
            "Recover Unsaved Changes?",
            f"Galley has unsaved changes to “{path.name}” from a session that did not close normally.\n\n"
            "Recover them? (Discard deletes the recovered copy.)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            autosave.discard_autosave(str(path.resolve()), paths.autosave_dir())
            return doc
        try:
            recovered = project.load_project(found.path)
        except FileProblem as error:
            QMessageBox.warning(self, "Cannot Recover", str(error))
            return doc
        # The recovered state differs from the file on disk: it is modified until saved.
        recovered.history.clean_index = None
        return recovered

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        return self._save_to(self.session.path)

    def save_as(self) -> bool:
        current = self.session.path or self._source_path()
        stem = current.name.removesuffix(project.EXTENSION).rsplit(".", 1)[0] if current else "Untitled"
        folder = current.parent if current else Path.home()
        name, _ = QFileDialog.getSaveFileName(
            self, "Save Project", str(folder / f"{stem}{project.EXTENSION}"), "Galley projects (*.galley.json)"
        )
        if not name:
            return False
        path = Path(name if name.endswith(project.EXTENSION) else name.removesuffix(".json") + project.EXTENSION)
        return self._save_to(path)

    def _source_path(self) -> Path | None:
        return getattr(self, "_source", None)

    def _save_to(self, path: Path) -> bool:
        old_key = self.session.key
        try:
            project.save_project(self.session.doc, path)
        except FileProblem as error:
            QMessageBox.warning(self, "Cannot Save", str(error))
            return False
        autosave.discard_autosave(old_key, paths.autosave_dir())
        self.session.path = path
        autosave.discard_autosave(self.session.key, paths.autosave_dir())
        self.settings.add_recent(str(path))
        self.settings.save()
        self.session.pathChanged.emit()
        self.statusBar().showMessage(f"Saved {path.name}", 3000)
        return True

    def _autosave(self) -> None:
        doc = self.session.doc
        if not doc.modified:
            return
        try:
            autosave.write_autosave(doc, self.autosave_key(), paths.autosave_dir())
        except OSError as error:  # a full disk must not interrupt the producer
            log.warning("autosave failed: %s", error)

    def autosave_key(self) -> str:
        """The file name an autosave of the open document is filed under."""
        source = self._source_path()
        return self.session.key if self.session.path or source is None else str(source.resolve())

    def _may_discard(self) -> bool:
        """Ask before losing unsaved changes; True when it is fine to go on."""
        if not self.session.doc.modified:
            return True
        answer = QMessageBox.warning(
            self,
            "Unsaved Changes",
            f"Save the changes to “{self._title()}” before closing it?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            autosave.discard_autosave(self.autosave_key(), paths.autosave_dir())
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_discard():
            event.ignore()
            return
        self.session.close()
        self.settings.store_window(self)
        self.settings.save()
        event.accept()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files
        if not recent:
            self.recent_menu.addAction("No recent files").setEnabled(False)
        for name in recent:
            self.recent_menu.addAction(name, lambda n=name: self.open_path(Path(n)))

    # ------------------------------------------------------------ commands

    def session_undo(self) -> None:
        self.session.doc.undo()

    def session_redo(self) -> None:
        self.session.doc.redo()

    def join_lines(self) -> None:
        """Join the selected lines into one paragraph per speaker turn (one undo step)."""
        doc = self.session.doc
        ids = self.session.selected_segment_ids
        if len(ids) < 2:
            self.statusBar().showMessage("Select the lines to join first", 3000)
            return
        with doc.batch("Join lines into paragraphs"):
            for segment_id in reversed(ids[:-1]):
                following = doc.segment_at(doc.index_of(segment_id) + 1)
                if following.speaker_id == doc.segment(segment_id).speaker_id:
                    doc.merge_with_next(segment_id)

    def export_dialog(self) -> None:
        from editor.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self.session.doc, self.session.path or self._source_path(), self, state=self.settings.export_state)
        dialog.exec()
        self.settings.export_state = dialog.state()
        self.settings.save()

    def preferences(self) -> None:
        from editor.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self)
        dialog.openPluginManager.connect(self.plugin_manager)
        if dialog.exec():
            self._apply_settings()

    def plugin_manager(self) -> None:
        from editor.ui.plugin_manager import PluginManagerDialog

        dialog = PluginManagerDialog(self.session.checker.registry, self.settings, self)
        dialog.settingsChanged.connect(self._plugins_changed)
        dialog.reloadRequested.connect(lambda: (self._reload_plugins(), dialog.set_registry(self.session.checker.registry)))
        dialog.exec()

    def _plugins_changed(self) -> None:
        self.session.checker = self._make_checker_keeping_registry()
        self.session.request_full_check(delay=0)

    def _make_checker_keeping_registry(self):  # noqa: ANN202
        from editor.plugin_host.check import Checker

        return Checker(self.session.checker.registry, dictionary=self.session.dictionary.words, settings=self.settings.plugin_settings)

    def _reload_plugins(self) -> None:
        self.session.checker = self._make_checker()
        self.session.checker.dictionary = self.session.dictionary.words
        self.session.request_full_check(delay=0)

    def shortcuts_dialog(self) -> None:
        from editor.ui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog([a for a in self.actions() if a.text()], self.settings, self).exec()

    def about(self) -> None:
        from editor.ui.about import show_about

        show_about(self)

    # -------------------------------------------------------------- status

    def _title(self) -> str:
        if self.session.path is not None:
            return self.session.path.name
        source = self._source_path()
        return source.name if source else self.session.doc.metadata.title or "Untitled"

    def _update_title(self) -> None:
        self.setWindowModified(self.session.doc.modified)
        self.setWindowTitle(f"{self._title()}[*] — Galley")
        doc = self.session.doc
        self.undo_action.setEnabled(doc.history.can_undo())
        self.redo_action.setEnabled(doc.history.can_redo())
        self.undo_action.setText(f"&Undo {doc.history.undo_label()}".strip())
        self.redo_action.setText(f"&Redo {doc.history.redo_label()}".strip())

    def _schedule_status(self, _change: object = None) -> None:
        self._status_timer.start()

    def _update_counts(self) -> None:
        doc = self.session.doc
        findings = self.session.visible_findings()
        words = sum(len(s.text.split()) for s in doc.segments) if len(doc) < 50_000 else None
        parts = [f"{len(doc):,} segments", f"{len(findings):,} findings to review"]
        if words is not None:
            parts.append(f"{words:,} words")
        self.counts_label.setText("   ·   ".join(parts))

    def _checks_running(self, running: bool) -> None:
        for widget in (self.checking_label, self.progress, self.cancel_button):
            widget.setVisible(running)
        if not running:
            self._update_counts()

    def _checks_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _tool_errors(self, errors: list) -> None:
        self.statusBar().showMessage(f"A checking tool failed: {errors[0]} (see Tools ▸ Plugins)", 8000)
