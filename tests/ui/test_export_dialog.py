"""The Export dialog: format, mode, options, live preview and writing the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from editor.core.document import Document
from editor.core.model import Metadata, Segment, Speaker
from editor.formats import export_bytes
from editor.formats.writers.base import ExportOptions
from editor.ui.export_dialog import ExportDialog

pytestmark = pytest.mark.gui


def make_doc(timed: bool = True, title: str = "Episode 12: Ship it") -> Document:
    times = (lambda i: (i * 2.0, i * 2.0 + 1.5)) if timed else (lambda i: (None, None))
    texts = [
        ("sp1", "hey everyone, um, welcome back to the build log."),
        ("sp1", "today we talk about pie torch."),
        ("sp2", "uh thanks Maya, it's really good to be here."),
        ("sp1", "so how did you start?"),
    ]
    segments = [Segment(f"s{i}", text, speaker, *times(i)) for i, (speaker, text) in enumerate(texts)]
    return Document(segments, [Speaker("sp1", "Maya", "#3b6ea5"), Speaker("sp2", "Siobhan", "#c8611a")], metadata=Metadata(title=title))


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a: seen.append((title, text)) or QMessageBox.StandardButton.Ok)
    return seen


def open_dialog(qtbot, doc: Document, suggested: Path | None, **kwargs) -> ExportDialog:
    dialog = ExportDialog(doc, suggested, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(qtbot, dialog: ExportDialog, label_start: str) -> None:
    """Move through the format list with the arrow keys until the format is selected."""
    dialog.format_list.setFocus()
    qtbot.keyClick(dialog.format_list, Qt.Key.Key_Home)
    for _ in range(dialog.format_list.count()):
        if dialog.format_list.currentItem().text().startswith(label_start):
            return
        qtbot.keyClick(dialog.format_list, Qt.Key.Key_Down)
    raise AssertionError(f"no format {label_start}")


def test_markdown_clean_preview_and_export(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list) -> None:
    doc = make_doc()
    dialog = open_dialog(qtbot, doc, tmp_path / "episode.galley.json")
    assert dialog.path_field.text() == str(tmp_path / "Episode 12- Ship it.txt")  # title, made file-safe
    assert dialog.fillers_field.text() == "um, uh, er, erm, hmm"
    assert not dialog.options_box.isEnabled()  # verbatim: the clean options do not apply

    choose(qtbot, dialog, "Markdown")
    qtbot.mouseClick(dialog.clean_radio, Qt.MouseButton.LeftButton)
    assert dialog.options_box.isEnabled()
    qtbot.waitUntil(lambda: "**Maya:**" in dialog.preview.toPlainText())
    preview = dialog.preview.toPlainText()
    assert preview.startswith("# Episode 12: Ship it")
    # One paragraph per turn, fillers gone.
    assert "**Maya:** hey everyone, welcome back to the build log. today we talk about pie torch." in preview
    assert "**Siobhan:** thanks Maya, it's really good to be here." in preview
    assert dialog.path_field.text().endswith("Ship it.md")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "out" / "show"), "Markdown (*.md)"))
    (tmp_path / "out").mkdir()
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.path_field.text() == str(tmp_path / "out" / "show.md")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert warnings == []
    assert dialog.result() == QDialog.DialogCode.Accepted
    written = (tmp_path / "out" / "show.md").read_bytes()
    assert written == export_bytes(doc, "md", ExportOptions(mode="clean", fillers=("um", "uh", "er", "erm", "hmm")))
    assert dialog.exported_path == tmp_path / "out" / "show.md"

    state = dialog.state()
    assert state["format"] == "markdown" and state["mode"] == "clean" and state["folder"] == str(tmp_path / "out")
    again = open_dialog(qtbot, doc, None, state=state | {"wrap_width": 40, "timestamps": "bad"})
    assert again.writer().name == "markdown" and again.clean_radio.isChecked()
    assert again.wrap_spin.value() == 40 and not again.timestamps_check.isChecked()
    assert again.path_field.text() == str(tmp_path / "out" / "Episode 12- Ship it.md")


def test_srt_on_untimed_transcript_shows_the_problem_and_writes_nothing(qtbot, tmp_path: Path, warnings: list) -> None:
    dialog = open_dialog(qtbot, make_doc(timed=False, title=""), tmp_path / "interview.txt")
    choose(qtbot, dialog, "SubRip")
    assert dialog.path_field.text() == str(tmp_path / "interview.srt")
    qtbot.waitUntil(lambda: "SRT needs times" in dialog.preview.toPlainText())
    assert dialog.preview.palette().color(QPalette.ColorRole.Text).name() == "#d62728"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(warnings) == 1
    title, text = warnings[0]
    assert title == "Export failed" and "interview.srt" in text and "SRT needs times" in text
    assert not (tmp_path / "interview.srt").exists()
    assert dialog.result() != QDialog.DialogCode.Accepted

    choose(qtbot, dialog, "Plain text")  # a format that works: the preview is normal again
    qtbot.waitUntil(lambda: dialog.preview.toPlainText().startswith("Maya: hey everyone"))
    assert dialog.preview.palette().color(QPalette.ColorRole.Text).name() != "#d62728"


def test_binary_and_single_mode_formats(qtbot, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, make_doc(), None)
    choose(qtbot, dialog, "Word document")
    dialog.update_preview()
    assert dialog.preview_note.text().startswith("Word document: the text of its paragraphs")
    assert "Maya: hey everyone, um, welcome back" in dialog.preview.toPlainText()
    choose(qtbot, dialog, "Galley project")
    assert dialog.path_field.text().endswith("Ship it.galley.json")
    assert dialog.verbatim_radio.isChecked() and not dialog.clean_radio.isEnabled()


def test_overwrite_needs_confirmation_and_write_errors_are_reported(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list) -> None:
    target = tmp_path / "episode.txt"
    target.write_text("old")
    dialog = open_dialog(qtbot, make_doc(), None)
    dialog.path_field.clear()
    qtbot.keyClicks(dialog.path_field, str(target))
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert target.read_text() == "old"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert target.read_text().startswith("Maya: hey everyone")

    missing = tmp_path / "no such folder" / "episode.txt"
    dialog = open_dialog(qtbot, make_doc(), None)
    dialog.path_field.setText(str(missing))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(warnings) == 1 and "episode.txt" in warnings[0][1] and "No such file" in warnings[0][1]


def test_preview_of_a_long_transcript_shows_its_start(qtbot) -> None:
    doc = Document([Segment(f"s{i}", f"line {i}") for i in range(1500)])
    dialog = open_dialog(qtbot, doc, None)
    assert dialog.preview_note.text() == "The first 1,000 of 1,500 segments"
    lines = dialog.preview.toPlainText().splitlines()
    assert lines[0] == "line 0" and lines[-1] == "…" and len(lines) == 201
