"""The desktop window as a user sees it (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from editor.core.document import Document
from editor.core.model import Segment, Speaker
from editor.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(900, 600)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_shows_one_block_per_segment_and_counts(window: MainWindow) -> None:
    doc = Document(
        [Segment("s1", "welcome to the build log", "sp1", 0.0, 2.0), Segment("s2", "thanks for having me", "sp2", 2.0, 3.0), Segment("s3", "", None)],
        [Speaker("sp1", "Maya", "#3b6ea5"), Speaker("sp2", "Siobhan", "#c8611a")],
    )
    window.show_document(doc, Path("episode.txt"))
    view = window.view
    assert view.blockCount() == 3
    assert [view.document().findBlockByNumber(i).text() for i in range(3)] == [s.text for s in doc.segments]
    assert window.windowTitle() == "episode.txt — Galley"
    assert "3 segments" in window.statusBar().currentMessage()
    assert view.isReadOnly()


def test_gutter_paints_speaker_colours(window: MainWindow, qtbot) -> None:
    doc = Document([Segment("s1", "hello there", "sp1")], [Speaker("sp1", "Maya", "#ff0000")])
    window.show_document(doc, None)
    qtbot.wait(50)
    image: QImage = window.view.gutter.grab().toImage()
    reds = sum(
        1
        for x in range(image.width())
        for y in range(0, min(image.height(), 40))
        if (c := image.pixelColor(x, y)).red() > 200 and c.green() < 80 and c.blue() < 80
    )
    assert reds > 20  # the name label and the turn bar, in the speaker's colour
