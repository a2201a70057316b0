"""Atomic file writes: a crash at any instant leaves the old file or the new one, never a mix.

The new content goes to a temporary file beside the target, named
``.<target name>.<8 random characters>.tmp`` (never ``*.galley.json``, so nothing that
looks for projects or autosaves picks one up), and is renamed over the target once it is
complete and on disk.

A process killed while writing leaves its temporary file behind. The next write to the
same target removes such leftovers, but never the file of a writer that is still at work:
on POSIX each writer holds an advisory lock (``flock``) on its temporary file until the
rename, a lock the system releases when the process dies, so a leftover is a temporary
file whose lock can be taken. Where there is no ``flock`` (Windows) a leftover is one
older than :data:`STALE_SECONDS`.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

STALE_SECONDS = 600
"""Without ``flock``: age after which another writer's temporary file counts as left over."""

_NAME_BYTES = 100
"""Bytes of the target's name kept in a temporary file's name: a target name near the
file system's 255-byte limit must not make the temporary name too long to create."""

_TAIL = re.compile(r"[a-z0-9_]{8}\.tmp")  # tempfile's random part, then our suffix


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The temporary file is flushed and fsynced, then renamed over the target (an atomic
    step on POSIX and on Windows' ``os.replace``), then the folder is fsynced so the rename
    itself survives a power cut. An existing file's permission bits are kept. On any error
    the temporary file is removed and the target is untouched; the ``OSError`` propagates.
    Temporary files that killed writers left for this target are removed first.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    prefix = _temp_prefix(target)
    remove_stale_temps(target)
    fd, temp_name = _locked_temp(folder, prefix)
    handle = os.fdopen(fd, "wb")
    try:
        try:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            try:
                mode = target.stat().st_mode & 0o7777
            except FileNotFoundError:
                mode = 0o666 & ~_umask()
            if fcntl is not None:
                os.fchmod(handle.fileno(), mode)
            else:
                handle.close()  # Windows cannot rename a file that is still open
                os.chmod(temp_name, mode)
            # With flock, the file stays open (and locked) until it has its final name, so
            # a concurrent clean-up never mistakes it for a leftover.
            os.replace(temp_name, target)
        finally:
            handle.close()
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(folder)


def _temp_prefix(target: Path) -> str:
    name = target.name
    while len(os.fsencode(name)) > _NAME_BYTES:
        name = name[:-1]
    return f".{name}."


def _locked_temp(folder: Path, prefix: str) -> tuple[int, str]:
    """A new temporary file, open and (with flock) locked by this process."""
    for _ in range(20):
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
        if fcntl is None:
            return fd, name
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # Another writer's clean-up took it for a leftover in the instant between
            # creating and locking it, and is deleting it: start again with a new name.
            os.close(fd)
            continue
        except OSError:
            return fd, name  # no locking on this file system: clean-up leaves it alone
        if os.fstat(fd).st_nlink == 0:  # deleted by a clean-up before we locked it
            os.close(fd)
            continue
        return fd, name
    raise OSError(errno.EAGAIN, f"could not create a temporary file in {folder}")


def remove_stale_temps(target: str | Path) -> list[str]:
    """Remove temporary files that writers of ``target`` died leaving; their names.

    Never raises: a file that cannot be examined or removed is left where it is.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    prefix = _temp_prefix(target)
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and _TAIL.fullmatch(n[len(prefix) :])]
    except OSError:
        return []
    removed = []
    for name in names:
        try:
            if _remove_if_left_over(os.path.join(folder, name)):
                removed.append(name)
        except OSError:
            continue
    return removed


def _remove_if_left_over(temp: str) -> bool:
    if fcntl is None:
        if time.time() - os.lstat(temp).st_mtime <= STALE_SECONDS:
            return False
        os.unlink(temp)
        return True
    fd = os.open(temp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a live writer holds it (or the file system cannot tell)
        now, opened = os.lstat(temp), os.fstat(fd)
        if (now.st_dev, now.st_ino) != (opened.st_dev, opened.st_ino):
            return False
        # Unlinked while locked: a writer that created it an instant ago and locks it
        # after us sees st_nlink == 0 and starts again with a new file.
        os.unlink(temp)
        return True
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
