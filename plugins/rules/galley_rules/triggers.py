"""Cheap pre-tests for rules: strings at least one of which every match must contain.

Scanning a document with a case-insensitive regular expression visits every character;
a substring test (``"alot" in text``) runs at C speed and usually proves that a rule cannot
match at all. :func:`required_strings` reads a pattern's parse tree and finds the longest
stretch of it that can only match a few fixed strings: ``(could|should)n't`` must contain
"couldn't" or "shouldn't", ``,{2,}`` must contain ",,". It errs only towards "no pre-test"
(``None``): anything it does not understand breaks a stretch, so a pre-test never hides a
match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

try:  # the parser behind re.compile; private, so everything here degrades to "no pre-test"
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python versions
    _sre_parse = None
    _c = None

MAX_STRINGS = 64  # a stretch that could match more fixed strings than this is not worth it
MAX_REPEAT_EXPANSION = 3
MAX_CLASS_SIZE = 12

Language = frozenset[str]


def required_strings(pattern: re.Pattern[str]) -> tuple[tuple[Language, ...], bool] | None:
    """``(sets, folded)``: every match contains a string of *each* set, or ``None``.

    ``folded`` is true when the pattern ignores case; the strings are then case-folded and
    should be looked for in case-folded text. Sets are ordered most selective first; a set
    with a string shorter than two characters is no use as a pre-test and left out, so a
    pattern with nothing better gives ``None``.
    """
    if _sre_parse is None:
        return None
    try:
        tree = _sre_parse.parse(pattern.pattern, pattern.flags)
        folded = bool(tree.state.flags & re.IGNORECASE)
        candidates = _stretches(list(tree))
    except Exception:  # noqa: BLE001 - an unknown parse tree shape means "no pre-test"
        return None
    if folded:
        candidates = [frozenset(s.casefold() for s in c) for c in candidates]
    usable = {c for c in candidates if c and min(map(len, c)) >= 2}
    if not usable:
        return None
    ordered = sorted(usable, key=lambda c: (-min(map(len, c)), len(c), sorted(c)))
    return tuple(ordered), folded


_WORD_RUN = re.compile(r"\w+")


def whole_words(body: str, flags: int) -> tuple[Language, bool] | None:
    """``(words, folded)`` for a whole-word rule whose ``body`` (the regular expression
    between the word edges) can only match a few words made of word characters: every
    match is then one whole run of word characters of the text, and one of ``words``.

    ``folded`` is true when the rule ignores case; ``words`` are then lower-cased and only
    plain ASCII (other letters have case rules ``str.lower`` does not follow). ``None``
    when the body may match anything else (several words, punctuation, too many strings).
    """
    if _sre_parse is None:
        return None
    try:
        language = _finite_sequence(list(_sre_parse.parse(body, flags)))
    except Exception:  # noqa: BLE001 - an unknown parse tree shape means "no pre-test"
        return None
    if not language or not all(_WORD_RUN.fullmatch(s) for s in language):
        return None
    if not flags & re.IGNORECASE:
        return language, False
    if not all(s.isascii() for s in language):
        return None
    return frozenset(s.lower() for s in language), True


def required_words(
    body: str, flags: int, edge_before: bool, edge_after: bool
) -> tuple[tuple[tuple[Language, re.Pattern[str]], ...], bool] | None:
    """Words of a rule of several words ("sneak peak") that every match holds whole.

    ``body`` is the rule's regular expression between its word edges; ``edge_before`` /
    ``edge_after`` say whether it has them (``WORD_BEFORE``/``WORD_AFTER``). A stretch of
    the body between two separators (characters that are never word characters: spaces,
    ``\\s+``, ``[ \\t]``), or between an edge and a separator, that can only match a few
    words of word characters matches a whole run of word characters of the text. Returns
    ``(sets, folded)``: for each such stretch its words (lower-cased when ``folded``, i.e.
    the rule ignores case; then only plain ASCII words are used) with a pattern matching
    exactly those words under the rule's case rules (for runs with other letters); ``None``
    when there is no such stretch.
    """
    if _sre_parse is None:
        return None
    folded = bool(flags & re.IGNORECASE)
    found: list[tuple[Language, re.Pattern[str]]] = []
    try:
        items = list(_sre_parse.parse(body, flags))
        while len(items) == 1 and items[0][0] is _c.SUBPATTERN and not items[0][1][1] and not items[0][1][2]:
            items = list(items[0][1][3])  # a group without flags of its own: look inside
        stretches: list[list[tuple[Any, Any]]] = []
        current: list[tuple[Any, Any]] = []
        bounded = edge_before  # whether a non-word character must come before ``current``
        for op, av in items:
            if _separator(op, av):
                if bounded and current:
                    stretches.append(current)
                current, bounded = [], True
            else:
                current.append((op, av))
        if bounded and current and edge_after:
            stretches.append(current)
        for stretch in stretches:
            language = _finite_sequence(stretch)
            if not language or not all(_WORD_RUN.fullmatch(w) for w in language):
                continue
            if folded and not all(w.isascii() for w in language):
                continue
            exact = re.compile("|".join(map(re.escape, sorted(language))), flags)
            found.append((frozenset(w.lower() for w in language) if folded else language, exact))
    except Exception:  # noqa: BLE001 - an unknown parse tree shape means "no pre-test"
        return None
    return (tuple(found), folded) if found else None


_NOT_WORD = re.compile(r"[^\w]", re.ASCII)


def _separator(op: Any, av: Any) -> bool:
    """Whether an item matches one or more characters that are never word characters."""
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, _high, body = av
        return low >= 1 and len(body) == 1 and _never_word(*body[0])
    return _never_word(op, av)


def _never_word(op: Any, av: Any) -> bool:
    """Whether one item matches one character, never a word character (in any case)."""
    if op is _c.LITERAL:
        return av < 128 and _NOT_WORD.match(chr(av)) is not None
    if op is _c.IN:
        return bool(av) and all(
            (kind is _c.LITERAL and value < 128 and _NOT_WORD.match(chr(value)) is not None)
            or (kind is _c.CATEGORY and value == _c.CATEGORY_SPACE)
            for kind, value in av
        )
    return False


def starts_with_a_character(body: str, flags: int) -> bool:
    """Whether ``body`` begins with one character or character class (not a choice of
    branches, a repeat or an assertion): the regex engine then skips quickly to where that
    character is, which a pattern starting with a look-behind never lets it do."""
    if _sre_parse is None:
        return False
    try:
        items = list(_sre_parse.parse(body, flags))
        while items and items[0][0] is _c.SUBPATTERN and not items[0][1][1] and not items[0][1][2]:
            items = list(items[0][1][3])  # a group without flags of its own: look inside
    except Exception:  # noqa: BLE001 - an unknown parse tree shape: say no
        return False
    return bool(items) and items[0][0] in (_c.LITERAL, _c.IN)


def _product(left: Language, right: Language) -> Language | None:
    """Every string of ``left`` followed by every string of ``right`` (``None``: too many)."""
    if len(left) * len(right) > MAX_STRINGS:
        return None
    return frozenset(a + b for a in left for b in right)


def _power(body: Language, count: int) -> Language | None:
    """``body`` repeated ``count`` times (``None``: too many strings)."""
    result: Language | None = frozenset({""})
    for _ in range(count):
        if result is None:
            return None
        result = _product(result, body)
    return result


def _stretches(items: list[tuple[Any, Any]]) -> list[Language]:
    """Candidate languages of a sequence: each maximal run of fixed-string items."""
    found: list[Language] = []
    current: Language = frozenset({""})
    for op, av in items:
        language = _finite(op, av)
        if language is not None:
            joined = _product(current, language)
            if joined is None:  # too many strings: close this stretch, start another
                found.append(current)
                joined = language
            current = joined
            continue
        tail = _repeated_tail(op, av)
        if tail is not None:
            # "A x+ B": A is followed by at least x^min, and B follows x^min.
            joined = _product(current, tail)
            found.append(joined if joined is not None else current)
            current = tail
            continue
        found.append(current)
        current = frozenset({""})
        found.extend(_inner(op, av))
    found.append(current)
    return found


def _repeated_tail(op: Any, av: Any) -> Language | None:
    """For an open-ended repeat of a fixed string (``[ \\t]+``, ``,{2,}``): body^min."""
    if op not in (_c.MAX_REPEAT, _c.MIN_REPEAT) or not 1 <= av[0] <= MAX_REPEAT_EXPANSION:
        return None
    body = _finite_sequence(list(av[2]))
    return _power(body, av[0]) if body is not None else None


def _inner(op: Any, av: Any) -> list[Language]:
    """Candidates inside an item that is not itself a fixed string but must match."""
    if op is _c.SUBPATTERN and not av[1] and not av[2]:
        return _stretches(list(av[3]))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
        return _stretches(list(av[2]))
    return []


def _finite(op: Any, av: Any) -> Language | None:
    """The few strings one parse-tree item can match, or ``None``."""
    if op is _c.LITERAL:
        return frozenset({chr(av)})
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return frozenset({""})  # zero-width: the text around it is still contiguous
    if op is _c.IN:
        return _finite_class(av)
    if op is _c.SUBPATTERN:
        return _finite_sequence(list(av[3])) if not av[1] and not av[2] else None
    if op is _c.BRANCH:
        return _union(_finite_sequence(list(branch)) for branch in av[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, high, body = av
        item = _finite_sequence(list(body)) if high <= MAX_REPEAT_EXPANSION else None
        if item is None:
            return None
        return _union(_power(item, count) for count in range(low, high + 1))
    return None


def _union(languages: Iterable[Language | None]) -> Language | None:
    """All the strings of ``languages``; ``None`` if any is unknown or there are too many."""
    result: set[str] = set()
    for language in languages:
        if language is None:
            return None
        result |= language
    return frozenset(result) if len(result) <= MAX_STRINGS else None


def _finite_sequence(items: list[tuple[Any, Any]]) -> Language | None:
    """The strings a sequence of items can match, or ``None``."""
    language: Language | None = frozenset({""})
    for op, av in items:
        item = _finite(op, av)
        if item is None or language is None:
            return None
        language = _product(language, item)
    return language


def _finite_class(items: list[tuple[Any, Any]]) -> Language | None:
    """The characters of a small character class like ``[Ii]`` or ``[,.;]``, or ``None``."""
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < MAX_CLASS_SIZE:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None  # negation, categories (\w) or big ranges
    return frozenset(chars) if 0 < len(chars) <= MAX_CLASS_SIZE else None
