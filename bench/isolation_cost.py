"""What running tools in the tool process costs, against running them in a thread.

    python bench/isolation_cost.py [--sizes 73K,1M,10M]

For the demo transcript repeated to each size: the built-in tools' whole-document check in
a thread, in one child process and in two side by side (segments sent, results returned), and a live check of
one edited segment both ways. Also the child's start-up (spawn, imports, lexicon load).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from editor.core.glossary import read_glossary
from editor.formats import read_document
from editor.paths import demo_glossary, demo_transcript
from editor.plugin_host.check import Checker
from editor.plugin_host.isolation import ToolProcess


def parse_size(text: str) -> int:
    units = {"K": 1_000, "M": 1_000_000}
    return int(float(text[:-1]) * units[text[-1].upper()]) if text[-1].upper() in units else int(text)


def load(label: str):  # -> Document
    demo = demo_transcript().read_text("utf-8")
    target = parse_size(label)
    text = (demo * (target // len(demo.encode()) + 1))[:target]
    path = Path(f"/tmp/galley-bench-{label}.txt")
    path.write_text(text[: text.rfind("\n") + 1], "utf-8")
    doc = read_document(path)
    doc.set_glossary(read_glossary(demo_glossary()))
    return doc


def timed(function) -> float:  # noqa: ANN001
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="73K,1M")
    args = parser.parse_args()
    checker = Checker()
    pair = [ToolProcess(), ToolProcess()]
    checker.processes = pair[:1]
    checker.lexicon("en")
    small = load("73K")
    startup = timed(lambda: checker.run(checker.prepare(small), out_of_process=True))
    warm = timed(lambda: checker.run(checker.prepare(small), out_of_process=True))
    print(f"child start-up (spawn, imports, lexicon, first check of 73 KB): {startup - warm:.2f} s\n")
    print(
        "| size | segments | document check, thread | in 1 tool process | in 2 side by side |"
        " live check of 1 segment, thread | in a process |"
    )
    print("|---|---|---|---|---|---|---|")
    for label in args.sizes.split(","):
        doc = load(label)
        thread = min(timed(lambda: checker.run(checker.prepare(doc))) for _ in range(2))
        process = min(timed(lambda: checker.run(checker.prepare(doc), out_of_process=True)) for _ in range(2))
        checker.processes = pair
        both = min(timed(lambda: checker.run(checker.prepare(doc), out_of_process=True)) for _ in range(2))
        checker.processes = pair[:1]
        one = [doc.segment_at(len(doc) // 2).id]
        live_thread = statistics.median(timed(lambda: checker.run(checker.prepare(doc, segment_ids=one))) for _ in range(20))
        live_process = statistics.median(
            timed(lambda: checker.run(checker.prepare(doc, segment_ids=one), out_of_process=True)) for _ in range(20)
        )
        print(
            f"| {label} | {len(doc):,} | {thread:.2f} s | {process:.2f} s ({process / thread:.2f}×) | {both:.2f} s ({both / thread:.2f}×) |"
            f" {live_thread * 1000:.1f} ms | {live_process * 1000:.1f} ms |"
        )
    for process in pair:
        process.close()


if __name__ == "__main__":
    main()
