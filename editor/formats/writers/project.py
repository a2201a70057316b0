"""The Galley project file (.galley.json): the whole document, for reopening in Galley."""

from __future__ import annotations

from typing import TYPE_CHECKING

from editor.formats.writers.base import ExportOptions, Writer

if TYPE_CHECKING:
    from editor.core.document import Document


def write(doc: Document, options: ExportOptions) -> bytes:
    """The project file's bytes; options do not apply (a project is always complete)."""
    # Imported here: the project module belongs to the core and pulls in the schema code,
    # which no other export needs.
    from editor.core.project import project_bytes

    return project_bytes(doc)


WRITER = Writer(
    name="project",
    label="Galley project",
    extension=".galley.json",
    binary=False,
    write=write,
    modes=("verbatim",),
    description="the whole project, to reopen in Galley",
)
