"""Autosave and recovery: the document's unsaved state, kept in the per-user autosave folder.

Each open document has a *key*: the absolute path of its project or source file, or an
``untitled:<n>`` name for a new one. Its autosave is an ordinary project file (plus the
``autosave_of`` field naming the key) written atomically to ``<folder>/<hash>.galley.json``.
On start the app asks :func:`recoverable` whether an autosave is newer than its file, and
offers it. A clean save or close discards the autosave.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from editor.core.atomic import atomic_write, remove_stale_temps
from editor.core.document import Document
from editor.core.project import project_bytes


@dataclass(frozen=True, slots=True)
class Autosave:
    """An autosave file on disk and what it belongs to."""

    path: Path
    autosave_of: str
    mtime: float


def autosave_path(key: str, folder: Path) -> Path:
    """Where the autosave for ``key`` lives: always directly inside ``folder``.

    The name is a hash of the key, so no key (``../../x``, an absolute path, NUL, a
    thousand characters) can point elsewhere. ``surrogatepass`` hashes a path whose name
    was not valid UTF-8 (Linux allows that; Python keeps those bytes as lone surrogates).
    """
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return folder / f"{digest}.galley.json"


def write_autosave(doc: Document, key: str, folder: Path) -> Path:
    """Write the document's current state as the autosave for ``key`` (atomically)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = autosave_path(key, folder)
    atomic_write(path, project_bytes(doc, autosave_of=key))
    return path


def discard_autosave(key: str, folder: Path) -> None:
    """Remove the autosave for ``key`` if there is one (and temporary files that a killed
    autosave left for it)."""
    path = autosave_path(key, folder)
    path.unlink(missing_ok=True)
    remove_stale_temps(path)


def recoverable(key: str, folder: Path) -> Autosave | None:
    """The autosave for ``key`` if it is newer than the file it belongs to."""
    path = autosave_path(key, folder)
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    try:
        original_mtime = Path(key).stat().st_mtime
    except (OSError, ValueError):
        original_mtime = 0.0  # untitled, or the file is gone: the autosave is all there is
    return Autosave(path, key, mtime) if mtime > original_mtime else None


def list_autosaves(folder: Path) -> list[Autosave]:
    """Every readable autosave in the folder, newest first (unreadable ones are skipped)."""
    found: list[Autosave] = []
    for path in folder.glob("*.galley.json") if folder.is_dir() else ():
        try:
            with path.open("rb") as handle:
                key = json.loads(handle.read()).get("autosave_of")
            if isinstance(key, str):
                found.append(Autosave(path, key, path.stat().st_mtime))
        except (OSError, ValueError, AttributeError, RecursionError):  # damaged: skipped
            continue
    return sorted(found, key=lambda a: a.mtime, reverse=True)
