"""Find and replace over a Document: matching rules, speaker names, one undo step."""

from __future__ import annotations

import random

import pytest

from editor.core.document import Document
from editor.core.model import Segment, Speaker
from editor.core.search import Match, SearchQuery, find_all, find_speakers, replace_all, replace_one
from tests.core.undo_helpers import assert_undoable


@pytest.fixture
def doc() -> Document:
    return Document(
        [
            Segment("s1", "The pie torch job, then the other pie torch job", "sp1"),
            Segment("s2", "the end", "sp2"),
            Segment("s3", "", "sp2"),
            Segment("s4", "Maya said: ask Maya's team about C++ and c++", "sp1"),
        ],
        [Speaker("sp1", "Maya Okafor", "#3b6ea5"), Speaker("sp2", "Shivon Win", "#c8611a")],
    )


def spans(doc: Document, matches: list[Match]) -> list[tuple[str, str]]:
    return [(m.segment_id, doc.segment(m.segment_id).text[m.start : m.end]) for m in matches]


def test_plain_search_ignores_case_and_keeps_document_order(doc: Document) -> None:
    matches = find_all(doc, SearchQuery("the"))
    assert spans(doc, matches) == [("s1", "The"), ("s1", "the"), ("s1", "the"), ("s1", "the"), ("s2", "the")]
    assert matches[0] == Match("s1", 0, 3)
    assert [m.start for m in matches[:4]] == [0, 19, 24, 29]  # "then", "the", "other" too


def test_case_sensitive_and_whole_word(doc: Document) -> None:
    assert spans(doc, find_all(doc, SearchQuery("the", case_sensitive=True, whole_word=True))) == [("s1", "the"), ("s2", "the")]
    assert spans(doc, find_all(doc, SearchQuery("the", whole_word=True))) == [("s1", "The"), ("s1", "the"), ("s2", "the")]
    # Punctuation at the edges of the pattern: whole word still means "no word character around".
    assert spans(doc, find_all(doc, SearchQuery("C++", whole_word=True))) == [("s4", "C++"), ("s4", "c++")]
    assert spans(doc, find_all(doc, SearchQuery("Maya", whole_word=True, case_sensitive=True))) == [("s4", "Maya"), ("s4", "Maya")]


def test_literal_text_is_not_a_regex(doc: Document) -> None:
    assert spans(doc, find_all(doc, SearchQuery("C++"))) == [("s4", "C++"), ("s4", "c++")]
    assert find_all(doc, SearchQuery("pie.torch")) == []
    assert find_all(doc, SearchQuery("")) == []


def test_regex_with_groups_and_inline_flags(doc: Document) -> None:
    assert spans(doc, find_all(doc, SearchQuery(r"pie (torch)", regex=True))) == [("s1", "pie torch")] * 2
    assert spans(doc, find_all(doc, SearchQuery(r"(?-i:The)\b", regex=True))) == [("s1", "The")]
    assert spans(doc, find_all(doc, SearchQuery(r"(?s)th.", regex=True, whole_word=True, case_sensitive=True))) == [("s1", "the"), ("s2", "the")]
    assert spans(doc, find_all(doc, SearchQuery(r"^the", regex=True))) == [("s1", "The"), ("s2", "the")]


def test_a_match_never_spans_segments(doc: Document) -> None:
    # "\s+" would run from the end of one segment over the line break in a joined text.
    whitespace = find_all(doc, SearchQuery(r"job\s*", regex=True))
    assert spans(doc, whitespace) == [("s1", "job"), ("s1", "job")]
    assert all(m.end > m.start for m in find_all(doc, SearchQuery(r"x*", regex=True)))  # empty ones left out
    assert spans(doc, find_all(doc, SearchQuery(r"end$", regex=True))) == [("s2", "end")]


def test_bad_regex_raises_a_clear_value_error(doc: Document) -> None:
    with pytest.raises(ValueError, match=r"Invalid regular expression: missing \), unterminated subpattern at position 1"):
        SearchQuery("(pie", regex=True).compile()
    with pytest.raises(ValueError, match="Invalid regular expression"):
        find_all(doc, SearchQuery("[a-", regex=True))
    assert SearchQuery("(pie").compile().pattern == r"\(pie"  # literal mode never fails


def test_search_in_chosen_segments_only(doc: Document) -> None:
    assert spans(doc, find_all(doc, SearchQuery("the"), ["s2", "gone"])) == [("s2", "the")]


def test_speaker_names(doc: Document) -> None:
    assert find_speakers(doc, SearchQuery("win")) == ["sp2"]
    assert find_speakers(doc, SearchQuery("o", whole_word=True)) == []
    assert find_speakers(doc, SearchQuery("maya", in_speakers=False)) == []


