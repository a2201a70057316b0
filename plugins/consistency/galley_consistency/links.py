"""Scored edges between forms that may be one entity (see :mod:`.similarity`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from rapidfuzz import fuzz, process

from . import similarity
from .clusters import Edge
from .forms import Form, FormTable
from .text import skeleton

MIN_COMPARED_LENGTH = 3  # skeletons shorter than this ("ai", "ok") are only matched exactly


def link(table: FormTable, forced: dict[str, str], threshold: float,
         distinctive: Callable[[str], bool]) -> list[Edge]:
    """Scored edges between forms that may be one entity."""
    return _Linker(table, threshold, distinctive).edges(forced)


class _Linker:
    """Builds the scored edges of one check (see :func:`link`)."""

    def __init__(self, table: FormTable, threshold: float, distinctive: Callable[[str], bool]) -> None:
        self._table = table
        self._threshold = threshold
        self._distinctive = distinctive
        self._seen: set[tuple[int, int]] = set()
        self._edges: list[Edge] = []
        # Compared forms: seen outside lowercase windows, or backed by the glossary etc.
        self._forms = [f for f in table.forms if (f.count > 0 and not f.window_only) or f.backing or f.forced_to]

    def edges(self, forced: dict[str, str]) -> list[Edge]:
        self._variants()
        self._forced(forced)
        self._similar_spellings()
        self._shared_words()
        return self._edges

    def _variants(self) -> None:
        """Case and spacing variants of one spelling are linked outright."""
        by_skel: dict[str, list[Form]] = defaultdict(list)
        for form in self._table.forms:
            if form.count > 0 or form.backing:
                by_skel[form.skel].append(form)
        for group in by_skel.values():
            self._edges += [Edge(1.0, group[0].index, other.index) for other in group[1:]]

    def _forced(self, forced: dict[str, str]) -> None:
        """The glossary's own "wrong => Right" pairs."""
        for form in list(self._table.forms):
            right = forced.get(form.skel)
            if right is not None and form.text != right and (form.count > 0 or form.forced_to):
                form.forced_to = right
                self._edges.append(Edge(1.0, form.index, self._table.get(right).index))

    def _similar_spellings(self) -> None:
        """Pairs of distinct spellings at least half alike (rapidfuzz prefilter)."""
        by_skel: dict[str, list[Form]] = defaultdict(list)
        for form in self._forms:
            by_skel[form.skel].append(form)
        reps = [g[0] for g in by_skel.values() if len(g[0].skel) >= MIN_COMPARED_LENGTH]
        skels = [r.skel for r in reps]
        for i, rep in enumerate(reps):
            for _, _, j in process.extract(rep.skel, skels, scorer=fuzz.ratio,
                                           score_cutoff=similarity.MIN_EDIT * 100, limit=None):
                if j > i:
                    for a in by_skel[rep.skel]:
                        for b in by_skel[reps[j].skel]:
                            self._consider(a, b)

    def _shared_words(self) -> None:
        """Names sharing a rare word in the same place ("Shavonne Nguyen"/"Siobhan Nguyen")."""
        by_word: dict[tuple[int, int, str], list[Form]] = defaultdict(list)
        for form in self._forms:
            if len(form.tokens) > 1:
                for position, token in enumerate(form.tokens):
                    if self._distinctive(token):
                        by_word[(len(form.tokens), position, skeleton(token))].append(form)
        for bucket in by_word.values():
            for i, a in enumerate(bucket):
                for b in bucket[i + 1:]:
                    self._consider(a, b)

    def _consider(self, a: Form, b: Form) -> None:
        pair = (a.index, b.index) if a.index < b.index else (b.index, a.index)
        if pair in self._seen or a.skel == b.skel:
            return
        self._seen.add(pair)
        score = similarity.score(a, b, self._distinctive)
        needed = self._threshold
        if score + similarity.CONTEXT_MAX < needed:
            return
        score = min(1.0, score + similarity.context_bonus(a, b))
        if score >= needed:
            self._edges.append(Edge(score, a.index, b.index))
            self._link_parts(a, b, score)

    def _link_parts(self, a: Form, b: Form, score: float) -> None:
        """Two names that are one person make their differing words one word too: "Eefa
        Brennan" ~ "Aoife Brennan" links a lone "Eefa" to "Aoife". Only for a shared rare
        word, and never for a real word ("Gwen" alone may well be someone else)."""
        if len(a.tokens) != len(b.tokens) or len(a.tokens) < 2:
            return
        pairs = list(zip(a.tokens, b.tokens))
        if not any(skeleton(x) == skeleton(y) and self._distinctive(x) for x, y in pairs):
            return
        by_text = self._table.by_text
        for x, y in pairs:
            part_a, part_b = by_text.get(x), by_text.get(y)
            if part_a is None or part_b is None or part_a.skel == part_b.skel:
                continue
            if (part_a.known and not part_a.backing) or (part_b.known and not part_b.backing):
                continue
            self._edges.append(Edge(score, part_a.index, part_b.index))
