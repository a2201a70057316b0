"""End to end: a labelled WhisperX file becomes published files.

Import ``tests/data/e2e/interview.whisperx.json`` (SPEAKER_00/01, word times, fillers and an
ad read), run the tagging tools and accept their speaker and ad proposals, finish by hand
(full speaker names, two chapters with titles), then export clean Markdown and the
Podcasting 2.0 transcript and chapters JSON and compare them with the files in
``tests/data/e2e/expected/``. Those were read line by line before being committed; after a
deliberate change, regenerate them with ``GALLEY_UPDATE_GOLDEN=1`` and read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema_rs
import pytest

from editor.cli import main
from editor.core.document import Document
from editor.core.project import project_bytes
from editor.formats import export_bytes, read_document
from editor.formats.writers.base import ExportOptions
from editor.plugin_host import tag_review
from editor.plugin_host.tagging import run_tagging

DATA = Path(__file__).resolve().parents[1] / "data"
SOURCE = DATA / "e2e" / "interview.whisperx.json"
EXPECTED = DATA / "e2e" / "expected"
UPDATE = os.environ.get("GALLEY_UPDATE_GOLDEN") == "1"
OUTPUTS = {
    "interview.clean.md": ("md", ExportOptions(mode="clean", timestamps=True)),
    "interview.transcript.json": ("podcast-transcript", ExportOptions(mode="clean")),
    "interview.chapters.json": ("podcast-chapters", ExportOptions()),
    "interview.notes.md": ("show-notes", ExportOptions()),
}


def produced() -> Document:
    """The interview after the producer accepted the tools' speaker and ad proposals,
    gave the speakers their full names and marked two chapters."""
    doc = read_document(SOURCE)
    assert [s.name for s in doc.speakers] == ["SPEAKER_00", "SPEAKER_01"]
    report = run_tagging(doc)
    groups = tag_review.group_proposals(tag_review.open_proposals(doc, report.proposals))
    assert {(g.title, g.count) for g in groups if g.label != "chapter"} == {
        ("Speaker turn: Maya", 3),
        ("Speaker turn: Siobhan", 2),
        ("Ad read: Lintwise", 1),
    }
    for group in groups:
        if group.label in ("speaker", "ad"):
            tag_review.accept(doc, group.items)  # Shift+Enter in the Tag Proposals panel
    assert [s.name for s in doc.speakers] == ["Maya", "Siobhan"]  # the ASR ids renamed
    [ad] = [t for t in doc.tags if t.label == "ad"]
    ids = [s.id for s in doc.segments]
    assert (ad.first_segment_id, ad.last_segment_id, ad.title) == (ids[6], ids[8], "Lintwise")
    with doc.batch("By hand"):
        doc.rename_speaker(doc.speakers[0].id, "Maya Okafor")
        doc.rename_speaker(doc.speakers[1].id, "Siobhan Nguyen")
        doc.add_tag("chapter", ids[0], ids[5], title="Welcome")
        doc.add_tag("chapter", ids[9], ids[-1], title="From physics to infrastructure")
        doc.set_metadata(title="The Build Log, Episode 41")
    return doc


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_exports_match_the_reviewed_files(name: str) -> None:
    writer, options = OUTPUTS[name]
    data = export_bytes(produced(), writer, options)
    path = EXPECTED / name
    if UPDATE:
        path.write_bytes(data)
    assert data.decode("utf-8") == path.read_text("utf-8")


def test_expected_json_files_follow_the_published_field_lists() -> None:
    for name, schema in (
        ("interview.transcript.json", "podcast-transcript"),
        ("interview.chapters.json", "podcast-chapters"),
    ):
        validator = jsonschema_rs.validator_for(
            json.loads((DATA / "schemas" / f"{schema}.schema.json").read_text("utf-8"))
        )
        document = json.loads((EXPECTED / name).read_text("utf-8"))
        assert validator.is_valid(document), name


def test_the_command_line_writes_the_same_files_from_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "interview.galley.json"
    project.write_bytes(project_bytes(produced()))
    runs = {
        "interview.clean.md": ["--clean", "--timestamps"],
        "interview.transcript.json": ["--format", "podcast-transcript", "--clean"],
        "interview.chapters.json": [],  # the format from the extension
        "interview.notes.md": [],
    }
    for name, extra in runs.items():
        out = tmp_path / name
        assert main(["export", str(project), "-o", str(out), *extra]) == 0, capsys.readouterr().err
        assert out.read_bytes() == (EXPECTED / name).read_bytes(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [project.name, *runs]
    )  # no temporary files left
