"""Checking a document: snapshot it, run the correction tools, store and report findings.

:class:`Checker` is what the command line and the desktop app both use. It owns the
plugin registry, the lexicon and the personal dictionary, builds each tool's context from
the document (glossary, replacement memory, ignore list, settings), runs the tools through
the containing runner, turns valid suggestions into findings in the document's findings
store, and returns the visible findings (those no decision covers) with any tool errors.
"""

from __future__ import annotations

import logging
import threading
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from operator import attrgetter
from sys import intern
from typing import Any

from editor import paths
from editor.core.document import Document
from editor.core.model import Annotation, AnnotationStatus, DecisionAction, Segment
from editor.core.review import memory_first, visible_findings
from editor.plugin_api import Glossary, Lexicon, SegmentSnapshot, Suggestion, ToolContext, WordTiming
from editor.plugin_host.isolation import ToolProcess, shared_processes, wants_process
from editor.plugin_host.registry import PluginRegistry, ToolHandle
from editor.plugin_host.runner import ToolResult, run_tool
from editor.plugin_host.schedule import SPLIT_SEGMENTS, Part, merged, work_items

log = logging.getLogger("galley.check")

MAX_SHARED = 50_000  # distinct replacement lists and confidences kept to be shared between findings


def snapshot(doc: Document, segment_ids: Iterable[str] | None = None) -> list[SegmentSnapshot]:
    """Immutable views of the document's segments (all, or those named) for tools."""
    return list(_frozen_view(doc, segment_ids).snapshots())


@dataclass(frozen=True)
class _FrozenView:
    """The segments to check, taken as they are now (a cheap copy of immutable values), so
    the snapshots for tools can be built later on the worker thread. ``indexes`` gives each
    segment's position when only some segments are checked (``None``: all, in order)."""

    segments: tuple[Segment, ...]
    indexes: tuple[int, ...] | None
    speaker_names: dict[str, str]

    def __len__(self) -> int:
        return len(self.segments)

    def columns(self, begin: int, end: int) -> tuple[list[Any], ...]:
        """Segments ``begin``..``end`` as columns of plain values, for the tool process."""
        chunk = self.segments[begin:end]
        # map() with attrgetter: C loops, so that sending a long transcript (on a worker
        # thread) holds the interpreter lock the editor paints with as little as it can.
        words = list(map(_WORDS, chunk))
        return (
            list(map(_ID, chunk)),
            list(self.indexes[begin:end]) if self.indexes is not None else list(range(begin, end)),
            list(map(_TEXT, chunk)),
            list(map(self.speaker_names.get, map(_SPEAKER, chunk))),
            list(map(_START, chunk)),
            list(map(_END, chunk)),
            [tuple((w.text, w.start, w.end, w.probability) for w in ws) if ws else () for ws in words] if any(words) else words,
            list(map(_LINE, chunk)),
        )

    def changed_from(self, other: object) -> tuple[int, int, int] | None:
        """How these segments differ from ``other``'s, as the one stretch that changed:
        (start, end in ``other``, end here); ``None`` if they cannot be compared (not both
        the whole document, or speakers renamed). Equal segments are found by identity
        first (an edit replaces only the segments it touches), in blocks, so that no
        single comparison holds the interpreter lock for long."""
        if not (
            isinstance(other, _FrozenView)
            and self.indexes is None
            and other.indexes is None
            and self.speaker_names == other.speaker_names
        ):
            return None
        old, new = other.segments, self.segments
        start = _common_prefix(old, new)
        end = _common_suffix(old, new, min(len(old), len(new)) - start)
        return start, len(old) - end, len(new) - end

    def snapshots(self) -> tuple[SegmentSnapshot, ...]:
        names = self.speaker_names
        indexes = self.indexes if self.indexes is not None else range(len(self.segments))
        return tuple(
            SegmentSnapshot(
                id=segment.id,
                index=index,
                text=segment.text,
                speaker=names.get(segment.speaker_id) if segment.speaker_id else None,
                start=segment.start,
                end=segment.end,
                words=tuple(WordTiming(w.text, w.start, w.end, w.probability) for w in segment.words),
                line=segment.source_line,
            )
            for index, segment in zip(indexes, self.segments)
        )


