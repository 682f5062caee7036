"""A search means what it says (issue 10): every term ANDed, OR explicit, filters narrow.

The table in ``tests/searchtable.py`` runs on a library of real days; its counts are exact
numbers, each also checked against a brute-force predicate over the papers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import searchtable as st

from reader.cli import main
from reader.core.library import Library
from reader.core.model import Filter, FilterKind, Sort, SortKey, State
from reader.core.search import QueryError

ALL = Filter(FilterKind.ALL)


@pytest.fixture
def lib(tmp_path: Path):  # noqa: ANN201
    library = st.build(tmp_path / "lib")
    try:
        yield library
    finally:
        library.close()


def test_every_row_has_its_count_and_the_brute_force_matches(lib: Library) -> None:
    wrong = []
    for row in st.TABLE:
        page = lib.query(row.query, ALL, None, 0, 500)
        got = {r.id for r in page.rows}
        want = st.brute_force(lib, row)
        if not (page.total == len(page.rows) == row.count == len(want) and got == want):
            wrong.append((row.query, row.count, page.total, len(want)))
    assert not wrong, wrong

    # the table is not trivial: filters narrow, OR widens, AND of words narrows, NOT removes
    counts = {row.query: row.count for row in st.TABLE}
    assert len(counts) == len(st.TABLE)
    assert counts["has:code upvotes:>20"] < min(counts["has:code"], counts["upvotes:>20"])
    assert counts["has:code OR upvotes:>20"] > max(counts["has:code"], counts["upvotes:>20"])
    assert counts["diffusion policy"] < counts["diffusion"]
    assert counts["video OR diffusion"] > counts["diffusion"]
    assert counts["model NOT video"] < lib.query("model", ALL).total
    assert counts["diffusion upvotes:>20"] > 0 and counts["diffusion state:queued"] > 0
    assert counts["diffusion upvotes:>20 state:queued"] == 0

    # words are ranked by relevance; a query of only filters comes newest first
    for row in st.TABLE:
        rows = lib.query(row.query, ALL, None, 0, 500).rows
        if row.words:
            scores = [r.score or 0.0 for r in rows]
            assert scores == sorted(scores, reverse=True), row.query
            continue
        dates = [r.published for r in rows]
        dated = [d for d in dates if d is not None]
        assert dates == dated + [None] * (len(dates) - len(dated)), row.query  # undated last
        assert dated == sorted(dated, reverse=True), row.query
    # the same set, in the same order of dates, as the filter it spells
    by_query = lib.query("has:code", ALL, None, 0, 500).rows
    by_filter = lib.query("", Filter(FilterKind.HAS_CODE), None, 0, 500).rows
    assert {r.id for r in by_query} == {r.id for r in by_filter} and len(by_query) == 41
    assert [r.published for r in by_query] == [r.published for r in by_filter]


def test_filter_only_query_in_the_queue_keeps_queue_order(lib: Library) -> None:
    queue = Filter.state(State.QUEUED)
    order = [r.id for r in lib.query("", queue, None, 0, 500).rows]
    lib.set_queue_order(list(reversed(order)))
    expected = [r.id for r in lib.query("", queue, None, 0, 500).rows if r.has_code]
    assert len(expected) >= 2
    page = lib.query("has:code", queue, None, 0, 500)
    assert [r.id for r in page.rows] == expected and page.total == len(expected)
    assert [r.id for r in lib.query("has:code", queue, None, 1, 1).rows] == expected[1:2]


def test_a_column_order_is_the_lists_order(lib: Library) -> None:
    for spec in ("-upvotes", "+upvotes", "-published", "+published", "+title", "-title"):
        sort = Sort.parse(spec)
        assert sort is not None
        rows = lib.query("diffusion", ALL, sort, 0, 500).rows
        assert len(rows) == 36
        key = {SortKey.UPVOTES: "upvotes", SortKey.PUBLISHED: "published",
               SortKey.TITLE: "title"}[sort.key]
        values = [getattr(r, key) for r in rows]
        present = [v for v in values if v is not None]
        assert values == present + [None] * (len(values) - len(present)), spec  # None last
        if key == "title":
            present = [" ".join(v.casefold().split()) for v in present]
        assert present == sorted(present, reverse=sort.descending), spec
    pages = [r.id for o in (0, 10, 20, 30) for r in
             lib.query("diffusion", ALL, Sort.parse("-upvotes"), o, 10).rows]
    assert pages == [r.id for r in lib.query("diffusion", ALL, Sort.parse("-upvotes"), 0, 50).rows]

    # inside a filter the same query narrows further
    inbox = Filter.state(State.INBOX)
    row = next(r for r in st.TABLE if r.query == "diffusion has:code")
    papers = {p.id: p for p in lib.get_many(sorted(st.brute_force(lib, row)))}
    want = {pid for pid, p in papers.items() if p.state is State.INBOX}
    page = lib.query("diffusion has:code", inbox, None, 0, 500)
    assert {r.id for r in page.rows} == want and 0 < page.total == len(want) < row.count


@pytest.mark.parametrize("text, message", [
    ("the", "nothing to search for"),
    ("diffusion AND", None),
    ("upvotes:>many", "upvotes: needs a whole number"),
    ("(video OR diffusion", "unbalanced parentheses"),
    ("colour:red diffusion", "unknown field 'colour'"),
])
def test_bad_queries_get_one_line_and_change_nothing(sample_library: Library, text: str,
                                                     message: str | None) -> None:
    lib = sample_library
    before = lib.stats()
    if message is None:  # a dangling operator is read as the word alone
        assert lib.query(text, ALL).total == lib.query("diffusion", ALL).total
        return
    with pytest.raises(QueryError, match=message) as info:
        lib.query(text, ALL)
    assert "\n" not in str(info.value)
    assert lib.check_query(text) == str(info.value)
    assert lib.stats() == before


# --------------------------------------------------------------------- the command line
def test_the_table_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "lib"
    st.build(root).close()
    wrong = []
    for row in st.TABLE:
        code = main(["--library", str(root), "list", "--query", row.query, "--json"])
        out, err = capsys.readouterr()
        listed = [p["id"] for p in json.loads(out)] if code == 0 else None
        code = main(["--library", str(root), "search", row.query, "--limit", "500", "--json"])
        found = json.loads(capsys.readouterr()[0]) if code == 0 else None
        if listed is None or found is None or not (len(listed) == len(found) == row.count):
            wrong.append((row.query, row.count, listed and len(listed), found and len(found), err))
            continue
        assert [p["id"] for p in found] == listed, row.query  # the same Library.query order
        if row.words:
            scores = [p["score"] for p in found]
            assert scores == sorted(scores, reverse=True), row.query
        else:
            dates = [p["published"] for p in found if p["published"]]
            assert dates == sorted(dates, reverse=True), row.query  # newest first
    assert not wrong, wrong

    # a bad query: one line on stderr, exit 1, nothing printed
    code = main(["--library", str(root), "list", "--query", "upvotes:>lots"])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and err.count("\n") == 1 and "upvotes: needs a whole number" in err

    # and once as a real program
    done = subprocess.run([sys.executable, "-m", "reader", "--library", str(root), "list",
                           "--query", "has:code upvotes:>20", "--json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    row = next(r for r in st.TABLE if r.query == "has:code upvotes:>20")
    assert {p["id"] for p in json.loads(done.stdout)} == st_ids(root, row)


def st_ids(root: Path, row: st.Row) -> set[int]:
    with Library.open(root, read_only=True) as lib:
        return st.brute_force(lib, row)
