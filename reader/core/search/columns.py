"""Column orders of a search (the ``Sorted`` plan): the page of the matches in the order of a
sortable column, its tie-breaking columns and the paper id — the order SQL gives the same
list (``PapersMixin.query_rows``). Numeric columns are read with numpy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def _column_values(reader: Any, fieldname: str, default: Any) -> Any:
    """One segment's sort-column values (raw, as stored), an array for numeric columns."""
    from whoosh.columns import NumericColumn

    col = reader.column_reader(fieldname, translate=False)
    n = reader.doc_count_all()
    if type(col) is NumericColumn.Reader and col._typecode in "bBhHiIlLqQ":
        raw = col._dbfile.get(col._basepos, col._count * col._fixedlen)
        values = np.frombuffer(raw, dtype=np.dtype(">" + col._typecode)).astype(
            np.dtype("=" + col._typecode))
        if len(values) < n:  # documents after the last stored value have the default
            values = np.concatenate([values, np.full(n - len(values), default, dtype=values.dtype)])
        return values[:n]
    return list(col)


#: Paper ids are read (stored fields) to order ties only when the tied documents that reach
#: a page are at most this many; beyond, ties keep the order of document numbers.
TIE_LIMIT = 2000


def _column_parts(searcher: Any, fieldname: str) -> tuple[Any, list[Any]]:
    default = searcher.schema[fieldname].column_type._default
    return default, [_column_values(reader, fieldname, default)
                     for reader, _base in searcher.reader().leaf_readers()]  # bases: cumulative


def column_page(searcher: Any, docs: set[int], fieldname: str, reverse: bool, offset: int,
                limit: int, then: tuple[str, ...] = (),
                ids_of: Callable[[list[int]], list[int]] | None = None) -> list[int]:
    """The doc numbers ``offset:offset+limit`` of ``docs`` in the order of a sortable
    column: by value (descending when ``reverse``), then by the columns ``then`` (a missing
    value lowest), then by paper id (``ids_of``: doc numbers → paper ids, read only for the
    ties that reach the page; without it, by doc number) — all in the same direction —,
    documents without a value in ``fieldname`` last either way. This is the SQL order of
    ``PapersMixin.query_rows``."""
    default, parts = _column_parts(searcher, fieldname)
    extra = [_column_parts(searcher, name) for name in then]
    want = offset + limit
    ids = np.fromiter(docs, dtype=np.int64, count=len(docs))
    ids.sort()
    arrays = all(isinstance(p, np.ndarray) for _d, ps in [(default, parts), *extra] for p in ps)
    if parts and arrays:
        values = np.concatenate(parts)
        ids = ids[ids < len(values)]
        vals = values[ids]
        missing = vals == default
        tiers = []  # the ``then`` columns: 0 for a missing value, else the value + 1
        for d2, ps in extra:
            v2 = np.concatenate(ps)[ids].astype(np.uint64)
            tiers.append(np.where(v2 == np.uint64(d2), np.uint64(0), v2 + np.uint64(1)))
        keys_present = [ids[~missing], *(t[~missing] for t in reversed(tiers)), vals[~missing]]
        keys_absent = [ids[missing], *(t[missing] for t in reversed(tiers))]
        order_p = np.lexsort(keys_present)  # by value, then the tiers, then doc number
        order_a = np.lexsort(keys_absent)
        if reverse:
            order_p, order_a = order_p[::-1], order_a[::-1]
        pos = np.concatenate([np.flatnonzero(~missing)[order_p], np.flatnonzero(missing)[order_a]])
        ranked = [int(d) for d in ids[pos]]
        cols = [missing[pos], vals[pos], *(t[pos] for t in tiers)]

        def key(i: int) -> tuple[Any, ...]:
            return tuple(c[i].item() for c in cols)
    else:
        flat: list[Any] = [v for p in parts for v in p]
        flats = [(d2, [v for p in ps for v in p]) for d2, ps in extra]
        listed = [int(d) for d in ids if d < len(flat)]

        def sort_key(d: int) -> tuple[Any, ...]:
            tier = tuple((0, None) if f[d] == d2 else (1, f[d]) for d2, f in flats)
            return (*tier, d)

        valued = sorted((d for d in listed if flat[d] != default), key=lambda d: (flat[d], *sort_key(d)),
                        reverse=reverse)
        rest = sorted((d for d in listed if flat[d] == default), key=sort_key, reverse=reverse)
        ranked = valued + rest

        def key(i: int) -> tuple[Any, ...]:
            d = ranked[i]
            return (flat[d] == default, flat[d], *sort_key(d)[:-1])
    if ids_of is not None and offset < len(ranked) and limit > 0:
        _order_ties_by_id(ranked, key, offset, min(want, len(ranked)), reverse, ids_of)
    return ranked[offset:want]


def _order_ties_by_id(ranked: list[int], key: Callable[[int], tuple[Any, ...]], start: int, stop: int,
                      reverse: bool, ids_of: Callable[[list[int]], list[int]]) -> None:
    """Reorder, in place, the documents of ``ranked`` whose sort key ties with one on the
    page ``start:stop`` by paper id (at most ``TIE_LIMIT`` of them are looked up)."""
    lo, first = start, key(start)
    while lo > 0 and key(lo - 1) == first and stop - lo <= TIE_LIMIT:
        lo -= 1
    hi, last = stop, key(stop - 1)
    while hi < len(ranked) and key(hi) == last and hi - lo <= TIE_LIMIT:
        hi += 1
    if hi - lo > TIE_LIMIT:
        return
    span = ranked[lo:hi]
    pids = ids_of(span)
    group, groups, prev = 0, [], None
    for i in range(lo, hi):
        k = key(i)
        if prev is not None and k != prev:
            group += 1
        groups.append(group)
        prev = k
    order = sorted(range(len(span)), key=lambda j: (groups[j], -pids[j] if reverse else pids[j]))
    ranked[lo:hi] = [span[j] for j in order]
