"""Recovery end to end: edit in the app, SIGKILL it, start again, accept the offer, and
find every edit there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from editor.core import autosave, project
from editor.core.glossary import read_glossary
from editor.formats import read_document
from editor.paths import autosave_dir, demo_glossary, demo_transcript
from editor.ui.main_window import MainWindow

pytestmark = pytest.mark.gui
HERE = Path(__file__).resolve().parent


def test_every_edit_survives_a_kill_through_the_recovery_offer(qtbot, tmp_path: Path, monkeypatch) -> None:
    doc = read_document(demo_transcript())
    doc.set_glossary(read_glossary(demo_glossary()))
    path = tmp_path / "episode.galley.json"
    project.save_project(doc, path)
    os.utime(path, (1_000_000, 1_000_000))  # the autosave will be newer than the file
    expected = tmp_path / "expected.galley.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(HERE.parents[1])}
    child = subprocess.Popen(
        [sys.executable, str(HERE / "crash_child.py"), str(path), str(expected)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()  # "ready N" once the autosave holds every edit
        assert line.startswith("ready"), child.stderr.read()[-3000:] if child.poll() is not None else line
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    wanted = project.load_project(expected)
    assert wanted.segment_at(0).text.startswith("Typed before the crash. ")
    assert len(wanted) == len(doc) + 1 and wanted.segment_at(3).speaker_id is not None
    assert autosave.recoverable(str(path.resolve()), autosave_dir()) is not None

    offers: list[str] = []

    def accept(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        offers.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", accept)
    window = MainWindow()
    qtbot.addWidget(window, before_close_func=lambda w: w.session.doc.mark_saved())
    assert window.open_path(path)
    assert offers and "did not close normally" in offers[0]
    recovered = window.session.doc
    assert recovered.state() == wanted.state()  # every edit: text, split, speaker, accepted fixes
    assert recovered.decisions == wanted.decisions and recovered.decisions
    assert recovered.modified  # not yet saved to the project file
    assert window.view.toPlainText() == recovered.text
    assert project.load_project(path).state() == doc.state()  # the file itself was never touched
