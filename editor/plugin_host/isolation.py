"""Running tools in a child process: a tool that crashes the interpreter, holds the
interpreter lock for long stretches or never returns cannot harm the editor.

:class:`ToolProcess` owns one long-lived child process (started on first use, restarted
after a crash or a runaway tool). Segments go to it once per check, in small chunks, and
each tool's result comes back in chunks too: one big ``pickle`` call would hold the
parent's interpreter lock, and so its user interface, for a tenth of a second on a long
transcript. In the child the ordinary runner validates the tool's output and keeps its
time budget; the parent adds a watchdog for a child that stops answering and turns a dead
child into an error naming the tool.

The messages, all small tuples:

==========================================  ==================================================
parent → child                              child → parent
==========================================  ==================================================
``("segments", n)`` + chunks                (nothing)
``("run", plugin, tool, ctx, lexicon,``     ``("started",)``, ``("progress", done, total)``...,
``part)`` (``part``: ``None`` for all)      ``("items", [...])``..., ``("result", fields)``
``("stop",)``                               (the child exits)
==========================================  ==================================================
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise, starmap
from pathlib import Path
from typing import Any, Protocol

from editor.plugin_api import EmptyLexicon, Lexicon, SegmentSnapshot, Suggestion, ToolContext, WordTiming
from editor.plugin_host.manifest import PluginManifest
from editor.plugin_host.registry import PluginRecord, PluginRegistry, PluginState, ToolHandle
from editor.plugin_host.runner import ToolResult, budget_for, run_tool
from editor.plugin_host.schedule import Part

CHUNK = 500  # segments per message: pickling one holds the editor's lock about a quarter of a millisecond
ITEMS_CHUNK = 100  # suggestions per message: unpickling one holds the editor's lock about 0.1 ms
GRACE_S = 5.0  # how long past its budget a silent child is given before it is killed
STARTUP_S = 120.0  # how long a child may take to start and load a tool
PROGRESS_INTERVAL_S = 0.1

_SPAWN = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads


def wants_process(handle: ToolHandle) -> bool:
    """Whether a tool runs out of process: when its manifest says so, and by default for
    plugins that do not come with Galley (a third party's crash must not take the editor)."""
    isolation = handle.spec.isolation
    if isolation:
        return isolation == "process"
    return handle.record.source != "builtin"


@dataclass(frozen=True)
class _Plugin:
    """What the child needs to load a plugin's tool: where it is and its manifest."""

    source: str
    location: Path
    manifest: PluginManifest


class SegmentSource(Protocol):
    """Segments to send: how many, a chunk of them as columns (ids, indexes, texts,
    speaker names, starts, ends, word tuples, source lines), and how they differ from
    those of another source: ``(start, old_end, new_end)``, the one stretch to replace
    (``start == old_end == new_end == len(self)`` when they are the same), or ``None``
    when they cannot be compared (then all are sent)."""

    def __len__(self) -> int: ...

    def columns(self, begin: int, end: int) -> tuple[list[Any], ...]: ...

    def changed_from(self, other: object) -> tuple[int, int, int] | None: ...


class ToolProcess:
    """A child process that runs tools; safe to share between threads (one run at a time)."""

    def __init__(self, *, grace: float = GRACE_S) -> None:
        self.grace = grace
        self.starts = 0  # how many children were started (tests, benchmarks)
        self.sends = 0  # how many times segments were sent (all, or a changed stretch)
        self.sent = 0  # how many segments were sent in all
        self._forget()

    def _forget(self) -> None:
        """No child yet (also after a fork: the parent's child is not ours to use)."""
        self._owner = os.getpid()
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Any = None
        self._cancel: Any = None
        self._loaded: SegmentSource | None = None  # the segments the child holds now
        self._epoch = 0  # counts close() calls: a run cut short by one is cancelled, not crashed

    def run(
        self,
        handle: ToolHandle,
        segments: SegmentSource,
        ctx: ToolContext,
        *,
        lexicon: tuple[str, Any],
        part: Part | None = None,
    ) -> ToolResult:
        """Run one tool in the child on ``segments`` (sent only when they differ from
        what the child holds), or on one ``part`` of them, and return its validated
        result; never raises.

        ``lexicon`` is ``("default", language)`` for the built-in lexicon, which the child
        loads itself, or ``("object", lexicon)`` to send one. ``ctx.is_cancelled`` and
        ``ctx.report_progress`` are honoured from this side.
        """
        started = time.perf_counter()
        if self._owner != os.getpid():  # forked: a `galley check --jobs` worker
            self._forget()
        epoch = self._epoch
        with self._lock:
            if epoch != self._epoch:
                return ToolResult(handle, cancelled=True)
            try:
                self._ensure_started()
                self._update_segments(segments)
                checked = len(segments) if part is None else part.end - part.begin
                return self._run(handle, ctx, lexicon, part, started, budget_for(handle, checked))
            except (EOFError, OSError) as error:
                if epoch != self._epoch:
                    self._stop(kill=True)
                    return ToolResult(handle, cancelled=True)
                return self._crashed(handle, started, error)

    def close(self) -> None:
        """Stop the child now, even during a run (which then ends as cancelled); the next
        run starts a new one. The child is a daemon: it also ends with this process."""
        self._epoch += 1
        process = self._process
        if process is not None and process.is_alive():
            process.kill()
        with self._lock:
            self._stop(kill=True)

    # ------------------------------------------------------------------ internals

    def _ensure_started(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        self._stop()
        parent_end, child_end = _SPAWN.Pipe()
        self._cancel = _SPAWN.Event()
        self._process = _SPAWN.Process(target=_child_main, args=(child_end, self._cancel), name="galley-tools", daemon=True)
        self._process.start()
        child_end.close()
        self._conn = parent_end
        self._loaded = None
        self.starts += 1

    def _stop(self, kill: bool = False) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        self._loaded = None
        if process is None:
            return
        try:
            if not kill and process.is_alive():
                conn.send(("stop",))
                process.join(1.0)
        except (OSError, EOFError):
            pass
        if process.is_alive():
            process.kill()
            process.join(2.0)
        conn.close()

    def _update_segments(self, segments: SegmentSource) -> None:
        """Bring the child's segments up to date: only the stretch that changed since the
        last send (an edit between two checks of a 10-hour transcript: a few segments, not
        250,000, built and pickled while the producer types), or all of them."""
        change = segments.changed_from(self._loaded) if self._loaded is not None else None
        if change is None:
            self._send_segments(segments, ("segments", len(segments)), 0, len(segments))
        elif change != (len(segments),) * 3:
            start, old_end, new_end = change
            self._send_segments(segments, ("splice", start, old_end, new_end - start), start, new_end)
        self._loaded = segments

    def _send_segments(self, segments: SegmentSource, header: tuple[Any, ...], begin: int, end: int) -> None:
        # Columns of plain values, built straight from the document's segments: no
        # snapshot objects in this process, and each chunk pickles in about a millisecond.
        self._conn.send(header)
        for first in range(begin, end, CHUNK):
            self._conn.send(segments.columns(first, min(end, first + CHUNK)))
        self.sends += 1
        self.sent += end - begin

    def _run(
        self, handle: ToolHandle, ctx: ToolContext, lexicon: tuple[str, Any], part: Part | None, started: float, budget: float
    ) -> ToolResult:
        record = handle.record
        assert record.manifest is not None
        plugin = _Plugin(record.source, record.location, record.manifest)
        sendable = replace(ctx, lexicon=EmptyLexicon(), is_cancelled=_never, report_progress=_no_progress)
        self._cancel.clear()
        self._conn.send(("run", plugin, handle.spec.id, sendable, lexicon, part))
        # Until the child says it has started the tool, allow for its start-up (imports,
        # the lexicon) on a busy machine; from then on, the tool's budget and the grace.
        deadline = time.monotonic() + STARTUP_S
        items: list[Any] = []
        positions: list[int] = []
        correction = handle.spec.type == "correction"
        while True:
            if ctx.is_cancelled():
                self._cancel.set()
            if not self._conn.poll(0.05):
                if time.monotonic() > deadline:
                    self._stop(kill=True)
                    message = f"{handle.key} did not finish within {budget:g} s and was stopped"
                    return _failed(handle, message, started, cancelled=True)
                continue
            message = self._conn.recv()
            kind = message[0]
            if kind == "started":
                deadline = time.monotonic() + budget + self.grace
            elif kind == "progress":
                ctx.report_progress(message[1], message[2])
            elif kind == "items":  # made into values as they come: one copy at a time
                items.extend(starmap(Suggestion, message[1]) if correction else message[1])
                positions.extend(message[2])
            elif kind == "result":
                fields = message[1]
                if fields.pop("abandoned"):
                    self._stop(kill=True)  # a runaway tool thread still burns the child
                if fields.pop("failed"):
                    record.state, record.error = PluginState.ERROR, fields["error"]
                elif record.state in (PluginState.DISCOVERED, PluginState.LOADED):
                    record.state = PluginState.ACTIVE
                if fields.get("error"):
                    record.problems.append(fields["error"])
                    del record.problems[:-20]
                result = ToolResult(handle, elapsed=time.perf_counter() - started, positions=tuple(positions), **fields)
                return replace(result, suggestions=tuple(items)) if correction else replace(result, proposals=tuple(items))

    def _crashed(self, handle: ToolHandle, started: float, error: BaseException) -> ToolResult:
        process = self._process
        code = None
        if process is not None:
            process.join(2.0)
            code = process.exitcode
        self._stop(kill=True)
        return _failed(handle, f"{handle.key} crashed the tool process ({_exit_reason(code, error)})", started)


_SHARED: list[ToolProcess] = []
_SHARED_LOCK = threading.Lock()


def shared_processes() -> list[ToolProcess]:
    """The tool processes of this program, one per core up to two (each child starts
    when first needed), so that every window and every check reuses the tools loaded."""
    with _SHARED_LOCK:
        if not _SHARED:
            _SHARED.extend(ToolProcess() for _ in range(max(1, min(2, os.cpu_count() or 1))))
        return list(_SHARED)


def _failed(handle: ToolHandle, message: str, started: float, *, cancelled: bool = False) -> ToolResult:
    handle.record.state, handle.record.error = PluginState.ERROR, message
    return ToolResult(handle, error=message, elapsed=time.perf_counter() - started, cancelled=cancelled)


def _exit_reason(code: int | None, error: BaseException) -> str:
    if code is None:
        return f"connection lost: {type(error).__name__}"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def _never() -> bool:
    return False


def _no_progress(done: int, total: int) -> None:
    return None


def _received(conn: Any, count: int) -> tuple[SegmentSnapshot, ...]:
    """``count`` segments from the chunks that follow a "segments" or "splice" message."""
    loaded: list[SegmentSnapshot] = []
    while len(loaded) < count:
        loaded.extend(_snapshots(conn.recv()))
    return tuple(loaded)


def _snapshots(columns: tuple[list[Any], ...]) -> Iterator[SegmentSnapshot]:
    for sid, index, text, speaker, start, end, words, line in zip(*columns):
        yield SegmentSnapshot(sid, index, text, speaker, start, end, tuple(WordTiming(*w) for w in words), line)


# ------------------------------------------------------------------------- the child


def _child_main(conn: Any, cancel: Any) -> None:
    """The child's loop: hold segments, run tools on them, send results back."""
    if hasattr(os, "nice"):
        os.nice(10)  # the editor's UI thread comes first when the cores are busy
    conn = _LockedConnection(conn)  # a runaway tool thread may still report progress
    registry = PluginRegistry(None, None, entry_points=False)
    records: dict[tuple[str, str], PluginRecord] = {}
    segments: tuple[SegmentSnapshot, ...] = ()
    where: dict[str, int] | None = None  # each segment's position (made when first needed)
    lexicons: dict[str, Lexicon] = {}
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        kind = message[0]
        if kind == "stop":
            return
        if kind in ("segments", "splice"):
            where = None
        if kind == "segments":
            segments = ()  # the old ones go first (reference counting frees them)
            segments = _received(conn, message[1])
            # Out of the collector's sight: the segments live until the next ones come, and
            # every collection a tool's allocations trigger would otherwise walk all of
            # them (half a second per tool on a 10-hour transcript).
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        elif kind == "splice":  # segments start..old_end replaced by count new ones
            _, start, old_end, count = message
            tail = segments[old_end:]
            if start + count != old_end:  # the segments after it moved
                tail = tuple(replace(s, index=s.index + start + count - old_end) for s in tail)
            segments = segments[:start] + _received(conn, count) + tail
            gc.freeze()
        elif kind == "run":
            _, plugin, tool_id, ctx, lexicon, part = message
            record = records.get((str(plugin.location), plugin.manifest.id))
            if record is None or record.state == PluginState.ERROR:
                record = PluginRecord(plugin.source, plugin.location, plugin.manifest, PluginState.DISCOVERED)
                records[(str(plugin.location), plugin.manifest.id)] = record
                registry.records.append(record)
            spec = next(s for s in plugin.manifest.tools if s.id == tool_id)
            ctx = replace(
                ctx,
                lexicon=_child_lexicon(lexicon, lexicons),
                is_cancelled=cancel.is_set,
                report_progress=_child_progress(conn),
            )
            conn.send(("started",))
            if part is None:
                result = run_tool(registry, ToolHandle(record, spec), segments, ctx)
                suggestions: Sequence[Suggestion] = result.suggestions
            else:  # a part with its margins; only the part's own findings go back
                result = run_tool(registry, ToolHandle(record, spec), segments[slice(*part.context)], ctx)
                own = {s.id for s in segments[part.begin : part.end]}
                suggestions = tuple(s for s in result.suggestions if s.segment_id in own)
            if where is None:
                where = {s.id: i for i, s in enumerate(segments)}
            # Positions go with the items (ToolResult.positions): one per suggestion, two per
            # proposal (its first and last segment).
            if spec.type == "correction":
                suggestions, at = _in_order(suggestions, where)
                items: list[Any] = _suggestion_rows(suggestions)
                step = 1
            else:
                items = list(result.proposals)
                at = [where[i] for p in items for i in (p.first_segment_id, p.last_segment_id)]
                step = 2
            for begin in range(0, len(items), ITEMS_CHUNK):
                end = begin + ITEMS_CHUNK
                conn.send(("items", items[begin:end], at[begin * step : end * step]))
            abandoned = any(t.name.startswith("galley-tool-") and t.is_alive() for t in threading.enumerate())
            conn.send(
                (
                    "result",
                    {
                        "error": result.error,
                        "dropped": result.dropped,
                        "cancelled": result.cancelled,
                        "warnings": result.warnings,
                        "failed": record.state == PluginState.ERROR,
                        "abandoned": abandoned,
                    },
                )
            )


def _in_order(suggestions: Sequence[Suggestion], where: dict[str, int]) -> tuple[Sequence[Suggestion], list[int]]:
    """The suggestions in the order of their segments (as most tools return them), and
    each one's segment position."""
    at = [where[s.segment_id] for s in suggestions]
    if any(a > b for a, b in pairwise(at)):
        order = sorted(range(len(at)), key=at.__getitem__)
        return [suggestions[i] for i in order], [at[i] for i in order]
    return suggestions, at


def _suggestion_rows(suggestions: Iterable[Suggestion]) -> list[tuple[Any, ...]]:
    """Suggestions as plain tuples to send, equal kinds, messages and replacements as one
    object each: ``pickle`` then writes each once per message, and the editor unpickles one
    copy instead of thousands (a long transcript repeats the same message and fix)."""
    shared: dict[Any, Any] = {}
    one = shared.setdefault
    return [
        (s.segment_id, s.start, s.end, one(s.kind, s.kind), one(s.message, s.message), one(s.replacements, s.replacements), s.confidence)
        for s in suggestions
    ]


class _LockedConnection:
    """The child's end of the pipe, safe to send on from a tool's thread too."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._lock = threading.Lock()

    def recv(self) -> Any:
        return self._conn.recv()

    def send(self, message: Any) -> None:
        with self._lock:
            self._conn.send(message)


def _child_lexicon(spec: tuple[str, Any], cache: dict[str, Lexicon]) -> Lexicon:
    how, value = spec
    if how == "object":
        return value
    if value not in cache:
        from editor.core.lexicon import load_lexicon

        cache[value] = load_lexicon(value)
    return cache[value]


def _child_progress(conn: Any) -> Callable[[int, int], None]:
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_INTERVAL_S or done >= total:
            last[0] = now
            conn.send(("progress", done, total))

    return report
