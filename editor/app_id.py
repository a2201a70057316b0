"""Galley's application id, one reverse-DNS name used everywhere the desktop needs one.

It names the desktop entry (``io.github.galley.Galley.desktop``), the AppStream component,
the Flatpak app, the icon files and the shared-mime-info package, and the running app
passes it to ``QGuiApplication.setDesktopFileName`` so window managers match its windows to
the desktop entry. tests/test_packaging.py checks that every file under packaging/ agrees.
No Qt here: packaging scripts and tests import it.
"""

APP_ID = "io.github.galley.Galley"
