"""Galley's plugin API, version 1: the only module a plugin imports.

A plugin contributes *tools*. A correction tool looks at immutable segment snapshots and
returns :class:`Suggestion` values; a tagging tool returns :class:`TagProposal` values.
Tools never change the document and never touch the user interface: the host validates
what they return and puts it in front of the producer for review.

A minimal correction tool::

    from editor.plugin_api import Suggestion, ToolContext, SegmentSnapshot, words

    class ShoutTool:
        def check(self, segments: list[SegmentSnapshot], ctx: ToolContext) -> list[Suggestion]:
            found = []
            for segment in segments:
                ctx.check_cancelled()
                for word in words(segment.text):
                    if len(word.text) > 3 and word.text.isupper():
                        found.append(Suggestion(segment.id, word.start, word.end, "style",
                                                "Shouting?", (word.text.capitalize(),)))
            return found

Its ``plugin.toml`` names it (``python_name = "shout.tool:ShoutTool"``); see
``docs/plugins.md``. Everything here is a frozen value or a protocol; the docstrings are
the manual.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

API_VERSION = "1"
"""The API version this module provides; manifests list the versions they support."""

# Finding kinds the app knows how to colour and group. Tools may use other kinds; they
# are shown with a neutral colour.
SPELLING = "spelling"
SOUND_ALIKE = "sound-alike"
CONSISTENCY = "consistency"
FILLER = "filler"
RULE = "rule"
KNOWN_KINDS = (SPELLING, SOUND_ALIKE, CONSISTENCY, FILLER, RULE)


# ----------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class WordTiming:
    """One ASR word of a segment, when the source had word data."""

    text: str
    start: float | None = None
    end: float | None = None
    probability: float | None = None


@dataclass(frozen=True, slots=True)
class SegmentSnapshot:
    """One segment as it was when the check started. Offsets index into ``text``.

    ``index`` is the segment's position in the document, ``speaker`` the speaker's name
    (``None`` if unassigned), ``line`` the 1-based line of the source file if known.
    """

    id: str
    index: int
    text: str
    speaker: str | None = None
    start: float | None = None
    end: float | None = None
    words: tuple[WordTiming, ...] = ()
    line: int | None = None


# ---------------------------------------------------------------------------- outputs


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suspected error at ``text[start:end]`` of one segment.

    ``replacements`` are ranked, best first; an empty tuple with a ``filler`` kind means
    "delete". ``confidence`` is 0..1 and should be honest: the review sorts and filters by it.
    """

    segment_id: str
    start: int
    end: int
    kind: str
    message: str
    replacements: tuple[str, ...] = ()
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class TagProposal:
    """A proposed tag over segments ``first_segment_id`` .. ``last_segment_id`` (inclusive).

    ``label`` is e.g. ``"ad"``, ``"chapter"`` or ``"speaker"``; for ``"speaker"``,
    ``value`` is the proposed speaker name (``""`` when a new speaker starts but the name
    is unknown), for ``"chapter"`` the proposed title, for ``"ad"`` the sponsor if known.
    ``note`` says why, in a few words ("brought to you by; promo code").

    ``group`` (optional) names a pattern that proposals share, so the review can offer
    one decision for all of them: every turn starting with ``Anna:`` (``"prefix:Anna"``),
    every turn of one ASR speaker id (``"speaker-id:SPEAKER_01"``), every turn that
    answers a question (``"turn-after-question"``). Proposals of one group are expected
    to get the same answer (for speakers: the same speaker); ``""`` means no group.
    """

    label: str
    first_segment_id: str
    last_segment_id: str
    confidence: float = 0.5
    note: str = ""
    value: str = ""
    group: str = ""


# ---------------------------------------------------------------------------- context


@dataclass(frozen=True, slots=True)
class Glossary:
    """The show's own vocabulary: correct terms, and known ``wrong -> Right`` pairs."""

    terms: tuple[str, ...] = ()
    replacements: tuple[tuple[str, str], ...] = ()


@runtime_checkable
class Lexicon(Protocol):
    """A language's word list with frequencies, shared by all tools (loaded once).

    Look-ups are case-insensitive. ``frequency`` is on the Zipf scale (log10 of
    occurrences per billion words: ~7 for "the", ~3 for "turbine", 0 for unknown words).
    """

    language: str

    def __contains__(self, word: object) -> bool: ...

    def frequency(self, word: str) -> float: ...

    def words(self) -> Iterable[str]: ...


class Cancelled(Exception):
    """Raised by :meth:`ToolContext.check_cancelled` when the host wants the tool to stop."""


class EmptyLexicon:
    """A lexicon that knows no words (for tests and for languages without a word list)."""

    def __init__(self, language: str = "en") -> None:
        self.language = language

    def __contains__(self, word: object) -> bool:
        return False

    def frequency(self, word: str) -> float:
        return 0.0

    def words(self) -> Iterable[str]:
        return ()


def _never() -> bool:
    return False


