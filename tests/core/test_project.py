"""The project file: round trip, migration, refusal of newer versions, atomic save."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from editor.core import project
from editor.core.document import Document
from editor.core.errors import ProjectError
from editor.core.model import (
    Annotation,
    AnnotationStatus,
    Decision,
    DecisionAction,
    Glossary,
    Metadata,
    Replacement,
    Segment,
    Speaker,
    Word,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "projects"


def rich_document() -> Document:
    """A document using every field the project file holds."""
    doc = Document(
        [
            Segment("s1", "welcome to the build log", "sp1", 0.0, 2.0, (Word("welcome", 0.0, 0.4, 0.98),), "Welcome to the build log", 1),
            Segment("s2", "we run pie torch", "sp2", 2.0, 3.5, (Word("pie", 2.6, 2.8, 0.41, "SPEAKER_01"),), None, 2),
            Segment("s3", "Wiśniewski said ünïcode “quotes”", None),
            Segment("s4", "", None),
        ],
        [Speaker("sp1", "Maya", "#112233"), Speaker("sp2", "Siobhan", "#445566")],
        metadata=Metadata(title="Episode 12", language="en", source_name="ep12.json", source_format="whisperx", source_sha256="ab" * 32),
        glossary=Glossary(("PyTorch", "Siobhan Nguyen"), (("pie torch", "PyTorch"),)),
        plugin_data={"speakers": {"threshold": 0.5, "list": [1, 2]}},
    )
    doc.add_annotations([Annotation("", "s2", 7, 16, "sound-alike", "pie torch", "Did you mean PyTorch?", ("PyTorch",), 0.8, tool="soundalike", tool_version="1.0")])
    doc.add_annotations([Annotation("", "s1", 15, 20, "spelling", "build", status=AnnotationStatus.REJECTED)])
    doc.add_tag("chapter", "s1", "s2", title="Intro", note="cold open")
    doc.add_decision(Decision("", DecisionAction.IGNORE, "build log"))
    doc.apply_replacements([Replacement("s2", 7, 16, "PyTorch", "pie torch")], decision=Decision("", DecisionAction.ACCEPT, "pie torch", "PyTorch"))
    return doc


def test_save_and_reload_is_equal(tmp_path: Path) -> None:
    doc = rich_document()
    path = tmp_path / "ep.galley.json"
    project.save_project(doc, path)
    assert not doc.modified
    loaded = project.load_project(path)
    assert loaded.state() == doc.state()
    assert project.project_bytes(loaded) == path.read_bytes()


def test_reloaded_document_hands_out_fresh_ids(tmp_path: Path) -> None:
    path = tmp_path / "ep.galley.json"
    project.save_project(rich_document(), path)
    loaded = project.load_project(path)
    new = loaded.insert_segment(0, "x")
    assert new not in {"s1", "s2", "s3", "s4"}


def test_migrates_a_version_1_project() -> None:
    doc = project.load_project(DATA / "prototype-v1.galley.json")
    assert doc.metadata.title == "Episode 3"
    assert [s.name for s in doc.speakers] == ["Maya", "Siobhan"]
    assert all(s.color.startswith("#") for s in doc.speakers)
    a1 = doc.annotation("a1")
    assert (a1.status, a1.replacements) == (AnnotationStatus.ACCEPTED, ("PyTorch",))
    assert doc.annotation("a2").status is AnnotationStatus.REJECTED
    assert doc.glossary.terms == ("PyTorch", "Kubernetes")


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_newer_schema_is_refused_and_file_untouched(tmp_path: Path) -> None:
    data = project.document_to_json(rich_document())
    data["schema_version"] = project.SCHEMA_VERSION + 1
    path = write_json(tmp_path / "new.galley.json", data)
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="newer Galley"):
        project.load_project(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "empty file"),
        (b'{"format": "galley-project", "schema_version": 2, "segm', "truncated"),
        (b"\xff\xfe\x00garbage\x00", "not UTF-8"),
        (b"[1, 2, 3]", "not a Galley project"),
        (b'{"format": "galley-project", "schema_version": "2"}', "schema_version"),
        (b'{"format": "galley-project", "schema_version": 2, "metadata": {}, "speakers": [], "segments": [{"id": "s1", "text": 5}]}', "segments/0/text"),
        (b'{"format": "galley-project", "schema_version": 2, "metadata": {}, "speakers": [], "segments": [{"id": "s1", "text": "a", "start": NaN}]}', "NaN"),
        (b'{"format": "galley-project", "schema_version": 2, "metadata": {}, "speakers": [], "segments": [{"id": "s1", "text": "a", "speaker": "sp9"}]}', "unknown speaker"),
        (b'{"format": "galley-project", "schema_version": 2, "metadata": {}, "speakers": [], "segments": [{"id": "s1", "text": "a"}], "annotations": [{"id": "a1", "segment": "s1", "start": 0, "end": 1, "kind": "x", "text": "b"}]}', "does not match"),
        (b'{"format": "galley-project", "schema_version": 2, "metadata": {}, "speakers": [], "segments": [{"id": "s1", "text": "a"}, {"id": "s1", "text": "b"}]}', "share one id"),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_corrupt_projects_give_one_clear_error(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.galley.json"
    path.write_bytes(content)
    with pytest.raises(ProjectError) as info:
        project.load_project(path)
    message = str(info.value)
    assert message.startswith(str(path)) and problem in message
    assert "\n" not in message
    assert path.read_bytes() == content


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such file"):
        project.load_project(tmp_path / "nope.galley.json")
    with pytest.raises(ProjectError, match="folder"):
        project.load_project(tmp_path)


def test_failed_save_leaves_the_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ep.galley.json"
    project.save_project(rich_document(), path)
    old = path.read_bytes()
    doc = project.load_project(path)
    doc.set_metadata(title="Changed")

    def fail_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail_fsync)
    with pytest.raises(ProjectError, match="No space left"):
        project.save_project(doc, path)
    assert path.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["ep.galley.json"]  # no temp file left
    assert doc.modified


def test_save_keeps_file_permissions(tmp_path: Path) -> None:
    path = tmp_path / "ep.galley.json"
    project.save_project(rich_document(), path)
    path.chmod(0o640)
    project.save_project(rich_document(), path)
    assert path.stat().st_mode & 0o777 == 0o640
