"""The store's policy tables: every filter kind and every sort key has exactly one SQL row."""

from __future__ import annotations

import pytest

from reader.core.model import Filter, FilterKind, Sort, SortKey, State
from reader.core.store.papers import FILTER_SQL, SORT_SQL, PapersMixin
from reader.core.store.tables import paper_t

SAMPLE_VALUE = {FilterKind.STATE: State.DONE.value, FilterKind.TAG: "ml", FilterKind.DIGEST: "3",
                FilterKind.SAVED: "my search", FilterKind.NEW: "3-5"}


@pytest.mark.parametrize("kind", list(FilterKind))
def test_every_filter_kind_has_a_row(kind: FilterKind) -> None:
    assert kind in FILTER_SQL, f"FILTER_SQL has no row for {kind!r}: add one in store/papers.py"


@pytest.mark.parametrize("key", list(SortKey))
def test_every_sort_key_has_a_row(key: SortKey) -> None:
    assert key in SORT_SQL, f"SORT_SQL has no row for {key!r}: add one in store/papers.py"


def test_the_tables_have_no_rows_for_unknown_members() -> None:
    assert set(FILTER_SQL) == set(FilterKind)
    assert set(SORT_SQL) == set(SortKey)


@pytest.mark.parametrize("kind", [k for k in FilterKind if k not in (FilterKind.ALL, FilterKind.SAVED)])
def test_each_narrowing_filter_is_a_where_clause_on_papers(kind: FilterKind) -> None:
    clause = FILTER_SQL[kind](Filter(kind, SAMPLE_VALUE.get(kind)))
    assert clause is not None
    assert "paper." in str(clause)


def test_all_is_no_clause_and_a_saved_search_has_no_sql_of_its_own() -> None:
    assert FILTER_SQL[FilterKind.ALL](Filter(FilterKind.ALL)) is None
    saved = Filter(FilterKind.SAVED, "my search")
    with pytest.raises(ValueError, match="cannot be expressed in SQL"):
        FILTER_SQL[FilterKind.SAVED](saved)


def test_the_state_and_digest_rows_bind_the_filter_value() -> None:
    state = FILTER_SQL[FilterKind.STATE](Filter(FilterKind.STATE, State.QUEUED.value))
    digest = FILTER_SQL[FilterKind.DIGEST](Filter(FilterKind.DIGEST, "12"))
    assert state is not None and digest is not None
    assert state.compile().params == {"state_1": "queued"}
    assert 12 in digest.compile().params.values()


@pytest.mark.parametrize("key", list(SortKey))
def test_each_sort_row_says_whether_its_column_can_be_null(key: SortKey) -> None:
    row = SORT_SQL[key]
    assert row.column.table is paper_t
    assert row.nullable == bool(row.column.nullable)  # the two-range ascending read depends on it


def test_the_grouped_orders_are_the_flags_and_the_column_lookup_uses_the_table() -> None:
    assert {k for k, row in SORT_SQL.items() if row.grouped} == {SortKey.STARRED, SortKey.CODE}
    assert PapersMixin._sort_column(Sort(SortKey.TITLE)) is paper_t.c.title_sort
    assert PapersMixin._sort_column(Sort(SortKey.RELEVANCE)) is paper_t.c.published


def test_the_queue_filter_defaults_to_the_queue_order() -> None:
    queued = Filter(FilterKind.STATE, State.QUEUED.value)
    assert PapersMixin.default_sort(queued) == Sort(SortKey.QUEUE, descending=False)
    assert PapersMixin.default_sort(Filter(FilterKind.ALL)) == Sort(SortKey.PUBLISHED, descending=True)
