"""A Session for GUI tests: no plugins, no lexicon, no background checks."""

from __future__ import annotations

from editor.plugin_api import EmptyLexicon
from editor.plugin_host.check import Checker
from editor.plugin_host.registry import PluginRegistry
from editor.ui.session import Session


def quiet_session() -> Session:
    """A session whose findings come only from what the test puts in the document."""
    session = Session(Checker(PluginRegistry(None, None, entry_points=False), lexicon_loader=EmptyLexicon))
    session.checks_enabled = False
    return session
