"""Discovery, states and lazy loading of plugins.

Discovery reads manifests from three places, in this order, without importing any plugin
code: the built-in ``plugins/`` folder, the per-user plugin folder, and packages that
declare an entry point in group ``galley.plugins`` (the manifest is the package's
``plugin.toml``). It never raises: each plugin gets a :class:`PluginRecord` with a state
and, when something is wrong, the error. A plugin id seen twice is refused the second time.
Tool classes are imported the first time a tool is needed.
"""

from __future__ import annotations

import enum
import importlib
import importlib.metadata
import importlib.util
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.plugin_api import API_VERSION
from editor.plugin_host.manifest import ManifestError, PluginManifest, ToolSpec, read_manifest

ENTRY_POINT_GROUP = "galley.plugins"
SUPPORTED_APIS = frozenset({API_VERSION})


class PluginState(str, enum.Enum):
    """Where a plugin stands. Errors are records, never exceptions."""

    DISCOVERED = "discovered"  # manifest read, code not imported yet
    INCOMPATIBLE = "incompatible"  # its api list shares no version with this Galley
    LOADED = "loaded"  # code imported, tools instantiated
    ACTIVE = "active"  # a tool has run successfully
    DISABLED = "disabled"  # switched off by the user
    ERROR = "error"  # bad manifest, duplicate id, import failure, crash or hang


@dataclass
class PluginRecord:
    """One plugin as the host knows it."""

    source: str  # "builtin", "user" or "entry point"
    location: Path
    manifest: PluginManifest | None
    state: PluginState
    error: str = ""
    problems: list[str] = field(default_factory=list)  # non-fatal: malformed output dropped
    instances: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.manifest.id if self.manifest else self.location.name

    @property
    def usable(self) -> bool:
        return self.manifest is not None and self.state in (PluginState.DISCOVERED, PluginState.LOADED, PluginState.ACTIVE)


@dataclass(frozen=True, slots=True)
class ToolHandle:
    """A tool and the plugin record it belongs to."""

    record: PluginRecord
    spec: ToolSpec

    @property
    def key(self) -> str:
        """``plugin_id:tool_id``, unique across plugins."""
        return f"{self.record.id}:{self.spec.id}"


def _folder_plugins(folder: Path | None, source: str) -> Iterable[tuple[str, Path, Path]]:
    if folder is None or not folder.is_dir():
        return
    for child in sorted(folder.iterdir()):
        manifest = child / "plugin.toml"
        if child.is_dir() and manifest.is_file():
            yield source, child, manifest


def _entry_point_plugins() -> Iterable[tuple[str, Path, Path] | tuple[str, Path, str]]:
    try:
        points = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    except Exception as error:  # noqa: BLE001 - broken metadata must not stop discovery
        yield "entry point", Path("<entry points>"), f"cannot read entry points: {error}"
        return
    for point in points:
        try:
            spec = importlib.util.find_spec(point.module)
            locations = list(spec.submodule_search_locations or []) if spec else []
        except (ImportError, ValueError) as error:
            yield "entry point", Path(point.value), f"entry point {point.name!r}: {error}"
            continue
        if not locations:
            yield "entry point", Path(point.value), f"entry point {point.name!r}: {point.module} is not a package"
            continue
        package = Path(locations[0])
        yield "entry point", package, package / "plugin.toml"


