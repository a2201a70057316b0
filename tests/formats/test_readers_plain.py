"""The plain-text importer and the shared speaker-prefix rule."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from editor.core.speakers import default_color
from editor.formats.readers import plain_text, read_document
from editor.formats.readers.base import is_speaker_name, split_speaker_prefix
from editor.formats.readers.plain_text import starts_turn

DATA = Path(__file__).parent.parent / "data" / "formats"


def _read(text: str) -> list[tuple[str, str | None]]:
    doc = plain_text.read(text, Path("t.txt"))
    names = {s.id: s.name for s in doc.speakers}
    return [(s.text, names.get(s.speaker_id or "")) for s in doc.segments]


def test_lines_become_segments_with_source_lines() -> None:
    doc = read_document(DATA / "plain_nospeakers.txt")
    assert [s.id for s in doc.segments] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert [s.source_line for s in doc.segments] == [1, 2, 3, 4, 6, 7]
    assert doc.speakers == ()
    assert all(s.speaker_id is None and s.start is None and s.words == () for s in doc.segments)


def test_lines_are_kept_exactly_with_their_whitespace() -> None:
    doc = read_document(DATA / "plain_nospeakers.txt")
    assert doc.segments[2].text == "\tAn indented line keeps its tab   "
    assert doc.segments[2].original == doc.segments[2].text


def test_false_positive_prefixes_stay_text() -> None:
    doc = read_document(DATA / "plain_nospeakers.txt")
    assert [s.text for s in doc.segments][1:] == [
        "Note: this episode was recorded live.",
        "\tAn indented line keeps its tab   ",
        "we met at 10:30: it was early",
        "The plan: finish by Friday.",
        "Chapter One: the beginning",
    ]


def test_speaker_turns() -> None:
    doc = read_document(DATA / "plain_speakers.txt")
    assert [(s.id, s.name, s.color) for s in doc.speakers] == [
        ("sp1", "Maya", default_color(0)),
        ("sp2", "Siobhan", default_color(1)),
        ("sp3", "SPEAKER_00", default_color(2)),
    ]
    got = [(s.text, s.speaker_id, s.source_line) for s in doc.segments]
    assert got == [
        ("hey everyone and welcome back", "sp1", 1),
        ("I'm your host and this is the show", "sp1", 2),
        ("thanks Maya, it's great to be here", "sp2", 4),
        ("Note: this part was recorded remotely", "sp2", 5),
        ("so basically: the plan worked", "sp2", 6),
        ("noted", "sp1", 7),
        ("and a new turn for me", "sp1", 8),
        ("we met at 10:30 in the morning", "sp2", 9),
        ("Meanwhile: a one-off prefix is not a speaker", "sp2", 10),
        ("see https://example.com for details", "sp2", 11),
        ("an ASR label speaks", "sp3", 12),
        ("twice", "sp3", 13),
    ]


def test_original_keeps_the_prefix_so_repeated_turns_are_visible() -> None:
    doc = read_document(DATA / "plain_speakers.txt")
    segments = doc.segments
    assert segments[0].original == "Maya: hey everyone and welcome back"
    assert [starts_turn(s) for s in segments] == [
        True, False, True, False, False, True, True, True, False, False, True, True,
    ]  # fmt: skip


def test_verbatim_round_trip_reproduces_non_empty_lines() -> None:
    """What a verbatim writer does: prefix where a turn starts, bare text elsewhere."""
    path = DATA / "plain_speakers.txt"
    doc = read_document(path)
    names = {s.id: s.name for s in doc.speakers}
    lines = [
        f"{names[s.speaker_id]}: {s.text}" if s.speaker_id and starts_turn(s) else s.text
        for s in doc.segments
    ]
    expected = [line.rstrip() for line in path.read_text().splitlines() if line.strip()]
    assert lines == expected


def test_demo_sample_has_its_documented_turns() -> None:
    sample = Path(__file__).parents[2] / "resources" / "samples" / "demo-interview.txt"
    if not sample.exists():
        pytest.skip("demo sample not present")
    doc = read_document(sample)
    assert len(doc.segments) == 306
    assert [s.name for s in doc.speakers] == ["Maya", "Siobhan"]
    assert sum(starts_turn(s) for s in doc.segments) == 37


def test_first_line_prefix_counts_even_once() -> None:
    assert _read("Host: welcome\nand more\n") == [("welcome", "Host"), ("and more", "Host")]


def test_a_name_used_once_later_is_not_a_speaker() -> None:
    assert _read("hello\nDave: one off\n") == [("hello", None), ("Dave: one off", None)]


def test_lines_before_the_first_turn_have_no_speaker() -> None:
    text = "intro text\nMaya: a\nSam: b\nMaya: c\nSam: d\n"
    assert _read(text) == [
        ("intro text", None), ("a", "Maya"), ("b", "Sam"), ("c", "Maya"), ("d", "Sam"),
    ]  # fmt: skip


def test_whitespace_only_lines_are_blank() -> None:
    assert _read("a\n   \t \nb") == [("a", None), ("b", None)]


def test_inner_line_separators_become_spaces() -> None:
    # Qt treats U+2029 as a paragraph break: a segment must stay one line.
    assert _read("one\u2029two\x0cthree") == [("one two three", None)]


def test_megabyte_line_loads_fast_as_one_segment(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Maya: " + "word " * 200_000 + "\n")
    began = time.perf_counter()
    doc = read_document(path)
    assert time.perf_counter() - began < 2
    assert len(doc.segments) == 1 and len(doc.segments[0].text) > 999_000


@pytest.mark.parametrize(
    "name",
    ["Maya", "MAYA", "Dr. Ann Lee", "O'Neil", "Mary-Jane", "SPEAKER_00", "Speaker 1",
     "Speaker B", "speaker_2", "Guest 2", "Q", "I", "Zoë", "Łukasz Wiśniewski"],
)  # fmt: skip
def test_names(name: str) -> None:
    assert is_speaker_name(name)


@pytest.mark.parametrize(
    "name",
    ["", "so basically", "10", "https", "Note", "The Problem", "A Problem", "Then Maya said",
     "Maya  Okafor", "One Two Three Four", "x" * 41, "2 Guests", "Maya ", "NOTE", "Update"],
)  # fmt: skip
def test_not_names(name: str) -> None:
    assert not is_speaker_name(name)


@pytest.mark.parametrize(
    ("line", "caption", "expected"),
    [
        ("Maya: hi", False, ("Maya", "hi")),
        ("Maya:\thi", False, ("Maya", "hi")),
        ("Maya:   hi  ", False, ("Maya", "hi")),
        ("Maya:hi", False, None),
        ("Maya:", False, None),
        ("Maya: ", False, None),
        ("10:30 meeting", False, None),
        ("https://example.com", False, None),
        (" Maya: indented", False, None),
        (">> Maya: hi", True, ("Maya", "hi")),
        (">> Maya: hi", False, None),
        ("[Maya] hi", True, ("Maya", "hi")),
        ("[Maya]: hi", True, ("Maya", "hi")),
        ("[Music] la la", True, None),
        ("[Laughter] ha", True, None),
        ("[Maya]", True, None),
    ],
)
def test_split_speaker_prefix(line: str, caption: bool, expected: tuple[str, str] | None) -> None:
    found = split_speaker_prefix(line, caption_forms=caption)
    assert (found and (found.name, found.text)) == expected
