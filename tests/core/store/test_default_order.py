"""The default order of a list, "published, newest first": day descending, then most upvotes
first (no upvotes last), then the newest id — the same in SQL (``SORT_SQL``) and in the index
(``planner.SORT_THEN`` + ``columns.column_page``), including ties that cross a page."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event
from testutil import FIXTURES

from reader.core.library import Library
from reader.core.model import Filter, FilterKind, PaperRow, Sort, SortKey, State
from reader.core.search import columns

ALL = Filter(FilterKind.ALL)
DAYS = ["2024-07-01", "2024-07-02", "2024-07-03", None]
UPVOTES = [5, None, 12, 5, 0, 12, None, 5]


def _tie_library(tmp_path: Path) -> Library:
    """40 papers on 3 days (and some undated), upvotes with many ties and NULLs; some
    papers triaged afterwards, so their index documents are re-written (document numbers
    no longer follow the ids)."""
    template = json.loads((FIXTURES / "export-v1.json").read_text())
    base = template["papers"][0]
    papers = []
    for n in range(40):
        p = dict(base, id=n + 1, key=f"arxiv:2499.{n:05d}", arxiv_id=f"2499.{n:05d}",
                 title=f"Tiebreak paper number {n}", abstract=f"A tiebreak abstract {n}.",
                 published=DAYS[(n * 7) % 4], upvotes=UPVOTES[n % len(UPVOTES)], note="",
                 starred=False, state="inbox", tags=[], digests=[], links=[])
        papers.append(p)
    path = tmp_path / "ties.json"
    path.write_text(json.dumps(dict(template, papers=papers)))
    lib = Library.open(tmp_path / "lib")
    report = lib.import_files([path])
    assert report.new == 40, report
    ids = [r.id for r in lib.query("", ALL, Sort(SortKey.ADDED, False), 0, 100).rows]
    lib.set_state(ids[::3], State.DONE)  # re-indexed: later document numbers
    lib.set_starred(ids[1::5], True)
    return lib


def _expected(rows: list[PaperRow], descending: bool) -> list[int]:
    dated = [r for r in rows if r.published is not None]
    undated = [r for r in rows if r.published is None]

    def key(r: PaperRow) -> tuple[object, ...]:
        return (r.published or "", r.upvotes is not None, r.upvotes or 0, r.id)

    return [r.id for r in sorted(dated, key=key, reverse=descending)] + [
        r.id for r in sorted(undated, key=key, reverse=descending)]


def _pages(lib: Library, text: str, sort: Sort | None, size: int) -> list[int]:
    out: list[int] = []
    for offset in range(0, 40, size):
        out += [r.id for r in lib.query(text, ALL, sort, offset, size).rows]
    return out


@pytest.fixture
def ties(tmp_path: Path):  # noqa: ANN201
    lib = _tie_library(tmp_path)
    yield lib
    lib.close()


def test_within_a_day_most_upvotes_first_in_sql_and_in_the_index(ties: Library) -> None:
    rows = ties.query("", ALL, Sort(SortKey.ADDED), 0, 100).rows
    assert len({(r.published, r.upvotes) for r in rows}) < 20  # plenty of ties
    want = _expected(rows, descending=True)
    sql_default = [r.id for r in ties.query("", ALL, None, 0, 100).rows]
    assert sql_default == want
    first_day = [r for r in ties.query("", ALL, None, 0, 100).rows if r.published == rows[0].published]
    upvotes = [r.upvotes for r in first_day]
    assert upvotes == sorted(upvotes, key=lambda u: (u is not None, u or 0), reverse=True)
    published = Sort(SortKey.PUBLISHED, descending=True)
    assert [r.id for r in ties.query("", ALL, published, 0, 100).rows] == want
    # the index: words sorted by date, and a query of only filters in the list's own order
    assert [r.id for r in ties.query("tiebreak", ALL, published, 0, 100).rows] == want
    assert [r.id for r in ties.query("has:abstract", ALL, None, 0, 100).rows] == want
    # pages of 7 cut through tie groups: the pages still join up to the same order
    assert _pages(ties, "", None, 7) == want
    assert _pages(ties, "tiebreak", published, 7) == want


def test_oldest_first_is_the_same_order_reversed_in_both_paths(ties: Library) -> None:
    rows = ties.query("", ALL, None, 0, 100).rows
    want = _expected(rows, descending=False)
    oldest = Sort(SortKey.PUBLISHED, descending=False)
    assert [r.id for r in ties.query("", ALL, oldest, 0, 100).rows] == want
    assert [r.id for r in ties.query("tiebreak", ALL, oldest, 0, 100).rows] == want
    assert _pages(ties, "", oldest, 6) == want
    assert _pages(ties, "tiebreak", oldest, 6) == want


def test_ties_beyond_the_lookup_limit_keep_document_order(ties: Library,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Too many tied documents reaching a page: ids are not read (the order stays by day
    and upvotes; only equal pairs may differ from SQL)."""
    monkeypatch.setattr(columns, "TIE_LIMIT", 1)
    published = Sort(SortKey.PUBLISHED, descending=True)
    got = ties.query("tiebreak", ALL, published, 0, 100).rows
    want = ties.query("", ALL, None, 0, 100).rows
    assert [(r.published, r.upvotes) for r in got] == [(r.published, r.upvotes) for r in want]


def test_the_default_order_is_an_index_walk_on_the_date(ties: Library) -> None:
    """EXPLAIN QUERY PLAN: the date index serves the order (SQLite sorts only the ties of
    one day, "RIGHT PART OF ORDER BY"), in All and in a state filter; no whole-list sort."""
    store = ties.store
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]  # noqa: ANN001
        statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        ties.query("", ALL, None, 0, 50)
        ties.query("", Filter.state(State.INBOX), None, 0, 50)
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    plans = []
    with sqlite3.connect(store.path) as con:
        for statement, parameters in statements:
            if "ORDER BY" in statement and "FROM paper_tag" not in statement:  # not the page's tags
                rows = con.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()  # type: ignore[arg-type]
                plans.append(" / ".join(r[3] for r in rows))
    assert len(plans) == 2, plans
    assert "ix_paper_published" in plans[0] and "ix_paper_state_published" in plans[1], plans
    assert not [p for p in plans if "USE TEMP B-TREE FOR ORDER BY" in p], plans
