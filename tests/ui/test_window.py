"""The main window driven as a producer would: open, review, speakers, find, save, recover."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox

from editor.core import autosave, project
from editor.core.glossary import read_glossary
from editor.formats import read_document
from editor.paths import autosave_dir, demo_glossary, demo_transcript
from editor.ui.main_window import MainWindow

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, monkeypatch) -> MainWindow:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard)
    win = MainWindow()
    qtbot.addWidget(win, before_close_func=_forget_changes)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def _forget_changes(win: MainWindow) -> None:
    """Tests end with unsaved edits; closing must not wait on a question nobody answers."""
    win.session.doc.mark_saved()


def open_demo(window: MainWindow, qtbot, tmp_path: Path) -> Path:
    """The demo as a project with its glossary, opened and fully checked."""
    doc = read_document(demo_transcript())
    doc.set_glossary(read_glossary(demo_glossary()))
    path = tmp_path / "demo.galley.json"
    project.save_project(doc, path)
    assert window.open_path(path)
    qtbot.waitUntil(lambda: not window.session.checks_busy() and bool(window.session.visible_findings()), timeout=20000)
    return path


def test_open_shows_segments_findings_and_title(window: MainWindow, qtbot, tmp_path: Path) -> None:
    open_demo(window, qtbot, tmp_path)
    assert window.view.blockCount() == 306
    assert window.windowTitle() == "demo.galley.json[*] — Galley"
    qtbot.waitUntil(lambda: "findings to review" in window.counts_label.text())
    assert "306 segments" in window.counts_label.text()


def test_review_accept_all_with_keyboard_then_undo(window: MainWindow, qtbot, tmp_path: Path) -> None:
    open_demo(window, qtbot, tmp_path)
    doc = window.session.doc
    before = doc.text.count("pie torch")
    panel = window.review_panel
    panel.focus_list()
    qtbot.waitUntil(lambda: panel.current_group() is not None)
    while panel.current_group().text != "pie torch":
        qtbot.keyClick(panel.list_widget(), Qt.Key.Key_Down)
    group = panel.current_group()
    groups_before = len(window.session.groups())
    qtbot.keyClick(panel.list_widget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert doc.text.count("pie torch") == before - group.count
    assert window.view.toPlainText() == doc.text
    qtbot.waitUntil(lambda: len(window.session.groups()) == groups_before - 1)
    assert "pie torch" not in [g.text for g in window.session.groups()]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.text.count("pie torch") == before
    assert window.view.toPlainText() == doc.text
    assert "pie torch" in [g.text for g in window.session.groups()]  # the findings came back with the text
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert doc.text.count("pie torch") == before - group.count
    assert window.view.toPlainText() == doc.text


def test_typing_in_a_misspelled_word_drops_it_and_a_new_check_arrives(window: MainWindow, qtbot, tmp_path: Path) -> None:
    open_demo(window, qtbot, tmp_path)
    session = window.session
    finding = next(f for f in session.visible_findings() if f.text == "infrastructer")
    window.view.select_range(finding.segment_id, finding.end - 2, finding.end - 2)
    qtbot.keyClicks(window.view, "u")  # "infrastructuer": still wrong, a different word
    segment = session.doc.segment(finding.segment_id)
    assert "infrastructuer" in segment.text
    assert not [f for f in session.findings_in(segment.id) if f.text == "infrastructer"]
    qtbot.waitUntil(lambda: any(f.text == "infrastructuer" for f in session.findings_in(segment.id)), timeout=10000)


def test_assign_speaker_with_ctrl_2_and_rename(window: MainWindow, qtbot, tmp_path: Path) -> None:
    open_demo(window, qtbot, tmp_path)
    doc = window.session.doc
    first = doc.segment_at(0)
    window.view.select_range(first.id, 0, 0)
    qtbot.waitUntil(lambda: window.session.selected_segment_ids == [first.id])
    qtbot.keyClick(window.view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert doc.segment(first.id).speaker_id == doc.speakers[1].id
    # the gutter now shows the second speaker's colour beside the first line
    window.view.gutter.repaint()
    image = window.view.gutter.grab().toImage()
    colour = QColor(doc.speakers[1].color)
    bar = [image.pixelColor(x, 12) for x in range(image.width() - 14, image.width() - 4)]
    assert any(abs(c.red() - colour.red()) + abs(c.green() - colour.green()) + abs(c.blue() - colour.blue()) < 30 for c in bar)
    doc.rename_speaker(doc.speakers[1].id, "Siobhan Nguyen")
    assert doc.speaker(doc.segment(first.id).speaker_id).name == "Siobhan Nguyen"
    doc.undo()
    assert doc.speakers[1].name == "Siobhan"


def test_find_replace_all_with_regex_and_undo(window: MainWindow, qtbot, tmp_path: Path) -> None:
    open_demo(window, qtbot, tmp_path)
    doc = window.session.doc
    before = doc.text
    assert before.count("cube con") + before.count("cube flow") > 0
    qtbot.keyClick(window.view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.find_field, r"\bcube (con|flow)\b")
    qtbot.keyClick(bar.find_field, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)  # regular expression on
    assert bar.regex_button.isChecked()
    qtbot.keyClicks(bar.replace_field, r"Kube\1")
    qtbot.waitUntil(lambda: " of " in bar.count_label.text())
    bar.replace_all()
    assert "cube con" not in doc.text and "cube flow" not in doc.text and "Kubecon" in doc.text
    assert window.view.toPlainText() == doc.text
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one step
    assert doc.text == before
    assert window.view.toPlainText() == doc.text


def test_save_and_reopen_keeps_state(window: MainWindow, qtbot, tmp_path: Path) -> None:
    path = open_demo(window, qtbot, tmp_path)
    doc = window.session.doc
    doc.set_text(doc.segment_at(0).id, "hello everyone")
    assert window.save()
    assert not doc.modified and window.windowTitle() == "demo.galley.json[*] — Galley"
    state = doc.state()
    assert window.open_path(path)
    assert window.session.doc.state() == state


def test_autosave_recovery_after_a_crash(qtbot, tmp_path: Path) -> None:
    """Edit in one process, kill it, start again, accept the recovery offer."""
    doc = read_document(demo_transcript())
    path = tmp_path / "ep.galley.json"
    project.save_project(doc, path)
    os.utime(path, (1_000_000, 1_000_000))
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from editor.ui.app import make_application\n"
        "from editor.ui.main_window import MainWindow\n"
        "app = make_application(); w = MainWindow(); w.open_path(Path(sys.argv[1]), ask=False)\n"
        "w.session.doc.set_text(w.session.doc.segment_at(0).id, 'edited before the crash')\n"
        "w._autosave()\n"
        "os._exit(9)  # a crash: no clean close\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code, str(path)], env=env, cwd=ROOT, capture_output=True, timeout=60)
    assert result.returncode == 9, result.stderr.decode()[-2000:]
    assert autosave.recoverable(str(path.resolve()), autosave_dir()) is not None
    asked = []

    def yes(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    from pytest import MonkeyPatch

    with MonkeyPatch.context() as patch:
        patch.setattr(QMessageBox, "question", yes)
        win = MainWindow()
        qtbot.addWidget(win, before_close_func=_forget_changes)
        assert win.open_path(path)
    assert asked and "unsaved changes" in asked[0]
    assert win.session.doc.segment_at(0).text == "edited before the crash"
    assert win.session.doc.modified


def test_broken_plugin_is_reported_and_editing_continues(qtbot, tmp_path: Path, monkeypatch) -> None:
    import shutil

    plugins = Path(os.environ["GALLEY_HOME"]) / "plugins"
    shutil.copytree(ROOT / "tests" / "data" / "plugins" / "raises", plugins / "raises")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard)
    win = MainWindow()
    qtbot.addWidget(win, before_close_func=_forget_changes)
    win.show()
    open_demo(win, qtbot, tmp_path)
    record = next(r for r in win.session.checker.registry.records if r.id == "fixture.raises")
    # "boom" when it ran; a package-name clash when another test of this run imported it
    assert record.state.value == "error" and ("boom" in record.error or "already used" in record.error)
    assert "A checking tool failed" in win.statusBar().currentMessage()
    from editor.ui.plugin_manager import PluginManagerDialog

    dialog = PluginManagerDialog(win.session.checker.registry, win.settings, win)
    qtbot.addWidget(dialog)
    row = next(r for r in dialog.rows() if r["id"] == "fixture.raises")
    assert row["state"] == "error"
    dialog.select("fixture.raises")
    assert record.error[:30] in dialog.error_label.text()
    dialog.close()
    win.view.select_range(win.session.doc.segment_at(0).id, 0, 0)
    qtbot.keyClicks(win.view, "Still ")
    assert win.session.doc.segment_at(0).text.startswith("Still ")


def test_plugin_that_crashes_its_interpreter_leaves_the_editor_running(qtbot, tmp_path: Path, monkeypatch) -> None:
    import shutil

    plugins = Path(os.environ["GALLEY_HOME"]) / "plugins"
    shutil.copytree(ROOT / "tests" / "data" / "plugins_isolated" / "segfaults", plugins / "segfaults", dirs_exist_ok=True)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard)
    win = MainWindow()
    qtbot.addWidget(win, before_close_func=_forget_changes)
    win.show()
    path = open_demo(win, qtbot, tmp_path)
    record = next(r for r in win.session.checker.registry.records if r.id == "fixture.iso_segfaults")
    assert record.state.value == "error" and "crashed the tool process (killed by SIGSEGV)" in record.error
    assert "A checking tool failed" in win.statusBar().currentMessage()
    assert win.session.doc.text == read_document(path).text  # nothing of the transcript lost
    assert any(f.tool == "spelling" for f in win.session.visible_findings())  # the other tools ran
    win.view.select_range(win.session.doc.segment_at(0).id, 0, 0)
    qtbot.keyClicks(win.view, "Still ")
    assert win.session.doc.segment_at(0).text.startswith("Still ")
    assert win.view.toPlainText().startswith("Still ")


def test_screenshot_command_reports_counts(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "editor.cli", "--screenshot", str(out), "--size", "1200x800", "--demo"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["segments"] == 306 and report["speakers"] == 2 and report["findings"] > 50
    assert set(report) == {"segments", "findings", "groups", "speakers", "open_ms", "first_paint_ms", "checks_ms"}
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
