"""Preferences, Keyboard Shortcuts and About, driven as a user would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QKeySequenceEdit, QMainWindow

import editor
from editor.ui.about import show_about
from editor.ui.preferences import PreferencesDialog
from editor.ui.settings import AppSettings
from editor.ui.shortcuts_dialog import PRIMARY, ShortcutsDialog, apply_shortcuts

pytestmark = pytest.mark.gui


@pytest.fixture
def preferences(qtbot) -> PreferencesDialog:
    dialog = PreferencesDialog(AppSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_apply_writes_the_font_size(qtbot, preferences: PreferencesDialog) -> None:
    settings = preferences.settings
    changed: list[str] = []
    settings.changed.connect(changed.append)
    apply = preferences.buttons.button(QDialogButtonBox.StandardButton.Apply)
    assert not apply.isEnabled()  # nothing to apply yet

    size = preferences.font_size
    size.setFocus()
    size.selectAll()
    qtbot.keyClicks(size, "15")
    assert apply.isEnabled()
    assert settings.font_size == 12.0  # not before Apply
    qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    assert settings.font_size == 15.0 and changed == ["font_size"]
    assert AppSettings().font_size == 15.0  # saved
    assert not apply.isEnabled()


def test_theme_line_spacing_autosave_and_ok(qtbot, preferences: PreferencesDialog) -> None:
    settings = preferences.settings
    preferences.tabs.setCurrentIndex(1)
    themes = preferences.theme_list
    row = next(r for r in range(themes.count()) if themes.item(r).data(Qt.ItemDataRole.UserRole) == "monokai")
    themes.setCurrentRow(row)
    assert "dark" in themes.item(row).text()
    # the preview shows the chosen theme's background at once
    image = preferences.theme_preview.grab().toImage()
    assert image.pixelColor(image.width() - 10, image.height() // 2) == QColor("#272822")
    preferences.line_spacing.setValue(160)
    preferences.autosave.setValue(0)
    assert preferences.autosave.text() == "Off"
    qtbot.mouseClick(preferences.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not preferences.isVisible()
    again = AppSettings()
    assert again.theme == "monokai" and again.line_spacing == 160 and again.autosave_seconds == 0
    assert settings.font_family == ""  # "Use the system font" stayed on


def test_cancel_writes_nothing(qtbot, preferences: PreferencesDialog) -> None:
    preferences.font_size.setValue(20)
    preferences.system_font.setChecked(False)
    qtbot.keyClick(preferences, Qt.Key.Key_Escape)
    assert preferences.settings.font_size == 12.0 and preferences.settings.font_family == ""


def test_plugins_button_asks_for_the_plugin_manager(qtbot, preferences: PreferencesDialog) -> None:
    preferences.tabs.setCurrentIndex(3)
    with qtbot.waitSignal(preferences.openPluginManager, timeout=1000):
        qtbot.mouseClick(preferences.plugins_button, Qt.MouseButton.LeftButton)


# ------------------------------------------------------------------ shortcuts


@pytest.fixture
def actions(qtbot) -> Iterator[list[QAction]]:
    window = QMainWindow()
    qtbot.addWidget(window)
    made = []
    for name, text, key in [
        ("save", "&Save", "Ctrl+S"),
        ("next_finding", "&Next Finding", "F8"),
        ("tag", "&Tag Selection", "Ctrl+T"),
        ("join", "&Join Lines into Paragraphs", ""),
    ]:
        action = QAction(text, window)
        action.setObjectName(name)
        if key:
            action.setShortcut(QKeySequence(key))
        window.addAction(action)
        made.append(action)
    yield made  # the window (which owns the actions) lives until the test ends


def open_shortcuts(qtbot, actions: list[QAction], settings: AppSettings) -> ShortcutsDialog:
    dialog = ShortcutsDialog(actions, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def record(qtbot, dialog: ShortcutsDialog, label: str, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """Select a row's shortcut cell, press Enter, press the new keys (as a user does)."""
    row = dialog.row_of(label)
    dialog.table.setFocus()
    dialog.table.setCurrentCell(row, PRIMARY)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    editor_widget = dialog.table.indexWidget(dialog.table.model().index(row, PRIMARY))
    assert isinstance(editor_widget, QKeySequenceEdit)
    qtbot.keyClick(editor_widget, key, modifiers)
    qtbot.waitUntil(lambda: dialog.table.indexWidget(dialog.table.model().index(row, PRIMARY)) is None, timeout=2000)


