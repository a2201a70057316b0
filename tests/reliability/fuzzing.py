"""Shared fuzzing machinery: Hypothesis profiles, the per-case harness, counters, strategies.

The promise every importer keeps, checked by :func:`check_read` for each generated case:
reading a file ends in a loaded ``Document`` or in one clear error (``FormatError`` from
``read_document``, ``ProjectError`` from ``load_project``) whose message is one line naming
the file and the problem. Never another exception, never a hang past
:data:`CASE_TIMEOUT`, never a write to disk, and the source file is left unchanged. A
loaded document must also be one the rest of the app can live with: every segment is one
line as the editor sees it, times are finite and ordered, anchors read their text, and it
saves and reloads to an equal document.
"""

from __future__ import annotations

import contextlib
import faulthandler
import json
import os
import re
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from editor.core import project
from editor.core.document import Document, normalize_newlines
from editor.core.errors import FileProblem
from editor.core.model import (
    Annotation,
    AnnotationStatus,
    Decision,
    DecisionAction,
    Glossary,
    Metadata,
    Segment,
    Speaker,
    Word,
)
from editor.formats.timecode import format_timecode

# ------------------------------------------------------------------------------ profiles

LONG = os.environ.get("GALLEY_FUZZ", "").strip().lower() == "long"
PROFILE_NAME = "galley-fuzz-long" if LONG else "galley-fuzz-ci"

_SUPPRESSED = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
    HealthCheck.function_scoped_fixture,
]
# No Hypothesis deadline: timing on a shared 2-core machine is noisy, and a deadline only
# measures. A case is bounded by CASE_TIMEOUT instead, which interrupts it (see time_limit).
settings.register_profile(
    "galley-fuzz-ci", max_examples=200, deadline=None, suppress_health_check=_SUPPRESSED, print_blob=True
)
settings.register_profile(
    "galley-fuzz-long", max_examples=4000, deadline=None, suppress_health_check=_SUPPRESSED, print_blob=True
)
FUZZ = settings.get_profile(PROFILE_NAME)
"""Decorate each fuzz test with this (never loaded globally: other tests keep theirs)."""

CASE_TIMEOUT = 30.0 if LONG else 15.0
"""Seconds one case may take before it counts as a hang (typical cases take milliseconds)."""

KILLS = 300 if LONG else 20
"""How many times the crash-during-save test kills a saving process."""

# ------------------------------------------------------------------------------ counters

COUNTS: dict[str, Counter[str]] = {}
SLOWEST: dict[str, float] = {}
MESSAGES: dict[str, Counter[str]] = {}
NOTES: list[str] = []


def record(target: str, outcome: str, seconds: float = 0.0, message: str = "") -> None:
    """Count one case of ``target`` that ended in ``outcome`` (``loaded``, ``error`` ...)."""
    COUNTS.setdefault(target, Counter())[outcome] += 1
    SLOWEST[target] = max(SLOWEST.get(target, 0.0), seconds)
    if message:
        # Digits and quoted values vary per case; the kind of problem is what is counted.
        kind = re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "#", message)[:70]
        MESSAGES.setdefault(target, Counter())[kind] += 1


def note(line: str) -> None:
    """A free-form line for the session summary (e.g. the crash-save outcomes)."""
    NOTES.append(line)


def summary_lines() -> list[str]:
    lines = [f"{'target':<34} {'cases':>7} {'loaded':>7} {'clear error':>11} {'slowest s':>9}"]
    for target in sorted(COUNTS):
        counts = COUNTS[target]
        total = sum(counts.values())
        lines.append(
            f"{target:<34} {total:>7} {counts['loaded']:>7} {counts['error']:>11} {SLOWEST.get(target, 0):>9.3f}"
        )
    lines.append(f"{'total':<34} {sum(sum(c.values()) for c in COUNTS.values()):>7}")
    lines.extend(NOTES)
    return lines


def report_data() -> dict[str, Any]:
    return {
        "profile": PROFILE_NAME,
        "targets": {
            target: {
                "cases": sum(counts.values()),
                **counts,
                "slowest_seconds": round(SLOWEST.get(target, 0.0), 4),
                "error_kinds": dict(MESSAGES.get(target, Counter()).most_common(15)),
            }
            for target, counts in sorted(COUNTS.items())
        },
        "notes": NOTES,
    }


