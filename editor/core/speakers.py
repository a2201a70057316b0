"""Speaker colours: one stable colour per speaker, used everywhere a speaker is shown."""

from __future__ import annotations

# A qualitative palette that stays legible on light and dark backgrounds (Tableau 10,
# slightly darkened so white label text keeps a 4.5:1 contrast).
PALETTE: tuple[str, ...] = (
    "#3b6ea5",
    "#c8611a",
    "#3a8a3a",
    "#b83b3c",
    "#7a5ca8",
    "#83594f",
    "#b8558f",
    "#5f6368",
    "#8a8a1f",
    "#1a8a96",
)


def default_color(index: int) -> str:
    """The palette colour for the ``index``-th speaker (wraps around)."""
    return PALETTE[index % len(PALETTE)]
