"""The Whisper JSON family: one reader, the dialect decided from the parsed content.

Dialects (``Metadata.source_format`` is the dialect name):

``whisper``
    openai-whisper / faster-whisper: ``{"text", "segments": [{"start", "end", "text",
    "words"?: [{"word", "start", "end", "probability"}]}], "language"}``; faster-whisper
    dumps may be a bare list of segments, and its words may be ``[start, end, word,
    probability]`` lists (a ``namedtuple`` dumped as JSON).
``openai-verbose``
    The OpenAI API's ``verbose_json``: ``task``/``duration`` beside ``segments``, and word
    timings in a top-level ``words`` list, assigned to the segment that holds each word's
    midpoint. Without ``segments`` (word granularity only) the text becomes one segment.
    Its ``language`` is a name ("english"); it is stored as a code ("en").
``whisper.cpp``
    ``-oj`` output: ``{"result": {"language"}, "transcription": [{"timestamps": {"from",
    "to"}, "offsets": {"from", "to"}, "text"}]}``. ``offsets`` (milliseconds) are preferred
    over the ``timestamps`` strings. With ``-ojf`` each entry has ``tokens``; they are
    merged into words (a token starting with a space starts a new word, special tokens
    such as ``[_BEG_]`` are dropped, a word's probability is the mean of its tokens' ``p``).
``whisperx``
    Segments with ``speaker`` labels and words with ``score`` (stored as probability) and
    ``speaker``; recognised by ``word_segments`` or any segment ``speaker``. Each label
    becomes a Speaker named after it (``SPEAKER_00``); ``Word.speaker`` holds the speaker
    *id*. Words WhisperX could not align (numbers) have no times and are kept.

Segment and word texts are stripped (Whisper starts them with a space) and empty ones
skipped. Wrong shapes raise ``FormatError`` with the JSON path, e.g.
``segments[3].start: expected a number, got 'abc'``; NaN, infinite or negative times and
an end before the start are errors too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from editor.core.document import Document
from editor.core.model import Word
from editor.formats.errors import FormatError
from editor.formats.readers.base import (
    MISSING,
    Draft,
    Reader,
    ShapeError,
    SpeakerTable,
    build_document,
    check_order,
    child,
    expect_list,
    expect_object,
    expect_probability,
    expect_str,
    expect_time,
    get,
    language_code,
    load_json,
    one_line,
)
from editor.formats.timecode import parse_timecode

NOT_A_TRANSCRIPT = (
    "JSON, but not a transcript format Galley knows "
    "(expected Whisper, WhisperX, whisper.cpp or a Galley project)"
)

_JSON_START = re.compile(r'\s*(?:\{\s*["}]|\[\s*[{\]])')
_HINTS = ('"segments"', '"transcription"', '"word_segments"')
_PROJECT = re.compile(r'"format"\s*:\s*"galley-project"')
_SPECIAL_TOKEN = re.compile(r"\[_[^\]]{0,30}\]|<\|[^|]{0,30}\|>")

Parsed = tuple[list[Draft], str | None]  # drafts and the file's language


# ------------------------------------------------------------------------------- detection


def sniff(head: str, path: Path) -> int:
    """90 for JSON naming Whisper keys early, 40 for other JSON, 1 for a bare ``.json`` name.

    Whisper puts the whole ``text`` before ``segments``, so a long transcript may show no
    key in the head; plain JSON still outbids plain text, and the full parse in ``read``
    decides the dialect (or reports that the JSON is not a known transcript).
    """
    if _PROJECT.search(head[:4096]) or path.name.lower().endswith(".galley.json"):
        return 0  # the project reader's
    if not _JSON_START.match(head):
        return 1 if READER.matches_extension(path) else 0
    return 90 if any(hint in head for hint in _HINTS) else 40


def detect_dialect(data: Any) -> str | None:
    """The dialect name of parsed JSON, or ``None`` when it is no Whisper output."""
    if isinstance(data, list):
        # faster-whisper: a bare list of segment objects (an empty list is a silent file).
        if not data or (isinstance(data[0], dict) and ("text" in data[0] or "start" in data[0])):
            return "whisper"
        return None
    if not isinstance(data, dict) or data.get("format") == "galley-project":
        return None
    if "transcription" in data:
        return "whisper.cpp"
    if "segments" not in data:
        return "openai-verbose" if "task" in data and isinstance(data.get("words"), list) else None
    segments = data["segments"]
    if "word_segments" in data or (
        isinstance(segments, list) and any(isinstance(s, dict) and "speaker" in s for s in segments)
    ):
        return "whisperx"
    if "task" in data or "duration" in data or isinstance(data.get("words"), list):
        return "openai-verbose"
    return "whisper"


def read(text: str, path: Path) -> Document:
    """Parse any Whisper-family JSON into segments, words and (WhisperX) speakers."""
    data = load_json(text, path)
    dialect = detect_dialect(data)
    if dialect is None:
        raise FormatError(path, NOT_A_TRANSCRIPT)
    table = SpeakerTable()
    try:
        drafts, language = _PARSERS[dialect](data, table)
    except ShapeError as exc:
        raise FormatError(path, str(exc)) from None
    return build_document(drafts, table.speakers, source_format=dialect, language=language_code(language))


# ------------------------------------------------------------- whisper, openai, whisperx


def _clean(text: str) -> str:
    return one_line(text).strip()


def _segments(items: list[Any], where: str, table: SpeakerTable) -> list[Draft]:
    """Drafts from a list of Whisper-style segment objects (empty texts skipped)."""
    drafts = []
    for index, item in enumerate(items):
        here = child(where, index)
        segment = expect_object(item, here)
        start = expect_time(get(segment, "start"), child(here, "start"))
        end = expect_time(get(segment, "end"), child(here, "end"))
        check_order(start, end, here)
        text = _clean(expect_str(get(segment, "text"), child(here, "text")) or "")
        label = expect_str(get(segment, "speaker"), child(here, "speaker"), optional=True)
        speaker = table.id_for(label) if label else None
        words = _words(get(segment, "words"), child(here, "words"), table)
        if text:
            drafts.append(Draft(text, speaker, start, end, words, original=text))
    return drafts


def _words(value: Any, where: str, table: SpeakerTable) -> tuple[Word, ...]:
    """Words from a list of ``{"word", "start", "end", "probability" | "score"}``."""
    if value is MISSING or value is None:
        return ()
    words = []
    for index, item in enumerate(expect_list(value, where)):
        here = child(where, index)
        if isinstance(item, list) and len(item) == 4:
            item = dict(zip(("start", "end", "word", "probability"), item))
        word = expect_object(item, here)
        key = "word" if "word" in word else "text"
        text = _clean(expect_str(get(word, key), child(here, key)) or "")
        start = expect_time(get(word, "start"), child(here, "start"), optional=True)
        end = expect_time(get(word, "end"), child(here, "end"), optional=True)
        check_order(start, end, here)
        score_key = "probability" if "probability" in word else "score"
        probability = expect_probability(word.get(score_key), child(here, score_key))
        label = expect_str(get(word, "speaker"), child(here, "speaker"), optional=True)
        if text:
            words.append(Word(text, start, end, probability, table.id_for(label) if label else None))
    return tuple(words)


def _top_segments(data: Any, table: SpeakerTable) -> list[Draft]:
    if isinstance(data, list):
        return _segments(data, "", table)
    return _segments(expect_list(data["segments"], "segments"), "segments", table)


def _language(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    return expect_str(get(data, "language"), "language", optional=True)


def _parse_whisper(data: Any, table: SpeakerTable) -> Parsed:
    return _top_segments(data, table), _language(data)


def _parse_openai(data: Mapping[str, Any], table: SpeakerTable) -> Parsed:
    words = _words(get(data, "words"), "words", table)
    if "segments" not in data:
        text = _clean(expect_str(get(data, "text"), "text") or "")
        # The span of the words' times: the first word may lack a start or the last an
        # end (or the list may be out of order), and a segment never ends before it starts.
        times = [t for word in words for t in (word.start, word.end) if t is not None]
        start, end = (min(times), max(times)) if times else (None, None)
        return [Draft(text, None, start, end, words, original=text)], _language(data)
    drafts = _top_segments(data, table)
    _assign_words(drafts, words)
    return drafts, _language(data)


def _assign_words(drafts: list[Draft], words: tuple[Word, ...]) -> None:
    """Give each word to the segment holding its midpoint (segments keep their own words)."""
    if not drafts or not words:
        return
    starts = [d.start if d.start is not None else 0.0 for d in drafts]
    buckets: list[list[Word]] = [[] for _ in drafts]
    last = 0
    for word in words:
        times = [t for t in (word.start, word.end) if t is not None]
        if times:
            last = max(0, bisect_right(starts, sum(times) / len(times)) - 1)
        buckets[last].append(word)  # an untimed word stays with its predecessor
    for draft, bucket in zip(drafts, buckets):
        if not draft.words:
            draft.words = tuple(bucket)


def _parse_whisperx(data: Mapping[str, Any], table: SpeakerTable) -> Parsed:
    # word_segments repeats the segments' words without speakers; the segments win.
    return _top_segments(data, table), _language(data)


# ------------------------------------------------------------------------------ whisper.cpp


def _parse_cpp(data: Mapping[str, Any], table: SpeakerTable) -> Parsed:
    drafts = []
    for index, item in enumerate(expect_list(get(data, "transcription"), "transcription")):
        here = child("transcription", index)
        entry = expect_object(item, here)
        text = _clean(expect_str(get(entry, "text"), child(here, "text")) or "")
        start, end = _cpp_times(entry, here, optional=False)
        words = _cpp_words(get(entry, "tokens"), child(here, "tokens"))
        if text:
            drafts.append(Draft(text, None, start, end, words, original=text))
    result = data.get("result")
    language = _language(result) if isinstance(result, dict) else None
    return drafts, language


def _cpp_times(entry: Mapping[str, Any], where: str, *, optional: bool) -> tuple[float | None, float | None]:
    """Seconds from ``offsets`` (milliseconds), else from the ``timestamps`` strings."""
    if "offsets" in entry or "timestamps" not in entry:
        key = child(where, "offsets")
        if optional and get(entry, "offsets") in (MISSING, None):
            return None, None
        offsets = expect_object(get(entry, "offsets"), key)
        start = expect_time(get(offsets, "from"), child(key, "from"))
        end = expect_time(get(offsets, "to"), child(key, "to"))
        start, end = _seconds(start), _seconds(end)
    else:
        key = child(where, "timestamps")
        stamps = expect_object(get(entry, "timestamps"), key)
        start, end = (
            _clock(get(stamps, "from"), child(key, "from")),
            _clock(get(stamps, "to"), child(key, "to")),
        )
    check_order(start, end, where)
    return start, end


def _seconds(milliseconds: float | None) -> float | None:
    return None if milliseconds is None else milliseconds / 1000


def _clock(value: Any, where: str) -> float:
    text = expect_str(value, where) or ""
    try:
        return parse_timecode(text)
    except (ValueError, OverflowError):  # OverflowError: more hours than a float holds
        raise ShapeError(f"{where}: expected a time like '00:00:01,000', got {text[:40]!r}") from None


def _cpp_words(value: Any, where: str) -> tuple[Word, ...]:
    """Words merged from ``-ojf`` tokens (see the module docstring)."""
    if value is MISSING or value is None:
        return ()
    pieces: list[tuple[str, float | None, float | None, float | None]] = []
    for index, item in enumerate(expect_list(value, where)):
        here = child(where, index)
        token = expect_object(item, here)
        text = one_line(expect_str(get(token, "text"), child(here, "text")) or "")
        if not text.strip() or _SPECIAL_TOKEN.fullmatch(text.strip()):
            continue
        start, end = _cpp_times(token, here, optional=True)
        pieces.append((text, start, end, expect_probability(token.get("p"), child(here, "p"))))
    return _merge_tokens(pieces)


def _merge_tokens(pieces: list[tuple[str, float | None, float | None, float | None]]) -> tuple[Word, ...]:
    groups: list[list[tuple[str, float | None, float | None, float | None]]] = []
    for piece in pieces:
        if not groups or piece[0].startswith(" "):
            groups.append([piece])
        else:
            groups[-1].append(piece)  # a continuation piece ("Hel" + "lo", "word" + ",")
    words = []
    for group in groups:
        text = "".join(p[0] for p in group).strip()
        probabilities = [p[3] for p in group if p[3] is not None]
        probability = sum(probabilities) / len(probabilities) if probabilities else None
        if text:
            words.append(Word(text, group[0][1], group[-1][2], probability))
    return tuple(words)


_PARSERS = {
    "whisper": _parse_whisper,
    "openai-verbose": _parse_openai,
    "whisper.cpp": _parse_cpp,
    "whisperx": _parse_whisperx,
}

READER = Reader(
    name="whisper-json",
    label="Whisper JSON (openai-whisper, faster-whisper, OpenAI API, whisper.cpp, WhisperX)",
    extensions=(".json",),
    sniff=sniff,
    read=read,
)
