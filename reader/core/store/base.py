"""The store's foundation: the engine, transactions, the WAL checkpoint policy, row helpers.

Every domain mixin of :class:`~reader.core.store.store.Store` subclasses :class:`StoreBase`
and reads and writes only through :meth:`StoreBase.read` and :meth:`StoreBase.write`, so a
write inside this thread's :meth:`StoreBase.batched` transaction becomes a savepoint of it
(ARCHITECTURE.md, "Consistency protocol").

It is also the store's error boundary: the transactions (:meth:`StoreBase.read`,
:meth:`StoreBase.write`, :meth:`StoreBase.batched`, :meth:`WriteBatch.commit` /
:meth:`WriteBatch.restart`) and the opening of the database raise only
:mod:`reader.core.errors` classes, never SQLAlchemy's or sqlite3's (translated by
:func:`~reader.core.store.errors.translate_db_errors`), so a new store method that reads and
writes through them is safe by default. Any other exception raised inside them passes
through unchanged (ARCHITECTURE.md, "Layers").
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from reader.core.model import DigestInfo, PaperRow, State, iso_datetime, parse_iso_datetime, utcnow
from reader.core.store.db import open_database
from reader.core.store.errors import translate_db_errors
from reader.core.text import title_sort

CHUNK = 500


def _now() -> str:
    """The store's clock, as stored (ISO-8601 UTC text). Every timestamp the store writes
    comes from here: a test sets the store's time by patching ``base.utcnow``."""
    return iso_datetime(utcnow())


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _id_list(ids: Sequence[int]) -> Any:
    """``ids`` as a subquery of one bound JSON array (``SELECT value FROM json_each(?)``):
    ``column.in_(_id_list(ids))`` binds one parameter, where ``in_(ids)`` makes SQLAlchemy
    expand one parameter per id on every execution (~1 ms for a page's 250 ids)."""
    values = func.json_each(json.dumps([int(i) for i in ids])).table_valued("value")
    return select(values.c.value)


#: The ``title_sort`` column of a title: the one rule, :func:`reader.core.text.title_sort`.
_title_sort = title_sort


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


_STATES = {state.value: state for state in State}  # a dict lookup: State(text) costs ~2 µs


def _row(r: Any, score: float | None = None, tags: Sequence[str] = (),
         queue_rank: int | None = None, categories: tuple[str, ...] = ()) -> PaperRow:
    """A list row from a result of ``papers.ROW_COLUMNS``, unpacked by position (a page is 250
    of these: unpacking is ~3x faster than named access); ``tags``, ``queue_rank``,
    ``categories``: read for the whole page."""
    (pid, title, published, upvotes, starred, has_code, state, queue_position,
     first_author, author_total, added_at, has_note) = r
    return PaperRow(
        pid, title, _date(published), upvotes, bool(starred), bool(has_code), _STATES[state],
        queue_position, score, tuple(tags), first_author or "", int(author_total or 0),
        parse_iso_datetime(added_at) if added_at else None, bool(has_note), queue_rank,
        categories,
    )


def _digest_info(r: Any, upvotes: int | None = None) -> DigestInfo:
    return DigestInfo(
        id=int(r.id),
        source_path=r.source_path,
        format=r.format,
        digest_date=_date(r.digest_date),
        imported_at=parse_iso_datetime(r.imported_at),
        entry_count=int(r.entry_count),
        upvotes=upvotes,
    )


#: Commit checkpoints the WAL once it holds 1000 pages (4 MB, SQLite's default), or during
#: a many-file import 16384 pages (64 MB: a few checkpoints instead of hundreds, and the
#: WAL stays bounded; never checkpointing let it grow to 12x the database).
_AUTOCHECKPOINT = {True: "PRAGMA wal_autocheckpoint=16384", False: "PRAGMA wal_autocheckpoint=1000"}


