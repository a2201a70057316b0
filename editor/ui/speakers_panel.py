"""The Speakers panel: who speaks, how much, and the keyboard way to say who speaks.

A dock listing the document's speakers (colour swatch, name, segment count, the
``Ctrl+N`` shortcut that assigns to them) and an "(unassigned)" row. From here the user
adds, renames (inline), recolours, merges and removes speakers, and assigns the segments
selected in the editor. Every change goes through a :class:`~editor.core.document.Document`
method, so each is one undo step; the list follows ``Session.changed``.

Counting segments per speaker is the only O(n) work here, and it is done once per document:
afterwards the counts follow the primitive operations of each change (O(size of the change);
typing, which never changes a speaker, costs nothing), and repainting them is deferred with
a single-shot timer and skipped while the panel is hidden.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

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
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QColorDialog,
    QComboBox,
    QDockWidget,
    QLabel,
    QListView,
    QMenu,
    QMessageBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from editor.core.document import Change, Document
from editor.core.model import Speaker
from editor.core.ops import InsertSegment, RemoveSegment, SetSegment
from editor.ui.panel_body import panel_body
from editor.ui.session import Session

ASSIGN_SHORTCUTS = 9  # Ctrl+1 .. Ctrl+9 assign to the first nine speakers
COUNT_DELAY_MS = 150  # repaint counts at most this often while the user works
SELECTION_DELAY_MS = 60  # the drop-down follows the caret after it settles
SELECTION_SCAN_LIMIT = 5000  # beyond this many selected segments the drop-down says "several"

SpeakerIdRole = Qt.ItemDataRole.UserRole + 1  # str | None (None: the unassigned row)
CountRole = Qt.ItemDataRole.UserRole + 2  # int
ShortcutRole = Qt.ItemDataRole.UserRole + 3  # "Ctrl+1" or ""
NameRole = Qt.ItemDataRole.UserRole + 4  # the bare name, "(unassigned)" for that row


def assign_shortcut(position: int) -> QKeySequence:
    """``Ctrl+<position>``: 1..9 assign to the speaker at that place, 0 clears."""
    return QKeySequence(Qt.KeyboardModifier.ControlModifier | Qt.Key(Qt.Key.Key_0 + position))


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def swatch_icon(color: str, size: int = 12) -> QIcon:
    """A rounded colour square, as shown in drop-downs and menus."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    painter.end()
    return QIcon(pixmap)


# --------------------------------------------------------------------------- counts


class SpeakerCounts:
    """Segments per speaker id, kept current from each change's primitive operations."""

    def __init__(self) -> None:
        self._counts: Counter[str | None] = Counter()
        self.total = 0
        self.stale = True  # a full count is due (new document, or changes missed while hidden)

    def recount(self, doc: Document) -> None:
        """Count every segment (O(n)): once per document, or after the panel was hidden."""
        self._counts = Counter(segment.speaker_id for segment in doc.segments)
        self.total = len(doc)
        self.stale = False

    def apply(self, change: Change) -> bool:
        """Follow one change; true when some count moved (typing never moves one)."""
        if self.stale:
            return False
        moved = False
        for op in change.ops:
            if isinstance(op, SetSegment):
                if op.old.speaker_id != op.new.speaker_id:
                    self._counts[op.old.speaker_id] -= 1
                    self._counts[op.new.speaker_id] += 1
                    moved = True
            elif isinstance(op, InsertSegment):
                self._counts[op.segment.speaker_id] += 1
                self.total += 1
                moved = True
            elif isinstance(op, RemoveSegment):
                self._counts[op.segment.speaker_id] -= 1
                self.total -= 1
                moved = True
        return moved

    def of(self, speaker_id: str) -> int:
        return self._counts.get(speaker_id, 0)

    def unassigned(self, known: Iterable[str]) -> int:
        """Segments with no speaker, or with an id no speaker has (a damaged import)."""
        return self.total - sum(self._counts.get(sid, 0) for sid in known)


