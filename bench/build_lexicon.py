"""Regenerate Galley's bundled English lexicon, ``resources/dictionaries/en.tsv.gz``.

The lexicon is the union of three license-clean sources (see
``resources/dictionaries/README.md`` for the licences):

1. pyspellchecker's ``en.json.gz`` (MIT): ~160,000 words with counts from the English
   OpenSubtitles 2018 corpus, already cleaned of misspellings by the package's maintainers.
   It gives the frequencies (spoken language, which is what a podcast transcript is).
2. SCOWL (Kevin Atkinson's Spell-Checker Oriented Word Lists, permissive licence), sizes up
   to 70, all English spellings (American, British, Canadian, Australian and their common
   variants), inflections included. It adds the British spellings, many inflections and
   technical words the subtitle list lacks.
3. ``resources/dictionaries/en-extra.txt``: a short hand-written list of modern words
   (software, media, internet) that both miss.

Words known only to SCOWL or the extra list get a floor frequency from their SCOWL size (a
size-10 word is very common, a size-70 word rare); a British spelling borrows the frequency
of its American spelling when the subtitle list has it.

Output: one ``word<TAB>zipf`` line per word, case-folded, most frequent first, gzip'd with
a fixed timestamp so the file is byte-for-byte reproducible.

Usage (needs network access to PyPI and the Debian ``scowl`` package)::

    apt-get install scowl
    .venv/bin/python bench/build_lexicon.py            # downloads pyspellchecker 0.9.1
    .venv/bin/python bench/build_lexicon.py --pyspellchecker-json path/to/en.json.gz
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "dictionaries"
PYSPELLCHECKER = "pyspellchecker==0.9.1"
SCOWL_DIR = Path("/usr/share/dict/scowl")
MAX_SCOWL_SIZE = 70  # 80 and above add rare words and accepted misspellings ("wich", "persue")
# Written abbreviations above 50 ("Assyr", "mfrs", "pathol") never occur in speech and would
# only hide ASR errors.
MAX_ABBREVIATION_SIZE = 50
SCOWL_SPELLINGS = {
    "english",
    "american",
    "british",
    "british_z",
    "canadian",
    "australian",
    "variant_1",
    "american_variant_1",
    "british_variant_1",
    "canadian_variant_1",
    "australian_variant_1",
    "special",
}
SCOWL_KINDS = {"words", "upper", "contractions", "proper-names", "abbreviations", "hacker", "roman-numerals"}
# Zipf floor for a word the subtitle counts lack, by the smallest SCOWL size that has it.
SIZE_FLOOR = {10: 4.0, 20: 3.5, 35: 3.0, 40: 2.8, 50: 2.5, 55: 2.2, 60: 2.0, 70: 1.5}
EXTRA_FLOOR = 2.5
# British -> American spelling rewrites, to borrow a frequency ("favourite" -> "favorite").
BRITISH_TO_AMERICAN = (
    (re.compile(r"our(s|ed|ing|ite|ites|able|ably|er|ers)?$"), r"or\1"),
    (re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"tre(s)?$"), r"ter\1"),
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"ence(s)?$"), r"ense\1"),
)


def load_pyspellchecker(json_path: Path | None) -> dict[str, int]:
    """Word counts from pyspellchecker's English resource (downloads the wheel if needed)."""
    if json_path is not None:
        return json.loads(gzip.decompress(json_path.read_bytes()))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, PYSPELLCHECKER],
            check=True,
        )
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            return json.loads(gzip.decompress(archive.read("spellchecker/resources/en.json.gz")))


def scowl_words(folder: Path) -> dict[str, int]:
    """Each SCOWL word (case-folded) with the smallest size that lists it."""
    if not folder.is_dir():
        raise SystemExit(f"{folder} not found: apt-get install scowl")
    sizes: dict[str, int] = {}
    for path in folder.iterdir():
        name, _, size_text = path.name.rpartition(".")
        spelling, _, kind = name.partition("-")
        size = int(size_text)
        if size > MAX_SCOWL_SIZE or spelling not in SCOWL_SPELLINGS or kind not in SCOWL_KINDS:
            continue
        if kind == "abbreviations" and size > MAX_ABBREVIATION_SIZE:
            continue
        for line in path.read_text("utf-8", errors="replace").splitlines():
            word = line.strip().casefold()
            if word and sizes.get(word, 999) > size:
                sizes[word] = size
    return sizes


def extra_words(path: Path) -> set[str]:
    """The hand-written list: one word a line, ``#`` comments."""
    found = set()
    for line in path.read_text("utf-8").splitlines():
        word = line.split("#", 1)[0].strip().casefold()
        if word:
            found.add(word)
    return found


def zipf(count: float, total: float) -> float:
    """log10 of occurrences per billion words."""
    return math.log10(count / total * 1e9)


def american_spelling(word: str) -> Iterable[str]:
    """Plausible American spellings of a British one, for borrowing its frequency."""
    for pattern, replacement in BRITISH_TO_AMERICAN:
        rewritten = pattern.sub(replacement, word, count=1)
        if rewritten != word:
            yield rewritten


def is_redundant_possessive(word: str, known: dict[str, float]) -> bool:
    """``x's`` entries add nothing: the spelling tool checks a possessive on its base."""
    return word.endswith(("'s", "’s")) and word[:-2] in known


def build(counts: dict[str, int], scowl: dict[str, int], extra: set[str]) -> dict[str, float]:
    """Merge the sources into ``word -> zipf``."""
    total = float(sum(counts.values()))
    lexicon: dict[str, float] = {}
    for word, count in counts.items():
        folded = word.casefold().replace("’", "'")
        lexicon[folded] = max(lexicon.get(folded, 0.0), zipf(count, total))
    filler = min(counts.values())  # pyspellchecker gives words it added by hand this count
    for word, count in counts.items():
        size = scowl.get(word.casefold())
        if count == filler and size is not None:
            # A hand-added word says nothing about its frequency; SCOWL's level does.
            folded = word.casefold().replace("’", "'")
            lexicon[folded] = max(lexicon[folded], SIZE_FLOOR.get(size, 1.5))
    for word, size in scowl.items():
        word = word.replace("’", "'")
        if word in lexicon:
            continue
        floor = SIZE_FLOOR.get(size, 1.5)
        borrowed = max((lexicon.get(american, 0.0) for american in american_spelling(word)), default=0.0)
        lexicon[word] = round(max(floor, borrowed - 0.3), 2)
    for word in extra:
        lexicon.setdefault(word, EXTRA_FLOOR)
    return {w: z for w, z in lexicon.items() if not is_redundant_possessive(w, lexicon)}


def write(lexicon: dict[str, float], path: Path) -> None:
    """Most frequent first, then alphabetical; deterministic gzip (no name, mtime 0)."""
    rows = sorted(lexicon.items(), key=lambda item: (-round(item[1], 2), item[0]))
    text = "".join(f"{word}\t{z:.2f}\n" for word, z in rows)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    path.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pyspellchecker-json", type=Path, help="pyspellchecker's en.json.gz (else downloaded)"
    )
    parser.add_argument("--scowl-dir", type=Path, default=SCOWL_DIR)
    parser.add_argument("--out", type=Path, default=OUT_DIR / "en.tsv.gz")
    args = parser.parse_args(argv)
    lexicon = build(
        load_pyspellchecker(args.pyspellchecker_json),
        scowl_words(args.scowl_dir),
        extra_words(OUT_DIR / "en-extra.txt"),
    )
    write(lexicon, args.out)
    print(f"{args.out}: {len(lexicon)} words, {args.out.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
