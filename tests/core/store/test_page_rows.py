"""The list's rows carry the optional columns (tags, first author and count, added, notes),
read for a whole page at once: one extra query for the tags, not one per row."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from reader.core.library import Library
from reader.core.model import Filter, Sort, SortKey, State


def _paper(lib: Library, pid: int) -> Any:
    paper = lib.get(pid)
    assert paper is not None
    return paper


def test_page_rows_carry_tags_authors_added_and_note_presence(sample_library: Library) -> None:
    lib = sample_library
    ids = [r.id for r in lib.query("", Filter(), None, 0, 5).rows]
    lib.add_tags([ids[0]], ["zeta", "alpha"])
    lib.set_note(ids[1], "first line\nsecond")
    rows = {r.id: r for r in lib.query("", Filter(), None, 0, 5).rows}
    assert rows[ids[0]].tags == ("alpha", "zeta")  # by name, like the detail pane
    assert rows[ids[1]].tags == () and rows[ids[1]].has_notes
    assert not rows[ids[0]].has_notes
    for pid, r in rows.items():
        paper = _paper(lib, pid)
        assert r.added_at == paper.added_at
        assert r.first_author == (paper.authors[0] if paper.authors else "")
        assert r.author_count == max(len(paper.authors), paper.author_count or 0)


def test_search_rows_carry_the_same_columns(sample_library: Library) -> None:
    lib = sample_library
    first = lib.query("", Filter(), None, 0, 1).rows[0]
    lib.add_tags([first.id], ["mine"])
    word = first.title.split()[0]
    hit = next(r for r in lib.query(word, Filter(), None, 0, 50).rows if r.id == first.id)
    assert hit.tags == ("mine",) and hit.score is not None
    assert hit.first_author == first.first_author and hit.added_at == first.added_at


@pytest.mark.parametrize("sort", [None, Sort(SortKey.TITLE, False), Sort(SortKey.UPVOTES, False)])
def test_one_page_is_a_fixed_number_of_queries_whatever_its_size(sample_library: Library,
                                                                 sort: Sort | None) -> None:
    lib = sample_library
    lib.add_tags([r.id for r in lib.query("", Filter(), None, 0, 38).rows], ["t"])
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    def count(limit: int) -> tuple[int, int]:
        start = len(statements)
        page = lib.query("", Filter(), sort, 0, limit)
        assert all(r.tags == ("t",) for r in page.rows)
        return len(page.rows), len(statements) - start

    engine = lib.store.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        small, big = count(2), count(38)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert small[0] == 2 and big[0] == 38
    # The counts, the rows, their tags and their categories — twice when an ascending
    # nullable order reads the valued rows, then the NULLs: never one query per row.
    assert small[1] <= 6 and big[1] <= 9


def test_queue_rank_is_the_place_in_the_queue_without_gaps(sample_library: Library) -> None:
    lib = sample_library
    ids = [r.id for r in lib.query("", Filter(), None, 0, 6).rows]
    lib.set_state(ids[:5], State.QUEUED)
    lib.move_in_queue(ids[4], -2)
    lib.set_state([ids[1], ids[3]], State.DONE)  # leaves gaps in the stored positions
    order = lib.queue_order()
    assert order == [ids[0], ids[4], ids[2]]
    positions = [lib.store.rows_by_ids([pid])[pid].queue_position for pid in order]
    assert positions != [1, 2, 3]
    rows = lib.store.rows_by_ids([*order, ids[5], ids[1]])
    assert [rows[pid].queue_rank for pid in order] == list(range(1, len(order) + 1))
    assert rows[ids[5]].queue_rank is None and rows[ids[1]].queue_rank is None  # not queued
    page = lib.query("", Filter.state(State.QUEUED), None, 0, 10).rows
    assert [r.queue_rank for r in page] == [1, 2, 3]
