"""The format-independent export model: speaker turns, clean text and clean paragraphs.

Every writer builds on three views of a document:

* :func:`verbatim_lines` -- each segment with the speaker name it should carry, i.e. the name
  on the first segment of each speaker turn;
* :func:`paragraphs` -- clean mode for reading formats (text, Markdown, HTML, DOCX, JSON):
  ads left out, fillers removed, turns joined into paragraphs, long ones split at sentences;
* :func:`segments_for_subtitles` -- clean mode for cue formats (SRT, WebVTT, Podcasting 2.0
  JSON): one cue per segment with its times, ads and fillers removed.

Accepted fixes are not applied here: the core writes them into ``segment.text`` when the
producer accepts them (``Document.apply_replacements``), so the text is already corrected.
Nothing here knows a file format.

Fillers come from two places: the words the producer lists (``ExportOptions.fillers``) and,
unless ``ExportOptions.language_fillers`` is off, the filler list of the document's language
in ``resources/fillers/<lang>.txt`` (plus the per-user folder), the same files the fillers
tool reads. This module reads those files itself -- formats never import a plugin -- with
the rules documented at the top of ``resources/fillers/en.txt``; a test checks both readers
agree on every bundled list.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core.model import Segment

if TYPE_CHECKING:  # the writers only read a Document; importing it here would be a cycle risk
    from editor.core.document import Document
    from editor.formats.writers.base import ExportOptions

# Tag labels of sponsor reads (listed in show notes).
AD_LABELS: frozenset[str] = frozenset({"ad"})
# Tag labels whose segments clean exports leave out: ad reads and passages marked to cut.
OMIT_LABELS: frozenset[str] = frozenset({"ad", "cut"})


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One clean paragraph: a speaker's name (or ``None``), its time span when known, text.

    ``segment_ids`` names the segments the text came from; a segment whose sentences were
    split across two paragraphs is named in both.
    """

    speaker: str | None
    start: float | None
    end: float | None
    text: str
    segment_ids: tuple[str, ...]


# --------------------------------------------------------------------------------------
# Speaker turns


def speaker_name(doc: Document, segment: Segment) -> str | None:
    """The name of the segment's speaker, or ``None`` when it has none (or an unknown id)."""
    speaker = doc.speaker(segment.speaker_id)
    return speaker.name if speaker is not None and speaker.name else None


def has_speaker_prefix(line: str | None, name: str | None) -> bool:
    """Whether a source line began with ``"<name>:"`` followed by a space or tab and text.

    The same shape the plain-text importer accepts as a prefix (and removes from the
    text); a line that is just ``"Maya:"`` or ``"Maya:x"`` kept its colon as text.
    """
    if not line or not name or not line.startswith(f"{name}:"):
        return False
    rest = line[len(name) + 1 :]
    return rest[:1] in (" ", "\t") and bool(rest.strip())


def _starts_turn(doc: Document, previous: Segment | None, segment: Segment) -> bool:
    """Whether ``segment`` opens a new speaker turn after ``previous``.

    A turn starts where the speaker changes, or where the source line itself began with
    ``"<Name>: "``: two consecutive "Alice:" lines in a plain-text file are two turns, and
    verbatim export must give both their prefix back.
    """
    if previous is None or previous.speaker_id != segment.speaker_id:
        return True
    return has_speaker_prefix(segment.original, speaker_name(doc, segment))


def turn_starts(doc: Document, segments: Sequence[Segment]) -> list[bool]:
    """For each of ``segments`` (in order), whether it opens a speaker turn."""
    return [_starts_turn(doc, segments[i - 1] if i else None, segment) for i, segment in enumerate(segments)]


def speaker_turns(doc: Document, segments: Sequence[Segment]) -> list[tuple[Segment, str | None]]:
    """Each of ``segments`` with the speaker name to show on it: the name at turn starts only."""
    return [
        (segment, speaker_name(doc, segment) if start else None)
        for segment, start in zip(segments, turn_starts(doc, segments), strict=True)
    ]


def verbatim_lines(doc: Document, *, skip_empty: bool = False) -> list[tuple[Segment, str | None]]:
    """Every segment with the speaker-name prefix it carries in verbatim output.

    With ``skip_empty`` segments whose text is blank are left out *before* turns are worked
    out, so a turn that starts on a blank segment passes its name to the next one.
    """
    segments = [s for s in doc.segments if not (skip_empty and not s.text.strip())]
    return speaker_turns(doc, segments)


