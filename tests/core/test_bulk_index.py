"""The multi-process bulk index build (a first import of many papers), exercised small."""

from __future__ import annotations

from pathlib import Path

import pytest
from testutil import AS_OF

import reader.core.search.index as index_mod
from reader.core.model import Filter, FilterKind
from reader.core.services import Library


def write_digests(folder: Path, files: int, per_file: int) -> None:
    folder.mkdir()
    for f in range(files):
        entries = "".join(
            f"Bulk paper {f}-{e} on {'sparse' if e % 3 == 0 else 'dense'} retrieval\n\n"
            f"We study retrieval number {f * per_file + e}. Code: https://github.com/bulk/r{f}x{e}.\n\n"
            f"  • {1 + e % 7} authors\n·\nMar {1 + e % 28}, 2024 {e}\n\n"
            for e in range(per_file)
        )
        (folder / f"d{f:03}.txt").write_text("Daily Papers\n\nMar 30, 2024\n\n" + entries, encoding="utf-8")


@pytest.fixture
def small_bulk(monkeypatch: pytest.MonkeyPatch) -> None:
    # The bulk path normally starts at 5,000 papers with 40,000-paper commits: shrink both so
    # a test sees a multi-process build with several chunked commits.
    monkeypatch.setattr(index_mod, "BULK_MIN", 100)
    monkeypatch.setattr(index_mod, "BULK_CHUNK", 120)
    monkeypatch.setenv("DIGEST_READER_INDEX_PROCS", "2")


def test_bulk_build_indexes_everything_once(small_bulk: None, tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    write_digests(folder, files=10, per_file=40)
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_files([folder], as_of=AS_OF)
        assert report.new == 400 and not report.rejected
        assert lib.index_pending() == 0
        result = lib.check()
        assert result.ok, result.problems
        assert result.checked["indexed"] == 400
        assert lib.query("sparse").total == 140  # e % 3 == 0 for 14 of every 40
        assert lib.query("retrieval").total == 400
        assert lib.query("repo:r3x7").total == 1
        assert lib.query("sparse", Filter(FilterKind.HAS_CODE)).total == 140
        # Later small changes go through the ordinary writer on top of the bulk segments.
        first = lib.query("sparse", limit=1).rows[0].id
        lib.set_note(first, "bulk-built and then annotated")
        assert [r.id for r in lib.query("annotated").rows] == [first]
        assert lib.check().ok


def test_cancelled_bulk_build_catches_up_without_duplicates(small_bulk: None, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "digests"
    write_digests(folder, files=10, per_file=40)
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        lib.import_files([folder], as_of=AS_OF, index=False)
        full_batches = lib.store.index_docs
        monkeypatch.setattr(lib.store, "index_docs", lambda since: full_batches(since, batch=50))
        seen: list[int] = []

        def progress(done: int, total: int, _message: str) -> None:
            seen.append(done)

        # Cancel after the first chunk has been committed: part of the index is written,
        # the watermark has not moved.
        indexed = lib.sync_index(progress, cancel=lambda: bool(seen) and seen[-1] >= 200)
        assert indexed == 0
        assert lib.index_pending() == 400
        assert 0 < len(lib.index.indexed_ids()) < 400  # the first chunk was committed
    with Library.open(root) as lib:  # the catch-up at open finishes the job
        assert lib.index_pending() == 0
        result = lib.check()
        assert result.ok, result.problems
        assert result.checked["indexed"] == 400
        assert lib.query("retrieval").total == 400
