"""The review panel: the producer's to-do list of suggested fixes, worked from the keyboard.

Findings are shown grouped by (tool, text, replacement) — one row per group with its kind
colour, "text → fix", the tool and "×count". Selecting a row shows the group's next
occurrence after the editor's caret in the editor; the keys act on it:

==============  ===========================================================
Up / Down       move between groups (the editor follows)
Enter           accept the chosen replacement at this occurrence
Shift+Enter     accept it at every occurrence (one undo step)
Delete          reject this occurrence; Shift+Delete rejects the group
I               ignore this text everywhere in the project
D               add the text to the personal dictionary
G               add the term to the show's glossary
N / Shift+N     show the next / previous occurrence without deciding
Left / Right    choose the previous / next alternative replacement
Alt+1 … Alt+9   choose alternative 1 … 9
==============  ===========================================================

After a decision the selection stays on the same row — the same group if some occurrences
remain, else the group that moved up into its place — so Enter can be pressed repeatedly.

The panel never keeps its own copy of the findings: it rebuilds its rows from
``session.groups()`` (debounced, and not while hidden) and changes the document only
through :mod:`editor.core.review` and the session.
"""

from __future__ import annotations

import html
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.core import review
from editor.core.document import Change
from editor.core.model import Annotation
from editor.core.review import FindingGroup
from editor.ui.session import Session
from editor.ui.style import KIND_COLORS, kind_color

REFRESH_DELAY_MS = 50  # after check results, decisions, undo
TYPING_REFRESH_DELAY_MS = 400  # after text edits in the editor
CONTEXT_CHARS = 48  # characters of segment text shown on each side of an occurrence
MAX_ALTERNATIVES = 9  # Alt+1 … Alt+9

GroupKey = tuple[str, str, str]  # (tool, text, first replacement): what identifies a group
ALL = ""  # filter value meaning "no filter"
SORT_POSITION = "position"
SORT_COUNT = "count"

GROUP_ROLE = Qt.ItemDataRole.UserRole + 1
CHOSEN_ROLE = Qt.ItemDataRole.UserRole + 2


def group_key(group: FindingGroup) -> GroupKey:
    return (group.tool, group.text, group.replacement)


def is_deletion(group: FindingGroup, replacement: str) -> bool:
    """An empty fix means "delete" only for fillers; elsewhere it means "no suggestion"
    (see ``editor.plugin_api``: an empty tuple with a ``filler`` kind means delete)."""
    return replacement == "" and group.kind == "filler"


def can_accept(group: FindingGroup, replacement: str) -> bool:
    return replacement != "" or is_deletion(group, replacement)


def describe_fix(group: FindingGroup, replacement: str) -> str:
    """What a row says the fix is: "PyTorch", "delete" or "no suggestion"."""
    if replacement:
        return replacement
    return "delete" if is_deletion(group, replacement) else "no suggestion"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


# --------------------------------------------------------------------------- model


