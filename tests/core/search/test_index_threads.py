"""The shared Whoosh searcher is used by one thread at a time (the index lock): Whoosh's
readers seek and read shared file handles, so two threads reading through one searcher
tore reads (an UnpicklingError in the postings, seen as a flaky filter-count read in the
window) or closed it under each other."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.model import IndexDoc
from reader.core.search import SearchIndex


def _doc(pid: int) -> IndexDoc:
    return IndexDoc(id=pid, title=f"paper {pid} about attention", abstract="", authors=[],
                    author_count=None, note="", tags=[], repos=[], state="inbox", starred=False,
                    has_code=False, published=None, upvotes=None, added_at="2026-12-01T00:00:00Z",
                    digests=[], change_seq=1)


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    ix = SearchIndex(tmp_path / "index")
    ix.apply([[_doc(n) for n in range(1, 6)]], watermark=1, total=5)
    yield ix
    ix.close()


def test_searches_and_status_reads_in_parallel_with_commits_stay_whole(index: SearchIndex) -> None:
    """Searches, status and id reads in three threads while a fourth commits: every read
    answers (before the fix: "seek of closed file" — a status read's searcher closed under
    it by a search that found the index changed — and torn postings reads)."""
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader(fn: Callable[[], object]) -> None:
        try:
            while not stop.is_set():
                fn()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader, args=(fn,), daemon=True) for fn in (
        lambda: index.search("attention", None, None, 0, 10), index.status, index.indexed_ids)]
    for t in threads:
        t.start()
    try:
        for round_ in range(2, 12):
            index.apply([[_doc(n) for n in range(round_ * 10, round_ * 10 + 10)]],
                        watermark=round_, total=10)
    finally:
        stop.set()
        for t in threads:
            t.join(10)
    assert errors == []
    assert index.watermark() == 11 and len(index.indexed_ids()) == 105
