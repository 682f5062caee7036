"""The pure merge rules of an import (``reader.core.store.merge_rules``), without SQLite.

A stored row is given as the dict the store reads (``select(paper_t).mappings()``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from reader.core.model import Link, LinkKind, NoteRevisionRecord, ParsedPaper, State, UserState
from reader.core.store.merge_rules import (
    _dedupe,
    _drop_other_ids,
    _group_by_keys,
    _match,
    _merge,
    _paper_keys,
    _revision_row,
    _unique_links,
)

NOW = "2026-11-26T09:00:00Z"
GH = Link("https://github.com/a/b", LinkKind.GITHUB, "a/b")
PAGE = Link("https://example.org/p", LinkKind.PROJECT)
ARXIV = Link("https://arxiv.org/abs/2401.00001", LinkKind.ARXIV)


def row(**values: Any) -> dict[str, Any]:
    """A stored paper row with nothing but a title, overridden by ``values``."""
    base: dict[str, Any] = {
        "id": 1, "key": "title:sometitle", "title_key": "title:sometitle", "arxiv_id": None,
        "abstract": "", "abstract_truncated": False, "authors": "[]", "author_count": None,
        "published": None, "upvotes": None, "state": State.INBOX.value, "starred": False,
    }
    base.update(values)
    return base


# --- identity -----------------------------------------------------------------------------

def test_paper_keys_use_the_arxiv_id_else_the_normalized_title() -> None:
    with_id = ParsedPaper("Some Title", arxiv_id="2401.00001")
    without = ParsedPaper("  SOME   title! ")
    keys = _paper_keys([with_id, without])
    assert keys[id(with_id)] == ("arxiv:2401.00001", "title:sometitle")
    assert keys[id(without)] == ("title:sometitle", "title:sometitle")
    assert keys[id(with_id)] == (with_id.key, with_id.title_key)  # the model's own rule


def test_match_prefers_the_key_then_the_title_key() -> None:
    by_id = ParsedPaper("Some Title", arxiv_id="2401.00001")
    by_title = ParsedPaper("some title")
    new = ParsedPaper("Another Paper")
    existing = {"arxiv:2401.00001": row(id=7, key="arxiv:2401.00001", arxiv_id="2401.00001"),
                "title:sometitle": row(id=8)}
    papers = [by_id, by_title, new]
    new_papers, matched, updates = _match(papers, existing, _paper_keys(papers), NOW)
    assert new_papers == [new]
    assert matched == [(by_id, 7), (by_title, 8)]
    assert updates == []  # nothing new about either


def test_match_lists_the_row_update_of_each_changed_paper() -> None:
    paper = ParsedPaper("Some Title", abstract="An abstract.", upvotes=5)
    same = ParsedPaper("Other", upvotes=3)
    existing = {"title:sometitle": row(id=4), "title:other": row(id=5, key="title:other",
                                                                    upvotes=3)}
    papers = [paper, same]
    _, matched, updates = _match(papers, existing, _paper_keys(papers), NOW)
    assert [pid for _, pid in matched] == [4, 5]
    assert updates == [{"abstract": "An abstract.", "abstract_truncated": False, "upvotes": 5,
                        "b_id": 4, "updated_at": NOW}]


def test_a_title_match_with_another_arxiv_id_is_another_paper() -> None:
    paper = ParsedPaper("Some Title", arxiv_id="2401.00002")
    other_id = row(id=3, key="arxiv:2401.00001", arxiv_id="2401.00001")
    found = {"title:sometitle": other_id}
    _drop_other_ids(found, [paper], _paper_keys([paper]))
    assert found == {}


def test_a_title_only_row_of_the_same_title_is_the_same_paper() -> None:
    paper = ParsedPaper("Some Title", arxiv_id="2401.00002")
    title_only = row(id=3)
    found = {"title:sometitle": title_only}
    _drop_other_ids(found, [paper], _paper_keys([paper]))
    assert found == {"title:sometitle": title_only}
    _, matched, updates = _match([paper], found, _paper_keys([paper]), NOW)
    assert matched == [(paper, 3)]
    # ... and the match upgrades the row's identity to the arXiv id.
    assert updates[0]["arxiv_id"] == "2401.00002" and updates[0]["key"] == "arxiv:2401.00002"


# --- duplicates within one file ----------------------------------------------------------

def test_dedupe_merges_later_entries_into_the_first() -> None:
    first = ParsedPaper("Some Title", abstract="short", arxiv_id="2401.00001", upvotes=3,
                        links=[ARXIV, GH])
    second = ParsedPaper("Some title (v2)", abstract="a longer abstract", arxiv_id="2401.00001",
                         upvotes=9, authors=["A. Author"], author_count=1,
                         published=dt.date(2024, 1, 2), links=[GH, PAGE])
    third = ParsedPaper("Unrelated", upvotes=1)
    out = _dedupe([first, second, third])
    assert out == [first, third]
    assert first.title == "Some Title"  # the first entry's title stays
    assert first.abstract == "a longer abstract"
    assert first.links == [ARXIV, GH, PAGE]  # union by URL, first entry's order first
    assert first.upvotes == 9  # the later entry's upvotes win
    assert first.authors == ["A. Author"] and first.author_count == 1
    assert first.published == dt.date(2024, 1, 2)


def test_dedupe_keeps_what_the_first_entry_has_when_the_later_lacks_it() -> None:
    first = ParsedPaper("T", abstract="the longer abstract", upvotes=4, authors=["X"],
                        published=dt.date(2024, 1, 1))
    later = ParsedPaper("T", abstract="short", upvotes=None, authors=["Y", "Z"],
                        published=dt.date(2025, 1, 1))
    [only] = _dedupe([first, later])
    assert (only.abstract, only.upvotes, only.authors, only.published) == (
        "the longer abstract", 4, ["X"], dt.date(2024, 1, 1))


def test_dedupe_takes_the_later_entrys_upvotes_even_if_lower() -> None:
    [only] = _dedupe([ParsedPaper("T", upvotes=9), ParsedPaper("T", upvotes=3)])
    assert only.upvotes == 3


def test_dedupe_uses_the_given_keys() -> None:
    a, b = ParsedPaper("Alpha"), ParsedPaper("Beta")
    keys = {id(a): ("k", "title:alpha"), id(b): ("k", "title:beta")}
    assert _dedupe([a, b], keys) == [a]
    assert _dedupe([a, b]) == [a, b]


def test_unique_links_keeps_the_first_of_each_exact_url() -> None:
    slash = Link("https://github.com/a/b/", LinkKind.GITHUB, "a/b")
    assert _unique_links([GH, PAGE, GH, slash]) == [GH, PAGE, slash]


# --- merging into a stored row -----------------------------------------------------------

def test_a_complete_abstract_replaces_a_truncated_one_even_if_shorter() -> None:
    paper = ParsedPaper("T", abstract="complete")
    assert _merge(row(abstract="a truncated but long…", abstract_truncated=True), paper) == {
        "abstract": "complete", "abstract_truncated": False}


def test_a_truncated_abstract_never_replaces_a_complete_one() -> None:
    paper = ParsedPaper("T", abstract="a much longer abstract, but cut…", abstract_truncated=True)
    assert _merge(row(abstract="complete"), paper) == {}


def test_of_two_equally_truncated_abstracts_the_longer_wins() -> None:
    longer = ParsedPaper("T", abstract="the longer one")
    shorter = ParsedPaper("T", abstract="short")
    assert _merge(row(abstract="medium size"), longer)["abstract"] == "the longer one"
    assert _merge(row(abstract="medium size"), shorter) == {}
    # Any abstract beats none, truncated or not.
    cut = ParsedPaper("T", abstract="cut…", abstract_truncated=True)
    assert _merge(row(), cut) == {"abstract": "cut…", "abstract_truncated": True}


def test_authors_date_and_count_fill_gaps_only() -> None:
    paper = ParsedPaper("T", authors=["Ann", "Bo"], published=dt.date(2024, 5, 1))
    assert _merge(row(), paper) == {"authors": json.dumps(["Ann", "Bo"]), "author_count": 2,
                                    "published": "2024-05-01"}
    full = row(authors=json.dumps(["Cy"]), author_count=1, published="2023-01-01")
    assert _merge(full, paper) == {}


def test_upvotes_are_the_newest_seen_not_the_largest() -> None:
    assert _merge(row(upvotes=50), ParsedPaper("T", upvotes=7)) == {"upvotes": 7}
    assert _merge(row(upvotes=50), ParsedPaper("T", upvotes=None)) == {}
    assert _merge(row(upvotes=7), ParsedPaper("T", upvotes=7)) == {}


def test_merge_never_touches_user_state() -> None:
    paper = ParsedPaper("T", abstract="new", upvotes=1,
                        user_state=UserState(state=State.DONE, starred=True, tags=["x"], note="n"))
    change = _merge(row(state=State.QUEUED.value, starred=False), paper)
    assert change and not set(change) & {"state", "starred", "queue_position", "has_note",
                                         "opened_at", "read_at", "added_at"}


def test_updates_are_grouped_by_their_set_of_columns() -> None:
    a = {"b_id": 1, "upvotes": 2, "updated_at": NOW}
    b = {"updated_at": NOW, "b_id": 2, "upvotes": 3}
    c = {"b_id": 3, "abstract": "x", "abstract_truncated": False, "updated_at": NOW}
    groups = _group_by_keys([a, b, c])
    assert groups == {("b_id", "updated_at", "upvotes"): [a, b],
                      ("abstract", "abstract_truncated", "b_id", "updated_at"): [c]}


def test_revision_row_stores_times_as_utc_text() -> None:
    saved = dt.datetime(2026, 11, 26, 10, 31, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    written = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone.utc)
    assert _revision_row(9, NoteRevisionRecord("old", saved, written)) == {
        "paper_id": 9, "body": "old", "saved_at": "2026-11-26T09:31:05Z",
        "written_at": "2026-11-25T08:00:00Z"}
    assert _revision_row(9, NoteRevisionRecord("older", saved))["written_at"] is None
