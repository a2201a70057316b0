"""Autosave files: written atomically, offered only when newer, discarded after a save."""

from __future__ import annotations

import os
from pathlib import Path

from editor.core import autosave, project
from editor.core.document import Document
from editor.core.model import Segment


def test_autosave_newer_than_file_is_offered_and_restores_edits(tmp_path: Path) -> None:
    folder = tmp_path / "autosave"
    path = tmp_path / "ep.galley.json"
    doc = Document([Segment("s1", "hello")])
    project.save_project(doc, path)
    os.utime(path, (1_000, 1_000))
    doc.set_text("s1", "hello world")
    written = autosave.write_autosave(doc, str(path), folder)
    found = autosave.recoverable(str(path), folder)
    assert found is not None and found.path == written
    assert project.load_project(found.path).segment("s1").text == "hello world"
    assert [a.autosave_of for a in autosave.list_autosaves(folder)] == [str(path)]


def test_older_autosave_is_not_offered(tmp_path: Path) -> None:
    folder = tmp_path / "autosave"
    path = tmp_path / "ep.galley.json"
    doc = Document([Segment("s1", "hello")])
    written = autosave.write_autosave(doc, str(path), folder)
    os.utime(written, (1_000, 1_000))
    project.save_project(doc, path)
    assert autosave.recoverable(str(path), folder) is None
    autosave.discard_autosave(str(path), folder)
    assert not written.exists()


def test_untitled_autosave_and_broken_files_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "autosave"
    autosave.write_autosave(Document([Segment("s1", "draft")]), "untitled:1", folder)
    (folder / "junk.galley.json").write_bytes(b"\x00\x01 not json")
    assert autosave.recoverable("untitled:1", folder) is not None
    assert [a.autosave_of for a in autosave.list_autosaves(folder)] == ["untitled:1"]
