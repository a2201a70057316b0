"""Word lists with frequencies, shared by every correction tool (loaded once per process).

A lexicon file is ``resources/dictionaries/<language>.tsv.gz``: one ``word<TAB>zipf`` line
per word, case-folded, most frequent first (see ``resources/dictionaries/README.md`` for
where the English list comes from and ``bench/build_lexicon.py`` for how it is built).
Zipf is log10 of occurrences per billion words: ~7.7 for "the", ~2.8 for "turbine".

Plugins never import this module: the host loads the lexicon and hands it to tools as
``ctx.lexicon``.
"""

from __future__ import annotations

import functools
import gzip
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from sys import intern

from editor import paths
from editor.plugin_api import EmptyLexicon, Lexicon

log = logging.getLogger(__name__)

LEXICON_FOLDER = "dictionaries"


class WordLexicon:
    """An in-memory word list: case-insensitive membership and Zipf frequencies.

    Frequencies are kept as the strings read from the file and converted on demand: that
    halves the load time, and a tool asks for far fewer frequencies than there are words.
    """

    def __init__(self, language: str, frequencies: Mapping[str, str | float]) -> None:
        self.language = language
        self._zipf = frequencies

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        return _fold(word) in self._zipf

    def __len__(self) -> int:
        return len(self._zipf)

    def frequency(self, word: str) -> float:
        """Zipf frequency of ``word`` (case-insensitive); 0.0 for unknown words."""
        value = self._zipf.get(_fold(word))
        return float(value) if value is not None else 0.0

    def words(self) -> Iterable[str]:
        """Every word (case-folded), most frequent first."""
        return self._zipf.keys()

    def __repr__(self) -> str:
        return f"WordLexicon({self.language!r}, {len(self._zipf)} words)"

    @classmethod
    def from_file(cls, language: str, path: Path) -> WordLexicon:
        """Read a ``word<TAB>zipf`` file, gzip'd when its name ends in ``.gz``."""
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        return cls(language, _parse(data.decode("utf-8")))


def _parse(text: str) -> dict[str, str]:
    """``word<TAB>zipf`` lines -> dict; the first (most frequent) entry of a word wins."""
    well_formed = text.count("\t") == text.count("\n") + (0 if text.endswith("\n") else 1)
    if well_formed and "\u2019" not in text and "\r" not in text and text == text.casefold():
        # Well-formed file: one C-level split and zip is 3x faster than a line loop.
        fields = text.replace("\n", "\t").split("\t")
        # The few hundred distinct frequencies interned: one string each, not one per word
        # (7 MB less in the editor and in each tool process for English).
        frequencies = dict(zip(fields[0::2], map(intern, fields[1::2])))
        if len(frequencies) == text.count("\t"):  # no duplicate words
            return frequencies
    # Hand-written or odd file (duplicates, capitals, blank lines): the careful loop.
    frequencies = {}
    for line in text.splitlines():
        word, _, zipf = line.partition("\t")
        word = _fold(word.strip())
        if word and word not in frequencies:
            frequencies[word] = zipf.strip() or "0"
    return frequencies


def _fold(word: str) -> str:
    """The lookup key: case-folded, with typographic apostrophes made plain."""
    return word.casefold().replace("\u2019", "'")


def lexicon_path(language: str) -> Path | None:
    """The bundled word list for ``language`` ("en", "en-GB" -> "en"), if there is one."""
    folder = paths.resource(LEXICON_FOLDER)
    for name in dict.fromkeys((language.casefold(), language.split("-")[0].split("_")[0].casefold())):
        for suffix in (".tsv.gz", ".tsv"):
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    return None


@functools.lru_cache(maxsize=8)
def load_lexicon(language: str = "en") -> Lexicon:
    """The lexicon for ``language``, loaded once per process.

    A language without a bundled word list (or an unreadable one) gets an
    :class:`~editor.plugin_api.EmptyLexicon` and a logged warning, so tools still run.
    """
    path = lexicon_path(language)
    if path is None:
        log.warning("no word list for language %r: spelling checks will find nothing", language)
        return EmptyLexicon(language)
    try:
        return WordLexicon.from_file(language, path)
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile) as exc:
        log.warning("could not read word list %s: %s", path, exc)
        return EmptyLexicon(language)
