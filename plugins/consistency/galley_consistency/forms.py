"""Forms: the distinct spellings seen in a transcript (or given by the glossary/speakers).

Everything the tool compares is computed once per distinct form, never per occurrence:
ASR repeats its mistakes, so a one-hour transcript has a few hundred candidate forms for
thousands of mentions.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from .candidates import COMMON
from .text import LOWER, glued_number, number_value, shape_of, skeleton, sound_key

# Glossary backing of a form.
NOT_IN_GLOSSARY, GLOSSARY_PART, GLOSSARY_TERM = 0, 1, 2
# A lowercase form whose words are all at least this common is ordinary prose ("the build
# log"), however a glossary capitalises it: case alone is no error there.
PLAIN_WORD = 3.5

WordInfo = Callable[[str], tuple[bool, float]]


@dataclass(slots=True, eq=False)
class Form:
    """One distinct spelling and the views the tool compares it by."""

    index: int
    text: str
    tokens: tuple[str, ...]
    skel: str
    key: str
    numbers: tuple[int, ...]
    shape: int
    known: bool  # every word is in the lexicon (or is a number)
    common: bool  # one everyday word ("Win", "May"): never flagged without the glossary
    plain_words: bool  # lowercase, made of fairly common words ("the build log")
    glossary: int = NOT_IN_GLOSSARY
    glossary_ids: frozenset[str] = frozenset()
    speaker: bool = False
    accepted: bool = False  # personal dictionary or ignore list
    forced_to: str = ""  # a glossary "wrong => Right" pair names this form's right spelling
    count: int = 0  # occurrences in the transcript
    first: int = sys.maxsize  # order of the first occurrence
    window_only: bool = True  # seen only as a lowercase window ("cube con")
    contexts: set[str] = field(default_factory=set)

    @property
    def is_number_phrase(self) -> bool:
        return bool(self.numbers) and len(self.tokens) > 1

    @property
    def backing(self) -> int:
        """How much outside evidence says this spelling is right: 3 glossary term, 2 glossary
        part or accepted word, 1 speaker name, 0 none."""
        if self.glossary == GLOSSARY_TERM:
            return 3
        if self.glossary == GLOSSARY_PART or self.accepted:
            return 2
        return 1 if self.speaker else 0


class FormTable:
    """Distinct forms by text, created on first sight with their views computed."""

    def __init__(self, word_info: WordInfo) -> None:
        self._info = word_info
        self.forms: list[Form] = []
        self.by_text: dict[str, Form] = {}
        self.accepted: set[str] = set()  # case-folded personal dictionary and ignore list

    def get(self, text: str) -> Form:
        """The form for ``text`` (whitespace-normalised), created if new."""
        form = self.by_text.get(text)
        if form is None:
            form = self._make(text)
            form.accepted = text.casefold() in self.accepted
            self.by_text[text] = form
            self.forms.append(form)
        return form

    def _make(self, text: str) -> Form:
        tokens = tuple(text.split())
        infos = [self._info(t.casefold()) for t in tokens]
        numbers: list[int] = []
        known = True
        for token, (in_lexicon, _) in zip(tokens, infos):
            value = number_value(token)
            if value is not None:
                numbers.append(value)
                continue
            if not in_lexicon:
                known = False
                glued = glued_number(token, self._is_word)
                if glued is not None:
                    numbers.append(glued)
        skel = skeleton(text)
        shape = shape_of(tokens)
        if shape >= LOWER and len(tokens) == 1 and numbers and not tokens[0].isdigit():
            shape = 0  # "Pythonthree": a number glued to a word is a recogniser artefact
        lowercase = text == text.casefold()
        return Form(
            index=len(self.forms), text=text, tokens=tokens, skel=skel, key=sound_key(skel),
            numbers=tuple(numbers), shape=shape, known=known,
            common=len(tokens) == 1 and known and infos[0][1] >= COMMON,
            plain_words=lowercase and all(ok and zipf >= PLAIN_WORD for ok, zipf in infos),
        )

    def _is_word(self, word: str) -> bool:
        return self._info(word)[0]


