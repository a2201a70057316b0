"""Hypothesis profiles for the reliability tests and a summary of what they ran.

Two profiles, used only by the tests in this folder (they are applied per test with
``@FUZZ``, never loaded globally, so the rest of the suite keeps its own settings):

* ``galley-fuzz-ci`` (default): a few hundred examples per target, the folder runs in
  well under a minute on a 2-core machine;
* ``galley-fuzz-long``: thousands of examples per target and more crash-save kills,
  selected with ``GALLEY_FUZZ=long`` (``bench/fuzz_report.py`` runs it and prints a table).

At the end of the session the number of cases run per target (and how each ended) is
printed; with ``GALLEY_FUZZ_REPORT=FILE`` it is also written there as JSON.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.reliability import fuzzing


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not fuzzing.COUNTS:
        return
    terminalreporter.section(f"reliability ({fuzzing.PROFILE_NAME})")
    for line in fuzzing.summary_lines():
        terminalreporter.write_line(line)
    report = os.environ.get("GALLEY_FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps(fuzzing.report_data(), indent=1), "utf-8")
