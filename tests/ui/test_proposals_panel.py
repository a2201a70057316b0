"""Tag proposals reviewed as a producer would: from the panel, with the keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from editor.core import project
from editor.formats import read_document
from editor.paths import demo_transcript
from editor.ui.main_window import MainWindow

pytestmark = pytest.mark.gui
DATA = Path(__file__).resolve().parents[1] / "data"
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, monkeypatch) -> MainWindow:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard)
    win = MainWindow()
    qtbot.addWidget(win, before_close_func=lambda w: w.session.doc.mark_saved())
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def open_and_tag(window: MainWindow, qtbot, path: Path) -> None:
    assert window.open_path(path)
    qtbot.waitUntil(lambda: window.session.tagging_report is not None and not window.session.checks_busy(), timeout=30000)


def select_group(window: MainWindow, qtbot, title: str) -> None:
    panel = window.proposals_panel
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | SHIFT)  # Tags > Review Tag Proposals
    assert panel.list.hasFocus()
    for _ in range(len(panel.groups())):
        if panel.current_group().title == title:
            return
        qtbot.keyClick(panel.list, Qt.Key.Key_Down)
    raise AssertionError(f"no group {title!r} in {[g.title for g in panel.groups()]}")


def test_accept_all_ad_reads_from_the_keyboard_then_undo(window: MainWindow, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "demo.galley.json"
    project.save_project(read_document(demo_transcript()), path)
    open_and_tag(window, qtbot, path)
    panel = window.proposals_panel
    assert any(panel.list.item(i).text().startswith("Ad read: Lintwise\n3 reads · likely") for i in range(panel.list.count()))
    select_group(window, qtbot, "Ad read: Lintwise")
    assert "1 of 3: segments" in panel.details.text()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return, SHIFT)
    doc = window.session.doc
    ads = [t for t in doc.tags if t.label == "ad"]
    assert [(doc.segment(t.first_segment_id).source_line, doc.segment(t.last_segment_id).source_line) for t in ads] == [
        (5, 7), (130, 143), (304, 304),
    ]  # fmt: skip
    qtbot.waitUntil(lambda: "Ad read: Lintwise" not in [g.title for g in panel.groups()])
    assert window.tags_panel.model.rowCount() >= 3  # the Tags panel lists them
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo step
    assert not [t for t in doc.tags if t.label == "ad"]
    qtbot.waitUntil(lambda: "Ad read: Lintwise" in [g.title for g in panel.groups()])


def test_unnamed_turns_go_to_the_chosen_speaker_one_or_all(window: MainWindow, qtbot) -> None:
    open_and_tag(window, qtbot, DATA / "tagging" / "chevrons.txt")
    doc = window.session.doc
    host, guest = doc.add_speaker("Host"), doc.add_speaker("Guest")
    panel = window.proposals_panel
    select_group(window, qtbot, "Speaker turn: turn marker")
    group = panel.current_group()
    assert group.needs_speaker and group.count == 3 and panel.speaker_combo.isEnabled()
    panel.speaker_combo.setCurrentIndex(panel.speaker_combo.findData(host.id))
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # this turn only
    first = group.items[0].proposal
    assert doc.segment(first.first_segment_id).speaker_id == host.id
    qtbot.waitUntil(lambda: panel.current_group().count == 2)  # the others still wait
    panel.speaker_combo.setCurrentIndex(panel.speaker_combo.findData(guest.id))
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return, SHIFT)  # every other turn of this pattern
    for item in group.items[1:]:
        assert doc.segment(item.proposal.first_segment_id).speaker_id == guest.id
    qtbot.waitUntil(lambda: "Speaker turn: turn marker" not in [g.title for g in panel.groups()])


def test_typing_does_not_rebuild_the_proposals(window: MainWindow, qtbot) -> None:
    open_and_tag(window, qtbot, DATA / "tagging" / "chevrons.txt")
    doc = window.session.doc
    doc.add_speaker("Host")
    panel = window.proposals_panel
    qtbot.waitUntil(lambda: not panel._refresh_timer.isActive())  # noqa: SLF001
    window.view.select_range(doc.segment_at(1).id, 0, 0)
    qtbot.keyClicks(window.view, "so ")
    assert not panel._refresh_timer.isActive()  # noqa: SLF001 - a keystroke cannot open or close a proposal
    qtbot.keyClick(window.view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert panel._refresh_timer.isActive()  # noqa: SLF001 - a speaker change can


def test_a_rejected_proposal_stays_rejected_after_proposing_again(window: MainWindow, qtbot) -> None:
    open_and_tag(window, qtbot, DATA / "tagging" / "chevrons.txt")
    panel = window.proposals_panel
    select_group(window, qtbot, "Chapter: Weather")
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "Chapter: Weather" not in [g.title for g in panel.groups()])
    window.session.tagging_report = None
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | SHIFT)  # Propose Tags Again
    qtbot.waitUntil(lambda: window.session.tagging_report is not None and not window.session.checks_busy(), timeout=30000)
    assert any(p.proposal.value == "Weather" for p in window.session.proposals)  # the tool said it again
    assert "Chapter: Weather" not in [g.title for g in panel.groups()]  # the decision holds
