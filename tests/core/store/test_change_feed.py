"""The change counter and the search index's feed (``reader.core.store.changes``) on a real
store: what each write stamps, and the three readers of index documents agreeing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.model import ParsedDigest, ParsedPaper
from reader.core.store.store import IndexDoc, Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "library.sqlite", tmp_path / "backups")
    try:
        yield s
    finally:
        s.close()


def digest(*titles: str) -> ParsedDigest:
    return ParsedDigest("hf-api", [ParsedPaper(t, abstract=f"About {t}.", upvotes=len(t))
                                   for t in titles], digest_date=dt.date(2024, 5, 27))


def test_an_import_stamps_its_papers_with_one_new_change_number(store: Store) -> None:
    seq0 = store.current_seq()
    stored = store.store_digest(digest("Alpha", "Beta", "Gamma"), "a.json", "sha-a")
    seq1 = store.current_seq()
    assert seq1 == seq0 + 1
    seq, docs = store.changes_after(seq0)
    assert seq == seq1
    assert [d.id for d in docs] == sorted(stored.new_ids)
    assert [d.title for d in docs] == ["Alpha", "Beta", "Gamma"]
    assert {d.change_seq for d in docs} == {seq1}
    assert all(d.digests == [stored.digest_id] for d in docs)
    assert store.changes_after(seq1) == (seq1, [])
    assert store.count_changed_since(seq0) == 3 and store.count_changed_since(seq1) == 0


def test_an_edit_restamps_only_the_edited_papers(store: Store) -> None:
    ids = store.store_digest(digest("Alpha", "Beta", "Gamma"), "a.json", "sha-a").new_ids
    seq1 = store.current_seq()
    store.set_starred([ids[1]], True)
    seq2, docs = store.changes_after(seq1)
    assert seq2 == seq1 + 1
    assert [(d.id, d.starred, d.change_seq) for d in docs] == [(ids[1], True, seq2)]
    store.mark_opened(ids[0])  # not searchable: no new change number
    assert store.current_seq() == seq2


def test_a_known_paper_in_a_new_digest_is_restamped(store: Store) -> None:
    first = store.store_digest(digest("Alpha", "Beta"), "a.json", "sha-a")
    seq1 = store.current_seq()
    second = store.store_digest(digest("Alpha"), "b.json", "sha-b")
    assert second.new_ids == [] and second.unchanged == 1
    _, docs = store.changes_after(seq1)
    assert [(d.id, d.digests) for d in docs] == [
        (first.new_ids[0], [first.digest_id, second.digest_id])]


def test_the_three_readers_return_the_same_documents(store: Store) -> None:
    seq0 = store.current_seq()
    ids = store.store_digest(digest("Alpha", "Beta", "Gamma"), "a.json", "sha-a").new_ids
    _, every = store.changes_after(seq0)
    batches = list(store.index_docs(seq0, batch=2))
    assert [len(b) for b in batches] == [2, 1]
    assert [d for b in batches for d in b] == every
    wanted = [ids[2], 10_000, ids[0], ids[2]]  # unknown ids are skipped, each paper once
    assert list(store.docs_for(wanted)) == [[every[0], every[2]]]
    assert all(isinstance(d, IndexDoc) for d in every)
    assert store.all_ids() == set(ids)
