"""The app's persistent preferences, and editor colours derived from Pygments styles.

:class:`AppSettings` keeps every preference in one JSON file,
``editor.paths.user_config_dir() / "settings.json"``, written atomically. Reading never
fails: a missing file gives the defaults, a corrupt file or a wrong-typed value gives the
default for what is wrong (with a logged warning) and keeps the rest. Values that Galley
does not know (written by a newer version) are kept and written back untouched.

Setters change the in-memory values and emit ``changed(key)`` so the window can apply a
new font or theme at once; :meth:`AppSettings.save` writes the file (the dialogs call it
when the user applies; the window calls it on close).

:func:`theme_palette` turns a Pygments style into the handful of colours the editor needs.
Styles are inconsistent (many leave the text colour unset, many keep Pygments' pale yellow
``#ffffcc`` highlight even on a dark background), so every colour is checked for contrast
and derived from the background and text when the style's own is unusable.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QWidget

from editor import paths
from editor.core.atomic import atomic_write

log = logging.getLogger("galley.settings")

SETTINGS_FILE = "settings.json"
FORMAT_VERSION = 1
MAX_RECENT = 10

THEME_AUTO = "auto"  # follow the system: LIGHT_THEME or DARK_THEME
LIGHT_THEME = "default"
DARK_THEME = "github-dark"

FONT_SIZE_RANGE = (6.0, 72.0)
LINE_SPACING_RANGE = (100.0, 250.0)
AUTOSAVE_MAX_SECONDS = 3600

DEFAULTS: dict[str, Any] = {
    "autosave_seconds": 30,
    "font_family": "",
    "font_size": 12.0,
    "line_spacing": 135.0,
    "theme": THEME_AUTO,
    "recent_files": [],
    "window_geometry": "",
    "window_state": "",
    "disabled_plugins": [],
    "plugin_settings": {},
    "export_state": {},
    "shortcuts": {},
}


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _valid(key: str, value: Any) -> bool:
    """Whether a value read from the file has the shape its key needs."""
    if key == "autosave_seconds":
        return _is_number(value) and value >= 0
    if key in ("font_size", "line_spacing"):
        return _is_number(value) and value > 0
    if key in ("font_family", "theme", "window_geometry", "window_state"):
        return isinstance(value, str)
    if key in ("recent_files", "disabled_plugins"):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if key == "plugin_settings":
        return isinstance(value, dict) and all(isinstance(v, dict) for v in value.values())
    if key == "export_state":
        return isinstance(value, dict)
    if key == "shortcuts":
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    return True


def _copy(value: Any) -> Any:
    """A deep copy of JSON data, so callers never mutate the stored values by accident."""
    return json.loads(json.dumps(value))


class AppSettings(QObject):
    """Galley's preferences, read from and saved to one JSON file.

    ``changed(key)`` is emitted after a setter changes a value (not when it is set to what
    it already was). Call :meth:`save` to write the file.
    """

    changed = Signal(str)

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path) if path is not None else paths.user_config_dir() / SETTINGS_FILE
        self._data: dict[str, Any] = _copy(DEFAULTS)
        self.load()

    # ------------------------------------------------------------------ file

    def load(self) -> None:
        """Read the file; anything unreadable falls back to its default (and is logged)."""
        self._data = _copy(DEFAULTS)
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as error:
            log.warning("cannot read settings %s (%s); using defaults", self.path, error)
            return
        try:
            stored = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            log.warning("settings file %s is corrupt (%s); using defaults", self.path, error)
            return
        if not isinstance(stored, dict):
            log.warning("settings file %s does not hold an object; using defaults", self.path)
            return
        for key, value in stored.items():
            if key in DEFAULTS and not _valid(key, value):
                log.warning("settings %s: ignoring %s=%r (wrong type); using the default", self.path, key, value)
                continue
            self._data[key] = value

    def save(self) -> None:
        """Write every value to the file atomically (an ``OSError`` is logged, not raised:
        losing a preference must not interrupt editing)."""
        self._data["version"] = FORMAT_VERSION
        data = json.dumps(self._data, indent=2, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, data)
        except OSError as error:
            log.warning("cannot save settings to %s: %s", self.path, error)

    def _set(self, key: str, value: Any) -> None:
        if self._data.get(key) != value:
            self._data[key] = value
            self.changed.emit(key)

    def value(self, key: str, default: Any = None) -> Any:
        """Any stored value by key (a copy); for keys without a typed accessor."""
        return _copy(self._data[key]) if key in self._data else default

    def set_value(self, key: str, value: Any) -> None:
        """Store any JSON value under ``key`` (prefer the typed accessors)."""
        self._set(key, _copy(value))

    # ---------------------------------------------------------------- editor

    @property
    def autosave_seconds(self) -> int:
        """Seconds between autosaves; 0 turns autosave off."""
        return int(_clamp(self._data["autosave_seconds"], 0, AUTOSAVE_MAX_SECONDS))

    @autosave_seconds.setter
    def autosave_seconds(self, seconds: int) -> None:
        self._set("autosave_seconds", int(_clamp(int(seconds), 0, AUTOSAVE_MAX_SECONDS)))

    @property
    def font_family(self) -> str:
        """The editor's font family; "" means the system's default font."""
        return str(self._data["font_family"])

    @font_family.setter
    def font_family(self, family: str) -> None:
        self._set("font_family", str(family))

    @property
    def font_size(self) -> float:
        """The editor's font size in points."""
        return float(_clamp(self._data["font_size"], *FONT_SIZE_RANGE))

    @font_size.setter
    def font_size(self, points: float) -> None:
        self._set("font_size", round(float(_clamp(float(points), *FONT_SIZE_RANGE)), 2))

    @property
    def line_spacing(self) -> float:
        """Line height as a percentage of the font's natural line height."""
        return float(_clamp(self._data["line_spacing"], *LINE_SPACING_RANGE))

    @line_spacing.setter
    def line_spacing(self, percent: float) -> None:
        self._set("line_spacing", float(_clamp(float(percent), *LINE_SPACING_RANGE)))

    @property
    def theme(self) -> str:
        """The chosen Pygments style name, or ``"auto"`` (follow the system's light/dark
        setting). An unknown name reads as ``"auto"``. Use :meth:`effective_theme` for the
        style to paint with."""
        name = str(self._data["theme"])
        return name if name == THEME_AUTO or name in theme_names() else THEME_AUTO

    @theme.setter
    def theme(self, name: str) -> None:
        self._set("theme", str(name))

    def effective_theme(self, system_dark: bool | None = None) -> str:
        """The Pygments style to paint with (``"auto"`` resolved against the system)."""
        return resolve_theme(self.theme, system_dark)

    # ---------------------------------------------------------- recent files

    @property
    def recent_files(self) -> list[str]:
        """Recently opened files, most recent first; files that no longer exist are dropped."""
        kept = [p for p in self._data["recent_files"] if os.path.exists(p)][:MAX_RECENT]
        if kept != self._data["recent_files"]:
            self._data["recent_files"] = kept  # pruned quietly: no change signal while reading
        return list(kept)

    @recent_files.setter
    def recent_files(self, files: Iterable[str]) -> None:
        self._set("recent_files", list(dict.fromkeys(str(f) for f in files))[:MAX_RECENT])

    def add_recent(self, path: str | os.PathLike[str]) -> None:
        """Put ``path`` first in the recent files (once; at most ten are kept)."""
        entry = str(Path(path).resolve())
        rest = [p for p in self._data["recent_files"] if p != entry]
        self._set("recent_files", [entry, *rest][:MAX_RECENT])

    def remove_recent(self, path: str | os.PathLike[str]) -> None:
        entry = str(Path(path).resolve())
        self._set("recent_files", [p for p in self._data["recent_files"] if p not in (entry, str(path))])

    def clear_recent(self) -> None:
        self._set("recent_files", [])

    # ---------------------------------------------------------------- window

    @property
    def window_geometry(self) -> str:
        """``QWidget.saveGeometry()`` as base64 ("" when never stored)."""
        return str(self._data["window_geometry"])

    @window_geometry.setter
    def window_geometry(self, encoded: str) -> None:
        self._set("window_geometry", str(encoded))

    @property
    def window_state(self) -> str:
        """``QMainWindow.saveState()`` (docks and toolbars) as base64."""
        return str(self._data["window_state"])

    @window_state.setter
    def window_state(self, encoded: str) -> None:
        self._set("window_state", str(encoded))

    def store_window(self, window: QWidget) -> None:
        """Remember a window's geometry (and a main window's dock layout)."""
        self.window_geometry = encode_bytes(window.saveGeometry())
        if isinstance(window, QMainWindow):
            self.window_state = encode_bytes(window.saveState())

    def restore_window(self, window: QWidget) -> bool:
        """Give a window its remembered geometry and docks; False when none was stored
        (the caller then picks a default size)."""
        restored = False
        if self.window_geometry:
            restored = bool(window.restoreGeometry(decode_bytes(self.window_geometry)))
        if self.window_state and isinstance(window, QMainWindow):
            window.restoreState(decode_bytes(self.window_state))
        return restored

    # --------------------------------------------------------------- plugins

    @property
    def disabled_plugins(self) -> list[str]:
        """Ids of plugins the user switched off."""
        return list(self._data["disabled_plugins"])

    @disabled_plugins.setter
    def disabled_plugins(self, ids: Iterable[str]) -> None:
        self._set("disabled_plugins", sorted(set(ids)))

    def set_plugin_disabled(self, plugin_id: str, disabled: bool) -> None:
        ids = set(self._data["disabled_plugins"])
        self.disabled_plugins = ids | {plugin_id} if disabled else ids - {plugin_id}

    @property
    def plugin_settings(self) -> dict[str, dict[str, Any]]:
        """Each plugin's settings by plugin id (only what the user changed is needed:
        the Checker fills in manifest defaults and drops invalid values)."""
        return _copy(self._data["plugin_settings"])

    @plugin_settings.setter
    def plugin_settings(self, values: dict[str, dict[str, Any]]) -> None:
        self._set("plugin_settings", _copy(values))

    def settings_for_plugin(self, plugin_id: str) -> dict[str, Any]:
        return _copy(self._data["plugin_settings"].get(plugin_id, {}))

    def set_settings_for_plugin(self, plugin_id: str, values: dict[str, Any]) -> None:
        """Replace one plugin's settings (an empty dict removes its entry)."""
        everything = self.plugin_settings
        if values:
            everything[plugin_id] = _copy(values)
        else:
            everything.pop(plugin_id, None)
        self.plugin_settings = everything

    # ---------------------------------------------------- export, shortcuts

    @property
    def export_state(self) -> dict[str, Any]:
        """What the export dialog last used (format, options, folder)."""
        return _copy(self._data["export_state"])

    @export_state.setter
    def export_state(self, state: dict[str, Any]) -> None:
        self._set("export_state", _copy(state))

    @property
    def shortcuts(self) -> dict[str, str]:
        """User overrides: action key -> ``QKeySequence.listToString(..., PortableText)``
        ("" = no shortcut). Actions without an entry keep their default shortcuts."""
        return dict(self._data["shortcuts"])

    @shortcuts.setter
    def shortcuts(self, overrides: dict[str, str]) -> None:
        self._set("shortcuts", {str(k): str(v) for k, v in overrides.items()})


