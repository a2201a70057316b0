"""The format-independent export model: speaker turns, clean text and clean paragraphs.

Every writer builds on three views of a document:

* :func:`verbatim_lines` -- each segment with the speaker name it should carry, i.e. the name
  on the first segment of each speaker turn;
* :func:`paragraphs` -- clean mode for reading formats (text, Markdown, HTML, DOCX, JSON):
  ads left out, fillers removed, turns joined into paragraphs, long ones split at sentences;
* :func:`segments_for_subtitles` -- clean mode for cue formats (SRT, WebVTT): one cue per
  segment with its times, ads and fillers removed.

Accepted fixes are not applied here: the core writes them into ``segment.text`` when the
producer accepts them, so the text is already corrected. Nothing here knows a file format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from editor.core.model import Segment

if TYPE_CHECKING:  # the writers only read a Document; importing it here would be a cycle risk
    from editor.core.document import Document
    from editor.formats.writers.base import ExportOptions

# Tag labels whose segments clean exports leave out.
AD_LABELS: frozenset[str] = frozenset({"ad"})


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


def ad_segment_ids(doc: Document) -> frozenset[str]:
    """Ids of the segments covered by a tag labelled ``ad`` (any case).

    A tag whose end points no longer exist is ignored rather than guessed at; a tag given
    back to front is read in document order.
    """
    segments = doc.segments
    covered: set[str] = set()
    for tag in doc.tags:
        if tag.label.strip().lower() not in AD_LABELS:
            continue
        try:
            first, last = doc.index_of(tag.first_segment_id), doc.index_of(tag.last_segment_id)
        except (KeyError, ValueError):
            continue
        first, last = min(first, last), max(first, last)
        covered.update(s.id for s in segments[first : last + 1])
    return frozenset(covered)


# --------------------------------------------------------------------------------------
# Fillers and tidying

# A word character for filler boundaries: letters, digits, apostrophes and hyphens count as
# part of a word, so "um" never matches inside "umbrella", "um's" or "uh-huh".
_WORD_EDGE_BEFORE = r"(?<![\w'’-])"
_WORD_EDGE_AFTER = r"(?![\w'’-])"
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_SPACES = re.compile(r"\s+")
_LEADING_WORD = re.compile(r"^([^\w]*)(\w[\w'’-]*)")
# Characters that set a phrase off from the words around it.
_SET_OFF_BEFORE = ',;:.!?…—–-("“'
_SET_OFF_AFTER = ',;:.!?…—–-)"”'

HESITATIONS: frozenset[str] = frozenset(
    {"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "eh", "hm", "hmm", "mm"}
)
"""Filler sounds that are never words: removed wherever they occur (when configured).

Any other configured filler ("you know", "like", "I mean") is also an ordinary phrase
("Do you know the way?", "I like it"), so it is removed only where it is set off from the
sentence: punctuation or the edge of the text on both sides ("and, you know, it ..."). A
filler left in is a small blemish; a real word taken out changes what someone said.
"""


def filler_pattern(fillers: Iterable[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern for the fillers as whole words or phrases, or ``None``.

    Group ``filler`` is the filler; group ``punct`` is punctuation right after it ("um," /
    "um..." / "um."), which usually belongs to the filler and goes with it. Longer
    phrases are tried first so "you know what" wins over "you know".
    """
    phrases = sorted({" ".join(f.lower().split()) for f in fillers if f.strip()}, key=len, reverse=True)
    if not phrases:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(
        rf"{_WORD_EDGE_BEFORE}(?P<filler>{alternatives}){_WORD_EDGE_AFTER}"
        r"(?P<punct>\s*(?:,|\.\.\.|…|[.!?]+))?",
        re.IGNORECASE,
    )


def _capitalise_first_word(text: str) -> str:
    """Upper-case the first letter of the first word, only if the word is all lower case.

    Words with capitals inside ("iPhone", "eBay") are left alone.
    """
    match = _LEADING_WORD.match(text)
    if not match or not match.group(2).islower():
        return text
    word = match.group(2)
    return text[: match.start(2)] + word[0].upper() + word[1:] + text[match.end(2) :]


def _removable(match: re.Match[str], before: str) -> bool:
    """Whether this filler match may go (see :data:`HESITATIONS`); ``before`` is the output so far."""
    if " ".join(match.group("filler").lower().split()) in HESITATIONS:
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


def remove_fillers(text: str, pattern: re.Pattern[str] | None) -> str:
    """``text`` without the fillers ``pattern`` matches, with the punctuation they leave fixed.

    At a sentence start the filler goes with any punctuation after it ("Um, so" -> "So").
    Mid-sentence see :func:`_kept_punctuation`. The next word is capitalised when the
    filler opened a sentence: after ``.!?`` always; at the very start of the text only if
    the filler itself was capitalised, because a segment may continue a sentence from the
    segment before ("the," / "um, store").
    """
    if pattern is None:
        return text
    pieces: list[str] = []
    position = 0
    capitalise = False
    for match in pattern.finditer(text):
        piece = text[position : match.start()]
        before = "".join(pieces) + piece
        if not _removable(match, before):
            continue  # left in place: it stays part of the next piece
        if capitalise and piece.strip():
            piece, capitalise = _capitalise_first_word(piece), False
        pieces.append(piece)
        before = before.rstrip()
        if not before or _TERMINAL.search(before):
            capitalise = capitalise or bool(before) or match.group("filler")[0].isupper()
        else:
            pieces.append(_kept_punctuation(match))
        position = match.end()
    rest = text[position:]
    if capitalise:
        rest = _capitalise_first_word(rest)
    pieces.append(rest)
    return "".join(pieces)


