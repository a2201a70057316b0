"""The SRT and WebVTT importers: cues, times, tags, voices, speakers and bad input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from editor.formats.errors import FormatError
from editor.formats.readers import read_document, srt, webvtt

DATA = Path(__file__).parent.parent / "data" / "formats"
SRT = Path("cues.srt")
VTT = Path("cues.vtt")


def _rows(doc) -> list[tuple]:  # type: ignore[no-untyped-def]
    names = {s.id: s.name for s in doc.speakers}
    return [(s.text, names.get(s.speaker_id or ""), s.start, s.end, s.source_line) for s in doc.segments]


def _error(reader, text: str, path: Path) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(FormatError) as info:
        reader.read(text, path)
    assert str(info.value).startswith(f"{path}: ")
    return info.value.message


# ------------------------------------------------------------------------------------ SRT


def test_srt_fixture() -> None:
    doc = read_document(DATA / "sample.srt")
    assert doc.metadata.source_format == "srt"
    assert _rows(doc) == [
        ("Hello and welcome to the show.", "Maya", 1.0, 3.5, 3),
        ("Thanks for having me.", "Maya", 3.5, 5.25, 8),
        ("It's great to be here.", "Siobhan", 5.25, 7.0, 12),
        ("So let's start.", "Maya", 7.0, 9.0, 16),
        ("Sure & why not.", "Siobhan", 9.0, 10.0, 20),
    ]
    assert doc.segments[2].original == "[Siobhan] It's great to be here."
    assert [s.id for s in doc.speakers] == ["sp1", "sp2"]


def test_srt_without_speakers_or_indexes_and_crlf_blank_noise() -> None:
    text = "\n\n00:00:01,000 --> 00:00:02,000   \nfirst  \n\n\n\n00:00:02,000 --> 00:00:03,000\nsecond\n\n"
    doc = srt.read(text, SRT)
    assert _rows(doc) == [("first", None, 1.0, 2.0, 4), ("second", None, 2.0, 3.0, 9)]


def test_srt_blank_line_inside_a_cue_keeps_the_text() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nfirst part\n\nsecond part\n\n2\n00:00:02,000 --> 00:00:03,000\nnext\n"
    assert [s.text for s in srt.read(text, SRT).segments] == ["first part second part", "next"]


def test_srt_missing_blank_line_between_cues() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\none\n2\n00:00:02,000 --> 00:00:03,000\ntwo\n"
    assert _rows(srt.read(text, SRT)) == [("one", None, 1.0, 2.0, 3), ("two", None, 2.0, 3.0, 6)]


def test_srt_times_without_milliseconds_and_without_hours() -> None:
    text = "00:00:01 --> 00:00:02\na\n\n01:02,5 --> 01:03,250\nb\n"
    assert [(s.start, s.end) for s in srt.read(text, SRT).segments] == [(1.0, 2.0), (62.5, 63.25)]


def test_srt_numbers_in_text_are_text() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\n42\n"
    assert [s.text for s in srt.read(text, SRT).segments] == ["42"]


def test_srt_empty_and_tag_only_cues_are_skipped() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\n<i></i>\n\n3\n00:00:03,000 --> 00:00:04,000\nreal\n"
    assert [s.text for s in srt.read(text, SRT).segments] == ["real"]


def test_srt_angle_brackets_that_are_not_tags_stay() -> None:
    text = "00:00:01,000 --> 00:00:02,000\nif a < b and c > d\n"
    assert srt.read(text, SRT).segments[0].text == "if a < b and c > d"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1\n00:00:01,000 --> 00:0x:02,000\nhi\n", "line 2: bad time code '00:0x:02,000' (expected HH:MM:SS,mmm)"),
        ("1\n00:00:01,000 -->\nhi\n", "line 2: bad time code (nothing) (expected HH:MM:SS,mmm)"),
        ("1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n00:00:03,000 - 00:00:04,000\nho\n", "line 6: bad time line '00:00:03,000 - 00:00:04,000' (expected HH:MM:SS,mmm)"),
        ("1\n00:00:05,000 --> 00:00:02,000\nhi\n", "line 2: the cue ends (2 s) before it starts (5 s)"),
        ("hello there\n00:00:01,000 --> 00:00:02,000\nhi\n", "line 1: expected a cue, that is a time line like '00:00:01,000 --> 00:00:04,000', but found 'hello there'"),
    ],
)  # fmt: skip
def test_srt_errors_name_the_line(text: str, message: str) -> None:
    assert _error(srt.READER, text, SRT) == message


def test_srt_megabyte_line_gives_a_clear_error_fast() -> None:
    text = "1\n00:00:01,000 --> " + "<i" * 500_000 + "\n"
    began = time.perf_counter()
    message = _error(srt.READER, text, SRT)
    assert time.perf_counter() - began < 2
    assert message.startswith("line 2: bad time code '<i<i")


def test_srt_megabyte_cue_text_is_one_segment_fast() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\n" + "<i" * 500_000 + "\n"
    began = time.perf_counter()
    doc = srt.read(text, SRT)
    assert time.perf_counter() - began < 2
    assert len(doc.segments) == 1


# ---------------------------------------------------------------------------------- WebVTT


def test_vtt_fixture_with_voices() -> None:
    doc = read_document(DATA / "voices.vtt")
    assert doc.metadata.source_format == "webvtt"
    assert doc.metadata.language == "en-GB"
    assert [(s.id, s.name) for s in doc.speakers] == [("sp1", "Maya"), ("sp2", "Siobhan Nguyen")]
    assert _rows(doc) == [
        ("Hello & welcome to the show", "Maya", 1.0, 4.0, 13),
        ("Thanks Maya!", "Siobhan Nguyen", 4.0, 6.5, 16),
        ("So, tell me", "Maya", 6.5, 8.0, 20),
        ("Well it <began>", "Siobhan Nguyen", 6.5, 8.0, 21),
        ("No voice here", None, 8.0, 9.0, 24),
    ]


def test_vtt_without_voices_uses_the_prefix_rule() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nMaya: hi\n\n00:02.000 --> 00:03.000\nthere\n\n00:03.000 --> 00:04.000\n>> Sam: yo\n\n00:04.000 --> 00:05.000\nSam: ok\n"
    assert [(t, n) for t, n, *_ in _rows(webvtt.read(text, VTT))] == [
        ("hi", "Maya"), ("there", "Maya"), ("yo", "Sam"), ("ok", "Sam"),
    ]  # fmt: skip


def test_vtt_tags_timestamps_and_entities() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<c.a.b>one</c> <00:01.500><b>two</b> &lt;3 &amp; <ruby>x<rt>y</rt></ruby>\n"
    assert webvtt.read(text, VTT).segments[0].text == "one two <3 & xy"


def test_vtt_skips_note_style_region_and_keeps_identifiers_out() -> None:
    text = "WEBVTT\n\nREGION\nid:fred\n\nNOTE\n-- not a cue\n\ncue-1\n00:01.000 --> 00:02.000 line:0\ntext\n"
    assert _rows(webvtt.read(text, VTT)) == [("text", None, 1.0, 2.0, 11)]


def test_vtt_leading_blank_lines_are_tolerated() -> None:
    assert webvtt.read("\n\nWEBVTT\n\n00:01.000 --> 00:02.000\nx\n", VTT).segments[0].text == "x"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("00:01.000 --> 00:02.000\nhi\n", "line 1: missing the WEBVTT header (a WebVTT file starts with 'WEBVTT')"),
        ("WEBVTTX\n\n00:01.000 --> 00:02.000\nhi\n", "line 1: missing the WEBVTT header (a WebVTT file starts with 'WEBVTT')"),
        ("WEBVTT\n\n00:01.000 --> 00:99.000\nhi\n", "line 3: bad time code '00:99.000' (expected MM:SS.mmm or HH:MM:SS.mmm)"),
        ("WEBVTT\n\nstray text\n", "line 3: expected a cue, that is a time line like '00:01.000 --> 00:04.000', but found 'stray text'"),
    ],
)  # fmt: skip
def test_vtt_errors_name_the_line(text: str, message: str) -> None:
    assert _error(webvtt.READER, text, VTT) == message


@pytest.mark.parametrize("junk", ["<v" * 300_000, "<v." * 300_000, "<c" * 300_000, "&amp" * 300_000])
def test_vtt_megabyte_cue_text_is_fast(junk: str) -> None:
    began = time.perf_counter()
    webvtt.read("WEBVTT\n\n00:01.000 --> 00:02.000\n" + junk + "\n", VTT)
    assert time.perf_counter() - began < 2


def test_vtt_header_only_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.vtt"
    path.write_text("WEBVTT\n\nNOTE nothing here\n")
    with pytest.raises(FormatError, match=r"empty\.vtt: no transcript text found"):
        read_document(path)
