"""Running the tagging tools through the host: proposals in order, tool problems contained."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.document import Document
from editor.core.model import Segment
from editor.formats import read_document
from editor.paths import builtin_plugins_dir, demo_transcript
from editor.plugin_api import EmptyLexicon, TagProposal
from editor.plugin_host.check import Checker
from editor.plugin_host.registry import PluginRegistry
from editor.plugin_host.runner import _proposal_problem
from editor.plugin_host.tagging import ProposedTag, run_tagging, tagging_tools

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "plugins"


@pytest.fixture(scope="module")
def registry() -> PluginRegistry:
    return PluginRegistry(builtin_plugins_dir(), None, entry_points=False)


@pytest.fixture
def demo() -> Document:
    doc = read_document(demo_transcript())
    doc.mark_saved()
    return doc


def lines(doc: Document, tags: list[ProposedTag]) -> list[tuple[int | None, int | None]]:
    return [(doc.segments[t.first_index].source_line, doc.segments[t.last_index].source_line) for t in tags]


def test_the_builtin_tagging_tools_are_found_and_only_they_run(registry: PluginRegistry) -> None:
    handles, unknown = tagging_tools(registry)
    assert {h.spec.id for h in handles} == {"speakers", "sponsors", "chapters"}
    assert {h.record.id for h in handles} == {"galley.speakers", "galley.sponsors", "galley.chapters"}
    assert unknown == []
    _, unknown = tagging_tools(registry, ["spelling", "sponsors"])
    assert unknown == ["spelling"]  # a correction tool is not a tagging tool


def test_the_demo_reads_with_their_answer_key_boundaries(registry: PluginRegistry, demo: Document) -> None:
    report = run_tagging(demo, registry=registry)
    assert report.errors == [] and report.dropped == 0
    ads = report.by_label("ad")
    assert lines(demo, ads) == [(5, 7), (130, 143), (304, 304)]
    assert {(t.tool, t.plugin, t.proposal.value) for t in ads} == {
        ("sponsors", "galley.sponsors", "Lintwise")
    }
    assert report.by_label("speaker") == []  # every turn of the demo is labelled already
    assert report.by_label("chapter")[0].first_index == 0
    positions = [(t.first_index, t.last_index) for t in report.proposals]
    assert positions == sorted(positions)
    assert set(report.tool_seconds) == {"speakers", "sponsors", "chapters"}
    assert not demo.modified and not demo.history.can_undo()  # proposals are not applied


def test_tools_are_chosen_by_id_or_key_and_unknown_names_reported(
    registry: PluginRegistry, demo: Document
) -> None:
    report = run_tagging(demo, ["galley.chapters:chapters", "nope"], registry=registry)
    assert {t.proposal.label for t in report.proposals} == {"chapter"}
    assert report.errors == ["unknown tool 'nope'"]


def test_tags_the_document_has_are_not_proposed_again(registry: PluginRegistry, demo: Document) -> None:
    by_line = {s.source_line: s.id for s in demo.segments}
    demo.add_tag("chapter", demo.segments[0].id)
    demo.add_tag("ad", by_line[4], by_line[8])  # covers the intro credit (5-7)
    demo.add_tag("ad", by_line[131], by_line[140])  # covers only part of the mid-roll
    report = run_tagging(demo, ["sponsors", "chapters"], registry=registry)
    assert lines(demo, report.by_label("ad")) == [(130, 143), (304, 304)]
    assert all(t.first_index != 0 for t in report.by_label("chapter"))
    assert report.already_tagged == 2


def test_a_checker_supplies_settings(registry: PluginRegistry, demo: Document) -> None:
    checker = Checker(
        registry, settings={"galley.sponsors": {"min_confidence": 0.9}}, lexicon_loader=EmptyLexicon
    )
    report = run_tagging(demo, ["sponsors"], checker=checker)
    assert lines(demo, report.proposals) == [(130, 143)]


def test_cancelled_before_running(registry: PluginRegistry, demo: Document) -> None:
    report = run_tagging(demo, registry=registry, is_cancelled=lambda: True)
    assert report.cancelled and report.proposals == []


def test_malformed_proposals_of_a_plugin_are_dropped_and_reported() -> None:
    fixtures = PluginRegistry(FIXTURES, None, entry_points=False)
    doc = Document([Segment("s1", "one"), Segment("s2", "two")])
    report = run_tagging(doc, ["tagger"], checker=Checker(fixtures, lexicon_loader=EmptyLexicon))
    assert [(t.proposal.label, t.first_index, t.last_index, t.segment_count) for t in report.proposals] == [
        ("ad", 0, 1, 2)
    ]
    assert report.dropped == 2 and "malformed" in report.errors[0]


def test_group_must_be_a_string() -> None:
    order = {"s1": 0}
    assert _proposal_problem(TagProposal("speaker", "s1", "s1", 0.5, "", "Maya", "prefix:Maya"), order) == ""
    assert "group" in _proposal_problem(TagProposal("speaker", "s1", "s1", 0.5, "", "Maya", 5), order)  # type: ignore[arg-type]
    assert TagProposal("ad", "s1", "s1").group == ""  # plugins written before the field still work


def test_proposals_from_the_tool_processes_come_with_their_places(registry: PluginRegistry, demo: Document) -> None:
    """Where each proposal starts and ends comes back with it from the tool process (the
    editor then looks no segment up): the same report as in this process."""
    from editor.plugin_host.isolation import ToolProcess
    from editor.plugin_host.tagging import prepare_tagging, tag_report

    checker = Checker(registry)
    here = run_tagging(demo, checker=checker)
    checker.processes = [ToolProcess()]
    try:
        job = prepare_tagging(demo, checker)
        results = checker.run(job.check, out_of_process=True)
    finally:
        checker.processes[0].close()
    assert all(len(r.positions) == 2 * len(r.proposals) for r in results)
    there = tag_report(job, results)
    assert [(t.proposal, t.first_index, t.last_index, t.tool) for t in there.proposals] == [
        (t.proposal, t.first_index, t.last_index, t.tool) for t in here.proposals
    ]
    assert len(there.proposals) > 5
