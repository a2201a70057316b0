"""Editor speed against a bare QPlainTextEdit of the same text, in the same run.

Run: .venv/bin/python bench/editor_speed.py [--sizes 1M,10M] [--keys 300]

For the demo transcript repeated to each size (with findings on ~1% of words):
- open to first paint with highlights vs. a bare ``setPlainText`` + first paint;
- keystroke and Enter latency at random positions (key event + repaint), median/p95/p99/max;
- accept-all of a 1,000-occurrence group and its undo;
- resident memory after open.
Runs offscreen unless QT_QPA_PLATFORM is set.

The measurements are also importable functions (``measure_open``, ``measure_typing``,
``measure_accept``, ``measure_full_check``, ``measure_memory``), each returning a dict;
``bench/scale.py`` runs each in a fresh process and prints one table with targets.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from editor.core import review
from editor.core.document import Document
from editor.core.model import Annotation
from editor.formats import read_document
from editor.paths import demo_transcript
from editor.plugin_api import EmptyLexicon
from editor.plugin_host.check import Checker
from editor.plugin_host.registry import PluginRegistry
from editor.ui.session import Session
from editor.ui.transcript_view import TranscriptView

WORD = re.compile(r"[A-Za-z']+")
MISSPELLING, FIX = "definately", "definitely"  # a real misspelling of the demo


# ------------------------------------------------------------------ inputs


def parse_size(text: str) -> int:
    units = {"K": 1024, "M": 1024 * 1024}
    return int(float(text[:-1]) * units[text[-1].upper()]) if text[-1].upper() in units else int(text)


def transcript_text(label: str) -> str:
    """The demo transcript repeated to ``label`` bytes (73K, 1M, 10M), cut at a line end."""
    demo = demo_transcript().read_text("utf-8")
    target = parse_size(label)
    text = (demo * (target // len(demo.encode()) + 1))[:target]
    return text[: text.rfind("\n") + 1]


def bench_document(label: str, text: str | None = None, *, glossary: bool = False) -> Document:
    """``text`` (default: :func:`transcript_text`) imported as the app imports a .txt file."""
    path = Path(tempfile.gettempdir()) / f"galley-bench-{label}-{os.getpid()}.txt"
    path.write_text(transcript_text(label) if text is None else text, "utf-8")
    try:
        doc = read_document(path)
    finally:
        path.unlink(missing_ok=True)
    if glossary:
        from editor.core.glossary import read_glossary
        from editor.paths import demo_glossary

        doc.set_glossary(read_glossary(demo_glossary()))
    return doc


def make_findings(doc: Document, rate: float = 0.01) -> list[Annotation]:
    """Findings on ~1% of words (tool "bench"), as a saved project brings them."""
    rng = random.Random(7)
    found = []
    for segment in doc.segments:
        for match in WORD.finditer(segment.text):
            if rng.random() < rate:
                found.append(Annotation("", segment.id, match.start(), match.end(), "spelling", match.group(), "?", ("x",), tool="bench"))
    return found


def word_count(doc: Document) -> int:
    return sum(len(WORD.findall(segment.text)) for segment in doc.segments)


def plant_word(text: str, word: str, total: int, seed: int = 3) -> tuple[str, int]:
    """``text`` with ``word`` appended to random lines until it occurs ``total`` times as a
    word (at most once more per line); returns the text and the number of occurrences."""
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    lines = text.split("\n")
    have = len(pattern.findall(text))
    candidates = [i for i, line in enumerate(lines) if line.strip()]
    chosen = random.Random(seed).sample(candidates, max(0, min(total - have, len(candidates))))
    for i in chosen:
        lines[i] += f" {word}"
    planted = "\n".join(lines)
    return planted, len(pattern.findall(planted))


def group_findings_for(doc: Document, word: str, replacement: str, tool: str = "spelling") -> list[Annotation]:
    """A finding (``word`` -> ``replacement``) on every occurrence of ``word``."""
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    return [
        Annotation("", s.id, m.start(), m.end(), "spelling", word, f"Did you mean “{replacement}”?", (replacement,), tool=tool)
        for s in doc.segments
        for m in pattern.finditer(s.text)
    ]


# ---------------------------------------------------------------- measuring


def rss_mb() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def children_memory_mb() -> list[dict[str, float]]:
    """Peak (VmHWM) and current (VmRSS) resident memory of this process's live children
    (the tool processes)."""
    found = []
    for child in multiprocessing.active_children():
        try:
            status = Path(f"/proc/{child.pid}/status").read_text()
        except OSError:
            continue
        values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        found.append(
            {
                "pid": child.pid,
                "hwm": int(values["VmHWM"].split()[0]) / 1024,
                "rss": int(values["VmRSS"].split()[0]) / 1024,
            }
        )
    return found


def latency(samples: list[float]) -> dict[str, float]:
    """Median, p95, p99 and max of ``samples`` (seconds) in milliseconds."""
    ordered = sorted(samples)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return {"median": statistics.median(ordered) * 1000, "p95": at(0.95), "p99": at(0.99), "max": ordered[-1] * 1000, "n": len(ordered)}


def percentiles(samples: list[float]) -> str:
    values = latency(samples)
    return f"{values['median']:6.2f} {values['p95']:6.2f} {values['p99']:6.2f} {values['max']:6.2f}"


def time_keys(
    widget: QPlainTextEdit,
    keys: int,
    key: Qt.Key,
    text: str,
    rng: random.Random,
    idle_every: int = 10,
    between: Callable[[], None] | None = None,
    cpu: list[float] | None = None,
) -> list[float]:
    """Latency of keys at random places; every ``idle_every`` keys the user pauses (the
    editor's idle housekeeping runs then, as it would between bursts of typing).
    ``between`` runs before each key, outside the measured time; ``cpu``, if given, gets
    the UI thread's own CPU time per key (the rest of the latency is waiting: for a core
    or for the interpreter lock)."""
    samples = []
    blocks = widget.document().blockCount()
    for _ in range(keys):
        block = widget.document().findBlockByNumber(rng.randrange(blocks))
        cursor = widget.textCursor()
        cursor.setPosition(block.position() + rng.randrange(max(1, block.length() - 1)))
        widget.setTextCursor(cursor)
        widget.centerCursor()
        QApplication.processEvents()
        if between is not None:
            between()
        started, thread_started = time.perf_counter(), time.thread_time()
        QTest.keyClick(widget, key, Qt.KeyboardModifier.NoModifier) if not text else QTest.keyClicks(widget, text)
        widget.viewport().repaint()
        samples.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.thread_time() - thread_started)
        if len(samples) % idle_every == 0 and hasattr(widget, "session"):
            widget.session.doc.compact_index()
    return samples


def quiet_session() -> Session:
    """A session whose findings come only from what the benchmark puts in the document."""
    session = Session(Checker(PluginRegistry(None, None, entry_points=False), lexicon_loader=EmptyLexicon))
    session.checks_enabled = False
    return session


def application() -> QApplication:
    """The QApplication as the app sets it up (collection on the UI thread, 0.5 ms switch
    interval)."""
    from editor.ui.app import make_application

    return make_application()


def warm_up() -> None:
    """Load fonts and the paint engine once, so neither first paint measured pays for it."""
    widget = QPlainTextEdit()
    widget.resize(400, 300)
    widget.show()
    widget.setPlainText("warm up\n" * 50)
    widget.viewport().repaint()
    QApplication.processEvents()
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()


def open_bare(text: str) -> tuple[QPlainTextEdit, float]:
    """A shown bare QPlainTextEdit: ``setPlainText`` + first paint, timed."""
    bare = QPlainTextEdit()
    bare.resize(1000, 700)
    bare.show()
    QApplication.processEvents()
    started = time.perf_counter()
    bare.setPlainText(text)
    bare.viewport().repaint()
    return bare, time.perf_counter() - started


def open_editor(session: Session, doc: Document) -> tuple[TranscriptView, float]:
    """The editor shown on ``doc``: ``set_document`` + first paint with highlights, timed."""
    view = TranscriptView(session)
    view.resize(1000, 700)
    view.show()
    QApplication.processEvents()
    started = time.perf_counter()
    session.set_document(doc, None)
    view.viewport().repaint()
    return view, time.perf_counter() - started


def measure_open(label: str) -> dict[str, Any]:
    """Open to first paint with highlights (~1% of words flagged) against a bare widget's
    ``setPlainText`` + first paint of the same text, in this process."""
    application()
    warm_up()
    doc = bench_document(label)
    findings = make_findings(doc)
    doc.set_findings("bench", None, findings)
    words = word_count(doc)
    bare, bare_open = open_bare(doc.text)
    session = quiet_session()
    view, ours = open_editor(session, doc)
    started = time.perf_counter()
    groups = session.groups()  # what the review panel computes after the first paint
    review_ms = (time.perf_counter() - started) * 1000
    return {
        "segments": len(doc),
        "words": words,
        "findings": len(findings),
        "flagged": len(findings) / max(1, words),
        "bare_s": bare_open,
        "open_s": ours,
        "ratio": ours / bare_open,
        "review_groups_ms": review_ms,
        "groups": len(groups),
        "_keep": (view, bare),
    }


def measure_typing(label: str, keys: int = 300, enters: int = 100, *, checks: bool = True) -> dict[str, Any]:
    """Keystroke and Enter latency at random positions while whole-document checks with the
    real tools run (a new one is started whenever none is running), and the same keys in a
    bare QPlainTextEdit of the same text under the same load."""
    app = application()
    warm_up()
    doc = bench_document(label, glossary=True)
    doc.set_findings("bench", None, make_findings(doc))
    session = Session() if checks else quiet_session()
    if checks:
        session.checker.lexicon("en")  # loaded before, as in a running app
    segments = len(doc)
    view, _ = open_editor(session, doc)
    bare, _ = open_bare(doc.text)
    busy: list[bool] = []
    started_checks = [0]

    def keep_checking() -> None:
        if not checks:
            return
        if not session._running and not session._to_apply and not session._document_timer.isActive():
            session.request_full_check(delay=0)
            started_checks[0] += 1
        busy.append(bool(session._running))

    if checks:  # the check that opening started is running before the first key
        deadline = time.monotonic() + 30
        while not session._running and time.monotonic() < deadline:
            app.processEvents()
    rng = random.Random(1)
    key_cpu: list[float] = []
    enter_cpu: list[float] = []
    key_samples = time_keys(view, keys, Qt.Key.Key_A, "a", rng, between=keep_checking, cpu=key_cpu)
    enter_samples = time_keys(view, enters, Qt.Key.Key_Return, "", rng, between=keep_checking, cpu=enter_cpu)
    ours_busy = sum(busy) / max(1, len(busy))
    busy.clear()
    rng = random.Random(1)
    bare_keys = time_keys(bare, keys, Qt.Key.Key_A, "a", rng, between=keep_checking)
    bare_enters = time_keys(bare, enters, Qt.Key.Key_Return, "", rng, between=keep_checking)
    assert view.toPlainText() == doc.text, "widget and document diverged"
    result = {
        "segments": segments,
        "key": latency(key_samples),
        "enter": latency(enter_samples),
        "key_cpu": latency(key_cpu),
        "enter_cpu": latency(enter_cpu),
        "bare_key": latency(bare_keys),
        "bare_enter": latency(bare_enters),
        "busy": ours_busy,
        "bare_busy": sum(busy) / max(1, len(busy)),
        "checks_started": started_checks[0],
    }
    session.cancel_checks()
    session.close()
    return result


def measure_accept(label: str, occurrences: int = 10_000) -> dict[str, Any]:
    """Accept-all of a group of ``occurrences`` findings through the review panel (as
    Shift+Enter does) and its undo; replace-all of the word "the" and its undo. Each is
    timed to the editor repainted. ~1% of words carry other findings."""
    from editor.core.search import SearchQuery, replace_all
    from editor.ui.review_panel import ReviewPanel, group_key

    app = application()
    warm_up()
    text, count = plant_word(transcript_text(label), MISSPELLING, occurrences)
    doc = bench_document(label, text)
    doc.set_findings("bench", None, make_findings(doc))
    doc.set_findings("spelling", None, group_findings_for(doc, MISSPELLING, FIX))
    session = quiet_session()
    view, _ = open_editor(session, doc)
    panel = ReviewPanel(session)
    panel.resize(350, 700)
    panel.show()
    panel.refresh()
    app.processEvents()

    def settled() -> None:
        app.processEvents()
        view.viewport().repaint()

    group = next(g for g in session.groups() if g.tool == "spelling" and g.text == MISSPELLING)
    panel.list.setCurrentIndex(panel.model.index(panel.model.row_of(group_key(group))))
    app.processEvents()
    before = doc.text
    started = time.perf_counter()
    panel.accept_all()
    settled()
    accept = time.perf_counter() - started
    accepted = before.count(MISSPELLING) - doc.text.count(MISSPELLING)
    started = time.perf_counter()
    doc.undo()
    settled()
    accept_undo = time.perf_counter() - started
    assert doc.text == before and view.toPlainText() == doc.text, "accept-all did not undo"

    query = SearchQuery("the", whole_word=True)
    started = time.perf_counter()
    replaced = replace_all(doc, query, "thee")
    settled()
    replace = time.perf_counter() - started
    started = time.perf_counter()
    doc.undo()
    settled()
    replace_undo = time.perf_counter() - started
    assert doc.text == before and view.toPlainText() == doc.text, "replace-all did not undo"
    return {
        "segments": len(doc),
        "group": group.count,
        "planted": count,
        "accepted": accepted,
        "accept_s": accept,
        "accept_undo_s": accept_undo,
        "replaced": replaced,
        "replace_s": replace,
        "replace_undo_s": replace_undo,
        "_keep": (view, panel),
    }


def measure_full_check(label: str, *, timeout: float = 300.0) -> dict[str, Any]:
    """A full background check with every built-in tool through the Session, as the app
    runs it (start -> all results applied), while a 5 ms UI timer measures the gaps in the
    real event loop (counted only after the first layout and paint). Also the editor's
    resident memory after open and after the check, and the tool processes' peaks."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    app = application()
    doc = bench_document(label, glossary=True)
    doc.set_findings("bench", None, make_findings(doc))
    session = Session()
    session.checker.lexicon("en")  # loaded before, as in a running app
    view = TranscriptView(session)
    view.resize(1000, 700)
    view.show()
    session.set_document(doc, None)
    session.cancel_checks()
    for _ in range(3):  # the first layout and paint (measured by the open benchmark), not a stall
        app.processEvents()
    view.viewport().repaint()
    memory_open = {"peak": rss_mb(), "now": current_rss_mb()}
    clock = QElapsedTimer()
    clock.start()
    gaps: list[int] = []
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    finished: list[float] = []
    reported: list[float] = []  # when the correction tools' results were all stored

    def on_running(running: bool) -> None:
        if not running:
            finished.append(time.perf_counter())
            app.quit()

    session.checksRunning.connect(on_running)
    session.checksFinished.connect(lambda _report: reported.append(time.perf_counter()))
    timer = QTimer(interval=5, timeout=tick)
    timer.start()
    guard = QTimer(singleShot=True, interval=int(timeout * 1000), timeout=app.quit)
    guard.start()
    started = time.perf_counter()
    session.request_full_check(delay=0)
    app.exec()  # the real event loop, not a processEvents() loop
    timer.stop()
    elapsed = (finished[0] if finished else time.perf_counter()) - started
    report = session.last_report
    tagging = getattr(session, "tagging_report", None)
    return {
        "segments": len(doc),
        # start -> every correction tool's findings stored (the document check)
        "check_s": (reported[0] if reported else finished[0] if finished else time.perf_counter()) - started,
        # start -> nothing running any more (tagging tools, run after a first check, included)
        "all_s": elapsed,
        "tagging_errors": list(getattr(tagging, "errors", []) or []),
        "complete": bool(finished),
        "findings": len(session.visible_findings()),
        "stalls_ms": sorted(gaps)[-3:],
        "ticks": len(gaps),
        "tool_seconds": dict(report.tool_seconds) if report else {},
        "errors": list(report.errors) if report else [],
        "rss_open": memory_open,
        "rss_check": {"peak": rss_mb(), "now": current_rss_mb()},
        "tools": children_memory_mb(),
        "_keep": (view, session),
    }


