"""The editor widget and the Document stay equal whatever the user or a command does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor

from editor.core import review
from editor.core.document import Document
from editor.core.model import Annotation, Segment, Speaker
from editor.ui.session import Session
from editor.ui.transcript_view import TranscriptView
from tests.ui.quiet_session import quiet_session

pytestmark = pytest.mark.gui


@pytest.fixture
def session() -> Session:
    s = quiet_session()
    doc = Document(
        [
            Segment("s1", "welcome to the build log", "sp1"),
            Segment("s2", "my guest is shivon win", "sp1"),
            Segment("s3", "thanks for having me", "sp2"),
            Segment("s4", "we run pie torch daily", "sp2"),
        ],
        [Speaker("sp1", "Maya", "#3b6ea5"), Speaker("sp2", "Siobhan", "#c8611a")],
    )
    s.set_document(doc, None)
    return s


@pytest.fixture
def view(qtbot, session: Session) -> TranscriptView:
    widget = TranscriptView(session)
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.load_document()
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def widget_lines(view: TranscriptView) -> list[str]:
    return view.toPlainText().split("\n")


def assert_in_sync(view: TranscriptView) -> None:
    assert widget_lines(view) == [s.text for s in view.session.doc.segments]


def put_caret(view: TranscriptView, block: int, offset: int) -> None:
    cursor = view.textCursor()
    cursor.setPosition(view.document().findBlockByNumber(block).position() + offset)
    view.setTextCursor(cursor)


def test_typing_edits_the_document_and_undo_is_per_word(qtbot, view: TranscriptView) -> None:
    put_caret(view, 2, 20)
    qtbot.keyClicks(view, " so much")
    doc = view.session.doc
    assert doc.segment("s3").text == "thanks for having me so much"
    assert_in_sync(view)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.segment("s3").text == "thanks for having me so"
    assert_in_sync(view)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.segment("s3").text == "thanks for having me"
    assert not doc.modified
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert doc.segment("s3").text == "thanks for having me so"
    assert_in_sync(view)


def test_enter_splits_and_backspace_merges(qtbot, view: TranscriptView) -> None:
    doc = view.session.doc
    put_caret(view, 3, 6)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert [s.text for s in doc.segments][3:] == ["we run", " pie torch daily"]
    assert doc.segment_at(4).speaker_id == "sp2"
    assert_in_sync(view)
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert [s.text for s in doc.segments][3:] == ["we run pie torch daily"]
    assert_in_sync(view)
    doc.undo()
    doc.undo()
    assert [s.text for s in doc.segments][3] == "we run pie torch daily" and len(doc) == 4
    assert_in_sync(view)


def test_selection_across_lines_replaced_by_typing(qtbot, view: TranscriptView) -> None:
    cursor = view.textCursor()
    cursor.setPosition(view.document().findBlockByNumber(1).position() + 3)
    cursor.setPosition(view.document().findBlockByNumber(2).position() + 6, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    qtbot.keyClicks(view, "X")
    assert [s.text for s in view.session.doc.segments][1] == "my X for having me"
    assert len(view.session.doc) == 3
    assert_in_sync(view)
    view.session.doc.undo()
    assert len(view.session.doc) == 4
    assert_in_sync(view)


def test_multiline_paste_is_one_step(qtbot, view: TranscriptView) -> None:
    QGuiApplication.clipboard().setText("one\ntwo\nthree")
    put_caret(view, 0, 7)
    view.paste()
    doc = view.session.doc
    assert [s.text for s in doc.segments][:3] == ["welcomeone", "two", "three to the build log"]
    assert_in_sync(view)
    doc.undo()
    assert doc.segment_at(0).text == "welcome to the build log" and len(doc) == 4
    assert_in_sync(view)


def test_commands_from_elsewhere_are_mirrored(view: TranscriptView) -> None:
    doc = view.session.doc
    doc.set_findings("soundalike", None, [Annotation("", "s4", 7, 16, "sound-alike", "pie torch", "?", ("PyTorch",), tool="soundalike")])
    finding = view.session.visible_findings()[0]
    review.accept(doc, finding.id)
    assert_in_sync(view)
    doc.split_segment("s1", 7)
    doc.delete_segments(["s2"])
    doc.insert_segment(len(doc), "the end")
    assert_in_sync(view)
    while doc.undo():
        assert_in_sync(view)
    while doc.redo():
        assert_in_sync(view)


def test_findings_are_painted_as_wavy_underlines(qtbot, view: TranscriptView) -> None:
    doc = view.session.doc
    doc.set_findings("spelling", None, [Annotation("", "s2", 12, 18, "spelling", "shivon", "?", ("Siobhan",), tool="spelling")])
    marks = view.decorations_of_block(1)
    assert [(start, end) for start, end, _ in marks] == [(12, 18)]
    assert marks[0][2].underlineStyle().name == "WaveUnderline"
    # typing inside the word removes the finding at once
    put_caret(view, 1, 14)
    qtbot.keyClicks(view, "x")
    assert view.decorations_of_block(1) == []
    assert_in_sync(view)


def all_decorations(view: TranscriptView) -> list[list[tuple[int, int, str]]]:
    """What every block shows marked: (start, end, underline or text colour)."""
    return [
        [(start, end, fmt.underlineColor().name() + fmt.foreground().color().name()) for start, end, fmt in view.decorations_of_block(n)]
        for n in range(view.document().blockCount())
    ]


def test_decorations_kept_between_changes_equal_ones_made_afresh(qtbot, view: TranscriptView) -> None:
    """After a keystroke only that line's decorations are made again; the others' follow the
    edit. Whatever happens, what is shown equals decorations made from scratch."""
    doc = view.session.doc
    doc.set_findings("spelling", None, [
        Annotation("", "s2", 12, 18, "spelling", "shivon", "?", ("Siobhan",), tool="spelling"),
        Annotation("", "s4", 7, 16, "sound-alike", "pie torch", "?", ("PyTorch",), tool="spelling"),
    ])

    def check() -> None:
        shown = all_decorations(view)
        view._refresh_decorations(force=True)  # from scratch
        assert shown == all_decorations(view)
        assert_in_sync(view)

    put_caret(view, 0, 0)
    qtbot.keyClicks(view, "so ")  # before every finding: all of them move
    check()
    put_caret(view, 1, 3)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # a new line between
    check()
    qtbot.keyClick(view, Qt.Key.Key_Backspace)  # and merged back
    check()
    doc.set_findings("spelling", ["s3"], [Annotation("", "s3", 0, 6, "spelling", "thanks", "?", ("Thanks",), tool="spelling")])
    check()
    review.accept(doc, next(f.id for f in view.session.visible_findings() if f.segment_id == "s4"))
    check()
    while doc.undo():
        check()
    view.session.add_to_dictionary("shivon")
    check()
    assert all(start != 12 for start, _, _ in all_decorations(view)[1])


def test_f8_walks_through_findings(view: TranscriptView) -> None:
    doc = view.session.doc
    doc.set_findings(
        "spelling",
        None,
        [
            Annotation("", "s2", 12, 18, "spelling", "shivon", "?", tool="spelling"),
            Annotation("", "s4", 7, 10, "spelling", "pie", "?", tool="spelling"),
        ],
    )
    put_caret(view, 0, 0)
    assert view.goto_finding(1)
    assert view.textCursor().selectedText() == "shivon"
    view.goto_finding(1)
    assert view.textCursor().selectedText() == "pie"
    view.goto_finding(1)
    assert view.textCursor().selectedText() == "shivon"  # wraps around
    view.goto_finding(-1)
    assert view.textCursor().selectedText() == "pie"


def test_selection_is_published_to_the_session(qtbot, view: TranscriptView) -> None:
    cursor = view.textCursor()
    cursor.setPosition(view.document().findBlockByNumber(1).position())
    cursor.setPosition(view.document().findBlockByNumber(2).position() + 2, QTextCursor.MoveMode.KeepAnchor)
    with qtbot.waitSignal(view.session.selectionChanged, timeout=1000):
        view.setTextCursor(cursor)
    assert view.session.selected_segment_ids == ["s2", "s3"]
