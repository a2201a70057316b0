"""Run the reliability tests (fuzzing, crash-during-save, security) and print a table.

    .venv/bin/python bench/fuzz_report.py            # long profile: thousands of cases per target
    .venv/bin/python bench/fuzz_report.py --ci       # the CI profile, as pytest runs it
    .venv/bin/python bench/fuzz_report.py -k srt     # only some tests (passed to pytest -k)

Prints, per fuzz target, how many cases ran and how they ended (a loaded document or one
clear error), the slowest case, the most common kinds of error message, the crash-save
kills and their outcomes, and every failing test (a bug found). Exit status is pytest's.
The long profile takes tens of minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ci", action="store_true", help="use the CI profile instead of the long one")
    parser.add_argument("-k", dest="keyword", help="only tests matching this pytest -k expression")
    parser.add_argument("--kinds", type=int, default=5, help="error kinds to list per target (default 5)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        report, junit = Path(scratch, "report.json"), Path(scratch, "junit.xml")
        env = dict(os.environ, GALLEY_FUZZ="ci" if args.ci else "long", GALLEY_FUZZ_REPORT=str(report))
        command = [
            sys.executable,
            "-m",
            "pytest",
            "tests/reliability",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={junit}",
        ]
        if args.keyword:
            command += ["-k", args.keyword]
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        data = (
            json.loads(report.read_text("utf-8"))
            if report.exists()
            else {"profile": "?", "targets": {}, "notes": []}
        )
        failures = _failures(junit)

    print(f"profile {data['profile']}, {seconds:.0f} s\n")
    print(f"| {'target':<38} | {'cases':>7} | {'loaded':>7} | {'clear error':>11} | {'slowest s':>9} |")
    print(f"| {'-' * 38} | {'-' * 7}: | {'-' * 7}: | {'-' * 11}: | {'-' * 9}: |")
    total = 0
    for target, row in data["targets"].items():
        total += row["cases"]
        print(
            f"| {target:<38} | {row['cases']:>7} | {row.get('loaded', 0):>7} | {row.get('error', 0):>11} "
            f"| {row['slowest_seconds']:>9.3f} |"
        )
    print(f"| {'total':<38} | {total:>7} | {'':>7} | {'':>11} | {'':>9} |")
    for note in data["notes"]:
        print(f"\n{note}")
    if args.kinds:
        print("\nmost common errors (digits and quoted values shown as #):")
        for target, row in data["targets"].items():
            kinds = list(row.get("error_kinds", {}).items())[: args.kinds]
            if kinds:
                print(f"  {target}")
                for kind, count in kinds:
                    print(f"    {count:>6}  {kind}")
    print(f"\nfailures (bugs found): {len(failures)}")
    for name, message in failures:
        print(f"  {name}: {message}")
    if result.returncode not in (0, 1):
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n")
    return result.returncode


def _failures(junit: Path) -> list[tuple[str, str]]:
    if not junit.exists():
        return []
    found = []
    for case in ET.parse(junit).iter("testcase"):
        for problem in (*case.findall("failure"), *case.findall("error")):
            message = (problem.get("message") or "").splitlines()[0][:200] if problem.get("message") else ""
            # The assertion lines of the report (every sub-failure of an ExceptionGroup).
            details = [
                line.strip()[:200]
                for line in (problem.text or "").splitlines()
                if line.lstrip(" |").startswith("E   ") and ("Error" in line or "assert" in line)
            ]
            found.append((f"{case.get('classname')}::{case.get('name')}", "\n    ".join([message, *details[:12]])))
    return found


if __name__ == "__main__":
    sys.exit(main())
