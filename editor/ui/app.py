"""Start the desktop application (the only entry point into Qt)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from editor import __version__
from editor.core.document import Document
from editor.ui.main_window import MainWindow

APP_ID = "io.github.galley.Galley"


def make_application() -> QApplication:
    """The QApplication, created once, with Galley's names set."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Galley")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Galley")
    app.setDesktopFileName(APP_ID)
    return app


def run(doc: Document | None, path: Path | None, *, screenshot: Path | None = None) -> int:
    """Show the main window on ``doc`` and run the event loop; returns the exit status.

    With ``screenshot``, render the window once, save it as PNG and quit (used to look at
    the app from scripts and CI).
    """
    app = make_application()
    window = MainWindow()
    if doc is not None:
        window.show_document(doc, path)
    window.resize(1100, 760)
    window.show()
    if screenshot is not None:
        def grab() -> None:
            window.grab().save(str(screenshot), "PNG")
            app.quit()

        QTimer.singleShot(300, grab)
    return app.exec()
