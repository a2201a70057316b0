"""The Export dialog: format, clean or verbatim, options, a live preview, and the file.

Every byte comes from :func:`editor.formats.export_bytes` (the same code the command line
uses); the dialog only gathers :class:`~editor.formats.writers.base.ExportOptions` and
writes the result atomically. The preview renders only the start of the transcript (a
copy of its first segments; formats built from tags alone, such as chapters, see the whole
document) and shows at most the first :data:`PREVIEW_CHARS` characters, so it stays instant
on a 10-hour show; it runs a moment after the last change, never on the keystroke itself.
The export always covers everything.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.core.atomic import atomic_write
from editor.core.document import Document
from editor.core.errors import FileProblem
from editor.formats import export_bytes
from editor.formats.clean import language_fillers
from editor.formats.writers import WRITERS
from editor.formats.writers.base import CLEAN_TEXT_OPTIONS, ExportOptions, Writer
from editor.ui.busy import busy_cursor
from editor.ui.style import kind_color

DEFAULT_FILLERS = ""  # the language's list does the work; this field adds the show's own
PREVIEW_SEGMENTS = 500
# Building and re-reading a .docx costs ~0.25 ms a paragraph: fewer keep the preview instant.
DOCX_PREVIEW_SEGMENTS = 250
PREVIEW_CHARS = 16_000  # about 16 KB: several screens, and cheap to lay out
PREVIEW_DELAY_MS = 120
ERROR_COLOR = kind_color("spelling")

# Options that only clean mode reads (the "Clean options" box).
_CLEAN_OPTIONS = CLEAN_TEXT_OPTIONS | {"wrap_width"}
_SPEAKER_PREFIXES = (
    ("turns", "At each speaker turn"),
    ("every", "On every cue"),
    ("none", "Nowhere"),
)
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _writer_named(name: object) -> Writer | None:
    return next((w for w in WRITERS if w.name == name), None)


def _preview_copy(doc: Document, count: int) -> Document:
    """A document of the first ``count`` segments, with the speakers, tags and metadata."""
    segments = doc.segments[:count]
    kept = {s.id: i for i, s in enumerate(segments)}
    tags = []
    for tag in doc.tags:
        if tag.first_segment_id not in kept:
            continue
        last = tag.last_segment_id if tag.last_segment_id in kept else segments[-1].id
        tags.append(replace(tag, last_segment_id=last))
    return Document(segments, doc.speakers, metadata=doc.metadata, tags=tags, glossary=doc.glossary)


def _heading(text: str, parent: QWidget) -> QLabel:
    """A bold section label."""
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _language_name(code: str) -> str:
    """"English" for "en", "German" for "de"; the code itself when Qt does not know it."""
    locale = QLocale(code)
    if not code or locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return code or "unknown"
    return QLocale.languageToString(locale.language())


def _docx_text(data: bytes) -> str:
    """The text of a .docx file's paragraphs, a blank line between them."""
    import docx  # python-docx: already needed to write the file

    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    return "\n\n".join(p.text for p in paragraphs if p.text.strip())


