"""The sponsors tool: proposes ``ad`` tags over sponsor reads and credits.

How a read is found (see :mod:`galley_sponsors.cues` for the phrases):

1. Every segment is scored for cues. *Strong* cues (a sponsor statement, a promo code,
   "listeners get 20 percent off", a vanity address "dot com slash show") make it a seed;
   *medium* cues (a web address, an offer, "I've been using it", the sponsor's name once
   known) make it ad-like.
2. The show's name is read from its opening ("welcome to Margins"), so that "Margins is
   supported by Quillmark" counts as a sponsor statement while "the project is supported
   by the council" does not. Sponsor names come from the statements ("brought to you by
   Lintwise", "thanks again to Saltfold for supporting the show"), spelled as the
   transcript spells them best ("salt fold" -> "Saltfold").
3. From each seed the read grows forward over ad-like segments, across at most
   ``max_gap`` segments without evidence, until a *return* ("and now back to our show",
   kept in the read), a conversation cue ("my guest today", a question with no ad
   evidence, "anyway", "let's talk"), a break announcement, or another speaker. It grows
   backward the same way (gap 2), never over a break announcement ("let's take a quick
   break" stays outside the read). A short appositive right after a one-line credit
   ("supported by salt fold / hand forged kitchen knives made in Sheffield") joins it.
4. Each read's confidence grows with the points of the distinct cues in it (a one-line
   credit ~0.65, a long read with code, offer and address ~0.95); ``value`` is the sponsor
   (``""`` if none was named), ``note`` the evidence, ``group`` ``"sponsor:<Name>"``.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from editor.plugin_api import SegmentSnapshot, TagProposal, ToolContext, fold
from galley_sponsors import cues as C

DEFAULT_MIN_CONFIDENCE = 0.3
DEFAULT_MAX_GAP = 4
BACK_GAP = 2
MAX_READ = 80  # segments: a "read" longer than this is a runaway extension
WHOLE_TURN = 16  # segments: the longest turn taken as an inserted read
OWN_VOICE_POINTS = 2.0
OFFER_ONLY_FACTOR = 0.45
EDGE_SEGMENTS = (
    15  # credits in the first/last this many segments (a tenth of a short one) are intro/outro credits
)
MENTION_POINTS = 2.0
CODE_POINTS = 3.0
TAGLINE_WORDS = 12
PROGRESS_EVERY = 500

_LABELS = {"show sponsored": "sponsor credit"}
_TOKEN = re.compile(r"[\w'’&]+(?:[.-][\w'’&]+)*\.?|[,;:!?()\"“”—–]")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


@dataclass
class _Seg:
    """One segment and what it says about ads."""

    snap: SegmentSnapshot
    plain: str
    low: str
    found: dict[str, float] = field(default_factory=dict)  # strong cues, "supported by", a code
    mentions: dict[str, float] = field(default_factory=dict)  # the sponsor's name
    statement_names: list[str] = field(default_factory=list)
    mark: str = ""  # a speaker label left in the text ("Announcer", "SPEAKER_02", ">>")

    # Looked at only around reads, so worked out on first use.
    @functools.cached_property
    def domains(self) -> list[str]:
        return _domains(self.low, self.plain) if "." in self.low or " dot " in self.plain else []

    @functools.cached_property
    def returns(self) -> bool:
        return bool(C.RETURN.search(self.plain))

    @functools.cached_property
    def conversation(self) -> bool:
        return bool(C.CONVERSATION.search(self.plain))

    @functools.cached_property
    def lead_in(self) -> bool:
        return bool(C.LEAD_IN.search(self.plain))

    @functools.cached_property
    def question(self) -> bool:
        return bool(C.QUESTION_END.search(self.snap.text))

    @functools.cached_property
    def evidence(self) -> dict[str, float]:
        """Every cue of the segment: medium cues are looked for only here, on first use
        (around reads), as most segments are never asked."""
        evidence = dict(self.found)
        if C.MEDIUM_PLAIN.search(self.plain) or C.MEDIUM_LOW.search(self.low):
            for cue in C.MEDIUM_CUES:
                if cue.name not in evidence and cue.pattern.search(self.low if cue.on_low else self.plain):
                    evidence[cue.name] = cue.points
        if "supported by" in evidence and len(evidence) > 1:
            del evidence["supported by"]  # counted by the stronger cue
        evidence.update(self.mentions)
        return evidence

    @property
    def strong(self) -> bool:
        return any(name in C.STRONG_NAMES or name.startswith("code ") for name in self.found)

    @property
    def points(self) -> float:
        return sum(self.evidence.values())

    @property
    def speaker(self) -> str | None:
        return self.snap.speaker


@dataclass
class _Read:
    first: int
    last: int
    own_voice: bool = False  # an inserted read: a voice of its own, start to end


class SponsorsTool:
    """Proposes ``ad`` tags over sponsor reads (see the module docstring)."""

    def tag(self, segments: Sequence[SegmentSnapshot], ctx: ToolContext) -> list[TagProposal]:
        min_confidence = float(ctx.settings.get("min_confidence", DEFAULT_MIN_CONFIDENCE))
        max_gap = int(ctx.settings.get("max_gap", DEFAULT_MAX_GAP))
        total = len(segments)
        if not total:
            return []
        shows = _show_names(segments)
        has_lexicon = "the" in ctx.lexicon
        segs: list[_Seg] = []
        for n, snap in enumerate(segments):
            if n % PROGRESS_EVERY == 0:
                ctx.check_cancelled()
                ctx.progress(n, total * 2)
            segs.append(_analyse(snap, n, total, shows, ctx, has_lexicon))
        sponsors = _sponsor_names(segs, segments)
        if sponsors:
            _add_mentions(segs, sponsors)
        turns = Counter(_voice(segs[i]) for i in range(total) if i == 0 or _speaker_change(segs, i - 1, i))
        reads: list[_Read] = []
        for n, seg in enumerate(segs):
            if n % PROGRESS_EVERY == 0:
                ctx.check_cancelled()
                ctx.progress(total + n, total * 2)
            if not seg.strong or (reads and reads[-1].first <= n <= reads[-1].last):
                continue
            read = _grow(segs, n, max_gap)
            turn_start = _inserted(segs, n, turns)
            if turn_start is not None:
                read = _Read(turn_start, read.last, own_voice=True)
            previous = reads[-1] if reads else None
            if previous and read.first <= previous.last + 1 and _same_voice(segs, previous.last, read.first):
                previous.last = max(previous.last, read.last)
                previous.own_voice |= read.own_voice
            elif (
                previous
                and read.first - previous.last <= 2 * max_gap
                and not _stop_between(segs, previous.last, read.first)
            ):
                previous.last = read.last  # two parts of one read: "... use code X" after product talk
            else:
                reads.append(read)
        proposals = []
        for read in reads:
            proposal = _proposal(segs, read, sponsors, ctx.lexicon, has_lexicon)
            if proposal.confidence >= min_confidence:
                proposals.append(proposal)
        ctx.progress(total * 2, total * 2)
        return proposals


# ------------------------------------------------------------------------ analysis


def _show_names(segments: Sequence[SegmentSnapshot]) -> set[str]:
    """The show's name as its opening or closing says it ("welcome back to the build log")."""
    names: set[str] = set()
    edge = list(segments[:EDGE_SEGMENTS]) + list(segments[-EDGE_SEGMENTS:])
    for snap in edge:
        for match in C.SHOW_NAME.finditer(C.plain(snap.text)):
            name = (match.group(1) or match.group(2) or "").strip()
            name = name.removeprefix("the ")
            if (
                len(name) >= 3
                and name not in C.NAME_STOP
                and name not in ("show", "podcast", "episode", "it", "fine", "great")
            ):
                names.add(name)
    return names


