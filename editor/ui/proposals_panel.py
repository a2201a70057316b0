"""The Tag Proposals dock: speaker turns, ad reads and chapters the tagging tools propose,
grouped so that one decision can settle a whole pattern.

Keys while the list has focus (the same as the review panel's):

==============  ==========================================================
Enter           accept this occurrence (the one shown in the editor)
Shift+Enter     accept every occurrence of the group (one undo step)
Delete          reject this occurrence (remembered in the project)
Shift+Delete    reject the whole group
N / Shift+N     show the next / previous occurrence without deciding
==============  ==========================================================

A speaker turn the tool could not name is assigned to the speaker chosen in "Assign
turns to"; accepting its group gives every other turn of that pattern the same speaker.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox, QDockWidget, QLabel, QListWidget, QListWidgetItem, QWidget

from editor.core.document import Change
from editor.core.ops import SetSegment
from editor.plugin_host import tag_review
from editor.plugin_host.tag_review import ProposalGroup
from editor.plugin_host.tagging import ProposedTag
from editor.ui.panel_body import panel_body
from editor.ui.session import Session
from editor.ui.tags_panel import tag_color


REFRESH_DELAY_MS = 150


def _speaker_changed(change: Change) -> bool:
    return any(isinstance(op, SetSegment) and op.old.speaker_id != op.new.speaker_id for op in change.ops)


@functools.cache
def _chip(label: str) -> QIcon:
    """A round swatch in the tag's colour (the Tags panel's and the gutter's)."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(tag_color(label)))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class ProposalList(QListWidget):
    """The groups; decision keys go to the panel."""

    def __init__(self, panel: ProposalsPanel) -> None:
        super().__init__(panel)
        self._panel = panel

    def keyPressEvent(self, event: QKeyEvent) -> None:
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._panel.accept_group() if shift else self._panel.accept_current()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._panel.reject_group() if shift else self._panel.reject_current()
        elif key == Qt.Key.Key_N:
            self._panel.show_occurrence(-1 if shift else 1)
        else:
            super().keyPressEvent(event)


