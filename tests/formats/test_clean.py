"""The clean-mode model: fillers, tidying, sentences, paragraphs, turns and subtitle cues."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core.document import Document
from editor.core.model import Metadata, Segment, Speaker, Tag
from editor.formats.clean import (
    Paragraph,
    ad_segment_ids,
    clean_text,
    filler_pattern,
    paragraphs,
    segments_for_subtitles,
    sentence_spans,
    split_sentences,
    tidy,
    verbatim_lines,
    with_speaker_labels,
)
from editor.formats.writers.base import ExportOptions

FILLERS = filler_pattern(("um", "uh", "you know"))
CLEAN = ExportOptions(mode="clean", fillers=("um", "uh", "you know"))
SPEAKERS = [Speaker("a", "Ann"), Speaker("b", "Ben")]


def make_doc(*rows: tuple[str, str | None] | tuple[str, str | None, float, float], tags=(), language="en"):
    """A document from ``(text, speaker_id[, start, end])`` rows; ids s1, s2 ..."""
    segments = []
    for i, row in enumerate(rows, start=1):
        text, speaker, *times = row
        start, end = times if times else (None, None)
        segments.append(Segment(f"s{i}", text, speaker, start, end))
    return Document(segments, SPEAKERS, tags=tags, metadata=Metadata(language=language))


# ----------------------------------------------------------------------------- fillers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Um, I think so.", "I think so."),
        ("Um... I think so.", "I think so."),
        ("Um. So we went.", "So we went."),
        ("Yes. Um, so we went.", "Yes. So we went."),
        ("Yes. um, so we went.", "Yes. So we went."),  # after a full stop: always a sentence start
        ("um, and then we left.", "and then we left."),  # may continue the previous segment
        ("I was, um, there.", "I was there."),  # the commas were the filler's
        ("I was um there.", "I was there."),
        ("It was, uh...", "It was..."),
        ("It was good, um.", "It was good."),
        ("It was good um.", "It was good."),
        ("We, you know, tried.", "We tried."),
        ("We, YOU  KNOW, tried.", "We tried."),
        ("You know, it works.", "It works."),
        ("It works, you know.", "It works."),
        ("I mean you know it works.", "I mean you know it works."),  # not set off: kept
        ("You know what, fine.", "You know what, fine."),
        ("Um, uh, you know, fine.", "Fine."),
        ("Um, iPhones are small.", "iPhones are small."),  # a word with inner capitals stays
        ("The umbrella, the drum, um's and uh-huh.", "The umbrella, the drum, um's and uh-huh."),
        ("Um?", ""),
        ("Do you know the way?", "Do you know the way?"),  # not a filler: "you know" inside
    ],
)
def test_remove_fillers(text: str, expected: str) -> None:
    assert clean_text(text, FILLERS) == expected


def test_no_fillers_configured_keeps_words() -> None:
    assert filler_pattern(()) is None
    assert filler_pattern(["  ", ""]) is None
    assert clean_text("Um, yes  it is .", None) == "Um, yes it is."


def test_longer_filler_phrases_win() -> None:
    pattern = filler_pattern(("you know", "you know what i mean"))
    assert clean_text("It's hard, you know what I mean, to say.", pattern) == "It's hard to say."


def test_word_fillers_go_only_where_set_off_by_punctuation() -> None:
    pattern = filler_pattern(("like",))
    assert clean_text("I like it, like, a lot.", pattern) == "I like it a lot."
    assert clean_text("Like, I like it.", pattern) == "I like it."


def test_stutters_are_not_touched() -> None:
    assert clean_text("I I think the the plan works.", FILLERS) == "I I think the the plan works."


# ----------------------------------------------------------------------------- tidy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a  b\t c", "a b c"),
        ("  padded  ", "padded"),
        ("Yes , really !", "Yes, really!"),
        ("He said ... and left", "He said... and left"),
        ("We use .NET daily", "We use .NET daily"),
        ("Yes, , no", "Yes, no"),
        ("Done, .", "Done."),
    ],
)
def test_tidy(text: str, expected: str) -> None:
    assert tidy(text) == expected


def test_tidy_keeps_french_spaces_before_high_punctuation() -> None:
    assert tidy("Vraiment ? Oui ! Bon , alors .", "fr") == "Vraiment ? Oui ! Bon, alors."


# ----------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("Fruit, e.g. Apples, i.e. Red ones. Fine.", ["Fruit, e.g. Apples, i.e. Red ones.", "Fine."]),
        ("She moved to the U.S. Army base. Then left.", ["She moved to the U.S. Army base.", "Then left."]),
        ("It cost 3.5 million. Wow.", ["It cost 3.5 million.", "Wow."]),
        ("Version 2.0. Released.", ["Version 2.0.", "Released."]),
        ("See No. 5 here. Or not.", ["See No. 5 here.", "Or not."]),
        ("I said no. Then he left.", ["I said no.", "Then he left."]),
        ("It ended in 2019. 2020 was new.", ["It ended in 2019.", "2020 was new."]),
        ('He said "stop." Then ran.', ['He said "stop."', "Then ran."]),
        ("Wait... What? No.", ["Wait...", "What?", "No."]),
        ("lower. case next stays joined.", ["lower. case next stays joined."]),
        ("J. R. R. Tolkien wrote.", ["J. R. R. Tolkien wrote."]),
        ("Really?! Yes.", ["Really?!", "Yes."]),
        ("  Leading space. Trailing.  ", ["Leading space.", "Trailing."]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@given(st.text(alphabet=st.sampled_from(list("ab .!?\"'3A")), max_size=60))
def test_sentence_spans_cover_all_words_in_order(text: str) -> None:
    spans = sentence_spans(text)
    assert " ".join(text[a:b] for a, b in spans).split() == text.split()
    assert all(a < b for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in pairwise(spans))


# ----------------------------------------------------------------------------- ads


def test_ad_segment_ids_expand_ranges_in_any_order_and_case() -> None:
    doc = make_doc(
        *[(f"t{i}", None) for i in range(1, 7)],
        tags=[Tag("t1", "AD", "s4", "s2"), Tag("t2", "quote", "s5", "s6")],
    )
    assert ad_segment_ids(doc) == {"s2", "s3", "s4"}


# ----------------------------------------------------------------------------- paragraphs


def test_paragraphs_join_a_turn_and_break_at_speaker_changes() -> None:
    doc = make_doc(
        ("Hello.", "a", 0.0, 1.0),
        ("How are you?", "a", 1.0, 2.0),
        ("Fine.", "b", 2.5, 3.0),
        ("Good.", "a", 3.0, 4.0),
    )
    assert paragraphs(doc, CLEAN) == [
        Paragraph("Ann", 0.0, 2.0, "Hello. How are you?", ("s1", "s2")),
        Paragraph("Ben", 2.5, 3.0, "Fine.", ("s3",)),
        Paragraph("Ann", 3.0, 4.0, "Good.", ("s4",)),
    ]


def test_paragraphs_leave_out_ads_blank_and_filler_only_segments() -> None:
    doc = make_doc(
        ("Before.", "a"),
        ("Buy now.", "a"),
        ("Really.", "a"),
        ("  ", "a"),
        ("Um...", "a"),
        ("After.", "a"),
        tags=[Tag("t1", "ad", "s2", "s3")],
    )
    result = paragraphs(doc, CLEAN)
    # The ad cut ends the paragraph; the speaker carries on, so no new name (see labels).
    assert [(p.text, p.segment_ids) for p in result] == [("Before.", ("s1",)), ("After.", ("s6",))]
    assert [label for _, label in with_speaker_labels(result)] == ["Ann", None]


def test_paragraphs_split_after_max_sentences_at_sentence_ends() -> None:
    doc = make_doc(("One. Two. Three.", "a", 0.0, 3.0), ("Four. Five.", "a", 3.0, 5.0))
    options = ExportOptions(mode="clean", paragraph_max_sentences=2)
    result = paragraphs(doc, options)
    assert [p.text for p in result] == ["One. Two.", "Three. Four.", "Five."]
    # A segment split across paragraphs is named in both; times come from end segments.
    assert [(p.segment_ids, p.start, p.end) for p in result] == [
        (("s1",), 0.0, 3.0),
        (("s1", "s2"), 0.0, 5.0),
        (("s2",), 3.0, 5.0),
    ]


def test_paragraphs_split_by_words_without_cutting_sentences() -> None:
    doc = make_doc(("One two three. Four five six. Seven.", None))
    options = ExportOptions(mode="clean", paragraph_max_words=5)
    assert [p.text for p in paragraphs(doc, options)] == ["One two three.", "Four five six. Seven."]


def test_a_sentence_longer_than_the_word_ceiling_is_cut_between_words() -> None:
    doc = make_doc(("Short. Alpha bravo charlie delta echo foxtrot golf hotel. End.", None))
    options = ExportOptions(mode="clean", paragraph_max_words=3)
    assert [p.text for p in paragraphs(doc, options)] == [
        "Short.",
        "Alpha bravo charlie",
        "delta echo foxtrot",
        "golf hotel.",
        "End.",
    ]


def test_paragraphs_break_at_long_pauses_only_when_times_are_known() -> None:
    doc = make_doc(
        ("A.", "a", 0.0, 1.0), ("B.", "a", 1.5, 2.0), ("C.", "a", 5.0, 6.0), ("D.", "a"), ("E.", "a")
    )
    options = ExportOptions(mode="clean", pause_break=2.0)
    assert [p.text for p in paragraphs(doc, options)] == ["A. B.", "C. D. E."]
    assert [p.text for p in paragraphs(doc, CLEAN)] == ["A. B. C. D. E."]


def test_explicit_prefix_lines_start_paragraphs_of_the_same_speaker() -> None:
    doc = Document(
        [
            Segment("s1", "First.", "a", original="Ann: First."),
            Segment("s2", "Second.", "a", original="Ann: Second."),
            Segment("s3", "More.", "a", original="More."),
        ],
        SPEAKERS,
    )
    result = with_speaker_labels(paragraphs(doc, CLEAN))
    assert [(p.text, label) for p, label in result] == [("First.", "Ann"), ("Second. More.", None)]


def test_fillers_at_segment_starts_capitalise_only_real_sentence_starts() -> None:
    doc = make_doc(("So I went to the,", "a"), ("um, store. Um, it was shut.", "a"))
    assert paragraphs(doc, CLEAN)[0].text == "So I went to the, store. It was shut."


def test_speakerless_and_unknown_speakers_have_no_name() -> None:
    doc = make_doc(("No one.", None), ("Ghost.", "zz"))
    assert [p.speaker for p in paragraphs(doc, CLEAN)] == [None, None]


def test_empty_document_has_no_paragraphs() -> None:
    assert paragraphs(Document(), CLEAN) == []


# ----------------------------------------------------------------------------- subtitles


def test_segments_for_subtitles_keep_times_and_drop_ads_and_fillers() -> None:
    doc = make_doc(
        ("Um, hi.", "a", 0.0, 1.0),
        ("Ad.", "a", 1.0, 2.0),
        ("Uh.", "b", 2.0, 3.0),
        ("Bye, you know.", "b", 3.0, 4.0),
        tags=[Tag("t1", "ad", "s2", "s2")],
    )
    assert [(s.id, s.text, s.start, s.end) for s in segments_for_subtitles(doc, CLEAN)] == [
        ("s1", "Hi.", 0.0, 1.0),
        ("s4", "Bye.", 3.0, 4.0),
    ]


# ----------------------------------------------------------------------------- verbatim turns


def test_verbatim_lines_name_each_turn_start() -> None:
    doc = Document(
        [
            Segment("s1", "Intro.", None),
            Segment("s2", "Hi.", "a"),
            Segment("s3", "Still Ann.", "a"),
            Segment("s4", "Again.", "a", original="Ann: Again."),
            Segment("s5", "Ben here.", "b"),
            Segment("s6", "Ann:", "b", original="Ann:"),
            Segment("s7", "Ann: x", "a", original="Ann:x"),
        ],
        SPEAKERS,
    )
    assert [name for _, name in verbatim_lines(doc)] == [None, "Ann", None, "Ann", "Ben", None, "Ann"]


def test_verbatim_lines_can_skip_blank_segments_and_move_the_name_on() -> None:
    doc = make_doc(("Hi.", "a"), ("  ", "b"), ("Ben here.", "b"), ("", "a"))
    assert [(s.id, name) for s, name in verbatim_lines(doc, skip_empty=True)] == [
        ("s1", "Ann"),
        ("s3", "Ben"),
    ]
    assert len(verbatim_lines(doc)) == 4


@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.sampled_from(list("ab A.?,")), max_size=25), st.sampled_from(["a", "b", None])
        ),
        max_size=8,
    ),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=1, max_value=6),
)
def test_paragraphs_keep_every_word_in_order(rows, max_sentences: int, max_words: int) -> None:
    doc = make_doc(*rows)
    options = ExportOptions(
        mode="clean", paragraph_max_sentences=max_sentences, paragraph_max_words=max_words
    )
    result = paragraphs(doc, options)
    kept = " ".join(tidy(text) for text, _ in rows if text.strip())
    assert " ".join(p.text for p in result).split() == kept.split()
    assert all(p.text == p.text.strip() and p.text for p in result)
    assert all(len(p.text.split()) <= max_words for p in result)
