"""Exporters: golden files per format and mode, the registry, and each format's own rules.

Golden files live in tests/data/formats/expected/. After a deliberate output change,
regenerate them with ``GALLEY_UPDATE_GOLDEN=1 pytest tests/formats -k writer`` and read
the diff before committing it.
"""

from __future__ import annotations

import io
import json
import os
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import docx
import pytest

from editor.core.document import Document
from editor.core.model import Metadata, Segment, Speaker, Tag
from editor.formats.errors import FormatError
from editor.formats.readers import plain_text
from editor.formats.writers import WRITERS, export_bytes, writer_for, writer_for_path
from editor.formats.writers.base import ExportOptions

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "formats" / "expected"
UPDATE = os.environ.get("GALLEY_UPDATE_GOLDEN") == "1"

VERBATIM = ExportOptions()
CLEAN = ExportOptions(mode="clean", fillers=("um", "you know"))
TEXT_WRITERS = [w.name for w in WRITERS if not w.binary and w.name != "project"]


def sample_document() -> Document:
    """Two speakers with times, an ad over two segments, fillers, abbreviations, a decimal,
    a blank segment, and a long turn (8 sentences) that clean mode splits after 6."""
    s = Segment
    segments = [
        s("s1", "Welcome back to the show.", "sp1", 0.0, 2.5),
        s(
            "s2",
            "Um, today I'm talking with Dr. Okafor about sleep, you know, and why it matters.",
            "sp1",
            2.5,
            7.0,
        ),
        s("s3", "Thanks for having me, um, it's great to be here.", "sp2", 7.4, 10.0),
        s("s4", "This episode is brought to you by Acme Mattress.", "sp1", 10.0, 13.0),
        s("s5", "Use code SLEEP for 20% off & free shipping.", "sp1", 13.0, 15.5),
        s("s6", "So, how much sleep do we need?", "sp1", 16.0, 18.0),
        s("s7", "Most adults need 7 to 9 hours, e.g. a typical night of 7.5 hours.", "sp2", 18.5, 23.0),
        s("s8", "Teenagers need more. Mr. Lee, my old teacher, slept 10 hours.", "sp2", 23.0, 27.5),
        s("s9", "Um, that's unusual. Children need even more.", "sp2", 27.5, 31.0),
        s("s10", "Sleep debt adds up. You can't fully repay it on weekends.", "sp2", 31.0, 35.0),
        s("s11", "Consistency matters most.", "sp2", 35.0, 37.0),
        s("s12", "   ", "sp2", 37.0, 37.5),
        s("s13", "Great advice. Thanks, Sam!", "sp1", 38.0, 40.0),
    ]
    return Document(
        segments,
        [Speaker("sp1", "Maya"), Speaker("sp2", "Sam")],
        metadata=Metadata(title="Sleep Well, Episode 12", language="en"),
        tags=[
            Tag("t1", "ad", "s4", "s5", title="Acme Mattress", note="use code SLEEP"),
            Tag("t2", "chapter", "s1", "s3", title="Welcome"),
            Tag("t3", "chapter", "s6", "s13", title="How much sleep we need"),
        ],
    )


def untimed_document(*texts: str) -> Document:
    """Segments without times, as plain text gives them."""
    return Document([Segment(f"s{i}", t) for i, t in enumerate(texts, start=1)])


@pytest.fixture
def doc() -> Document:
    return sample_document()


def check_golden(name: str, data: bytes) -> None:
    """Compare ``data`` with the golden file ``name`` (or rewrite it when updating)."""
    path = EXPECTED / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert data.decode("utf-8") == path.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- golden files


@pytest.mark.parametrize("options", [VERBATIM, CLEAN], ids=["verbatim", "clean"])
@pytest.mark.parametrize("name", TEXT_WRITERS)
def test_writer_output_matches_golden_file(doc: Document, name: str, options: ExportOptions) -> None:
    writer = writer_for(name)
    check_golden(f"sample-{options.mode}{writer.extension}", export_bytes(doc, name, options))


