"""The project file (``.galley.json``): annotated JSON, validated, migrated, saved atomically.

Layout (schema version 2, JSON Schema in ``resources/schema/galley-project.schema.json``)::

    {"format": "galley-project", "schema_version": 2, "app": {...}, "metadata": {...},
     "speakers": [...], "segments": [...], "annotations": [...], "tags": [...],
     "glossary": {...}, "decisions": [...], "plugin_data": {...}}

Optional values that are absent in the model (``None``, empty word lists) are left out of
the file to keep long transcripts small; loading puts the same defaults back, so a saved
and reloaded project equals the one in memory.
"""

from __future__ import annotations

import json
import math
import re
import stat
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from editor import __version__
from editor.core.atomic import atomic_write
from editor.core.document import Document
from editor.core.errors import ProjectError
from editor.core.model import (
    Annotation,
    AnnotationStatus,
    Decision,
    DecisionAction,
    Glossary,
    Metadata,
    Segment,
    Speaker,
    Tag,
    Word,
)
from editor.core.speakers import default_color

FORMAT_NAME = "galley-project"
SCHEMA_VERSION = 2
EXTENSION = ".galley.json"
MAX_PROJECT_BYTES = 512 * 1024 * 1024
MAX_PLUGIN_DATA_DEPTH = 100
"""Deepest nesting of lists and objects a plugin's data may have. Python's JSON reader
stops near 1,000 levels, but writing data nested that deeply fails when the save starts
from a deeper call stack (the app's), so a project that loads could not be saved."""


# ------------------------------------------------------------------ writing


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != ()}


def _word_json(word: Word) -> dict[str, Any]:
    return _drop_none(
        {"text": word.text, "start": word.start, "end": word.end, "probability": word.probability, "speaker": word.speaker}
    )


def _segment_json(segment: Segment) -> dict[str, Any]:
    data = _drop_none(
        {
            "id": segment.id,
            "text": segment.text,
            "speaker": segment.speaker_id,
            "start": segment.start,
            "end": segment.end,
            "original": segment.original,
            "source_line": segment.source_line,
        }
    )
    if segment.words:
        data["words"] = [_word_json(w) for w in segment.words]
    return data


def _annotation_json(a: Annotation) -> dict[str, Any]:
    return {
        "id": a.id,
        "segment": a.segment_id,
        "start": a.start,
        "end": a.end,
        "kind": a.kind,
        "text": a.text,
        "message": a.message,
        "replacements": list(a.replacements),
        "confidence": a.confidence,
        "status": a.status.value,
        "tool": a.tool,
        "tool_version": a.tool_version,
    }


def document_to_json(doc: Document, *, autosave_of: str | None = None) -> dict[str, Any]:
    """The project as a JSON-ready dict."""
    m = doc.metadata
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "app": {"name": "galley", "version": __version__},
    }
    if autosave_of is not None:
        data["autosave_of"] = autosave_of
    data |= {
        "metadata": {
            "title": m.title,
            "language": m.language,
            "source_name": m.source_name,
            "source_format": m.source_format,
            "source_sha256": m.source_sha256,
            "created": m.created,
            "modified": m.modified,
        },
        "speakers": [{"id": s.id, "name": s.name, "color": s.color} for s in doc.speakers],
        "segments": [_segment_json(s) for s in doc.segments],
        "annotations": [_annotation_json(a) for a in doc.annotations],
        "findings": [_annotation_json(a) for a in doc.findings],
        "tags": [
            {"id": t.id, "label": t.label, "first": t.first_segment_id, "last": t.last_segment_id, "title": t.title, "note": t.note}
            for t in doc.tags
        ],
        "glossary": {"terms": list(doc.glossary.terms), "replacements": [list(p) for p in doc.glossary.replacements]},
        "decisions": [
            {"id": d.id, "action": d.action.value, "original": d.original, "replacement": d.replacement, "tool": d.tool, "kind": d.kind}
            for d in doc.decisions
        ],
        "plugin_data": dict(doc.plugin_data),
    }
    return data


def project_bytes(doc: Document, *, autosave_of: str | None = None) -> bytes:
    """The ``.galley.json`` file content (UTF-8, indented, stable key order).

    A string UTF-8 cannot hold (an unpaired UTF-16 surrogate: a file name that is not
    valid UTF-8 on Linux, or text a plugin produced) is written as a ``\\udXXX`` escape,
    so saving never fails on text; loading turns such text into U+FFFD, and an
    ``autosave_of`` file name comes back exactly.
    """
    data = document_to_json(doc, autosave_of=autosave_of)
    text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
    try:
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(data, ensure_ascii=True, indent=1, allow_nan=False) + "\n").encode("ascii")


