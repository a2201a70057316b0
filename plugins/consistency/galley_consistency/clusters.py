"""Grouping forms into entities: union-find over scored pairs, with cannot-link rules.

Pairs are merged best first. Before two groups merge, every cross pair is checked
against :func:`forbidden`, so a chain of individually plausible links ("thier" ~ "their",
"thier" ~ "there") can never join two forms that must stay apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from .forms import Form

_INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ers", "ly")


@dataclass(frozen=True, slots=True)
class Edge:
    """A scored link between two forms (indexes into the form list)."""

    score: float
    a: int
    b: int


def forbidden(a: Form, b: Form) -> bool:
    """Whether two forms can never be spellings of one entity (whatever links them)."""
    if a.glossary_ids and b.glossary_ids and not a.glossary_ids & b.glossary_ids:
        return True  # two different glossary entries: "Kubeflow" is not "Kubernetes"
    if a.speaker and b.speaker and a.text != b.text:
        return True  # two speakers are two people
    if a.numbers != b.numbers:
        return True  # "Python 2" is not "Python 3"
    if a.skel == b.skel or a.forced_to == b.text or b.forced_to == a.text:
        return False  # case and spacing variants; or the glossary says so
    if a.window_only or b.window_only:
        return False  # a name heard in pieces ("pie torch") is judged against the name
    if a.known and b.known and len(a.tokens) == len(b.tokens):
        return True  # two real words or names: see two_real_words
    return _lowercase(a) and _lowercase(b) and _inflected(a.skel, b.skel)  # "recieve"/"recieved"


def two_real_words(a: Form, b: Form) -> bool:
    """Two spellings that are both real words or names are two entities.

    ASR renders a name it does not know as *non-words*, and inconsistently ("Kubernetties",
    "KUBERNETTI"): those are merged however often each occurs, because repetition is no
    proof. When both spellings are in the lexicon ("Maya" and "Mara", "Russia" and
    "Prussia", "Jackson" and "Johnson"), each is a plausible entity of its own, however
    alike they look and however often each occurs; whether one was misheard for the other
    is a sound-alike question for the glossary. A glossary pair can still force the link.
    """
    return a.known and b.known and len(a.tokens) == len(b.tokens) and a.skel != b.skel


def _lowercase(form: Form) -> bool:
    return form.text == form.text.casefold()


def _inflected(a: str, b: str) -> bool:
    shorter, longer = sorted((a, b), key=len)
    return longer.startswith(shorter) and longer[len(shorter):] in _INFLECTIONS


class Clusters:
    """Union-find over forms whose unions respect :func:`forbidden`."""

    def __init__(self, forms: list[Form]) -> None:
        self._forms = forms
        self._parent = list(range(len(forms)))
        self._members: dict[int, list[int]] = {i: [i] for i in range(len(forms))}
        self.link_score: dict[tuple[int, int], float] = {}

    def find(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def merge_all(self, edges: list[Edge]) -> None:
        """Merge along ``edges``, best score first, skipping forbidden unions."""
        for edge in sorted(edges, key=lambda e: (-e.score, e.a, e.b)):
            self.link_score[(edge.a, edge.b)] = max(edge.score, self.link_score.get((edge.a, edge.b), 0.0))
            self.link_score[(edge.b, edge.a)] = self.link_score[(edge.a, edge.b)]
            ra, rb = self.find(edge.a), self.find(edge.b)
            if ra == rb or self._conflict(ra, rb):
                continue
            if len(self._members[ra]) < len(self._members[rb]):
                ra, rb = rb, ra
            self._parent[rb] = ra
            self._members[ra].extend(self._members.pop(rb))

    def groups(self) -> list[list[Form]]:
        """Every cluster of two or more forms."""
        return [[self._forms[i] for i in members] for members in self._members.values() if len(members) > 1]

    def _conflict(self, ra: int, rb: int) -> bool:
        forms = self._forms
        return any(forbidden(forms[x], forms[y]) for x in self._members[ra] for y in self._members[rb])
