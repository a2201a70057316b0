"""The rules tool: data-driven replacements from rule files ("alot" -> "a lot").

Rules come from ``<resources>/rules/*.toml`` (built in), then ``<data_dir>/rules/*.toml``
(the plugin's own folder), then ``<user resources>/rules/*.toml`` (the producer's); a
later rule with the same id replaces an earlier one (see :mod:`galley_rules.loader` for the
format). Only rules for ``ctx.language`` run.

Speed: the segments are joined into one text and each rule's pattern scans it once, so a
one-hour transcript costs one regex pass per rule; a literal rule whose text is nowhere in
the document is skipped with substring tests (see :mod:`galley_rules.triggers`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from itertools import filterfalse
from pathlib import Path

from editor.plugin_api import RULE, SegmentSnapshot, Suggestion, ToolContext
from galley_rules.loader import Rule, files_signature, load_rules

# Joins segment texts for scanning. A match that reaches across it is dropped.
_SEPARATOR = "\n\x00\n"


BLOCK_SEGMENTS = 400


_WORD_RUN = re.compile(r"\w+")


class _Words:
    """The runs of word characters of a block of text, for rules that match one whole word
    (:attr:`Rule.words`): most blocks hold none of those words, and a set look-up is far
    cheaper than a regular expression visiting every character."""

    def __init__(self, text: str) -> None:
        self.runs = set(_WORD_RUN.findall(text))
        self._lower: set[str] | None = None
        self._other: list[str] = []

    def _split_by_case(self) -> None:
        """``_lower`` (ASCII runs lower-cased) and ``_other`` (the rest), with C-level
        iteration: a block has about a thousand distinct runs."""
        self._lower = set(map(str.lower, filter(str.isascii, self.runs)))
        self._other = list(filterfalse(str.isascii, self.runs))

    def hold_all(self, rule: Rule) -> bool:
        """Whether the block has a word of each of the rule's :attr:`Rule.required` sets."""
        assert rule.required is not None
        sets, folded = rule.required
        if not folded:
            return all(not self.runs.isdisjoint(words) for words, _ in sets)
        if self._lower is None:
            self._split_by_case()
        assert self._lower is not None
        return all(
            not self._lower.isdisjoint(words) or any(map(exact.fullmatch, self._other))
            for words, exact in sets
        )

    def may_hold(self, rule: Rule) -> bool:
        """Whether the rule may match in this block: one of its words is a word here."""
        assert rule.words is not None
        words, folded = rule.words
        if not folded:
            return not self.runs.isdisjoint(words)
        if self._lower is None:
            self._split_by_case()
        assert self._lower is not None
        # Words with other letters: the rule's own pattern decides (its edges hold at the
        # ends of a whole word taken alone).
        return not self._lower.isdisjoint(words) or any(rule.pattern.fullmatch(run) for run in self._other)


def _check_block(segments: Sequence[SegmentSnapshot], rules: list[Rule], ctx: ToolContext) -> list[Suggestion]:
    """The rules' matches in a block of segments, scanned as one joined text."""
    text = _SEPARATOR.join(s.text for s in segments)
    starts = _starts(segments)
    folded = text.casefold()
    words: _Words | None = None
    found: dict[int, list[tuple[int, int, int, Suggestion]]] = {}
    for order, rule in enumerate(rules):
        # All tests must pass; the set look-ups for whole words go first, as they are
        # much cheaper than the substring tests (each visits the whole block).
        if rule.words is not None:
            words = words or _Words(text)
            if not words.may_hold(rule):
                continue
        elif rule.required is not None:
            words = words or _Words(text)
            if not words.hold_all(rule):
                continue
        if not _may_occur(rule, text, folded):
            continue
        for match in _matches(rule, text):
            located = _locate(starts, segments, match)
            if located is None:
                continue
            index, offset = located
            suggestion = _suggestion(rule, match, segments[index], offset, ctx)
            if suggestion is not None:
                found.setdefault(index, []).append((suggestion.start, suggestion.end, order, suggestion))
    return [s for index in sorted(found) for s in _without_overlaps(found[index])]


_WORD_CHAR = re.compile(r"\w")


def _matches(rule: Rule, text: str) -> list[re.Match[str]] | Iterator[re.Match[str]]:
    """``rule.pattern.finditer(text)``, found faster with ``rule.scan`` where there is one.

    ``rule.scan`` is the pattern without its leading look-behinds (``WORD_BEFORE``): both
    match the same text at a position where the look-behinds hold, so the leftmost scan
    match whose start passes them is the pattern's next match, and one that fails them is
    searched again one character on.
    """
    if rule.scan is None:
        return rule.pattern.finditer(text)
    found: list[re.Match[str]] = []
    search, word_char = rule.scan.search, _WORD_CHAR.match
    position = 0
    while (match := search(text, position)) is not None:
        start = match.start()
        if match.end() == start:  # an empty match: finditer's rules for those apply
            return rule.pattern.finditer(text)
        if (start and word_char(text, start - 1)) or (
            start > 1 and text[start - 1] in "'’-" and word_char(text, start - 2)
        ):
            position = start + 1  # inside a word (WORD_BEFORE fails here)
        else:
            found.append(match)
            position = match.end()
    return found


