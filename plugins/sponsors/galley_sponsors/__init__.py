"""Galley's built-in sponsors tool: ad reads and sponsor credits as ``ad`` tag proposals."""

from galley_sponsors.tool import SponsorsTool

__all__ = ["SponsorsTool"]
