"""Find and replace over a Document (pure Python, no Qt).

A :class:`SearchQuery` says what to look for; :func:`find_all` returns every match in
document order, each inside one segment (a match never spans a line break);
:func:`find_speakers` names the speakers whose names match; :func:`replace_all` changes
all of them as one undo step and :func:`replace_one` changes one.

Speed: searching segment by segment costs one regex call per segment (0.3-0.5 s for
250,000 segments), so :func:`find_all` scans the whole text joined by newlines in one
pass and maps match offsets back to segments. The joined scan must give the same
matches as a per-segment search; two things differ and are handled where they occur:

* a match that runs over a newline (``\\s+``, ``[^x]+``) is searched again confined to
  its own segment (``endpos``), as a per-segment search would see it;
* a leading ``(?<!\\w)`` (whole word) stops the regex engine from skipping ahead by the
  pattern's literal prefix (it made "the" 6x slower), so the scan leaves it out and
  checks the character before each match in Python instead.

Empty matches (``a*``, ``^``) are never returned: there is nothing to highlight or
replace in them.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING, NamedTuple

from editor.core.model import Replacement

if TYPE_CHECKING:
    from editor.core.document import Document

# Leading inline global flags such as "(?i)" must stay at the very start of a pattern
# (Python 3.11 rejects them anywhere else), so they are lifted out before wrapping.
_GLOBAL_FLAGS = re.compile(r"^(?:\(\?[aiLmsux]+\))+")
_WORD_CHAR = re.compile(r"\w")
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]")
_BEFORE_WORD = r"(?<!\w)"
_AFTER_WORD = r"(?!\w)"


class Match(NamedTuple):
    """``segment.text[start:end]`` of the segment ``segment_id`` matches the query.

    A named tuple rather than a dataclass: a common word in a long transcript has
    100,000 matches, and tuples are several times cheaper to create and compare.
    """

    segment_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to search for and how.

    ``pattern`` is literal text unless ``regex``; ``whole_word`` requires no letter, digit
    or underscore right before and after a match; ``in_speakers`` also searches (and
    replace-all also renames) speaker names.
    """

    pattern: str
    regex: bool = False
    whole_word: bool = False
    case_sensitive: bool = False
    in_speakers: bool = True

    def compile(self) -> re.Pattern[str]:
        """The compiled pattern; ``ValueError`` with a readable message for a bad regex."""
        flags, body = self._parts()
        if self.whole_word:
            body = f"{_BEFORE_WORD}(?:{body}){_AFTER_WORD}"
        return self._compile(flags + body)

    def _parts(self) -> tuple[str, str]:
        """(leading inline flags, the rest) of the pattern as a regular expression."""
        if not self.regex:
            return "", re.escape(self.pattern)
        lead = _GLOBAL_FLAGS.match(self.pattern)
        flags = lead.group(0) if lead else ""
        return flags, self.pattern[len(flags) :]

    def _compile(self, source: str) -> re.Pattern[str]:
        # MULTILINE: "^" and "$" then match at segment edges in the joined scan too; a
        # segment holds no newline, so per segment it changes nothing.
        flags = re.MULTILINE | (0 if self.case_sensitive else re.IGNORECASE)
        try:
            return re.compile(source, flags)
        except re.error as error:
            where = f" at position {error.pos + 1}" if error.pos is not None else ""
            raise ValueError(f"Invalid regular expression: {error.msg}{where}") from None
        except (OverflowError, RecursionError) as error:  # absurdly large repeats or nesting
            raise ValueError(f"Invalid regular expression: {error}") from None

    def _scan_pattern(self) -> re.Pattern[str]:
        """The pattern for the joined scan: whole word without its leading look-behind."""
        if not self.whole_word:
            return self.compile()
        flags, body = self._parts()
        return self._compile(f"{flags}(?:{body}){_AFTER_WORD}")


# ------------------------------------------------------------------------ finding


