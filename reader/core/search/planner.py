"""Which strategy a search gets: one small plan per strategy, chosen by :func:`plan`.

Deciding looks only at the shape of the parsed query, the filter and the sort (no index
needed); :mod:`reader.core.search.execute` runs the plan it returns. The order of the
checks is the order of preference (ARCHITECTURE.md, "Data flow of a search"):

1. :class:`Sorted` - a column order: the matches by set algebra, the page from the column;
2. :class:`FiltersOnly` - only filter clauses (ranges, ``has:``, NOT …): a doc set;
3. :class:`Prefixes` - a bare prefix/wildcard (or an OR of them): set algebra and weights;
4. :class:`NumpyScore` - words and exact phrases the numpy scorer handles (fastscore);
5. :class:`FullPass` - phrases, prefixes, ranges Whoosh scores: one pass, exact count;
6. :class:`Terms` - the rest: Whoosh's block-skipping search, counted from the postings.

The scored plans carry the filter clauses split off the query (``conditions``) and the
filter of the search (``fq``); they restrict the matches without changing the scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from whoosh import query as wq

from reader.core.model import Sort, SortKey
from reader.core.search.query import has_words, walk

if TYPE_CHECKING:
    from reader.core.search import fastscore

#: The sort keys the index orders by a column, and that column; None: ranked by score
#: (the service orders those lists itself). A new ``SortKey`` needs a row here
#: (tests/core/search/test_policy_tables.py fails otherwise).
SORT_COLUMNS: dict[SortKey, str | None] = {
    SortKey.RELEVANCE: None,
    SortKey.QUEUE: None,
    SortKey.STARRED: None,
    SortKey.CODE: None,
    SortKey.PUBLISHED: "published",
    SortKey.UPVOTES: "upvotes",
    SortKey.ADDED: "added",
    SortKey.TITLE: "title_sort",
}

#: The columns that order ties of a column order before the paper id, as ``SORT_SQL``'s
#: ``then`` does in SQL (``store/papers.py``): within a day, most upvotes first.
SORT_THEN: dict[SortKey, tuple[str, ...]] = {
    SortKey.PUBLISHED: ("upvotes",),
}


@dataclass(frozen=True)
class Sorted:
    """A column order needs no scores: the matches of ``q`` and ``fq`` as doc sets."""

    q: wq.Query
    fq: wq.Query | None
    column: str
    reverse: bool
    then: tuple[str, ...] = ()  # tie-breaking columns (``SORT_THEN``), then the paper id


@dataclass(frozen=True)
class FiltersOnly:
    """Only filter clauses: every match scores the same (Whoosh orders equal scores by
    document number)."""

    conditions: tuple[wq.Query, ...]
    fq: wq.Query | None


@dataclass(frozen=True)
class Prefixes:
    """A bare prefix/wildcard query (``multi*``), scored by the fields its terms match."""

    leaves: tuple[wq.Query, ...]
    conditions: tuple[wq.Query, ...]
    fq: wq.Query | None


@dataclass(frozen=True)
class NumpyScore:
    """Plain words and exact phrases, scored with numpy (``fastscore``)."""

    fast: fastscore.Plan
    conditions: tuple[wq.Query, ...]
    fq: wq.Query | None


@dataclass(frozen=True)
class FullPass:
    """Whoosh scores every match once and counts while collecting."""

    q: wq.Query
    conditions: tuple[wq.Query, ...]
    fq: wq.Query | None


@dataclass(frozen=True)
class Terms:
    """Whoosh's search with block-quality skipping; the count from the posting lists."""

    q: wq.Query
    conditions: tuple[wq.Query, ...]
    fq: wq.Query | None


Plan = Sorted | FiltersOnly | Prefixes | NumpyScore | FullPass | Terms


def plan(q: wq.Query, fq: wq.Query | None, sort: Sort | None, *, fast_scoring: bool = True) -> Plan:
    """The plan for the parsed query ``q`` restricted by ``fq`` in the order ``sort``.
    ``fast_scoring=False`` never picks the numpy scorer (Whoosh only)."""
    column = SORT_COLUMNS[sort.key] if sort is not None else None
    if sort is not None and column is not None:
        return Sorted(q, fq, column, sort.descending, SORT_THEN.get(sort.key, ()))
    scored, conditions = _split_filters(q)
    if conditions:
        # Filter clauses ANDed with the words (has:code, state:, tag:, ranges, NOT …)
        # only filter (they add the same constant to every score, or nothing): match
        # them as one set of doc numbers (set algebra on posting lists) instead of
        # a matcher per clause (a range is a union over hundreds of trie terms).
        if scored is None:
            return FiltersOnly(tuple(conditions), fq)
        q = scored
    kept = tuple(conditions)
    leaves = _prefix_leaves(q)
    if leaves:
        return Prefixes(tuple(leaves), kept, fq)
    if fast_scoring:
        # imported here: numpy takes ~70 ms to load, which window start-up need not pay
        from reader.core.search import fastscore

        fast = fastscore.plan(q)
        if fast is not None:
            return NumpyScore(fast, kept, fq)
    if _needs_full_pass(q):
        return FullPass(q, kept, fq)
    return Terms(q, kept, fq)


def _split_filters(q: wq.Query) -> tuple[wq.Query | None, list[wq.Query]]:
    """(the scored rest or None, the filter clauses) of ``q``: the clauses of a top-level
    AND (or ``q`` itself) that search no text only restrict the matches."""
    parts = list(q.subqueries) if type(q) is wq.And else [q]
    conditions = [part for part in parts if not has_words(part)]
    rest = [part for part in parts if has_words(part)]
    # A prefix ANDed with words only narrows too; the words rank. (Whoosh gives a prefix a
    # constant score per field, and walks the union of its terms one document at a time:
    # "multi* video" took 2 s at 20,000 papers.)
    prefixes = [part for part in rest if _prefix_leaves(part)]
    if prefixes:
        keep = [part for part in rest if not _prefix_leaves(part)] or prefixes[:1]
        conditions += [part for part in prefixes if not any(part is k for k in keep)]
        rest = keep
    if not conditions:
        return q, []
    if not rest:
        return None, conditions
    return (rest[0] if len(rest) == 1 else wq.And(rest, boost=q.boost)), conditions


def _prefix_leaves(q: wq.Query) -> list[wq.Query]:
    """The prefix/wildcard terms when ``q`` is only those (alone or OR-ed), else []."""
    leaves = q.subqueries if type(q) is wq.Or and not getattr(q, "minmatch", 0) else [q]
    if leaves and all(
        isinstance(leaf, (wq.Prefix, wq.Wildcard)) and getattr(leaf, "constantscore", False)
        for leaf in leaves
    ):
        return list(leaves)
    return []


def _needs_full_pass(q: wq.Query) -> bool:
    return any(isinstance(node, (wq.Phrase, wq.MultiTerm, wq.NumericRange)) for node in walk(q))
