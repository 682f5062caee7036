"""The user's edits of a library: star, state, queue order, tags, notes, "opened".

Mixed into :class:`~reader.core.library.Library`: each method checks the library may be
written (``_writable``), cleans its input, delegates to the store, then brings the index
up to date (``_after_write``); a write the database refuses becomes a ``LibraryError``
(``saving``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from reader.core.errors import LibraryError
from reader.core.library.saving import saving
from reader.core.model import NoteRevision, State
from reader.core.store import Store


class TriageMixin:
    store: Store
    read_only: bool

    def _writable(self) -> None:
        """Raise :class:`LibraryError` when nothing may be written (``Library`` says why)."""
        raise NotImplementedError

    def _after_write(self) -> None:
        """Bring the search index up to date after a write (``Library`` does)."""
        raise NotImplementedError

    @saving
    def set_starred(self, ids: Sequence[int], starred: bool) -> None:
        self._writable()
        self.store.set_starred(self.store.existing_ids(ids), starred)
        self._after_write()

    @saving
    def set_state(self, ids: Sequence[int], state: State) -> None:
        self._writable()
        self.store.set_state(self.store.existing_ids(ids), state)
        self._after_write()

    @saving
    def restore_states(self, states: dict[int, tuple[State, int | None]]) -> None:
        """Put back exact (state, queue position) pairs (undo of a state change)."""
        self._writable()
        if states:
            self.store.set_states(states)
            self._after_write()

    def queue_order(self) -> list[int]:
        return self.store.queue_order()

    @saving
    def set_queue_order(self, ids: Sequence[int]) -> None:
        """Reorder the queue: these ids get positions 1..n; queued papers not named follow."""
        self._writable()
        current = self.store.queue_order()
        named = [i for i in dict.fromkeys(ids) if i in set(current)]
        rest = [i for i in current if i not in set(named)]
        self.store.set_queue_order(named + rest)
        self._after_write()

    @saving
    def move_in_queue(self, paper_id: int, delta: int) -> list[int]:
        """Move one queued paper up (negative) or down; returns the new order."""
        self._writable()
        order = self.store.queue_order()
        if paper_id not in order:
            return order
        at = order.index(paper_id)
        to = max(0, min(len(order) - 1, at + delta))
        order.insert(to, order.pop(at))
        self.store.set_queue_order(order)
        self._after_write()
        return order

    @saving
    def add_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        self._edit_tags(self.store.add_tags, ids, names)

    @saving
    def remove_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        self._edit_tags(self.store.remove_tags, ids, names)

    def _edit_tags(self, edit: Callable[[Sequence[int], Sequence[str]], None],
                   ids: Sequence[int], names: Sequence[str]) -> None:
        """Add or remove tags on those of ``ids`` that exist; no names left, no write."""
        self._writable()
        clean = _clean_tags(names)
        if clean:
            edit(self.store.existing_ids(ids), clean)
            self._after_write()

    @saving
    def set_tags(self, paper_id: int, names: Sequence[str]) -> None:
        """Replace one paper's tags (no names: it has none afterwards, so no "if clean")."""
        self._writable()
        self.store.set_tags(paper_id, _clean_tags(names))
        self._after_write()

    def tags_of(self, ids: Sequence[int]) -> dict[int, list[str]]:
        """Each paper's tags (every id that exists; a paper without tags has ``[]``)."""
        existing = self.store.existing_ids(ids)
        with self.store.read() as conn:
            tags = self.store.tags_of(conn, existing)
        return {pid: tags.get(pid, []) for pid in existing}

    # ----------------------------------------------------------------- tag management
    def _known_tag(self, name: str, what: str) -> str:
        if not isinstance(name, str):
            raise LibraryError(f"{what} must be text, not {type(name).__name__}")
        clean = _clean_tags([name])
        if not clean:
            raise LibraryError(f"{what} cannot be empty")
        return clean[0]

    def papers_tagged(self, name: str) -> dict[int, list[str]]:
        """Every paper with the tag ``name`` and all its tags (what undoing a rename,
        merge or delete of ``name`` restores)."""
        clean = _clean_tags([name]) if isinstance(name, str) else []
        return self.store.papers_tagged(clean[0]) if clean else {}

    @saving
    def rename_tag(self, old: str, new: str) -> dict[int, list[str]]:
        """Rename the tag ``old`` to ``new``; when ``new`` already exists the two merge.
        Returns each changed paper's tags before (for :meth:`restore_tags`). Raises
        :class:`LibraryError` (and changes nothing) for an empty or unknown name or a
        rename to the same name."""
        self._writable()
        old_clean = self._known_tag(old, "the tag to rename")
        new_clean = self._known_tag(new, "the new tag name")
        before = self.store.papers_tagged(old_clean)
        if not before:
            raise LibraryError(f"no tag named “{old_clean}”")
        if new_clean == old_clean:
            raise LibraryError(f"the tag is already called “{new_clean}”")
        self.store.rename_tag(old_clean, new_clean)
        self._after_write()
        return before

    @saving
    def delete_tag(self, name: str) -> dict[int, list[str]]:
        """Remove the tag ``name`` from every paper. Returns each changed paper's tags
        before (for :meth:`restore_tags`); an empty or unknown name raises
        :class:`LibraryError` and changes nothing."""
        self._writable()
        clean = self._known_tag(name, "the tag to delete")
        before = self.store.papers_tagged(clean)
        if not before:
            raise LibraryError(f"no tag named “{clean}”")
        self.store.delete_tag(clean)
        self._after_write()
        return before

    @saving
    def restore_tags(self, tags: dict[int, list[str]]) -> None:
        """Give each paper (of those that exist) exactly these tags again: the undo of a
        rename, merge, delete or bulk edit, in one write."""
        self._writable()
        existing = set(self.store.existing_ids(list(tags)))
        clean = {pid: _clean_tags(names) for pid, names in tags.items() if pid in existing}
        if clean:
            self.store.restore_tags(clean)
            self._after_write()

    @saving
    def set_note(self, paper_id: int, body: str, *, visit: str | None = None) -> bool:
        """Save a paper's note; the text it replaces is kept as a revision. False when the
        note already had this text.

        ``visit`` names an editing visit (the window starts one when a paper's note is shown
        and ends it when the user leaves the paper): the saves of one visit keep one revision,
        the text from before the visit. A new visit, a save without a visit (command line,
        restore, undo) and a save that empties the note always keep the replaced text.
        """
        if not isinstance(body, str):
            raise LibraryError(f"a note must be text, not {type(body).__name__}")
        if visit is not None and (not isinstance(visit, str) or not visit.strip()):
            raise LibraryError("an editing visit must be a non-empty name")
        self._writable()
        if not self.store.existing_ids([paper_id]):
            raise LibraryError(f"no paper with id {paper_id}")
        changed = self.store.set_note(paper_id, body, visit)
        if changed:
            self._after_write()
        return changed

    def note_revisions(self, paper_id: int) -> list[NoteRevision]:
        return self.store.note_revisions(paper_id)

    @saving
    def mark_opened(self, paper_id: int) -> None:
        if not self.read_only:
            self.store.mark_opened(paper_id)


def _clean_tags(names: Iterable[str]) -> list[str]:
    """Tags as stored: lower case, inner whitespace (and commas) collapsed to one space,
    empty and repeated names dropped, in the order given."""
    out: list[str] = []
    for name in names:
        tag = " ".join(name.replace(",", " ").split()).lower()
        if tag and tag not in out:
            out.append(tag)
    return out
