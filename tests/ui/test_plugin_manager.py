"""The plugin manager as a user sees it, over the fixture plugins and the built-in ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QLineEdit, QSpinBox

from editor import paths
from editor.core.document import Document
from editor.core.model import Segment
from editor.plugin_api import EmptyLexicon
from editor.plugin_host.check import Checker, default_registry
from editor.plugin_host.registry import PluginRegistry, PluginState
from editor.ui.plugin_manager import PluginManagerDialog, details_text
from editor.ui.settings import AppSettings

pytestmark = pytest.mark.gui

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "plugins"


def fixture_registry(disabled: tuple[str, ...] = ()) -> PluginRegistry:
    return PluginRegistry(FIXTURES, None, entry_points=False, disabled=disabled)


def checker(registry: PluginRegistry, settings: AppSettings | None = None) -> Checker:
    return Checker(registry, settings=settings.plugin_settings if settings else None, lexicon_loader=lambda _lang: EmptyLexicon())


@pytest.fixture
def doc() -> Document:
    return Document([Segment("s1", "teh cat sat on hte mat", None), Segment("s2", "and then teh dog", None)])


def open_manager(qtbot, registry: PluginRegistry, settings: AppSettings) -> PluginManagerDialog:
    dialog = PluginManagerDialog(registry, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_rows_show_every_plugin_with_its_state(qtbot) -> None:
    dialog = open_manager(qtbot, fixture_registry(), AppSettings())
    rows: dict[str, dict] = {}
    for row in dialog.rows():
        rows.setdefault(row["id"] if row["id"] != "—" else row["name"], row)  # the first of a duplicated id
    assert rows["bad_manifest"]["state"] == "error" and not rows["bad_manifest"]["checkable"]
    assert rows["fixture.incompatible"]["state"] == "incompatible" and not rows["fixture.incompatible"]["checkable"]
    assert rows["fixture.good"]["state"] == "discovered" and rows["fixture.good"]["enabled"]
    assert rows["fixture.good"]["version"] == "0.1.0" and rows["fixture.good"]["source"] == "Built-in"
    duplicate = next(r for r in dialog.rows() if r["name"] == "Fixture duplicate")
    assert duplicate["state"] == "error" and not duplicate["checkable"]  # a refused duplicate has no switch
    assert len(dialog.rows()) == len(dialog.registry.records)


def test_a_crashing_plugin_shows_its_error_and_details(qtbot, doc: Document) -> None:
    registry = fixture_registry()
    tools, _unknown = registry.find_tools(["raises", "garbage", "good"], tool_type="correction")
    checker(registry).check(doc, tools)
    assert registry.record("fixture.raises").state == PluginState.ERROR
    dialog = open_manager(qtbot, registry, AppSettings())

    dialog.select("fixture.raises")
    assert dialog.rows()[[r["id"] for r in dialog.rows()].index("fixture.raises")]["state"] == "error"
    assert dialog.error_label.isVisible() and "boom" in dialog.error_label.text()
    assert dialog.details_button.isVisible()
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    details = dialog.details_dialog
    assert details is not None and details.isVisible()
    qtbot.addWidget(details)
    assert "RuntimeError: boom" in details.text.toPlainText()
    assert details.text.isReadOnly()
    details.close()

    dialog.select("fixture.garbage")  # runs fine but returned malformed items
    assert dialog.error_label.isVisible() and "malformed" in dialog.error_label.text()
    assert "Malformed output reports (1" in details_text(registry.record("fixture.garbage"))

    dialog.select("fixture.good")
    assert not dialog.error_label.isVisible() and not dialog.details_button.isVisible()
    assert dialog.rows()[[r["id"] for r in dialog.rows()].index("fixture.good")]["state"] == "active"


def test_a_state_change_while_open_is_shown(qtbot, doc: Document) -> None:
    registry = fixture_registry()
    dialog = open_manager(qtbot, registry, AppSettings())
    tools, _ = registry.find_tools(["raises"], tool_type="correction")
    checker(registry).check(doc, tools)  # a background check fails while the manager is open
    dialog.select("fixture.raises")
    qtbot.waitUntil(lambda: dialog.item_for("fixture.raises").data(5, Qt.ItemDataRole.UserRole + 1) == "error", timeout=3000)


def test_disabling_a_plugin_updates_registry_and_settings(qtbot) -> None:
    registry, settings = fixture_registry(), AppSettings()
    dialog = open_manager(qtbot, registry, settings)
    dialog.select("fixture.good")
    dialog.table.setFocus()
    with qtbot.waitSignal(dialog.settingsChanged, timeout=2000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # Space flips the selected plugin's switch
    assert registry.record("fixture.good").state == PluginState.DISABLED
    assert settings.disabled_plugins == ["fixture.good"]
    assert AppSettings().disabled_plugins == ["fixture.good"]  # saved
    row = dialog.rows()[[r["id"] for r in dialog.rows()].index("fixture.good")]
    assert row["state"] == "disabled" and not row["enabled"]
    assert "fixture.good" not in {t.record.id for t in registry.tools()}

    with qtbot.waitSignal(dialog.settingsChanged, timeout=2000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert registry.record("fixture.good").state == PluginState.DISCOVERED
    assert settings.disabled_plugins == []


def test_a_plugin_disabled_in_settings_starts_unchecked(qtbot) -> None:
    settings = AppSettings()
    settings.disabled_plugins = ["fixture.tagger"]
    dialog = open_manager(qtbot, fixture_registry(disabled=("fixture.tagger",)), settings)
    row = next(r for r in dialog.rows() if r["id"] == "fixture.tagger")
    assert row["state"] == "disabled" and not row["enabled"] and row["checkable"]


def test_generated_settings_page_edits_and_saves(qtbot, doc: Document) -> None:
    registry, settings = fixture_registry(), AppSettings()
    dialog = open_manager(qtbot, registry, settings)
    dialog.select("fixture.good")
    assert dialog.form is not None
    field = dialog.form.field("word")
    line = field.widget
    assert isinstance(line, QLineEdit) and line.text() == "teh"  # the manifest default
    assert dialog.tools_view.topLevelItem(0).text(1) == "good"
    assert dialog.tools_view.topLevelItem(0).text(2) == "live"

    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "hte")
    with qtbot.waitSignal(dialog.settingsChanged, timeout=2000):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert settings.plugin_settings == {"fixture.good": {"word": "hte"}}
    assert AppSettings().plugin_settings == {"fixture.good": {"word": "hte"}}

    # the lead's Checker, rebuilt with the new settings, now flags the new word
    tools, _ = registry.find_tools(["good"])
    report = checker(registry, settings).check(doc, tools)
    assert [doc.segment(f.segment_id).text[f.start : f.end] for f in report.findings] == ["hte"]

    with qtbot.waitSignal(dialog.settingsChanged, timeout=2000):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert line.text() == "teh"
    assert settings.plugin_settings == {}  # defaults are not stored


def _schema_plugin(root: Path) -> Path:
    folder = root / "plugins" / "schema"
    folder.mkdir(parents=True)
    (folder / "plugin.toml").write_text(
        """
