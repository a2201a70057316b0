"""Ad-read detection and speaker-turn guessing: the tagging tools against labelled transcripts.

Run: .venv/bin/python bench/ad_detection.py [--verbose] [--set NAME]...

Labelled data: every ``bench/data/ads/<name>-key.json`` (see ``bench/data/ads/README.md``):
three transcripts written for this benchmark (``understory`` was written before the tools
existed and never used to tune them: its rows are reported apart as *unseen*), and ad
labels for the three checker-quality transcripts (the demo's come from
``resources/samples/demo-answers.json``). Tools run through the host
(``editor.plugin_host.tagging.run_tagging``), as ``galley tag`` runs them.

Ads (tool ``sponsors``)
  * An ad is *found* when a proposed ``ad`` overlaps it; the proposal overlapping it most
    gives the boundary errors: ``start`` and ``end`` are how many segments the proposal's
    first/last segment is off (negative: too early; positive: too late; 0: exact).
  * ``false segs`` are segments inside proposed ads that no labelled ad covers; ``extra``
    counts proposals that overlap no labelled ad at all.
  * Segment precision/recall: over segments, proposed-ad versus labelled-ad.

Speaker turns (tool ``speakers``)
  * Each transcript is read with its speaker labels removed (``Name:`` or
    ``SPEAKER_0N:`` prefixes stripped), as raw speech-to-text gives it. The tool's proposed
    turn starts (the first segment of each ``speaker`` proposal, the transcript's first
    segment left out) are compared with the real ones: precision, recall, and the same
    within one segment. ``named`` is the share of proposals with a name whose name is the
    speaker of that turn's first segment (full name or first name).
  * ASR ids: transcripts whose labels are ``SPEAKER_0N`` are also read with the labels
    kept, and the names the tool proposes for each id are compared with the real speakers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "ads"
sys.path.insert(0, str(ROOT))

from editor.core.document import Document
from editor.formats import read_document
from editor.plugin_api import EmptyLexicon
from editor.plugin_host.check import Checker, default_registry
from editor.plugin_host.tagging import run_tagging

_PREFIX = re.compile(r"^(?:[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*)?|SPEAKER_\d+): ")


@dataclass
class DataSet:
    name: str
    path: Path
    unseen: bool
    ads: list[tuple[int, int, str]]  # first line, last line, style
    turns: list[tuple[int, str]]  # first line of each turn, speaker
    labels: str


@dataclass
class AdRow:
    set_name: str
    style: str
    lines: str
    found: bool
    start: int | None
    end: int | None
    sponsor: str
    proposed_sponsor: str = ""
    confidence: float = 0.0


@dataclass
class AdScore:
    rows: list[AdRow] = field(default_factory=list)
    false_segments: int = 0
    extra: int = 0
    proposed_segments: int = 0
    true_segments: int = 0
    hit_segments: int = 0
    extras: list[str] = field(default_factory=list)


@dataclass
class TurnScore:
    proposed: int = 0
    true: int = 0
    exact: int = 0
    near: int = 0
    named: int = 0
    named_right: int = 0
    ids: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def load_sets(names: Sequence[str]) -> list[DataSet]:
    sets = []
    for key_path in sorted(DATA.glob("*-key.json")):
        key = json.loads(key_path.read_text("utf-8"))
        if names and key["name"] not in names:
            continue
        path = (key_path.parent / key["transcript"]).resolve()
        ads = [(a["first_line"], a["last_line"], a.get("style", "")) for a in key["ads"]]
        if "answers" in key:
            answers = json.loads((key_path.parent / key["answers"]).read_text("utf-8"))
            styles = ["intro credit", "mid-roll, host read", "outro credit"]
            ads = [
                (a["first_line"], a["last_line"], styles[i] if i < 3 else "")
                for i, a in enumerate(answers["ads"])
            ]
        turns = [(t["first_line"], t["speaker"]) for t in key.get("turns", [])]
        if not turns:
            turns = prefix_turns(path)
        sets.append(
            DataSet(key["name"], path, key.get("unseen", False), ads, turns, key.get("labels", "none"))
        )
    return sets


def prefix_turns(path: Path) -> list[tuple[int, str]]:
    """Turn starts of a ``Name:``-labelled transcript (the reader's own rule decides)."""
    doc = read_document(path)
    turns = []
    previous = None
    names = {s.id: s.name for s in doc.speakers}
    for segment in doc.segments:
        prefix = _PREFIX.match(segment.original or "")
        if segment.speaker_id and (segment.speaker_id != previous or prefix):
            turns.append((segment.source_line or 0, names[segment.speaker_id]))
        previous = segment.speaker_id
    return turns


def segment_of_line(doc: Document) -> dict[int, int]:
    return {s.source_line: i for i, s in enumerate(doc.segments) if s.source_line is not None}


def score_ads(data: DataSet, checker: Checker) -> AdScore:
    doc = read_document(data.path)
    where = segment_of_line(doc)
    report = run_tagging(doc, ["sponsors"], checker=checker)
    proposals = [(p.first_index, p.last_index, p.proposal) for p in report.by_label("ad")]
    gold = [(where[a], where[b], style) for a, b, style in data.ads]
    score = AdScore()
    gold_segments = {i for a, b, _ in gold for i in range(a, b + 1)}
    proposed_segments = {i for a, b, _ in proposals for i in range(a, b + 1)}
    score.true_segments = len(gold_segments)
    score.proposed_segments = len(proposed_segments)
    score.hit_segments = len(gold_segments & proposed_segments)
    score.false_segments = len(proposed_segments - gold_segments)
    for (a, b, style), (line_a, line_b, _) in zip(gold, data.ads):
        overlapping = [(min(b, y) - max(a, x) + 1, x, y, p) for x, y, p in proposals if x <= b and y >= a]
        lines = f"{line_a}-{line_b}" if line_a != line_b else str(line_a)
        key = (
            json.loads((DATA / f"{data.name}-key.json").read_text("utf-8"))
            if (DATA / f"{data.name}-key.json").exists()
            else {}
        )
        sponsors = [ad.get("sponsor", "") for ad in key.get("ads", [])]
        sponsor = next(
            (s for (fa, _, _), s in zip(data.ads, sponsors) if fa == line_a), key.get("sponsor", "")
        )
        if not overlapping:
            score.rows.append(AdRow(data.name, style, lines, False, None, None, sponsor))
            continue
        _, x, y, p = max(overlapping, key=lambda item: item[0])
        score.rows.append(AdRow(data.name, style, lines, True, x - a, y - b, sponsor, p.value, p.confidence))
    for x, y, p in proposals:
        if not any(x <= b and y >= a for a, b, _ in gold):
            score.extra += 1
            first, last = doc.segments[x].source_line, doc.segments[y].source_line
            score.extras.append(f"{data.name}:{first}-{last} ({p.confidence:.2f}) {p.note}")
    return score


def strip_labels(path: Path, folder: Path) -> Path:
    """The transcript without speaker prefixes, as raw speech-to-text would give it."""
    lines = [_PREFIX.sub("", line) for line in path.read_text("utf-8").split("\n")]
    target = folder / path.name
    target.write_text("\n".join(lines), "utf-8")
    return target


def first_name(name: str) -> str:
    return name.split()[0].casefold() if name else ""


def score_turns(data: DataSet, checker: Checker, folder: Path) -> TurnScore:
    path = strip_labels(data.path, folder) if data.labels != "none" else data.path
    doc = read_document(path)
    where = segment_of_line(doc)
    truth = {where[line]: speaker for line, speaker in data.turns if line in where}
    speaker_at: dict[int, str] = {}
    current = ""
    for i in range(len(doc.segments)):
        current = truth.get(i, current)
        speaker_at[i] = current
    report = run_tagging(doc, ["speakers"], checker=checker)
    starts = {p.first_index: p.proposal for p in report.by_label("speaker")}
    proposed = {i for i in starts if i != 0}
    true_starts = {i for i in truth if i != 0}
    score = TurnScore(proposed=len(proposed), true=len(true_starts))
    score.exact = len(proposed & true_starts)
    score.near = sum(1 for i in true_starts if {i - 1, i, i + 1} & proposed)
    for i, proposal in starts.items():
        if proposal.value:
            score.named += 1
            if first_name(proposal.value) == first_name(speaker_at[i]):
                score.named_right += 1
    for i in sorted(true_starts - proposed):
        score.misses.append(f"{data.name}:{doc.segments[i].source_line} {doc.segments[i].text[:60]}")
    if data.labels == "asr":
        labelled = read_document(data.path)
        names = {s.id: s.name for s in labelled.speakers}
        report = run_tagging(labelled, ["speakers"], checker=checker)
        proposed_names: dict[str, Counter[str]] = {}
        for p in report.by_label("speaker"):
            ident = p.proposal.group.removeprefix("speaker-id:")
            proposed_names.setdefault(ident, Counter())[p.proposal.value] += 1
        real = {}
        lines = segment_of_line(labelled)
        for line, speaker in data.turns:
            segment = labelled.segments[lines[line]]
            if segment.speaker_id:
                real.setdefault(names[segment.speaker_id], speaker)
        for ident, speaker in sorted(real.items()):
            guess = proposed_names.get(ident, Counter()).most_common(1)
            value = guess[0][0] if guess else ""
            mark = "✓" if value and first_name(value) == first_name(speaker) else ("—" if not value else "✗")
            score.ids.append(f"{ident} → {value or '(none)'} {mark} (is {speaker})")
    return score


def offset(value: int | None) -> str:
    return "—" if value is None else f"{value:+d}" if value else "0"


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def ad_table(title: str, scores: list[AdScore]) -> None:
    rows = [r for s in scores for r in s.rows]
    print(f"\n### {title}\n")
    print("| set | ad (lines) | style | found | start | end | sponsor | proposed | confidence |")
    print("| --- | --- | --- | :---: | ---: | ---: | --- | --- | ---: |")
    for r in rows:
        conf = f"{r.confidence:.2f}" if r.found else "—"
        print(
            f"| {r.set_name} | {r.lines} | {r.style} | {'yes' if r.found else 'no'} | {offset(r.start)} | {offset(r.end)} | {r.sponsor} | {r.proposed_sponsor} | {conf} |"
        )
    found = [r for r in rows if r.found]
    exact = sum(1 for r in found if r.start == 0 and r.end == 0)
    within1 = sum(1 for r in found if abs(r.start or 0) <= 1 and abs(r.end or 0) <= 1)
    sponsor_right = sum(
        1 for r in found if r.sponsor and r.proposed_sponsor.casefold() == r.sponsor.casefold()
    )
    hits = sum(s.hit_segments for s in scores)
    proposed = sum(s.proposed_segments for s in scores)
    true = sum(s.true_segments for s in scores)
    print()
    print(
        "| ads | found | both ends exact | both ends within 1 | sponsor named right | false ad segments | extra proposals | segment precision | segment recall |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {len(rows)} | {len(found)} | {exact} | {within1} | {sponsor_right} | {sum(s.false_segments for s in scores)} "
        f"| {sum(s.extra for s in scores)} | {pct(hits, proposed)} | {pct(hits, true)} |"
    )


def turn_table(title: str, scores: dict[str, TurnScore]) -> None:
    print(f"\n### {title}\n")
    print("| set | true turn starts | proposed | precision | recall | recall within 1 | named | name right |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, s in scores.items():
        print(
            f"| {name} | {s.true} | {s.proposed} | {pct(s.exact, s.proposed)} | {pct(s.exact, s.true)} | {pct(s.near, s.true)} "
            f"| {s.named} | {pct(s.named_right, s.named)} |"
        )
    ids = [line for s in scores.values() for line in s.ids]
    if ids:
        print("\nASR speaker ids, names proposed: " + "; ".join(ids))


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="list extra proposals and missed turn starts")
    parser.add_argument("--set", action="append", default=[], help="only these data sets (by name)")
    parser.add_argument("--no-lexicon", action="store_true", help="run the tools without the word list")
    args = parser.parse_args(list(argv) if argv is not None else None)
    checker = Checker(default_registry(), lexicon_loader=EmptyLexicon if args.no_lexicon else None)
    sets = load_sets(args.set)
    groups = [
        ("unseen (written before tuning)", [d for d in sets if d.unseen]),
        ("tuning sets", [d for d in sets if not d.unseen]),
    ]
    print("## Ad reads (sponsors tool)")
    for title, chosen in groups:
        if not chosen:
            continue
        scores = [score_ads(d, checker) for d in chosen]
        ad_table(title, scores)
        if args.verbose:
            for s in scores:
                for line in s.extras:
                    print(f"- extra: {line}")
    print("\n## Speaker turns in unlabelled text (speakers tool)")
    with tempfile.TemporaryDirectory() as folder:
        for title, chosen in groups:
            if not chosen:
                continue
            turn_scores = {d.name: score_turns(d, checker, Path(folder)) for d in chosen}
            turn_table(title, turn_scores)
            if args.verbose:
                for s in turn_scores.values():
                    for line in s.misses:
                        print(f"- missed: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