def test_edit_a_shortcut_and_save(qtbot, actions: list[QAction]) -> None:
    settings = AppSettings()
    dialog = open_shortcuts(qtbot, actions, settings)
    assert dialog.shortcut_texts(dialog.row_of("Next Finding"))[0] == "F8"  # labels without "&"
    record(qtbot, dialog, "Next Finding", Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert dialog.shortcut_texts(dialog.row_of("Next Finding"))[0] == QKeySequence("Ctrl+K").toString(QKeySequence.SequenceFormat.NativeText)
    assert actions[1].shortcut() == QKeySequence("F8")  # not before OK
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert actions[1].shortcut() == QKeySequence("Ctrl+K")
    assert settings.shortcuts == {"next_finding": "Ctrl+K"}  # only the change is stored
    assert AppSettings().shortcuts == {"next_finding": "Ctrl+K"}


def test_conflicts_are_shown_in_red(qtbot, actions: list[QAction]) -> None:
    dialog = open_shortcuts(qtbot, actions, AppSettings())
    assert not dialog.conflict_label.isVisible()
    record(qtbot, dialog, "Tag Selection", Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert set(dialog.conflicts()) == {"Ctrl+S"}
    assert dialog.conflict_label.isVisible() and "Save" in dialog.conflict_label.text()
    for label in ("Save", "Tag Selection"):
        cell = dialog.table.item(dialog.row_of(label), PRIMARY)
        assert cell.foreground().color() == QColor("#c62828")
        assert "also used by" in cell.toolTip()
    # reset that row: the conflict goes
    row = dialog.row_of("Tag Selection")
    assert dialog.table.item(row, 3).text() == "Reset"
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=dialog.table.visualItemRect(dialog.table.item(row, 3)).center())
    assert dialog.conflicts() == {} and not dialog.conflict_label.isVisible()
    assert dialog.shortcut_texts(row)[0] == "Ctrl+T"


def test_clear_reset_all_and_search(qtbot, actions: list[QAction]) -> None:
    dialog = open_shortcuts(qtbot, actions, AppSettings())
    row = dialog.row_of("Save")
    dialog.table.setFocus()
    dialog.table.setCurrentCell(row, PRIMARY)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert dialog.shortcut_texts(row) == ["", ""]
    qtbot.mouseClick(dialog.reset_all_button, Qt.MouseButton.LeftButton)
    assert dialog.shortcut_texts(row)[0] == "Ctrl+S"
    qtbot.keyClicks(dialog.search, "para")
    visible = [dialog.rows[r].label for r in range(len(dialog.rows)) if not dialog.table.isRowHidden(r)]
    assert visible == ["Join Lines into Paragraphs"]
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "f8")  # keys are searchable too
    assert [dialog.rows[r].label for r in range(len(dialog.rows)) if not dialog.table.isRowHidden(r)] == ["Next Finding"]


def test_saved_overrides_apply_at_start_and_defaults_survive(qtbot, actions: list[QAction]) -> None:
    settings = AppSettings()
    settings.shortcuts = {"save": "Ctrl+Alt+S", "tag": ""}
    apply_shortcuts(actions, settings)
    assert actions[0].shortcut() == QKeySequence("Ctrl+Alt+S") and actions[2].shortcut().isEmpty()
    dialog = open_shortcuts(qtbot, actions, settings)
    qtbot.mouseClick(dialog.reset_all_button, Qt.MouseButton.LeftButton)  # back to the real defaults
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Apply), Qt.MouseButton.LeftButton)
    assert actions[0].shortcut() == QKeySequence("Ctrl+S") and actions[2].shortcut() == QKeySequence("Ctrl+T")
    assert settings.shortcuts == {}


# ---------------------------------------------------------------------- about


def test_about_names_version_licence_and_data_licences(qtbot) -> None:
    dialog = show_about(None)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    text = dialog.text.text()
    assert editor.__version__ in text and "MIT" in text
    assert "PySide6" in text and "Qt" in text and "Python" in text
    assert "pyspellchecker" in text and "SCOWL" in text
    assert "plugins.md" in text
