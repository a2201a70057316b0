"""Checker quality: recall by kind, precision, suggestion accuracy and speed, against Hunspell.

Run: .venv/bin/python bench/checker_quality.py [--verbose] [--runs 5] [--set NAME]...

Labelled data: every ``bench/data/<name>-gold.json`` (built by ``bench/data/build_gold.py``
from transcripts written for Galley: a technology interview, a food show, a history
podcast). Each gold error has a line, a character span, the wrong text, the fix and its
kinds (see that script for the kind rules). All built-in correction tools run through the
host (``editor.plugin_host.check.run_checks``) with the transcript's glossary; Hunspell
en_US runs in the same process when installed, once bare and once with the glossary's words
as a personal dictionary (``-p``).

Matching rules
  * A finding's place is the 1-based line of the input file and its column span in that
    line (segment offset + where the segment text starts in the line, after any ``Name:``).
  * A gold error is found when any finding of any tool on the same line overlaps the part
    of it that the fix changes ("Gwen" of "Siobhan Gwen" -> "Siobhan Nguyen"; a whole
    filler or stutter).
  * Precision counts flags: the distinct (line, span) places flagged by any tool, so two
    tools flagging the same word count once. A flag is correct when it overlaps (as above) a
    gold error or filler on its line. Per-tool precision counts that tool's own flags.
  * Top-1 / top-5 are over single-token errors (fillers excluded); a missed error counts as
    wrong. The findings overlapping the error are ranked by confidence, their replacements
    merged in that order; a replacement is right when the line it gives equals the line
    with the gold fix, every other error of the line that the finding does not span being
    fixed on both sides (so "masa Irina" -> "masa harina" fixes "Irina", and "Sochil
    Ramirez" -> "Xochitl Ramírez" fixes both). The comparison is case sensitive when the
    fix is a glossary term, case-insensitive (and blind to spacing) for dictionary words.
  * Time is the median of ``--runs`` full checks with suggestions, each of a freshly opened
    document (opening not timed; plugins imported and the lexicon loaded by an earlier,
    separately reported first check); Hunspell's time
    is one ``hunspell -a`` process over the same segment texts (start-up included: that is
    what using it costs), median of ``--hunspell-runs``. The hour-long case repeats the
    demo's lines to ~13,000 words.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
sys.path.insert(0, str(ROOT))

from editor.core.document import Document
from editor.core.glossary import read_glossary
from editor.formats import read_document
from editor.plugin_api import words

HOUR_WORDS = 13_000
_PREFIX = re.compile(r"^[A-Z][\w'’.\-]*: ")

# Recall categories: (label, predicate over a gold error, goal or None).
CATEGORIES: list[tuple[str, Callable[[Gold], bool], float | None]] = []


@dataclass(frozen=True)
class Gold:
    """One labelled error (or filler) of a transcript."""

    line: int
    column: int
    end: int
    wrong: str
    right: str
    kinds: tuple[str, ...]
    in_glossary: bool
    tokens: int
    match_column: int  # span of the tokens the fix changes: what a finding must overlap
    match_end: int

    @property
    def filler(self) -> bool:
        return "filler" in self.kinds


@dataclass(frozen=True)
class Flag:
    """One finding, placed in the input file: line and column span."""

    tool: str
    line: int
    column: int
    end: int
    text: str
    replacements: tuple[str, ...]
    confidence: float
    kind: str = ""
    message: str = ""


CATEGORIES += [
    ("non-word", lambda g: "non-word" in g.kinds, 0.98),
    ("real-word, fix in glossary", lambda g: "real-word" in g.kinds and g.in_glossary, 0.70),
    ("real-word, fix not in glossary", lambda g: "real-word" in g.kinds and not g.in_glossary, None),
    ("variant", lambda g: "variant" in g.kinds, 0.95),
    ("case only", lambda g: "case" in g.kinds, None),
    ("filler", lambda g: g.filler, None),
    ("all errors (no fillers)", lambda g: not g.filler, None),
]
GOAL_PRECISION, GOAL_TOP1, GOAL_TOP5 = 0.40, 0.70, 0.85
GOAL_SECONDS, GOAL_SPEEDUP = 0.5, 10.0


@dataclass
class DataSet:
    """A transcript, its glossary and its gold list."""

    name: str
    title: str
    domain: str
    transcript: Path
    glossary: Path
    gold: list[Gold]
    lines: list[str]
    words: int


def load_set(path: Path) -> DataSet:
    """Read a gold file and check every entry against its transcript line."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    transcript = ROOT / spec["transcript"]
    lines = transcript.read_text(encoding="utf-8").split("\n")
    gold = []
    for e in spec["errors"]:
        g = Gold(
            e["line"],
            e["column"],
            e["end_column"],
            e["wrong"],
            e["right"],
            tuple(e["kinds"]),
            e["in_glossary"],
            e["tokens"],
            e["match_column"],
            e["match_end_column"],
        )
        if lines[g.line - 1][g.column : g.end] != g.wrong:
            raise SystemExit(f"{path.name}: line {g.line}: {g.wrong!r} is not at column {g.column}")
        gold.append(g)
    return DataSet(
        spec["name"],
        spec["title"],
        spec["domain"],
        transcript,
        ROOT / spec["glossary"],
        gold,
        lines,
        spec["words"],
    )