class PluginRegistry:
    """Every discovered plugin, its state, and its tools (imported on first use)."""

    def __init__(
        self,
        builtin_dir: Path | None,
        user_dir: Path | None = None,
        *,
        entry_points: bool = True,
        disabled: Iterable[str] = (),
    ) -> None:
        self.records: list[PluginRecord] = []
        self._lock = threading.Lock()
        self._run_locks: dict[str, threading.Lock] = {}
        self._discover(builtin_dir, user_dir, entry_points, frozenset(disabled))

    def _discover(self, builtin_dir: Path | None, user_dir: Path | None, entry_points: bool, disabled: frozenset[str]) -> None:
        found: list[Any] = [*_folder_plugins(builtin_dir, "builtin"), *_folder_plugins(user_dir, "user")]
        if entry_points:
            found += list(_entry_point_plugins())
        seen: dict[str, PluginRecord] = {}
        for source, location, manifest_path in found:
            if isinstance(manifest_path, str):  # the entry point itself was broken
                self.records.append(PluginRecord(source, location, None, PluginState.ERROR, manifest_path))
                continue
            try:
                manifest = read_manifest(manifest_path)
            except ManifestError as error:
                self.records.append(PluginRecord(source, location, None, PluginState.ERROR, str(error)))
                continue
            record = PluginRecord(source, location, manifest, PluginState.DISCOVERED)
            if manifest.id in seen:
                first = seen[manifest.id]
                record.state, record.error = PluginState.ERROR, (
                    f"duplicate plugin id {manifest.id!r}: already provided by the {first.source} plugin in {first.location}"
                )
            elif not SUPPORTED_APIS & set(manifest.api):
                record.state, record.error = PluginState.INCOMPATIBLE, (
                    f"needs plugin API {', '.join(manifest.api)}; this Galley provides {', '.join(sorted(SUPPORTED_APIS))}"
                )
            elif manifest.id in disabled:
                record.state = PluginState.DISABLED
            seen.setdefault(manifest.id, record)
            self.records.append(record)

    def record(self, plugin_id: str) -> PluginRecord:
        """The usable-or-not record with this id (the first one, if duplicated)."""
        return next(r for r in self.records if r.manifest and r.manifest.id == plugin_id)

    def tools(self, *, tool_type: str | None = None) -> list[ToolHandle]:
        """Tools of usable plugins, in discovery order."""
        return [
            ToolHandle(record, spec)
            for record in self.records
            if record.usable and record.manifest
            for spec in record.manifest.tools
            if tool_type is None or spec.type == tool_type
        ]

    def find_tools(self, names: Iterable[str], *, tool_type: str | None = None) -> tuple[list[ToolHandle], list[str]]:
        """Tools named by id (``spelling``) or key (``galley.spelling:spelling``); also unknown names."""
        available = self.tools(tool_type=tool_type)
        chosen: list[ToolHandle] = []
        unknown: list[str] = []
        for name in names:
            matches = [t for t in available if name in (t.spec.id, t.key)]
            if matches:
                chosen.extend(m for m in matches if m not in chosen)
            else:
                unknown.append(name)
        return chosen, unknown

    def set_enabled(self, plugin_id: str, enabled: bool) -> None:
        """Switch a plugin on or off (a plugin in error is given another chance when enabled)."""
        record = self.record(plugin_id)
        if record.state == PluginState.INCOMPATIBLE:
            return
        if enabled:
            if record.state in (PluginState.DISABLED, PluginState.ERROR) and "duplicate plugin id" not in record.error:
                record.state = PluginState.LOADED if record.instances else PluginState.DISCOVERED
                record.error = ""
        elif record.state != PluginState.ERROR:
            record.state = PluginState.DISABLED

    def instance(self, handle: ToolHandle) -> Any:
        """The tool object, importing the plugin's code on first use.

        Raises nothing: on failure the plugin goes to the ERROR state and ``None`` is
        returned; the error names what failed.
        """
        record = handle.record
        with self._lock:
            if not record.usable:
                return None
            if handle.spec.id in record.instances:
                return record.instances[handle.spec.id]
            try:
                tool = _load_class(record, handle.spec.python_name)()
            except BaseException as error:  # noqa: BLE001 - plugin code may raise anything, even SystemExit
                self.fail(record, f"cannot load tool {handle.spec.id!r} ({handle.spec.python_name}): {_describe(error)}")
                return None
            wanted = "check" if handle.spec.type == "correction" else "tag"
            if not callable(getattr(tool, wanted, None)):
                self.fail(record, f"tool {handle.spec.id!r}: {handle.spec.python_name} has no {wanted}() method")
                return None
            record.instances[handle.spec.id] = tool
            if record.state == PluginState.DISCOVERED:
                record.state = PluginState.LOADED
            return tool

    def run_lock(self, handle: ToolHandle) -> threading.Lock:
        """The lock one tool holds while it runs: tools keep caches on their instance, so
        two runs of one tool (a live check during a full check) take turns."""
        with self._lock:
            return self._run_locks.setdefault(handle.key, threading.Lock())

    def fail(self, record: PluginRecord, message: str) -> None:
        """Put a plugin in the ERROR state: it is not run again until re-enabled."""
        record.state, record.error = PluginState.ERROR, message

    def succeeded(self, record: PluginRecord) -> None:
        if record.state == PluginState.LOADED:
            record.state = PluginState.ACTIVE


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _load_class(record: PluginRecord, python_name: str) -> Any:
    """Import ``package.module:Class`` from a plugin (its folder goes on ``sys.path``)."""
    module_name, _, class_name = python_name.partition(":")
    if record.source != "entry point":
        folder = str(record.location)
        top = module_name.split(".")[0]
        loaded = sys.modules.get(top)
        if loaded is not None and not str(getattr(loaded, "__file__", "") or "").startswith(folder):
            raise ImportError(f"package name {top!r} is already used by other code ({getattr(loaded, '__file__', '?')})")
        if folder not in sys.path:
            sys.path.insert(0, folder)
    module = importlib.import_module(module_name)
    return getattr(module, class_name)
