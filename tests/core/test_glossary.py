"""The glossary file format."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.glossary import GlossaryError, glossary_text, parse_glossary, read_glossary
from editor.paths import demo_glossary


def test_parse_terms_comments_and_pairs() -> None:
    glossary = parse_glossary("# show terms\n\nPyTorch\n  Kubernetes  \ncooper netties => Kubernetes\npie torch=>PyTorch\n")
    assert glossary.terms == ("PyTorch", "Kubernetes")
    assert glossary.replacements == (("cooper netties", "Kubernetes"), ("pie torch", "PyTorch"))
    assert parse_glossary(glossary_text(glossary)) == glossary


def test_bad_pair_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    path.write_text("PyTorch\n => Kubernetes\n", "utf-8")
    with pytest.raises(GlossaryError, match=r"g\.txt: line 2"):
        read_glossary(path)


def test_demo_glossary_loads() -> None:
    glossary = read_glossary(demo_glossary())
    assert "Siobhan Nguyen" in glossary.terms
    assert ("pie torch", "PyTorch") in glossary.replacements
