"""One plain example per bug the reliability work found (fuzzing, kills, probing).

Each test names the bug it pins down; before the fix each one failed with the exception
or the wrong result its docstring describes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from editor.core import atomic, autosave, project
from editor.core.document import Document
from editor.core.errors import ProjectError
from editor.core.model import Metadata, Segment
from editor.formats.errors import FormatError
from editor.formats.readers import read_document
from tests.reliability.fuzzing import check_document, time_limit


def _project(**changes: object) -> dict[str, object]:
    data = project.document_to_json(
        Document([Segment("s1", "hello there", None, 1.0, 2.0), Segment("s2", "bye")])
    )
    data.update(changes)
    return data


def _write(path: Path, data: object) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), "utf-8")
    return path


# ------------------------------------------------------------------------------- importers


def test_srt_time_with_more_hours_than_a_float_holds(tmp_path: Path) -> None:
    """OverflowError escaped from the SRT/WebVTT time parser (int too large for a float)."""
    path = _write(tmp_path / "a.srt", "1\n" + "9" * 400 + ":00:00,000 --> 00:00:01,000\nhi\n")
    with pytest.raises(FormatError, match=r"line 2: bad time code"):
        read_document(path)


def test_whisper_cpp_timestamp_with_more_hours_than_a_float_holds(tmp_path: Path) -> None:
    """OverflowError escaped from whisper.cpp ``timestamps`` parsing."""
    stamp = "9" * 400 + ":00:00,000"
    path = _write(
        tmp_path / "a.json", {"transcription": [{"timestamps": {"from": stamp, "to": stamp}, "text": "x"}]}
    )
    with pytest.raises(FormatError, match=r"transcription\[0\]\.timestamps\.from: expected a time"):
        read_document(path)


def test_whisper_integer_beyond_float_range(tmp_path: Path) -> None:
    """OverflowError escaped for ``"end": 1000...0`` (400 digits); the message now also
    describes such a number instead of repeating all its digits."""
    path = _write(tmp_path / "a.json", '[{"start": 0, "end": 1' + "0" * 400 + ', "text": "x"}]')
    with pytest.raises(FormatError) as info:
        read_document(path)
    assert "[0].end: expected a finite number, got a number with 401 digits" in str(info.value)


def test_whisper_lone_surrogate_escape_loads_and_saves(tmp_path: Path) -> None:
    """``"\\ud800"`` loaded into a segment that then made every save fail (UnicodeEncodeError)."""
    path = _write(tmp_path / "a.json", '[{"start": 0, "end": 1, "text": "caf\\ud800 ok \\ud83d\\ude00"}]')
    doc = read_document(path)
    assert doc.segments[0].text == "caf\ufffd ok \U0001f600"
    check_document(doc)


def test_openai_words_only_segment_never_ends_before_it_starts(tmp_path: Path) -> None:
    """Found by fuzzing: the segment took the first word's start and the last word's end,
    so a last word without a start (or words out of order) gave end < start."""
    data = {
        "task": "transcribe",
        "text": "a b",
        "words": [{"word": "a", "start": 1.0}, {"word": "b", "end": 0.5}],
    }
    doc = read_document(_write(tmp_path / "a.json", data))
    assert (doc.segments[0].start, doc.segments[0].end) == (0.5, 1.0)
    check_document(doc)


def test_file_name_that_is_not_utf8_can_be_imported_and_saved(tmp_path: Path) -> None:
    """Linux allows any bytes in a name; the title and source name kept them as lone
    surrogates and saving the imported project raised UnicodeEncodeError."""
    try:
        path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt"))
        path.write_text("Maya: hello\n", "utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    doc = read_document(path)
    assert (doc.metadata.title, doc.metadata.source_name) == ("caf\ufffd", "caf\ufffd.txt")
    project.save_project(doc, tmp_path / "ep.galley.json")


# --------------------------------------------------------------------------- project loader


def test_project_lone_surrogate_escape(tmp_path: Path) -> None:
    """UnicodeEncodeError escaped from load_project (the schema validator cannot take a
    lone surrogate); now it becomes U+FFFD, in keys too."""
    text = json.dumps(_project(plugin_data={"k\ud800": "v"})).replace("hello there", "hello \\udc00there")
    doc = project.load_project(_write(tmp_path / "p.galley.json", text))
    assert doc.segments[0].text == "hello \ufffdthere"
    assert dict(doc.plugin_data) == {"k\ufffd": "v"}


def test_project_integer_time_beyond_float_range(tmp_path: Path) -> None:
    """OverflowError escaped from load_project for ``"start": 1000...0``."""
    text = json.dumps(_project()).replace('"start": 1.0', '"start": 1' + "0" * 400)
    with pytest.raises(ProjectError, match="segments/0 has a number too large for a time or probability"):
        project.load_project(_write(tmp_path / "p.galley.json", text))


def test_project_float_beyond_range_names_the_number(tmp_path: Path) -> None:
    """``1e400`` parsed as infinity and the schema said "null is not of types null, number"."""
    text = json.dumps(_project()).replace('"start": 1.0', '"start": 1e400')
    with pytest.raises(ProjectError, match="the number 1e400 is too large"):
        project.load_project(_write(tmp_path / "p.galley.json", text))


@pytest.mark.parametrize(
    ("changes", "what"),
    [
        ({"speakers": [{"id": "sp1", "name": "A"}, {"id": "sp1", "name": "B"}]}, "speakers"),
        (
            {
                "tags": [
                    {"id": "t1", "label": "ad", "first": "s1", "last": "s1"},
                    {"id": "t1", "label": "x", "first": "s2", "last": "s2"},
                ]
            },
            "tags",
        ),
        (
            {
                "decisions": [
                    {"id": "d1", "action": "accept", "original": "a"},
                    {"id": "d1", "action": "reject", "original": "b"},
                ]
            },
            "decisions",
        ),
        (
            {
                "annotations": [
                    {"id": "a1", "segment": "s1", "start": 0, "end": 5, "kind": "k", "text": "hello"},
                    {"id": "a1", "segment": "s2", "start": 0, "end": 3, "kind": "k", "text": "bye"},
                ]
            },
            "annotations",
        ),
    ],
)
def test_project_duplicate_ids_are_refused(tmp_path: Path, changes: dict[str, object], what: str) -> None:
    """Duplicates were silently dropped (all but one speaker, tag or decision); two
    annotations sharing an id in different segments left the first segment listing the
    second one, anchored in another segment's text."""
    with pytest.raises(ProjectError, match=f"two {what} share one id"):
        project.load_project(_write(tmp_path / "p.galley.json", _project(**changes)))


