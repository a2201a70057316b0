"""Errors about files the user gave us: one line naming the file and the problem."""

from __future__ import annotations

from pathlib import Path


class FileProblem(Exception):
    """A file could not be read or written; ``str()`` is ``"<file>: <problem>"``.

    Every layer raises a subclass of this for bad input, so the command line and the
    desktop app can show one clear line instead of a traceback.
    """

    def __init__(self, path: str | Path | None, message: str) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


class ProjectError(FileProblem):
    """A project file is corrupt, of an unknown version, or could not be saved."""
