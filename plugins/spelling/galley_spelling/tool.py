"""The spelling tool: flags non-words and suggests ranked replacements.

Per check it tokenizes each segment (:mod:`.tokens`), asks the :class:`~.judge.Judge`
which pieces are not words (the rules are in :mod:`.judge` and :mod:`.tokens`), and ranks
replacements with the :class:`~.suggest.Suggester`. ASR repeats its mistakes, so verdicts
and suggestions are cached per distinct word on the tool instance, until the lexicon,
glossary, accepted words, memory or settings change; the lexicon's search index is built
once per lexicon object (:func:`~.suggest.dictionary_index`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from editor.plugin_api import SPELLING, SegmentSnapshot, Suggestion, ToolContext

from .judge import Judge, Problem, is_caps_segment
from .suggest import GlossaryIndex, Ranked, Suggester, dictionary_index
from .tokens import WORD, Piece, overlaps, skipped_spans

DEFAULT_MAX_SUGGESTIONS = 5
DEFAULT_ACRONYM_LENGTH = 4
_CACHE_LIMIT = 50_000  # distinct words remembered between checks

# How sure a flag is, by the shape of the word: a lowercase non-word is almost always an
# error; a capitalised one is often a name the glossary does not list yet.
_SHAPE_CONFIDENCE = {"lower": 0.8, "caps": 0.6, "mixed": 0.6, "title": 0.45, "camel": 0.4, "ordinal": 0.9}


@dataclass
class _State:
    """Everything derived from one set of inputs (rebuilt when any of them changes)."""

    key: tuple[Any, ...]
    judge: Judge
    suggester: Suggester
    limit: int
    verdicts: dict[tuple[str, bool], list[tuple[int, int, str, str | None]]] = field(default_factory=dict)
    ranked: dict[tuple[str, str | None], Ranked] = field(default_factory=dict)


class SpellingTool:
    """Finds words that are in neither the lexicon nor the producer's accepted words."""

    def __init__(self) -> None:
        self._state: _State | None = None

    # -- the tool protocol

    def check(self, segments: Sequence[SegmentSnapshot], ctx: ToolContext) -> list[Suggestion]:
        """Spelling suggestions for ``segments``, in segment order."""
        state = self._prepare(ctx)
        found: list[Suggestion] = []
        total = len(segments)
        for done, segment in enumerate(segments):
            if done % 200 == 0:
                ctx.check_cancelled()
                ctx.progress(done, total)
            found.extend(self._check_segment(segment, state))
        ctx.progress(total, total)
        return found

    # -- per segment

    def _check_segment(self, segment: SegmentSnapshot, state: _State) -> list[Suggestion]:
        text = segment.text
        caps = is_caps_segment(text)
        spans = skipped_spans(text)
        verdicts = state.verdicts
        found = []
        for match in WORD.finditer(text):
            word = match.group()
            verdict = verdicts.get((word, caps))
            if verdict is None:
                verdict = self._judge(word, caps, state)
                verdicts[(word, caps)] = verdict
            if not verdict:
                continue
            start = match.start()
            if spans and overlaps(start, match.end(), spans):
                continue
            for rel_start, rel_end, shape, fix in verdict:
                if shape == "title" and _starts_sentence(text, start + rel_start):
                    shape = "lower"  # a capital that the sentence explains, not a name
                found.append(
                    self._suggestion(
                        segment.id, start + rel_start, word[rel_start:rel_end], shape, fix, state
                    )
                )
        return found

    @staticmethod
    def _judge(word: str, caps: bool, state: _State) -> list[tuple[int, int, str, str | None]]:
        """The problems of one token, as offsets relative to the token (cacheable)."""
        if word.isdecimal():
            return []
        problems = state.judge.problems(Piece(word, 0, len(word)), caps)
        return [(p.piece.start, p.piece.end, p.shape, p.fix) for p in problems]

    def _suggestion(
        self, segment_id: str, start: int, text: str, shape: str, fix: str | None, state: _State
    ) -> Suggestion:
        ranked = state.ranked.get((text, fix))
        if ranked is None:
            ranked = self._rank(text, fix, state)
            state.ranked[(text, fix)] = ranked
        message = f'"{text}" is not in the dictionary'
        if shape == "ordinal":
            message = f'"{text}" has the wrong ordinal ending'
        return Suggestion(
            segment_id,
            start,
            start + len(text),
            SPELLING,
            message,
            ranked.replacements,
            confidence(shape, ranked),
        )

    @staticmethod
    def _rank(text: str, fix: str | None, state: _State) -> Ranked:
        if fix is not None:
            return Ranked((fix,), 1.0, "rule")
        return state.suggester.rank(text, state.limit)

    # -- caches

    def _prepare(self, ctx: ToolContext) -> _State:
        """The state for this context, reused while the inputs are the same."""
        settings = ctx.settings
        limit = _int_setting(settings, "max_suggestions", DEFAULT_MAX_SUGGESTIONS, 1, 20)
        acronym = _int_setting(settings, "acronym_length", DEFAULT_ACRONYM_LENGTH, 0, 10)
        memory = ctx.replacement_memory
        key = (
            id(ctx.lexicon),
            ctx.glossary,
            ctx.accepted_words,
            tuple(sorted(memory.items())),
            limit,
            acronym,
        )
        state = self._state
        if state is not None and state.key == key:
            if len(state.verdicts) + len(state.ranked) > _CACHE_LIMIT:
                state.verdicts.clear()
                state.ranked.clear()
            return state
        dictionary = dictionary_index(ctx.lexicon)
        judge = Judge(ctx.lexicon, ctx.accepted_words, acronym)
        suggester = Suggester(dictionary, GlossaryIndex(ctx.glossary, ctx.lexicon), dict(memory))
        self._state = _State(key, judge, suggester, limit)
        return self._state


def confidence(shape: str, ranked: Ranked) -> float:
    """How sure the flag is: the word's shape, raised by a strong suggestion."""
    base = _SHAPE_CONFIDENCE.get(shape, 0.6)
    if ranked.source in ("memory", "glossary-pair", "rule"):
        return max(base, 0.95)
    if ranked.source == "glossary":
        return round(max(base, 0.5 + 0.45 * ranked.best_score), 3)
    if ranked.source == "none":
        return round(base * 0.75, 3)
    return round(min(0.95, base + 0.15 * max(0.0, ranked.best_score - 0.6) / 0.4), 3)


def _starts_sentence(text: str, start: int) -> bool:
    """Whether ``text[start:]`` begins the segment or follows ., ? or ! (then a capital
    says nothing about the word being a name)."""
    before = text[:start].rstrip()
    return not before or before[-1] in '.?!:"“'


def _int_setting(settings: Mapping[str, Any], name: str, default: int, low: int, high: int) -> int:
    """An integer setting, clamped to a sane range (a bad value falls back to the default)."""
    value = settings.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return max(low, min(high, value))


__all__ = ["Piece", "Problem", "SpellingTool", "confidence"]