def test_project_segment_ending_before_it_starts(tmp_path: Path) -> None:
    """Loaded as is, though the model refuses such times everywhere else."""
    text = json.dumps(_project()).replace('"end": 2.0', '"end": 0.5')
    with pytest.raises(ProjectError, match=r"segments/0 ends \(0.5 s\) before it starts \(1 s\)"):
        project.load_project(_write(tmp_path / "p.galley.json", text))


def test_project_segment_with_other_line_breaks_stays_one_line(tmp_path: Path) -> None:
    """``\\r``, U+2028 and U+2029 loaded into a segment: the editor shows them as several
    blocks, so the view and the document disagreed about where every later segment is."""
    data = _project(
        annotations=[{"id": "a1", "segment": "s1", "start": 4, "end": 7, "kind": "k", "text": "o\u2029t"}]
    )
    data["segments"][0]["text"] = "hello\rthe\u2029t\u2028e"  # type: ignore[index]
    doc = project.load_project(_write(tmp_path / "p.galley.json", data))
    assert doc.segments[0].text == "hello the t e"
    assert doc.annotations[0].text == "o t"
    check_document(doc)


def test_project_tag_given_backwards(tmp_path: Path) -> None:
    """A tag from s2 back to s1 covered no segment at all; its range is now put in order."""
    data = _project(tags=[{"id": "t1", "label": "ad", "first": "s2", "last": "s1"}])
    doc = project.load_project(_write(tmp_path / "p.galley.json", data))
    assert [t.label for t in doc.tags_of("s1")] == ["ad"]


def test_project_plugin_data_nested_too_deeply_to_save(tmp_path: Path) -> None:
    """Plugin data nested ~990 levels loaded, but saving it from the app's deeper call
    stack raised RecursionError, so the producer's edits could not be saved."""
    data = json.dumps(_project()).replace(
        '"plugin_data": {}', '"plugin_data": {"x": ' + "[" * 900 + "]" * 900 + "}"
    )
    with pytest.raises(ProjectError, match="plugin_data is nested more than 100 levels deep"):
        project.load_project(_write(tmp_path / "p.galley.json", data))


def test_save_turns_json_failures_into_a_project_error(tmp_path: Path) -> None:
    """save_project let ValueError/RecursionError from the JSON writer escape (the UI
    catches only FileProblem); nothing is written."""
    doc = Document([Segment("s1", "x")], plugin_data={"x": float("nan")})
    with pytest.raises(ProjectError, match="could not save"):
        project.save_project(doc, tmp_path / "p.galley.json")
    assert list(tmp_path.iterdir()) == []


def test_project_text_that_utf8_cannot_hold_still_saves(tmp_path: Path) -> None:
    """A lone surrogate in memory (a plugin's replacement text) made save raise
    UnicodeEncodeError; it is now written escaped and reads back as U+FFFD."""
    doc = Document([Segment("s1", "a\ud800b")], metadata=Metadata(title="t"))
    path = tmp_path / "p.galley.json"
    project.save_project(doc, path)
    assert project.load_project(path).segments[0].text == "a\ufffdb"


