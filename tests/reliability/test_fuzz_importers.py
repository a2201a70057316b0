"""Fuzzing every importer: near-valid files of each format, then corrupted.

Each test generates files that are *almost* right (so the parser gets deep before it meets
the problem), optionally breaks their bytes, and checks the promise in
:func:`tests.reliability.fuzzing.check_read`: a loaded Document or one clear
``FormatError`` naming the file, no other exception, no hang, no write, source unchanged.
Targets and case counts are printed at the end of the session.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.formats.errors import FormatError
from editor.formats.readers import read_document
from tests.reliability.fuzzing import (
    ENCODINGS,
    FUZZ,
    Raw,
    check_read,
    corrupted,
    dumps,
    encode,
    fragments,
    huge_lines,
    lines,
    maybe_corrupted,
    mutated_json,
    payload_lines,
    time_lines,
    timecodes,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(
    p
    for p in [*(ROOT / "resources" / "samples").iterdir(), *(ROOT / "tests" / "data" / "formats").iterdir()]
    if p.is_file() and p.suffix in (".txt", ".srt", ".vtt", ".json")
) + sorted((ROOT / "tests" / "data" / "projects").glob("*.json"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder for one test's cases (emptied again before every case)."""
    path = tmp_path / "cases"
    path.mkdir()
    return path


def _read(path: Path) -> Any:
    return read_document(path)


def _check(target: str, folder: Path, name: str, data: bytes) -> None:
    check_read(target, folder, name, data, _read, FormatError)


@st.composite
def encoded(draw: st.DrawFn, text: str) -> bytes:
    """``text`` in a usually-valid encoding, sometimes corrupted."""
    return draw(maybe_corrupted(encode(text, draw(st.sampled_from(ENCODINGS)))))


# --------------------------------------------------------------------------- plain text


@st.composite
def plain_texts(draw: st.DrawFn) -> str:
    body = draw(st.lists(st.one_of(lines, lines, st.just(""), huge_lines), max_size=12))
    return draw(st.sampled_from(("\n", "\r\n", "\r", "\u2029"))).join(body)


@FUZZ
@given(text=plain_texts(), name=st.sampled_from(("talk.txt", "talk", "talk.md", "talk.TXT")), data=st.data())
def test_plain_text(folder: Path, text: str, name: str, data: st.DataObject) -> None:
    _check("plain text", folder, name, data.draw(encoded(text)))


# --------------------------------------------------------------------------------- SRT


@st.composite
def cue_blocks(draw: st.DrawFn, vtt: bool, faults: bool) -> str:
    """One cue: identifier, time line, payload. With ``faults`` the identifier and time
    line may be broken, reversed, negative or extreme; without, only the payload is odd."""
    parts = []
    odd = (("-1", "１", "intro") if not vtt else ("-1", "１")) if faults else ()  # SRT: a number
    identifier = draw(st.sampled_from(("", "1", "42", "007", "", "1", "42", "intro" if vtt else "7", *odd)))
    if identifier:
        parts.append(identifier)
    start, end = draw(time_lines(vtt, faults))
    arrows = ("-->", "-->", "-->", " --> ", *(("->", "—>", "-- >", "-->-->") if faults else ()))
    arrow = draw(st.sampled_from(arrows))
    settings = draw(st.sampled_from(("", "", " align:start position:10%", " X1:40 X2:600", " " + "x" * 500)))
    parts.append(f"{start} {arrow} {end}{settings}".replace("  ", " "))
    parts.extend(
        draw(st.lists(st.one_of(payload_lines, payload_lines, payload_lines, lines, huge_lines), max_size=3))
    )
    return "\n".join(parts)


@st.composite
def srt_texts(draw: st.DrawFn) -> str:
    cues = draw(st.lists(cue_blocks(vtt=False, faults=draw(st.booleans())), max_size=10))
    gap = draw(st.sampled_from(("\n\n", "\n\n", "\n", "\n\n\n", "\n \n")))
    text = gap.join(cues) + draw(st.sampled_from(("", "\n", "\n\n")))
    return text.replace("\n", draw(st.sampled_from(("\n", "\n", "\r\n", "\r"))))


@FUZZ
@given(text=srt_texts(), name=st.sampled_from(("sub.srt", "sub.srt", "sub.txt", "sub")), data=st.data())
def test_srt(folder: Path, text: str, name: str, data: st.DataObject) -> None:
    _check("srt", folder, name, data.draw(encoded(text)))


# ------------------------------------------------------------------------------ WebVTT


