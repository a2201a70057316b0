"""What every exporter shares: the options, the writer record, and small output helpers."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from editor.core.document import Document

Mode = Literal["verbatim", "clean"]
MODES: tuple[Mode, ...] = ("verbatim", "clean")
SpeakerPrefix = Literal["turns", "every", "none"]
SPEAKER_PREFIXES: tuple[SpeakerPrefix, ...] = ("turns", "every", "none")
SpeakerCase = Literal["as-is", "upper"]
SPEAKER_CASES: tuple[SpeakerCase, ...] = ("as-is", "upper")


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """How to export. The defaults are what a producer publishing an episode wants.

    ``mode``: "verbatim" keeps every segment as it is; "clean" leaves out segments tagged
    ``ad`` or ``cut``, removes fillers and, in reading formats, joins speaker turns into
    paragraphs.

    Fillers (clean mode): ``language_fillers`` removes the filler list of the document's
    language (``resources/fillers/<lang>.txt``: hesitations anywhere, confident discourse
    fillers where set off by punctuation); ``fillers`` lists more words or phrases.

    Paragraphs (clean text, Markdown, HTML, DOCX, JSON): a paragraph always breaks where
    the speaker changes, and also at a silence of ``pause_break`` seconds or more when
    times are known (0: off), and after ``paragraph_max_sentences`` sentences or once the
    next sentence would pass ``paragraph_max_words`` words.
    ``timestamps``: put an ``[HH:MM:SS]`` stamp before clean paragraphs whose time is known.
    ``wrap_width``: hard-wrap clean text and Markdown at this column (0: no wrapping).

    Subtitles (SRT): ``speaker_prefix`` puts ``Name: `` before the first cue of each
    speaker turn ("turns"), before every cue ("every") or nowhere ("none");
    ``speaker_case`` "upper" writes the name in capitals (``ANNA: ``). WebVTT always
    names the speaker with a ``<v Name>`` voice span, which players do not print.

    Show notes: ``sponsors`` lists the ad reads' sponsors (tag titles and notes).
    ``title``: the document title; empty means the project's own title.
    """

    mode: Mode = "verbatim"
    fillers: tuple[str, ...] = ()
    language_fillers: bool = True
    paragraph_max_sentences: int = 6
    paragraph_max_words: int = 180
    wrap_width: int = 0
    timestamps: bool = False
    pause_break: float = 0
    speaker_prefix: SpeakerPrefix = "turns"
    speaker_case: SpeakerCase = "as-is"
    sponsors: bool = True
    title: str = ""

    def __post_init__(self) -> None:
        # Options come from the CLI and preferences: refuse nonsense here, once, with a
        # message that names the option, rather than failing somewhere inside a writer.
        if self.mode not in MODES:
            raise ValueError(f"mode must be 'verbatim' or 'clean', not {self.mode!r}")
        if self.paragraph_max_sentences < 1 or self.paragraph_max_words < 1:
            raise ValueError("paragraph_max_sentences and paragraph_max_words must be at least 1")
        if self.wrap_width < 0 or self.pause_break < 0:
            raise ValueError("wrap_width and pause_break cannot be negative")
        if not math.isfinite(self.pause_break):
            raise ValueError("pause_break must be a number of seconds")
        if isinstance(self.fillers, str):
            raise TypeError("fillers must be a tuple of words, not one string")
        if self.speaker_prefix not in SPEAKER_PREFIXES:
            raise ValueError(
                f"speaker_prefix must be one of {', '.join(SPEAKER_PREFIXES)}, not {self.speaker_prefix!r}"
            )
        if self.speaker_case not in SPEAKER_CASES:
            raise ValueError(
                f"speaker_case must be one of {', '.join(SPEAKER_CASES)}, not {self.speaker_case!r}"
            )


# The options a writer can read, by name (see ``Writer.options``).
CLEAN_TEXT_OPTIONS = frozenset({"fillers", "timestamps", "pause_break", "paragraphs"})


@dataclass(frozen=True, slots=True)
class Writer:
    """One export format: ``write(doc, options)`` returns the file's bytes.

    ``name`` is the registry key ("text"), ``label`` what the UI shows, ``extension`` the
    file suffix with its dot, ``binary`` whether the bytes are not text, ``modes`` which
    export modes the format supports. ``options`` names the :class:`ExportOptions` the
    writer reads besides ``mode`` and ``title`` ("fillers", "timestamps", "wrap_width",
    "pause_break", "paragraphs", "speaker_prefix", "sponsors"), so a UI can offer just
    those. ``reads_text`` is false for formats built from tags and speakers alone
    (chapters, show notes): a preview of them can cover the whole document cheaply.
    ``description`` is one line for menus and help.
    """

    name: str
    label: str
    extension: str
    binary: bool
    write: Callable[[Document, ExportOptions], bytes]
    modes: tuple[str, ...] = MODES
    options: frozenset[str] = frozenset()
    reads_text: bool = True
    description: str = ""


def document_title(doc: Document, options: ExportOptions) -> str:
    """The title to print: the one asked for, else the project's, else empty."""
    return (options.title or doc.metadata.title).strip()


def text_bytes(lines: Iterable[str]) -> bytes:
    """UTF-8 bytes of ``lines`` joined with "\\n", ending in exactly one newline."""
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def one_line(text: str) -> str:
    """``text`` with any line break turned into a space.

    A segment holds no newline by contract; this keeps one stray break from splitting a
    line, a cue or a Markdown block in two.
    """
    return _LINE_BREAKS.sub(" ", text)


def hms_stamp(seconds: float | None) -> str:
    """``[HH:MM:SS]`` for a verbatim line or a clean paragraph; empty when the time is unknown."""
    if seconds is None:
        return ""
    total = int(max(0.0, seconds))
    hours, rest = divmod(total, 3600)
    return f"[{hours:02d}:{rest // 60:02d}:{rest % 60:02d}]"
