"""The chapters tool: proposes ``chapter`` tags at topic shifts, with short titles.

Each proposal covers one segment, the one where the chapter starts; ``value`` is a
proposed title (capitalised, at most 60 characters).

* An **Introduction** at the first segment (0.5: a chapter surely starts there; the
  producer may prefer another title). The host leaves out a proposal where the document
  already has a chapter tag.
* **Explicit cues** (0.6-0.75): "let's talk about X", "I want to ask you about X",
  "moving on to X", "next topic", "first/next/last question", "switching gears", "before
  we wrap up". The title is the cue's object ("let's talk about gardens, because ..." ->
  "Gardens"), else a fixed one ("Last question", "Wrap-up").
* **A new question after a long answer** (0.3-0.45, a guess, if ``questions`` is on): a
  question after at least 150 words without one. The title is the question's key noun
  phrase: what follows "about", else its rarest run of content words (by the lexicon's
  frequencies when there is one, else the longest run).

Proposals closer than ``min_gap`` segments to a surer one are left out. Segments that
read like a sponsor message ("brought to you by", "promo code") never start a chapter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from editor.plugin_api import SegmentSnapshot, TagProposal, ToolContext

DEFAULT_MIN_GAP = 12
LONG_ANSWER_WORDS = 150
MAX_TITLE = 60
MAX_TITLE_WORDS = 6
INTRODUCTION_CONFIDENCE = 0.5
PROGRESS_EVERY = 500


@dataclass(frozen=True, slots=True)
class _Cue:
    pattern: re.Pattern[str]
    confidence: float
    title: str  # used when the cue has no object (or it is empty)
    name: str


def _cue(pattern: str, confidence: float, title: str, name: str) -> _Cue:
    return _Cue(re.compile(pattern, re.IGNORECASE), confidence, title, name)


_OBJECT = r"(?P<topic>[^.?!;]{2,})?"
CUES: tuple[_Cue, ...] = (
    _cue(r"\bnext topic\b[,:]?\s*(?:is\s+)?" + _OBJECT, 0.75, "Next topic", "“next topic”"),
    _cue(r"\bmoving on\b(?:\s+(?:to|now to)\s+" + _OBJECT + ")?", 0.7, "", "“moving on”"),
    _cue(
        r"\b(?:let's|let us|we should|i'd love to|i want to|i wanted to)\s+(?:talk|chat|get|turn|move on|move)\s+(?:a bit\s+|a little\s+)?(?:about|to)\s+"
        + _OBJECT,
        0.75,
        "",
        "“let's talk about”",
    ),
    _cue(
        r"\b(?:i want|i wanted|i'd like|i would like)\s+to\s+(?:ask you|ask|hear)\s+(?:a bit\s+|a little\s+)?about\s+"
        + _OBJECT,
        0.7,
        "",
        "“I want to ask about”",
    ),
    _cue(
        r"\blet's (?:start|begin|finish|end|close)\s+(?:with|at|on|by talking about)\s+" + _OBJECT,
        0.65,
        "",
        "“let's start/finish with”",
    ),
    _cue(
        r"\b(?:switching|switch|changing|change) (?:gears|tack|topics?|subjects?)\b|\bon a (?:different|lighter|related) note\b",
        0.65,
        "",
        "a change of subject",
    ),
    _cue(r"\b(?:my |the |our )?(?:first|next|last|final) question\b", 0.65, "", "a numbered question"),
    _cue(
        r"\bbefore we (?:wrap up|wrap things up|finish|go|let you go|say goodbye)\b",
        0.6,
        "Wrap-up",
        "“before we wrap up”",
    ),
)
_VAGUE = re.compile(r"(?:\w+ )?(?:one|ones|thing|things|stuff|basics|beginning|start|obvious)", re.IGNORECASE)
_LATER = re.compile(
    r"\b(?:when we come back|after the break|after this break|right after this)\b", re.IGNORECASE
)
_AD = re.compile(
    r"\bbrought to you by\b|\bsponsored by\b|\bpromo code\b|\bdiscount code\b|\bback to (?:our|the) show\b",
    re.IGNORECASE,
)
_QUESTION_END = re.compile(r"\?\s*[\"'”’)]*\s*$")
_QUESTION_START = re.compile(
    r"^(?:(?:and|so|but|okay so|ok so|right so|now|well|okay|ok)[,]?\s+)?(?:how|what|what's|why|do you|did you|does|are you|were you"
    r"|is it|is there|can you|could you|would you|have you|tell me|(?:when|where|who)\s+(?:do|did|does|is|are|was|were|can|could"
    r"|would|will|have|has|should)\b)\b",
    re.IGNORECASE,
)
_CUT = re.compile(
    r"\s*(?:[,.;:?!—–()\"]|\s-\s|\b(?:because|since|and how|and what|and why|and whether|which|who|where|when|if|but|so that|so|"
    r"for a (?:bit|minute|moment|second)|for a little|a bit|a little|as well|too|with you|okay|right)\b)",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:(?:the|a|an|some|your|my|our|this|that|these|those|um|uh|er|just|like)\s+)+", re.IGNORECASE
)
_WORD = re.compile(r"[^\W_][\w'’\-]*")
# fmt: off
_STOP_WORDS = """
a an the and or but so if then than that this these those there here what what's which who whom whose why how when
where do does did doing done is are was were be been being am have has had having i i'm i've i'd you you're you've
you'd your yours we we're our us he she it it's its they them their me my mine of to in on at by for with about from
as into out up down over again just really very actually like kind sort thing things something anything everything
lot bit little much many more most some any all can could would should will shall may might must get got getting go
going gone say said tell tells told think thought know knew want wanted make made take took come came see seen look
ask asked let let's talk talking one ones way ways well now also still even ever never not no yes yeah okay ok oh
um uh er people time times day days year years first last next new good great big biggest best right left
end ended start started part that's there's here's who's where's don't doesn't didn't isn't wasn't can't
won't you'll we'll they're we've they've i'll because after before during since until through between under above
across against around behind beyond near off onto toward towards upon within without while find found mean meant
need needed feel felt work worked use used try tried give gave keep kept put happen happened happens seem call called
become became mention mentioned remember like liked love loved change changed run ran do it's makes
"""
_STOP = frozenset(_STOP_WORDS.split())
# fmt: on


@dataclass
class _Candidate:
    index: int
    confidence: float
    title: str
    note: str


class ChaptersTool:
    """Proposes chapter starts with titles (see the module docstring)."""

    def tag(self, segments: Sequence[SegmentSnapshot], ctx: ToolContext) -> list[TagProposal]:
        if not segments:
            return []
        min_gap = int(ctx.settings.get("min_gap", DEFAULT_MIN_GAP))
        questions = bool(ctx.settings.get("questions", True))
        lexicon = ctx.lexicon if "the" in ctx.lexicon else None
        punctuated = sum(1 for s in segments if re.search(r"[.?!,]", s.text)) >= 0.3 * len(segments)
        candidates = [_Candidate(0, INTRODUCTION_CONFIDENCE, "Introduction", "the start of the episode")]
        words_since_question = 0
        pending: tuple[float, str, str] | None = None  # a topic announced for after the break
        for n, segment in enumerate(segments):
            if n % PROGRESS_EVERY == 0:
                ctx.check_cancelled()
                ctx.progress(n, len(segments))
            text = segment.text.replace("’", "'")
            if _AD.search(text):
                words_since_question += len(text.split())
                continue
            explicit = _explicit(text) if n else None
            if explicit and _LATER.search(text):
                pending, explicit = explicit, None  # "when we come back I want to hear about X"
            if explicit:
                candidates.append(_Candidate(n, *explicit))
            is_question = (
                bool(_QUESTION_END.search(text)) if punctuated else bool(_QUESTION_START.match(text))
            )
            if is_question and pending and not explicit:
                candidates.append(
                    _Candidate(
                        n,
                        round(pending[0] - 0.15, 2),
                        pending[1],
                        pending[2] + ", announced before the break",
                    )
                )
                pending = None
                words_since_question = 0
                continue
            if is_question:
                if questions and n and not explicit and words_since_question >= LONG_ANSWER_WORDS:
                    title = _key_phrase(_question_text(segments, n, punctuated), lexicon)
                    if title:
                        confidence = round(
                            0.3 + 0.15 * min(1.0, (words_since_question - LONG_ANSWER_WORDS) / 300), 2
                        )
                        note = f"new question after a long answer ({words_since_question} words): a guess"
                        candidates.append(_Candidate(n, confidence, title, note))
                words_since_question = 0
            else:
                words_since_question += len(text.split())
        chosen = _spaced(candidates, min_gap)
        ctx.progress(len(segments), len(segments))
        return [
            TagProposal("chapter", segments[c.index].id, segments[c.index].id, c.confidence, c.note, c.title)
            for c in chosen
        ]


_CUE_WORDS = re.compile(
    r"talk|chat|mov|topic|question|ask|hear|start|begin|finish|end|close|gear|tack|subject|note|before we|turn|get to",
    re.IGNORECASE,
)


def _explicit(text: str) -> tuple[float, str, str] | None:
    """(confidence, title, note) when ``text`` announces a new topic."""
    if not _CUE_WORDS.search(text):
        return None
    for cue in CUES:
        match = cue.pattern.search(text)
        if not match:
            continue
        topic = match.groupdict().get("topic") or ""
        title = _title(topic) or cue.title
        if _VAGUE.fullmatch(title):  # "let's start with the obvious one. How did you get into games?"
            title = _key_phrase(text[match.end() :], None) or title
        if not title and cue.name == "a numbered question":
            title = _title(match.group().strip()).replace(" question", " question")
        if not title:
            title = _key_phrase(text[match.end() :], None) or _key_phrase(text, None)
        if title:
            return cue.confidence, title, f"explicit cue: {cue.name}"
    return None


def _question_text(segments: Sequence[SegmentSnapshot], n: int, punctuated: bool) -> str:
    """The question that ends (punctuated) or starts (unpunctuated) at segment ``n``."""
    if punctuated:
        text = segments[n].text.replace("’", "'")
        if n and not re.search(r"[.?!]\s*$", segments[n - 1].text):
            text = segments[n - 1].text + " " + text
        sentences = re.split(r"(?<=[.!?])\s+", text.strip())
        return next((s for s in reversed(sentences) if s.endswith("?")), text)
    return segments[n].text.replace("’", "'")


def _title(topic: str) -> str:
    """A short title from a cue's object: cut at the first clause break, determiners off."""
    topic = topic.strip()
    cut = next((m for m in _CUT.finditer(topic) if m.start() > 0), None)
    if cut:
        topic = topic[: cut.start()]
    topic = " ".join(topic.split()[:MAX_TITLE_WORDS])
    topic = _LEADING.sub("", topic.strip()).strip(" -'\"")
    if not topic or topic.casefold() in _STOP:
        return ""
    return _shorten(topic)


