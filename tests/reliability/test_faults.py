"""Faults in the environment (issue 6): each gets a clear message and loses nothing.

Tests run as root in CI, where ``chmod`` does not stop writes: faults are injected as the
errors the operating system / SQLite would really raise (a ``PRAGMA query_only`` connection
for a read-only library, ``PRAGMA max_page_count`` for a full disk, a second connection
holding ``BEGIN EXCLUSIVE`` for a lock), and the ``chmod`` variants run only for non-root.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from libcopy import sample_copy
from sqlalchemy import event
from testutil import AS_OF, ROOT, SAMPLE

from reader.cli import main as cli_main
from reader.core.library import Library, LibraryError, LibraryLocked
from reader.core.model import ImportStatus, State
from reader.core.store import db as dbmod
from reader.core.store.tables import SCHEMA_VERSION

FIXTURE_V1 = Path(__file__).parent / "fixtures" / "library-v1.sqlite"


def raw_db(root: Path) -> contextlib.closing[sqlite3.Connection]:
    """A plain sqlite3 connection in autocommit mode, closed on leaving the ``with``."""
    return contextlib.closing(sqlite3.connect(root / "library.sqlite", isolation_level=None))


def one_paper(tmp_path: Path, n: int = 0) -> Path:
    path = tmp_path / f"one-{n}.txt"
    path.write_text(f"Daily Papers\n\nA Lonely Paper {n}\n\nAbstract {n} words.\n\n  • 1 author\n·\n"
                    "Jan 2, 2024\n", encoding="utf-8")
    return path


def snapshot(lib: Library) -> tuple[object, ...]:
    with raw_db(lib.root) as conn:
        tables = ("paper", "digest", "paper_digest", "link", "note", "note_revision", "paper_tag")
        counts = tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
        state = conn.execute("SELECT id, state, starred, has_note FROM paper ORDER BY id").fetchall()
    return counts, tuple(state)


@pytest.fixture
def lib_with_state(tmp_path: Path) -> Iterator[Library]:
    lib = sample_copy(tmp_path / "lib")
    lib.set_starred([1, 2], True)
    lib.set_note(3, "a note that must survive")
    lib.add_tags([4], ["keep"])
    lib.set_state([5], State.QUEUED)
    yield lib
    lib.close()


def _reconnect_with(lib: Library, *pragmas: str) -> None:
    """Make every new database connection of ``lib`` run ``pragmas`` (a real SQLite fault)."""
    engine = lib.store.engine
    engine.dispose()

    def on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        for pragma in pragmas:
            dbapi_conn.execute(pragma)

    event.listen(engine, "connect", on_connect)


# ------------------------------------------------------------------ read-only library
def test_read_only_database_injected(lib_with_state: Library, tmp_path: Path) -> None:
    lib = lib_with_state
    before = snapshot(lib)
    _reconnect_with(lib, "PRAGMA query_only=ON")  # SQLite: "attempt to write a readonly database"
    report = lib.import_files([one_paper(tmp_path)], as_of=AS_OF)
    [f] = report.files
    assert f.status is ImportStatus.REJECTED
    assert "refused the write" in (f.reason or "") and "read-only" in (f.reason or "")
    with pytest.raises(LibraryError, match="could not save the change: the library folder is read-only"):
        lib.set_starred([6], True)
    with pytest.raises(LibraryError, match="read-only"):
        lib.set_note(3, "overwritten?")
    assert snapshot(lib) == before
    assert lib.get(3).note == "a note that must survive"  # type: ignore[union-attr]


def test_read_only_folder_at_open_injected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = open

    def deny(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file).endswith("library.lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    with pytest.raises(LibraryError, match=r"cannot open the library at .*Read-only file system"):
        Library.open(tmp_path / "lib")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions (injected variant above)")
def test_read_only_folder_chmod(lib_with_state: Library, tmp_path: Path) -> None:  # pragma: no cover
    root = lib_with_state.root
    lib_with_state.close()
    os.chmod(root / "library.sqlite", 0o400)
    try:
        with pytest.raises(LibraryError):
            lib = Library.open(root)
            lib.import_files([one_paper(tmp_path)], as_of=AS_OF)
    finally:
        os.chmod(root / "library.sqlite", 0o600)


# ------------------------------------------------------------------ folder removed
def test_library_folder_removed_while_running(lib_with_state: Library, tmp_path: Path) -> None:
    lib = lib_with_state
    backup = tmp_path / "saved-copy"
    shutil.copytree(lib.root, backup)
    shutil.rmtree(lib.root)
    report = lib.import_files([one_paper(tmp_path)], as_of=AS_OF)
    [f] = report.files
    assert f.status is ImportStatus.REJECTED and "moved or deleted" in (f.reason or "")
    with pytest.raises(LibraryError, match="moved or deleted while Digest Reader was running"):
        lib.set_note(3, "typed after the folder vanished")
    # Reads keep working from the open (deleted) file; closing does not raise.
    assert lib.get(3).note == "a note that must survive"  # type: ignore[union-attr]
    lib.close()


def test_library_folder_replaced_while_running(lib_with_state: Library, tmp_path: Path) -> None:
    lib = lib_with_state
    moved = tmp_path / "moved"
    lib.root.rename(moved)
    Library.open(lib.root).close()  # another, empty library now sits at the same path
    with pytest.raises(LibraryError, match="moved or deleted"):
        lib.set_starred([7], True)
    lib.close()
    with Library.open(moved) as again:
        assert again.get(1).starred and not again.get(7).starred  # type: ignore[union-attr]


# ------------------------------------------------------------------ disk full
@pytest.mark.parametrize("how", ["sqlite", "oserror"])
def test_disk_full_during_import(lib_with_state: Library, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    lib = lib_with_state
    big = tmp_path / "big.json"
    shutil.copy(sorted((ROOT / "tests" / "fixtures").glob("arxiv-atom.xml"))[0], big)
    before = snapshot(lib)
    if how == "sqlite":
        # A real SQLITE_FULL: the database may not grow by a single page.
        with raw_db(lib.root) as conn:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
        _reconnect_with(lib, f"PRAGMA max_page_count={pages}")
    else:
        real = lib.store._insert_papers

        def full(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(lib.store, "_insert_papers", full)
    report = lib.import_files([big], as_of=AS_OF)
    [f] = report.files
    assert f.status is ImportStatus.REJECTED
    assert ("disk is full" if how == "sqlite" else "No space left on device") in (f.reason or "")
    assert snapshot(lib) == before
    # Space comes back: the same file imports fine.
    if how == "sqlite":
        _reconnect_with(lib, "PRAGMA max_page_count=1073741823")
    else:
        monkeypatch.setattr(lib.store, "_insert_papers", real)
    report = lib.import_files([big], as_of=AS_OF)
    assert report.files[0].status is ImportStatus.IMPORTED and report.new > 0
    assert lib.check().ok
    assert lib.get(3).note == "a note that must survive"  # type: ignore[union-attr]


def test_disk_full_while_indexing_keeps_the_import(lib_with_state: Library, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    lib = lib_with_state

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lib.index, "apply", full)
    report = lib.import_files([one_paper(tmp_path)], as_of=AS_OF)  # nothing escapes
    [f] = report.files
    assert f.status is ImportStatus.IMPORTED
    assert any("search index could not be updated" in w for w in f.warnings)
    assert lib.index_pending() == 1
    monkeypatch.undo()
    root = lib.root
    lib.close()
    with Library.open(root) as again:  # the catch-up at open repairs it
        assert again.check().ok and again.query("lonely").total == 1


def test_index_failure_at_open_does_not_lock_the_user_out(lib_with_state: Library,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = lib_with_state.root
    lib_with_state.set_note(6, "pending for the index")
    lib_with_state.close()
    from reader.core.search import SearchIndex

    def broken(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("index writer exploded")

    with raw_db(root) as conn:  # make the index lag behind
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='change_seq'")
        conn.execute("UPDATE paper SET change_seq = (SELECT value FROM meta) WHERE id = 6")
    monkeypatch.setattr(SearchIndex, "apply", broken)
    with Library.open(root) as lib:
        assert lib.index_error and "index writer exploded" in lib.index_error
        assert lib.get(6).note == "pending for the index"  # type: ignore[union-attr]
    monkeypatch.undo()
    with Library.open(root) as lib:
        assert lib.index_error is None and lib.check().ok


# ------------------------------------------------------------------ index deleted / corrupt
@pytest.mark.parametrize("damage", ["deleted", "emptied", "truncated", "garbage-toc", "stray-file"])
def test_index_damage_is_detected_and_rebuilt(lib_with_state: Library, damage: str) -> None:
    lib = lib_with_state
    root = lib.root
    lib.close()
    index = root / "index"
    if damage == "deleted":
        shutil.rmtree(index)
    elif damage == "emptied":
        for f in index.iterdir():
            f.unlink()
    elif damage == "truncated":
        for f in index.iterdir():
            if f.is_file():
                f.write_bytes(f.read_bytes()[: max(0, f.stat().st_size // 3)])
    elif damage == "garbage-toc":
        for f in index.glob("*.toc"):
            f.write_bytes(os.urandom(64))
    else:
        for f in index.iterdir():
            f.unlink()
        (index / "notes.txt").write_text("not an index")
    with Library.open(root) as again:
        assert again.index_rebuilt_reason, damage
        assert "rebuilding it" in again.index_rebuilt_reason
        assert again.check().ok
        assert again.query("note:survive").total == 1
        assert again.query("tag:keep").total == 1


def test_index_ahead_of_database_is_rebuilt(lib_with_state: Library, tmp_path: Path) -> None:
    """The database restored from an older copy (e.g. backups/): the index must not keep
    papers and states the database no longer has."""
    lib = lib_with_state
    root = lib.root
    with contextlib.closing(sqlite3.connect(root / "library.sqlite")) as src, \
            contextlib.closing(sqlite3.connect(tmp_path / "old.sqlite")) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, like a backup
    lib.import_files([one_paper(tmp_path)], as_of=AS_OF)
    lib.set_note(3, "newer text")
    lib.close()
    for suffix in ("-wal", "-shm"):
        Path(str(root / "library.sqlite") + suffix).unlink(missing_ok=True)
    shutil.copy(tmp_path / "old.sqlite", root / "library.sqlite")
    with Library.open(root) as again:
        assert again.index_rebuilt_reason and "ahead of the database" in again.index_rebuilt_reason
        assert again.check().ok
        assert again.query("lonely").total == 0 and again.query("note:newer").total == 0
        assert again.query("note:survive").total == 1


# ------------------------------------------------------------------ locked database
@pytest.fixture
def held_lock(lib_with_state: Library) -> Iterator[sqlite3.Connection]:
    # The real busy timeout is 5 s; wait 0.2 s here to keep the test fast.
    _reconnect_with(lib_with_state, "PRAGMA busy_timeout=200")
    other = sqlite3.connect(lib_with_state.root / "library.sqlite", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_database_locked_by_another_process(lib_with_state: Library, held_lock: sqlite3.Connection,
                                            tmp_path: Path) -> None:
    lib = lib_with_state
    report = lib.import_files([one_paper(tmp_path)], as_of=AS_OF)
    [f] = report.files
    assert f.status is ImportStatus.REJECTED
    assert f.reason == ("the library database refused the write: the database is locked by "
                        "another program")
    with pytest.raises(LibraryError, match="^could not save the change: the database is locked"):
        lib.set_starred([9], True)
    held_lock.execute("ROLLBACK")
    held_lock.execute("BEGIN")  # released: nothing was half-written, everything works again
    assert lib.counts()["all"] == 38 and not lib.get(9).starred  # type: ignore[union-attr]
    assert lib.import_files([one_paper(tmp_path)], as_of=AS_OF).new == 1
    assert lib.check().ok


def test_cli_says_locked_in_one_line(lib_with_state: Library, held_lock: sqlite3.Connection,
                                     capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = lib_with_state.root
    lib_with_state.close()
    original = dbmod._on_connect

    def quick(dbapi_conn: sqlite3.Connection, record: object) -> None:
        original(dbapi_conn, record)
        dbapi_conn.execute("PRAGMA busy_timeout=200")

    monkeypatch.setattr(dbmod, "_on_connect", quick)
    code = cli_main(["--library", str(root), "mark", "1", "--unstar"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.strip() == ("digest-reader: error: could not save the change: the database is "
                           "locked by another program")


# ------------------------------------------------------------------ schema versions
def test_newer_schema_refused_by_cli_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "lib"
    Library.open(root).close()
    with raw_db(root) as conn:
        conn.execute("PRAGMA user_version=7")
    before = (root / "library.sqlite").read_bytes()
    code = cli_main(["--library", str(root), "list"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert "newer Digest Reader (schema version 7)" in err and f"understands up to {SCHEMA_VERSION}" in err
    assert (root / "library.sqlite").read_bytes() == before  # not touched


def test_crash_while_creating_a_library_is_harmless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "lib"

    def crash(conn):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt("killed while creating the tables")

    monkeypatch.setattr(dbmod, "_create_schema_2_triggers", crash)
    with pytest.raises(KeyboardInterrupt):
        Library.open(root)
    monkeypatch.undo()
    with Library.open(root) as lib:  # not "has tables but no schema version"
        assert lib.import_files([SAMPLE], as_of=AS_OF).new == 38


# ------------------------------------------------------------------ second writer
def test_second_writer_cli(lib_with_state: Library, capsys: pytest.CaptureFixture[str],
                           tmp_path: Path) -> None:
    root = lib_with_state.root
    code = cli_main(["--library", str(root), "import", str(one_paper(tmp_path))])
    out, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1
    assert "already open in another Digest Reader" in err and f"process {os.getpid()}" in err
    assert "nothing was imported" in err
    code = cli_main(["--library", str(root), "list", "--filter", "starred"])
    out, _ = capsys.readouterr()
    assert code == 0 and "2 of 2 papers" in out
    code = cli_main(["--library", str(root), "search", "note:survive"])
    out, _ = capsys.readouterr()
    assert code == 0 and "1 results" in out
    assert lib_with_state.counts()["all"] == 38


def test_second_writer_in_another_process(lib_with_state: Library, tmp_path: Path) -> None:
    root = lib_with_state.root
    run = subprocess.run([sys.executable, "-m", "reader", "--library", str(root), "import",
                          str(one_paper(tmp_path))], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 1
    assert "already open in another Digest Reader" in run.stderr and "Traceback" not in run.stderr
    with pytest.raises(LibraryLocked):
        Library.open(root)
    assert lib_with_state.counts()["all"] == 38