# ----------------------------------------------------------------------------- Galley


def segment_base(original: str | None, text: str) -> int:
    """Column in the source line where the segment text starts (after a ``Name:`` prefix)."""
    if not original:
        return 0
    if original.endswith(text):
        return len(original) - len(text)
    found = original.find(text)
    return max(found, 0)


def galley_flags(doc: Document, report) -> list[Flag]:
    flags = []
    for f in report.findings:
        segment = doc.segment(f.segment_id)
        if segment.source_line is None:
            continue
        base = segment_base(segment.original, segment.text)
        flags.append(
            Flag(
                f.tool,
                segment.source_line,
                base + f.start,
                base + f.end,
                f.text,
                tuple(f.replacements),
                float(f.confidence),
                f.kind,
                f.message,
            )
        )
    return flags


class Galley:
    """Runs all built-in correction tools through the host, reusing one checker."""

    def __init__(self) -> None:
        from editor.plugin_host.check import Checker  # the host may be missing in old trees

        self.checker = Checker()
        self.cold: float | None = None

    def load(self, path: Path, glossary: Path) -> Document:
        doc = read_document(path)
        doc.set_glossary(read_glossary(glossary))
        return doc

    def check(self, doc: Document):
        from editor.plugin_host.check import run_checks

        started = time.perf_counter()
        report = run_checks(doc, checker=self.checker)
        if self.cold is None:
            self.cold = time.perf_counter() - started
        return report

    def timed(self, path: Path, glossary: Path, runs: int) -> tuple[float, dict[str, float]]:
        """Median wall time of ``runs`` checks, each of a freshly opened copy of the transcript
        (as a producer opens and checks it; opening is not timed), and the per-tool seconds of
        the median run."""
        samples = []
        for _ in range(runs):
            doc = self.load(path, glossary)
            started = time.perf_counter()
            report = self.check(doc)
            samples.append((time.perf_counter() - started, dict(report.tool_seconds)))
        samples.sort(key=lambda s: s[0])
        return samples[len(samples) // 2]


# ---------------------------------------------------------------------------- Hunspell


class Hunspell:
    """``hunspell -a -d en_US`` over segment texts, optionally with a personal dictionary."""

    def __init__(self, personal: Path | None = None) -> None:
        self.personal = personal

    @staticmethod
    def available() -> bool:
        if shutil.which("hunspell") is None:
            return False
        try:
            done = subprocess.run(
                ["hunspell", "-a", "-d", "en_US"],
                input="^hello\n",
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return False
        return done.returncode == 0 and "\n*" in done.stdout

    def command(self) -> list[str]:
        cmd = ["hunspell", "-a", "-d", "en_US", "-i", "utf-8"]
        return cmd + ["-p", str(self.personal)] if self.personal else cmd

    def run(self, texts: Sequence[str]) -> tuple[float, list[list[str]]]:
        """Seconds taken and, per text, hunspell's answer lines."""
        feed = "".join(f"^{t}\n" for t in texts)
        started = time.perf_counter()
        done = subprocess.run(
            self.command(), input=feed, capture_output=True, text=True, encoding="utf-8", check=True
        )
        seconds = time.perf_counter() - started
        body = done.stdout.split("\n", 1)[1] if "\n" in done.stdout else ""
        blocks = body.split("\n\n")
        answers = [b.splitlines() for b in blocks][: len(texts)]
        if len(answers) != len(texts):
            raise RuntimeError(f"hunspell answered {len(answers)} of {len(texts)} lines")
        return seconds, answers

    def flags(self, doc: Document) -> list[Flag]:
        segments = [s for s in doc.segments if s.text.strip() and s.source_line is not None]
        _, answers = self.run([s.text for s in segments])
        found = []
        for segment, answer in zip(segments, answers):
            base = segment_base(segment.original, segment.text)
            number = segment.source_line or 0  # only segments with a source line were fed
            for line in answer:
                flag = parse_hunspell(line, number, base)
                if flag is not None:
                    found.append(flag)
        return found

    def timed(self, doc: Document, runs: int) -> float:
        texts = [s.text for s in doc.segments if s.text.strip()]
        return statistics.median(self.run(texts)[0] for _ in range(runs))


def parse_hunspell(answer: str, line: int, base: int) -> Flag | None:
    """A flag from one ``&`` (suggestions) or ``#`` (none) line; offsets count the ``^``."""
    if answer.startswith("& "):
        head, _, tail = answer.partition(": ")
        _, word, _count, offset = head.split(" ")
        suggestions = tuple(s.strip() for s in tail.split(", ") if s.strip())
    elif answer.startswith("# "):
        _, word, offset = answer.split(" ")
        suggestions = ()
    else:
        return None
    column = base + int(offset) - 1
    return Flag("hunspell", line, column, column + len(word), word, suggestions, 1.0, "spelling")


def personal_dictionary(glossary: Path, folder: Path) -> Path:
    """The glossary's words, one a line, for ``hunspell -p``."""
    g = read_glossary(glossary)
    terms = [*g.terms, *(right for _, right in g.replacements)]
    vocabulary = sorted({w.text for term in terms for w in words(term)})
    path = folder / f"{glossary.stem}.dic"
    path.write_text("\n".join(vocabulary) + "\n", encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- scoring


def overlaps(flag: Flag, gold: Gold) -> bool:
    return flag.line == gold.line and flag.column < gold.match_end and gold.match_column < flag.end


def edited(line: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """``line`` with non-overlapping ``(start, end, text)`` edits applied."""
    for start, end, text in sorted(edits, reverse=True):
        line = line[:start] + text + line[end:]
    return line


def fixes(line: str, gold: Gold, flag: Flag, replacement: str, on_line: Sequence[Gold]) -> bool:
    """Whether ``replacement`` on the flag's span fixes ``gold``.

    Compares whole lines with every error the flag does not touch fixed on both sides, so a
    finding may span more than the error ("masa Irina" -> "masa harina") or fix two errors
    at once ("Sochil Ramirez" -> "Xochitl Ramírez"); fixing the target while leaving another
    error it spans as it was counts too.
    """
    untouched = [
        (g.column, g.end, g.right) for g in on_line if not (g.column < flag.end and flag.column < g.end)
    ]
    predicted = edited(line, [*untouched, (flag.column, flag.end, replacement)])
    wanted = {
        edited(line, [(g.column, g.end, g.right) for g in on_line]),
        edited(line, [*untouched, (gold.column, gold.end, gold.right)]),
    }
    if gold.in_glossary:
        return " ".join(predicted.split()) in {" ".join(w.split()) for w in wanted}
    return " ".join(predicted.casefold().split()) in {" ".join(w.casefold().split()) for w in wanted}


@dataclass
class Score:
    """Counts for one system on one or more transcripts (pooled by adding)."""

    found: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    flags: list[int] = field(default_factory=lambda: [0, 0])  # correct, total
    tools: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    top: list[int] = field(default_factory=lambda: [0, 0, 0])  # top-1, top-5, single-token errors
    words: int = 0
    false_positives: list[tuple[str, Flag]] = field(default_factory=list)
    misses: dict[str, list[tuple[str, Gold]]] = field(default_factory=lambda: defaultdict(list))
    wrong_fixes: list[tuple[str, Gold, tuple[str, ...]]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for key, (a, b) in other.found.items():
            self.found[key][0] += a
            self.found[key][1] += b
        for key, (a, b) in other.tools.items():
            self.tools[key][0] += a
            self.tools[key][1] += b
        self.flags = [x + y for x, y in zip(self.flags, other.flags)]
        self.top = [x + y for x, y in zip(self.top, other.top)]
        self.words += other.words


def score(data: DataSet, flags: list[Flag]) -> Score:
    result = Score(words=data.words)
    by_line: dict[int, list[Flag]] = defaultdict(list)
    for flag in flags:
        by_line[flag.line].append(flag)
    gold_by_line: dict[int, list[Gold]] = defaultdict(list)
    for g in data.gold:
        gold_by_line[g.line].append(g)

    for g in data.gold:
        hits = [f for f in by_line[g.line] if overlaps(f, g)]
        for label, wanted, _goal in CATEGORIES:
            if wanted(g):
                result.found[label][1] += 1
                if hits:
                    result.found[label][0] += 1
                else:
                    result.misses[label].append((data.name, g))
        if not g.filler and g.tokens == 1:
            rank_fix(data, g, hits, gold_by_line[g.line], result)

    places: dict[tuple[int, int, int], bool] = {}
    for flag in flags:
        correct = any(overlaps(flag, g) for g in gold_by_line[flag.line])
        places[(flag.line, flag.column, flag.end)] = correct
        result.tools[flag.tool][1] += 1
        if correct:
            result.tools[flag.tool][0] += 1
        else:
            result.false_positives.append((data.name, flag))
    result.flags = [sum(places.values()), len(places)]
    return result


def rank_fix(data: DataSet, g: Gold, hits: list[Flag], on_line: Sequence[Gold], result: Score) -> None:
    """Top-1/top-5: merged replacements of the overlapping findings, most confident first."""
    line = data.lines[g.line - 1]
    ranked: list[bool] = []
    candidates: list[str] = []
    for flag in sorted(hits, key=lambda f: -f.confidence):
        for r in flag.replacements:
            shown = line[: flag.column] + r + line[flag.end :]
            if shown in candidates:
                continue
            candidates.append(shown)
            ranked.append(fixes(line, g, flag, r, on_line))
    result.top[2] += 1
    if ranked[:1] == [True]:
        result.top[0] += 1
    if any(ranked[:5]):
        result.top[1] += 1
    elif hits:
        offered = tuple(c for flag in hits for c in flag.replacements[:3])
        result.wrong_fixes.append((data.name, g, offered))


# ----------------------------------------------------------------------------- printing


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}% {part:>4}/{whole:<4}" if whole else "      —      "


def goal_text(goal: float | None, *, at_least: bool = True) -> str:
    return "" if goal is None else f"{'≥' if at_least else '<'} {goal:.0%}"


def table(title: str, columns: dict[str, Score], times: dict[str, str]) -> None:
    names = list(columns)
    width = 18
    print(f"\n{title}")
    print(f"  {'':40}" + "".join(f"{n:>{width}}" for n in names) + "   goal")
    for label, _wanted, goal in CATEGORIES:
        cells = [pct(*columns[n].found.get(label, [0, 0])) for n in names]
        print(f"  {'recall ' + label:40}" + "".join(f"{c:>{width}}" for c in cells) + f"   {goal_text(goal)}")
    print(
        f"  {'precision (distinct flags)':40}"
        + "".join(f"{pct(*columns[n].flags):>{width}}" for n in names)
        + f"   {goal_text(GOAL_PRECISION)}"
    )
    false = [columns[n].flags[1] - columns[n].flags[0] for n in names]
    rates = [
        f"{1000 * f / columns[n].words:5.1f} {f:>4}     " if columns[n].words else ""
        for f, n in zip(false, names)
    ]
    print(f"  {'false flags per 1,000 words':40}" + "".join(f"{c:>{width}}" for c in rates))
    top1 = [pct(columns[n].top[0], columns[n].top[2]) for n in names]
    top5 = [pct(columns[n].top[1], columns[n].top[2]) for n in names]
    print(
        f"  {'top-1 fix, single-token errors':40}"
        + "".join(f"{c:>{width}}" for c in top1)
        + f"   {goal_text(GOAL_TOP1)}"
    )
    print(
        f"  {'top-5 fix, single-token errors':40}"
        + "".join(f"{c:>{width}}" for c in top5)
        + f"   {goal_text(GOAL_TOP5)}"
    )
    if times:
        print(
            f"  {'time, check with suggestions':40}" + "".join(f"{times.get(n, ''):>{width}}" for n in names)
        )
    tools = columns.get("Galley")
    if tools and tools.tools:
        parts = [
            f"{tool} {pct(*counts).split()[0]} of {counts[1]}" for tool, counts in sorted(tools.tools.items())
        ]
        print("  Galley precision by tool: " + "; ".join(parts))


def verbose_report(name: str, s: Score, limit: int) -> None:
    print(f"\n--- {name}: false positives by tool")
    by_tool: dict[str, list[tuple[str, Flag]]] = defaultdict(list)
    for item in s.false_positives:
        by_tool[item[1].tool].append(item)
    for tool, items in sorted(by_tool.items()):
        print(f"  [{tool}] {len(items)}")
        for data_name, f in items[:limit]:
            offered = ", ".join(f.replacements[:3]) or (
                "(delete)" if f.kind == "filler" else "(no suggestion)"
            )
            print(f"    {data_name}:{f.line}:{f.column}  {f.text!r} -> {offered}   [{f.kind}] {f.message}")
        if len(items) > limit:
            print(f"    ... {len(items) - limit} more")
    print(f"--- {name}: misses by kind")
    for label, missed in s.misses.items():
        if label.startswith("all errors"):
            continue
        print(f"  [{label}] {len(missed)}")
        for data_name, g in missed[:limit]:
            print(f"    {data_name}:{g.line}:{g.column}  {g.wrong!r} -> {g.right!r}")
        if len(missed) > limit:
            print(f"    ... {len(missed) - limit} more")
    print(f"--- {name}: single-token errors found but the fix not in the top 5")
    for data_name, g, fixes_offered in s.wrong_fixes[:limit]:
        print(
            f"    {data_name}:{g.line}  {g.wrong!r} -> {g.right!r}; offered {', '.join(fixes_offered) or 'nothing'}"
        )
    if len(s.wrong_fixes) > limit:
        print(f"    ... {len(s.wrong_fixes) - limit} more")


def hour_document(data: DataSet, folder: Path) -> Path:
    """The transcript's lines repeated until the text has about an hour's words."""
    source = [line for line in data.lines if line.strip()]
    out, count, i = [], 0, 0
    while count < HOUR_WORDS:
        line = source[i % len(source)]
        out.append(line)
        count += sum(1 for _ in words(_PREFIX.sub("", line)))
        i += 1
    path = folder / f"{data.name}-hour.txt"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------------- main


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="list false positives, misses and wrong fixes")
    parser.add_argument("--runs", type=int, default=5, help="timed Galley runs per measurement (median)")
    parser.add_argument("--hunspell-runs", type=int, default=3, help="timed Hunspell runs (it takes seconds)")
    parser.add_argument("--set", action="append", default=[], help="only these data sets (by name)")
    parser.add_argument("--limit", type=int, default=60, help="items per list with --verbose")
    parser.add_argument("--no-hunspell", action="store_true", help="skip the Hunspell comparison")
    args = parser.parse_args(list(argv) if argv is not None else None)

    paths = sorted(DATA.glob("*-gold.json"), key=lambda p: (p.stem != "demo-gold", p.stem))
    sets = [load_set(p) for p in paths if not args.set or p.stem.removesuffix("-gold") in args.set]
    if not sets:
        raise SystemExit("no data sets")

    try:
        galley = Galley()
    except ImportError as error:
        raise SystemExit(f"the plugin host is not there yet: {error}") from None
    use_hunspell = not args.no_hunspell and Hunspell.available()
    if not use_hunspell:
        print(
            "Hunspell en_US is not installed (apt-get install hunspell hunspell-en-us): no comparison column."
            if not args.no_hunspell
            else "Hunspell comparison skipped (--no-hunspell)."
        )

    totals: dict[str, Score] = defaultdict(Score)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for data in sets:
            doc = galley.load(data.transcript, data.glossary)
            report = galley.check(doc)
            for problem in report.errors:
                print(f"  ! {data.name}: {problem}")
            columns = {"Galley": score(data, galley_flags(doc, report))}
            seconds, per_tool = galley.timed(data.transcript, data.glossary, args.runs)
            times = {"Galley": f"{seconds:.3f} s"}
            if use_hunspell:
                bare, glossed = Hunspell(), Hunspell(personal_dictionary(data.glossary, folder))
                columns["Hunspell"] = score(data, bare.flags(doc))
                columns["Hunspell+gloss."] = score(data, glossed.flags(doc))
                times["Hunspell"] = f"{bare.timed(doc, args.hunspell_runs):.3f} s"
                times["Hunspell+gloss."] = f"{glossed.timed(doc, args.hunspell_runs):.3f} s"
            errors = sum(1 for g in data.gold if not g.filler)
            fillers = len(data.gold) - errors
            table(
                f"== {data.name}: {data.title} ({data.domain}); {len(doc.segments)} segments, "
                f"{data.words:,} words, {errors} errors + {fillers} fillers",
                columns,
                times,
            )
            print(
                "  Galley seconds by tool (median run): "
                + ", ".join(f"{t} {s:.3f}" for t, s in per_tool.items())
            )
            for name, s in columns.items():
                totals[name].add(s)
                totals[name].false_positives += s.false_positives
                totals[name].wrong_fixes += s.wrong_fixes
                for label, items in s.misses.items():
                    totals[name].misses[label] += items

        table(f"== overall: {len(sets)} transcripts, pooled counts", dict(totals), {})
        speed(sets[0], galley, use_hunspell, folder, args.runs, args.hunspell_runs)

    if args.verbose:
        for name, s in totals.items():
            verbose_report(name, s, args.limit)
    return 0


def speed(
    data: DataSet, galley: Galley, use_hunspell: bool, folder: Path, runs: int, hunspell_runs: int
) -> None:
    """The hour-long case: Galley's full check against Hunspell's suggestions on the same text."""
    path = hour_document(data, folder)
    doc = galley.load(path, data.glossary)
    seconds, per_tool = galley.timed(path, data.glossary, runs)
    words_count = sum(1 for s in doc.segments for _ in words(s.text))
    print(
        f"\n== speed: {data.name} lines repeated to {words_count:,} words, {len(doc.segments):,} segments "
        f"(median of {runs})"
    )
    verdict = "ok" if seconds < GOAL_SECONDS else "MISSES GOAL"
    print(f"  Galley, all tools with suggestions   {seconds:7.3f} s   goal < {GOAL_SECONDS} s  {verdict}")
    print("    by tool: " + ", ".join(f"{t} {s:.3f} s" for t, s in per_tool.items()))
    if galley.cold is not None:
        print(
            f"  Galley, first check in this process  {galley.cold:7.3f} s   (imports plugins, loads the lexicon)"
        )
    if use_hunspell:
        hunspell = Hunspell().timed(doc, hunspell_runs)
        ratio = hunspell / seconds if seconds else float("inf")
        verdict = "ok" if ratio >= GOAL_SPEEDUP else "MISSES GOAL"
        print(f"  Hunspell en_US -a (suggestions)      {hunspell:7.3f} s   (median of {hunspell_runs})")
        print(
            f"  Galley is {ratio:.1f}x faster than Hunspell's suggestions   goal ≥ {GOAL_SPEEDUP:.0f}x  {verdict}"
        )


if __name__ == "__main__":
    sys.exit(main())