def _no_progress(done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class ToolContext:
    """What a tool may know and use while it runs.

    ``accepted_words`` folds the glossary terms' words, the personal dictionary and the
    project's ignore list into one case-folded set: a tool should not flag these.
    ``replacement_memory`` maps text the producer corrected before to what they chose
    (suggest it first). ``data_dir`` is the plugin's own folder (for its data files);
    ``resources_dir`` is Galley's shared resources folder (filler lists, rule files) and
    ``user_resources_dir`` the producer's own folder of the same layout, whose files add
    to or override the shared ones.
    """

    language: str = "en"
    settings: Mapping[str, Any] = field(default_factory=dict)
    glossary: Glossary = Glossary()
    replacement_memory: Mapping[str, str] = field(default_factory=dict)
    personal_dictionary: frozenset[str] = frozenset()
    ignored: frozenset[str] = frozenset()
    lexicon: Lexicon = field(default_factory=EmptyLexicon)
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("galley.plugin"))
    data_dir: Path | None = None
    resources_dir: Path | None = None
    user_resources_dir: Path | None = None
    is_cancelled: Callable[[], bool] = _never
    report_progress: Callable[[int, int], None] = _no_progress

    def check_cancelled(self) -> None:
        """Raise :class:`Cancelled` if the host asked the tool to stop. Call it often."""
        if self.is_cancelled():
            raise Cancelled()

    def progress(self, done: int, total: int) -> None:
        """Tell the host how far the tool is (shown in the status bar)."""
        self.report_progress(done, total)

    @property
    def accepted_words(self) -> frozenset[str]:
        """Case-folded words the producer has said are right (see class docstring)."""
        return _accepted_words(self.glossary, self.personal_dictionary, self.ignored)


_ACCEPTED_CACHE: dict[tuple[Any, ...], frozenset[str]] = {}


def _accepted_words(glossary: Glossary, dictionary: frozenset[str], ignored: frozenset[str]) -> frozenset[str]:
    key = (glossary, dictionary, ignored)
    cached = _ACCEPTED_CACHE.get(key)
    if cached is None:
        found = {w.text.casefold() for term in glossary.terms for w in words(term)}
        found |= {t.casefold() for t in glossary.terms}
        found |= {w.casefold() for w in dictionary} | {w.casefold() for w in ignored}
        cached = frozenset(found)
        _ACCEPTED_CACHE.clear()  # one project at a time: keep the cache tiny
        _ACCEPTED_CACHE[key] = cached
    return cached


# ----------------------------------------------------------------------------- tools


@runtime_checkable
class CorrectionTool(Protocol):
    """A tool that finds errors. ``check`` is called with the segments to look at (live
    tools get the edited ones, document tools all of them) and returns suggestions."""

    def check(self, segments: Sequence[SegmentSnapshot], ctx: ToolContext) -> Iterable[Suggestion]: ...


@runtime_checkable
class TaggingTool(Protocol):
    """A tool that proposes tags (speaker turns, ad reads, chapters) for review."""

    def tag(self, segments: Sequence[SegmentSnapshot], ctx: ToolContext) -> Iterable[TagProposal]: ...


# ------------------------------------------------------------------------ text helper


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a segment's text and where it is."""

    text: str
    start: int
    end: int


WORD_PATTERN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
"""What :func:`words` calls a word: letters and digits, with apostrophes and hyphens
inside it ("don't", "co-host", "Nguyen's"; curly apostrophes too)."""


def words(text: str) -> Iterator[Token]:
    """The words of ``text`` with their offsets (letters and digits; inner ' and - kept)."""
    for match in WORD_PATTERN.finditer(text):
        yield Token(match.group(), match.start(), match.end())


# ------------------------------------------------------------------ matching helpers

# Letters Unicode does not decompose into a base letter plus an accent.
_SPECIAL_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i", "ħ": "h"}
)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# fmt: off
_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# fmt: on


def strip_accents(text: str) -> str:
    """``text`` without accents ("Seán Wiśniewski" -> "Sean Wisniewski"); case kept.

    ASR output is mostly ASCII, so matching a glossary's accented names needs this.
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_SPECIAL_LETTERS)


def fold(text: str) -> str:
    """Only the case-folded letters and digits of ``text``, accents stripped:
    "Py-Torch", "py torch" and "PyTorch" all fold to "pytorch"."""
    plain = strip_accents(text.casefold())
    return plain if plain.isalnum() and plain.isascii() else _NOT_ALNUM.sub("", plain)


def number_words(number: int) -> str:
    """``number`` in English words run together ("21" -> "twentyone"), for 0..999;
    larger numbers stay digits. Lets "Python three" meet "Python 3"."""
    if number < 20:
        return _UNITS[number]
    if number < 100:
        tens, unit = divmod(number, 10)
        return _TENS[tens] + (_UNITS[unit] if unit else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return _UNITS[hundreds] + "hundred" + (number_words(rest) if rest else "")
    return str(number)
