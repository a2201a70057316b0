"""The Preferences dialog: editor font, theme, autosave, and a way to the plugin manager.

Nothing changes until the user presses Apply or OK; then every value is written to
:class:`~editor.ui.settings.AppSettings` (which emits ``changed(key)`` for what changed,
so the window restyles at once) and saved to disk.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from editor.ui.settings import (
    AUTOSAVE_MAX_SECONDS,
    FONT_SIZE_RANGE,
    LINE_SPACING_RANGE,
    THEME_AUTO,
    AppSettings,
    available_themes,
    resolve_theme,
    theme_palette,
)
from editor.ui.style import kind_color

PREVIEW_LINES = (
    ("Ana", "00:00", "So the thing about PyTorch is that you can"),
    (None, None, "prototype quickly and then deploy the same model."),
    ("Ben", "00:14", "Right — and the documentation is pretty good, teh"),
    (None, None, "tutorials especially."),
)
SPEAKER_COLORS = ("#1f77b4", "#2ca02c")


def editor_font(family: str, points: float) -> QFont:
    """The editor font for a family ("" = the system font) and size."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    if family:
        font.setFamily(family)
    font.setPointSizeF(points)
    return font


class ThemePreview(QWidget):
    """A small painted sample of the editor in a theme: gutter, text, the caret's line,
    a selection, a spelling underline and secondary text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._palette = theme_palette("default")
        self._font = editor_font("", 12.0)
        self._spacing = 135.0
        self.setMinimumSize(360, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Theme preview")

    def set_look(self, style_name: str, font: QFont, line_spacing: float) -> None:
        self._palette = theme_palette(style_name)
        self._font = QFont(font)
        self._spacing = line_spacing
        self.setToolTip(f"Preview of “{self._palette['name']}”")
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(440, max(150, self._line_height() * len(PREVIEW_LINES) + 28))

    def _line_height(self) -> int:
        painter_font = QFont(self._font)
        painter_font.setPointSizeF(min(self._font.pointSizeF(), 16.0))  # a preview, not the editor
        return int(QFontMetrics(painter_font).height() * self._spacing / 100)

    def paintEvent(self, event) -> None:
        pal = self._palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        clip = QPainterPath()
        clip.addRoundedRect(frame, 6, 6)
        painter.setClipPath(clip)
        painter.fillRect(self.rect(), QColor(pal["background"]))
        font = QFont(self._font)
        font.setPointSizeF(min(font.pointSizeF(), 16.0))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        line = self._line_height()
        gutter = 64
        painter.fillRect(0, 0, gutter, self.height(), QColor(pal["gutter_background"]))
        top = 12
        speaker_index = -1
        for number, (speaker, stamp, text) in enumerate(PREVIEW_LINES):
            if speaker:
                speaker_index += 1
            baseline = top + number * line + metrics.ascent() + (line - metrics.height()) // 2
            color = QColor(SPEAKER_COLORS[speaker_index % len(SPEAKER_COLORS)])
            painter.fillRect(gutter - 6, top + number * line, 3, line, color)
            if number == 1:  # the caret's line
                painter.fillRect(gutter, top + number * line, self.width() - gutter, line, QColor(pal["line_highlight"]))
            if speaker:
                bold = QFont(font)
                bold.setBold(True)
                painter.setFont(bold)
                painter.setPen(color)
                painter.drawText(8, baseline, speaker)
                painter.setFont(small)
                painter.setPen(QColor(pal["comment"]))
                painter.drawText(8, baseline + line, stamp or "")
                painter.setFont(font)
            x = gutter + 10
            if number == 0:  # a selected word
                start = text.index("PyTorch")
                left = x + metrics.horizontalAdvance(text[:start])
                width = metrics.horizontalAdvance("PyTorch")
                painter.fillRect(left, top + number * line, width, line, QColor(pal["selection"]))
            painter.setPen(QColor(pal["foreground"]))
            painter.drawText(x, baseline, text)
            if text.endswith("teh"):  # a spelling finding
                left = x + metrics.horizontalAdvance(text[:-3])
                self._wavy(painter, left, baseline + 3, metrics.horizontalAdvance("teh"), QColor(kind_color("spelling")))
        painter.setClipping(False)
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.drawRoundedRect(frame, 6, 6)

    @staticmethod
    def _wavy(painter: QPainter, left: int, y: int, width: int, color: QColor) -> None:
        path = QPainterPath()
        path.moveTo(left, y)
        step = 2.0
        x, up = float(left), True
        while x < left + width:
            x += step
            path.lineTo(x, y - step if up else y)
            up = not up
        painter.setPen(QPen(color, 1.2))
        painter.drawPath(path)


def _swatch(style_name: str) -> QIcon:
    """A list icon: the style's background with a bar of its text and selection colours."""
    pal = theme_palette(style_name)
    pixmap = QPixmap(28, 18)
    pixmap.fill(QColor(pal["background"]))
    painter = QPainter(pixmap)
    painter.fillRect(4, 4, 12, 4, QColor(pal["foreground"]))
    painter.fillRect(4, 10, 8, 4, QColor(pal["selection"]))
    painter.fillRect(14, 10, 10, 4, QColor(pal["comment"]))
    painter.setPen(QColor("#808080"))
    painter.drawRect(0, 0, 27, 17)
    painter.end()
    return QIcon(pixmap)


