"""A paper's metadata in the database (schema 5): :class:`~reader.core.model.PaperMeta` as
``paper`` columns plus the ``paper_category`` rows, both ways, and the merge of what a new
digest says into what the library has (:func:`meta_change`, using the one rule
:func:`reader.core.model.merge_meta`).

A new metadata field is one entry in :data:`META_COLUMNS` (and its column in
``tables.PaperTable`` with a migration step in ``db``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from reader.core.model import PaperMeta, merge_meta
from reader.core.store.base import _chunks, _id_list
from reader.core.store.tables import paper_category_t


def _day_in(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _day_out(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class MetaColumn:
    """One ``PaperMeta`` field stored in one ``paper`` column."""

    field: str
    column: str
    to_db: Callable[[Any], Any] = _same
    from_db: Callable[[Any], Any] = _same


#: Every metadata field kept on the ``paper`` row (categories have their own table).
META_COLUMNS: tuple[MetaColumn, ...] = (
    MetaColumn("comments", "comments"),
    MetaColumn("journal_ref", "journal_ref"),
    MetaColumn("doi", "doi"),
    MetaColumn("version", "arxiv_version"),
    MetaColumn("revised", "revised", _day_out, _day_in),
    MetaColumn("featured_on", "featured_on", _day_out, _day_in),
    MetaColumn("github_stars", "github_stars"),
    MetaColumn("project_page", "project_page"),
)
#: The key a merge's change dict uses for the categories (not a ``paper`` column).
CATEGORIES = "categories"


def meta_columns(meta: PaperMeta) -> dict[str, Any]:
    """The ``paper`` column values of ``meta`` (for an insert)."""
    return {c.column: c.to_db(getattr(meta, c.field)) for c in META_COLUMNS}


def meta_of(row: Any, categories: Sequence[str] = ()) -> PaperMeta:
    """The metadata of a ``paper`` row (any mapping of its columns) and its categories."""
    values = {c.field: c.from_db(row.get(c.column)) for c in META_COLUMNS}
    return PaperMeta(categories=tuple(categories), **values)


def meta_change(row: Mapping[str, Any], incoming: PaperMeta,
                fill_only: bool = False) -> dict[str, Any]:
    """The column changes (and ``categories``, when they change) that merging ``incoming``
    into the stored ``row`` makes; ``row[CATEGORIES]`` holds its categories. ``fill_only``
    (a digest read again): the stored values win, ``incoming`` fills the unknown ones."""
    if incoming.is_empty:
        return {}
    old = meta_of(row, row.get(CATEGORIES, ()))
    new = merge_meta(incoming, old) if fill_only else merge_meta(old, incoming)
    if new == old:
        return {}
    change = {c.column: c.to_db(getattr(new, c.field)) for c in META_COLUMNS
              if getattr(new, c.field) != getattr(old, c.field)}
    if new.categories != old.categories:
        change[CATEGORIES] = new.categories
    return change


def categories_of(conn: Connection, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """Each paper's categories, the primary first (papers without any are left out)."""
    out: dict[int, list[tuple[int, str]]] = {}
    for batch in _chunks(list(ids)):
        # Ordered here, not by SQL: a page's few rows need no temporary B-tree.
        for r in conn.execute(
            select(paper_category_t.c.paper_id, paper_category_t.c.position,
                   paper_category_t.c.category)
            .where(paper_category_t.c.paper_id.in_(_id_list(batch)))
        ):
            out.setdefault(int(r.paper_id), []).append((int(r.position), r.category))
    return {pid: tuple(cat for _, cat in sorted(cats)) for pid, cats in out.items()}


def write_categories(conn: Connection, categories: Mapping[int, Sequence[str]],
                     replace: bool = True) -> None:
    """Set these papers' categories (``replace``: drop what they had first)."""
    if not categories:
        return
    if replace:
        for batch in _chunks(list(categories)):
            conn.execute(delete(paper_category_t).where(paper_category_t.c.paper_id.in_(batch)))
    rows = [{"paper_id": pid, "category": cat, "position": pos}
            for pid, cats in categories.items()
            for pos, cat in enumerate(dict.fromkeys(cats))]
    if rows:
        conn.execute(insert(paper_category_t), rows)


def category_counts(conn: Connection) -> dict[str, int]:
    """``category:NAME`` -> the number of papers listed in it (primary or cross-list)."""
    return {
        f"category:{r[0]}": int(r[1])
        for r in conn.execute(
            select(paper_category_t.c.category, func.count())
            .group_by(paper_category_t.c.category)
        )
    }
