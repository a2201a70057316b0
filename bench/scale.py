"""Scale: a 10-hour transcript and a whole back catalogue stay instant (issue 6).

Run: .venv/bin/python bench/scale.py [--quick] [--runs N] [--keys N]

One command, one Markdown table (stdout) of every measurement beside its target, marked
met or missed; progress goes to stderr. For the demo transcript repeated to 73 KB (one
hour), 1 MB and 10 MB (ten hours), with findings on ~1% of words:

* open to first paint with highlights vs. a bare ``QPlainTextEdit.setPlainText`` + first
  paint of the same text in the same process (target ≤ 1.2× at every size);
* keystroke and Enter latency at random positions while whole-document checks with the
  real tools run, beside a bare QPlainTextEdit under the same load (10 MB: keystroke p99
  < 4 ms, Enter p99 < 8 ms);
* accept-all of a 10,000-occurrence group through the review panel and its undo (< 1 s,
  < 0.5 s); replace-all of "the" (whole word) and its undo (no target was set: 1 s is
  used);
* a full background check with every built-in tool through the Session, start to all
  results applied, and the longest UI-thread stall meanwhile (10 MB: < 15 s, < 50 ms);
* the editor's peak resident memory after open and after that check (10 MB: < 400 MB),
  and the tool processes' peaks (reported, not part of the target);
* ``galley check --jobs 2`` against ``--jobs 1`` on 200 distinct one-hour transcripts,
  start-up included (≥ 1.7×).

Every GUI measurement runs in a fresh process (``QT_QPA_PLATFORM=offscreen``), ``--runs``
times (default 2; 1 with ``--quick``), and the better figure of each is shown: the machine
may be shared, so figures are indicative. ``--quick`` runs 73 KB and 1 MB and 20 files.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULT = "SCALE-RESULT "
TARGET_SIZE = "10M"  # the size the latency, check, stall and memory targets are set for


def log(message: str) -> None:
    print(f"[scale {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# ------------------------------------------------------------ child processes


def run_child(kind: str, label: str, keys: int) -> dict[str, Any]:
    """One measurement in a fresh interpreter; its result dict."""
    # The tool processes' semaphores are left to the resource tracker (the child exits at
    # once, see child_main), which would warn about each.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONWARNINGS="ignore::UserWarning:multiprocessing.resource_tracker")
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--size", label, "--keys", str(keys)]
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, timeout=1800, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT)]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} {label} failed (exit {done.returncode}): {done.stdout[-2000:]}")
    return json.loads(lines[-1][len(RESULT) :])


def child_main(kind: str, label: str, keys: int) -> None:
    import editor_speed as speed

    measures: dict[str, Callable[[], dict[str, Any]]] = {
        "open": lambda: speed.measure_open(label),
        "typing": lambda: speed.measure_typing(label, keys, max(50, keys // 3)),
        "accept": lambda: speed.measure_accept(label, 10_000),
        "check": lambda: speed.measure_full_check(label),
    }
    result = measures[kind]()
    print(RESULT + json.dumps({k: v for k, v in result.items() if not k.startswith("_")}), flush=True)
    from editor.plugin_host.isolation import shared_processes

    for process in shared_processes():
        process.close()
    os._exit(0)  # tearing down 250,000 blocks of widgets is not part of any measurement


def measured(kind: str, label: str, runs: int, keys: int) -> list[dict[str, Any]]:
    results = []
    for run in range(runs):
        started = time.perf_counter()
        results.append(run_child(kind, label, keys))
        log(f"{kind} {label} run {run + 1}/{runs}: {time.perf_counter() - started:.1f} s (load {load_average()})")
    return results


# ------------------------------------------------------------ galley check --jobs


def write_catalogue(folder: Path, count: int) -> list[str]:
    """``count`` one-hour transcripts: the demo repeated to 73 KB, lines shuffled per file."""
    import editor_speed as speed

    lines = speed.transcript_text("73K").splitlines()
    paths = []
    for number in range(count):
        shuffled = lines[:]
        random.Random(number).shuffle(shuffled)
        path = folder / f"episode-{number:03}.txt"
        path.write_text("\n".join(shuffled) + "\n", "utf-8")
        paths.append(str(path))
    return paths


def time_cli(paths: list[str], jobs: int) -> tuple[float, float]:
    """Wall seconds of one ``galley check`` run and the CPU seconds its processes used."""
    import resource

    galley = ROOT / ".venv" / "bin" / "galley"
    command = [str(galley) if galley.exists() else "galley", "check", *paths, "--format", "json", "--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True, timeout=3600)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure_cli(count: int, runs: int) -> dict[int, tuple[float, float]]:
    """The best (wall, CPU) seconds of ``--jobs 1`` and ``--jobs 2`` over ``runs`` runs."""
    best = {1: (float("inf"), 0.0), 2: (float("inf"), 0.0)}
    with tempfile.TemporaryDirectory(prefix="galley-catalogue-") as folder:
        paths = write_catalogue(Path(folder), count)
        for run in range(runs):
            for jobs in (1, 2):  # alternated, so a busy spell of the machine hits both
                wall, cpu = time_cli(paths, jobs)
                best[jobs] = min(best[jobs], (wall, cpu))
                log(
                    f"galley check {count} files --jobs {jobs} run {run + 1}/{runs}: {wall:.1f} s, "
                    f"{cpu:.1f} CPU s (load {load_average()})"
                )
    return best


# ------------------------------------------------------------------- the table


def best(runs: list[dict[str, Any]], *path: str) -> Any:
    """The smallest value at ``path`` over the runs."""
    values = []
    for run in runs:
        value: Any = run
        for key in path:
            value = value[key]
        values.append(value)
    return min(values)


def best_latency(runs: list[dict[str, Any]], key: str) -> dict[str, float]:
    """The run's latency figures with the lowest p99."""
    return min((run[key] for run in runs), key=lambda values: (values["p99"], values["max"]))


