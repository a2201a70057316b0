"""The review panel driven from the keyboard, as a producer works through findings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QPlainTextEdit

from editor.core.document import Document
from editor.core.model import Annotation, Segment
from editor.paths import user_data_dir
from editor.ui.review_panel import SORT_COUNT, ReviewPanel
from editor.ui.session import Session
from tests.ui.quiet_session import quiet_session

pytestmark = pytest.mark.gui

TEXTS = {
    "s1": "we use pie torch and teh model",
    "s2": "um so pie torch is great",
    "s3": "teh end um ok",
    "s4": "Okafor said pie torch",
    "s5": "um yes",
}


def finding(
    sid: str, text: str, kind: str, tool: str, replacements: tuple[str, ...], message: str = "", nth: int = 0
) -> Annotation:
    start = TEXTS[sid].index(text) if not nth else TEXTS[sid].index(text, TEXTS[sid].index(text) + 1)
    return Annotation(
        "",
        sid,
        start,
        start + len(text),
        kind,
        text,
        message or f"{kind}: {text}",
        replacements,
        0.9,
        tool=tool,
    )


def make_doc() -> Document:
    """8 findings in 5 groups: "pie torch" from two tools (×2 and ×1), "teh" with two
    fixes, a filler to delete (×3), and a name with no suggestion."""
    doc = Document([Segment(sid, text) for sid, text in TEXTS.items()])
    doc.set_findings(
        "consistency",
        None,
        [
            finding(s, "pie torch", "consistency", "consistency", ("PyTorch",), "also written PyTorch")
            for s in ("s1", "s2")
        ],
    )
    doc.set_findings(
        "soundalike", None, [finding("s4", "pie torch", "sound-alike", "soundalike", ("PyTorch",))]
    )
    doc.set_findings(
        "spelling",
        None,
        [finding(s, "teh", "spelling", "spelling", ("the", "tea")) for s in ("s1", "s3")]
        + [finding("s4", "Okafor", "spelling", "spelling", ())],
    )
    doc.set_findings(
        "fillers", None, [finding(s, "um ", "filler", "fillers", ()) for s in ("s2", "s3", "s5")]
    )
    return doc


@pytest.fixture
def session() -> Session:
    session = quiet_session()
    session.set_document(make_doc(), None)
    # Stand-in for the editor: showing an occurrence moves the caret there.
    session.navigateRequested.connect(lambda sid, start, end: session.set_selection([sid]))
    return session


@pytest.fixture
def panel(qtbot, session: Session) -> Iterator[ReviewPanel]:
    window = QMainWindow()
    window.setCentralWidget(QPlainTextEdit())
    panel = ReviewPanel(session, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield panel  # the window stays referenced until the test ends


def rows(panel: ReviewPanel) -> list[str]:
    """What each row says (the accessible text the delegate paints)."""
    return [panel.model.index(r).data() for r in range(panel.model.rowCount())]


def select(panel: ReviewPanel, qtbot, row: int) -> None:
    """Focus the list and walk to ``row`` with the arrow keys, as a user does."""
    panel.focus_list()
    while panel.list.currentIndex().row() < row:
        qtbot.keyClick(panel.list, Qt.Key.Key_Down)
    while panel.list.currentIndex().row() > row:
        qtbot.keyClick(panel.list, Qt.Key.Key_Up)


def test_rows_show_groups_with_counts_in_document_order(panel: ReviewPanel) -> None:
    assert rows(panel) == [
        "pie torch → PyTorch, 2 times, consistency (consistency)",
        "teh → the, 2 times, spelling (spelling)",
        "um → delete, 3 times, filler (fillers)",
        "Okafor → no suggestion, 1 time, spelling (spelling)",
        "pie torch → PyTorch, 1 time, sound-alike (soundalike)",
    ]
    assert panel.count_label.text() == "9 findings in 5 groups"
    assert panel.model.index(0).data(Qt.ItemDataRole.ToolTipRole).startswith("<p>also written PyTorch")
    kinds = [panel.kind_combo.itemText(i) for i in range(panel.kind_combo.count())]
    assert kinds[:3] == ["All kinds", "spelling (3)", "sound-alike (1)"]
    assert "filler (3)" in kinds
    tools = [panel.tool_combo.itemText(i) for i in range(panel.tool_combo.count())]
    assert tools == ["All tools", "consistency (2)", "fillers (3)", "soundalike (1)", "spelling (3)"]


def test_selecting_a_group_shows_its_next_occurrence_after_the_caret(
    panel: ReviewPanel, session: Session, qtbot
) -> None:
    with qtbot.waitSignal(session.navigateRequested) as blocker:
        panel.focus_list()  # focusing selects the first group and shows it
    assert blocker.args == ["s1", 7, 16]
    session.set_selection(["s3"])  # the producer clicks into the third segment
    with qtbot.waitSignal(session.navigateRequested) as blocker:
        qtbot.keyClick(panel.list, Qt.Key.Key_Down)  # teh: s1 is behind the caret, s3 is next
    assert blocker.args == ["s3", 0, 3]
    with qtbot.waitSignal(session.navigateRequested) as blocker:
        qtbot.keyClick(panel.list, Qt.Key.Key_Up)  # pie torch ×2: nothing after s3, wraps to s1
    assert blocker.args == ["s1", 7, 16]
    with qtbot.waitSignal(session.navigateRequested) as blocker:
        qtbot.keyClick(panel.list, Qt.Key.Key_N)  # next occurrence without deciding
    assert blocker.args == ["s2", 6, 15]
    assert "2 of 2" in panel.context_label.text()
    assert "<u>pie&nbsp;torch</u></b> is great" in panel.context_label.text()
    with qtbot.waitSignal(session.navigateRequested) as blocker:
        qtbot.keyClick(panel.list, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)  # and back
    assert blocker.args == ["s1", 7, 16]


def test_enter_accepts_this_occurrence_and_stays_on_the_group(
    panel: ReviewPanel, session: Session, qtbot
) -> None:
    doc = session.doc
    select(panel, qtbot, 0)
    with qtbot.waitSignal(session.navigateRequested) as blocker:
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert doc.segment("s1").text == "we use PyTorch and teh model"
    assert doc.segment("s2").text == TEXTS["s2"]
    # Still on the same group, one fewer; its first occurrence is now in s2, after "teh"
    # and "um", so it moved down (position order) and the selection went with it.
    assert rows(panel)[2] == "pie torch → PyTorch, 1 time, consistency (consistency)"
    assert panel.list.currentIndex().row() == 2
    assert blocker.args == ["s2", 6, 15]  # the editor moves on to the next occurrence
    qtbot.keyClick(panel.list, Qt.Key.Key_Enter)  # keypad Enter too
    assert doc.segment("s2").text == "um so PyTorch is great"
    # The group is done: the row now holds the group that moved up, so Enter can go on.
    assert panel.list.currentIndex().row() == 2 and panel.current_group().text == "Okafor"
    assert panel.count_label.text() == "7 findings in 4 groups"


def test_shift_enter_accepts_all_as_one_undo_step(panel: ReviewPanel, session: Session, qtbot) -> None:
    doc = session.doc
    select(panel, qtbot, 1)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert doc.segment("s1").text == "we use pie torch and the model"
    assert doc.segment("s3").text == "the end um ok"
    assert [r.split(",")[0] for r in rows(panel)] == [
        "pie torch → PyTorch",
        "um → delete",
        "Okafor → no suggestion",
        "pie torch → PyTorch",
    ]
    assert panel.list.currentIndex().row() == 1 and panel.current_group().kind == "filler"
    assert doc.undo()
    assert doc.segment("s1").text == TEXTS["s1"] and doc.segment("s3").text == TEXTS["s3"]
    qtbot.waitUntil(lambda: "teh → the, 2 times, spelling (spelling)" in rows(panel), timeout=1000)
    assert panel.current_group().kind == "filler"  # the refresh kept the selected group


def test_filler_enter_deletes_and_delete_rejects_one(panel: ReviewPanel, session: Session, qtbot) -> None:
    doc = session.doc
    select(panel, qtbot, 2)  # um ×3, first in s2
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert doc.segment("s2").text == TEXTS["s2"]  # rejected: left as written
    assert panel.current_group().text == "um " and "um → delete, 2 times, filler (fillers)" in rows(panel)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # the next one, in s3, is deleted
    assert doc.segment("s3").text == "teh end ok"
    assert rows(panel)[-1] == "um → delete, 1 time, filler (fillers)"  # now last in position order
    assert panel.current_group().text == "um "
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)  # reject the group
    assert all(not r.startswith("um") for r in rows(panel))
    assert doc.segment("s5").text == TEXTS["s5"]


def test_no_suggestion_cannot_be_accepted(panel: ReviewPanel, session: Session, qtbot) -> None:
    select(panel, qtbot, 3)  # Okafor
    assert not panel.accept_action.isEnabled() and not panel.accept_all_action.isEnabled()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert session.doc.segment("s4").text == TEXTS["s4"]  # never deleted by accident
    assert rows(panel)[3].startswith("Okafor")


def test_ignore_everywhere_and_add_to_dictionary(panel: ReviewPanel, session: Session, qtbot) -> None:
    select(panel, qtbot, 3)
    qtbot.keyClick(panel.list, Qt.Key.Key_D)  # Okafor is a name: personal dictionary
    assert "Okafor" in session.dictionary.words
    assert "Okafor" in (user_data_dir() / "dictionary.txt").read_text(
        encoding="utf-8"
    )  # isolated GALLEY_HOME
    assert not any(r.startswith("Okafor") for r in rows(panel))
    assert panel.current_group().tool == "soundalike"  # the row below moved up
    qtbot.keyClick(panel.list, Qt.Key.Key_Up)
    qtbot.keyClick(panel.list, Qt.Key.Key_Up)  # teh
    qtbot.keyClick(panel.list, Qt.Key.Key_I)
    assert not any(r.startswith("teh") for r in rows(panel))
    assert session.doc.segment("s1").text == TEXTS["s1"]
    assert session.doc.decisions[-1].original == "teh"
    session.doc.undo()  # ignoring is a document decision: undo brings the group back
    qtbot.waitUntil(lambda: any(r.startswith("teh") for r in rows(panel)), timeout=1000)


def test_alternative_replacement_chosen_by_keyboard(panel: ReviewPanel, session: Session, qtbot) -> None:
    select(panel, qtbot, 1)  # teh → the | tea
    assert [panel.replacement_combo.itemData(i) for i in range(panel.replacement_combo.count())] == [
        "the",
        "tea",
    ]
    qtbot.keyClick(panel.list, Qt.Key.Key_Right)
    assert panel.chosen_replacement() == "tea"
    assert rows(panel)[1].startswith("teh → tea")
    assert panel.replacement_combo.currentData() == "tea"
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert session.doc.segment("s1").text == "we use pie torch and tea model"
    assert panel.current_group().text == "teh" and panel.chosen_replacement() == "tea"  # the choice sticks
    qtbot.keyClick(panel.list, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert panel.chosen_replacement() == "the"
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert session.doc.segment("s3").text == "the end um ok"


def test_filter_by_kind_and_tool_then_sort_by_count(panel: ReviewPanel, qtbot) -> None:
    panel.kind_combo.setFocus()
    qtbot.keyClick(panel.kind_combo, Qt.Key.Key_Down)  # All kinds → spelling
    assert [r.split(",")[0] for r in rows(panel)] == ["teh → the", "Okafor → no suggestion"]
    assert panel.count_label.text() == "3 findings in 2 groups (of 9)"
    panel.set_filters(kind="", tool="soundalike")
    assert [r.split(",")[0] for r in rows(panel)] == ["pie torch → PyTorch"]
    panel.set_filters(kind="rule")
    assert rows(panel) == [] and panel.list.empty_text == "No findings match the filter"
    panel.sort_combo.setFocus()
    panel.set_filters()
    qtbot.keyClick(panel.sort_combo, Qt.Key.Key_Down)  # By position → By count
    assert panel.model.sort == SORT_COUNT
    assert [r.split(" time")[0] for r in rows(panel)] == [
        "um → delete, 3",
        "pie torch → PyTorch, 2",
        "teh → the, 2",
        "Okafor → no suggestion, 1",
        "pie torch → PyTorch, 1",
    ]


def test_refresh_is_debounced_and_keeps_the_selection(panel: ReviewPanel, session: Session, qtbot) -> None:
    select(panel, qtbot, 2)  # um
    session.doc.set_findings("rules", None, [finding("s1", "we", "rule", "rules", ("We",), "capital")])
    assert panel.model.rowCount() == 5  # not yet: a burst of changes costs one rebuild
    qtbot.waitUntil(lambda: panel.model.rowCount() == 6, timeout=1000)
    assert rows(panel)[0].startswith("we → We")
    assert panel.current_group().text == "um "  # same group, now one row lower
    assert panel.list.currentIndex().row() == 3


def test_menu_actions_act_on_the_selected_group(panel: ReviewPanel, session: Session, qtbot) -> None:
    actions = {a.text().replace("&", ""): a for a in panel.actions_for_menu()}
    assert {"Accept", "Reject", "Ignore Everywhere", "Add to Dictionary"} <= set(actions)
    assert actions["Accept"].shortcut().toString() == "Return"
    assert "(Enter)" in actions["Accept"].toolTip()
    select(panel, qtbot, 0)
    accept_all = next(a for name, a in actions.items() if name.startswith("Accept All"))
    assert accept_all.text() == "Accept A&ll 2"
    accept_all.trigger()
    assert session.doc.segment("s1").text.startswith("we use PyTorch")
    assert session.doc.segment("s2").text == "um so PyTorch is great"


def test_empty_and_checking_states(qtbot) -> None:
    session = quiet_session()
    session.set_document(Document([Segment("s1", "all good here")]), None)
    panel = ReviewPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.list.empty_text == "No findings — all clear"
    assert panel.count_label.text() == "0 findings in 0 groups"
    assert not panel.details.isVisible() and not panel.accept_action.isEnabled()
    session.checksRunning.emit(True)
    assert panel.list.empty_text == "Checking…"
    session.checksRunning.emit(False)
    assert panel.list.empty_text == "No findings — all clear"


def test_typing_waits_for_a_pause_and_a_hidden_panel_waits_to_be_shown(
    panel: ReviewPanel, session: Session, qtbot
) -> None:
    doc = session.doc
    doc.set_text("s5", "yes")  # an edit drops the "um " in s5
    qtbot.wait(150)  # the 50 ms debounce for findings would have fired by now; typing waits longer
    assert "um → delete, 3 times, filler (fillers)" in rows(panel)
    qtbot.waitUntil(lambda: "um → delete, 2 times, filler (fillers)" in rows(panel), timeout=2000)
    panel.hide()
    doc.set_findings("rules", None, [finding("s1", "we", "rule", "rules", ("We",))])
    session.checksFinished.emit(None)
    qtbot.wait(100)
    assert panel.model.rowCount() == 5  # nothing rebuilt while nobody looks
    panel.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 6, timeout=1000)


def test_finished_checks_show_at_once(panel: ReviewPanel, session: Session) -> None:
    session.doc.set_findings("rules", None, [finding("s1", "we", "rule", "rules", ("We",))])
    session.checksFinished.emit(None)  # the session emits this after applying a pass
    assert rows(panel)[0].startswith("we → We")