@pytest.mark.parametrize("name", TEXT_WRITERS)
@pytest.mark.parametrize("options", [VERBATIM, CLEAN], ids=["verbatim", "clean"])
def test_text_writers_give_utf8_with_lf_and_one_final_newline(
    doc: Document, name: str, options: ExportOptions
) -> None:
    data = export_bytes(doc, name, options)
    text = data.decode("utf-8")
    assert "\r" not in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_clean_text_with_stamps_and_wrap(doc: Document) -> None:
    options = ExportOptions(mode="clean", fillers=("um", "you know"), timestamps=True, wrap_width=40)
    check_golden("sample-clean-options.txt", export_bytes(doc, "text", options))
    for line in export_bytes(doc, "text", options).decode().splitlines():
        assert len(line) <= 40


# ----------------------------------------------------------------------------- registry


def test_registry_lists_every_format_in_order() -> None:
    assert [w.name for w in WRITERS] == [
        "text",
        "markdown",
        "html",
        "docx",
        "srt",
        "webvtt",
        "podcast-transcript",
        "podcast-chapters",
        "show-notes",
        "json",
        "project",
    ]


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("text", "text"),
        ("txt", "text"),
        (".TXT", "text"),
        ("md", "markdown"),
        ("htm", "html"),
        ("html", "html"),
        ("docx", "docx"),
        ("srt", "srt"),
        ("vtt", "webvtt"),
        ("webvtt", "webvtt"),
        ("json", "json"),
        ("galley", "project"),
        (".galley.json", "project"),
        ("project", "project"),
        ("podcast-transcript", "podcast-transcript"),
        ("transcript.json", "podcast-transcript"),
        ("podcast-json", "podcast-transcript"),
        ("chapters", "podcast-chapters"),
        (".chapters.json", "podcast-chapters"),
        ("show-notes", "show-notes"),
        ("notes", "show-notes"),
        ("notes.md", "show-notes"),
    ],
)
def test_writer_for_accepts_names_and_extensions(key: str, name: str) -> None:
    assert writer_for(key).name == name


def test_writer_for_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(FormatError, match="unknown export format 'pdf'.*text, markdown"):
        writer_for("pdf")


def test_writer_for_path_prefers_the_longest_extension() -> None:
    assert writer_for_path("show.galley.json").name == "project"
    assert writer_for_path("show.json").name == "json"
    assert writer_for_path("Show.VTT").name == "webvtt"
    assert writer_for_path("ep12.transcript.json").name == "podcast-transcript"
    assert writer_for_path("ep12.chapters.json").name == "podcast-chapters"
    assert writer_for_path("ep12.notes.md").name == "show-notes"
    assert writer_for_path("ep12.md").name == "markdown"
    with pytest.raises(FormatError):
        writer_for_path("show.pdf")


def test_project_writer_has_no_clean_mode(doc: Document) -> None:
    with pytest.raises(FormatError, match="no clean mode"):
        export_bytes(doc, "project", CLEAN)


def test_project_writer_delegates_to_the_project_module(doc: Document) -> None:
    from editor.core.project import project_bytes

    assert export_bytes(doc, "galley") == project_bytes(doc)


@pytest.mark.parametrize(
    "changes",
    [
        {"mode": "tidy"},
        {"paragraph_max_sentences": 0},
        {"paragraph_max_words": 0},
        {"wrap_width": -1},
        {"pause_break": -1.0},
        {"fillers": "um"},
        {"pause_break": float("nan")},
        {"speaker_prefix": "sometimes"},
        {"speaker_case": "lower"},
    ],
)
def test_export_options_refuse_nonsense(changes: dict[str, object]) -> None:
    with pytest.raises((ValueError, TypeError)):
        ExportOptions(**changes)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- plain text