def _analyse(
    snap: SegmentSnapshot, n: int, total: int, shows: set[str], ctx: ToolContext, has_lexicon: bool
) -> _Seg:
    text = snap.text
    seg = _Seg(snap, C.plain(text), C.low(text))
    mark = C.TURN_MARK.match(text)
    if mark:
        seg.mark = mark.group().strip().strip("[]:").strip() or ">>"
    if C.STRONG_WORDS.isdisjoint(seg.plain.split()) and "/" not in seg.low and "%" not in seg.low:
        return seg
    if not (C.STRONG_PLAIN.search(seg.plain) or C.STRONG_LOW.search(seg.low) or "code" in seg.low):
        return seg
    for cue in C.STRONG_CUES:
        if cue.name not in seg.found and cue.pattern.search(seg.low if cue.on_low else seg.plain):
            seg.found[cue.name] = cue.points
    if "supported by" in seg.found and "show sponsored" not in seg.found:
        subject = C.SUBJECT_BY.match(seg.plain)
        if subject:
            who = subject.group(1).removeprefix("the ").strip()
            edge = min(EDGE_SEGMENTS, max(2, total // 10))
            near_edge = (n < edge or n >= total - edge) and bool(_statement_names(text))
            if (
                who in shows
                or any(who.endswith(show) for show in shows)
                or (near_edge and len(who.split()) <= 4)
            ):
                seg.found["show sponsored"] = 3.0
    code = _code(text, ctx, has_lexicon)
    if code:
        seg.found[f"code {code}"] = CODE_POINTS
    seg.statement_names = _statement_names(text)
    return seg


def _code(text: str, ctx: ToolContext, has_lexicon: bool) -> str:
    """The promo code in ``text`` ("use code BUILDLOG20"), or ``""``."""
    for match in C.CODE.finditer(text):
        token = match.group(1)
        folded = token.casefold()
        if folded in C.NOT_CODES:
            continue
        after = text[match.end() :].casefold()
        if (
            any(ch.isdigit() for ch in token)
            or (token.isupper() and len(token) >= 3)
            or after.lstrip().startswith("at checkout")
            or (has_lexicon and len(token) >= 4 and folded not in ctx.lexicon)
        ):
            return token
    return ""


def _statement_names(text: str) -> list[str]:
    """Sponsor names named by statements in ``text``: "brought to you by <Name>"."""
    names = []
    for match in C.STATEMENT.finditer(text):
        rest = text[match.end() :]
        if C.THANKS.match(match.group()) and not C.SUPPORTING.search(rest):
            continue
        lowered = rest.casefold()
        for skip in C.NAME_SKIP:
            if lowered.startswith(skip):
                rest = rest[len(skip) :]
                break
        name = _name_at(rest)
        if name:
            names.append(name)
    return names


def _name_at(rest: str) -> str:
    """The name at the start of ``rest``: the words up to the next function word or
    punctuation when there are at most three ("Quill mark for supporting" -> "Quill
    mark"); otherwise its capitalised first words, or the first word of lower-case text
    (raw speech-to-text has no capitals)."""
    taken: list[str] = []
    ended = False
    for token in _TOKEN.findall(rest):
        if not (token[0].isalnum() or token[0] == "_"):
            ended = True
            break
        word = token.rstrip(".")
        if word.casefold() in C.NAME_STOP or C._HESITATION.fullmatch(word.casefold()):
            ended = True
            break
        taken.append(word)
        if token.endswith("."):
            ended = True
            break
        if len(taken) > 3:
            break
    else:
        ended = True
    if ended and taken:
        return " ".join(taken)
    capitalised = list(itertools.takewhile(lambda w: w[0].isupper(), taken))[:3]
    return " ".join(capitalised or taken[:1])


def _domains(low: str, plain: str) -> list[str]:
    """Second-level names of web addresses ("fernway" of fernway.co.uk or "fernway dot co")."""
    found = re.findall(
        r"\b([a-z0-9-]{3,})(?:\.[a-z]{2,3})?\.(?:com|co|org|net|io|app|dev|fm|ai|tv|shop|store)\b", low
    )
    found += re.findall(r"\b([a-z0-9]{3,}) dot (?:com|co|org|net|io|app|dev|fm|ai|tv|shop|store)\b", plain)
    return [d for d in found if d not in ("www", "dot")]


def _sponsor_names(segs: list[_Seg], segments: Sequence[SegmentSnapshot]) -> dict[str, list[str]]:
    """folded name -> its spellings in the transcript, the best first ("Saltfold" before
    "salt fold"), for every sponsor a statement names."""
    named = [name for seg in segs if seg.found for name in seg.statement_names]
    if not named:
        return {}
    wanted = {key for key in (fold(n) for n in named) if key}
    spellings: dict[str, Counter[str]] = {key: Counter() for key in wanted}
    for seg in segs:
        squeezed = seg.plain.replace(" ", "")
        keys = [key for key in wanted if key in squeezed]
        if not keys:
            continue
        tokens = _WORD.findall(seg.snap.text)
        for size in (1, 2, 3):
            for i in range(len(tokens) - size + 1):
                form = " ".join(tokens[i : i + size])
                key = fold(form)
                if key in spellings:
                    spellings[key][form] += 1
    best: dict[str, list[str]] = {}
    for name in named:
        key = fold(name)
        if not key or key in best:
            continue
        forms = spellings[key] or Counter({name: 1})
        # A capitalised one-word spelling beats "salt fold"; then the most frequent.
        ranked = [
            form
            for form, _ in sorted(
                forms.items(), key=lambda item: (not item[0][0].isupper(), " " in item[0], -item[1])
            )
        ]
        if not ranked[0][0].isupper():
            ranked.insert(0, ranked[0].title())
        best[key] = ranked
    return best


def _add_mentions(segs: list[_Seg], sponsors: dict[str, list[str]]) -> None:
    forms = {
        C.plain(form): spellings[0] for spellings in sponsors.values() for form in spellings if C.plain(form)
    }
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b"
    )
    for seg in segs:
        found = pattern.search(seg.plain)
        if found:
            seg.mentions[f"names {forms[found.group()]}"] = MENTION_POINTS


# ------------------------------------------------------------------------- growing


def _speaker_change(segs: list[_Seg], a: int, b: int) -> bool:
    """Whether another voice starts at ``b`` (``a`` is the segment before it)."""
    first, second = segs[a].speaker, segs[b].speaker
    return (first is not None and second is not None and first != second) or bool(segs[b].mark)


def _stop_between(segs: list[_Seg], a: int, b: int) -> bool:
    """Whether the show resumes somewhere strictly between reads ending at ``a`` and
    starting at ``b``."""
    return (
        any(
            _speaker_change(segs, i - 1, i)
            or segs[i].returns
            or segs[i].conversation
            or segs[i].lead_in
            or segs[i].question
            for i in range(a + 1, b + 1)
        )
        or segs[a].returns
    )


def _turn(segs: list[_Seg], n: int) -> tuple[int, int]:
    """The voice's turn around segment ``n``: between speaker changes or labels."""
    first = n
    while first > 0 and not _speaker_change(segs, first - 1, first):
        first -= 1
    last = n
    while last + 1 < len(segs) and not _speaker_change(segs, last, last + 1):
        last += 1
    return first, last


def _voice(seg: _Seg) -> str:
    return seg.mark if seg.mark and seg.mark != ">>" else seg.speaker or ""


def _same_voice(segs: list[_Seg], a: int, b: int) -> bool:
    return not any(_speaker_change(segs, i, i + 1) for i in range(min(a, b), max(a, b)))


def _ad_like(seg: _Seg) -> bool:
    return bool(seg.evidence) and seg.points >= 1.0


def _grow(segs: list[_Seg], seed: int, max_gap: int) -> _Read:
    """The read around ``seed``: forward to its end, backward to its start."""
    last = seed
    gap = 0
    i = seed + 1
    while i < len(segs) and i - seed < MAX_READ:
        seg = segs[i]
        if _speaker_change(segs, i - 1, i):
            break
        if seg.returns:
            last = i
            break
        if _ad_like(seg) and not (seg.conversation and not seg.strong):
            last, gap = i, 0
        elif seg.conversation or seg.lead_in or seg.question:
            break
        elif i == seed + 1 and _tagline(segs[seed], seg):
            last, gap = i, 0
        else:
            gap += 1
            if gap > max_gap:
                break
        i += 1
    first = seed
    gap = 0
    i = seed - 1
    while i >= 0 and seed - i < MAX_READ:
        seg = segs[i]
        if _speaker_change(segs, i, i + 1) or seg.returns or seg.conversation:
            break
        if seg.lead_in and not seg.strong:
            break
        if i > 0 and segs[i - 1].question:
            break  # an answer to a question is the conversation, not the start of a read
        if _ad_like(seg):
            first, gap = i, 0
        elif seg.question:
            break
        else:
            gap += 1
            if gap > BACK_GAP:
                break
        i -= 1
    return _Read(first, last)


def _inserted(segs: list[_Seg], seed: int, turns: Counter[str]) -> int | None:
    """Where the turn around ``seed`` starts, when that turn is an inserted or pre-recorded
    read ("Announcer: ...", a co-host's read after "when we come back"): a short turn of a
    voice that is announced by a break just before it or speaks in at most two turns of
    the whole episode. The read then starts with the turn; its end is found as usual."""
    first, last = _turn(segs, seed)
    if last - first + 1 > WHOLE_TURN or first == 0 or not _speaker_change(segs, first - 1, first):
        return None
    voice = _voice(segs[first])
    if not (segs[first - 1].lead_in or (voice and turns[voice] <= 2)):
        return None
    return first


def _tagline(seed: _Seg, seg: _Seg) -> bool:
    """A short description of the sponsor right after a credit that ends with its name
    ("... supported by Lintwise" / "the code linter that actually explains itself")."""
    if not seed.statement_names or C.SENTENCE_END.search(seed.snap.text):
        return False
    name_words = seed.statement_names[-1].casefold().split()
    if seed.plain.split()[-len(name_words) :] != name_words:
        return False
    words = seg.plain.split()
    return 0 < len(words) <= TAGLINE_WORDS and not C.SELF.search(seg.plain) and not seg.question


# ------------------------------------------------------------------------- scoring


def _proposal(
    segs: list[_Seg], read: _Read, sponsors: dict[str, list[str]], lexicon: object, has_lexicon: bool
) -> TagProposal:
    evidence: dict[str, float] = {}
    mentions: Counter[str] = Counter()
    named: Counter[str] = Counter()
    domains: Counter[str] = Counter()
    for seg in segs[read.first : read.last + 1]:
        for name, points in seg.evidence.items():
            if name.startswith("names "):
                mentions[name[6:]] += 1
            evidence[name] = max(points, evidence.get(name, 0.0))
        for name in seg.statement_names:
            named[sponsors.get(fold(name), [name])[0]] += 1
        domains.update(seg.domains)
    if read.own_voice:
        evidence["a voice of its own"] = OWN_VOICE_POINTS
    points = sum(evidence.values()) + 0.5 * min(4, max(0, sum(mentions.values()) - 1))
    confidence = min(0.97, 1 - 0.65 * math.exp(-points / 5))
    strong = {n for n in evidence if n in C.STRONG_NAMES or n.startswith("code ")}
    if strong <= C.OFFER_ONLY and not (mentions or domains or read.own_voice or "web address" in evidence):
        confidence *= OFFER_ONLY_FACTOR  # "they got forty percent off in a sale"
    sponsor = named.most_common(1)[0][0] if named else ""
    if not sponsor and mentions:
        sponsor = mentions.most_common(1)[0][0]
    if not sponsor and domains:
        domain = domains.most_common(1)[0][0]
        sponsor = sponsors.get(fold(domain), [domain.capitalize()])[0]
    if not sponsor and has_lexicon:
        sponsor = _brand(segs[read.first : read.last + 1], lexicon)
    ends = segs[read.last]
    note = _note(evidence, mentions, ends)
    return TagProposal(
        "ad",
        segs[read.first].snap.id,
        segs[read.last].snap.id,
        round(confidence, 2),
        note,
        sponsor,
        f"sponsor:{sponsor}" if sponsor else "",
    )


def _brand(segs: list[_Seg], lexicon: object) -> str:
    """A capitalised word the read says at least twice that is not an English word
    ("Pennywise"), when nothing named the sponsor."""
    counts: Counter[str] = Counter()
    for seg in segs:
        for i, word in enumerate(_WORD.findall(seg.snap.text)):
            if word[0].isupper() and len(word) > 3 and word.casefold() not in lexicon and not word.isupper():
                counts[word] += 1
    found = [w for w, c in counts.most_common() if c >= 2]
    return found[0] if found else ""


def _note(evidence: dict[str, float], mentions: Counter[str], ends: _Seg) -> str:
    strong = [n for n in evidence if n in C.STRONG_NAMES or n.startswith("code ")]
    medium = [n for n in evidence if n not in strong and not n.startswith("names ")]
    parts = list(dict.fromkeys(strong + medium))
    for weaker, stronger in (("show sponsored", "brought to you by"), ("sponsored by", "show sponsored")):
        if weaker in parts and stronger in parts:
            parts.remove(weaker)
    parts = [_LABELS.get(part, part) for part in parts]
    for name, count in mentions.most_common(2):
        parts.append(f"{name} named {count}×" if count > 1 else f"{name} named")
    if ends.returns:
        parts.append("ends at the return to the show")
    return "; ".join(parts)
