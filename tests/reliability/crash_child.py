"""The saving process that ``test_crash_save`` kills, and the two versions it saves.

Run as a script it builds versions A and B of a large document once, then waits for
commands on standard input:

``fork N``
    fork a child that saves forever with :func:`editor.core.project.save_project` to the
    project file and :func:`editor.core.autosave.write_autosave` to the autosave folder,
    alternating B, A, B ... (N = 1) or A, B, A ... (N = 0); answer the child's pid. The
    test kills that child with SIGKILL at a moment of its choosing.
``reap PID``
    wait for the killed child; answer how it ended (``killed 9``).

Forking from a process that already holds both documents makes each kill cost only the
time until it lands, instead of a fresh interpreter and two multi-megabyte builds.
"""

from __future__ import annotations

import os
import random
import sys
import traceback
from pathlib import Path

from editor.core.document import Document
from editor.core.model import Annotation, Metadata, Segment, Speaker, Word

_WORDS = [
    "the",
    "quick",
    "brown",
    "fox",
    "jumps",
    "over",
    "a",
    "lazy",
    "dog",
    "while",
    "kubernetes",
    "pie",
    "torch",
    "siobhan",
    "nguyen",
    "podcast",
    "episode",
    "welcome",
    "back",
    "to",
    "the",
    "build",
    "log",
    "today",
    "we",
    "talk",
    "about",
    "tooling",
    "and",
    "ünïcode",
    "“quotes”",
    "naïve",
    "café",
]


def build(version: str, megabytes: float) -> Document:
    """A deterministic document of about ``megabytes`` MB as a project file; A and B
    differ in every segment's text and in their metadata."""
    rng = random.Random(f"galley-crash-{version}")
    count = max(1, int(megabytes * 5_600))  # ~180 bytes of project JSON per segment
    speakers = [Speaker("sp1", "Maya", "#112233"), Speaker("sp2", "Siobhan Nguyen", "#445566")]
    segments = []
    for i in range(count):
        text = " ".join(rng.choice(_WORDS) for _ in range(10))
        words = (Word(text.split()[0], i * 2.0, i * 2.0 + 0.3, 0.9),) if i % 10 == 0 else ()
        segments.append(
            Segment(
                f"s{i + 1}", f"{version}{i} {text}", "sp1" if i % 3 else "sp2", i * 2.0, i * 2.0 + 1.5, words
            )
        )
    doc = Document(
        segments,
        speakers,
        metadata=Metadata(title=f"Version {version}", language="en", source_name=f"{version}.txt"),
    )
    doc.add_annotations([Annotation("", "s1", 0, len(version), "spelling", version)])
    return doc


def main(target: str, autosave_folder: str, key: str, megabytes: str) -> None:
    from editor.core.autosave import write_autosave
    from editor.core.project import save_project

    docs = (build("A", float(megabytes)), build("B", float(megabytes)))
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "fork":
            pid = os.fork()
            if pid == 0:  # the saver: runs until it is killed
                try:
                    index = int(argument)
                    while True:
                        doc = docs[index % 2]
                        save_project(doc, target)
                        write_autosave(doc, key, Path(autosave_folder))
                        index += 1
                except BaseException:  # noqa: BLE001 - reported, then the child ends
                    traceback.print_exc()
                finally:
                    os._exit(1)  # never back into the command loop
            print(pid, flush=True)
        elif command == "reap":
            _, status = os.waitpid(int(argument), 0)
            # "killed 9" is the expected end; anything else means the saver failed.
            how = (
                f"killed {os.WTERMSIG(status)}"
                if os.WIFSIGNALED(status)
                else f"exited {os.WEXITSTATUS(status)}"
            )
            print(how, flush=True)
        else:
            break


if __name__ == "__main__":
    main(*sys.argv[1:])
