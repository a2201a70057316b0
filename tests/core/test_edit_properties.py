"""Property tests: random edits keep the text right, anchors honest, and undo exact."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.document import Document
from editor.core.model import Annotation, Position, Segment

WORDS = st.sampled_from(["pie", "torch", "cooper", "netties", "shivon", "win", "the", "a", "", " ", "x"])
LINE = st.lists(WORDS, max_size=6).map(" ".join)


def _document(lines: list[str]) -> Document:
    doc = Document([Segment(f"s{i}", line) for i, line in enumerate(lines, 1)])
    findings = [
        Annotation("", s.id, m.start(), m.end(), "spelling", m.group())
        for s in doc.segments
        for m in re.finditer(r"[a-z]+", s.text)
    ]
    doc.add_annotations(findings)
    return doc


def _position(doc: Document, flat: int) -> Position:
    """A flat offset into doc.text as a (segment, offset) position."""
    for segment in doc.segments:
        if flat <= len(segment.text):
            return Position(segment.id, flat)
        flat -= len(segment.text) + 1
    last = doc.segments[-1]
    return Position(last.id, len(last.text))


edits = st.lists(
    st.tuples(st.floats(0, 1), st.floats(0, 1), st.sampled_from(["", "x", " ", "\n", "ab\ncd", "torch ", "\n\n"])),
    min_size=1,
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=5), edits=edits)
def test_random_edits(lines: list[str], edits: list[tuple[float, float, str]]) -> None:
    doc = _document(lines)
    initial = doc.state()
    expected = doc.text
    states = [initial]
    for a, b, text in edits:
        length = len(expected)
        lo, hi = sorted((round(a * length), round(b * length)))
        doc.replace_range(_position(doc, lo), _position(doc, hi), text)
        expected = expected[:lo] + text + expected[hi:]
        assert doc.text == expected
        for annotation in doc.annotations:
            segment = doc.segment(annotation.segment_id)
            assert segment.text[annotation.start : annotation.end] == annotation.text
            # never glued to a neighbouring word character
            assert not segment.text[annotation.end : annotation.end + 1].isalpha()
            assert not segment.text[max(0, annotation.start - 1) : annotation.start].isalpha()
        assert len({s.id for s in doc.segments}) == len(doc.segments)
        assert all(doc.index_of(s.id) == i for i, s in enumerate(doc.segments))
        if doc.state() != states[-1]:  # a no-op edit makes no undo step
            states.append(doc.state())
    for state in reversed(states[:-1]):
        assert doc.undo()
        assert doc.state() == state
        assert all(doc.index_of(s.id) == i for i, s in enumerate(doc.segments))
    for state in states[1:]:
        assert doc.redo()
        assert doc.state() == state
