"""What the words of a transcript say about who is speaking.

* **Labels left in the text**: ``Anna: ...``, ``SPEAKER_01: ...``, ``[SPEAKER_01] ...``,
  ``>> ...`` (a caption turn marker, speaker unknown), ``>> Anna: ...``.
* **Names**: "I'm your host Maya Okafor", "my guest today is Siobhan Nguyen", "welcome
  to the show, Siobhan", "thanks, Maya" at the start of a turn.
* **Turn cues** for unlabelled speech-to-text: a question and an answer's first words
  ("yeah", "honestly", "it depends"), a welcome and its thanks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# fmt: off
# Words that start prose rather than a speaker label ("Note: ...", "So: ..."): the same
# rule Galley's importers apply to Name: prefixes.
NOT_NAMES = frozenset({
    "note", "notes", "nb", "ps", "edit", "edited", "update", "updated", "warning", "caution", "tip",
    "hint", "important", "source", "sources", "link", "links", "example", "examples", "subject",
    "re", "fwd", "date", "time", "title", "chapter", "part", "step", "summary", "transcript",
    "tags", "tag", "reminder", "remember", "disclaimer", "correction", "credits", "credit", "see",
    "also", "and", "but", "or", "so", "then", "well", "now", "here", "there", "this", "that",
    "these", "those", "the", "an", "my", "our", "your", "his", "her", "their", "its", "it", "we",
    "you", "he", "she", "they", "what", "why", "how", "when", "where", "who", "which", "if",
    "because", "just", "okay", "ok", "yes", "no", "please", "thanks", "thank", "hello", "hi", "hey",
    "welcome", "today", "tonight", "yesterday", "tomorrow", "first", "second", "third", "finally",
    "breaking", "live", "i", "i'm", "a", "oh", "yeah", "right", "sure", "great", "good", "wow",
    "absolutely", "exactly", "honestly", "anyway", "mr", "mrs", "ms", "dr", "professor", "doctor",
    "sir", "madam", "everyone", "everybody", "folks", "guys", "all", "music", "laughter", "applause",
    "it's", "that's", "there's", "let's", "we're", "you're", "i've", "i'll", "i'd", "we've", "what's",
    "here's", "he's", "she's", "they're", "don't", "can't", "not", "very", "really", "one", "some",
})
MONTHS_AND_DAYS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "christmas", "easter", "god", "english", "british", "american",
})
SOUND_LABELS = frozenset({
    "music", "laughter", "laughs", "laughing", "applause", "silence", "inaudible", "crosstalk", "noise",
    "sighs", "coughs", "background", "foreign", "blank_audio", "pause", "chuckles", "cheering",
    "indistinct", "unintelligible", "intro", "outro", "theme", "singing", "sound", "video", "audio",
})
# fmt: on

ASR_LABEL = re.compile(r"(?:speaker|spk)(?:[ _-]?\d{1,3}|[ _-][a-z])", re.IGNORECASE)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")
_LABEL_PREFIX = re.compile(r"^\s*(?:(>>)\s*)?(?:\[([^\[\]\n]{1,40})\]\s*:?\s*|([^\s:][^:\n]{0,39}):\s+)?")
_TOKEN = re.compile(r"[^\W_][\w'’\-]*|[,.!?;:]")


@dataclass(frozen=True, slots=True)
class Mark:
    """A speaker label found at the start of a segment's text."""

    kind: str  # "prefix" (Anna:), "speaker-id" (SPEAKER_01: / [SPEAKER_01]), "marker" (>>)
    name: str  # "" for an unnamed >> marker


def is_speaker_label(name: str) -> bool:
    """Whether ``name`` looks like a speaker label: an ASR id or 1-3 capitalised words."""
    if not name or len(name) > 40 or name != name.strip():
        return False
    if ASR_LABEL.fullmatch(name):
        return True
    words = name.split(" ")
    if not 1 <= len(words) <= 3 or words[0].rstrip(".").casefold() in NOT_NAMES:
        return False
    for position, word in enumerate(words):
        number = position > 0 and position == len(words) - 1 and word.isdigit() and len(word) <= 3
        if not number and not (_NAME_WORD.fullmatch(word) and word[0].isupper()):
            return False
    return True


def mark_of(text: str) -> Mark | None:
    """The speaker label that starts ``text``, if any."""
    match = _LABEL_PREFIX.match(text)
    if not match or not match.group():
        return None
    chevron, bracketed, prefixed = match.groups()
    name = (bracketed or prefixed or "").strip()
    if name and (name.casefold() in SOUND_LABELS or not is_speaker_label(name)):
        if not chevron:
            return None
        name = ""
    if not text[match.end() :].strip():
        return None  # a label with nothing after it is not a turn
    if not name:
        return Mark("marker", "") if chevron else None
    kind = "speaker-id" if ASR_LABEL.fullmatch(name) else "prefix"
    return Mark(kind, name)


# ----------------------------------------------------------------------------- names


def _name_at(text: str, start: int) -> str:
    """Capitalised words (1-3) starting at ``start`` of ``text``: a person's name."""
    taken: list[str] = []
    position = start
    while len(taken) < 3:
        match = _NAME_WORD.match(text, position)
        if not match:
            break
        token = match.group()
        word = token.rstrip(".")
        folded = word.casefold().replace("’", "'")
        if (
            not word[0].isupper()
            or folded in NOT_NAMES
            or folded in MONTHS_AND_DAYS
            or (word.isupper() and len(word) > 1)
        ):
            break
        taken.append(re.sub(r"['’]s$", "", word))
        position = match.end()
        if token.endswith(".") or text[position : position + 1] != " ":
            break
        position += 1
    return " ".join(taken)