def _key_phrase(text: str, lexicon: object | None) -> str:
    """The question's subject: what follows "about", else its rarest run of content words."""
    about = re.search(r"\babout\s+(.+)", text, re.IGNORECASE)
    if about:
        title = _title(about.group(1))
        if title:
            return title
    tokens = [m.group() for m in _WORD.finditer(text)]
    runs: list[list[str]] = [[]]
    for token in tokens:
        if token.casefold().replace("’", "'") in _STOP or token.isdigit():
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(token)
    runs = [r[:3] for r in runs if r]
    if not runs:
        return ""
    if lexicon is not None:
        frequency = lexicon.frequency  # type: ignore[attr-defined]
        best = min(runs, key=lambda r: sum(frequency(w) for w in r) / len(r) - 0.3 * len(r))
    else:
        best = max(runs, key=len)
    return _shorten(" ".join(best))


def _shorten(title: str) -> str:
    title = " ".join(title.split())
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE + 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return title[:1].upper() + title[1:] if title else ""


def _spaced(candidates: list[_Candidate], min_gap: int) -> list[_Candidate]:
    """The surest candidates, no two closer than ``min_gap`` segments (in document order)."""
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (-c.confidence, c.index)):
        if all(abs(candidate.index - c.index) >= min_gap for c in chosen) or candidate.index == 0:
            if candidate.index == 0 and any(c.index == 0 for c in chosen):
                continue
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.index)
