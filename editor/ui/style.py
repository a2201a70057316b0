"""Colours and fonts shared by every part of the window."""

from __future__ import annotations

KIND_COLORS: dict[str, str] = {
    "spelling": "#d62728",
    "sound-alike": "#9467bd",
    "consistency": "#1f77b4",
    "filler": "#7f7f7f",
    "rule": "#ff7f0e",
}
OTHER_KIND_COLOR = "#8c564b"


def kind_color(kind: str) -> str:
    """The underline and badge colour of a finding kind."""
    return KIND_COLORS.get(kind, OTHER_KIND_COLOR)