_ID, _TEXT, _SPEAKER, _START, _END, _WORDS, _LINE = map(
    attrgetter, ("id", "text", "speaker_id", "start", "end", "words", "source_line")
)
COMPARE_BLOCK = 4096  # segments compared in one C call (about 20 µs when they are the same)


def _common_prefix(old: tuple[Segment, ...], new: tuple[Segment, ...]) -> int:
    """How many segments ``old`` and ``new`` have in common at their start."""
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start : start + COMPARE_BLOCK] == new[start : start + COMPARE_BLOCK]:
        start += COMPARE_BLOCK
    while start < limit and old[start] == new[start]:
        start += 1
    return min(start, limit)


def _common_suffix(old: tuple[Segment, ...], new: tuple[Segment, ...], limit: int) -> int:
    """How many segments (at most ``limit``) ``old`` and ``new`` have in common at their end."""
    end = 0
    while end + COMPARE_BLOCK <= limit and old[len(old) - end - COMPARE_BLOCK : len(old) - end] == new[
        len(new) - end - COMPARE_BLOCK : len(new) - end
    ]:
        end += COMPARE_BLOCK
    while end < limit and old[len(old) - end - 1] == new[len(new) - end - 1]:
        end += 1
    return end


def _frozen_view(doc: Document, segment_ids: Iterable[str] | None) -> _FrozenView:
    # A tuple copy of the segment list costs ~2 ms at 250,000 segments; anything built per
    # segment here (such as (index, segment) pairs: 120-200 ms) would stall the editor.
    names = {s.id: s.name for s in doc.speakers}
    if segment_ids is None:
        return _FrozenView(doc.segments, None, names)
    present = [i for i in segment_ids if doc.has_segment(i)]
    return _FrozenView(tuple(doc.segment(i) for i in present), tuple(doc.index_of(i) for i in present), names)


@dataclass(frozen=True)
class CheckJob:
    """What one check will run: the segments as they were, its scope (``None`` = whole
    document), and each tool with the context it will see. The snapshots tools get are
    built from ``view`` by :meth:`Checker.run`, off the document's thread."""

    view: _FrozenView
    scope: list[str] | None
    runs: tuple[tuple[ToolHandle, ToolContext], ...]