# --------------------------------------------------------------------------------------
# Ads


def tagged_segment_ids(doc: Document, labels: Iterable[str]) -> frozenset[str]:
    """Ids of the segments covered by a tag with one of ``labels`` (any case).

    A tag whose end points no longer exist is ignored rather than guessed at; a tag given
    back to front is read in document order.
    """
    wanted = {label.strip().lower() for label in labels}
    segments = doc.segments
    covered: set[str] = set()
    for tag in doc.tags:
        if tag.label.strip().lower() not in wanted:
            continue
        try:
            first, last = doc.index_of(tag.first_segment_id), doc.index_of(tag.last_segment_id)
        except (KeyError, ValueError):
            continue
        first, last = min(first, last), max(first, last)
        covered.update(s.id for s in segments[first : last + 1])
    return frozenset(covered)


def ad_segment_ids(doc: Document) -> frozenset[str]:
    """Ids of the segments covered by a tag labelled ``ad`` (any case)."""
    return tagged_segment_ids(doc, AD_LABELS)


def omitted_segment_ids(doc: Document) -> frozenset[str]:
    """Ids of the segments clean exports leave out: tagged ``ad`` or ``cut`` (any case)."""
    return tagged_segment_ids(doc, OMIT_LABELS)


# --------------------------------------------------------------------------------------
# Chapters, sponsors and who speaks (podcast exports)

CHAPTER_LABELS: frozenset[str] = frozenset({"chapter"})
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True, slots=True)
class Chapter:
    """A chapter from a tag labelled ``chapter``: it starts where its first segment starts.

    ``title`` is the tag's title (empty: an untitled, "silent" chapter marker); ``start`` /
    ``end`` are the first segment's start and the last one's end, ``None`` when unknown;
    ``url`` is the tag's note when that note is a web address; ``segment`` is the 1-based
    position of the first segment (for messages).
    """

    title: str
    start: float | None
    end: float | None
    url: str
    segment: int


def _tag_bounds(doc: Document, first_id: str, last_id: str) -> tuple[int, int] | None:
    try:
        first, last = doc.index_of(first_id), doc.index_of(last_id)
    except (KeyError, ValueError):
        return None
    return min(first, last), max(first, last)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def chapters(doc: Document) -> list[Chapter]:
    """The chapters of ``doc`` (tags labelled ``chapter``, any case) in time order.

    Sorted by start time when every chapter has one (ties in document order), otherwise in
    document order; a tag whose segments no longer exist is ignored.
    """
    found: list[tuple[int, Chapter]] = []
    segments = doc.segments
    for tag in doc.tags:
        if tag.label.strip().lower() not in CHAPTER_LABELS:
            continue
        bounds = _tag_bounds(doc, tag.first_segment_id, tag.last_segment_id)
        if bounds is None:
            continue
        first, last = segments[bounds[0]], segments[bounds[1]]
        note = tag.note.strip()
        start = _finite(first.start)
        end = _finite(last.end)
        found.append(
            (
                bounds[0],
                Chapter(
                    title=" ".join(tag.title.split()),
                    start=None if start is None else max(0.0, start),
                    end=end if end is not None and start is not None and end > start else None,
                    url=note if _URL.match(note) else "",
                    segment=bounds[0] + 1,
                ),
            )
        )
    found.sort(key=lambda item: item[0])
    if all(chapter.start is not None for _, chapter in found):
        found.sort(key=lambda item: (item[1].start, item[0]))
    return [chapter for _, chapter in found]


def sponsors(doc: Document) -> list[str]:
    """One line per sponsor read (tags labelled ``ad``) in document order: the tag's title,
    its note after a dash when both are given; reads with neither are skipped, repeats
    listed once."""
    lines: dict[str, None] = {}
    ordered = []
    for tag in doc.tags:
        if tag.label.strip().lower() not in AD_LABELS:
            continue
        bounds = _tag_bounds(doc, tag.first_segment_id, tag.last_segment_id)
        ordered.append((bounds[0] if bounds else len(doc), tag))
    for _, tag in sorted(ordered, key=lambda item: item[0]):
        title, note = " ".join(tag.title.split()), " ".join(tag.note.split())
        line = f"{title} — {note}" if title and note else title or note
        if line:
            lines.setdefault(line, None)
    return list(lines)