class ReviewModel(QAbstractListModel):
    """The groups that pass the kind/tool filter, in the chosen order.

    Filtering and sorting happen here on plain lists (a proxy model would cost more than
    the whole rebuild for 2,000 groups). ``chosen`` holds the replacement the producer
    picked per group when it is not the first one.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[FindingGroup] = []
        self._rows: list[FindingGroup] = []
        self._row_of: dict[GroupKey, int] = {}
        self.kind_filter = ALL
        self.tool_filter = ALL
        self.sort = SORT_POSITION
        self.chosen: dict[GroupKey, str] = {}

    # Qt interface
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        group = self._rows[index.row()]
        if role == GROUP_ROLE:
            return group
        if role == CHOSEN_ROLE:
            return self.chosen_for(group)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            fix = describe_fix(group, self.chosen_for(group))
            return (
                f"{group.text.strip()} → {fix}, {_plural(group.count, 'time')}, {group.kind} ({group.tool})"
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"{group.kind} · {group.tool} · {_plural(group.count, 'occurrence')}"
            return f"<p>{html.escape(group.message)}</p><p style='color:gray'>{html.escape(where)}</p>"
        return None

    # contents
    def set_groups(self, groups: Sequence[FindingGroup]) -> None:
        """Replace every row (a model reset: cheap for a few thousand rows)."""
        self.beginResetModel()
        self._all = list(groups)
        if self.chosen:  # forget choices for groups that are gone
            keys = {group_key(g) for g in self._all}
            self.chosen = {k: v for k, v in self.chosen.items() if k in keys}
        self._arrange()
        self.endResetModel()

    def set_view(self, kind: str, tool: str, sort: str) -> None:
        self.beginResetModel()
        self.kind_filter, self.tool_filter, self.sort = kind, tool, sort
        self._arrange()
        self.endResetModel()

    def _arrange(self) -> None:
        rows = [
            g
            for g in self._all
            if (not self.kind_filter or g.kind == self.kind_filter)
            and (not self.tool_filter or g.tool == self.tool_filter)
        ]
        if self.sort == SORT_COUNT:  # stable: equal counts stay in document order
            rows.sort(key=lambda g: -g.count)
        self._rows = rows
        self._row_of = {group_key(g): i for i, g in enumerate(rows)}

    @property
    def all_groups(self) -> list[FindingGroup]:
        return self._all

    @property
    def rows(self) -> list[FindingGroup]:
        return self._rows

    def group(self, row: int) -> FindingGroup | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: GroupKey) -> int:
        return self._row_of.get(key, -1)

    def chosen_for(self, group: FindingGroup) -> str:
        return self.chosen.get(group_key(group), group.replacement)

    def choose(self, group: FindingGroup, replacement: str) -> None:
        key = group_key(group)
        if replacement == group.replacement:
            self.chosen.pop(key, None)
        else:
            self.chosen[key] = replacement
        row = self.row_of(key)
        if row >= 0:
            index = self.index(row)
            self.dataChanged.emit(index, index)


# ------------------------------------------------------------------------ delegate


class GroupDelegate(QStyledItemDelegate):
    """One line per group: kind badge, "text → fix", tool in small grey, "×count"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colors: dict[str, QColor] = {k: QColor(v) for k, v in KIND_COLORS.items()}

    def _color(self, kind: str) -> QColor:
        color = self._colors.get(kind)
        if color is None:
            color = self._colors[kind] = QColor(kind_color(kind))
        return color

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(200, option.fontMetrics.height() + 10)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        group: FindingGroup | None = index.data(GROUP_ROLE)
        if group is None:
            return
        chosen: str = index.data(CHOSEN_ROLE)
        widget = option.widget
        style = widget.style() if widget else None
        # Background and selection from the style, text painted by hand.
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        group_role = (
            QPalette.ColorGroup.Active
            if option.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_color = palette.color(
            group_role, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        grey = QColor(text_color)
        grey.setAlphaF(0.6)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(8, 0, -8, 0)
        metrics = option.fontMetrics
        # Kind badge: a dot in the kind's colour (white ring keeps it visible on selection).
        dot = metrics.height() * 0.55
        badge = QRect(rect.left(), int(rect.center().y() - dot / 2), int(dot), int(dot))
        painter.setPen(Qt.PenStyle.NoPen if not selected else QColor("white"))
        painter.setBrush(self._color(group.kind))
        painter.drawEllipse(badge)
        x = badge.right() + 8

        # Right side first (count, tool) so the text knows how much room is left.
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        count_text = f"×{group.count}"
        count_width = painter.fontMetrics().horizontalAdvance(count_text)
        count_rect = QRect(rect.right() - count_width, rect.top(), count_width, rect.height())
        painter.setPen(text_color)
        painter.drawText(count_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, count_text)

        small = QFont(option.font)
        small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.85))
        painter.setFont(small)
        tool_width = min(painter.fontMetrics().horizontalAdvance(group.tool), max(0, rect.width() // 4))
        tool_rect = QRect(count_rect.left() - 10 - tool_width, rect.top(), tool_width, rect.height())
        painter.setPen(grey)
        tool_text = _elide(painter.fontMetrics(), group.tool, tool_width)
        painter.drawText(tool_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, tool_text)

        # "text → fix", eliding the original text first so the fix stays readable.
        available = tool_rect.left() - 10 - x
        original = group.text.strip() or group.text
        arrow = "  →  "
        fix = describe_fix(group, chosen)
        fix_font = QFont(option.font)
        if not chosen:
            fix_font.setItalic(True)
        painter.setFont(option.font)
        arrow_width = metrics.horizontalAdvance(arrow)
        fix_width = QFontMetrics(fix_font).horizontalAdvance(fix)
        original_width = min(
            metrics.horizontalAdvance(original), max(available // 2, available - arrow_width - fix_width)
        )
        original_text = _elide(metrics, original, original_width)
        original_width = metrics.horizontalAdvance(original_text)
        painter.setPen(text_color)
        painter.drawText(
            QRect(x, rect.top(), original_width, rect.height()), Qt.AlignmentFlag.AlignVCenter, original_text
        )
        x += original_width
        painter.setPen(grey)
        painter.drawText(
            QRect(x, rect.top(), arrow_width, rect.height()), Qt.AlignmentFlag.AlignVCenter, arrow
        )
        x += arrow_width
        painter.setFont(fix_font)
        painter.setPen(text_color if chosen else grey)
        fix_width = max(0, tool_rect.left() - 10 - x)
        fix_text = _elide(painter.fontMetrics(), fix, fix_width)
        painter.drawText(
            QRect(x, rect.top(), fix_width, rect.height()), Qt.AlignmentFlag.AlignVCenter, fix_text
        )
        painter.restore()


def _elide(metrics: QFontMetrics, text: str, width: int) -> str:
    # elidedText() may elide a text exactly as wide as the room it is given: measure first.
    if metrics.horizontalAdvance(text) <= width:
        return text
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, width))


# ---------------------------------------------------------------------------- list


class GroupList(QListView):
    """The list of groups: the review keys that are not menu actions, and the empty state."""

    alternativeStep = Signal(int)  # -1 / +1: previous / next alternative replacement
    alternativePicked = Signal(int)  # 0-based: Alt+1 … Alt+9
    occurrenceStep = Signal(int)  # -1 / +1: previous / next occurrence

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = "No findings — all clear"
        self.setUniformItemSizes(True)  # one height for all rows: fast layout of 2,000 rows
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        plain = mods & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and plain == Qt.KeyboardModifier.NoModifier:
            self.alternativeStep.emit(-1 if key == Qt.Key.Key_Left else 1)
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and plain == Qt.KeyboardModifier.AltModifier:
            self.alternativePicked.emit(key - Qt.Key.Key_1)
        elif key == Qt.Key.Key_N and plain in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ShiftModifier,
        ):
            self.occurrenceStep.emit(-1 if plain == Qt.KeyboardModifier.ShiftModifier else 1)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            color = self.palette().color(QPalette.ColorRole.PlaceholderText)
            painter.setPen(color)
            rect = self.viewport().rect().adjusted(12, 24, -12, -12)
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )


