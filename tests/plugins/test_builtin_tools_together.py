"""All five built-in tools through the real host on the demo: review decisions stick."""

from __future__ import annotations

import pytest

from editor.core import review
from editor.core.document import Document
from editor.core.glossary import read_glossary
from editor.core.user_dictionary import PersonalDictionary
from editor.formats import read_document
from editor.paths import demo_glossary, demo_transcript
from editor.plugin_host.check import Checker, default_registry


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(default_registry())


@pytest.fixture
def doc() -> Document:
    document = read_document(demo_transcript())
    document.set_glossary(read_glossary(demo_glossary()))
    document.mark_saved()
    return document


def group_of(doc: Document, text: str) -> review.FindingGroup:
    return next(g for g in review.group_findings(review.visible_findings(doc)) if g.text == text)


def test_every_builtin_tool_contributes_and_none_fails(checker: Checker, doc: Document) -> None:
    report = checker.check(doc)
    assert report.errors == []
    assert {f.tool for f in report.findings} == {"spelling", "soundalike", "consistency", "fillers"}
    assert {f.kind for f in report.findings} >= {"spelling", "sound-alike", "consistency", "filler"}
    assert not doc.modified  # checking never changes the transcript


def test_accept_all_then_recheck_does_not_resurrect(checker: Checker, doc: Document) -> None:
    checker.check(doc)
    group = group_of(doc, "pie torch")
    applied = review.accept_group(doc, group)
    assert applied == group.count >= 3
    assert doc.text.count("pie torch") == doc.text.count("pie torches")  # only the plural is left
    report = checker.check(doc)
    assert not [f for f in report.findings if f.text == "pie torch"]
    before = doc.text.count("pie torch")
    assert doc.undo() and doc.text.count("pie torch") == before + applied


def test_rejected_group_stays_rejected_after_recheck(checker: Checker, doc: Document) -> None:
    checker.check(doc)
    group = group_of(doc, "cube con")
    review.reject_group(doc, group)
    report = checker.check(doc)
    assert not [f for f in report.findings if f.text == "cube con" and f.replacements[:1] == (group.replacement,)]


def test_ignored_text_and_dictionary_words_stay_quiet(checker: Checker, doc: Document, tmp_path) -> None:
    checker.check(doc)
    review.ignore_everywhere(doc, "infrastructer")
    dictionary = PersonalDictionary(tmp_path / "dictionary.txt")
    dictionary.add("obervability")
    assert PersonalDictionary(tmp_path / "dictionary.txt").words == {"obervability"}
    report = Checker(checker.registry, dictionary=dictionary.words).check(doc)
    assert not {f.text.casefold() for f in report.findings} & {"infrastructer", "obervability"}


def test_accepted_fix_is_suggested_first_next_time(checker: Checker, doc: Document) -> None:
    checker.check(doc)
    finding = next(f for f in review.visible_findings(doc) if f.text == "Grafanna")
    assert review.accept(doc, finding.id, "Grafana Labs")
    report = checker.check(doc)
    again = [f for f in report.findings if f.text == "Grafanna"]
    assert again and all(f.replacements[0] == "Grafana Labs" for f in again)


def test_live_check_of_an_edited_segment_runs_only_live_tools(checker: Checker, doc: Document) -> None:
    checker.check(doc)
    segment = doc.segments[10]
    doc.set_text(segment.id, segment.text + " definately")
    report = checker.check(doc, segment_ids=[segment.id])
    assert "consistency" not in report.tool_seconds
    assert any(f.text == "definately" and f.segment_id == segment.id for f in report.findings)
