"""Import, project save/load and export times for the demo transcript repeated to larger sizes.

Run: .venv/bin/python bench/formats_speed.py [--sizes 73K,1M,10M] [--repeat N]

Prints one row per size: import of plain text, convert to project bytes, project load
(validation included), export verbatim txt, export clean md (the English filler list plus
"um, uh"), the Podcasting 2.0 transcript JSON (clean), chapters JSON and show notes, a
1-character edit with undo, and the bare cost of reading and splitting the same text in
Python (the floor). The demo gets times (3 s a segment), an ad read every 1,000 segments
and a chapter every 2,000, so the podcast formats have something to write. Export times
are the best of ``--repeat`` runs; the machine may be shared, so the numbers are indicative.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from editor.core.document import Document
from editor.core.model import Position, Tag
from editor.core.project import load_project, project_bytes
from editor.formats import export_bytes, read_document
from editor.formats.writers.base import ExportOptions
from editor.paths import demo_transcript

CLEAN = ExportOptions(mode="clean", fillers=("um", "uh"))


def parse_size(text: str) -> int:
    units = {"K": 1024, "M": 1024 * 1024}
    return int(float(text[:-1]) * units[text[-1].upper()]) if text[-1].upper() in units else int(text)


def timed(action: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """The best time of ``repeat`` runs of ``action`` and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def produced(doc: Document) -> Document:
    """``doc`` with times, ad reads and chapters, built directly (no undo steps)."""
    segments = [s.__class__(s.id, s.text, s.speaker_id, i * 3.0, i * 3.0 + 2.8) for i, s in enumerate(doc.segments)]
    ids = [s.id for s in segments]
    tags = [Tag(f"ad{i}", "ad", ids[i], ids[min(i + 4, len(ids) - 1)], title="Lintwise") for i in range(500, len(ids), 1000)]
    tags += [Tag(f"ch{i}", "chapter", ids[i], ids[min(i + 1999, len(ids) - 1)], title=f"Part {i // 2000 + 1}") for i in range(0, len(ids), 2000)]
    return Document(segments, doc.speakers, metadata=doc.metadata, tags=tags)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="73K,1M,10M")
    parser.add_argument("--repeat", type=int, default=1, help="runs per export; the best is shown")
    args = parser.parse_args()
    demo = demo_transcript().read_text("utf-8")
    columns = ("size", "lines", "floor", "import", "to json", "load", "txt", "clean md", "p20 json", "chapters", "notes", "edit+undo")
    print(" ".join(f"{c:>9}" for c in columns))
    with tempfile.TemporaryDirectory() as folder:
        for label in args.sizes.split(","):
            target = parse_size(label)
            text = (demo * (target // len(demo.encode("utf-8")) + 1))[:target]
            text = text[: text.rfind("\n") + 1]
            source = Path(folder) / f"bench-{label}.txt"
            source.write_text(text, "utf-8")
            floor, _ = timed(lambda: [line for line in source.read_text("utf-8").splitlines() if line.strip()])  # noqa: B023
            t_import, doc = timed(lambda: read_document(source))  # noqa: B023
            t_json, data = timed(lambda: project_bytes(doc))  # noqa: B023
            project = Path(folder) / f"bench-{label}.galley.json"
            project.write_bytes(data)
            t_load, _ = timed(lambda: load_project(project))  # noqa: B023
            t_txt, _ = timed(lambda: export_bytes(doc, "txt"), args.repeat)  # noqa: B023
            t_md, _ = timed(lambda: export_bytes(doc, "md", CLEAN), args.repeat)  # noqa: B023
            podcast = produced(doc)
            t_p20, _ = timed(lambda: export_bytes(podcast, "podcast-transcript", CLEAN), args.repeat)  # noqa: B023
            t_chapters, _ = timed(lambda: export_bytes(podcast, "podcast-chapters"), args.repeat)  # noqa: B023
            t_notes, _ = timed(lambda: export_bytes(podcast, "show-notes"), args.repeat)  # noqa: B023
            middle = doc.segment_at(len(doc) // 2)

            def edit_and_undo() -> None:
                doc.replace_range(Position(middle.id, 0), Position(middle.id, 0), "x")  # noqa: B023
                doc.undo()  # noqa: B023

            t_edit, _ = timed(edit_and_undo)
            seconds = (floor, t_import, t_json, t_load, t_txt, t_md, t_p20, t_chapters, t_notes)
            print(
                f"{label:>9} {len(doc):>9,} " + " ".join(f"{t:>8.3f}s" for t in seconds) + f" {t_edit * 1000:>7.2f}ms"
            )


if __name__ == "__main__":
    main()
