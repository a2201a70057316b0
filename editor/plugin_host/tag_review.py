"""Reviewing tag proposals: which are still open, how they group, and what accepting or
rejecting one does to the document.

Proposals are suggestions, never part of the document. Accepting one runs ordinary
document commands (add a tag, assign a speaker), so it is one undo step; undoing it makes
the proposal open again, because a proposal is open exactly while its effect is missing.
Rejecting one is remembered in the project (plugin data ``galley.tagging``), so running the
tools again does not bring it back; that, too, is an undo step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from editor.core.document import Document
from editor.plugin_host.tagging import ProposedTag

REJECTED_KEY = "galley.tagging"


def proposal_key(item: ProposedTag) -> str:
    """What identifies a proposal across runs: label, segment range and value."""
    p = item.proposal
    return f"{p.label}|{p.first_segment_id}|{p.last_segment_id}|{p.value}"


@dataclass(frozen=True)
class ProposalGroup:
    """Proposals one decision can settle: same tool, label and pattern (or value)."""

    tool: str
    label: str
    pattern: str  # the tool's group, or the proposed value when it gave none
    value: str  # the proposed name or title when all items agree, else ""
    items: tuple[ProposedTag, ...]

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def needs_speaker(self) -> bool:
        """A speaker turn whose speaker the tool could not name: the producer picks one."""
        return self.label == "speaker" and not self.value

    @property
    def confidence(self) -> float:
        return max(item.proposal.confidence for item in self.items)

    @property
    def title(self) -> str:
        """How a list shows the group, e.g. ``Ad read: Lintwise`` or ``Speaker: Anna``."""
        name = {"ad": "Ad read", "chapter": "Chapter", "speaker": "Speaker turn"}.get(self.label, self.label.capitalize())
        detail = self.value or _pattern_words(self.pattern)
        return f"{name}: {detail}" if detail else name


def _pattern_words(pattern: str) -> str:
    kind, _, rest = pattern.partition(":")
    if rest:
        return rest
    return kind.replace("-", " ")


def rejected_keys(doc: Document) -> frozenset[str]:
    data = doc.plugin_data.get(REJECTED_KEY) or {}
    rejected = data.get("rejected", []) if isinstance(data, dict) else []
    return frozenset(key for key in rejected if isinstance(key, str))


def _tag_ranges(doc: Document) -> dict[str, list[tuple[int, int]]]:
    """The document's tags as label -> (first, last) positions."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for tag in doc.tags:
        first, last = doc.segment_or_none(tag.first_segment_id), doc.segment_or_none(tag.last_segment_id)
        if first is not None and last is not None:
            ranges.setdefault(tag.label, []).append((doc.index_of(first.id), doc.index_of(last.id)))
    return ranges


def is_open(
    doc: Document,
    item: ProposedTag,
    rejected: frozenset[str] | None = None,
    tags: dict[str, list[tuple[int, int]]] | None = None,
) -> bool:
    """Whether a proposal still asks for a decision: its segments exist, it was not
    rejected, and its effect is not in the document yet. (``rejected`` and ``tags`` may
    be passed in when many proposals are asked about at once.)"""
    p = item.proposal
    try:
        first, last = doc.index_of(p.first_segment_id), doc.index_of(p.last_segment_id)
    except KeyError:
        return False  # a segment of it was deleted
    if proposal_key(item) in (rejected if rejected is not None else rejected_keys(doc)):
        return False
    if p.label == "speaker":
        if not p.value:
            return any(doc.segment_at(i).speaker_id is None for i in range(first, last + 1))
        wanted = p.value.casefold()
        return not all(
            (speaker_id := doc.segment_at(i).speaker_id) is not None and doc.speaker(speaker_id).name.casefold() == wanted
            for i in range(first, last + 1)
        )
    for start, end in (tags if tags is not None else _tag_ranges(doc)).get(p.label, ()):
        if (start == first) if p.label == "chapter" else (start <= first and last <= end):
            return False
    return True


