"""Run one tool on a snapshot and contain whatever it does wrong.

The tool runs in a worker thread with a time budget. Whatever happens — an exception, an
import error, a hang past the budget, output of the wrong type or out of range, far too
many findings — the runner returns a :class:`ToolResult` carrying the valid output and a
message; it never raises. Python threads cannot be killed: a tool that overruns its budget
is asked to cancel and abandoned (its plugin goes to the ERROR state and is not run again).
Tools that may crash the interpreter need process isolation (a manifest option).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from editor.plugin_api import Cancelled, SegmentSnapshot, Suggestion, TagProposal, ToolContext
from editor.plugin_host.registry import PluginRegistry, ToolHandle, _describe

MAX_REPLACEMENTS = 20
MAX_MESSAGE = 500
MAX_KIND = 40


@dataclass(frozen=True)
class ToolResult:
    """What one run of one tool produced; ``error`` is empty when all went well."""

    tool: ToolHandle
    suggestions: tuple[Suggestion, ...] = ()
    proposals: tuple[TagProposal, ...] = ()
    error: str = ""
    dropped: int = 0  # malformed items left out
    elapsed: float = 0.0
    cancelled: bool = False
    warnings: tuple[str, ...] = field(default=())
    # For each suggestion, where its segment is among the segments checked, in order; for
    # each proposal, where its first and its last segment are (two numbers each). The
    # tool process sends these, so the editor needs no look-up of every segment; or empty.
    positions: tuple[int, ...] = ()


BUDGET_SEGMENTS = 25_000  # a tool's budget_seconds is for a 10-hour show of this many segments


def budget_for(handle: ToolHandle, segment_count: int) -> float:
    """The time one run may take: the manifest's budget, more for a longer transcript
    (a tool's work grows with its input; a runaway tool is still stopped)."""
    return handle.spec.budget_seconds * max(1.0, segment_count / BUDGET_SEGMENTS)


def finding_limit(segment_count: int) -> int:
    """More findings than this from one run is a runaway tool, not a transcript."""
    return max(1000, 50 * segment_count)


def run_tool(
    registry: PluginRegistry,
    handle: ToolHandle,
    segments: Sequence[SegmentSnapshot],
    ctx: ToolContext,
    *,
    budget: float | None = None,
) -> ToolResult:
    """Run ``handle``'s tool on ``segments``; contain every failure in the result."""
    label = f"{handle.key}"
    started = time.perf_counter()
    tool = registry.instance(handle)
    if tool is None:
        return ToolResult(handle, error=handle.record.error or f"{label} is not available")
    cancel = threading.Event()
    outer_cancelled = ctx.is_cancelled
    run_ctx = replace(ctx, is_cancelled=lambda: cancel.is_set() or outer_cancelled())
    method = tool.check if handle.spec.type == "correction" else tool.tag
    outcome: dict[str, Any] = {}
    lock = registry.run_lock(handle)

    def work() -> None:
        try:
            with lock:
                outcome["value"] = list(method(segments, run_ctx))
        except Cancelled:
            outcome["cancelled"] = True
        except BaseException as error:  # noqa: BLE001 - contain everything a plugin raises
            outcome["error"] = error

    worker = threading.Thread(target=work, name=f"galley-tool-{label}", daemon=True)
    worker.start()
    limit = budget if budget is not None else budget_for(handle, len(segments))
    worker.join(limit)
    elapsed = time.perf_counter() - started
    if worker.is_alive():
        cancel.set()
        message = f"{label} did not finish within {limit:g} s and was stopped"
        registry.fail(handle.record, message)
        return ToolResult(handle, error=message, elapsed=elapsed, cancelled=True)
    if outcome.get("cancelled"):
        return ToolResult(handle, elapsed=elapsed, cancelled=True)
    if "error" in outcome:
        message = f"{label} failed: {_describe(outcome['error'])}"
        registry.fail(handle.record, message)
        return ToolResult(handle, error=message, elapsed=elapsed)
    registry.succeeded(handle.record)
    items = outcome.get("value", [])
    if handle.spec.type == "correction":
        return _validated_suggestions(handle, items, segments, elapsed, registry)
    return _validated_proposals(handle, items, segments, elapsed, registry)


def _problem_result(
    handle: ToolHandle, registry: PluginRegistry, problems: list[str], dropped: int, total: int, elapsed: float, **values: Any
) -> ToolResult:
    error = ""
    if problems:
        error = f"{handle.key} returned {dropped} malformed item(s) of {total}, left out; first: {problems[0]}"
        handle.record.problems.append(error)
        del handle.record.problems[:-20]
    return ToolResult(handle, error=error, dropped=dropped, elapsed=elapsed, **values)


def _validated_suggestions(
    handle: ToolHandle, items: list[Any], segments: Sequence[SegmentSnapshot], elapsed: float, registry: PluginRegistry
) -> ToolResult:
    texts = {s.id: s.text for s in segments}
    limit = finding_limit(len(segments))
    good: list[Suggestion] = []
    problems: list[str] = []
    for item in items[: limit + 1] if len(items) > limit else items:
        if len(good) >= limit:
            problems.append(f"more than {limit} findings; the rest were left out")
            break
        problem = _suggestion_problem(item, texts)
        if problem:
            problems.append(problem)
            continue
        good.append(_tidy_suggestion(item))
    dropped = len(items) - len(good)
    return _problem_result(handle, registry, problems, dropped, len(items), elapsed, suggestions=tuple(good))


def _suggestion_problem(item: Any, texts: dict[str, str]) -> str:
    if not isinstance(item, Suggestion):
        return f"expected a Suggestion, got {type(item).__name__}"
    text = texts.get(item.segment_id) if isinstance(item.segment_id, str) else None
    if text is None:
        return f"unknown segment id {item.segment_id!r}"
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (item.start, item.end)):
        return f"start/end must be integers, got {item.start!r}, {item.end!r}"
    if not 0 <= item.start < item.end <= len(text):
        return f"span {item.start}..{item.end} is outside segment {item.segment_id} (length {len(text)})"
    if not isinstance(item.kind, str) or not item.kind.strip() or len(item.kind) > MAX_KIND:
        return f"kind must be a short non-empty string, got {item.kind!r}"
    if not isinstance(item.message, str):
        return f"message must be a string, got {type(item.message).__name__}"
    if not isinstance(item.replacements, (tuple, list)) or not all(
        isinstance(r, str) and "\n" not in r and "\r" not in r for r in item.replacements
    ):
        return "replacements must be a sequence of one-line strings"
    confidence = item.confidence
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not math.isfinite(confidence):
        return f"confidence must be a number, got {confidence!r}"
    if not 0 <= confidence <= 1:
        return f"confidence must be between 0 and 1, got {confidence!r}"
    return ""


