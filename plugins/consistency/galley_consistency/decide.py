"""Choosing each cluster's canonical spelling and which occurrences to flag.

**Canonical form.** Outside evidence first: a glossary term, then a glossary part or a
word the producer accepted, then a speaker's name. Without any, spellings are ranked by
how well-formed they are *before* how often they occur, because ASR repeats its mistakes:

1. tier - CamelCase or accented forms (recognisers do not invent internal capitals or
   diacritics) > other capitalised forms > a name split into words next to a one-word
   spelling ("Cooper Netties" vs "Kubernetes"; "Python 3" is no split) > lowercase
   non-words > recogniser artefacts ("KUBERNETTI", "G P U", "Pythonthree") > windows of
   ordinary lowercase words ("cube con"), which are never canonical;
2. a word of a name already decided canonical ("Tomasz" of "Tomasz Wiśniewski");
3. occurrences;
4. consensus: for names of several words, how many mentions agree with each word in its
   place ("Siobhan Nguyen" agrees with both "Siobhan Gwen" and "Shavonne Nguyen").

A non-word winner that sounds exactly like a real word of the cluster yields to it
("Promethius" 3x, "Prometheus" 1x), and so does an equally ranked one ("Caren"/"Karen").
Spellings still equal after all that are a **tie**: each is flagged against the others
with a low confidence, since nothing says which is right.

**What is flagged.** Every occurrence of a non-canonical spelling, except: everyday
words ("Win", "May") unless a glossary pair names them; words the producer accepted
(unless the glossary spells them differently); and, for variants of the canonical
spelling itself (same letters): case-only differences in lowercase prose ("the build
log") or of a lowercase real word against a mere part of a glossary term ("python" vs
"Python 3"), capitals at a sentence start, spoken web addresses ("lintwise dot dev"), and
any variant that is not clearly worse - not backed by the glossary, not worse-shaped, not
missing the canonical form's accents, not a word in pieces ("nix tamal" for "nixtamal"),
not outnumbered two to one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container
from dataclasses import dataclass

from .forms import GLOSSARY_TERM, Form
from .text import CAMEL, LOWER, TITLE

# Well-formedness tiers of a spelling group without outside backing.
_TIER_DELIBERATE = 2.25  # CamelCase or accents: recognisers do not produce these by accident
_TIER_WELL_FORMED = 2.0
_TIER_SPLIT = 1.5
_TIER_LOWERCASE = 1.0
_TIER_ARTEFACT = 0.5
_TIER_WINDOW = 0.0
TIE_CONFIDENCE = 0.3
DOMINANT = 2  # a case variant is flagged without other evidence when the canonical is this many times more frequent


@dataclass(slots=True)
class Group:
    """The forms of a cluster that share one skeleton (case and spacing variants)."""

    forms: list[Form]
    rep: Form
    count: int
    tier: float
    consensus: int = 0  # how often its words occur in the same place in the cluster's other names
    confirmed: bool = False  # a word of a name already decided canonical


@dataclass(slots=True)
class Verdict:
    """A cluster's decision: the canonical form and how sure the choice is."""

    canonical: Form
    canonical_count: int  # occurrences of the canonical spelling group
    runner_up: Form | None
    tied: list[Form]  # other spellings exactly as good as the canonical one (no evidence either way)
    cluster_size: int

    @property
    def tie(self) -> bool:
        return bool(self.tied)


def decide(cluster: list[Form], confirmed_words: Container[str] = ()) -> Verdict | None:
    """The canonical form of a cluster, or ``None`` when there is nothing to choose.

    ``confirmed_words`` are the words of names already decided canonical: among otherwise
    equal single words, the one a canonical name uses wins ("Tomasz" of "Tomasz Wiśniewski").
    """
    if len(cluster) < 2:
        return None
    groups = _groups(cluster, confirmed_words)
    backed = [g for g in groups if g.rep.backing]
    tied: list[Form] = []
    if backed:
        best = max(backed, key=lambda g: (g.rep.backing, g.count, -g.rep.first))
    else:
        ranked = sorted(groups, key=_rank, reverse=True)
        equals = [g for g in ranked if _rank(g)[:4] == _rank(ranked[0])[:4]]
        real_words = [g for g in equals if g.rep.known]
        if len(equals) > 1 and len(real_words) == 1 and all(g.rep.key == real_words[0].rep.key for g in equals):
            equals = real_words  # "Karen" and "Caren" once each: the real name wins
        best = equals[0]
        real_word = _real_word_alternative(best, groups)
        if real_word is not None:
            best = real_word
        else:
            tied = [g.rep for g in equals if g is not best]
    others = [g for g in groups if g is not best and g.tier >= _TIER_WELL_FORMED and g.count]
    runner_up = max(others, key=_rank).rep if others else None
    return Verdict(best.rep, best.count, runner_up, tied, len(cluster))


