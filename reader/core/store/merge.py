"""Merging a parsed digest into the library: the import's write, and its dry run.

The rules (what matches what, which fields a merge changes) are pure functions in
:mod:`reader.core.store.merge_rules`; this module runs them against the database, one
transaction per file (ARCHITECTURE.md, "Data flow of an import").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from reader.core.model import ParsedDigest, ParsedPaper, State, iso_datetime
from reader.core.store.base import StoreBase, _chunks, _now, _title_sort
from reader.core.store.changes import _next_seq
from reader.core.store.merge_rules import (
    _dedupe,
    _drop_other_ids,
    _group_by_keys,
    _match,
    _merge,
    _paper_keys,
    _unique_links,
)
from reader.core.store.meta import CATEGORIES, categories_of, meta_columns, write_categories
from reader.core.store.tables import digest_t, link_t, paper_digest_t, paper_t
from reader.core.store.triage import _add_tags, _write_note


@dataclass
class StoredDigest:
    digest_id: int | None  # None for a restored export (no digest of its own)
    new_ids: list[int]
    updated: int
    unchanged: int


@dataclass
class Merged:
    """What :meth:`MergeMixin._merge_papers` did with a file's papers."""

    new_papers: list[ParsedPaper]
    new_ids: list[int]  # of ``new_papers``, in their order
    matched: list[tuple[ParsedPaper, int]]  # (paper, id) of the papers the library had
    updates: list[dict[str, Any]]  # the row updates of the matched papers that changed

    @property
    def members(self) -> tuple[list[int], list[ParsedPaper]]:
        """(ids, papers) of every paper of the file: the new ones, then the known ones."""
        return (self.new_ids + [pid for _, pid in self.matched],
                self.new_papers + [p for p, _ in self.matched])

    def stored(self, digest_id: int | None) -> StoredDigest:
        updated = len(self.updates)
        return StoredDigest(digest_id, self.new_ids, updated, len(self.matched) - updated)


#: What :func:`merge_rules._match` makes of a file's papers: (new, matched, updates).
Matching = tuple[list[ParsedPaper], list[tuple[ParsedPaper, int]], list[dict[str, Any]]]


def _update_papers(conn: Connection, updates: list[dict[str, Any]]) -> None:
    """One executemany per set of changed columns (the categories: their own rows)."""
    categories = {u["b_id"]: u[CATEGORIES] for u in updates if CATEGORIES in u}
    write_categories(conn, categories)
    columns = [{k: v for k, v in u.items() if k != CATEGORIES} for u in updates]
    for keys, group in _group_by_keys(columns).items():
        conn.execute(
            update(paper_t).where(paper_t.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in keys if k != "b_id"}),
            group,
        )