def _tidy_suggestion(item: Suggestion) -> Suggestion:
    """Trim what is too long to show and de-duplicate replacements (order kept)."""
    replacements = tuple(dict.fromkeys(item.replacements))[:MAX_REPLACEMENTS]
    message = item.message if len(item.message) <= MAX_MESSAGE else item.message[: MAX_MESSAGE - 1] + "…"
    return replace(item, replacements=replacements, message=message, confidence=float(item.confidence))


def _validated_proposals(
    handle: ToolHandle, items: list[Any], segments: Sequence[SegmentSnapshot], elapsed: float, registry: PluginRegistry
) -> ToolResult:
    order = {s.id: s.index for s in segments}
    limit = finding_limit(len(segments))
    good: list[TagProposal] = []
    problems: list[str] = []
    for item in items:
        if len(good) >= limit:
            problems.append(f"more than {limit} proposals; the rest were left out")
            break
        problem = _proposal_problem(item, order)
        if problem:
            problems.append(problem)
        else:
            good.append(item)
    dropped = len(items) - len(good)
    return _problem_result(handle, registry, problems, dropped, len(items), elapsed, proposals=tuple(good))


def _proposal_problem(item: Any, order: dict[str, int]) -> str:
    if not isinstance(item, TagProposal):
        return f"expected a TagProposal, got {type(item).__name__}"
    if not isinstance(item.label, str) or not item.label.strip():
        return f"label must be a non-empty string, got {item.label!r}"
    first, last = order.get(item.first_segment_id), order.get(item.last_segment_id)
    if first is None or last is None:
        return f"unknown segment id in {item.first_segment_id!r}..{item.last_segment_id!r}"
    if last < first:
        return "last segment comes before the first"
    confidence = item.confidence
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        return f"confidence must be between 0 and 1, got {confidence!r}"
    if not isinstance(item.note, str) or not isinstance(item.value, str) or not isinstance(item.group, str):
        return "note, value and group must be strings"
    return ""
