"""Sharing a check's tools out among the tool processes.

A whole-document check is a handful of tools of very different cost (at ten hours, one
takes 8 s and another 2 s), and the tool processes run side by side. Handing each process a
fixed list of whole tools leaves one idle while the other finishes its last long tool, so
the work is cut finer and handed out as processes become free:

* a tool whose manifest says ``scope = "segment"`` (it may be run on any subset of
  segments) is cut into one contiguous part per process when the transcript is long;
* the items are handed out longest first (by what each tool took last time; tools never
  timed, which cannot be cut, first), each to the next process that is free.

A part is checked with :data:`MARGIN` segments of context on each side (a filler that
continues a line, a repeat across two lines) and keeps only the findings in its own
segments, so a check cut into parts finds what the whole check finds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from editor.plugin_host.registry import ToolHandle
from editor.plugin_host.runner import ToolResult

SPLIT_SEGMENTS = 20_000  # a shorter transcript is checked whole: parts would cost more than they save
MARGIN = 2  # segments of context on each side of a part


@dataclass(frozen=True)
class Part:
    """Segments ``begin``..``end`` of ``total``, checked with ``MARGIN`` around them."""

    begin: int
    end: int
    total: int

    @property
    def context(self) -> tuple[int, int]:
        """The segments the tool sees: the part and its margins."""
        return max(0, self.begin - MARGIN), min(self.total, self.end + MARGIN)


@dataclass(frozen=True)
class WorkItem:
    """One tool (``run``: its position in the job), whole or one of its parts."""

    run: int
    part: Part | None
    expected: float  # seconds, for ordering; infinite when not known and not cut


def work_items(
    handles: Sequence[tuple[int, ToolHandle]],
    segment_count: int,
    processes: int,
    seconds: Mapping[str, float],
    split_at: int = SPLIT_SEGMENTS,
) -> list[WorkItem]:
    """The items of a check, longest first: each tool whole, or in ``processes`` parts
    when it may be cut and the transcript has ``split_at`` segments or more."""
    items: list[WorkItem] = []
    for run, handle in handles:
        known = seconds.get(handle.key)
        if handle.spec.scope == "segment" and processes > 1 and segment_count >= split_at:
            bounds = [segment_count * i // processes for i in range(processes + 1)]
            share = (known or 0.0) / processes
            items += [WorkItem(run, Part(b, e, segment_count), share) for b, e in pairwise(bounds)]
        else:
            items.append(WorkItem(run, None, known if known is not None else float("inf")))
    # Stable: equal items keep the job's order.
    return sorted(items, key=lambda item: -item.expected)


def merged(handle: ToolHandle, parts: Sequence[ToolResult]) -> ToolResult:
    """One result from a tool's part results, in part order (the parts' times added up:
    what the whole tool cost)."""
    if len(parts) == 1:
        return parts[0]
    errors = list(dict.fromkeys(p.error for p in parts if p.error))
    located = all(len(p.positions) == len(p.suggestions) for p in parts)
    return ToolResult(
        handle,
        suggestions=tuple(s for p in parts for s in p.suggestions),
        positions=tuple(i for p in parts for i in p.positions) if located else (),
        proposals=tuple(t for p in parts for t in p.proposals),
        error="; ".join(errors),
        dropped=sum(p.dropped for p in parts),
        elapsed=sum(p.elapsed for p in parts),
        cancelled=any(p.cancelled for p in parts),
        warnings=tuple(dict.fromkeys(w for p in parts for w in p.warnings)),
    )
