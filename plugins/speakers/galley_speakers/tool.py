"""The speakers tool: proposes ``speaker`` tags, one per turn (first..last segment).

Three sources, most certain first:

1. **Labels left in the text.** Galley's importers turn ``Name:`` prefixes into speakers
   when a name is used at least twice; what is left in the text (a one-off ``Announcer:``,
   ``SPEAKER_02:``, ``[SPEAKER_01]``, a caption ``>>`` turn marker) starts a turn that runs
   to the next label or speaker change. ``value`` is the label (``""`` for ``>>``), or the
   name found for an ASR id (below); ``group`` is ``prefix:<Name>``,
   ``speaker-id:<ID>`` or ``turn-marker``. Confidence 0.9 for a label used twice, 0.6 for a
   one-off ``Name:`` (it may be prose), 0.8 for ``>>`` (the turn is sure, the name unknown).
2. **Unnamed ASR speakers** (``SPEAKER_00`` from WhisperX, ``Speaker 1``): names come from
   what is said — a self-introduction in the id's turns ("I'm your host Maya Okafor",
   weight 3), an introduction just before its turn ("welcome to the show, Siobhan", "my
   guest today is ...", weight 2), being thanked or addressed at the start of the next
   turn ("Thanks, Maya", weight 2). Each id's turns are proposed with the best name
   (group ``speaker-id:<ID>``) when one is found; confidence grows with the weight.
3. **Unlabelled speech-to-text** (no speakers at all): likely turn boundaries — a welcome
   then thanks (0.75), a question then an answer's opening words (0.6; 0.5 without
   punctuation), a turn opening by thanking someone by name (0.55), a question then
   anything (0.4), a question after a long answer (0.35). These are guesses and say so in
   the note. Turns are given roles — the one that asks, the one that answers (group
   ``asks-question`` / ``turn-after-question``) — and names when the opening says them
   ("I'm Priya Raman", "Tomás Ferreira is an urban ecologist").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from editor.plugin_api import SegmentSnapshot, TagProposal, ToolContext
from galley_speakers import text as T

DEFAULT_MIN_CONFIDENCE = 0.3
INTRO_SEGMENTS = 25  # where the host introduces themselves and the guest
LONG_ANSWER = 4  # segments since the last turn change before a question "after a long answer"
SHORT_REPLY = 5  # words: "Of course you did." is a turn of its own more often than not
PROGRESS_EVERY = 500
_PUNCTUATION = re.compile(r"[.?!,]")


@dataclass
class _Turn:
    first: int
    last: int
    voice: str  # the label, ASR id or speaker name ("" when unknown)
    mark: T.Mark | None = None


@dataclass
class _Guess:
    """A guessed turn boundary in unlabelled text."""

    confidence: float
    reason: str
    role: str = ""  # "host" asks, "guest" answers, "" unknown
    addressed: str = ""  # the name the turn opens by addressing


@dataclass
class _Votes:
    weights: Counter[str] = field(default_factory=Counter)
    reasons: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, weight: float, reason: str) -> None:
        self.weights[name] += weight
        self.reasons.setdefault(name, reason)


class SpeakersTool:
    """Proposes speaker turns (see the module docstring)."""

    def tag(self, segments: Sequence[SegmentSnapshot], ctx: ToolContext) -> list[TagProposal]:
        if not segments:
            return []
        min_confidence = float(ctx.settings.get("min_confidence", DEFAULT_MIN_CONFIDENCE))
        marks: list[T.Mark | None] = []
        for n, segment in enumerate(segments):
            if n % PROGRESS_EVERY == 0:
                ctx.check_cancelled()
                ctx.progress(n, len(segments))
            marks.append(T.mark_of(segment.text))
        turns = _turns(segments, marks)
        names = _names_for_ids(segments, turns)
        proposals = _from_marks(segments, turns, names)
        proposals += _renames(segments, turns, names)
        labelled = any(s.speaker for s in segments) or sum(1 for m in marks if m) > len(segments) // 20
        if not labelled and ctx.settings.get("guess_turns", True):
            proposals += _guessed_turns(segments, ctx)
        ctx.progress(len(segments), len(segments))
        return [p for p in proposals if p.confidence >= min_confidence]


# ----------------------------------------------------------------- labels and ids


def _turns(segments: Sequence[SegmentSnapshot], marks: list[T.Mark | None]) -> list[_Turn]:
    """Turns by labels in the text and changes of the segments' speaker."""
    turns: list[_Turn] = []
    for i, (segment, mark) in enumerate(zip(segments, marks)):
        changed = i > 0 and segment.speaker != segments[i - 1].speaker
        if i == 0 or mark is not None or changed:
            voice = (mark.name if mark else None) or ("" if mark else segment.speaker or "")
            turns.append(_Turn(i, i, voice, mark))
        else:
            turns[-1].last = i
    return turns


