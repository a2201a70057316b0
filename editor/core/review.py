"""Review: findings grouped for decisions, and the decisions themselves.

A group is every visible finding with the same (tool, text, first replacement): one
decision can fix all of them ("accept all 22"). Decisions are undoable Document commands
and are remembered in the project, so a re-check never resurrects what was settled:

- accept one or all occurrences: the text is replaced, an accepted record is kept, and
  the pair enters the replacement memory (suggested first next time);
- reject one occurrence: a rejected record at that place hides it;
- reject the group: a ``reject`` decision hides that (text, replacement) everywhere;
- ignore everywhere: an ``ignore`` decision hides any finding on that text;
- add to the glossary (project) or to the personal dictionary (per user, outside the
  project; pass it to :class:`Suppression` so its words are hidden at once).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from editor.core.document import Document
from editor.core.model import Annotation, AnnotationStatus, Decision, DecisionAction, Replacement


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _first(replacements: Sequence[str]) -> str:
    return replacements[0] if replacements else ""


class Suppression:
    """Decides which findings the producer has already settled (build once per pass)."""

    def __init__(self, doc: Document, dictionary: Iterable[str] = ()) -> None:
        self._doc = doc
        self.ignored = {_fold(d.original) for d in doc.decisions if d.action == DecisionAction.IGNORE}
        self.ignored |= {_fold(w) for w in dictionary}
        self.rejected_groups = {(d.original, d.replacement) for d in doc.decisions if d.action == DecisionAction.REJECT}

    def hides(self, finding: Annotation) -> bool:
        """Whether a decision already covers this finding.

        Rejections are about the change ("X to Y"), not about which tool proposed it, so
        they also hide the same proposal from another tool.
        """
        if _fold(finding.text) in self.ignored:
            return True
        proposal = _first(finding.replacements)
        if (finding.text, proposal) in self.rejected_groups:
            return True
        return any(
            a.status == AnnotationStatus.REJECTED
            and (a.start, a.end, a.text, _first(a.replacements)) == (finding.start, finding.end, finding.text, proposal)
            for a in self._doc.annotations_of(finding.segment_id)
        )


def visible_findings(doc: Document, dictionary: Iterable[str] = ()) -> list[Annotation]:
    """Pending findings no decision covers, in document order.

    Walks only the segments that have findings, so its cost follows the number of
    findings, not the length of the transcript.
    """
    suppression = Suppression(doc, dictionary)
    buckets = sorted(doc.findings.segments_with_findings(), key=doc.index_of)
    found: list[Annotation] = []
    for segment_id in buckets:
        found.extend(visible_in_segment(doc, segment_id, suppression))
    return found


def visible_in_segment(doc: Document, segment_id: str, suppression: Suppression) -> list[Annotation]:
    """One segment's visible findings, by position.

    When two tools flag the same span with the same fix (spelling and consistency both
    on "Grafanna" -> "Grafana"), only the more confident finding is shown; a finding inside
    a more confident one's span ("netties" inside "cooper netties" -> "Kubernetes") is
    shown only after that one is settled.
    """
    best: dict[tuple[int, int, str], Annotation] = {}
    for finding in doc.findings.of_segment(segment_id):
        if suppression.hides(finding):
            continue
        key = (finding.start, finding.end, _first(finding.replacements))
        if key not in best or finding.confidence > best[key].confidence:
            best[key] = finding
    kept = [f for f in best.values() if not any(_covers(other, f) for other in best.values())]
    return sorted(kept, key=lambda f: (f.start, f.end, f.tool))


def _covers(outer: Annotation, inner: Annotation) -> bool:
    """Whether ``outer`` spans more than ``inner`` around it and is at least as sure."""
    return (
        outer is not inner
        and outer.start <= inner.start
        and inner.end <= outer.end
        and outer.end - outer.start > inner.end - inner.start
        and outer.confidence >= inner.confidence
    )


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """Findings that one decision settles together."""

    tool: str
    kind: str
    text: str
    replacement: str
    finding_ids: tuple[str, ...]  # in document order
    segment_ids: tuple[str, ...]
    message: str
    confidence: float

    @property
    def count(self) -> int:
        return len(self.finding_ids)


def group_findings(findings: Iterable[Annotation]) -> list[FindingGroup]:
    """Group findings by (tool, text, first replacement), keeping document order."""
    groups: dict[tuple[str, str, str], list[Annotation]] = {}
    for finding in findings:
        groups.setdefault((finding.tool, finding.text, _first(finding.replacements)), []).append(finding)
    return [
        FindingGroup(
            tool=tool,
            kind=members[0].kind,
            text=text,
            replacement=replacement,
            finding_ids=tuple(m.id for m in members),
            segment_ids=tuple(m.segment_id for m in members),
            message=members[0].message,
            confidence=max(m.confidence for m in members),
        )
        for (tool, text, replacement), members in groups.items()
    ]


def _finding(doc: Document, finding_id: str) -> Annotation:
    finding = doc.findings.get(finding_id)
    if finding is None:
        raise KeyError(f"finding {finding_id} is gone (the text changed)")
    return finding


def accept(doc: Document, finding_id: str, replacement: str | None = None) -> bool:
    """Apply a finding's fix (its first replacement unless another is chosen)."""
    finding = _finding(doc, finding_id)
    return accept_many(doc, [finding], replacement, f"Accept “{finding.text}”") == 1


