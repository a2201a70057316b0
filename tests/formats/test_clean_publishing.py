"""Clean exports for publishing: language filler lists, left-out passages, paragraph rules,
time stamps and accepted fixes, as a producer sees them in the exported file."""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path

import pytest

from editor.core.document import Document
from editor.core.model import Metadata, Replacement, Segment, Speaker, Tag
from editor.formats import export_bytes
from editor.formats.clean import (
    FILLER_MIN_CONFIDENCE,
    clean_text,
    filler_pattern,
    language_fillers,
    omitted_segment_ids,
    paragraphs,
)
from editor.formats.writers.base import ExportOptions
from editor.paths import resources_dir, user_data_dir

FILLER_LISTS = resources_dir() / "fillers"
LANGUAGES = sorted(p.stem for p in FILLER_LISTS.glob("*.txt"))
CLEAN = ExportOptions(mode="clean")
SPEAKERS = [Speaker("a", "Ann"), Speaker("b", "Ben")]


def doc_of(*rows: tuple, language: str = "en", tags=()) -> Document:
    """A document from ``(text, speaker[, start, end])`` rows; ids s1, s2 ..."""
    segments = []
    for i, (text, speaker, *times) in enumerate(rows, start=1):
        start, end = times if times else (None, None)
        segments.append(Segment(f"s{i}", text, speaker, start, end))
    return Document(segments, SPEAKERS, tags=list(tags), metadata=Metadata(title="Show", language=language))


def clean_md(doc: Document, **options: object) -> str:
    return export_bytes(doc, "md", ExportOptions(mode="clean", **options)).decode()  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- one source of truth


def _plugin_lists_module():
    """The fillers tool's list reader, loaded from its file (formats never import it)."""
    path = Path(__file__).resolve().parents[2] / "plugins" / "fillers" / "galley_fillers" / "lists.py"
    spec = importlib.util.spec_from_file_location("_galley_fillers_lists_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.mark.parametrize("language", LANGUAGES)
def test_export_reads_the_same_filler_lists_as_the_fillers_tool(language: str) -> None:
    lists = _plugin_lists_module()
    tool = lists.load_filler_list(language, [FILLER_LISTS], logging.getLogger("test"))
    ours = language_fillers(language, [FILLER_LISTS])
    assert ours.language == language and ours.sources == (FILLER_LISTS / f"{language}.txt",)
    assert {lists.normalize(h) for h in ours.hesitations} == set(tool.hesitations)
    assert set(ours.fillers) == {
        e.text for e in tool.entries if e.group == "discourse" and e.confidence >= FILLER_MIN_CONFIDENCE
    }


def test_per_user_list_adds_and_removes_entries(tmp_path: Path) -> None:
    user = tmp_path / "fillers"
    user.mkdir()
    (user / "en.txt").write_text("[hesitation]\nmhm\n!um\n[discourse]\nright | 0.9\n", "utf-8")
    found = language_fillers("en-GB", [FILLER_LISTS, user])
    assert found.language == "en" and len(found.sources) == 2
    assert "mhm" in found.hesitations and "um" not in found.hesitations
    assert "right" in found.fillers and "so" not in found.fillers  # "so" is below 0.5


def test_the_per_user_folder_is_read_by_export() -> None:
    folder = user_data_dir() / "fillers"  # GALLEY_HOME points at a temporary folder in tests
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "en.txt").write_text("[hesitation]\nmhm\n", "utf-8")
    assert clean_md(doc_of(("Mhm, yes.", "a"))) == "# Show\n\n**Ann:** Yes.\n"


# ----------------------------------------------------------------------------- fillers per language


@pytest.mark.parametrize(
    ("language", "said", "clean"),
    [
        ("en", "Um, it was, you know, fine. Ummmm, and, I mean, yes.", "It was fine. And yes."),
        ("en", "Do you know the way? I like it.", "Do you know the way? I like it."),
        ("de", "Ähm, das ist, weißt du, gut. Er kommt, äh, morgen.", "Das ist gut. Er kommt morgen."),
        ("fr", "Euh, c'est, tu vois, bien. Ben, voilà.", "C'est bien. Voilà."),
        ("es", "Em, es, o sea, bueno. Eh, vale.", "Es bueno. Vale."),
    ],
)
def test_fillers_are_removed_with_the_list_of_the_documents_language(
    language: str, said: str, clean: str
) -> None:
    doc = doc_of((said, None), language=language)
    assert paragraphs(doc, CLEAN)[0].text == clean
    # Verbatim stays verbatim.
    assert export_bytes(doc, "txt").decode() == said + "\n"


def test_german_er_is_a_pronoun_not_a_hesitation() -> None:
    # English lists "er" as a hesitation; German does not, and export never borrows lists.
    assert (
        paragraphs(doc_of(("Er sagt, er kommt.", None), language="de"), CLEAN)[0].text == "Er sagt, er kommt."
    )