def _groups(cluster: list[Form], confirmed_words: Container[str]) -> list[Group]:
    by_skel: dict[str, list[Form]] = defaultdict(list)
    for form in cluster:
        by_skel[form.skel].append(form)
    has_single = any(len(f.tokens) == 1 for f in cluster if f.count or f.backing)
    groups = []
    for forms in by_skel.values():
        # Within one spelling: outside backing, a whole word over its pieces ("nixtamal"
        # over "nix tamal"), deliberate capitals, accents, digits ("Python 3" over "Python
        # three": versions are written with digits), then use.
        rep = max(forms, key=lambda f: (f.backing, not f.window_only, f.shape, not f.text.isascii(), _has_digit(f),
                                        f.count, -f.first))
        groups.append(Group(forms, rep, sum(f.count for f in forms), _tier(rep, forms, has_single),
                            confirmed=rep.text in confirmed_words))
    _count_consensus(groups)
    return groups


def _tier(rep: Form, forms: list[Form], has_single: bool) -> float:
    if all(f.window_only and not f.backing for f in forms):
        return _TIER_WINDOW
    if rep.shape >= TITLE:
        tier = _TIER_DELIBERATE if rep.shape == CAMEL or not rep.text.isascii() else _TIER_WELL_FORMED
    elif rep.shape == LOWER:
        tier = _TIER_LOWERCASE
    else:
        tier = _TIER_ARTEFACT
    if len(rep.tokens) > 1 and has_single and not rep.is_number_phrase:
        tier = min(tier, _TIER_SPLIT)  # "Cooper Netties" next to "Kubernetes": a split word
    return tier


def _count_consensus(groups: list[Group]) -> None:
    """For names of several words: how many of the cluster's mentions agree with each word
    in its place. "Siobhan Nguyen" agrees with "Siobhan Gwen" and "Shavonne Nguyen" where
    those disagree with each other, so it is the consensus spelling among equals."""
    votes: dict[tuple[int, int, str], int] = defaultdict(int)
    for group in groups:
        for form in group.forms:
            for position, token in enumerate(form.tokens):
                votes[(len(form.tokens), position, token.casefold())] += form.count
    for group in groups:
        tokens = group.rep.tokens
        group.consensus = sum(votes[(len(tokens), i, t.casefold())] for i, t in enumerate(tokens))


def _has_digit(form: Form) -> bool:
    return any(ch.isdigit() for ch in form.text)


def _rank(group: Group) -> tuple[float, bool, int, int, int, int]:
    return group.tier, group.confirmed, group.count, group.consensus, group.rep.shape, -group.rep.first


def _real_word_alternative(best: Group, groups: list[Group]) -> Group | None:
    """A real word that sounds exactly like a non-word winner ("Prometheus" for "Promethius")."""
    if best.rep.known:
        return None
    alternatives = [g for g in groups if g is not best and g.rep.known and g.tier >= _TIER_WELL_FORMED
                    and g.rep.key == best.rep.key and g.count]
    return max(alternatives, key=_rank) if alternatives else None


def case_variant_flaggable(variant: Form, verdict: Verdict) -> bool:
    """Whether a case/spacing variant of the canonical spelling is worth flagging."""
    canonical = verdict.canonical
    if variant.text.casefold() == canonical.text.casefold():  # case only
        if variant.plain_words:
            return False  # "the build log": ordinary lowercase prose
        if len(variant.tokens) == 1 and variant.known and variant.text == variant.text.casefold() \
                and canonical.glossary != GLOSSARY_TERM:
            return False  # "python" (the word) against "Python" (a part of "Python 3")
    if canonical.backing or canonical.shape > variant.shape:
        return True
    if variant.window_only and not canonical.window_only:
        return True  # "nix tamal" next to "nixtamal": a word heard in pieces
    if not canonical.text.isascii() and variant.text.isascii():
        return True  # "Ramírez" vs "Ramirez": accents are deliberate
    return canonical.count >= DOMINANT * variant.count


def confidence(variant: Form, verdict: Verdict, similarity: float) -> float:
    """How sure a flag is, from the cluster's evidence (0..1)."""
    canonical = verdict.canonical
    similarity = max(0.5, min(1.0, similarity))
    if canonical.glossary:
        value = 0.6 + 0.35 * similarity
    elif canonical.backing:
        value = 0.5 + 0.35 * similarity
    else:
        share = verdict.canonical_count / max(1, verdict.canonical_count + variant.count)
        value = 0.15 + 0.35 * share + 0.25 * similarity
        if canonical.known and not variant.known:
            value += 0.1
        if canonical.shape > variant.shape:
            value += 0.05
        if verdict.cluster_size >= 3:
            value += 0.05
        if verdict.tie:
            value = min(value, TIE_CONFIDENCE)
    return round(max(0.05, min(0.95, value)), 2)
