"""``galley check`` and ``galley plugins``: the correction tools from the command line.

The JSON output of ``check`` is a contract other programs rely on::

    [{"path": ..., "findings": [{"line", "column", "end_column", "segment", "start", "end",
      "text", "kind", "tool", "message", "replacements", "confidence"}]}]

For plain-text input ``line`` is the 1-based line of the input file and the columns are
0-based character offsets in that line; for other inputs ``line`` is the 1-based segment
number and the columns are offsets in the segment's text. ``--jobs N`` checks files in N
worker processes, each with its own plugin host.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from editor.core.document import Document
from editor.core.errors import FileProblem
from editor.core.glossary import merge_glossaries
from editor.core.model import Annotation, Glossary, Segment


@dataclass(frozen=True)
class FileResult:
    """What checking one input produced: findings as JSON objects, tool problems, or the
    input's own error."""

    path: str
    findings: tuple[dict[str, Any], ...] = ()
    warnings: tuple[str, ...] = ()
    error: str = ""
    json_text: str = ""  # this file's entry of the JSON output, rendered where it was checked


def locate(doc: Document, finding: Annotation, *, plain_text: bool) -> tuple[int, int, int]:
    """(line, column, end column) of a finding, as the JSON contract defines them."""
    segment = doc.segment(finding.segment_id)
    if plain_text and segment.source_line is not None:
        return segment.source_line, _base(segment) + finding.start, _base(segment) + finding.end
    return doc.index_of(segment.id) + 1, finding.start, finding.end


def _base(segment: Segment) -> int:
    """Where the segment's text starts in its source line (after a removed ``Name:``)."""
    original = segment.original or ""
    if original.endswith(segment.text):
        return len(original) - len(segment.text)
    found = original.find(segment.text)
    return max(found, 0)


def finding_json(doc: Document, finding: Annotation, *, plain_text: bool) -> dict[str, Any]:
    """One finding in the JSON contract's shape."""
    line, column, end_column = locate(doc, finding, plain_text=plain_text)
    return {
        "line": line,
        "column": column,
        "end_column": end_column,
        "segment": finding.segment_id,
        "start": finding.start,
        "end": finding.end,
        "text": finding.text,
        "kind": finding.kind,
        "tool": finding.tool,
        "message": finding.message,
        "replacements": list(finding.replacements),
        "confidence": round(finding.confidence, 3),
    }


# One checker per process: building the plugin host and loading the lexicon is the
# expensive part, so worker processes keep theirs across files.
_CHECKER: Any = None


def new_checker() -> Any:
    """A :class:`~editor.plugin_host.check.Checker` over the built-in, per-user and
    installed plugins, with the producer's personal dictionary."""
    from editor.core.user_dictionary import PersonalDictionary
    from editor.paths import user_data_dir
    from editor.plugin_host.check import Checker

    return Checker(dictionary=PersonalDictionary(user_data_dir() / "dictionary.txt").words)


def _checker() -> Any:
    global _CHECKER
    if _CHECKER is None:
        _CHECKER = new_checker()
    return _CHECKER


def report_problems(results: Iterable[Any]) -> bool:
    """Print each file's error and tool warnings on standard error; True if any file
    could not be read (the command then exits with 2)."""
    failed = False
    for result in results:
        if result.error:
            print(f"galley: error: {result.error}", file=sys.stderr)
            failed = True
        for warning in result.warnings:
            print(f"galley: warning: {result.path}: {warning}", file=sys.stderr)
    return failed


