"""Crash during save: a process saving a large project is killed (SIGKILL) again and again.

A saver process (``crash_child.py``) alternates between two multi-megabyte versions A
and B of one project, saving each with ``save_project`` and then as an autosave with
``write_autosave``, in a loop. The test kills it at random moments, half of them chosen
uniformly over the save cycle and half aimed inside the write itself (the instant a
temporary file appears, plus a random few milliseconds). After every kill:

* the project file is byte for byte A's or B's save, and that content loads as exactly A
  or B (checked on first sight of each; equal bytes load equally);
* the same holds for the autosave, and ``list_autosaves``/``recoverable`` offer it;
* temporary files a kill left behind never accumulate: the next save removes them (so at
  most the one from the latest kill and one from a kill during the save that would have
  removed it), and after a final save none is left.

``KILLS`` kills in the CI profile, many more with ``GALLEY_FUZZ=long``.
"""

from __future__ import annotations

import hashlib
import os
import random
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from editor.core import autosave, project
from tests.reliability import crash_child
from tests.reliability.fuzzing import KILLS, LONG, note, record

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")

MEGABYTES = 5.0 if LONG else 2.0
CHILD = Path(crash_child.__file__)


class Saver:
    """The saver process: forks a child that saves in a loop, reaps it once killed."""

    def __init__(self, target: Path, folder: Path, key: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(CHILD), str(target), str(folder), key, str(MEGABYTES)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert self._answer(120) == "ready"

    def _answer(self, timeout: float) -> str:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        assert ready, "the saver process did not answer"
        return self.process.stdout.readline().strip()

    def _send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def fork(self, first: int) -> int:
        self._send(f"fork {first}")
        return int(self._answer(30))

    def reap(self, pid: int) -> str:
        self._send(f"reap {pid}")
        return self._answer(30)

    def close(self) -> None:
        if self.process.poll() is None:
            self._send("quit")
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _temps(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def _wait_for_temp(folders: tuple[Path, ...], limit: float) -> bool:
    """Poll until a temporary file exists in one of ``folders`` (a write is under way).

    A kill during the previous run may have left one there already: only a new name counts.
    """
    before = {name for folder in folders for name in os.listdir(folder)}
    end = time.perf_counter() + limit
    while time.perf_counter() < end:
        if any(n.endswith(".tmp") and n not in before for folder in folders for n in os.listdir(folder)):
            return True
    return False


def test_killed_saves_leave_the_old_or_the_new_version(tmp_path: Path) -> None:
    work, autosaves = tmp_path / "work", tmp_path / "autosave"
    work.mkdir()
    target = work / "episode.galley.json"
    key = str(target)
    versions = {"A": crash_child.build("A", MEGABYTES), "B": crash_child.build("B", MEGABYTES)}
    saved = {project.project_bytes(doc): name for name, doc in versions.items()}
    autosaved = {project.project_bytes(doc, autosave_of=key): name for name, doc in versions.items()}
    project.save_project(versions["A"], target)
    autosave.write_autosave(versions["A"], key, autosaves)
    checked: set[str] = set()

    def check_file(path: Path, expected: dict[bytes, str], what: str) -> str:
        content = path.read_bytes()
        assert content in expected, f"{what} is neither version A nor B after a kill ({len(content)} bytes)"
        version = expected[content]
        digest = hashlib.sha256(content).hexdigest()
        if digest not in checked:  # equal bytes load equally: load each distinct content once
            checked.add(digest)
            assert project.load_project(path).state() == versions[version].state()
        return version

    rng = random.Random(os.environ.get("GALLEY_CRASH_SEED", "galley"))
    outcomes: Counter[str] = Counter()
    started = time.perf_counter()
    saver = Saver(target, autosaves, key)
    try:
        current = "A"
        cycle = 0.0
        for kill in range(KILLS):
            aimed = kill % 2 == 1  # odd kills aim at the project write, then the autosave's
            pid = saver.fork(first=1 if current == "A" else 0)  # start with the other version
            began = time.perf_counter()
            if aimed:
                _wait_for_temp((work,) if kill % 4 == 1 else (autosaves,), limit=5.0)
                time.sleep(rng.uniform(0, 0.004))
            else:
                # Uniformly over one save cycle (measured by the first unaimed kills).
                time.sleep(rng.uniform(0, cycle or 1.0))
            os.kill(pid, signal.SIGKILL)
            elapsed = time.perf_counter() - began
            assert saver.reap(pid) == f"killed {signal.SIGKILL}", "the saver failed before it was killed"

            left = {"project": _temps(work), "autosave": _temps(autosaves)}
            current = check_file(target, saved, "the project file")
            check_file(autosave.autosave_path(key, autosaves), autosaved, "the autosave")
            assert [a.autosave_of for a in autosave.list_autosaves(autosaves)] == [key]
            assert autosave.recoverable(key, autosaves) is not None or os.path.getmtime(
                target
            ) >= os.path.getmtime(autosave.autosave_path(key, autosaves))
            for where, names in left.items():
                assert len(names) <= 2, f"temporary files pile up in the {where} folder: {names}"
                outcomes[f"{where} temp left"] += bool(names)
            outcomes[f"project is {current}"] += 1
            outcomes[
                ("aimed at the project write" if kill % 4 == 1 else "aimed at the autosave write")
                if aimed
                else "at a random moment"
            ] += 1
            if not aimed and kill < 9:
                cycle = max(cycle, elapsed)
            record("crash-save kills", "loaded")
    finally:
        saver.close()

    # The next save cleans up whatever the last kill left.
    project.save_project(versions["B"], target)
    autosave.write_autosave(versions["B"], key, autosaves)
    assert _temps(work) == [] and _temps(autosaves) == []
    assert sorted(os.listdir(work)) == [target.name]

    seconds = time.perf_counter() - started
    summary = ", ".join(f"{name}: {count}" for name, count in sorted(outcomes.items()))
    note(f"crash-save: {KILLS} kills of a {MEGABYTES:g} MB save loop in {seconds:.1f} s; {summary}")
    print(f"\n{KILLS} kills: {summary}")
    # Kills must have landed both between saves and in the middle of writes.
    assert outcomes["project is A"] and outcomes["project is B"]
    assert outcomes["project temp left"] + outcomes["autosave temp left"] > 0, "no kill landed inside a write"
