"""Where Galley's files are: bundled resources and plugins, and the per-user folders.

Resources and built-in plugins live at the top of a source checkout (``resources/``,
``plugins/``). An installed wheel carries them inside the package as ``editor/_resources``
and ``editor/_plugins`` (see pyproject.toml); a PyInstaller bundle puts them beside the
executable under ``sys._MEIPASS``. Per-user folders come from platformdirs, and the
``GALLEY_HOME`` environment variable moves all of them under one folder (tests use it so
they never touch the real user's settings).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "galley"
APP_AUTHOR = "Galley"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(checkout_name: str, packaged_name: str) -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = [
        _PACKAGE_DIR.parent / checkout_name,  # source checkout or editable install
        _PACKAGE_DIR / packaged_name,  # installed wheel
    ]
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / checkout_name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def resources_dir() -> Path:
    """The folder holding schema/, samples/ and other bundled data."""
    return _bundled("resources", "_resources")


def builtin_plugins_dir() -> Path:
    """The folder holding the built-in plugins."""
    return _bundled("plugins", "_plugins")


def resource(*parts: str) -> Path:
    """A path inside the resources folder, e.g. ``resource("samples", "demo-interview.txt")``."""
    return resources_dir().joinpath(*parts)


def demo_transcript() -> Path:
    return resource("samples", "demo-interview.txt")


def demo_glossary() -> Path:
    return resource("samples", "demo-glossary.txt")


def _dirs() -> PlatformDirs:
    return PlatformDirs(APP_NAME, APP_AUTHOR)


def _user_dir(kind: str) -> Path:
    home = os.environ.get("GALLEY_HOME")
    if home:
        return Path(home) / kind
    dirs = _dirs()
    return {
        "config": dirs.user_config_path,
        "data": dirs.user_data_path,
        "plugins": dirs.user_data_path / "plugins",
        "autosave": dirs.user_state_path / "autosave",
    }[kind]


def user_config_dir() -> Path:
    return _user_dir("config")


def user_data_dir() -> Path:
    return _user_dir("data")


def user_plugins_dir() -> Path:
    return _user_dir("plugins")


def autosave_dir() -> Path:
    return _user_dir("autosave")
