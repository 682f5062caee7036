"""A paper as the search index sees it: the one type the store's change feed hands to search.

It belongs to neither side: the store builds it (:mod:`reader.core.store.changes`) and search
turns it into index fields (:func:`reader.core.search.schema.doc_fields`), so neither package
imports the other (ARCHITECTURE.md, "Layers").
"""

from __future__ import annotations

from dataclasses import dataclass


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
    # Schema 5 (issue 13): what ``category:``, ``doi:`` and ``journal:`` search.
    categories: tuple[str, ...] = ()
    doi: str | None = None
    journal_ref: str | None = None