def save_project(doc: Document, path: str | Path) -> None:
    """Save atomically and mark the document unmodified; ``ProjectError`` on failure."""
    try:
        data = project_bytes(doc)
    except (ValueError, TypeError, RecursionError) as error:  # e.g. plugin data JSON cannot hold
        raise ProjectError(path, f"could not save: the project cannot be written as JSON ({_short(str(error))})") from error
    try:
        atomic_write(path, data)
    except OSError as error:
        raise ProjectError(path, f"could not save: {error.strerror or error}") from error
    doc.mark_saved()


# ------------------------------------------------------------------ reading


def load_project(path: str | Path) -> Document:
    """Read, migrate, validate and build a project; ``ProjectError`` names the problem."""
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ProjectError(path, "is a folder, not a project file")
        if not stat.S_ISREG(info.st_mode):
            # A pipe would block and a device such as /dev/zero would never end.
            raise ProjectError(path, "not a regular file")
        if info.st_size > MAX_PROJECT_BYTES:
            raise ProjectError(path, f"file is too large for a project ({info.st_size // 2**20} MB)")
        with open(path, "rb") as handle:
            data = handle.read(MAX_PROJECT_BYTES + 1)
        if len(data) > MAX_PROJECT_BYTES:
            raise ProjectError(path, f"file is too large for a project ({len(data) // 2**20} MB)")
    except IsADirectoryError as error:
        raise ProjectError(path, "is a folder, not a project file") from error
    except FileNotFoundError as error:
        raise ProjectError(path, "no such file") from error
    except OSError as error:
        raise ProjectError(path, f"cannot read: {error.strerror or error}") from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ProjectError(path, f"not UTF-8 text (invalid byte at offset {error.start}); is this a project file?") from error
    return document_from_json(text, path)


def document_from_json(text: str, path: str | Path | None = None) -> Document:
    """Build a Document from project JSON text (the reader behind ``load_project``)."""
    if not text.strip():
        raise ProjectError(path, "empty file")
    try:
        data = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as error:
        raise ProjectError(path, f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); the file may be truncated") from error
    except RecursionError as error:
        raise ProjectError(path, "not valid JSON: nested too deeply to read") from error
    except ValueError as error:  # NaN, 1e400, an integer of more than 4300 digits
        raise ProjectError(path, f"not valid JSON ({_short(str(error))})") from error
    data = repair_surrogates(data, text)
    data = migrate(data, path)
    validate(data, path)
    return _build(data, path)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a project")


def _finite_float(literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):  # 1e400 parses as infinity
        shown = literal if len(literal) <= 20 else literal[:17] + "..."
        raise ValueError(f"the number {shown} is too large")
    return number


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_surrogates(data: Any, text: str) -> Any:
    """Parsed JSON with every unpaired UTF-16 surrogate (``"\\ud800"`` escapes that
    no other half follows) replaced by U+FFFD, in values and keys.

    Python's JSON parser accepts such escapes, but a lone surrogate is no character: it
    cannot be saved as UTF-8, shown, or passed to the schema validator. ``text`` is the
    JSON the data came from; without a surrogate escape in it (nearly always) the data
    is returned untouched at the cost of one regular-expression scan.
    """
    if not _SURROGATE_ESCAPE.search(text):
        return data
    root = [data]
    pending: list[tuple[Any, Any]] = [(root, 0)]
    while pending:  # iterative: the data may be nested as deeply as the parser allowed
        container, key = pending.pop()
        value = container[key]
        if isinstance(value, str):
            if _LONE_SURROGATE.search(value):
                container[key] = _LONE_SURROGATE.sub("\ufffd", value)
        elif isinstance(value, list):
            pending.extend((value, index) for index in range(len(value)))
        elif isinstance(value, dict):
            if any(_LONE_SURROGATE.search(k) for k in value):
                items = list(value.items())
                value.clear()
                value.update((_LONE_SURROGATE.sub("\ufffd", k), v) for k, v in items)
            pending.extend((value, k) for k in value)
    return root[0]


