"""Import, project save/load and export times for the demo transcript repeated to larger sizes.

Run: .venv/bin/python bench/formats_speed.py [--sizes 73K,1M,10M]

Prints one row per size: import of plain text, convert to project bytes, project load
(validation included), export verbatim txt, export clean md, a 1-character edit with undo,
and the bare cost of reading and splitting the same text in Python (the floor).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from editor.core.model import Position  # noqa: E402
from editor.core.project import load_project, project_bytes  # noqa: E402
from editor.formats import export_bytes, read_document  # noqa: E402
from editor.formats.writers.base import ExportOptions  # noqa: E402
from editor.paths import demo_transcript  # noqa: E402


def parse_size(text: str) -> int:
    units = {"K": 1024, "M": 1024 * 1024}
    return int(float(text[:-1]) * units[text[-1].upper()]) if text[-1].upper() in units else int(text)


def timed(action) -> tuple[float, object]:  # noqa: ANN001
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="73K,1M,10M")
    args = parser.parse_args()
    demo = demo_transcript().read_text("utf-8")
    print(f"{'size':>7} {'lines':>8} {'floor':>7} {'import':>7} {'to json':>7} {'load':>7} {'txt':>7} {'clean md':>8} {'edit+undo':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for label in args.sizes.split(","):
            target = parse_size(label)
            text = (demo * (target // len(demo.encode("utf-8")) + 1))[:target]
            text = text[: text.rfind("\n") + 1]
            source = Path(folder) / f"bench-{label}.txt"
            source.write_text(text, "utf-8")
            floor, _ = timed(lambda: [line for line in source.read_text("utf-8").splitlines() if line.strip()])
            t_import, doc = timed(lambda: read_document(source))
            t_json, data = timed(lambda: project_bytes(doc))
            project = Path(folder) / f"bench-{label}.galley.json"
            project.write_bytes(data)
            t_load, _ = timed(lambda: load_project(project))
            t_txt, _ = timed(lambda: export_bytes(doc, "txt"))
            t_md, _ = timed(lambda: export_bytes(doc, "md", ExportOptions(mode="clean", fillers=("um", "uh"))))
            middle = doc.segment_at(len(doc) // 2)

            def edit_and_undo() -> None:
                doc.replace_range(Position(middle.id, 0), Position(middle.id, 0), "x")
                doc.undo()

            t_edit, _ = timed(edit_and_undo)
            print(
                f"{label:>7} {len(doc):>8,} {floor:>6.3f}s {t_import:>6.3f}s {t_json:>6.3f}s {t_load:>6.3f}s"
                f" {t_txt:>6.3f}s {t_md:>7.3f}s {t_edit * 1000:>7.2f}ms"
            )


if __name__ == "__main__":
    main()
