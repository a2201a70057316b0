"""The glossary file: one term per line, ``#`` comments, optional ``wrong => Right`` lines."""

from __future__ import annotations

from pathlib import Path

from editor.core.errors import FileProblem
from editor.core.model import Glossary


class GlossaryError(FileProblem):
    """A glossary file could not be read."""


def parse_glossary(text: str, path: str | Path | None = None) -> Glossary:
    """Terms and replacement pairs from glossary text.

    ``Right`` sides of ``wrong => Right`` lines count as terms too, so a pair alone is
    enough to teach the glossary a name. A line with ``=>`` but an empty side is an error
    naming its line number.
    """
    terms: dict[str, None] = {}
    pairs: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "=>" in line:
            wrong, _, right = (part.strip() for part in line.partition("=>"))
            if not wrong or not right:
                raise GlossaryError(path, f"line {number}: expected 'wrong => Right', got {line[:60]!r}")
            pairs[wrong] = right
            terms[right] = None
        else:
            terms[line] = None
    return Glossary(tuple(terms), tuple(pairs.items()))


def read_glossary(path: str | Path) -> Glossary:
    """Read a glossary file (UTF-8, BOM allowed); ``GlossaryError`` names any problem."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError as error:
        raise GlossaryError(path, "no such file") from error
    except UnicodeDecodeError as error:
        raise GlossaryError(path, f"not UTF-8 text (invalid byte at offset {error.start})") from error
    except OSError as error:
        raise GlossaryError(path, f"cannot read: {error.strerror or error}") from error
    return parse_glossary(text, path)


def merge_glossaries(first: Glossary, second: Glossary) -> Glossary:
    """Terms of both (first's order, then new ones); on a pair conflict the second wins."""
    return Glossary(
        tuple(dict.fromkeys(first.terms + second.terms)),
        tuple(dict(first.replacements + second.replacements).items()),
    )


def glossary_text(glossary: Glossary) -> str:
    """Glossary file text for a Glossary (terms first, then the pairs)."""
    lines = list(glossary.terms)
    lines += [f"{wrong} => {right}" for wrong, right in glossary.replacements]
    return "\n".join(lines) + "\n"
