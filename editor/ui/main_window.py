"""The main window: for now a read-only transcript view with a speaker gutter.

The full editor (editing through the Document, review, speakers and tags panels) is built
on this in a later step; this window already follows its rules: one QPlainTextEdit, one
block per segment, and painting that only looks at the visible blocks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QKeySequence, QPainter, QTextOption
from PySide6.QtWidgets import QMainWindow, QPlainTextEdit, QWidget

from editor.core.document import Document

GUTTER_WIDTH = 150


class SpeakerGutter(QWidget):
    """Paints each speaker turn's name at the left of its first line, and a thin bar in
    that speaker's colour beside the turn's other lines. Only visible blocks are painted."""

    def __init__(self, view: TranscriptView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(GUTTER_WIDTH, 0)

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt naming and signature
        doc = self._view.document_model
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().alternateBase())
        if doc is None:
            return
        block = self._view.firstVisibleBlock()
        offset = self._view.contentOffset()
        bold = QFont(self.font())
        bold.setBold(True)
        metrics_height = self.fontMetrics().height()
        while block.isValid():
            geometry = self._view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > event.rect().bottom():
                break
            number = block.blockNumber()
            if block.isVisible() and number < len(doc):
                segment = doc.segment_at(number)
                speaker = doc.speaker(segment.speaker_id)
                if speaker is not None:
                    color = QColor(speaker.color)
                    previous = doc.segment_at(number - 1).speaker_id if number else None
                    painter.fillRect(QRect(GUTTER_WIDTH - 8, int(geometry.top()), 3, int(geometry.height())), color)
                    if previous != segment.speaker_id:
                        painter.setFont(bold)
                        painter.setPen(color)
                        rect = QRect(8, int(geometry.top()), GUTTER_WIDTH - 22, metrics_height + 4)
                        text = self.fontMetrics().elidedText(speaker.name, Qt.TextElideMode.ElideRight, rect.width())
                        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, text)
                if segment.start is not None and (number == 0 or doc.segment_at(number - 1).speaker_id != segment.speaker_id):
                    painter.setFont(self.font())
                    painter.setPen(self.palette().placeholderText().color())
                    stamp = _clock(segment.start)
                    rect = QRect(8, int(geometry.top()) + metrics_height + 2, GUTTER_WIDTH - 22, metrics_height + 2)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, stamp)
            block = block.next()


def _clock(seconds: float) -> str:
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class TranscriptView(QPlainTextEdit):
    """One block per segment, word-wrapped, with the speaker gutter at its left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document_model: Document | None = None
        self.setReadOnly(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.15)
        self.setFont(font)
        self.document().setDocumentMargin(12)
        self.gutter = SpeakerGutter(self)
        self.setViewportMargins(GUTTER_WIDTH, 0, 0, 0)
        self.updateRequest.connect(self._update_gutter)

    def set_document_model(self, doc: Document) -> None:
        """Show a document's segments, one block each."""
        self.document_model = doc
        self.setPlainText(doc.text)
        self.gutter.update()

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt naming and signature
        super().resizeEvent(event)
        contents = self.contentsRect()
        self.gutter.setGeometry(QRect(contents.left(), contents.top(), GUTTER_WIDTH, contents.height()))


class MainWindow(QMainWindow):
    """Galley's main window."""

    def __init__(self) -> None:
        super().__init__()
        self.view = TranscriptView(self)
        self.setCentralWidget(self.view)
        self.setWindowTitle("Galley")
        file_menu = self.menuBar().addMenu("&File")
        quit_action = file_menu.addAction("&Quit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.statusBar().showMessage("No transcript open")

    def show_document(self, doc: Document, path: Path | None) -> None:
        """Display ``doc`` (read from ``path``)."""
        self.view.set_document_model(doc)
        title = doc.metadata.title or (path.name if path else "Untitled")
        self.setWindowTitle(f"{title} — Galley")
        words = sum(len(s.text.split()) for s in doc.segments)
        self.statusBar().showMessage(f"{len(doc)} segments · {len(doc.speakers)} speakers · {words:,} words")
