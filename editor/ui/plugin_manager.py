"""The plugin manager: every plugin's state and errors, on/off, and its settings page.

The list shows each :class:`~editor.plugin_host.registry.PluginRecord` (built-in, user and
entry-point plugins, broken ones too) with a coloured state chip and an enable checkbox.
The panel beside it shows the selected plugin: description, error with a "Details…" view
of the full text and any malformed-output reports, its tools, and a settings page
generated from the manifest's settings schema.

Changes take effect at once, like a desktop preferences panel: switching a plugin on or
off, or committing a valid setting (Enter, focus leaving the field, a spin-box step), is
written to :class:`~editor.ui.settings.AppSettings` and saved; ``settingsChanged`` is then
emitted (coalesced, so a burst of edits gives one re-check) and the window rebuilds its
Checker. An invalid value turns its field red and is never saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor import paths
from editor.plugin_host.manifest import PluginManifest, SettingSpec
from editor.plugin_host.registry import PluginRecord, PluginRegistry, PluginState
from editor.ui.settings import AppSettings
from editor.ui.style import kind_color

STATE_COLORS: dict[str, str] = {  # chip backgrounds; white text is readable on each
    PluginState.DISCOVERED.value: "#5a6978",
    PluginState.LOADED.value: "#1f6fb4",
    PluginState.ACTIVE.value: "#23802d",
    PluginState.DISABLED.value: "#6f6f6f",
    PluginState.INCOMPATIBLE.value: "#b35900",
    PluginState.ERROR.value: "#c62828",
}
STATE_HELP: dict[str, str] = {
    PluginState.DISCOVERED.value: "Found; its code is loaded the first time one of its tools runs",
    PluginState.LOADED.value: "Code loaded; no tool has finished a run yet",
    PluginState.ACTIVE.value: "Running normally",
    PluginState.DISABLED.value: "Switched off",
    PluginState.INCOMPATIBLE.value: "Written for another version of Galley's plugin API",
    PluginState.ERROR.value: "Stopped because of an error (switch it on again to retry)",
}
SOURCE_NAMES = {"builtin": "Built-in", "user": "User", "entry point": "Entry point"}
ERROR_COLOR = "#c62828"
WARNING_COLOR = "#b35900"
SETTINGS_SIGNAL_DELAY_MS = 250
STATE_POLL_MS = 1000  # states change while checks run in the background

ON, NAME, ID, VERSION, SOURCE, STATE = range(6)
RECORD_ROLE = Qt.ItemDataRole.UserRole
STATE_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_ROLE = Qt.ItemDataRole.UserRole + 2
INT_LIMIT = 2_000_000_000


class StateChipDelegate(QStyledItemDelegate):
    """Paints a plugin state as a small coloured pill."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        state = str(index.data(STATE_ROLE) or "")
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not state:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(opt.font)
        font.setBold(True)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        height = metrics.height() + 4
        chip = QRect(opt.rect.left() + 4, opt.rect.center().y() - height // 2 + 1, metrics.horizontalAdvance(state) + 14, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(STATE_COLORS.get(state, "#6f6f6f")))
        painter.drawRoundedRect(chip, height / 2, height / 2)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, state)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(max(size.width(), option.fontMetrics.horizontalAdvance(str(index.data(STATE_ROLE) or "")) + 30), size.height() + 4)


# ------------------------------------------------------------- settings page


