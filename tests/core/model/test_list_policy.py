"""The one definition of "the queue is special" (reader.core.model.listing)."""

from __future__ import annotations

import pytest

from reader.core.model import (
    Filter,
    FilterKind,
    Sort,
    SortKey,
    State,
    default_sort,
    is_queue,
    manual_order,
    sort_after_filter_change,
    sort_after_search_change,
)
from reader.core.store import Store

QUEUE = Filter.state(State.QUEUED)
OTHERS = [
    Filter(),
    *(Filter.state(s) for s in State if s is not State.QUEUED),
    Filter(FilterKind.STARRED),
    Filter(FilterKind.HAS_CODE),
    Filter(FilterKind.HAS_NOTES),
    Filter(FilterKind.TAG, "queued"),
    Filter(FilterKind.DIGEST, "3"),
    Filter(FilterKind.SAVED, "queue"),
]


def test_only_the_queued_state_is_the_queue() -> None:
    assert is_queue(QUEUE)
    assert is_queue(Filter.parse("queue"))
    assert is_queue(Filter.parse("state:queued"))
    assert not any(is_queue(flt) for flt in OTHERS)


@pytest.mark.parametrize("flt", [QUEUE, *OTHERS], ids=lambda f: f.key)
def test_default_sort(flt: Filter) -> None:
    assert default_sort(flt, has_text=True) == Sort(SortKey.RELEVANCE, descending=True)
    expected = Sort(SortKey.QUEUE, descending=False) if flt == QUEUE else Sort(SortKey.PUBLISHED)
    assert default_sort(flt, has_text=False) == expected
    # The rule the store applies today (the store switches to this one by the integrator).
    assert default_sort(flt, has_text=False) == Store.default_sort(flt)


def test_manual_order_only_in_the_unsearched_queue_in_queue_order() -> None:
    assert manual_order(QUEUE, "", None)
    assert manual_order(QUEUE, "  ", Sort(SortKey.QUEUE, descending=False))
    assert manual_order(QUEUE, "", Sort(SortKey.QUEUE, descending=True))
    assert not manual_order(QUEUE, "adam", None)
    assert not manual_order(QUEUE, "", Sort(SortKey.PUBLISHED))
    assert not any(manual_order(flt, "", None) for flt in OTHERS)


def test_switching_to_the_queue_drops_the_chosen_sort() -> None:
    chosen = Sort(SortKey.UPVOTES)
    assert sort_after_filter_change(QUEUE, chosen) is None
    assert sort_after_filter_change(QUEUE, None) is None
    for flt in OTHERS:
        assert sort_after_filter_change(flt, chosen) == chosen
        assert sort_after_filter_change(flt, None) is None


def test_a_new_search_starts_in_relevance_order() -> None:
    chosen = Sort(SortKey.TITLE, descending=False)
    assert sort_after_search_change("", "adam", chosen) is None
    assert sort_after_search_change("", "adam", Sort(SortKey.RELEVANCE)) == Sort(SortKey.RELEVANCE)
    assert sort_after_search_change("", "adam", None) is None
    # Refining a search, or clearing it, keeps the chosen order.
    assert sort_after_search_change("adam", "adam mini", chosen) == chosen
    assert sort_after_search_change("adam", "", chosen) == chosen
