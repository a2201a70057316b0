"""The find and replace bar, driven from the keyboard as a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from editor.core.document import Document
from editor.core.model import Segment, Speaker
from editor.core.search import Match
from editor.ui.find_replace import FindReplaceBar
from editor.ui.session import Session
from tests.ui.quiet_session import quiet_session

pytestmark = pytest.mark.gui


@pytest.fixture
def session() -> Session:
    session = quiet_session()
    doc = Document(
        [
            Segment("s1", "we run pie torch jobs on cooper netties", "sp1"),
            Segment("s2", "pie torch is great", "sp2"),
            Segment("s3", "thanks Shivon, I love pie torch", "sp1"),
        ],
        [Speaker("sp1", "Maya", "#3b6ea5"), Speaker("sp2", "Shivon Win", "#c8611a")],
    )
    session.set_document(doc, None)
    return session


@pytest.fixture
def bar(qtbot, session: Session) -> FindReplaceBar:
    widget = FindReplaceBar(session)
    qtbot.addWidget(widget)
    widget.resize(900, 80)
    return widget


@pytest.fixture
def navigations(session: Session) -> list[tuple[str, int, int]]:
    seen: list[tuple[str, int, int]] = []
    session.navigateRequested.connect(lambda *args: seen.append(args))
    return seen


def open_find(qtbot, bar: FindReplaceBar, replace: bool = False) -> None:
    bar.show_replace() if replace else bar.show_find()
    bar.activateWindow()
    qtbot.waitUntil(lambda: bar.find_field.hasFocus())


def test_typing_finds_and_enter_moves_to_the_next_match(qtbot, bar: FindReplaceBar, navigations: list) -> None:
    open_find(qtbot, bar)
    assert bar.isVisible() and not bar.replace_field.isVisible()
    with qtbot.waitSignal(bar.matchesChanged, timeout=1000) as emitted:
        qtbot.keyClicks(bar.find_field, "pie torch")
    assert emitted.args[0] == [Match("s1", 7, 16), Match("s2", 0, 9), Match("s3", 22, 31)]
    assert navigations[-1] == ("s1", 7, 16)  # search as you type: the first match is shown
    assert bar.count_label.text() == "1 of 3"

    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)
    assert navigations[-1] == ("s2", 0, 9)
    assert bar.count_label.text() == "2 of 3"
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)
    assert navigations[-1] == ("s1", 7, 16)
    assert bar.count_label.text() == "1 of 3 (wrapped)"
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert navigations[-1] == ("s3", 22, 31)
    assert bar.count_label.text() == "3 of 3 (wrapped)"


def test_toggles_and_speaker_names_change_the_count(qtbot, bar: FindReplaceBar) -> None:
    open_find(qtbot, bar)
    qtbot.keyClicks(bar.find_field, "shivon")
    qtbot.waitUntil(lambda: bar.count_label.text() == "1 of 1 · 1 speaker")
    qtbot.keyClick(bar.find_field, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # match case
    assert bar.case_button.isChecked()
    qtbot.waitUntil(lambda: bar.count_label.text() == "No matches")
    assert bar.matches == []
    assert not bar.next_button.isEnabled()


def test_bad_regex_turns_the_field_red_without_raising(qtbot, bar: FindReplaceBar) -> None:
    open_find(qtbot, bar)
    qtbot.mouseClick(bar.regex_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(bar.find_field, "pie (torch")
    qtbot.waitUntil(lambda: "Bad regex" in bar.count_label.text())
    assert "missing )" in bar.find_field.toolTip()
    assert bar.find_field.palette().base().color().red() > bar.find_field.palette().base().color().green()
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)  # nothing to go to, and no exception
    qtbot.keyClicks(bar.find_field, ")")
    qtbot.waitUntil(lambda: bar.count_label.text() == "1 of 3")
    assert "missing" not in bar.find_field.toolTip()


def test_replace_one_then_next_and_replace_all_undo(qtbot, bar: FindReplaceBar, session: Session, navigations: list) -> None:
    doc = session.doc
    open_find(qtbot, bar, replace=True)
    assert bar.replace_field.isVisible()
    qtbot.keyClicks(bar.find_field, "pie torch")
    qtbot.keyClicks(bar.replace_field, "PyTorch")
    qtbot.keyClick(bar.replace_field, Qt.Key.Key_Return)  # replaces the first, shows the next
    assert doc.segment("s1").text == "we run PyTorch jobs on cooper netties"
    assert navigations[-1] == ("s2", 0, 9)
    assert bar.count_label.text() == "1 of 2"

    qtbot.mouseClick(bar.replace_all_button, Qt.MouseButton.LeftButton)
    assert bar.message.text() == "Replaced 2"
    assert [s.text for s in doc.segments][1:] == ["PyTorch is great", "thanks Shivon, I love PyTorch"]
    assert doc.history.undo_label() == "Replace all"
    qtbot.waitUntil(lambda: bar.count_label.text() == "No matches")
    assert doc.undo()
    assert [s.text for s in doc.segments][1:] == ["pie torch is great", "thanks Shivon, I love pie torch"]
    qtbot.waitUntil(lambda: bar.count_label.text() == "2 matches")


def test_regex_replace_all_renames_speakers_in_one_step(qtbot, bar: FindReplaceBar, session: Session) -> None:
    doc = session.doc
    open_find(qtbot, bar, replace=True)
    qtbot.mouseClick(bar.regex_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(bar.find_field, r"Shivon( Win)?")
    qtbot.keyClicks(bar.replace_field, r"Siobhan\1")
    qtbot.keyClick(bar.replace_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert bar.message.text() == "Replaced 2"
    assert doc.speaker("sp2").name == "Siobhan Win"
    assert doc.segment("s3").text == "thanks Siobhan, I love pie torch"
    assert doc.undo()
    assert doc.speaker("sp2").name == "Shivon Win" and doc.segment("s3").text.startswith("thanks Shivon")


def test_bad_replacement_template_is_reported_inline(qtbot, bar: FindReplaceBar, session: Session) -> None:
    open_find(qtbot, bar, replace=True)
    qtbot.mouseClick(bar.regex_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(bar.find_field, "pie")
    qtbot.keyClicks(bar.replace_field, r"\3")
    qtbot.mouseClick(bar.replace_all_button, Qt.MouseButton.LeftButton)
    assert "Invalid replacement" in bar.message.text()
    assert session.doc.history.index == 0


def test_edits_update_matches_and_escape_clears_highlights(qtbot, bar: FindReplaceBar, session: Session) -> None:
    open_find(qtbot, bar)
    qtbot.keyClicks(bar.find_field, "torch")
    qtbot.waitUntil(lambda: len(bar.matches) == 3)
    session.doc.set_text("s2", "no torch here, torch there")  # an edit in the editor
    qtbot.waitUntil(lambda: len(bar.matches) == 4)
    assert bar.matches[1:3] == [Match("s2", 3, 8), Match("s2", 15, 20)]
    session.doc.split_segment("s1", 7)  # a structural edit
    qtbot.waitUntil(lambda: bar.matches[0].start == 4)
    assert [m.segment_id for m in bar.matches][1:] == ["s2", "s2", "s3"]
    with qtbot.waitSignal(bar.matchesChanged) as emitted:
        qtbot.keyClick(bar.find_field, Qt.Key.Key_Escape)
    assert emitted.args == [[]]
    assert bar.isHidden()


def test_escape_gives_the_focus_back(qtbot, session: Session) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    editor = QPlainTextEdit(host)
    bar = FindReplaceBar(session, host)
    layout = QVBoxLayout(host)
    layout.addWidget(editor)
    layout.addWidget(bar)
    host.show()
    host.activateWindow()
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    bar.show_find("great")
    qtbot.waitUntil(lambda: bar.count_label.text() == "1 of 1")
    assert bar.find_field.hasFocus() and bar.find_field.selectedText() == "great"
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Escape)
    assert bar.isHidden() and editor.hasFocus()


def test_menu_actions_use_standard_shortcuts(bar: FindReplaceBar) -> None:
    find, replace, find_next, find_previous = bar.menu_actions()
    assert find.shortcut().toString() == "Ctrl+F"
    assert replace.shortcut().toString() == "Ctrl+H"
    assert find_next.shortcut().toString() == "F3"
    assert find_previous.shortcut().toString() == "Shift+F3"
    replace.trigger()
    assert bar.isVisible() and bar.replace_field.isVisible()
    bar.restore_state({"regex": True, "whole_word": "yes"})
    assert bar.state() == {"case_sensitive": False, "whole_word": False, "regex": True, "in_speakers": True}
