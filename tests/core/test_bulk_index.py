"""The multi-process bulk index build (a first import of many papers), exercised small."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from testutil import AS_OF

import reader.core.search.bulk as bulk_mod
import reader.core.search.index as index_mod
from reader.core.library import Library
from reader.core.model import Filter, FilterKind
from reader.core.store.store import WriteBatch


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
    monkeypatch.setattr(bulk_mod, "BULK_MIN", 100)
    monkeypatch.setattr(bulk_mod, "BULK_CHUNK", 120)
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


# ----------------------------------------------------------------- indexing while importing
@pytest.fixture
def small_pipeline(small_bulk: None, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Index-while-importing from 1 byte of digests on, files committed one at a time;
    returns the sizes of the feeds."""
    monkeypatch.setattr("reader.core.library.importing.PIPELINE_MIN_BYTES", 1)
    monkeypatch.setattr(WriteBatch, "COMMIT_SECONDS", 0.0)
    fed: list[int] = []
    original = index_mod.BulkFeed.feed

    def feed(self: index_mod.BulkFeed, docs: list) -> None:  # type: ignore[type-arg]
        fed.append(len(docs))
        original(self, docs)

    monkeypatch.setattr(index_mod.BulkFeed, "feed", feed)
    return fed


def assert_indexed_once(lib: Library, papers: int) -> None:
    result = lib.check()
    assert result.ok, result.problems
    assert result.checked["indexed"] == papers
    assert lib.index.status().doc_count == papers  # no paper twice
    assert lib.index_pending() == 0