def tidy(text: str, language: str = "en") -> str:
    """Collapse runs of spaces, drop spaces before punctuation and stray commas; strip.

    French typography puts a space before ``; : ! ?``, so for French only spaces before
    ``, .`` are removed. A space is only dropped when the punctuation ends a word, so
    ".NET" or "... and" keep their meaning.
    """
    text = _SPACES.sub(" ", text).strip()
    marks = ",." if language.lower().startswith("fr") else ",.;:!?"
    text = re.sub(rf"\s+([{re.escape(marks)}]+|…)(?=[\s\"'”’)\]]|$)", r"\1", text)
    # A comma right before other punctuation is what a removed filler leaves: "yes, ."
    text = re.sub(r",\s*(?=[,.;:!?…])", "", text)
    return text


def clean_text(text: str, pattern: re.Pattern[str] | None, language: str = "en") -> str:
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


@dataclass(frozen=True, slots=True)
class _Piece:
    """A cleaned segment placed in its run's text at ``[offset, offset + len(segment.text))``."""

    segment: Segment
    offset: int


def _kept_segments(doc: Document, options: ExportOptions) -> list[tuple[Segment, bool]]:
    """Clean segments in order, each with whether an ad was left out right before it.

    Ads are dropped, fillers removed, blank results dropped. The flag lets paragraph
    building break at an ad: the text either side of a cut was not said in one breath.
    """
    ads = ad_segment_ids(doc)
    pattern = filler_pattern(options.fillers)
    language = doc.metadata.language
    kept: list[tuple[Segment, bool]] = []
    after_ad = False
    for segment in doc.segments:
        if segment.id in ads:
            after_ad = True
            continue
        text = clean_text(segment.text, pattern, language)
        removed = text != tidy(segment.text, language)
        if not text or (removed and not any(ch.isalnum() for ch in text)):
            # Blank, or nothing but punctuation left once the fillers went ("Um...").
            continue
        kept.append((segment.with_text(text), after_ad))
        after_ad = False
    return kept


def segments_for_subtitles(doc: Document, options: ExportOptions) -> list[Segment]:
    """Clean cues for SRT/WebVTT: one per segment, times kept, ads and fillers removed."""
    return [segment for segment, _ in _kept_segments(doc, options)]


def _paused(previous: Segment, segment: Segment, pause: float) -> bool:
    """Whether there is a silence of at least ``pause`` seconds between two segments."""
    if pause <= 0 or previous.end is None or segment.start is None:
        return False
    return segment.start - previous.end >= pause


def _runs(doc: Document, options: ExportOptions) -> list[list[Segment]]:
    """Clean segments grouped into runs that may share a paragraph.

    A run ends at a speaker turn, at a left-out ad, and at a long enough pause.
    """
    kept = _kept_segments(doc, options)
    segments = [segment for segment, _ in kept]
    runs: list[list[Segment]] = []
    for i, ((segment, after_ad), new_turn) in enumerate(zip(kept, turn_starts(doc, segments), strict=True)):
        # The first segment always starts a turn, so segments[i - 1] is never read for i == 0.
        if new_turn or after_ad or _paused(segments[i - 1], segment, options.pause_break):
            runs.append([])
        runs[-1].append(segment)
    return runs


def _place(run: Sequence[Segment]) -> tuple[str, list[_Piece]]:
    """Join a run's texts with single spaces and remember where each segment sits."""
    pieces: list[_Piece] = []
    offset = 0
    for segment in run:
        pieces.append(_Piece(segment, offset))
        offset += len(segment.text) + 1
    return " ".join(segment.text for segment in run), pieces


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


def _paragraph(doc: Document, text: str, pieces: list[_Piece], span: tuple[int, int]) -> Paragraph:
    """The paragraph for ``text[span]``, with the segments it overlaps and their times.

    Times come from the segments at either end: a paragraph that starts inside a segment
    gets that segment's start (the best estimate without word timings).
    """
    a, b = span
    inside = [p for p in pieces if p.offset < b and p.offset + len(p.segment.text) > a]
    first, last = inside[0].segment, inside[-1].segment
    return Paragraph(
        speaker=speaker_name(doc, first),
        start=first.start,
        end=last.end,
        text=text[a:b],
        segment_ids=tuple(p.segment.id for p in inside),
    )


def paragraphs(doc: Document, options: ExportOptions) -> list[Paragraph]:
    """The clean paragraphs of ``doc``.

    Ads are left out, fillers removed, blank segments skipped; consecutive segments of one
    speaker turn are joined with single spaces; a paragraph breaks at a new turn, at a
    left-out ad, at a pause of ``options.pause_break`` seconds (when times are known) and
    after ``paragraph_max_sentences`` sentences or ``paragraph_max_words`` words -- always
    at a sentence end unless a single sentence is longer than the word ceiling.
    """
    result: list[Paragraph] = []
    for run in _runs(doc, options):
        text, pieces = _place(run)
        spans = _chunk_spans(text, options.paragraph_max_sentences, options.paragraph_max_words)
        result.extend(_paragraph(doc, text, pieces, span) for span in spans)
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
    "HESITATIONS",
    "NUMBER_ABBREVIATIONS",
    "TITLE_ABBREVIATIONS",
    "Paragraph",
    "ad_segment_ids",
    "clean_text",
    "filler_pattern",
    "has_speaker_prefix",
    "paragraphs",
    "remove_fillers",
    "segments_for_subtitles",
    "sentence_spans",
    "speaker_name",
    "speaker_turns",
    "split_sentences",
    "tidy",
    "turn_starts",
    "verbatim_lines",
    "with_speaker_labels",
]
