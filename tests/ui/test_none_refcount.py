"""Regression guard for PySide6 6.12.0 on CPython 3.11: every void Qt call dropped a
reference to None until the interpreter aborted (``Fatal Python error: none_dealloc``).
pyproject.toml keeps that pair from being installed; this test catches it if it returns."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
from PySide6.QtWidgets import QApplication, QPlainTextEdit
app = QApplication([])
edit = QPlainTextEdit()
before = sys.getrefcount(None)
for _ in range(10_000):
    edit.setReadOnly(False)      # void methods: each returns None to Python
    edit.setCursorWidth(2)
after = sys.getrefcount(None)
print(before, after)
"""


def test_void_qt_calls_do_not_drop_none_references() -> None:
    # A subprocess, because the defect kills the interpreter rather than failing an assert.
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-2000:]
    before, after = map(int, result.stdout.split())
    assert after >= before, f"None lost {before - after} references over 20,000 void Qt calls"
