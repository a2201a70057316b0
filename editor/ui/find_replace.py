"""The find and replace bar: an inline strip under the editor (never a modal dialog).

The bar owns no text: it searches ``session.doc`` with :mod:`editor.core.search`, tells
the editor what to highlight through ``matchesChanged`` and where to go through
``session.navigate``, and changes the document only through ``replace_one`` /
``replace_all`` (each one undo step). Matches are recomputed ~150 ms after the pattern
or the document changes; after an ordinary edit only the touched segments are searched
again, so typing in a 10 MB transcript with the bar open stays cheap.
"""

from __future__ import annotations

import bisect
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence, QPainter, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.document import Change
from editor.core.search import Match, SearchQuery, find_all, find_speakers, replace_all, replace_one
from editor.ui.busy import busy_cursor
from editor.ui.session import Session
from editor.ui.style import kind_color

SEARCH_DELAY_MS = 150
# Beyond this many touched segments one full scan is cheaper than splicing per segment.
INCREMENTAL_LIMIT = 500
ERROR_COLOR = kind_color("spelling")


def _keys(standard: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's bindings for a standard key, or ``fallback`` where it has none (macOS Replace)."""
    return QKeySequence.keyBindings(standard) or [QKeySequence(fallback)]


class _ElidedLabel(QLabel):
    """A one-line label that elides long text ("Bad regex: …") instead of widening the bar."""

    WIDTH = 170  # "123,456 of 234,567 · 2 speakers" fits; more room is used when there is

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(self.WIDTH, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)


class FindReplaceBar(QWidget):
    """Find (Ctrl+F) and replace (Ctrl+H) over the open transcript, shown under the editor.

    The main window puts the bar below the editor, adds :meth:`menu_actions` to its Edit
    menu, passes ``matchesChanged`` to ``view.set_search_matches`` and lets
    ``session.navigateRequested`` select the match in the editor.
    """

    # list[editor.core.search.Match] in document order ([] when the bar closes). Declared
    # ``object``: a ``list`` signal copies every element through Qt (45 ms for 100k matches).
    matchesChanged = Signal(object)
    closed = Signal()  # the bar was closed (Escape); focus went back to where it was before

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._matches: list[Match] = []
        self._speaker_ids: list[str] = []
        self._current: int | None = None
        # Where "next" counts from: (segment id, offset); set by navigation and replacing.
        self._anchor: tuple[str, int] | None = None
        self._stale_all = True
        self._stale_ids: set[str] = set()
        self._error = ""
        self._wrapped = False  # the last step went round the end: the count says so
        self._return_focus: QWidget | None = None  # had the focus before the bar opened
        self._jump_when_found = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._build()
        self._build_actions()
        session.changed.connect(self._on_changed)
        session.documentReplaced.connect(self._on_document_replaced)
        self.setAccessibleName("Find and replace")
        self.hide()

    # ------------------------------------------------------------------ widgets

    def _build(self) -> None:
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAutoFillBackground(True)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        self.find_field = self._field("Find", "Find (Enter: next match, Shift+Enter: previous)")
        self.find_field.textChanged.connect(self._on_pattern_edited)
        self.replace_field = self._field(
            "Replace with", "Replace with (Enter: replace this match; \\1 or \\g<name> for regex groups)"
        )

        self.case_button = self._toggle("Aa", "Match case (Alt+C)", "Alt+C")
        self.word_button = self._toggle("W", "Whole words only (Alt+W)", "Alt+W")
        self.regex_button = self._toggle(".*", "Regular expression (Alt+X)", "Alt+X")
        self.speakers_button = self._toggle(
            "Speakers", "Also search speaker names; Replace All renames them too (Alt+P)", "Alt+P"
        )
        self.speakers_button.setChecked(True)
        bold = self.case_button.font()
        bold.setBold(True)
        for button in (self.case_button, self.word_button, self.regex_button):
            button.setFont(bold)
            button.setMinimumWidth(30)

        self.count_label = _ElidedLabel(self)
        self.count_label.setAccessibleName("Match count")

        up, down = Qt.ArrowType.UpArrow, Qt.ArrowType.DownArrow
        self.previous_button = self._button("Previous match (Shift+F3, Shift+Enter)", self.find_previous, arrow=up)
        self.next_button = self._button("Next match (F3, Enter)", self.find_next, arrow=down)
        self.close_button = self._button("Close (Escape)", self.close_bar)
        self.close_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        self.replace_button = self._button(
            "Replace this match and go to the next (Enter in the replace field)", self.replace_current, text="Replace"
        )
        self.replace_all_button = self._button(
            "Replace every match as one undo step (Ctrl+Alt+Enter)", self.replace_all, text="Replace All"
        )
        self.message = QLabel(self)
        self.message.setAccessibleName("Find and replace message")
        self.replace_field.textChanged.connect(self.message.clear)

        grid = QGridLayout()
        grid.setContentsMargins(8, 4, 8, 6)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(4)
        toggles = QHBoxLayout()
        toggles.setSpacing(2)
        for button in (self.case_button, self.word_button, self.regex_button, self.speakers_button):
            toggles.addWidget(button)
        # [find][Aa W .* Speakers][up down][count ......][x]: the arrows never move when the
        # count's text changes; the count (or a long regex error) takes the free width.
        grid.addWidget(self.find_field, 0, 0)
        grid.addLayout(toggles, 0, 1)
        navigation = QHBoxLayout()
        navigation.setSpacing(2)
        for button in (self.previous_button, self.next_button):
            navigation.addWidget(button)
        navigation.addSpacing(6)
        navigation.addWidget(self.count_label, 1)
        grid.addLayout(navigation, 0, 2)
        grid.addWidget(self.close_button, 0, 3, Qt.AlignmentFlag.AlignRight)
        self._replace_row = [self.replace_field, self.replace_button, self.replace_all_button, self.message]
        grid.addWidget(self.replace_field, 1, 0)
        replace_buttons = QHBoxLayout()
        replace_buttons.setSpacing(4)
        replace_buttons.addWidget(self.replace_button)
        replace_buttons.addWidget(self.replace_all_button)
        # No stretch item: with its widgets hidden (find mode) the row must collapse.
        grid.addLayout(replace_buttons, 1, 1, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.message, 1, 2, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(line)
        outer.addLayout(grid)

        self.find_field.installEventFilter(self)
        self.replace_field.installEventFilter(self)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._normal_palette = self.find_field.palette()

    def _field(self, placeholder: str, tip: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setPlaceholderText(placeholder)
        field.setToolTip(tip)
        field.setAccessibleName(placeholder)
        field.setClearButtonEnabled(True)
        field.setMinimumWidth(240)
        return field

    def _toggle(self, text: str, tip: str, key: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.toggled.connect(self._on_options_toggled)
        # Only while focus is in the bar: Alt+letter must not steal the menus' mnemonics.
        shortcut = QShortcut(QKeySequence(key), self, button.toggle)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return button

    def _button(self, tip: str, slot, *, text: str = "", arrow: Qt.ArrowType | None = None) -> QToolButton:
        button = QToolButton(self)
        if text:
            button.setText(text)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        if arrow is not None:
            button.setArrowType(arrow)
        button.setAutoRaise(not text)
        button.setToolTip(tip)
        button.setAccessibleName(text or tip.split(" (")[0])
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(slot)
        return button

    def _build_actions(self) -> None:
        """Menu actions with the standard shortcuts (the main window adds them to Edit)."""
        self.find_action = QAction("&Find…", self)
        self.find_action.setShortcuts(_keys(QKeySequence.StandardKey.Find, "Ctrl+F"))
        self.find_action.triggered.connect(lambda: self.show_find())
        self.replace_action = QAction("&Replace…", self)
        self.replace_action.setShortcuts(_keys(QKeySequence.StandardKey.Replace, "Ctrl+H"))
        self.replace_action.triggered.connect(lambda: self.show_replace())
        self.find_next_action = QAction("Find &Next", self)
        self.find_next_action.setShortcuts(_keys(QKeySequence.StandardKey.FindNext, "F3"))
        self.find_next_action.triggered.connect(self.find_next)
        self.find_previous_action = QAction("Find Pre&vious", self)
        self.find_previous_action.setShortcuts(_keys(QKeySequence.StandardKey.FindPrevious, "Shift+F3"))
        self.find_previous_action.triggered.connect(self.find_previous)

    def menu_actions(self) -> list[QAction]:
        """Find, Replace, Find Next, Find Previous: for the Edit menu (window-wide shortcuts)."""
        return [self.find_action, self.replace_action, self.find_next_action, self.find_previous_action]

    # ------------------------------------------------------------- public API

    @property
    def matches(self) -> list[Match]:
        """The current matches in document order (the list ``matchesChanged`` carried)."""
        return self._matches

    @property
    def current_index(self) -> int | None:
        """Index in :attr:`matches` of the match last navigated to, if any."""
        return self._current

    @property
    def replace_mode(self) -> bool:
        return not self.replace_field.isHidden()

    def query(self) -> SearchQuery:
        """What the fields and toggles ask for."""
        return SearchQuery(
            self.find_field.text(),
            regex=self.regex_button.isChecked(),
            whole_word=self.word_button.isChecked(),
            case_sensitive=self.case_button.isChecked(),
            in_speakers=self.speakers_button.isChecked(),
        )

    def show_find(self, text: str | None = None) -> None:
        """Open the bar for finding (Ctrl+F); ``text`` (the editor's selection) fills the field."""
        self._open(False, text)

    def show_replace(self, text: str | None = None) -> None:
        """Open the bar with the replace row (Ctrl+H)."""
        self._open(True, text)

    def close_bar(self) -> None:
        """Hide the bar (Escape) and clear the editor's match highlights."""
        self._timer.stop()
        self.hide()
        self._matches, self._current = [], None
        self._stale_all = True
        self.matchesChanged.emit([])
        back = self._return_focus
        self._return_focus = None
        if back is not None and shiboken6.isValid(back) and back.isVisible():
            back.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def find_next(self) -> None:
        """Go to the match after the current one, wrapping at the end (F3, Enter)."""
        self._step(+1)

    def find_previous(self) -> None:
        """Go to the match before the current one, wrapping at the start (Shift+F3, Shift+Enter)."""
        self._step(-1)

    def replace_current(self) -> None:
        """Replace the current match, then go to the next one (the first press only selects)."""
        self._flush()
        if self._error or not self._matches:
            return
        if self._current is None:
            self.find_next()
            return
        try:
            match = self._matches[self._current]
            new = replace_one(self.session.doc, self.query(), match, self.replace_field.text())
        except ValueError as error:
            self._show_message(str(error), error=True)
            return
        self.message.clear()
        if new is not None:
            self._anchor = (new.segment_id, new.end)
        self._current = None
        self.refresh()
        self._step(+1, from_anchor=True)

    def replace_all(self) -> None:
        """Replace every match (and speaker name, if Speakers is on) as one undo step."""
        self._flush()
        if self._error or not self.find_field.text():
            return
        try:
            with busy_cursor():  # 2 s for 100,000 replacements in ten hours
                count = replace_all(self.session.doc, self.query(), self.replace_field.text())
        except ValueError as error:
            self._show_message(str(error), error=True)
            return
        self.refresh()
        self._show_message(f"Replaced {count}" if count else "Nothing to replace")

    def state(self) -> dict[str, Any]:
        """The toggles, for the main window to persist."""
        return {
            "case_sensitive": self.case_button.isChecked(),
            "whole_word": self.word_button.isChecked(),
            "regex": self.regex_button.isChecked(),
            "in_speakers": self.speakers_button.isChecked(),
        }

    def restore_state(self, state: dict[str, Any]) -> None:
        """Set the toggles from :meth:`state` (unknown or bad values are ignored)."""
        buttons = {
            "case_sensitive": self.case_button,
            "whole_word": self.word_button,
            "regex": self.regex_button,
            "in_speakers": self.speakers_button,
        }
        for key, button in buttons.items():
            if isinstance(state.get(key), bool):
                button.setChecked(state[key])

    # -------------------------------------------------------------- searching

    def refresh(self) -> None:
        """Recompute matches now (normally run by the debounce timer)."""
        self._timer.stop()
        if self.isHidden():
            return
        doc = self.session.doc
        query = self.query()
        current = self._matches[self._current] if self._current is not None else None
        before = self._matches
        try:
            query.compile()
        except ValueError as error:
            self._set_error(str(error))
            self._matches, self._speaker_ids, self._current = [], [], None
        else:
            self._set_error("")
            if self._stale_all or len(self._stale_ids) > INCREMENTAL_LIMIT:
                self._matches = find_all(doc, query)
            elif self._stale_ids:
                self._matches = self._spliced(self._stale_ids)
            self._speaker_ids = find_speakers(doc, query)
            self._current = self._index_of(current)
        self._stale_all, self._stale_ids = False, set()
        self._wrapped = False
        self._update_count()
        if self._matches != before:  # typing elsewhere in a long transcript mostly changes nothing
            self.matchesChanged.emit(self._matches)
        if self._jump_when_found:
            self._jump_when_found = False
            if self._matches:
                self._step(+1, from_anchor=True)

    def _spliced(self, segment_ids: set[str]) -> list[Match]:
        """The matches with those of ``segment_ids`` searched again (edited, added or removed)."""
        doc = self.session.doc
        kept = [m for m in self._matches if m.segment_id not in segment_ids]
        fresh = find_all(doc, self.query(), segment_ids)
        if not fresh:
            return kept
        key = self._sort_key
        for segment_id in dict.fromkeys(m.segment_id for m in fresh):
            group = [m for m in fresh if m.segment_id == segment_id]
            at = bisect.bisect_left(kept, key(group[0]), key=key)
            kept[at:at] = group
        return kept

    def _sort_key(self, match: Match) -> tuple[int, int]:
        return self.session.doc.index_of(match.segment_id), match.start

    def _index_of(self, match: Match | None) -> int | None:
        """Where ``match`` is in the fresh list, if it is still there."""
        if match is None or not self.session.doc.has_segment(match.segment_id):
            return None
        at = bisect.bisect_left(self._matches, self._sort_key(match), key=self._sort_key)
        return at if at < len(self._matches) and self._matches[at] == match else None

    def _flush(self) -> None:
        """Bring matches up to date before acting on them (Enter right after typing)."""
        if self._timer.isActive() or self._stale_all or self._stale_ids:
            self.refresh()

    def _step(self, direction: int, *, from_anchor: bool = False) -> None:
        if self.isHidden():
            self.show_find()
        self._flush()
        if not self._matches:
            return
        count = len(self._matches)
        if self._current is not None and not from_anchor:
            index = (self._current + direction) % count
            wrapped = (direction > 0 and index == 0) or (direction < 0 and index == count - 1)
        else:
            index, wrapped = self._index_from_anchor(direction)
        self._current = index
        match = self._matches[index]
        self._anchor = (match.segment_id, match.start)
        self._wrapped = wrapped and count > 1
        self._update_count()
        self.session.navigate(match.segment_id, match.start, match.end)

    def _index_from_anchor(self, direction: int) -> tuple[int, bool]:
        """The first match at/after the anchor (or the last one before it), and whether it wrapped."""
        count = len(self._matches)
        anchor = self._anchor
        if anchor is None:
            selected = self.session.selected_segment_ids
            anchor = (selected[0], 0) if selected else None
        if anchor is None or not self.session.doc.has_segment(anchor[0]):
            return (0, False) if direction > 0 else (count - 1, False)
        position = (self.session.doc.index_of(anchor[0]), anchor[1])
        at = bisect.bisect_left(self._matches, position, key=self._sort_key)
        if direction > 0:
            return (at, False) if at < count else (0, True)
        return (at - 1, False) if at > 0 else (count - 1, True)

    # ------------------------------------------------------------------ events

    def _open(self, replace: bool, text: str | None) -> None:
        for widget in self._replace_row:
            widget.setVisible(replace)
        was_hidden = self.isHidden()
        focused = QApplication.focusWidget()
        if focused is not None and not self.isAncestorOf(focused):
            self._return_focus = focused  # the editor, normally: Escape goes back there
        self.show()
        self.updateGeometry()  # the replace row came or went: the bar's height changed
        if text and "\n" not in text and "\u2029" not in text and text != self.find_field.text():
            self.find_field.setText(text)  # schedules a search that jumps to the first match
        elif was_hidden:
            self._stale_all = True  # highlight what the field already holds
            self._timer.start()
        self.find_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_field.selectAll()

    def _on_pattern_edited(self) -> None:
        # A new pattern: search as you type, then go to the first match from where we are.
        self._stale_all = True
        self._current = None
        self._jump_when_found = True
        self.message.clear()
        self._timer.start()

    def _on_options_toggled(self) -> None:
        self._stale_all = True
        self._jump_when_found = self._current is None
        self._timer.start()

    def _on_changed(self, change: Change) -> None:
        if change.reason == "findings":
            return  # findings never change text or names
        if self.isHidden():
            self._stale_all = True  # searched afresh when the bar opens
            return
        if change.segment_ids:
            self._stale_ids |= change.segment_ids
        elif not change.speakers:
            return
        self._timer.start()

    def _on_document_replaced(self) -> None:
        self._matches, self._speaker_ids, self._current, self._anchor = [], [], None, None
        self._stale_all, self._stale_ids = True, set()
        if not self.isHidden():
            self._timer.start()
        self.matchesChanged.emit([])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter / Shift+Enter in the find field go forward / back; Enter in the replace field replaces."""
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            modifiers = event.modifiers()
            control_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            if modifiers & control_alt == control_alt:
                self.replace_all()
            elif watched is self.replace_field:
                self.replace_current()
            elif modifiers & Qt.KeyboardModifier.ShiftModifier:
                self.find_previous()
            else:
                self.find_next()
            return True
        return super().eventFilter(watched, event)

    # ---------------------------------------------------------------- display

    def _update_count(self) -> None:
        if self._error:
            return
        total = len(self._matches)
        if not self.find_field.text():
            text = ""
        elif self._current is not None:
            text = f"{self._current + 1} of {total}" + (" (wrapped)" if self._wrapped else "")
        elif total:
            text = f"{total} match" + ("" if total == 1 else "es")
        else:
            text = "No matches"
        if self._speaker_ids:
            names = len(self._speaker_ids)
            text += f" · {names} speaker" + ("" if names == 1 else "s")
        self.count_label.setText(text)
        self.count_label.setStyleSheet("" if total or self._speaker_ids or not text else f"color: {ERROR_COLOR};")
        has_matches = bool(total)
        for button in (self.previous_button, self.next_button, self.replace_button):
            button.setEnabled(has_matches)
        self.replace_all_button.setEnabled(has_matches or bool(self._speaker_ids))

    def _set_error(self, error: str) -> None:
        """Show a bad regex: a reddish field, the message beside it and in the tooltip."""
        if error == self._error:
            return
        self._error = error
        if error:
            palette = QPalette(self._normal_palette)
            base = palette.color(QPalette.ColorRole.Base)
            red = QColor(ERROR_COLOR)
            # A quarter red over the theme's own base: readable in light and dark themes.
            mixed = QColor(
                (base.red() * 3 + red.red()) // 4,
                (base.green() * 3 + red.green()) // 4,
                (base.blue() * 3 + red.blue()) // 4,
            )
            palette.setColor(QPalette.ColorRole.Base, mixed)
            self.find_field.setPalette(palette)
            self.find_field.setToolTip(error)
            self.count_label.setText(error.replace("Invalid regular expression: ", "Bad regex: "))
            self.count_label.setToolTip(error)
            self.count_label.setStyleSheet(f"color: {ERROR_COLOR};")
            for button in (self.previous_button, self.next_button, self.replace_button, self.replace_all_button):
                button.setEnabled(False)
        else:
            self.find_field.setPalette(self._normal_palette)
            self.find_field.setToolTip("Find (Enter: next match, Shift+Enter: previous)")
            self.count_label.setToolTip("")

    def _show_message(self, text: str, *, error: bool = False) -> None:
        """A note under the count ("Replaced 12", "Wrapped around", a bad replacement)."""
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOR};" if error else "")