def test_verbatim_text_round_trips_a_fresh_plain_text_import() -> None:
    """The hard requirement: import a .txt, export verbatim, get its non-empty lines back."""
    path = EXPECTED / "roundtrip.txt"
    source = path.read_text(encoding="utf-8")
    document = plain_text.read(source, path)
    assert len({s.speaker_id for s in document.segments}) == 3  # Maya, Sam and no one
    exported = export_bytes(document, "text").decode("utf-8")
    assert exported.splitlines() == [line for line in source.splitlines() if line.strip()]


def test_round_trip_holds_for_segments_built_like_the_importer() -> None:
    # Independent of the importer's details: text without the prefix, original with it.
    document = Document(
        [
            Segment("s1", "Hello there.", "sp1", original="Ann: Hello there.", source_line=1),
            Segment("s2", "Again.", "sp1", original="Ann:  Again.", source_line=2),
            Segment("s3", "Carry on.", "sp1", original="Carry on.", source_line=3),
        ],
        [Speaker("sp1", "Ann")],
    )
    assert export_bytes(document, "text").decode() == "Ann: Hello there.\nAnn:  Again.\nCarry on.\n"


def test_verbatim_text_uses_the_edited_text_and_current_name() -> None:
    document = Document(
        [Segment("s1", "Hello, world.", "sp1", original="Ann: Helo world")],
        [Speaker("sp1", "Ann Lee")],
    )
    assert export_bytes(document, "text").decode() == "Ann Lee: Hello, world.\n"


# ----------------------------------------------------------------------------- subtitles


@pytest.mark.parametrize(("name", "label"), [("srt", "SRT"), ("vtt", "WebVTT")])
def test_subtitles_without_any_times_explain_what_to_do(name: str, label: str) -> None:
    with pytest.raises(FormatError) as caught:
        export_bytes(untimed_document("one", "two"), name)
    assert str(caught.value) == (
        f"{label} needs times for every segment; this transcript has none (it came from plain "
        "text). Export as text, Markdown, HTML or DOCX instead."
    )


def test_subtitles_name_the_first_segment_without_a_time() -> None:
    document = Document(
        [
            Segment("s1", "Timed.", None, 0.0, 1.0),
            Segment("s2", "  ", None),
            Segment("s3", "Not timed.", None),
            Segment("s4", "Also not.", None),
        ]
    )
    with pytest.raises(FormatError, match=r"segment 3 \('Not timed\.'\) has no start time"):
        export_bytes(document, "srt")


def test_clean_subtitles_ignore_untimed_segments_inside_ads() -> None:
    document = Document(
        [Segment("s1", "Timed.", None, 0.0, 1.0), Segment("s2", "Sponsor read.", None)],
        tags=[Tag("t1", "ad", "s2", "s2")],
    )
    assert b"Sponsor" not in export_bytes(document, "srt", CLEAN)
    with pytest.raises(FormatError):
        export_bytes(document, "srt", VERBATIM)


def test_cue_end_falls_back_to_next_start_then_to_reading_time() -> None:
    document = Document(
        [Segment("s1", "First.", None, 1.0, None), Segment("s2", "Second line here.", None, 3.0, None)]
    )
    assert export_bytes(document, "srt").decode() == (
        "1\n00:00:01,000 --> 00:00:03,000\nFirst.\n\n"
        "2\n00:00:03,000 --> 00:00:04,133\nSecond line here.\n"  # 17 chars at 15/s
    )


def test_cue_times_never_go_backwards_and_never_end_before_they_start() -> None:
    document = Document(
        [
            Segment("s1", "A.", None, 5.0, 4.0),
            Segment("s2", "B.", None, 3.0, 6.0),
            Segment("s3", "C.", None, 7.0, 7.0),
        ]
    )
    assert export_bytes(document, "vtt").decode() == (
        "WEBVTT\n\n"
        "00:00:05.000 --> 00:00:06.000\nA.\n\n"  # end before start: a reading-time estimate
        "00:00:05.000 --> 00:00:06.000\nB.\n\n"  # start 3.0 moved up to the previous 5.0
        "00:00:07.000 --> 00:00:08.000\nC.\n"
    )


