"""The query language users type: parsing (with a cache), the checks that turn Whoosh's
silent guesses into clear messages, what a query highlights, and the filters pane's
filters as Whoosh queries (ARCHITECTURE.md, "Data flow of a search").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import AndGroup, FieldAliasPlugin, GtLtPlugin, MultifieldParser

from reader.core.errors import DigestReaderError
from reader.core.model import Filter, FilterKind
from reader.core.search.schema import FIELD_ALIASES, TEXT_FIELDS, USER_FIELDS


class QueryError(DigestReaderError, ValueError):
    """A query that does not parse; the message is one line for the user. (Still a
    ``ValueError``, as it always was, for callers that catch that.)"""


def make_parser(schema: Schema) -> MultifieldParser:
    # Terms are ANDed (every word and every filter must hold: ``has:code upvotes:>20``
    # narrows); OR stays available explicitly. Each unfielded word is an OR over the
    # text fields.
    parser = MultifieldParser(list(TEXT_FIELDS), schema, group=AndGroup)
    parser.add_plugin(GtLtPlugin())
    aliases: dict[str, list[str]] = dict(FIELD_ALIASES)
    aliases["is_"] = ["is"]
    parser.add_plugin(FieldAliasPlugin(aliases))
    return parser


class QueryLanguage:
    """Text -> checked Whoosh query, for one schema."""

    def __init__(self, schema: Schema) -> None:
        self._parser = make_parser(schema)
        # text -> parsed query: highlighting asks again for every visible row
        self._parsed: dict[str, wq.Query] = {}

    def parse(self, text: str) -> wq.Query:
        text = text.strip()
        cached = self._parsed.get(text)
        if cached is not None:
            return cached
        q = self._parse(text)
        if len(self._parsed) >= 256:
            self._parsed.clear()
        self._parsed[text] = q  # queries are treated as immutable by Whoosh and by us
        return q

    def _parse(self, text: str) -> wq.Query:
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
    for node in walk(q):
        error = getattr(node, "error", None)
        if error:
            raise QueryError(f"could not read the query: {error}")


def walk(q: wq.Query) -> Iterable[wq.Query]:
    """``q`` and every query under it, depth first."""
    yield q
    if q.is_leaf():
        return
    for child in q.children():
        yield from walk(child)


def has_words(q: wq.Query) -> bool:
    """Whether ``q`` searches text (a word, phrase or prefix in a text field, not negated):
    such a query is ranked by relevance; one of only filters is not."""
    if isinstance(q, wq.Not):
        return False
    if q.is_leaf():
        return getattr(q, "fieldname", None) in TEXT_FIELDS
    return any(has_words(child) for child in q.children())


def query_terms(q: wq.Query) -> tuple[set[str], set[str]]:
    """(stemmed terms, prefixes) in text fields: what to highlight."""
    terms: set[str] = set()
    prefixes: set[str] = set()
    for node in walk(q):
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


# --------------------------------------------------------------------- filters pane → Whoosh
def _no_index_form(flt: Filter) -> wq.Query | None:
    raise ValueError(f"filter {flt.key} has no index form")


def _id_range(flt: Filter) -> wq.Query:
    """The papers of an id range (``new:FIRST-LAST``): one term of the id field each."""
    first, last = flt.id_range()
    if first == last:
        return wq.Term("id", str(first))
    return wq.Or([wq.Term("id", str(pid)) for pid in range(first, last + 1)])


#: Every filter kind as a Whoosh query (None: no restriction). A new ``FilterKind`` needs a
#: row here (tests/core/search/test_policy_tables.py fails otherwise) and one in the store's
#: SQL table.
FILTER_QUERIES: dict[FilterKind, Callable[[Filter], wq.Query | None]] = {
    FilterKind.ALL: lambda flt: None,
    FilterKind.STATE: lambda flt: wq.Term("state", str(flt.value)),
    FilterKind.STARRED: lambda flt: wq.Term("is_", "starred"),
    FilterKind.HAS_CODE: lambda flt: wq.Term("has", "code"),
    FilterKind.HAS_NOTES: lambda flt: wq.Term("has", "notes"),
    FilterKind.TAG: lambda flt: wq.Term("tag", str(flt.value).lower()),
    FilterKind.DIGEST: lambda flt: wq.Term("digest", str(flt.value)),
    FilterKind.SAVED: _no_index_form,  # the service runs a saved search's own query
    FilterKind.NEW: _id_range,
    FilterKind.CATEGORY: lambda flt: wq.Term("category", str(flt.value).lower()),
}


def filter_query(flt: Filter | None) -> wq.Query | None:
    """``flt`` as a Whoosh query, or None when it does not restrict."""
    if flt is None:
        return None
    return FILTER_QUERIES[flt.kind](flt)


def restriction(flt: Filter | None, extra: wq.Query | None) -> wq.Query | None:
    """The filter of a search: ``flt`` and ``extra`` ANDed (None when neither restricts)."""
    filters = [f for f in (filter_query(flt), extra) if f is not None]
    if len(filters) == 1:
        return filters[0]
    if filters:
        return wq.And(filters)
    return None