def speakers_heard(doc: Document) -> list[str]:
    """Names of the speakers of non-blank segments outside ads and cuts, in order of first
    appearance; speakers without a name are left out."""
    omitted = omitted_segment_ids(doc)
    seen: dict[str, None] = {}
    known = {s.id for s in doc.speakers}
    for segment in doc.segments:
        if segment.speaker_id not in known or segment.speaker_id in seen or segment.id in omitted:
            continue
        if segment.text.strip():
            seen[segment.speaker_id] = None
            if len(seen) == len(known):
                break  # everyone has spoken: the rest of a long show cannot add anyone
    names = (speaker_name_by_id(doc, speaker_id) for speaker_id in seen)
    return [name for name in names if name]


def speaker_name_by_id(doc: Document, speaker_id: str | None) -> str | None:
    """The name of speaker ``speaker_id``, or ``None``."""
    speaker = doc.speaker(speaker_id)
    return (speaker.name.strip() or None) if speaker is not None else None


# --------------------------------------------------------------------------------------
# Fillers and tidying

# A word character for filler boundaries: letters, digits, apostrophes and hyphens count as
# part of a word, so "um" never matches inside "umbrella", "um's" or "uh-huh". (The edge
# before a filler is checked inside :func:`_alternatives`.)
_WORD_EDGE_AFTER = r"(?![\w'’-])"
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_SPACES = re.compile(r"\s+")
_LEADING_WORD = re.compile(r"^([^\w]*)(\w[\w'’-]*)")
_ELONGATED = re.compile(r"(\w)\1{2,}")
# Characters that set a phrase off from the words around it.
_SET_OFF_BEFORE = ',;:.!?…—–-("“'
_SET_OFF_AFTER = ',;:.!?…—–-)"”'

HESITATIONS: frozenset[str] = frozenset(
    {"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "eh", "hm", "hmm", "mm"}
)
"""Filler sounds that are never words: removed wherever they occur (when configured).

A language's filler list adds its own ``[hesitation]`` entries to these. Any other filler
("you know", "like", "I mean") is also an ordinary phrase ("Do you know the way?", "I like
it"), so it is removed only where it is set off from the sentence: punctuation or the edge
of the text on both sides ("and, you know, it ..."). A filler left in is a small blemish;
a real word taken out changes what someone said.
"""


def normalize_filler(text: str) -> str:
    """The form fillers are compared in: lower case, straight apostrophes, one space
    between words, runs of three or more letters cut to two ("Ummmm" -> "umm").

    The same rule as the fillers tool's list reader, so "ummm" is the entry "umm" in both.
    """
    folded = " ".join(text.lower().replace("’", "'").split())
    return _ELONGATED.sub(r"\1\1", folded)


def _phrase_regex(phrase: str, *, skip_first: bool = False) -> str:
    """A regex for one normalized filler phrase: spaces match any whitespace, a doubled
    letter matches a longer run of it ("umm" matches "ummmm"), apostrophes either form.

    With ``skip_first`` the regex is for what follows the phrase's first character.
    """
    words = []
    for w, word in enumerate(phrase.split()):
        parts = []
        for r, (char, run) in enumerate(itertools.groupby(word)):
            count = len(list(run))
            piece = "['’]" if char == "'" else re.escape(char)
            if skip_first and w == 0 and r == 0:
                parts.append("" if count == 1 else f"{piece}+")
            else:
                parts.append(piece if count == 1 else f"{piece}{{2,}}")
        words.append("".join(parts))
    return r"\s+".join(words)


def _case_forms(char: str) -> set[str]:
    """``char`` in both cases (one-character forms only), both apostrophes for one."""
    if char in "'’":
        return {"'", "’"}
    return {c for c in (char, char.lower(), char.upper()) if len(c) == 1}


def _alternatives(phrases: Iterable[str]) -> str:
    r"""The fillers as one regex that starts with a plain character class.

    ``[uUeE...](?<![\w'’-].)(?i:(?<=[uU])(?:m{2,}|h|m)|...)``: the first character is
    matched case by case and each branch checks which one it was. A pattern that begins
    with a character class lets the regex engine skip every position that cannot start a
    filler -- three times faster than ``(?<!...)(?:um|uh|...)`` with IGNORECASE, which
    tries every branch at every character (measured on the demo transcript).
    """
    by_first: dict[str, list[str]] = {}
    for phrase in phrases:
        first = "'" if phrase[0] == "’" else phrase[0]
        by_first.setdefault(first, []).append(phrase)
    firsts: set[str] = set()
    branches = []
    for first, group in sorted(by_first.items()):
        forms = _case_forms(first)
        firsts |= forms
        rests = "|".join(_phrase_regex(p, skip_first=True) for p in sorted(group, key=lambda p: (-len(p), p)))
        branches.append(f"(?<=[{''.join(re.escape(c) for c in sorted(forms))}])(?:{rests})")
    first_class = "".join(re.escape(c) for c in sorted(firsts))
    return rf"[{first_class}](?<![\w'’-].)(?i:{'|'.join(branches)})"


@dataclass(frozen=True, slots=True)
class FillerPattern:
    """A compiled set of fillers: ``regex`` finds them, ``hesitations`` (normalized) says
    which may go anywhere; the others go only where set off (see :data:`HESITATIONS`).

    Group ``filler`` of a match is the filler; group ``punct`` is punctuation right after
    it ("um," / "um..." / "um."), which usually belongs to the filler and goes with it.
    """

    regex: re.Pattern[str]
    hesitations: frozenset[str]

    def finditer(self, text: str) -> Iterable[re.Match[str]]:
        return self.regex.finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text)


