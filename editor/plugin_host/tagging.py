"""Tagging a document: run the tagging tools and collect their proposals for review.

Tagging tools (manifest ``type = "tagging"``) propose speaker turns, ad reads and chapters
as :class:`~editor.plugin_api.TagProposal` values. :func:`run_tagging` snapshots the
document, gives each tool the same context a correction tool gets
(:meth:`~editor.plugin_host.check.Checker.context`), runs it through the containing runner
and returns the valid proposals in document order, each with the tool that made it, plus
every tool problem as a message. Nothing is stored in the document: proposals are
suggestions until the producer accepts them (the desktop review panel or ``galley tag``
shows them).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from editor.core.document import Document
from editor.plugin_api import TagProposal
from editor.plugin_host.check import Checker, CheckJob
from editor.plugin_host.registry import PluginRegistry, ToolHandle
from editor.plugin_host.runner import ToolResult

TAGGING = "tagging"


@dataclass(frozen=True, slots=True)
class ProposedTag:
    """One valid proposal and where it came from.

    ``first_index``/``last_index`` are the positions of its first and last segments when
    the tools ran (the snapshot's ``index``); ``tool`` is the tool id (as ``galley tag
    --tool`` takes it) and ``plugin`` the plugin id.
    """

    proposal: TagProposal
    tool: str
    plugin: str
    first_index: int
    last_index: int

    @property
    def segment_count(self) -> int:
        """How many segments the proposal covers."""
        return self.last_index - self.first_index + 1


@dataclass
class TagReport:
    """The outcome of one tagging run: proposals in document order, and tool problems.

    Proposals are sorted by first segment, then last segment, then the order the tools
    ran in. ``errors`` holds one message per failing tool (and per unknown tool name),
    ``dropped`` the number of malformed proposals the runner left out, ``already_tagged``
    the number left out because the document has that tag there already (see
    :func:`run_tagging`).
    """

    proposals: list[ProposedTag] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dropped: int = 0
    already_tagged: int = 0
    elapsed: float = 0.0
    tool_seconds: dict[str, float] = field(default_factory=dict)
    cancelled: bool = False

    def by_label(self, label: str) -> list[ProposedTag]:
        """The proposals with this label (``"ad"``, ``"speaker"``, ``"chapter"`` ...)."""
        return [p for p in self.proposals if p.proposal.label == label]


def tagging_tools(registry: PluginRegistry, names: Iterable[str] = ()) -> tuple[list[ToolHandle], list[str]]:
    """Tagging tools by id or ``plugin:tool`` key (all of them when no names are given),
    and the names that match no tagging tool."""
    names = list(names)
    if not names:
        return registry.tools(tool_type=TAGGING), []
    return registry.find_tools(names, tool_type=TAGGING)


@dataclass(frozen=True)
class TagJob:
    """A prepared tagging run: the tools with their contexts and segments (a
    :class:`~editor.plugin_host.check.CheckJob`), the document's tags as they were, and
    tool names that matched nothing. Run it with :meth:`Checker.run` (off the document's
    thread if need be) and turn the results into a report with :func:`tag_report`."""

    check: CheckJob
    existing: dict[str, list[tuple[int, int]]]
    unknown: tuple[str, ...] = ()


def prepare_tagging(
    doc: Document,
    checker: Checker,
    tool_ids: Iterable[str] = (),
    *,
    is_cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TagJob:
    """Snapshot the document for the named tagging tools (all by default)."""
    handles, unknown = tagging_tools(checker.registry, tool_ids)
    job = checker.prepare(doc, handles, is_cancelled=is_cancelled, progress=progress)
    return TagJob(job, _existing_tags(doc), tuple(unknown))


def tag_report(job: TagJob, results: Iterable[ToolResult], elapsed: float = 0.0) -> TagReport:
    """The proposals of a run in document order, with every tool problem.

    Proposals the document already carried are left out (tools see only segments, not
    tags): a ``chapter`` proposal where a chapter tag starts at the same segment, and a
    proposal of any other label inside a tag with that label (an ``ad`` inside a tagged
    ad read).
    """
    report = TagReport(errors=[f"unknown tool {name!r}" for name in job.unknown], elapsed=elapsed)
    lookup: dict[str, int] = {}  # every segment's position, made only if a result lacks them
    order = {handle.key: number for number, (handle, _) in enumerate(job.check.runs)}
    found: list[tuple[int, int, int, ProposedTag]] = []
    for result in results:
        handle = result.tool
        report.tool_seconds[handle.spec.id] = result.elapsed
        report.dropped += result.dropped
        if result.error and result.error not in report.errors:
            report.errors.append(result.error)
        if result.cancelled and not result.error:
            report.cancelled = True
            continue
        places: Iterable[tuple[int, int]]
        if len(result.positions) == 2 * len(result.proposals):  # from the tool process
            places = zip(result.positions[0::2], result.positions[1::2])
        else:
            lookup = lookup or {segment.id: index for index, segment in enumerate(job.check.view.segments)}
            places = ((lookup[p.first_segment_id], lookup[p.last_segment_id]) for p in result.proposals)
        for proposal, (first, last) in zip(result.proposals, places):
            if _already_tagged(job.existing, proposal.label, first, last):
                report.already_tagged += 1
                continue
            tag = ProposedTag(replace(proposal, confidence=float(proposal.confidence)), handle.spec.id, handle.record.id, first, last)
            found.append((first, last, order.get(handle.key, 0), tag))
    found.sort(key=lambda item: item[:3])
    report.proposals = [item[3] for item in found]
    return report


def run_tagging(
    doc: Document,
    tool_ids: Iterable[str] = (),
    *,
    registry: PluginRegistry | None = None,
    checker: Checker | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TagReport:
    """Run the named tagging tools (all of them by default) on the whole document.

    ``checker`` supplies the plugin settings, the personal dictionary and the lexicon
    loader (a default :class:`Checker` over ``registry`` otherwise); the registry is the
    checker's when only ``checker`` is given. Never raises for what a tool does: failures
    are in :attr:`TagReport.errors`. See :func:`tag_report` for what is left out.
    """
    started = time.perf_counter()
    checker = checker if checker is not None else Checker(registry)
    job = prepare_tagging(doc, checker, tool_ids, is_cancelled=is_cancelled, progress=progress)
    report = tag_report(job, checker.run(job.check, is_cancelled))
    report.cancelled |= bool(is_cancelled and is_cancelled())
    report.elapsed = time.perf_counter() - started
    return report


def _existing_tags(doc: Document) -> dict[str, list[tuple[int, int]]]:
    """The document's tags as label -> (first, last) segment positions."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for tag in doc.tags:
        if doc.has_segment(tag.first_segment_id) and doc.has_segment(tag.last_segment_id):
            ranges.setdefault(tag.label, []).append(
                (doc.index_of(tag.first_segment_id), doc.index_of(tag.last_segment_id))
            )
    return ranges


def _already_tagged(existing: dict[str, list[tuple[int, int]]], label: str, first: int, last: int) -> bool:
    ranges = existing.get(label, ())
    if label == "chapter":
        return any(start == first for start, _ in ranges)
    return any(start <= first and last <= end for start, end in ranges)