class _ClickLabel(QLabel):
    """A wrapped label that toggles its check box when clicked (check box text cannot wrap)."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self._box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mousePressEvent(self, event) -> None:
        self._box.toggle()
        self._box.setFocus()


class SettingField:
    """One generated editor for a :class:`SettingSpec`: reads, writes and validates it."""

    def __init__(self, spec: SettingSpec, on_commit: Callable[[SettingField], None]) -> None:
        self.spec = spec
        self.error_label = QLabel()
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.widget: QWidget = self._make(lambda *_: on_commit(self), lambda *_: self.show_validity())
        self.widget.setAccessibleName(spec.title)
        self.widget.setToolTip(spec.description or spec.title)
        self._plain_palette = QPalette(self.widget.palette())

    def _make(self, commit: Callable[..., None], edit: Callable[..., None]) -> QWidget:
        spec = self.spec
        if spec.choices:
            combo = QComboBox()
            for choice in spec.choices:
                combo.addItem(str(choice), choice)
            combo.currentIndexChanged.connect(commit)
            return combo
        if spec.type == "boolean":
            box = QCheckBox()
            box.toggled.connect(commit)
            return box
        if spec.type in ("integer", "number"):
            spin: QSpinBox | QDoubleSpinBox
            if spec.type == "integer":
                spin = QSpinBox()
                low = int(spec.minimum) if spec.minimum is not None else -INT_LIMIT
                high = int(spec.maximum) if spec.maximum is not None else INT_LIMIT
            else:
                spin = QDoubleSpinBox()
                spin.setDecimals(_decimals(spec))
                span = (spec.maximum or 0) - (spec.minimum or 0)
                spin.setSingleStep(0.05 if spec.minimum is not None and spec.maximum is not None and span <= 2 else 1.0)
                low = float(spec.minimum) if spec.minimum is not None else -1e12
                high = float(spec.maximum) if spec.maximum is not None else 1e12
            spin.setRange(low, high)
            spin.setKeyboardTracking(False)  # valueChanged on Enter, focus-out or a step: one save per edit
            spin.valueChanged.connect(commit)
            spin.lineEdit().textChanged.connect(edit)  # also intermediate text (the spin box signal is not)
            if spec.minimum is not None and spec.maximum is not None:
                spin.setToolTip(f"{spec.description or spec.title}\n({spec.minimum} … {spec.maximum})")
            return spin
        line = QLineEdit()
        if spec.type == "list":
            line.setPlaceholderText("comma-separated values")
        line.editingFinished.connect(commit)
        line.textEdited.connect(edit)
        return line

    # ------------------------------------------------------------------ values

    def set_value(self, value: Any) -> None:
        widget, spec = self.widget, self.spec
        widget.blockSignals(True)
        try:
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, list(spec.choices).index(value)) if value in spec.choices else 0)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
                widget.setValue(value)
            elif isinstance(widget, QLineEdit):
                widget.setText(", ".join(str(v) for v in value) if spec.type == "list" else str(value))
        finally:
            widget.blockSignals(False)
        self.show_validity()

    def read(self) -> tuple[bool, Any]:
        """``(valid, value)`` from the widget, checked with ``SettingSpec.accepts``."""
        widget, spec = self.widget, self.spec
        if isinstance(widget, QComboBox):
            value = widget.currentData()
        elif isinstance(widget, QCheckBox):
            value = widget.isChecked()
        elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            if not widget.hasAcceptableInput():
                return False, widget.text()
            value = widget.valueFromText(widget.cleanText())
            value = int(value) if spec.type == "integer" else float(value)
        else:
            text = widget.text()
            if spec.type != "list":
                value = text
            else:
                parsed = _parse_list(text, spec.default)
                if parsed is None:
                    return False, text
                value = parsed
        return spec.accepts(value), value

    def show_validity(self) -> bool:
        valid, _value = self.read()
        palette = QPalette(self._plain_palette)
        if not valid:
            palette.setColor(QPalette.ColorRole.Text, QColor(ERROR_COLOR))
            self.error_label.setText(self._problem())
        self.widget.setPalette(palette)
        self.error_label.setVisible(not valid)
        return valid

    def _problem(self) -> str:
        spec = self.spec
        if spec.type in ("integer", "number") and spec.minimum is not None and spec.maximum is not None:
            return f"Enter a {'whole ' if spec.type == 'integer' else ''}number from {spec.minimum} to {spec.maximum} — not saved."
        if spec.type == "list":
            kind = {int: "whole numbers", float: "numbers"}.get(_item_type(spec.default), "values")
            return f"Enter {kind} separated by commas — not saved."
        return f"Not a valid {spec.type} — not saved."


def _decimals(spec: SettingSpec) -> int:
    """Enough decimals for a number setting's default and bounds (at least 2)."""
    places = [len(repr(float(v)).split(".")[1]) for v in (spec.default, spec.minimum, spec.maximum) if v is not None]
    return min(6, max([2, *places]))