def measure_memory(label: str) -> dict[str, Any]:
    """Resident memory of the editor alone on a transcript of this size, with findings."""
    app = QApplication.instance() or QApplication([])
    doc = bench_document(label)
    doc.set_findings("bench", None, make_findings(doc))
    session = quiet_session()
    view = TranscriptView(session)
    view.resize(1000, 700)
    view.show()
    session.set_document(doc, None)
    view.viewport().repaint()
    session.groups()
    app.processEvents()
    return {"segments": len(doc), "now": current_rss_mb(), "peak": rss_mb(), "_keep": view}


# ------------------------------------------------------------------- the CLI


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1M,10M")
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--stall", metavar="SIZE", help="run every real tool in the background on SIZE and report the longest UI-thread stall")
    parser.add_argument("--memory", metavar="SIZE", help="only open SIZE in the editor (no bare widget) and print resident memory")
    args = parser.parse_args()
    if args.memory:
        return memory_only(args.memory)
    if args.stall:
        return stall_during_checks(args.stall)
    QApplication.instance() or QApplication([])
    print(
        f"{'size':>5} {'segments':>9} | {'bare open':>9} {'open':>7} {'ratio':>5} | "
        f"{'key med p95 p99 max (ms)':>27} | {'bare key p99':>12} | {'enter med p95 p99 max':>27} | "
        f"{'accept 1k':>9} {'undo':>6} | {'RSS MB':>6}"
    )
    for label in args.sizes.split(","):
        doc = bench_document(label)
        bare, bare_open = open_bare(doc.text)

        session = quiet_session()
        pie = [
            Annotation("", s.id, m.start(), m.end(), "sound-alike", "pie torch", "?", ("PyTorch",), tool="soundalike")
            for s in doc.segments
            for m in re.finditer("pie torch", s.text)
        ][:1000]
        doc.set_findings("bench", None, make_findings(doc))  # findings as a saved project brings them
        doc.set_findings("soundalike", None, pie)
        view, ours_open = open_editor(session, doc)
        started = time.perf_counter()
        session.groups()  # what the review panel computes after the first paint
        review_ms = (time.perf_counter() - started) * 1000
        memory = rss_mb()

        rng = random.Random(1)
        keys = time_keys(view, args.keys, Qt.Key.Key_A, "a", rng)
        enters = time_keys(view, max(50, args.keys // 3), Qt.Key.Key_Return, "", rng)
        bare_keys = time_keys(bare, args.keys, Qt.Key.Key_A, "a", random.Random(1))

        group = next(g for g in session.groups() if g.text == "pie torch")
        started = time.perf_counter()
        applied = review.accept_group(doc, group)
        QApplication.processEvents()
        view.viewport().repaint()
        accept = time.perf_counter() - started
        started = time.perf_counter()
        doc.undo()
        QApplication.processEvents()
        view.viewport().repaint()
        undo = time.perf_counter() - started
        assert view.toPlainText() == doc.text, "widget and document diverged"

        bare_p99 = latency(bare_keys)["p99"]
        print(
            f"{label:>5} {len(doc):>9,} | {bare_open:>8.3f}s {ours_open:>6.3f}s {ours_open / bare_open:>5.2f} | "
            f"{percentiles(keys):>27} | {bare_p99:>10.2f}ms | {percentiles(enters):>27} | "
            f"{accept:>8.3f}s {undo:>5.3f}s | {memory:>6.0f}   ({applied} accepted; review groups {review_ms:.0f} ms)"
        )
        view.close()
        bare.close()
        view.deleteLater()
        bare.deleteLater()
        QApplication.processEvents()


def stall_during_checks(label: str) -> None:
    """A full background check with the real tools while a 5 ms UI timer measures gaps."""
    result = measure_full_check(label)
    print(
        f"{label}: {result['segments']:,} segments, full check {result['check_s']:.2f} s, {result['findings']:,} findings;"
        f" longest UI stalls {result['stalls_ms']} ms (timer every 5 ms)"
    )


def memory_only(label: str) -> None:
    """Resident memory of the editor alone on a transcript of this size, with findings."""
    result = measure_memory(label)
    print(f"{label}: {result['segments']:,} segments, resident {result['now']:.0f} MB now, peak {result['peak']:.0f} MB")


if __name__ == "__main__":
    main()
