"""Podcast exports: Podcasting 2.0 transcript and chapters JSON (validated against schemas
derived from the published field lists), show notes, and speaker names in subtitles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from editor.core.document import Document
from editor.core.model import Metadata, Segment, Speaker, Tag
from editor.formats import export_bytes
from editor.formats.errors import FormatError
from editor.formats.writers.base import ExportOptions

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"
CLEAN = ExportOptions(mode="clean")


def validator(name: str) -> Any:
    return jsonschema_rs.validator_for(json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8")))


def assert_valid(name: str, data: bytes) -> dict[str, Any]:
    document = json.loads(data)
    errors = [str(e).splitlines()[0] for e in validator(name).iter_errors(document)]
    assert errors == [], errors
    return document


def episode(**changes: Any) -> Document:
    """A timed two-person episode with an ad read, two chapters and an untitled marker."""
    segments = [
        Segment("s1", "Um, welcome to the build log.", "sp1", 0.0, 2.5),
        Segment("s2", "Today my guest is Siobhan.", "sp1", 2.5, 5.0),
        Segment("s3", "Thanks, it's great to be here.", "sp2", 5.2, 7.0),
        Segment("s4", "This show is supported by Lintwise.", "sp3", 7.0, 9.5),
        Segment("s5", "How did you start?", "sp1", 10.0, 11.5),
        Segment("s6", "With physics, uh, simulations.", "sp2", 11.6, 14.0),
        Segment("s7", "  ", "sp2", 14.0, 14.2),
        Segment("s8", "Thanks for listening.", None, 15.0, None),
    ]
    tags = [
        Tag("t1", "chapter", "s1", "s3", title="Introduction"),
        Tag("t2", "ad", "s4", "s4", title="Lintwise", note="the linter that explains itself"),
        Tag(
            "t3",
            "chapter",
            "s5",
            "s7",
            title="From physics to infrastructure",
            note="https://example.com/physics",
        ),
        Tag("t4", "Chapter", "s8", "s8"),
    ]
    fields: dict[str, Any] = {
        "segments": segments,
        "speakers": [
            Speaker("sp1", "Maya Okafor"),
            Speaker("sp2", "Siobhan Nguyen"),
            Speaker("sp3", "Announcer"),
        ],
        "tags": tags,
        "metadata": Metadata(title="The Build Log #41", language="en"),
    }
    fields.update(changes)
    return Document(**fields)


# ----------------------------------------------------------------------------- transcript JSON


@pytest.mark.parametrize("options", [ExportOptions(), CLEAN], ids=["verbatim", "clean"])
def test_transcript_json_matches_the_published_field_list(options: ExportOptions) -> None:
    data = assert_valid("podcast-transcript", export_bytes(episode(), "podcast-transcript", options))
    assert data["version"] == "1.0.0"
    assert all(isinstance(s["startTime"], float) for s in data["segments"])
    starts = [s["startTime"] for s in data["segments"]]
    assert starts == sorted(starts)


def test_transcript_json_segments() -> None:
    verbatim = json.loads(export_bytes(episode(), "podcast-transcript"))["segments"]
    assert verbatim[0] == {
        "speaker": "Maya Okafor",
        "startTime": 0.0,
        "endTime": 2.5,
        "body": "Um, welcome to the build log.",
    }
    assert len(verbatim) == 7  # the blank segment is left out
    assert verbatim[-1] == {"startTime": 15.0, "body": "Thanks for listening."}  # no speaker, no end: omitted
    clean = json.loads(export_bytes(episode(), "podcast-transcript", CLEAN))["segments"]
    assert [s["body"] for s in clean] == [
        "Welcome to the build log.",
        "Today my guest is Siobhan.",
        "Thanks, it's great to be here.",
        "How did you start?",
        "With physics simulations.",
        "Thanks for listening.",
    ]


def test_transcript_json_keeps_starts_in_order_and_drops_ends_before_starts() -> None:
    doc = Document([Segment("s1", "A.", None, 5.0, 4.0), Segment("s2", "B.", None, 3.0, 6.0)])
    data = assert_valid("podcast-transcript", export_bytes(doc, "podcast-transcript"))
    assert data["segments"] == [
        {"startTime": 5.0, "body": "A."},
        {"startTime": 5.0, "endTime": 6.0, "body": "B."},
    ]


def test_transcript_json_refuses_segments_without_times() -> None:
    untimed = Document([Segment("s1", "Plain text."), Segment("s2", "More.")])
    with pytest.raises(
        FormatError,
        match=r"^Podcasting 2\.0 transcript JSON needs times for every segment; this transcript has none",
    ):
        export_bytes(untimed, "podcast-transcript")
    partly = Document([Segment("s1", "Timed.", None, 0.0, 1.0), Segment("s2", "Typed in later.")])
    with pytest.raises(FormatError, match=r"segment 2 \('Typed in later\.'\) has no start time"):
        export_bytes(partly, "podcast-transcript")


def test_transcript_json_is_readable_utf8() -> None:
    doc = Document([Segment("s1", "Café ☕ «ok»", None, 0.0, 1.0)])
    assert "Café ☕ «ok»" in export_bytes(doc, "podcast-transcript").decode("utf-8")


# ----------------------------------------------------------------------------- chapters JSON


def test_chapters_json_matches_the_published_field_list() -> None:
    data = assert_valid("podcast-chapters", export_bytes(episode(), "podcast-chapters"))
    assert data == {
        "version": "1.2.0",
        "title": "The Build Log #41",
        "chapters": [
            {"startTime": 0.0, "title": "Introduction", "endTime": 7.0},
            {
                "startTime": 10.0,
                "title": "From physics to infrastructure",
                "endTime": 14.2,
                "url": "https://example.com/physics",
            },
            {"startTime": 15.0, "toc": False},  # untitled: a silent marker; its end is unknown
        ],
    }
    assert export_bytes(episode(), "podcast-chapters", CLEAN) == export_bytes(episode(), "podcast-chapters")


def test_chapters_are_sorted_by_time_and_fractions_kept() -> None:
    segments = [Segment(f"s{i}", f"Line {i}.", None, t, t + 1.0) for i, t in enumerate([0.0, 61.25, 3600.5])]
    tags = [
        Tag("b", "chapter", "s2", "s2", title="Second"),
        Tag("a", "chapter", "s0", "s0", title="First"),
        Tag("c", "chapter", "s1", "s1", title="Third"),
    ]
    doc = Document(segments, tags=tags)
    data = assert_valid("podcast-chapters", export_bytes(doc, "podcast-chapters"))
    assert [(c["title"], c["startTime"]) for c in data["chapters"]] == [
        ("First", 0.0),
        ("Third", 61.25),
        ("Second", 3600.5),
    ]
    assert "title" not in data  # no episode title known


def test_chapters_json_without_chapters_or_times_is_a_clear_error() -> None:
    with pytest.raises(
        FormatError, match="has no chapters. Tag the segments of each chapter with the label 'chapter'"
    ):
        export_bytes(episode(tags=[]), "podcast-chapters")
    doc = Document(
        [Segment("s1", "Hi."), Segment("s2", "Topic.")], tags=[Tag("t", "chapter", "s2", "s2", title="Topic")]
    )
    with pytest.raises(FormatError, match="chapter 'Topic' starts at segment 2, which has no time"):
        export_bytes(doc, "podcast-chapters")


# ----------------------------------------------------------------------------- show notes


def test_show_notes_list_chapters_speakers_and_sponsors() -> None:
    assert export_bytes(episode(), "show-notes").decode() == (
        "# The Build Log \\#41\n\n"
        "## Chapters\n\n"
        "- 00:00 Introduction\n"
        "- 00:10 From physics to infrastructure\n\n"
        "## Speakers\n\n"
        "- Maya Okafor\n"
        "- Siobhan Nguyen\n\n"  # the announcer speaks only in the ad
        "## Sponsors\n\n"
        "- Lintwise — the linter that explains itself\n"
    )


def test_show_notes_options_and_long_episodes() -> None:
    doc = episode(segments=[*episode().segments, Segment("s9", "Bonus.", "sp1", 3700.0, 3710.0)])
    doc.add_tag("chapter", "s9", title="Bonus *round*")
    notes = export_bytes(doc, "show-notes", ExportOptions(sponsors=False, title="Ep 41")).decode()
    assert notes.startswith("# Ep 41\n\n## Chapters\n\n- 00:00:00 Introduction\n")
    assert "- 01:01:40 Bonus \\*round\\*" in notes and "Sponsors" not in notes


def test_show_notes_of_an_untagged_plain_transcript() -> None:
    doc = Document([Segment("s1", "Hello.", "a")], [Speaker("a", "Ann")])
    assert export_bytes(doc, "show-notes").decode() == "## Speakers\n\n- Ann\n"


# ----------------------------------------------------------------------------- subtitles


def cues(data: bytes) -> list[str]:
    return [block.splitlines()[-1] for block in data.decode().strip().split("\n\n") if "-->" in block]


def test_srt_speaker_prefix_at_turns_on_every_cue_or_nowhere_in_either_case() -> None:
    doc = episode()
    assert cues(export_bytes(doc, "srt", CLEAN))[:4] == [
        "Maya Okafor: Welcome to the build log.",
        "Today my guest is Siobhan.",
        "Siobhan Nguyen: Thanks, it's great to be here.",
        "Maya Okafor: How did you start?",
    ]
    every = cues(
        export_bytes(doc, "srt", ExportOptions(mode="clean", speaker_prefix="every", speaker_case="upper"))
    )
    assert every[:2] == ["MAYA OKAFOR: Welcome to the build log.", "MAYA OKAFOR: Today my guest is Siobhan."]
    assert every[-1] == "Thanks for listening."  # no speaker, no prefix
    assert (
        cues(export_bytes(doc, "srt", ExportOptions(speaker_prefix="none")))[0]
        == "Um, welcome to the build log."
    )


def test_webvtt_voices_every_cue_of_a_named_speaker() -> None:
    text = cues(export_bytes(episode(), "vtt", CLEAN))
    assert text[:2] == [
        "<v Maya Okafor>Welcome to the build log.",
        "<v Maya Okafor>Today my guest is Siobhan.",
    ]
    assert text[-1] == "Thanks for listening."