@st.composite
def vtt_texts(draw: st.DrawFn) -> str:
    header = draw(
        st.sampled_from(
            ("WEBVTT",) * 12 + ("WEBVTT - title", "\ufeffWEBVTT", "WEBVTTX", "", "webvtt", "\n\nWEBVTT")
        )
    )
    header_lines = draw(
        st.lists(
            st.sampled_from(("Language: en", "Kind: captions", "Language: " + "x" * 300, "a --> b")),
            max_size=2,
        )
    )
    cue = cue_blocks(vtt=True, faults=draw(st.booleans()))
    blocks = draw(
        st.lists(
            st.one_of(
                cue,
                cue,
                st.builds(
                    lambda kind, body: f"{kind}{body}",
                    st.sampled_from(("NOTE", "NOTE ", "NOTE\n", "STYLE\n", "REGION\n")),
                    payload_lines,
                ),
            ),
            max_size=10,
        )
    )
    gap = draw(st.sampled_from(("\n\n", "\n\n", "\n", "\n\n\n")))
    return gap.join(["\n".join([header, *header_lines]), *blocks])


@FUZZ
@given(
    text=vtt_texts(), name=st.sampled_from(("sub.vtt", "sub.vtt", "sub.webvtt", "sub.txt")), data=st.data()
)
def test_webvtt(folder: Path, text: str, name: str, data: st.DataObject) -> None:
    _check("webvtt", folder, name, data.draw(encoded(text)))


# ------------------------------------------------------------------------ Whisper JSON

# Valid values first: each case is a well-formed file of the dialect, then a few values are
# replaced, removed, duplicated or wrapped (mutated_json), then perhaps its bytes broken.
_text = st.one_of(st.text(max_size=30), fragments)
_time = st.one_of(st.floats(0, 1e4, allow_nan=False), st.integers(0, 10_000))
_prob = st.floats(0, 1)
_speaker = st.sampled_from(("SPEAKER_00", "SPEAKER_01", "", " "))
_language = st.sampled_from(("en", "english", "de", "haitian creole", "en_GB", "zz-ZZ-x", ""))


