"""The change counter and the feed of the search index.

Every change that affects what search sees sets the paper's ``change_seq`` to a fresh value
of the library's change counter (the ``change_seq`` meta row) in the same transaction, so
the search index can catch up with :meth:`ChangesMixin.changes_after` after a crash
(ARCHITECTURE.md, "Consistency protocol").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import Integer, Text, cast, func, select, update
from sqlalchemy.engine import Connection

from reader.core.model import IndexDoc
from reader.core.store.base import StoreBase, _chunks
from reader.core.store.meta import categories_of
from reader.core.store.papers import _tags_of
from reader.core.store.tables import link_t, meta_t, note_t, paper_digest_t, paper_t


def _read_seq(conn: Connection) -> int:
    """The change counter as this connection sees it."""
    return int(conn.execute(select(meta_t.c.value).where(meta_t.c.key == "change_seq")).scalar_one())


def _next_seq(conn: Connection) -> int:
    """Advance the change counter (inside the caller's write) and return its new value."""
    conn.execute(
        update(meta_t)
        .where(meta_t.c.key == "change_seq")
        .values(value=cast(cast(meta_t.c.value, Integer) + 1, Text))
    )
    return _read_seq(conn)


def _changed_ids(conn: Connection, since_seq: int) -> list[int]:
    # Sorted here: with ORDER BY id SQLite walks the whole table in id order instead of
    # the change_seq index (12 ms per call at 20,000 papers, once per imported file).
    return sorted(int(r[0]) for r in conn.execute(
        select(paper_t.c.id).where(paper_t.c.change_seq > since_seq)))


def _index_docs(conn: Connection, ids: Sequence[int]) -> list[IndexDoc]:
    cols = [
        paper_t.c.id, paper_t.c.title, paper_t.c.abstract, paper_t.c.authors,
        paper_t.c.author_count, paper_t.c.state, paper_t.c.starred, paper_t.c.has_code,
        paper_t.c.published, paper_t.c.upvotes, paper_t.c.added_at, paper_t.c.change_seq,
        paper_t.c.doi, paper_t.c.journal_ref,
    ]  # fmt: skip
    rows = conn.execute(select(*cols).where(paper_t.c.id.in_(list(ids)))).all()
    notes = {
        int(r.paper_id): r.body
        for r in conn.execute(
            select(note_t.c.paper_id, note_t.c.body).where(note_t.c.paper_id.in_(list(ids)))
        )
    }
    repos: dict[int, list[str]] = {}
    for r in conn.execute(
        select(link_t.c.paper_id, link_t.c.repo).where(
            link_t.c.paper_id.in_(list(ids)), link_t.c.repo.is_not(None)
        )
    ):
        repos.setdefault(int(r.paper_id), []).append(r.repo)
    digests: dict[int, list[int]] = {}
    for r in conn.execute(
        select(paper_digest_t.c.paper_id, paper_digest_t.c.digest_id).where(
            paper_digest_t.c.paper_id.in_(list(ids))
        )
    ):
        digests.setdefault(int(r.paper_id), []).append(int(r.digest_id))
    tags = _tags_of(conn, ids)
    categories = categories_of(conn, ids)
    return [
        IndexDoc(
            id=int(r.id),
            title=r.title,
            abstract=r.abstract,
            authors=list(json.loads(r.authors or "[]")),
            author_count=r.author_count,
            note=notes.get(int(r.id), ""),
            tags=tags.get(int(r.id), []),
            repos=repos.get(int(r.id), []),
            state=r.state,
            starred=bool(r.starred),
            has_code=bool(r.has_code),
            published=r.published,
            upvotes=r.upvotes,
            added_at=r.added_at,
            digests=digests.get(int(r.id), []),
            change_seq=int(r.change_seq),
            categories=categories.get(int(r.id), ()),
            doi=r.doi,
            journal_ref=r.journal_ref,
        )
        for r in rows
    ]


def _doc_batches(conn: Connection, ids: Sequence[int], batch: int) -> Iterator[list[IndexDoc]]:
    """The index documents of these papers (those that exist), ``batch`` papers at a time:
    the one reader under :meth:`~ChangesMixin.index_docs`, :meth:`~ChangesMixin.changes_after`
    and :meth:`~ChangesMixin.docs_for`."""
    for chunk in _chunks(ids, batch):
        yield _index_docs(conn, chunk)


class ChangesMixin(StoreBase):
    """The change counter and what the search index reads to catch up with the library."""

    def current_seq(self) -> int:
        with self.read() as conn:
            return _read_seq(conn)

    def index_docs(self, since_seq: int, batch: int = 2000) -> Iterator[list[IndexDoc]]:
        """Papers changed after ``since_seq``, in batches, with everything the index needs."""
        with self.read() as conn:
            yield from _doc_batches(conn, _changed_ids(conn, since_seq), batch)

    def changes_after(self, since_seq: int) -> tuple[int, list[IndexDoc]]:
        """(the change counter now, the papers changed after ``since_seq``), read from one
        snapshot: every paper with a change number up to the returned one is included."""
        with self.read() as conn:
            seq = _read_seq(conn)
            ids = _changed_ids(conn, since_seq)
            docs: list[IndexDoc] = []
            for batch in _doc_batches(conn, ids, 2000):
                docs.extend(batch)
            return seq, docs

    def docs_for(self, ids: Iterable[int]) -> Iterator[list[IndexDoc]]:
        """The index documents of these papers (those that still exist), in batches."""
        wanted = sorted(set(ids))
        with self.read() as conn:
            yield from _doc_batches(conn, wanted, 2000)

    def count_changed_since(self, since_seq: int) -> int:
        with self.read() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(paper_t).where(paper_t.c.change_seq > since_seq)
                ).scalar_one()
            )

    def all_ids(self) -> set[int]:
        with self.read() as conn:
            return {int(r[0]) for r in conn.execute(select(paper_t.c.id))}