# ---------------------------------------------------------------------------- model


class SpeakerListModel(QAbstractListModel):
    """One row per speaker in document order, then the "(unassigned)" row.

    Editing a speaker row's name renames the speaker in the document (one undo step).
    """

    renameConflict = Signal(str, str)  # speaker id, id of the other speaker already so named

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.speakers: tuple[Speaker, ...] = ()
        self.counts = SpeakerCounts()

    # ------------------------------------------------------------------ reading

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.speakers) + 1

    def speaker_at(self, row: int) -> Speaker | None:
        """The speaker of a row; ``None`` for the unassigned row."""
        return self.speakers[row] if 0 <= row < len(self.speakers) else None

    def row_of(self, speaker_id: str | None) -> int:
        """The row showing a speaker (the unassigned row for ``None``); -1 if unknown."""
        if speaker_id is None:
            return len(self.speakers)
        return next((i for i, s in enumerate(self.speakers) if s.id == speaker_id), -1)

    def count(self, row: int) -> int:
        speaker = self.speaker_at(row)
        if speaker is not None:
            return self.counts.of(speaker.id)
        return self.counts.unassigned(s.id for s in self.speakers)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        row = index.row()
        speaker = self.speaker_at(row)
        name = speaker.name if speaker else "(unassigned)"
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{name} — {plural(self.count(row), 'segment')}"
        if role in (Qt.ItemDataRole.EditRole, NameRole):
            return name
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(speaker.color) if speaker else None
        if role == SpeakerIdRole:
            return speaker.id if speaker else None
        if role == CountRole:
            return self.count(row)
        if role == ShortcutRole:
            position = 0 if speaker is None else row + 1
            return (
                assign_shortcut(position).toString(QKeySequence.SequenceFormat.NativeText)
                if position <= ASSIGN_SHORTCUTS
                else ""
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            if speaker is None:
                return f"Segments with no speaker: {self.count(row):,}"
            return f"{speaker.name}: {plural(self.count(row), 'segment')}\nF2 renames · Enter assigns the selected segments"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{name}, {plural(self.count(row), 'segment')}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and self.speaker_at(index.row()) is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        speaker = self.speaker_at(index.row()) if index.isValid() else None
        if speaker is None or role != Qt.ItemDataRole.EditRole:
            return False
        name = str(value).strip()
        if not name or name == speaker.name:
            return False
        other = self._session.doc.speaker_by_name(name)
        if other is not None and other.id != speaker.id:
            # Two speakers of one name would be indistinguishable everywhere: offer a merge.
            self.renameConflict.emit(speaker.id, other.id)
            return False
        self._session.doc.rename_speaker(speaker.id, name)
        return True

    # ----------------------------------------------------------------- updating

    def reload_speakers(self) -> None:
        """Take the document's speakers again (a handful: cheap)."""
        speakers = self._session.doc.speakers
        if [s.id for s in speakers] == [s.id for s in self.speakers]:
            self.speakers = speakers
            if speakers:  # names or colours changed: same rows, new data
                self.dataChanged.emit(self.index(0), self.index(len(speakers) - 1))
        else:
            self.beginResetModel()
            self.speakers = speakers
            self.endResetModel()

    def counts_changed(self) -> None:
        """Counts moved: repaint every row (there are few) in one signal."""
        self.dataChanged.emit(
            self.index(0), self.index(self.rowCount() - 1), [Qt.ItemDataRole.DisplayRole, CountRole]
        )


# ------------------------------------------------------------------------- delegate


class SpeakerDelegate(QStyledItemDelegate):
    """Paints a row as: swatch · name · "142 segments" ........ Ctrl+1."""

    SWATCH = 12
    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 12))

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
        style.drawControl(
            QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget
        )  # background, selection, focus

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
        speaker_id = index.data(SpeakerIdRole)
        rect = opt.rect.adjusted(self.PAD, 0, -self.PAD, 0)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)

        swatch = QRectF(rect.left(), rect.center().y() - self.SWATCH / 2 + 1, self.SWATCH, self.SWATCH)
        color = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(color, QColor):
            if selected:  # a light ring keeps a blue swatch visible on a blue highlight
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(text_color)
                painter.drawRoundedRect(swatch.adjusted(-1.5, -1.5, 1.5, 1.5), 4, 4)
            painter.setPen(QPen(color.darker(130), 1))
            painter.setBrush(color)
        else:  # unassigned: an empty dashed square
            painter.setPen(QPen(secondary, 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(swatch.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)

        font = QFont(opt.font)
        small = QFont(opt.font)
        small.setPointSizeF(max(opt.font.pointSizeF() * 0.9, 7.0))
        painter.setFont(small)
        small_metrics = painter.fontMetrics()
        shortcut = str(index.data(ShortcutRole) or "")
        shortcut_width = small_metrics.horizontalAdvance(shortcut) + self.PAD if shortcut else 0
        if shortcut:
            painter.setPen(secondary)
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shortcut)

        text_left = int(swatch.right()) + self.PAD
        available = rect.right() - text_left - shortcut_width
        count = plural(int(index.data(CountRole) or 0), "segment")
        count_width = small_metrics.horizontalAdvance(count)
        if speaker_id is None:
            font.setItalic(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        name_room = max(available - count_width - self.PAD, available // 2)
        name = metrics.elidedText(str(index.data(NameRole)), Qt.TextElideMode.ElideRight, name_room)
        painter.setPen(text_color if speaker_id is not None else secondary)
        name_rect = QRect(text_left, rect.top(), name_room, rect.height())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)

        count_left = text_left + metrics.horizontalAdvance(name) + self.PAD
        count_room = rect.right() - shortcut_width - count_left
        if count_room > 0:
            painter.setFont(small)
            painter.setPen(secondary)
            count = small_metrics.elidedText(count, Qt.TextElideMode.ElideRight, count_room)
            painter.drawText(
                QRect(count_left, rect.top(), count_room, rect.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                count,
            )
        painter.restore()

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        # Edit the name where it is drawn, leaving the swatch visible.
        editor.setGeometry(option.rect.adjusted(self.PAD + self.SWATCH + self.PAD // 2, 1, -self.PAD, -1))


# ----------------------------------------------------------------------------- view


class SpeakerListView(QListView):
    """The speakers list: F2 or double-click renames, Enter assigns, Delete removes."""

    assignRequested = Signal()
    removeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setAccessibleName("Speakers")
        self.empty_hint = "No speakers yet — press Add to create one"
        self.show_hint = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Handled here rather than as shortcuts so the inline name editor keeps its own keys.
        if self.state() != QAbstractItemView.State.EditingState and self.currentIndex().isValid():
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.assignRequested.emit()
                return
            if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
                self.removeRequested.emit()
                return
        super().keyPressEvent(event)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        model = self.model()
        if not self.show_hint or model is None:
            return
        rows = model.rowCount()
        top = self.visualRect(model.index(rows - 1, 0)).bottom() + 12 if rows else 12
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = self.viewport().rect().adjusted(12, top, -12, 0)
        painter.drawText(
            area,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            self.empty_hint,
        )


# ---------------------------------------------------------------------------- panel


class SpeakersPanel(QDockWidget):
    """Dock listing speakers with counts; assigns, renames, recolours, merges, removes.

    The main window puts :meth:`assign_actions` (Ctrl+1..Ctrl+9, Ctrl+0) in its Speakers
    menu; they act on ``session.selected_segment_ids`` wherever the focus is.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Speakers", parent)
        self.session = session
        self.setObjectName("speakersPanel")
        self.setAccessibleName("Speakers panel")

        self.model = SpeakerListModel(session, self)
        self.view = SpeakerListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(SpeakerDelegate(self.view))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.assign_combo = QComboBox()
        self.assign_combo.setAccessibleName("Assign selection to speaker")
        self.assign_combo.setToolTip(
            "The speaker of the segments selected in the editor; choose another to reassign them"
        )
        self.assign_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.assign_combo.setMinimumContentsLength(10)
        assign_label = QLabel("&Assign selection to:")  # Alt+A: S, T, R... belong to the menu bar
        assign_label.setBuddy(self.assign_combo)

        self._make_actions()

        actions = (self.add_action, self.rename_action, self.color_action, self.merge_action, self.remove_action)
        self.setWidget(panel_body(assign_label, self.assign_combo, self.view, actions, popup=self.merge_action))

        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._refresh_counts)
        self._selection_timer = QTimer(self)
        self._selection_timer.setSingleShot(True)
        self._selection_timer.setInterval(SELECTION_DELAY_MS)
        self._selection_timer.timeout.connect(self._refresh_combo_choice)

        self.view.assignRequested.connect(self.assign_current)
        self.view.removeRequested.connect(self.remove_current)
        self.view.selectionModel().currentChanged.connect(self._update_enabled)
        self.model.modelReset.connect(self._update_enabled)
        self.model.renameConflict.connect(self._offer_merge, Qt.ConnectionType.QueuedConnection)
        self.assign_combo.activated.connect(self._assign_from_combo)
        session.documentReplaced.connect(self._document_replaced)
        session.changed.connect(self._on_change)
        session.selectionChanged.connect(self._schedule_combo)
        self._document_replaced()

    # ------------------------------------------------------------------ actions

    def _make_actions(self) -> None:
        def action(text: str, tip: str, slot) -> QAction:
            act = QAction(text, self)
            act.setToolTip(tip)
            act.setStatusTip(tip)
            act.triggered.connect(slot)
            return act

        self.add_action = action("&Add", "Add a speaker and type its name", self.add_speaker)
        self.rename_action = action(
            "&Rename", "Rename the speaker everywhere (F2 or double-click)", self.rename_current
        )
        self.color_action = action("&Colour…", "Choose the speaker's colour", self.change_color)
        self.color_action.setIconText("Colour…")  # tool buttons would drop the "…"
        self.merge_action = action(
            "&Merge into", "Give all of this speaker's segments to another speaker", lambda: None
        )
        self.merge_menu = QMenu(self)
        self.merge_menu.aboutToShow.connect(self._fill_merge_menu)
        self.merge_action.setMenu(self.merge_menu)
        self.remove_action = action(
            "Re&move", "Remove the speaker; its segments become unassigned (Delete)", self.remove_current
        )
        self.assign_action = action(
            "Assign to &Selection",
            "Assign the selected segments to this speaker (Enter)",
            self.assign_current,
        )
        self.view.addActions(
            [self.assign_action, self.rename_action, self.color_action, self.merge_action, self.remove_action]
        )
        separator = QAction(self)
        separator.setSeparator(True)
        self.view.insertAction(self.rename_action, separator)
        self.view.addAction(self.add_action)

        self._assign_actions: list[QAction] = []
        for position in range(1, ASSIGN_SHORTCUTS + 1):
            act = QAction(f"Assign to Speaker {position}", self)
            act.setShortcut(assign_shortcut(position))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # works while the editor has focus
            act.triggered.connect(lambda _=False, p=position: self._assign_position(p))
            self._assign_actions.append(act)
        self.clear_action = QAction("Clear Speaker", self)
        self.clear_action.setShortcut(assign_shortcut(0))
        self.clear_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.clear_action.setToolTip("Leave the selected segments without a speaker")
        self.clear_action.triggered.connect(lambda: self.assign_selection(None))
        # Added here too so the shortcuts work even before the window puts them in a menu;
        # one QAction in several widgets is still one shortcut (no ambiguity).
        self.addActions([*self._assign_actions, self.clear_action])

    def assign_actions(self) -> list[QAction]:
        """Nine "Assign to <name>" actions (Ctrl+1..Ctrl+9) and "Clear Speaker" (Ctrl+0).

        Their texts follow the speakers; those beyond the number of speakers are hidden.
        """
        return [*self._assign_actions, self.clear_action]

    def _update_assign_actions(self) -> None:
        speakers = self.model.speakers
        for position, act in enumerate(self._assign_actions, start=1):
            speaker = speakers[position - 1] if position <= len(speakers) else None
            act.setVisible(speaker is not None)
            if speaker is not None:
                act.setText(f"Assign to {speaker.name.replace('&', '&&')}")
                act.setIcon(swatch_icon(speaker.color))
                act.setToolTip(f"Assign the selected segments to {speaker.name}")

    def _update_enabled(self) -> None:
        speaker = self.current_speaker()
        has_row = self.view.currentIndex().isValid()
        for act in (self.rename_action, self.color_action, self.remove_action):
            act.setEnabled(speaker is not None)
        self.merge_action.setEnabled(speaker is not None and len(self.model.speakers) > 1)
        self.assign_action.setEnabled(has_row)

    # ---------------------------------------------------------------- selection

    def current_speaker(self) -> Speaker | None:
        """The speaker highlighted in the list (``None`` for none or the unassigned row)."""
        index = self.view.currentIndex()
        return self.model.speaker_at(index.row()) if index.isValid() else None

    def select_speaker(self, speaker_id: str | None) -> None:
        """Highlight a speaker's row (``None``: the unassigned row)."""
        row = self.model.row_of(speaker_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))

    # --------------------------------------------------------------- commands

    def assign_selection(self, speaker_id: str | None) -> None:
        """Give the segments selected in the editor to a speaker (``None`` clears them)."""
        ids = self.session.selected_segment_ids
        doc = self.session.doc
        if not ids or (speaker_id is not None and doc.speaker(speaker_id) is None):
            return
        doc.set_speaker([sid for sid in ids if doc.has_segment(sid)], speaker_id)

    def _assign_position(self, position: int) -> None:
        speakers = self.session.doc.speakers
        if position <= len(speakers):
            self.assign_selection(speakers[position - 1].id)

    def assign_current(self) -> None:
        """Assign the selection to the highlighted row's speaker (or clear it)."""
        index = self.view.currentIndex()
        if index.isValid():
            self.assign_selection(index.data(SpeakerIdRole))

    def _assign_from_combo(self, combo_index: int) -> None:
        if combo_index >= 0:
            self.assign_selection(self.assign_combo.itemData(combo_index))

    def add_speaker(self) -> None:
        """Add "Speaker N" and open its name for typing."""
        doc = self.session.doc
        taken = {s.name.casefold() for s in doc.speakers}
        number = len(doc.speakers) + 1
        while f"speaker {number}" in taken:
            number += 1
        speaker = doc.add_speaker(f"Speaker {number}")
        self.select_speaker(speaker.id)
        self.view.setFocus()
        self.view.edit(self.view.currentIndex())

    def rename_current(self) -> None:
        if self.current_speaker() is not None:
            self.view.setFocus()
            self.view.edit(self.view.currentIndex())

    def change_color(self) -> None:
        speaker = self.current_speaker()
        if speaker is None:
            return
        color = QColorDialog.getColor(QColor(speaker.color), self, f"Colour for {speaker.name}")
        if color.isValid() and color.name() != speaker.color.lower():
            self.session.doc.set_speaker_color(speaker.id, color.name())

    def _fill_merge_menu(self) -> None:
        self.merge_menu.clear()
        source = self.current_speaker()
        if source is None:
            return
        for target in self.session.doc.speakers:
            if target.id != source.id:
                act = self.merge_menu.addAction(swatch_icon(target.color), target.name.replace("&", "&&"))
                act.triggered.connect(lambda _=False, t=target.id, s=source.id: self.merge(s, t))

    def merge(self, source_id: str, target_id: str) -> None:
        """Merge one speaker into another (one undo step) and highlight the survivor."""
        self.session.doc.merge_speakers(source_id, target_id)
        self.select_speaker(target_id)

    def _offer_merge(self, source_id: str, target_id: str) -> None:
        doc = self.session.doc
        source, target = doc.speaker(source_id), doc.speaker(target_id)
        if source is None or target is None:
            return
        answer = QMessageBox.question(
            self,
            "Speaker name in use",
            f"There is already a speaker called “{target.name}”.\n\nMerge “{source.name}” into “{target.name}”?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.merge(source_id, target_id)

    def remove_current(self) -> None:
        """Remove the highlighted speaker, asking first when segments would lose it."""
        speaker = self.current_speaker()
        if speaker is None:
            return
        count = self.model.count(self.view.currentIndex().row())
        if count:
            answer = QMessageBox.question(
                self,
                "Remove speaker",
                f"Remove “{speaker.name}”?\n\n{plural(count, 'segment')} will have no speaker. You can undo this.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        row = self.view.currentIndex().row()
        self.session.doc.remove_speaker(speaker.id)
        self.view.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1)))

    # ---------------------------------------------------------------- updating

    def _document_replaced(self) -> None:
        self.model.counts.stale = True
        self._speakers_changed()
        self._refresh_counts()
        self._schedule_combo()

    def _on_change(self, change: Change) -> None:
        if change.speakers:
            self._speakers_changed()
        if change.ops and self.model.counts.apply(change):
            self._schedule_counts()
            if change.segment_ids:  # the selection's speaker may have changed
                self._schedule_combo()

    def _speakers_changed(self) -> None:
        current = self.view.currentIndex()
        current_id = current.data(SpeakerIdRole) if current.isValid() else ""
        self.model.reload_speakers()
        if current_id != "" and not self.view.currentIndex().isValid():
            self.select_speaker(current_id)
        self.view.show_hint = not self.model.speakers
        self.view.viewport().update()
        self._update_assign_actions()
        self._rebuild_combo()
        self._update_enabled()

    def _schedule_counts(self) -> None:
        if self.isVisible():
            self._count_timer.start()  # restarts: one repaint after the burst

    def _refresh_counts(self) -> None:
        if not self.isVisible():
            return  # recounted when shown
        if self.model.counts.stale:
            self.model.counts.recount(self.session.doc)
        self.model.counts_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refresh_counts()
        self._refresh_combo_choice()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        # While hidden nobody needs the counts: stop following changes, count again on show.
        self.model.counts.stale = True

    # ----------------------------------------------------------------- drop-down

    def _rebuild_combo(self) -> None:
        combo = self.assign_combo
        combo.blockSignals(True)
        combo.clear()
        for speaker in self.model.speakers:
            combo.addItem(swatch_icon(speaker.color), speaker.name, speaker.id)
        combo.addItem("(nobody)", None)
        combo.blockSignals(False)
        self._refresh_combo_choice()

    def _schedule_combo(self) -> None:
        if self.isVisible():
            self._selection_timer.start()

    def _refresh_combo_choice(self) -> None:
        """Show the selection's speaker in the drop-down (blank when mixed or none)."""
        choice = self._selection_speaker()
        combo = self.assign_combo
        combo.blockSignals(True)
        if choice is False:
            combo.setCurrentIndex(-1)
            combo.setPlaceholderText(
                "Several speakers" if self.session.selected_segment_ids else "No selection"
            )
        else:
            combo.setCurrentIndex(combo.findData(choice) if choice is not None else combo.count() - 1)
        combo.blockSignals(False)
        combo.setEnabled(bool(self.session.selected_segment_ids))

    def _selection_speaker(self) -> str | None | bool:
        """The one speaker id of the selected segments; ``False`` if mixed, none or too many."""
        ids: Sequence[str] = self.session.selected_segment_ids
        doc = self.session.doc
        if not ids or len(ids) > SELECTION_SCAN_LIMIT:
            return False
        found = {doc.segment(sid).speaker_id for sid in ids if doc.has_segment(sid)}
        if len(found) != 1:
            return False
        speaker_id = found.pop()
        return speaker_id if doc.speaker(speaker_id) is not None else None
