"""``plugin.toml``: what a plugin is and what it contributes, read without importing it.

::

    id = "galley.spelling"
    name = "Spelling"
    version = "1.0.0"
    api = ["1"]
    description = "Flags words that are not in the dictionary."

    [[tools]]
    id = "spelling"
    name = "Spelling"
    type = "correction"            # or "tagging"
    python_name = "galley_spelling.tool:SpellingTool"
    live = true                     # cheap enough for each edited segment
    scope = "segment"               # or "document"
    budget_seconds = 5.0
    isolation = "thread"            # or "process"; left out: built-in plugins run in a
                                    # thread, every other plugin in a child process
    kinds = ["spelling"]

    [settings.max_suggestions]
    type = "integer"                # integer | number | boolean | string | list
    title = "Suggestions per word"
    default = 5
    minimum = 1
    maximum = 10
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core.errors import FileProblem

_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,63}$")
_PYTHON_NAME = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
SETTING_TYPES = {"integer": int, "number": (int, float), "boolean": bool, "string": str, "list": list}


class ManifestError(FileProblem):
    """A plugin.toml that cannot be used; ``str()`` names the file and the problem."""


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """One tool a plugin contributes."""

    id: str
    name: str
    type: str  # "correction" or "tagging"
    python_name: str
    live: bool = False
    scope: str = "segment"  # "segment" or "document"
    budget_seconds: float = 10.0
    isolation: str = ""  # "thread", "process", or "" (the host decides by the plugin's source)
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """One user-adjustable setting of a plugin, described like a tiny JSON Schema."""

    key: str
    type: str
    title: str
    default: Any
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] = ()

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is a valid value for this setting."""
        expected = SETTING_TYPES[self.type]
        if isinstance(value, bool) and self.type in ("integer", "number"):
            return False
        if not isinstance(value, expected):
            return False
        if self.type in ("integer", "number"):
            if isinstance(value, float) and not math.isfinite(value):
                return False
            if self.minimum is not None and value < self.minimum:
                return False
            if self.maximum is not None and value > self.maximum:
                return False
        return not self.choices or value in self.choices


@dataclass(frozen=True, slots=True)
class PluginManifest:
    """A parsed, checked ``plugin.toml``."""

    id: str
    name: str
    version: str
    api: tuple[str, ...]
    description: str
    author: str
    tools: tuple[ToolSpec, ...]
    settings: tuple[SettingSpec, ...]
    path: Path

    def default_settings(self) -> dict[str, Any]:
        return {s.key: s.default for s in self.settings}


def read_manifest(path: Path) -> PluginManifest:
    """Parse and check a ``plugin.toml``; ``ManifestError`` says what is wrong."""
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(path, f"cannot read: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(path, f"not valid TOML: {error}") from error
    return parse_manifest(data, path)


def _require(data: dict[str, Any], key: str, kind: type | tuple[type, ...], path: Path, where: str = "") -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        name = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ManifestError(path, f"{where}{key}: expected a non-empty {name}, got {value!r}")
    return value


def parse_manifest(data: dict[str, Any], path: Path) -> PluginManifest:
    """Check a manifest's TOML data and build the manifest."""
    plugin_id = _require(data, "id", str, path)
    if not _ID.match(plugin_id):
        raise ManifestError(path, f"id {plugin_id!r}: use lower-case letters, digits, '.', '-' or '_'")
    api = data.get("api")
    if not isinstance(api, list) or not api or not all(isinstance(v, str) for v in api):
        raise ManifestError(path, 'api: expected a list of version strings, like api = ["1"]')
    raw_tools = data.get("tools", [])
    if not isinstance(raw_tools, list) or not raw_tools:
        raise ManifestError(path, "tools: a plugin must contribute at least one [[tools]] entry")
    tools = tuple(_tool(t, path, i) for i, t in enumerate(raw_tools))
    if len({t.id for t in tools}) != len(tools):
        raise ManifestError(path, "tools: two tools share one id")
    raw_settings = data.get("settings", {})
    if not isinstance(raw_settings, dict):
        raise ManifestError(path, "settings: expected tables like [settings.name]")
    return PluginManifest(
        id=plugin_id,
        name=_require(data, "name", str, path),
        version=_require(data, "version", str, path),
        api=tuple(api),
        description=str(data.get("description", "")),
        author=str(data.get("author", "")),
        tools=tools,
        settings=tuple(_setting(k, v, path) for k, v in raw_settings.items()),
        path=path,
    )


def _tool(data: Any, path: Path, index: int) -> ToolSpec:
    where = f"tools[{index}]."
    if not isinstance(data, dict):
        raise ManifestError(path, f"tools[{index}]: expected a table")
    tool_id = _require(data, "id", str, path, where)
    if not _ID.match(tool_id):
        raise ManifestError(path, f"{where}id {tool_id!r}: use lower-case letters, digits, '.', '-' or '_'")
    python_name = _require(data, "python_name", str, path, where)
    if not _PYTHON_NAME.match(python_name):
        raise ManifestError(path, f"{where}python_name {python_name!r}: expected 'package.module:ClassName'")
    tool_type = data.get("type", "correction")
    if tool_type not in ("correction", "tagging"):
        raise ManifestError(path, f"{where}type: expected 'correction' or 'tagging', got {tool_type!r}")
    scope = data.get("scope", "segment")
    if scope not in ("segment", "document"):
        raise ManifestError(path, f"{where}scope: expected 'segment' or 'document', got {scope!r}")
    isolation = data.get("isolation", "")
    if isolation not in ("", "thread", "process"):
        raise ManifestError(path, f"{where}isolation: expected 'thread' or 'process', got {isolation!r}")
    budget = data.get("budget_seconds", 10.0)
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not 0 < budget <= 3600:
        raise ManifestError(path, f"{where}budget_seconds: expected a number of seconds (0–3600)")
    kinds = data.get("kinds", [])
    if not isinstance(kinds, list) or not all(isinstance(k, str) and k for k in kinds):
        raise ManifestError(path, f"{where}kinds: expected a list of strings")
    return ToolSpec(
        id=tool_id,
        name=_require(data, "name", str, path, where),
        type=tool_type,
        python_name=python_name,
        live=bool(data.get("live", False)) and scope == "segment",
        scope=scope,
        budget_seconds=float(budget),
        isolation=isolation,
        kinds=tuple(kinds),
    )


def _setting(key: str, data: Any, path: Path) -> SettingSpec:
    where = f"settings.{key}."
    if not isinstance(data, dict):
        raise ManifestError(path, f"settings.{key}: expected a table")
    kind = data.get("type")
    if kind not in SETTING_TYPES:
        raise ManifestError(path, f"{where}type: expected one of {', '.join(SETTING_TYPES)}")
    choices = data.get("choices", [])
    spec = SettingSpec(
        key=key,
        type=kind,
        title=str(data.get("title", key)),
        default=data.get("default"),
        description=str(data.get("description", "")),
        minimum=data.get("minimum"),
        maximum=data.get("maximum"),
        choices=tuple(choices) if isinstance(choices, list) else (),
    )
    if not spec.accepts(spec.default):
        raise ManifestError(path, f"{where}default: {spec.default!r} is not a valid {kind}")
    return spec
