"""The speaker gutter: who speaks, when, and which tags cover the lines — for visible blocks only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from editor.formats.timecode import format_clock

if TYPE_CHECKING:
    from editor.ui.transcript_view import TranscriptView

GUTTER_WIDTH = 156
TAG_COLORS = {"ad": "#e11d48", "chapter": "#2563eb", "quote": "#059669", "cut": "#6b7280"}


class SpeakerGutter(QWidget):
    """At each speaker turn's first line its name in the speaker's colour and the start
    time; a thin bar in that colour beside the turn's other lines; a tag bar at the edge."""

    def __init__(self, view: TranscriptView) -> None:
        super().__init__(view)
        self._view = view

    def width_hint(self) -> int:
        return GUTTER_WIDTH

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(GUTTER_WIDTH, 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        view = self._view
        doc = view.session.doc
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().alternateBase())
        if not len(doc):
            return
        bold = QFont(view.font())
        bold.setBold(True)
        bold.setPointSizeF(view.font().pointSizeF() * 0.9)
        small = QFont(view.font())
        small.setPointSizeF(view.font().pointSizeF() * 0.8)
        line = view.fontMetrics().height()
        tagged = _tag_rows(doc)
        block = view.firstVisibleBlock()
        offset = view.contentOffset()
        top_edge, bottom_edge = event.rect().top(), event.rect().bottom()
        while block.isValid():
            geometry = view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom_edge:
                break
            # Blocks above the part to repaint (after a keystroke, one line) are skipped; a
            # turn's start time is drawn one line below its name, so one more is kept.
            if geometry.bottom() + line < top_edge:
                block = block.next()
                continue
            number = block.blockNumber()
            if block.isVisible() and number < len(doc):
                top, height = int(geometry.top()), int(geometry.height())
                segment = doc.segment_at(number)
                turn_start = number == 0 or doc.segment_at(number - 1).speaker_id != segment.speaker_id
                speaker = doc.speaker(segment.speaker_id)
                if speaker is not None:
                    color = QColor(speaker.color)
                    painter.fillRect(QRect(GUTTER_WIDTH - 10, top, 3, height), color)
                    if turn_start:
                        painter.setFont(bold)
                        painter.setPen(color)
                        rect = QRect(6, top, GUTTER_WIDTH - 22, line)
                        name = painter.fontMetrics().elidedText(speaker.name, Qt.TextElideMode.ElideRight, rect.width())
                        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
                if turn_start and segment.start is not None:
                    painter.setFont(small)
                    painter.setPen(self.palette().placeholderText().color())
                    rect = QRect(6, top + line, GUTTER_WIDTH - 22, line)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, format_clock(segment.start))
                for column, label in enumerate(tagged.get(number, ())):
                    painter.fillRect(QRect(2 + 4 * column, top, 3, height), QColor(TAG_COLORS.get(label, "#a16207")))
            block = block.next()


def _tag_rows(doc) -> dict[int, list[str]]:  # noqa: ANN001
    """Block number -> labels of the tags covering it (tags are few; recomputed per paint)."""
    rows: dict[int, list[str]] = {}
    for tag in doc.tags:
        first, last = doc.index_of(tag.first_segment_id), doc.index_of(tag.last_segment_id)
        for number in range(first, last + 1):
            rows.setdefault(number, []).append(tag.label)
    return rows
