"""The index's fields: the Whoosh schema, the names users type, and a paper as a document.

One document per paper, keyed by the paper id, plus the ``__meta__`` document that holds
the watermark (ARCHITECTURE.md, "Consistency protocol").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from whoosh.analysis import CharsetFilter, StandardAnalyzer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from reader.core.model import IndexDoc
from reader.core.search.whoosh_patches.analysis import FastText, _analyzer
from reader.core.text import title_sort

META_ID = "__meta__"
TEXT_FIELDS = ("title", "abstract", "notes", "author")
#: A title match counts double: the title field's boost (BM25F), and the weight of a
#: title match of a prefix (scored by set algebra, see execute.run_prefixes).
TITLE_BOOST = 2.0
FIELD_ALIASES = {
    "title": ["t"],
    "abstract": ["summary", "abs"],
    "notes": ["note"],
    "tag": ["tags"],
    "repo": ["code"],
    "author": ["by", "name"],
    "authors": ["nauthors"],
    "published": ["date", "year"],
    "category": ["cat", "categories"],
    "journal": ["journal_ref", "jref"],
}
USER_FIELDS = (
    "title", "abstract", "notes", "author", "tag", "repo", "state", "is", "has", "upvotes",
    "authors", "published", "added", "digest", "category", "doi", "journal",
)  # fmt: skip

__all__ = ["FIELD_ALIASES", "META_ID", "REQUIRED_FIELDS", "TEXT_FIELDS", "TITLE_BOOST",
           "USER_FIELDS", "IndexDoc", "SortKeyColumn", "doc_fields", "make_schema"]


class SortKeyColumn(COLUMN):
    """A sort-only text column (not indexed: one unique term per paper is costly)."""

    def __init__(self) -> None:
        super().__init__(VarBytesColumn())

    def to_column_value(self, value: Any) -> bytes:
        return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _date_field() -> DATETIME:
    # 4 trie terms per date instead of 8: fewer postings to write; ranges stay exact.
    field = DATETIME(sortable=True)
    field.shift_step = 16
    return field


#: Fields a current index has; an index without one of them was built by an older version
#: and is rebuilt from the library (``SearchIndex._open``).
REQUIRED_FIELDS = ("is_", "watermark", "category", "doi", "journal")


def author_analyzer() -> Any:
    """Names: words, lowercased, stop words dropped (as every text field), accents folded
    (``author:Garcia`` finds García, and ``author:García`` finds a Garcia: one person
    spelled two ways by two digests)."""
    return StandardAnalyzer() | CharsetFilter(accent_map)


def make_schema() -> Schema:
    ana = _analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=FastText(analyzer=ana, field_boost=TITLE_BOOST),
        abstract=FastText(analyzer=ana),
        notes=FastText(analyzer=ana),
        author=TEXT(analyzer=author_analyzer()),
        tag=KEYWORD(commas=True, lowercase=True, scorable=False),
        repo=KEYWORD(commas=True, lowercase=True, scorable=False),
        state=ID(),
        is_=KEYWORD(commas=True),
        has=KEYWORD(commas=True),
        upvotes=NUMERIC(int, bits=32, signed=True, sortable=True, shift_step=8),
        authors=NUMERIC(int, bits=32, signed=True, shift_step=8),
        published=_date_field(),
        added=_date_field(),
        title_sort=SortKeyColumn(),
        digest=KEYWORD(commas=True),
        # Schema 5 (issue 13): arXiv categories (primary and cross-lists), DOI, journal ref.
        category=KEYWORD(commas=True, lowercase=True, scorable=False),
        doi=KEYWORD(commas=True, lowercase=True, scorable=False),
        journal=TEXT(),
        watermark=STORED(),
    )


def _date_value(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.replace(tzinfo=None)


def doc_fields(doc: IndexDoc) -> dict[str, Any]:
    """The fields of ``doc`` as ``writer.add_document`` takes them."""
    repos: list[str] = []
    for repo in doc.repos:
        repos.append(repo)
        repos.extend(part for part in repo.split("/") if part)
    has = ["code"] if doc.has_code else []
    if doc.note.strip():
        has.append("notes")
    if doc.abstract:
        has.append("abstract")
    fields: dict[str, Any] = {
        "id": str(doc.id),
        "title": doc.title,
        "abstract": doc.abstract,
        "notes": doc.note,
        "author": " ; ".join(doc.authors),
        "tag": ",".join(t.replace(",", " ") for t in doc.tags),
        "repo": ",".join(repos),
        "state": doc.state,
        "is_": "starred" if doc.starred else "",
        "has": ",".join(has),
        "title_sort": title_sort(doc.title)[:200] or " ",
        "digest": ",".join(str(d) for d in doc.digests),
        "category": ",".join(doc.categories),
        "doi": (doc.doi or "").replace(",", " "),
        "journal": doc.journal_ref or "",
    }
    if doc.upvotes is not None:
        fields["upvotes"] = doc.upvotes
    if doc.author_count is not None:
        fields["authors"] = doc.author_count
    published = _date_value(doc.published)
    if published is not None:
        fields["published"] = published
    added = _date_value(doc.added_at)
    if added is not None:
        fields["added"] = added
    return fields
