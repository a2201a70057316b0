"""``galley tag``: the tagging tools (speakers, ad reads, chapters) from the command line.

The JSON output is a contract other programs rely on::

    [{"path": ..., "tags": [{"label", "first_line", "last_line", "segments", "tool",
      "confidence", "note", "value", "group"}]}]

Lines follow ``galley check``: for plain-text input ``first_line``/``last_line`` are 1-based
lines of the input file, for other inputs 1-based segment numbers. ``segments`` is the
number of segments the proposal covers, ``value`` the proposed speaker, sponsor or chapter
title (``""`` when unknown), ``group`` the pattern the proposal shares with others
(``""`` for none; see ``editor.plugin_api.TagProposal``). The text output has one line per
proposal::

    path:130-143: ad (0.95) sponsor "Lintwise" — brought to you by; code BUILDLOG20

Exit status: 0, or 2 when an input cannot be read (one line on standard error naming the
file; the other inputs are still tagged). Tool problems and unknown tool names are
warnings on standard error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from editor.check_command import locate, new_checker, report_problems
from editor.core.document import Document
from editor.core.errors import FileProblem
from editor.core.model import Annotation


@dataclass(frozen=True)
class TagResult:
    """What tagging one input produced: proposals as JSON objects, tool problems, or the
    input's own error."""

    path: str
    tags: tuple[dict[str, Any], ...] = ()
    warnings: tuple[str, ...] = ()
    error: str = ""


def segment_line(doc: Document, segment_id: str, *, plain_text: bool) -> int:
    """The line ``galley check`` reports for a segment (input line or segment number)."""
    return locate(doc, Annotation("", segment_id, 0, 0, "", ""), plain_text=plain_text)[0]


def tag_json(doc: Document, tag: Any, *, plain_text: bool) -> dict[str, Any]:
    """One :class:`~editor.plugin_host.tagging.ProposedTag` in the JSON contract's shape."""
    p = tag.proposal
    return {
        "label": p.label,
        "first_line": segment_line(doc, p.first_segment_id, plain_text=plain_text),
        "last_line": segment_line(doc, p.last_segment_id, plain_text=plain_text),
        "segments": tag.segment_count,
        "tool": tag.tool,
        "confidence": round(p.confidence, 3),
        "note": p.note,
        "value": p.value,
        "group": p.group,
    }


def tag_file(path: str, tool_names: Sequence[str], checker: Any = None) -> TagResult:
    """Import and tag one file; every failure is part of the result."""
    from editor.formats.readers import read_with_format
    from editor.plugin_host.tagging import run_tagging

    try:
        doc, format_name = read_with_format(path)
    except FileProblem as error:
        return TagResult(path, error=str(error))
    report = run_tagging(doc, tool_names, checker=checker or new_checker())
    plain = format_name == "text"
    return TagResult(
        path, tuple(tag_json(doc, t, plain_text=plain) for t in report.proposals), tuple(report.errors)
    )


def _value_text(tag: dict[str, Any]) -> str:
    if tag["label"] == "speaker" and not tag["value"]:
        return " new speaker"
    if not tag["value"]:
        return ""
    return f' sponsor "{tag["value"]}"' if tag["label"] == "ad" else f' "{tag["value"]}"'


def format_text(results: Iterable[TagResult]) -> str:
    """``path:first-last: label (confidence) "value" — note [group]``, one per proposal
    (``path:line:`` when it covers one line)."""
    lines = []
    for result in results:
        for t in result.tags:
            where = (
                str(t["first_line"])
                if t["first_line"] == t["last_line"]
                else f"{t['first_line']}-{t['last_line']}"
            )
            note = f" — {t['note']}" if t["note"] else ""
            group = f" [{t['group']}]" if t["group"] else ""
            lines.append(
                f"{result.path}:{where}: {t['label']} ({t['confidence']:.2f}){_value_text(t)}{note}{group}"
            )
    return "".join(line + "\n" for line in lines)


def format_json(results: Iterable[TagResult]) -> str:
    data = [{"path": r.path, "tags": list(r.tags)} for r in results if not r.error]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def run_tag(paths: Sequence[str], tool_names: Sequence[str], output: str) -> int:
    """The ``galley tag`` command; returns the exit status."""
    checker = new_checker()  # one plugin host for all the files
    results = [tag_file(path, tool_names, checker) for path in paths]
    failed = report_problems(results)
    sys.stdout.write(format_json(results) if output == "json" else format_text(results))
    sys.stdout.flush()
    return 2 if failed else 0
