"""``galley tag``: tag proposals like a linter or as JSON, lines as ``galley check`` gives them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from editor.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "tagging"
KEYS = {"label", "first_line", "last_line", "segments", "tool", "confidence", "note", "value", "group"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def spaced(tmp_path: Path) -> Path:
    """The labelled interview with blank lines between turns: input lines != segment numbers."""
    text = (DATA / "interview-labelled.txt").read_text("utf-8")
    path = tmp_path / "spaced.txt"
    path.write_text(re.sub(r"\n(?=\w+: )", "\n\n", text), "utf-8")
    return path


def test_text_output_one_line_per_proposal(capsys, spaced: Path) -> None:
    code, out, err = run(capsys, "tag", str(spaced), "--tool", "sponsors")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 4
    assert (
        lines[0]
        == f'{spaced}:4: ad (0.90) sponsor "Dicebox" — brought to you by; offer; Dicebox named [sponsor:Dicebox]'
    )
    assert re.match(
        rf'^{re.escape(str(spaced))}:\d+-\d+: ad \(0\.97\) sponsor "Lanternfish" — sponsor credit; .*code SIDEQUEST',
        lines[1],
    )


def test_json_contract_with_input_lines(capsys, spaced: Path) -> None:
    code, out, _ = run(capsys, "tag", str(spaced), "--format", "json")
    assert code == 0
    [entry] = json.loads(out)
    assert entry["path"] == str(spaced)
    tags = entry["tags"]
    assert all(set(t) == KEYS for t in tags)
    ads = [t for t in tags if t["label"] == "ad"]
    source = spaced.read_text("utf-8").split("\n")
    mid = ads[1]
    assert source[mid["first_line"] - 1] == "Ruth: Side Quests is supported by Lanternfish."
    assert source[mid["last_line"] - 1] == "And now, back to the interview."
    assert mid["segments"] == 8 and mid["tool"] == "sponsors" and mid["group"] == "sponsor:Lanternfish"
    assert mid["value"] == "Lanternfish" and 0 < mid["confidence"] <= 1
    chapters = [t for t in tags if t["label"] == "chapter"]
    assert chapters[0] == {
        "label": "chapter",
        "first_line": 1,
        "last_line": 1,
        "segments": 1,
        "tool": "chapters",
        "confidence": 0.5,
        "note": "the start of the episode",
        "value": "Introduction",
        "group": "",
    }
    assert [t["first_line"] for t in tags] == sorted(t["first_line"] for t in tags)


def test_project_input_uses_segment_numbers(capsys, spaced: Path, tmp_path: Path) -> None:
    project = tmp_path / "ep.galley.json"
    assert run(capsys, "convert", str(spaced), "-o", str(project))[0] == 0
    _, out, _ = run(capsys, "tag", str(project), "--tool", "sponsors", "--format", "json")
    ads = json.loads(out)[0]["tags"]
    assert [(t["first_line"], t["last_line"]) for t in ads] == [(3, 3), (20, 27), (39, 40), (47, 47)]


def test_speaker_proposals_for_an_unlabelled_file(capsys) -> None:
    code, out, _ = run(capsys, "tag", str(DATA / "chevrons.txt"), "--tool", "speakers")
    assert code == 0
    assert (
        out.splitlines()[0]
        == f"{DATA / 'chevrons.txt'}:1-2: speaker (0.80) new speaker — “>>” turn marker: a new speaker, name unknown [turn-marker]"
    )


def test_unreadable_input_exits_2_and_the_others_are_tagged(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, "tag", str(missing), str(DATA / "conversation.txt"), "--format", "json")
    assert code == 2
    assert err.startswith(f"galley: error: {missing}: ") and err.count("\n") == 1
    assert [r["path"] for r in json.loads(out)] == [str(DATA / "conversation.txt")]


def test_unknown_tool_is_a_warning(capsys) -> None:
    code, out, err = run(capsys, "tag", str(DATA / "conversation.txt"), "--tool", "spelling")
    assert code == 0 and out == ""
    assert "unknown tool 'spelling'" in err


def test_bad_usage_and_help(capsys) -> None:
    for args in (["tag"], ["tag", str(DATA / "conversation.txt"), "--format", "xml"]):
        code, _, err = run(capsys, *args)
        assert code == 2 and err.count("\n") == 1
    with pytest.raises(SystemExit) as exit_:
        main(["tag", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "galley tag" in out and "--tool ID" in out and "segment numbers" in out
