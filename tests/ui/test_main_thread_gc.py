"""Garbage collection on the UI thread: nothing heavy while checks run, freed memory handed
back to the system once they end."""

from __future__ import annotations

import sys

import pytest

from editor.ui import main_thread_gc


def test_memory_is_handed_back_once_after_checks_end(qapp, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    calls: list[int] = []
    monkeypatch.setattr(main_thread_gc, "_MALLOC_TRIM", lambda pad: calls.append(pad) or 1)
    collector = main_thread_gc.install(qapp)
    monkeypatch.setattr(collector, "_last_trim", 0.0)
    main_thread_gc.checks_started()
    collector.collect_if_due()
    assert calls == []  # not while a check runs
    main_thread_gc.checks_stopped()
    collector.collect_if_due()
    assert calls == [0]
    collector.collect_if_due()
    assert calls == [0]  # once per check, not per tick


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_the_real_allocator_can_hand_memory_back() -> None:
    assert main_thread_gc.release_free_memory()