def status(ok: bool | None) -> str:
    return "—" if ok is None else ("**met**" if ok else "**MISSED**")


def size_name(label: str, segments: int) -> str:
    name = {"73K": "73 KB", "1M": "1 MB", "10M": "10 MB"}.get(label, label)
    return f"{name} ({segments:,} seg.)"


def ms(values: dict[str, float]) -> str:
    return f"{values['median']:.2f} / {values['p95']:.2f} / {values['p99']:.2f} / {values['max']:.2f}"


def table(
    results: dict[str, dict[str, list[dict[str, Any]]]], cli: dict[int, tuple[float, float]] | None, files: int
) -> list[str]:
    rows: list[tuple[str, str, str, str, str, str]] = []
    missed: list[str] = []

    def row(what: str, size: str, result: str, reference: str, target: str, ok: bool | None) -> None:
        rows.append((what, size, result, reference, target, status(ok)))
        if ok is False:
            missed.append(f"{what} at {size}")

    for label, by_kind in results.items():
        at_target = label == TARGET_SIZE
        runs = by_kind["open"]
        if not runs:
            continue
        ratio = best(runs, "ratio")
        size = size_name(label, runs[0]["segments"])
        row(
            f"open to first paint, highlights on {runs[0]['flagged']:.1%} of words",
            size,
            f"{best(runs, 'open_s'):.3f} s (**{ratio:.2f}×**)",
            f"bare setPlainText + paint {best(runs, 'bare_s'):.3f} s; review groups after: {best(runs, 'review_groups_ms'):.0f} ms",
            "≤ 1.2× bare",
            ratio <= 1.2,
        )
    for label, by_kind in results.items():
        at_target = label == TARGET_SIZE
        runs = by_kind["typing"]
        if not runs:
            continue
        size = size_name(label, runs[0]["segments"])
        busy = min(run["busy"] for run in runs)
        for key, name, limit in (("key", "keystroke", 4.0), ("enter", "Enter", 8.0)):
            values = best_latency(runs, key)
            bare = best_latency(runs, f"bare_{key}")
            cpu = best_latency(runs, f"{key}_cpu")
            row(
                f"{name} during full checks, ms med / p95 / p99 / max (n={values['n']}, {busy:.0%} with a check running)",
                size,
                ms(values),
                f"UI thread's own CPU: {ms(cpu)}; bare widget, same load: {ms(bare)}",
                f"p99 < {limit:g} ms" if at_target else f"(p99 < {limit:g} ms at 10 MB)",
                values["p99"] < limit if at_target else None,
            )
    for label, by_kind in results.items():
        runs = by_kind["accept"]
        if not runs:
            continue
        size = size_name(label, runs[0]["segments"])
        count = runs[0]["accepted"]
        full = count >= 10_000
        row(
            f"accept-all of a {count:,}-occurrence group (review panel, Shift+Enter)",
            size,
            f"{best(runs, 'accept_s'):.3f} s",
            "",
            "< 1 s" if full else "(< 1 s at 10,000)",
            best(runs, "accept_s") < 1.0 if full else None,
        )
        row(
            "… its undo",
            size,
            f"{best(runs, 'accept_undo_s'):.3f} s",
            "",
            "< 0.5 s" if full else "(< 0.5 s at 10,000)",
            best(runs, "accept_undo_s") < 0.5 if full else None,
        )
        replaced = runs[0]["replaced"]
        row(
            f"replace-all of “the” (whole word, {replaced:,} occurrences)",
            size,
            f"{best(runs, 'replace_s'):.3f} s",
            "",
            "< 1 s (assumed: none set)",
            best(runs, "replace_s") < 1.0,
        )
        row("… its undo", size, f"{best(runs, 'replace_undo_s'):.3f} s", "", "< 1 s (assumed: none set)", best(runs, "replace_undo_s") < 1.0)
    for label, by_kind in results.items():
        at_target = label == TARGET_SIZE
        runs = by_kind["check"]
        if not runs:
            continue
        size = size_name(label, runs[0]["segments"])
        complete = all(run["complete"] for run in runs)
        check_s = best(runs, "check_s")
        stopped = min((run["errors"] for run in runs), key=len)
        tagging = min(run["all_s"] - run["check_s"] for run in runs)
        stall = min(max(run["stalls_ms"] or [0]) for run in runs)
        stalls = min((run["stalls_ms"] for run in runs), key=lambda gaps: max(gaps or [0]))
        row(
            "full background check, all built-in correction tools, start → all results applied",
            size,
            f"{check_s:.2f} s ({runs[0]['findings']:,} findings)"
            + ("" if complete else " — DID NOT FINISH")
            + (f" — {len(stopped)} tool(s) failed: " + "; ".join(stopped) if stopped else ""),
            f"then the tagging tools (run once after opening): +{tagging:.2f} s",
            "< 15 s, no tool stopped" if at_target else "(< 15 s at 10 MB)",
            (check_s < 15 and complete and not stopped) if at_target else None,
        )
        row(
            "longest UI-thread stall during it (5 ms timer, after first paint)",
            size,
            f"{stall} ms",
            f"three longest gaps: {', '.join(map(str, stalls))} ms",
            "< 50 ms" if at_target else "(< 50 ms at 10 MB)",
            stall < 50 if at_target else None,
        )
        open_peak = best(runs, "rss_open", "peak")
        check_peak = best(runs, "rss_check", "peak")
        row(
            "editor process peak RSS after open (lexicon loaded)",
            size,
            f"{open_peak:.0f} MB",
            f"resident now {best(runs, 'rss_open', 'now'):.0f} MB",
            "< 400 MB" if at_target else "(< 400 MB at 10 MB)",
            open_peak < 400 if at_target else None,
        )
        row(
            "editor process peak RSS after the full check",
            size,
            f"{check_peak:.0f} MB",
            f"resident now {best(runs, 'rss_check', 'now'):.0f} MB",
            "< 400 MB" if at_target else "(< 400 MB at 10 MB)",
            check_peak < 400 if at_target else None,
        )
        tools = min((run["tools"] for run in runs), key=lambda found: sum(t["hwm"] for t in found))
        row(
            f"tool processes' peak RSS (VmHWM, {len(tools)} processes)",
            size,
            " + ".join(f"{t['hwm']:.0f}" for t in tools) + " MB",
            "not part of the target",
            "—",
            None,
        )
    if cli is not None:
        (wall_1, cpu_1), (wall_2, cpu_2) = cli[1], cli[2]
        one, two = files / wall_1, files / wall_2
        row(
            f"`galley check --jobs 1`, {files} one-hour transcripts",
            f"{files} × 73 KB",
            f"{wall_1:.1f} s, {one:.2f} files/s",
            f"start-up included; {cpu_1:.1f} CPU s = {cpu_1 / wall_1:.2f} cores busy",
            "—",
            None,
        )
        row(
            f"`galley check --jobs 2`, {files} one-hour transcripts",
            f"{files} × 73 KB",
            f"{wall_2:.1f} s, {two:.2f} files/s (**{two / one:.2f}×**)",
            f"{cpu_2:.1f} CPU s = {cpu_2 / wall_2:.2f} of {os.cpu_count()} cores busy",
            "≥ 1.7× --jobs 1",
            two / one >= 1.7,
        )
    out = [
        "| measurement | size | result | reference | target | status |",
        "| --- | --- | --- | --- | --- | --- |",
        *("| " + " | ".join(cells) + " |" for cells in rows),
    ]
    return out + ["", f"Missed: {'; '.join(missed)}." if missed else "Every target met."]


