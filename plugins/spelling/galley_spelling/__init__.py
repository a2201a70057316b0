"""Galley's built-in spelling tool: non-words flagged, replacements ranked (see tool.py)."""

from .tool import SpellingTool

__all__ = ["SpellingTool"]
