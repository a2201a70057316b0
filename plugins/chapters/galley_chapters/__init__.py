"""Galley's built-in chapters tool: chapter starts with titles as ``chapter`` tag proposals."""

from galley_chapters.tool import ChaptersTool

__all__ = ["ChaptersTool"]