def check_file(path: str, glossary: Glossary, tool_names: Sequence[str], output: str = "") -> FileResult:
    """Import and check one file; every failure is part of the result. With ``output``
    ``"json"``, the file's JSON entry is rendered here too (in a ``--jobs`` worker, so the
    parent only joins texts)."""
    from editor.formats.readers import read_with_format

    try:
        doc, format_name = read_with_format(path)
    except FileProblem as error:
        return FileResult(path, error=str(error))
    if glossary.terms or glossary.replacements:
        doc.set_glossary(merge_glossaries(doc.glossary, glossary))
    checker = _checker()
    handles, unknown = checker.tools(tool_names)
    report = checker.check(doc, handles)
    warnings = tuple(f"unknown tool {name!r}" for name in unknown) + tuple(report.errors)
    plain = format_name == "text"
    findings = tuple(finding_json(doc, f, plain_text=plain) for f in report.findings)
    rendered = _json_entry(path, findings) if output == "json" else ""
    return FileResult(path, findings, warnings, json_text=rendered)


def _json_entry(path: str, findings: Sequence[dict[str, Any]]) -> str:
    # One element of the output array, indented as json.dumps(..., indent=1) would.
    text = json.dumps({"path": path, "findings": list(findings)}, ensure_ascii=False, indent=1)
    return " " + text.replace("\n", "\n ")


def check_files(
    paths: Sequence[str], glossary: Glossary, tool_names: Sequence[str], jobs: int, output: str = ""
) -> list[FileResult]:
    """Check every file, in ``jobs`` processes when more than one; results in input order."""
    if jobs <= 1 or len(paths) <= 1:
        return [check_file(p, glossary, tool_names, output) for p in paths]
    count = len(paths)
    with ProcessPoolExecutor(max_workers=min(jobs, count)) as pool:
        return list(pool.map(check_file, paths, [glossary] * count, [tool_names] * count, [output] * count, chunksize=1))


def format_text(results: Iterable[FileResult]) -> str:
    """Linter-style lines: ``path:line:column: kind: message [replacements]``."""
    lines = []
    for result in results:
        for f in result.findings:
            suffix = f" [{', '.join(f['replacements'])}]" if f["replacements"] else " [delete]" if f["kind"] == "filler" else ""
            lines.append(f"{result.path}:{f['line']}:{f['column']}: {f['kind']}: {f['message']}{suffix}")
    return "".join(line + "\n" for line in lines)


def format_json(results: Iterable[FileResult]) -> str:
    """The JSON contract's array (entries rendered by the workers are only joined)."""
    entries = [r.json_text or _json_entry(r.path, r.findings) for r in results if not r.error]
    return ("[\n" + ",\n".join(entries) + "\n]\n") if entries else "[]\n"


def run_check(paths: Sequence[str], glossary: Glossary, tool_names: Sequence[str], output: str, jobs: int) -> int:
    """The ``galley check`` command; returns the exit status."""
    results = check_files(paths, glossary, tool_names, max(1, jobs), output)
    failed = report_problems(results)
    sys.stdout.write(format_json(results) if output == "json" else format_text(results))
    sys.stdout.flush()
    return 2 if failed else 0


def run_plugins(output: str) -> int:
    """The ``galley plugins`` command: every plugin found, its state and any error."""
    from editor.plugin_host.check import default_registry

    registry = default_registry()
    rows = []
    for record in registry.records:
        manifest = record.manifest
        rows.append(
            {
                "id": record.id,
                "name": manifest.name if manifest else "",
                "version": manifest.version if manifest else "",
                "state": record.state.value,
                "source": record.source,
                "location": str(record.location),
                "tools": [t.id for t in manifest.tools] if manifest else [],
                "error": record.error,
            }
        )
    if output == "json":
        sys.stdout.write(json.dumps(rows, indent=1) + "\n")
        return 0
    for row in rows:
        tools = ", ".join(row["tools"]) or "-"
        sys.stdout.write(f"{row['id']:<24} {row['version']:<8} {row['state']:<12} {row['source']:<11} tools: {tools}\n")
        if row["error"]:
            sys.stdout.write(f"{'':<24} error: {row['error']}\n")
    if not rows:
        sys.stdout.write(f"no plugins found (looked in {os.pathsep.join(_places())})\n")
    return 0


def _places() -> list[str]:
    from editor import paths

    return [str(paths.builtin_plugins_dir()), str(paths.user_plugins_dir()), "entry points 'galley.plugins'"]
