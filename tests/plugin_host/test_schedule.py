"""Sharing a check out among the tool processes: long "segment" tools in parts, longest
first, each tool's result delivered as soon as it is complete and equal to a whole run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from editor.core.document import Document
from editor.core.glossary import read_glossary
from editor.formats import read_document
from editor.paths import demo_glossary, demo_transcript
from editor.plugin_api import Suggestion
from editor.plugin_host.check import Checker, result_parts, segment_chunks
from editor.plugin_host.isolation import ToolProcess
from editor.plugin_host.registry import ToolHandle
from editor.plugin_host.runner import ToolResult
from editor.plugin_host.schedule import MARGIN, Part, merged, work_items


def tool(checker: Checker, tool_id: str) -> ToolHandle:
    [handle], _ = checker.tools([tool_id])
    return handle


@pytest.fixture(scope="module")
def checker() -> Iterator[Checker]:
    checker = Checker()
    checker.processes = [ToolProcess(), ToolProcess()]
    yield checker
    for process in checker.processes:
        process.close()


def test_long_segment_tools_are_cut_in_one_part_per_process(checker: Checker) -> None:
    spelling, consistency = tool(checker, "spelling"), tool(checker, "consistency")
    items = work_items([(0, spelling), (1, consistency)], 30_001, 2, {}, split_at=20_000)
    # Never timed: the tool that cannot be cut goes first, the parts after it.
    assert [(i.run, i.part) for i in items] == [
        (1, None),
        (0, Part(0, 15_000, 30_001)),
        (0, Part(15_000, 30_001, 30_001)),
    ]
    assert items[1].part.context == (0, 15_000 + MARGIN)
    assert items[2].part.context == (15_000 - MARGIN, 30_001)
    # Short transcripts, or one process: whole tools.
    assert all(i.part is None for i in work_items([(0, spelling)], 19_999, 2, {}, split_at=20_000))
    assert all(i.part is None for i in work_items([(0, spelling)], 50_000, 1, {}, split_at=20_000))


def test_items_are_handed_out_longest_first_by_last_time(checker: Checker) -> None:
    spelling, consistency, fillers = tool(checker, "spelling"), tool(checker, "consistency"), tool(checker, "fillers")
    seconds = {spelling.key: 10.0, consistency.key: 4.0, fillers.key: 2.0}
    items = work_items([(0, spelling), (1, consistency), (2, fillers)], 40_000, 2, seconds, split_at=20_000)
    assert [(i.run, i.expected) for i in items] == [(0, 5.0), (0, 5.0), (1, 4.0), (2, 1.0), (2, 1.0)]


def test_part_results_merge_in_part_order(checker: Checker) -> None:
    spelling = tool(checker, "spelling")
    first = ToolResult(spelling, suggestions=(Suggestion("s1", 0, 1, "spelling", "m", ("x",)),), elapsed=1.0)
    second = ToolResult(spelling, suggestions=(Suggestion("s9", 0, 1, "spelling", "m", ("y",)),), error="late", dropped=2, elapsed=2.0)
    result = merged(spelling, [first, second])
    assert [s.segment_id for s in result.suggestions] == ["s1", "s9"]
    assert (result.error, result.dropped, result.elapsed) == ("late", 2, 3.0)


def test_a_check_cut_in_parts_finds_what_a_whole_check_finds(checker: Checker) -> None:
    """The real segment tools, the demo transcript cut in two parts across two tool
    processes, where the cut is a place a part's margin matters: fillers reads "you know"
    at the end of one line as a filler because the next line goes on."""
    demo = read_document(demo_transcript())
    segments = list(demo.segments)
    [after] = [i for i, s in enumerate(segments) if s.text.startswith("it saves a huge amount of glue code")]
    assert segments[after - 1].text.endswith("you know")
    shift = after - len(segments) // 2  # put that line first in the second part
    doc = Document(segments[shift:] + segments[:shift])
    doc.set_glossary(read_glossary(demo_glossary()))
    handles = [tool(checker, name) for name in ("fillers", "spelling", "soundalike", "rules", "consistency")]
    whole = {r.tool.spec.id: r for r in checker.run(checker.prepare(doc, handles))}  # in this process
    delivered: list[ToolResult] = []
    progress: list[tuple[int, int]] = []
    checker.split_at = 10
    try:
        job = checker.prepare(doc, handles)
        returned = checker.run(job, progress=lambda done, total: progress.append((done, total)), out_of_process=True, on_result=delivered.append)
    finally:
        checker.split_at = 20_000
    cut = delivered  # each tool's result, as soon as it was complete
    assert sorted(r.tool.spec.id for r in cut) == sorted(whole)
    assert [r.suggestions for r in returned] == [()] * len(whole)  # not kept twice
    for result in cut:
        assert result.error == ""
        assert result.suggestions == whole[result.tool.spec.id].suggestions, result.tool.spec.id
    assert sum(len(r.suggestions) for r in cut) > 100
    # The editor stores a result a few segments at a time: cut by the positions the tool
    # process sent, the parts are those found by looking every segment up.
    chunks = segment_chunks(job, 50)
    for result in cut:
        assert len(result.positions) == len(result.suggestions)
        by_position = [(ids, part.suggestions) for ids, part in result_parts(chunks, result)]
        assert by_position == [(ids, part.suggestions) for ids, part in result_parts(chunks, replace(result, positions=()))]
    assert all(0 <= done <= total == len(doc) for done, total in progress)
    assert any(process.starts for process in checker.processes[1:])  # both processes worked