def tool_notes(results: dict[str, dict[str, list[dict[str, Any]]]]) -> list[str]:
    lines = []
    for label, by_kind in results.items():
        if not by_kind["check"]:
            continue
        run = min(by_kind["check"], key=lambda r: r["check_s"])
        seconds = ", ".join(f"{tool} {s:.2f} s" for tool, s in sorted(run["tool_seconds"].items(), key=lambda p: -p[1]))
        lines.append(f"- full check at {label}, each tool's time in its process (fastest run): {seconds}")
        if run["errors"]:
            lines.append(f"  - tool errors: {'; '.join(run['errors'])}")
        if run.get("tagging_errors"):
            lines.append(f"  - tagging tool errors: {'; '.join(run['tagging_errors'])}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="73 KB and 1 MB only, 20 files for --jobs, one run each")
    parser.add_argument("--runs", type=int, help="fresh-process runs of each measurement; the better figure is shown (default 2, quick 1)")
    parser.add_argument("--keys", type=int, default=300, help="keystrokes per widget (Enter: a third, at least 50)")
    parser.add_argument("--sizes", help="override the sizes, e.g. 1M,10M")
    parser.add_argument("--files", type=int, help="override the number of transcripts for --jobs (0: skip)")
    parser.add_argument("--only", help="comma-separated subset of open,typing,accept,check")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(ROOT))
    if args.child:
        return child_main(args.child, args.size, args.keys)
    sizes = (args.sizes or ("73K,1M" if args.quick else "73K,1M,10M")).split(",")
    files = args.files if args.files is not None else (20 if args.quick else 200)
    runs = args.runs or (1 if args.quick else 2)
    kinds = (args.only or "open,typing,accept,check").split(",")
    load_before = load_average()
    started = time.perf_counter()
    log(f"sizes {sizes}, {runs} run(s) each, {files} files for --jobs; load {load_before}")
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for kind in kinds:
        for label in sizes:
            results.setdefault(label, {})[kind] = measured(kind, label, runs, args.keys)
    cli = measure_cli(files, runs) if files else None
    for label in sizes:  # a partial run (--only) shows what it measured
        for kind in ("open", "typing", "accept", "check"):
            results[label].setdefault(kind, [])
    lines = [
        (
            f"Scale benchmark, {time.strftime('%Y-%m-%d %H:%M')}: {os.cpu_count()} CPUs, load average {load_before} before"
            f" and {load_average()} after ({(time.perf_counter() - started) / 60:.1f} min); best of {runs} fresh-process"
            " run(s) per figure."
        ),
        "",
        *table(results, cli, files),
    ]
    if any(by_kind["check"] for by_kind in results.values()):
        lines += ["", *tool_notes(results)]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