class ProposalsPanel(QDockWidget):
    """Review of tag proposals: accept, reject, accept all, and re-run the tools."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Tag Proposals", parent)
        self.setObjectName("ProposalsPanel")
        self.session = session
        self._groups: list[ProposalGroup] = []
        self._occurrence = 0
        self._stale = True
        self.list = ProposalList(self)
        self.list.setAccessibleName("Tag proposals")
        # Every row is two lines: uniform sizes spare Qt measuring thousands of rows.
        self.list.setUniformItemSizes(True)
        self.list.currentRowChanged.connect(self._current_changed)
        self.speaker_combo = QComboBox(self)
        self.speaker_combo.setAccessibleName("Assign unnamed speaker turns to")
        self.speaker_combo.setToolTip("The speaker that unnamed turns are given when you accept them")
        label = QLabel("Assign turns &to:", self)
        label.setBuddy(self.speaker_combo)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setAccessibleName("About the selected proposal")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._make_actions()
        body = panel_body(label, self.speaker_combo, self.list, [self.accept_action, self.accept_all_action, self.reject_action, self.rerun_action])
        body.layout().insertWidget(2, self.details)
        self.setWidget(body)
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS, timeout=self.refresh)
        session.proposalsChanged.connect(self.refresh)
        session.documentReplaced.connect(self.refresh)
        session.changed.connect(self._on_change)
        self.refresh()

    def _make_actions(self) -> None:
        def action(text: str, tip: str, slot) -> QAction:  # noqa: ANN001
            made = QAction(text, self)
            made.setToolTip(tip)
            made.triggered.connect(slot)
            return made

        self.accept_action = action("Accept", "Accept this occurrence (Enter)", self.accept_current)
        self.accept_all_action = action("Accept All", "Accept every occurrence of this group, one undo step (Shift+Enter)", self.accept_group)
        self.reject_action = action("Reject", "Reject this occurrence; it will not be proposed again (Delete)", self.reject_current)
        self.rerun_action = action("Propose Again", "Run the tagging tools on the whole transcript now", self.propose_again)

    # ----------------------------------------------------------------- state

    def groups(self) -> list[ProposalGroup]:
        return list(self._groups)

    def current_group(self) -> ProposalGroup | None:
        row = self.list.currentRow()
        return self._groups[row] if 0 <= row < len(self._groups) else None

    def current_item(self) -> ProposedTag | None:
        group = self.current_group()
        return group.items[self._occurrence % group.count] if group else None

    def focus_list(self) -> None:
        self.show()
        self.raise_()
        self.list.setFocus()
        if self.list.currentRow() < 0 and self._groups:
            self.list.setCurrentRow(0)

    def _on_change(self, change: Change) -> None:
        # Typing cannot open or close a proposal; tags, speakers, structure and decisions
        # can. Refreshing costs ~5 ms per 500 proposals, so never per keystroke, and
        # after a short pause so that a burst of changes costs one refresh.
        if change.reason == "findings":
            return
        if change.speakers:  # the "Assign turns to" choices at once: they are cheap
            self._fill_speakers()
            self._update_enabled()
        if change.structure or change.tags or change.document or change.speakers or _speaker_changed(change):
            self._refresh_timer.start()

    def showEvent(self, event) -> None:  # noqa: ANN001
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the list from the open proposals, keeping the selection where it can
        (only while the panel shows: behind another tab it waits until it is shown)."""
        self._stale = not self.isVisible()
        if self._stale:
            return
        kept = self.current_group()
        kept_key = (kept.tool, kept.label, kept.pattern) if kept else None
        self._groups = tag_review.group_proposals(self.session.open_proposals())
        self._fill_speakers()
        self.list.blockSignals(True)
        self.list.clear()
        for group in self._groups:
            item = QListWidgetItem(_chip(group.label), self._describe(group))
            item.setToolTip(group.items[0].proposal.note or group.title)
            self.list.addItem(item)
        row = next((i for i, g in enumerate(self._groups) if (g.tool, g.label, g.pattern) == kept_key), 0)
        self.list.setCurrentRow(row if self._groups else -1)
        self.list.blockSignals(False)
        group = self.current_group()
        self._occurrence = min(self._occurrence, group.count - 1) if group else 0
        running = self.session.tagging_report is None and self.session.checks_busy()
        count = sum(g.count for g in self._groups)
        self.setWindowTitle(f"Tag Proposals ({count})" if count else "Tag Proposals")
        self._update_enabled()
        if running and not count:
            self._show_details("Looking for speakers, ad reads and chapters…")
        else:
            self._show_current(navigate=False)  # a change in the text must not move the caret

    def _describe(self, group: ProposalGroup) -> str:
        unit = {"ad": "read", "speaker": "turn", "chapter": "break"}.get(group.label, "place")
        sure = "likely" if group.confidence >= 0.7 else "possible" if group.confidence >= 0.45 else "a guess"
        return f"{group.title}\n{group.count} {unit}{'s' if group.count != 1 else ''} · {sure} ({group.confidence:.0%})"

    def _fill_speakers(self) -> None:
        current = self.speaker_combo.currentData()
        self.speaker_combo.blockSignals(True)
        self.speaker_combo.clear()
        for speaker in self.session.doc.speakers:
            self.speaker_combo.addItem(speaker.name, speaker.id)
        index = self.speaker_combo.findData(current)
        self.speaker_combo.setCurrentIndex(index if index >= 0 else 0)
        self.speaker_combo.blockSignals(False)

    def _update_enabled(self) -> None:
        group = self.current_group()
        needs = bool(group and group.needs_speaker)
        ready = group is not None and (not needs or self.speaker_combo.count() > 0)
        self.accept_action.setEnabled(ready)
        self.accept_all_action.setEnabled(ready)
        self.reject_action.setEnabled(group is not None)
        self.speaker_combo.setEnabled(needs)

    def _current_changed(self, _row: int) -> None:
        self._occurrence = 0
        self._update_enabled()
        self._show_current()

    def _show_current(self, navigate: bool = True) -> None:
        item = self.current_item()
        if item is None:
            self._show_details(None)
            return
        doc = self.session.doc
        first, last = doc.index_of(item.proposal.first_segment_id), doc.index_of(item.proposal.last_segment_id)
        group = self.current_group()
        where = f"segment {first + 1}" if first == last else f"segments {first + 1}–{last + 1}"
        lines = [f"{self._occurrence % group.count + 1} of {group.count}: {where} · {item.tool}"]
        if item.proposal.note:
            lines.append(item.proposal.note)
        if group.needs_speaker:
            lines.append("Choose who speaks in “Assign turns to”, then Enter for this turn or Shift+Enter for all of them.")
        self._show_details("\n".join(lines))
        if navigate:
            self.session.navigate(item.proposal.first_segment_id, 0, 0)

    def _show_details(self, text: str | None) -> None:
        if text is None:
            text = "" if self._groups else "No tag proposals. Propose Again runs the speaker, ad-read and chapter tools."
        self.details.setText(text)

    def show_occurrence(self, step: int) -> None:
        group = self.current_group()
        if group:
            self._occurrence = (self._occurrence + step) % group.count
            self._show_current()

    # --------------------------------------------------------------- decisions

    def _speaker(self, group: ProposalGroup) -> str | None:
        return self.speaker_combo.currentData() if group.needs_speaker else None

    def _decide(self, items: list[ProposedTag], accept: bool) -> None:
        group = self.current_group()
        if group is None or not items:
            return
        if accept:
            if group.needs_speaker and self._speaker(group) is None:
                self._show_details("Add a speaker first (Speakers panel), then choose it in “Assign turns to”.")
                return
            tag_review.accept(self.session.doc, items, self._speaker(group))
        else:
            tag_review.reject(self.session.doc, items)
        self.list.setFocus()

    def accept_current(self) -> None:
        item = self.current_item()
        self._decide([item] if item else [], accept=True)

    def accept_group(self) -> None:
        group = self.current_group()
        self._decide(list(group.items) if group else [], accept=True)

    def reject_current(self) -> None:
        item = self.current_item()
        self._decide([item] if item else [], accept=False)

    def reject_group(self) -> None:
        group = self.current_group()
        self._decide(list(group.items) if group else [], accept=False)

    def propose_again(self) -> None:
        if self.session.request_tagging():
            self._show_details("Looking for speakers, ad reads and chapters…")