def _object(
    required: dict[str, Any], optional: dict[str, Any] | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(required, optional=optional or {})


@st.composite
def _timed(
    draw: st.DrawFn, record: st.SearchStrategy[dict[str, Any]], keys: tuple[str, str] = ("start", "end")
) -> dict[str, Any]:
    """``record`` with its end usually at or after its start."""
    value = draw(record)
    first, second = keys
    if isinstance(value.get(first), int | float) and draw(st.integers(0, 9)):
        value[second] = value[first] + draw(st.floats(0, 30))
    return value


_word = _timed(_object({"word": _text}, {"start": _time, "end": _time, "probability": _prob}))
_tuple_word = st.tuples(_time, _time, _text, _prob).map(list)
_x_word = _timed(
    _object({"word": _text}, {"start": _time, "end": _time, "score": _prob, "speaker": _speaker})
)


def _segments(words: st.SearchStrategy[Any], **extra: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    segment = _object(
        {"start": _time, "end": _time, "text": _text},
        {
            "id": st.integers(0, 100),
            "seek": st.integers(0, 10_000),
            "tokens": st.lists(st.integers(0, 60_000), max_size=4),
            "avg_logprob": st.floats(-5, 0),
            "no_speech_prob": _prob,
            "words": st.lists(words, max_size=4),
            **extra,
        },
    )
    return st.lists(_timed(segment), max_size=6)


def _cpp_times(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return _timed(_object({"from": strategy, "to": strategy}), ("from", "to"))


_cpp_token = _object(
    {
        "text": st.sampled_from(
            (" Gut", "en", ",", "[_BEG_]", "<|en|>", " ", "[_TT_" + "9" * 40 + "]", " Berlin.")
        )
    },
    {
        "timestamps": _cpp_times(timecodes(False)),
        "offsets": _cpp_times(_time),
        "id": st.integers(0, 60_000),
        "p": _prob,
    },
)

DIALECTS: dict[str, st.SearchStrategy[Any]] = {
    "whisper": _object({"segments": _segments(_word)}, {"text": _text, "language": _language}),
    "faster-whisper": _segments(st.one_of(_tuple_word, _word)),
    "openai-verbose": st.one_of(
        _object(
            {"task": st.just("transcribe"), "segments": _segments(_word)},
            {"language": _language, "duration": _time, "text": _text, "words": st.lists(_word, max_size=8)},
        ),
        _object(
            {"task": st.just("transcribe"), "text": _text, "words": st.lists(_word, max_size=8)},
            {"language": _language},
        ),
    ),
    "whisper.cpp": _object(
        {
            "transcription": st.lists(
                _object(
                    {"text": _text, "offsets": _cpp_times(_time)},
                    {"timestamps": _cpp_times(timecodes(False)), "tokens": st.lists(_cpp_token, max_size=5)},
                ),
                max_size=5,
            )
        },
        {"systeminfo": st.just("AVX = 1"), "result": _object({}, {"language": _language})},
    ),
    "whisperx": _object(
        {"segments": _segments(_x_word, speaker=_speaker)},
        {"word_segments": st.lists(_x_word, max_size=4), "language": _language},
    ),
}


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
@FUZZ
@given(data=st.data())
def test_whisper_json(folder: Path, dialect: str, data: st.DataObject) -> None:
    value = data.draw(mutated_json(data.draw(DIALECTS[dialect], label="valid json")), label="mutated")
    text = dumps(value, indent=data.draw(st.booleans()))
    name = data.draw(st.sampled_from(("asr.json", "asr.json", "asr.txt", "asr")))
    _check(f"json: {dialect}", folder, name, data.draw(encoded(text)))


# ------------------------------------------------------------------ real sample files


@FUZZ
@given(sample=st.sampled_from(SAMPLES), data=st.data())
def test_mutated_sample_files(folder: Path, sample: Path, data: st.DataObject) -> None:
    """Byte flips, insertions, deletions and splices of real files from the repository."""
    content = data.draw(corrupted(sample.read_bytes(), max_mutations=6), label="bytes")
    name = data.draw(st.sampled_from((sample.name, sample.name, "renamed.txt", "renamed.json")))
    _check("mutated sample files", folder, name, content)


# ------------------------------------------------------------------ pathological files

_DEEP = 100_000


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("deep.json", b"[" * _DEEP + b"]" * _DEEP, "nested too deeply"),
        ("deep.json", b"[" * _DEEP, "nested too deeply"),
        ("deep.json", b'{"segments": ' + b"[" * _DEEP + b"]" * _DEEP + b"}", "nested too deeply"),
        ("deep.json", b'{"a":' * _DEEP + b"1" + b"}" * _DEEP, "nested too deeply"),
        ("deep.galley.json", b"[" * _DEEP + b"]" * _DEEP, "nested too deeply"),
        (
            "deep.galley.json",
            b'{"format": "galley-project", "plugin_data": ' + b"[" * _DEEP + b"]" * _DEEP + b"}",
            "nested too deeply",
        ),
        ("big.json", b'[{"start": 0, "end": 1e400, "text": "x"}]', "finite"),
        ("big.json", b'[{"start": 0, "end": 1' + b"0" * 5000 + b', "text": "x"}]', "JSON"),
        ("big.json", b'[{"start": 0, "end": 1' + b"0" * 400 + b', "text": "x"}]', "end"),
        ("nan.json", b'[{"start": NaN, "end": 1, "text": "x"}]', "start"),
        ("neg.json", b'[{"start": -1, "end": 1, "text": "x"}]', "start"),
        ("order.json", b'[{"start": 5, "end": 1, "text": "x"}]', "ends"),
        ("nul.txt", b"hello\x00world\n", "binary"),
        ("nul.srt", b"1\n00:00:01,000 --> 00:00:02,000\nhi\x00\n", "binary"),
        ("bad.txt", b"caf\xe9 au lait\n", "UTF-8"),
        ("bad16.txt", b"\xff\xfeh\x00\x00\xd8", "UTF-16"),
        ("order.srt", b"1\n00:00:05,000 --> 00:00:01,000\nhi\n", "before it starts"),
        ("neg.srt", b"1\n-00:00:01,000 --> 00:00:02,000\nhi\n", "line 2"),
        ("huge.srt", b"1\n" + b"9" * 400 + b":00:00,000 --> " + b"9" * 400 + b":00:01,000\nhi\n", "line 2"),
        ("huge.vtt", b"WEBVTT\n\n" + b"9" * 5000 + b":00:00.000 --> 00:01.000\nhi\n", "line 3"),
        (
            "cpp.json",
            b'{"transcription": [{"timestamps": {"from": "'
            + b"9" * 400
            + b':00:00,000", "to": "00:00:01,000"}, "text": "x"}]}',
            "timestamps.from",
        ),
    ],
)
def test_pathological_files_give_one_clear_error(
    folder: Path, name: str, content: bytes, problem: str
) -> None:
    check_read("pathological files", folder, name, content, _read, FormatError)
    with pytest.raises(FormatError, match=problem):
        read_document(folder / name)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("long.txt", b"Maya: " + b"word " * 1_000_000),
        ("long.srt", b"1\n00:00:01,000 --> 00:00:02,000\n" + b"<i" * 1_000_000 + b"\n"),
        ("long.vtt", b"WEBVTT\n\n00:01.000 --> 00:02.000\n" + b"<v " * 600_000 + b"\n"),
        ("many.txt", b"a\n" * 200_000),
        ("colons.srt", b"1\n" + b"1:" * 500_000 + b" --> 00:00:01,000\nhi\n"),
        ("tags.vtt", b"WEBVTT\n\n00:01.000 --> 00:02.000\n" + b"&amp;" * 400_000 + b"\n"),
    ],
)
def test_enormous_lines_finish_quickly(folder: Path, name: str, content: bytes) -> None:
    check_read("pathological files", folder, name, content, _read, FormatError)


def test_raw_tokens_survive_the_json_writer() -> None:
    """The fuzzers' JSON writer really writes the non-standard literals it is given."""
    assert (
        dumps({"a": Raw("NaN"), "b": [Raw("1e400")], "c": float("inf")})
        == '{"a": NaN, "b": [1e400], "c": Infinity}'
    )
