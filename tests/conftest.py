"""Test set-up shared by every test: per-user folders in a temporary place, Qt offscreen."""

from __future__ import annotations

import os

import pytest

# GUI tests run without a display; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the real user's config, autosave or plugin folders."""
    monkeypatch.setenv("GALLEY_HOME", str(tmp_path_factory.mktemp("galley-home")))
