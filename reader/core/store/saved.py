"""Saved searches: a name for a query, a filter and a sort."""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update

from reader.core.model import Filter, SavedSearch, Sort
from reader.core.store.base import StoreBase
from reader.core.store.tables import saved_search_t


class SavedSearchMixin(StoreBase):
    """Saved searches, by name."""

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