def test_first_large_import_is_indexed_while_it_is_stored(small_pipeline: list[int],
                                                          tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    write_digests(folder, files=10, per_file=40)
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_files([folder], as_of=AS_OF)
        assert report.new == 400 and not report.rejected
        assert small_pipeline[:10] == [40] * 10  # one feed per stored file
        assert_indexed_once(lib, 400)
        assert lib.query("sparse").total == 140
        assert lib.query("repo:r3x7").total == 1
        # a second import goes through the ordinary incremental path
        more = tmp_path / "more"
        write_digests(more, files=1, per_file=5)
        (more / "d000.txt").write_text((more / "d000.txt").read_text().replace("Bulk", "Later"))
        fed_before = len(small_pipeline)
        assert lib.import_files([more], as_of=AS_OF).new == 5
        assert len(small_pipeline) == fed_before
        assert lib.query("later").total == 5
        assert_indexed_once(lib, 405)


def test_a_paper_merged_by_a_later_file_is_indexed_once_with_its_last_version(
        small_pipeline: list[int], tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    write_digests(folder, files=6, per_file=40)
    first = (folder / "d000.txt").read_text()
    # the last file repeats paper 0-0 with a new abstract sentence (same title: merged)
    entry = first.split("\n\n", 2)[2].split("Bulk paper 0-1 ")[0]
    changed = entry.replace("We study retrieval number 0.", "We study retrieval number 0 with zebrafish.")
    assert changed != entry
    (folder / "d999.txt").write_text("Daily Papers\n\nMar 31, 2024\n\n" + changed, encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_files([folder], as_of=AS_OF)
        assert report.new == 240 and report.updated >= 1
        assert [r.title for r in lib.query("zebrafish").rows] == ["Bulk paper 0-0 on sparse retrieval"]
        assert_indexed_once(lib, 240)


def test_a_change_made_during_the_import_is_indexed(small_pipeline: list[int], tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    write_digests(folder, files=8, per_file=40)
    with Library.open(tmp_path / "lib") as lib:
        starred: list[int] = []

        def progress(done: int, _total: int, message: str) -> None:
            # A change to an already fed paper lands in SQLite while the import goes on (the
            # window queues its writes behind the import; this checks the watermark logic
            # for anything committed meanwhile).
            if message.startswith("Importing") and done == 4 and not starred:
                pid = lib.query("", limit=1).rows[0].id
                lib.store.set_starred([pid], True)
                lib.store.set_note(pid, "flamingo remark")
                starred.append(pid)

        lib.import_files([folder], as_of=AS_OF, progress=progress)
        assert starred
        assert [r.id for r in lib.query("is:starred").rows] == starred
        assert [r.id for r in lib.query("flamingo").rows] == starred
        assert_indexed_once(lib, 320)


def test_cancelled_pipelined_import_catches_up_later(small_pipeline: list[int], tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    write_digests(folder, files=10, per_file=40)
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        seen: list[str] = []
        report = lib.import_files([folder], as_of=AS_OF,
                                  progress=lambda d, t, m: seen.append(m),
                                  cancel=lambda: len(seen) >= 5)
        assert report.cancelled and 0 < report.new < 400
        stored = report.new
    with Library.open(root) as lib:
        assert_indexed_once(lib, stored)
        assert lib.query("retrieval").total == stored


def test_feeding_failure_falls_back_to_indexing_after_the_import(
        small_pipeline: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "digests"
    write_digests(folder, files=6, per_file=40)
    feed = index_mod.BulkFeed.feed

    def failing(self: index_mod.BulkFeed, docs: list) -> None:  # type: ignore[type-arg]
        if len(small_pipeline) >= 3:
            raise OSError("no space left on device")
        feed(self, docs)

    monkeypatch.setattr(index_mod.BulkFeed, "feed", failing)
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_files([folder], as_of=AS_OF)
        assert report.new == 240 and not report.rejected
        assert_indexed_once(lib, 240)
        assert lib.query("dense").total == 156  # e % 3 != 0 for 26 of every 40


def test_crash_before_the_watermark_commit_is_repaired_at_the_next_open(
        small_pipeline: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "digests"
    write_digests(folder, files=6, per_file=40)
    root = tmp_path / "lib"

    def crash(*_a: object, **_k: object) -> bool:
        raise OSError("killed")

    with Library.open(root) as lib:
        with monkeypatch.context() as m:
            m.setattr(index_mod.SearchIndex, "apply", crash)
            report = lib.import_files([folder], as_of=AS_OF)
        assert report.new == 240
        assert lib.index_error and "catches up" in lib.index_error
        assert lib.index_pending() == 240  # documents committed, the watermark did not move
    with Library.open(root) as lib:
        assert_indexed_once(lib, 240)


def test_import_without_index_leaves_the_fed_build_for_sync_index(small_pipeline: list[int],
                                                                  tmp_path: Path) -> None:
    """The window imports with ``index=False`` (the list shows the papers at once) and then
    runs ``sync_index``, which only has to finish the build fed during the import."""
    folder = tmp_path / "digests"
    write_digests(folder, files=6, per_file=40)
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        assert lib.import_files([folder], as_of=AS_OF, index=False).new == 240
        assert small_pipeline[:6] == [40] * 6  # fed while storing
        assert lib.index_pending() == 240  # not searchable before the build is committed
        messages: list[str] = []
        lib.sync_index(lambda d, t, m: messages.append(m))
        assert messages[0] == "Finishing the search index"
        assert_indexed_once(lib, 240)
        # closing with a fed build not finished: the next open indexes everything
        more = tmp_path / "more"
        write_digests(more, files=2, per_file=40)
        for f in more.iterdir():
            f.write_text(f.read_text().replace("Bulk", "Second"))
    with Library.open(tmp_path / "lib2") as other:
        assert other.import_files([more], as_of=AS_OF, index=False).new == 80
    with Library.open(tmp_path / "lib2") as other:
        assert_indexed_once(other, 80)
        assert other.query("second").total == 80


def test_feeding_goes_on_while_a_chunk_commits(small_bulk: None, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunk commit waits for the writer processes; the import keeps storing and the
    papers fed meanwhile wait for the next writer. Held open here until two more files
    have been fed."""
    import threading

    monkeypatch.setattr("reader.core.library.importing.PIPELINE_MIN_BYTES", 1)
    monkeypatch.setattr(WriteBatch, "COMMIT_SECONDS", 0.0)
    gate = threading.Event()
    waiting_seen: list[int] = []
    start_commit = index_mod.BulkFeed._commit_in_background

    def held_commit(self: index_mod.BulkFeed) -> None:
        writer = self._writer
        commit = writer.commit

        def slow_commit(**kwargs: object) -> None:
            gate.wait(30)
            commit(**kwargs)

        writer.commit = slow_commit
        start_commit(self)

    feed = index_mod.BulkFeed.feed

    def watching_feed(self: index_mod.BulkFeed, docs: list) -> None:  # type: ignore[type-arg]
        feed(self, docs)
        waiting_seen.append(len(self._waiting))
        if sum(1 for n in waiting_seen if n) >= 2:
            gate.set()

    monkeypatch.setattr(index_mod.BulkFeed, "_commit_in_background", held_commit)
    monkeypatch.setattr(index_mod.BulkFeed, "feed", watching_feed)
    folder = tmp_path / "digests"
    write_digests(folder, files=10, per_file=40)
    with Library.open(tmp_path / "lib") as lib:
        assert lib.import_files([folder], as_of=AS_OF).new == 400
        assert max(waiting_seen) >= 80  # two files' papers waited for the next writer
        assert_indexed_once(lib, 400)
        assert lib.query("sparse").total == 140


def test_a_program_that_never_closes_the_library_still_exits(tmp_path: Path) -> None:
    """The writer processes of a fed build wait for more documents; they are daemons, so
    a program that imports with ``index=False`` and exits without closing does not hang."""
    import subprocess
    import sys

    write_digests(tmp_path / "in", files=5, per_file=40)
    code = (
        "import datetime as dt, sys\n"
        "import reader.core.library as S, reader.core.search.bulk as B\n"
        "import reader.core.library.importing as P\n"
        "P.PIPELINE_MIN_BYTES = 1; B.BULK_MIN = 100\n"
        f"lib = S.Library.open({str(tmp_path / 'lib')!r})\n"
        f"r = lib.import_files([{str(tmp_path / 'in')!r}], as_of=dt.date(2026, 11, 26), index=False)\n"
        "assert r.new == 200 and lib._feed is not None\n"
        "print('stored', flush=True)\n"
    )
    env = dict(os.environ, DIGEST_READER_INDEX_PROCS="2")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=env, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stored"
    with Library.open(tmp_path / "lib") as lib:  # and the next open indexes what was stored
        assert_indexed_once(lib, 200)


# ----------------------------------------------------------------- writer processes (issue 10)
def writer_processes() -> list[object]:
    from reader.core.writer_task import WriterTask

    return [p for p in multiprocessing.active_children() if isinstance(p, WriterTask)]


@pytest.fixture
def one_writer(small_pipeline: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """One writer for the whole build (no chunk commits): its processes, started by the
    first batch of 250 papers, wait for the end of the build."""
    monkeypatch.setattr(bulk_mod, "BULK_CHUNK", 100_000)


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_bulk_build_with_another_start_method(method: str, one_writer: None, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer processes start with ``spawn`` (macOS and Windows) and ``forkserver`` (the
    window on Linux) as well as ``fork``: everything they need is picklable and importable."""
    monkeypatch.setenv("DIGEST_READER_MP_START", method)
    folder = tmp_path / "digests"
    write_digests(folder, files=8, per_file=40)  # 320: more than a batch of 250 while storing
    popen_modules: set[str] = set()

    def progress(_done: int, _total: int, _message: str) -> None:
        popen_modules.update(type(p._popen).__module__ for p in writer_processes())  # type: ignore[attr-defined]

    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_files([folder], as_of=AS_OF, progress=progress, index=False)
        assert report.new == 320
        progress(0, 0, "")  # the fed build's writers are still waiting for its end
        lib.sync_index()
        assert_indexed_once(lib, 320)
        assert lib.query("sparse").total == 112  # e % 3 == 0 for 14 of every 40
        assert lib.query("repo:r3x7").total == 1
    expected = {"spawn": "multiprocessing.popen_spawn_posix",
                "forkserver": "multiprocessing.popen_forkserver"}[method]
    assert popen_modules == {expected}


def test_closing_with_a_fed_build_ends_its_writer_processes(one_writer: None, tmp_path: Path) -> None:
    """Cancelling a build ends its processes (Whoosh's cancel only set a flag in the
    parent's copy of the process object; the real ones waited until the program exited)."""
    folder = tmp_path / "digests"
    write_digests(folder, files=8, per_file=40)
    lib = Library.open(tmp_path / "lib")
    assert lib.import_files([folder], as_of=AS_OF, index=False).new == 320
    running = writer_processes()
    assert running and all(p.is_alive() for p in running)  # type: ignore[attr-defined]
    lib.close()
    assert writer_processes() == []
    assert all(p.exitcode is not None for p in running)  # type: ignore[attr-defined]
    with Library.open(tmp_path / "lib") as lib:  # what was stored is indexed at the next open
        assert_indexed_once(lib, 320)


def test_a_writer_process_that_died_fails_the_commit(one_writer: None, tmp_path: Path) -> None:
    """A writer process killed from outside took its documents with it: the commit fails
    (the watermark does not move) instead of committing an index with papers missing."""
    import signal

    folder = tmp_path / "digests"
    write_digests(folder, files=8, per_file=40)
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        assert lib.import_files([folder], as_of=AS_OF, index=False).new == 320
        victim = writer_processes()[0]
        os.kill(victim.pid, signal.SIGKILL)  # type: ignore[attr-defined]
        victim.join(5)  # type: ignore[attr-defined]
        with pytest.raises(OSError, match=r"an index writer process ended abnormally \(exit code -9\)"):
            lib.sync_index()
        assert writer_processes() == []
        assert lib.index_pending() == 320
    with Library.open(root) as lib:  # the catch-up at open indexes every paper, once
        assert_indexed_once(lib, 320)


def test_an_unknown_start_method_is_named_and_the_import_still_lands(
        small_pipeline: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGEST_READER_MP_START", "threads")
    folder = tmp_path / "digests"
    write_digests(folder, files=4, per_file=40)  # >= BULK_MIN: the bulk writer
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_files([folder], as_of=AS_OF)
        assert report.new == 160 and not report.rejected  # SQLite has them
        assert lib.index_error is not None
        assert lib.index_error.endswith("DIGEST_READER_MP_START must be one of fork, spawn, "
                                        "forkserver (got 'threads')); it catches up at the next start")
        assert writer_processes() == []
    monkeypatch.delenv("DIGEST_READER_MP_START")
    with Library.open(tmp_path / "lib") as lib:
        assert_indexed_once(lib, 160)
