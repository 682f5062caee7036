"""The Whoosh full-text index and the query language (DESIGN §5).

SQLite is the truth; the index is a cache of it, keyed by paper id. The index stores a
*watermark*: the library change counter up to which it is complete, written by the same
Whoosh commit that writes the documents (as a stored field of a special ``__meta__``
document). After any SQLite commit the service indexes papers whose ``change_seq`` is above
the watermark, so a crash between the two commits is repaired at the next open.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.qparser import FieldAliasPlugin, GtLtPlugin, MultifieldParser, OrGroup
from whoosh.searching import Searcher

from reader.core.model import Filter, FilterKind, Sort, SortKey
from reader.core.store import IndexDoc

META_ID = "__meta__"
TEXT_FIELDS = ("title", "abstract", "notes", "author")
FIELD_ALIASES = {
    "title": ["t"],
    "abstract": ["summary", "abs"],
    "notes": ["note"],
    "tag": ["tags"],
    "repo": ["code"],
    "author": ["by", "name"],
    "authors": ["nauthors"],
    "published": ["date", "year"],
}
USER_FIELDS = (
    "title", "abstract", "notes", "author", "tag", "repo", "state", "is", "has", "upvotes",
    "authors", "published", "added", "digest",
)  # fmt: skip


class QueryError(ValueError):
    """A query that does not parse; the message is one line for the user."""


class IndexCorrupt(Exception):
    pass


def _analyzer() -> Any:
    return StemmingAnalyzer(cachesize=-1)


def make_schema() -> Schema:
    ana = _analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=ana, field_boost=2.0),
        abstract=TEXT(analyzer=ana),
        notes=TEXT(analyzer=ana),
        author=TEXT(),
        tag=KEYWORD(commas=True, lowercase=True, scorable=False),
        repo=KEYWORD(commas=True, lowercase=True, scorable=False),
        state=ID(),
        is_=KEYWORD(commas=True),
        has=KEYWORD(commas=True),
        upvotes=NUMERIC(int, bits=32, signed=True, sortable=True),
        authors=NUMERIC(int, bits=32, signed=True),
        published=DATETIME(sortable=True),
        added=DATETIME(sortable=True),
        title_sort=ID(sortable=True),
        digest=KEYWORD(commas=True),
        watermark=STORED(),
    )


def _schema_field(name: str) -> str:
    return "is_" if name == "is" else name


@dataclass
class IndexStatus:
    doc_count: int
    watermark: int
    rebuilt_reason: str | None = None


class SearchIndex:
    """One Whoosh index directory. All writes go through one caller thread at a time."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.RLock()
        self._searcher: Searcher | None = None
        self.rebuilt_reason: str | None = None
        self.ix = self._open()
        self._parser = self._make_parser()

    # ----------------------------------------------------------------- open / create
    def _open(self) -> Any:
        directory = self.directory
        if directory.exists() and any(directory.glob("*.toc")):
            try:
                ix = windex.open_dir(str(directory))
                if "is_" not in ix.schema.names() or "watermark" not in ix.schema.names():
                    raise IndexCorrupt("the index was built with an older schema")
                with ix.searcher() as s:
                    s.doc_count()
                    s.document(id=META_ID)
                return ix
            except Exception as exc:  # noqa: BLE001 - any failure means: rebuild from SQLite
                self.rebuilt_reason = f"the search index was unreadable ({exc}); rebuilding it"
                shutil.rmtree(directory, ignore_errors=True)
        elif directory.exists() and any(directory.iterdir()):
            self.rebuilt_reason = "the search index folder held no valid index; rebuilding it"
            shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True, exist_ok=True)
        try:
            directory.chmod(0o700)
        except OSError:
            pass
        ix = windex.create_in(str(directory), make_schema())
        writer = ix.writer()
        writer.add_document(id=META_ID, watermark=0)
        writer.commit()
        return ix

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self.ix.close()

    def _make_parser(self) -> MultifieldParser:
        schema = self.ix.schema
        parser = MultifieldParser(list(TEXT_FIELDS), schema, group=OrGroup.factory(0.9))
        parser.add_plugin(GtLtPlugin())
        aliases: dict[str, list[str]] = dict(FIELD_ALIASES)
        aliases["is_"] = ["is"]
        parser.add_plugin(FieldAliasPlugin(aliases))
        return parser

    # ----------------------------------------------------------------- reading
    def searcher(self) -> Searcher:
        with self._lock:
            # Searcher.refresh() reuses segment readers with stale deletion lists (a deleted
            # document stays visible), so a changed index gets a newly opened searcher.
            if self._searcher is not None and not self._searcher.up_to_date():
                self._searcher.close()
                self._searcher = None
            if self._searcher is None:
                self._searcher = self.ix.searcher()
            return self._searcher

    def status(self) -> IndexStatus:
        s = self.searcher()
        stored = s.document(id=META_ID) or {}
        return IndexStatus(
            doc_count=s.doc_count() - 1,
            watermark=int(stored.get("watermark", 0)),
            rebuilt_reason=self.rebuilt_reason,
        )

    def watermark(self) -> int:
        return self.status().watermark

    def indexed_ids(self) -> set[int]:
        s = self.searcher()
        out = set()
        for fields in s.all_stored_fields():
            value = fields.get("id")
            if value and value != META_ID:
                out.add(int(value))
        return out

    def parse(self, text: str) -> wq.Query:
        text = text.strip()
        if not text:
            raise QueryError("empty query")
        _precheck(text)
        try:
            q = self._parser.parse(text)
        except Exception as exc:  # noqa: BLE001 - whoosh raises many kinds
            raise QueryError(f"could not read the query: {exc}") from None
        _check_query(q)
        if isinstance(q, type(wq.NullQuery)):
            raise QueryError("nothing to search for: the query has only stop words or operators")
        return q

    def filter_query(self, flt: Filter | None) -> wq.Query | None:
        if flt is None or flt.kind is FilterKind.ALL:
            return None
        kind = flt.kind
        if kind is FilterKind.STATE:
            return wq.Term("state", str(flt.value))
        if kind is FilterKind.STARRED:
            return wq.Term("is_", "starred")
        if kind is FilterKind.HAS_CODE:
            return wq.Term("has", "code")
        if kind is FilterKind.HAS_NOTES:
            return wq.Term("has", "notes")
        if kind is FilterKind.TAG:
            return wq.Term("tag", str(flt.value).lower())
        if kind is FilterKind.DIGEST:
            return wq.Term("digest", str(flt.value))
        raise ValueError(f"filter {flt.key} has no index form")

    def search(
        self,
        text: str,
        flt: Filter | None,
        sort: Sort | None,
        offset: int,
        limit: int,
        extra: wq.Query | None = None,
    ) -> tuple[int, list[tuple[int, float]]]:
        q = self.parse(text)
        filters = [f for f in (self.filter_query(flt), extra) if f is not None]
        fq: wq.Query | None = None
        if len(filters) == 1:
            fq = filters[0]
        elif filters:
            fq = wq.And(filters)
        sortedby = None
        reverse = False
        if sort is not None and sort.key not in (SortKey.RELEVANCE, SortKey.QUEUE):
            sortedby = {
                SortKey.PUBLISHED: "published",
                SortKey.UPVOTES: "upvotes",
                SortKey.ADDED: "added",
                SortKey.TITLE: "title_sort",
            }[sort.key]
            reverse = sort.descending
        with self._lock:
            s = self.searcher()
            results = s.search(
                q, filter=fq, limit=max(1, offset + limit), sortedby=sortedby, reverse=reverse
            )
            total = len(results)
            hits = [
                (int(hit["id"]), float(hit.score or 0.0) if sortedby is None else 0.0)
                for hit in results[offset : offset + limit]
                if hit["id"] != META_ID
            ]
        return total, hits

    # ----------------------------------------------------------------- writing
    def apply(
        self,
        batches: Iterable[list[IndexDoc]],
        watermark: int,
        total: int,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> bool:
        """Index these docs and move the watermark, in one Whoosh commit.

        Returns False (and changes nothing) when cancelled.
        """
        with self._lock:
            empty = self.searcher().doc_count() <= 1
        big = total >= 5000
        writer = self.ix.writer(limitmb=256 if big else 64)
        done = 0
        try:
            for batch in batches:
                if cancel is not None and cancel():
                    writer.cancel()
                    return False
                for doc in batch:
                    fields = _fields(doc)
                    if empty:
                        writer.add_document(**fields)
                    else:
                        writer.update_document(**fields)
                done += len(batch)
                if progress is not None:
                    progress(done, total)
            writer.update_document(id=META_ID, watermark=watermark)
            writer.commit(optimize=False)
        except BaseException:
            try:
                writer.cancel()
            except Exception:  # noqa: BLE001
                pass
            raise
        with self._lock:
            self.searcher()
        return True

    def rebuild(self) -> None:
        """Empty the index (the caller then re-indexes everything from SQLite)."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self.ix.close()
            shutil.rmtree(self.directory, ignore_errors=True)
            self.ix = self._open()
            self.rebuilt_reason = None

    def optimize(self) -> None:
        with self._lock:
            self.ix.optimize()


def _date_value(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.replace(tzinfo=None)


def _fields(doc: IndexDoc) -> dict[str, Any]:
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
        "title_sort": " ".join(doc.title.casefold().split())[:200] or " ",
        "digest": ",".join(str(d) for d in doc.digests),
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


_KNOWN_NAMES = {name for name in USER_FIELDS} | {
    alias for names in FIELD_ALIASES.values() for alias in names
}
_FIELD_RE = re.compile(r"(?:^|[\s(])([A-Za-z_]+):")
_NUMERIC_RE = re.compile(r"(?:^|[\s(])(upvotes|authors|nauthors):\s*(?:[<>]=?|=)?\s*([^\s)\]]+)", re.I)


def _precheck(text: str) -> None:
    """The mistakes Whoosh would silently swallow, as one clear message each."""
    unquoted = re.sub(r'"[^"]*"', " ", text)
    if text.count('"') % 2:
        raise QueryError('unbalanced quote: a phrase must be closed with "')
    if unquoted.count("(") != unquoted.count(")"):
        raise QueryError("unbalanced parentheses")
    if unquoted.count("[") != unquoted.count("]"):
        raise QueryError("unbalanced brackets: a range looks like published:[2024-01 to 2024-06]")
    for match in _FIELD_RE.finditer(unquoted):
        name = match.group(1).lower()
        if name not in _KNOWN_NAMES:
            raise QueryError(f"unknown field {name!r}; known fields: " + ", ".join(USER_FIELDS))
    for match in _NUMERIC_RE.finditer(unquoted):
        value = match.group(2)
        if value.startswith("["):
            continue
        if not value.lstrip("-").isdigit():
            raise QueryError(f"{match.group(1)}: needs a whole number, got {value!r}")


def _check_query(q: wq.Query) -> None:
    for node in _walk(q):
        error = getattr(node, "error", None)
        if error:
            raise QueryError(f"could not read the query: {error}")


def _walk(q: wq.Query) -> Iterable[wq.Query]:
    yield q
    if q.is_leaf():
        return
    for child in q.children():
        yield from _walk(child)


def query_terms(q: wq.Query) -> tuple[set[str], set[str]]:
    """(stemmed terms, prefixes) in text fields: what to highlight."""
    terms: set[str] = set()
    prefixes: set[str] = set()
    for node in _walk(q):
        if isinstance(node, wq.Not):
            continue
        field = getattr(node, "fieldname", None)
        if field not in TEXT_FIELDS:
            continue
        if isinstance(node, wq.Prefix):
            prefixes.add(str(node.text).lower())
        elif isinstance(node, wq.Wildcard):
            prefixes.add(str(node.text).split("*")[0].split("?")[0].lower())
        elif isinstance(node, wq.Phrase):
            terms.update(str(w) for w in node.words)
        elif isinstance(node, wq.Term):
            terms.add(str(node.text))
    prefixes.discard("")
    return terms, prefixes


_SPAN_ANALYZER = _analyzer()


def match_spans(text: str, terms: set[str], prefixes: set[str]) -> list[tuple[int, int]]:
    """Character spans of ``text`` whose analysed token matches a term or a prefix."""
    if not text or not (terms or prefixes):
        return []
    spans = []
    for token in _SPAN_ANALYZER(text, chars=True, mode="query", removestops=False):
        original = text[token.startchar : token.endchar].lower()
        if token.text in terms or any(original.startswith(p) for p in prefixes):
            spans.append((token.startchar, token.endchar))
    return spans
