"""The undo history: one list of commands, a cursor, and the index that was last saved."""

from __future__ import annotations

from editor.core.ops import Command


class History:
    """Commands applied so far (``commands[:index]``) and undone ones after them.

    ``clean_index`` is the cursor position at the last save, or ``None`` when that state can
    no longer be reached (a new command was pushed after undoing past it). ``modified`` is
    therefore exact: undoing back to the saved state makes the document unmodified again.
    """

    def __init__(self) -> None:
        self.commands: list[Command] = []
        self.index = 0
        self.clean_index: int | None = 0

    @property
    def modified(self) -> bool:
        return self.index != self.clean_index

    def can_undo(self) -> bool:
        return self.index > 0

    def can_redo(self) -> bool:
        return self.index < len(self.commands)

    def undo_label(self) -> str:
        return self.commands[self.index - 1].label if self.can_undo() else ""

    def redo_label(self) -> str:
        return self.commands[self.index].label if self.can_redo() else ""

    def push(self, command: Command) -> None:
        """Record a command that has just been applied, merging typing where allowed."""
        del self.commands[self.index :]
        if self.clean_index is not None and self.clean_index > self.index:
            self.clean_index = None
        top = self.commands[-1] if self.commands else None
        if (
            top is not None
            and command.merge_key is not None
            and command.merge_key == top.merge_key
            and self.clean_index != self.index
        ):
            self.commands[-1] = Command(top.label, top.ops + command.ops, top.merge_key)
            return
        self.commands.append(command)
        self.index += 1

    def step_back(self) -> Command:
        """The command to undo; moves the cursor back."""
        self.index -= 1
        return self.commands[self.index]

    def step_forward(self) -> Command:
        """The command to redo; moves the cursor forward."""
        command = self.commands[self.index]
        self.index += 1
        return command

    def mark_clean(self) -> None:
        """The document was just saved: this is the unmodified state."""
        self.clean_index = self.index

    def break_merge(self) -> None:
        """Make the next command a step of its own (e.g. after the caret moved away)."""
        if self.commands and self.index == len(self.commands):
            top = self.commands[-1]
            if top.merge_key is not None:
                self.commands[-1] = Command(top.label, top.ops, None)
