"""Keyboard shortcuts: a searchable table of every action, editable, with conflicts in red.

Each action has a primary and an alternate shortcut (``QAction.shortcuts()``), recorded
with a :class:`QKeySequenceEdit` in place (double-click, F2 or Enter; Escape cancels;
Delete clears). Defaults are whatever the actions had before Galley applied any user
override: :func:`apply_shortcuts` keeps them on each action (a dynamic property) before
changing anything, so the dialog can always reset. Only differences from the defaults
are saved, in ``AppSettings.shortcuts`` (action key -> ``QKeySequence.listToString``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.ui.settings import AppSettings

DEFAULTS_PROPERTY = "galleyDefaultShortcuts"  # on each QAction: its built-in shortcuts, as text
PORTABLE = QKeySequence.SequenceFormat.PortableText
NATIVE = QKeySequence.SequenceFormat.NativeText
CONFLICT_COLOR = "#c62828"
ACTION, PRIMARY, ALTERNATE, RESET = range(4)
SLOTS = (PRIMARY, ALTERNATE)


def action_label(action: QAction) -> str:
    """An action's text as the user reads it: without mnemonic ``&`` (``&&`` is a literal &)."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def action_key(action: QAction) -> str:
    """What the saved overrides know an action by: its objectName, else its label."""
    return action.objectName() or action_label(action)


def remember_defaults(actions: Iterable[QAction]) -> None:
    """Record each action's current shortcuts as its defaults (once; later calls keep them)."""
    for action in actions:
        if action.property(DEFAULTS_PROPERTY) is None:
            action.setProperty(DEFAULTS_PROPERTY, QKeySequence.listToString(action.shortcuts(), PORTABLE))


def default_shortcuts(action: QAction) -> list[QKeySequence]:
    remember_defaults([action])
    return _parse(str(action.property(DEFAULTS_PROPERTY)))


def apply_shortcuts(actions: Iterable[QAction], settings: AppSettings) -> None:
    """Give actions the user's saved shortcuts (call once the menus are built, and again
    is harmless). Actions without an override keep, or get back, their defaults."""
    actions = list(actions)
    remember_defaults(actions)
    overrides = settings.shortcuts
    for action in actions:
        key = action_key(action)
        action.setShortcuts(_parse(overrides[key]) if key in overrides else default_shortcuts(action))


def _parse(text: str) -> list[QKeySequence]:
    return [s for s in QKeySequence.listFromString(text, PORTABLE) if not s.isEmpty()] if text else []


def _text(sequence: QKeySequence | None, fmt: QKeySequence.SequenceFormat = NATIVE) -> str:
    return sequence.toString(fmt) if sequence is not None and not sequence.isEmpty() else ""


@dataclass
class _Row:
    action: QAction
    key: str
    label: str
    defaults: list[QKeySequence]
    current: list[QKeySequence] = field(default_factory=list)

    def slot(self, index: int) -> QKeySequence | None:
        return self.current[index] if index < len(self.current) else None

    @property
    def modified(self) -> bool:
        return [_text(s, PORTABLE) for s in self.current] != [_text(s, PORTABLE) for s in self.defaults]


class KeySequenceDelegate(QStyledItemDelegate):
    """Edits a shortcut cell in place with a QKeySequenceEdit: one key combination, then done."""

    def __init__(self, dialog: ShortcutsDialog) -> None:
        super().__init__(dialog.table)
        self._dialog = dialog

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = QKeySequenceEdit(parent)
        editor.setMaximumSequenceLength(1)  # finish after one combination, like most editors
        editor.setClearButtonEnabled(True)
        editor.setAccessibleName("Press the new shortcut")
        editor.setToolTip("Press the new shortcut; Escape cancels")
        editor.editingFinished.connect(lambda: self._finish(editor))
        return editor

    def _finish(self, editor: QKeySequenceEdit) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        row = self._dialog.rows[index.row()]
        sequence = row.slot(SLOTS.index(index.column()))
        editor.setKeySequence(sequence or QKeySequence())

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex) -> None:
        self._dialog.set_shortcut(index.row(), index.column(), editor.keySequence())


