"""Reading replacement rules from TOML files in a list of folders.

A rule file holds an optional file-wide ``language`` and an array of ``[[rule]]`` tables::

    language = "en"            # optional: default language of the rules below

    [[rule]]
    id = "alot"                # unique; a later file with the same id replaces this rule
    find = "alot"              # literal text (or a regular expression with regex = true)
    replace = "a lot"          # or a ranked list: ["who's", "whose"]; "" deletes
    message = '"alot" is two words'
    # optional: regex = false, case_sensitive = false, whole_word = true,
    #           language = "en" (or a list), confidence = 0.8, enabled = true

Folders are read in order and files within a folder by name; a rule with an id seen
before replaces the earlier one, and ``enabled = false`` (with just the ``id``) switches a
built-in rule off. A file or rule that is wrong is skipped with a warning that names the
file and the rule; loading never raises.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from galley_rules.triggers import required_strings, required_words, starts_with_a_character, whole_words

DEFAULT_CONFIDENCE = 0.8

# Whole-word edges: a rule's text may not continue a word on either side. Apostrophes and
# hyphens join words ("don't", "co-host") only when a letter follows them, so a rule for
# "dont" does not fire inside "don't" but does before a closing quote.
WORD_BEFORE = r"(?<!\w)(?<!\w['’\-])"
WORD_AFTER = r"(?!\w)(?!['’\-]\w)"

_KNOWN_KEYS = frozenset(
    {
        "id",
        "find",
        "replace",
        "message",
        "regex",
        "case_sensitive",
        "whole_word",
        "language",
        "confidence",
        "enabled",
    }
)
_GROUP_REFERENCE = re.compile(r"\\(?:g<([^>]*)>|(\d+))")


class RuleError(ValueError):
    """Why one rule cannot be used."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled replacement rule."""

    id: str
    pattern: re.Pattern[str]
    replace: tuple[str, ...]
    message: str
    regex: bool
    case_sensitive: bool
    confidence: float
    languages: tuple[str, ...]
    source: str
    # Sets of strings such that every match contains one string of each set, and whether
    # to look in case-folded text (see galley_rules.triggers); None: always scan.
    trigger: tuple[tuple[frozenset[str], ...], bool] | None = None
    # For a whole-word rule that matches one of a few single words: those words (lower-case
    # when the bool says the rule ignores case); every match is a whole word of the text,
    # so a block of text without one of them needs no scan (see galley_rules.triggers).
    words: tuple[frozenset[str], bool] | None = None
    # The pattern without its leading look-behinds (WORD_BEFORE), when that is much faster
    # to search (see triggers.starts_with_a_character); the tool checks the look-behinds.
    scan: re.Pattern[str] | None = None
    # For a rule of several words with whole words in it ("sneak peak"): for each such
    # stretch, its words (lower-case when the bool says the rule ignores case) and a pattern
    # matching just those words; every match holds one word of each as a whole word of the
    # text, so a block of text lacking them needs no scan (see triggers.required_words).
    required: tuple[tuple[tuple[frozenset[str], re.Pattern[str]], ...], bool] | None = None

    def applies_to(self, language: str) -> bool:
        """Whether the rule is for ``language`` (``"en-GB"`` matches a rule for ``"en"``)."""
        if not self.languages:
            return True
        tag = language.lower().replace("_", "-")
        return any(tag == lang or tag.startswith(lang + "-") for lang in self.languages)

    def replacements(self, match: re.Match[str]) -> tuple[str, ...]:
        """The ranked replacements for one match (group references expanded for regex rules)."""
        found = match.group()
        result: list[str] = []
        for template in self.replace:
            text = match.expand(template) if self.regex else template
            if not self.case_sensitive:
                text = match_case(found, text)
            if text not in result:
                result.append(text)
        return tuple(result)


def match_case(found: str, replacement: str) -> str:
    """``replacement`` in the case of ``found``: "Alot" -> "A lot", "ALOT" -> "A LOT".

    Only an initial capital and all capitals (two letters or more) carry over; otherwise
    the replacement is kept as written ("i" -> "I").
    """
    letters = [ch for ch in found if ch.isalpha()]
    if not letters or not replacement:
        return replacement
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return replacement.upper()
    if letters[0].isupper():
        for index, ch in enumerate(replacement):
            if ch.isalpha():
                return replacement[:index] + ch.upper() + replacement[index + 1 :]
    return replacement


# ------------------------------------------------------------------------ one rule


def _option(raw: Mapping[str, Any], key: str, kind: type, default: Any) -> Any:
    value = raw.get(key, default)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise RuleError(f"{key} must be a {kind.__name__}, not {value!r}")
    return value


def _text(raw: Mapping[str, Any], key: str, *, allow_empty: bool = False) -> str:
    if key not in raw:
        raise RuleError(f"missing {key!r}")
    value = raw[key]
    if not isinstance(value, str) or (not value and not allow_empty):
        raise RuleError(f"{key} must be a non-empty string, not {value!r}")
    return value


def _replacements(raw: Mapping[str, Any]) -> tuple[str, ...]:
    if "replace" not in raw:
        raise RuleError("missing 'replace'")
    value = raw["replace"]
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise RuleError(f"replace must be a string or a list of strings, not {value!r}")


