"""Format detection, ``read_document`` and its promise: every failure is a FormatError
naming the file (property-tested on arbitrary input)."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core import project
from editor.core.document import Document
from editor.core.model import Metadata, Segment, Speaker
from editor.formats.errors import FormatError
from editor.formats.readers import READERS, detect, read_document, reader_named

DATA = Path(__file__).parent.parent / "data" / "formats"

SRT_TEXT = (DATA / "sample.srt").read_text()
VTT_TEXT = (DATA / "voices.vtt").read_text()
WHISPER_TEXT = (DATA / "whisper.json").read_text()


def _detect(name: str, text: str) -> str:
    return detect(Path(name), text).name


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("talk.txt", "hello\nworld\n", "text"),
        ("talk", "hello\n", "text"),
        ("talk.md", "Maya: hi\n", "text"),
        ("talk.srt", SRT_TEXT, "srt"),
        ("talk.txt", SRT_TEXT, "srt"),  # content wins over the extension
        ("talk.vtt", SRT_TEXT, "srt"),
        ("talk.txt", "1\n00:00:01.000 --> 00:00:02.000\nhi\n", "srt"),
        ("talk.txt", "00:00:01,000 -> 00:00:02,000\nhi\n", "text"),
        ("talk.srt", "1\n00:00:01,000 -> 00:00:02,000\nhi\n", "srt"),  # named SRT: SRT's error
        ("talk.txt", "1\n00:00:01,000 --> 00:0x\nhi\n", "srt"),  # broken but clearly SRT
        ("talk.vtt", VTT_TEXT, "webvtt"),
        ("talk.txt", VTT_TEXT, "webvtt"),
        ("talk.vtt", "no header\n", "webvtt"),  # named VTT: VTT's error
        ("talk.vtt", "00:01.000 --> 00:02.000\nhi\n", "srt"),  # headerless cues still read
        ("talk.srt", "just some words\n", "srt"),
        ("asr.json", WHISPER_TEXT, "whisper-json"),
        ("asr.txt", WHISPER_TEXT, "whisper-json"),
        ("asr", '[{"start": 0, "end": 1, "text": "x"}]', "whisper-json"),
        ("asr.json", "not json at all", "whisper-json"),  # named JSON: the JSON error
        ("notes.txt", "[Music] hello there", "text"),
        ("notes.txt", "{music} hello", "text"),
        ("p.galley.json", '{"format": "galley-project", "schema_version": 2}', "project"),
        ("p.json", '{\n  "format": "galley-project",\n  "segments": []}', "project"),
        ("p.galley.json", '{"segments": []}', "project"),  # damaged project: project's error
    ],
)
def test_detect(name: str, text: str, expected: str) -> None:
    assert _detect(name, text) == expected


def test_whisper_json_with_a_long_text_key_before_segments_is_detected() -> None:
    data = {"text": "word " * 50_000, "segments": [{"start": 0, "end": 1, "text": "word"}]}
    assert _detect("asr.txt", json.dumps(data)) == "whisper-json"


def test_readers_registry_is_explicit_and_named_uniquely() -> None:
    names = [r.name for r in READERS]
    assert names == ["project", "whisper-json", "webvtt", "srt", "text"]
    assert all(r.extensions and all(e.startswith(".") for e in r.extensions) for r in READERS)


@pytest.mark.parametrize(
    ("alias", "name"),
    [("txt", "text"), ("VTT", "webvtt"), ("srt", "srt"), ("json", "whisper-json"), ("galley", "project")],
)
def test_reader_named_accepts_aliases(alias: str, name: str) -> None:
    assert reader_named(alias).name == name


def test_read_document_with_a_named_format_skips_detection(tmp_path: Path) -> None:
    path = tmp_path / "cues.srt"
    path.write_text(SRT_TEXT)
    doc = read_document(path, format="text")
    assert doc.metadata.source_format == "text"
    assert doc.segments[0].text == "1"


def test_unknown_format_name(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("hi")
    with pytest.raises(FormatError, match=r"x\.txt: unknown import format 'docx' \(known: project, "):
        read_document(path, format="docx")


def test_metadata_records_the_source(tmp_path: Path) -> None:
    path = tmp_path / "Episode 12.srt"
    shutil.copy(DATA / "sample.srt", path)
    meta = read_document(path).metadata
    assert meta == Metadata(
        title="Episode 12",
        language="en",
        source_name="Episode 12.srt",
        source_format="srt",
        source_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )


def test_utf16_and_bom_files_read_like_utf8(tmp_path: Path) -> None:
    expected = read_document(DATA / "sample.srt")
    for encoding, bom in (("utf-8-sig", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        path = tmp_path / f"{encoding}.txt"  # and a .txt name: content decides
        path.write_bytes(bom + SRT_TEXT.replace("\n", "\r\n").encode(encoding))
        doc = read_document(path)
        assert doc.segments == expected.segments and doc.speakers == expected.speakers


def test_crlf_plain_text_keeps_line_numbers() -> None:
    doc = read_document(DATA / "plain_crlf_title.txt")
    assert [(s.text, s.source_line) for s in doc.segments] == [
        ("Title: A talk", 1), ("the first line of speech", 2), ("and the second", 3),
    ]  # fmt: skip
    assert doc.metadata.title == "plain_crlf_title"


def test_project_files_open_with_their_own_metadata(tmp_path: Path) -> None:
    original = Document(
        [Segment("s1", "hello", "sp1"), Segment("s2", "world")],
        [Speaker("sp1", "Maya")],
        metadata=Metadata(title="The show", source_name="raw.txt", source_format="text"),
    )
    path = tmp_path / "show.galley.json"
    path.write_bytes(project.project_bytes(original))
    doc = read_document(path)
    assert doc.segments == original.segments and doc.speakers == original.speakers
    assert (doc.metadata.title, doc.metadata.source_name) == ("The show", "raw.txt")


# --------------------------------------------------------------------------------- failures

MALFORMED: list[tuple[str, bytes, str]] = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\r\n\t\n", "empty file (only blank lines)"),
    ("binary.txt", bytes(range(256)), "binary data, not a transcript"),
    ("latin1.txt", "Zoë\n".encode("latin-1"), "not UTF-8 or UTF-16 text (invalid byte 0xeb at offset 2)"),
    ("truncated.json", WHISPER_TEXT[:200].encode(), "(the file looks truncated)"),
    (
        "wrong.json",
        b'{"segments": [{"start": "abc", "end": 1, "text": "x"}]}',
        "segments[0].start: expected a number, got 'abc'",
    ),
    ("nothing.json", b'{"segments": []}', "no transcript text found"),
    ("silence.srt", b"1\n00:00:01,000 --> 00:00:02,000\n\n", "no transcript text found"),
    ("bad.srt", b"1\n00:00:01,000 --> soon\nhi\n", "line 2: bad time code 'soon'"),
    ("noheader.vtt", b"Kind: captions\n\n00:01.000 --> 00:02.000\nhi\n", "line 1: missing the WEBVTT header"),
    ("broken.galley.json", b'{"format": "galley-project", "schema_version": 2, "segm', "not valid JSON"),
    ("future.galley.json", b'{"format": "galley-project", "schema_version": 999}', "newer Galley"),
    ("long.json", b'{"segments": "' + b"x" * 1_000_000 + b'"}', "segments: expected a list, got 'xxxx"),
    ("long.srt", b"00:00:01,000 --> " + b"9" * 1_000_000 + b"\n", "line 1: bad time code"),
    ("long-line.json", b"x" * 1_000_000, "invalid JSON at line 1, column 1"),
]


@pytest.mark.parametrize(("name", "data", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_files_raise_format_errors_naming_the_file(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    began = time.perf_counter()
    with pytest.raises(FormatError) as info:
        read_document(path)
    assert time.perf_counter() - began < 2
    assert str(info.value).startswith(f"{path}: ")
    assert message in info.value.message


def test_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"gone\.srt: file not found"):
        read_document(tmp_path / "gone.srt")


# ------------------------------------------------------------------------------ properties

# Fragments that steer random text into every reader's interesting paths.
_PIECES = st.sampled_from(
    ["WEBVTT", "NOTE", "-->", " --> ", "00:00:01,000", "00:01.500", "99:99", "\n", "\n\n",
     "\r", "Maya: ", "SPEAKER_00: ", ">> ", "[Sam] ", "<v Ann>", "</v>", "<i>", "&amp;", "&",
     "{", "}", "[", "]", '"segments"', '"text"', ":", ",", "1", "-1", "null", "\u2029", "\t",
     " ", "é", '"transcription"', '"start"', "<", ">", "\\an8"]
)  # fmt: skip
_TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS)
def test_every_reader_raises_only_format_errors(text: str) -> None:
    for reader in READERS:
        path = Path("fuzz" + reader.extensions[0])
        try:
            doc = reader.read(text, path)
        except FormatError as exc:
            assert str(exc).startswith(f"{path}: ")
        else:
            assert all("\n" not in s.text and s.text.strip() for s in doc.segments)


_KEYS = st.sampled_from(
    ["segments", "start", "end", "text", "words", "word", "speaker", "score", "probability",
     "transcription", "offsets", "timestamps", "from", "to", "tokens", "p", "task", "language",
     "word_segments", "result"]
)  # fmt: skip
_JSON = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(data=_JSON)
def test_random_json_raises_only_format_errors(data: object) -> None:
    reader = reader_named("whisper-json")
    try:
        reader.read(json.dumps(data), Path("fuzz.json"))
    except FormatError as exc:
        assert str(exc).startswith("fuzz.json: ")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_read_document_on_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "anything.txt"
    path.write_bytes(data)
    try:
        doc = read_document(path)
    except FormatError as exc:
        assert str(exc).startswith(f"{path}: ")
    else:
        assert doc.segments
