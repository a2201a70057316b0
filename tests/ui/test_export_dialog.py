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
from editor.ui.export_dialog import PREVIEW_CHARS, PREVIEW_SEGMENTS, ExportDialog

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
    assert dialog.fillers_field.text() == ""  # the English list does the work
    assert dialog.language_fillers_check.isChecked()
    assert dialog.language_fillers_check.text().replace("&", "") == "Remove English fillers (um, uh, you know, I mean …)"
    assert not dialog.options_box.isEnabled()  # verbatim: the clean options do not apply

    choose(qtbot, dialog, "Markdown")
    qtbot.mouseClick(dialog.clean_radio, Qt.MouseButton.LeftButton)
    assert dialog.options_box.isEnabled()
    qtbot.waitUntil(lambda: "**Maya:**" in dialog.preview.toPlainText())
    preview = dialog.preview.toPlainText()
    assert preview.startswith("# Episode 12: Ship it")
    # One paragraph per turn, fillers gone (with the commas around them).
    assert "**Maya:** hey everyone welcome back to the build log. today we talk about pie torch." in preview
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
    assert written == export_bytes(doc, "md", ExportOptions(mode="clean"))
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
    assert dialog.preview_note.text() == "The first 500 of 1,500 segments"
    lines = dialog.preview.toPlainText().splitlines()
    assert lines[0] == "line 0" and lines[-2] == "line 499" and lines[-1] == "…" and len(lines) == 501

    wordy = Document([Segment(f"s{i}", f"segment {i} " + "word " * 60) for i in range(400)])
    dialog = open_dialog(qtbot, wordy, None)
    text = dialog.preview.toPlainText()
    assert dialog.preview_note.text() == "The first 16 KB"
    assert len(text) <= PREVIEW_CHARS + 2 and text.endswith("\n…")


def tagged_doc() -> Document:
    """The make_doc episode with an ad read and two chapters."""
    doc = make_doc()
    doc.add_tag("chapter", "s0", "s1", title="Welcome")
    doc.add_tag("chapter", "s2", "s3", title="Getting started")
    doc.add_tag("ad", "s1", "s1", title="Acme", note="mattresses")
    return doc


def test_podcast_transcript_json_with_and_without_the_language_fillers(qtbot, tmp_path: Path, warnings: list) -> None:
    doc = tagged_doc()
    dialog = open_dialog(qtbot, doc, tmp_path / "episode.galley.json")
    choose(qtbot, dialog, "Podcasting 2.0 transcript")
    assert dialog.path_field.text() == str(tmp_path / "Episode 12- Ship it.transcript.json")
    qtbot.mouseClick(dialog.clean_radio, Qt.MouseButton.LeftButton)
    assert dialog.options_box.isVisible() and dialog.language_fillers_check.isVisible()
    assert not dialog.wrap_spin.isVisible() and not dialog.subtitle_box.isVisible()  # rows it does not read
    qtbot.waitUntil(lambda: '"startTime": 4.0' in dialog.preview.toPlainText())
    preview = dialog.preview.toPlainText()
    assert preview.startswith('{\n  "version": "1.0.0",\n  "segments": [')
    assert '"body": "thanks Maya, it\'s really good to be here."' in preview
    assert "pie torch" not in preview  # the ad read is left out

    qtbot.mouseClick(dialog.language_fillers_check, Qt.MouseButton.LeftButton)  # keep the fillers
    qtbot.waitUntil(lambda: '"body": "uh thanks Maya' in dialog.preview.toPlainText())
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert warnings == [] and dialog.result() == QDialog.DialogCode.Accepted
    written = (tmp_path / "Episode 12- Ship it.transcript.json").read_bytes()
    assert written == export_bytes(doc, "podcast-transcript", ExportOptions(mode="clean", language_fillers=False))
    assert dialog.state()["language_fillers"] is False