def _matches_in(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Non-empty matches of ``pattern`` (the full one, look-behind included) in ``text``."""
    return (m for m in pattern.finditer(text) if m.end() > m.start())


def find_all(doc: Document, query: SearchQuery, segment_ids: Iterable[str] | None = None) -> list[Match]:
    """Every non-empty match in segment texts, in document order.

    ``segment_ids`` limits the search to those segments (the find bar re-searches only
    the segments an edit touched); unknown ids are skipped. Raises ``ValueError`` for a
    bad regular expression; an empty pattern finds nothing.
    """
    if not query.pattern:
        return []
    if segment_ids is not None:
        pattern = query.compile()
        wanted = sorted({doc.index_of(sid) for sid in segment_ids if doc.has_segment(sid)})
        found: list[Match] = []
        for index in wanted:
            segment = doc.segment_at(index)
            found += [Match(segment.id, m.start(), m.end()) for m in _matches_in(pattern, segment.text)]
        return found
    return _scan(doc, query)


@dataclass(slots=True)
class _JoinedText:
    """The last document's texts joined by newlines, kept while its revision holds."""

    doc: weakref.ref[Document] | None = None
    revision: int = -1
    value: tuple[list[str], list[str], str, list[int]] | None = None


_last_joined = _JoinedText()


def _joined(doc: Document) -> tuple[list[str], list[str], str, list[int]]:
    """(texts, ids, joined text, start offsets) of the document, cached per revision.

    Typing in the find field searches the same revision again and again; joining 250,000
    segments is a third of a search's time. Only one document is kept (a 10 MB string).
    """
    cache = _last_joined
    fresh = cache.doc is not None and cache.doc() is doc and cache.revision == doc.revision
    if fresh and cache.value is not None:
        return cache.value
    segments = doc.segments
    texts = [s.text for s in segments]
    ids = [s.id for s in segments]
    # starts[i] is where segment i begins in the joined text; it ends at starts[i] + len.
    starts = [0, *accumulate(len(t) + 1 for t in texts)]
    cache.doc, cache.revision = weakref.ref(doc), doc.revision
    cache.value = (texts, ids, "\n".join(texts), starts)
    return cache.value


def _scan(doc: Document, query: SearchQuery) -> list[Match]:
    """The whole-document search in one pass over the joined text (see the module doc)."""
    pattern = query.compile()  # validates, and reports errors against the user's pattern
    scan = query._scan_pattern()
    check_before = query.whole_word
    if not len(doc):
        return []
    texts, ids, text, starts = _joined(doc)
    found: list[Match] = []
    append = found.append
    word_char = _WORD_CHAR.match
    index = 0
    seg_start, seg_end = 0, len(texts[0])
    iterator = scan.finditer(text)
    m = next(iterator, None)
    while m is not None:
        start, end = m.start(), m.end()
        if start > seg_end:  # move on to the segment holding ``start``
            while starts[index + 1] <= start:
                index += 1
            seg_start, seg_end = starts[index], starts[index] + len(texts[index])
        if end > seg_end:  # ran over a line break: search again inside this segment only
            confined = pattern.search(text, start, seg_end)
            if confined is None or confined.end() == confined.start():
                resume = seg_end + 1
            else:
                append(Match(ids[index], confined.start() - seg_start, confined.end() - seg_start))
                resume = confined.end()
        elif check_before and start > seg_start and word_char(text, start - 1):
            resume = start + 1  # inside a word; a later start may still be a whole word
        else:
            if end > start:
                append(Match(ids[index], start - seg_start, end - seg_start))
            m = next(iterator, None)
            continue
        iterator = scan.finditer(text, resume)
        m = next(iterator, None)
    return found


def find_speakers(doc: Document, query: SearchQuery) -> list[str]:
    """Ids of the speakers whose names match (empty unless ``query.in_speakers``)."""
    if not query.pattern or not query.in_speakers:
        return []
    pattern = query.compile()
    return [s.id for s in doc.speakers if next(_matches_in(pattern, s.name), None) is not None]


# ---------------------------------------------------------------------- replacing


def _expander(query: SearchQuery, replacement: str):
    """A function from a regex match to its replacement text, validated for line breaks."""

    def check(text: str) -> str:
        if _LINE_BREAK.search(text):
            raise ValueError("A replacement cannot contain a line break (a segment is one line)")
        return text

    if not query.regex:
        check(replacement)
        return lambda m: replacement

    def expand(m: re.Match[str]) -> str:
        try:
            return check(m.expand(replacement))
        except re.error as error:
            raise ValueError(f"Invalid replacement: {error.msg}") from None
        except IndexError as error:
            raise ValueError(f"Invalid replacement: {error}") from None

    return expand


def _replaced_name(name: str, pattern: re.Pattern[str], expand) -> tuple[str, int]:
    """``name`` with every non-empty match replaced, and how many there were."""
    parts: list[str] = []
    last = count = 0
    for m in _matches_in(pattern, name):
        parts += [name[last : m.start()], expand(m)]
        last = m.end()
        count += 1
    return "".join(parts) + name[last:], count


def replace_all(doc: Document, query: SearchQuery, replacement: str) -> int:
    """Replace every match (and, if ``in_speakers``, every match in speaker names) as ONE
    undo step labelled "Replace all"; returns how many occurrences were replaced.

    A regex replacement may use groups (``\\1``, ``\\g<name>``). Raises ``ValueError``
    for a bad pattern or replacement before anything changes. A speaker whose name would
    become blank keeps its name.
    """
    matches = find_all(doc, query)
    pattern = query.compile()
    expand = _expander(query, replacement)
    replacements: list[Replacement] = []
    current_id, text = "", ""
    for match in matches:
        if match.segment_id != current_id:
            current_id, text = match.segment_id, doc.segment(match.segment_id).text
        m = pattern.match(text, match.start)
        if m is None or m.end() != match.end:  # only if the scan and the pattern disagreed
            continue
        expected = text[match.start : match.end]
        replacements.append(Replacement(match.segment_id, match.start, match.end, expand(m), expected))
    renames: list[tuple[str, str]] = []
    renamed = 0
    for speaker_id in find_speakers(doc, query):
        old = doc.speaker(speaker_id)
        assert old is not None
        new, count = _replaced_name(old.name, pattern, expand)
        if new.strip() and new.strip() != old.name:
            renames.append((speaker_id, new))
            renamed += count
    if not renames:
        return doc.apply_replacements(replacements, label="Replace all")
    with doc.batch("Replace all"):
        applied = doc.apply_replacements(replacements, label="Replace all")
        for speaker_id, name in renames:
            doc.rename_speaker(speaker_id, name)
    return applied + renamed


def replace_one(doc: Document, query: SearchQuery, match: Match, replacement: str) -> Match | None:
    """Replace one match (one undo step, "Replace"); returns the span of the new text.

    Returns ``None``, changing nothing, when the text there no longer matches the query
    (the match was found before an edit).
    """
    if not doc.has_segment(match.segment_id):
        return None
    text = doc.segment(match.segment_id).text
    m = query.compile().match(text, match.start)
    if m is None or m.end() != match.end or m.end() == m.start():
        return None
    new = _expander(query, replacement)(m)
    edit = Replacement(match.segment_id, match.start, match.end, new, m.group(0))
    doc.apply_replacements([edit], label="Replace")
    return Match(match.segment_id, match.start, match.start + len(new))