def _item_type(default: Any) -> type:
    """The type of a list setting's items, judged from its default (text when unknown)."""
    items = default if isinstance(default, list) else []
    if items and all(isinstance(i, int) and not isinstance(i, bool) for i in items):
        return int
    if items and all(isinstance(i, (int, float)) and not isinstance(i, bool) for i in items):
        return float
    return str


def _parse_list(text: str, default: Any) -> list[Any] | None:
    """Comma-separated text as a list of the default's item type; None if an item is not one."""
    kind = _item_type(default)
    items = [part.strip() for part in text.split(",") if part.strip()]
    try:
        return [kind(item) for item in items]
    except ValueError:
        return None


class PluginSettingsForm(QWidget):
    """The settings page of one plugin, generated from its manifest's settings schema.

    ``committed`` fires when the user finishes editing a field with a valid value (an
    invalid one only turns red); ``values()`` gives only valid values.
    """

    committed = Signal()  # a field was committed with a valid value: save

    def __init__(self, manifest: PluginManifest, stored: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.manifest = manifest
        self.fields: dict[str, SettingField] = {}
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setContentsMargins(0, 0, 0, 0)
        for spec in manifest.settings:
            field = SettingField(spec, self._commit)
            self.fields[spec.key] = field
            value = stored.get(spec.key, spec.default)
            field.set_value(value if spec.accepts(value) else spec.default)
            if spec.key in stored and not spec.accepts(stored[spec.key]):
                field.error_label.setText(f"The saved value {stored[spec.key]!r} was not valid; showing the default.")
                field.error_label.show()
            if isinstance(field.widget, QCheckBox):
                row = QHBoxLayout()
                row.addWidget(field.widget)
                row.addWidget(_ClickLabel(spec.title, field.widget), 1)
                form.addRow(row)
            else:
                title = QLabel(spec.title + ":")
                title.setWordWrap(True)
                title.setBuddy(field.widget)
                form.addRow(title)
                if isinstance(field.widget, QLineEdit):
                    form.addRow(field.widget)
                else:  # a number or a choice needs no full width
                    field.widget.setMinimumWidth(120)
                    row = QHBoxLayout()
                    row.addWidget(field.widget)
                    row.addStretch(1)
                    form.addRow(row)
            if spec.description:
                note = QLabel(spec.description)
                note.setWordWrap(True)
                note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                form.addRow(note)
            form.addRow(field.error_label)

    def field(self, key: str) -> SettingField:
        return self.fields[key]

    def _commit(self, field: SettingField) -> None:
        if field.show_validity():
            self.committed.emit()

    def values(self) -> dict[str, Any]:
        """Every field whose current value is valid, by key."""
        result = {}
        for key, field in self.fields.items():
            valid, value = field.read()
            if valid:
                result[key] = value
        return result

    def invalid_keys(self) -> list[str]:
        return [key for key, field in self.fields.items() if not field.read()[0]]

    def restore_defaults(self) -> None:
        for field in self.fields.values():
            field.set_value(field.spec.default)
        self.committed.emit()


# ------------------------------------------------------------------- details


class PluginDetailsDialog(QDialog):
    """The full error text and malformed-output reports of a plugin, to read and copy."""

    def __init__(self, record: PluginRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = record.manifest.name if record.manifest else record.location.name
        self.setWindowTitle(f"{name} — details")
        self.text = QPlainTextEdit(details_text(record))
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Plugin error details")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("&Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.setToolTip("Copy the details to the clipboard (to paste into a bug report)")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 360)


def details_text(record: PluginRecord) -> str:
    """Everything known about a plugin's trouble, as plain text for a bug report."""
    manifest = record.manifest
    lines = [
        f"Plugin: {manifest.name} ({manifest.id}) {manifest.version}" if manifest else f"Plugin folder: {record.location.name}",
        f"Source: {SOURCE_NAMES.get(record.source, record.source)} — {record.location}",
        f"State: {record.state.value}",
        "",
        "Error:" if record.error else "No error.",
    ]
    if record.error:
        lines.append(record.error)
    if record.problems:
        lines += ["", f"Malformed output reports ({len(record.problems)}, most recent last):", *(f"- {p}" for p in record.problems)]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------- dialog


class PluginManagerDialog(QDialog):
    """Every plugin with its state, on/off switch, error details, tools and settings."""

    settingsChanged = Signal()  # enabled plugins or plugin settings changed: rebuild the Checker
    reloadRequested = Signal()  # re-discover plugins: build a new registry, then call set_registry()

    def __init__(self, registry: PluginRegistry, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.settings = settings
        self.form: PluginSettingsForm | None = None
        self.details_dialog: PluginDetailsDialog | None = None
        self._building = False
        self.setWindowTitle("Plugins")
        self.setAccessibleName("Plugin manager")

        self.table = QTreeWidget()
        self.table.setAccessibleName("Plugins")
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHeaderLabels(["On", "Plugin", "ID", "Version", "Source", "State"])
        self.table.setItemDelegateForColumn(STATE, StateChipDelegate(self.table))
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (ON, ID, VERSION, SOURCE, STATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._item_changed)
        toggle = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table, context=Qt.ShortcutContext.WidgetShortcut)
        toggle.activated.connect(self._toggle_current)
        self.table.currentItemChanged.connect(lambda *_: self._show_selected())
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table)
        left_layout.addWidget(self.empty_label)
        splitter.addWidget(left)
        splitter.addWidget(self._details_panel())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)

        self.folder_button = QPushButton("Open plugin &folder")
        self.folder_button.setToolTip(f"Put user plugins here: {paths.user_plugins_dir()}")
        self.folder_button.clicked.connect(self.open_plugin_folder)
        self.reload_button = QPushButton("&Reload")
        self.reload_button.setToolTip("Look for new, changed or removed plugins")
        self.reload_button.clicked.connect(self._reload)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        for button in (*self.findChildren(QPushButton), buttons.button(QDialogButtonBox.StandardButton.Close)):
            button.setAutoDefault(False)  # Enter commits a setting; it must not close the manager
            button.setDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.folder_button)
        bottom.addWidget(self.reload_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self._signal_timer = QTimer(self)
        self._signal_timer.setSingleShot(True)
        self._signal_timer.setInterval(SETTINGS_SIGNAL_DELAY_MS)
        self._signal_timer.timeout.connect(self.settingsChanged)
        self._poll = QTimer(self)
        self._poll.setInterval(STATE_POLL_MS)
        self._poll.timeout.connect(self.refresh)
        self.resize(1000, 620)
        self._populate()

    def _details_panel(self) -> QWidget:
        panel = QWidget()
        panel.setMinimumWidth(380)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        title_font = QFont(self.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
        self.title_label.setFont(title_font)
        self.meta_label = QLabel()
        self.meta_label.setWordWrap(True)
        self.meta_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.description_label = QLabel()
        self.description_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setAccessibleName("Plugin error")
        self.details_button = QPushButton("&Details…")
        self.details_button.setToolTip("The full error text and malformed-output reports, to copy")
        self.details_button.clicked.connect(self.show_details)
        error_row = QHBoxLayout()
        error_row.addWidget(self.error_label, 1)
        error_row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)

        self.tools_label = QLabel("<b>Tools</b>")
        self.tools_view = QTreeWidget()
        self.tools_view.setAccessibleName("Tools of the plugin")
        self.tools_view.setRootIsDecorated(False)
        self.tools_view.setHeaderLabels(["Tool", "ID", "Runs", "Kinds"])
        self.tools_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tools_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tools_view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.settings_label = QLabel("<b>Settings</b>")
        self.restore_button = QPushButton("Restore &defaults")
        self.restore_button.setToolTip("Put every setting of this plugin back to its default")
        self.restore_button.clicked.connect(self._restore_defaults)
        settings_header = QHBoxLayout()
        settings_header.addWidget(self.settings_label)
        settings_header.addStretch(1)
        settings_header.addWidget(self.restore_button)
        self.settings_area = QScrollArea()
        self.settings_area.setWidgetResizable(True)
        self.settings_area.setFrameShape(QFrame.Shape.NoFrame)
        self.settings_area.setAccessibleName("Plugin settings")
        self.no_settings_label = QLabel()
        self.no_settings_label.setWordWrap(True)
        self.no_settings_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.meta_label)
        layout.addWidget(self.description_label)
        layout.addLayout(error_row)
        layout.addWidget(self.tools_label)
        layout.addWidget(self.tools_view)
        layout.addLayout(settings_header)
        layout.addWidget(self.no_settings_label)
        layout.addWidget(self.settings_area, 100)
        layout.addStretch(1)  # keeps the panel packed at the top when there is no settings page
        return panel

    # ------------------------------------------------------------------ list

    def set_registry(self, registry: PluginRegistry) -> None:
        """Show a re-discovered registry (after ``reloadRequested``), keeping the selection."""
        current = self.current_record()
        key = (current.source, str(current.location)) if current else None
        self.registry = registry
        self._populate(key)

    def _populate(self, select: tuple[str, str] | None = None) -> None:
        self._building = True
        self.table.clear()
        target = None
        for record in self.registry.records:
            item = QTreeWidgetItem()
            item.setData(NAME, RECORD_ROLE, record)
            self.table.addTopLevelItem(item)
            self._fill_row(item, record)
            if select == (record.source, str(record.location)):
                target = item
        self._building = False
        empty = not self.registry.records
        self.empty_label.setVisible(empty)
        self.empty_label.setText(
            f"No plugins found. Put a plugin folder in {paths.user_plugins_dir()} and press Reload." if empty else ""
        )
        self.table.setCurrentItem(target or self.table.topLevelItem(0))
        self._show_selected()

    def _toggleable(self, record: PluginRecord) -> bool:
        """Whether the on/off switch means anything for this record."""
        if record.manifest is None or record.state == PluginState.INCOMPATIBLE:
            return False
        try:
            return self.registry.record(record.manifest.id) is record  # a refused duplicate is not
        except StopIteration:
            return False

    def _enabled(self, record: PluginRecord) -> bool:
        return record.id not in self.settings.disabled_plugins and record.state != PluginState.DISABLED

    def _fill_row(self, item: QTreeWidgetItem, record: PluginRecord) -> None:
        was_building, self._building = self._building, True
        manifest = record.manifest
        item.setText(NAME, manifest.name if manifest else record.location.name)
        item.setText(ID, manifest.id if manifest else "—")
        item.setText(VERSION, manifest.version if manifest else "—")
        item.setText(SOURCE, SOURCE_NAMES.get(record.source, record.source))
        item.setData(STATE, STATE_ROLE, record.state.value)
        item.setData(STATE, ERROR_ROLE, (record.error, len(record.problems)))
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._toggleable(record):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        item.setFlags(flags)
        if self._toggleable(record):
            item.setCheckState(ON, Qt.CheckState.Checked if self._enabled(record) else Qt.CheckState.Unchecked)
        else:  # no switch at all: nothing the user could do with it
            item.setData(ON, Qt.ItemDataRole.CheckStateRole, None)
        tip = STATE_HELP.get(record.state.value, "")
        if record.error:
            tip += f"\n{record.error}"
        for column in range(item.columnCount()):
            item.setToolTip(column, tip)
        item.setToolTip(ON, "Switch this plugin on or off (Space)" if self._toggleable(record) else "This plugin cannot be switched on")
        self._building = was_building

    def rows(self) -> list[dict[str, str]]:
        """What each row shows (name, id, version, source, state, enabled), top to bottom."""
        result = []
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            result.append(
                {
                    "name": item.text(NAME),
                    "id": item.text(ID),
                    "version": item.text(VERSION),
                    "source": item.text(SOURCE),
                    "state": item.data(STATE, STATE_ROLE),
                    "enabled": item.checkState(ON) == Qt.CheckState.Checked,
                    "checkable": bool(item.flags() & Qt.ItemFlag.ItemIsUserCheckable),
                }
            )
        return result

    def item_for(self, plugin_id: str) -> QTreeWidgetItem:
        """The row of the (first) plugin with this id (a folder name for a plugin whose
        manifest could not be read)."""
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if item.data(NAME, RECORD_ROLE).id == plugin_id:
                return item
        raise KeyError(plugin_id)

    def select(self, plugin_id: str) -> None:
        self.table.setCurrentItem(self.item_for(plugin_id))

    def current_record(self) -> PluginRecord | None:
        item = self.table.currentItem()
        return item.data(NAME, RECORD_ROLE) if item else None

    def refresh(self) -> None:
        """Re-read every record's state and error (they change while checks run)."""
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            record: PluginRecord = item.data(NAME, RECORD_ROLE)
            if item.data(STATE, STATE_ROLE) != record.state.value or item.data(STATE, ERROR_ROLE) != (record.error, len(record.problems)):
                self._fill_row(item, record)
        self._show_status(self.current_record())

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._building or column != ON:
            return
        record: PluginRecord = item.data(NAME, RECORD_ROLE)
        if record is None or not self._toggleable(record):
            return
        self.set_plugin_enabled(record.id, item.checkState(ON) == Qt.CheckState.Checked)

    def _toggle_current(self) -> None:
        item = self.table.currentItem()
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            checked = item.checkState(ON) == Qt.CheckState.Checked
            item.setCheckState(ON, Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def set_plugin_enabled(self, plugin_id: str, enabled: bool) -> None:
        """Switch a plugin on or off: the registry at once, the settings saved."""
        self.registry.set_enabled(plugin_id, enabled)
        self.settings.set_plugin_disabled(plugin_id, not enabled)
        self.settings.save()
        record = self.registry.record(plugin_id)
        self._fill_row(self.item_for(plugin_id), record)
        if self.current_record() is record:
            self._show_status(record)
        self._signal_timer.start()

    # --------------------------------------------------------------- details

    def _show_selected(self) -> None:
        record = self.current_record()
        has = record is not None
        for widget in (self.tools_label, self.tools_view, self.settings_label, self.restore_button):
            widget.setVisible(has)
        if record is None:
            self.title_label.setText("No plugin selected" if self.registry.records else "No plugins")
            self.meta_label.setText("")
            self.description_label.setText("Select a plugin to see its tools and settings." if self.registry.records else "")
            self.error_label.hide()
            self.details_button.hide()
            self.no_settings_label.hide()
            self._set_form(None)
            return
        manifest = record.manifest
        self.title_label.setText(f"{manifest.name}  {manifest.version}" if manifest else record.location.name)
        source = SOURCE_NAMES.get(record.source, record.source)
        author = f" · by {manifest.author}" if manifest and manifest.author else ""
        self.meta_label.setText(f"{manifest.id if manifest else 'no manifest'} · {source}{author}\n{record.location}")
        self.description_label.setText(manifest.description if manifest and manifest.description else "")
        self.description_label.setVisible(bool(self.description_label.text()))
        self._show_status(record)
        self.tools_view.clear()
        for spec in manifest.tools if manifest else ():
            runs = "live" if spec.live else ("document" if spec.scope == "document" else "full check")
            row = QTreeWidgetItem([spec.name, spec.id, runs if spec.type == "correction" else f"{runs} · tagging", ", ".join(spec.kinds) or "—"])
            row.setToolTip(2, {
                "live": "Runs on each edited segment as you type, and on the whole document",
                "document": "Looks at the whole document; runs when you pause",
                "full check": "Runs on the whole document when you pause",
            }[runs])
            if len(spec.kinds) == 1:
                row.setForeground(3, QColor(kind_color(spec.kinds[0])))
            self.tools_view.addTopLevelItem(row)
        rows = max(1, self.tools_view.topLevelItemCount())
        self.tools_view.setFixedHeight(
            self.tools_view.header().sizeHint().height() + rows * max(18, self.tools_view.sizeHintForRow(0)) + 2 * self.tools_view.frameWidth() + 2
        )
        self.tools_label.setVisible(bool(manifest))
        self.tools_view.setVisible(bool(manifest))
        self._build_form(record)

    def _show_status(self, record: PluginRecord | None) -> None:
        """The error line and Details button of the selected plugin."""
        if record is None:
            return
        message = record.error
        if record.problems:
            extra = f"{len(record.problems)} malformed output report(s); the latest: {record.problems[-1]}"
            message = f"{message}\n{extra}" if message else extra
        first_lines = "\n".join(message.splitlines()[:4])
        self.error_label.setText(first_lines)
        # only dropped output and the plugin still runs: a warning, not an error
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR if record.error else WARNING_COLOR};")
        self.error_label.setVisible(bool(message))
        self.details_button.setVisible(bool(message))

    def _build_form(self, record: PluginRecord) -> None:
        manifest = record.manifest
        if manifest is None or not manifest.settings:
            self._set_form(None)
            self.no_settings_label.setText("This plugin has no settings." if manifest else "The manifest could not be read.")
            self.no_settings_label.show()
            self.restore_button.hide()
            return
        self.no_settings_label.hide()
        toggleable = self._toggleable(record)
        form = PluginSettingsForm(manifest, self.settings.settings_for_plugin(manifest.id))
        form.setEnabled(toggleable)  # a refused duplicate's settings belong to the first plugin
        form.committed.connect(self._save_form)
        self._set_form(form)
        self.restore_button.setVisible(True)
        self.restore_button.setEnabled(toggleable)

    def _set_form(self, form: PluginSettingsForm | None) -> None:
        old = self.settings_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.form = form
        if form is not None:
            self.settings_area.setWidget(form)
        self.settings_area.setVisible(form is not None)

    def _save_form(self) -> None:
        """Write the form's valid values (those that differ from the defaults); a field
        holding an invalid value keeps what was saved before."""
        form = self.form
        if form is None:
            return
        manifest = form.manifest
        stored = self.settings.settings_for_plugin(manifest.id)
        valid = form.values()
        values = {k: v for k, v in stored.items() if k not in form.fields}  # keys of other plugin versions
        for spec in manifest.settings:
            if spec.key in valid:
                if valid[spec.key] != spec.default:
                    values[spec.key] = valid[spec.key]
            elif spec.key in stored and spec.accepts(stored[spec.key]):
                values[spec.key] = stored[spec.key]
        if values != stored:
            self.settings.set_settings_for_plugin(manifest.id, values)
            self.settings.save()
            self._signal_timer.start()

    def _restore_defaults(self) -> None:
        if self.form is not None:
            self.form.restore_defaults()

    def show_details(self) -> PluginDetailsDialog | None:
        """Open the full error text of the selected plugin (not blocking the manager)."""
        record = self.current_record()
        if record is None:
            return None
        self.details_dialog = PluginDetailsDialog(record, self)
        self.details_dialog.open()
        return self.details_dialog

    # ---------------------------------------------------------------- buttons

    def open_plugin_folder(self) -> None:
        """Show the user plugin folder in the file manager (created when missing)."""
        folder = paths.user_plugins_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _reload(self) -> None:
        self.flush()
        self.reloadRequested.emit()

    def flush(self) -> None:
        """Emit a pending ``settingsChanged`` now (used when the dialog closes)."""
        if self._signal_timer.isActive():
            self._signal_timer.stop()
            self.settingsChanged.emit()

    # ----------------------------------------------------------------- events

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()
        self._poll.start()

    def hideEvent(self, event) -> None:
        self._poll.stop()
        super().hideEvent(event)

    def done(self, result: int) -> None:
        self._save_form()  # a field still being typed in counts as committed, like focus-out
        self.flush()
        super().done(result)
