"""Reading papers: the list's pages and counts, whole papers, digests, maintenance reads.

A filter and a sort reach SQL through one table each, :data:`FILTER_SQL` (keyed by
:class:`~reader.core.model.FilterKind`) and :data:`SORT_SQL` (keyed by
:class:`~reader.core.model.SortKey`): a new filter kind or sort key is one row here
(ARCHITECTURE.md, "Data flow of a search").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement, Select

from reader.core.model import (
    DigestInfo,
    Filter,
    FilterKind,
    Link,
    LinkKind,
    Paper,
    PaperRow,
    Sort,
    SortKey,
    State,
    default_sort,
    parse_iso_datetime,
)
from reader.core.store.base import StoreBase, _chunks, _date, _digest_info, _id_list, _row
from reader.core.store.meta import categories_of, category_counts, meta_of
from reader.core.store.tables import (
    digest_t,
    link_t,
    note_t,
    paper_category_t,
    paper_digest_t,
    paper_t,
    paper_tag_t,
    tag_t,
)

#: The list row's columns, in the order ``base._row`` unpacks them.
ROW_COLUMNS = (
    paper_t.c.id,
    paper_t.c.title,
    paper_t.c.published,
    paper_t.c.upvotes,
    paper_t.c.starred,
    paper_t.c.has_code,
    paper_t.c.state,
    paper_t.c.queue_position,
    # The optional columns: the first author and the count come from the JSON list in SQLite
    # (no Python JSON parse per row); tags are one more query per page (``_with_tags``).
    func.json_extract(paper_t.c.authors, "$[0]").label("first_author"),
    func.max(func.json_array_length(paper_t.c.authors), func.coalesce(paper_t.c.author_count, 0))
    .label("author_total"),
    paper_t.c.added_at,
    paper_t.c.has_note,
)


def _no_sql(flt: Filter) -> ColumnElement[bool] | None:
    raise ValueError(f"filter {flt.key} cannot be expressed in SQL")


def _tag_filter(flt: Filter) -> ColumnElement[bool] | None:
    return paper_t.c.id.in_(
        select(paper_tag_t.c.paper_id)
        .join(tag_t, tag_t.c.id == paper_tag_t.c.tag_id)
        .where(tag_t.c.name == flt.value)
    )


def _category_filter(flt: Filter) -> ColumnElement[bool] | None:
    return paper_t.c.id.in_(
        select(paper_category_t.c.paper_id).where(paper_category_t.c.category == flt.value)
    )


def _digest_filter(flt: Filter) -> ColumnElement[bool] | None:
    return paper_t.c.id.in_(
        select(paper_digest_t.c.paper_id).where(paper_digest_t.c.digest_id == int(flt.value or 0))
    )


#: The WHERE clause of each filter kind (None: every paper). A saved search is resolved to
#: its own filter before it gets here (the service does it), so it has no SQL of its own.
FILTER_SQL: dict[FilterKind, Callable[[Filter], ColumnElement[bool] | None]] = {
    FilterKind.ALL: lambda flt: None,
    FilterKind.STATE: lambda flt: paper_t.c.state == flt.value,
    FilterKind.STARRED: lambda flt: paper_t.c.starred.is_(True),
    FilterKind.HAS_CODE: lambda flt: paper_t.c.has_code.is_(True),
    FilterKind.HAS_NOTES: lambda flt: paper_t.c.has_note.is_(True),
    FilterKind.TAG: _tag_filter,
    FilterKind.DIGEST: _digest_filter,
    FilterKind.SAVED: _no_sql,
    FilterKind.NEW: lambda flt: paper_t.c.id.between(*flt.id_range()),
    FilterKind.CATEGORY: _category_filter,
}


@dataclass(frozen=True)
class SqlSort:
    """How one sort key orders the list in SQL."""

    column: Any  # a column of ``paper_t``
    nullable: bool  # an ascending order reads the non-NULL values, then the NULLs
    grouped: bool = False  # a flag: inside each group, newest first (index: flag, published)
    then: tuple[Any, ...] = ()  # columns ordering ties before the id, in the same direction


#: Within a day, most upvotes first (no upvotes last), then the newest id.
_DAY_THEN_UPVOTES = (paper_t.c.upvotes,)


#: The column each sort key orders by (a relevance order without a search: newest first).
SORT_SQL: dict[SortKey, SqlSort] = {
    SortKey.PUBLISHED: SqlSort(paper_t.c.published, nullable=True, then=_DAY_THEN_UPVOTES),
    SortKey.UPVOTES: SqlSort(paper_t.c.upvotes, nullable=True),
    SortKey.ADDED: SqlSort(paper_t.c.added_at, nullable=False),
    SortKey.TITLE: SqlSort(paper_t.c.title_sort, nullable=False),
    SortKey.QUEUE: SqlSort(paper_t.c.queue_position, nullable=True),
    SortKey.RELEVANCE: SqlSort(paper_t.c.published, nullable=True, then=_DAY_THEN_UPVOTES),
    SortKey.STARRED: SqlSort(paper_t.c.starred, nullable=False, grouped=True),
    SortKey.CODE: SqlSort(paper_t.c.has_code, nullable=False, grouped=True),
}


def _with_tags(conn: Connection, result: Iterable[Any]) -> list[PaperRow]:
    """The list rows of one page of ``ROW_COLUMNS`` results, with their tags and categories
    (one query each) and, when the page has queued papers, their places in the queue (one
    walk of the queue index; a correlated count per row was ~5x slower for a page of a
    300-paper queue)."""
    records = list(result)
    ids = [int(r.id) for r in records]
    tags = _tags_of(conn, ids) if records else {}
    cats = categories_of(conn, ids) if records else {}
    ranks: dict[int, int] = {}
    if any(r.state == State.QUEUED.value for r in records):
        ranks = {pid: n for n, pid in enumerate(_queue_ids(conn), start=1)}
    return [_row(r, tags=tags.get(int(r.id), ()), queue_rank=ranks.get(int(r.id)),
                 categories=cats.get(int(r.id), ())) for r in records]


def _queue_ids(conn: Connection) -> list[int]:
    """The queue in its order (``queue_position``, NULLs last, then id)."""
    return [int(r[0]) for r in conn.execute(
        select(paper_t.c.id).where(paper_t.c.state == State.QUEUED.value)
        .order_by(paper_t.c.queue_position.is_(None), paper_t.c.queue_position, paper_t.c.id))]


def _tags_of(conn: Connection, ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for batch in _chunks(list(ids)):
        for r in conn.execute(
            select(paper_tag_t.c.paper_id, tag_t.c.name)
            .join(tag_t, tag_t.c.id == paper_tag_t.c.tag_id)
            .where(paper_tag_t.c.paper_id.in_(_id_list(batch)))
            .order_by(tag_t.c.name)
        ):
            out.setdefault(int(r.paper_id), []).append(r.name)
    return out


class PapersMixin(StoreBase):
    """The list's pages and counts, whole papers, digests, statistics and the integrity check."""

    def filter_clause(self, flt: Filter) -> ColumnElement[bool] | None:
        return FILTER_SQL[flt.kind](flt)

    @staticmethod
    def default_sort(flt: Filter) -> Sort:
        """The list's own order without a query (:func:`reader.core.model.default_sort`)."""
        return default_sort(flt, has_text=False)

    @staticmethod
    def _sort_column(sort: Sort) -> Any:
        return SORT_SQL[sort.key].column

    def query_rows(
        self, flt: Filter, sort: Sort, offset: int, limit: int
    ) -> tuple[int, list[PaperRow]]:
        """One page in ``sort`` order, NULLs last in both directions, id breaking ties.

        Every order is an index walk (see ``tables.SORT_INDEXES``): SQLite sorts NULL lowest,
        so a descending order already ends with the NULLs; an ascending order on a nullable
        column is read as two index ranges — the non-NULL values, then the NULLs.
        """
        clause = self.filter_clause(flt)
        order_by = SORT_SQL[sort.key]
        column = order_by.column
        where = [clause] if clause is not None else []
        count_stmt = select(func.count()).select_from(paper_t).where(*where)
        base: Select[Any] = select(*ROW_COLUMNS).where(*where)
        nullable = order_by.nullable
        # Star and code orders are groups: inside each, newest first (index: flag, published).
        keys = [column, paper_t.c.published] if order_by.grouped else [column]
        keys += order_by.then
        with self.read() as conn:
            total = int(conn.execute(count_stmt).scalar_one())
            if sort.descending or not nullable:
                order = [*(k.desc() for k in keys), paper_t.c.id.desc()] if sort.descending else [
                    *(k.asc() for k in keys), paper_t.c.id.asc()]
                stmt = base.order_by(*order).offset(offset).limit(limit)
                return total, _with_tags(conn, conn.execute(stmt))
            valued = int(conn.execute(count_stmt.where(column.is_not(None))).scalar_one())
            rows = []
            if offset < valued:
                stmt = (base.where(column.is_not(None)).order_by(*(k.asc() for k in keys), paper_t.c.id.asc())
                        .offset(offset).limit(limit))
                rows = _with_tags(conn, conn.execute(stmt))
            if len(rows) < limit:
                stmt = (base.where(column.is_(None))
                        .order_by(*(k.asc() for k in keys[1:]), paper_t.c.id.asc())
                        .offset(max(0, offset - valued)).limit(limit - len(rows)))
                rows.extend(_with_tags(conn, conn.execute(stmt)))
        return total, rows

    def rows_by_ids(self, ids: Sequence[int]) -> dict[int, PaperRow]:
        out: dict[int, PaperRow] = {}
        with self.read() as conn:
            for batch in _chunks(list(ids)):
                for r in _with_tags(conn, conn.execute(select(*ROW_COLUMNS).where(paper_t.c.id.in_(batch)))):
                    out[r.id] = r
        return out

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
            out.update(category_counts(conn))
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
            papers = self.papers_by_ids(conn, [pid])
        return papers[0] if papers else None

    def id_for_key(self, key: str) -> int | None:
        with self.read() as conn:
            value = conn.execute(select(paper_t.c.id).where(paper_t.c.key == key)).scalar()
            return int(value) if value is not None else None

    def tags_of(self, conn: Connection, ids: Sequence[int]) -> dict[int, list[str]]:
        return _tags_of(conn, ids)

    def papers_by_ids(self, conn: Connection, ids: Sequence[int]) -> list[Paper]:
        """The papers with these ids that exist, in the order of ``ids``, read on ``conn``."""
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
        tags = _tags_of(conn, id_list)
        cats = categories_of(conn, id_list)
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
                    meta=meta_of(rec, cats.get(pid, ())),
                )
            )
        return out

    def iter_papers(self, batch: int = 1000) -> Iterator[Paper]:
        with self.read() as conn:
            ids = [int(r[0]) for r in conn.execute(select(paper_t.c.id).order_by(paper_t.c.id))]
            for chunk in _chunks(ids, batch):
                yield from self.papers_by_ids(conn, chunk)

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
