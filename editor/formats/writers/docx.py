"""Word (.docx) via python-docx: title heading, bold speaker names, one paragraph per block.

Verbatim: one paragraph per segment (time stamp when known, bold name where a turn starts).
Clean: one paragraph per clean paragraph (bold name where the speaker changes).
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from editor.formats.clean import paragraphs, verbatim_lines, with_speaker_labels
from editor.formats.writers.base import (
    CLEAN_TEXT_OPTIONS,
    ExportOptions,
    Writer,
    document_title,
    hms_stamp,
    one_line,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from editor.core.document import Document

# XML 1.0 forbids most control characters; python-docx raises on them, so one stray
# character from an ASR engine would make the whole export fail.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TIME_COLOR = (0x76, 0x76, 0x76)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold."""
    return _NOT_XML.sub("", text)


def _add_paragraph(docx: DocxDocument, stamp: str, name: str | None, text: str) -> None:
    """Append one paragraph: grey time stamp, bold ``Name:``, then the text."""
    from docx.shared import RGBColor

    paragraph = docx.add_paragraph()
    if stamp:
        paragraph.add_run(stamp + " ").font.color.rgb = RGBColor(*_TIME_COLOR)
    if name:
        paragraph.add_run(xml_safe(name) + ":").bold = True
        paragraph.add_run(" ")
    paragraph.add_run(xml_safe(one_line(text).strip()))


def write(doc: Document, options: ExportOptions) -> bytes:
    """The .docx file's bytes."""
    import docx  # python-docx is only needed when someone exports Word

    out = docx.Document()
    title = xml_safe(one_line(document_title(doc, options)))
    out.core_properties.title = title
    out.core_properties.language = xml_safe(doc.metadata.language)
    if title:
        out.add_heading(title, level=1)
    if options.mode == "clean":
        for paragraph, label in with_speaker_labels(paragraphs(doc, options)):
            stamp = hms_stamp(paragraph.start) if options.timestamps else ""
            _add_paragraph(out, stamp, label, paragraph.text)
    else:
        for segment, name in verbatim_lines(doc, skip_empty=True):
            _add_paragraph(out, hms_stamp(segment.start), name, segment.text)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


WRITER = Writer(
    name="docx",
    label="Word document",
    extension=".docx",
    binary=True,
    write=write,
    options=CLEAN_TEXT_OPTIONS,
    description="Word document with bold speaker names",
)
