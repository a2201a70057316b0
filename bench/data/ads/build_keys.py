"""Build the ad-detection bench transcripts and their answer keys from marked sources.

Run: .venv/bin/python bench/data/ads/build_keys.py [--check]

Each ``<name>.marked.txt`` is the source of truth. Its lines are:

* ``# key: value`` — header: ``title``, ``labels`` (how speaker turns appear in the
  transcript: ``prefix`` = ``Name:`` on a turn's first line, ``asr`` = ``SPEAKER_0N:``,
  ``none`` = no labels at all, as raw speech-to-text gives them), ``unseen`` (``yes`` when
  the transcript was written before the tools were tuned and never used to tune them);
* ``@Name`` — a new speaker turn starts with the next text line (``@Name`` of the
  speaker already talking continues the turn);
* ``{ad Sponsor | style}`` … ``{/ad}`` — the text lines between are one ad read or credit;
* anything else that is not blank — one transcript line (one segment when imported).

Writes ``<name>.txt`` (the transcript as Galley imports it) and ``<name>-key.json``::

    {"name", "title", "transcript", "labels", "unseen", "lines",
     "ads": [{"first_line", "last_line", "sponsor", "style"}],
     "turns": [{"first_line", "last_line", "speaker"}]}

Lines are 1-based lines of ``<name>.txt``. ``--check`` verifies the written files are current.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build(marked: Path) -> tuple[str, dict]:
    header: dict[str, str] = {}
    out: list[str] = []
    ads: list[dict] = []
    turns: list[dict] = []
    speakers: list[str] = []
    speaker: str | None = None
    new_turn = False
    open_ad: dict | None = None
    for number, raw in enumerate(marked.read_text("utf-8").splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("# ") and ":" in line and not out:
            key, _, value = line[2:].partition(":")
            header[key.strip()] = value.strip()
            continue
        if line.startswith("@"):
            name = line[1:].strip()
            if name != speaker:  # "@Same" again (after an ad inside the turn) continues the turn
                speaker = name
                new_turn = True
            if name not in speakers:
                speakers.append(name)
            continue
        if line.startswith("{ad "):
            if open_ad is not None:
                raise SystemExit(f"{marked}:{number}: ad inside ad")
            sponsor, _, style = line[4:].rstrip("}").partition("|")
            open_ad = {"first_line": len(out) + 1, "sponsor": sponsor.strip(), "style": style.strip()}
            continue
        if line == "{/ad}":
            if open_ad is None or open_ad["first_line"] > len(out):
                raise SystemExit(f"{marked}:{number}: empty or unopened ad")
            open_ad["last_line"] = len(out)
            ads.append({k: open_ad[k] for k in ("first_line", "last_line", "sponsor", "style")})
            open_ad = None
            continue
        text = line.strip()
        labels = header.get("labels", "none")
        if new_turn and speaker is not None:
            if turns:
                turns[-1]["last_line"] = len(out)
            turns.append({"first_line": len(out) + 1, "last_line": 0, "speaker": speaker})
            if labels == "prefix":
                text = f"{speaker.split()[0]}: {text}"
            elif labels == "asr":
                text = f"SPEAKER_{speakers.index(speaker):02d}: {text}"
            new_turn = False
        out.append(text)
    if open_ad is not None:
        raise SystemExit(f"{marked}: ad not closed")
    if turns:
        turns[-1]["last_line"] = len(out)
    name = marked.name.removesuffix(".marked.txt")
    key = {
        "name": name,
        "title": header.get("title", name),
        "transcript": f"{name}.txt",
        "labels": header.get("labels", "none"),
        "unseen": header.get("unseen", "no") == "yes",
        "lines": len(out),
        "ads": ads,
        "turns": turns,
    }
    return "\n".join(out) + "\n", key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fail if a written file is out of date")
    args = parser.parse_args(argv)
    stale = []
    for marked in sorted(HERE.glob("*.marked.txt")):
        text, key = build(marked)
        name = key["name"]
        outputs = {HERE / f"{name}.txt": text, HERE / f"{name}-key.json": json.dumps(key, indent=1) + "\n"}
        for path, content in outputs.items():
            if args.check:
                if not path.exists() or path.read_text("utf-8") != content:
                    stale.append(path.name)
            else:
                path.write_text(content, "utf-8")
        print(f"{name}: {key['lines']} lines, {len(key['ads'])} ads, {len(key['turns'])} turns")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
