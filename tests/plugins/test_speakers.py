"""The speakers tool: labels left in the text, names for ASR ids, guessed turns in raw text."""

from __future__ import annotations

import itertools
from pathlib import Path

from galley_speakers.tool import SpeakersTool

from editor.formats import read_document
from editor.plugin_api import SegmentSnapshot, TagProposal, ToolContext
from editor.plugin_host.check import snapshot

DATA = Path(__file__).resolve().parents[1] / "data" / "tagging"


def tag(name: str, **settings: object) -> tuple[list[TagProposal], list[SegmentSnapshot]]:
    snaps = snapshot(read_document(DATA / name))
    return SpeakersTool().tag(snaps, ToolContext(settings=settings)), snaps


def rows(proposals: list[TagProposal], snaps: list[SegmentSnapshot]) -> list[tuple[int, int, str, str]]:
    """(first segment number, last segment number, value, group), 1-based."""
    number = {s.id: s.index + 1 for s in snaps}
    return [(number[p.first_segment_id], number[p.last_segment_id], p.value, p.group) for p in proposals]


def test_a_labelled_transcript_gets_no_proposals() -> None:
    found, _ = tag("interview-labelled.txt")
    assert found == []


def test_chevron_markers_start_turns_of_unknown_speakers_and_named_ones() -> None:
    found, snaps = tag("chevrons.txt")
    assert rows(found, snaps) == [
        (1, 2, "", "turn-marker"),
        (3, 3, "", "turn-marker"),
        (4, 5, "Anna", "prefix:Anna"),
        (6, 6, "", "turn-marker"),
    ]
    assert found[0].confidence == 0.8 and "name unknown" in found[0].note
    assert found[2].confidence == 0.6 and "once" in found[2].note  # a one-off prefix may be prose


def test_bracketed_asr_ids_are_named_from_what_is_said() -> None:
    found, snaps = tag("asr-brackets.txt")
    assert rows(found, snaps) == [
        (1, 1, "Ruth Adeyemi", "speaker-id:SPEAKER_00"),
        (2, 2, "Ruth Adeyemi", "speaker-id:SPEAKER_00"),
        (3, 3, "Kenji Mori", "speaker-id:SPEAKER_01"),
        (4, 4, "Ruth Adeyemi", "speaker-id:SPEAKER_00"),
        (5, 6, "Kenji Mori", "speaker-id:SPEAKER_01"),  # the unlabelled line continues the turn
        (7, 7, "SPEAKER_02", "speaker-id:SPEAKER_02"),  # nothing names this id: the label itself
    ]
    ruth, kenji = found[0], found[2]
    assert "says “Ruth Adeyemi” of themselves" in ruth.note
    assert "introduced as" in kenji.note and kenji.confidence < ruth.confidence


def test_unnamed_speakers_of_an_import_get_rename_proposals() -> None:
    found, snaps = tag("voices.vtt")
    assert {s.speaker for s in snaps} == {"SPEAKER_00", "SPEAKER_01"}
    assert rows(found, snaps) == [
        (1, 2, "Ruth Adeyemi", "speaker-id:SPEAKER_00"),
        (3, 3, "Kenji Mori", "speaker-id:SPEAKER_01"),
        (4, 4, "Ruth Adeyemi", "speaker-id:SPEAKER_00"),
        (5, 5, "Kenji Mori", "speaker-id:SPEAKER_01"),
    ]


def test_an_id_nothing_names_gets_no_rename() -> None:
    snaps = [
        SegmentSnapshot("a", 0, "It rained all day.", "SPEAKER_00"),
        SegmentSnapshot("b", 1, "Did it?", "SPEAKER_01"),
    ]
    assert SpeakersTool().tag(snaps, ToolContext()) == []


def test_unlabelled_text_gets_guessed_turns_with_honest_confidence() -> None:
    found, snaps = tag("raw-asr.txt")
    starts = {
        number: p
        for p in found
        for number in [next(s.index + 1 for s in snaps if s.id == p.first_segment_id)]
    }
    welcome, answer, farewell = starts[4], starts[7], starts[19]
    assert (welcome.value, welcome.confidence) == ("Kenji Mori", 0.75)
    assert welcome.note == "welcome then thanks; Kenji Mori as the one who answers"
    assert answer.confidence == 0.6 and answer.note.startswith("question then “yeah”: a guess")
    assert answer.group == "turn-after-question" and answer.value == "Kenji Mori"
    assert farewell.value == "Kenji Mori"
    assert starts[1].value == "Ruth Adeyemi" and starts[1].group == "asks-question"
    assert 3 not in starts  # "Kenji, welcome to the show." is the host, after introducing him
    guesses = [p for n, p in starts.items() if n != 1]
    assert all(p.confidence <= 0.75 for p in guesses)
    assert all("a guess" in p.note for p in guesses if p.confidence < 0.7)
    # proposals are whole turns: each ends where the next one starts
    ordered = sorted(rows(found, snaps))
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(ordered)) and ordered[-1][1] == len(snaps)


def test_guessing_can_be_switched_off_and_weak_guesses_filtered() -> None:
    assert tag("raw-asr.txt", guess_turns=False)[0] == []
    sure, _ = tag("raw-asr.txt", min_confidence=0.7)
    assert {p.confidence for p in sure} == {0.75}


def test_unpunctuated_question_then_answer_opener() -> None:
    lines = [
        "so how did you end up doing this",
        "because nobody plans that",
        "oh no definitely not",
        "I studied physics",
    ]
    snaps = [SegmentSnapshot(f"s{i}", i, text) for i, text in enumerate(lines)]
    found = SpeakersTool().tag(snaps, ToolContext())
    assert [(p.first_segment_id, p.last_segment_id) for p in found] == [("s0", "s1"), ("s2", "s3")]
    assert found[1].confidence == 0.55 and found[1].group == "turn-after-question"