def filler_pattern(fillers: Iterable[str], hesitations: Iterable[str] = ()) -> FillerPattern | None:
    """A case-insensitive pattern for the fillers as whole words or phrases, or ``None``.

    ``hesitations`` are sounds removed anywhere besides :data:`HESITATIONS`; they are
    fillers too (no need to list them twice). Longer phrases are tried first so "you know
    what" wins over "you know".
    """
    sounds = {normalize_filler(h) for h in hesitations if h.strip()}
    phrases = {normalize_filler(f) for f in fillers if f.strip()} | sounds
    if not phrases:
        return None
    regex = re.compile(
        rf"(?P<filler>{_alternatives(phrases)}){_WORD_EDGE_AFTER}"
        r"(?P<punct>\s*(?:,|\.\.\.|…|[.!?]+))?",
    )
    return FillerPattern(regex, frozenset(sounds | (HESITATIONS & phrases)))


# ------------------------------------------------------------- language filler lists

FILLER_MIN_CONFIDENCE = 0.5
"""Discourse fillers ("you know", "I mean") below this confidence in a language's list are
not removed by clean export: "so" or "actually" are fillers only sometimes, even where set
off, and clean export removes without review."""

_LIST_SECTIONS = ("hesitation", "discourse", "doubles-grammatical", "doubles-allowed")
_LIST_DEFAULT_CONFIDENCE = {"hesitation": 0.9, "discourse": 0.6}
_LIST_SECTION = re.compile(r"^\[\s*([\w-]+)\s*\]$")


@dataclass(frozen=True, slots=True)
class LanguageFillers:
    """A language's fillers as clean export uses them.

    ``language`` is the list used ("en" for "en-GB"), ``""`` when there is none;
    ``hesitations`` are removed anywhere, ``fillers`` (discourse fillers of confidence at
    least :data:`FILLER_MIN_CONFIDENCE`) only where set off; ``sources`` are the files read.
    """

    language: str = ""
    hesitations: tuple[str, ...] = ()
    fillers: tuple[str, ...] = ()
    sources: tuple[Path, ...] = ()


def filler_folders() -> list[Path]:
    """Where filler lists are: Galley's resources, then the producer's own data folder
    (whose files add to or, with ``!entry``, remove from the bundled ones)."""
    from editor import paths

    return [paths.resources_dir() / "fillers", paths.user_data_dir() / "fillers"]


def _list_files(language: str, folders: Sequence[Path]) -> tuple[str, list[Path]]:
    """The most specific language with a list in any folder ("en-gb" before "en"), its files."""
    tag = (language or "").strip().lower().replace("_", "-")
    if not tag:
        return "", []
    base = tag.split("-", 1)[0]
    for stem in dict.fromkeys((tag, base)):
        files = [folder / f"{stem}.txt" for folder in folders if (folder / f"{stem}.txt").is_file()]
        if files:
            return stem, files
    return "", []


