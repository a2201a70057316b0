"""Start the desktop application (the only entry point into Qt)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from editor import __version__
from editor.app_id import APP_ID
from editor.core.document import Document

CHECKS_TIMEOUT_S = 120
UI_SWITCH_INTERVAL_S = 0.0005


def make_application() -> QApplication:
    """The QApplication, created once, with Galley's names set."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Galley")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Galley")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    from editor.ui import main_thread_gc

    main_thread_gc.install(app)
    # Checks run Python on a worker thread. Every PySide call releases and retakes the GIL,
    # and by default a waiting thread gets it back only after 5 ms: a UI slot making a few
    # dozen Qt calls stalled for ~0.5 s during a check. A 0.5 ms switch interval keeps the
    # longest stall near 0.1 s at a small cost in check throughput.
    sys.setswitchinterval(UI_SWITCH_INTERVAL_S)
    return app


def app_icon() -> QIcon:
    """Galley's icon from resources/icons/hicolor: every PNG size, 16 to 512 px."""
    from editor import paths

    icon = QIcon()
    for png in sorted(paths.resource("icons", "hicolor").glob(f"*/apps/{APP_ID}.png")):
        icon.addFile(str(png))
    return icon


def run(doc: Document | None, path: Path | None, *, screenshot: Path | None = None, size: QSize | None = None) -> int:
    """Show the main window on ``doc`` (read from ``path``) and run the event loop.

    With ``screenshot``: wait until every check has finished, save the window as PNG, print
    one JSON line of counts and timings, and quit (for the README, tests and CI).
    """
    started = time.perf_counter()
    app = make_application()
    from editor.ui.main_window import MainWindow

    window = MainWindow()
    if size is not None:
        window.resize(size)
    if doc is not None and path is not None:
        window.open_loaded(path, doc) if screenshot is None else window.show_document(doc, _project_path(path), source=path)
    window.show()
    shot = ScreenshotRun(app, window, screenshot, started) if screenshot is not None else None
    if shot is not None:
        shot.start()
    return app.exec()


def _project_path(path: Path) -> Path | None:
    return path if path.name.endswith(".galley.json") else None


class ScreenshotRun:
    """Wait for the first paint and for all checks, then save the window and report."""

    def __init__(self, app: QApplication, window, out: Path, started: float) -> None:
        self.app, self.window, self.out, self.started = app, window, out, started
        self.open_ms = (time.perf_counter() - started) * 1000
        self.first_paint_ms = 0.0
        self.timer = QTimer(window, interval=50, timeout=self._poll)

    def start(self) -> None:
        self.window.view.viewport().repaint()  # the first paint, with whatever findings exist
        self.first_paint_ms = (time.perf_counter() - self.started) * 1000
        self.timer.start()

    def _poll(self) -> None:
        session = self.window.session
        waited = time.perf_counter() - self.started
        if session.checks_busy() and waited < CHECKS_TIMEOUT_S:
            return
        self.timer.stop()
        checks_ms = (time.perf_counter() - self.started) * 1000
        self.app.processEvents()
        self.window.grab().save(str(self.out), "PNG")
        report = {
            "segments": len(session.doc),
            "findings": len(session.visible_findings()),
            "groups": len(session.groups()),
            "speakers": len(session.doc.speakers),
            "open_ms": round(self.open_ms, 1),
            "first_paint_ms": round(self.first_paint_ms, 1),
            "checks_ms": round(checks_ms, 1),
        }
        print(json.dumps(report), flush=True)
        self.window.session.doc.mark_saved()  # nothing to ask about on the way out
        self.window.close()
        self.app.quit()
