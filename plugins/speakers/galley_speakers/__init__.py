"""Galley's built-in speakers tool: speaker turns as ``speaker`` tag proposals."""

from galley_speakers.tool import SpeakersTool

__all__ = ["SpeakersTool"]
