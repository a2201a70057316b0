"""Galley's built-in rules tool: replacements from data files ("alot" -> "a lot")."""

from galley_rules.tool import RulesTool

__all__ = ["RulesTool"]
