"""Every Document command: its effect, and an exact undo/redo round trip (twice)."""

from __future__ import annotations

import pytest

from editor.core.document import Document
from editor.core.model import (
    Annotation,
    AnnotationStatus,
    Decision,
    DecisionAction,
    Glossary,
    Position,
    Replacement,
    Segment,
    Speaker,
)
from tests.core.undo_helpers import assert_undoable


@pytest.fixture
def doc() -> Document:
    speakers = [Speaker("sp1", "Maya", "#111111"), Speaker("sp2", "Siobhan", "#222222")]
    segments = [
        Segment("s1", "welcome to the build log", "sp1", 0.0, 2.0, original="welcome to the build log"),
        Segment("s2", "my guest is shivon win", "sp1", 2.0, 4.0),
        Segment("s3", "thanks for having me", "sp2", 4.0, 5.0),
        Segment("s4", "we run pie torch on cooper netties", "sp2", 5.0, 8.0),
        Segment("s5", "pie torch is great", "sp2", 8.0, 9.0),
    ]
    document = Document(segments, speakers)
    document.add_annotations(
        [
            Annotation("a1", "s2", 12, 22, "sound-alike", "shivon win", replacements=("Siobhan Nguyen",)),
            Annotation("a2", "s4", 7, 16, "sound-alike", "pie torch", replacements=("PyTorch",)),
            Annotation("a3", "s5", 0, 9, "sound-alike", "pie torch", replacements=("PyTorch",)),
        ]
    )
    document.mark_saved()
    return document


def texts(doc: Document) -> list[str]:
    return [s.text for s in doc.segments]


def test_edit_text_in_one_segment(doc: Document) -> None:
    assert_undoable(doc, lambda d: d.replace_range(Position("s1", 0), Position("s1", 7), "Welcome"))
    assert doc.segment("s1").text == "Welcome to the build log"


def test_edit_shifts_later_anchor_and_keeps_earlier(doc: Document) -> None:
    doc.replace_range(Position("s4", 0), Position("s4", 2), "Today we")
    a2 = doc.annotation("a2")
    assert doc.segment("s4").text[a2.start : a2.end] == "pie torch"
    assert a2.start == 13


def test_edit_inside_anchor_drops_it_and_undo_restores_it(doc: Document) -> None:
    assert_undoable(doc, lambda d: d.replace_range(Position("s4", 8), Position("s4", 9), "y"))
    doc.replace_range(Position("s4", 8), Position("s4", 9), "y")
    assert "a2" not in {a.id for a in doc.annotations}
    doc.undo()
    assert doc.annotation("a2").text == "pie torch"


def test_typing_glued_to_a_finding_drops_it(doc: Document) -> None:
    # "pie torch" + "es" makes another word: the finding no longer describes the text.
    doc.replace_range(Position("s5", 9), Position("s5", 9), "es")
    assert "a3" not in {a.id for a in doc.annotations}


def test_typing_after_a_space_keeps_the_finding(doc: Document) -> None:
    doc.replace_range(Position("s5", 10), Position("s5", 10), "really ")
    assert doc.annotation("a3").start == 0


def test_split_segment_with_newline(doc: Document) -> None:
    new_id = assert_undoable(doc, lambda d: d.split_segment("s4", 16))
    assert texts(doc)[3:5] == ["we run pie torch", " on cooper netties"]
    second = doc.segment(str(new_id))
    assert second.speaker_id == "sp2"
    first = doc.segment("s4")
    assert first.end == second.start and 5.0 < first.end < 8.0
    assert second.end == 8.0
    assert doc.annotation("a2").segment_id == "s4"


def test_split_moves_anchors_to_the_new_segment(doc: Document) -> None:
    new_id = doc.split_segment("s4", 3)
    a2 = doc.annotation("a2")
    assert a2.segment_id == new_id
    assert doc.segment(new_id).text[a2.start : a2.end] == "pie torch"


def test_enter_at_line_start_inserts_empty_line_before(doc: Document) -> None:
    doc.replace_range(Position("s3", 0), Position("s3", 0), "\n")
    index = doc.index_of("s3")
    assert doc.segment_at(index - 1).text == ""
    assert doc.segment("s3").text == "thanks for having me"


def test_multiline_paste_splits_into_segments(doc: Document) -> None:
    caret = assert_undoable(doc, lambda d: d.replace_range(Position("s3", 6), Position("s3", 6), " a\nb\nc"))
    assert texts(doc)[2:5] == ["thanks a", "b", "c for having me"]
    assert caret == Position(doc.segment_at(4).id, 1)


def test_range_across_segments_merges_them(doc: Document) -> None:
    assert_undoable(doc, lambda d: d.replace_range(Position("s2", 6), Position("s4", 3), ""))
    assert texts(doc)[1] == "my guerun pie torch on cooper netties"
    assert not doc.has_segment("s3") and not doc.has_segment("s4")
    a2 = doc.annotation("a2")
    assert (a2.segment_id, doc.segment("s2").text[a2.start : a2.end]) == ("s2", "pie torch")
    assert doc.segment("s2").end == 8.0