class ExportDialog(QDialog):
    """Export the document: pick a format and options, see a preview, write the file.

    ``suggested_path`` (the project or source file) gives the folder and, when the
    document has no title, the file name. ``state`` is what :meth:`state` returned last
    time; the main window persists it. After a successful export ``exported_path`` is set.
    """

    def __init__(
        self,
        doc: Document,
        suggested_path: Path | None,
        parent: QWidget | None = None,
        *,
        state: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.suggested_path = suggested_path
        self.exported_path: Path | None = None
        self._confirmed_path: Path | None = None  # chosen in the save dialog: overwrite agreed
        self._preferred_mode = "verbatim"
        self._folder: Path | None = None  # the last export's folder, from ``state``
        self._samples: dict[int, tuple[Document, bool]] = {}
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self.setWindowTitle("Export")
        self.setAccessibleName("Export")
        self._build()
        self._restore(state or {})
        self._writer_changed()
        self.update_preview()
        self.resize(900, 640)

    # ------------------------------------------------------------------ widgets

    def _build(self) -> None:
        self.format_list = QListWidget(self)
        self.format_list.setAccessibleName("Format")
        self.format_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for writer in WRITERS:
            item = QListWidgetItem(f"{writer.label}  ({writer.extension})")
            item.setData(Qt.ItemDataRole.UserRole, writer.name)
            item.setToolTip(f"{writer.label}: {writer.description}" if writer.description else writer.label)
            self.format_list.addItem(item)
        # Wide enough for the longest label: a clipped name with a scroll bar looks broken.
        self.format_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        list_width = self.format_list.sizeHintForColumn(0) + 2 * self.format_list.frameWidth() + 12
        self.format_list.setMinimumWidth(max(200, list_width))
        self.format_list.setMaximumWidth(max(220, list_width + 40))
        self.format_list.currentRowChanged.connect(lambda _row: self._writer_changed())
        format_label = _heading("&Format", self)
        format_label.setBuddy(self.format_list)

        self.verbatim_radio = QRadioButton("&Verbatim — every segment as it is", self)
        self.clean_radio = QRadioButton("&Clean — paragraphs; fillers and ads left out", self)
        self.verbatim_radio.setToolTip("One line or paragraph per segment, exactly as transcribed")
        self.clean_radio.setToolTip("Readable paragraphs per speaker turn, with the options below")
        self._modes = QButtonGroup(self)
        self._modes.addButton(self.verbatim_radio)
        self._modes.addButton(self.clean_radio)
        self.verbatim_radio.setChecked(True)
        self._modes.buttonClicked.connect(self._mode_clicked)
        modes = QHBoxLayout()
        modes.addWidget(self.verbatim_radio)
        modes.addWidget(self.clean_radio)
        modes.addStretch(1)

        self.options_box = QGroupBox("Clean options", self)
        self.language_fillers_check = QCheckBox(self)
        self.language_fillers_check.setChecked(True)
        self._describe_language_fillers()
        self.language_fillers_check.toggled.connect(self._schedule_preview)
        self.fillers_field = QLineEdit(DEFAULT_FILLERS, self)
        self.fillers_field.setPlaceholderText("more words or phrases, comma-separated")
        self.fillers_field.setToolTip(
            "Comma-separated words or phrases to leave out as well. Hesitations (um, uh) go wherever they are; "
            "phrases like 'you know' only where set off by commas."
        )
        self.fillers_field.setAccessibleName("More fillers")
        self.timestamps_check = QCheckBox("&Time stamp before each paragraph ([HH:MM:SS], where times are known)", self)
        self.wrap_spin = self._spin(QSpinBox(self), 0, 300, 0, "Wrap lines at this column (0: no wrapping)")
        self.wrap_spin.setSpecialValueText("No wrapping")
        self.wrap_spin.setSuffix(" columns")
        self.pause_spin = self._spin(
            QDoubleSpinBox(self), 0, 600, 0, "Start a new paragraph after a silence this long (0: off)"
        )
        self.pause_spin.setSingleStep(0.5)
        self.pause_spin.setDecimals(1)
        self.pause_spin.setSpecialValueText("Off")
        self.pause_spin.setSuffix(" s")
        self.sentences_spin = self._spin(QSpinBox(self), 1, 100, 6, "At most this many sentences in a paragraph")
        self.sentences_spin.setSuffix(" sentences")
        self.words_spin = self._spin(QSpinBox(self), 1, 5000, 180, "At most this many words in a paragraph")
        self.words_spin.setSuffix(" words")
        paragraph_row = QHBoxLayout()
        paragraph_row.addWidget(self.sentences_spin)
        paragraph_row.addWidget(QLabel("or", self))
        paragraph_row.addWidget(self.words_spin)
        paragraph_row.addStretch(1)
        paragraph_label = QLabel("Paragraphs at &most:", self)
        paragraph_label.setBuddy(self.sentences_spin)
        form = self._clean_form = QFormLayout(self.options_box)
        # Only the fillers field grows: spin boxes at their natural width read better.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Fillers:", self.language_fillers_check)
        more_label = QLabel("&More fillers:", self)
        more_label.setBuddy(self.fillers_field)
        form.addRow(more_label, self.fillers_field)
        form.addRow("", self.timestamps_check)
        form.addRow("&Wrap at:", self.wrap_spin)
        form.addRow("&New paragraph after pause:", self.pause_spin)
        form.addRow(paragraph_label, paragraph_row)
        # The form's rows by the option they set: a format shows only the rows it reads.
        self._clean_rows = {
            "fillers": (0, 1),
            "timestamps": (2,),
            "wrap_width": (3,),
            "pause_break": (4,),
            "paragraphs": (5,),
        }
        self.fillers_field.textChanged.connect(self._schedule_preview)
        self.timestamps_check.toggled.connect(self._schedule_preview)

        self.subtitle_box = QGroupBox("Speaker names in subtitles", self)
        self.speaker_prefix_combo = QComboBox(self)
        self.speaker_prefix_combo.setAccessibleName("Speaker names")
        for value, text in _SPEAKER_PREFIXES:
            self.speaker_prefix_combo.addItem(text, value)
        self.speaker_prefix_combo.setToolTip("Where SRT cues start with the speaker's name (\"Anna: ...\")")
        self.speaker_prefix_combo.currentIndexChanged.connect(self._schedule_preview)
        self.speaker_prefix_combo.currentIndexChanged.connect(lambda _index: self._update_option_states())
        self.speaker_case_check = QCheckBox("In c&apitals (ANNA:)", self)
        self.speaker_case_check.toggled.connect(self._schedule_preview)
        subtitle_row = QHBoxLayout()
        subtitle_row.addWidget(self.speaker_prefix_combo)
        subtitle_row.addWidget(self.speaker_case_check)
        subtitle_row.addStretch(1)
        subtitle_form = QFormLayout(self.subtitle_box)
        prefix_label = QLabel("&Name before the text:", self)
        prefix_label.setBuddy(self.speaker_prefix_combo)
        subtitle_form.addRow(prefix_label, subtitle_row)

        self.notes_box = QGroupBox("Show notes", self)
        self.sponsors_check = QCheckBox("List &sponsors from ad tags (their titles and notes)", self)
        self.sponsors_check.setChecked(True)
        self.sponsors_check.toggled.connect(self._schedule_preview)
        notes_layout = QVBoxLayout(self.notes_box)
        notes_layout.addWidget(self.sponsors_check)
        self.format_note = QLabel(self)
        self.format_note.setWordWrap(True)
        self.format_note.setEnabled(False)  # drawn in the muted colour

        self.preview_label = _heading("P&review", self)
        self.preview_note = QLabel(self)
        self.preview_note.setEnabled(False)  # drawn in the muted colour
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview")
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.preview.setUndoRedoEnabled(False)
        self._preview_palette = QPalette(self.preview.palette())
        self.preview_label.setBuddy(self.preview)

        self.path_field = QLineEdit(self)
        self.path_field.setAccessibleName("File")
        self.path_field.setToolTip("The file to write; an existing file is replaced only after you confirm")
        self.path_field.textEdited.connect(lambda _text: setattr(self, "_confirmed_path", None))
        self.browse_button = QPushButton("&Browse…", self)
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.browse)
        path_label = QLabel("F&ile:", self)
        path_label.setBuddy(self.path_field)
        path_row = QHBoxLayout()
        path_row.addWidget(path_label)
        path_row.addWidget(self.path_field, 1)
        path_row.addWidget(self.browse_button)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        settings = QWidget(self)
        right = QVBoxLayout(settings)
        right.setContentsMargins(0, 0, 0, 0)
        mode_label = _heading("Mode", self)
        right.addWidget(mode_label)
        right.addLayout(modes)
        right.addWidget(self.format_note)
        right.addWidget(self.options_box)
        right.addWidget(self.subtitle_box)
        right.addWidget(self.notes_box)
        preview_header = QHBoxLayout()
        preview_header.addWidget(self.preview_label)
        preview_header.addStretch(1)
        preview_header.addWidget(self.preview_note)
        right.addLayout(preview_header)
        right.addWidget(self.preview, 1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(format_label)
        left_layout.addWidget(self.format_list, 1)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(settings)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        outer = QVBoxLayout(self)
        outer.addWidget(splitter, 1)
        outer.addLayout(path_row)
        outer.addWidget(self.buttons)
        self.format_list.setFocus()

    def _spin(self, spin: Any, low: int, high: int, value: int, tip: str) -> Any:
        """Set up a QSpinBox or QDoubleSpinBox (same API, different number types)."""
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setToolTip(tip)
        spin.setAccessibleName(tip.split(" (")[0])
        spin.valueChanged.connect(self._schedule_preview)
        return spin

    # -------------------------------------------------------------------- state

    def writer(self) -> Writer:
        """The chosen format."""
        item = self.format_list.currentItem()
        return _writer_named(item.data(Qt.ItemDataRole.UserRole)) if item else WRITERS[0]  # type: ignore[return-value]

    def mode(self) -> str:
        return "clean" if self.clean_radio.isChecked() else "verbatim"

    def fillers(self) -> tuple[str, ...]:
        return tuple(f.strip() for f in self.fillers_field.text().split(",") if f.strip())

    def options(self) -> ExportOptions:
        """The options as chosen (``ValueError`` only for values the spin boxes never allow)."""
        return ExportOptions(
            mode=self.mode(),  # type: ignore[arg-type]
            fillers=self.fillers(),
            language_fillers=self.language_fillers_check.isChecked(),
            paragraph_max_sentences=self.sentences_spin.value(),
            paragraph_max_words=self.words_spin.value(),
            wrap_width=self.wrap_spin.value(),
            timestamps=self.timestamps_check.isChecked(),
            pause_break=self.pause_spin.value(),
            speaker_prefix=self.speaker_prefix_combo.currentData(),
            speaker_case="upper" if self.speaker_case_check.isChecked() else "as-is",
            sponsors=self.sponsors_check.isChecked(),
        )

    def _describe_language_fillers(self) -> None:
        """Name the document's filler list on its check box, with the list as tooltip."""
        code = self.doc.metadata.language
        found = language_fillers(code)
        if not found.sources:
            self.language_fillers_check.setText(f"No filler list for {_language_name(code)}")
            self.language_fillers_check.setToolTip("Only the fillers you list below are removed")
            self.language_fillers_check.setEnabled(False)
            return
        words = [*found.hesitations, *found.fillers]
        # Two of each kind, so the sample shows both rules ("um, uh, you know, I mean"): the
        # shortest hesitations that are not drawn-out forms of each other ("um", not "umm").
        distinct = {re.sub(r"(.)\1+", r"\1", h.lower()): h for h in sorted(found.hesitations, key=len, reverse=True)}
        shown = [*sorted(distinct.values(), key=len)[:2], *found.fillers[:2]]
        sample = ", ".join(shown) + (" …" if len(words) > len(shown) else "")
        self.language_fillers_check.setText(f"Remove {_language_name(found.language)} &fillers ({sample})")
        self.language_fillers_check.setToolTip(
            "Hesitations go wherever they are; words like 'you know' only where set off by commas:\n"
            + ", ".join(words)
            + "\n\nFrom " + ", ".join(str(path) for path in found.sources)
        )

    def state(self) -> dict[str, Any]:
        """Format, mode, options and folder, for the next time (plain JSON values)."""
        path = self.path_field.text().strip()
        state: dict[str, Any] = {
            "format": self.writer().name,
            "mode": self._preferred_mode,
            "fillers": self.fillers_field.text(),
            "language_fillers": self.language_fillers_check.isChecked(),
            "timestamps": self.timestamps_check.isChecked(),
            "speaker_prefix": self.speaker_prefix_combo.currentData(),
            "speaker_case_upper": self.speaker_case_check.isChecked(),
            "sponsors": self.sponsors_check.isChecked(),
            "wrap_width": self.wrap_spin.value(),
            "pause_break": self.pause_spin.value(),
            "paragraph_max_sentences": self.sentences_spin.value(),
            "paragraph_max_words": self.words_spin.value(),
        }
        if path:
            state["folder"] = str(Path(path).expanduser().parent)
        return state

    def _restore(self, state: dict[str, Any]) -> None:
        """Apply a saved state; anything missing or malformed keeps its default."""
        folder = state.get("folder")
        self._folder = Path(folder) if isinstance(folder, str) and folder and Path(folder).is_dir() else None
        if state.get("mode") in ("verbatim", "clean"):
            self._preferred_mode = state["mode"]
        if isinstance(state.get("fillers"), str):
            self.fillers_field.setText(state["fillers"])
        for key, check in (
            ("timestamps", self.timestamps_check),
            ("language_fillers", self.language_fillers_check),
            ("speaker_case_upper", self.speaker_case_check),
            ("sponsors", self.sponsors_check),
        ):
            if isinstance(state.get(key), bool):
                check.setChecked(state[key])
        prefix = self.speaker_prefix_combo.findData(state.get("speaker_prefix"))
        if prefix >= 0:
            self.speaker_prefix_combo.setCurrentIndex(prefix)
        for key, spin in (
            ("wrap_width", self.wrap_spin),
            ("pause_break", self.pause_spin),
            ("paragraph_max_sentences", self.sentences_spin),
            ("paragraph_max_words", self.words_spin),
        ):
            value = state.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                spin.setValue(value if isinstance(spin, QDoubleSpinBox) else int(value))
        writer = _writer_named(state.get("format")) or WRITERS[0]
        self.path_field.setText(str(self._default_path(writer)))
        self.format_list.setCurrentRow(WRITERS.index(writer))

    def _default_path(self, writer: Writer) -> Path:
        """Folder: last used, else the suggested file's, else home. Name: title, else the file's."""
        suggested = self.suggested_path
        folder = self._folder or (suggested.parent if suggested is not None else Path.home())
        stem = _UNSAFE_FILE_CHARS.sub("-", self.doc.metadata.title).strip(" .-")
        if not stem and suggested is not None:
            stem = _strip_extension(suggested.name, any_suffix=True)
        return folder / ((stem or "transcript") + writer.extension)

    # ------------------------------------------------------------------ reacting

    def _writer_changed(self) -> None:
        writer = self.writer()
        two_modes = len(writer.modes) > 1 and writer.reads_text
        self.verbatim_radio.setEnabled("verbatim" in writer.modes and two_modes)
        self.clean_radio.setEnabled("clean" in writer.modes and two_modes)
        mode = self._preferred_mode if self._preferred_mode in writer.modes else writer.modes[0]
        (self.clean_radio if mode == "clean" else self.verbatim_radio).setChecked(True)
        if not writer.reads_text:
            tip = f"The mode does not change {writer.label}: it is made from tags and speakers"
        elif not two_modes:
            tip = f"{writer.label} has one mode: {writer.modes[0]}"
        else:
            tip = ""
        self.verbatim_radio.setToolTip(tip or "One line or paragraph per segment, exactly as transcribed")
        self.clean_radio.setToolTip(tip or "Readable paragraphs per speaker turn, with the options below")
        self.format_note.setText(f"{writer.label}: {writer.description}." if writer.description else "")
        self._retarget_path(writer)
        self._update_option_states()
        self._schedule_preview()

    def _mode_clicked(self) -> None:
        self._preferred_mode = self.mode()
        self._update_option_states()
        self._schedule_preview()

    def _update_option_states(self) -> None:
        """Show the option groups the format reads; clean options are live in clean mode only."""
        writer = self.writer()
        clean = self.mode() == "clean"
        self.options_box.setVisible(bool(writer.options & _CLEAN_OPTIONS))
        self.options_box.setEnabled(clean)
        self.options_box.setToolTip("" if clean else "These options apply to clean exports")
        self.subtitle_box.setVisible("speaker_prefix" in writer.options)
        self.notes_box.setVisible("sponsors" in writer.options)
        self.speaker_case_check.setEnabled(self.speaker_prefix_combo.currentData() != "none")

        def uses(option: str) -> bool:
            return option in writer.options

        for option, rows in self._clean_rows.items():
            for row in rows:
                self._clean_form.setRowVisible(row, uses(option))
        self.language_fillers_check.setEnabled(uses("fillers") and bool(language_fillers(self.doc.metadata.language).sources))
        self.fillers_field.setEnabled(uses("fillers"))
        self.timestamps_check.setEnabled(uses("timestamps"))
        self.wrap_spin.setEnabled(uses("wrap_width"))
        self.pause_spin.setEnabled(uses("pause_break"))
        self.sentences_spin.setEnabled(uses("paragraphs"))
        self.words_spin.setEnabled(uses("paragraphs"))

    def _retarget_path(self, writer: Writer) -> None:
        """Give the file name the new format's extension (a name the user typed keeps its stem)."""
        text = self.path_field.text().strip()
        if not text:
            self.path_field.setText(str(self._default_path(writer)))
            return
        path = Path(text)
        retargeted = path.with_name(_strip_extension(path.name) + writer.extension)
        if retargeted != path:
            self.path_field.setText(str(retargeted))
            self._confirmed_path = None

    def _schedule_preview(self) -> None:
        self._preview_timer.start()

    # ------------------------------------------------------------------- preview

    def _preview_document(self, count: int) -> tuple[Document, bool]:
        """The document of the first ``count`` segments, and whether it is only the start."""
        if count not in self._samples:
            partial = len(self.doc) > count
            self._samples[count] = (_preview_copy(self.doc, count) if partial else self.doc, partial)
        return self._samples[count]

    def update_preview(self) -> None:
        """Render the start of the export now (normally run shortly after a change)."""
        self._preview_timer.stop()
        writer = self.writer()
        count = DOCX_PREVIEW_SEGMENTS if writer.name == "docx" else PREVIEW_SEGMENTS
        if writer.reads_text:
            sample, partial = self._preview_document(count)
        else:  # built from tags and speakers: the whole document is cheap and complete
            sample, partial = self.doc, False
        note = f"the first {count:,} of {len(self.doc):,} segments" if partial else ""
        try:
            data = export_bytes(sample, writer.name, self.options())
            if writer.name == "docx":
                text = _docx_text(data)
                note = "Word document: the text of its paragraphs" + (f", {note}" if note else "")
            elif writer.binary:
                text = f"{writer.label} files cannot be previewed as text ({len(data):,} bytes)."
            else:
                text = data.decode("utf-8", errors="replace")
        except FileProblem as error:
            self._show_preview_error(error.message)
            return
        except Exception as error:  # noqa: BLE001 - a writer bug must not take the dialog down
            self._show_preview_error(f"This format could not be previewed: {error}")
            return
        if len(text) > PREVIEW_CHARS:
            cut = text.rfind("\n", 0, PREVIEW_CHARS)
            text, partial = text[: cut if cut > 0 else PREVIEW_CHARS], True
            note = note or f"the first {PREVIEW_CHARS // 1000} KB"
        lines = text.splitlines()
        if partial:
            lines.append("…")
        self.preview.setPalette(self._preview_palette)
        self.preview.setPlainText("\n".join(lines))
        self.preview_note.setText(note[:1].upper() + note[1:])

    def _show_preview_error(self, message: str) -> None:
        palette = QPalette(self._preview_palette)
        palette.setColor(QPalette.ColorRole.Text, ERROR_COLOR)
        self.preview.setPalette(palette)
        self.preview.setPlainText(message)
        self.preview_note.setText("Cannot export in this format")

    # -------------------------------------------------------------------- export

    def browse(self) -> None:
        """Choose the file with the system's save dialog (it asks before replacing a file)."""
        writer = self.writer()
        pattern = f"*{writer.extension}"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export As", self.path_field.text(), f"{writer.label} ({pattern});;All files (*)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if not path.name.lower().endswith(writer.extension):
            path = path.with_name(path.name + writer.extension)
        self.path_field.setText(str(path))
        self._confirmed_path = path

    def export(self) -> None:
        """Write the whole document to the file; problems are reported, never raised."""
        writer = self.writer()
        text = self.path_field.text().strip()
        if not text:
            QMessageBox.warning(self, "Export", "Choose a file to export to.")
            self.path_field.setFocus()
            return
        path = Path(text).expanduser()
        if path.is_dir():
            path = path / self._default_path(writer).name
        if path.exists() and path != self._confirmed_path:
            answer = QMessageBox.question(
                self, "Export", f"“{path.name}” already exists in {path.parent}.\n\nReplace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        problem = self._write(path, lambda: export_bytes(self.doc, writer.name, self.options()))
        if problem:
            QMessageBox.warning(self, "Export failed", f"Could not export “{path.name}”.\n\n{problem}")
            return
        self.exported_path = path
        self.accept()

    def _write(self, path: Path, render: Callable[[], bytes]) -> str:
        """Render and write atomically; returns the problem as one line, or ``""``."""
        try:
            with busy_cursor():
                atomic_write(path, render())
        except FileProblem as error:
            return error.message
        except OSError as error:
            return f"{error.filename or path}: {error.strerror or error}"
        except Exception as error:  # noqa: BLE001 - never a traceback in the user's face
            return f"{type(error).__name__}: {error}"
        return ""


def _strip_extension(name: str, *, any_suffix: bool = False) -> str:
    """``name`` without a known export extension (the longest wins: ".galley.json").

    With ``any_suffix`` any other last suffix goes too (a source file "show.tsv"); a name
    the user typed ("Episode 1.5") keeps everything that is not an export extension.
    """
    lower = name.lower()
    for extension in sorted((w.extension for w in WRITERS), key=len, reverse=True):
        if lower.endswith(extension) and len(name) > len(extension):
            return name[: -len(extension)]
    stem, dot, _suffix = name.rpartition(".")
    return stem if any_suffix and dot and stem else name
