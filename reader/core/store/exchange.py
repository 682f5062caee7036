"""Export and restore: the library read as one snapshot, and a version 2 export written back.

A restore is an import merge (:class:`~reader.core.store.merge.MergeMixin`) plus the
exported user state, digests, memberships and saved searches (ARCHITECTURE.md, "Data flow
of an import").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from reader.core.model import (
    DigestRecord,
    ParsedDigest,
    ParsedPaper,
    SavedSearchRecord,
    State,
    iso_datetime,
)
from reader.core.store.base import _chunks, _now
from reader.core.store.changes import _next_seq
from reader.core.store.errors import translate_db_errors
from reader.core.store.merge import MergeMixin, StoredDigest
from reader.core.store.merge_rules import _paper_keys, _revision_row
from reader.core.store.papers import PapersMixin
from reader.core.store.tables import (
    digest_t,
    meta_t,
    note_revision_t,
    note_t,
    paper_digest_t,
    paper_t,
    paper_tag_t,
    saved_search_t,
    tag_t,
)
from reader.core.store.triage import _tag_ids

#: A restored export (format version 2) is recorded as the meta row ``restored-export:<its
#: sha256>`` = when it was restored; it has no digest row of its own.
RESTORED_META_PREFIX = "restored-export:"


class ExchangeMixin(MergeMixin, PapersMixin):
    """Reading the library for an export; restoring an export into it."""

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """Reads from one consistent state of the database (one read transaction)."""
        with translate_db_errors(), self.engine.connect() as conn, conn.begin():
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
            for paper in self.papers_by_ids(conn, chunk):
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
        now = _now()
        paper_keys = _paper_keys(parsed.papers)
        papers = parsed.papers  # the importer refuses two entries of one paper
        with self.write() as conn:
            seq = _next_seq(conn)
            digest_ids = self._restore_digests(conn, restore.digests)
            merged = self._merge_papers(conn, papers, paper_keys, now, seq, full=True)
            matched = merged.matched
            # Tags first in the exported order (their ids keep the original order).
            tag_ids = _tag_ids(conn, [*restore.tags, *(
                t for p in papers if p.user_state for t in p.user_state.tags)])
            fresh = list(zip(merged.new_papers, merged.new_ids))
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
        return merged.stored(None)

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