# ------------------------------------------------------------------------------- harness


class CaseTimeout(Exception):
    """A case ran longer than :data:`CASE_TIMEOUT`: a hang, reported as a failure."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (SIGALRM), and as a last resort dump every
    thread's stack and exit if it is stuck in C code that never returns to Python."""

    def on_alarm(signum: int, frame: Any) -> None:
        raise CaseTimeout(f"the case took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds * 4, exit=True)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        faulthandler.cancel_dump_traceback_later()


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time."""
    found = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root, name)
            info = path.stat()
            found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return found


def check_message(error: FileProblem, path: Path) -> str:
    """The error names the file and the problem, on one line of reasonable length."""
    text = str(error)
    assert error.path == str(path), f"the error names {error.path!r}, not the file read: {text[:200]}"
    assert text == f"{path}: {error.message}", text[:300]
    assert error.message.strip(), "the error names no problem"
    assert "\n" not in text and "\r" not in text, f"the message is not one line: {text[:300]!r}"
    assert len(error.message) <= 400, f"the message is too long ({len(error.message)} chars): {text[:300]}"
    assert "Traceback" not in text
    return error.message


def check_document(doc: Document) -> None:
    """What every loaded document must satisfy for the editor and the next save."""
    for segment in doc.segments:
        assert "\n" not in normalize_newlines(segment.text), (
            f"segment {segment.id} is not one line: {segment.text[:80]!r}"
        )
        for value in (segment.start, segment.end):
            assert value is None or (isinstance(value, float | int) and 0 <= value < float("inf")), (
                segment.id,
                value,
            )
        if segment.start is not None and segment.end is not None:
            assert segment.start <= segment.end, f"segment {segment.id} ends before it starts"
    for annotation in (*doc.annotations, *doc.findings):
        text = doc.segment(annotation.segment_id).text
        assert text[annotation.start : annotation.end] == annotation.text, annotation
    for tag in doc.tags:
        assert doc.index_of(tag.first_segment_id) <= doc.index_of(tag.last_segment_id), tag
    # The document can be saved, and reads back as the same document (the reload is
    # skipped for the few enormous cases, where it would only cost time).
    data = project.project_bytes(doc)
    if len(data) > 2_000_000:
        return
    again = project.document_from_json(data.decode("utf-8"), "round-trip.galley.json")
    assert again.state() == doc.state(), "saving and reloading changed the document"


def check_read(
    target: str,
    folder: Path,
    name: str,
    data: bytes,
    read: Callable[[Path], Document],
    expected: type[FileProblem],
) -> str:
    """Write ``data`` as ``folder/name``, read it, and check the promise (module docstring).

    Returns ``"loaded"`` or ``"error"``; anything else fails the test.
    """
    for leftover in folder.iterdir():
        leftover.unlink()
    path = folder / name
    path.write_bytes(data)
    home = Path(os.environ["GALLEY_HOME"])
    before, home_before = listing(folder), listing(home)
    message = ""
    started = time.perf_counter()
    try:
        with time_limit(CASE_TIMEOUT):
            doc = read(path)
    except expected as error:
        message = check_message(error, path)
        outcome = "error"
    except Exception as error:  # the promise: nothing but the one clear error type
        raise AssertionError(
            f"{target}: {type(error).__name__} escaped instead of a clear {expected.__name__}: {str(error)[:300]}"
        ) from error
    else:
        outcome = "loaded"
        with time_limit(CASE_TIMEOUT):
            check_document(doc)
    elapsed = time.perf_counter() - started
    assert listing(folder) == before, f"{target}: reading wrote to the folder: {sorted(listing(folder))}"
    assert listing(home) == home_before, f"{target}: reading wrote to the user folders"
    assert path.read_bytes() == data, f"{target}: the source file changed"
    record(target, outcome, elapsed, message)
    return outcome


# ------------------------------------------------------------------------------ bytes


class Raw(str):
    """A JSON literal written as it is: ``NaN``, ``1e400``, a 5000-digit integer ..."""


def dumps(value: Any, indent: bool = False) -> str:
    """JSON text of ``value``, with :class:`Raw` parts written verbatim."""
    sep = "\n" if indent else " "
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, dict):
        return (
            "{"
            + ("," + sep).join(f"{json.dumps(str(k))}: {dumps(v, indent)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ("," + sep).join(dumps(v, indent) for v in value) + "]"
    return json.dumps(value)  # NaN and Infinity come out as JSON's non-standard tokens


ENCODINGS = ("utf-8",) * 8 + (
    "utf-8-sig",
    "utf-16",
    "utf-16-be-bom",
    "utf-16-le",
    "utf-32",
    "latin-1",
    "cp1252",
)
"""Mostly UTF-8 (so most cases reach the parser), with every other form a file arrives in."""


def encode(text: str, how: str) -> bytes:
    """``text`` as bytes in one of :data:`ENCODINGS` (lossy ones replace what they lack)."""
    if how == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be", "surrogatepass")
    if how in ("latin-1", "cp1252"):
        return text.encode(how, "replace")
    return text.encode(how, "surrogatepass")


# Byte sequences that stress decoders and parsers when spliced into a file.
TOKENS = (
    b"\x00", b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\xed\xa0\x80", b"\xc3", b"\x80", b"\r", b"\r\n",
    b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xc2\x85", b"\x0b", b"-->", b" --> ", b"WEBVTT\n", b"NaN", b"-1",
    b"1e400", b"9" * 400, b"Infinity", b"[" * 2000, b"{", b"}", b'"', b"\\", b"\\ud800", b"\\u0000",
    b"\n\n", b"<v Maya>", b"</v>", b"<i>", b"&amp;", b"&#0;", b"Maya: ", b"99:59:59,999",
)  # fmt: skip


@st.composite
def corrupted(draw: st.DrawFn, data: bytes, max_mutations: int = 4) -> bytes:
    """``data`` with a few byte flips, insertions, deletions, truncations or splices."""
    buffer = bytearray(data)
    for _ in range(draw(st.integers(0, max_mutations))):
        kind = draw(st.sampled_from(("flip", "insert", "delete", "truncate", "duplicate", "token", "token")))
        position = draw(st.integers(0, len(buffer)))
        if kind == "flip" and buffer:
            position = min(position, len(buffer) - 1)
            buffer[position] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            buffer[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del buffer[position : position + draw(st.integers(1, 64))]
        elif kind == "truncate":
            del buffer[position:]
        elif kind == "duplicate":
            size = draw(st.integers(1, 200))
            buffer[position:position] = buffer[position : position + size]
        else:
            buffer[position:position] = draw(st.sampled_from(TOKENS))
    return bytes(buffer)


@st.composite
def maybe_corrupted(draw: st.DrawFn, data: bytes) -> bytes:
    """Usually ``data`` itself (to reach deep into the parser), sometimes corrupted."""
    return draw(corrupted(data)) if draw(st.integers(0, 3)) == 0 else data


# ------------------------------------------------------------------------------- text

SPECIAL_CHARS = "\t\r\x0b\x0c\x1c\x85\u2028\u2029\ufeff\u200b\u00a0<>&\"':[]{}\\/é“”中😀\U0001d7ce٠"
TEXT_TOKENS = (
    "-->", " --> ", "WEBVTT", "NOTE", "STYLE", "REGION", "<v Maya>", "</v>", "<v.loud Ann Lee>", "<v>", "<i>",
    "</i>", "<b>", "<font color=red>", "{\\an8}", "&amp;", "&lt;", "&#xd800;", "&#0;", "&#1114112;", "&nbsp;",
    "[Music]", "[Maya]", ">> Maya:", "Maya: ", "SPEAKER_00: ", "Dr. Ann Lee: ", "Note: ", "00:00:01,000",
    "00:01.000", "99:99:99,999", "1", "0", "\n", "\n\n", " ", "<00:01.000>", "<ruby>", "<c.yellow>", "Language: en",
)  # fmt: skip

fragments = st.one_of(
    # NUL is rare on its own (it makes a whole file binary); SPECIAL_CHARS still has it.
    st.text(st.characters(exclude_characters="\x00"), max_size=30),
    st.text(alphabet=SPECIAL_CHARS + "ab M", max_size=20),
    st.sampled_from(TEXT_TOKENS),
)
lines = st.lists(fragments, max_size=6).map("".join)
payload_lines = st.lists(
    st.one_of(
        st.text(st.characters(exclude_characters="\x00\n\r"), max_size=30),
        st.text(alphabet=SPECIAL_CHARS.replace("\r", "") + "ab M", max_size=20),
        st.sampled_from([t for t in TEXT_TOKENS if "\n" not in t]),
    ),
    max_size=6,
).map("".join)
"""Text for one line of a cue: no line breaks (those come from the cue structure)."""
huge_lines = st.tuples(
    st.sampled_from(("a", "Maya: ", "<i", "-->", "00:", "&amp;", "é", " ")), st.integers(10_000, 200_000)
).map(lambda pair: pair[0] * (pair[1] // len(pair[0])))


# ---------------------------------------------------------------------- JSON values


def _raw_tokens() -> tuple[Raw, ...]:
    return tuple(
        Raw(token)
        for token in (
            "NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1" + "0" * 400, "1" + "0" * 5000, "-0", "-0.0",
            "1e-400", "0.1e1", '"\\ud800"', '"\\udc00x"', '"a\\ud83d"', '"\\ud83d\\ude00"', '"a\\u0000b"',
            '"\\u2029x"', '"x\\ry"', "[" * 50 + "]" * 50, "[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000,
            "true", "null", '""', "[]", "{}",
        )
    )  # fmt: skip


WEIRD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(_raw_tokens()),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.just("x" * 100_000),
)
"""Any JSON value, favouring the ones parsers get wrong: wrong types, non-finite and huge
numbers, lone surrogates, NUL and line breaks in strings, deep nesting."""


# ------------------------------------------------------------------------ timecodes

_WEIRD_TIMECODES = (
    "-00:00:01,000", "00:00:01", "00:00:01.5", "1:2:3,4", "00:60:00,000", "00:00:60,000", "9" * 400 + ":00:00,000",
    "9" * 30 + ":00:00,000", "9" * 5000 + ":00:00,000", "NaN", "inf", "1e400", "", "00:00:01,0000", "٠٠:٠٠:٠١,٠٠٠",
    "00:00:01，000", "𝟎𝟎:𝟎𝟎:𝟎𝟏,𝟎𝟎𝟎", "00:00:01,000 00:00:02,000", "0:00.000", "00:00:00,000",
)  # fmt: skip


def timecodes(vtt: bool, seconds: st.SearchStrategy[float] | None = None) -> st.SearchStrategy[str]:
    """A time code (of ``seconds`` when given), sometimes a broken or extreme one."""
    seconds = seconds if seconds is not None else st.floats(0, 400_000, allow_nan=False, allow_infinity=False)
    valid = st.builds(
        lambda s, hours: format_timecode(s, separator="." if vtt else ",", always_hours=hours),
        seconds,
        st.booleans(),
    )
    return st.one_of(valid, valid, valid, st.sampled_from(_WEIRD_TIMECODES))


_SECONDS = st.floats(0, 400_000, allow_nan=False, allow_infinity=False)
_WEIRD_TIMECODE = st.sampled_from(_WEIRD_TIMECODES)
_QUARTER = st.integers(0, 3)
_TENTH = st.integers(0, 9)
_DURATION = st.floats(0, 60)


@st.composite
def time_lines(draw: st.DrawFn, vtt: bool, faults: bool = True) -> tuple[str, str]:
    """Start and end time codes, in order (a cue of up to a minute); with ``faults``,
    sometimes reversed, broken or extreme. (Built from shared strategies: cheap to draw.)"""
    start = draw(_SECONDS)
    end = start + draw(_DURATION) if not faults or draw(_TENTH) else draw(_SECONDS)

    def code(seconds: float) -> str:
        if faults and draw(_QUARTER) == 0:
            return draw(_WEIRD_TIMECODE)
        return format_timecode(seconds, separator="." if vtt else ",", always_hours=draw(st.booleans()))

    return code(start), code(end)


# ------------------------------------------------------------------------ documents

_names = st.sampled_from(
    ("Maya", "Siobhan Nguyen", "SPEAKER_00", "<script>", "a\u2029b", "   ", "名前", "x" * 300)
)
_one_line_text = st.text(max_size=40).map(lambda t: normalize_newlines(t).replace("\n", " "))
_times = st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False, allow_infinity=False))


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """A valid, varied Document using every part of the project file."""
    speakers = [
        Speaker(
            f"sp{i}",
            draw(_names | _one_line_text.filter(bool)),
            draw(st.sampled_from(("#112233", "#ABCDEF"))),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    segments = []
    for i in range(draw(st.integers(0, 6))):
        start = draw(_times)
        end = None if start is None else start + draw(st.floats(0, 100))
        words = tuple(
            Word(draw(_one_line_text), draw(_times), None, draw(st.one_of(st.none(), st.floats(0, 1))), None)
            for _ in range(draw(st.integers(0, 2)))
        )
        speaker = draw(st.sampled_from([None, *(s.id for s in speakers)]))
        original = draw(st.one_of(st.none(), st.text(max_size=20)))
        line = draw(st.one_of(st.none(), st.integers(1, 10**6)))
        segments.append(
            Segment(f"s{i + 1}", draw(_one_line_text), speaker, start, end, words, original, line)
        )
    metadata = Metadata(
        title=draw(st.text(max_size=20)),
        language=draw(st.sampled_from(("en", "de-AT", ""))),
        source_name="x.txt",
    )
    plugin_data = draw(
        st.dictionaries(
            st.text(max_size=8),
            st.recursive(
                st.none() | st.integers() | st.text(max_size=5),
                lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=3), c, max_size=3),
                max_leaves=8,
            ),
            max_size=2,
        )
    )
    glossary = Glossary(
        tuple(draw(st.lists(st.text(min_size=1, max_size=10), max_size=3))), (("pie torch", "PyTorch"),)
    )
    doc = Document(segments, speakers, metadata=metadata, glossary=glossary, plugin_data=plugin_data)
    spans = [(s, i) for s in segments for i in range(len(s.text))]
    for segment, start in draw(st.lists(st.sampled_from(spans), max_size=3)) if spans else ():
        end = draw(st.integers(start + 1, len(segment.text)))
        status = draw(st.sampled_from(list(AnnotationStatus)))
        doc.add_annotations(
            [Annotation("", segment.id, start, end, "spelling", segment.text[start:end], status=status)]
        )
    if segments:
        first, last = sorted(
            draw(st.lists(st.sampled_from(segments), min_size=2, max_size=2)), key=segments.index
        )
        doc.add_tag(
            "chapter", first.id, last.id, title=draw(st.text(max_size=10)), note=draw(st.text(max_size=10))
        )
    doc.add_decision(Decision("", draw(st.sampled_from(list(DecisionAction))), "pie torch", "PyTorch"))
    return doc


def json_paths(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside parsed JSON (``()`` is the whole)."""
    yield here
    if isinstance(value, dict):
        for key, item in value.items():
            yield from json_paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from json_paths(item, (*here, index))


@st.composite
def mutated_json(draw: st.DrawFn, data: Any, max_mutations: int = 3) -> Any:
    """``data`` (parsed JSON) with a few values replaced, removed, duplicated or wrapped."""
    data = json.loads(json.dumps(data))
    for _ in range(draw(st.integers(0, max_mutations))):
        paths = [p for p in json_paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        action = draw(st.sampled_from(("replace", "replace", "delete", "duplicate", "wrap", "swap")))
        if action == "replace":
            parent[key] = draw(WEIRD)
        elif action == "delete":
            del parent[key]
        elif action == "duplicate":
            if isinstance(parent, list):
                parent.insert(key, json.loads(json.dumps(parent[key])))
            else:
                parent[key + "_"] = parent[key]
        elif action == "wrap":
            parent[key] = [parent[key]]
        else:  # swap with another value of the file
            other = draw(st.sampled_from(paths))
            source = data
            for part in other:
                source = source[part] if isinstance(source, dict | list) and _has(source, part) else None
            if source is not None:
                parent[key] = json.loads(json.dumps(source))
    return data


def _has(container: Any, key: Any) -> bool:
    if isinstance(container, dict):
        return key in container
    return isinstance(key, int) and 0 <= key < len(container)