class PreferencesDialog(QDialog):
    """Editor, Appearance, Saving and Checking pages with OK / Cancel / Apply."""

    openPluginManager = Signal()  # the user pressed "Plugins…" on the Checking page

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Preference pages")
        self.tabs.addTab(self._editor_page(), "&Editor")
        self.tabs.addTab(self._appearance_page(), "&Appearance")
        self.tabs.addTab(self._saving_page(), "&Saving")
        self.tabs.addTab(self._checking_page(), "C&hecking")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Apply,
            self,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.clicked.connect(self._button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self._load()
        for signal in (
            self.system_font.toggled,
            self.font_combo.currentFontChanged,
            self.font_size.valueChanged,
            self.line_spacing.valueChanged,
            self.theme_list.currentRowChanged,
            self.autosave.valueChanged,
        ):
            signal.connect(self._edited)
        self._edited()
        self.resize(560, 480)

    # ------------------------------------------------------------------ pages

    def _editor_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.system_font = QCheckBox("Use the system font")
        self.system_font.setAccessibleName("Use the system font")
        self.font_combo = QFontComboBox()
        self.font_combo.setAccessibleName("Font family")
        self.font_combo.setToolTip("The font of the transcript text")
        self.font_size = QDoubleSpinBox()
        self.font_size.setRange(*FONT_SIZE_RANGE)
        self.font_size.setSingleStep(0.5)
        self.font_size.setDecimals(1)
        self.font_size.setSuffix(" pt")
        self.font_size.setAccessibleName("Font size")
        self.font_size.setToolTip("Also Ctrl+Plus and Ctrl+Minus in the editor")
        self.line_spacing = QSpinBox()
        self.line_spacing.setRange(int(LINE_SPACING_RANGE[0]), int(LINE_SPACING_RANGE[1]))
        self.line_spacing.setSingleStep(5)
        self.line_spacing.setSuffix(" %")
        self.line_spacing.setAccessibleName("Line spacing")
        self.line_spacing.setToolTip("Line height as a percentage of the font's own (100 % = single spacing)")
        self.editor_preview = ThemePreview()
        form.addRow(self.system_font)
        form.addRow("&Font:", self.font_combo)
        form.addRow("Si&ze:", self.font_size)
        form.addRow("&Line spacing:", self.line_spacing)
        form.addRow(self.editor_preview)
        self.system_font.toggled.connect(lambda on: self.font_combo.setEnabled(not on))
        return page

    def _appearance_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        label = QLabel("Editor &colours (from Pygments styles):")
        self.theme_list = QListWidget()
        self.theme_list.setAccessibleName("Theme")
        self.theme_list.setIconSize(QSize(28, 18))
        label.setBuddy(self.theme_list)
        light, dark = resolve_theme(THEME_AUTO, False), resolve_theme(THEME_AUTO, True)
        auto = QListWidgetItem(_swatch(THEME_AUTO), f"Follow the system  ({light} / {dark})")
        auto.setData(Qt.ItemDataRole.UserRole, THEME_AUTO)
        auto.setToolTip("Light or dark colours as the desktop is set")
        self.theme_list.addItem(auto)
        for theme in available_themes():
            item = QListWidgetItem(_swatch(theme.name), f"{theme.name}  — dark" if theme.dark else theme.name)
            item.setData(Qt.ItemDataRole.UserRole, theme.name)
            self.theme_list.addItem(item)
        self.theme_preview = ThemePreview()
        layout.addWidget(label)
        layout.addWidget(self.theme_list, 1)
        layout.addWidget(self.theme_preview)
        return page

    def _saving_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.autosave = QSpinBox()
        self.autosave.setRange(0, AUTOSAVE_MAX_SECONDS)
        self.autosave.setSingleStep(10)
        self.autosave.setSuffix(" s")
        self.autosave.setSpecialValueText("Off")
        self.autosave.setAccessibleName("Autosave interval")
        self.autosave.setToolTip("0 turns autosave off")
        form.addRow("&Autosave every:", self.autosave)
        note = QLabel(
            "Autosaves go to Galley's own folder, never over your file. After a crash, Galley "
            "offers the newer autosave when you open the file again."
        )
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def _checking_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel(
            "Spelling, sound-alikes, consistency, fillers and replacement rules are plugins. "
            "Switch them on or off, see their errors and change their settings in the plugin manager."
        )
        note.setWordWrap(True)
        self.plugins_button = QPushButton("&Plugins…")
        self.plugins_button.setAccessibleName("Open the plugin manager")
        self.plugins_button.setToolTip("Open the plugin manager")
        self.plugins_button.clicked.connect(self.openPluginManager)
        row = QHBoxLayout()
        row.addWidget(self.plugins_button)
        row.addStretch(1)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    # ------------------------------------------------------------- values

    def _load(self) -> None:
        s = self.settings
        self.system_font.setChecked(not s.font_family)
        self.font_combo.setEnabled(bool(s.font_family))
        self.font_combo.setCurrentFont(editor_font(s.font_family, s.font_size))
        self.font_size.setValue(s.font_size)
        self.line_spacing.setValue(round(s.line_spacing))
        self.autosave.setValue(s.autosave_seconds)
        for row in range(self.theme_list.count()):
            if self.theme_list.item(row).data(Qt.ItemDataRole.UserRole) == s.theme:
                self.theme_list.setCurrentRow(row)
                break

    def chosen_family(self) -> str:
        return "" if self.system_font.isChecked() else self.font_combo.currentFont().family()

    def chosen_theme(self) -> str:
        item = self.theme_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else THEME_AUTO

    def _values(self) -> dict[str, object]:
        return {
            "font_family": self.chosen_family(),
            "font_size": round(self.font_size.value(), 2),
            "line_spacing": float(self.line_spacing.value()),
            "theme": self.chosen_theme(),
            "autosave_seconds": self.autosave.value(),
        }

    def is_modified(self) -> bool:
        return any(getattr(self.settings, key) != value for key, value in self._values().items())

    def _edited(self, *_args: object) -> None:
        font = editor_font(self.chosen_family(), self.font_size.value())
        for preview in (self.editor_preview, self.theme_preview):
            preview.set_look(self.chosen_theme(), font, self.line_spacing.value())
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setEnabled(self.is_modified())

    def apply(self) -> None:
        """Write every value to the settings (``changed`` fires for each that differs) and save."""
        for key, value in self._values().items():
            setattr(self.settings, key, value)
        self.settings.save()
        self._edited()

    def _button_clicked(self, button: QAbstractButton) -> None:
        if self.buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.ApplyRole:
            self.apply()

    def accept(self) -> None:
        self.apply()
        super().accept()
