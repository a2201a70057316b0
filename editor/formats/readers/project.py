"""The Galley project file (``.galley.json``), read through :mod:`editor.core.project`.

The project format belongs to the core (schema, migrations, validation); this reader only
lets ``read_document`` open a project like any other file. Its metadata is the project's
own, so ``read_document`` leaves it alone (``transcript=False``).
"""

from __future__ import annotations

import re
from pathlib import Path

from editor.core import project
from editor.core.document import Document
from editor.core.errors import FileProblem
from editor.formats.errors import FormatError
from editor.formats.readers.base import Reader

_MARKER = re.compile(r'"format"\s*:\s*"galley-project"')
_EXTENSION = ".galley.json"


def sniff(head: str, path: Path) -> int:
    """100 for the ``"format": "galley-project"`` marker; the name alone is a weaker sign."""
    if _MARKER.search(head[:4096]):
        return 100
    if path.name.lower().endswith(_EXTENSION):
        # A damaged project should get the project loader's message, not Whisper's.
        return 60 if head.lstrip().startswith("{") else 1
    return 0


def read(text: str, path: Path) -> Document:
    """Load a project from its JSON text; problems become ``FormatError`` naming ``path``."""
    try:
        return project.document_from_json(text, path)
    except FileProblem as exc:
        raise FormatError(path, exc.message) from exc


READER = Reader(
    name="project",
    label="Galley project",
    extensions=(_EXTENSION,),
    sniff=sniff,
    read=read,
    transcript=False,
)