def test_webvtt_escapes_text_and_voice_names() -> None:
    document = Document(
        [Segment("s1", "a < b && c --> d", "sp1", 0.0, 1.0)], [Speaker("sp1", "Tom & <Jerry>")]
    )
    cue = export_bytes(document, "vtt").decode().split("\n\n")[1]
    assert cue.splitlines()[1] == "<v Tom &amp; &lt;Jerry&gt;>a &lt; b &amp;&amp; c --&gt; d"


def test_srt_labels_only_speaker_changes_and_numbers_from_one(doc: Document) -> None:
    blocks = [b.split("\n") for b in export_bytes(doc, "srt").decode().rstrip("\n").split("\n\n")]
    assert [b[0] for b in blocks] == [str(i) for i in range(1, len(blocks) + 1)]
    labels = [b[2].split(":")[0] for b in blocks if b[2].startswith(("Maya:", "Sam:"))]
    assert labels == ["Maya", "Sam", "Maya", "Sam", "Maya"]


# ----------------------------------------------------------------------------- HTML


class _Structure(HTMLParser):
    """Collects start tags and text, and checks every opened element is closed."""

    VOID: ClassVar[frozenset[str]] = frozenset({"meta", "br"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_all_transcript_text() -> None:
    document = Document(
        [Segment("s1", '<script>alert("x")</script> & more', "sp1")],
        [Speaker("sp1", "<b>Eve</b>")],
        metadata=Metadata(title="</title><script>", language='en"><script>'),
    )
    page = export_bytes(document, "html").decode()
    assert "<script>" not in page
    assert '&lt;script&gt;alert("x")&lt;/script&gt; &amp; more' in page
    assert '<strong class="speaker">&lt;b&gt;Eve&lt;/b&gt;:</strong>' in page
    parser = _Structure()
    parser.feed(page)
    assert parser.open == [] and parser.tags.count("script") == 0


def test_html_is_a_complete_page(doc: Document) -> None:
    page = export_bytes(doc, "html", CLEAN).decode()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    parser = _Structure()
    parser.feed(page)
    assert parser.open == []
    assert parser.tags[:5] == ["html", "head", "meta", "meta", "title"]
    assert "Sleep Well, Episode 12" in parser.text


def test_html_without_title_still_has_a_title_element() -> None:
    page = export_bytes(untimed_document("Hi."), "html").decode()
    assert "<title>Transcript</title>" in page and "<h1>" not in page


# ----------------------------------------------------------------------------- Markdown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# not a heading", r"\# not a heading"),
        ("* not a bullet", r"\* not a bullet"),
        ("- not a bullet", r"\- not a bullet"),
        ("+ not a bullet", r"\+ not a bullet"),
        ("> not a quote", r"\> not a quote"),
        ("1984. A year.", r"1984\. A year."),
        ("---", r"\---"),
        ("snake_case and *stars* and `code`", r"snake\_case and \*stars\* and \`code\`"),
        ("[link](http://x) and <b>tag</b>", r"\[link\](http://x) and \<b>tag\</b>"),
        ("AT&T &amp; co", r"AT&T \&amp; co"),
        ("a #hashtag, C# and 50% off", "a #hashtag, C# and 50% off"),
        ("    four spaces", "four spaces"),
    ],
)
def test_markdown_escapes_what_would_render_wrongly(text: str, expected: str) -> None:
    assert export_bytes(untimed_document(text), "md").decode() == expected + "\n"


def test_markdown_escapes_block_starts_created_by_wrapping() -> None:
    options = ExportOptions(mode="clean", wrap_width=10)
    assert export_bytes(untimed_document("It was in 1984. Then - no."), "md").decode() == (
        "It was in 1984. Then - no.\n"
    )
    wrapped = export_bytes(untimed_document("It was in 1984. Then - no."), "md", options).decode()
    assert wrapped == "It was in\n1984\\. Then\n\\- no.\n"