# ---------------------------------------------------------------------------- panel


@dataclass(frozen=True, slots=True)
class _Shown:
    """The occurrence the editor was last asked to show for the selected group."""

    key: GroupKey
    finding_id: str
    segment_id: str


class ReviewPanel(QDockWidget):
    """Dock listing grouped findings; accept, reject, ignore from the keyboard.

    The main window adds it as a dock, binds a shortcut to :meth:`focus_list` and puts
    :meth:`actions_for_menu` in its Review menu. Everything it does goes through
    ``session`` (navigation via ``session.navigate``).
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Review", parent)
        self.setObjectName("reviewPanel")
        self.setAccessibleName("Review")
        self.session = session
        self._checking = False
        self._dirty = True
        self._rebuilding = False
        self._shown: _Shown | None = None
        self.last_rebuild_ms = 0.0

        self.model = ReviewModel(self)
        self._build_widgets()
        self._build_actions()

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)

        session.changed.connect(self._on_changed)
        session.documentReplaced.connect(self._on_document_replaced)
        session.checksRunning.connect(self._on_checks_running)
        session.checksFinished.connect(self._on_checks_finished)
        session.selectionChanged.connect(self._on_editor_selection)
        self.refresh()

    # ------------------------------------------------------------------ building

    def _build_widgets(self) -> None:
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)

        filters = QHBoxLayout()
        filters.setSpacing(4)
        self.kind_combo = self._combo("Kind filter", "Show only findings of this kind")
        self.tool_combo = self._combo("Tool filter", "Show only findings of this tool")
        self.sort_combo = self._combo(
            "Sort order", "Order groups by first position in the transcript, or by count"
        )
        self.sort_combo.addItem("By position", SORT_POSITION)
        self.sort_combo.addItem("By count", SORT_COUNT)
        for combo in (self.kind_combo, self.tool_combo):
            # Share a narrow dock: the closed combo may elide, its popup shows items in full.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.sort_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for combo in (self.kind_combo, self.tool_combo, self.sort_combo):
            filters.addWidget(combo)
            combo.activated.connect(self._on_view_changed)
        layout.addLayout(filters)

        self.count_label = QLabel(body)
        self.count_label.setAccessibleName("Findings count")
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.count_label)

        self.list = GroupList(body)
        self.list.setAccessibleName("Finding groups")
        self.list.setToolTip("")
        self.list.setModel(self.model)
        self.list.setItemDelegate(GroupDelegate(self.list))
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.list.alternativeStep.connect(self._step_alternative)
        self.list.alternativePicked.connect(self._pick_alternative)
        self.list.occurrenceStep.connect(self._step_occurrence)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.list, 1)

        # Details of the selected group: where this occurrence is, what it says, which fix.
        self.details = QWidget(body)
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.setSpacing(4)
        self.context_label = QLabel(self.details)
        self.context_label.setAccessibleName("Occurrence in context")
        self.context_label.setWordWrap(True)
        self.context_label.setTextFormat(Qt.TextFormat.RichText)
        self.message_label = QLabel(self.details)
        self.message_label.setAccessibleName("Finding message")
        self.message_label.setWordWrap(True)
        self.message_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        choice = QHBoxLayout()
        choice_label = QLabel("Replace &with:", self.details)
        self.replacement_combo = self._combo(
            "Replacement", "The fix Enter applies — in the list: Left/Right or Alt+1…Alt+9 choose another"
        )
        self.replacement_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.replacement_combo.activated.connect(self._on_replacement_combo)
        choice_label.setBuddy(self.replacement_combo)
        choice.addWidget(choice_label)
        choice.addWidget(self.replacement_combo, 1)
        details.addWidget(self.context_label)
        details.addWidget(self.message_label)
        details.addLayout(choice)
        layout.addWidget(self.details)

        self.buttons = QGridLayout()
        self.buttons.setSpacing(4)
        layout.addLayout(self.buttons)
        self.setWidget(body)
        self.setMinimumWidth(280)

    def _combo(self, name: str, tip: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setToolTip(tip)
        return combo

    def _build_actions(self) -> None:
        def make(
            text: str, keys: Sequence[QKeySequence | str], tip: str, slot: Callable[[], object]
        ) -> QAction:
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            # Only while the list has focus: Enter and single letters belong to the editor elsewhere.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            self.list.addAction(action)
            return action

        self.accept_action = make(
            "&Accept", ["Return", "Enter"], "Accept the fix at this occurrence (Enter)", self.accept_current
        )
        self.accept_all_action = make(
            "Accept A&ll",
            ["Shift+Return", "Shift+Enter"],
            "Accept the fix at every occurrence (Shift+Enter)",
            self.accept_all,
        )
        self.reject_action = make(
            "&Reject",
            [QKeySequence(QKeySequence.StandardKey.Delete)],
            "Keep this occurrence as written (Delete)",
            self.reject_current,
        )
        self.reject_all_action = make(
            "Reject All",
            ["Shift+Del"],
            "Keep every occurrence as written, now and after re-checks (Shift+Delete)",
            self.reject_all,
        )
        self.ignore_action = make(
            "&Ignore Everywhere",
            ["I"],
            "Never flag this text again in this project (I)",
            self.ignore_everywhere,
        )
        self.dictionary_action = make(
            "Add to &Dictionary",
            ["D"],
            "Add the word to your personal dictionary, for every project (D)",
            self.add_to_dictionary,
        )
        self.glossary_action = make(
            "Add to &Glossary", ["G"], "Add the term to this show's glossary (G)", self.add_to_glossary
        )

        for position, action, label in (
            ((0, 0), self.accept_action, "Accept"),
            ((0, 1), self.accept_all_action, "Accept all"),
            ((0, 2), self.reject_action, "Reject"),
            ((1, 0), self.ignore_action, "Ignore"),
            ((1, 1), self.dictionary_action, "Dictionary"),
            ((1, 2), self.glossary_action, "Glossary"),
        ):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setAccessibleName(label)
            # The action's text carries "&" and counts; a short fixed label fits the dock.
            button.setText(label)
            action.changed.connect(lambda b=button, t=label: b.setText(t))
            self.buttons.addWidget(button, *position)

    def actions_for_menu(self) -> list[QAction]:
        """Actions for a Review menu, acting on the selected group; their shortcuts work
        while the list has focus (Enter, Shift+Enter, Delete, Shift+Delete, I, D, G)."""
        return [
            self.accept_action,
            self.accept_all_action,
            self.reject_action,
            self.reject_all_action,
            self.ignore_action,
            self.dictionary_action,
            self.glossary_action,
        ]

    def list_widget(self) -> GroupList:
        """The list of groups (where the review keys work), for focus chains and tests."""
        return self.list

    def focus_list(self) -> None:
        """Show the panel and put the keyboard in its list (selecting the first group)."""
        self.show()
        self.raise_()
        if self._dirty:
            self.refresh()
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.list.currentIndex().isValid() and self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))

    # ------------------------------------------------------------------ refresh

    def _on_changed(self, change: Change) -> None:
        if not (
            change.findings or change.annotations or change.document or change.structure or change.segment_ids
        ):
            return  # speaker names or colours, metadata: no finding changed
        self._dirty = True
        if not self.isVisible():
            return  # rebuilt when shown
        typing = change.reason == "do" and not (change.annotations or change.document or change.structure)
        # While the producer types, wait for a pause (the live check follows anyway): a
        # rebuild of 20,000 findings must not land between two keystrokes.
        delay = TYPING_REFRESH_DELAY_MS if typing else REFRESH_DELAY_MS
        if not self._refresh_timer.isActive() or self._refresh_timer.remainingTime() < delay:
            self._refresh_timer.start(delay)

    def _on_document_replaced(self) -> None:
        self._shown = None
        self.model.chosen.clear()
        self._dirty = True
        self.refresh()

    def _on_checks_finished(self, _report: object) -> None:
        # A pass has landed: show its results now rather than after the debounce, so the
        # panel and the status bar (and a --screenshot taken at this moment) agree.
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def _on_checks_running(self, running: bool) -> None:
        self._checking = running
        self._update_labels()

    def _on_editor_selection(self) -> None:
        # The caret left the occurrence we showed: "this occurrence" is now the next one
        # after the caret, worked out when it is needed.
        if self._shown is not None and self._shown.segment_id not in self.session.selected_segment_ids:
            self._shown = None
            self._update_details()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self._refresh_timer.start(0)

    def refresh(self) -> None:
        """Rebuild the rows from the session now, keeping the selected group (or its row)."""
        started = time.perf_counter()
        self._refresh_timer.stop()
        self._dirty = False
        current = self.current_group()
        key = group_key(current) if current else None
        row = self.list.currentIndex().row()
        scroll = self.list.verticalScrollBar().value()
        self._rebuilding = True
        try:
            self.model.set_groups(self.session.groups())
            self._update_filter_items()
            self._restore(key, row, scroll)
        finally:
            self._rebuilding = False
        if self._shown is not None and (
            self.current_group() is None or group_key(self.current_group()) != self._shown.key
        ):
            self._shown = None
        self._update_labels()
        self._update_details()
        self.last_rebuild_ms = (time.perf_counter() - started) * 1000

    def _restore(self, key: GroupKey | None, row: int, scroll: int) -> None:
        """Select ``key``'s row if it is still there, else whatever is now at ``row``."""
        count = self.model.rowCount()
        if not count:
            return
        target = self.model.row_of(key) if key is not None else -1
        if target < 0 and row >= 0:
            target = min(row, count - 1)
        self.list.verticalScrollBar().setValue(scroll)
        if target >= 0:
            index = self.model.index(target)
            self.list.selectionModel().setCurrentIndex(
                index, self.list.selectionModel().SelectionFlag.ClearAndSelect
            )
            self.list.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def _update_filter_items(self) -> None:
        """Kinds and tools present, with counts; the chosen filter stays even at zero."""
        groups = self.model.all_groups
        kinds: Counter[str] = Counter()
        tools: Counter[str] = Counter()
        for g in groups:
            kinds[g.kind] += g.count
            tools[g.tool] += g.count
        kind_names = list(KIND_COLORS) + sorted(k for k in kinds if k not in KIND_COLORS)
        if self.model.kind_filter and self.model.kind_filter not in kind_names:
            kind_names.append(self.model.kind_filter)
        tool_names = sorted(set(tools) | ({self.model.tool_filter} - {ALL}))
        self._fill(self.kind_combo, "All kinds", kind_names, kinds, self.model.kind_filter)
        self._fill(self.tool_combo, "All tools", tool_names, tools, self.model.tool_filter)

    @staticmethod
    def _fill(
        combo: QComboBox, all_label: str, names: Sequence[str], counts: Counter[str], current: str
    ) -> None:
        items = [(all_label, ALL)] + [(f"{n} ({counts[n]:,})", n) for n in names]
        existing = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
        if existing != items:  # rebuilding combos is the slow part of a refresh: only if changed
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            combo.blockSignals(False)
            view = combo.view()
            view.setMinimumWidth(view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width())
        combo.setCurrentIndex(max(0, combo.findData(current)))

    def _on_view_changed(self) -> None:
        key = group_key(g) if (g := self.current_group()) else None
        self._rebuilding = True
        try:
            self.model.set_view(
                self.kind_combo.currentData() or ALL,
                self.tool_combo.currentData() or ALL,
                self.sort_combo.currentData(),
            )
            self._restore(key, 0, 0)
        finally:
            self._rebuilding = False
        self._update_labels()
        self._update_details()

    def set_filters(self, kind: str = ALL, tool: str = ALL, sort: str = SORT_POSITION) -> None:
        """Show only ``kind`` / ``tool`` ("" for all), sorted by position or count."""
        for combo, value in ((self.kind_combo, kind), (self.tool_combo, tool), (self.sort_combo, sort)):
            index = combo.findData(value)
            if index < 0:
                combo.addItem(value, value)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        self._on_view_changed()

    def _update_labels(self) -> None:
        rows = self.model.rows
        shown = sum(g.count for g in rows)
        total = sum(g.count for g in self.model.all_groups)
        text = f"{_plural(shown, 'finding')} in {_plural(len(rows), 'group')}"
        if len(rows) != len(self.model.all_groups):
            text += f" (of {total:,})"
        if self._checking:
            text += " · checking…"
        self.count_label.setText(text)
        if self._checking and not rows:
            self.list.empty_text = "Checking…"
        elif self.model.all_groups and not rows:
            self.list.empty_text = "No findings match the filter"
        else:
            self.list.empty_text = "No findings — all clear"
        self.list.viewport().update()

    # ---------------------------------------------------------------- selection

    def current_group(self) -> FindingGroup | None:
        """The group selected in the list."""
        return self.model.group(self.list.currentIndex().row())

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._rebuilding:
            return  # a refresh kept the selection: the editor must not jump while typing
        self._shown = None
        group = self.model.group(current.row())
        if group is not None:
            self._show(self._occurrence(group, self._caret_position(), strict=False))
        self._update_details()

    def _caret_position(self) -> tuple[int, int]:
        """Where "next" counts from: the editor's first selected segment."""
        doc = self.session.doc
        for segment_id in self.session.selected_segment_ids[:1]:
            if doc.has_segment(segment_id):
                return (doc.index_of(segment_id), 0)
        return (0, 0)

    def _occurrences(self, group: FindingGroup) -> Iterator[Annotation]:
        findings = self.session.doc.findings
        for finding_id, segment_id in zip(group.finding_ids, group.segment_ids):
            if (finding := findings.get_in(segment_id, finding_id)) is not None:
                yield finding

    def _occurrence(
        self, group: FindingGroup, position: tuple[int, int], *, strict: bool, backwards: bool = False
    ) -> Annotation | None:
        """The group's first occurrence at (unless ``strict``) or after ``position``
        (segment index, offset), wrapping around; with ``backwards``, the last one before it."""
        doc = self.session.doc
        placed = [  # in document order, like the group's members
            ((doc.index_of(f.segment_id), f.start), f)
            for f in self._occurrences(group)
            if doc.has_segment(f.segment_id)
        ]
        if not placed:
            return None
        if backwards:
            before = [f for where, f in placed if where < position]
            return before[-1] if before else placed[-1][1]
        after = (f for where, f in placed if where > position or (not strict and where == position))
        return next(after, placed[0][1])

    def _show(self, finding: Annotation | None) -> None:
        group = self.current_group()
        if finding is None or group is None:
            self._shown = None
            return
        self._shown = _Shown(group_key(group), finding.id, finding.segment_id)
        self.session.navigate(finding.segment_id, finding.start, finding.end)

    def current_occurrence(self) -> Annotation | None:
        """The occurrence Enter and Delete act on: the one shown in the editor, else the
        group's next occurrence after the caret."""
        group = self.current_group()
        if group is None:
            return None
        if self._shown is not None and self._shown.key == group_key(group):
            finding = self.session.doc.findings.get_in(self._shown.segment_id, self._shown.finding_id)
            if finding is not None:
                return finding
        return self._occurrence(group, self._caret_position(), strict=False)

    def _step_occurrence(self, step: int) -> None:
        group = self.current_group()
        occurrence = self.current_occurrence()
        if group is None or occurrence is None:
            return
        position = (self.session.doc.index_of(occurrence.segment_id), occurrence.start)
        self._show(self._occurrence(group, position, strict=True, backwards=step < 0))
        self._update_details()

    # ------------------------------------------------------------- alternatives

    def alternatives(self, group: FindingGroup | None = None) -> list[str]:
        """Every replacement the group's findings propose, the group's own first."""
        group = group or self.current_group()
        if group is None:
            return []
        found: dict[str, None] = {group.replacement: None}
        for finding in islice(self._occurrences(group), 200):  # enough to see every distinct proposal
            for replacement in finding.replacements:
                found.setdefault(replacement, None)
        if not can_accept(group, group.replacement):
            found.pop("", None)
        return list(found)

    def chosen_replacement(self) -> str | None:
        """The fix Enter applies to the selected group (None when it has no suggestion)."""
        group = self.current_group()
        if group is None:
            return None
        chosen = self.model.chosen_for(group)
        return chosen if can_accept(group, chosen) else None

    def choose_replacement(self, replacement: str) -> None:
        if (group := self.current_group()) is not None:
            self.model.choose(group, replacement)
            self._update_details()

    def _step_alternative(self, step: int) -> None:
        options = self.alternatives()
        group = self.current_group()
        if group is None or len(options) < 2:
            return
        current = self.model.chosen_for(group)
        index = options.index(current) if current in options else 0
        self.choose_replacement(options[(index + step) % len(options)])

    def _pick_alternative(self, number: int) -> None:
        options = self.alternatives()
        if 0 <= number < len(options):
            self.choose_replacement(options[number])

    def _on_replacement_combo(self, index: int) -> None:
        value = self.replacement_combo.itemData(index)
        if value is not None:
            self.choose_replacement(value)
            self.list.setFocus()

    # ------------------------------------------------------------------ details

    def _update_details(self) -> None:
        group = self.current_group()
        has = group is not None
        self.details.setVisible(has)
        chosen = self.chosen_replacement()
        for action in self.actions_for_menu():
            action.setEnabled(has)
        if group is None:
            self.accept_all_action.setText("Accept A&ll")
            self.glossary_action.setText("Add to &Glossary")
            return
        acceptable = chosen is not None
        self.accept_action.setEnabled(acceptable)
        self.accept_all_action.setEnabled(acceptable)
        self.accept_all_action.setText(f"Accept A&ll {group.count}")
        self.dictionary_action.setEnabled(group.kind != "filler")
        self.glossary_action.setEnabled(group.kind != "filler")
        self.glossary_action.setText(f"Add “{self._glossary_term(group)}” to &Glossary")

        occurrence = self.current_occurrence()
        if occurrence is not None:
            rank = group.finding_ids.index(occurrence.id) + 1 if occurrence.id in group.finding_ids else 0
            self.context_label.setText(
                f"<span style='color:gray'>{rank} of {group.count}:</span> {self._context_html(occurrence, group)}"
            )
        else:
            self.context_label.setText("")
        self.message_label.setText(group.message or f"{group.kind} ({group.tool})")

        options = self.alternatives(group)
        self.replacement_combo.blockSignals(True)
        self.replacement_combo.clear()
        for number, option in enumerate(options, 1):
            shortcut = f"   Alt+{number}" if number <= MAX_ALTERNATIVES and len(options) > 1 else ""
            self.replacement_combo.addItem(f"{describe_fix(group, option)}{shortcut}", option)
        if not options:
            self.replacement_combo.addItem("no suggestion — edit the text, or press I / D", None)
        current = self.model.chosen_for(group)
        self.replacement_combo.setCurrentIndex(max(0, self.replacement_combo.findData(current)))
        self.replacement_combo.setEnabled(len(options) > 1)
        self.replacement_combo.blockSignals(False)

    def _context_html(self, finding: Annotation, group: FindingGroup) -> str:
        text = self.session.doc.segment(finding.segment_id).text
        start, end = finding.start, finding.end
        left = max(0, start - CONTEXT_CHARS)
        right = min(len(text), end + CONTEXT_CHARS)
        before = ("…" if left else "") + html.escape(text[left:start])
        after = html.escape(text[end:right]) + ("…" if right < len(text) else "")
        color = kind_color(group.kind)
        marked = html.escape(text[start:end]).replace(" ", "&nbsp;") or "&nbsp;"
        return f"{before}<b style='color:{color}'><u>{marked}</u></b>{after}"

    @staticmethod
    def _glossary_term(group: FindingGroup, chosen: str | None = None) -> str:
        """A spelling finding says the flagged word is unknown, so "add to glossary" means
        that word; for the other kinds the fix is the show's spelling of the term."""
        if group.kind == "spelling":
            return group.text.strip()
        return (chosen if chosen is not None else group.replacement).strip() or group.text.strip()

    # ------------------------------------------------------------------ actions

    def _after(self, row: int, position: tuple[int, int] | None) -> None:
        """Refresh at once and carry on from the same row, showing the next occurrence."""
        key = group_key(g) if (g := self.current_group()) else None
        self.refresh()
        if not self.model.rowCount():
            return
        target = self.model.row_of(key) if key else -1
        if target < 0:
            target = min(row, self.model.rowCount() - 1)
        self._rebuilding = True
        try:
            self.list.setCurrentIndex(self.model.index(target))
        finally:
            self._rebuilding = False
        group = self.current_group()
        if group is not None:
            self._show(self._occurrence(group, position or self._caret_position(), strict=False))
        self._update_details()

    def _position(self, finding: Annotation) -> tuple[int, int]:
        return (self.session.doc.index_of(finding.segment_id), finding.start)

    def accept_current(self) -> None:
        """Enter: apply the chosen fix at this occurrence."""
        group, chosen, occurrence = self.current_group(), self.chosen_replacement(), self.current_occurrence()
        if group is None or chosen is None or occurrence is None:
            return
        row, position = self.list.currentIndex().row(), self._position(occurrence)
        review.accept(self.session.doc, occurrence.id, chosen)
        self._after(row, position)

    def accept_all(self) -> None:
        """Shift+Enter: apply the chosen fix at every occurrence (one undo step)."""
        group, chosen = self.current_group(), self.chosen_replacement()
        if group is None or chosen is None:
            return
        row = self.list.currentIndex().row()
        occurrence = self.current_occurrence()
        position = self._position(occurrence) if occurrence else None
        review.accept_group(self.session.doc, group, chosen)
        self._after(row, position)

    def reject_current(self) -> None:
        """Delete: keep this occurrence as written."""
        occurrence = self.current_occurrence()
        if occurrence is None:
            return
        row, position = self.list.currentIndex().row(), self._position(occurrence)
        review.reject(self.session.doc, occurrence.id)
        self._after(row, position)

    def reject_all(self) -> None:
        """Shift+Delete: keep every occurrence as written, also after re-checks."""
        group = self.current_group()
        if group is None:
            return
        occurrence = self.current_occurrence()
        row, position = self.list.currentIndex().row(), (self._position(occurrence) if occurrence else None)
        review.reject_group(self.session.doc, group)
        self._after(row, position)

    def ignore_everywhere(self) -> None:
        """I: never flag this text again in this project."""
        group = self.current_group()
        if group is None:
            return
        occurrence = self.current_occurrence()
        row, position = self.list.currentIndex().row(), (self._position(occurrence) if occurrence else None)
        review.ignore_everywhere(self.session.doc, group.text)
        self._after(row, position)

    def add_to_dictionary(self) -> None:
        """D: accept the word in every project (the personal dictionary)."""
        group = self.current_group()
        if group is None or group.kind == "filler":
            return
        occurrence = self.current_occurrence()
        row, position = self.list.currentIndex().row(), (self._position(occurrence) if occurrence else None)
        self.session.add_to_dictionary(group.text.strip())
        self._after(row, position)

    def add_to_glossary(self) -> None:
        """G: make the term part of the show's glossary; tools see it on the next check."""
        group = self.current_group()
        if group is None or group.kind == "filler":
            return
        occurrence = self.current_occurrence()
        row, position = self.list.currentIndex().row(), (self._position(occurrence) if occurrence else None)
        review.add_to_glossary(self.session.doc, self._glossary_term(group, self.chosen_replacement()))
        self.session.request_full_check()
        self._after(row, position)