def _parse_list(text: str, entries: dict[tuple[str, str], tuple[str, float]]) -> None:
    """Merge one list file into ``entries``: (section, normalized) -> (as written, confidence)."""
    section: str | None = "discourse"  # entries before any header: the cautious group
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        header = _LIST_SECTION.match(line)
        if header:
            name = header.group(1).lower()
            section = name if name in _LIST_SECTIONS else None
            continue
        if section is None:
            continue
        remove = line.startswith("!")
        body, _, number = (line[1:] if remove else line).partition("|")
        written = " ".join(body.split())
        if not written:
            continue
        key = (section, normalize_filler(written))
        if remove:
            entries.pop(key, None)
            continue
        confidence = _LIST_DEFAULT_CONFIDENCE.get(section, 0.0)
        try:
            value = float(number) if number.strip() else confidence
        except ValueError:
            value = confidence
        entries[key] = (written, value if 0.0 <= value <= 1.0 else confidence)


@functools.lru_cache(maxsize=16)
def _load_language_fillers(language: str, signature: tuple[object, ...]) -> LanguageFillers:
    """The list for ``language`` from the files in ``signature`` (the cache key)."""
    used = str(signature[0])
    files = [Path(str(item[0])) for item in signature[1:]]  # type: ignore[index]
    entries: dict[tuple[str, str], tuple[str, float]] = {}
    read: list[Path] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # an unreadable per-user list must not stop an export
        _parse_list(text, entries)
        read.append(path)
    hesitations = tuple(w for (section, _), (w, _c) in entries.items() if section == "hesitation")
    fillers = tuple(
        w for (section, _), (w, c) in entries.items() if section == "discourse" and c >= FILLER_MIN_CONFIDENCE
    )
    return LanguageFillers(used if read else "", hesitations, fillers, tuple(read))


def language_fillers(language: str, folders: Sequence[Path] | None = None) -> LanguageFillers:
    """The filler list of ``language`` ("en", "de-AT" ...) from ``folders`` (default
    :func:`filler_folders`); an empty :class:`LanguageFillers` when there is none.

    Unlike the fillers tool, which falls back to English and lets the producer review each
    finding, export never uses another language's list: it removes without review, and an
    English filler can be a real word elsewhere. Cached until a list file changes.
    """
    used, files = _list_files(language, list(filler_folders() if folders is None else folders))
    signature: list[object] = [used]
    for path in files:
        try:
            stat = path.stat()
            signature.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:
            continue
    return _load_language_fillers(used, tuple(signature))


def export_filler_pattern(language: str, options: ExportOptions) -> FillerPattern | None:
    """The fillers a clean export of a document in ``language`` removes: those listed in
    ``options.fillers`` and, with ``options.language_fillers``, the language's list."""
    listed = language_fillers(language) if options.language_fillers else LanguageFillers()
    return filler_pattern((*options.fillers, *listed.fillers), listed.hesitations)


def _capitalise_first_word(text: str) -> str:
    """Upper-case the first letter of the first word, only if the word is all lower case.

    Words with capitals inside ("iPhone", "eBay") are left alone.
    """
    match = _LEADING_WORD.match(text)
    if not match or not match.group(2).islower():
        return text
    word = match.group(2)
    return text[: match.start(2)] + word[0].upper() + word[1:] + text[match.end(2) :]


def _removable(match: re.Match[str], before: str, hesitations: frozenset[str]) -> bool:
    """Whether this filler match may go (see :data:`HESITATIONS`); ``before`` is the output so far."""
    if normalize_filler(match.group("filler")) in hesitations:
        return True
    after = match.string[match.end("filler") :].lstrip()
    before = before.rstrip()
    return (not before or before[-1] in _SET_OFF_BEFORE) and (not after or after[0] in _SET_OFF_AFTER)


def _kept_punctuation(match: re.Match[str]) -> str:
    """The punctuation after a mid-sentence filler that must stay.

    A comma, or an ellipsis with more text after it, goes with the filler ("I was, um,
    there" -> "I was, there"); a full stop, "?" or "!", or a final ellipsis, ends the
    sentence and stays ("it was, um." -> "it was.").
    """
    punct = (match.group("punct") or "").strip()
    if punct == "," or (punct in ("...", "…") and match.string[match.end() :].strip()):
        return ""
    return punct


