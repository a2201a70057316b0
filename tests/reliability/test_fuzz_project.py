"""Fuzzing the project loader (``.galley.json``) and the autosave folder.

Projects are generated as real documents (every part of the file used), saved to JSON,
then mutated: values replaced by wrong types, huge or non-finite numbers, lone surrogates
and deep nesting; keys removed; items duplicated (duplicate ids); values wrapped or
swapped with others of the file; then perhaps their bytes broken. Both ways in are
checked: ``load_project`` (``ProjectError``) and ``read_document`` (``FormatError``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core import autosave, project
from editor.core.document import Document
from editor.core.errors import ProjectError
from editor.formats.errors import FormatError
from editor.formats.readers import read_document
from tests.reliability.fuzzing import (
    CASE_TIMEOUT,
    ENCODINGS,
    FUZZ,
    check_document,
    check_read,
    corrupted,
    documents,
    dumps,
    encode,
    maybe_corrupted,
    mutated_json,
    record,
    time_limit,
)

PROTOTYPE = Path(__file__).resolve().parents[1] / "data" / "projects" / "prototype-v1.galley.json"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "cases"
    path.mkdir()
    return path


def _both_loaders(target: str, folder: Path, content: bytes) -> None:
    check_read(
        f"project: {target} (load_project)",
        folder,
        "ep.galley.json",
        content,
        project.load_project,
        ProjectError,
    )
    check_read(
        f"project: {target} (read_document)", folder, "ep.galley.json", content, read_document, FormatError
    )


@FUZZ
@given(doc=documents())
def test_generated_projects_load_back_equal(doc: Document) -> None:
    """The baseline the mutations start from: every generated project round-trips
    (in memory; the file side is what every other test here exercises)."""
    loaded = project.document_from_json(project.project_bytes(doc).decode("utf-8"), "ep.galley.json")
    assert loaded.state() == doc.state()
    check_document(loaded)
    record("project: valid round trip", "loaded")


@FUZZ
@given(doc=documents(), data=st.data())
def test_mutated_projects(folder: Path, doc: Document, data: st.DataObject) -> None:
    value = data.draw(mutated_json(project.document_to_json(doc), max_mutations=4), label="json")
    text = dumps(value, indent=data.draw(st.booleans()))
    content = data.draw(maybe_corrupted(encode(text, data.draw(st.sampled_from(ENCODINGS)))), label="bytes")
    _both_loaders("mutated", folder, content)


@FUZZ
@given(data=st.data())
def test_mutated_version_1_projects(folder: Path, data: st.DataObject) -> None:
    """The migration path: a prototype (schema 1) project, mutated before it is upgraded."""
    value = data.draw(mutated_json(json.loads(PROTOTYPE.read_text("utf-8")), max_mutations=4), label="json")
    content = data.draw(maybe_corrupted(dumps(value).encode("utf-8")), label="bytes")
    _both_loaders("schema 1", folder, content)


@FUZZ
@given(doc=documents(), data=st.data())
def test_autosave_folder_with_damaged_files(
    tmp_path_factory: pytest.TempPathFactory, doc: Document, data: st.DataObject
) -> None:
    """Listing and offering autosaves never raises, whatever lies in the folder."""
    folder = tmp_path_factory.mktemp("autosave")
    key = data.draw(
        st.sampled_from(
            ("/tmp/ep.galley.json", "untitled:1", "../../x", "a\x00b", "é" * 300, "/caf\udce9.txt")
        )
    )
    written = autosave.autosave_path(key, folder)  # written directly: this is about reading
    good = project.project_bytes(doc, autosave_of=key)
    written.write_bytes(data.draw(corrupted(good, max_mutations=3), label="damaged"))
    (folder / "other.galley.json").write_bytes(data.draw(st.binary(max_size=64)))
    with time_limit(CASE_TIMEOUT):
        found = autosave.list_autosaves(folder)
        offered = autosave.recoverable(key, folder)
    assert all(a.path.parent == folder for a in found)
    assert offered is None or offered.path == written
    try:
        loaded = project.load_project(written)
    except ProjectError as error:
        assert str(error).startswith(str(written))
        record("autosave: damaged file", "error", message=error.message)
    else:
        check_document(loaded)
        record("autosave: damaged file", "loaded")


@pytest.mark.parametrize("depth", [100_000, 5_000])
def test_deeply_nested_project_is_one_clear_error(folder: Path, depth: int) -> None:
    content = (
        b'{"format": "galley-project", "schema_version": 2, "plugin_data": '
        + b"[" * depth
        + b"]" * depth
        + b"}"
    )
    _both_loaders("pathological", folder, content)
    with pytest.raises(ProjectError, match="nested too deeply"):
        project.load_project(folder / "ep.galley.json")
