"""Help ▸ About Galley: name, version, licence, the versions it runs on, and data licences."""

from __future__ import annotations

import html
import platform
import re
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

import editor
from editor import paths

DESCRIPTION = "A desktop transcript editor for podcast and video producers."
LICENCE = "MIT"
_CHECKOUT = Path(editor.__file__).resolve().parent.parent


def versions() -> dict[str, str]:
    """The versions a bug report needs."""
    return {
        "Galley": editor.__version__,
        "Python": platform.python_version(),
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "System": f"{platform.system()} {platform.release()}".strip(),
    }


def plugin_guide() -> Path:
    """The plugin author's guide (``docs/plugins.md`` of a source checkout)."""
    return _CHECKOUT / "docs" / "plugins.md"


def licence_file() -> Path:
    return _CHECKOUT / "LICENSE"


def lexicon_licence_file() -> Path:
    return paths.resource("dictionaries", "LICENSE")


def lexicon_sources() -> list[str]:
    """The numbered source headings of the bundled word lists' LICENSE ("1. pyspellchecker
    0.9.1, …"), so the About box follows that file instead of repeating it."""
    try:
        text = lexicon_licence_file().read_text("utf-8")
    except OSError:
        return []
    return [m.group(1).strip() for m in re.finditer(r"^\d+\.\s+(.+)$", text, re.MULTILINE) if "http" not in m.group(1)][:6]


def _link(path: Path, label: str) -> str:
    if path.exists():
        return f'<a href="{QUrl.fromLocalFile(str(path)).toString()}">{html.escape(label)}</a>'
    return html.escape(label)


def about_html() -> str:
    """The About box's text (rich text with links to local files)."""
    info = versions()
    sources = lexicon_sources()
    source_items = "".join(f"<li>{html.escape(s)}</li>" for s in sources) or "<li>see resources/dictionaries/LICENSE</li>"
    runs_on = " · ".join(f"{name} {html.escape(value)}" for name, value in info.items() if name != "Galley")
    return (
        f"<h2 style='margin-bottom:0'>Galley <span style='font-weight:normal'>{html.escape(editor.__version__)}</span></h2>"
        f"<p>{html.escape(DESCRIPTION)}</p>"
        f"<p>Licence: {_link(licence_file(), LICENCE)}</p>"
        f"<p>Runs on {runs_on}</p>"
        f"<p>Writing a plugin? Read the {_link(plugin_guide(), 'plugin guide (docs/plugins.md)')}.</p>"
        "<p>The English word list is derived from:</p>"
        f"<ul style='margin-top:0'>{source_items}</ul>"
        f"<p>Their notices and licences: {_link(lexicon_licence_file(), 'resources/dictionaries/LICENSE')}. "
        "<i>en-extra.txt</i> was written for Galley and is under Galley's licence.</p>"
    )


class AboutDialog(QDialog):
    """The About box, with a button that copies the versions for a bug report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Galley")
        self.setAccessibleName("About Galley")
        self.text = QLabel(about_html())
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setOpenExternalLinks(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text.setAccessibleName("About Galley")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("&Copy Version Info", QDialogButtonBox.ButtonRole.ActionRole)
        copy.setToolTip("Copy Galley's, Python's and Qt's versions, to paste into a bug report")
        copy.clicked.connect(self.copy_versions)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    @staticmethod
    def copy_versions() -> None:
        QGuiApplication.clipboard().setText("\n".join(f"{k}: {v}" for k, v in versions().items()))


def show_about(parent: QWidget | None = None) -> AboutDialog:
    """Open the About box (window-modal, not blocking; it deletes itself when closed)."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