def remove_fillers(text: str, pattern: FillerPattern | None) -> str:
    """``text`` without the fillers ``pattern`` matches, with the punctuation they leave fixed.

    At a sentence start the filler goes with any punctuation after it ("Um, so" -> "So").
    Mid-sentence see :func:`_kept_punctuation`; when commas enclose the filler both go
    ("I was, um, there" -> "I was there"), the rule the fillers tool's deletions follow. The next word is capitalised when the
    filler opened a sentence: after ``.!?`` always; at the very start of the text only if
    the filler itself was capitalised, because a segment may continue a sentence from the
    segment before ("the," / "um, store"). Returns ``text`` itself when nothing matched.
    """
    if pattern is None or pattern.search(text) is None:
        return text
    pieces: list[str] = []
    position = 0
    capitalise = False
    for match in pattern.finditer(text):
        piece = text[position : match.start()]
        before = "".join(pieces) + piece
        if not _removable(match, before, pattern.hesitations):
            continue  # left in place: it stays part of the next piece
        if capitalise and piece.strip():
            piece, capitalise = _capitalise_first_word(piece), False
        pieces.append(piece)
        before = before.rstrip()
        if not before or _TERMINAL.search(before):
            capitalise = capitalise or bool(before) or match.group("filler")[0].isupper()
        else:
            kept = _kept_punctuation(match)
            enclosed = (match.group("punct") or "").strip() == "," and match.string[match.end() :].strip()
            if enclosed and before.endswith(","):
                # Commas around a filler are the filler's: "I was, um, there" -> "I was
                # there", as accepting the fillers tool's deletion gives.
                pieces[-1] = piece.rstrip()[:-1] if piece.rstrip().endswith(",") else piece
            pieces.append(kept)
        position = match.end()
    rest = text[position:]
    if capitalise:
        rest = _capitalise_first_word(rest)
    pieces.append(rest)
    return "".join(pieces)


# A comma right before other punctuation is what a removed filler leaves: "yes, ."
_STRAY_COMMA = re.compile(r",\s*(?=[,.;:!?…])")
# What the space-before-punctuation rule could apply to, for a quick "nothing to do".
_SPACE_THEN_MARK = re.compile(r"\s[,.;:!?…]")


@functools.lru_cache(maxsize=8)
def _space_before_marks(french: bool) -> re.Pattern[str]:
    marks = ",." if french else ",.;:!?"
    return re.compile(rf"\s+([{re.escape(marks)}]+|…)(?=[\s\"'”’)\]]|$)")


def tidy(text: str, language: str = "en") -> str:
    """Collapse runs of spaces, drop spaces before punctuation and stray commas; strip.

    French typography puts a space before ``; : ! ?``, so for French only spaces before
    ``, .`` are removed. A space is only dropped when the punctuation ends a word, so
    ".NET" or "... and" keep their meaning.
    """
    text = " ".join(text.split())
    if _SPACE_THEN_MARK.search(text):
        text = _space_before_marks(language.lower().startswith("fr")).sub(r"\1", text)
    if "," in text:
        text = _STRAY_COMMA.sub("", text)
    return text


def clean_text(text: str, pattern: FillerPattern | None, language: str = "en") -> str:
    """Clean-mode text of one segment: fillers removed, spacing tidied."""
    return tidy(remove_fillers(text, pattern), language)


# --------------------------------------------------------------------------------------
# Sentences

# Abbreviations whose full stop does not end a sentence. Only words that normally come
# right before a capitalised word need listing: an abbreviation followed by a lower-case
# word never splits anyway. Erring this way is the safe mistake (a paragraph runs one
# sentence long; a sentence is never cut in two).
TITLE_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "mr", "mrs", "ms", "mx", "dr", "prof", "st", "mt", "rev", "hon", "gen", "col", "capt",
        "lt", "sgt", "gov", "sen", "rep", "pres", "vs",
    }
)  # fmt: skip
# Abbreviations that come before a number ("No. 5", "approx. 3"): "no." before a word
# still ends a sentence ("I said no. Then ...").
NUMBER_ABBREVIATIONS: frozenset[str] = frozenset({"no", "nos", "vol", "fig", "p", "pp", "approx", "ca"})

# A candidate end: terminal punctuation and closing quotes/brackets, then whitespace.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
# Initialisms and dotted abbreviations: "e.g.", "i.e.", "U.S.", "a.m.", a lone initial "J."
_DOTTED = re.compile(r"(?:^|(?<=\s)|(?<=[(\"'“‘]))(?:[^\W\d_]\.)+$")
_OPENERS = "\"'“‘([¿¡"


