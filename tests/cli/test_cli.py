"""The ``galley`` command as a user runs it: exit codes, one-line errors, nothing written on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor import __version__
from editor.cli import main
from editor.core.project import load_project
from editor.paths import demo_glossary, demo_transcript

PLAIN = (
    "Maya: welcome to the build log\nmy guest is shivon win\n\nSiobhan: thanks for having me\n  we run pie torch  \n"
    "Maya: how did that go\nSiobhan: pretty well\n"
)


@pytest.fixture
def transcript(tmp_path: Path) -> Path:
    path = tmp_path / "episode.txt"
    path.write_text(PLAIN, "utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"galley {__version__}"


def test_convert_then_export_verbatim_gives_back_the_lines(capsys, transcript: Path, tmp_path: Path) -> None:
    project = tmp_path / "episode.galley.json"
    code, _, err = run(capsys, "convert", str(transcript), "-o", str(project))
    assert code == 0, err
    assert load_project(project).speakers[0].name == "Maya"
    code, out, err = run(capsys, "export", str(project), "--to", "txt", "--mode", "verbatim")
    assert code == 0, err
    expected = [line for line in PLAIN.splitlines() if line.strip()]
    assert out.splitlines() == expected


def test_demo_round_trips_verbatim(capsys, tmp_path: Path) -> None:
    project = tmp_path / "demo.galley.json"
    assert run(capsys, "convert", str(demo_transcript()), "-o", str(project), "--glossary", str(demo_glossary()))[0] == 0
    assert "PyTorch" in load_project(project).glossary.terms
    code, out, _ = run(capsys, "export", str(project), "--to", "txt")
    assert code == 0
    source = demo_transcript().read_text("utf-8").splitlines()
    assert out.splitlines() == [line for line in source if line.strip()]


def test_export_clean_markdown_has_speaker_paragraphs(capsys, transcript: Path) -> None:
    code, out, err = run(capsys, "export", str(transcript), "--to", "md", "--mode", "clean")
    assert code == 0, err
    paragraphs = [p for p in out.split("\n\n") if p.strip() and not p.startswith("#")]
    assert paragraphs[0].startswith("**Maya:**") and "shivon win" in paragraphs[0]
    assert paragraphs[1].startswith("**Siobhan:**") and "pie torch" in paragraphs[1]


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "json", "galley"])
def test_every_text_format_exports_to_a_file(capsys, transcript: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    code, stdout, err = run(capsys, "export", str(transcript), "--to", fmt, "-o", str(out))
    assert (code, stdout) == (0, ""), err
    assert out.read_bytes().decode("utf-8").strip()


def test_docx_needs_an_output_file(capsys, transcript: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", str(transcript), "--to", "docx")
    assert code == 2 and "-o" in err and err.count("\n") == 1
    out = tmp_path / "out.docx"
    assert run(capsys, "export", str(transcript), "--to", "docx", "-o", str(out))[0] == 0
    assert out.read_bytes()[:2] == b"PK"


def test_srt_of_untimed_text_is_a_clear_error(capsys, transcript: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.srt"
    code, _, err = run(capsys, "export", str(transcript), "--to", "srt", "-o", str(out))
    assert code == 2 and "times" in err and err.count("\n") == 1
    assert not out.exists()


def corrupt_project(tmp_path: Path) -> Path:
    path = tmp_path / "bad.galley.json"
    path.write_bytes(b'{"format": "galley-project", "schema_version": 2, "segments": [')
    return path


def newer_project(tmp_path: Path) -> Path:
    path = tmp_path / "newer.galley.json"
    path.write_text(json.dumps({"format": "galley-project", "schema_version": 99, "segments": []}), "utf-8")
    return path


@pytest.mark.parametrize("make", [corrupt_project, newer_project])
def test_bad_project_exits_2_with_one_line_and_writes_nothing(capsys, tmp_path: Path, make) -> None:
    path = make(tmp_path)
    before = path.read_bytes()
    out = tmp_path / "out.txt"
    code, stdout, err = run(capsys, "export", str(path), "--to", "txt", "-o", str(out))
    assert code == 2 and stdout == ""
    assert err.startswith("galley: error: ") and str(path) in err and err.count("\n") == 1
    assert path.read_bytes() == before and not out.exists()
    code, _, err = run(capsys, "convert", str(path), "-o", str(tmp_path / "x.galley.json"))
    assert code == 2 and not (tmp_path / "x.galley.json").exists()


def test_bad_usage_exits_2(capsys, transcript: Path) -> None:
    for args in (["export", str(transcript)], ["export", str(transcript), "--to", "pdf"], ["convert"], ["--nope"]):
        code, _, err = run(capsys, *args)
        assert code == 2 and err.startswith("galley: error: ") and err.count("\n") == 1


def test_missing_and_binary_input(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", str(tmp_path / "missing.txt"), "--to", "txt")
    assert code == 2 and "missing.txt" in err
    binary = tmp_path / "noise.srt"
    binary.write_bytes(bytes(range(256)) * 8)
    code, _, err = run(capsys, "export", str(binary), "--to", "txt")
    assert code == 2 and "noise.srt" in err and err.count("\n") == 1


def test_output_to_unwritable_place_is_one_line(capsys, transcript: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", str(transcript), "--to", "txt", "-o", str(tmp_path / "no" / "such" / "dir.txt"))
    assert code == 2 and err.count("\n") == 1


def test_gui_without_display_says_so(transcript: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "editor.cli", str(transcript)], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert "no display" in result.stderr and "galley export" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


# ----------------------------------------------------------------------------- publishing exports

WHISPERX = Path(__file__).resolve().parents[1] / "data" / "e2e" / "interview.whisperx.json"


@pytest.fixture
def tagged_project(tmp_path: Path) -> Path:
    """The e2e interview as a project with named speakers, an ad read and two chapters."""
    from editor.core.project import project_bytes
    from editor.formats import read_document

    doc = read_document(WHISPERX)
    ids = [s.id for s in doc.segments]
    doc.rename_speaker(doc.speakers[0].id, "Maya")
    doc.rename_speaker(doc.speakers[1].id, "Siobhan")
    doc.add_tag("ad", ids[6], ids[8], title="Lintwise")
    doc.add_tag("chapter", ids[0], title="Welcome")
    doc.add_tag("chapter", ids[9], title="Physics")
    path = tmp_path / "interview.galley.json"
    path.write_bytes(project_bytes(doc))
    return path


@pytest.mark.parametrize(
    ("args", "name", "check"),
    [
        (["--format", "podcast-transcript", "--clean"], "out.json", lambda t: json.loads(t)["version"] == "1.0.0" and "Lintwise" not in t),
        (["--format", "podcast-chapters"], "out.json", lambda t: [c["title"] for c in json.loads(t)["chapters"]] == ["Welcome", "Physics"]),
        (["--format", "show-notes", "--no-sponsors"], "notes.md", lambda t: "- 00:29 Physics" in t and "Sponsors" not in t),
        ([], "ep.transcript.json", lambda t: json.loads(t)["segments"][0]["speaker"] == "Maya"),  # format from the extension
        ([], "ep.chapters.json", lambda t: json.loads(t)["chapters"][0]["startTime"] == 0.42),
        ([], "ep.notes.md", lambda t: t.startswith("# interview.whisperx\n") and "- Lintwise" in t),
        (["--verbatim", "--speaker-case", "upper"], "ep.srt", lambda t: "MAYA: Hey everyone" in t and "Lintwise" in t),
        (["--speaker-prefix", "every"], "ep.vtt", lambda t: "<v Maya>Hey everyone" in t),
        (["--clean", "--timestamps", "--pause", "2", "--max-sentences", "1", "--title", "Ep 41"], "ep.md", lambda t: t.startswith("# Ep 41\n\n[00:00:00] **Maya:** Hey everyone, welcome back to The Build Log.\n\n[00:00:03]")),
        (["--clean", "--no-language-fillers", "--fillers", "you know"], "ep.txt", lambda t: "Um, today" in t and "by accident." in t),
    ],
)
def test_every_publishing_export_from_the_command_line(capsys, tagged_project: Path, tmp_path: Path, args: list[str], name: str, check) -> None:
    out = tmp_path / "exports" / name
    out.parent.mkdir()
    code, stdout, err = run(capsys, "export", str(tagged_project), "-o", str(out), *args)
    assert (code, stdout, err) == (0, "", "")
    assert check(out.read_text("utf-8"))
    assert [p.name for p in out.parent.iterdir()] == [name]  # written atomically: no temporary file left


def test_clean_markdown_to_standard_output_with_the_clean_flag(capsys, transcript: Path) -> None:
    code, out, err = run(capsys, "export", str(transcript), "--format", "md", "--clean")
    assert code == 0, err
    assert out.startswith("# episode\n\n**Maya:** welcome to the build log my guest is shivon win")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "unknown export format 'pdf'; choose one of: text, markdown"),
        ([], "give the export format with --format FORMAT, or an output file with -o"),
        (["-o", "out.pdf"], "give --format FORMAT: cannot tell the format of out.pdf"),
        (["--to", "md", "--max-words", "0"], "--max-sentences and --max-words must be at least 1"),
        (["--to", "md", "--pause", "-1"], "--wrap and --pause cannot be negative"),
        (["--to", "md", "--pause", "nan"], "--pause must be a number of seconds"),
        (["--to", "md", "--wrap", "-5"], "--wrap and --pause cannot be negative"),
        (["--to", "md", "--max-words", "lots"], "argument --max-words: invalid int value: 'lots'"),
        (["--to", "srt", "--speaker-prefix", "sometimes"], "argument --speaker-prefix: invalid choice: 'sometimes'"),
        (["--to", "md", "--clean", "--verbatim"], "argument --verbatim: not allowed with argument --clean"),
        (["--to", "galley", "--clean"], "galley export has no clean mode"),
    ],
)
def test_bad_export_options_exit_2_with_one_line(capsys, tagged_project: Path, tmp_path: Path, monkeypatch, args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run(capsys, "export", str(tagged_project), *args)
    assert (code, stdout) == (2, "")
    assert err.startswith("galley: error: ") and message in err and err.count("\n") == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == [tagged_project.name]


def test_refused_export_keeps_the_existing_output_file(capsys, transcript: Path, tmp_path: Path) -> None:
    out = tmp_path / "episode.chapters.json"
    out.write_text("old", "utf-8")
    code, _, err = run(capsys, "export", str(transcript), "-o", str(out))
    assert code == 2 and "has no chapters" in err and err.count("\n") == 1
    assert out.read_text("utf-8") == "old"
    code, _, err = run(capsys, "export", str(transcript), "-o", str(tmp_path / "episode.transcript.json"))
    assert code == 2 and "Podcasting 2.0 transcript JSON needs times" in err
    assert not (tmp_path / "episode.transcript.json").exists()