def test_a_fifo_or_device_named_like_a_project_does_not_block(tmp_path: Path) -> None:
    """load_project opened any path: a named pipe blocked forever and ``/dev/zero`` would
    have been read until memory ran out."""
    fifo = tmp_path / "pipe.galley.json"
    os.mkfifo(fifo)
    with time_limit(10), pytest.raises(ProjectError, match="not a regular file"):
        project.load_project(fifo)
    if Path("/dev/zero").exists():
        with time_limit(10), pytest.raises(ProjectError, match="not a regular file"):
            project.load_project("/dev/zero")


# ------------------------------------------------------------------------- saving, autosave


def test_saving_to_a_name_near_the_length_limit(tmp_path: Path) -> None:
    """The temporary file's name added 14 characters to the target's, so saving to a
    (valid) 250-byte name failed with "File name too long"."""
    path = tmp_path / ("é" * 115 + ".galley.json")
    assert len(os.fsencode(path.name)) == 242
    project.save_project(Document([Segment("s1", "x")]), path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_temporary_files_left_by_a_killed_save_are_removed_by_the_next(tmp_path: Path) -> None:
    """Each save killed mid-write left a ``.name.XXXXXXXX.tmp`` file, forever."""
    path = tmp_path / "ep.galley.json"
    for tail in ("abcd1234", "zz_9y8x7"):
        (tmp_path / f".ep.galley.json.{tail}.tmp").write_bytes(b'{"format": "galley-pro')
    unrelated = tmp_path / ".other.galley.json.abcd1234.tmp"
    unrelated.write_bytes(b"")
    project.save_project(Document([Segment("s1", "x")]), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.galley.json.abcd1234.tmp", "ep.galley.json"]


def test_a_live_writers_temporary_file_is_not_removed(tmp_path: Path) -> None:
    """The clean-up takes only files whose writer is gone (its lock is free)."""
    fcntl = pytest.importorskip("fcntl")
    live = tmp_path / ".ep.galley.json.abcd1234.tmp"
    fd = os.open(live, os.O_CREAT | os.O_WRONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert atomic.remove_stale_temps(tmp_path / "ep.galley.json") == []
        assert live.exists()
    finally:
        os.close(fd)
    assert atomic.remove_stale_temps(tmp_path / "ep.galley.json") == [live.name]


def test_autosave_of_a_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    """The key (the file's path) held lone surrogates: autosave_path raised
    UnicodeEncodeError on every autosave tick, and the autosave could not be written."""
    key = "/home/m/caf\udce9.txt"
    folder = tmp_path / "autosave"
    written = autosave.write_autosave(Document([Segment("s1", "x")]), key, folder)
    assert written.parent == folder
    assert [a.autosave_of for a in autosave.list_autosaves(folder)] == [key]
    assert project.load_project(written).segments[0].text == "x"


def test_autosave_listing_skips_a_deeply_nested_file(tmp_path: Path) -> None:
    """A damaged file in the autosave folder nested 100,000 deep made list_autosaves
    raise RecursionError."""
    folder = tmp_path / "autosave"
    autosave.write_autosave(Document([Segment("s1", "x")]), "untitled:1", folder)
    (folder / "deep.galley.json").write_bytes(b"[" * 100_000)
    assert [a.autosave_of for a in autosave.list_autosaves(folder)] == ["untitled:1"]


def test_project_error_messages_stay_short(tmp_path: Path) -> None:
    """Found by the long fuzzing profile: ``invalid schema_version`` repeated the whole
    value, a 100,000-character line for a damaged file."""
    data = _project()
    data["schema_version"] = "x" * 100_000
    with pytest.raises(ProjectError) as info:
        project.load_project(_write(tmp_path / "p.galley.json", data))
    assert "invalid schema_version 'xxx" in info.value.message and len(info.value.message) < 120
    data["schema_version"] = 10**400  # "made by a newer Galley (project schema 1000...0"
    with pytest.raises(ProjectError, match="newer Galley") as info:
        project.load_project(_write(tmp_path / "p.galley.json", data))
    assert len(info.value.message) < 160


def test_project_integers_written_as_floats(tmp_path: Path) -> None:
    """Found by the long fuzzing profile: JSON Schema counts ``3.0`` as an integer, so an
    annotation with ``"start": 0.0`` passed validation and slicing the text with it raised
    TypeError; ``source_line`` stayed a float."""
    data = _project(
        annotations=[{"id": "a1", "segment": "s1", "start": 0.0, "end": 5.0, "kind": "k", "text": "hello"}]
    )
    data["segments"][0]["source_line"] = 3.0  # type: ignore[index]
    doc = project.load_project(_write(tmp_path / "p.galley.json", data))
    assert (doc.annotations[0].start, doc.annotations[0].end, doc.segments[0].source_line) == (0, 5, 3)
    assert all(type(v) is int for v in (doc.annotations[0].start, doc.segments[0].source_line))
    check_document(doc)
