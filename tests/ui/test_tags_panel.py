"""The Tags panel driven as a user: list, jump, Ctrl+T dialog, delete and undo, titles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMainWindow, QPlainTextEdit

from editor.core.document import Document
from editor.core.model import Position, Segment, Speaker
from editor.ui.tags_panel import (
    ExcerptRole,
    SizeRole,
    TagDialog,
    TagsPanel,
    TimeRole,
    format_time,
    normalize_label,
    tag_color,
)
from tests.ui.quiet_session import quiet_session

pytestmark = pytest.mark.gui


def make_doc() -> Document:
    doc = Document(
        [
            Segment("s1", "hey everyone and welcome back to the build log", "sp1", 0.0, 4.0),
            Segment("s2", "the build log is supported by Lintwise", "sp1", 4.0, 8.0),
            Segment("s3", "Lintwise checks your code while you sleep", "sp1", 8.0, 12.0),
            Segment("s4", "so today's guest runs the platform team", "sp1", 724.0, 730.0),
            Segment("s5", "thanks Maya it's good to be here", "sp2"),
            Segment("s6", "nobody could tell you when it occurred", "sp2"),
            Segment("s7", "and that was the whole story", "sp2"),
        ],
        [Speaker("sp1", "Maya"), Speaker("sp2", "Siobhan")],
    )
    # Added out of order: the panel lists them in document order.
    doc.add_tag("quote", "s6", "s6", note="for socials")
    doc.add_tag("chapter", "s1", "s1", title="Welcome")
    doc.add_tag("ad", "s2", "s3")
    doc.add_tag("chapter", "s4", "s7", title="The guest")
    return doc


class Harness:
    """A window with an editor in the middle and the Tags panel docked, as in the app."""

    def __init__(self, qtbot, doc: Document) -> None:
        self.qtbot = qtbot
        self.doc = doc
        self.session = quiet_session()
        self.session.set_document(doc, None)
        self.window = QMainWindow()
        self.editor = QPlainTextEdit(doc.text)
        self.window.setCentralWidget(self.editor)
        self.panel = TagsPanel(self.session, self.window)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        qtbot.addWidget(self.window)
        self.window.resize(800, 500)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()
        qtbot.waitUntil(self.window.isActiveWindow)

    def rows(self) -> list[str]:
        model = self.panel.model
        return [model.index(row).data() for row in range(model.rowCount())]

    def labels(self) -> list[str]:
        return [row.split(" — ")[0] for row in self.rows()]

    def focus_row(self, row: int) -> None:
        self.panel.view.setFocus()
        self.panel.view.setCurrentIndex(self.panel.model.index(row))


@pytest.fixture
def ui(qtbot) -> Harness:
    return Harness(qtbot, make_doc())


def test_lists_tags_in_document_order_with_time_words_and_size(ui: Harness) -> None:
    assert ui.rows() == [
        "chapter: Welcome — 00:00 — “hey everyone and welcome back to the build…” — 1 segment",
        "ad — 00:04 — “the build log is supported by Lintwise” — 2 segments",
        "chapter: The guest — 12:04 — “so today's guest runs the platform team” — 4 segments",
        "quote — “nobody could tell you when it occurred” — 1 segment",
    ]
    model = ui.panel.model
    assert model.index(2).data(TimeRole) == "12:04"
    assert model.index(1).data(SizeRole) == "2 segments"
    assert "for socials" in model.index(3).data(Qt.ItemDataRole.ToolTipRole)


def test_enter_and_click_jump_to_the_tag(ui: Harness) -> None:
    ui.focus_row(2)
    with ui.qtbot.waitSignal(ui.session.navigateRequested, timeout=1000) as blocker:
        ui.qtbot.keyClick(ui.panel.view, Qt.Key.Key_Return)
    assert blocker.args == ["s4", 0, 0]
    view = ui.panel.view
    with ui.qtbot.waitSignal(ui.session.navigateRequested, timeout=1000) as blocker:
        ui.qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(ui.panel.model.index(1)).center()
        )
    assert blocker.args == ["s2", 0, 0]


def _fill_tag_dialog(qtbot, label: str, title: str = "", note: str = "") -> list[TagDialog]:
    """Answer the next Tag dialog as a user would (typing, then the Tag button)."""
    seen: list[TagDialog] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TagDialog)
        seen.append(dialog)
        combo_edit = dialog.label_combo.lineEdit()
        combo_edit.selectAll()
        qtbot.keyClicks(combo_edit, label)
        if title:
            qtbot.keyClicks(dialog.title_edit, title)
        if note:
            qtbot.keyClicks(dialog.note_edit, note)
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)  # "Tag"

    QTimer.singleShot(0, answer)
    return seen


def test_ctrl_t_tags_the_selection_as_a_chapter_with_a_title(ui: Harness) -> None:
    ui.session.set_selection(["s6", "s5"])  # any order: the range is first..last in the document
    seen = _fill_tag_dialog(ui.qtbot, "Chapter", "Before the story", "trim the intro")
    ui.editor.setFocus()
    before = ui.doc.history.index
    ui.qtbot.keyClick(ui.editor, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert len(seen) == 1
    assert any(
        lb.text().startswith("Tag 2 segments starting “thanks Maya") for lb in seen[0].findChildren(QLabel)
    )
    assert ui.doc.history.index == before + 1
    added = [t for t in ui.doc.tags if t.title == "Before the story"]
    assert len(added) == 1
    tag = added[0]
    assert (tag.label, tag.first_segment_id, tag.last_segment_id, tag.note) == (
        "chapter",
        "s5",
        "s6",
        "trim the intro",
    )
    assert "chapter: Before the story — “thanks Maya it's good to be here” — 2 segments" in ui.rows()
    assert ui.panel.current_tag() == tag  # the new tag is highlighted


def test_tag_dialog_enables_the_title_only_for_chapters(qtbot) -> None:
    dialog = TagDialog(["needs music"], "Tag 2 segments.")
    qtbot.addWidget(dialog)
    assert [dialog.label_combo.itemText(i) for i in range(dialog.label_combo.count())] == [
        "chapter", "ad", "quote", "cut", "needs music",
    ]  # fmt: skip
    dialog.label_combo.setCurrentText("ad")
    assert not dialog.title_edit.isEnabled()
    dialog.label_combo.setCurrentText("")
    assert not dialog.buttons.buttons()[0].isEnabled()  # no label, no tag
    dialog.label_combo.setCurrentText("CHAPTER")
    assert dialog.title_edit.isEnabled()
    dialog.title_edit.setText("  Part   two ")
    assert dialog.values() == ("chapter", "Part two", "")


def test_cancelled_dialog_adds_nothing(ui: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TagDialog, "exec", lambda self: 0)
    ui.session.set_selection(["s5"])
    before = ui.doc.history.index
    ui.panel.tag_selection_action().trigger()
    assert ui.doc.history.index == before


def test_delete_removes_a_tag_and_undo_brings_it_back(ui: Harness) -> None:
    ui.focus_row(1)
    ui.qtbot.keyClick(ui.panel.view, Qt.Key.Key_Delete)
    assert [t.label for t in ui.doc.tags] == ["chapter", "chapter", "quote"]
    assert ui.labels() == ["chapter: Welcome", "chapter: The guest", "quote"]
    assert ui.panel.view.currentIndex().row() == 1  # the next tag is highlighted
    assert ui.doc.undo()
    assert ui.labels() == ["chapter: Welcome", "ad", "chapter: The guest", "quote"]


def test_f2_edits_a_chapter_title_in_one_undo_step(ui: Harness) -> None:
    ui.focus_row(1)  # an ad: no title to edit
    ui.qtbot.keyClick(ui.panel.view, Qt.Key.Key_F2)
    assert ui.panel.view.findChild(QLineEdit) is None or not ui.panel.view.findChild(QLineEdit).isVisible()
    ui.focus_row(0)
    before = ui.doc.history.index
    ui.qtbot.keyClick(ui.panel.view, Qt.Key.Key_F2)
    ui.qtbot.waitUntil(lambda: (e := ui.panel.view.findChild(QLineEdit)) is not None and e.isVisible())
    editor = ui.panel.view.findChild(QLineEdit)
    assert editor.text() == "Welcome"
    editor.selectAll()
    ui.qtbot.keyClicks(editor, "Cold open")
    ui.qtbot.keyClick(editor, Qt.Key.Key_Return)
    ui.qtbot.waitUntil(lambda: ui.doc.tags[0].title == "Cold open")
    assert ui.doc.history.index == before + 1
    assert ui.labels()[0] == "chapter: Cold open"
    assert ui.doc.undo()
    assert ui.labels()[0] == "chapter: Welcome"


def test_filter_by_label(ui: Harness) -> None:
    combo = ui.panel.filter_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All tags (4)",
        "chapter (2)",
        "ad (1)",
        "quote (1)",
    ]
    combo.setFocus()
    ui.qtbot.keyClick(combo, Qt.Key.Key_Down)  # the user picks "chapter"
    assert ui.labels() == ["chapter: Welcome", "chapter: The guest"]
    ui.session.set_selection(["s7"])
    ui.panel.quick_tag_actions()[1].trigger()  # "Tag as Ad": added, but filtered out
    assert [t.label for t in ui.doc.tags].count("ad") == 2
    assert ui.labels() == ["chapter: Welcome", "chapter: The guest"]
    ui.qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert ui.labels() == ["chapter: Welcome", "ad", "chapter: The guest", "quote", "ad"]


def test_quick_actions_and_empty_state(qtbot) -> None:
    doc = Document([Segment("a", "one"), Segment("b", "two")])
    ui = Harness(qtbot, doc)
    assert ui.rows() == []
    assert "Ctrl+T" in ui.panel.view.empty_hint
    texts = [a.text().replace("&", "") for a in ui.panel.quick_tag_actions()]
    assert texts == ["Tag as Chapter…", "Tag as Ad", "Tag as Quote", "Tag as Cut"]
    ui.session.set_selection([])
    assert not ui.panel.tag_selection_action().isEnabled()
    ui.session.set_selection(["b"])
    assert ui.panel.tag_selection_action().isEnabled()
    ui.panel.quick_tag_actions()[3].trigger()
    assert ui.rows() == ["cut — “two” — 1 segment"]


def test_edits_repaint_excerpts_and_structure_changes_resize_ranges(ui: Harness) -> None:
    model = ui.panel.model
    with ui.qtbot.waitSignal(model.dataChanged, timeout=500) as repaint:  # that row only, no rebuild
        ui.doc.replace_range(Position("s4", 0), Position("s4", 2), "So", typing=True)
    assert repaint.args[0].row() == 2 and repaint.args[1].row() == 2
    assert ui.panel.model.index(2).data(ExcerptRole).startswith("So today's guest")
    ui.doc.split_segment("s5", 6)  # the guest chapter grows by one segment
    ui.qtbot.waitUntil(lambda: ui.panel.model.index(2).data(SizeRole) == "5 segments")
    ui.doc.delete_segments(["s6"])  # the quote's only segment: the tag goes with it
    assert "quote" not in ui.labels()


def test_hidden_panel_rebuilds_when_shown(ui: Harness) -> None:
    ui.panel.hide()
    ui.session.set_selection(["s7"])
    ui.panel.quick_tag_actions()[2].trigger()  # Tag as Quote while hidden
    assert ui.panel.model.rowCount() == 4  # not rebuilt while nobody looks
    ui.panel.show()
    ui.qtbot.waitUntil(lambda: ui.panel.model.rowCount() == 5)


def test_helpers() -> None:
    assert format_time(None) == "" and format_time(65.9) == "01:05" and format_time(3723) == "1:02:03"
    assert normalize_label(" Chapter ") == "chapter" and normalize_label("Needs  music") == "Needs music"
    assert tag_color("ad") == tag_color("AD") and tag_color("mine") == tag_color("mine")
