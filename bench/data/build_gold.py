"""Build the quality benchmark's labelled data: clean transcripts and their gold files.

Run: .venv/bin/python bench/data/build_gold.py [--check]

Needs Hunspell with the en_US dictionary (``apt-get install hunspell hunspell-en-us``): it is
the reference word list that decides whether a wrong form is made of English words. The
outputs are committed, so only someone changing the data needs it. ``--check`` rebuilds in
memory and fails if a committed file differs (nothing is written).

Inputs
  * ``bench/data/<name>.marked.txt``: a transcript written with each planted error marked
    inline as ``{wrong=>right}``, and each filler or stutter as ``{um=>|filler}`` or
    ``{the the=>the|filler}`` (the right side is the text with the filler removed).
  * The demo: ``resources/samples/demo-interview.txt`` with its answer key
    ``resources/samples/demo-answers.json`` (errors and fillers by line).

Outputs
  * ``bench/data/<name>.txt``: the transcript as the ASR produced it (marks resolved to
    their wrong side). The demo transcript stays where it is.
  * ``bench/data/<name>-gold.json``: every error with its line, columns, fix and kinds.

Kinds (an error can carry several; recall is computed per kind)
  * ``filler``: a filler word or a stutter (marked as such).
  * ``non-word`` / ``real-word`` (exactly one of the two for every other error): look at the
    tokens the fix changes (tokens of the wrong form that do not occur in the fix, case
    sensitive: "Siobhan Gwen" -> "Siobhan Nguyen" changes only "Gwen"). The error is
    ``real-word`` when every changed token is an English word, else ``non-word``. A token
    is an English word when Hunspell en_US accepts it as written, lower-cased or
    capitalised; a number is a word.
  * ``variant``: the fix is a name or term (it has a capital letter, or it is in the
    glossary) and the transcript writes the same entity in at least one other way: the fix
    itself in correct text (optionally + "s" / "'s"; speaker prefixes do not count), or a
    different wrong form with the same fix. Misspelt common words ("thier") are never
    variants: that is the spelling checker's job, not the consistency checker's.
  * ``case``: wrong and right differ only in letter case ("Pytorch", "python 3").

``match_column``/``match_end_column`` is the span of the tokens the fix changes: a finding has
to overlap that part (flagging the correct "Siobhan" of "Siobhan Gwen" does not find the
error). ``in_glossary`` says whether the fix (without a possessive 's) is a glossary term, part of
one by whole words ("Siobhan" of "Siobhan Nguyen"), or contains one.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from editor.core.glossary import read_glossary
from editor.plugin_api import Token, words

# name -> (title, domain, transcript, glossary, source); source is a marked file or "demo".
SETS: dict[str, dict[str, str]] = {
    "demo": {
        "title": "The Build Log (Galley's demo interview)",
        "domain": "technology interview: ML infrastructure, Kubernetes, PyTorch",
        "transcript": "resources/samples/demo-interview.txt",
        "glossary": "resources/samples/demo-glossary.txt",
    },
    "longtable": {
        "title": "The Long Table, ep. 48",
        "domain": "food and cooking: Mexican and Korean chefs, Welsh farmer, masa and fermentation",
        "transcript": "bench/data/longtable.txt",
        "glossary": "bench/data/longtable-glossary.txt",
    },
    "margins": {
        "title": "Margins, ep. 112",
        "domain": "history podcast: the Hanseatic League, Baltic and Scandinavian places",
        "transcript": "bench/data/margins.txt",
        "glossary": "bench/data/margins-glossary.txt",
    },
}

_MARK = re.compile(r"\{([^{}]*?)=>([^{}|]*)(?:\|([a-z\-]+))?\}")
_PREFIX = re.compile(r"^[A-Z][\w'’.\-]*: ")

RULES = {
    "line": "1-based line of the transcript file",
    "column": "0-based character offset of the wrong text in that line (speaker prefix included)",
    "match_column": (
        'span of the tokens the fix changes ("Gwen" of "Siobhan Gwen"): a finding must overlap it to count'
    ),
    "filler": "filler word or stutter; right is the text with it removed",
    "non-word/real-word": (
        "real-word when every token the fix changes is an English word (Hunspell en_US accepts it as "
        "written, lower-cased or capitalised; numbers count as words), else non-word"
    ),
    "variant": (
        "the fix is a name or term (capitalised or in the glossary) and the transcript writes the same "
        "entity another way too (correct form outside speaker prefixes, or another wrong form)"
    ),
    "case": "wrong and right differ only in letter case",
    "in_glossary": "the fix (possessive 's dropped) is a glossary term, a whole-word part of one, or contains one",
}


@dataclass
class Entry:
    """One planted error before classification."""

    line: int
    column: int
    wrong: str
    right: str
    filler: bool


# ------------------------------------------------------------------ reading the sources


def parse_marked(text: str) -> tuple[str, list[Entry]]:
    """The clean transcript and its entries from a marked source."""
    lines: list[str] = []
    entries: list[Entry] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        out, last = [], 0
        for match in _MARK.finditer(raw):
            out.append(raw[last : match.start()])
            column = sum(len(part) for part in out)
            wrong, right, flag = match.group(1), match.group(2), match.group(3)
            if flag not in (None, "filler"):
                raise SystemExit(f"line {number}: unknown flag {flag!r}")
            entries.append(Entry(number, column, wrong, right, flag == "filler"))
            out.append(wrong)
            last = match.end()
        out.append(raw[last:])
        line = "".join(out)
        if "{" in line or "}" in line or "=>" in line:
            raise SystemExit(f"line {number}: unbalanced mark: {raw!r}")
        lines.append(line)
    return "\n".join(lines), entries


def whole_word_positions(line: str, phrase: str) -> list[int]:
    """Start offsets of ``phrase`` in ``line`` as whole words (case sensitive)."""
    pattern = re.compile(r"(?<![\w'’])" + re.escape(phrase) + r"(?![\w'’])")
    return [m.start() for m in pattern.finditer(line)]


def stutter_fix(text: str) -> str:
    """``"I I think"`` -> ``"I think"``; a plain filler ("um", "you know") -> ``""``."""
    parts = text.split()
    if len(parts) >= 2 and parts[0].casefold() == parts[1].casefold():
        return " ".join(parts[1:])
    return ""


def demo_entries(lines: list[str], answers: dict) -> list[Entry]:
    """Entries of the demo from its answer key; each wrong text must occur once on its line."""
    raw = [(a["line"], a["wrong"], a["right"], False) for a in answers["misheard"]]
    raw += [(f["line"], f["text"], stutter_fix(f["text"]), True) for f in answers["fillers"]]
    entries = []
    for line, wrong, right, filler in raw:
        found = whole_word_positions(lines[line - 1], wrong)
        if len(found) != 1:
            raise SystemExit(f"demo line {line}: {wrong!r} found {len(found)} times")
        entries.append(Entry(line, found[0], wrong, right, filler))
    return entries


# ------------------------------------------------------------------------ classifying


class Hunspell:
    """Asks ``hunspell -a -d en_US`` which tokens it accepts (one batch per call)."""

    def __init__(self) -> None:
        self.cache: dict[str, bool] = {}

    def accepts(self, tokens: set[str]) -> dict[str, bool]:
        todo = sorted(t for t in tokens if t not in self.cache)
        if todo:
            feed = "".join(f"^{t}\n" for t in todo)
            try:
                done = subprocess.run(
                    ["hunspell", "-a", "-d", "en_US", "-i", "utf-8"],
                    input=feed,
                    capture_output=True,
                    text=True,
                    encoding="utf-8",
                    check=True,
                )
            except FileNotFoundError:
                raise SystemExit(
                    "hunspell is not installed: apt-get install hunspell hunspell-en-us"
                ) from None
            blocks = done.stdout.split("\n\n")
            answers = [b.strip().splitlines() for b in blocks]
            answers[0] = answers[0][1:]  # the version banner
            for token, answer in zip(todo, answers):
                self.cache[token] = bool(answer) and answer[0][:1] in "*+-"
        return {t: self.cache[t] for t in tokens}


def is_word(token: str, speller: Hunspell) -> bool:
    if token.isdigit():
        return True
    forms = {token, token.lower(), token[:1].upper() + token[1:].lower()}
    return any(speller.accepts(forms).values())


def changed_tokens(wrong: str, right: str) -> list[Token]:
    """Tokens of ``wrong`` that the fix does not keep (multiset, case sensitive)."""
    keep = Counter(w.text for w in words(right))
    out = []
    for token in words(wrong):
        if keep[token.text] > 0:
            keep[token.text] -= 1
        else:
            out.append(token)
    return out


def entity(text: str) -> str:
    return re.sub(r"['’]s$", "", text)


def glossary_terms(path: Path) -> list[str]:
    glossary = read_glossary(path)
    return list(dict.fromkeys([*glossary.terms, *(right for _, right in glossary.replacements)]))


def in_glossary(right: str, terms: list[str]) -> bool:
    fix = entity(right)
    if not fix:
        return False
    return any(fix == t or whole_word_positions(t, fix) or whole_word_positions(fix, t) for t in terms)


def correct_forms(lines: list[str], entries: list[Entry], fix: str) -> int:
    """How often ``fix`` (+s/'s) occurs in text that is neither an error nor a speaker prefix."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for e in entries:
        spans.setdefault(e.line, []).append((e.column, e.column + len(e.wrong)))
    pattern = re.compile(r"(?<![\w'’])" + re.escape(fix) + r"(?:s|['’]s)?(?![\w'’])")
    count = 0
    for number, line in enumerate(lines, start=1):
        prefix = _PREFIX.match(line)
        skip = prefix.end() if prefix else 0
        for m in pattern.finditer(line):
            if m.start() < skip:
                continue
            if any(a < m.end() and m.start() < b for a, b in spans.get(number, [])):
                continue
            count += 1
    return count


def classify(lines: list[str], entries: list[Entry], terms: list[str], speller: Hunspell) -> list[dict]:
    """Gold records for ``entries`` (sorted by line and column)."""
    wrong_forms: dict[str, set[str]] = {}
    for e in entries:
        if not e.filler:
            wrong_forms.setdefault(entity(e.right), set()).add(e.wrong)
    records = []
    for e in sorted(entries, key=lambda e: (e.line, e.column)):
        line = lines[e.line - 1]
        assert line[e.column : e.column + len(e.wrong)] == e.wrong, (e, line)
        glossed = in_glossary(e.right, terms)
        kinds: list[str] = []
        changed = [] if e.filler else changed_tokens(e.wrong, e.right)
        span = (changed[0].start, changed[-1].end) if changed else (0, len(e.wrong))
        if e.filler:
            kinds.append("filler")
        else:
            real = bool(changed) and all(is_word(t.text, speller) for t in changed)
            kinds.append("real-word" if real else "non-word")
            fix = entity(e.right)
            named = glossed or any(c.isupper() for c in fix)
            others = wrong_forms[fix] - {e.wrong}
            if named and (others or correct_forms(lines, entries, fix)):
                kinds.append("variant")
            if e.wrong != e.right and e.wrong.casefold() == e.right.casefold():
                kinds.append("case")
        records.append(
            {
                "line": e.line,
                "column": e.column,
                "end_column": e.column + len(e.wrong),
                "match_column": e.column + span[0],
                "match_end_column": e.column + span[1],
                "wrong": e.wrong,
                "right": e.right,
                "kinds": kinds,
                "in_glossary": glossed,
                "tokens": sum(1 for _ in words(e.wrong)),
            }
        )
    return records


# ------------------------------------------------------------------------------ main


def build(name: str, speller: Hunspell) -> dict[Path, str]:
    """The files of one data set: path -> text."""
    spec = SETS[name]
    files: dict[Path, str] = {}
    if name == "demo":
        text = (ROOT / spec["transcript"]).read_text(encoding="utf-8")
        lines = text.split("\n")
        answers = json.loads((ROOT / "resources/samples/demo-answers.json").read_text(encoding="utf-8"))
        entries = demo_entries(lines, answers)
    else:
        text, entries = parse_marked((DATA / f"{name}.marked.txt").read_text(encoding="utf-8"))
        lines = text.split("\n")
        files[ROOT / spec["transcript"]] = text
    records = classify(lines, entries, glossary_terms(ROOT / spec["glossary"]), speller)
    counts = Counter(kind for r in records for kind in r["kinds"])
    counts["real-word, fix in glossary"] = sum(
        1 for r in records if "real-word" in r["kinds"] and r["in_glossary"]
    )
    gold = {
        "name": name,
        **spec,
        "lines": sum(1 for line in lines if line.strip()),
        "words": sum(1 for _ in words(text)),
        "counts": dict(sorted(counts.items())),
        "rules": RULES,
        "errors": records,
    }
    files[DATA / f"{name}-gold.json"] = json.dumps(gold, ensure_ascii=False, indent=1) + "\n"
    return files


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--check", action="store_true", help="compare with the committed files, write nothing"
    )
    args = parser.parse_args()
    speller = Hunspell()
    stale = []
    for name in SETS:
        for path, text in build(name, speller).items():
            if args.check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    stale.append(path)
            else:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(ROOT)}")
    for path in stale:
        print(f"out of date: {path.relative_to(ROOT)}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
