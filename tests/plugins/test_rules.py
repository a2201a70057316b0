"""The rules tool: replacement rules from TOML files in the built-in and user folders."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import pytest
from galley_rules.loader import load_rules, match_case
from galley_rules.tool import RulesTool, _may_occur
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.plugin_api import RULE, Cancelled, Glossary, SegmentSnapshot, Suggestion, ToolContext

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"

TOOL = RulesTool()


def context(**overrides: object) -> ToolContext:
    return ToolContext(resources_dir=RESOURCES, **overrides)  # type: ignore[arg-type]


def segments(*texts: str) -> list[SegmentSnapshot]:
    return [SegmentSnapshot(f"s{i}", i, text) for i, text in enumerate(texts)]


def check(*texts: str, ctx: ToolContext | None = None, tool: RulesTool = TOOL) -> list[Suggestion]:
    found = tool.check(segments(*texts), ctx or context())
    for s in found:
        assert s.kind == RULE
        assert 0 <= s.start < s.end <= len(texts[int(s.segment_id[1:])])
    return found


def fixes(text: str, ctx: ToolContext | None = None, tool: RulesTool = TOOL) -> list[tuple[str, str]]:
    """``(found text, best replacement)`` for each finding in ``text``."""
    return [(text[s.start : s.end], s.replacements[0]) for s in check(text, ctx=ctx, tool=tool)]


def write_rules(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def user_tool(tmp_path: Path, body: str, name: str = "mine.toml") -> tuple[RulesTool, ToolContext]:
    write_rules(tmp_path / "rules", name, body)
    return RulesTool(), context(user_resources_dir=tmp_path)


# ------------------------------------------------------------------------ built-in rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("there were alot of listeners", [("alot", "a lot")]),
        ("Alot of people asked", [("Alot", "A lot")]),
        ("ALOT OF PEOPLE", [("ALOT", "A LOT")]),
        ("we dont ship on Fridays", [("dont", "don't")]),
        ("Didnt you say so", [("Didnt", "Didn't")]),
        ("I could of done that", [("could of", "could have")]),
        ("you shouldn't of said it", [("shouldn't of", "shouldn't have")]),
        ("Would of been nice", [("Would of", "Would have")]),
        ("we were suppose to launch", [("were suppose to", "were supposed to")]),
        ("it's suppose to work", [("it's suppose to", "it's supposed to")]),
        ("theyre late and youre early", [("theyre", "they're"), ("youre", "you're")]),
        ("thats the one", [("thats", "that's")]),
        ("im not sure ive seen it", [("im", "I'm"), ("ive", "I've")]),
        ("i think i'm right", [("i", "I"), ("i", "I")]),
        ("for all intensive purposes", [("for all intensive purposes", "for all intents and purposes")]),
        ("that peaked my interest", [("peaked my interest", "piqued my interest")]),
        ("a sneak peak of the episode", [("sneak peak", "sneak peek")]),
        ("we had to make due", [("make due", "make do")]),
        ("it didn't phase me", [("didn't phase me", "didn't faze me")]),
        ("you have to reign it in", [("reign it in", "rein it in")]),
        ("I did it my self", [("my self", "myself")]),
        ("and visa versa", [("visa versa", "vice versa")]),
        ("wait,, what", [(",,", ",")]),
        ("it works .", [(" .", ".")]),
    ],
)
def test_common_errors(text: str, expected: list[tuple[str, str]]) -> None:
    assert fixes(text) == expected


ORDINARY = [
    "I could of course do that myself",
    "I suppose to some extent it was",
    "don't worry, it's its own thing",
    "let's go, lets the dog out, well, we were there",
    "he'll be fine and she'll tell you; hell, the shell is fine",
    "the Arctic is cold and we're all right",
    "her self-esteem and my self-doubt",
    "the reign in France lasted years",
    "it was peak season for the band",
    "the shoe in the box was mine",
    "phase two starts in March",
    "the other then-president spoke",
    "rather than that we left",
    "loose ends and lost keys",
    "vice versa, i.e. the other way round, e.g. this one",
    "we paid the bill and made do",
    "Python 3.11 ships in October... maybe.",
    "The ECT team met at 9 a.m.",
    "we won't and can't and didn't and wouldn't",
    "I'm sure I've seen it and I'd say so",
    "It's a time-consuming, important job.",
    "they're here, you're there, we've done it",
    "the self is a concept in psychology",
    "my interest peaked in the spring",
    "that's what's there and here's why",
    "the escape hatch and the goat farm",
    "in case of fire, in fact, as well, each other, a lot",
    "every time we met, at least one of us was late",
    "no one knows, of course",
    "Thank you so much for having me",
    "the emu is a bird and the IM client crashed",
    "the cantilever and the wonton soup",
    "wishes, pushes, crashes and spheres",
    "nonetheless and nevertheless",
    "the ICU and the IMF met in Milan",
    "ah well, we tried",
]


def test_ordinary_lines_have_no_findings() -> None:
    assert len(ORDINARY) >= 30
    found = TOOL.check(segments(*ORDINARY), context())
    assert [(ORDINARY[int(s.segment_id[1:])], s.message) for s in found] == []


def test_the_built_in_rules_load_cleanly(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        rules = load_rules([RESOURCES / "rules"], logging.getLogger("test"))
    assert caplog.text == ""
    assert 30 <= len(rules) <= 100
    assert len({r.id for r in rules}) == len(rules)
    assert all(r.applies_to("en") and not r.applies_to("de") for r in rules)


def test_a_rule_can_offer_ranked_alternatives() -> None:
    suggestion = check("whos coming")[0]
    assert suggestion.replacements == ("who's", "whose")


def test_rules_are_for_their_language() -> None:
    assert check("alot", ctx=context(language="de")) == []
    assert fixes("alot", ctx=context(language="en-GB")) == [("alot", "a lot")]


# ------------------------------------------------------------------------ matching


def test_literal_rules_match_whole_words_only(tmp_path: Path) -> None:
    tool, ctx = user_tool(tmp_path, '[[rule]]\nid = "teh"\nfind = "teh"\nreplace = "the"\n')
    assert fixes("teh tehran teh-based steh teh's 'teh'", ctx, tool) == [("teh", "the"), ("teh", "the")]


def test_whole_word_can_be_switched_off(tmp_path: Path) -> None:
    tool, ctx = user_tool(
        tmp_path, '[[rule]]\nid = "colour"\nfind = "color"\nreplace = "colour"\nwhole_word = false\n'
    )
    assert fixes("colorful color", ctx, tool) == [("color", "colour"), ("color", "colour")]


def test_case_sensitive_rules(tmp_path: Path) -> None:
    tool, ctx = user_tool(
        tmp_path, '[[rule]]\nid = "nasa"\nfind = "Nasa"\nreplace = "NASA"\ncase_sensitive = true\n'
    )
    assert fixes("Nasa and nasa", ctx, tool) == [("Nasa", "NASA")]


def test_regex_rules_with_numbered_and_named_groups(tmp_path: Path) -> None:
    body = (
        '[[rule]]\nid = "per-cent"\nfind = \'(\\d+) per cent\'\nregex = true\nreplace = "\\\\1%"\n\n'
        "[[rule]]\nid = \"swap\"\nfind = '(?P<a>salt) and (?P<b>pepper)'\nregex = true\n"
        'replace = "\\\\g<b> and \\\\g<a>"\n'
    )
    tool, ctx = user_tool(tmp_path, body)
    assert fixes("up 20 per cent on salt and pepper", ctx, tool) == [
        ("20 per cent", "20%"),
        ("salt and pepper", "pepper and salt"),
    ]
    assert fixes("Salt and pepper", ctx, tool) == [
        ("Salt and pepper", "Pepper and Salt")
    ]  # groups keep their case


def test_match_case() -> None:
    assert match_case("alot", "a lot") == "a lot"
    assert match_case("Alot", "a lot") == "A lot"
    assert match_case("ALOT", "a lot") == "A LOT"
    assert match_case("i", "I") == "I"
    assert match_case("A", "an") == "An"
    assert match_case("iPhone", "phone") == "phone"


def test_overlapping_matches_keep_the_first_rule(tmp_path: Path) -> None:
    body = (
        '[[rule]]\nid = "long"\nfind = "sneak peak"\nreplace = "sneak peek"\n\n'
        '[[rule]]\nid = "short"\nfind = "peak"\nreplace = "peek"\n'
    )
    tool, ctx = user_tool(tmp_path, body)
    found = [s for s in check("a sneak peak", ctx=ctx, tool=tool)]
    assert [(s.start, s.end, s.replacements) for s in found] == [(2, 12, ("sneak peek",))]


def test_matches_never_cross_segments(tmp_path: Path) -> None:
    tool, ctx = user_tool(
        tmp_path, '[[rule]]\nid = "x"\nfind = \'could\\s+of\'\nregex = true\nreplace = "could have"\n'
    )
    assert tool.check(segments("we could", "of course not"), ctx) == []


def test_accepted_words_and_replacement_memory() -> None:
    assert check("alot", ctx=context(personal_dictionary=frozenset({"Alot"}))) == []
    assert check("Alot", ctx=context(glossary=Glossary(terms=("Alot",)))) == []
    suggestion = check("alot", ctx=context(replacement_memory={"alot": "lots"}))[0]
    assert suggestion.replacements == ("lots", "a lot")


# ------------------------------------------------------------------------ loading


def test_invalid_rules_are_skipped_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    body = """
[[rule]]
id = "bad-regex"
find = '(unclosed'
regex = true
replace = "x"

