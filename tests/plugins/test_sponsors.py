"""The sponsors tool: ad reads found with their boundaries, sponsors named, talk left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from galley_sponsors.tool import SponsorsTool

from editor.core.lexicon import load_lexicon
from editor.formats import read_document
from editor.plugin_api import SegmentSnapshot, TagProposal, ToolContext
from editor.plugin_host.check import snapshot

DATA = Path(__file__).resolve().parents[1] / "data" / "tagging"


@pytest.fixture(scope="module")
def ctx() -> ToolContext:
    return ToolContext(lexicon=load_lexicon("en"))


def segments(*lines: str, speakers: tuple[str | None, ...] = ()) -> list[SegmentSnapshot]:
    return [
        SegmentSnapshot(f"s{i + 1}", i, text, speakers[i] if speakers else None, line=i + 1)
        for i, text in enumerate(lines)
    ]


def lines_of(proposals: list[TagProposal], snaps: list[SegmentSnapshot]) -> list[tuple[int, int]]:
    line = {s.id: s.line for s in snaps}
    return [(line[p.first_segment_id], line[p.last_segment_id]) for p in proposals]


def tag_file(name: str, ctx: ToolContext) -> tuple[list[TagProposal], list[SegmentSnapshot]]:
    snaps = snapshot(read_document(DATA / name))
    return SponsorsTool().tag(snaps, ctx), snaps


def test_every_read_of_the_interview_with_exact_boundaries(ctx: ToolContext) -> None:
    found, snaps = tag_file("interview-labelled.txt", ctx)
    # intro credit (1 line), host read from the credit to "back to the interview" (the
    # break announcement before it stays out), a short two-line credit, the outro thanks
    assert lines_of(found, snaps) == [(3, 3), (20, 27), (39, 40), (47, 47)]
    assert [p.value for p in found] == ["Dicebox", "Lanternfish", "Tallow Candle Co", "Dicebox"]
    assert {p.label for p in found} == {"ad"}
    assert [p.group for p in found] == [
        "sponsor:Dicebox",
        "sponsor:Lanternfish",
        "sponsor:Tallow Candle Co",
        "sponsor:Dicebox",
    ]


def test_confidence_grows_with_evidence_and_the_note_says_why(ctx: ToolContext) -> None:
    found, _ = tag_file("interview-labelled.txt", ctx)
    intro, long_read, short_credit, outro = found
    assert long_read.confidence > short_credit.confidence > outro.confidence >= 0.6
    assert long_read.confidence <= 0.97
    assert "code SIDEQUEST" in long_read.note and "ends at the return to the show" in long_read.note
    assert "brought to you by" in intro.note
    assert "thanks for supporting" in outro.note


def test_talk_about_websites_codes_and_discounts_is_not_an_ad(ctx: ToolContext) -> None:
    found, _ = tag_file("conversation.txt", ctx)
    assert found == []


def test_a_discount_mentioned_in_passing_is_at_most_a_weak_guess(ctx: ToolContext) -> None:
    snaps = segments(
        "It depends on the store really.",
        "I got forty percent off a printer in a sale once and felt like a millionaire.",
        "Anyway, the printer broke a week later.",
    )
    assert SponsorsTool().tag(snaps, ctx) == []
    weak = SponsorsTool().tag(snaps, ToolContext(lexicon=ctx.lexicon, settings={"min_confidence": 0.0}))
    assert len(weak) == 1 and weak[0].confidence < 0.3


def test_listeners_asked_to_get_involved_are_not_an_offer(ctx: ToolContext) -> None:
    snaps = segments(
        "So how can our listeners get involved with the count?",
        "Easy. The form is on our site, birdcount.org.uk, and it takes five minutes.",
        "And listeners get twenty percent off the field guide at birdcount.org.uk slash guide.",
    )
    [read] = SponsorsTool().tag(snaps, ctx)
    assert lines_of([read], snaps) == [(3, 3)]


def test_supported_by_needs_the_show_as_its_subject(ctx: ToolContext) -> None:
    talk = [
        "We started in a garage.",
        "The lab is supported by a grant from the council.",
        "So we could hire two people.",
    ]
    lead = ["Hello and welcome to Field Notes, the show about maps."] + [
        "We talk to people who draw maps."
    ] * 20
    assert SponsorsTool().tag(segments(*lead, *talk), ctx) == []
    credit = segments(*lead, "Field Notes is supported by Contour.", "So, where were we?")
    [read] = SponsorsTool().tag(credit, ctx)
    assert (read.first_segment_id, read.last_segment_id, read.value) == ("s22", "s22", "Contour")


def test_lower_case_speech_to_text_names_the_sponsor_as_the_transcript_spells_it(ctx: ToolContext) -> None:
    snaps = segments(
        "hello and welcome to the tide table",
        "this episode is supported by harbour light",
        "the tide app for sailors",
        "today my guest is a lifeboat captain",
        *["and we talk about the sea"] * 10,
        "Harbourlight shows you the tides for every harbour in the country",
        "go to harbour light dot app slash tides for a month free",
        "and now back to the show",
        "so where were we",
    )
    first, second = SponsorsTool().tag(snaps, ctx)
    # the credit takes the appositive after the name, not the guest introduction
    assert lines_of([first, second], snaps) == [(2, 3), (15, 17)]
    assert first.value == second.value == "Harbourlight"


def test_an_inserted_read_in_its_own_voice_is_taken_from_its_first_line(ctx: ToolContext) -> None:
    host, guest = "Nadia", "Sam"
    snaps = segments(
        "That's a great story.",
        "We'll get to the spreadsheet in a minute, but first, a quick break.",
        "Hey, it's Jordan from Pennywise.",
        "Budgeting apps are usually boring.",
        "Pennywise sorts your spending for you.",
        "Get your first month of Premium free.",
        "Okay, Sam, the spreadsheet.",
        "Right, the spreadsheet.",
        speakers=(host, host, "Ad voice", "Ad voice", "Ad voice", "Ad voice", host, guest),
    )
    [read] = SponsorsTool().tag(snaps, ctx)
    assert lines_of([read], snaps) == [(3, 6)]
    assert read.value == "Pennywise" and "a voice of its own" in read.note


def test_a_speaker_change_ends_a_read(ctx: ToolContext) -> None:
    snaps = segments(
        "This episode is brought to you by Lintwise.",
        "Lintwise is a linter that explains itself.",
        "I use it every day.",
        "Do you really?",
        speakers=("Maya", "Maya", "Maya", "Siobhan"),
    )
    [read] = SponsorsTool().tag(snaps, ctx)
    assert lines_of([read], snaps) == [(1, 3)]


def test_max_gap_setting_splits_or_joins_a_long_read(ctx: ToolContext) -> None:
    snaps = segments(
        "Today's show is brought to you by Knobcraft.",
        "The new controller has eight knobs.",
        "Each one has a little screen.",
        "It maps itself to most plugins.",
        "Head to knobcraft dot com slash signal and use code SIGNAL.",
        "Right, so where were we?",
    )
    [read] = SponsorsTool().tag(snaps, ctx)
    assert lines_of([read], snaps) == [(1, 5)]
    tight = SponsorsTool().tag(snaps, ToolContext(lexicon=ctx.lexicon, settings={"max_gap": 0}))
    assert lines_of(tight, snaps) == [(1, 1), (5, 5)]


def test_works_without_a_lexicon_and_on_nothing() -> None:
    assert SponsorsTool().tag([], ToolContext()) == []
    [read] = SponsorsTool().tag(segments("Use the promo code RIVER10 for ten percent off."), ToolContext())
    assert read.label == "ad" and "code RIVER10" in read.note


def test_the_demo_reads_are_found_with_the_answer_keys_boundaries(ctx: ToolContext) -> None:
    from editor.paths import demo_transcript

    snaps = snapshot(read_document(demo_transcript()))
    found = SponsorsTool().tag(snaps, ctx)
    assert lines_of(found, snaps) == [(5, 7), (130, 143), (304, 304)]
    assert {p.value for p in found} == {"Lintwise"}
