"""Subtitle time codes: parse ``HH:MM:SS,mmm`` / ``MM:SS.mmm`` and format them back."""

from __future__ import annotations

import math
import re

_TIME = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d)[.,](\d{1,3})$")


def parse_timecode(text: str) -> float:
    """Seconds from an SRT (``00:01:02,500``) or WebVTT (``01:02.500``) time code.

    Raises ``ValueError`` with a short reason for anything else.
    """
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(f"not a time code: {text.strip()[:40]!r}")
    hours, minutes, seconds, fraction = match.groups()
    millis = int(fraction.ljust(3, "0"))
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + millis / 1000


def format_timecode(seconds: float, *, separator: str = ",", always_hours: bool = True) -> str:
    """``HH:MM:SS,mmm`` (SRT) or, with ``separator="."``, the WebVTT form.

    Negative or non-finite input is a programming error and raises ``ValueError``.
    """
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"cannot format time {seconds!r}")
    total_ms = round(seconds * 1000)
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    if hours or always_hours:
        return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"
    return f"{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def format_clock(seconds: float) -> str:
    """A short reading clock for paragraph stamps: ``1:02:03`` or ``02:03``."""
    total = int(max(0.0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
