"""A long session: thousands of random edits, speaker changes, review decisions, undo and
redo through the keyboard while checks run; then the document must equal its own command
log replayed, the widget must show the document, no finding may point at changed text,
memory must stay flat and no reference to None may have gone missing.

CI runs a short profile; ``GALLEY_SOAK_OPS=20000`` runs the long one.
"""

from __future__ import annotations

import gc
import os
import random
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from editor.core.document import Document, DocumentState
from editor.core.glossary import read_glossary
from editor.formats import read_document
from editor.paths import demo_glossary, demo_transcript
from editor.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

OPS = int(os.environ.get("GALLEY_SOAK_OPS", "1000"))
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
WORDS = ["the", "Kubernetes", "pie", "torch", "um", "so", "Siobhan", "teh", "and", "x", "cube", "con", "é", "—"]


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def document_from(state: DocumentState) -> Document:
    return Document(
        state.segments,
        state.speakers,
        metadata=state.metadata,
        annotations=state.annotations,
        tags=state.tags,
        glossary=state.glossary,
        decisions=state.decisions,
        plugin_data=dict(state.plugin_data),
    )


def replayed(start: DocumentState, doc: Document) -> DocumentState:
    """The start state with every command of the history up to its cursor applied again."""
    copy = document_from(start)
    for command in doc.history.commands[: doc.history.index]:
        copy._apply_all(command.ops, "replay", command.label)  # noqa: SLF001 - the log itself is under test
    return copy.state()


def type_text(qtbot, widget, text: str) -> None:  # noqa: ANN001
    """Key presses for ``text``; QTest has no keys for non-ASCII characters, so those
    arrive as key events carrying the character, as from an input method."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


class Soak:
    """Random user actions on the window, each through keys or clicks."""

    def __init__(self, window: MainWindow, qtbot, rng: random.Random) -> None:
        self.window, self.qtbot, self.rng = window, qtbot, rng
        self.counts: dict[str, int] = {}

    @property
    def doc(self) -> Document:
        return self.window.session.doc

    def caret_somewhere(self) -> None:
        segment = self.doc.segment_at(self.rng.randrange(len(self.doc)))
        offset = self.rng.randint(0, len(segment.text))
        self.window.view.select_range(segment.id, offset, offset)

    def step(self) -> None:
        view, qtbot, rng = self.window.view, self.qtbot, self.rng
        roll = rng.random()
        if roll < 0.35:
            name = "type"
            self.caret_somewhere()
            type_text(qtbot, view, rng.choice(WORDS) + rng.choice([" ", "", ". "]))
        elif roll < 0.45:
            name = "delete"
            self.caret_somewhere()
            for _ in range(rng.randint(1, 4)):
                qtbot.keyClick(view, rng.choice([Qt.Key.Key_Backspace, Qt.Key.Key_Delete]))
        elif roll < 0.50:
            name = "enter"
            self.caret_somewhere()
            qtbot.keyClick(view, Qt.Key.Key_Return)
        elif roll < 0.62:
            name = "undo"
            qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
        elif roll < 0.70:
            name = "redo"
            qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
        elif roll < 0.80:
            name = "speaker"
            self.caret_somewhere()
            qtbot.keyClick(view, rng.choice([Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3]), CTRL)
        elif roll < 0.92:
            name = "review"
            panel = self.window.review_panel
            panel.focus_list()
            if panel.current_group() is not None:
                for _ in range(rng.randint(0, 3)):
                    qtbot.keyClick(panel.list_widget(), Qt.Key.Key_Down)
                key, modifier = rng.choice(
                    [(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_Return, SHIFT), (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)]
                )
                qtbot.keyClick(panel.list_widget(), key, modifier)
            view.setFocus()
        elif roll < 0.98:
            name = "select-and-type"
            segment = self.doc.segment_at(rng.randrange(len(self.doc)))
            start = rng.randint(0, len(segment.text))
            self.window.view.select_range(segment.id, start, min(len(segment.text), start + rng.randint(1, 12)))
            type_text(qtbot, view, rng.choice(WORDS))
        else:
            name = "pause"  # let live checks (300 ms) or a document check land mid-session
            qtbot.wait(rng.choice([50, 350, 1600]))
        self.counts[name] = self.counts.get(name, 0) + 1


def test_long_session_keeps_document_view_history_and_findings_consistent(qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window = MainWindow()
    qtbot.addWidget(window, before_close_func=lambda w: w.session.doc.mark_saved())
    window.resize(1100, 700)
    window.show()
    qtbot.waitExposed(window)
    doc = read_document(demo_transcript())
    doc.set_glossary(read_glossary(demo_glossary()))
    window.session.set_document(doc, None)
    qtbot.waitUntil(lambda: not window.session.checks_busy() and bool(window.session.visible_findings()), timeout=30000)
    start = window.session.doc.state()
    start_index = window.session.doc.history.index  # after the glossary was set
    none_before = sys.getrefcount(None)
    soak = Soak(window, qtbot, random.Random(20261127))
    memory: list[float] = []
    for number in range(OPS):
        soak.step()
        if number in (OPS // 3, OPS - 1):
            gc.collect()
            memory.append(rss_mb())
    qtbot.waitUntil(lambda: not window.session.checks_busy(), timeout=60000)
    gc.collect()
    print(f"\nsoak: {OPS} actions {soak.counts}; RSS {memory[0]:.0f} -> {memory[1]:.0f} MB; None refs {none_before} -> {sys.getrefcount(None)}")
    doc = window.session.doc

    assert doc.state() == replayed(start, doc), "the document differs from its command log replayed"
    assert window.view.toPlainText() == doc.text, "the editor shows something else than the document"
    assert window.view.blockCount() == len(doc)
    for finding in window.session.visible_findings():
        assert doc.segment(finding.segment_id).text[finding.start : finding.end] == finding.text, finding
    while doc.history.index > start_index:  # and the whole way back is still exact
        assert doc.undo()
    assert doc.state() == start
    assert window.view.toPlainText() == doc.text
    # The history holds every change, a few hundred bytes each: growth past a third of the
    # run must stay small (a leak of the text, findings or widgets would be megabytes).
    assert memory[1] - memory[0] < 40, f"memory grew {memory[1] - memory[0]:.1f} MB over {OPS * 2 // 3} actions"
    # PySide6 6.12.0 on 3.11 dropped a reference to None per void call: thousands by now.
    assert sys.getrefcount(None) >= none_before - 50
    assert sum(soak.counts.values()) == OPS and soak.counts.get("review", 0) > 0, soak.counts
