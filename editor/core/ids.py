"""Stable ids: a prefix and a counter that never goes back, so an id is never reused."""

from __future__ import annotations

import re
from collections.abc import Iterable

_NUMBERED = re.compile(r"^([a-z]+)(\d+)$")


class IdAllocator:
    """Hands out ``s1``, ``s2`` ... per prefix, always above every id it has seen."""

    def __init__(self, existing: Iterable[str] = ()) -> None:
        self._next: dict[str, int] = {}
        for ident in existing:
            self.observe(ident)

    def observe(self, ident: str) -> None:
        """Note an id that exists, so it will not be handed out again."""
        match = _NUMBERED.match(ident)
        if match:
            prefix, number = match.group(1), int(match.group(2))
            self._next[prefix] = max(self._next.get(prefix, 1), number + 1)

    def new(self, prefix: str) -> str:
        """A fresh id with this prefix."""
        number = self._next.get(prefix, 1)
        self._next[prefix] = number + 1
        return f"{prefix}{number}"


def make_ids(prefix: str, count: int) -> list[str]:
    """``count`` consecutive ids ``prefix1 .. prefixN`` (what importers hand out)."""
    return [f"{prefix}{i}" for i in range(1, count + 1)]
