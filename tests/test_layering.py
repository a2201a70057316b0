"""The layering rule: core, formats, plugin API, plugin host and plugins never import Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADLESS = ["editor.core.document", "editor.core.project", "editor.core.autosave", "editor.core.glossary",
            "editor.formats", "editor.formats.readers", "editor.formats.writers", "editor.cli", "editor.paths"]


def _headless_modules() -> list[str]:
    """Every module of the headless layers, found on disk so new ones are checked too."""
    modules = set(HEADLESS)
    for folder in ("core", "formats", "plugin_host"):
        for path in (ROOT / "editor" / folder).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            modules.add(".".join(p for p in parts if p != "__init__"))
    if (ROOT / "editor" / "plugin_api.py").exists():
        modules.add("editor.plugin_api")
    return sorted(modules)


def test_headless_layers_do_not_import_qt() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {_headless_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == ""


def test_no_qt_import_statements_outside_ui() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("editor/core", "editor/formats", "editor/plugin_host", "plugins")
        for path in (ROOT / folder).rglob("*.py")
        if any(line.lstrip().startswith(("import PySide6", "from PySide6")) for line in path.read_text("utf-8").splitlines())
    ]
    assert offenders == []
