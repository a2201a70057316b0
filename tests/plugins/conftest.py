"""Built-in plugin packages importable by their own names in plugin unit tests.

The plugin host puts a plugin folder on ``sys.path`` when it loads the plugin; unit tests
of one tool do the same for every folder under ``plugins/`` so they can import the tool
class directly.
"""

from __future__ import annotations

import sys
from pathlib import Path

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
for folder in sorted(p for p in PLUGINS.iterdir() if (p / "plugin.toml").is_file()) if PLUGINS.is_dir() else ():
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
