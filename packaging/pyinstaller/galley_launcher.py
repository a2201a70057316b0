"""The PyInstaller entry script: the frozen ``galley`` executable runs ``editor.cli.main``.

``editor.cli.main`` calls ``multiprocessing.freeze_support()`` first, so the worker
processes the app starts (spawn context) run their task instead of a second Galley.
"""

import sys

from editor.cli import main

if __name__ == "__main__":
    sys.exit(main())