def _check_envelope(data: Any, path: str | Path | None) -> int:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ProjectError(path, "not a Galley project (no \"format\": \"galley-project\")")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProjectError(path, f"invalid schema_version {_short(repr(version), 60)}")
    if version > SCHEMA_VERSION:
        raise ProjectError(
            path,
            f"made by a newer Galley (project schema {_short(str(version), 24)}; this version reads up to {SCHEMA_VERSION}); "
            "update Galley to open it",
        )
    return version


# Each migration turns a project dict of schema version N into version N + 1.
def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 (the prototype) kept title and language at the top, speakers without
    colours, and findings as {"suggestions", "state": open|fixed|dismissed}."""
    states = {"open": "pending", "fixed": "accepted", "dismissed": "rejected"}
    speakers = [
        {"id": s["id"], "name": s["name"], "color": default_color(i)} if isinstance(s, dict) and "id" in s and "name" in s else s
        for i, s in enumerate(data.get("speakers", []))
    ]
    annotations = []
    for a in data.get("annotations", []):
        if isinstance(a, dict):
            a = dict(a)
            a["replacements"] = a.pop("suggestions", [])
            a["status"] = states.get(a.pop("state", "open"), a.get("status", "pending"))
        annotations.append(a)
    return {
        "format": FORMAT_NAME,
        "schema_version": 2,
        "metadata": {"title": data.get("title", ""), "language": data.get("language", "en")},
        "speakers": speakers,
        "segments": data.get("segments", []),
        "annotations": annotations,
        "tags": [],
        "glossary": {"terms": list(data.get("glossary", [])), "replacements": []},
        "decisions": [],
        "plugin_data": {},
    }


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def migrate(data: Any, path: str | Path | None = None) -> dict[str, Any]:
    """Bring a project dict of any known older schema version up to the current one."""
    version = _check_envelope(data, path)
    while version < SCHEMA_VERSION:
        try:
            data = MIGRATIONS[version](data)
        except (KeyError, TypeError, AttributeError) as error:
            raise ProjectError(path, f"cannot upgrade this schema {version} project: {_short(str(error))}") from error
        version += 1
    return data


@lru_cache(maxsize=1)
def _validator() -> Any:
    # jsonschema-rs validates a 10 MB project in ~0.1 s where the pure-Python jsonschema
    # takes ~20 s (docs/DECISIONS.md); deferred because only loading a project needs it.
    import jsonschema_rs

    from editor.paths import resource

    schema = json.loads(resource("schema", "galley-project.schema.json").read_text("utf-8"))
    return jsonschema_rs.validator_for(schema)


def validate(data: dict[str, Any], path: str | Path | None = None) -> None:
    """Check a current-version project dict against the JSON Schema."""
    error = next(iter(_validator().iter_errors(data)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.instance_path) or "top level"
        raise ProjectError(path, f"invalid project at {where}: {_short(error.message)}")


def _short(message: str, limit: int = 160) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _float(value: Any) -> float | None:
    """A JSON number as a float (``None`` stays ``None``). ``OverflowError`` for an integer
    beyond any float (JSON allows any number of digits): the caller names the place."""
    return None if value is None else float(value)


# Characters the editor treats as line breaks besides "\n" (which the schema refuses):
# see ``editor.core.document.normalize_newlines``. A segment is one line (one block in the
# editor), so a hand-edited file that has them gets spaces instead: one character for
# one, so every annotation offset stays right. Galley itself never writes them.
_INNER_BREAKS = str.maketrans({c: " " for c in "\r\u2028\u2029"})


def _one_line(text: str) -> str:
    # Three substring scans run in C; a set test would hash every character (0.3 s at 10 MB).
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        return text.translate(_INNER_BREAKS)
    return text


def _integer(value: Any) -> Any:
    """An integer the schema accepted, as an ``int``: JSON Schema counts ``3.0`` as an
    integer, but Python cannot slice text or number lines with it."""
    return int(value) if isinstance(value, float) else value


def _nested_deeper(value: Any, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` levels deep in ``value``."""
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            pending.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def _unique(ids: list[str], what: str, path: str | Path | None) -> None:
    """``ProjectError`` when two items of one kind share an id (one would silently win)."""
    if len(set(ids)) != len(ids):
        seen: set[str] = set()
        twice = next(i for i in ids if i in seen or seen.add(i))  # type: ignore[func-returns-value]
        raise ProjectError(path, f"two {what} share one id ({_short(repr(twice), 60)})")


