"""The Whoosh policy tables are complete: every FilterKind and every SortKey has a row."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from reader.core.model import Filter, FilterKind, SortKey
from reader.core.search import planner, query
from reader.core.search.schema import make_schema


@pytest.mark.parametrize("kind", list(FilterKind))
def test_every_filter_kind_has_a_whoosh_row(kind: FilterKind) -> None:
    assert kind in query.FILTER_QUERIES
    flt = Filter(kind, "7" if kind is FilterKind.NEW else "value")  # new: an id (range)
    if kind is FilterKind.SAVED:
        with pytest.raises(ValueError, match="no index form"):
            query.filter_query(flt)
        return
    q = query.filter_query(flt)
    if kind is FilterKind.ALL:
        assert q is None
    else:
        assert isinstance(q, wq.Term) and q.fieldname in make_schema()


def test_the_filter_rows() -> None:
    assert query.filter_query(None) is None
    assert query.filter_query(Filter(FilterKind.STATE, "new")) == wq.Term("state", "new")
    assert query.filter_query(Filter(FilterKind.TAG, "RL")) == wq.Term("tag", "rl")
    assert query.filter_query(Filter(FilterKind.DIGEST, "7")) == wq.Term("digest", "7")
    assert query.filter_query(Filter(FilterKind.HAS_NOTES)) == wq.Term("has", "notes")


def test_restriction_ands_the_filter_and_the_extra_query() -> None:
    extra = wq.Term("tag", "x")
    assert query.restriction(None, None) is None
    assert query.restriction(Filter(FilterKind.ALL), extra) is extra
    assert query.restriction(Filter(FilterKind.STARRED), extra) == wq.And(
        [wq.Term("is_", "starred"), extra])


@pytest.mark.parametrize("key", list(SortKey))
def test_every_sort_key_has_a_whoosh_row(key: SortKey) -> None:
    assert key in planner.SORT_COLUMNS
    column = planner.SORT_COLUMNS[key]
    if column is not None:
        assert make_schema()[column].column_type is not None  # a sortable column
