"""What every exporter shares: the options, the writer record, and small output helpers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from editor.formats.timecode import format_clock

if TYPE_CHECKING:
    from editor.core.document import Document

Mode = Literal["verbatim", "clean"]
MODES: tuple[Mode, ...] = ("verbatim", "clean")


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """How to export.

    ``mode``: "verbatim" keeps every segment as it is; "clean" leaves out ads, removes
    ``fillers`` and joins speaker turns into paragraphs of at most
    ``paragraph_max_sentences`` sentences / ``paragraph_max_words`` words.
    ``wrap_width``: hard-wrap clean text and Markdown at this column (0: no wrapping).
    ``timestamps``: put a ``[MM:SS]`` stamp before clean paragraphs whose time is known.
    ``pause_break``: in clean mode, a silence this long (seconds) starts a new paragraph.
    ``title``: the document title; empty means the project's own title.
    """

    mode: Mode = "verbatim"
    fillers: tuple[str, ...] = ()
    paragraph_max_sentences: int = 6
    paragraph_max_words: int = 180
    wrap_width: int = 0
    timestamps: bool = False
    pause_break: float = 0
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
        if isinstance(self.fillers, str):
            raise TypeError("fillers must be a tuple of words, not one string")


@dataclass(frozen=True, slots=True)
class Writer:
    """One export format: ``write(doc, options)`` returns the file's bytes.

    ``name`` is the registry key ("text"), ``label`` what the UI shows, ``extension`` the
    file suffix with its dot, ``binary`` whether the bytes are not text, ``modes`` which
    export modes the format supports.
    """

    name: str
    label: str
    extension: str
    binary: bool
    write: Callable[[Document, ExportOptions], bytes]
    modes: tuple[str, ...] = MODES


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


def clock_stamp(seconds: float | None) -> str:
    """``[MM:SS]`` (or ``[H:MM:SS]``) for a clean paragraph stamp; empty when unknown."""
    return f"[{format_clock(seconds)}]" if seconds is not None else ""


def hms_stamp(seconds: float | None) -> str:
    """``[HH:MM:SS]`` for a verbatim line; empty when the time is unknown."""
    if seconds is None:
        return ""
    total = int(max(0.0, seconds))
    hours, rest = divmod(total, 3600)
    return f"[{hours:02d}:{rest // 60:02d}:{rest % 60:02d}]"
