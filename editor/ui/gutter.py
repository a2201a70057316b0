"""The speaker gutter: who speaks, when, and which tags cover the lines — for visible blocks only."""

from __future__ import annotations

from functools import lru_cache
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
        self._font_cache: tuple[QFont, QFont, QFont] | None = None  # the editor's font, bold, small
        self._elided_names: dict[str, str] = {}  # speaker names as they fit, in the bold font

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
        bold, small = self._fonts()
        line = view.fontMetrics().height()
        name_width = GUTTER_WIDTH - 22
        time_color = self.palette().placeholderText().color()
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
                    color = _color(speaker.color)
                    painter.fillRect(GUTTER_WIDTH - 10, top, 3, height, color)
                    if turn_start:
                        painter.setFont(bold)
                        painter.setPen(color)
                        name = self._elided(speaker.name, painter, name_width)
                        painter.drawText(QRect(6, top, name_width, line), _RIGHT_CENTRE, name)
                if turn_start and segment.start is not None:
                    painter.setFont(small)
                    painter.setPen(time_color)
                    painter.drawText(QRect(6, top + line, name_width, line), _RIGHT_TOP, format_clock(segment.start))
                for column, label in enumerate(tagged.get(number, ())):
                    painter.fillRect(2 + 4 * column, top, 3, height, _color(TAG_COLORS.get(label, "#a16207")))
            block = block.next()

    def _fonts(self) -> tuple[QFont, QFont]:
        """The speaker-name and time fonts for the editor's font (made once per font)."""
        base = self._view.font()
        if self._font_cache is None or self._font_cache[0] != base:
            bold = QFont(base)
            bold.setBold(True)
            bold.setPointSizeF(base.pointSizeF() * 0.9)
            small = QFont(base)
            small.setPointSizeF(base.pointSizeF() * 0.8)
            self._font_cache = (QFont(base), bold, small)
            self._elided_names.clear()
        return self._font_cache[1], self._font_cache[2]

    def _elided(self, name: str, painter: QPainter, width: int) -> str:
        elided = self._elided_names.get(name)
        if elided is None:
            elided = self._elided_names[name] = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, width)
        return elided


_RIGHT_CENTRE = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_RIGHT_TOP = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop


@lru_cache(maxsize=256)
def _color(name: str) -> QColor:
    """A colour by name, made once (the gutter paints the same few on every line)."""
    return QColor(name)


def _tag_rows(doc) -> dict[int, list[str]]:  # noqa: ANN001
    """Block number -> labels of the tags covering it (tags are few; recomputed per paint)."""
    rows: dict[int, list[str]] = {}
    for tag in doc.tags:
        first, last = doc.index_of(tag.first_segment_id), doc.index_of(tag.last_segment_id)
        for number in range(first, last + 1):
            rows.setdefault(number, []).append(tag.label)
    return rows
