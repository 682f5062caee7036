"""The user's edits: state, star, queue order, tags, notes (with their revisions), opened.

Every edit that search sees restamps the papers' ``change_seq`` in the same transaction
(:meth:`TriageMixin._touch`; ARCHITECTURE.md, "Consistency protocol"). The tag and note
writers are module functions because the import merge and the export restore write user
state with them too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from reader.core.model import NoteRevision, State, parse_iso_datetime
from reader.core.store.base import StoreBase, _chunks, _now
from reader.core.store.changes import _next_seq
from reader.core.store.papers import _queue_ids, _tags_of
from reader.core.store.tables import note_revision_t, note_t, paper_t, paper_tag_t, tag_t


def _tag_ids(conn: Connection, names: Iterable[str]) -> dict[str, int]:
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}
    conn.execute(insert(tag_t).prefix_with("OR IGNORE"), [{"name": n} for n in wanted])
    return {
        r.name: int(r.id)
        for r in conn.execute(select(tag_t.c.id, tag_t.c.name).where(tag_t.c.name.in_(wanted)))
    }


def _add_tags(conn: Connection, ids: Sequence[int], names: Iterable[str]) -> None:
    tag_ids = _tag_ids(conn, names)
    rows = [{"paper_id": pid, "tag_id": tid} for pid in ids for tid in tag_ids.values()]
    if rows:
        conn.execute(insert(paper_tag_t).prefix_with("OR IGNORE"), rows)


def _drop_unused_tags(conn: Connection) -> None:
    conn.execute(delete(tag_t).where(~tag_t.c.id.in_(select(paper_tag_t.c.tag_id))))


def _drop_tag(conn: Connection, name: str) -> list[int] | None:
    """Remove the tag ``name`` and its links; the papers that had it (None: no such tag)."""
    tag_id = conn.execute(select(tag_t.c.id).where(tag_t.c.name == name)).scalar()
    if tag_id is None:
        return None
    ids = [int(r[0]) for r in conn.execute(
        select(paper_tag_t.c.paper_id).where(paper_tag_t.c.tag_id == tag_id))]
    conn.execute(delete(paper_tag_t).where(paper_tag_t.c.tag_id == tag_id))
    conn.execute(delete(tag_t).where(tag_t.c.id == tag_id))
    return ids


def _write_note(conn: Connection, pid: int, body: str, now: str, visit: str | None = None) -> bool:
    """Write a note, keeping the text it replaces as a revision.

    The replaced text is kept (with ``written_at``, when it was written) unless this save
    continues the editing ``visit`` of the previous save: that visit's first save already
    kept the text from before the visit, so the autosaves of one visit keep one revision.
    A save without a visit (command line, restore, undo) always keeps the replaced text,
    and so does a save that empties the note, in a visit or not.
    """
    row = conn.execute(
        select(note_t.c.body, note_t.c.updated_at, note_t.c.visit).where(note_t.c.paper_id == pid)
    ).first()
    old = row.body if row is not None else None
    if old == body or (old is None and body == ""):
        return False
    continuing = (row is not None and visit is not None and row.visit == visit
                  and body.strip() != "")
    if old and not continuing:
        assert row is not None
        conn.execute(insert(note_revision_t), {
            "paper_id": pid, "body": old, "saved_at": now, "written_at": row.updated_at,
        })
    if old is None:
        conn.execute(insert(note_t),
                     {"paper_id": pid, "body": body, "updated_at": now, "visit": visit})
    else:
        conn.execute(
            update(note_t).where(note_t.c.paper_id == pid)
            .values(body=body, updated_at=now, visit=visit)
        )
    conn.execute(
        update(paper_t).where(paper_t.c.id == pid).values(has_note=bool(body.strip()))
    )
    return True


class TriageMixin(StoreBase):
    """State, star, queue order, tags, notes and "opened" of papers the library has."""

    def _touch(self, conn: Connection, ids: Sequence[int], **values: Any) -> None:
        seq = _next_seq(conn)
        now = _now()
        for batch in _chunks(list(ids)):
            conn.execute(
                update(paper_t)
                .where(paper_t.c.id.in_(batch))
                .values(change_seq=seq, updated_at=now, **values)
            )

    def existing_ids(self, ids: Iterable[int]) -> list[int]:
        wanted = list(dict.fromkeys(ids))
        found: set[int] = set()
        with self.read() as conn:
            for batch in _chunks(wanted):
                found.update(
                    int(r[0]) for r in conn.execute(select(paper_t.c.id).where(paper_t.c.id.in_(batch)))
                )
        return [i for i in wanted if i in found]

    def set_starred(self, ids: Sequence[int], starred: bool) -> None:
        with self.write() as conn:
            self._touch(conn, ids, starred=starred)

    def set_state(self, ids: Sequence[int], state: State) -> None:
        with self.write() as conn:
            if state is State.QUEUED:
                # Newly queued papers go to the end of the queue, in the given order.
                current = conn.execute(
                    select(paper_t.c.id, paper_t.c.state).where(paper_t.c.id.in_(list(ids)))
                ).all()
                already = {r.id for r in current if r.state == State.QUEUED.value}
                top = conn.execute(
                    select(func.max(paper_t.c.queue_position)).where(
                        paper_t.c.state == State.QUEUED.value
                    )
                ).scalar()
                position = (top or 0) + 1
                others = [i for i in ids if i not in already]
                self._touch(conn, others, state=state.value)
                for pid in others:
                    conn.execute(
                        update(paper_t).where(paper_t.c.id == pid).values(queue_position=position)
                    )
                    position += 1
            else:
                self._touch(conn, ids, state=state.value, queue_position=None)

    def set_states(self, states: dict[int, tuple[State, int | None]]) -> None:
        """Restore exact (state, queue position) pairs — used by undo."""
        with self.write() as conn:
            seq = _next_seq(conn)
            now = _now()
            conn.execute(
                update(paper_t)
                .where(paper_t.c.id == bindparam("b_id"))
                .values(state=bindparam("b_state"), queue_position=bindparam("b_pos"),
                        change_seq=seq, updated_at=now),
                [{"b_id": pid, "b_state": s.value, "b_pos": pos} for pid, (s, pos) in states.items()],
            )

    def set_queue_order(self, ids: Sequence[int]) -> None:
        """Give these queued papers positions 1..n in this order."""
        with self.write() as conn:
            seq = _next_seq(conn)
            conn.execute(
                update(paper_t)
                .where(paper_t.c.id == bindparam("b_id"))
                .values(queue_position=bindparam("b_pos"), change_seq=seq),
                [{"b_id": pid, "b_pos": n} for n, pid in enumerate(ids, start=1)],
            )

    def queue_order(self) -> list[int]:
        with self.read() as conn:
            return _queue_ids(conn)

    def add_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        with self.write() as conn:
            _add_tags(conn, ids, names)
            self._touch(conn, ids)

    def remove_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        with self.write() as conn:
            tag_ids = [
                int(r[0]) for r in conn.execute(select(tag_t.c.id).where(tag_t.c.name.in_(list(names))))
            ]
            if tag_ids:
                conn.execute(
                    delete(paper_tag_t).where(
                        and_(paper_tag_t.c.paper_id.in_(list(ids)), paper_tag_t.c.tag_id.in_(tag_ids))
                    )
                )
            _drop_unused_tags(conn)
            self._touch(conn, ids)

    def set_tags(self, pid: int, names: Sequence[str]) -> None:
        with self.write() as conn:
            conn.execute(delete(paper_tag_t).where(paper_tag_t.c.paper_id == pid))
            _add_tags(conn, [pid], names)
            _drop_unused_tags(conn)
            self._touch(conn, [pid])

    def papers_tagged(self, name: str) -> dict[int, list[str]]:
        """Every paper that has the tag ``name``, with all its tags (empty: no such tag)."""
        with self.read() as conn:
            ids = [int(r[0]) for r in conn.execute(
                select(paper_tag_t.c.paper_id)
                .join(tag_t, tag_t.c.id == paper_tag_t.c.tag_id)
                .where(tag_t.c.name == name)
            )]
            tags = _tags_of(conn, ids)
        return {pid: tags.get(pid, []) for pid in ids}

    def rename_tag(self, old: str, new: str) -> None:
        """Give the papers tagged ``old`` the tag ``new`` instead (``new`` existing: the two
        merge), in one transaction; the papers are restamped for the index."""
        with self.write() as conn:
            ids = _drop_tag(conn, old)
            if ids is None:
                return
            _add_tags(conn, ids, [new])
            self._touch(conn, ids)

    def delete_tag(self, name: str) -> None:
        """Remove the tag ``name`` from every paper, in one transaction."""
        with self.write() as conn:
            ids = _drop_tag(conn, name)
            if ids is not None:
                self._touch(conn, ids)

    def restore_tags(self, tags: dict[int, list[str]]) -> None:
        """Give each paper exactly these tags again (undo), in one transaction."""
        with self.write() as conn:
            for batch in _chunks(list(tags)):
                conn.execute(delete(paper_tag_t).where(paper_tag_t.c.paper_id.in_(batch)))
            for pid, names in tags.items():
                _add_tags(conn, [pid], names)
            _drop_unused_tags(conn)
            self._touch(conn, list(tags))

    def all_tags(self) -> list[tuple[str, int]]:
        with self.read() as conn:
            return [
                (r.name, int(r.n))
                for r in conn.execute(
                    select(tag_t.c.name, func.count(paper_tag_t.c.paper_id).label("n"))
                    .join(paper_tag_t, paper_tag_t.c.tag_id == tag_t.c.id)
                    .group_by(tag_t.c.name)
                    .order_by(tag_t.c.name)
                )
            ]

    def set_note(self, pid: int, body: str, visit: str | None = None) -> bool:
        """Save a note; the replaced text is kept as a revision (see :func:`_write_note`).
        False when nothing changed."""
        with self.write() as conn:
            changed = _write_note(conn, pid, body, _now(), visit)
            if changed:
                self._touch(conn, [pid])
            return changed

    def note_revisions(self, pid: int) -> list[NoteRevision]:
        """Earlier texts of a note, the most recently replaced first."""
        with self.read() as conn:
            return [
                NoteRevision(int(r.id), r.body, parse_iso_datetime(r.saved_at),
                             parse_iso_datetime(r.written_at) if r.written_at else None)
                for r in conn.execute(
                    select(note_revision_t)
                    .where(note_revision_t.c.paper_id == pid)
                    .order_by(note_revision_t.c.id.desc())
                )
            ]

    def mark_opened(self, pid: int) -> None:
        with self.write() as conn:
            conn.execute(
                update(paper_t).where(paper_t.c.id == pid).values(opened_at=_now())
            )
