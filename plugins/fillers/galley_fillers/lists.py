"""Language filler lists: ``resources/fillers/<lang>.txt`` plus optional override folders.

The file format is documented at the top of ``resources/fillers/en.txt``. In short: one
entry a line, ``#`` comments, ``[hesitation]`` / ``[discourse]`` / ``[doubles-grammatical]`` /
``[doubles-allowed]`` sections, ``entry | 0.7`` for a confidence and ``!entry`` to remove
an entry an earlier folder gave.

:func:`load_filler_list` reads the same language from several folders in order (Galley's
resources first, then e.g. a per-user folder), so a later file adds to or removes from an
earlier one. The parser needs nothing but the standard library so the clean exporter can
read the same files.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HESITATION = "hesitation"
DISCOURSE = "discourse"
DOUBLES_GRAMMATICAL = "doubles-grammatical"
DOUBLES_ALLOWED = "doubles-allowed"
SECTIONS = (HESITATION, DISCOURSE, DOUBLES_GRAMMATICAL, DOUBLES_ALLOWED)

DEFAULT_CONFIDENCE = {HESITATION: 0.9, DISCOURSE: 0.6, DOUBLES_GRAMMATICAL: 0.0, DOUBLES_ALLOWED: 0.0}
FALLBACK_LANGUAGE = "en"

_ELONGATED = re.compile(r"(\w)\1{2,}")
_SECTION = re.compile(r"^\[\s*([\w-]+)\s*\]$")


def normalize(word: str) -> str:
    """The form words are compared in: case-folded, straight apostrophes, elongation cut.

    "Ummmm" and "umm" compare equal: no English word has three identical letters in a row,
    so shortening such runs to two only ever merges drawn-out sounds.
    """
    folded = word.casefold().replace("’", "'")
    return _ELONGATED.sub(r"\1\1", folded) if _ELONGATED.search(folded) else folded


@dataclass(frozen=True, slots=True)
class FillerEntry:
    """One filler: its words (normalized), as written in the list, group and confidence."""

    words: tuple[str, ...]
    text: str
    group: str
    confidence: float


@dataclass(frozen=True)
class FillerList:
    """A language's fillers and its rules for doubled words."""

    language: str
    entries: tuple[FillerEntry, ...] = ()
    doubles_grammatical: frozenset[str] = frozenset()
    doubles_allowed: frozenset[str] = frozenset()
    sources: tuple[Path, ...] = ()
    _by_first: dict[str, tuple[FillerEntry, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        index: dict[str, list[FillerEntry]] = {}
        for entry in self.entries:
            index.setdefault(entry.words[0], []).append(entry)
        for first, entries in index.items():
            # Longest first, so "you know what" would win over "you know".
            self._by_first[first] = tuple(sorted(entries, key=lambda e: len(e.words), reverse=True))

    @property
    def hesitations(self) -> frozenset[str]:
        """Normalized hesitation entries (what clean export removes anywhere)."""
        return frozenset(" ".join(e.words) for e in self.entries if e.group == HESITATION)

    @property
    def fillers(self) -> tuple[str, ...]:
        """Every filler as written, hesitations and discourse fillers (for ``filler_pattern``)."""
        return tuple(e.text for e in self.entries)

    @property
    def first_words(self) -> frozenset[str]:
        """The normalized first word of every entry."""
        return frozenset(self._by_first)

    def confident_fillers(self, min_confidence: float = 0.5) -> tuple[str, ...]:
        """Fillers as written whose confidence is at least ``min_confidence``.

        For removing fillers without review (clean export): weak entries such as "so" or
        "actually" are fillers only sometimes, even where set off.
        """
        return tuple(e.text for e in self.entries if e.confidence >= min_confidence)

    def starting_with(self, word: str) -> tuple[FillerEntry, ...]:
        """Entries whose first (normalized) word is ``word``, longest first."""
        return self._by_first.get(word, ())


# ------------------------------------------------------------------------------ parsing


@dataclass
class _Draft:
    """Entries being merged from several files: (section, normalized phrase) -> entry."""

    entries: dict[tuple[str, str], FillerEntry] = field(default_factory=dict)


def _parse_line(line: str, section: str, where: str, log: logging.Logger) -> tuple[str, FillerEntry | None]:
    """One entry line: ``("add"|"remove", entry)``; the entry is ``None`` if unusable."""
    remove = line.startswith("!")
    body = line[1:].strip() if remove else line
    text, _, number = body.partition("|")
    text = " ".join(text.split())
    confidence = DEFAULT_CONFIDENCE[section]
    if number.strip():
        try:
            confidence = float(number)
        except ValueError:
            confidence = -1.0
        if not 0.0 <= confidence <= 1.0:
            log.warning("%s: confidence %r is not a number from 0 to 1; default used", where, number.strip())
            confidence = DEFAULT_CONFIDENCE[section]
    words = tuple(normalize(w) for w in text.split())
    if not words:
        return ("remove" if remove else "add"), None
    return ("remove" if remove else "add"), FillerEntry(words, text, section, confidence)


def parse_into(draft: _Draft, text: str, source: str, log: logging.Logger) -> None:
    """Add the entries of one list file's ``text`` to ``draft`` (later entries win)."""
    section: str | None = DISCOURSE  # entries before any header: the cautious group
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{source}:{number}"
        header = _SECTION.match(line)
        if header:
            name = header.group(1).lower()
            section = name if name in SECTIONS else None
            if section is None:
                log.warning("%s: unknown section [%s]; its lines are ignored", where, name)
            continue
        if section is None:
            continue
        action, entry = _parse_line(line, section, where, log)
        if entry is None:
            continue
        key = (section, " ".join(entry.words))
        if action == "remove":
            draft.entries.pop(key, None)
        else:
            draft.entries[key] = entry


def parse_filler_list(
    text: str, language: str = FALLBACK_LANGUAGE, source: str = "<text>", log: logging.Logger | None = None
) -> FillerList:
    """A :class:`FillerList` from the text of one list file."""
    draft = _Draft()
    parse_into(draft, text, source, log or logging.getLogger("galley.fillers"))
    return _finish(draft, language, ())


def _finish(draft: _Draft, language: str, sources: tuple[Path, ...]) -> FillerList:
    def words_in(section: str) -> frozenset[str]:
        return frozenset(" ".join(e.words) for (s, _), e in draft.entries.items() if s == section)

    return FillerList(
        language=language,
        entries=tuple(e for (s, _), e in draft.entries.items() if s in (HESITATION, DISCOURSE)),
        doubles_grammatical=words_in(DOUBLES_GRAMMATICAL),
        doubles_allowed=words_in(DOUBLES_ALLOWED),
        sources=sources,
    )


# ------------------------------------------------------------------------------ loading


def language_candidates(language: str) -> list[str]:
    """File stems to try for a language tag: ``"en-GB"`` -> ``["en-gb", "en"]``."""
    tag = (language or FALLBACK_LANGUAGE).strip().lower().replace("_", "-")
    base = tag.split("-", 1)[0]
    return [tag] if tag == base else [tag, base]


def list_files(language: str, folders: Iterable[Path | None]) -> tuple[str, list[Path]]:
    """The language actually used and its list files in ``folders`` order.

    The most specific language with a file in any folder wins (``en-gb`` before ``en``).
    An empty file list means no folder has this language.
    """
    existing = [Path(f) for f in folders if f is not None and Path(f).is_dir()]
    for stem in language_candidates(language):
        files = [folder / f"{stem}.txt" for folder in existing if (folder / f"{stem}.txt").is_file()]
        if files:
            return stem, files
    return language, []


def resolve_files(language: str, folders: Sequence[Path | None]) -> tuple[str, list[Path], bool]:
    """The language used, its files in folder order, and whether English stood in for it."""
    used, files = list_files(language, folders)
    if files or used.split("-")[0] == FALLBACK_LANGUAGE:
        return used, files, False
    used, files = list_files(FALLBACK_LANGUAGE, folders)
    return used, files, True


def load_filler_list(language: str, folders: Sequence[Path | None], log: logging.Logger) -> FillerList:
    """The filler list for ``language`` merged from ``folders`` (earlier first, later win).

    Falls back to English, with a warning, when no folder has the language; returns an
    empty list (with a warning) when there is no English list either. Unreadable files are
    skipped with a warning. Never raises.
    """
    used, files, fell_back = resolve_files(language, folders)
    if fell_back:
        log.warning("no filler list for language %r; using the English list", language)
    if not files:
        log.warning("no filler list found in %s", ", ".join(str(f) for f in folders if f) or "any folder")
    draft = _Draft()
    read: list[Path] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            log.warning("cannot read filler list %s (%s); skipped", path, error)
            continue
        parse_into(draft, text, str(path), log)
        read.append(path)
    return _finish(draft, used, tuple(read))


def files_signature(language: str, folders: Sequence[Path | None]) -> tuple[object, ...]:
    """A cheap key that changes when any list file that would be read changes."""
    _, files, _ = resolve_files(language, folders)
    signature: list[object] = [language, tuple(str(f) for f in folders)]
    for path in files:
        try:
            stat = path.stat()
            signature.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:
            signature.append((str(path), None))
    return tuple(signature)
