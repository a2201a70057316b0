"""The plugin host: discovery without imports, states, and a runner that contains every failure."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from editor.core.document import Document
from editor.core.model import Segment
from editor.plugin_api import EmptyLexicon
from editor.plugin_host.check import Checker, snapshot
from editor.plugin_host.manifest import ManifestError, parse_manifest
from editor.plugin_host.registry import PluginRecord, PluginRegistry, PluginState, ToolHandle
from editor.plugin_host.runner import run_tool

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "plugins"


@pytest.fixture
def registry() -> PluginRegistry:
    before = set(sys.modules)
    reg = PluginRegistry(FIXTURES, None, entry_points=False)
    assert not {m for m in set(sys.modules) - before if m.startswith("fx_")}, "discovery imported plugin code"
    return reg


@pytest.fixture
def doc() -> Document:
    return Document([Segment("s1", "teh cat sat on teh mat"), Segment("s2", "and teh dog")])


def state(registry: PluginRegistry, folder: str) -> PluginRecord:
    return next(r for r in registry.records if r.location.name == folder)


def run(registry: PluginRegistry, doc: Document, tool_id: str, budget: float | None = None):
    handle = next(ToolHandle(r, t) for r in registry.records if r.manifest for t in r.manifest.tools if t.id == tool_id)
    checker = Checker(registry, lexicon_loader=EmptyLexicon)
    return run_tool(registry, handle, snapshot(doc), checker.context(doc, handle), budget=budget)


def test_discovery_states(registry: PluginRegistry) -> None:
    assert state(registry, "good").state == PluginState.DISCOVERED
    assert state(registry, "incompatible").state == PluginState.INCOMPATIBLE
    assert "API 99" in state(registry, "incompatible").error
    bad = state(registry, "bad_manifest")
    assert bad.state == PluginState.ERROR and "plugin.toml" in bad.error and "TOML" in bad.error
    assert "at least one [[tools]]" in state(registry, "no_tools").error
    dup = state(registry, "zz_duplicate")
    assert dup.state == PluginState.ERROR and "duplicate plugin id 'fixture.good'" in dup.error
    assert all(h.record.usable for h in registry.tools())
    assert "incompatible" not in {h.spec.id for h in registry.tools()}


def test_good_tool_runs_and_becomes_active(registry: PluginRegistry, doc: Document) -> None:
    result = run(registry, doc, "good")
    assert result.error == ""
    assert [(s.segment_id, s.start, s.end) for s in result.suggestions] == [("s1", 0, 3), ("s1", 15, 18), ("s2", 4, 7)]
    assert state(registry, "good").state == PluginState.ACTIVE


def test_tool_that_raises_is_contained(registry: PluginRegistry, doc: Document) -> None:
    result = run(registry, doc, "raises")
    assert result.suggestions == () and "RuntimeError: boom in check" in result.error
    assert state(registry, "raises").state == PluginState.ERROR
    again = run(registry, doc, "raises")  # not run again: the recorded error is returned
    assert "boom" in again.error and again.elapsed == 0.0


def test_import_error_is_contained(registry: PluginRegistry, doc: Document) -> None:
    result = run(registry, doc, "import_error")
    assert "ModuleNotFoundError" in result.error and "module_that_does_not_exist" in result.error
    assert state(registry, "import_error").state == PluginState.ERROR


def test_sys_exit_in_a_tool_is_contained(registry: PluginRegistry, doc: Document) -> None:
    result = run(registry, doc, "exits")
    assert "SystemExit" in result.error


def test_missing_method_is_reported(registry: PluginRegistry, doc: Document) -> None:
    assert "has no check() method" in run(registry, doc, "no_method").error


def test_hang_past_budget_is_stopped(registry: PluginRegistry, doc: Document) -> None:
    started = time.perf_counter()
    result = run(registry, doc, "hangs", budget=0.3)
    assert time.perf_counter() - started < 2
    assert result.cancelled and "did not finish within 0.3 s" in result.error
    assert state(registry, "hangs").state == PluginState.ERROR


def test_malformed_output_keeps_the_valid_findings(registry: PluginRegistry, doc: Document) -> None:
    result = run(registry, doc, "garbage")
    assert [s.message for s in result.suggestions] == ["good one"]
    assert result.dropped == 13 and "malformed" in result.error
    assert state(registry, "garbage").problems


def test_flood_is_capped(registry: PluginRegistry, doc: Document) -> None:
    result = run(registry, doc, "flood")
    assert len(result.suggestions) == 1000 and "more than 1000 findings" in result.error


def test_tag_proposals_are_validated(registry: PluginRegistry, doc: Document) -> None:
    result = run(registry, doc, "tagger")
    assert [(p.label, p.first_segment_id, p.last_segment_id) for p in result.proposals] == [("ad", "s1", "s2")]
    assert result.dropped == 2


def test_checker_stores_findings_and_survives_broken_tools(registry: PluginRegistry, doc: Document) -> None:
    checker = Checker(registry, lexicon_loader=EmptyLexicon)
    handles = [h for h in registry.tools(tool_type="correction")]
    report = checker.check(doc, handles)
    good = [f for f in report.findings if f.tool == "good"]
    assert [f.text for f in good] == ["teh", "teh", "teh"]
    assert any("boom" in e for e in report.errors)
    assert doc.text == "teh cat sat on teh mat\nand teh dog"  # nothing a tool did touched the text
    assert not doc.modified and not doc.history.can_undo()  # findings are not undo steps


def test_settings_override_and_invalid_values_fall_back(registry: PluginRegistry, doc: Document) -> None:
    handle = next(h for h in registry.tools() if h.spec.id == "good")
    checker = Checker(registry, settings={"fixture.good": {"word": "cat"}}, lexicon_loader=EmptyLexicon)
    report = checker.check(doc, [handle])
    assert [f.text for f in report.findings] == ["cat"]
    checker = Checker(registry, settings={"fixture.good": {"word": 5}}, lexicon_loader=EmptyLexicon)
    assert [f.text for f in checker.check(doc, [handle]).findings] == ["teh", "teh", "teh"]


def test_disable_and_reenable(registry: PluginRegistry) -> None:
    registry.set_enabled("fixture.good", False)
    assert "good" not in {h.spec.id for h in registry.tools()}
    registry.set_enabled("fixture.good", True)
    assert "good" in {h.spec.id for h in registry.tools()}


def test_user_folder_and_disabled_list(tmp_path: Path) -> None:
    user = tmp_path / "user-plugins"
    (user / "mine").mkdir(parents=True)
    (user / "mine" / "plugin.toml").write_text((FIXTURES / "good" / "plugin.toml").read_text().replace("fixture.good", "me.mine"))
    reg = PluginRegistry(FIXTURES, user, entry_points=False, disabled=["fixture.raises"])
    mine = next(r for r in reg.records if r.id == "me.mine")
    assert mine.source == "user" and mine.state == PluginState.DISCOVERED
    assert reg.record("fixture.raises").state == PluginState.DISABLED


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"id": "Bad Id"}, "id 'Bad Id'"),
        ({"api": "1"}, "api: expected a list"),
        ({"tools": [{"id": "t", "name": "T", "python_name": "no-colon"}]}, "python_name"),
        ({"tools": [{"id": "t", "name": "T", "python_name": "a.b:C", "scope": "galaxy"}]}, "scope"),
        ({"tools": [{"id": "t", "name": "T", "python_name": "a.b:C", "budget_seconds": -1}]}, "budget_seconds"),
        ({"settings": {"n": {"type": "integer", "default": "five"}}}, "default"),
    ],
)
def test_manifest_problems_are_named(change: dict, problem: str) -> None:
    data = {"id": "x.y", "name": "X", "version": "1", "api": ["1"], "tools": [{"id": "t", "name": "T", "python_name": "a.b:C"}]}
    with pytest.raises(ManifestError, match=problem):
        parse_manifest({**data, **change}, Path("plugin.toml"))
