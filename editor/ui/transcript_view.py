"""The transcript editor: one QPlainTextEdit block per segment, edited through the Document.

Two directions keep the widget and the Document equal:

* the producer types: the widget edits its own text, and ``contentsChange`` is turned into
  ``Document.replace_range`` (keystrokes merge into one undo step per word);
* anything else changes the Document (undo, redo, accept-all, speaker rename ...): the
  command's operations are replayed on the widget's blocks, in order.

The widget's own undo stack is off: there is one history, the Document's.

Findings are painted, never computed, here: the visible blocks (and a margin) get their
wavy underlines as extra selections from the session's findings index, rebuilt only when
the visible range or the document changes. Extra selections are drawn over the text
without touching the QTextDocument, so nothing is re-laid out and no "contents change"
is reported — unlike ``QTextLayout.setFormats`` or a QSyntaxHighlighter.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontDatabase,
    QKeyEvent,
    QKeySequence,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from editor.core import review
from editor.core.anchors import common_affixes
from editor.core.document import Change
from editor.core.model import Annotation, Position, Segment
from editor.core.ops import InsertSegment, RemoveSegment, SetSegment
from editor.ui.gutter import SpeakerGutter
from editor.ui.session import Session
from editor.ui.style import kind_color

SEARCH_BACKGROUND = "#fde68a"
LABEL_COLOR = "#1d4ed8"
DECORATION_MARGIN = 20  # blocks above and below the screen decorated ahead of scrolling


class TranscriptView(QPlainTextEdit):
    """The editable transcript with its speaker gutter and painted findings."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._mirroring = False  # replaying Document changes on the widget
        self._own_edit = False  # the Document change being made came from this widget
        self._typing = False  # the current edit is a keystroke (merges into one undo step)
        self._search: dict[str, list[tuple[int, int]]] = {}
        self._decoration_key: tuple[object, ...] | None = None
        self._decorations: list[QTextEdit.ExtraSelection] = []
        self._by_segment: dict[str, list[QTextEdit.ExtraSelection]] = {}  # the decorations on screen
        self.setUndoRedoEnabled(False)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setCenterOnScroll(False)
        self.set_editor_font(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont), 135)
        self.document().setDocumentMargin(10)
        self.gutter = SpeakerGutter(self)
        self.setViewportMargins(self.gutter.width_hint(), 0, 0, 0)
        self.updateRequest.connect(self._update_gutter)
        self.updateRequest.connect(self._refresh_decorations)
        self.document().contentsChange.connect(self._on_contents_change)
        self.cursorPositionChanged.connect(self._selection_moved)
        self.selectionChanged.connect(self._selection_moved)
        session.changed.connect(self._on_document_change)
        session.documentReplaced.connect(self.load_document)
        session.navigateRequested.connect(self.select_range)
        self._selection_timer = QTimer(self, singleShot=True, interval=30, timeout=self._publish_selection)

    # ------------------------------------------------------------ appearance

    def set_editor_font(self, font: QFont, line_spacing_percent: float) -> None:
        """A comfortable reading font and line spacing (applies to the whole text)."""
        if font.pointSizeF() < 11:
            font.setPointSizeF(12)
        self.setFont(font)
        option = self.document().defaultTextOption()
        self.document().setDefaultTextOption(option)
        self._line_spacing = line_spacing_percent
        self._apply_line_spacing()

    def set_theme(self, palette: dict) -> None:
        """Colour the editor and its gutter from a theme palette (see ui.settings)."""
        colors = self.palette()
        colors.setColor(colors.ColorRole.Base, QColor(palette["background"]))
        colors.setColor(colors.ColorRole.Text, QColor(palette["foreground"]))
        colors.setColor(colors.ColorRole.Highlight, QColor(palette["selection"]))
        colors.setColor(colors.ColorRole.HighlightedText, QColor(palette["foreground"]))
        self.setPalette(colors)
        gutter = self.gutter.palette()
        gutter.setColor(gutter.ColorRole.AlternateBase, QColor(palette["gutter_background"]))
        gutter.setColor(gutter.ColorRole.PlaceholderText, QColor(palette["comment"]))
        self.gutter.setPalette(gutter)
        self.gutter.update()

    def _block_format(self) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setLineHeight(self._line_spacing, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        return fmt

    def _apply_line_spacing(self) -> None:
        # Line height is a block format: a change of preference is one pass over the blocks.
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        self._mirroring = True
        try:
            cursor.mergeBlockFormat(self._block_format())
        finally:
            self._mirroring = False

    # ------------------------------------------------------------- loading

    def load_document(self) -> None:
        """Show the session's document from scratch (open, new, recover)."""
        self._mirroring = True
        try:
            self.document().clear()
            # Inserted blocks inherit the cursor's block format: the line spacing is set in
            # the same pass as the text instead of a second pass over every block.
            cursor = QTextCursor(self.document())
            cursor.beginEditBlock()  # one layout pass for the whole text, not one per line
            cursor.setBlockFormat(self._block_format())
            cursor.insertText(self.session.doc.text)
            cursor.endEditBlock()
        finally:
            self._mirroring = False
        self._search = {}
        self._refresh_decorations(force=True)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.gutter.update()

    # ------------------------------------------------- widget -> Document

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.matches(QKeySequence.StandardKey.Undo):
            self.session.doc.undo()
            return
        if event.matches(QKeySequence.StandardKey.Redo):
            self.session.doc.redo()
            return
        # A printable character, Backspace or Delete is typing: it merges into one undo
        # step per word. Enter, paste and everything else are steps of their own.
        text = event.text()
        self._typing = (bool(text) and text.isprintable()) or event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)
        try:
            super().keyPressEvent(event)
        finally:
            self._typing = False

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._mirroring:
            return
        doc = self.session.doc
        if len(doc) == 0:
            return
        block = self.document().findBlock(position)
        index = min(block.blockNumber(), len(doc) - 1)
        offset = position - block.position()
        end_index, end_offset = self._advance(index, offset, removed)
        new_text = self._widget_text(position, added)
        old_text = self._document_text(index, offset, end_index, end_offset)
        if old_text == new_text:
            return  # a format-only change (or Qt reporting more than it changed)
        prefix, suffix = common_affixes(old_text, new_text)
        start_index, start_offset = self._advance(index, offset, prefix)
        stop_index, stop_offset = self._advance(index, offset, len(old_text) - suffix)
        replacement = new_text[prefix : len(new_text) - suffix]
        self._own_edit = True
        try:
            doc.replace_range(
                Position(doc.segment_at(start_index).id, start_offset),
                Position(doc.segment_at(stop_index).id, stop_offset),
                replacement,
                typing=self._typing and "\n" not in replacement,
            )
        finally:
            self._own_edit = False

    def _advance(self, index: int, offset: int, count: int) -> tuple[int, int]:
        """The document position ``count`` characters after (index, offset)."""
        doc = self.session.doc
        while count > 0:
            length = len(doc.segment_at(index).text)
            if count <= length - offset:
                return index, offset + count
            if index + 1 >= len(doc):
                return index, length  # Qt counts the final paragraph separator too
            count -= length - offset + 1
            index, offset = index + 1, 0
        return index, offset

    def _document_text(self, index: int, offset: int, end_index: int, end_offset: int) -> str:
        doc = self.session.doc
        if index == end_index:
            return doc.segment_at(index).text[offset:end_offset]
        parts = [doc.segment_at(index).text[offset:]]
        parts += [doc.segment_at(i).text for i in range(index + 1, end_index)]
        parts.append(doc.segment_at(end_index).text[:end_offset])
        return "\n".join(parts)

    def _widget_text(self, position: int, count: int) -> str:
        if count == 0:
            return ""
        cursor = QTextCursor(self.document())
        end = min(position + count, self.document().characterCount() - 1)
        cursor.setPosition(position)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selection().toPlainText()

    # ------------------------------------------------- Document -> widget

    def _on_document_change(self, change: Change) -> None:
        if change.reason == "findings" or self._own_edit or not change.ops:
            self._invalidate(change)
            return
        caret = None
        self._mirroring = True
        try:
            cursor = QTextCursor(self.document())
            cursor.beginEditBlock()
            for op in change.ops:
                if isinstance(op, SetSegment) and op.old.text != op.new.text:
                    caret = self._replace_block_text(cursor, op.index, op.old.text, op.new.text)
                elif isinstance(op, InsertSegment):
                    caret = self._insert_block(cursor, op.index, op.segment.text)
                elif isinstance(op, RemoveSegment):
                    caret = self._remove_block(cursor, op.index)
            cursor.endEditBlock()
        finally:
            self._mirroring = False
        self._invalidate(change)
        if caret is not None and change.reason in ("undo", "redo"):
            moved = self.textCursor()
            moved.setPosition(min(caret, self.document().characterCount() - 1))
            self.setTextCursor(moved)
            self.ensureCursorVisible()

    def _replace_block_text(self, cursor: QTextCursor, index: int, old: str, new: str) -> int:
        block = self.document().findBlockByNumber(index)
        prefix, suffix = common_affixes(old, new)
        cursor.setPosition(block.position() + prefix)
        cursor.setPosition(block.position() + len(old) - suffix, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(new[prefix : len(new) - suffix])
        return cursor.position()

    def _insert_block(self, cursor: QTextCursor, index: int, text: str) -> int:
        if index < self.document().blockCount():
            cursor.setPosition(self.document().findBlockByNumber(index).position())
            cursor.insertText(text + "\n")
            return cursor.position() - 1
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText("\n" + text)
        return cursor.position()

    def _remove_block(self, cursor: QTextCursor, index: int) -> int:
        block = self.document().findBlockByNumber(index)
        if block.next().isValid():
            cursor.setPosition(block.position())
            cursor.setPosition(block.next().position(), QTextCursor.MoveMode.KeepAnchor)
        else:  # the last block: take the line break before it
            previous = block.previous()
            start = previous.position() + previous.length() - 1 if previous.isValid() else block.position()
            cursor.setPosition(start)
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        return cursor.position()

    def _invalidate(self, change: Change) -> None:
        # Decisions, the dictionary, speaker names or an unnamed change can alter what any
        # line shows; otherwise only the lines the change names need new decorations (the
        # others keep theirs: their cursors follow the edit).
        whole = change.annotations or change.document or change.speakers or not change.segment_ids
        self._refresh_decorations(force=True, changed=None if whole else change.segment_ids)
        # The gutter shows speakers, times and tags; after the producer's own typing (and
        # for findings) Qt asks for the lines whose layout changed, nothing more is needed.
        if change.reason != "findings" and not self._own_edit:
            self.gutter.update()

    # ----------------------------------------------------------- painting

    def set_search_matches(self, matches: Sequence[object]) -> None:
        """Highlight every find/replace match (objects with segment_id, start, end)."""
        found: dict[str, list[tuple[int, int]]] = {}
        for match in matches:
            found.setdefault(match.segment_id, []).append((match.start, match.end))  # type: ignore[attr-defined]
        self._search = found
        self._refresh_decorations(force=True)

    def _refresh_decorations(self, *_args: object, force: bool = False, changed: frozenset[str] | None = None) -> None:
        """Underline the findings (and mark search matches) of the blocks on screen.

        With ``force``, decorations are made again: for the segments in ``changed`` only,
        or for all when it is ``None``; the rest are kept from the last time (a keystroke
        changes one line's decorations, not the fifty on screen).
        """
        doc = self.session.doc
        if not len(doc) or self._mirroring:
            return  # (while the widget copies the document, Qt asks many times: done after)
        first = max(0, self.firstVisibleBlock().blockNumber() - DECORATION_MARGIN)
        last = min(len(doc), self.document().blockCount(), first + self._visible_rows() + 2 * DECORATION_MARGIN)
        key = (first, last, doc.revision, id(self._search))
        if key == self._decoration_key and not force:
            return
        self._decoration_key = key
        kept = {} if force and changed is None else self._by_segment
        speaker_names: set[str] | None = None
        by_segment: dict[str, list[QTextEdit.ExtraSelection]] = {}
        selections: list[QTextEdit.ExtraSelection] = []
        block = self.document().findBlockByNumber(first)
        for number in range(first, last):
            segment = doc.segment_at(number)
            mine = None if changed is not None and segment.id in changed else kept.get(segment.id)
            if mine is None:
                if speaker_names is None:
                    speaker_names = {s.name for s in doc.speakers}
                mine = self._segment_selections(segment, block.position(), speaker_names)
            by_segment[segment.id] = mine
            selections += mine
            block = block.next()
        self._by_segment = by_segment
        self._decorations = selections
        self.setExtraSelections(selections)

    def _segment_selections(self, segment: Segment, position: int, speaker_names: set[str]) -> list[QTextEdit.ExtraSelection]:
        """The decorations of one segment whose block starts at ``position``."""
        selections = []
        label = _inline_label(segment.text, speaker_names)
        if label:
            selections.append(self._selection(position, 0, label, _label_format()))
        for start, end in self._search.get(segment.id, ()):
            selections.append(self._selection(position, start, end, _search_format()))
        for finding in self.session.findings_in(segment.id):
            selections.append(self._selection(position, finding.start, finding.end, _finding_format(finding.kind)))
        return selections

    def _visible_rows(self) -> int:
        line = max(1, self.fontMetrics().height())
        return self.viewport().height() // line + 1

    def _selection(self, block_position: int, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(block_position + start)
        cursor.setPosition(block_position + end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def decorations_of_block(self, number: int) -> list[tuple[int, int, QTextCharFormat]]:
        """(start, end, format) of what is drawn on a block (what the user sees marked)."""
        block = self.document().findBlockByNumber(number)
        found = []
        for selection in self._decorations:
            start, end = selection.cursor.selectionStart(), selection.cursor.selectionEnd()
            if block.position() <= start < block.position() + block.length():
                found.append((start - block.position(), end - block.position(), selection.format))
        return found

    # ------------------------------------------------------ finding lookup

    def finding_at(self, block_number: int, offset: int) -> Annotation | None:
        """The visible finding covering ``offset`` in a block, if any."""
        doc = self.session.doc
        if block_number >= len(doc):
            return None
        findings = self.session.findings_in(doc.segment_at(block_number).id)
        return next((f for f in findings if f.start <= offset < f.end or (offset == f.end and f.start < offset)), None)

    def _finding_at_point(self, point: QPoint) -> Annotation | None:
        cursor = self.cursorForPosition(point)
        block = cursor.block()
        return self.finding_at(block.blockNumber(), cursor.position() - block.position())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            finding = self._finding_at_point(self.viewport().mapFromGlobal(event.globalPos()))  # type: ignore[attr-defined]
            if finding is not None:
                fixes = ", ".join(finding.replacements[:5]) if finding.replacements else "delete"
                QToolTip.showText(event.globalPos(), f"<b>{finding.message}</b><br>Suggested: {fixes}", self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt naming
        menu = QMenu(self)
        finding = self._finding_at_point(event.pos())
        if finding is not None:
            self._finding_menu(menu, finding)
            menu.addSeparator()
        for label, standard, slot, enabled in (
            ("Cu&t", QKeySequence.StandardKey.Cut, self.cut, self.textCursor().hasSelection()),
            ("&Copy", QKeySequence.StandardKey.Copy, self.copy, self.textCursor().hasSelection()),
            ("&Paste", QKeySequence.StandardKey.Paste, self.paste, self.canPaste()),
            ("Select &All", QKeySequence.StandardKey.SelectAll, self.selectAll, True),
        ):
            action = menu.addAction(label, slot)
            action.setShortcut(QKeySequence(standard))
            action.setEnabled(enabled)
        menu.exec(event.globalPos())

    def _finding_menu(self, menu: QMenu, finding: Annotation) -> None:
        doc = self.session.doc
        title = menu.addAction(finding.message)
        title.setEnabled(False)
        for replacement in finding.replacements[:6] or ("",):
            label = f"Replace with “{replacement}”" if replacement else "Delete"
            action = menu.addAction(label)
            action.triggered.connect(lambda _=False, r=replacement, f=finding.id: review.accept(doc, f, r))
            bold = action.font()
            bold.setBold(replacement == (finding.replacements[:1] or ("",))[0])
            action.setFont(bold)
        group = next(
            (g for g in self.session.groups() if finding.id in g.finding_ids),
            None,
        )
        if group is not None and group.count > 1:
            menu.addAction(f"Accept All {group.count}", lambda: review.accept_group(doc, group))
        menu.addSeparator()
        menu.addAction("Ignore", lambda: review.reject(doc, finding.id))
        menu.addAction("Ignore Everywhere", lambda: review.ignore_everywhere(doc, finding.text))
        menu.addAction("Add to Dictionary", lambda: self.session.add_to_dictionary(finding.text))
        menu.addAction("Add to Glossary", lambda: review.add_to_glossary(doc, finding.text))

    # ---------------------------------------------------------- navigation

    def select_range(self, segment_id: str, start: int, end: int) -> None:
        """Show and select ``text[start:end]`` of a segment (from panels and find)."""
        doc = self.session.doc
        if not doc.has_segment(segment_id):
            return
        block = self.document().findBlockByNumber(doc.index_of(segment_id))
        cursor = self.textCursor()
        cursor.setPosition(block.position() + start)
        cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()

    def goto_finding(self, step: int) -> bool:
        """Select the next (``step`` 1) or previous (-1) visible finding from the caret."""
        findings = self.session.visible_findings()
        if not findings:
            return False
        doc = self.session.doc
        cursor = self.textCursor()
        here = (cursor.blockNumber(), cursor.selectionStart() - cursor.block().position())
        keys = [(doc.index_of(f.segment_id), f.start) for f in findings]
        if step > 0:
            position = bisect.bisect_right(keys, here)
            chosen = findings[position % len(findings)]
        else:
            position = bisect.bisect_left(keys, here) - 1
            chosen = findings[position % len(findings)]
        self.select_range(chosen.segment_id, chosen.start, chosen.end)
        return True

    def _selection_moved(self) -> None:
        self._selection_timer.start()

    def _publish_selection(self) -> None:
        doc = self.session.doc
        if not len(doc):
            self.session.set_selection([])
            return
        cursor = self.textCursor()
        first = self.document().findBlock(cursor.selectionStart()).blockNumber()
        last = self.document().findBlock(cursor.selectionEnd()).blockNumber()
        last = min(last, len(doc) - 1)
        self.session.set_selection(doc.segment_at(i).id for i in range(min(first, last), last + 1))

    # -------------------------------------------------------------- gutter

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt naming and signature
        super().resizeEvent(event)
        contents = self.contentsRect()
        self.gutter.setGeometry(QRect(contents.left(), contents.top(), self.gutter.width_hint(), contents.height()))

    def visible_block_numbers(self) -> range:
        """The block numbers on screen (for tests and the gutter)."""
        first = self.firstVisibleBlock()
        block: QTextBlock = first
        offset = self.contentOffset()
        last = first.blockNumber()
        while block.isValid() and self.blockBoundingGeometry(block).translated(offset).top() <= self.viewport().height():
            last = block.blockNumber()
            block = block.next()
        return range(first.blockNumber(), last + 1)



def _inline_label(text: str, speaker_names: set[str]) -> int:
    """Length of a ``Name:`` label at the start of the text naming a known speaker, or 0."""
    head, colon, _ = text.partition(":")
    return len(head) + 1 if colon and head.strip() in speaker_names else 0


def _finding_format(kind: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(QColor(kind_color(kind)))
    return fmt


def _search_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(SEARCH_BACKGROUND))
    return fmt


def _label_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(LABEL_COLOR))
    fmt.setFontWeight(QFont.Weight.Bold)
    return fmt