class MergeMixin(StoreBase):
    """Importing a digest: matching its papers to the library's, inserting and merging."""

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
        now = _now()
        paper_keys = _paper_keys(parsed.papers)
        papers = _dedupe(parsed.papers, paper_keys)
        with self.write() as conn:
            seq = _next_seq(conn)
            digest_id = self._insert_digest(conn, parsed, source, sha, now, len(papers))
            merged = self._merge_papers(conn, papers, paper_keys, now, seq)
            all_ids, all_papers = merged.members
            self._add_members(conn, digest_id, all_ids, all_papers)
            for paper, pid in zip(all_papers, all_ids):
                if paper.user_state is not None:
                    self._restore_user_state(conn, pid, paper, now)
        return merged.stored(digest_id)

    @staticmethod
    def _insert_digest(conn: Connection, parsed: ParsedDigest, source: str, sha: str, now: str,
                       entry_count: int) -> int:
        return int(conn.execute(
            insert(digest_t).returning(digest_t.c.id),
            {
                "source_path": source,
                "sha256": sha,
                "format": parsed.format,
                "digest_date": parsed.digest_date.isoformat() if parsed.digest_date else None,
                "imported_at": now,
                "entry_count": entry_count,
            },
        ).scalar_one())

    def refresh_digest(self, parsed: ParsedDigest, digest_id: int) -> StoredDigest | None:
        """A digest imported before, read again: a newer Digest Reader reads more of the same
        file (metadata, entries an older importer missed, a fixed abstract). Its papers are
        merged with ``fill_only`` (what a later digest brought stays) and papers it now
        yields become its members; user state in the file is not applied again. None, with
        nothing written, when the library already has everything the file says."""
        now = _now()
        paper_keys = _paper_keys(parsed.papers)
        papers = _dedupe(parsed.papers, paper_keys)
        with self.write() as conn:
            matching = _match(papers, self._existing(conn, papers, paper_keys), paper_keys, now,
                              fill_only=True)
            new_papers, matched, updates = matching
            members = {int(r[0]) for r in conn.execute(
                select(paper_digest_t.c.paper_id).where(paper_digest_t.c.digest_id == digest_id))}
            if not (new_papers or updates or any(pid not in members for _, pid in matched)
                    or self._new_links(conn, matched)):
                return None
            merged = self._merge_papers(conn, papers, paper_keys, now, _next_seq(conn),
                                        matching=matching)
            self._add_members(conn, digest_id, *merged.members)
            conn.execute(update(digest_t).where(digest_t.c.id == digest_id)
                         .values(entry_count=func.max(digest_t.c.entry_count, len(papers))))
        return merged.stored(digest_id)

    @staticmethod
    def _new_links(conn: Connection, matched: list[tuple[ParsedPaper, int]]) -> bool:
        """Whether any of these papers brings a link its row does not have."""
        have: set[tuple[int, str]] = set()
        for batch in _chunks([pid for _, pid in matched]):
            have.update((int(r.paper_id), r.url) for r in conn.execute(
                select(link_t.c.paper_id, link_t.c.url).where(link_t.c.paper_id.in_(batch))))
        return any((pid, link.url) not in have for paper, pid in matched
                   for link in _unique_links(paper.links))

    def _merge_papers(self, conn: Connection, papers: list[ParsedPaper],
                      paper_keys: dict[int, tuple[str, str]], now: str, seq: int,
                      full: bool = False, matching: Matching | None = None) -> Merged:
        """Match the papers to the library's (unless the caller has: ``matching``), insert
        the new ones (``full``: see :meth:`_insert_papers`), merge the known ones: the
        import's, the restore's and the refresh's step."""
        if matching is None:
            matching = _match(papers, self._existing(conn, papers, paper_keys), paper_keys, now)
        new_papers, matched, updates = matching
        new_ids = self._insert_papers(conn, new_papers, now, seq, paper_keys, full=full)
        # Changed rows get new content; every paper of the digest gets a new change_seq
        # (its digest membership is searchable).
        _update_papers(conn, updates)
        matched_ids = [pid for _, pid in matched]
        for ids in _chunks(matched_ids):
            conn.execute(update(paper_t).where(paper_t.c.id.in_(ids)).values(change_seq=seq))
        self._merge_links(conn, matched)
        return Merged(new_papers, new_ids, matched, updates)

    @staticmethod
    def _add_members(conn: Connection, digest_id: int, ids: list[int],
                     papers: list[ParsedPaper]) -> None:
        """The papers of a new digest, with the upvotes seen there."""
        if ids:
            # Two entries of a file can land on one paper (merged by key): the last one's
            # upvotes win. The digest is new, so no other row can conflict: OR IGNORE only
            # guards; OR REPLACE made SQLite 20x slower here (2.7 ms per file).
            members = {pid: p.upvotes for pid, p in zip(ids, papers)}
            conn.execute(
                insert(paper_digest_t).prefix_with("OR IGNORE"),
                [{"paper_id": pid, "digest_id": digest_id, "upvotes": up}
                 for pid, up in members.items()],
            )

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
        _drop_other_ids(found, papers, pk)
        cats = categories_of(conn, list({int(r["id"]) for r in found.values()}))
        for found_row in found.values():
            found_row[CATEGORIES] = cats.get(int(found_row["id"]), ())
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
                    **meta_columns(p.meta),
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
        write_categories(conn, {pid: p.meta.categories for pid, p in zip(ids, papers)
                                if p.meta.categories}, replace=False)
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
            _add_tags(conn, [pid], user.tags)
        if user.note:
            _write_note(conn, pid, user.note, now)
