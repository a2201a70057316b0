"""Reviewing tag proposals: open ones, groups, accept (one undo step) and remembered rejections."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core import project
from editor.core.document import Document
from editor.core.model import Segment
from editor.formats import read_document
from editor.paths import demo_transcript
from editor.plugin_api import TagProposal
from editor.plugin_host import tag_review
from editor.plugin_host.tagging import ProposedTag, run_tagging


def doc_of(count: int) -> Document:
    return Document([Segment(f"s{i}", f"line {i}") for i in range(count)])


def proposed(doc: Document, label: str, first: int, last: int, value: str = "", group: str = "", tool: str = "t") -> ProposedTag:
    p = TagProposal(label, f"s{first}", f"s{last}", 0.8, "why", value, group)
    return ProposedTag(p, tool, "plugin", first, last)


def test_accepting_an_ad_read_tags_it_in_one_undo_step_and_undo_reopens_it() -> None:
    doc = doc_of(10)
    ad = proposed(doc, "ad", 2, 5, value="Lintwise")
    assert tag_review.open_proposals(doc, [ad]) == [ad]
    assert tag_review.accept(doc, [ad]) == 1
    [tag] = doc.tags
    assert (tag.label, tag.first_segment_id, tag.last_segment_id, tag.title, tag.note) == ("ad", "s2", "s5", "Lintwise", "")
    assert tag_review.open_proposals(doc, [ad]) == []
    assert tag_review.accept(doc, [ad]) == 0  # nothing left to do
    doc.undo()
    assert doc.tags == () and tag_review.open_proposals(doc, [ad]) == [ad]
    doc.redo()
    assert len(doc.tags) == 1


def test_named_speaker_turns_are_accepted_together_creating_the_speaker_once() -> None:
    doc = doc_of(8)
    turns = [proposed(doc, "speaker", a, b, value="Anna", group="prefix:Anna") for a, b in ((0, 1), (4, 4), (6, 7))]
    [group] = tag_review.group_proposals(turns)
    assert group.count == 3 and group.value == "Anna" and not group.needs_speaker and group.title == "Speaker turn: Anna"
    revision = doc.history.index
    assert tag_review.accept(doc, group.items) == 3
    assert doc.history.index == revision + 1  # one undo step
    [anna] = doc.speakers
    assert [doc.segment_at(i).speaker_id for i in range(8)] == [anna.id, anna.id, None, None, anna.id, None, anna.id, anna.id]
    assert tag_review.open_proposals(doc, turns) == []


def test_an_unnamed_turn_needs_a_speaker_chosen_by_the_producer() -> None:
    doc = doc_of(6)
    guest = doc.add_speaker("Siobhan Nguyen")
    turns = [proposed(doc, "speaker", 1, 2, group="turn-after-question"), proposed(doc, "speaker", 4, 5, group="turn-after-question")]
    [group] = tag_review.group_proposals(turns)
    assert group.needs_speaker and group.title == "Speaker turn: turn after question"
    with pytest.raises(ValueError, match="choose the speaker"):
        tag_review.accept(doc, group.items)
    tag_review.accept(doc, group.items[:1], speaker_id=guest.id)  # this turn only
    assert doc.segment_at(1).speaker_id == doc.segment_at(2).speaker_id == guest.id
    assert tag_review.open_proposals(doc, turns) == [turns[1]]
    tag_review.accept(doc, tag_review.open_proposals(doc, turns), speaker_id=guest.id)  # every other turn of the pattern
    assert doc.segment_at(5).speaker_id == guest.id


def test_rejections_are_remembered_saved_and_undoable(tmp_path: Path) -> None:
    doc = doc_of(6)
    chapter = proposed(doc, "chapter", 3, 3, value="Scaling GPUs")
    other = proposed(doc, "chapter", 5, 5, value="Wrap-up")
    tag_review.reject(doc, [chapter])
    assert tag_review.open_proposals(doc, [chapter, other]) == [other]
    path = tmp_path / "p.galley.json"
    project.save_project(doc, path)
    again = project.load_project(path)
    assert tag_review.open_proposals(again, [chapter, other]) == [other]  # a new run will not resurrect it
    doc.undo()
    assert tag_review.open_proposals(doc, [chapter, other]) == [chapter, other]


def test_chapters_are_groups_of_their_own_and_a_chapter_tag_closes_its_proposal() -> None:
    doc = doc_of(6)
    chapters = [proposed(doc, "chapter", 0, 0, value="Introduction"), proposed(doc, "chapter", 3, 3, value="Tools")]
    groups = tag_review.group_proposals(chapters)
    assert [g.title for g in groups] == ["Chapter: Introduction", "Chapter: Tools"]
    doc.add_tag("chapter", "s3", title="Tooling")  # the producer marked it by hand
    assert tag_review.open_proposals(doc, chapters) == [chapters[0]]


def test_proposals_on_deleted_segments_are_dropped() -> None:
    doc = doc_of(5)
    ad = proposed(doc, "ad", 1, 2)
    doc.delete_segments(["s2"])
    assert tag_review.open_proposals(doc, [ad]) == []


def test_demo_ad_reads_accepted_from_the_real_tools() -> None:
    doc = read_document(demo_transcript())
    report = run_tagging(doc)
    ads = [g for g in tag_review.group_proposals(tag_review.open_proposals(doc, report.proposals)) if g.label == "ad"]
    assert sum(g.count for g in ads) == 3
    for group in ads:
        tag_review.accept(doc, group.items)
    lines = [(doc.segment(t.first_segment_id).source_line, doc.segment(t.last_segment_id).source_line) for t in doc.tags if t.label == "ad"]
    assert lines == [  # the answer key's lines
        (5, 7),
        (130, 143),
        (304, 304),
    ]
    assert {t.title for t in doc.tags if t.label == "ad"} == {"Lintwise"}


def test_a_name_for_an_asr_speaker_id_renames_that_speaker() -> None:
    doc = doc_of(4)
    asr = doc.add_speaker("SPEAKER_01")
    doc.set_speaker(["s1", "s2", "s3"], asr.id)
    turns = [proposed(doc, "speaker", 1, 2, value="Siobhan", group="speaker-id:SPEAKER_01"), proposed(doc, "speaker", 3, 3, value="Siobhan", group="speaker-id:SPEAKER_01")]
    assert tag_review.accept(doc, turns) == 2
    assert [s.name for s in doc.speakers] == ["Siobhan"]  # renamed, not a second speaker
    assert doc.segment("s3").speaker_id == asr.id
    assert tag_review.open_proposals(doc, turns) == []