def test_replace_all_is_one_undo_step_with_regex_groups(doc: Document) -> None:
    count = assert_undoable(doc, lambda d: replace_all(d, SearchQuery(r"pie (?P<rest>torch)", regex=True), r"Py\g<rest>"))
    assert count == 2
    assert doc.segment("s1").text == "The Pytorch job, then the other Pytorch job"
    doc.undo()
    assert replace_all(doc, SearchQuery(r"(\w+) (torch)", regex=True), r"\2 \1") == 2
    assert doc.segment("s1").text == "The torch pie job, then the other torch pie job"
    assert doc.history.undo_label() == "Replace all"


def test_replace_all_renames_speakers_in_the_same_step(doc: Document) -> None:
    query = SearchQuery("Shivon Win", whole_word=True)
    doc.set_text("s2", "Shivon Win said the end")
    before = doc.history.index
    count = assert_undoable(doc, lambda d: replace_all(d, query, "Siobhan Nguyen"))
    assert count == 2
    assert doc.speaker("sp2").name == "Siobhan Nguyen"
    assert doc.segment("s2").text == "Siobhan Nguyen said the end"
    assert doc.history.index == before + 1
    assert doc.history.undo_label() == "Replace all"
    doc.undo()
    assert doc.speaker("sp2").name == "Shivon Win"
    assert doc.segment("s2").text == "Shivon Win said the end"


def test_replace_all_leaves_speakers_alone_when_asked(doc: Document) -> None:
    assert replace_all(doc, SearchQuery("Maya", in_speakers=False), "Mia") == 2
    assert doc.speaker("sp1").name == "Maya Okafor"
    assert replace_all(doc, SearchQuery("Maya Okafor"), " ") == 0  # a speaker never gets a blank name
    assert doc.speaker("sp1").name == "Maya Okafor"


def test_replace_rejects_bad_templates_and_line_breaks_before_changing_anything(doc: Document) -> None:
    state = doc.state()
    with pytest.raises(ValueError, match="Invalid replacement"):
        replace_all(doc, SearchQuery("pie (torch)", regex=True), r"\2")
    with pytest.raises(ValueError, match="line break"):
        replace_all(doc, SearchQuery("pie", regex=True), r"a\nb")
    assert doc.state() == state
    assert doc.history.index == 0


def test_replace_one_returns_the_new_span_and_refuses_stale_matches(doc: Document) -> None:
    query = SearchQuery("pie torch")
    first, second = find_all(doc, query)
    new = replace_one(doc, query, first, "PyTorch")
    assert new == Match("s1", 4, 11)
    assert doc.segment("s1").text == "The PyTorch job, then the other pie torch job"
    assert replace_one(doc, query, second, "PyTorch") is None  # offsets moved: stale
    assert replace_one(doc, query, find_all(doc, query)[0], "PyTorch") == Match("s1", 32, 39)
    assert doc.undo() and doc.segment("s1").text == "The PyTorch job, then the other pie torch job"


def test_joined_scan_agrees_with_a_per_segment_search() -> None:
    rng = random.Random(7)
    words = ["the", "The", "then", "other", "pie", "torch", "a", "C++", "x", "  ", "don't", "Maya's", "é", "the-end"]
    segments = [Segment(f"s{i}", " ".join(rng.choice(words) for _ in range(rng.randrange(0, 9)))) for i in range(400)]
    doc = Document(segments)
    every_id = [s.id for s in segments]
    for query in [
        SearchQuery("the"),
        SearchQuery("the", whole_word=True),
        SearchQuery("THE", case_sensitive=True),
        SearchQuery("a", whole_word=True),
        SearchQuery("C++", whole_word=True),
        SearchQuery(r"\s+", regex=True),
        SearchQuery(r"[^x]+", regex=True),
        SearchQuery(r"t\w*", regex=True, whole_word=True),
        SearchQuery(r"^the|torch$", regex=True),
        SearchQuery(r"e*", regex=True),
    ]:
        slow = [Match(s.id, m.start(), m.end()) for s in segments for m in query.compile().finditer(s.text) if m.end() > m.start()]
        assert find_all(doc, query) == slow, query
        assert find_all(doc, query, every_id) == slow, query


def test_joined_text_cache_follows_edits(doc: Document) -> None:
    assert len(find_all(doc, SearchQuery("end"))) == 1
    doc.set_text("s3", "the end again")
    assert spans(doc, find_all(doc, SearchQuery("end"))) == [("s2", "end"), ("s3", "end")]
