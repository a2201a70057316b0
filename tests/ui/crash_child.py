"""Run by tests/ui/test_recovery.py in a child process: open a project, edit it as a user
would (keys only), let autosave write, record the expected state, then wait to be killed."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from editor.core import project
from editor.paths import autosave_dir
from editor.ui.app import make_application
from editor.ui.main_window import MainWindow


def main(path: Path, expected: Path) -> None:
    app = make_application()
    window = MainWindow()
    window.settings.autosave_seconds = 1
    window._apply_settings()  # noqa: SLF001 - as Preferences would
    window.resize(1000, 700)
    window.show()
    window.open_path(path, ask=False)

    def settle(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end or window.session.checks_busy():
            app.processEvents()
            time.sleep(0.01)

    settle(0.5)
    view, doc = window.view, window.session.doc
    view.select_range(doc.segment_at(0).id, 0, 0)
    QTest.keyClicks(view, "Typed before the crash. ")
    view.select_range(doc.segment_at(3).id, 0, 0)
    settle(0.1)
    QTest.keyClick(view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # speaker 2
    segment = doc.segment_at(5)
    view.select_range(segment.id, len(segment.text) // 2, len(segment.text) // 2)
    QTest.keyClick(view, Qt.Key.Key_Return)  # split a line
    panel = window.review_panel
    panel.focus_list()
    settle(0.2)
    if panel.current_group() is not None:
        QTest.keyClick(panel.list_widget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # accept all
    settle(0.2)
    folder = autosave_dir()
    before = {p: p.stat().st_mtime_ns for p in folder.glob("*")} if folder.exists() else {}
    # Wait for the autosave timer (1 s) to write the state as it is now.
    while True:
        settle(0.1)
        now = {p: p.stat().st_mtime_ns for p in folder.glob("*")} if folder.exists() else {}
        if now and now != before:
            break
    expected.write_bytes(project.project_bytes(doc))
    print("ready", doc.history.index, flush=True)
    while True:  # until SIGKILL
        app.processEvents()
        time.sleep(0.01)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
