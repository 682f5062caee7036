"""Undoable commands (``QUndoCommand``) for star, state, tags (of papers, and renaming, merging
and deleting a tag), queue order and restoring a note.

Each command sends its work through the window's single write queue. The previous values are
read *inside* the write job (on the writer thread, just before writing), so the command
always records what was really there — even when several keys are pressed faster than the
list refreshes — and undo restores exactly those values (states with their queue positions
through :meth:`Library.restore_states`). Undo/redo jobs run after the job that recorded the
values because the write queue runs jobs in order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from reader.core.library import Library
from reader.core.model import State

# submit(description, fn(library) -> Any): queue a write and refresh the window afterwards
Submit = Callable[[str, Callable[[Library], Any]], None]


def _plural(n: int) -> str:
    return "paper" if n == 1 else f"{n} papers"


class TriageCommand(QUndoCommand):
    """An undoable write through ``submit``. ``ids``: the papers it changes, which the window
    selects again after an undo or redo (empty: the selection stays)."""

    def __init__(self, text: str, submit: Submit, ids: list[int]) -> None:
        super().__init__(text)
        self.submit = submit
        self.ids: list[int] = list(ids)


class StarCommand(TriageCommand):
    """Star (or unstar) papers. ``starred=None`` toggles: star all unless all are starred."""

    def __init__(self, submit: Submit, ids: list[int], starred: bool | None) -> None:
        verb = "Star" if starred is not False else "Unstar"
        if starred is None:
            verb = "Toggle star of"
        super().__init__(f"{verb} {_plural(len(ids))}", submit, ids)
        self.starred = starred
        self.before: dict[int, bool] | None = None

    def redo(self) -> None:
        def job(lib: Library) -> None:
            if self.before is None:
                self.before = {p.id: p.starred for p in lib.get_many(self.ids)}
            if self.starred is None:
                self.starred = not all(self.before.values())
            lib.set_starred(self.ids, self.starred)

        self.submit(self.text(), job)

    def undo(self) -> None:
        def job(lib: Library) -> None:
            before = self.before or {}
            on = [i for i, v in before.items() if v]
            off = [i for i, v in before.items() if not v]
            if on:
                lib.set_starred(on, True)
            if off:
                lib.set_starred(off, False)

        self.submit(f"Undo {self.text()}", job)


class StateCommand(TriageCommand):
    LABELS = {
        State.INBOX: "Move {} to the inbox",
        State.QUEUED: "Queue {}",
        State.READING: "Mark {} as reading",
        State.DONE: "Mark {} as done",
        State.DISMISSED: "Dismiss {}",
    }

    def __init__(self, submit: Submit, ids: list[int], state: State) -> None:
        super().__init__(self.LABELS[state].format(_plural(len(ids))), submit, ids)
        self.state = state
        self.before: dict[int, tuple[State, int | None]] | None = None

    def redo(self) -> None:
        def job(lib: Library) -> None:
            if self.before is None:
                self.before = {p.id: (p.state, p.queue_position) for p in lib.get_many(self.ids)}
            lib.set_state(self.ids, self.state)

        self.submit(self.text(), job)

    def undo(self) -> None:
        def job(lib: Library) -> None:
            lib.restore_states(dict(self.before or {}))

        self.submit(f"Undo {self.text()}", job)


class TagsCommand(TriageCommand):
    """Set one paper's tags, or add/remove tags on many papers; undo restores each paper's
    exact previous tag list."""

    def __init__(self, submit: Submit, ids: list[int], *, set_to: list[str] | None = None,
                 add: list[str] | None = None, remove: list[str] | None = None) -> None:
        what = ("Set tags of" if set_to is not None else "Edit tags of" if add and remove
                else "Tag" if add else "Untag")
        super().__init__(f"{what} {_plural(len(ids))}", submit, ids)
        self.set_to = set_to
        self.add = add or []
        self.remove = remove or []
        self.before: dict[int, list[str]] | None = None

    def redo(self) -> None:
        def job(lib: Library) -> None:
            if self.before is None:
                self.before = {p.id: list(p.tags) for p in lib.get_many(self.ids)}
            if self.set_to is not None:
                for pid in self.ids:
                    lib.set_tags(pid, self.set_to)
            if self.add:
                lib.add_tags(self.ids, self.add)
            if self.remove:
                lib.remove_tags(self.ids, self.remove)

        self.submit(self.text(), job)

    def undo(self) -> None:
        def job(lib: Library) -> None:
            if self.before:
                lib.restore_tags(self.before)  # every paper's exact tags, in one write

        self.submit(f"Undo {self.text()}", job)


class TagManagementCommand(TriageCommand):
    """Rename ``tag`` to ``new`` (an existing ``new``: merge into it) or, with ``new=None``,
    delete it from every paper. Undo gives each changed paper exactly its previous tags."""

    def __init__(self, submit: Submit, tag: str, new: str | None, *, merge: bool = False) -> None:
        text = (f"Delete tag “{tag}”" if new is None else
                f"Merge tag “{tag}” into “{new}”" if merge else f"Rename tag “{tag}” to “{new}”")
        super().__init__(text, submit, [])
        self.tag = tag
        self.new = new
        self.before: dict[int, list[str]] | None = None

    def redo(self) -> None:
        def job(lib: Library) -> None:
            self.before = None
            self.before = (lib.delete_tag(self.tag) if self.new is None
                           else lib.rename_tag(self.tag, self.new))

        self.submit(self.text(), job)

    def undo(self) -> None:
        def job(lib: Library) -> None:
            if self.before:
                lib.restore_tags(self.before)

        self.submit(f"Undo {self.text()}", job)


class QueueOrderCommand(TriageCommand):
    """Reorder the queue: ``order`` (explicit) or move ``paper_id`` by ``delta``."""

    def __init__(self, submit: Submit, *, order: list[int] | None = None,
                 paper_id: int | None = None, delta: int = 0) -> None:
        super().__init__("Reorder the queue", submit, [paper_id] if paper_id is not None else [])
        self.order = order
        self.paper_id = paper_id
        self.delta = delta
        self.before: list[int] | None = None
        self.after: list[int] | None = None

    def redo(self) -> None:
        def job(lib: Library) -> None:
            if self.before is None:
                self.before = lib.queue_order()
            if self.after is not None:
                lib.set_queue_order(self.after)
            elif self.order is not None:
                lib.set_queue_order(self.order)
                self.after = lib.queue_order()
            elif self.paper_id is not None:
                self.after = lib.move_in_queue(self.paper_id, self.delta)

        self.submit(self.text(), job)

    def undo(self) -> None:
        def job(lib: Library) -> None:
            if self.before is not None:
                lib.set_queue_order(self.before)

        self.submit(f"Undo {self.text()}", job)


class RestoreNoteCommand(TriageCommand):
    """Put an earlier version of a paper's note back. Each write keeps the text it replaces
    as a revision (a write without an editing visit always does): the restore keeps the
    current text, its undo keeps the restored one. The jobs return ``(paper id, body)``."""

    def __init__(self, submit: Submit, paper_id: int, body: str) -> None:
        super().__init__("Restore an earlier note", submit, [paper_id])
        self.paper_id = paper_id
        self.body = body
        self.before: str | None = None

    def redo(self) -> None:
        def job(lib: Library) -> tuple[int, str]:
            if self.before is None:
                paper = lib.get(self.paper_id)
                self.before = paper.note if paper is not None else ""
            lib.set_note(self.paper_id, self.body)
            return self.paper_id, self.body

        self.submit(self.text(), job)

    def undo(self) -> None:
        def job(lib: Library) -> tuple[int, str] | None:
            if self.before is None:  # the restore itself never ran
                return None
            lib.set_note(self.paper_id, self.before)
            return self.paper_id, self.before

        self.submit(f"Undo {self.text()}", job)
