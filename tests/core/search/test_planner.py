"""Which plan each query shape gets (reader/core/search/planner.py), without an index."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from reader.core.model import Filter, FilterKind, Sort, SortKey
from reader.core.search import planner
from reader.core.search.planner import FiltersOnly, FullPass, NumpyScore, Prefixes, Sorted, Terms
from reader.core.search.query import QueryLanguage, filter_query
from reader.core.search.schema import make_schema

LANGUAGE = QueryLanguage(make_schema())


def parse(text: str) -> wq.Query:
    return LANGUAGE.parse(text)


def plan_of(text: str, flt: Filter | None = None, sort: Sort | None = None,
            fast_scoring: bool = True) -> planner.Plan:
    return planner.plan(parse(text), filter_query(flt), sort, fast_scoring=fast_scoring)


@pytest.mark.parametrize(("text", "kind", "conditions"), [
    ("video", NumpyScore, 0),  # a plain word
    ("video diffusion", NumpyScore, 0),  # ANDed words
    ('"video diffusion"', NumpyScore, 0),  # an exact phrase
    ("title:video", NumpyScore, 0),  # a word in one field
    ("author:smith", NumpyScore, 0),
    ("diff*", Prefixes, 0),  # a prefix
    ("diff* OR vid*", Prefixes, 0),
    ("upvotes:>20", FiltersOnly, 1),  # a range only
    ("has:code tag:rl", FiltersOnly, 2),
    ("NOT video", FiltersOnly, 1),
    ("video upvotes:>20", NumpyScore, 1),  # words rank, the range filters
    ("video has:code", NumpyScore, 1),
    ("video NOT diffusion", NumpyScore, 1),
    ("video diff*", NumpyScore, 1),  # a prefix ANDed with words only narrows
    ("diff* upvotes:>20", Prefixes, 1),
    ("diff* vid*", Prefixes, 1),  # the first prefix ranks, the second narrows
    ('"video diffusion"~3', FullPass, 0),  # a sloppy phrase: Whoosh scores it
    ("video OR diffusion", NumpyScore, 0),  # one flat OR of the words in every field
    ("(video OR diffusion) upvotes:>20", NumpyScore, 1),
    ("(video diffusion) OR agents", Terms, 0),  # a nested group: Whoosh's search
    ("((video diffusion) OR agents) upvotes:>20", Terms, 1),
    ("upvotes:>20 OR video", FullPass, 0),  # a range ORed with words is scored by Whoosh
])
def test_the_plan_of_each_query_shape(text: str, kind: type, conditions: int) -> None:
    p = plan_of(text)
    assert type(p) is kind, p
    assert len(getattr(p, "conditions", ())) == conditions
    assert getattr(p, "fq", None) is None


def test_without_fast_scoring_words_go_to_whoosh() -> None:
    assert type(plan_of("video diffusion", fast_scoring=False)) is Terms
    assert type(plan_of("video has:code", fast_scoring=False)) is Terms
    assert type(plan_of('"video diffusion"', fast_scoring=False)) is FullPass
    assert type(plan_of("diff*", fast_scoring=False)) is Prefixes  # not the numpy scorer


@pytest.mark.parametrize("text", ["video", "upvotes:>20", "diff*", "(video diffusion) OR agents",
                                  '"video diffusion"~3'])
def test_a_filter_travels_with_every_plan(text: str) -> None:
    p = plan_of(text, Filter(FilterKind.HAS_CODE))
    assert getattr(p, "fq", None) == wq.Term("has", "code")
    assert type(p) is type(plan_of(text))  # the filter does not change the strategy


@pytest.mark.parametrize("key", [SortKey.PUBLISHED, SortKey.UPVOTES, SortKey.ADDED, SortKey.TITLE])
@pytest.mark.parametrize("descending", [True, False])
def test_a_column_sort_is_a_sorted_plan(key: SortKey, descending: bool) -> None:
    p = plan_of("video upvotes:>20", Filter(FilterKind.STARRED), Sort(key, descending))
    assert isinstance(p, Sorted)
    assert p.column == planner.SORT_COLUMNS[key]
    assert p.reverse is descending
    assert p.q == parse("video upvotes:>20")  # the whole query: no scores to keep apart
    assert p.fq == wq.Term("is_", "starred")


@pytest.mark.parametrize("key", [SortKey.RELEVANCE, SortKey.QUEUE, SortKey.STARRED, SortKey.CODE])
def test_orders_the_index_does_not_keep_are_ranked(key: SortKey) -> None:
    assert type(plan_of("video", None, Sort(key))) is NumpyScore
    assert type(plan_of("upvotes:>20", None, Sort(key))) is FiltersOnly


# ----------------------------------------------------------------- the pure helpers
def test_split_filters_keeps_the_words_and_splits_off_the_filters() -> None:
    scored, conditions = planner._split_filters(parse("video has:code upvotes:>20"))
    assert scored == parse("video")
    assert conditions == [wq.Term("has", "code"), parse("upvotes:>20")]


def test_split_filters_of_words_only_returns_the_query_itself() -> None:
    q = parse("video diffusion")
    scored, conditions = planner._split_filters(q)
    assert scored is q and conditions == []


def test_split_filters_of_filters_only_has_nothing_to_score() -> None:
    scored, conditions = planner._split_filters(parse("NOT video upvotes:>20"))
    assert scored is None
    assert len(conditions) == 2 and isinstance(conditions[0], wq.Not)


def test_split_filters_turns_prefixes_next_to_words_into_filters() -> None:
    scored, conditions = planner._split_filters(parse("multi* video diff*"))
    assert scored == parse("video")
    assert conditions == [parse("multi*"), parse("diff*")]
    # with no word, the first prefix ranks and the others narrow
    scored, conditions = planner._split_filters(parse("multi* diff*"))
    assert scored == parse("multi*") and conditions == [parse("diff*")]


def test_split_filters_keeps_the_and_boost_of_several_words() -> None:
    q = wq.And([parse("video"), parse("diffusion"), wq.Term("has", "code")], boost=2.0)
    scored, conditions = planner._split_filters(q)
    assert isinstance(scored, wq.And) and scored.boost == 2.0
    assert list(scored.subqueries) == [parse("video"), parse("diffusion")]
    assert conditions == [wq.Term("has", "code")]


def test_prefix_leaves() -> None:
    leaves = planner._prefix_leaves(parse("diff*"))
    assert leaves and all(isinstance(leaf, wq.Prefix) for leaf in leaves)
    assert {leaf.fieldname for leaf in leaves} == {"title", "abstract", "notes", "author"}
    assert len(planner._prefix_leaves(parse("diff* OR vid*"))) == 8  # one per text field
    assert planner._prefix_leaves(parse("title:diff*")) == [wq.Prefix("title", "diff")]
    assert planner._prefix_leaves(parse("title:d?ff*")) == [wq.Wildcard("title", "d?ff*")]
    assert planner._prefix_leaves(parse("video")) == []
    assert planner._prefix_leaves(parse("diff* OR video")) == []
    assert planner._prefix_leaves(wq.Or([wq.Prefix("title", "a"), wq.Prefix("title", "b")],
                                        minmatch=2)) == []
    assert planner._prefix_leaves(wq.Prefix("title", "diff", constantscore=False)) == []


def test_needs_full_pass() -> None:
    assert planner._needs_full_pass(parse('"video diffusion"'))
    assert planner._needs_full_pass(parse("diff* video"))
    assert planner._needs_full_pass(parse("video upvotes:>20"))
    assert not planner._needs_full_pass(parse("video OR diffusion"))