def _names_for_ids(
    segments: Sequence[SegmentSnapshot], turns: list[_Turn]
) -> dict[str, tuple[str, float, str]]:
    """ASR id -> (name, confidence, why) from what the transcript says."""
    ids = {t.voice for t in turns if t.voice and T.ASR_LABEL.fullmatch(t.voice)}
    if not ids:
        return {}
    votes: dict[str, _Votes] = {}
    for k, turn in enumerate(turns):
        following = next((t.voice for t in turns[k + 1 : k + 3] if t.voice != turn.voice), "")
        previous = turns[k - 1].voice if k > 0 and turns[k - 1].voice != turn.voice else ""
        for i in range(turn.first, turn.last + 1):
            said = _body(segments[i].text, turn.mark if i == turn.first else None)
            for name in T.self_names(said):
                votes.setdefault(turn.voice, _Votes()).add(name, 3.0, f"says “{name}” of themselves")
            if following and i >= turn.last - 2:
                for name in T.introduced_names(said):
                    votes.setdefault(following, _Votes()).add(name, 2.0, f"introduced as {name}")
        opening = _body(segments[turn.first].text, turn.mark)
        name, thanks = T.addressed_name(opening)
        if name and previous:
            votes.setdefault(previous, _Votes()).add(name, 2.0 if thanks else 1.0, f"addressed as {name}")
    found: dict[str, tuple[str, float, str]] = {}
    taken: dict[str, float] = {}
    ranked = sorted(
        ((voice, _merged(v)) for voice, v in votes.items() if voice in ids),
        key=lambda item: -(item[1][0][1] if item[1] else 0),
    )
    for voice, candidates in ranked:
        for name, weight, reason in candidates:
            if T.first_name(name) in taken:
                continue
            taken[T.first_name(name)] = weight
            found[voice] = (name, min(0.9, 0.35 + 0.1 * weight), reason)
            break
    return found


def _merged(votes: _Votes) -> list[tuple[str, float, str]]:
    """Votes for one voice with "Maya" and "Maya Okafor" counted as one (the longest
    spelling kept, the reason of the heaviest vote given)."""
    by_first: dict[str, list[tuple[str, float]]] = {}
    for name, weight in votes.weights.items():
        by_first.setdefault(T.first_name(name), []).append((name, weight))
    merged = []
    for spellings in by_first.values():
        longest = max(spellings, key=lambda item: len(item[0]))[0]
        heaviest = max(spellings, key=lambda item: item[1])[0]
        total = sum(weight for _, weight in spellings)
        reason = votes.reasons[heaviest] + (
            f" (and {len(spellings) - 1} more hint)" if len(spellings) > 1 else ""
        )
        merged.append((longest, total, reason))
    return sorted(merged, key=lambda item: -item[1])


def _body(text: str, mark: T.Mark | None) -> str:
    """The text after a label."""
    if mark is None:
        return text
    found = re.match(r"^\s*(?:>>\s*)?(?:\[[^\]]*\]\s*:?\s*|[^:\n]{1,40}:\s+)?", text)
    return text[found.end() :] if found else text