class _ShortcutTable(QTableWidget):
    """Enter starts recording a shortcut instead of closing the dialog; Delete clears one."""

    clearRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != QAbstractItemView.State.EditingState:
            self.clearRequested.emit()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            index = self.currentIndex()
            if index.isValid() and index.column() == RESET:
                self.clicked.emit(index)
                event.accept()
                return
            if index.isValid():
                if index.column() not in SLOTS:
                    index = index.siblingAtColumn(PRIMARY)
                    self.setCurrentIndex(index)
                self.edit(index)
                event.accept()
                return
        super().keyPressEvent(event)


class ShortcutsDialog(QDialog):
    """Every action's shortcuts: search, record, clear, reset; OK / Cancel / Apply."""

    def __init__(self, actions: list[QAction], settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Keyboard Shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        remember_defaults(actions)
        seen: set[int] = set()
        self.rows: list[_Row] = []
        for action in actions:
            if id(action) in seen or action.isSeparator() or not action_label(action):
                continue
            seen.add(id(action))
            self.rows.append(_Row(action, action_key(action), action_label(action), default_shortcuts(action), list(action.shortcuts())))
        self.rows.sort(key=lambda r: r.label.casefold())

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search actions or keys…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search shortcuts")
        self.search.textChanged.connect(self._filter)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.search.setFocus)

        self.table = _ShortcutTable(len(self.rows), 4)
        self.table.setAccessibleName("Shortcuts")
        self.table.setHorizontalHeaderLabels(["Action", "Shortcut", "Alternate", ""])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setItemDelegateForColumn(PRIMARY, KeySequenceDelegate(self))
        self.table.setItemDelegateForColumn(ALTERNATE, KeySequenceDelegate(self))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ACTION, QHeaderView.ResizeMode.Stretch)
        for column in (PRIMARY, ALTERNATE, RESET):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(90)
        self.table.clicked.connect(self._cell_clicked)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, like every other widget
        self.table.clearRequested.connect(self._clear_current)
        self._fill()

        self.conflict_label = QLabel()
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setStyleSheet(f"color: {CONFLICT_COLOR};")
        self.conflict_label.setAccessibleName("Shortcut conflicts")
        hint = QLabel("Double-click or press Enter on a shortcut, then press the new keys. Delete clears it.")
        hint.setWordWrap(True)
        self.empty_label = QLabel("No action matches.")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Apply,
            self,
        )
        self.reset_all_button = self.buttons.addButton("Reset &All", QDialogButtonBox.ButtonRole.ResetRole)
        self.reset_all_button.setToolTip("Put every shortcut back to Galley's default")
        self.reset_all_button.clicked.connect(self.reset_all)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.clicked.connect(self._button_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(hint)
        layout.addWidget(self.conflict_label)
        layout.addWidget(self.buttons)
        self._refresh()
        self.resize(620, 560)

    # ---------------------------------------------------------------- table

    def _fill(self) -> None:
        for number, row in enumerate(self.rows):
            name = QTableWidgetItem(row.label)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            tip = row.action.toolTip() if row.action.toolTip() != row.label else ""
            name.setToolTip(tip or row.label)
            if not row.action.icon().isNull():
                name.setIcon(row.action.icon())
            self.table.setItem(number, ACTION, name)
            for column in SLOTS:
                cell = QTableWidgetItem()
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(number, column, cell)
            reset = QTableWidgetItem()  # a link-like "Reset" on changed rows (click, or Enter on it)
            reset.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            reset.setToolTip(f"Back to the default shortcut of “{row.label}”")
            reset.setForeground(self.palette().link())
            self.table.setItem(number, RESET, reset)
        self.table.resizeRowsToContents()

    def _refresh(self) -> None:
        """Redraw every cell: texts, modified marks, conflicts, reset buttons."""
        conflicts = self.conflicts()
        clashing = {text for text in conflicts}
        for number, row in enumerate(self.rows):
            for slot, column in enumerate(SLOTS):
                cell = self.table.item(number, column)
                sequence = row.slot(slot)
                text = _text(sequence)
                cell.setText(text)
                portable = _text(sequence, PORTABLE)
                font = cell.font()
                font.setBold(row.modified and bool(text))
                cell.setFont(font)
                if portable in clashing:
                    others = [r.label for r in conflicts[portable] if r is not row]
                    cell.setForeground(QColor(CONFLICT_COLOR))
                    cell.setToolTip(f"{text} is also used by: {', '.join(others)}")
                else:
                    cell.setData(Qt.ItemDataRole.ForegroundRole, None)
                    default = ", ".join(_text(s) for s in row.defaults) or "none"
                    cell.setToolTip(f"Default: {default}")
            self.table.item(number, RESET).setText("Reset" if row.modified else "")
        if conflicts:
            lines = [f"{_text(QKeySequence(k))} is used by {' and '.join(r.label for r in rows)}" for k, rows in conflicts.items()]
            self.conflict_label.setText("Conflicts — neither action will work with these keys:\n" + "\n".join(lines))
        self.conflict_label.setVisible(bool(conflicts))
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setEnabled(self.is_modified())
        self.reset_all_button.setEnabled(any(r.modified for r in self.rows))

    def _filter(self, query: str) -> None:
        needle = query.casefold().strip()
        shown = 0
        for number, row in enumerate(self.rows):
            haystack = " ".join([row.label, *(_text(s) for s in row.current), *(_text(s, PORTABLE) for s in row.current)])
            hidden = bool(needle) and needle not in haystack.casefold()
            self.table.setRowHidden(number, hidden)
            shown += not hidden
        self.empty_label.setVisible(shown == 0)

    def _cell_clicked(self, index: QModelIndex) -> None:
        if index.column() == RESET and self.rows[index.row()].modified:
            self.reset_row(index.row())

    def _clear_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid() and index.column() in SLOTS:
            self.set_shortcut(index.row(), index.column(), QKeySequence())

    # --------------------------------------------------------------- editing

    def set_shortcut(self, row_number: int, column: int, sequence: QKeySequence) -> None:
        """Put ``sequence`` in a row's shortcut (``PRIMARY``) or alternate (``ALTERNATE``)
        cell; an empty sequence clears it."""
        row = self.rows[row_number]
        slot = SLOTS.index(column)
        current = list(row.current)
        while len(current) <= slot:
            current.append(QKeySequence())
        current[slot] = sequence
        row.current = [s for s in current if not s.isEmpty()]
        self._refresh()

    def reset_row(self, row_number: int) -> None:
        self.rows[row_number].current = list(self.rows[row_number].defaults)
        self._refresh()

    def reset_all(self) -> None:
        for row in self.rows:
            row.current = list(row.defaults)
        self._refresh()

    def row_of(self, key_or_label: str) -> int:
        """The row number of an action by key or label."""
        return next(n for n, r in enumerate(self.rows) if key_or_label in (r.key, r.label))

    def shortcut_texts(self, row_number: int) -> list[str]:
        """What a row's shortcut cells show."""
        return [self.table.item(row_number, c).text() for c in SLOTS]

    def conflicts(self) -> dict[str, list[_Row]]:
        """Shortcuts (portable text) used by more than one action, with those actions."""
        users: dict[str, list[_Row]] = {}
        for row in self.rows:
            for sequence in row.current:
                users.setdefault(_text(sequence, PORTABLE), []).append(row)
        return {k: v for k, v in users.items() if k and len(v) > 1}

    def is_modified(self) -> bool:
        return any([_text(s, PORTABLE) for s in r.current] != [_text(s, PORTABLE) for s in r.action.shortcuts()] for r in self.rows)

    # ---------------------------------------------------------------- saving

    def apply(self) -> None:
        """Give the actions their new shortcuts and save the overrides."""
        overrides = {k: v for k, v in self.settings.shortcuts.items() if k not in {r.key for r in self.rows}}
        for row in self.rows:
            row.action.setShortcuts(row.current)
            if row.modified:
                overrides[row.key] = QKeySequence.listToString(row.current, PORTABLE)
        self.settings.shortcuts = overrides
        self.settings.save()
        self._refresh()

    def _button_clicked(self, button: QAbstractButton) -> None:
        if self.buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.ApplyRole:
            self.apply()

    def accept(self) -> None:
        self.apply()
        super().accept()


__all__ = [
    "ShortcutsDialog",
    "action_key",
    "action_label",
    "apply_shortcuts",
    "default_shortcuts",
    "remember_defaults",
]