def test_qt_paragraph_separator_splits_like_newline(doc: Document) -> None:
    doc.replace_range(Position("s1", 7), Position("s1", 7), "\u2029")
    assert texts(doc)[:2] == ["welcome", " to the build log"]


def test_offsets_out_of_range_are_refused(doc: Document) -> None:
    before = doc.state(), doc.history.index
    with pytest.raises(ValueError):
        doc.replace_range(Position("s1", 0), Position("s1", 999), "x")
    assert (doc.state(), doc.history.index) == before


def test_merge_with_next_joins_with_a_space(doc: Document) -> None:
    assert_undoable(doc, lambda d: d.merge_with_next("s4"))
    assert doc.segment("s4").text == "we run pie torch on cooper netties pie torch is great"
    a3 = doc.annotation("a3")
    assert a3.segment_id == "s4" and doc.segment("s4").text[a3.start : a3.end] == "pie torch"


def test_insert_and_delete_segments(doc: Document) -> None:
    new_id = assert_undoable(doc, lambda d: d.insert_segment(2, "[music]"))
    assert doc.index_of(str(new_id)) == 2
    assert_undoable(doc, lambda d: d.delete_segments(["s4", "s5"]))
    assert texts(doc)[-1] == "thanks for having me"
    assert {a.id for a in doc.annotations} == {"a1"}


def test_delete_shrinks_a_tag_and_removes_an_emptied_one(doc: Document) -> None:
    tag = doc.add_tag("ad", "s3", "s5")
    solo = doc.add_tag("quote", "s4")
    assert_undoable(doc, lambda d: d.delete_segments(["s3", "s4"]))
    assert doc.tag(tag.id).first_segment_id == "s5"
    assert solo.id not in {t.id for t in doc.tags}


def test_merge_retargets_tag_end(doc: Document) -> None:
    tag = doc.add_tag("ad", "s1", "s2")
    doc.merge_with_next("s1")
    assert doc.tag(tag.id).last_segment_id == "s1"


def test_set_speaker(doc: Document) -> None:
    assert_undoable(doc, lambda d: d.set_speaker(["s3", "s4"], "sp1"))
    assert [s.speaker_id for s in doc.segments] == ["sp1", "sp1", "sp1", "sp1", "sp2"]


def test_rename_speaker_is_one_step(doc: Document) -> None:
    assert_undoable(doc, lambda d: d.rename_speaker("sp2", "Siobhan Nguyen"))
    assert doc.speaker("sp2").name == "Siobhan Nguyen"


def test_merge_speakers(doc: Document) -> None:
    assert_undoable(doc, lambda d: d.merge_speakers("sp2", "sp1"))
    assert {s.speaker_id for s in doc.segments} == {"sp1"}
    assert [s.id for s in doc.speakers] == ["sp1"]


def test_add_and_remove_speaker(doc: Document) -> None:
    speaker = assert_undoable(doc, lambda d: d.add_speaker("Aoife"))
    assert doc.speaker(speaker.id).color.startswith("#")
    assert_undoable(doc, lambda d: d.remove_speaker("sp1"))
    assert doc.segment("s1").speaker_id is None


def test_change_speaker_colour(doc: Document) -> None:
    assert_undoable(doc, lambda d: d.set_speaker_color("sp1", "#abcdef"))


def test_add_annotation_rejects_stale_anchor(doc: Document) -> None:
    added = doc.add_annotations([Annotation("", "s3", 0, 6, "spelling", "THANKS")])
    assert added == []
    added = assert_undoable(doc, lambda d: d.add_annotations([Annotation("", "s3", 0, 6, "spelling", "thanks")]))
    assert added[0].id.startswith("a")


def test_resolve_and_remove_annotation(doc: Document) -> None:
    assert_undoable(doc, lambda d: d.resolve_annotation("a1", AnnotationStatus.REJECTED))
    assert doc.annotation("a1").status is AnnotationStatus.REJECTED
    assert_undoable(doc, lambda d: d.remove_annotations(["a1"]))


def test_accept_all_is_one_step_with_its_decision(doc: Document) -> None:
    replacements = [
        Replacement(a.segment_id, a.start, a.end, "PyTorch", "pie torch", a.id)
        for a in doc.annotations
        if a.text == "pie torch"
    ]
    decision = Decision("d1", DecisionAction.ACCEPT, "pie torch", "PyTorch", tool="soundalike")
    count = assert_undoable(doc, lambda d: d.apply_replacements(replacements, "Accept all", decision))
    assert count == 2
    assert doc.segment("s4").text == "we run PyTorch on cooper netties"
    assert doc.segment("s5").text == "PyTorch is great"
    a2 = doc.annotation("a2")
    assert a2.status is AnnotationStatus.ACCEPTED and doc.segment("s4").text[a2.start : a2.end] == "PyTorch"
    assert doc.replacement_memory() == {"pie torch": "PyTorch"}


