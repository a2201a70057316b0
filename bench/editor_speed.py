"""Editor speed against a bare QPlainTextEdit of the same text, in the same run.

Run: .venv/bin/python bench/editor_speed.py [--sizes 1M,10M] [--keys 300]

For the demo transcript repeated to each size (with findings on ~1% of words):
- open to first paint with highlights vs. a bare ``setPlainText`` + first paint;
- keystroke and Enter latency at random positions (key event + repaint), median/p95/p99/max;
- accept-all of a 1,000-occurrence group and its undo;
- resident memory after open.
Runs offscreen unless QT_QPA_PLATFORM is set.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from editor.core import review  # noqa: E402
from editor.core.model import Annotation  # noqa: E402
from editor.formats import read_document  # noqa: E402
from editor.paths import demo_transcript  # noqa: E402
from editor.plugin_api import EmptyLexicon  # noqa: E402
from editor.plugin_host.check import Checker  # noqa: E402
from editor.plugin_host.registry import PluginRegistry  # noqa: E402
from editor.ui.session import Session  # noqa: E402
from editor.ui.transcript_view import TranscriptView  # noqa: E402


def parse_size(text: str) -> int:
    units = {"K": 1024, "M": 1024 * 1024}
    return int(float(text[:-1]) * units[text[-1].upper()]) if text[-1].upper() in units else int(text)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return f"{statistics.median(ordered) * 1000:6.2f} {at(0.95):6.2f} {at(0.99):6.2f} {ordered[-1] * 1000:6.2f}"


def make_findings(doc, rate: float = 0.01) -> list[Annotation]:  # noqa: ANN001
    """Findings on ~1% of words, plus every "pie torch" (the accept-all group)."""
    rng = random.Random(7)
    found = []
    for segment in doc.segments:
        for match in re.finditer(r"[A-Za-z']+", segment.text):
            if rng.random() < rate:
                found.append(Annotation("", segment.id, match.start(), match.end(), "spelling", match.group(), "?", ("x",), tool="bench"))
    return found


def time_keys(widget, keys: int, key: Qt.Key, text: str, rng: random.Random, idle_every: int = 10) -> list[float]:  # noqa: ANN001
    """Latency of keys at random places; every ``idle_every`` keys the user pauses (the
    editor's idle housekeeping runs then, as it would between bursts of typing)."""
    samples = []
    blocks = widget.document().blockCount()
    for _ in range(keys):
        block = widget.document().findBlockByNumber(rng.randrange(blocks))
        cursor = widget.textCursor()
        cursor.setPosition(block.position() + rng.randrange(max(1, block.length() - 1)))
        widget.setTextCursor(cursor)
        widget.centerCursor()
        QApplication.processEvents()
        started = time.perf_counter()
        QTest.keyClick(widget, key, Qt.KeyboardModifier.NoModifier) if not text else QTest.keyClicks(widget, text)
        widget.viewport().repaint()
        samples.append(time.perf_counter() - started)
        if len(samples) % idle_every == 0 and hasattr(widget, "session"):
            widget.session.doc.compact_index()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1M,10M")
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--stall", metavar="SIZE", help="run every real tool in the background on SIZE and report the longest UI-thread stall")
    parser.add_argument("--memory", metavar="SIZE", help="only open SIZE in the editor (no bare widget) and print resident memory")
    args = parser.parse_args()
    if args.memory:
        return memory_only(args.memory)
    if args.stall:
        return stall_during_checks(args.stall)
    app = QApplication.instance() or QApplication([])
    demo = demo_transcript().read_text("utf-8")
    print(
        f"{'size':>5} {'segments':>9} | {'bare open':>9} {'open':>7} {'ratio':>5} | "
        f"{'key med p95 p99 max (ms)':>27} | {'bare key p99':>12} | {'enter med p95 p99 max':>27} | "
        f"{'accept 1k':>9} {'undo':>6} | {'RSS MB':>6}"
    )
    for label in args.sizes.split(","):
        target = parse_size(label)
        text = (demo * (target // len(demo.encode()) + 1))[:target]
        text = text[: text.rfind("\n") + 1]
        path = Path(f"/tmp/galley-bench-{label}.txt")
        path.write_text(text, "utf-8")
        doc = read_document(path)
        plain = doc.text

        bare = QPlainTextEdit()
        bare.resize(1000, 700)
        bare.show()
        QApplication.processEvents()
        started = time.perf_counter()
        bare.setPlainText(plain)
        bare.viewport().repaint()
        bare_open = time.perf_counter() - started

        session = Session(Checker(PluginRegistry(None, None, entry_points=False), lexicon_loader=EmptyLexicon))
        session.checks_enabled = False
        findings = make_findings(doc)
        pie = [
            Annotation("", s.id, m.start(), m.end(), "sound-alike", "pie torch", "?", ("PyTorch",), tool="soundalike")
            for s in doc.segments
            for m in re.finditer("pie torch", s.text)
        ][:1000]
        doc.set_findings("bench", None, findings)  # findings as a saved project brings them
        doc.set_findings("soundalike", None, pie)
        view = TranscriptView(session)
        view.resize(1000, 700)
        view.show()
        QApplication.processEvents()
        started = time.perf_counter()
        session.set_document(doc, None)
        view.viewport().repaint()
        ours_open = time.perf_counter() - started
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

        bare_p99 = sorted(bare_keys)[int(0.99 * len(bare_keys))] * 1000
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
    from PySide6.QtCore import QElapsedTimer, QTimer

    from editor.core.glossary import read_glossary
    from editor.paths import demo_glossary

    from editor.ui.app import make_application

    app = make_application()  # as the app runs: GC and thread switching set for the UI
    demo = demo_transcript().read_text("utf-8")
    target = parse_size(label)
    text = (demo * (target // len(demo.encode()) + 1))[:target]
    path = Path(f"/tmp/galley-bench-{label}.txt")
    path.write_text(text[: text.rfind("\n") + 1], "utf-8")
    doc = read_document(path)
    doc.set_glossary(read_glossary(demo_glossary()))
    session = Session()
    session.checker.lexicon("en")  # loaded before, as in a running app
    view = TranscriptView(session)
    view.resize(1000, 700)
    view.show()
    session.set_document(doc, None)
    session.cancel_checks()
    for _ in range(3):  # the first layout and paint (measured by the open benchmark), not a stall
        app.processEvents()
    clock = QElapsedTimer()
    clock.start()
    gaps: list[int] = []
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(interval=5, timeout=tick)
    timer.start()
    started = time.perf_counter()
    session.request_full_check(delay=0)
    poll = QTimer(interval=50)
    poll.timeout.connect(lambda: app.quit() if gaps and not session.checks_busy() else None)
    poll.start()
    app.exec()  # the real event loop, not a processEvents() loop
    elapsed = time.perf_counter() - started
    worst = sorted(gaps)[-3:]
    print(
        f"{label}: {len(doc):,} segments, full check {elapsed:.2f} s, {len(session.visible_findings()):,} findings;"
        f" longest UI stalls {worst} ms (timer every 5 ms)"
    )


def current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def memory_only(label: str) -> None:
    """Resident memory of the editor alone on a transcript of this size, with findings."""
    app = QApplication.instance() or QApplication([])
    demo = demo_transcript().read_text("utf-8")
    target = parse_size(label)
    text = (demo * (target // len(demo.encode()) + 1))[:target]
    path = Path(f"/tmp/galley-bench-{label}.txt")
    path.write_text(text[: text.rfind("\n") + 1], "utf-8")
    doc = read_document(path)
    doc.set_findings("bench", None, make_findings(doc))
    session = Session(Checker(PluginRegistry(None, None, entry_points=False), lexicon_loader=EmptyLexicon))
    session.checks_enabled = False
    view = TranscriptView(session)
    view.resize(1000, 700)
    view.show()
    session.set_document(doc, None)
    view.viewport().repaint()
    session.groups()
    app.processEvents()
    print(f"{label}: {len(doc):,} segments, resident {current_rss_mb():.0f} MB now, peak {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
