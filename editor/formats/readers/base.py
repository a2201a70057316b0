"""What every importer shares: the ``Reader`` record, the speaker-prefix rule, JSON shape
checks and the one place that turns parsed drafts into a :class:`Document`.

Readers are pure functions of decoded text; nothing here touches the file system or Qt.

The speaker-prefix rule
-----------------------
Plain text and subtitle files often mark speaker turns with a ``Name:`` prefix. Colons
also appear in ordinary speech, so a prefix counts only when all of these hold:

* it sits at the very start of the line (or cue) and is followed by ``":"``, whitespace
  and some text;
* the name is at most 40 characters and is either an ASR label (``SPEAKER_00``,
  ``Speaker 1``, ``Speaker B``) or one to three words that each start with a capital
  letter (``Maya``, ``Dr. Ann Lee``, ``O'Neil``, ``MAYA``; a trailing number is allowed:
  ``Guest 2``). Lower-case words (``so basically: ...``), times (``10:30``) and URLs
  (``https://``) therefore never qualify;
* the first word is not a label word or function word that often precedes a colon in
  prose (``Note:``, ``Update:``, ``The problem:``, ``So:`` ... see ``_NOT_NAMES``);
* the name is used as a prefix at least twice in the file, or it prefixes the file's
  first text line. A one-off ``Remember: ...`` in the middle of a speech stays text.

Subtitle files also accept ``>> Name: text`` and ``[Name] text`` (``[Music]`` and other
sound labels are never names). A turn continues over following unprefixed lines or cues
until the next accepted prefix.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core.document import Document
from editor.core.model import Metadata, Segment, Speaker, Word
from editor.core.project import repair_surrogates
from editor.core.speakers import default_color
from editor.formats.errors import FormatError

# ----------------------------------------------------------------------------- the record

SNIFF_HEAD_CHARS = 64 * 1024
"""How much of the decoded text ``detect`` shows each sniffer (keeps detection O(1))."""


@dataclass(frozen=True, slots=True)
class Reader:
    """One import format.

    ``sniff(head, path)`` scores 0-100 how likely the text is this format, from its content
    (``head`` is the start of the decoded text); it may return a token 1 for a matching
    extension so a misnamed-but-broken file gets this format's precise error instead of
    being silently read as plain text. ``read(text, path)`` parses the whole decoded text
    and raises ``FormatError`` naming ``path`` for bad input.

    ``transcript`` is true for formats that import a raw transcript: ``read_document``
    then records the source file (name, hash, title) in the metadata. The project format
    carries its own metadata and sets it false.
    """

    name: str
    label: str
    extensions: tuple[str, ...]
    sniff: Callable[[str, Path], int]
    read: Callable[[str, Path], Document]
    transcript: bool = True

    def matches_extension(self, path: Path) -> bool:
        """Whether the file name ends with one of this format's extensions."""
        lowered = path.name.lower()
        return any(lowered.endswith(ext) for ext in self.extensions)


# ------------------------------------------------------------------------- text helpers