class RulesTool:
    """Applies replacement rules (see the module docstring)."""

    def __init__(self) -> None:
        self._rules: dict[tuple[object, ...], list[Rule]] = {}

    def check(self, segments: Sequence[SegmentSnapshot], ctx: ToolContext) -> list[Suggestion]:
        """One suggestion per rule match; overlapping matches keep the earlier rule's."""
        ctx.check_cancelled()
        rules = [r for r in self.rules(ctx) if r.applies_to(ctx.language)]
        if not rules or not segments:
            return []
        found: list[Suggestion] = []
        # Blocks of segments, not the whole text at once: a regular expression scan holds
        # the interpreter lock, and one over a 10 MB transcript froze the editor for 0.5 s.
        for first in range(0, len(segments), BLOCK_SEGMENTS):
            ctx.check_cancelled()
            ctx.progress(first, len(segments))
            found += _check_block(segments[first : first + BLOCK_SEGMENTS], rules, ctx)
        ctx.progress(len(segments), len(segments))
        return found

    def rules(self, ctx: ToolContext) -> list[Rule]:
        """All loaded rules, any language (cached until a rule file changes)."""
        folders = rule_folders(ctx)
        key = files_signature(folders)
        cached = self._rules.get(key)
        if cached is None:
            cached = load_rules(folders, ctx.log)
            self._rules = {key: cached}
        return cached


def rule_folders(ctx: ToolContext) -> list[Path | None]:
    """Rule folders in override order: built-in, the plugin's data folder, the user's."""
    return [
        ctx.resources_dir / "rules" if ctx.resources_dir else None,
        ctx.data_dir / "rules" if ctx.data_dir else None,
        ctx.user_resources_dir / "rules" if ctx.user_resources_dir else None,
    ]


def _starts(segments: Sequence[SegmentSnapshot]) -> list[int]:
    """Offset of each segment's text in the joined text."""
    starts, offset = [], 0
    for segment in segments:
        starts.append(offset)
        offset += len(segment.text) + len(_SEPARATOR)
    return starts


def _may_occur(rule: Rule, text: str, folded: str) -> bool:
    """Whether the rule can match at all: one of its trigger strings is in the text."""
    if rule.trigger is None:
        return True
    sets, ignore_case = rule.trigger
    # ``map`` over the bound ``__contains__``: the substring tests run with no Python
    # frame per string (a rule may have dozens of strings, tested in every block).
    contains = (folded if ignore_case else text).__contains__
    return all(any(map(contains, strings)) for strings in sets)


def _locate(
    starts: list[int], segments: Sequence[SegmentSnapshot], match: re.Match[str]
) -> tuple[int, int] | None:
    """``(segment index, offset of its text)`` holding the match, or ``None`` if it spans two."""
    index = bisect.bisect_right(starts, match.start()) - 1
    offset = starts[index]
    if match.end() > offset + len(segments[index].text):
        return None
    return index, offset


def _suggestion(
    rule: Rule, match: re.Match[str], segment: SegmentSnapshot, offset: int, ctx: ToolContext
) -> Suggestion | None:
    found = match.group()
    if not found or found.casefold() in ctx.accepted_words:
        return None  # the producer said this text is right
    replacements = rule.replacements(match)
    remembered = ctx.replacement_memory.get(found, ctx.replacement_memory.get(found.casefold()))
    if remembered is not None and remembered != found:
        replacements = (remembered,) + tuple(r for r in replacements if r != remembered)
    if replacements == (found,):
        return None  # nothing would change
    start = match.start() - offset
    return Suggestion(
        segment.id, start, start + len(found), RULE, rule.message, replacements, rule.confidence
    )


def _without_overlaps(items: list[tuple[int, int, int, Suggestion]]) -> list[Suggestion]:
    """One segment's suggestions in text order; of overlapping ones the earlier rule wins."""
    kept: list[tuple[int, int, int, Suggestion]] = []
    for item in sorted(items, key=lambda i: (i[2], i[0])):
        if all(item[1] <= k[0] or item[0] >= k[1] for k in kept):
            kept.append(item)
    return [item[3] for item in sorted(kept, key=lambda i: (i[0], i[1]))]
