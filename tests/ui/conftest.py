"""GUI tests: garbage is collected on the UI thread only, as in the app."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _collect_on_the_ui_thread(qapp) -> Iterator[None]:  # noqa: ANN001
    """Check workers allocate a lot: a collection started on their thread could free a
    widget from an earlier test there and crash Qt (editor/ui/main_thread_gc.py)."""
    from editor.ui import main_thread_gc

    main_thread_gc.install(qapp)
    yield
    gc.collect()