# Characters Python (and Qt) treat as line or paragraph breaks besides "\n"; a segment is
# one line, so inside a segment they become plain spaces.
_INNER_BREAKS = str.maketrans({c: " " for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


_BREAK_CHARACTERS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def one_line(text: str) -> str:
    """``text`` with every line or paragraph break turned into a space (not stripped).

    Returns ``text`` itself when it has no break, so a segment's text and its original
    line stay one string in memory (10 MB transcripts: ~20 MB saved).
    """
    if _BREAK_CHARACTERS.isdisjoint(text):
        return text
    return text.translate(_INNER_BREAKS).replace("\n", " ")


def squeeze(text: str) -> str:
    """``text`` on one line with runs of whitespace collapsed to one space, stripped."""
    return " ".join(text.split())


# --------------------------------------------------------------------- speaker prefixes

_MAX_NAME = 40
_ASR_LABEL = re.compile(r"(?:speaker|spk)(?:[ _-]?\d{1,3}|[ _-][a-z])", re.IGNORECASE)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")
_NUMBER = re.compile(r"\d{1,3}")

# First words that make a capitalised "X:" prose rather than a speaker. Compared folded.
# fmt: off
_NOT_NAMES = frozenset(
    {
        "note", "notes", "nb", "ps", "edit", "edited", "update", "updated", "warning", "caution", "tip",
        "hint", "important", "source", "sources", "link", "links", "example", "examples", "subject",
        "re", "fwd", "date", "time", "title", "chapter", "part", "step", "summary", "transcript",
        "tags", "tag", "reminder", "remember", "disclaimer", "correction",
        "credits", "credit", "see", "also", "and", "but", "or", "so", "then", "well", "now", "here",
        "there", "this", "that", "these", "those", "the", "an", "my", "our", "your", "his", "her",
        "their", "its", "it", "we", "you", "he", "she", "they", "what", "why", "how", "when", "where",
        "who", "which", "if", "because", "just", "okay", "ok", "yes", "no", "please", "thanks", "thank",
        "hello", "hi", "hey", "welcome", "today", "tonight", "yesterday", "tomorrow", "first", "second",
        "third", "finally", "breaking", "live"
    }
)
# Bracketed sound labels in captions that look like names but are not speakers.
_SOUND_LABELS = frozenset(
    {
        "music", "laughter", "laughs", "laughing", "applause", "silence", "inaudible", "crosstalk",
        "noise", "sighs", "sigh", "coughs", "cough", "background", "foreign", "blank_audio", "pause",
        "chuckles", "chuckling", "cheering", "cheers", "indistinct", "unintelligible", "groans",
        "gasps", "gasp", "sniffs", "sniffing", "static", "beep", "beeping", "ringing", "phone", "intro",
        "outro", "theme", "singing", "speaking", "sound", "video", "audio"
    }
)
# fmt: on
# Articles and "I" may be a whole label ("A:", "I:" in interviews) but never start a name.
_NOT_FIRST_OF_SEVERAL = frozenset({"a", "i"})


def is_speaker_name(name: str) -> bool:
    """Whether ``name`` looks like a speaker label under the rule in the module docstring."""
    if not name or len(name) > _MAX_NAME or name != name.strip():
        return False
    if _ASR_LABEL.fullmatch(name):
        return True
    words = name.split(" ")
    if not 1 <= len(words) <= 3 or words[0].rstrip(".").casefold() in _NOT_NAMES:
        return False
    if len(words) > 1 and words[0].casefold() in _NOT_FIRST_OF_SEVERAL:
        return False
    for position, word in enumerate(words):
        is_number = position > 0 and position == len(words) - 1 and _NUMBER.fullmatch(word)
        if not is_number and not (_NAME_WORD.fullmatch(word) and word[0].isupper()):
            return False
    return True


@dataclass(frozen=True, slots=True)
class Prefixed:
    """A line split into a candidate speaker name and the text after the prefix."""

    name: str
    text: str


def split_speaker_prefix(line: str, *, caption_forms: bool = False) -> Prefixed | None:
    """The ``Name: text`` split of ``line`` when its start looks like a speaker prefix.

    This checks one line in isolation; whether the name is accepted also depends on the
    whole file (see :func:`assign_speakers`). With ``caption_forms`` the subtitle forms
    ``>> Name: text`` and ``[Name] text`` are recognised too. Only the first ~45
    characters are examined, so a megabyte-long line costs nothing.
    """
    if caption_forms:
        if line.startswith(">>"):
            line = line[2:].lstrip()
        elif line.startswith("["):
            return _split_bracketed(line)
    colon = line.find(":", 1, _MAX_NAME + 1)
    if colon < 0 or line[colon + 1 : colon + 2] not in (" ", "\t"):
        return None
    name, text = line[:colon], line[colon + 1 :].strip()
    if not text or not is_speaker_name(name):
        return None
    return Prefixed(name, text)


def _split_bracketed(line: str) -> Prefixed | None:
    close = line.find("]", 1, _MAX_NAME + 2)
    if close < 0:
        return None
    name = line[1:close].strip()
    text = line[close + 1 :].removeprefix(":").strip()
    if not text or name.casefold() in _SOUND_LABELS or not is_speaker_name(name):
        return None
    return Prefixed(name, text)


class SpeakerTable:
    """Speakers in order of first appearance: ids ``sp1``, ``sp2`` ... and palette colours."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._speakers: list[Speaker] = []

    def id_for(self, name: str) -> str:
        """The id of the speaker called ``name``, creating the speaker on first use."""
        ident = self._ids.get(name)
        if ident is None:
            ident = f"sp{len(self._speakers) + 1}"
            self._ids[name] = ident
            self._speakers.append(Speaker(ident, name, default_color(len(self._speakers))))
        return ident

    @property
    def speakers(self) -> tuple[Speaker, ...]:
        return tuple(self._speakers)


@dataclass(frozen=True, slots=True)
class Turned:
    """One line (or cue) after speaker attribution: its text without an accepted prefix."""

    text: str
    speaker_id: str | None


def assign_speakers(
    lines: Sequence[str], table: SpeakerTable, *, caption_forms: bool = False
) -> list[Turned]:
    """Apply the speaker-prefix rule to a whole file's lines (or cue texts), in order.

    A name is accepted when it prefixes at least two lines or the first line; a line with
    an accepted prefix starts a turn, and following lines keep that speaker until the next
    accepted prefix. Lines before the first turn have no speaker.
    """
    candidates = [split_speaker_prefix(line, caption_forms=caption_forms) for line in lines]
    counts = Counter(c.name for c in candidates if c is not None)
    accepted = {name for name, count in counts.items() if count >= 2}
    if candidates and candidates[0] is not None:
        accepted.add(candidates[0].name)
    result: list[Turned] = []
    speaker_id: str | None = None
    for line, candidate in zip(lines, candidates):
        if candidate is not None and candidate.name in accepted:
            speaker_id = table.id_for(candidate.name)
            result.append(Turned(candidate.text, speaker_id))
        else:
            result.append(Turned(line, speaker_id))
    return result


# ----------------------------------------------------------------------- JSON shape checks


class ShapeError(ValueError):
    """JSON of the wrong shape; the message starts with the JSON path (``segments[3].start``).

    Readers turn it into a ``FormatError`` naming the file.
    """


MISSING: Any = object()
"""Stand-in for an absent key, so messages can say "missing" rather than "null"."""


def child(where: str, key: str | int) -> str:
    """The JSON path of ``key`` inside ``where``: ``segments`` + 3 -> ``segments[3]``."""
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def describe(value: Any) -> str:
    """A short human description of a JSON value for error messages."""
    if value is MISSING:
        return "nothing (the key is missing)"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, (int, float)):
        text = repr(value)
        return text if len(text) <= 40 else f"a number with {len(text)} digits"
    return "a list" if isinstance(value, list) else "an object"


def _fail(where: str, expected: str, value: Any) -> ShapeError:
    return ShapeError(f"{where or 'the top level'}: expected {expected}, got {describe(value)}")


def expect_object(value: Any, where: str) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, else ``ShapeError``."""
    if not isinstance(value, dict):
        raise _fail(where, "an object", value)
    return value


def expect_list(value: Any, where: str) -> list[Any]:
    """``value`` if it is a JSON list, else ``ShapeError``."""
    if not isinstance(value, list):
        raise _fail(where, "a list", value)
    return value


def expect_str(value: Any, where: str, *, optional: bool = False) -> str | None:
    """``value`` if it is a string (or absent/null when ``optional``), else ``ShapeError``."""
    if optional and (value is MISSING or value is None):
        return None
    if not isinstance(value, str):
        raise _fail(where, "a string", value)
    return value


def expect_number(value: Any, where: str, *, optional: bool = False) -> float | None:
    """A finite number as float (or ``None`` if absent/null and ``optional``)."""
    if optional and (value is MISSING or value is None):
        return None
    # bool is an int subclass in Python but never a number in JSON's sense.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(where, "a number", value)
    try:
        number = float(value)
    except OverflowError:  # an integer literal beyond any float (1 followed by 400 zeros)
        raise _fail(where, "a finite number", value) from None
    if not math.isfinite(number):
        raise _fail(where, "a finite number", value)
    return number


def expect_time(value: Any, where: str, *, optional: bool = False) -> float | None:
    """A time in seconds: a finite number that is not negative."""
    number = expect_number(value, where, optional=optional)
    if number is not None and number < 0:
        raise _fail(where, "a time of 0 or more seconds", value)
    return number


def expect_probability(value: Any, where: str) -> float | None:
    """An optional confidence; clamped into 0..1 because recognisers round past the ends."""
    number = expect_number(value, where, optional=True)
    return None if number is None else min(1.0, max(0.0, number))


def check_order(start: float | None, end: float | None, where: str) -> None:
    """``ShapeError`` when both times are known and ``end`` comes before ``start``."""
    if start is not None and end is not None and end < start:
        raise ShapeError(f"{where}: ends ({end:g} s) before it starts ({start:g} s)")


def get(obj: Mapping[str, Any], key: str) -> Any:
    """``obj[key]``, or :data:`MISSING` when absent."""
    return obj.get(key, MISSING)


# ------------------------------------------------------------------------------- languages

_LANGUAGE_NAMES = {
    # Whisper reports language names in some outputs ("english"); the model keeps codes.
    "english": "en", "chinese": "zh", "german": "de", "spanish": "es", "russian": "ru",
    "korean": "ko", "french": "fr", "japanese": "ja", "portuguese": "pt", "turkish": "tr",
    "polish": "pl", "catalan": "ca", "dutch": "nl", "arabic": "ar", "swedish": "sv",
    "italian": "it", "indonesian": "id", "hindi": "hi", "finnish": "fi", "vietnamese": "vi",
    "hebrew": "he", "ukrainian": "uk", "greek": "el", "malay": "ms", "czech": "cs",
    "romanian": "ro", "danish": "da", "hungarian": "hu", "tamil": "ta", "norwegian": "no",
    "thai": "th", "urdu": "ur", "croatian": "hr", "bulgarian": "bg", "lithuanian": "lt",
    "latin": "la", "maori": "mi", "malayalam": "ml", "welsh": "cy", "slovak": "sk",
    "telugu": "te", "persian": "fa", "latvian": "lv", "bengali": "bn", "serbian": "sr",
    "azerbaijani": "az", "slovenian": "sl", "kannada": "kn", "estonian": "et",
    "macedonian": "mk", "breton": "br", "basque": "eu", "icelandic": "is", "armenian": "hy",
    "nepali": "ne", "mongolian": "mn", "bosnian": "bs", "kazakh": "kk", "albanian": "sq",
    "swahili": "sw", "galician": "gl", "marathi": "mr", "punjabi": "pa", "sinhala": "si",
    "khmer": "km", "shona": "sn", "yoruba": "yo", "somali": "so", "afrikaans": "af",
    "occitan": "oc", "georgian": "ka", "belarusian": "be", "tajik": "tg", "sindhi": "sd",
    "gujarati": "gu", "amharic": "am", "yiddish": "yi", "lao": "lo", "uzbek": "uz",
    "faroese": "fo", "haitian creole": "ht", "pashto": "ps", "turkmen": "tk",
    "nynorsk": "nn", "maltese": "mt", "sanskrit": "sa", "luxembourgish": "lb",
    "myanmar": "my", "tibetan": "bo", "tagalog": "tl", "malagasy": "mg", "assamese": "as",
    "tatar": "tt", "hawaiian": "haw", "lingala": "ln", "hausa": "ha", "bashkir": "ba",
    "javanese": "jw", "sundanese": "su", "cantonese": "yue",
}  # fmt: skip
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*", re.IGNORECASE)


def language_code(value: str | None) -> str | None:
    """A language code from a file's language field (``"en"``, ``"en-GB"``, ``"english"``).

    ``None`` for anything unrecognisable, so the caller keeps its default.
    """
    if not value:
        return None
    tag = value.strip().replace("_", "-")
    if tag.casefold() in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[tag.casefold()]
    if not _LANGUAGE_TAG.fullmatch(tag):
        return None
    language, _, rest = tag.partition("-")
    # BCP 47 casing: language lower case, later subtags as the file wrote them (en-GB).
    return f"{language.lower()}-{rest}" if rest else language.lower()


# ----------------------------------------------------------------------- building documents


@dataclass(slots=True)
class Draft:
    """A segment before it has an id: what a parser found for one line, cue or segment."""

    text: str
    speaker_id: str | None = None
    start: float | None = None
    end: float | None = None
    words: tuple[Word, ...] = ()
    original: str | None = None
    source_line: int | None = None


def build_document(
    drafts: Iterable[Draft],
    speakers: Iterable[Speaker] = (),
    *,
    source_format: str,
    language: str | None = None,
) -> Document:
    """A fresh Document from parsed drafts: blank texts dropped, ids ``s1``, ``s2`` ... .

    Texts are kept as the reader made them except that stray line breaks become spaces
    (a segment is one line). Speakers no kept segment or word refers to are left out, so
    an importer never invents an unused speaker (e.g. a label whose only cue was empty).
    """
    segments: list[Segment] = []
    for draft in drafts:
        text = one_line(draft.text)
        if not text.strip():
            continue
        segments.append(
            Segment(
                id=f"s{len(segments) + 1}",
                text=text,
                speaker_id=draft.speaker_id,
                start=draft.start,
                end=draft.end,
                words=draft.words,
                original=draft.original,
                source_line=draft.source_line,
            )
        )
    used = {s.speaker_id for s in segments} | {w.speaker for s in segments for w in s.words if w.speaker}
    metadata = Metadata(source_format=source_format)
    if language:
        metadata = Metadata(source_format=source_format, language=language)
    return Document(segments, [s for s in speakers if s.id in used], metadata=metadata)


# ------------------------------------------------------------------------------ JSON text


def load_json(text: str, path: Path) -> Any:
    """Parse JSON text; every failure is a ``FormatError`` naming the file and position."""
    try:
        # Unpaired "\\ud800" escapes become U+FFFD: a lone surrogate is no character and
        # could not be saved as UTF-8 later (see editor.core.project.repair_surrogates).
        return repair_surrogates(json.loads(text), text)
    except json.JSONDecodeError as exc:
        # A string still open at the end, or an error at the very end, means the file
        # was cut short (an interrupted download or copy): say so, it is the likely fix.
        truncated = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        hint = " (the file looks truncated)" if truncated else ""
        raise FormatError(
            path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}"
        ) from None
    except RecursionError:
        raise FormatError(path, "invalid JSON: nested too deeply to read") from None
    except ValueError as exc:  # e.g. an integer literal with more digits than Python allows
        raise FormatError(path, f"invalid JSON: {exc}") from None
