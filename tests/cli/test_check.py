"""``galley check`` and ``galley plugins`` with a plugin in the per-user folder."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from editor.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "example-plugin"


@pytest.fixture
def user_plugin() -> Path:
    """The guide's example plugin installed in the (test) per-user plugin folder."""
    target = Path(os.environ["GALLEY_HOME"]) / "plugins" / "house-style"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


@pytest.fixture
def transcript(tmp_path: Path) -> Path:
    path = tmp_path / "ep.txt"
    path.write_text("Maya: send me an e-mail\nit's OK really\nMaya: the web site is up\n", "utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_output_is_linter_style_with_source_lines(capsys, user_plugin: Path, transcript: Path) -> None:
    code, out, err = run(capsys, "check", str(transcript), "--tool", "house-style")
    assert code == 0, err
    assert out.splitlines() == [
        f"{transcript}:1:17: style: House style writes “email” [email]",
        f"{transcript}:2:5: style: House style writes “okay” [okay]",
    ]


def test_json_contract(capsys, user_plugin: Path, transcript: Path) -> None:
    code, out, _ = run(capsys, "check", str(transcript), "--tool", "house-style", "--format", "json")
    assert code == 0
    [entry] = json.loads(out)
    assert entry["path"] == str(transcript)
    first = entry["findings"][0]
    assert set(first) == {"line", "column", "end_column", "segment", "start", "end", "text", "kind", "tool", "message", "replacements", "confidence"}
    assert (first["line"], first["column"], first["end_column"], first["text"]) == (1, 17, 23, "e-mail")
    line = transcript.read_text("utf-8").splitlines()[first["line"] - 1]
    assert line[first["column"] : first["end_column"]] == first["text"]
    assert (first["start"], first["end"], first["replacements"], first["tool"]) == (11, 17, ["email"], "house-style")


def test_project_input_uses_segment_numbers(capsys, user_plugin: Path, transcript: Path, tmp_path: Path) -> None:
    project = tmp_path / "ep.galley.json"
    assert run(capsys, "convert", str(transcript), "-o", str(project))[0] == 0
    _, out, _ = run(capsys, "check", str(project), "--tool", "house-style", "--format", "json")
    lines = [(f["line"], f["column"]) for f in json.loads(out)[0]["findings"]]
    assert lines == [(1, 11), (2, 5)]


def test_settings_of_a_plugin_take_effect_and_glossary_accepts_words(capsys, user_plugin: Path, transcript: Path, tmp_path: Path) -> None:
    glossary = tmp_path / "g.txt"
    glossary.write_text("# our words\ne-mail\n", "utf-8")
    _, out, _ = run(capsys, "check", str(transcript), "--tool", "house-style", "--glossary", str(glossary))
    assert "email" not in out and "okay" in out


def test_many_files_in_parallel_keep_input_order(capsys, user_plugin: Path, transcript: Path, tmp_path: Path) -> None:
    paths = []
    for i in range(4):
        path = tmp_path / f"ep{i}.txt"
        path.write_text(transcript.read_text("utf-8") * (i + 1), "utf-8")
        paths.append(str(path))
    code, out, err = run(capsys, "check", *paths, "--tool", "house-style", "--format", "json", "--jobs", "2")
    assert code == 0, err
    results = json.loads(out)
    assert [r["path"] for r in results] == paths
    assert [len(r["findings"]) for r in results] == [2, 4, 6, 8]


def test_unreadable_input_exits_2_but_others_are_checked(capsys, user_plugin: Path, transcript: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, "check", str(missing), str(transcript), "--tool", "house-style")
    assert code == 2
    assert f"galley: error: {missing}: " in err
    assert len(out.splitlines()) == 2


def test_unknown_tool_is_a_warning(capsys, user_plugin: Path, transcript: Path) -> None:
    code, out, err = run(capsys, "check", str(transcript), "--tool", "no-such-tool")
    assert code == 0 and out == ""
    assert "unknown tool 'no-such-tool'" in err


def test_bad_usage(capsys, transcript: Path) -> None:
    for args in (["check"], ["check", str(transcript), "--jobs", "0"], ["check", str(transcript), "--format", "xml"]):
        code, _, err = run(capsys, *args)
        assert code == 2 and err.count("\n") == 1


def test_plugins_lists_states_and_errors(capsys, user_plugin: Path) -> None:
    broken = user_plugin.parent / "broken"
    broken.mkdir()
    (broken / "plugin.toml").write_text('id = "me.broken"\n', "utf-8")
    code, out, _ = run(capsys, "plugins")
    assert code == 0
    assert re.search(r"^example\.house-style\s+1\.0\.0\s+discovered\s+user\s+tools: house-style$", out, re.M)
    assert "error:" in out and "broken" in out
    code, out, _ = run(capsys, "plugins", "--format", "json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["example.house-style"]["state"] == "discovered"


def test_guide_shows_the_example_plugin_exactly() -> None:
    guide = (ROOT / "docs" / "plugins.md").read_text("utf-8")
    blocks = re.findall(r"```(?:toml|python)\n(.*?)```", guide, re.S)
    assert (EXAMPLE / "plugin.toml").read_text("utf-8") in blocks
    tool = (EXAMPLE / "house_style" / "tool.py").read_text("utf-8")
    assert any(block.strip() in tool and len(block) > 1000 for block in blocks)


def test_json_entries_rendered_by_workers_join_into_the_same_document() -> None:
    from editor.check_command import FileResult, check_file, format_json
    from editor.core.model import Glossary

    demo = str(Path(__file__).resolve().parents[2] / "resources" / "samples" / "demo-interview.txt")
    rendered = check_file(demo, Glossary(), (), "json")
    plain = FileResult(rendered.path, rendered.findings, rendered.warnings)
    results = [rendered, FileResult("bad.txt", error="bad"), FileResult("empty.txt")]
    expected = json.dumps(
        [{"path": r.path, "findings": list(r.findings)} for r in (plain, results[2])], ensure_ascii=False, indent=1
    )
    assert rendered.json_text and format_json(results) == expected + "\n"
    assert format_json([plain, results[2]]) == expected + "\n"
    assert format_json([]) == "[]\n"
