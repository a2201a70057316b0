"""Tools out of process: crashes, native faults, a held interpreter lock and hangs are
contained in the child; results, progress and cancellation work as in a thread."""

from __future__ import annotations

import os
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from editor.core.document import Document
from editor.core.model import Position, Segment
from editor.plugin_api import EmptyLexicon
from editor.plugin_host.check import Checker
from editor.plugin_host.isolation import ToolProcess, wants_process
from editor.plugin_host.manifest import ManifestError, parse_manifest
from editor.plugin_host.registry import PluginRegistry, PluginState, ToolHandle

DATA = Path(__file__).resolve().parents[1] / "data"
ISOLATED = DATA / "plugins_isolated"


@pytest.fixture
def process() -> Iterator[ToolProcess]:
    tool_process = ToolProcess(grace=0.5)
    yield tool_process
    tool_process.close()


@pytest.fixture
def doc() -> Document:
    return Document([Segment("s1", "teh cat sat on teh mat"), Segment("s2", "and teh dog")])


def checker_for(registry: PluginRegistry, process: ToolProcess) -> Checker:
    checker = Checker(registry, lexicon_loader=EmptyLexicon)
    checker.processes = [process]
    return checker


def handle(registry: PluginRegistry, tool_id: str) -> ToolHandle:
    return next(ToolHandle(r, t) for r in registry.records if r.manifest for t in r.manifest.tools if t.id == tool_id)


def run(checker: Checker, doc: Document, tool_id: str, **options):  # noqa: ANN003, ANN201
    job = checker.prepare(doc, [handle(checker.registry, tool_id)])
    [result] = checker.run(job, **options)
    return result


def test_third_party_tools_run_in_a_child_by_default(process: ToolProcess, doc: Document) -> None:
    registry = PluginRegistry(None, ISOLATED, entry_points=False)  # the per-user folder
    tool = handle(registry, "flags")
    assert tool.spec.isolation == "" and tool.record.source == "user" and wants_process(tool)
    seen: list[tuple[int, int]] = []
    result = run(checker_for(registry, process), doc, "flags", progress=lambda done, total: seen.append((done, total)))
    assert result.error == ""
    assert [(s.segment_id, s.start, s.end, s.replacements) for s in result.suggestions] == [
        ("s1", 0, 3, ("the",)),
        ("s1", 15, 18, ("the",)),
        ("s2", 4, 7, ("the",)),
    ]
    pids = {s.message for s in result.suggestions}
    assert pids and pids != {f"pid {os.getpid()}"}  # it ran elsewhere
    assert seen and seen[-1] == (2, 2)  # progress crossed back
    assert tool.record.state == PluginState.ACTIVE


def test_builtin_tools_stay_in_process_unless_asked(process: ToolProcess, doc: Document) -> None:
    registry = PluginRegistry(ISOLATED, None, entry_points=False)  # as if built in
    checker = checker_for(registry, process)
    assert not wants_process(handle(registry, "flags"))
    assert run(checker, doc, "flags").suggestions[0].message == f"pid {os.getpid()}"
    moved = run(checker, doc, "flags", out_of_process=True).suggestions[0].message
    assert moved != f"pid {os.getpid()}"


@pytest.mark.parametrize(
    ("tool_id", "reason"),
    [("crashes", "exit status 7"), ("segfaults", "killed by SIGSEGV")],
)
def test_a_tool_that_kills_its_interpreter_is_reported_and_the_next_runs(
    process: ToolProcess, doc: Document, tool_id: str, reason: str
) -> None:
    registry = PluginRegistry(ISOLATED, None, entry_points=False)
    checker = checker_for(registry, process)
    assert wants_process(handle(registry, tool_id))  # its manifest says isolation = "process"
    result = run(checker, doc, tool_id)
    assert result.error == f"fixture.iso_{tool_id}:{tool_id} crashed the tool process ({reason})"
    assert handle(registry, tool_id).record.state == PluginState.ERROR
    assert doc.segment("s1").text == "teh cat sat on teh mat"
    starts = process.starts
    after = run(checker, doc, "flags", out_of_process=True)
    assert after.error == "" and len(after.suggestions) == 3
    assert process.starts == starts + 1


def test_a_tool_holding_the_interpreter_lock_is_killed_after_its_budget(process: ToolProcess, doc: Document) -> None:
    registry = PluginRegistry(ISOLATED, None, entry_points=False)
    checker = checker_for(registry, process)
    started = time.perf_counter()
    result = run(checker, doc, "locks")
    assert time.perf_counter() - started < 0.5 + 0.5 + 3  # budget + grace + start-up
    assert result.cancelled and result.error == "fixture.iso_locks:locks did not finish within 0.5 s and was stopped"
    assert handle(registry, "locks").record.state == PluginState.ERROR
    assert run(checker, doc, "flags", out_of_process=True).error == ""