def test_markdown_title_heading_escapes_hashes() -> None:
    options = ExportOptions(title="Episode #12 #")
    assert export_bytes(untimed_document("Hi."), "md", options).decode() == "# Episode \\#12 \\#\n\nHi.\n"


# ----------------------------------------------------------------------------- DOCX


def _docx_paragraphs(data: bytes) -> list[tuple[str, list[tuple[str, bool | None]]]]:
    document = docx.Document(io.BytesIO(data))
    return [(p.style.name, [(r.text, r.bold) for r in p.runs]) for p in document.paragraphs]


def test_docx_verbatim_is_readable_with_bold_names(doc: Document) -> None:
    data = export_bytes(doc, "docx")
    assert data[:2] == b"PK"
    paragraphs = _docx_paragraphs(data)
    assert paragraphs[0] == ("Heading 1", [("Sleep Well, Episode 12", None)])
    assert len(paragraphs) == 1 + 12  # the blank segment is left out
    assert paragraphs[1][1] == [
        ("[00:00:00] ", None),
        ("Maya:", True),
        (" ", None),
        ("Welcome back to the show.", None),
    ]
    said = "Um, today I'm talking with Dr. Okafor about sleep, you know, and why it matters."
    assert paragraphs[2][1] == [("[00:00:02] ", None), (said, None)]
    assert docx.Document(io.BytesIO(data)).core_properties.title == "Sleep Well, Episode 12"


def test_docx_clean_has_one_paragraph_per_clean_paragraph(doc: Document) -> None:
    paragraphs = _docx_paragraphs(export_bytes(doc, "docx", CLEAN))
    texts = ["".join(text for text, _ in runs) for _, runs in paragraphs[1:]]
    expected = EXPECTED.joinpath("sample-clean.txt").read_text(encoding="utf-8")
    assert texts == [p for p in expected.strip().split("\n\n")]
    bold = [text for _, runs in paragraphs for text, b in runs if b]
    assert bold == ["Maya:", "Sam:", "Maya:", "Sam:", "Maya:"]


def test_docx_drops_characters_xml_cannot_hold() -> None:
    data = export_bytes(untimed_document("bell\x07 and nul\x00 gone"), "docx")
    assert _docx_paragraphs(data) == [("Normal", [("bell and nul gone", None)])]


# ----------------------------------------------------------------------------- JSON


def test_json_verbatim_has_the_documented_fields(doc: Document) -> None:
    data = json.loads(export_bytes(doc, "json"))
    assert set(data) == {"title", "language", "mode", "speakers", "segments"}
    assert data["speakers"] == [{"id": "sp1", "name": "Maya"}, {"id": "sp2", "name": "Sam"}]
    assert len(data["segments"]) == len(doc.segments)
    assert data["segments"][2] == {
        "id": "s3",
        "speaker": "sp2",
        "start": 7.4,
        "end": 10.0,
        "text": "Thanks for having me, um, it's great to be here.",
    }


def test_json_clean_has_paragraphs(doc: Document) -> None:
    data = json.loads(export_bytes(doc, "json", CLEAN))
    assert set(data) == {"title", "language", "mode", "paragraphs"}
    assert data["paragraphs"][1] == {
        "speaker": "Sam",
        "start": 7.4,
        "end": 10.0,
        "text": "Thanks for having me it's great to be here.",
    }


def test_json_keeps_unicode_readable_and_nulls_for_missing_times() -> None:
    raw = export_bytes(untimed_document("café ☕"), "json").decode("utf-8")
    assert "café ☕" in raw
    assert json.loads(raw)["segments"][0] == {
        "id": "s1",
        "speaker": None,
        "start": None,
        "end": None,
        "text": "café ☕",
    }