@dataclass
class CheckReport:
    """The outcome of one check: visible findings in document order, and tool problems."""

    findings: list[Annotation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    tool_seconds: dict[str, float] = field(default_factory=dict)
    cancelled: bool = False


def default_registry() -> PluginRegistry:
    """Built-in plugins, the per-user plugin folder and installed entry points."""
    return PluginRegistry(paths.builtin_plugins_dir(), paths.user_plugins_dir())


class Checker:
    """Runs correction tools on documents and keeps their findings current."""

    def __init__(
        self,
        registry: PluginRegistry | None = None,
        *,
        dictionary: Iterable[str] = (),
        settings: Mapping[str, Mapping[str, Any]] | None = None,
        lexicon_loader: Callable[[str], Lexicon] | None = None,
    ) -> None:
        self.registry = registry if registry is not None else default_registry()
        self.dictionary = frozenset(dictionary)
        self._settings = dict(settings or {})
        self._lexicon_loader = lexicon_loader
        self.processes = shared_processes()
        self._seconds: dict[str, float] = {}  # each isolated tool's last run, to share them out
        # One object per distinct list of fixes and per confidence, shared by findings.
        self._fixes: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._confidences: dict[float, float] = {}
        self.split_at = SPLIT_SEGMENTS  # cut "segment" tools in parts from this many segments

    def lexicon(self, language: str) -> Lexicon:
        if self._lexicon_loader is None:
            from editor.core.lexicon import load_lexicon

            self._lexicon_loader = load_lexicon
        return self._lexicon_loader(language)

    def context(self, doc: Document, handle: ToolHandle, **overrides: Any) -> ToolContext:
        """The context one tool sees for this document."""
        manifest = handle.record.manifest
        assert manifest is not None
        settings = manifest.default_settings()
        for key, value in self._settings.get(manifest.id, {}).items():
            spec = next((s for s in manifest.settings if s.key == key), None)
            if spec is not None and spec.accepts(value):
                settings[key] = value
        language = doc.metadata.language or "en"
        return ToolContext(
            language=language,
            settings=settings,
            glossary=Glossary(doc.glossary.terms, doc.glossary.replacements),
            replacement_memory=doc.replacement_memory(),
            personal_dictionary=self.dictionary,
            ignored=frozenset(d.original for d in doc.decisions if d.action == DecisionAction.IGNORE),
            lexicon=self.lexicon(language),
            log=logging.getLogger(f"galley.plugin.{manifest.id}"),
            data_dir=handle.record.location,
            resources_dir=paths.resources_dir(),
            user_resources_dir=paths.user_data_dir(),
            **overrides,
        )

    def tools(self, names: Iterable[str] = ()) -> tuple[list[ToolHandle], list[str]]:
        """Correction tools by name (all when no names are given), and unknown names."""
        names = list(names)
        if not names:
            return self.registry.tools(tool_type="correction"), []
        return self.registry.find_tools(names, tool_type="correction")

    def prepare(
        self,
        doc: Document,
        tools: Iterable[ToolHandle] | None = None,
        *,
        segment_ids: Iterable[str] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> CheckJob:
        """Snapshot the document and build each tool's context (on the document's thread).

        With ``segment_ids``, only live tools run, on those segments (the editor's check
        after typing); otherwise every tool runs on the whole document.
        """
        handles = list(tools) if tools is not None else self.tools()[0]
        scope = None if segment_ids is None else list(dict.fromkeys(segment_ids))
        if scope is not None:
            handles = [h for h in handles if h.spec.live]
        overrides: dict[str, Any] = {}
        if is_cancelled is not None:
            overrides["is_cancelled"] = is_cancelled
        if progress is not None:
            overrides["report_progress"] = progress
        runs = tuple((h, self.context(doc, h, **overrides)) for h in handles)
        return CheckJob(_frozen_view(doc, scope if runs else []), scope, runs)

    def run(
        self,
        job: CheckJob,
        is_cancelled: Callable[[], bool] | None = None,
        progress: Callable[[int, int], None] | None = None,
        *,
        out_of_process: bool = False,
        on_result: Callable[[ToolResult], None] | None = None,
    ) -> list[ToolResult]:
        """Run the job's tools (safe on a worker thread: touches no document).

        ``is_cancelled`` and ``progress``, when given, replace those of the prepared
        contexts (a worker knows them only when it starts). Tools that ask for it (see
        :func:`~editor.plugin_host.isolation.wants_process`), or all of them with
        ``out_of_process``, run in the tool processes, side by side and shared out as
        :mod:`~editor.plugin_host.schedule` says: the editor sends whole-document checks
        there, so that no tool can hold the interpreter lock it paints with, and a long
        transcript is checked on every core. ``on_result`` is called (on a worker thread)
        with each tool's result as soon as it is complete; the results returned then carry
        no suggestions.
        """
        runs = []
        for handle, ctx in job.runs:
            if is_cancelled is not None:
                ctx = replace(ctx, is_cancelled=is_cancelled)
            if progress is not None:
                ctx = replace(ctx, report_progress=progress)
            runs.append((handle, ctx))
        isolated = [i for i, (handle, _) in enumerate(runs) if out_of_process or wants_process(handle)]
        # Snapshot objects only for tools in this process (35 MB at 250,000 segments).
        segments = job.view.snapshots() if len(isolated) < len(runs) else ()
        results: list[ToolResult | None] = [None] * len(runs)
        stopped = is_cancelled or (lambda: False)
        processes = self.processes[: max(1, min(len(self.processes), len(isolated)))]
        items = work_items([(i, runs[i][0]) for i in isolated], len(job.view), len(processes), self._seconds, self.split_at)
        parts: dict[int, list[tuple[int, ToolResult]]] = {}
        counts: dict[int, dict[int, int]] = {}  # segments done per part of each tool
        expected = {i: sum(1 for item in items if item.run == i) for i in isolated}
        lock = threading.Lock()

        def finish(index: int, result: ToolResult) -> None:
            if on_result is None:
                results[index] = result
                return
            on_result(result)
            # Kept without its findings: they went to on_result, and a long transcript's
            # would otherwise stay in memory until the last tool is done.
            results[index] = replace(result, suggestions=(), positions=())

        def run_items(process: ToolProcess) -> None:
            while not stopped():
                with lock:
                    if not items:
                        return
                    item = items.pop(0)
                handle, ctx = runs[item.run]
                if item.part is not None:
                    ctx = replace(ctx, report_progress=_part_progress(ctx.report_progress, item.part, counts.setdefault(item.run, {}), lock))
                result = process.run(handle, job.view, ctx, lexicon=self._lexicon_spec(ctx), part=item.part)
                with lock:
                    done = parts.setdefault(item.run, [])
                    done.append((item.part.begin if item.part else 0, result))
                    if len(done) < expected[item.run]:
                        continue
                    result = merged(handle, [r for _, r in sorted(parts.pop(item.run), key=lambda pair: pair[0])])
                    self._seconds[handle.key] = result.elapsed
                finish(item.run, result)

        helpers = [threading.Thread(target=run_items, args=(p,), name="galley-tool-lane", daemon=True) for p in processes[1:]]
        for thread in helpers:
            thread.start()
        if items:
            run_items(processes[0])
        for index in (i for i in range(len(runs)) if i not in isolated):
            if stopped():
                break
            handle, ctx = runs[index]
            finish(index, run_tool(self.registry, handle, segments, ctx))
        for thread in helpers:
            thread.join()
        return [result for result in results if result is not None]

    def _lexicon_spec(self, ctx: ToolContext) -> tuple[str, Any]:
        """How the tool process gets the lexicon: it loads the built-in one itself."""
        from editor.core.lexicon import load_lexicon

        if self._lexicon_loader in (None, load_lexicon):
            return ("default", ctx.language)
        return ("object", ctx.lexicon)

    def apply(
        self,
        doc: Document,
        job: CheckJob,
        results: Iterable[ToolResult],
        *,
        report: CheckReport | None = None,
        scope: list[str] | None = None,
    ) -> CheckReport:
        """Store results as findings (stale ones are dropped) and report what is visible.

        With ``report``, add to that report and leave its findings to the caller (the
        editor applies a part of one tool's result at a time, see :func:`result_parts`,
        and reads visible findings per segment); ``scope`` then names the part's segments.
        """
        collect = report is None
        report = report if report is not None else CheckReport()
        for result in results:
            report.tool_seconds[result.tool.spec.id] = result.elapsed
            report.elapsed += result.elapsed
            if result.error and result.error not in report.errors:
                report.errors.append(result.error)
            if result.cancelled and not result.error:
                report.cancelled = True
                continue
            if not result.error or result.suggestions:
                doc.set_findings(result.tool.spec.id, scope if scope is not None else job.scope, self._findings(doc, result))
        if collect:
            report.findings = visible_findings(doc, self.dictionary)
        return report

    def check(
        self,
        doc: Document,
        tools: Iterable[ToolHandle] | None = None,
        *,
        segment_ids: Iterable[str] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> CheckReport:
        """Prepare, run and apply in one go (the command line's way)."""
        started = time.perf_counter()
        job = self.prepare(doc, tools, segment_ids=segment_ids, is_cancelled=is_cancelled, progress=progress)
        report = self.apply(doc, job, self.run(job, is_cancelled))
        report.cancelled |= bool(is_cancelled and is_cancelled())
        report.elapsed = time.perf_counter() - started
        return report

    def _findings(self, doc: Document, result: ToolResult) -> list[Annotation]:
        handle = result.tool
        memory = doc.replacement_memory()
        version = handle.record.manifest.version if handle.record.manifest else ""
        tool = handle.spec.id
        fixes_seen, confidences = self._fixes, self._confidences
        if len(fixes_seen) > MAX_SHARED:
            fixes_seen.clear()
        found = []
        looked_up: str | None = None
        segment: Segment | None = None
        for s in result.suggestions:
            if s.segment_id != looked_up:  # a segment's suggestions come together: one look-up
                looked_up = s.segment_id
                segment = doc.segment_or_none(looked_up)
            if segment is None:
                continue  # deleted while the tool ran
            text = segment.text
            # Interned and shared: a long transcript repeats the same word, message, fix and
            # confidence thousands of times, and each finding would otherwise keep its own
            # copies (the segment id too: the document's, not the one the tool sent back).
            span = intern(text[s.start : s.end])
            fixes = tuple(map(intern, memory_first(s.replacements, span, memory) if memory else s.replacements))
            confidence = float(s.confidence)
            found.append(
                Annotation(
                    "",
                    segment.id,
                    s.start,
                    s.end,
                    intern(s.kind),
                    span,
                    intern(s.message),
                    fixes_seen.setdefault(fixes, fixes),
                    confidences.setdefault(confidence, confidence),
                    AnnotationStatus.PENDING,
                    tool,
                    version,
                )
            )
        return found


def _part_progress(
    report: Callable[[int, int], None], part: Part, counts: dict[int, int], lock: threading.Lock
) -> Callable[[int, int], None]:
    """Progress of one part as progress of the whole tool: its parts' ``counts`` added up."""

    def part_progress(done: int, total: int) -> None:
        with lock:
            counts[part.begin] = min(done, part.end - part.begin)
            overall = sum(counts.values())
        report(overall, part.total)

    return part_progress


def segment_chunks(job: CheckJob, size: int) -> list[list[str]]:
    """The ids of the job's segments in runs of ``size`` (see :func:`result_parts`)."""
    ids = [segment.id for segment in job.view.segments]
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def result_parts(chunks: list[list[str]], result: ToolResult) -> list[tuple[list[str], ToolResult]]:
    """One tool's result cut into parts covering one chunk of segment ids each (see
    :func:`segment_chunks`), with their ids, so an editor can store it a part per
    event-loop turn."""
    if len(chunks) <= 1:
        return [(chunks[0] if chunks else [], result)]
    if result.positions and len(result.positions) == len(result.suggestions):
        # In segment order with positions (from the tool process): cut where each chunk
        # begins, a binary search per chunk.
        size = len(chunks[0])
        cuts = [bisect_left(result.positions, k * size) for k in range(len(chunks))] + [len(result.suggestions)]
        return [
            (chunk, replace(result, suggestions=result.suggestions[a:b], positions=result.positions[a:b]))
            for chunk, a, b in zip(chunks, cuts, cuts[1:])
        ]
    by_segment: dict[str, list[Suggestion]] = {}
    for suggestion in result.suggestions:
        by_segment.setdefault(suggestion.segment_id, []).append(suggestion)
    return [(chunk, replace(result, suggestions=tuple(s for sid in chunk for s in by_segment.get(sid, ())))) for chunk in chunks]


def run_checks(doc: Document, tool_ids: Iterable[str] = (), *, checker: Checker | None = None) -> CheckReport:
    """Check a whole document with the named tools (all built-in and installed ones by default)."""
    checker = checker or Checker()
    handles, unknown = checker.tools(tool_ids)
    report = checker.check(doc, handles)
    report.errors[:0] = [f"unknown tool {name!r}" for name in unknown]
    return report