def _languages(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleError(f"language must be a language code or a list of them, not {value!r}")
    return tuple(v.strip().lower().replace("_", "-") for v in value)


def _check_groups(pattern: re.Pattern[str], templates: Iterable[str]) -> None:
    """Refuse a replacement naming a group the pattern does not have (re only fails later)."""
    for template in templates:
        for name, number in _GROUP_REFERENCE.findall(template):
            reference = name or number
            if reference.isdigit():
                if int(reference) > pattern.groups:
                    raise RuleError(f"replace refers to group {reference}, but find has {pattern.groups}")
            elif reference not in pattern.groupindex:
                raise RuleError(f"replace refers to group {reference!r}, which find does not define")


def compile_rule(raw: Mapping[str, Any], source: str, file_language: Any = None) -> Rule:
    """A :class:`Rule` from one ``[[rule]]`` table; :class:`RuleError` says what is wrong."""
    rule_id = _text(raw, "id")
    find = _text(raw, "find")
    replace = _replacements(raw)
    regex = _option(raw, "regex", bool, False)
    case_sensitive = _option(raw, "case_sensitive", bool, False)
    whole_word = _option(raw, "whole_word", bool, True)
    confidence = _option(raw, "confidence", float, DEFAULT_CONFIDENCE)
    if not 0.0 <= confidence <= 1.0:
        raise RuleError(f"confidence must be from 0 to 1, not {confidence}")
    message = raw.get("message", f'Use "{replace[0]}"' if replace[0] else "Remove this")
    if not isinstance(message, str):
        raise RuleError(f"message must be a string, not {message!r}")
    body = find if regex else re.escape(find)
    inner, edged, scan = body, False, None
    starts = ends = False
    if whole_word:
        # Edges only where the text has a word character there: a rule for ",," needs none.
        starts = regex or find[0].isalnum() or find[0] == "_"
        ends = regex or find[-1].isalnum() or find[-1] == "_"
        edged = starts and ends
        body = f"{WORD_BEFORE if starts else ''}(?:{body}){WORD_AFTER if ends else ''}"
    try:
        pattern = re.compile(body, 0 if case_sensitive else re.IGNORECASE)
    except re.error as error:
        raise RuleError(f"find is not a valid regular expression ({error})") from error
    if regex:
        _check_groups(pattern, replace)
    if pattern.match(""):
        raise RuleError("find matches empty text")
    if pattern.pattern.startswith(WORD_BEFORE) and starts_with_a_character(inner, pattern.flags):
        scan = re.compile(pattern.pattern[len(WORD_BEFORE) :], pattern.flags)
    words = whole_words(inner, pattern.flags) if edged else None
    return Rule(
        id=rule_id,
        pattern=pattern,
        replace=replace,
        message=message,
        regex=regex,
        case_sensitive=case_sensitive,
        confidence=confidence,
        languages=_languages(raw.get("language", file_language)),
        source=source,
        trigger=required_strings(pattern),
        words=words,
        scan=scan,
        required=required_words(inner, pattern.flags, starts, ends) if words is None else None,
    )


# ------------------------------------------------------------------------ files and folders


def rule_files(folders: Sequence[Path | None]) -> list[Path]:
    """``*.toml`` files of the existing ``folders``, folder by folder, by name within one."""
    files: list[Path] = []
    for folder in folders:
        if folder is not None and Path(folder).is_dir():
            files.extend(sorted(p for p in Path(folder).glob("*.toml") if p.is_file()))
    return files


def _read_file(path: Path, log: logging.Logger) -> tuple[Any, list[Any]] | None:
    """``(file language, rule tables)`` of one file, or ``None`` (warned) if unusable."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        log.warning("rule file %s cannot be read (%s); skipped", path, error)
        return None
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        log.warning("rule file %s: 'rule' must be an array of tables ([[rule]]); skipped", path)
        return None
    return data.get("language"), tables


def load_rules(folders: Sequence[Path | None], log: logging.Logger) -> list[Rule]:
    """Every usable rule from ``folders`` (in override order), later ids replacing earlier.

    Rules keep the order in which their ids first appeared, so a user's override of a
    built-in rule takes the built-in rule's place.
    """
    rules: dict[str, Rule | None] = {}
    for path in rule_files(folders):
        read = _read_file(path, log)
        if read is None:
            continue
        file_language, tables = read
        for number, raw in enumerate(tables, start=1):
            _add_rule(rules, raw, path, number, file_language, log)
    return [rule for rule in rules.values() if rule is not None]


def _add_rule(
    rules: dict[str, Rule | None], raw: Any, path: Path, number: int, file_language: Any, log: logging.Logger
) -> None:
    """Compile one table into ``rules`` (``None`` marks a rule switched off)."""
    name = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{number}"
    if not isinstance(raw, dict):
        log.warning("rule file %s: rule %s is not a table; skipped", path.name, name)
        return
    unknown = sorted(set(raw) - _KNOWN_KEYS)
    if unknown:
        log.warning("rule file %s: rule %s: unknown keys %s ignored", path.name, name, ", ".join(unknown))
    enabled = raw.get("enabled", True)
    if enabled is False and isinstance(raw.get("id"), str):
        rules[raw["id"]] = None
        return
    try:
        if not isinstance(enabled, bool):
            raise RuleError(f"enabled must be true or false, not {enabled!r}")
        rule = compile_rule(raw, str(path), file_language)
    except RuleError as error:
        log.warning("rule file %s: rule %s: %s; skipped", path.name, name, error)
        return
    rules[rule.id] = rule


def files_signature(folders: Sequence[Path | None]) -> tuple[object, ...]:
    """A cheap key that changes when a rule file is added, removed or edited."""
    signature: list[object] = [tuple(str(f) for f in folders)]
    for path in rule_files(folders):
        try:
            stat = path.stat()
            signature.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:
            signature.append((str(path), None))
    return tuple(signature)
