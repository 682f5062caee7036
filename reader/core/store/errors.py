"""Database errors into the project's own classes, by SQLite result code.

:func:`translate_db_errors` (a context manager and a decorator) turns an ``SQLAlchemyError``
or a ``sqlite3.Error`` raised inside it into a :class:`~reader.core.errors.DatabaseError`
subclass chosen by SQLite's primary result code (``sqlite_errorcode & 0xFF``, Python 3.11+),
the way qutebrowser's ``misc/sql.py`` does: locked, read-only, disk full, damaged, I/O, or
the base class (SQLite's own first line) for a code that says "a bug of ours" rather than
"a problem of this machine". The original stays the ``__cause__`` (``--debug`` shows it).

An error without a result code (Python 3.10, or raised by hand as the tests do) is
classified by its text as it always was: only an ``OperationalError`` mentioning
``locked``, ``readonly``/``read-only`` or ``disk … full``. Either way the user reads the
same words as before this module existed.

Only this package imports SQLAlchemy (ARCHITECTURE.md, "Layers"). The store's transactions
(``read``/``write``/``batched``, ``WriteBatch.commit``/``restart``, ``snapshot``) and its
opening run inside :func:`translate_db_errors` (``store/base.py``), so every store method
raises only :mod:`reader.core.errors` classes; callers above it catch
:class:`~reader.core.errors.DatabaseError` and never wrap anything themselves.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from reader.core.errors import (
    DatabaseCorrupt,
    DatabaseError,
    DatabaseIOError,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
    one_line,
)

__all__ = ["SqliteCode", "database_error", "translate_db_errors"]


class SqliteCode(enum.IntEnum):
    """SQLite's primary result codes that name a problem of the environment
    (https://sqlite.org/rescode.html; ``sqlite3.SQLITE_*`` exists only from Python 3.11)."""

    BUSY = 5
    LOCKED = 6
    READONLY = 8
    IOERR = 10
    CORRUPT = 11
    FULL = 13
    CANTOPEN = 14
    NOTADB = 26


_BY_CODE: dict[int, type[DatabaseError]] = {
    SqliteCode.BUSY: DatabaseLocked,
    SqliteCode.LOCKED: DatabaseLocked,
    SqliteCode.READONLY: DatabaseReadOnly,
    SqliteCode.IOERR: DatabaseIOError,
    SqliteCode.CORRUPT: DatabaseCorrupt,
    SqliteCode.FULL: DiskFull,
    SqliteCode.CANTOPEN: DatabaseIOError,
    SqliteCode.NOTADB: DatabaseCorrupt,
}


def _by_text(text: str) -> type[DatabaseError]:
    """The classification of an ``OperationalError`` that carries no result code."""
    if "locked" in text:
        return DatabaseLocked
    if "readonly" in text or "read-only" in text:
        return DatabaseReadOnly
    if "disk" in text and "full" in text:
        return DiskFull
    return DatabaseError


def database_error(exc: SQLAlchemyError | sqlite3.Error) -> DatabaseError:
    """The project's exception for a database error (not raised: the caller raises it)."""
    orig = getattr(exc, "orig", None)
    driver: BaseException = orig if isinstance(orig, BaseException) else exc
    operational = isinstance(exc, OperationalError) or isinstance(driver, sqlite3.OperationalError)
    code = getattr(driver, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary is not None:
        cls = _BY_CODE.get(primary, DatabaseError)
    elif operational:
        cls = _by_text(str(driver))
    else:
        cls = DatabaseError
    reason = cls.message if cls.message is not None else one_line(exc)
    return cls(reason, code=primary, operational=operational)


@contextmanager
def translate_db_errors() -> Iterator[None]:
    """Raise :func:`database_error` for a database error raised inside (``with`` or ``@``)."""
    try:
        yield
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise database_error(exc) from exc