def _is_boundary(text: str, end: re.Match[str]) -> bool:
    """Whether the punctuation ``end`` really ends a sentence in ``text``."""
    following = text[end.end() :].lstrip()
    first = following.lstrip(_OPENERS)[:1]
    # The next sentence must start with a capital or a digit: ASR and editors capitalise
    # sentences, and this one test rules out most abbreviations used mid-sentence.
    if not first or not (first.isupper() or first.isdigit()):
        return False
    if end.group(0).rstrip("\"'”’)]") != ".":
        return True  # "!", "?", "..." are never abbreviations
    before = text[: end.start() + 1]
    word = before.rsplit(None, 1)[-1].lstrip(_OPENERS).lower()[:-1]
    if word in TITLE_ABBREVIATIONS or (word in NUMBER_ABBREVIATIONS and first.isdigit()):
        return False
    return not _DOTTED.search(before)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences in ``text``, whitespace between left out.

    Decimals ("3.5") never split because a boundary needs whitespace after the stop;
    abbreviations (Mr., Dr., e.g., i.e., U.S.) and a lower-case next word never split.
    """
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for end in _SENTENCE_END.finditer(text):
        if end.end() <= start or not _is_boundary(text, end):
            continue
        spans.append((start, end.end()))
        start = len(text) - len(text[end.end() :].lstrip())  # the next non-space character
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`)."""
    return [text[a:b] for a, b in sentence_spans(text)]


# --------------------------------------------------------------------------------------
# Paragraphs


def _kept_segments(doc: Document, options: ExportOptions) -> list[tuple[Segment, bool]]:
    """Clean segments in order, each with whether a left-out passage came right before it.

    Segments tagged ``ad`` or ``cut`` are dropped, fillers removed, blank results dropped.
    The flag lets paragraph building break at a cut: the text either side of it was not
    said in one breath. A segment whose text is unchanged is passed on as it is.
    """
    omitted = omitted_segment_ids(doc)
    language = doc.metadata.language
    pattern = export_filler_pattern(language, options)
    spaces = _space_before_marks(language.lower().startswith("fr"))
    kept: list[tuple[Segment, bool]] = []
    after_cut = False
    for segment in doc.segments:
        if omitted and segment.id in omitted:
            after_cut = True
            continue
        raw = segment.text
        without = remove_fillers(raw, pattern)
        # tidy(), inlined: this loop runs once per segment of a 10-hour show.
        text = " ".join(without.split())
        if _SPACE_THEN_MARK.search(text):
            text = spaces.sub(r"\1", text)
        if "," in text:
            text = _STRAY_COMMA.sub("", text)
        if not text or (without is not raw and not any(ch.isalnum() for ch in text)):
            # Blank, or nothing but punctuation left once the fillers went ("Um...").
            continue
        kept.append((segment if text == raw else segment.with_text(text), after_cut))
        after_cut = False
    return kept


def segments_for_subtitles(doc: Document, options: ExportOptions) -> list[Segment]:
    """Clean cues for SRT/WebVTT/Podcasting 2.0 JSON: one per segment, times kept, ads,
    cuts and fillers removed."""
    return [segment for segment, _ in _kept_segments(doc, options)]


def _paused(previous: Segment, segment: Segment, pause: float) -> bool:
    """Whether there is a silence of at least ``pause`` seconds between two segments."""
    if pause <= 0 or previous.end is None or segment.start is None:
        return False
    return segment.start - previous.end >= pause


def _runs(doc: Document, options: ExportOptions) -> list[list[Segment]]:
    """Clean segments grouped into runs that may share a paragraph.

    A run ends at a speaker turn, at a left-out ad or cut, and at a long enough pause.
    """
    kept = _kept_segments(doc, options)
    segments = [segment for segment, _ in kept]
    runs: list[list[Segment]] = []
    for i, ((segment, after_cut), new_turn) in enumerate(zip(kept, turn_starts(doc, segments), strict=True)):
        # The first segment always starts a turn, so segments[i - 1] is never read for i == 0.
        if new_turn or after_cut or _paused(segments[i - 1], segment, options.pause_break):
            runs.append([])
        runs[-1].append(segment)
    return runs


def _place(run: Sequence[Segment]) -> tuple[str, list[int]]:
    """Join a run's texts with single spaces; the offset where each segment starts."""
    offsets: list[int] = []
    offset = 0
    for segment in run:
        offsets.append(offset)
        offset += len(segment.text) + 1
    return " ".join(segment.text for segment in run), offsets