def test_chapters_and_show_notes_preview_the_whole_document(qtbot, tmp_path: Path) -> None:
    segments = [Segment(f"s{i}", f"line {i}.", "sp1", i * 10.0, i * 10.0 + 9.0) for i in range(PREVIEW_SEGMENTS + 200)]
    doc = Document(segments, [Speaker("sp1", "Maya")], metadata=Metadata(title="Long show"))
    doc.add_tag("chapter", "s0", title="Start")
    doc.add_tag("chapter", f"s{PREVIEW_SEGMENTS + 100}", title="Late chapter")
    doc.add_tag("ad", "s5", title="Acme")
    dialog = open_dialog(qtbot, doc, tmp_path / "show.txt")
    choose(qtbot, dialog, "Podcasting 2.0 chapters")
    qtbot.waitUntil(lambda: "Late chapter" in dialog.preview.toPlainText())
    assert '"startTime": 6000.0' in dialog.preview.toPlainText() and dialog.preview_note.text() == ""
    assert not dialog.clean_radio.isEnabled() and not dialog.verbatim_radio.isEnabled()
    assert "does not change" in dialog.clean_radio.toolTip()
    assert not dialog.options_box.isVisible() and not dialog.notes_box.isVisible()

    choose(qtbot, dialog, "Show notes")
    assert dialog.path_field.text() == str(tmp_path / "Long show.notes.md")
    assert dialog.notes_box.isVisible()
    qtbot.waitUntil(lambda: "- 01:40:00 Late chapter" in dialog.preview.toPlainText())
    assert "## Sponsors\n\n- Acme" in dialog.preview.toPlainText()
    dialog.sponsors_check.setFocus()
    qtbot.keyClick(dialog.sponsors_check, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "Sponsors" not in dialog.preview.toPlainText())
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default button exports
    assert (tmp_path / "Long show.notes.md").read_bytes() == export_bytes(doc, "show-notes", ExportOptions(sponsors=False))


def test_srt_speaker_names_chosen_with_the_keyboard(qtbot, tmp_path: Path) -> None:
    doc = make_doc()
    dialog = open_dialog(qtbot, doc, tmp_path / "episode.txt")
    choose(qtbot, dialog, "SubRip")
    assert dialog.subtitle_box.isVisible() and not dialog.notes_box.isVisible()
    qtbot.waitUntil(lambda: "Maya: hey everyone" in dialog.preview.toPlainText())
    assert "\ntoday we talk about pie torch." in dialog.preview.toPlainText()  # the name only at turns
    dialog.speaker_prefix_combo.setFocus()
    qtbot.keyClick(dialog.speaker_prefix_combo, Qt.Key.Key_Down)
    assert dialog.speaker_prefix_combo.currentData() == "every"
    qtbot.mouseClick(dialog.speaker_case_check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "MAYA: today we talk about pie torch." in dialog.preview.toPlainText())
    qtbot.keyClick(dialog.speaker_prefix_combo, Qt.Key.Key_End)
    assert dialog.speaker_prefix_combo.currentData() == "none" and not dialog.speaker_case_check.isEnabled()
    qtbot.waitUntil(lambda: "\nhey everyone, um, welcome" in dialog.preview.toPlainText())
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = (tmp_path / "Episode 12- Ship it.srt").read_bytes()
    assert written == export_bytes(doc, "srt", ExportOptions(speaker_prefix="none", speaker_case="upper"))
    state = dialog.state()
    assert state["speaker_prefix"] == "none" and state["speaker_case_upper"] is True
    again = open_dialog(qtbot, doc, None, state=state)
    assert again.speaker_prefix_combo.currentData() == "none" and again.speaker_case_check.isChecked()


def test_no_filler_list_for_the_language_says_so(qtbot) -> None:
    doc = Document([Segment("s1", "ehm, ciao.")], metadata=Metadata(language="it"))
    dialog = open_dialog(qtbot, doc, None)
    qtbot.mouseClick(dialog.clean_radio, Qt.MouseButton.LeftButton)
    assert dialog.language_fillers_check.text() == "No filler list for Italian"
    assert not dialog.language_fillers_check.isEnabled()
