"""Findings outside undo, and review decisions that are undoable and remembered."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core import review
from editor.core.document import Document
from editor.core.model import Annotation, Position, Segment
from editor.core.project import load_project, save_project
from tests.core.undo_helpers import assert_undoable


def finding(segment_id: str, start: int, text: str, replacement: str, tool: str = "soundalike") -> Annotation:
    return Annotation("", segment_id, start, start + len(text), "sound-alike", text, f"{text}?", (replacement,), 0.8, tool=tool)


@pytest.fixture
def doc() -> Document:
    document = Document(
        [
            Segment("s1", "we run pie torch daily"),
            Segment("s2", "pie torch is great"),
            Segment("s3", "I love pie torch and cube con"),
        ]
    )
    document.set_findings(
        "soundalike",
        None,
        [
            finding("s1", 7, "pie torch", "PyTorch"),
            finding("s2", 0, "pie torch", "PyTorch"),
            finding("s3", 7, "pie torch", "PyTorch"),
            finding("s3", 21, "cube con", "KubeCon"),
        ],
    )
    return document


def visible(doc: Document) -> list[tuple[str, str]]:
    return [(f.segment_id, f.text) for f in review.visible_findings(doc)]


def test_findings_are_not_undo_steps(doc: Document) -> None:
    assert len(doc.findings) == 4
    assert not doc.history.can_undo() and not doc.modified


def test_stale_findings_are_refused(doc: Document) -> None:
    stored = doc.set_findings("spelling", None, [Annotation("", "s1", 0, 2, "spelling", "XX")])
    assert stored == 0


def test_recheck_replaces_only_that_tools_findings_in_scope(doc: Document) -> None:
    doc.set_findings("soundalike", ["s3"], [finding("s3", 21, "cube con", "KubeCon")])
    assert visible(doc) == [("s1", "pie torch"), ("s2", "pie torch"), ("s3", "cube con")]
    doc.set_findings("spelling", None, [Annotation("", "s2", 13, 18, "spelling", "great")])
    assert len(doc.findings) == 4


def test_groups_count_occurrences(doc: Document) -> None:
    groups = review.group_findings(review.visible_findings(doc))
    assert [(g.text, g.replacement, g.count) for g in groups] == [("pie torch", "PyTorch", 3), ("cube con", "KubeCon", 1)]


def test_accept_all_is_one_step_and_undo_brings_findings_back(doc: Document) -> None:
    group = review.group_findings(review.visible_findings(doc))[0]
    applied = assert_undoable(doc, lambda d: review.accept_group(d, group))
    assert applied == 3
    assert [s.text for s in doc.segments] == ["we run PyTorch daily", "PyTorch is great", "I love PyTorch and cube con"]
    assert visible(doc) == [("s3", "cube con")]
    assert doc.replacement_memory() == {"pie torch": "PyTorch"}
    assert sum(a.status.value == "accepted" for a in doc.annotations) == 3
    doc.undo()
    assert visible(doc) == [("s1", "pie torch"), ("s2", "pie torch"), ("s3", "pie torch"), ("s3", "cube con")]


def test_accept_one_with_another_replacement(doc: Document) -> None:
    first = review.visible_findings(doc)[0]
    assert_undoable(doc, lambda d: review.accept(d, first.id, "Torch"))
    assert doc.segment("s1").text == "we run Torch daily"


def test_findings_follow_edits_and_come_back_on_undo(doc: Document) -> None:
    doc.replace_range(Position("s3", 0), Position("s3", 1), "You")
    assert [(f.start, f.text) for f in doc.findings.of_segment("s3")] == [(9, "pie torch"), (23, "cube con")]
    doc.replace_range(Position("s3", 9), Position("s3", 12), "big")  # edits inside "pie torch"
    assert [f.text for f in doc.findings.of_segment("s3")] == ["cube con"]
    doc.undo()
    assert [f.text for f in doc.findings.of_segment("s3")] == ["pie torch", "cube con"]
    doc.undo()
    assert [(f.start, f.text) for f in doc.findings.of_segment("s3")] == [(7, "pie torch"), (21, "cube con")]


def test_deleted_segment_findings_return_with_undo(doc: Document) -> None:
    doc.delete_segments(["s2"])
    assert visible(doc) == [("s1", "pie torch"), ("s3", "pie torch"), ("s3", "cube con")]
    doc.undo()
    assert ("s2", "pie torch") in visible(doc)


def test_reject_one_hides_it_even_after_a_recheck(doc: Document) -> None:
    target = review.visible_findings(doc)[1]
    assert_undoable(doc, lambda d: review.reject(d, target.id))
    assert ("s2", "pie torch") not in visible(doc)
    doc.set_findings("soundalike", None, [finding("s2", 0, "pie torch", "PyTorch"), finding("s1", 7, "pie torch", "PyTorch")])
    assert visible(doc) == [("s1", "pie torch")]


def test_reject_group_and_ignore_everywhere_survive_rechecks(doc: Document) -> None:
    group = review.group_findings(review.visible_findings(doc))[0]
    assert_undoable(doc, lambda d: review.reject_group(d, group))
    assert visible(doc) == [("s3", "cube con")]
    assert_undoable(doc, lambda d: review.ignore_everywhere(d, "Cube Con"))
    assert visible(doc) == []
    # another tool flagging the ignored text is hidden too
    doc.set_findings("spelling", None, [Annotation("", "s3", 21, 29, "spelling", "cube con")])
    assert visible(doc) == []


def test_dictionary_and_glossary_hide_words(doc: Document) -> None:
    assert [f.text for f in review.visible_findings(doc, dictionary={"CUBE CON"})] == ["pie torch"] * 3
    assert_undoable(doc, lambda d: review.add_to_glossary(d, "KubeCon"))
    assert "KubeCon" in doc.glossary.terms


def test_memory_first() -> None:
    assert review.memory_first(("Pie Torch", "PyTorch"), "pie torch", {"Pie torch": "PyTorch"}) == ("PyTorch", "Pie Torch")
    assert review.memory_first(("a",), "x", {}) == ("a",)


def test_decisions_and_findings_persist_in_the_project(doc: Document, tmp_path: Path) -> None:
    group = review.group_findings(review.visible_findings(doc))[1]
    review.reject_group(doc, group)
    review.reject(doc, review.visible_findings(doc)[0].id)
    path = tmp_path / "p.galley.json"
    save_project(doc, path)
    loaded = load_project(path)
    assert visible(loaded) == visible(doc) == [("s2", "pie torch"), ("s3", "pie torch")]
    assert loaded.state() == doc.state()


def test_same_fix_from_two_tools_is_shown_once_and_rejected_once(doc: Document) -> None:
    doc.set_findings("consistency", None, [Annotation("", "s3", 21, 29, "consistency", "cube con", "?", ("KubeCon",), 0.95, tool="consistency")])
    shown = [f for f in review.visible_findings(doc) if f.text == "cube con"]
    assert [f.tool for f in shown] == ["consistency"]  # the more confident one
    review.reject(doc, shown[0].id)
    assert not [f for f in review.visible_findings(doc) if f.text == "cube con"]


def test_a_finding_inside_a_surer_wider_one_waits_for_it(doc: Document) -> None:
    doc.set_findings("spelling", None, [Annotation("", "s3", 26, 29, "spelling", "con", "?", ("cons",), 0.5, tool="spelling")])
    assert [f.text for f in review.visible_findings(doc) if f.segment_id == "s3"] == ["pie torch", "cube con"]
    group = next(g for g in review.group_findings(review.visible_findings(doc)) if g.text == "cube con")
    review.reject_group(doc, group)
    assert [f.text for f in review.visible_findings(doc) if f.segment_id == "s3"] == ["pie torch", "con"]
