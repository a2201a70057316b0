"""The Tags panel: ads, chapters, quotes, cuts and the user's own tags, in document order.

Each row shows the tag's label as a coloured chip, a chapter's title, where the tagged range
starts (time when known, and its first words) and how many segments it covers. Clicking a
row or pressing Enter shows it in the editor; Delete removes the tag; F2 or double-click
edits a chapter's title. :meth:`TagsPanel.tag_selection_action` (Ctrl+T) tags the segments
selected in the editor through a small :class:`TagDialog`. Every change is a Document
command (one undo step); the list follows ``Session.changed``.

Tags are few (dozens, perhaps hundreds) but segments can be 250,000: the list is rebuilt
only when tags change, and otherwise only the rows whose first segment was edited repaint.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from editor.core.document import Change, Document
from editor.core.model import Tag
from editor.ui.panel_body import panel_body
from editor.ui.session import Session

STANDARD_LABELS: tuple[str, ...] = ("chapter", "ad", "quote", "cut")
TAG_COLORS: dict[str, str] = {
    "chapter": "#3b6ea5",
    "ad": "#c8611a",
    "quote": "#3a8a3a",
    "cut": "#b83b3c",
}
# User-defined labels get a stable colour of their own (same label, same colour every run).
USER_TAG_COLORS: tuple[str, ...] = ("#7a5ca8", "#1a8a96", "#b8558f", "#8a8a1f", "#83594f", "#5f6368")
EXCERPT_WORDS = 8
STRUCTURE_DELAY_MS = 150  # segment ranges are re-measured after edits settle

TagIdRole = Qt.ItemDataRole.UserRole + 1  # str
LabelRole = Qt.ItemDataRole.UserRole + 2  # str
TitleRole = Qt.ItemDataRole.UserRole + 3  # str
TimeRole = Qt.ItemDataRole.UserRole + 4  # "12:04" or ""
ExcerptRole = Qt.ItemDataRole.UserRole + 5  # first words of the first segment
SizeRole = Qt.ItemDataRole.UserRole + 6  # "3 segments"
FirstSegmentRole = Qt.ItemDataRole.UserRole + 7  # str
NoteRole = Qt.ItemDataRole.UserRole + 8  # str


def tag_color(label: str) -> str:
    """The chip colour of a tag label."""
    folded = label.casefold()
    if folded in TAG_COLORS:
        return TAG_COLORS[folded]
    return USER_TAG_COLORS[zlib.crc32(folded.encode()) % len(USER_TAG_COLORS)]


def normalize_label(label: str) -> str:
    """Standard labels in their standard spelling ("Chapter" → "chapter"); others as typed."""
    label = " ".join(label.split())
    return label.casefold() if label.casefold() in STANDARD_LABELS else label


def format_time(seconds: float | None) -> str:
    """``12:04`` (or ``1:02:03`` past an hour); empty when unknown."""
    if seconds is None:
        return ""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


# ---------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class _Row:
    tag: Tag
    size: int  # segments in the range, measured when the list was built


class TagListModel(QAbstractListModel):
    """The document's tags in order, optionally only those with one label.

    Editing a chapter row changes its title in the document (one undo step).
    """

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._rows: list[_Row] = []
        self._by_first: dict[str, list[int]] = {}  # first segment id -> rows, for cheap repaints
        self.label_filter: str | None = None

    @property
    def doc(self) -> Document:
        return self._session.doc

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def tag_at(self, row: int) -> Tag | None:
        return self._rows[row].tag if 0 <= row < len(self._rows) else None

    def row_of(self, tag_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.tag.id == tag_id), -1)

    def rebuild(self) -> None:
        """Read the tags again (O(tags); ranges are measured through the document index)."""
        doc = self.doc
        rows = []
        for tag in doc.tags:
            if self.label_filter is not None and tag.label != self.label_filter:
                continue
            size = doc.index_of(tag.last_segment_id) - doc.index_of(tag.first_segment_id) + 1
            rows.append(_Row(tag, size))
        same_rows = [r.tag.id for r in rows] == [r.tag.id for r in self._rows]
        if not same_rows:
            self.beginResetModel()
        self._rows = rows
        self._by_first = {}
        for row, item in enumerate(rows):
            self._by_first.setdefault(item.tag.first_segment_id, []).append(row)
        if not same_rows:
            self.endResetModel()
        elif rows:
            # Same tags in the same order (a title or range changed, perhaps from the inline
            # editor's own commit): repaint instead of resetting, so editors and selection stay.
            self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))

    def segments_changed(self, segment_ids: frozenset[str]) -> None:
        """Repaint the rows whose first segment changed (its words or time)."""
        if len(segment_ids) > len(self._by_first):
            hit = [row for sid, rows in self._by_first.items() if sid in segment_ids for row in rows]
        else:
            hit = [row for sid in segment_ids for row in self._by_first.get(sid, ())]
        for row in hit:
            self.dataChanged.emit(self.index(row), self.index(row))

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        tag = item.tag
        if role == TagIdRole:
            return tag.id
        if role == LabelRole:
            return tag.label
        if role in (TitleRole, Qt.ItemDataRole.EditRole):
            return tag.title
        if role == FirstSegmentRole:
            return tag.first_segment_id
        if role == NoteRole:
            return tag.note
        if role == SizeRole:
            return plural(item.size, "segment")
        if role in (
            TimeRole,
            ExcerptRole,
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            segment = (
                self.doc.segment(tag.first_segment_id) if self.doc.has_segment(tag.first_segment_id) else None
            )
            time = format_time(segment.start) if segment else ""
            words = excerpt(segment.text) if segment else ""
            if role == TimeRole:
                return time
            if role == ExcerptRole:
                return words
            parts = [
                tag.label + (f": {tag.title}" if tag.title else ""),
                time,
                f"“{words}”" if words else "",
                plural(item.size, "segment"),
            ]
            summary = " — ".join(p for p in parts if p)
            if role == Qt.ItemDataRole.ToolTipRole:
                extra = f"\n{tag.note}" if tag.note else ""
                edit = "\nF2 edits the title" if tag.label == "chapter" else ""
                return f"{summary}{extra}\nEnter or click shows it · Delete removes it{edit}"
            return summary
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(tag_color(tag.label))
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        tag = self.tag_at(index.row()) if index.isValid() else None
        if tag is not None and tag.label == "chapter":  # only chapters have titles to edit
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        tag = self.tag_at(index.row()) if index.isValid() else None
        if tag is None or role != Qt.ItemDataRole.EditRole or tag.label != "chapter":
            return False
        title = " ".join(str(value).split())
        if title == tag.title:
            return False
        self.doc.update_tag(replace(tag, title=title))
        return True


# ------------------------------------------------------------------------- delegate


class TagDelegate(QStyledItemDelegate):
    """Two lines: [chip] title-or-first-words ....... 12:04 / first words ..... 3 segments."""

    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        height = option.fontMetrics.height()
        return QSize(200, height * 2 + 14)

    @staticmethod
    def _small(font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.88, 7.0))
        return small

    def _chip_rect(self, option: QStyleOptionViewItem, label: str) -> QRect:
        small = self._small(option.font)
        small.setBold(True)
        width = QFontMetrics(small).horizontalAdvance(label) + 12
        line = option.fontMetrics.height() + 4
        return QRect(option.rect.left() + self.PAD, option.rect.top() + 5, width, line)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Normal
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_color = opt.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        secondary = QColor(text_color)
        secondary.setAlphaF(0.62)

        label = str(index.data(LabelRole))
        title = str(index.data(TitleRole) or "")
        words = str(index.data(ExcerptRole) or "")
        time = str(index.data(TimeRole) or "")
        size = str(index.data(SizeRole) or "")
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)

        chip = self._chip_rect(opt, label)
        small = self._small(opt.font)
        bold_small = QFont(small)
        bold_small.setBold(True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(tag_color(label)))
        painter.drawRoundedRect(QRectF(chip), chip.height() / 2, chip.height() / 2)
        painter.setFont(bold_small)
        painter.setPen(QColor("white"))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)

        right = opt.rect.right() - self.PAD
        line1 = QRect(chip.right() + self.PAD, chip.top(), right - chip.right() - self.PAD, chip.height())
        line2 = QRect(
            opt.rect.left() + self.PAD,
            chip.bottom() + 2,
            right - opt.rect.left() - self.PAD,
            opt.fontMetrics.height() + 2,
        )

        painter.setFont(small)
        small_metrics = painter.fontMetrics()
        if time:
            painter.setPen(secondary)
            painter.drawText(line1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, time)
            line1.setRight(line1.right() - small_metrics.horizontalAdvance(time) - self.PAD)
        size_width = small_metrics.horizontalAdvance(size)
        painter.setPen(secondary)
        painter.drawText(line2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, size)
        line2.setRight(line2.right() - size_width - self.PAD)

        heading_font = QFont(opt.font)
        if title:
            heading_font.setBold(True)
            heading, detail = title, f"“{words}”" if words else ""
        elif label == "chapter":
            heading_font.setItalic(True)
            heading, detail = "Untitled chapter", f"“{words}”" if words else ""
        else:  # the words are the heading; the note, if any, goes below
            heading, detail = (f"“{words}”" if words else "(empty segment)"), str(index.data(NoteRole) or "")
        painter.setFont(heading_font)
        painter.setPen(text_color if title or label != "chapter" else secondary)
        heading = painter.fontMetrics().elidedText(
            heading, Qt.TextElideMode.ElideRight, max(line1.width(), 0)
        )
        painter.drawText(line1, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, heading)
        if detail:
            small.setItalic(not detail.startswith("“"))
            painter.setFont(small)
            painter.setPen(secondary)
            detail = painter.fontMetrics().elidedText(
                detail, Qt.TextElideMode.ElideRight, max(line2.width(), 0)
            )
            painter.drawText(line2, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, detail)
        painter.restore()

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        # The title is edited on the first line, beside its chip.
        chip = self._chip_rect(option, str(index.data(LabelRole)))
        editor.setGeometry(
            QRect(
                chip.right() + self.PAD // 2,
                chip.top() - 1,
                option.rect.right() - chip.right() - self.PAD,
                chip.height() + 2,
            )
        )

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        super().setEditorData(editor, index)
        if isinstance(editor, QLineEdit):
            editor.setPlaceholderText("Chapter title")
            editor.selectAll()


# ----------------------------------------------------------------------------- view


class TagListView(QListView):
    """The tags list: Enter or click shows the tag, Delete removes it, F2 edits a title."""

    removeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setAccessibleName("Tags")
        self.empty_hint = "No tags yet.\nSelect segments in the editor and press Ctrl+T to tag them."

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Delete is handled here, not as a shortcut, so the inline title editor keeps it.
        editing = self.state() == QAbstractItemView.State.EditingState
        is_delete = event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace
        if is_delete and not editing and self.currentIndex().isValid():
            self.removeRequested.emit()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            area = self.viewport().rect().adjusted(16, 16, -16, -16)
            painter.drawText(
                area,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                self.empty_hint,
            )


# --------------------------------------------------------------------------- dialog


class TagDialog(QDialog):
    """Choose a label (and a chapter's title, and a note) for the selected segments."""

    def __init__(
        self, labels: Sequence[str], summary: str, parent: QWidget | None = None, *, label: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tag Selection")
        self.setAccessibleName("Tag selection")
        self.label_combo = QComboBox()
        self.label_combo.setEditable(True)
        self.label_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.label_combo.addItems(list(dict.fromkeys([*STANDARD_LABELS, *labels])))
        self.label_combo.setAccessibleName("Tag label")
        self.label_combo.setToolTip("ad, chapter, quote, cut — or type a label of your own")
        self.label_combo.setCurrentText(label or STANDARD_LABELS[0])
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Chapter title")
        self.title_edit.setAccessibleName("Chapter title")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Optional")
        self.note_edit.setAccessibleName("Note")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Tag")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Label:", self.label_combo)
        form.addRow("T&itle:", self.title_edit)
        form.addRow("&Note:", self.note_edit)
        layout = QVBoxLayout(self)
        what = QLabel(summary)
        what.setWordWrap(True)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.label_combo.currentTextChanged.connect(self._label_changed)
        self._label_changed(self.label_combo.currentText())
        self.setMinimumWidth(360)
        (self.title_edit if self.title_edit.isEnabled() else self.label_combo).setFocus()

    def _label_changed(self, text: str) -> None:
        is_chapter = normalize_label(text) == "chapter"
        self.title_edit.setEnabled(is_chapter)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()))

    def values(self) -> tuple[str, str, str]:
        """(label, title, note) as the user left them; the title only for chapters."""
        label = normalize_label(self.label_combo.currentText())
        title = " ".join(self.title_edit.text().split()) if label == "chapter" else ""
        return label, title, self.note_edit.text().strip()