def test_a_hanging_python_tool_is_stopped_and_its_child_replaced(process: ToolProcess, doc: Document) -> None:
    registry = PluginRegistry(DATA / "plugins", None, entry_points=False)
    checker = checker_for(registry, process)
    result = run(checker, doc, "hangs", out_of_process=True)
    assert result.cancelled and "did not finish within 1 s" in result.error
    starts = process.starts
    assert run(checker, doc, "good", out_of_process=True).error == ""
    assert process.starts == starts + 1  # the child with the runaway thread was ended


def test_errors_and_malformed_output_come_back_as_in_a_thread(process: ToolProcess, doc: Document) -> None:
    registry = PluginRegistry(DATA / "plugins", None, entry_points=False)
    checker = checker_for(registry, process)
    raised = run(checker, doc, "raises", out_of_process=True)
    assert raised.error == "fixture.raises:raises failed: RuntimeError: boom in check"
    assert handle(registry, "raises").record.state == PluginState.ERROR
    garbage = run(checker, doc, "garbage", out_of_process=True)
    threaded = run(Checker(PluginRegistry(DATA / "plugins", None, entry_points=False), lexicon_loader=EmptyLexicon), doc, "garbage")
    assert garbage.error == threaded.error and garbage.dropped == threaded.dropped > 0
    assert garbage.suggestions == threaded.suggestions


def test_cancelling_stops_an_isolated_tool(process: ToolProcess, doc: Document) -> None:
    registry = PluginRegistry(ISOLATED, None, entry_points=False)
    asked = time.monotonic() + 0.3
    result = run(checker_for(registry, process), doc, "waits", is_cancelled=lambda: time.monotonic() > asked)
    assert result.cancelled and result.error == ""
    assert time.monotonic() - asked < 2
    assert handle(registry, "waits").record.state != PluginState.ERROR


def test_segments_are_sent_only_when_they_changed(process: ToolProcess, doc: Document) -> None:
    registry = PluginRegistry(DATA / "plugins", None, entry_points=False)
    checker = checker_for(registry, process)
    tool = [handle(registry, "good")]
    first = checker.run(checker.prepare(doc, tool), out_of_process=True)[0]
    again = checker.run(checker.prepare(doc, tool), out_of_process=True)[0]  # e.g. tagging after a check
    assert first.suggestions == again.suggestions and len(first.suggestions) == 3
    assert process.sends == 1
    doc.replace_range(Position("s2", 0), Position("s2", 3), "but")
    changed = checker.run(checker.prepare(doc, tool), out_of_process=True)[0]
    assert process.sends == 2
    assert [(s.segment_id, s.start) for s in changed.suggestions] == [("s1", 0), ("s1", 15), ("s2", 4)]
    speaker = doc.add_speaker("Anna")
    doc.set_speaker(["s1"], speaker.id)  # a new speaker name is news to the tools too
    checker.run(checker.prepare(doc, tool), out_of_process=True)
    assert process.sends == 3


def test_only_the_segments_that_changed_are_sent_again(process: ToolProcess) -> None:
    """Between two checks an edit sends the stretch it changed; the child's segments (their
    positions too) are then exactly the document's, after edits, splits and deletions."""
    registry = PluginRegistry(DATA / "plugins_positions", None, entry_points=False)
    checker = checker_for(registry, process)
    doc = Document([Segment(f"s{i}", f"line {i}") for i in range(1, 3001)])  # more than a chunk
    tool = [handle(registry, "positions")]

    def seen() -> list[str]:
        [result] = checker.run(checker.prepare(doc, tool))
        assert result.error == ""
        return [s.message for s in result.suggestions]

    def expected() -> list[str]:
        names = {s.id: s.name for s in doc.speakers}
        return [f"{i}|{names.get(s.speaker_id) if s.speaker_id else None}|{s.text}" for i, s in enumerate(doc.segments)]

    assert seen() == expected() and process.sent == 3000
    doc.replace_range(Position("s1500", 0), Position("s1500", 4), "row")
    assert seen() == expected() and process.sent == 3001
    doc.split_segment("s10", 2)  # every later segment moves one place on
    assert seen() == expected() and process.sent == 3003
    doc.delete_segments(["s2990", "s2991"])
    assert seen() == expected() and process.sent == 3003
    assert seen() == expected() and process.sent == 3003  # nothing changed: nothing sent
    speaker = doc.add_speaker("Anna")
    doc.set_speaker(["s5"], speaker.id)
    assert seen() == expected() and process.sent == 3003 + len(doc)  # names are in every segment


def test_isolation_in_the_manifest_is_checked() -> None:
    text = 'id = "p"\nname = "P"\nversion = "1"\napi = ["1"]\n[[tools]]\nid = "t"\nname = "T"\ntype = "correction"\npython_name = "m:C"\n'
    def isolation(extra: str) -> str:
        return parse_manifest(tomllib.loads(text + extra), Path("plugin.toml")).tools[0].isolation

    assert isolation('isolation = "process"\n') == "process"
    assert isolation("") == ""
    with pytest.raises(ManifestError, match="isolation: expected 'thread' or 'process'"):
        isolation('isolation = "container"\n')
