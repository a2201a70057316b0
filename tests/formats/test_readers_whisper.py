"""The Whisper JSON family: each dialect, word data, speakers and shape validation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from editor.core.model import Word
from editor.formats.errors import FormatError
from editor.formats.readers import read_document, whisper_json
from editor.formats.readers.whisper_json import NOT_A_TRANSCRIPT, detect_dialect

DATA = Path(__file__).parent.parent / "data" / "formats"
JSON = Path("asr.json")


def _read(data: Any):  # type: ignore[no-untyped-def]
    return whisper_json.read(json.dumps(data), JSON)


def _error(text: str) -> str:
    with pytest.raises(FormatError) as info:
        whisper_json.read(text, JSON)
    assert str(info.value).startswith("asr.json: ")
    return info.value.message


def test_openai_whisper() -> None:
    doc = read_document(DATA / "whisper.json")
    meta = doc.metadata
    assert (meta.source_format, meta.language, meta.source_name, meta.title) == (
        "whisper", "en", "whisper.json", "whisper",
    )  # fmt: skip
    assert [(s.id, s.text, s.start, s.end) for s in doc.segments] == [
        ("s1", "Hello and welcome.", 0.0, 2.5),
        ("s2", "This is the build log.", 5.0, 7.25),
    ]
    assert doc.segments[0].words == (
        Word("Hello", 0.0, 0.6, 0.95),
        Word("and", 0.6, 0.9, 0.9),
        Word("welcome.", 0.9, 2.5, 0.87),
    )
    assert doc.segments[1].words[2].probability == 1.0  # clamped from 1.0000001
    assert doc.segments[0].original == "Hello and welcome." and doc.segments[0].source_line is None
    assert doc.speakers == ()


def test_faster_whisper_bare_list_with_tuple_words() -> None:
    doc = read_document(DATA / "faster_whisper_list.json")
    assert doc.metadata.source_format == "whisper"
    assert [s.text for s in doc.segments] == ["Bonjour tout le monde.", "Merci."]
    assert doc.segments[0].words[0] == Word("Bonjour", 0.0, 0.7, 0.9)
    assert doc.segments[1].words == ()


def test_openai_verbose_assigns_top_level_words_by_time() -> None:
    doc = read_document(DATA / "openai_verbose.json")
    assert (doc.metadata.source_format, doc.metadata.language) == ("openai-verbose", "en")
    assert [[w.text for w in s.words] for s in doc.segments] == [
        ["Hi", "there"],
        ["How", "are", "you", "today"],
    ]
    assert doc.segments[1].words[-1] == Word("today", 3.0, 5.9, None)


def test_openai_verbose_words_only() -> None:
    doc = _read(
        {
            "task": "transcribe",
            "text": " Hi there",
            "words": [{"word": "Hi", "start": 0.1, "end": 0.3}, {"word": "there", "start": 0.3, "end": 0.9}],
        }
    )
    assert [(s.text, s.start, s.end, len(s.words)) for s in doc.segments] == [("Hi there", 0.1, 0.9, 2)]


def test_whisper_cpp_offsets_tokens_and_timestamps() -> None:
    doc = read_document(DATA / "whisper_cpp.json")
    assert (doc.metadata.source_format, doc.metadata.language) == ("whisper.cpp", "de")
    assert [(s.text, s.start, s.end) for s in doc.segments] == [
        ("Guten Morgen, Berlin.", 0.0, 3.0),
        ("Wie geht es?", 3.0, 5.5),
        ("Nur Zeitstempel.", 65.0, 66.25),
    ]
    words = doc.segments[0].words
    assert [(w.text, w.start, w.end) for w in words] == [
        ("Guten", 0.0, 0.7), ("Morgen,", 0.7, 1.6), ("Berlin.", 1.6, 3.0),
    ]  # fmt: skip
    assert words[0].probability == pytest.approx(0.8)
    assert doc.segments[1].words == ()


def test_whisperx_speakers_scores_and_unaligned_words() -> None:
    doc = read_document(DATA / "whisperx.json")
    assert doc.metadata.source_format == "whisperx"
    assert [(s.id, s.name) for s in doc.speakers] == [("sp1", "SPEAKER_00"), ("sp2", "SPEAKER_01")]
    assert [(s.text, s.speaker_id) for s in doc.segments] == [
        ("Welcome back to the show.", "sp1"),
        ("It has been 20 years.", "sp2"),
        ("Indeed.", None),
        ("Right.", "sp1"),
    ]
    assert doc.segments[0].words[0] == Word("Welcome", 0.031, 0.5, 0.91, "sp1")
    assert doc.segments[1].words[3] == Word("20", None, None, None, None)


@pytest.mark.parametrize(
    ("data", "dialect"),
    [
        ([], "whisper"),
        ([{"start": 0, "end": 1, "text": "x"}], "whisper"),
        ({"segments": []}, "whisper"),
        ({"segments": [], "task": "transcribe"}, "openai-verbose"),
        ({"segments": [], "word_segments": []}, "whisperx"),
        ({"segments": [{"speaker": "A"}]}, "whisperx"),
        ({"transcription": []}, "whisper.cpp"),
        ({"text": "only text"}, None),
        ({"format": "galley-project", "segments": []}, None),
        ([1, 2, 3], None),
        ("a string", None),
    ],
)
def test_detect_dialect(data: Any, dialect: str | None) -> None:
    assert detect_dialect(data) == dialect


def test_empty_segments_and_words_are_skipped() -> None:
    doc = _read({"segments": [
        {"start": 0, "end": 1, "text": "  "},
        {"start": 1, "end": 2, "text": " kept ", "words": [{"word": " ", "start": 1, "end": 1.5}]},
    ]})  # fmt: skip
    assert [(s.id, s.text, s.words) for s in doc.segments] == [("s1", "kept", ())]


def test_text_with_newlines_stays_one_line() -> None:
    doc = _read({"segments": [{"start": 0, "end": 1, "text": " one\ntwo\u2028three"}]})
    assert doc.segments[0].text == "one two three"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"segments": {"a": 1}}, "segments: expected a list, got an object"),
        ({"segments": [5]}, "segments[0]: expected an object, got 5"),
        ({"segments": [{"start": 0, "end": 1, "text": "a"}, {"start": "abc", "end": 1, "text": "b"}]},
         "segments[1].start: expected a number, got 'abc'"),
        ({"segments": [{"start": True, "end": 1, "text": "a"}]}, "segments[0].start: expected a number, got true"),
        ({"segments": [{"start": -1, "end": 1, "text": "a"}]},
         "segments[0].start: expected a time of 0 or more seconds, got -1"),
        ({"segments": [{"start": 2, "end": 1, "text": "a"}]}, "segments[0]: ends (1 s) before it starts (2 s)"),
        ({"segments": [{"end": 1, "text": "a"}]},
         "segments[0].start: expected a number, got nothing (the key is missing)"),
        ({"segments": [{"start": 0, "end": 1, "text": None}]}, "segments[0].text: expected a string, got null"),
        ({"segments": [{"start": 0, "end": 1, "text": "a", "words": [{"word": "a", "start": "x"}]}]},
         "segments[0].words[0].start: expected a number, got 'x'"),
        ({"segments": [{"start": 0, "end": 1, "text": "a", "words": [{"word": "a", "score": "hi"}]}]},
         "segments[0].words[0].score: expected a number, got 'hi'"),
        ({"segments": [{"start": 0, "end": 1, "text": "a", "speaker": 3}]},
         "segments[0].speaker: expected a string, got 3"),
        ([{"start": 0, "end": "1", "text": "a"}], "[0].end: expected a number, got '1'"),
        ({"transcription": [{"offsets": {"from": 0}, "text": "a"}]},
         "transcription[0].offsets.to: expected a number, got nothing (the key is missing)"),
        ({"transcription": [{"timestamps": {"from": "0:00", "to": "00:00:01,000"}, "text": "a"}]},
         "transcription[0].timestamps.from: expected a time like '00:00:01,000', got '0:00'"),
        ({"transcription": "x"}, "transcription: expected a list, got 'x'"),
        ({"task": "transcribe", "segments": [], "words": [{"word": 1}]}, "words[0].word: expected a string, got 1"),
        ({"language": 5, "segments": []}, "language: expected a string, got 5"),
    ],
)  # fmt: skip
def test_wrong_shapes_name_the_json_path(data: Any, message: str) -> None:
    assert _error(json.dumps(data)) == message


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_times_are_refused(constant: str) -> None:
    message = _error(f'{{"segments": [{{"start": {constant}, "end": 1, "text": "a"}}]}}')
    assert message.startswith("segments[0].start: expected a finite number")


def test_truncated_json_says_so() -> None:
    text = (DATA / "whisper.json").read_text()[:300]
    message = _error(text)
    assert message.startswith("invalid JSON at line ")
    assert message.endswith("(the file looks truncated)")


def test_invalid_json_gives_line_and_column() -> None:
    assert _error('{\n  "segments": [,]\n}') == "invalid JSON at line 2, column 16: Expecting value"


def test_deeply_nested_json_is_an_error_not_a_crash() -> None:
    assert "nested too deeply" in _error("[" * 100_000 + "]" * 100_000)


def test_huge_integer_is_an_error_not_a_crash() -> None:
    assert _error('{"segments": [{"start": ' + "9" * 5000 + "}]}").startswith("invalid JSON")


def test_unknown_json() -> None:
    with pytest.raises(FormatError) as info:
        read_document(DATA / "not_transcript.json")
    assert str(info.value) == f"{DATA / 'not_transcript.json'}: {NOT_A_TRANSCRIPT}"