def test_a_language_without_a_list_removes_only_the_fillers_given() -> None:
    doc = doc_of(("Ehm, allora, ehm, sì.", None), language="it")
    assert language_fillers("it").sources == ()
    assert paragraphs(doc, CLEAN)[0].text == "Ehm, allora, ehm, sì."
    assert paragraphs(doc, ExportOptions(mode="clean", fillers=("ehm",)))[0].text == "Allora sì."


def test_language_fillers_can_be_turned_off_and_extra_fillers_added() -> None:
    doc = doc_of(("Um, like, it is, basically, done.", None))
    assert paragraphs(doc, CLEAN)[0].text == "It is done."
    assert (
        paragraphs(doc, ExportOptions(mode="clean", language_fillers=False))[0].text == doc.segments[0].text
    )
    only_basically = ExportOptions(mode="clean", language_fillers=False, fillers=("basically",))
    assert paragraphs(doc, only_basically)[0].text == "Um, like, it is done."


def test_drawn_out_hesitations_match_their_entry() -> None:
    pattern = filler_pattern((), ("umm", "uh"))
    assert clean_text("Ummmmm, uhhh, UMM, uh, yes.", pattern) == "Uhhh yes."  # "uh" is not "uhh"


# ----------------------------------------------------------------------------- left out


def test_ad_and_cut_tags_are_left_out_of_every_clean_export() -> None:
    doc = doc_of(
        ("Welcome to the show.", "a", 0.0, 2.0),
        ("This episode is sponsored by Acme.", "a", 2.0, 4.0),
        ("Oops, let me say that again.", "a", 4.0, 6.0),
        ("So, our guest today is Ben.", "a", 6.0, 8.0),
        tags=[Tag("t1", "Ad", "s2", "s2", title="Acme"), Tag("t2", "cut", "s3", "s3")],
    )
    assert omitted_segment_ids(doc) == {"s2", "s3"}
    for name in ("txt", "md", "html", "json", "srt", "vtt", "podcast-transcript"):
        text = export_bytes(doc, name, CLEAN).decode()
        assert "Acme" not in text and "Oops" not in text and "our guest" in text, name
        assert "Acme" in export_bytes(doc, name).decode(), name  # verbatim keeps everything
    # The cut ends the paragraph even though the speaker goes on.
    assert [p.text for p in paragraphs(doc, CLEAN)] == ["Welcome to the show.", "So, our guest today is Ben."]


# ----------------------------------------------------------------------------- paragraph rules


def test_a_paragraph_breaks_at_speaker_changes_pauses_sentences_and_words() -> None:
    doc = doc_of(
        ("One. Two.", "a", 0.0, 2.0),
        ("Three.", "a", 2.2, 3.0),
        ("Four five six seven.", "a", 6.0, 8.0),  # after a 3 s pause
        ("Reply.", "b", 8.1, 9.0),
        ("Eight nine ten eleven twelve.", "b", 9.0, 10.0),
    )
    assert [p.text for p in paragraphs(doc, ExportOptions(mode="clean", pause_break=2.5))] == [
        "One. Two. Three.",
        "Four five six seven.",
        "Reply. Eight nine ten eleven twelve.",
    ]
    assert [p.text for p in paragraphs(doc, ExportOptions(mode="clean", paragraph_max_sentences=2))] == [
        "One. Two.",
        "Three. Four five six seven.",
        "Reply. Eight nine ten eleven twelve.",
    ]
    assert [p.text for p in paragraphs(doc, ExportOptions(mode="clean", paragraph_max_words=5))] == [
        "One. Two. Three.",
        "Four five six seven.",
        "Reply.",
        "Eight nine ten eleven twelve.",
    ]


def test_paragraph_time_stamps_are_hours_minutes_seconds_at_the_paragraph_start() -> None:
    doc = doc_of(("Hello there.", "a", 754.4, 756.0), ("Hi.", "b", 3725.0, 3726.0), ("No time.", "a"))
    stamped = clean_md(doc, timestamps=True)
    assert (
        stamped
        == "# Show\n\n[00:12:34] **Ann:** Hello there.\n\n[01:02:05] **Ben:** Hi.\n\n**Ann:** No time.\n"
    )
    text = export_bytes(doc, "txt", ExportOptions(mode="clean", timestamps=True)).decode()
    assert text.splitlines()[0] == "[00:12:34] Ann: Hello there."
    html = export_bytes(doc, "html", ExportOptions(mode="clean", timestamps=True)).decode()
    assert '<span class="time">[01:02:05]</span>' in html
    assert "[00:12:34]" not in clean_md(doc)


def test_accepted_fixes_are_already_the_documents_text() -> None:
    doc = doc_of(("We use pie torch on cooper netties.", "a"))
    segment = doc.segments[0]
    fixes = [
        Replacement(segment.id, 7, 16, "PyTorch", "pie torch"),
        Replacement(segment.id, 20, 34, "Kubernetes", "cooper netties"),
    ]
    assert doc.apply_replacements(fixes, "Accept") == 2
    assert clean_md(doc) == "# Show\n\n**Ann:** We use PyTorch on Kubernetes.\n"
    assert "PyTorch" in export_bytes(doc, "txt").decode()
