"""Galley: a desktop transcript editor and annotator for podcast and video producers."""

__version__ = "0.1.0"