def _word_chunks(text: str, start: int, end: int, max_words: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (one over-long sentence) into spans of at most ``max_words``.

    The only place a sentence is cut: it breaks between words, never inside one.
    """
    words = [m.span() for m in re.finditer(r"\S+", text[start:end])]
    chunks = []
    for i in range(0, len(words), max_words):
        group = words[i : i + max_words]
        chunks.append((start + group[0][0], start + group[-1][1]))
    return chunks


def _chunk_spans(text: str, max_sentences: int, max_words: int) -> list[tuple[int, int]]:
    """Character spans of the paragraphs ``text`` splits into.

    Sentences are added to a paragraph until it holds ``max_sentences`` or the next one
    would take it past ``max_words``; a sentence alone above ``max_words`` is cut by words.
    """
    chunks: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    count = words = 0
    for a, b in sentence_spans(text):
        n = len(text[a:b].split())
        if current is not None and (count >= max_sentences or words + n > max_words):
            chunks.append(current)
            current, count, words = None, 0, 0
        if n > max_words:
            chunks.extend(_word_chunks(text, a, b, max_words))
            continue
        current = (current[0] if current else a, b)
        count, words = count + 1, words + n
    if current is not None:
        chunks.append(current)
    return chunks


def _paragraph(
    doc: Document, text: str, run: Sequence[Segment], offsets: list[int], span: tuple[int, int]
) -> Paragraph:
    """The paragraph for ``text[span]``, with the segments it overlaps and their times.

    Times come from the segments at either end: a paragraph that starts inside a segment
    gets that segment's start (the best estimate without word timings).
    """
    a, b = span
    # ``a`` is a word's first character, so it lies inside a segment, never on a joining space.
    first_index = bisect.bisect_right(offsets, a) - 1
    last_index = bisect.bisect_left(offsets, b) - 1
    inside = run[first_index : last_index + 1]
    first, last = inside[0], inside[-1]
    return Paragraph(
        speaker=speaker_name(doc, first),
        start=first.start,
        end=last.end,
        text=text[a:b],
        segment_ids=tuple(segment.id for segment in inside),
    )


def paragraphs(doc: Document, options: ExportOptions) -> list[Paragraph]:
    """The clean paragraphs of ``doc``.

    Ads and cuts are left out, fillers removed, blank segments skipped; consecutive segments
    of one speaker turn are joined with single spaces; a paragraph breaks at a new turn (a
    paragraph never mixes speakers), at a left-out passage, at a pause of ``options.pause_break`` seconds (when times are known) and
    after ``paragraph_max_sentences`` sentences or ``paragraph_max_words`` words -- always
    at a sentence end unless a single sentence is longer than the word ceiling.
    """
    result: list[Paragraph] = []
    for run in _runs(doc, options):
        text, offsets = _place(run)
        spans = _chunk_spans(text, options.paragraph_max_sentences, options.paragraph_max_words)
        result.extend(_paragraph(doc, text, run, offsets, span) for span in spans)
    return result


def with_speaker_labels(items: Iterable[Paragraph]) -> list[tuple[Paragraph, str | None]]:
    """Each paragraph with the name to print before it: only where the speaker changes."""
    result: list[tuple[Paragraph, str | None]] = []
    previous: object = object()  # a sentinel: the first paragraph always gets its name
    for paragraph in items:
        label = paragraph.speaker if paragraph.speaker != previous else None
        result.append((paragraph, label))
        previous = paragraph.speaker
    return result


__all__ = [
    "AD_LABELS",
    "CHAPTER_LABELS",
    "FILLER_MIN_CONFIDENCE",
    "HESITATIONS",
    "NUMBER_ABBREVIATIONS",
    "OMIT_LABELS",
    "TITLE_ABBREVIATIONS",
    "Chapter",
    "FillerPattern",
    "LanguageFillers",
    "Paragraph",
    "ad_segment_ids",
    "chapters",
    "clean_text",
    "export_filler_pattern",
    "filler_folders",
    "filler_pattern",
    "has_speaker_prefix",
    "language_fillers",
    "normalize_filler",
    "omitted_segment_ids",
    "paragraphs",
    "remove_fillers",
    "segments_for_subtitles",
    "sentence_spans",
    "speaker_name",
    "speaker_turns",
    "speakers_heard",
    "split_sentences",
    "sponsors",
    "tagged_segment_ids",
    "tidy",
    "turn_starts",
    "verbatim_lines",
    "with_speaker_labels",
]