def accept_group(doc: Document, group: FindingGroup, replacement: str | None = None) -> int:
    """Apply the fix at every occurrence in the group, as one undo step."""
    findings = [f for i, s in zip(group.finding_ids, group.segment_ids) if (f := doc.findings.get_in(s, i))]
    label = f"Accept all {len(findings)} “{group.text}”"
    return accept_many(doc, findings, replacement, label)


def accept_many(doc: Document, findings: Sequence[Annotation], replacement: str | None, label: str) -> int:
    """Replace each finding's text and remember the decision; returns how many applied."""
    if not findings:
        return 0
    first = findings[0]
    chosen = replacement if replacement is not None else _first(first.replacements)
    replacements = [
        Replacement(f.segment_id, f.start, f.end, chosen if replacement is not None else _first(f.replacements), f.text, f.id)
        for f in findings
    ]
    decision = Decision("", DecisionAction.ACCEPT, first.text, chosen, first.tool, first.kind)
    return doc.apply_replacements(replacements, label, decision)


def reject(doc: Document, finding_id: str) -> None:
    """Reject one occurrence: it stays as written and this finding is not shown again."""
    finding = _finding(doc, finding_id)
    doc.add_annotations([replace(finding, id="", status=AnnotationStatus.REJECTED)])


def reject_group(doc: Document, group: FindingGroup) -> None:
    """Reject every occurrence, now and in future checks."""
    doc.add_decision(Decision("", DecisionAction.REJECT, group.text, group.replacement, group.tool, group.kind))


def ignore_everywhere(doc: Document, text: str) -> None:
    """Never flag this text again in this project, by any tool."""
    doc.add_decision(Decision("", DecisionAction.IGNORE, text))


def add_to_glossary(doc: Document, term: str) -> None:
    """Make a term part of the show's glossary (accepted by every tool from now on)."""
    doc.set_glossary(doc.glossary.with_term(term.strip()))


def memory_first(replacements: Sequence[str], text: str, memory: Mapping[str, str]) -> tuple[str, ...]:
    """Put the remembered fix for ``text`` (exact, else case-folded) first."""
    remembered = memory.get(text)
    if remembered is None:
        folded = _fold(text)
        remembered = next((v for k, v in memory.items() if _fold(k) == folded), None)
    if remembered is None:
        return tuple(replacements)
    return (remembered, *(r for r in replacements if r != remembered))