_SELF = re.compile(
    r"\b(?:I'm|I am|I’m|my name is|this is|it's|it’s|I've been)\s+(?:your host |your co-host |your hosts? |host |co-host )?(?=[^\W\d_])"
)
_SELF_STRICT = re.compile(r"\b(?:this is|it's|it’s|I've been)\s+$")
_GUEST = re.compile(
    r"\b(?:my guest(?: today| this week| on the show)? is|my guests? today|today's guest is|joining me(?: today| now| this week)? is"
    r"|I'm joined(?: today| this week)? by|we're joined(?: today| this week)? by|I'm (?:talking|speaking|chatting) (?:to|with)"
    r"|welcome(?: to the show| to the podcast| back| along)?,?|please welcome|say hello to|a big welcome to)\s+(?=[^\W\d_])",
    re.IGNORECASE,
)
_INTRODUCED = re.compile(
    r"(?:^|[.!?]\s+)\s*(?:so\s+)?([^\W\d_][\w'’\-]*(?: [^\W\d_][\w'’\-]*){0,2}),?\s+"
    r"(?:is an?|is the|is here|is with|joins|runs|leads|works|has spent|welcome)\b"
)
_ADDRESS = re.compile(
    r"^\s*(?:(?:thanks|thank you|thank you so much|yes|yeah|well|oh|hi|hey|cheers|okay|ok|sure|absolutely|right|so|great|wow)[,!.]?\s+)?(?=[^\W\d_])",
    re.IGNORECASE,
)
_THANKS_START = re.compile(r"^\s*(?:thanks|thank you|cheers)\b", re.IGNORECASE)


def self_names(text: str) -> list[str]:
    """Names a speaker gives themselves: "I'm your host Maya Okafor", "my name is Ann"."""
    found = []
    for match in _SELF.finditer(text):
        name = _name_at(text, match.end())
        if not name:
            continue
        after = text[match.end() + len(name) :]
        # "it's Jordan from Pennywise", "this is Maya Okafor." but not "it's Tuesday again"
        if _SELF_STRICT.search(match.group()) and not re.match(
            r"\s*(?:$|[,.!]|from\b|here\b|and\b|with\b)", after
        ):
            continue
        found.append(name)
    return found


def introduced_names(text: str) -> list[str]:
    """People introduced by the speaker: "my guest today is Siobhan Nguyen", "welcome to the
    show, Tomás", "Tomás Ferreira is an urban ecologist"."""
    found = []
    for match in _GUEST.finditer(text):
        name = _name_at(text, match.end())
        if name:
            found.append(name)
    for match in _INTRODUCED.finditer(text):
        name = _name_at(text, match.start(1))
        if name and name == match.group(1).rstrip(","):
            found.append(name)
    return found


def addressed_name(text: str) -> tuple[str, bool]:
    """The name a segment starts by addressing ("Thanks, Maya. ...", "Sam, what ..."),
    and whether it thanks them."""
    match = _ADDRESS.match(text)
    if not match:
        return "", False
    name = _name_at(text, match.end())
    if not name:
        return "", False
    after = text[match.end() + len(name) :]
    lead = match.group().strip()
    if not (re.match(r"\s*[,.!?]", after) or (lead and re.match(r"\s+\w", after)) or not after.strip()):
        return "", False
    if not lead and not re.match(r"\s*,", after):
        return "", False  # a bare "Maya ..." is a sentence about Maya, "Maya, ..." is address
    return name, bool(_THANKS_START.match(text))


# ------------------------------------------------------------------------- turn cues

QUESTION_END = re.compile(r"\?\s*[\"'”’)]*\s*$")
QUESTION_START = re.compile(
    r"^(?:(?:and|so|but|okay so|ok so|right so|now|well)\s+)?(?:how|what|what's|why|when|where|who|whom|whose|which"
    r"|do you|did you|does it|does that|are you|were you|was it|was that|is it|is that|is there|are there|can you|could you"
    r"|would you|will you|have you|has it|should|tell me|talk me through|walk me through)\b"
)
STRONG_OPENER = re.compile(
    r"^(?:yes|yeah|yep|yup|no|nope|oh|well|honestly|absolutely|definitely|sure|exactly|totally|of course|hmm+|um+|uh+"
    r"|ha|haha|ah|wow|great question|good question|that's a (?:good|great|hard|fair|tough|big|really good) (?:question|one)"
    r"|it depends|not really|not at all|very much|i mean|mostly|both|slowly|honestly|thanks|thank you)\b"
)
MILD_OPENER = re.compile(
    r"^(?:okay|ok|right so|i think so|i'd say|i would say|that's (?:true|right|fair|amazing|incredible|brilliant|great))\b"
)
SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*\s*$")
WELCOME = re.compile(
    r"\bwelcome (?:to|back)\b|\bwelcome\b.*\b(?:show|podcast|program|programme)\b|\b(?:good|great|lovely) to have you\b"
    r"|\bthanks? (?:you )?(?:so much )?for (?:coming|joining|being here|coming on|having me)\b|\bthank you so much\b|,? welcome\W*$"
)
WELCOME_REPLY = re.compile(
    r"^(?:thanks|thank you|cheers|it's (?:great|good|lovely|a pleasure|an honou?r|really good)|great to be|happy to be|glad to be"
    r"|good to be|lovely to be|hi|hello|hey|my pleasure|the pleasure)\b"
)
HESITATION = re.compile(r"\b(?:u+m+|u+h+|e+r+m+|hmm+)\b")
_NOT_WORD = re.compile(r"[^\w'’]+")


def plain(text: str) -> str:
    """Case-folded words of ``text`` (hesitations kept: "um" can open an answer)."""
    return " ".join(_NOT_WORD.sub(" ", text.casefold().replace("’", "'")).split())


def first_name(name: str) -> str:
    return name.split()[0].casefold() if name else ""