def test_replacements_skip_stale_and_overlapping(doc: Document) -> None:
    replacements = [
        Replacement("s4", 7, 16, "PyTorch", "pie torch"),
        Replacement("s4", 11, 16, "X", "torch"),  # overlaps the first
        Replacement("s3", 0, 6, "Thanks", "THANKS"),  # stale
        Replacement("s4", 20, 34, "Kubernetes", "cooper netties"),
    ]
    assert doc.apply_replacements(replacements) == 2
    assert doc.segment("s4").text == "we run PyTorch on Kubernetes"
    assert doc.segment("s3").text == "thanks for having me"


def test_several_replacements_in_one_segment_keep_anchors_right(doc: Document) -> None:
    doc.add_annotations([Annotation("a9", "s4", 20, 34, "sound-alike", "cooper netties")])
    replacements = [
        Replacement("s4", 7, 16, "PyTorch", "pie torch", "a2"),
        Replacement("s4", 20, 34, "Kubernetes", "cooper netties", "a9"),
    ]
    doc.apply_replacements(replacements)
    text = doc.segment("s4").text
    for ident, expected in (("a2", "PyTorch"), ("a9", "Kubernetes")):
        a = doc.annotation(ident)
        assert text[a.start : a.end] == expected


def test_tags_add_update_remove(doc: Document) -> None:
    tag = assert_undoable(doc, lambda d: d.add_tag("chapter", "s3", title="Training at scale"))
    assert doc.tags_of("s3") == (tag,)
    from dataclasses import replace

    assert_undoable(doc, lambda d: d.update_tag(replace(tag, last_segment_id="s5")))
    assert doc.tags_of("s5")[0].id == tag.id
    assert_undoable(doc, lambda d: d.remove_tag(tag.id))


def test_glossary_decisions_metadata_plugin_data(doc: Document) -> None:
    assert_undoable(doc, lambda d: d.set_glossary(Glossary(("PyTorch",), (("pie torch", "PyTorch"),))))
    decision = assert_undoable(doc, lambda d: d.add_decision(Decision("", DecisionAction.REJECT, "cube")))
    assert_undoable(doc, lambda d: d.remove_decision(decision.id))
    assert_undoable(doc, lambda d: d.set_metadata(title="Episode 12"))
    assert_undoable(doc, lambda d: d.set_plugin_data("speakers", {"model": 1}))
    assert_undoable(doc, lambda d: d.set_segment_times("s1", 0.5, 1.5))


def test_batch_is_one_step_and_rolls_back_on_error(doc: Document) -> None:
    def several(d: Document) -> None:
        with d.batch("Tidy"):
            d.set_speaker(["s1"], "sp2")
            d.rename_speaker("sp2", "Guest")
            d.split_segment("s1", 7)

    assert_undoable(doc, several)
    before = doc.state()
    with pytest.raises(KeyError):
        with doc.batch("Broken"):
            doc.rename_speaker("sp1", "Host")
            doc.set_speaker(["s1"], "nobody")
    assert doc.state() == before


def test_modified_is_exact(doc: Document) -> None:
    assert not doc.modified
    doc.set_metadata(title="x")
    assert doc.modified
    doc.undo()
    assert not doc.modified
    doc.redo()
    doc.mark_saved()
    doc.undo()
    assert doc.modified
    doc.set_metadata(title="y")  # the saved state can no longer be reached
    assert doc.modified
    doc.undo()
    assert doc.modified


def test_typing_merges_per_word(doc: Document) -> None:
    caret = Position("s3", 20)
    for char in " so much":
        caret = doc.replace_range(caret, caret, char, typing=True)
    assert doc.segment("s3").text == "thanks for having me so much"
    assert doc.history.index == 1 + 2  # the fixture's findings, then " so" and " much"
    doc.undo()
    assert doc.segment("s3").text == "thanks for having me so"
    doc.undo()
    assert doc.segment("s3").text == "thanks for having me"
    assert not doc.modified


def test_typing_does_not_merge_across_a_save(doc: Document) -> None:
    caret = doc.replace_range(Position("s3", 20), Position("s3", 20), "!", typing=True)
    doc.mark_saved()
    doc.replace_range(caret, caret, "!", typing=True)
    doc.undo()
    assert not doc.modified


def test_observers_get_touched_segments(doc: Document) -> None:
    changes = []
    unsubscribe = doc.subscribe(changes.append)
    doc.split_segment("s2", 6)
    doc.rename_speaker("sp2", "Guest")
    doc.undo()
    unsubscribe()
    doc.redo()
    assert [c.reason for c in changes] == ["do", "do", "undo"]
    assert changes[0].structure and "s2" in changes[0].segment_ids
    assert changes[1].speakers and changes[1].segment_ids == {"s3", "s4", "s5"}
    assert changes[2].revision > changes[1].revision


def test_ids_are_never_reused(doc: Document) -> None:
    first = doc.insert_segment(0, "a")
    doc.undo()
    second = doc.insert_segment(0, "b")
    assert first != second