id = "test.schema"
name = "Schema test"
version = "2.0"
api = ["1"]
description = "Every kind of setting."

[[tools]]
id = "t"
name = "T"
python_name = "schema_pkg.tool:T"
scope = "document"

[settings.count]
type = "integer"
title = "How many"
default = 3
minimum = 1
maximum = 10

[settings.ratio]
type = "number"
title = "Ratio"
default = 0.5
minimum = 0.0
maximum = 1.0

[settings.on]
type = "boolean"
title = "Switched on"
default = true

[settings.mode]
type = "string"
title = "Mode"
default = "fast"
choices = ["fast", "careful"]

[settings.sizes]
type = "list"
title = "Sizes"
default = [1, 2]
""",
        "utf-8",
    )
    return folder.parent


def test_invalid_values_turn_red_and_are_not_saved(qtbot, tmp_path: Path) -> None:
    settings = AppSettings()
    settings.set_settings_for_plugin("test.schema", {"count": 99})  # hand-edited, out of range
    registry = PluginRegistry(None, _schema_plugin(tmp_path), entry_points=False)
    dialog = open_manager(qtbot, registry, settings)
    form = dialog.form
    assert form is not None
    widgets = {key: f.widget for key, f in form.fields.items()}
    assert isinstance(widgets["count"], QSpinBox) and widgets["count"].maximum() == 10
    assert isinstance(widgets["ratio"], QDoubleSpinBox)
    assert isinstance(widgets["on"], QCheckBox) and widgets["on"].isChecked()
    assert widgets["mode"].currentText() == "fast"
    assert widgets["sizes"].text() == "1, 2"
    assert widgets["count"].value() == 3  # the stored value was invalid: the default is shown …
    assert form.field("count").error_label.isVisible()  # … and said so
    assert dialog.tools_view.topLevelItem(0).text(2) == "document"

    sizes = widgets["sizes"]
    sizes.setFocus()
    sizes.selectAll()
    qtbot.keyClicks(sizes, "4, x")
    qtbot.keyClick(sizes, Qt.Key.Key_Return)
    assert form.field("sizes").error_label.isVisible()
    assert form.invalid_keys() == ["sizes"]
    assert settings.settings_for_plugin("test.schema") == {"count": 99}  # nothing was saved

    count = widgets["count"]
    count.setFocus()
    count.selectAll()
    qtbot.keyClick(count, Qt.Key.Key_Backspace)  # an empty number is not a number
    assert form.field("count").error_label.isVisible()
    assert settings.settings_for_plugin("test.schema") == {"count": 99}

    sizes.selectAll()
    qtbot.keyClicks(sizes, "4, 8")
    with qtbot.waitSignal(dialog.settingsChanged, timeout=2000):
        qtbot.keyClick(sizes, Qt.Key.Key_Return)
    assert not form.field("sizes").error_label.isVisible()
    assert settings.settings_for_plugin("test.schema")["sizes"] == [4, 8]
    qtbot.keyClick(widgets["mode"], Qt.Key.Key_Down)
    assert settings.settings_for_plugin("test.schema")["mode"] == "careful"


def test_open_folder_and_reload(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    dialog = open_manager(qtbot, fixture_registry(), AppSettings())
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(paths.user_plugins_dir())] and paths.user_plugins_dir().is_dir()

    dialog.select("fixture.tagger")
    with qtbot.waitSignal(dialog.reloadRequested, timeout=1000):
        qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    dialog.set_registry(fixture_registry())
    assert dialog.current_record() is not None and dialog.current_record().id == "fixture.tagger"


def test_empty_registry_says_so(qtbot) -> None:
    dialog = open_manager(qtbot, PluginRegistry(None, None, entry_points=False), AppSettings())
    assert dialog.empty_label.isVisible() and "No plugins found" in dialog.empty_label.text()
    assert dialog.title_label.text() == "No plugins"


def test_builtin_plugins_get_generated_pages(qtbot) -> None:
    dialog = open_manager(qtbot, default_registry(), AppSettings())
    ids = [r["id"] for r in dialog.rows()]
    assert {"galley.spelling", "galley.consistency", "galley.fillers", "galley.soundalike", "galley.rules"} <= set(ids)
    dialog.select("galley.spelling")
    assert isinstance(dialog.form.field("max_suggestions").widget, QSpinBox)
    dialog.select("galley.consistency")
    assert isinstance(dialog.form.field("threshold").widget, QDoubleSpinBox)
    dialog.select("galley.fillers")
    assert isinstance(dialog.form.field("discourse").widget, QCheckBox)
    dialog.select("galley.rules")
    assert dialog.form is None and dialog.no_settings_label.text() == "This plugin has no settings."
