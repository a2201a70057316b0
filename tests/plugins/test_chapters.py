"""The chapters tool: an introduction, explicit topic cues, and guesses at new questions."""

from __future__ import annotations

from pathlib import Path

from galley_chapters.tool import ChaptersTool

from editor.core.lexicon import load_lexicon
from editor.formats import read_document
from editor.plugin_api import SegmentSnapshot, TagProposal, ToolContext
from editor.plugin_host.check import snapshot

DATA = Path(__file__).resolve().parents[1] / "data" / "tagging"
ANSWER = "and that is how the whole thing went, more or less, for a very long time indeed."  # 17 words


def snaps_of(*lines: str) -> list[SegmentSnapshot]:
    return [SegmentSnapshot(f"s{i + 1}", i, text, line=i + 1) for i, text in enumerate(lines)]


def rows(found: list[TagProposal]) -> list[tuple[str, str]]:
    assert all(p.first_segment_id == p.last_segment_id and p.label == "chapter" for p in found)
    return [(p.first_segment_id, p.value) for p in found]


def test_explicit_cues_give_chapters_with_their_objects_as_titles() -> None:
    snaps = snapshot(read_document(DATA / "interview-labelled.txt"))
    found = ChaptersTool().tag(snaps, ToolContext(lexicon=load_lexicon("en"), settings={"min_gap": 4}))
    line = {s.id: s.line for s in snaps}
    assert [(line[p.first_segment_id], p.value) for p in found] == [
        (1, "Introduction"),
        (7, "Designing games"),  # "Let's start with the obvious one. How did you get into designing games?"
        (15, "Playtesting"),  # "Let's talk about playtesting, because I think ..."
        (35, "Money"),  # "Moving on to money, because everyone asks."
        (41, "Last question"),
    ]
    intro, _, talk, moving, _ = found
    assert intro.confidence == 0.5 and talk.confidence == 0.75 and moving.confidence == 0.7
    assert "let's talk about" in talk.note


def test_a_question_after_a_long_answer_is_a_low_confidence_guess() -> None:
    snaps = snaps_of(
        "Welcome to the show.",
        *[ANSWER] * 12,
        "So what happened to the lighthouse keepers after the war?",
        "They left.",
    )
    found = ChaptersTool().tag(snaps, ToolContext(lexicon=load_lexicon("en")))
    assert rows(found) == [("s1", "Introduction"), ("s14", "Lighthouse keepers")]
    guess = found[1]
    assert 0.3 <= guess.confidence <= 0.5 and "a guess" in guess.note and "208 words" in guess.note


def test_a_short_exchange_of_questions_is_not_a_chapter() -> None:
    snaps = snaps_of("Hello.", "Where were you born?", "In Leeds.", "And where did you grow up?", "In Hull.")
    assert rows(ChaptersTool().tag(snaps, ToolContext())) == [("s1", "Introduction")]


def test_a_topic_announced_before_the_break_starts_after_it() -> None:
    snaps = snaps_of(
        "Welcome back.",
        "When we come back I want to ask you about the bakery.",
        "This episode is brought to you by Knobcraft.",
        "Knobcraft makes controllers.",
        "So, how does a bakery become a studio?",
        "Slowly.",
    )
    found = ChaptersTool().tag(snaps, ToolContext(settings={"min_gap": 1}))
    assert rows(found) == [("s1", "Introduction"), ("s5", "Bakery")]
    assert found[1].confidence <= 0.6 and "announced before the break" in found[1].note


def test_chapters_keep_their_distance_and_titles_stay_short() -> None:
    topic = "a really quite extraordinarily long subject that nobody could ever fit on one line of a menu"
    snaps = snaps_of(
        "Hi.", f"Let's talk about {topic}.", "Moving on to gardens.", *["Fine."] * 20, "Next topic is ivy."
    )
    found = ChaptersTool().tag(snaps, ToolContext())
    assert [p.first_segment_id for p in found] == ["s1", "s2", "s24"]  # "moving on" was too close
    assert all(len(p.value) <= 60 and p.value[0].isupper() for p in found)
    assert found[1].value.startswith("Really quite") and found[2].value == "Ivy"
    spaced = ChaptersTool().tag(snaps, ToolContext(settings={"min_gap": 1}))
    assert [p.first_segment_id for p in spaced] == ["s1", "s2", "s3", "s24"]


def test_empty_input() -> None:
    assert ChaptersTool().tag([], ToolContext()) == []