def encode_bytes(data: QByteArray) -> str:
    """A QByteArray as base64 text, for JSON."""
    return bytes(data.toBase64().data()).decode("ascii")


def decode_bytes(text: str) -> QByteArray:
    """The QByteArray that :func:`encode_bytes` encoded."""
    return QByteArray.fromBase64(QByteArray(text.encode("ascii", "ignore")))


# ------------------------------------------------------------------ themes


@dataclass(frozen=True, slots=True)
class ThemeInfo:
    """A Pygments style offered as an editor theme."""

    name: str
    dark: bool
    background: str


@functools.cache
def available_themes() -> tuple[ThemeInfo, ...]:
    """Every installed Pygments style, by name, marked dark by its background's luminance."""
    from pygments.styles import get_all_styles

    themes = []
    for name in sorted(get_all_styles()):
        try:
            background = _style_background(_style(name))
        except Exception as error:  # noqa: BLE001 - a broken third-party style is skipped, not fatal
            log.warning("cannot load Pygments style %r: %s", name, error)
            continue
        themes.append(ThemeInfo(name, _luminance(background) < DARK_LUMINANCE, background))
    return tuple(themes)


def theme_names() -> frozenset[str]:
    return frozenset(t.name for t in available_themes())


def system_prefers_dark() -> bool:
    """Whether the desktop asks for dark colours (light when there is no application)."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return QGuiApplication.palette().window().color().lightnessF() < 0.5


def resolve_theme(name: str, system_dark: bool | None = None) -> str:
    """A Pygments style name for ``name`` (``"auto"`` or unknown → light or dark default)."""
    if name != THEME_AUTO and name in theme_names():
        return name
    dark = system_prefers_dark() if system_dark is None else system_dark
    wanted = DARK_THEME if dark else LIGHT_THEME
    return wanted if wanted in theme_names() else "default"


DARK_LUMINANCE = 0.18  # WCAG relative luminance of a mid grey (L* ≈ 50)
SELECTION_ACCENT = "#3d7fe0"


def theme_palette(style_name: str, system_dark: bool | None = None) -> dict[str, Any]:
    """The editor colours of a Pygments style, as ``#rrggbb`` strings.

    Keys: ``background``, ``foreground``, ``selection`` (selected-text background; text
    keeps ``foreground``), ``gutter_background``, ``line_highlight`` (the caret's line),
    ``comment`` (secondary text: times, hints), plus ``dark`` (bool) and ``name`` (the
    style used, ``"auto"`` resolved). Every text colour has readable contrast.
    """
    name = resolve_theme(style_name, system_dark)
    style = _style(name)
    from pygments.token import Token

    background = _style_background(style)
    dark = _luminance(background) < DARK_LUMINANCE
    fallback_text = "#e6e6e6" if dark else "#1f1f1f"
    foreground = _hex(style.style_for_token(Token.Text).get("color")) or _hex(style.style_for_token(Token).get("color"))
    foreground = _readable(foreground, background, 4.5) if foreground else fallback_text
    selection = _hex(getattr(style, "highlight_color", None))
    if (
        not selection
        or (_luminance(selection) < DARK_LUMINANCE) != dark  # a pale highlight on a dark background
        or _contrast(selection, background) < 1.25  # indistinguishable from the background
        or _contrast(selection, foreground) < 3.0  # text on it would be unreadable
    ):
        selection = _mix(background, SELECTION_ACCENT, 0.45 if dark else 0.3)
    comment = _hex(style.style_for_token(Token.Comment).get("color"))
    comment = _readable(comment, background, 3.0) if comment else _mix(background, foreground, 0.6)
    return {
        "name": name,
        "dark": dark,
        "background": background,
        "foreground": foreground,
        "selection": selection,
        "gutter_background": _mix(background, foreground, 0.05),
        "line_highlight": _mix(background, foreground, 0.06 if dark else 0.04),
        "comment": comment,
    }


@functools.cache
def _style(name: str) -> Any:
    from pygments.styles import get_style_by_name

    return get_style_by_name(name)


def _style_background(style: Any) -> str:
    return _hex(getattr(style, "background_color", None)) or "#ffffff"


def _hex(color: str | None) -> str:
    """``#rrggbb`` from Pygments' ``rrggbb``/``#rgb``/``#rrggbb``; "" for none or unknown."""
    if not color or not isinstance(color, str):
        return ""
    text = color.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6 or any(c not in "0123456789abcdefABCDEF" for c in text):
        return ""
    return "#" + text.lower()


def _rgb(color: str) -> tuple[float, float, float]:
    text = _hex(color)[1:]
    return (int(text[0:2], 16) / 255, int(text[2:4], 16) / 255, int(text[4:6], 16) / 255)


def _luminance(color: str) -> float:
    """WCAG 2 relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio (1 … 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _readable(color: str, background: str, ratio: float) -> str:
    """``color``, moved towards black or white just enough to reach ``ratio`` contrast
    with ``background`` (keeps a style's hue where its own colour is a little too faint)."""
    target = "#ffffff" if _luminance(background) < DARK_LUMINANCE else "#000000"
    for step in range(11):
        candidate = _mix(color, target, step / 10)
        if _contrast(candidate, background) >= ratio:
            return candidate
    return target


def _mix(a: str, b: str, amount: float) -> str:
    """``a`` moved ``amount`` (0 … 1) of the way to ``b``."""
    mixed = (x + (y - x) * amount for x, y in zip(_rgb(a), _rgb(b), strict=True))
    return "#" + "".join(f"{round(c * 255):02x}" for c in mixed)
