"""The personal dictionary: words the producer told Galley are right, in every project."""

from __future__ import annotations

from pathlib import Path

from editor.core.atomic import atomic_write


class PersonalDictionary:
    """A word list in the per-user data folder, one word per line (UTF-8)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            lines = path.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []  # missing or unreadable: start empty rather than fail to open the app
        self._words = {line.strip(): None for line in lines if line.strip() and not line.startswith("#")}

    @property
    def words(self) -> frozenset[str]:
        return frozenset(self._words)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word.casefold() in {w.casefold() for w in self._words}

    def add(self, word: str) -> None:
        """Add a word and save the list at once (atomically)."""
        word = word.strip()
        if not word or word in self._words:
            return
        self._words[word] = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, ("\n".join(self._words) + "\n").encode("utf-8"))

    def remove(self, word: str) -> None:
        """Take a word out of the list (saved at once)."""
        word = word.strip()
        if word not in self._words:
            return
        del self._words[word]
        atomic_write(self.path, ("\n".join(self._words) + "\n").encode("utf-8"))
