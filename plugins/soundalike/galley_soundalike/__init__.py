"""Galley's glossary sound-alike tool: real words and phrases that are a glossary term misheard.

:mod:`.tool` holds the entry point (:class:`~galley_soundalike.tool.SoundAlikeTool`),
:mod:`.index` what a glossary looks like to the matcher, :mod:`.phonetics` the sound keys.
"""
