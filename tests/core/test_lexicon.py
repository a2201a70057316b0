"""The bundled word lists: membership, frequencies, loading and fallbacks."""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import pytest

from editor.core.lexicon import WordLexicon, lexicon_path, load_lexicon
from editor.plugin_api import EmptyLexicon, Lexicon


@pytest.fixture(scope="module")
def english() -> Lexicon:
    return load_lexicon("en")


def test_english_lexicon_implements_the_protocol(english: Lexicon) -> None:
    assert isinstance(english, Lexicon)
    assert isinstance(english, WordLexicon)
    assert english.language == "en"
    assert len(english) > 100_000


def test_frequency_ordering_makes_sense(english: Lexicon) -> None:
    assert english.frequency("the") > english.frequency("because") > english.frequency("turbine") > 0
    assert 7.0 < english.frequency("the") < 8.0
    assert 2.0 < english.frequency("turbine") < 4.0
    assert english.frequency("xqzv") == 0.0
    assert "xqzv" not in english


def test_lookup_ignores_case_and_curly_apostrophes(english: Lexicon) -> None:
    for form in ("Turbine", "TURBINE", "turbine"):
        assert form in english
        assert english.frequency(form) == english.frequency("turbine")
    assert "don't" in english and "DON\u2019T" in english and "I'm" in english


def test_covers_inflections_british_spellings_and_common_names(english: Lexicon) -> None:
    for word in (
        "walked",
        "walking",
        "boxes",
        "children",
        "favourite",
        "realised",
        "colour",
        "utilisation",
        "Nguyen",
        "London",
        "okay",
        "podcast",
        "namespaces",
    ):
        assert word in english, word
    # British spellings borrow the frequency of the American one, so they rank sensibly.
    assert english.frequency("favourite") > 4.0


def test_common_misspellings_are_not_words(english: Lexicon) -> None:
    for typo in (
        "definately",
        "recieve",
        "thier",
        "seperate",
        "occured",
        "wierd",
        "untill",
        "accomodate",
        "goverment",
        "beleive",
        "tommorow",
        "neccessary",
        "truely",
    ):
        assert typo not in english, typo


def test_words_are_case_folded_most_frequent_first(english: Lexicon) -> None:
    first = list(english.words())[:50]
    assert first[0] == "the"
    assert all(w == w.casefold() for w in first)
    frequencies = [english.frequency(w) for w in first]
    assert frequencies == sorted(frequencies, reverse=True)
    assert "nguyen's" not in english.words()  # possessives are checked on their base


def test_lexicon_is_loaded_once_per_process() -> None:
    assert load_lexicon("en") is load_lexicon("en")


def test_regional_variant_falls_back_to_the_language() -> None:
    assert lexicon_path("en-GB") == lexicon_path("en")
    assert "colour" in load_lexicon("en-GB")


def test_unknown_language_gives_empty_lexicon_and_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        lexicon = load_lexicon("zz-unknown")
    assert isinstance(lexicon, EmptyLexicon)
    assert lexicon.language == "zz-unknown"
    assert "the" not in lexicon
    assert "zz-unknown" in caplog.text


@pytest.mark.parametrize("compress", [True, False])
def test_reads_hand_written_files(tmp_path: Path, compress: bool) -> None:
    # Capitals, a duplicate, a blank line and CRLF: the careful path folds and keeps the first.
    text = "Hello\t5.5\r\nworld\t4.25\r\n\r\nhello\t1.0\r\nzebra\r\n"
    path = tmp_path / ("xx.tsv.gz" if compress else "xx.tsv")
    path.write_bytes(gzip.compress(text.encode()) if compress else text.encode())
    lexicon = WordLexicon.from_file("xx", path)
    assert lexicon.frequency("HELLO") == 5.5
    assert lexicon.frequency("world") == 4.25
    assert "zebra" in lexicon and lexicon.frequency("zebra") == 0.0
    assert list(lexicon.words()) == ["hello", "world", "zebra"]


def test_reads_well_formed_files_on_the_fast_path(tmp_path: Path) -> None:
    path = tmp_path / "xx.tsv"
    path.write_text("the\t7.00\nof\t6.50\ncat\t4.00\n", "utf-8")
    lexicon = WordLexicon.from_file("xx", path)
    assert [(w, lexicon.frequency(w)) for w in lexicon.words()] == [("the", 7.0), ("of", 6.5), ("cat", 4.0)]
    assert 42 not in lexicon  # non-strings are simply not words