def _annotations(items: list[dict[str, Any]], texts: dict[str, str], where: str, path: str | Path | None) -> list[Annotation]:
    found = []
    for i, a in enumerate(items):
        text = texts.get(a["segment"])
        if text is None:
            raise ProjectError(path, f"{where}/{i} points at an unknown segment {_short(repr(a['segment']), 60)}")
        start, end = _integer(a["start"]), _integer(a["end"])
        if not (start < end <= len(text)) or text[start:end] != _one_line(a["text"]):
            raise ProjectError(path, f"{where}/{i} does not match its segment's text")
        found.append(
            Annotation(
                a["id"], a["segment"], start, end, a["kind"], _one_line(a["text"]), a.get("message", ""),
                tuple(a.get("replacements", ())), float(a.get("confidence", 1.0)),
                AnnotationStatus(a.get("status", "pending")), a.get("tool", ""), a.get("tool_version", ""),
            )
        )
    _unique([a.id for a in found], where, path)
    return found


def _build(data: dict[str, Any], path: str | Path | None) -> Document:
    """Turn validated JSON into model values, checking the references between them."""
    meta = data.get("metadata", {})
    speakers = [Speaker(s["id"], s["name"], s.get("color") or default_color(i)) for i, s in enumerate(data["speakers"])]
    speaker_ids = {s.id for s in speakers}
    _unique([s.id for s in speakers], "speakers", path)
    segments = []
    for i, s in enumerate(data["segments"]):
        if s.get("speaker") is not None and s["speaker"] not in speaker_ids:
            raise ProjectError(path, f"segments/{i} names an unknown speaker {_short(repr(s['speaker']), 60)}")
        try:
            start, end = _float(s.get("start")), _float(s.get("end"))
            words = tuple(
                Word(w["text"], _float(w.get("start")), _float(w.get("end")), _float(w.get("probability")), w.get("speaker"))
                for w in s.get("words", ())
            )
        except OverflowError:
            raise ProjectError(path, f"segments/{i} has a number too large for a time or probability") from None
        if any(t is not None and not math.isfinite(t) for t in (start, end)):
            raise ProjectError(path, f"segments/{i} has a time that is not a number")
        if start is not None and end is not None and end < start:
            raise ProjectError(path, f"segments/{i} ends ({end:g} s) before it starts ({start:g} s)")
        text = _one_line(s["text"])
        line = _integer(s.get("source_line"))
        segments.append(Segment(s["id"], text, s.get("speaker"), start, end, words, s.get("original"), line))
    texts = {s.id: s.text for s in segments}
    if len(texts) != len(segments):
        _unique([s.id for s in segments], "segments", path)
    annotations = _annotations(data.get("annotations", []), texts, "annotations", path)
    findings = _annotations(data.get("findings", []), texts, "findings", path)
    tags = []
    order: dict[str, int] = {s.id: i for i, s in enumerate(segments)} if data.get("tags") else {}
    for i, t in enumerate(data.get("tags", [])):
        if t["first"] not in texts or t["last"] not in texts:
            raise ProjectError(path, f"tags/{i} points at an unknown segment")
        first, last = sorted((t["first"], t["last"]), key=order.__getitem__)  # a range given backwards
        tags.append(Tag(t["id"], t["label"], first, last, t.get("title", ""), t.get("note", "")))
    _unique([t.id for t in tags], "tags", path)
    plugin_data = data.get("plugin_data", {})
    if _nested_deeper(plugin_data, MAX_PLUGIN_DATA_DEPTH):
        raise ProjectError(path, f"plugin_data is nested more than {MAX_PLUGIN_DATA_DEPTH} levels deep")
    glossary_data = data.get("glossary", {})
    glossary = Glossary(tuple(glossary_data.get("terms", ())), tuple(tuple(p) for p in glossary_data.get("replacements", ())))
    decisions = [
        Decision(d["id"], DecisionAction(d["action"]), d["original"], d.get("replacement", ""), d.get("tool", ""), d.get("kind", ""))
        for d in data.get("decisions", [])
    ]
    _unique([d.id for d in decisions], "decisions", path)
    try:
        return Document(
            segments,
            speakers,
            metadata=Metadata(**{k: str(v) for k, v in meta.items()}),
            annotations=annotations,
            tags=tags,
            glossary=glossary,
            decisions=decisions,
            plugin_data=plugin_data,
            findings=findings,
        )
    except ValueError as error:
        raise ProjectError(path, f"inconsistent project: {_short(str(error))}") from error
