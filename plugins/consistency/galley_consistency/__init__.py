"""Galley's consistency tool: one entity, several spellings, one proposed canonical form.

See :mod:`galley_consistency.tool` for the entry point and the plugin's README-level
description of the rules.
"""
