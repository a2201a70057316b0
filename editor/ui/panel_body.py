"""The layout the list docks share: a labelled control on top, the list, a row of buttons."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget


def panel_body(
    label: QLabel, control: QComboBox, view: QWidget, actions: Sequence[QAction], popup: QAction | None = None
) -> QWidget:
    """``label`` + ``control`` on top, ``view`` filling the middle, a flat button for each
    action below (``popup`` opens its menu on a click)."""
    top = QHBoxLayout()
    top.addWidget(label)
    top.addWidget(control, 1)
    buttons = QHBoxLayout()
    buttons.setSpacing(2)
    for action in actions:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAutoRaise(True)
        if action is popup:
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        buttons.addWidget(button)
    buttons.addStretch(1)
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(6, 6, 6, 4)
    layout.setSpacing(4)
    layout.addLayout(top)
    layout.addWidget(view, 1)
    layout.addLayout(buttons)
    return body
