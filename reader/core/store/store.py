"""Every read and write of the library database.

Writes use SQLAlchemy Core bulk statements inside one transaction per call (an import is
one transaction per file). Every change that affects what search sees sets the paper's
``change_seq`` to a fresh value of the library's change counter in the same transaction, so
the search index can catch up with ``papers_changed_since`` after a crash (DESIGN §5).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, Text, and_, bindparam, cast, delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import ColumnElement, Select

from reader.core import links as linkmod
from reader.core.model import (
    DigestInfo,
    DigestRecord,
    Filter,
    FilterKind,
    Link,
    LinkKind,
    NoteRevision,
    NoteRevisionRecord,
    Paper,
    PaperRow,
    ParsedDigest,
    ParsedPaper,
    SavedSearch,
    SavedSearchRecord,
    Sort,
    SortKey,
    State,
    iso_datetime,
    parse_iso_datetime,
    utcnow,
)
from reader.core.store.db import open_database
from reader.core.store.tables import (
    digest_t,
    link_t,
    meta_t,
    note_revision_t,
    note_t,
    paper_digest_t,
    paper_t,
    paper_tag_t,
    saved_search_t,
    tag_t,
)

CHUNK = 500
#: A restored export (format version 2) is recorded as the meta row ``restored-export:<its
#: sha256>`` = when it was restored; it has no digest row of its own.
RESTORED_META_PREFIX = "restored-export:"
ROW_COLUMNS = (
    paper_t.c.id,
    paper_t.c.title,
    paper_t.c.published,
    paper_t.c.upvotes,
    paper_t.c.starred,
    paper_t.c.has_code,
    paper_t.c.state,
    paper_t.c.queue_position,
)


@dataclass
class StoredDigest:
    digest_id: int | None  # None for a restored export (no digest of its own)
    new_ids: list[int]
    updated: int
    unchanged: int


@dataclass
class IndexDoc:
    """What the search index needs of one paper."""

    id: int
    title: str
    abstract: str
    authors: list[str]
    author_count: int | None
    note: str
    tags: list[str]
    repos: list[str]
    state: str
    starred: bool
    has_code: bool
    published: str | None
    upvotes: int | None
    added_at: str
    digests: list[int]
    change_seq: int


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _title_sort(title: str) -> str:
    return " ".join(title.casefold().split())


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _row(r: Any, score: float | None = None) -> PaperRow:
    return PaperRow(
        id=r.id,
        title=r.title,
        published=_date(r.published),
        upvotes=r.upvotes,
        starred=bool(r.starred),
        has_code=bool(r.has_code),
        state=State(r.state),
        queue_position=r.queue_position,
        score=score,
    )


#: Commit checkpoints the WAL once it holds 1000 pages (4 MB, SQLite's default), or during
#: a many-file import 16384 pages (64 MB: a few checkpoints instead of hundreds, and the
#: WAL stays bounded; never checkpointing let it grow to 12x the database).
_AUTOCHECKPOINT = {True: "PRAGMA wal_autocheckpoint=16384", False: "PRAGMA wal_autocheckpoint=1000"}


class WriteBatch:
    """Several writes of one thread in one SQLite transaction, each in its own savepoint.

    A write that fails rolls back to its savepoint: it leaves nothing, the others stay.
    :meth:`commit` makes everything so far durable (the caller commits every
    ``COMMIT_SECONDS``). A failure that makes SQLite abandon the whole transaction (it may,
    for a full disk or an I/O error) sets :attr:`lost`: the writes since the last commit are
    gone and the caller must say so.
    """

    #: Commit at least this often (the papers of an import become visible at each commit).
    COMMIT_SECONDS = 0.5

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.thread = threading.get_ident()
        self.lost = False
        self._trans = conn.begin()
        self._since = time.monotonic()

    def due(self) -> bool:
        return time.monotonic() - self._since >= self.COMMIT_SECONDS

    def alive(self) -> bool:
        """False when SQLite rolled the whole transaction back after a failed write."""
        raw = self.conn.connection.dbapi_connection
        return bool(raw is not None and raw.in_transaction)  # type: ignore[attr-defined]

    def commit(self) -> None:
        """Commit the writes so far and start the next transaction (raises if SQLite refuses
        the commit; the writes since the last commit are then gone, see :meth:`restart`)."""
        self._trans.commit()
        self._trans = self.conn.begin()
        self._since = time.monotonic()

    def restart(self) -> None:
        """Drop what is left of the current transaction and start a new one."""
        try:
            if self._trans.is_active:
                self._trans.rollback()
        except Exception:  # noqa: BLE001 - SQLite may have rolled back already
            pass
        self.lost = False
        self._trans = self.conn.begin()
        self._since = time.monotonic()

    def close(self) -> None:
        try:
            if self._trans.is_active:
                self._trans.rollback()  # the caller commits what it wants kept
        finally:
            self.conn.close()


class Store:
    def __init__(self, db_path: Path, backups: Path) -> None:
        self.path = db_path
        self.engine: Engine = open_database(db_path, backups)
        self._checkpoints_deferred = 0
        self._batch: WriteBatch | None = None

    def close(self) -> None:
        self.engine.dispose()

    def _set_autocheckpoint(self, conn: Connection) -> None:
        pragma = _AUTOCHECKPOINT[self._checkpoints_deferred > 0]
        if conn.info.get("wal_autocheckpoint") != pragma:
            conn.exec_driver_sql(pragma)
            conn.info["wal_autocheckpoint"] = pragma

    def _own_batch(self) -> WriteBatch | None:
        batch = self._batch
        if batch is not None and batch.thread == threading.get_ident():
            return batch
        return None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One all-or-nothing write: a transaction, or a savepoint inside this thread's
        :meth:`batched` transaction."""
        batch = self._own_batch()
        if batch is not None:
            savepoint = batch.conn.begin_nested()
            try:
                yield batch.conn
            except BaseException:
                try:
                    if savepoint.is_active:
                        savepoint.rollback()
                except Exception:  # noqa: BLE001 - the savepoint went with the transaction
                    batch.lost = True
                if not batch.alive():
                    batch.lost = True
                raise
            savepoint.commit()
            return
        with self.engine.begin() as conn:
            self._set_autocheckpoint(conn)
            yield conn

    @contextmanager
    def batched(self) -> Iterator[WriteBatch]:
        """Group this thread's writes (an import's files) into transactions, one savepoint
        each; see :class:`WriteBatch`. Uncommitted writes are rolled back at the end."""
        if self._batch is not None:
            raise RuntimeError("a write batch is already open")
        conn = self.engine.connect()
        self._set_autocheckpoint(conn)
        conn.commit()  # (the pragma began a transaction)
        batch = WriteBatch(conn)
        self._batch = batch
        try:
            yield batch
        finally:
            self._batch = None
            batch.close()

    @contextmanager
    def deferred_checkpoints(self) -> Iterator[None]:
        """Many write transactions in a row (an import of many files): checkpoint the WAL
        every 64 MB instead of every 4 MB, and once at the end.

        Every commit still lands on its own (atomic, and durable against a crash of the
        process; WAL with ``synchronous=NORMAL``). Checkpointing every 4 MB made SQLite
        copy the hot index pages to the database file and fsync it hundreds of times for
        100,000 papers (8 s of 28 s).
        """
        self._checkpoints_deferred += 1
        try:
            yield
        finally:
            self._checkpoints_deferred -= 1
            if not self._checkpoints_deferred:
                self.checkpoint()

    def checkpoint(self) -> None:
        """Copy the WAL into the database file now, without waiting for readers."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except Exception:  # noqa: BLE001 - SQLite checkpoints again at a later commit
            pass

    @contextmanager
    def read(self) -> Iterator[Connection]:
        batch = self._own_batch()
        if batch is not None:  # see this thread's own uncommitted writes
            yield batch.conn
            return
        with self.engine.connect() as conn:
            yield conn

    # ----------------------------------------------------------------- change counter
    @staticmethod
    def _next_seq(conn: Connection) -> int:
        conn.execute(
            update(meta_t)
            .where(meta_t.c.key == "change_seq")
            .values(value=cast(cast(meta_t.c.value, Integer) + 1, Text))
        )
        return int(conn.execute(select(meta_t.c.value).where(meta_t.c.key == "change_seq")).scalar_one())

    def current_seq(self) -> int:
        with self.read() as conn:
            return int(conn.execute(select(meta_t.c.value).where(meta_t.c.key == "change_seq")).scalar_one())

    # ----------------------------------------------------------------- import
    def digest_by_sha(self, sha: str) -> int | None:
        with self.read() as conn:
            value = conn.execute(select(digest_t.c.id).where(digest_t.c.sha256 == sha)).scalar()
            return int(value) if value is not None else None

    def preview_digest(self, parsed: ParsedDigest,
                       planned: set[str] | None = None) -> tuple[int, int, int]:
        """(new, would be updated, unchanged) for a dry run; writes nothing.

        ``planned`` holds the keys and title keys that earlier files of the same dry run
        would create; it is extended with this file's new papers.
        """
        papers = _dedupe(parsed.papers)
        planned = planned if planned is not None else set()
        with self.read() as conn:
            existing = self._existing(conn, papers)
        new = updated = 0
        for paper in papers:
            row = existing.get(paper.key) or existing.get(paper.title_key)
            if row is None:
                if paper.key in planned or paper.title_key in planned:
                    continue  # created by an earlier file of this import: merged, not new
                new += 1
                planned.update((paper.key, paper.title_key))
            elif _merge(row, paper) or paper.user_state is not None:
                updated += 1
        return new, updated, len(papers) - new - updated

    def store_digest(self, parsed: ParsedDigest, source: str, sha: str) -> StoredDigest:
        """Write one parsed file in one transaction (all or nothing)."""
        now = iso_datetime(utcnow())
        paper_keys = _paper_keys(parsed.papers)
        papers = _dedupe(parsed.papers, paper_keys)
        with self.write() as conn:
            seq = self._next_seq(conn)
            digest_id = conn.execute(
                insert(digest_t).returning(digest_t.c.id),
                {
                    "source_path": source,
                    "sha256": sha,
                    "format": parsed.format,
                    "digest_date": parsed.digest_date.isoformat() if parsed.digest_date else None,
                    "imported_at": now,
                    "entry_count": len(papers),
                },
            ).scalar_one()
            existing = self._existing(conn, papers, paper_keys)
            new_papers, matched, updates = _match(papers, existing, paper_keys, now)
            new_ids = self._insert_papers(conn, new_papers, now, seq, paper_keys)
            # Changed rows get new content; every paper of the digest gets a new change_seq
            # (its digest membership is searchable).
            _update_papers(conn, updates)
            matched_ids = [pid for _, pid in matched]
            for ids in _chunks(matched_ids):
                conn.execute(update(paper_t).where(paper_t.c.id.in_(ids)).values(change_seq=seq))
            self._merge_links(conn, matched)
            all_ids = new_ids + matched_ids
            all_papers = new_papers + [p for p, _ in matched]
            if all_ids:
                # Two entries of a file can land on one paper (merged by key): the last one's
                # upvotes win. The digest is new, so no other row can conflict: OR IGNORE only
                # guards; OR REPLACE made SQLite 20x slower here (2.7 ms per file).
                members = {pid: p.upvotes for pid, p in zip(all_ids, all_papers)}
                conn.execute(
                    insert(paper_digest_t).prefix_with("OR IGNORE"),
                    [{"paper_id": pid, "digest_id": digest_id, "upvotes": up}
                     for pid, up in members.items()],
                )
            for paper, pid in zip(all_papers, all_ids):
                if paper.user_state is not None:
                    self._restore_user_state(conn, pid, paper, now)
        return StoredDigest(digest_id, new_ids, len(updates), len(matched) - len(updates))

    def _existing(
        self,
        conn: Connection,
        papers: list[ParsedPaper],
        paper_keys: dict[int, tuple[str, str]] | None = None,
    ) -> dict[str, dict[str, Any]]:
        """Existing rows for these papers, by key and by title key (for identity upgrades)."""
        found: dict[str, dict[str, Any]] = {}
        pk = paper_keys if paper_keys is not None else _paper_keys(papers)
        keys = list({pk[id(p)][0] for p in papers})
        title_keys = list({pk[id(p)][1] for p in papers})
        for batch in _chunks(keys):
            for r in conn.execute(select(paper_t).where(paper_t.c.key.in_(batch))).mappings():
                found[r["key"]] = dict(r)
        for batch in _chunks(title_keys):
            rows = conn.execute(select(paper_t).where(paper_t.c.title_key.in_(batch))).mappings()
            for r in rows:
                found.setdefault(r["title_key"], dict(r))
        # A paper with an arXiv id matches a title-only row of the same title, never another id.
        for paper in papers:
            key, title_key = pk[id(paper)]
            row = found.get(title_key)
            if row is None or key == row["key"]:
                continue
            if paper.arxiv_id and row["arxiv_id"] and row["arxiv_id"] != paper.arxiv_id:
                del found[title_key]
        return found

    def _insert_papers(
        self,
        conn: Connection,
        papers: list[ParsedPaper],
        now: str,
        seq: int,
        paper_keys: dict[int, tuple[str, str]] | None = None,
        full: bool = False,
    ) -> list[int]:
        """Insert new papers (with their links). ``full``: a version 2 export's papers, whose
        user state and timestamps are written as they were (no trigger restamps ``read_at``)."""
        if not papers:
            return []
        pk = paper_keys if paper_keys is not None else _paper_keys(papers)
        rows = []
        for p in papers:
            user = p.user_state
            key, title_key = pk[id(p)]
            rows.append(
                {
                    "key": key,
                    "title_key": title_key,
                    "arxiv_id": p.arxiv_id,
                    "title": p.title,
                    "title_sort": _title_sort(p.title),
                    "abstract": p.abstract,
                    "abstract_truncated": p.abstract_truncated,
                    "authors": json.dumps(p.authors, ensure_ascii=False),
                    "author_count": p.author_count if p.author_count is not None
                    else (len(p.authors) or None),
                    "published": p.published.isoformat() if p.published else None,
                    "upvotes": p.upvotes,
                    "state": State.INBOX.value,
                    "starred": False,
                    "has_code": any(link.is_code for link in p.links),
                    "has_note": False,
                    "added_at": iso_datetime(user.added_at) if user and user.added_at else now,
                    "updated_at": now,
                    "change_seq": seq,
                }
            )
            if full and user is not None:
                rows[-1].update(
                    state=user.state.value,
                    starred=user.starred,
                    queue_position=user.queue_position,
                    has_note=bool(user.note.strip()),
                    updated_at=iso_datetime(user.updated_at) if user.updated_at else now,
                    opened_at=iso_datetime(user.opened_at) if user.opened_at else None,
                    read_at=iso_datetime(user.read_at) if user.read_at else None,
                )
        # Explicit ids (what SQLite would pick: max(rowid) + 1 onwards) let this be one plain
        # executemany; INSERT ... RETURNING in parameter order runs one statement per row.
        # The write transaction holds the only writer (library lock + one write thread).
        first = int(conn.execute(select(func.coalesce(func.max(paper_t.c.id), 0))).scalar_one()) + 1
        ids = list(range(first, first + len(rows)))
        for pid, row in zip(ids, rows):
            row["id"] = pid
        conn.execute(insert(paper_t), rows)
        link_rows = [
            {"paper_id": pid, "url": link.url, "kind": link.kind.value, "repo": link.repo,
             "position": pos}
            for pid, p in zip(ids, papers)
            for pos, link in enumerate(_unique_links(p.links))
        ]
        if link_rows:
            conn.execute(insert(link_t), link_rows)
        return ids

    def _merge_links(self, conn: Connection, matched: list[tuple[ParsedPaper, int]]) -> None:
        if not matched:
            return
        ids = [pid for _, pid in matched]
        have: dict[int, set[str]] = {pid: set() for pid in ids}
        for batch in _chunks(ids):
            for r in conn.execute(
                select(link_t.c.paper_id, link_t.c.url).where(link_t.c.paper_id.in_(batch))
            ):
                have[r.paper_id].add(r.url)
        rows = []
        code_ids = []
        for paper, pid in matched:
            position = len(have[pid])
            for link in _unique_links(paper.links):
                if link.url in have[pid]:
                    continue
                have[pid].add(link.url)
                rows.append({"paper_id": pid, "url": link.url, "kind": link.kind.value,
                             "repo": link.repo, "position": position})
                position += 1
                if link.is_code:
                    code_ids.append(pid)
        if rows:
            conn.execute(insert(link_t), rows)
        for batch in _chunks(code_ids):
            conn.execute(update(paper_t).where(paper_t.c.id.in_(batch)).values(has_code=True))

    def _restore_user_state(self, conn: Connection, pid: int, paper: ParsedPaper, now: str) -> None:
        user = paper.user_state
        assert user is not None
        conn.execute(
            update(paper_t)
            .where(paper_t.c.id == pid)
            .values(state=user.state.value, starred=user.starred, queue_position=user.queue_position)
        )
        if user.tags:
            self._add_tags(conn, [pid], user.tags)
        if user.note:
            self._write_note(conn, pid, user.note, now)

    # ----------------------------------------------------------------- export / restore
    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """Reads from one consistent state of the database (one read transaction)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def export_parts(self, conn: Connection) -> dict[str, Any]:
        """The library-wide parts of an export: digests, tags (in creation order), saved
        searches (a digest filter also names its digest by sha256)."""
        digests = [
            {"sha256": r.sha256, "source_path": r.source_path, "format": r.format,
             "digest_date": r.digest_date, "imported_at": r.imported_at,
             "entry_count": int(r.entry_count)}
            for r in conn.execute(select(digest_t).order_by(digest_t.c.id))
        ]
        sha_of = {str(r.id): r.sha256 for r in conn.execute(select(digest_t.c.id, digest_t.c.sha256))}
        tags = [r.name for r in conn.execute(select(tag_t.c.name).order_by(tag_t.c.id))]
        searches = []
        for r in conn.execute(select(saved_search_t).order_by(saved_search_t.c.id)):
            kind, _, value = r.filter.partition(":")
            searches.append({"name": r.name, "query": r.query, "filter": r.filter, "sort": r.sort,
                             "digest_sha256": sha_of.get(value) if kind == "digest" else None})
        return {"digests": digests, "tags": tags, "saved_searches": searches}

    def export_papers(self, conn: Connection, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Every paper as ``Paper.to_json`` plus what a restore needs: ``opened_at``,
        ``read_at``, ``note_updated_at``, ``note_revisions`` (oldest first) and
        ``memberships`` (digest sha256 and the upvotes seen there)."""
        ids = [int(r[0]) for r in conn.execute(select(paper_t.c.id).order_by(paper_t.c.id))]
        for chunk in _chunks(ids, batch):
            extra: dict[int, dict[str, Any]] = {
                int(r.id): {"opened_at": r.opened_at, "read_at": r.read_at,
                            "note_updated_at": None, "note_revisions": [], "memberships": []}
                for r in conn.execute(select(paper_t.c.id, paper_t.c.opened_at, paper_t.c.read_at)
                                      .where(paper_t.c.id.in_(chunk)))
            }
            for r in conn.execute(select(note_t.c.paper_id, note_t.c.updated_at)
                                  .where(note_t.c.paper_id.in_(chunk))):
                extra[int(r.paper_id)]["note_updated_at"] = r.updated_at
            for r in conn.execute(select(note_revision_t).where(note_revision_t.c.paper_id.in_(chunk))
                                  .order_by(note_revision_t.c.id)):
                extra[int(r.paper_id)]["note_revisions"].append(
                    {"body": r.body, "saved_at": r.saved_at, "written_at": r.written_at})
            for r in conn.execute(
                select(paper_digest_t.c.paper_id, paper_digest_t.c.upvotes, digest_t.c.sha256)
                .join(digest_t, digest_t.c.id == paper_digest_t.c.digest_id)
                .where(paper_digest_t.c.paper_id.in_(chunk))
                .order_by(digest_t.c.imported_at, digest_t.c.id)
            ):
                extra[int(r.paper_id)]["memberships"].append(
                    {"digest": r.sha256, "upvotes": r.upvotes})
            for paper in self._papers(conn, chunk):
                doc = paper.to_json()
                doc.update(extra[paper.id])
                yield doc

    def restored_export(self, sha: str) -> bool:
        """Whether the export file with this sha256 was restored into this library."""
        with self.read() as conn:
            return conn.execute(
                select(meta_t.c.key).where(meta_t.c.key == RESTORED_META_PREFIX + sha)
            ).first() is not None

    def restore_export(self, parsed: ParsedDigest, sha: str) -> StoredDigest:
        """Restore a version 2 export in one transaction (all or nothing).

        Digests are matched by sha256 (a known one is kept as it is, a new one is created with
        its original date, format, source, entry count and imported-at); papers are merged by
        identity like any import. A new paper is written with the exported user state and
        timestamps as they were; a known paper gets the exported state, star and queue
        position, the exported tags added, missing note revisions added and the exported
        note (as it was if the paper had none here, else the note it had becomes a
        revision), the later ``opened_at`` and, if done, the exported ``read_at``.
        Memberships are added with the upvotes seen in each digest (a membership the library
        has keeps its upvotes); saved searches are created or replaced by name. The file
        itself becomes no digest: it is recorded as ``RESTORED_META_PREFIX + sha``.
        """
        restore = parsed.restore
        if restore is None:
            raise ValueError("not a restore")
        now = iso_datetime(utcnow())
        paper_keys = _paper_keys(parsed.papers)
        papers = parsed.papers  # the importer refuses two entries of one paper
        with self.write() as conn:
            seq = self._next_seq(conn)
            digest_ids = self._restore_digests(conn, restore.digests)
            existing = self._existing(conn, papers, paper_keys)
            new_papers, matched, updates = _match(papers, existing, paper_keys, now)
            new_ids = self._insert_papers(conn, new_papers, now, seq, paper_keys, full=True)
            _update_papers(conn, updates)
            matched_ids = [pid for _, pid in matched]
            for ids in _chunks(matched_ids):
                conn.execute(update(paper_t).where(paper_t.c.id.in_(ids)).values(change_seq=seq))
            self._merge_links(conn, matched)
            # Tags first in the exported order (their ids keep the original order).
            tag_ids = self._tag_ids(conn, [*restore.tags, *(
                t for p in papers if p.user_state for t in p.user_state.tags)])
            fresh = list(zip(new_papers, new_ids))
            self._restore_new_user_state(conn, fresh, tag_ids, now)
            for paper, pid in matched:
                self._restore_known_user_state(conn, pid, paper, now)
            members = {
                (pid, digest_ids[m.digest_sha256]): m.upvotes
                for paper, pid in [*fresh, *matched] if paper.user_state
                for m in paper.user_state.memberships
            }
            if members:
                conn.execute(
                    insert(paper_digest_t).prefix_with("OR IGNORE"),
                    [{"paper_id": pid, "digest_id": did, "upvotes": up}
                     for (pid, did), up in members.items()],
                )
            self._restore_saved_searches(conn, restore.saved_searches, digest_ids)
            conn.execute(insert(meta_t).prefix_with("OR REPLACE"),
                         {"key": RESTORED_META_PREFIX + sha, "value": now})
        return StoredDigest(None, new_ids, len(updates), len(matched) - len(updates))

    @staticmethod
    def _restore_digests(conn: Connection, records: list[DigestRecord]) -> dict[str, int]:
        """sha256 -> digest id for every exported digest, creating the ones not known."""
        shas = [d.sha256 for d in records]
        known: dict[str, int] = {}
        for batch in _chunks(shas):
            for r in conn.execute(select(digest_t.c.id, digest_t.c.sha256)
                                  .where(digest_t.c.sha256.in_(batch))):
                known[r.sha256] = int(r.id)
        rows = [
            {"source_path": d.source_path, "sha256": d.sha256, "format": d.format,
             "digest_date": d.digest_date.isoformat() if d.digest_date else None,
             "imported_at": iso_datetime(d.imported_at), "entry_count": d.entry_count}
            for d in records if d.sha256 not in known
        ]
        if rows:
            conn.execute(insert(digest_t), rows)
            for batch in _chunks([r["sha256"] for r in rows]):
                for r in conn.execute(select(digest_t.c.id, digest_t.c.sha256)
                                      .where(digest_t.c.sha256.in_(batch))):
                    known[r.sha256] = int(r.id)
        return known

    @staticmethod
    def _restore_new_user_state(conn: Connection, fresh: list[tuple[ParsedPaper, int]],
                                tag_ids: dict[str, int], now: str) -> None:
        """Tags, note and note revisions of restored papers that were not in the library
        (state, star, queue position and timestamps were inserted with the paper)."""
        tag_rows: list[dict[str, Any]] = []
        note_rows: list[dict[str, Any]] = []
        revision_rows: list[dict[str, Any]] = []
        for paper, pid in fresh:
            user = paper.user_state
            if user is None:
                continue
            tag_rows.extend({"paper_id": pid, "tag_id": tag_ids[t]} for t in dict.fromkeys(user.tags))
            if user.note or user.note_updated_at is not None:
                updated = iso_datetime(user.note_updated_at) if user.note_updated_at else now
                note_rows.append({"paper_id": pid, "body": user.note, "updated_at": updated})
            revision_rows.extend(_revision_row(pid, r) for r in user.note_revisions)
        for table, rows in ((paper_tag_t, tag_rows), (note_t, note_rows),
                            (note_revision_t, revision_rows)):
            if rows:
                conn.execute(insert(table), rows)

    def _restore_known_user_state(self, conn: Connection, pid: int, paper: ParsedPaper,
                                  now: str) -> None:
        """The exported user state over a paper the library already had (see
        :meth:`restore_export`)."""
        user = paper.user_state
        if user is None:
            return
        have = {
            (r.body, r.saved_at)
            for r in conn.execute(select(note_revision_t.c.body, note_revision_t.c.saved_at)
                                  .where(note_revision_t.c.paper_id == pid))
        }
        missing = [_revision_row(pid, r) for r in user.note_revisions
                   if (r.body, iso_datetime(r.saved_at)) not in have]
        if missing:
            conn.execute(insert(note_revision_t), missing)
        values: dict[str, Any] = {}
        no_note = conn.execute(select(note_t.c.paper_id).where(note_t.c.paper_id == pid)).first() is None
        if no_note and (user.note or user.note_updated_at is not None):
            # No note here yet: the exported one as it was (then _write_note finds it equal).
            updated = iso_datetime(user.note_updated_at) if user.note_updated_at else now
            conn.execute(insert(note_t), {"paper_id": pid, "body": user.note, "updated_at": updated})
            values["has_note"] = bool(user.note.strip())
        self._restore_user_state(conn, pid, paper, now)
        row = conn.execute(select(paper_t.c.opened_at).where(paper_t.c.id == pid)).one()
        if user.opened_at is not None:
            opened = iso_datetime(user.opened_at)
            values["opened_at"] = max(opened, row.opened_at or opened)
        if user.read_at is not None and user.state is State.DONE:
            values["read_at"] = iso_datetime(user.read_at)  # after the trigger stamped "now"
        if values:
            conn.execute(update(paper_t).where(paper_t.c.id == pid).values(**values))

    @staticmethod
    def _restore_saved_searches(conn: Connection, searches: list[SavedSearchRecord],
                                digest_ids: dict[str, int]) -> None:
        for search in searches:
            flt = search.filter
            if search.digest_sha256 is not None:
                flt = f"digest:{digest_ids[search.digest_sha256]}"  # this library's id
            values = {"query": search.query, "filter": flt, "sort": search.sort}
            done = conn.execute(
                update(saved_search_t).where(saved_search_t.c.name == search.name).values(**values)
            ).rowcount
            if not done:
                conn.execute(insert(saved_search_t), {"name": search.name, **values})

    # ----------------------------------------------------------------- user state setters
    def _touch(self, conn: Connection, ids: Sequence[int], **values: Any) -> None:
        seq = self._next_seq(conn)
        now = iso_datetime(utcnow())
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
            seq = self._next_seq(conn)
            now = iso_datetime(utcnow())
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
            seq = self._next_seq(conn)
            conn.execute(
                update(paper_t)
                .where(paper_t.c.id == bindparam("b_id"))
                .values(queue_position=bindparam("b_pos"), change_seq=seq),
                [{"b_id": pid, "b_pos": n} for n, pid in enumerate(ids, start=1)],
            )

    def queue_order(self) -> list[int]:
        with self.read() as conn:
            return [
                int(r[0])
                for r in conn.execute(
                    select(paper_t.c.id)
                    .where(paper_t.c.state == State.QUEUED.value)
                    .order_by(paper_t.c.queue_position.is_(None), paper_t.c.queue_position, paper_t.c.id)
                )
            ]

    def _tag_ids(self, conn: Connection, names: Iterable[str]) -> dict[str, int]:
        wanted = list(dict.fromkeys(names))
        if not wanted:
            return {}
        conn.execute(insert(tag_t).prefix_with("OR IGNORE"), [{"name": n} for n in wanted])
        return {
            r.name: int(r.id)
            for r in conn.execute(select(tag_t.c.id, tag_t.c.name).where(tag_t.c.name.in_(wanted)))
        }

    def _add_tags(self, conn: Connection, ids: Sequence[int], names: Iterable[str]) -> None:
        tag_ids = self._tag_ids(conn, names)
        rows = [{"paper_id": pid, "tag_id": tid} for pid in ids for tid in tag_ids.values()]
        if rows:
            conn.execute(insert(paper_tag_t).prefix_with("OR IGNORE"), rows)

    def add_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        with self.write() as conn:
            self._add_tags(conn, ids, names)
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
            self._drop_unused_tags(conn)
            self._touch(conn, ids)

    def set_tags(self, pid: int, names: Sequence[str]) -> None:
        with self.write() as conn:
            conn.execute(delete(paper_tag_t).where(paper_tag_t.c.paper_id == pid))
            self._add_tags(conn, [pid], names)
            self._drop_unused_tags(conn)
            self._touch(conn, [pid])

    @staticmethod
    def _drop_unused_tags(conn: Connection) -> None:
        conn.execute(delete(tag_t).where(~tag_t.c.id.in_(select(paper_tag_t.c.tag_id))))

    def tags_of(self, conn: Connection, ids: Sequence[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for batch in _chunks(list(ids)):
            for r in conn.execute(
                select(paper_tag_t.c.paper_id, tag_t.c.name)
                .join(tag_t, tag_t.c.id == paper_tag_t.c.tag_id)
                .where(paper_tag_t.c.paper_id.in_(batch))
                .order_by(tag_t.c.name)
            ):
                out.setdefault(int(r.paper_id), []).append(r.name)
        return out

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

    def _write_note(self, conn: Connection, pid: int, body: str, now: str,
                    visit: str | None = None) -> bool:
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

    def set_note(self, pid: int, body: str, visit: str | None = None) -> bool:
        """Save a note; the replaced text is kept as a revision (see :meth:`_write_note`).
        False when nothing changed."""
        with self.write() as conn:
            changed = self._write_note(conn, pid, body, iso_datetime(utcnow()), visit)
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
                update(paper_t).where(paper_t.c.id == pid).values(opened_at=iso_datetime(utcnow()))
            )

    # ----------------------------------------------------------------- reads
    def filter_clause(self, flt: Filter) -> ColumnElement[bool] | None:
        kind = flt.kind
        if kind is FilterKind.ALL:
            return None
        if kind is FilterKind.STATE:
            return paper_t.c.state == flt.value
        if kind is FilterKind.STARRED:
            return paper_t.c.starred.is_(True)
        if kind is FilterKind.HAS_CODE:
            return paper_t.c.has_code.is_(True)
        if kind is FilterKind.HAS_NOTES:
            return paper_t.c.has_note.is_(True)
        if kind is FilterKind.TAG:
            return paper_t.c.id.in_(
                select(paper_tag_t.c.paper_id)
                .join(tag_t, tag_t.c.id == paper_tag_t.c.tag_id)
                .where(tag_t.c.name == flt.value)
            )
        if kind is FilterKind.DIGEST:
            return paper_t.c.id.in_(
                select(paper_digest_t.c.paper_id).where(paper_digest_t.c.digest_id == int(flt.value or 0))
            )
        raise ValueError(f"filter {flt.key} cannot be expressed in SQL")

    @staticmethod
    def default_sort(flt: Filter) -> Sort:
        if flt.kind is FilterKind.STATE and flt.value == State.QUEUED.value:
            return Sort(SortKey.QUEUE, descending=False)
        return Sort(SortKey.PUBLISHED, descending=True)

    @staticmethod
    def _sort_column(sort: Sort) -> Any:
        return {
            SortKey.PUBLISHED: paper_t.c.published,
            SortKey.UPVOTES: paper_t.c.upvotes,
            SortKey.ADDED: paper_t.c.added_at,
            SortKey.TITLE: paper_t.c.title_sort,
            SortKey.QUEUE: paper_t.c.queue_position,
            SortKey.RELEVANCE: paper_t.c.published,
            SortKey.STARRED: paper_t.c.starred,
            SortKey.CODE: paper_t.c.has_code,
        }[sort.key]

    def query_rows(
        self, flt: Filter, sort: Sort, offset: int, limit: int
    ) -> tuple[int, list[PaperRow]]:
        """One page in ``sort`` order, NULLs last in both directions, id breaking ties.

        Every order is an index walk (see ``tables.SORT_INDEXES``): SQLite sorts NULL lowest,
        so a descending order already ends with the NULLs; an ascending order on a nullable
        column is read as two index ranges — the non-NULL values, then the NULLs.
        """
        clause = self.filter_clause(flt)
        column = self._sort_column(sort)
        where = [clause] if clause is not None else []
        count_stmt = select(func.count()).select_from(paper_t).where(*where)
        base: Select[Any] = select(*ROW_COLUMNS).where(*where)
        nullable = column not in (paper_t.c.added_at, paper_t.c.title_sort, paper_t.c.starred,
                                  paper_t.c.has_code)
        # Star and code orders are groups: inside each, newest first (index: flag, published).
        keys = [column, paper_t.c.published] if sort.key in (SortKey.STARRED, SortKey.CODE) else [
            column]
        with self.read() as conn:
            total = int(conn.execute(count_stmt).scalar_one())
            if sort.descending or not nullable:
                order = [*(k.desc() for k in keys), paper_t.c.id.desc()] if sort.descending else [
                    *(k.asc() for k in keys), paper_t.c.id.asc()]
                stmt = base.order_by(*order).offset(offset).limit(limit)
                return total, [_row(r) for r in conn.execute(stmt)]
            valued = int(conn.execute(count_stmt.where(column.is_not(None))).scalar_one())
            rows = []
            if offset < valued:
                stmt = (base.where(column.is_not(None)).order_by(column.asc(), paper_t.c.id.asc())
                        .offset(offset).limit(limit))
                rows = [_row(r) for r in conn.execute(stmt)]
            if len(rows) < limit:
                stmt = (base.where(column.is_(None)).order_by(paper_t.c.id.asc())
                        .offset(max(0, offset - valued)).limit(limit - len(rows)))
                rows.extend(_row(r) for r in conn.execute(stmt))
        return total, rows

    def rows_by_ids(self, ids: Sequence[int]) -> dict[int, PaperRow]:
        out: dict[int, PaperRow] = {}
        with self.read() as conn:
            for batch in _chunks(list(ids)):
                for r in conn.execute(select(*ROW_COLUMNS).where(paper_t.c.id.in_(batch))):
                    out[int(r.id)] = _row(r)
        return out

    def count(self, flt: Filter) -> int:
        clause = self.filter_clause(flt)
        stmt = select(func.count()).select_from(paper_t)
        if clause is not None:
            stmt = stmt.where(clause)
        with self.read() as conn:
            return int(conn.execute(stmt).scalar_one())

    def counts(self) -> dict[str, int]:
        """Counts for every fixed filter, every tag and every digest, in few queries."""
        out: dict[str, int] = {}
        with self.read() as conn:
            out["all"] = int(conn.execute(select(func.count()).select_from(paper_t)).scalar_one())
            for state in State:
                out[state.value] = 0
            for r in conn.execute(select(paper_t.c.state, func.count()).group_by(paper_t.c.state)):
                out[r[0]] = int(r[1])
            row = conn.execute(
                select(
                    func.coalesce(func.sum(cast(paper_t.c.starred, Integer)), 0),
                    func.coalesce(func.sum(cast(paper_t.c.has_code, Integer)), 0),
                    func.coalesce(func.sum(cast(paper_t.c.has_note, Integer)), 0),
                )
            ).one()
            out["starred"], out["has-code"], out["has-notes"] = (int(v) for v in row)
            for r in conn.execute(
                select(tag_t.c.name, func.count(paper_tag_t.c.paper_id))
                .join(paper_tag_t, paper_tag_t.c.tag_id == tag_t.c.id)
                .group_by(tag_t.c.name)
            ):
                out[f"tag:{r[0]}"] = int(r[1])
            for r in conn.execute(
                select(paper_digest_t.c.digest_id, func.count()).group_by(paper_digest_t.c.digest_id)
            ):
                out[f"digest:{r[0]}"] = int(r[1])
        return out

    def digests(self) -> list[DigestInfo]:
        with self.read() as conn:
            return [
                _digest_info(r)
                for r in conn.execute(
                    select(digest_t).order_by(
                        digest_t.c.digest_date.is_(None),
                        digest_t.c.digest_date.desc(),
                        digest_t.c.imported_at.desc(),
                        digest_t.c.id.desc(),
                    )
                )
            ]

    def get(self, pid: int) -> Paper | None:
        with self.read() as conn:
            papers = self._papers(conn, [pid])
        return papers[0] if papers else None

    def id_for_key(self, key: str) -> int | None:
        with self.read() as conn:
            value = conn.execute(select(paper_t.c.id).where(paper_t.c.key == key)).scalar()
            return int(value) if value is not None else None

    def _papers(self, conn: Connection, ids: Sequence[int]) -> list[Paper]:
        rows = {
            int(r["id"]): r
            for r in conn.execute(select(paper_t).where(paper_t.c.id.in_(list(ids)))).mappings()
        }
        if not rows:
            return []
        id_list = list(rows)
        links: dict[int, list[Link]] = {}
        for r in conn.execute(
            select(link_t).where(link_t.c.paper_id.in_(id_list)).order_by(link_t.c.position, link_t.c.id)
        ):
            links.setdefault(int(r.paper_id), []).append(Link(r.url, LinkKind(r.kind), r.repo))
        notes = {
            int(r.paper_id): r.body
            for r in conn.execute(select(note_t).where(note_t.c.paper_id.in_(id_list)))
        }
        digests: dict[int, list[DigestInfo]] = {}
        for r in conn.execute(
            select(digest_t, paper_digest_t.c.paper_id, paper_digest_t.c.upvotes.label("seen_upvotes"))
            .join(paper_digest_t, paper_digest_t.c.digest_id == digest_t.c.id)
            .where(paper_digest_t.c.paper_id.in_(id_list))
            .order_by(digest_t.c.imported_at, digest_t.c.id)
        ):
            digests.setdefault(int(r.paper_id), []).append(_digest_info(r, r.seen_upvotes))
        tags = self.tags_of(conn, id_list)
        out = []
        for pid in ids:
            rec = rows.get(pid)
            if rec is None:
                continue
            out.append(
                Paper(
                    id=pid,
                    key=rec["key"],
                    title=rec["title"],
                    abstract=rec["abstract"],
                    authors=list(json.loads(rec["authors"] or "[]")),
                    author_count=rec["author_count"],
                    published=_date(rec["published"]),
                    upvotes=rec["upvotes"],
                    links=links.get(pid, []),
                    state=State(rec["state"]),
                    starred=bool(rec["starred"]),
                    tags=tags.get(pid, []),
                    note=notes.get(pid, ""),
                    digests=digests.get(pid, []),
                    added_at=parse_iso_datetime(rec["added_at"]),
                    updated_at=parse_iso_datetime(rec["updated_at"]),
                    queue_position=rec["queue_position"],
                    abstract_truncated=bool(rec["abstract_truncated"]),
                    arxiv_id=rec["arxiv_id"],
                )
            )
        return out

    def iter_papers(self, batch: int = 1000) -> Iterator[Paper]:
        with self.read() as conn:
            ids = [int(r[0]) for r in conn.execute(select(paper_t.c.id).order_by(paper_t.c.id))]
            for chunk in _chunks(ids, batch):
                yield from self._papers(conn, chunk)

    # ----------------------------------------------------------------- search sync
    def index_docs(self, since_seq: int, batch: int = 2000) -> Iterator[list[IndexDoc]]:
        """Papers changed after ``since_seq``, in batches, with everything the index needs."""
        with self.read() as conn:
            ids = self._changed_ids(conn, since_seq)
            for chunk in _chunks(ids, batch):
                yield self._index_docs(conn, chunk)

    def changes_after(self, since_seq: int) -> tuple[int, list[IndexDoc]]:
        """(the change counter now, the papers changed after ``since_seq``), read from one
        snapshot: every paper with a change number up to the returned one is included."""
        with self.read() as conn:
            seq = int(conn.execute(select(meta_t.c.value).where(meta_t.c.key == "change_seq")).scalar_one())
            ids = self._changed_ids(conn, since_seq)
            docs: list[IndexDoc] = []
            for chunk in _chunks(ids, 2000):
                docs.extend(self._index_docs(conn, chunk))
            return seq, docs

    def docs_for(self, ids: Iterable[int]) -> Iterator[list[IndexDoc]]:
        """The index documents of these papers (those that still exist), in batches."""
        wanted = sorted(set(ids))
        with self.read() as conn:
            for chunk in _chunks(wanted, 2000):
                yield self._index_docs(conn, chunk)

    @staticmethod
    def _changed_ids(conn: Connection, since_seq: int) -> list[int]:
        # Sorted here: with ORDER BY id SQLite walks the whole table in id order instead of
        # the change_seq index (12 ms per call at 20,000 papers, once per imported file).
        return sorted(int(r[0]) for r in conn.execute(
            select(paper_t.c.id).where(paper_t.c.change_seq > since_seq)))

    def count_changed_since(self, since_seq: int) -> int:
        with self.read() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(paper_t).where(paper_t.c.change_seq > since_seq)
                ).scalar_one()
            )

    def _index_docs(self, conn: Connection, ids: Sequence[int]) -> list[IndexDoc]:
        cols = [
            paper_t.c.id, paper_t.c.title, paper_t.c.abstract, paper_t.c.authors,
            paper_t.c.author_count, paper_t.c.state, paper_t.c.starred, paper_t.c.has_code,
            paper_t.c.published, paper_t.c.upvotes, paper_t.c.added_at, paper_t.c.change_seq,
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
        tags = self.tags_of(conn, ids)
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
            )
            for r in rows
        ]

    def all_ids(self) -> set[int]:
        with self.read() as conn:
            return {int(r[0]) for r in conn.execute(select(paper_t.c.id))}

    def max_change_seq(self) -> int:
        with self.read() as conn:
            return int(conn.execute(select(func.coalesce(func.max(paper_t.c.change_seq), 0))).scalar_one())

    # ----------------------------------------------------------------- saved searches
    def saved_searches(self) -> list[SavedSearch]:
        with self.read() as conn:
            return [
                SavedSearch(int(r.id), r.name, r.query, Filter.parse(r.filter), Sort.parse(r.sort))
                for r in conn.execute(select(saved_search_t).order_by(saved_search_t.c.name))
            ]

    def save_search(self, name: str, query: str, flt: Filter, sort: Sort | None) -> None:
        with self.write() as conn:
            conn.execute(
                insert(saved_search_t).prefix_with("OR REPLACE"),
                {"name": name, "query": query, "filter": flt.key, "sort": sort.spec if sort else None},
            )

    def rename_search(self, old: str, new: str) -> bool:
        with self.write() as conn:
            return bool(
                conn.execute(
                    update(saved_search_t).where(saved_search_t.c.name == old).values(name=new)
                ).rowcount
            )

    def delete_search(self, name: str) -> bool:
        with self.write() as conn:
            return bool(
                conn.execute(delete(saved_search_t).where(saved_search_t.c.name == name)).rowcount
            )

    # ----------------------------------------------------------------- maintenance
    def integrity_check(self) -> list[str]:
        with self.read() as conn:
            result = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        problems = [] if result == ["ok"] else [f"SQLite integrity: {line}" for line in result]
        if fk:
            problems.append(f"SQLite foreign keys: {len(fk)} dangling rows")
        return problems

    def stats(self) -> dict[str, int]:
        with self.read() as conn:
            return {
                "digests": int(conn.execute(select(func.count()).select_from(digest_t)).scalar_one()),
                "tags": int(conn.execute(select(func.count()).select_from(tag_t)).scalar_one()),
            }


def _digest_info(r: Any, upvotes: int | None = None) -> DigestInfo:
    return DigestInfo(
        id=int(r.id),
        source_path=r.source_path,
        format=r.format,
        digest_date=_date(r.digest_date),
        imported_at=parse_iso_datetime(r.imported_at),
        entry_count=int(r.entry_count),
        upvotes=upvotes,
    )


def _paper_keys(papers: Iterable[ParsedPaper]) -> dict[int, tuple[str, str]]:
    """(key, title key) per paper, by ``id(paper)``: title normalisation (NFKC, casefold,
    character filter) is the costliest step of a bulk import, so it runs once per paper."""
    out: dict[int, tuple[str, str]] = {}
    for p in papers:
        title_key = p.title_key
        key = f"arxiv:{p.arxiv_id}" if p.arxiv_id else title_key
        out[id(p)] = (key, title_key)
    return out


def _unique_links(links: Iterable[Link]) -> list[Link]:
    seen: set[str] = set()
    out = []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return out


def _dedupe(
    papers: list[ParsedPaper], paper_keys: dict[int, tuple[str, str]] | None = None
) -> list[ParsedPaper]:
    """One entry per identity within a file; later duplicates are merged into the first."""
    by_key: dict[str, ParsedPaper] = {}
    for paper in papers:
        key = paper_keys[id(paper)][0] if paper_keys is not None else paper.key
        first = by_key.get(key)
        if first is None:
            by_key[key] = paper
            continue
        if len(paper.abstract) > len(first.abstract):
            first.abstract = paper.abstract
        first.links = linkmod.merge_links(first.links, paper.links)
        first.upvotes = paper.upvotes if paper.upvotes is not None else first.upvotes
        first.authors = first.authors or paper.authors
        first.author_count = first.author_count or paper.author_count
        first.published = first.published or paper.published
    return list(by_key.values())


def _merge(row: dict[str, Any], paper: ParsedPaper) -> dict[str, Any]:
    """Column changes that merging ``paper`` into ``row`` makes; user state is never touched."""
    change: dict[str, Any] = {}
    if paper.arxiv_id and not row["arxiv_id"]:
        change["arxiv_id"] = paper.arxiv_id
        change["key"] = paper.key
    # Keep the longer non-truncated abstract.
    new_abs, old_abs = paper.abstract, row["abstract"] or ""
    old_trunc = bool(row["abstract_truncated"])
    if new_abs and new_abs != old_abs:
        better = (old_trunc and not paper.abstract_truncated) or (
            paper.abstract_truncated == old_trunc and len(new_abs) > len(old_abs)
        ) or not old_abs
        if better:
            change["abstract"] = new_abs
            change["abstract_truncated"] = paper.abstract_truncated
    if paper.authors and not json.loads(row["authors"] or "[]"):
        change["authors"] = json.dumps(paper.authors, ensure_ascii=False)
    count = paper.author_count if paper.author_count is not None else (len(paper.authors) or None)
    if count is not None and row["author_count"] is None:
        change["author_count"] = count
    if paper.published and not row["published"]:
        change["published"] = paper.published.isoformat()
    if paper.upvotes is not None and paper.upvotes != row["upvotes"]:
        change["upvotes"] = paper.upvotes
    return change


def _group_by_keys(updates: list[dict[str, Any]]) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for change in updates:
        groups.setdefault(tuple(sorted(change)), []).append(change)
    return groups


def _revision_row(pid: int, revision: NoteRevisionRecord) -> dict[str, Any]:
    written = revision.written_at
    return {"paper_id": pid, "body": revision.body, "saved_at": iso_datetime(revision.saved_at),
            "written_at": iso_datetime(written) if written is not None else None}


def _match(papers: Sequence[ParsedPaper], existing: dict[str, Any],
           paper_keys: dict[int, tuple[str, str]], now: str
           ) -> tuple[list[ParsedPaper], list[tuple[ParsedPaper, int]], list[dict[str, Any]]]:
    """Split incoming papers into new ones, (paper, id) of known ones, and the row updates
    (merged fields + ``b_id`` + ``updated_at``) of the known ones that changed."""
    new_papers: list[ParsedPaper] = []
    matched: list[tuple[ParsedPaper, int]] = []
    updates: list[dict[str, Any]] = []
    for paper in papers:
        key, title_key = paper_keys[id(paper)]
        row = existing.get(key) or existing.get(title_key)
        if row is None:
            new_papers.append(paper)
            continue
        matched.append((paper, row["id"]))
        change = _merge(row, paper)
        if change:
            change.update(b_id=row["id"], updated_at=now)
            updates.append(change)
    return new_papers, matched, updates


def _update_papers(conn: Connection, updates: list[dict[str, Any]]) -> None:
    """One executemany per set of changed columns."""
    for keys, group in _group_by_keys(updates).items():
        conn.execute(
            update(paper_t).where(paper_t.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in keys if k != "b_id"}),
            group,
        )
