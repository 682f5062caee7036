"""The project's exceptions, and :func:`one_line`, the one sentence a user sees for any of them.

Every failure a user can meet becomes one line: the window shows it in the status bar or a
dialog, the command line prints it after ``digest-reader: error:``. The classes below carry
messages written for the user; anything else (an ``OSError``, a parser's ``ValueError``)
is shown through :func:`one_line`.

- :class:`DigestReaderError`: the root; catching it catches every problem with a user message.
- :class:`LibraryError` (:class:`LibraryLocked`): opening or using a library folder.
- :class:`StoreError`: the library database. :class:`NewerLibraryError` at open;
  :class:`DatabaseError` and its subclasses for an operation SQLite refused, translated from
  SQLAlchemy/sqlite3 by result code in :mod:`reader.core.store.errors` (the only module that
  knows the driver's exceptions), with the message the user has always seen for it. The
  store raises only these from its transactions and its opening (``store/base.py``).
- :class:`~reader.core.search.query.QueryError` (also a ``ValueError``): a search that does
  not parse; :class:`~reader.core.importers.base.Rejected`: a file that cannot be imported.
  Both are defined where they are raised and subclass :class:`DigestReaderError`.

Nothing here imports SQLAlchemy, sqlite3 or Qt (ARCHITECTURE.md, "Layers").
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "DatabaseCorrupt",
    "DatabaseError",
    "DatabaseIOError",
    "DatabaseLocked",
    "DatabaseReadOnly",
    "DigestReaderError",
    "DiskFull",
    "LibraryError",
    "LibraryLocked",
    "NewerLibraryError",
    "StoreError",
    "one_line",
]


class DigestReaderError(Exception):
    """A problem with a message meant for the user (``str(exc)`` is that message)."""


class LibraryError(DigestReaderError):
    """A problem opening or using a library, with a message meant for the user."""


class LibraryLocked(LibraryError):
    """Another Digest Reader holds the library lock (the message names its process)."""


class StoreError(DigestReaderError):
    """A problem with the library database, with a message meant for the user."""


class NewerLibraryError(StoreError):
    """The database was written by a newer Digest Reader (a higher schema version)."""


class DatabaseError(StoreError):
    """An operation SQLite refused. ``str(exc)`` is the one-line reason: the wording of
    :attr:`message` for the classes below, else SQLite's own first line.

    ``code`` is SQLite's primary result code when the driver gave one. ``operational`` is
    true for the failures of the environment SQLite reports as ``OperationalError`` (locked,
    read-only, disk full, I/O, …) as opposed to a damaged file or a bug in a statement; the
    command line words those as "the library database refused the operation".
    """

    #: The user's wording for this kind of failure; None: SQLite's own words.
    message: ClassVar[str | None] = None

    def __init__(self, reason: str, *, code: int | None = None, operational: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.operational = operational


class DatabaseLocked(DatabaseError):
    """SQLITE_BUSY / SQLITE_LOCKED: another connection holds the database."""

    message = "the database is locked by another program"


class DatabaseReadOnly(DatabaseError):
    """SQLITE_READONLY: the file or its folder cannot be written."""

    message = "the library folder is read-only"


class DiskFull(DatabaseError):
    """SQLITE_FULL: the database could not grow."""

    message = "the disk is full"


class DatabaseCorrupt(DatabaseError):
    """SQLITE_CORRUPT / SQLITE_NOTADB: the file is damaged or not a database."""


class DatabaseIOError(DatabaseError):
    """SQLITE_IOERR / SQLITE_CANTOPEN: the operating system failed to read, write or open it."""


def one_line(exc: BaseException) -> str:
    """The one line shown to the user for ``exc``.

    An exception that wraps a driver's (SQLAlchemy's ``orig``) speaks with the driver's
    words; an ``OSError`` says what the system said (``No space left on device``, without
    ``[Errno 28]``); anything else says the first line of its message, or its class name
    when it has no message.
    """
    orig = getattr(exc, "orig", None)
    if isinstance(orig, BaseException):
        exc = orig
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
