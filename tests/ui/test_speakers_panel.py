"""The Speakers panel driven as a user: keyboard, inline editing, buttons, dialogs patched."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QLineEdit, QMainWindow, QMessageBox, QPlainTextEdit, QToolButton

from editor.core.document import Change, Document
from editor.core.model import Position, Segment, Speaker
from editor.ui.session import Session
from editor.ui.speakers_panel import (
    COUNT_DELAY_MS,
    CountRole,
    ShortcutRole,
    SpeakerCounts,
    SpeakersPanel,
)
from tests.ui.quiet_session import quiet_session

pytestmark = pytest.mark.gui


def make_doc() -> Document:
    return Document(
        [
            Segment("s1", "hey everyone and welcome back", "sp1"),
            Segment("s2", "I'm your host Maya Okafor", "sp1"),
            Segment("s3", "and today's guest is someone", "sp1"),
            Segment("s4", "thanks Maya it's good to be here", "sp2"),
            Segment("s5", "I've been listening for years", "sp2"),
            Segment("s6", "[music]", None),
        ],
        [Speaker("sp1", "Maya", "#3b6ea5"), Speaker("sp2", "Siobhan", "#c8611a")],
    )


def make_session(doc: Document) -> Session:
    session = quiet_session()
    session.set_document(doc, None)
    return session


class Harness:
    """A window with an editor in the middle and the panel docked, as in the app."""

    def __init__(self, qtbot, doc: Document, *, show_text: bool = True) -> None:
        self.doc = doc
        self.session = make_session(doc)
        self.window = QMainWindow()
        self.editor = QPlainTextEdit(doc.text if show_text else "")
        self.window.setCentralWidget(self.editor)
        self.panel = SpeakersPanel(self.session, self.window)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        qtbot.addWidget(self.window)
        self.window.resize(800, 500)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()
        qtbot.waitUntil(self.window.isActiveWindow)
        self.qtbot = qtbot

    def rows(self) -> list[str]:
        model = self.panel.model
        return [model.index(row).data() for row in range(model.rowCount())]

    def wait_rows(self, expected: list[str]) -> None:
        self.qtbot.waitUntil(lambda: self.rows() == expected, timeout=2000)

    def button(self, action) -> QToolButton:
        return next(b for b in self.panel.findChildren(QToolButton) if b.defaultAction() is action)

    def select_row(self, row: int) -> None:
        self.panel.view.setFocus()
        self.panel.view.setCurrentIndex(self.panel.model.index(row))

    def name_editor(self) -> QLineEdit:
        self.qtbot.waitUntil(lambda: self.panel.view.findChild(QLineEdit) is not None)
        editor = self.panel.view.findChild(QLineEdit)
        assert editor is not None and editor.isVisible()
        return editor


@pytest.fixture
def ui(qtbot) -> Harness:
    return Harness(qtbot, make_doc())


def test_lists_speakers_with_counts_and_shortcuts(ui: Harness) -> None:
    ui.wait_rows(["Maya — 3 segments", "Siobhan — 2 segments", "(unassigned) — 1 segment"])
    model = ui.panel.model
    assert [model.index(r).data(ShortcutRole) for r in range(3)] == ["Ctrl+1", "Ctrl+2", "Ctrl+0"]
    assert model.index(0).data(Qt.ItemDataRole.DecorationRole) == QColor("#3b6ea5")
    actions = ui.panel.assign_actions()
    assert [a.shortcut().toString() for a in actions] == [f"Ctrl+{n}" for n in range(1, 10)] + ["Ctrl+0"]
    assert [a.text() for a in actions if a.isVisible()] == [
        "Assign to Maya",
        "Assign to Siobhan",
        "Clear Speaker",
    ]


def test_ctrl_2_assigns_the_selection_while_the_editor_has_focus(ui: Harness) -> None:
    ui.session.set_selection(["s1", "s2"])
    ui.editor.setFocus()
    ui.qtbot.keyClick(ui.editor, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert [ui.doc.segment(s).speaker_id for s in ("s1", "s2", "s3")] == ["sp2", "sp2", "sp1"]
    ui.wait_rows(["Maya — 1 segment", "Siobhan — 4 segments", "(unassigned) — 1 segment"])
    ui.qtbot.keyClick(ui.editor, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # clear
    assert ui.doc.segment("s1").speaker_id is None
    ui.wait_rows(["Maya — 1 segment", "Siobhan — 2 segments", "(unassigned) — 3 segments"])
    assert ui.doc.undo() and ui.doc.undo()
    ui.wait_rows(["Maya — 3 segments", "Siobhan — 2 segments", "(unassigned) — 1 segment"])


def test_assigning_with_no_selection_does_nothing(ui: Harness) -> None:
    ui.session.set_selection([])
    before = ui.doc.history.index
    ui.panel.assign_actions()[0].trigger()
    assert ui.doc.history.index == before


def test_rename_inline_updates_everywhere_in_one_undo_step(ui: Harness) -> None:
    ui.select_row(0)
    before = ui.doc.history.index
    ui.qtbot.keyClick(ui.panel.view, Qt.Key.Key_F2)
    editor = ui.name_editor()
    assert editor.text() == "Maya"
    editor.selectAll()
    ui.qtbot.keyClicks(editor, "Maya Okafor")
    ui.qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event-loop turn
    ui.qtbot.waitUntil(lambda: ui.doc.speaker("sp1").name == "Maya Okafor")
    assert ui.doc.history.index == before + 1  # one undo step
    assert ui.rows()[0] == "Maya Okafor — 3 segments"
    assert ui.panel.assign_actions()[0].text() == "Assign to Maya Okafor"
    assert ui.panel.assign_combo.itemText(0) == "Maya Okafor"
    assert ui.doc.undo()
    assert ui.doc.speaker("sp1").name == "Maya"
    assert ui.rows()[0] == "Maya — 3 segments"
    assert ui.panel.assign_actions()[0].text() == "Assign to Maya"


def test_rename_to_an_existing_name_offers_a_merge(ui: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    ui.select_row(1)
    ui.qtbot.keyClick(ui.panel.view, Qt.Key.Key_F2)
    editor = ui.name_editor()
    editor.selectAll()
    ui.qtbot.keyClicks(editor, "maya")
    ui.qtbot.keyClick(editor, Qt.Key.Key_Return)
    ui.qtbot.waitUntil(lambda: len(ui.doc.speakers) == 1)
    assert {s.speaker_id for s in ui.doc.segments[:5]} == {"sp1"}
    ui.wait_rows(["Maya — 5 segments", "(unassigned) — 1 segment"])


def test_merge_into_another_speaker(ui: Harness) -> None:
    ui.select_row(1)  # Siobhan
    menu = ui.panel.merge_menu
    menu.popup(ui.panel.mapToGlobal(QPoint(10, 10)))  # what the Merge into button shows
    ui.qtbot.waitUntil(menu.isVisible)
    assert [a.text() for a in menu.actions()] == ["Maya"]
    menu.actions()[0].trigger()
    assert [s.name for s in ui.doc.speakers] == ["Maya"]
    assert all(ui.doc.segment(s).speaker_id == "sp1" for s in ("s4", "s5"))
    ui.wait_rows(["Maya — 5 segments", "(unassigned) — 1 segment"])
    assert ui.panel.current_speaker().id == "sp1"  # the survivor is highlighted
    assert not ui.panel.assign_actions()[1].isVisible()  # Ctrl+2 has nobody to assign to now
    assert ui.doc.undo()
    ui.wait_rows(["Maya — 3 segments", "Siobhan — 2 segments", "(unassigned) — 1 segment"])


def test_change_colour(ui: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []

    def choose(initial: QColor, parent, title: str) -> QColor:
        seen.append((initial.name(), title))
        return QColor("#ff00ff")

    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(choose))
    ui.select_row(1)
    ui.qtbot.mouseClick(ui.button(ui.panel.color_action), Qt.MouseButton.LeftButton)
    assert seen == [("#c8611a", "Colour for Siobhan")]
    assert ui.doc.speaker("sp2").color == "#ff00ff"
    assert ui.panel.model.index(1).data(Qt.ItemDataRole.DecorationRole) == QColor("#ff00ff")


def test_remove_asks_first_when_the_speaker_has_segments(
    ui: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(parent, title: str, text: str, *a, **k) -> QMessageBox.StandardButton:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    ui.select_row(1)
    ui.qtbot.keyClick(ui.panel.view, Qt.Key.Key_Delete)
    assert len(ui.doc.speakers) == 2 and "2 segments will have no speaker" in asked[0]
    ui.qtbot.keyClick(ui.panel.view, Qt.Key.Key_Delete)
    assert [s.name for s in ui.doc.speakers] == ["Maya"]
    assert ui.doc.segment("s4").speaker_id is None
    ui.wait_rows(["Maya — 3 segments", "(unassigned) — 3 segments"])
    assert ui.doc.undo()
    ui.wait_rows(["Maya — 3 segments", "Siobhan — 2 segments", "(unassigned) — 1 segment"])


def test_add_opens_the_new_name_for_typing(ui: Harness) -> None:
    ui.qtbot.mouseClick(ui.button(ui.panel.add_action), Qt.MouseButton.LeftButton)
    editor = ui.name_editor()
    assert editor.text() == "Speaker 3"
    editor.selectAll()
    ui.qtbot.keyClicks(editor, "Dr. Ruth Adeyemi")
    ui.qtbot.keyClick(editor, Qt.Key.Key_Return)
    ui.qtbot.waitUntil(lambda: [s.name for s in ui.doc.speakers] == ["Maya", "Siobhan", "Dr. Ruth Adeyemi"])
    assert ui.rows()[2] == "Dr. Ruth Adeyemi — 0 segments"
    third = ui.panel.assign_actions()[2]
    assert third.isVisible() and third.text() == "Assign to Dr. Ruth Adeyemi"


def test_enter_on_a_row_and_the_drop_down_assign_the_selection(ui: Harness) -> None:
    ui.session.set_selection(["s6"])
    combo = ui.panel.assign_combo
    ui.qtbot.waitUntil(lambda: combo.currentText() == "(nobody)")
    ui.select_row(0)
    ui.qtbot.keyClick(ui.panel.view, Qt.Key.Key_Return)
    assert ui.doc.segment("s6").speaker_id == "sp1"
    ui.qtbot.waitUntil(lambda: combo.currentText() == "Maya")
    combo.setFocus()
    ui.qtbot.keyClick(combo, Qt.Key.Key_Down)  # the user picks the next entry
    assert ui.doc.segment("s6").speaker_id == "sp2"
    ui.wait_rows(["Maya — 3 segments", "Siobhan — 3 segments", "(unassigned) — 0 segments"])


def test_drop_down_says_when_the_selection_is_mixed(ui: Harness) -> None:
    ui.session.set_selection(["s3", "s4"])
    combo = ui.panel.assign_combo
    ui.qtbot.waitUntil(lambda: combo.currentIndex() == -1 and combo.placeholderText() == "Several speakers")


def test_typing_never_recounts_and_structure_changes_keep_counts_right(
    ui: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    recounts = []
    original = SpeakerCounts.recount
    monkeypatch.setattr(SpeakerCounts, "recount", lambda self, doc: (recounts.append(1), original(self, doc)))
    for offset, char in enumerate("abc"):
        ui.doc.replace_range(Position("s1", offset), Position("s1", offset), char, typing=True)
    ui.doc.split_segment("s4", 6)  # a new Siobhan segment
    ui.doc.merge_with_next("s2")  # one Maya segment fewer
    ui.wait_rows(["Maya — 2 segments", "Siobhan — 3 segments", "(unassigned) — 1 segment"])
    assert recounts == []
    assert ui.panel.model.index(1).data(CountRole) == 3


def test_hidden_panel_skips_work_and_recounts_when_shown(ui: Harness) -> None:
    ui.panel.hide()
    ui.doc.set_speaker(["s6"], "sp1")
    ui.qtbot.wait(COUNT_DELAY_MS + 50)
    assert ui.panel.model.counts.stale
    ui.panel.show()
    ui.wait_rows(["Maya — 4 segments", "Siobhan — 2 segments", "(unassigned) — 0 segments"])


def test_new_document_replaces_the_list(ui: Harness) -> None:
    other = Document([Segment("a", "solo show", "x")], [Speaker("x", "Ana", "#123456")])
    ui.session.set_document(other, None)
    ui.wait_rows(["Ana — 1 segment", "(unassigned) — 0 segments"])
    assert [a.text() for a in ui.panel.assign_actions() if a.isVisible()] == [
        "Assign to Ana",
        "Clear Speaker",
    ]


def test_250k_segments_typing_stays_cheap(qtbot) -> None:
    segments = [Segment(f"s{i}", "word word word", "sp1" if i % 3 else "sp2") for i in range(250_000)]
    doc = Document(segments, [Speaker("sp1", "Maya"), Speaker("sp2", "Siobhan")])
    ui = Harness(qtbot, doc, show_text=False)
    ui.wait_rows(["Maya — 166,666 segments", "Siobhan — 83,334 segments", "(unassigned) — 0 segments"])
    ui.session.set_selection(["s100"])
    slowest = 0.0
    for offset in range(30):
        change = _typing_change(doc, offset)
        started = time.perf_counter()
        ui.panel._on_change(change)  # what every keystroke costs the panel
        slowest = max(slowest, time.perf_counter() - started)
    assert slowest < 0.002, f"a keystroke cost the panel {slowest * 1000:.2f} ms"
    doc.set_speaker(["s100"], "sp2")  # counts follow the change's ops, no recount of 250k
    ui.wait_rows(["Maya — 166,665 segments", "Siobhan — 83,335 segments", "(unassigned) — 0 segments"])


def _typing_change(doc: Document, offset: int) -> Change:
    changes = []
    unsubscribe = doc.subscribe(changes.append)
    doc.replace_range(Position("s1", offset), Position("s1", offset), "x", typing=True)
    unsubscribe()
    return changes[0]  # (the panel saw it too, through the session)