def _from_marks(
    segments: Sequence[SegmentSnapshot], turns: list[_Turn], names: dict[str, tuple[str, float, str]]
) -> list[TagProposal]:
    uses = Counter(t.mark.name for t in turns if t.mark and t.mark.name)
    proposals = []
    for turn in turns:
        mark = turn.mark
        if mark is None:
            continue
        first, last = segments[turn.first], segments[turn.last]
        if mark.kind == "marker":
            proposals.append(
                TagProposal(
                    "speaker",
                    first.id,
                    last.id,
                    0.8,
                    "“>>” turn marker: a new speaker, name unknown",
                    "",
                    "turn-marker",
                )
            )
            continue
        if mark.kind == "speaker-id":
            named = names.get(mark.name)
            if named:
                name, confidence, why = named
                note = f"label {mark.name} in the text; {mark.name} {why}"
                proposals.append(
                    TagProposal(
                        "speaker",
                        first.id,
                        last.id,
                        round(min(0.9, confidence + 0.1), 2),
                        note,
                        name,
                        f"speaker-id:{mark.name}",
                    )
                )
            else:
                note = f"label {mark.name} in the text (an unnamed speech-to-text speaker)"
                proposals.append(
                    TagProposal("speaker", first.id, last.id, 0.9, note, mark.name, f"speaker-id:{mark.name}")
                )
            continue
        if mark.name == first.speaker:
            continue
        once = uses[mark.name] < 2 and turn.first != 0
        note = f"“{mark.name}:” in the text" + (" once (it may be prose)" if once else "")
        proposals.append(
            TagProposal(
                "speaker", first.id, last.id, 0.6 if once else 0.9, note, mark.name, f"prefix:{mark.name}"
            )
        )
    return proposals


def _renames(
    segments: Sequence[SegmentSnapshot], turns: list[_Turn], names: dict[str, tuple[str, float, str]]
) -> list[TagProposal]:
    """Turns of unnamed ASR speakers (the segments' own speaker) with a name found for it."""
    proposals = []
    for turn in turns:
        if turn.mark is not None or turn.voice not in names:
            continue
        name, confidence, why = names[turn.voice]
        note = f"{turn.voice} {why}"
        first, last = segments[turn.first], segments[turn.last]
        proposals.append(
            TagProposal(
                "speaker", first.id, last.id, round(confidence, 2), note, name, f"speaker-id:{turn.voice}"
            )
        )
    return proposals


# ------------------------------------------------------------------ unlabelled text


def _guessed_turns(segments: Sequence[SegmentSnapshot], ctx: ToolContext) -> list[TagProposal]:
    n = len(segments)
    punctuated = sum(1 for s in segments if _PUNCTUATION.search(s.text)) >= 0.3 * n
    plains = [T.plain(s.text) for s in segments]
    guesses: dict[int, _Guess] = {}
    since = 0  # segments since the last guessed boundary
    for i in range(1, n):
        if i % PROGRESS_EVERY == 0:
            ctx.check_cancelled()
        after_reply = since == 0 and i - 1 in guesses and guesses[i - 1].reason.startswith("short reply")
        guess = _boundary(segments, plains, i, punctuated, 1 if after_reply else since)
        if guess is not None:
            guesses[i] = guess
            since = 0
        else:
            since += 1
    host, guest = _cast(segments)
    starts = [0, *sorted(guesses)]
    roles = _roles(starts, guesses, host, guest)
    proposals = []
    for k, start in enumerate(starts):
        end = (starts[k + 1] if k + 1 < len(starts) else n) - 1
        role = roles[k]
        value = host if role == "host" else guest if role == "guest" else ""
        group = "asks-question" if role == "host" else "turn-after-question" if role == "guest" else ""
        if start == 0:
            confidence, note = (0.5, "opens the show") if value else (0.3, "opens the show; name unknown")
        else:
            guess = guesses[start]
            confidence, note = guess.confidence, guess.reason
        if value and start:
            note += f"; {value} as the one who " + ("asks" if role == "host" else "answers")
        proposals.append(
            TagProposal("speaker", segments[start].id, segments[end].id, confidence, note, value, group)
        )
    return proposals