[[rule]]
id = "no-find"
replace = "x"

[[rule]]
id = "no-replace"
find = "y"

[[rule]]
id = "bad-group"
find = '(a)b'
regex = true
replace = "\\\\2"

[[rule]]
id = "bad-type"
find = "z"
replace = "zz"
confidence = "high"

[[rule]]
find = "anonymous"
replace = "x"

[[rule]]
id = "good"
find = "recieve"
replace = "receive"
unknown_key = 1
"""
    write_rules(tmp_path, "mixed.toml", body)
    write_rules(tmp_path, "broken.toml", "[[rule]\nid = 'x'")
    with caplog.at_level(logging.WARNING):
        rules = load_rules([tmp_path], logging.getLogger("test"))
    assert [r.id for r in rules] == ["good"]
    for rule_id in ("bad-regex", "no-find", "no-replace", "bad-group", "bad-type", "#6"):
        assert re.search(rf"mixed\.toml: rule {re.escape(rule_id)}: .*skipped", caplog.text), rule_id
    assert "unknown keys unknown_key" in caplog.text
    assert "broken.toml cannot be read" in caplog.text


def test_the_tool_survives_broken_rule_files(tmp_path: Path) -> None:
    tool, ctx = user_tool(tmp_path, "this is not toml [[[")
    assert fixes("alot", ctx, tool) == [("alot", "a lot")]


def test_a_user_rule_overrides_a_built_in_rule_by_id(tmp_path: Path) -> None:
    tool, ctx = user_tool(
        tmp_path, '[[rule]]\nid = "alot"\nfind = "alot"\nreplace = "lots"\nmessage = "mine"\n'
    )
    found = check("alot", ctx=ctx, tool=tool)
    assert [(s.replacements, s.message) for s in found] == [(("lots",), "mine")]


def test_a_user_file_can_switch_a_built_in_rule_off(tmp_path: Path) -> None:
    tool, ctx = user_tool(tmp_path, '[[rule]]\nid = "alot"\nenabled = false\n')
    assert check("alot and dont", ctx=ctx, tool=tool)[0].replacements == ("don't",)
    assert len(check("alot and dont", ctx=ctx, tool=tool)) == 1


def test_later_files_in_a_folder_override_earlier_ones(tmp_path: Path) -> None:
    write_rules(tmp_path, "a.toml", '[[rule]]\nid = "r"\nfind = "foo"\nreplace = "bar"\n')
    write_rules(tmp_path, "b.toml", '[[rule]]\nid = "r"\nfind = "foo"\nreplace = "baz"\n')
    assert [r.replace for r in load_rules([tmp_path], logging.getLogger("test"))] == [("baz",)]


def test_rule_files_are_reloaded_when_they_change(tmp_path: Path) -> None:
    tool, ctx = user_tool(tmp_path, '[[rule]]\nid = "r"\nfind = "foo"\nreplace = "bar"\n')
    assert fixes("foo", ctx, tool) == [("foo", "bar")]
    time.sleep(0.01)
    write_rules(tmp_path / "rules", "mine.toml", '[[rule]]\nid = "r"\nfind = "foo"\nreplace = "qux"\n\n')
    assert fixes("foo", ctx, tool) == [("foo", "qux")]


def test_cancellation() -> None:
    with pytest.raises(Cancelled):
        TOOL.check(segments("alot"), context(is_cancelled=lambda: True))


# ------------------------------------------------------------------------ pre-tests


FRAGMENTS = [
    "could",
    "of",
    "course",
    "n't",
    "Could",
    "COULD",
    "should",
    " ",
    "  ",
    "\t",
    ",",
    ",,",
    ".",
    "..",
    "...",
    "peak",
    "peaked",
    "my",
    "interest",
    "ALOT",
    "alot",
    "dont",
    "i",
    "I",
    "'m",
    "’m",
    "suppose",
    "to",
    "were",
    "it's",
    "self",
    "selves",
    "visa",
    "versa",
    "reign",
    "it",
    "in",
    "ß",
    "İ",
    "-",
    "x",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14))
def test_pre_tests_never_hide_a_match(parts: list[str]) -> None:
    text = "".join(parts)
    folded = text.casefold()
    for rule in TOOL.rules(context()):
        if rule.pattern.search(text):
            assert _may_occur(rule, text, folded), rule.id


# ------------------------------------------------------------------------ speed


def test_speed_on_an_hour_of_speech() -> None:
    lines = [
        line
        for line in (RESOURCES / "samples" / "demo-interview.txt").read_text("utf-8").splitlines()
        if line
    ]
    big = segments(*(lines * 6))
    tool = RulesTool()
    tool.check(big[:3], context())
    start = time.perf_counter()
    tool.check(big, context())
    assert time.perf_counter() - start < 0.3  # ~0.03 s measured; generous for slow CI
