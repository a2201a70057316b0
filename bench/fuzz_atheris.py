"""Coverage-guided fuzzing of every importer and the project loader with atheris.

    .venv/bin/pip install atheris                         # not a dependency of Galley
    .venv/bin/python bench/fuzz_atheris.py -max_total_time=300
    .venv/bin/python bench/fuzz_atheris.py -atheris_runs=200000 corpus/   # keep a corpus

The hypothesis fuzzers in tests/reliability generate near-valid files by construction;
this harness lets libFuzzer evolve inputs by the branches they reach instead. The first
byte of each input picks the file name (and so the detection path), the rest is the
file. Starting inputs are the repository's sample files. A case passes when reading ends
in a Document or in the one clear error type naming the file; any other exception is a
crash, and libFuzzer saves the input as ``crash-<hash>`` and stops. Arguments are
libFuzzer's (``-help=1`` lists them). Not run by CI.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["editor"]):
    from editor.core import project
    from editor.core.errors import ProjectError
    from editor.formats.errors import FormatError
    from editor.formats.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("t.txt", "t.srt", "t.vtt", "t.json", "t.galley.json", "t", "t.md", "t.webvtt")
FOLDER = Path(tempfile.mkdtemp(prefix="galley-atheris-"))


def one_input(data: bytes) -> None:
    if not data:
        return
    name = NAMES[data[0] % len(NAMES)]
    path = FOLDER / name
    path.write_bytes(data[1:])
    try:
        if name.endswith(".galley.json") and data[0] & 0x80:
            project.load_project(path)
        else:
            read_document(path)
    except (FormatError, ProjectError) as error:
        message = str(error)
        if not message.startswith(f"{path}: ") or "\n" in message:
            raise AssertionError(f"unclear error: {message[:300]!r}") from error
    finally:
        path.unlink()
    leftovers = os.listdir(FOLDER)
    if leftovers:
        raise AssertionError(f"reading wrote files: {leftovers}")


def _seed_corpus() -> Path:
    """A folder with the sample files, each prefixed with the byte that picks its name."""
    corpus = Path(tempfile.mkdtemp(prefix="galley-atheris-seeds-"))
    samples = [
        *(ROOT / "resources" / "samples").glob("*.txt"),
        *(ROOT / "tests" / "data" / "formats").glob("*.*"),
    ]
    samples += (ROOT / "tests" / "data" / "projects").glob("*.json")
    for index, sample in enumerate(p for p in samples if p.is_file()):
        suffix = "".join(sample.suffixes[-2:]) if sample.name.endswith(".galley.json") else sample.suffix
        choice = next((i for i, n in enumerate(NAMES) if n == f"t{suffix}"), 0)
        (corpus / f"seed-{index}").write_bytes(bytes([choice]) + sample.read_bytes()[:200_000])
    return corpus


def main() -> None:
    argv = list(sys.argv)
    if not any(not arg.startswith("-") for arg in argv[1:]):
        argv.append(str(_seed_corpus()))  # no corpus folder given: start from the samples
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