# ---------------------------------------------------------------------------- panel


class TagsPanel(QDockWidget):
    """Dock listing the document's tags; jumps to them, removes them, tags the selection."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Tags", parent)
        self.session = session
        self.setObjectName("tagsPanel")
        self.setAccessibleName("Tags panel")
        self._dirty = True  # the list must be rebuilt before it is next seen

        self.model = TagListModel(session, self)
        self.view = TagListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(TagDelegate(self.view))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName("Show tags with label")
        self.filter_combo.setToolTip("Show only the tags with one label")
        filter_label = QLabel("Sh&ow:")  # Alt+O: Alt+H is the Help menu
        filter_label.setBuddy(self.filter_combo)

        self._make_actions()
        self.setWidget(panel_body(filter_label, self.filter_combo, self.view, (self._tag_action, self.remove_action)))

        self._structure_timer = QTimer(self)
        self._structure_timer.setSingleShot(True)
        self._structure_timer.setInterval(STRUCTURE_DELAY_MS)
        self._structure_timer.timeout.connect(self.refresh)

        self.view.clicked.connect(self._go_to)
        self.view.activated.connect(self._go_to)  # Enter (and double-click where it does not edit)
        self.view.removeRequested.connect(self.remove_current)
        self.view.selectionModel().currentChanged.connect(self._update_enabled)
        self.model.modelReset.connect(self._update_enabled)
        self.filter_combo.activated.connect(self._filter_chosen)
        session.documentReplaced.connect(self._document_replaced)
        session.changed.connect(self._on_change)
        session.selectionChanged.connect(self._selection_changed)
        self._document_replaced()

    # ------------------------------------------------------------------ actions

    def _make_actions(self) -> None:
        self._tag_action = QAction("&Tag Selection…", self)
        self._tag_action.setIconText("Tag Selection…")  # tool buttons would drop the "…"
        self._tag_action.setShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_T))
        self._tag_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # works from the editor
        self._tag_action.setToolTip("Tag the segments selected in the editor (Ctrl+T)")
        self._tag_action.setStatusTip(
            "Tag the segments selected in the editor as an ad, chapter, quote, cut…"
        )
        self._tag_action.triggered.connect(lambda: self.tag_selection())
        self._quick_actions: list[QAction] = []
        for label in STANDARD_LABELS:
            text = "Tag as &Chapter…" if label == "chapter" else f"Tag as &{label.title()}"
            act = QAction(text, self)
            act.setToolTip(f"Tag the selected segments as {'a chapter' if label == 'chapter' else label}")
            act.triggered.connect(
                lambda _=False, lb=label: self.tag_selection(lb) if lb == "chapter" else self.add_tag(lb)
            )
            self._quick_actions.append(act)
        self.go_action = QAction("&Go to Tag", self)
        self.go_action.setToolTip("Show the tagged segments in the editor (Enter)")
        self.go_action.triggered.connect(lambda: self._go_to(self.view.currentIndex()))
        self.edit_action = QAction("Edit Chapter &Title", self)
        self.edit_action.setToolTip("Change the chapter's title (F2)")
        self.edit_action.triggered.connect(self.edit_current_title)
        self.remove_action = QAction("&Remove", self)
        self.remove_action.setToolTip("Remove the tag (Delete); the segments stay")
        self.remove_action.triggered.connect(self.remove_current)
        self.view.addActions([self.go_action, self.edit_action, self.remove_action])
        # Window-wide: added here so Ctrl+T works before the main window puts it in a menu.
        self.addAction(self._tag_action)

    def tag_selection_action(self) -> QAction:
        """The "Tag Selection…" action (Ctrl+T, window-wide): tag the editor's selected segments."""
        return self._tag_action

    def quick_tag_actions(self) -> list[QAction]:
        """Quick actions "Tag as Chapter…", "Tag as Ad", "Tag as Quote", "Tag as Cut" (no shortcuts)."""
        return list(self._quick_actions)

    def _update_enabled(self) -> None:
        tag = self.current_tag()
        self.go_action.setEnabled(tag is not None)
        self.remove_action.setEnabled(tag is not None)
        self.edit_action.setEnabled(tag is not None and tag.label == "chapter")

    def _selection_changed(self) -> None:
        has_selection = bool(self.session.selected_segment_ids)
        for act in (self._tag_action, *self._quick_actions):
            act.setEnabled(has_selection)

    # --------------------------------------------------------------- commands

    def current_tag(self) -> Tag | None:
        index = self.view.currentIndex()
        return self.model.tag_at(index.row()) if index.isValid() else None

    def _go_to(self, index: QModelIndex) -> None:
        tag = self.model.tag_at(index.row()) if index.isValid() else None
        if tag is not None:
            self.session.navigate(tag.first_segment_id, 0, 0)

    def remove_current(self) -> None:
        """Remove the highlighted tag (one undo step); the next one is highlighted."""
        tag = self.current_tag()
        if tag is None:
            return
        row = self.view.currentIndex().row()
        self.session.doc.remove_tag(tag.id)
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1)))

    def edit_current_title(self) -> None:
        tag = self.current_tag()
        if tag is not None and tag.label == "chapter":
            self.view.setFocus()
            self.view.edit(self.view.currentIndex())

    def _selected_range(self) -> tuple[str, str, int] | None:
        """First and last selected segment in document order, and how many lie between."""
        doc = self.session.doc
        indices = [doc.index_of(sid) for sid in self.session.selected_segment_ids if doc.has_segment(sid)]
        if not indices:
            return None
        first, last = min(indices), max(indices)
        return doc.segment_at(first).id, doc.segment_at(last).id, last - first + 1

    def add_tag(self, label: str, title: str = "", note: str = "") -> Tag | None:
        """Tag the selected segments (first..last) with ``label``; one undo step."""
        selected = self._selected_range()
        if selected is None or not label.strip():
            return None
        first, last, _ = selected
        tag = self.session.doc.add_tag(normalize_label(label), first, last, title=title, note=note)
        self.refresh()  # the new tag is shown even if the panel was hidden
        row = self.model.row_of(tag.id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))
        return tag

    def used_labels(self) -> list[str]:
        """Labels of this document's tags: standard ones first, then the user's, A–Z."""
        used = {t.label for t in self.session.doc.tags}
        custom = sorted(used - set(STANDARD_LABELS), key=str.casefold)
        return [*STANDARD_LABELS, *custom]

    def tag_selection(self, label: str = "") -> Tag | None:
        """Ask for a label (title, note) and tag the editor's selected segments with it."""
        selected = self._selected_range()
        if selected is None:
            return None
        first, _, count = selected
        doc = self.session.doc
        where = excerpt(doc.segment(first).text, 6)
        summary = (
            f"Tag {plural(count, 'segment')} starting “{where}”."
            if where
            else f"Tag {plural(count, 'segment')}."
        )
        dialog = TagDialog(self.used_labels(), summary, self.window(), label=label or self._last_label)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        label, title, note = dialog.values()
        self._last_label = label
        return self.add_tag(label, title, note)

    _last_label = "chapter"

    def _filter_chosen(self, combo_index: int) -> None:
        self.model.label_filter = self.filter_combo.itemData(combo_index)
        self.refresh()

    # ---------------------------------------------------------------- updating

    def _document_replaced(self) -> None:
        self.model.label_filter = None
        self._dirty = True
        self.refresh()
        self._selection_changed()

    def _on_change(self, change: Change) -> None:
        if change.tags:
            self._dirty = True
            self.refresh()  # tags change rarely, by the user's hand: show it at once
        elif change.structure:
            self._dirty = True  # ranges may have grown or shrunk: measure after the burst
            if self.isVisible():
                self._structure_timer.start()
        elif change.segment_ids and change.reason != "findings" and not self._dirty:
            self.model.segments_changed(change.segment_ids)

    def refresh(self) -> None:
        """Rebuild the list now (skipped while hidden: done when next shown)."""
        if not self.isVisible():
            return
        self._structure_timer.stop()
        current = self.current_tag()
        self.model.rebuild()
        self._dirty = False
        self._rebuild_filter_combo()
        if current is not None and (row := self.model.row_of(current.id)) >= 0:
            self.view.setCurrentIndex(self.model.index(row))
        self.view.viewport().update()

    def _rebuild_filter_combo(self) -> None:
        counts: dict[str, int] = {}
        for tag in self.session.doc.tags:
            counts[tag.label] = counts.get(tag.label, 0) + 1
        labels = [lb for lb in self.used_labels() if lb in counts]
        if self.model.label_filter is not None and self.model.label_filter not in labels:
            labels.append(self.model.label_filter)  # keep the user's choice while it is empty
        combo = self.filter_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(f"All tags ({sum(counts.values()):,})", None)
        for label in labels:
            combo.addItem(f"{label} ({counts.get(label, 0):,})", label)
        combo.setCurrentIndex(
            max(combo.findData(self.model.label_filter), 0) if self.model.label_filter else 0
        )
        combo.blockSignals(False)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()
