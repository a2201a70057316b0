"""Lowercase windows that are a name heard in pieces ("cube con", "pie torches").

A window becomes a mention of its own form, linked to the name it matched, only when it
matches: exactly (its joined letters spell the name, or a glossary "wrong => Right" pair),
or by spelling and sound above the threshold. Only well-formed names (capitalised,
CamelCase, acronyms) and the glossary's, speakers' and pairs' forms are targets of a
similarity match: a window is a guess that ordinary words are a name heard in pieces, so
it needs a real name to be a piece of. Exact splits may also rebuild a lowercase non-word
seen whole elsewhere ("nix tamal" for "nixtamal").
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz, process

from . import similarity
from .candidates import MIN_WINDOW_LETTERS, WINDOW, Occurrence, Window, WindowShape
from .forms import Form, FormTable
from .text import TITLE, sound_key

STRIPPED_MARGIN = 0.05  # "pie torches" is read as "pie torch" + "'s" only when clearly better

Match = tuple[Window, Form, float, str]


class WindowMatcher:
    """Matches lowercase windows to names: exactly, or by spelling and sound.

    Only well-formed names (capitalised, CamelCase, acronyms) and the glossary's and
    speakers' forms are targets: a window is a guess that ordinary words are a name
    heard in pieces, so it needs a real name to be a piece of.
    """

    def __init__(self, table: FormTable, forced: dict[str, str], threshold: float) -> None:
        self._threshold = threshold
        targets = [f for f in table.forms
                   if (not f.window_only and f.shape >= TITLE) or f.backing or f.forced_to]
        self._exact: dict[str, Form] = {}
        for form in sorted(targets, key=lambda f: (-f.backing, -f.shape, -f.count)):
            self._exact.setdefault(form.skel, form)
        for skel, right in forced.items():
            self._exact[skel] = table.get(right)
        self._table = table
        self._buckets: dict[str, list[Form]] = defaultdict(list)
        for form in targets:
            if len(form.skel) >= MIN_WINDOW_LETTERS and form.key and not form.common:
                self._buckets[form.key[0]].append(form)
        self._skels = {k: [f.skel for f in v] for k, v in self._buckets.items()}
        self._cache: dict[WindowShape, tuple[Form, float, str] | None] = {}
        # Exact splits may also rebuild a lowercase non-word seen whole ("nix tamal").
        self.split_targets: dict[str, Form] = {}
        for form in sorted(table.forms, key=lambda f: (-f.backing, -f.shape, -f.count)):
            if ((form.count and not form.window_only) or form.backing or form.forced_to) \
                    and len(form.skel) >= MIN_WINDOW_LETTERS:
                self.split_targets.setdefault(form.skel, table.get(form.forced_to) if form.forced_to else form)
        self.split_prefixes = {skel[:k] for skel in self.split_targets for k in range(1, len(skel))}

    def match(self, window: Window) -> tuple[Form, float, str] | None:
        """``(target form, score, replacement suffix)`` for a window, or ``None``."""
        return self.match_shape(window.shape)

    def match_shape(self, shape: WindowShape) -> tuple[Form, float, str] | None:
        """:meth:`match` for any window of this shape (the result depends on nothing else)."""
        if shape not in self._cache:
            found = self._match(shape)
            if found is not None and found[0].skel in shape.words:
                found = None  # "definately pays" is "definately" and a word, not a split name
            self._cache[shape] = found
        return self._cache[shape]

    def _match(self, shape: WindowShape) -> tuple[Form, float, str] | None:
        exact = self._exact.get(shape.skel)
        if exact is not None:
            return exact, 1.0, ""
        if not shape.fuzzy:
            return None
        if shape.stripped and shape.stripped in self._exact:
            return self._exact[shape.stripped], 1.0, "'s"
        best = self._fuzzy(shape.skel)
        if shape.stripped:
            stripped = self._fuzzy(shape.stripped)
            if stripped is not None and (best is None or stripped[1] >= best[1] + STRIPPED_MARGIN):
                return stripped[0], stripped[1], "'s"
        return (best[0], best[1], "") if best is not None else None

    def _fuzzy(self, skel: str) -> tuple[Form, float] | None:
        if len(skel) < MIN_WINDOW_LETTERS:
            return None
        key = sound_key(skel)
        if not key or key[0] not in self._buckets:
            return None
        bucket = self._buckets[key[0]]
        best: tuple[Form, float] | None = None
        for _, _, i in process.extract(skel, self._skels[key[0]], scorer=fuzz.ratio,
                                       score_cutoff=similarity.MIN_EDIT * 100, limit=8):
            target = bucket[i]
            score = similarity.whole(skel, target.skel, key, target.key, across=True)
            if score >= self._threshold and (best is None or score > best[1]):
                best = (self._table.get(target.forced_to) if target.forced_to else target, score)
        return best


def non_overlapping(matches: list[Match]) -> list[Match]:
    """Best windows of one segment that do not overlap: several words first, then score."""
    chosen: list[Match] = []
    for match in sorted(matches, key=lambda m: (not m[0].shape.fuzzy, -m[2], -(m[0].end - m[0].start))):
        window = match[0]
        if all(window.end <= other[0].start or window.start >= other[0].end for other in chosen):
            chosen.append(match)
    return chosen


def drop_covered(candidates: list[Occurrence], window: Window, table: FormTable) -> None:
    """Single-word mentions inside a matched window ("netties" in "cooper netties") go."""
    for occurrence in candidates:
        if occurrence.kind != WINDOW and occurrence.start >= window.start and occurrence.end <= window.end \
                and occurrence.form != "":
            table.get(occurrence.form).count -= 1
            occurrence.form = ""  # dropped
