"""HTML (.html): a complete, standalone UTF-8 HTML5 page with a little inline CSS.

Every piece of transcript text, speaker name, title and language goes through
``html.escape``: a transcript can hold anything, and the page must never run it.
Verbatim: one ``<p>`` per segment (the first of each turn gets class ``turn`` and the
speaker's name). Clean: one ``<p>`` per clean paragraph.
"""

from __future__ import annotations

from html import escape as html_escape
from typing import TYPE_CHECKING

from editor.formats.clean import paragraphs, verbatim_lines, with_speaker_labels
from editor.formats.writers.base import (
    CLEAN_TEXT_OPTIONS,
    ExportOptions,
    Writer,
    document_title,
    hms_stamp,
    one_line,
    text_bytes,
)

if TYPE_CHECKING:
    from editor.core.document import Document


def escape(text: str) -> str:
    """``html.escape`` for element text; quotes only matter inside attributes.

    Attribute values (``lang``) use ``html.escape`` with ``quote=True``.
    """
    return html_escape(text, quote=False)


# Readable typography with no external resources: a measure of ~70 characters, generous
# leading, muted time stamps, extra space where a new speaker turn starts.
_CSS = """\
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.6; color: #222;
       background: #fff; max-width: 42em; margin: 2em auto; padding: 0 1em; }
h1 { font-family: system-ui, sans-serif; font-size: 1.6em; line-height: 1.25; }
p { margin: 0 0 0.6em; }
p.turn { margin-top: 1.2em; }
.speaker { font-family: system-ui, sans-serif; }
.time { color: #767676; font-family: ui-monospace, monospace; font-size: 0.85em; }
@media (prefers-color-scheme: dark) { body { color: #ddd; background: #1e1e1e; }
                                      .time { color: #9a9a9a; } }"""


def _p(stamp: str, name: str | None, text: str, css_class: str = "") -> str:
    """One ``<p>``: optional time stamp, bold speaker name, escaped text."""
    parts = []
    if stamp:
        parts.append(f'<span class="time">{escape(stamp)}</span>')
    if name:
        parts.append(f'<strong class="speaker">{escape(name)}:</strong>')
    parts.append(escape(one_line(text).strip()))
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<p{attribute}>{' '.join(parts)}</p>"


def _verbatim(doc: Document) -> list[str]:
    """One paragraph per non-blank segment, the speaker's name where a turn starts."""
    return [
        _p(hms_stamp(segment.start), name, segment.text, "turn" if name else "")
        for segment, name in verbatim_lines(doc, skip_empty=True)
    ]


def _clean(doc: Document, options: ExportOptions) -> list[str]:
    """One paragraph per clean paragraph, the speaker's name where it changes."""
    return [
        _p(
            hms_stamp(paragraph.start) if options.timestamps else "",
            label,
            paragraph.text,
            "turn" if label else "",
        )
        for paragraph, label in with_speaker_labels(paragraphs(doc, options))
    ]


def write(doc: Document, options: ExportOptions) -> bytes:
    """The HTML page, UTF-8 with "\\n" line ends."""
    title = document_title(doc, options)
    body = _clean(doc, options) if options.mode == "clean" else _verbatim(doc)
    language = doc.metadata.language.strip() or "und"  # "und": BCP 47 for undetermined
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{html_escape(language, quote=True)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(one_line(title) or 'Transcript')}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        *([f"<h1>{escape(one_line(title))}</h1>"] if title else []),
        *body,
        "</main>",
        "</body>",
        "</html>",
    ]
    return text_bytes(lines)


WRITER = Writer(
    name="html",
    label="HTML page",
    extension=".html",
    binary=False,
    write=write,
    options=CLEAN_TEXT_OPTIONS,
    description="a standalone web page",
)
