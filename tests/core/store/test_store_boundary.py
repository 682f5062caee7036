"""The store is the error boundary: against a broken database its methods raise the
project's classes (``reader.core.errors``), never SQLAlchemy's or sqlite3's, and any other
exception raised inside a transaction passes through unchanged.

Faults are real SQLite faults (the tests may run as root, where ``chmod`` stops nothing): a
``PRAGMA query_only`` connection, a second connection holding ``BEGIN EXCLUSIVE``,
``PRAGMA max_page_count``, a file that is not a database, a folder that is gone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from reader.core.errors import (
    DatabaseCorrupt,
    DatabaseError,
    DatabaseIOError,
    DatabaseLocked,
    DatabaseReadOnly,
    DigestReaderError,
    DiskFull,
    StoreError,
)
from reader.core.importers.base import Rejected
from reader.core.model import Filter, ParsedDigest, ParsedPaper, Sort
from reader.core.search.query import QueryError
from reader.core.store.store import Store


def digest(*titles: str) -> ParsedDigest:
    return ParsedDigest("hf-api", [ParsedPaper(t, abstract=f"About {t}. " * 40, upvotes=len(t))
                                   for t in titles], digest_date=dt.date(2024, 5, 27))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    (tmp_path / "lib").mkdir()
    s = Store(tmp_path / "lib" / "library.sqlite", tmp_path / "lib" / "backups")
    s.store_digest(digest("Alpha", "Beta", "Gamma"), "a.json", "sha-a")
    try:
        yield s
    finally:
        s.close()


def reconnect_with(store: Store, *pragmas: str) -> None:
    """Every new connection of ``store`` runs ``pragmas`` (the pool is emptied first)."""
    store.engine.dispose()

    def on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        for pragma in pragmas:
            dbapi_conn.execute(pragma)

    event.listen(store.engine, "connect", on_connect)


def raises_ours(cls: type[DatabaseError], call: Callable[[], object]) -> DatabaseError:
    """``call()`` raises ``cls`` (one of ours, not SQLAlchemy's); the driver's error is its cause."""
    with pytest.raises(DatabaseError) as caught:
        call()
    error = caught.value
    assert type(error) is cls, repr(error)
    assert not isinstance(error, SQLAlchemyError | sqlite3.Error)
    assert isinstance(error.__cause__, SQLAlchemyError | sqlite3.Error)
    return error


def starred(store: Store) -> int:
    return store.counts()["starred"]


WRITES: dict[str, Callable[[Store], object]] = {
    "set_starred": lambda s: s.set_starred([1], True),
    "add_tags": lambda s: s.add_tags([1, 2], ["ml"]),
    "set_note": lambda s: s.set_note(1, "a note"),
    "save_search": lambda s: s.save_search("mine", "alpha", Filter(), None),
    "store_digest": lambda s: s.store_digest(digest("Delta"), "b.json", "sha-b"),
}


@pytest.mark.parametrize("write", list(WRITES), ids=str)
def test_a_read_only_database(store: Store, write: str) -> None:
    reconnect_with(store, "PRAGMA query_only=ON")  # "attempt to write a readonly database"
    error = raises_ours(DatabaseReadOnly, lambda: WRITES[write](store))
    assert str(error) == "the library folder is read-only" and error.operational
    assert store.counts()["all"] == 3 and starred(store) == 0  # reads still work


@pytest.mark.parametrize("write", list(WRITES), ids=str)
def test_a_database_locked_by_another_connection(store: Store, write: str) -> None:
    reconnect_with(store, "PRAGMA busy_timeout=50")
    with contextlib.closing(sqlite3.connect(store.path, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        error = raises_ours(DatabaseLocked, lambda: WRITES[write](store))
        assert str(error) == "the database is locked by another program"
        other.execute("ROLLBACK")
    WRITES[write](store)  # released: the same write goes through


def test_a_locked_write_inside_a_batch_rolls_back_to_its_savepoint(store: Store) -> None:
    reconnect_with(store, "PRAGMA busy_timeout=50")
    with contextlib.closing(sqlite3.connect(store.path, isolation_level=None)) as other, \
            store.batched() as batch:
        other.execute("BEGIN EXCLUSIVE")
        raises_ours(DatabaseLocked, lambda: store.set_starred([1], True))
        other.execute("ROLLBACK")
        assert not batch.lost
        store.set_starred([2], True)
        batch.commit()
    assert starred(store) == 1


def test_a_full_disk(store: Store) -> None:
    with store.read() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar_one())
    reconnect_with(store, f"PRAGMA max_page_count={pages}")
    error = raises_ours(DiskFull, lambda: store.store_digest(
        digest(*(f"Paper {n}" for n in range(300))), "big.json", "sha-big"))
    assert str(error) == "the disk is full"
    assert store.counts()["all"] == 3


class RefusingCommit:
    """A batch's transaction whose COMMIT SQLite refuses (the rest is the real one's)."""

    def __init__(self, real: Any) -> None:
        self.real = real

    @property
    def is_active(self) -> bool:
        return bool(self.real.is_active)

    def rollback(self) -> None:
        self.real.rollback()

    def commit(self) -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))


def test_a_refused_commit_of_a_batch(store: Store) -> None:
    with store.batched() as batch:
        store.set_starred([1], True)
        batch._trans = RefusingCommit(batch._trans)  # type: ignore[assignment]
        raises_ours(DiskFull, batch.commit)
        batch.restart()  # the caller reports the writes since the last commit not saved
        store.set_starred([2], True)
        batch.commit()
    assert starred(store) == 1 and store.get(2).starred  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "read",
    [lambda s: s.counts(), lambda s: s.current_seq(), lambda s: s.get(1),
     lambda s: s.query_rows(Filter(), Sort(), 0, 10), lambda s: s.saved_searches()],
    ids=["counts", "current_seq", "get", "query_rows", "saved_searches"],
)
def test_a_file_that_is_no_longer_a_database(store: Store, read: Callable[[Store], object]) -> None:
    store.engine.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store.path}{suffix}").unlink(missing_ok=True)
    store.path.write_bytes(b"this is not an SQLite database " * 200)
    raises_ours(DatabaseCorrupt, lambda: read(store))
    raises_ours(DatabaseCorrupt, lambda: WRITES["set_starred"](store))


def test_a_library_folder_that_is_gone(store: Store) -> None:
    store.engine.dispose()
    shutil.rmtree(store.path.parent)
    raises_ours(DatabaseIOError, store.counts)  # SQLITE_CANTOPEN
    with pytest.raises(DatabaseIOError), store.snapshot() as conn:
        conn.exec_driver_sql("SELECT 1")


def test_opening_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    path.write_bytes(b"not a database " * 300)
    with pytest.raises(StoreError, match="is not a Digest Reader library database") as caught:
        Store(path, tmp_path / "backups")
    assert not isinstance(caught.value, SQLAlchemyError)


def test_other_exceptions_pass_through_and_roll_back(store: Store) -> None:
    with pytest.raises(KeyError), store.write() as conn:
        conn.exec_driver_sql("UPDATE paper SET starred = 1")
        raise KeyError("the caller's own")
    assert starred(store) == 0
    with pytest.raises(ValueError, match="mine"), store.read():
        raise ValueError("mine")
    with store.batched() as batch:
        with pytest.raises(KeyError), store.write() as conn:
            conn.exec_driver_sql("UPDATE paper SET starred = 1 WHERE id = 1")
            raise KeyError("the caller's own")
        assert not batch.lost
        store.set_starred([2], True)
        batch.commit()
    assert starred(store) == 1


def test_a_database_error_raised_by_the_callers_sql_is_translated(store: Store) -> None:
    with pytest.raises(DatabaseError, match="^no such table: no_table$") as caught, store.read() as conn:
        conn.exec_driver_sql("SELECT * FROM no_table")
    assert type(caught.value) is DatabaseError  # SQLITE_ERROR: SQLite's own words


def test_query_and_import_errors_are_in_the_hierarchy() -> None:
    assert issubclass(QueryError, DigestReaderError) and issubclass(QueryError, ValueError)
    assert issubclass(Rejected, DigestReaderError)
    from reader.core.library import QueryError as from_library

    assert from_library is QueryError
