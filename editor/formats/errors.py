"""The one error type formats raise: it names the file and the problem in one line."""

from __future__ import annotations

from editor.core.errors import FileProblem


class FormatError(FileProblem):
    """A transcript could not be imported or exported; ``str()`` is ``"<file>: <problem>"``."""