class WriteBatch:
    """Several writes of one thread in one SQLite transaction, each in its own savepoint.

    A write that fails rolls back to its savepoint: it leaves nothing, the others stay.
    :meth:`commit` makes everything so far durable (the caller commits every
    ``COMMIT_SECONDS``). A failure that makes SQLite abandon the whole transaction (it may,
    for a full disk or an I/O error) sets :attr:`lost`: the writes since the last commit are
    gone and the caller must say so.
    """

    #: Commit at least this often (the papers of an import become visible at each commit).
    COMMIT_SECONDS = 0.5

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.thread = threading.get_ident()
        self.lost = False
        self._trans = conn.begin()
        self._since = time.monotonic()

    def due(self) -> bool:
        return time.monotonic() - self._since >= self.COMMIT_SECONDS

    def alive(self) -> bool:
        """False when SQLite rolled the whole transaction back after a failed write."""
        raw = self.conn.connection.dbapi_connection
        return bool(raw is not None and raw.in_transaction)  # type: ignore[attr-defined]

    def commit(self) -> None:
        """Commit the writes so far and start the next transaction (raises if SQLite refuses
        the commit; the writes since the last commit are then gone, see :meth:`restart`)."""
        with translate_db_errors():
            self._trans.commit()
            self._trans = self.conn.begin()
        self._since = time.monotonic()

    def restart(self) -> None:
        """Drop what is left of the current transaction and start a new one."""
        try:
            if self._trans.is_active:
                self._trans.rollback()
        except Exception:  # noqa: BLE001 - SQLite may have rolled back already
            pass
        self.lost = False
        with translate_db_errors():
            self._trans = self.conn.begin()
        self._since = time.monotonic()

    def close(self) -> None:
        with translate_db_errors():
            try:
                if self._trans.is_active:
                    self._trans.rollback()  # the caller commits what it wants kept
            finally:
                self.conn.close()


class StoreBase:
    """The engine and the transactions every domain mixin reads and writes through."""

    def __init__(self, db_path: Path, backups: Path) -> None:
        self.path = db_path
        with translate_db_errors():  # (open_database words its own failures as StoreError)
            self.engine: Engine = open_database(db_path, backups)
        self._checkpoints_deferred = 0
        self._batch: WriteBatch | None = None

    def close(self) -> None:
        with translate_db_errors():
            self.engine.dispose()

    def _set_autocheckpoint(self, conn: Connection) -> None:
        pragma = _AUTOCHECKPOINT[self._checkpoints_deferred > 0]
        if conn.info.get("wal_autocheckpoint") != pragma:
            conn.exec_driver_sql(pragma)
            conn.info["wal_autocheckpoint"] = pragma

    def _own_batch(self) -> WriteBatch | None:
        batch = self._batch
        if batch is not None and batch.thread == threading.get_ident():
            return batch
        return None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One all-or-nothing write: a transaction, or a savepoint inside this thread's
        :meth:`batched` transaction. A database error raises a
        :class:`~reader.core.errors.DatabaseError` (after the rollback)."""
        with translate_db_errors(), self._write() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        batch = self._own_batch()
        if batch is not None:
            savepoint = batch.conn.begin_nested()
            try:
                yield batch.conn
            except BaseException:
                try:
                    if savepoint.is_active:
                        savepoint.rollback()
                except Exception:  # noqa: BLE001 - the savepoint went with the transaction
                    batch.lost = True
                if not batch.alive():
                    batch.lost = True
                raise
            savepoint.commit()
            return
        with self.engine.begin() as conn:
            self._set_autocheckpoint(conn)
            yield conn

    @contextmanager
    def batched(self) -> Iterator[WriteBatch]:
        """Group this thread's writes (an import's files) into transactions, one savepoint
        each; see :class:`WriteBatch`. Uncommitted writes are rolled back at the end."""
        if self._batch is not None:
            raise RuntimeError("a write batch is already open")
        with translate_db_errors():
            conn = self.engine.connect()
            self._set_autocheckpoint(conn)
            conn.commit()  # (the pragma began a transaction)
            batch = WriteBatch(conn)
            self._batch = batch
            try:
                yield batch
            finally:
                self._batch = None
                batch.close()

    @contextmanager
    def deferred_checkpoints(self) -> Iterator[None]:
        """Many write transactions in a row (an import of many files): checkpoint the WAL
        every 64 MB instead of every 4 MB, and once at the end.

        Every commit still lands on its own (atomic, and durable against a crash of the
        process; WAL with ``synchronous=NORMAL``). Checkpointing every 4 MB made SQLite
        copy the hot index pages to the database file and fsync it hundreds of times for
        100,000 papers (8 s of 28 s).
        """
        self._checkpoints_deferred += 1
        try:
            yield
        finally:
            self._checkpoints_deferred -= 1
            if not self._checkpoints_deferred:
                self.checkpoint()

    def checkpoint(self) -> None:
        """Copy the WAL into the database file now, without waiting for readers."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except Exception:  # noqa: BLE001 - SQLite checkpoints again at a later commit
            pass

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection to read from (this thread's batch, to see its own uncommitted
        writes). A database error raises a :class:`~reader.core.errors.DatabaseError`."""
        with translate_db_errors():
            batch = self._own_batch()
            if batch is not None:  # see this thread's own uncommitted writes
                yield batch.conn
                return
            with self.engine.connect() as conn:
                yield conn
