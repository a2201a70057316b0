"""AppSettings: the JSON file, its defaults and recovery, recent files, themes."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from editor import paths
from editor.ui.settings import (
    MAX_RECENT,
    THEME_AUTO,
    AppSettings,
    _contrast,
    available_themes,
    resolve_theme,
    theme_palette,
)

pytestmark = pytest.mark.gui


def test_defaults_without_a_file() -> None:
    settings = AppSettings()
    assert settings.path == paths.user_config_dir() / "settings.json"
    assert not settings.path.exists()
    assert settings.autosave_seconds == 30
    assert settings.font_family == ""
    assert settings.font_size == 12.0
    assert settings.line_spacing == 135
    assert settings.theme == THEME_AUTO
    assert settings.recent_files == [] and settings.disabled_plugins == []
    assert settings.plugin_settings == {} and settings.export_state == {} and settings.shortcuts == {}


def test_round_trip_through_the_file() -> None:
    settings = AppSettings()
    settings.autosave_seconds = 0
    settings.font_family = "DejaVu Serif"
    settings.font_size = 14.5
    settings.line_spacing = 150
    settings.theme = "monokai"
    settings.disabled_plugins = ["galley.fillers"]
    settings.set_settings_for_plugin("galley.spelling", {"max_suggestions": 3})
    settings.export_state = {"format": "srt", "clean": True}
    settings.shortcuts = {"Save": "Ctrl+Alt+S"}
    settings.save()

    again = AppSettings()
    assert again.autosave_seconds == 0
    assert again.font_family == "DejaVu Serif"
    assert again.font_size == 14.5
    assert again.line_spacing == 150
    assert again.theme == "monokai"
    assert again.disabled_plugins == ["galley.fillers"]
    assert again.plugin_settings == {"galley.spelling": {"max_suggestions": 3}}
    assert again.export_state == {"format": "srt", "clean": True}
    assert again.shortcuts == {"Save": "Ctrl+Alt+S"}
    assert json.loads(settings.path.read_text("utf-8"))["font_size"] == 14.5
    assert not list(settings.path.parent.glob(".settings.json.*"))  # the atomic write left no temp file


def test_corrupt_file_gives_defaults_and_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    path = paths.user_config_dir() / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"font_size": 20, "theme": "monok')
    with caplog.at_level(logging.WARNING, logger="galley.settings"):
        settings = AppSettings()
    assert settings.font_size == 12.0 and settings.theme == THEME_AUTO
    assert "corrupt" in caplog.text
    settings.font_size = 13
    settings.save()  # and a save repairs the file
    assert AppSettings().font_size == 13


def test_wrong_typed_values_fall_back_one_by_one(caplog: pytest.LogCaptureFixture) -> None:
    path = paths.user_config_dir() / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"font_size": "big", "autosave_seconds": 60, "recent_files": "x", "future_key": [1, 2], "theme": "no-such-style"}),
        "utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="galley.settings"):
        settings = AppSettings()
    assert settings.font_size == 12.0  # the bad value
    assert settings.autosave_seconds == 60  # a good one beside it is kept
    assert settings.recent_files == []
    assert settings.theme == THEME_AUTO  # an unknown style
    assert "font_size" in caplog.text
    settings.save()
    assert json.loads(path.read_text("utf-8"))["future_key"] == [1, 2]  # a newer version's key survives


def test_unreadable_file_never_crashes(tmp_path: Path) -> None:
    folder = tmp_path / "settings.json"
    folder.mkdir()  # a folder where the file should be: reading and saving both fail
    settings = AppSettings(folder)
    assert settings.font_size == 12.0
    settings.font_size = 16
    settings.save()  # logged, not raised


def test_values_are_clamped_and_copied() -> None:
    settings = AppSettings()
    settings.font_size = 500
    settings.autosave_seconds = -5
    assert settings.font_size == 72.0 and settings.autosave_seconds == 0
    values = settings.plugin_settings
    values["x"] = {"a": 1}
    assert settings.plugin_settings == {}  # a returned dict is a copy


def test_recent_files_order_limit_and_pruning(tmp_path: Path) -> None:
    files = []
    for number in range(12):
        path = tmp_path / f"episode{number}.txt"
        path.write_text("hi", "utf-8")
        files.append(path)
    settings = AppSettings()
    for path in files:
        settings.add_recent(path)
    recent = settings.recent_files
    assert len(recent) == MAX_RECENT
    assert recent[0] == str(files[-1]) and recent[-1] == str(files[2])  # most recent first
    settings.add_recent(files[5])
    assert settings.recent_files[0] == str(files[5])
    assert settings.recent_files.count(str(files[5])) == 1  # moved, not repeated
    files[11].unlink()
    assert str(files[11]) not in settings.recent_files  # a file that is gone is dropped on read
    settings.save()
    assert str(files[11]) not in AppSettings().recent_files
    settings.clear_recent()
    assert settings.recent_files == []


def test_changed_is_emitted_once_per_real_change() -> None:
    settings = AppSettings()
    seen: list[str] = []
    settings.changed.connect(seen.append)
    settings.font_size = 14
    settings.font_size = 14
    settings.theme = "nord"
    settings.set_plugin_disabled("galley.rules", True)
    settings.set_plugin_disabled("galley.rules", True)
    assert seen == ["font_size", "theme", "disabled_plugins"]


def test_window_geometry_is_stored_and_restored(qtbot) -> None:
    settings = AppSettings()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(700, 450)
    assert not settings.restore_window(window)  # nothing stored yet
    settings.store_window(window)
    settings.save()
    assert settings.window_geometry and settings.window_state
    other = QMainWindow()
    qtbot.addWidget(other)
    assert AppSettings().restore_window(other)
    assert other.size().width() == 700


def test_themes_are_marked_dark_by_background() -> None:
    themes = {t.name: t for t in available_themes()}
    for dark in ("monokai", "nord", "github-dark"):
        assert themes[dark].dark
    for light in ("default", "solarized-light", "friendly"):
        assert not themes[light].dark
    assert resolve_theme(THEME_AUTO, system_dark=True) == "github-dark"
    assert resolve_theme(THEME_AUTO, system_dark=False) == "default"
    assert resolve_theme("monokai") == "monokai"


@pytest.mark.parametrize("name", ["default", "monokai", "nord", "github-dark", "vim", "gruvbox-light", "coffee", "bw"])
def test_theme_palette_colours_are_readable(name: str) -> None:
    palette = theme_palette(name)
    assert set(palette) >= {"background", "foreground", "selection", "gutter_background", "line_highlight", "comment", "dark"}
    assert _contrast(palette["foreground"], palette["background"]) >= 4.5
    assert _contrast(palette["comment"], palette["background"]) >= 3.0
    assert _contrast(palette["foreground"], palette["selection"]) >= 3.0
    assert palette["selection"] != palette["background"]
    assert palette["dark"] == (name in ("monokai", "nord", "github-dark", "vim", "coffee"))


def test_monokai_palette_uses_the_style_colours() -> None:
    palette = theme_palette("monokai")
    assert palette["background"] == "#272822" and palette["foreground"] == "#f8f8f2" and palette["selection"] == "#49483e"