def open_proposals(doc: Document, proposals: Iterable[ProposedTag]) -> list[ProposedTag]:
    """The proposals still open, in document order."""
    rejected, tags = rejected_keys(doc), _tag_ranges(doc)
    found = [item for item in proposals if is_open(doc, item, rejected, tags)]
    return sorted(found, key=lambda item: doc.index_of(item.proposal.first_segment_id))


def group_proposals(proposals: Sequence[ProposedTag]) -> list[ProposalGroup]:
    """Open proposals grouped by (tool, label, pattern), in order of first appearance.

    A chapter is always its own group: each has its own title to judge."""
    groups: dict[tuple[str, ...], list[ProposedTag]] = {}
    for item in proposals:
        p = item.proposal
        pattern = p.group or p.value
        key = (item.tool, p.label, pattern) if p.label != "chapter" else (item.tool, p.label, p.first_segment_id)
        groups.setdefault(key, []).append(item)
    result = []
    for (tool, label, _), items in groups.items():
        values = {i.proposal.value for i in items}
        pattern = items[0].proposal.group or items[0].proposal.value
        result.append(ProposalGroup(tool, label, pattern, values.pop() if len(values) == 1 else "", tuple(items)))
    return result


def accept(doc: Document, items: Sequence[ProposedTag], speaker_id: str | None = None) -> int:
    """Carry out proposals as one undo step; returns how many were applied.

    A speaker turn the tool named goes to the speaker of that name (created if new);
    an unnamed one needs ``speaker_id`` (ValueError without it). Any other label
    becomes a tag over the proposal's segments, a chapter titled with the value and an
    ad read with the sponsor as its title; a name for an ASR speaker id renames it.
    """
    items = [item for item in items if is_open(doc, item)]
    if not items:
        return 0
    label = items[0].proposal.label if len({i.proposal.label for i in items}) == 1 else "tags"
    with doc.batch(f"Accept {len(items)} {label} proposal{'s' if len(items) != 1 else ''}"):
        for item in items:
            if is_open(doc, item):  # an earlier rename may have settled it already
                _apply(doc, item, speaker_id)
    return len(items)


def _apply(doc: Document, item: ProposedTag, speaker_id: str | None) -> None:
    p = item.proposal
    first, last = doc.index_of(p.first_segment_id), doc.index_of(p.last_segment_id)
    if p.label == "speaker":
        if p.value and _rename_asr_speaker(doc, item):
            return
        if p.value:
            existing = doc.speaker_by_name(p.value)
            speaker_id = existing.id if existing else doc.add_speaker(p.value).id
        elif speaker_id is None:
            raise ValueError("choose the speaker for this turn")
        doc.set_speaker([doc.segment_at(i).id for i in range(first, last + 1)], speaker_id)
        return
    # The tool's note is its evidence, for review; a tag's note is the producer's own
    # (show notes print it beside the sponsor), so it starts empty.
    doc.add_tag(p.label, p.first_segment_id, p.last_segment_id, title=p.value)


def _rename_asr_speaker(doc: Document, item: ProposedTag) -> bool:
    """A name for an ASR speaker id (group ``speaker-id:SPEAKER_01``) renames that speaker,
    so every turn of it changes at once, unless the name is taken by another speaker."""
    kind, _, asr_id = item.proposal.group.partition(":")
    speaker = doc.speaker_by_name(asr_id) if kind == "speaker-id" and asr_id else None
    if speaker is None or doc.speaker_by_name(item.proposal.value) is not None:
        return False
    doc.rename_speaker(speaker.id, item.proposal.value)
    return True


def reject(doc: Document, items: Sequence[ProposedTag]) -> None:
    """Remember that these proposals are wrong (one undo step; saved with the project)."""
    keys = [proposal_key(item) for item in items]
    data = doc.plugin_data.get(REJECTED_KEY)
    data = dict(data) if isinstance(data, dict) else {}
    known = list(data.get("rejected", []))
    data["rejected"] = known + [key for key in keys if key not in known]
    doc.set_plugin_data(REJECTED_KEY, data)