def _boundary(
    segments: Sequence[SegmentSnapshot], plains: list[str], i: int, punctuated: bool, since: int
) -> _Guess | None:
    """Whether a new speaker likely starts at segment ``i`` (``since``: segments since the
    last guessed start). Confidences are what these cues were right about on labelled
    transcripts, rounded down: they are guesses."""
    text, said, before = segments[i].text, plains[i], plains[i - 1]
    earlier = plains[i - 2] if i >= 2 else ""
    if punctuated and not T.SENTENCE_END.search(segments[i - 1].text):
        return None  # nobody takes the floor in the middle of someone's sentence
    if (
        T.WELCOME.search(before)
        or (since >= 1 and T.WELCOME.search(earlier) and not T.QUESTION_START.match(before))
    ) and T.WELCOME_REPLY.match(said):
        return _Guess(0.75, "welcome then thanks", "guest")
    name, thanks = T.addressed_name(text)
    if name and thanks:
        return _Guess(0.55, f"thanks {name} by name: a new turn", addressed=name)
    if punctuated:
        asked = bool(T.QUESTION_END.search(segments[i - 1].text))
    else:
        asked = bool(T.QUESTION_START.match(before) or (since >= 1 and T.QUESTION_START.match(earlier)))
    opener = T.STRONG_OPENER.match(said)
    if asked and opener and not T.QUESTION_START.match(said):
        return _Guess(0.6 if punctuated else 0.55, f"question then “{opener.group()}”: a guess", "guest")
    if opener:
        return _Guess(0.5, f"opens like a reply (“{opener.group()}”): a guess")
    if punctuated and asked and not T.QUESTION_END.search(text):
        return _Guess(0.4, "question then answer: a guess", "guest")
    if punctuated and "?" in text and since >= LONG_ANSWER and len(said.split()) <= 25:
        return _Guess(0.35, "question after a long answer: a guess", "host")
    if T.MILD_OPENER.match(said):
        return _Guess(0.35, f"opens like a reply (“{T.MILD_OPENER.match(said).group()}”): a guess")
    introduced = i >= 1 and any(T.first_name(name) in plains[j].split() for j in range(max(0, i - 2), i))
    if name and (punctuated or since >= LONG_ANSWER) and not introduced:
        return _Guess(0.35, f"addresses {name}: a guess", addressed=name)
    if (
        punctuated
        and _short(said)
        and not _short(before)
        and since >= 1
        and not (name or "?" in text or T.WELCOME.search(said))
    ):
        return _Guess(0.3, "short reply: a guess")
    if (
        punctuated
        and since >= 1
        and i >= 2
        and _short(before)
        and T.SENTENCE_END.search(segments[i - 2].text)
    ):
        return _Guess(0.3, "after a short reply: a guess")
    return None


def _short(said: str) -> bool:
    return 0 < len(said.split()) <= SHORT_REPLY


def _cast(segments: Sequence[SegmentSnapshot]) -> tuple[str, str]:
    """The host (introduces themselves first) and the guest (introduced by the host)."""
    host = guest = ""
    for segment in segments[:INTRO_SEGMENTS]:
        if not host:
            host = next(iter(T.self_names(segment.text)), "")
        for name in T.introduced_names(segment.text):
            if not guest and T.first_name(name) != T.first_name(host):
                guest = name
    return host, guest


def _roles(starts: list[int], guesses: dict[int, _Guess], host: str, guest: str) -> list[str]:
    """Host or guest for each guessed turn, where its cue says: the first turn is the
    host's, an answer the guest's, a thanks to the host by name the guest's ...; ``""``
    elsewhere (guessing by turn order goes wrong at the first missed turn)."""
    roles: list[str] = []
    for k, start in enumerate(starts):
        if k == 0:
            roles.append("host")
            continue
        guess = guesses[start]
        role = guess.role
        if guess.addressed:
            if host and T.first_name(guess.addressed) == T.first_name(host):
                role = "guest"
            elif guest and T.first_name(guess.addressed) == T.first_name(guest):
                role = "host"
        roles.append(role)
    return roles
