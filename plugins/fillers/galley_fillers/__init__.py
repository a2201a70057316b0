"""Galley's built-in fillers tool: hesitations, discourse fillers and repeated words."""

from galley_fillers.tool import FillersTool

__all__ = ["FillersTool"]
