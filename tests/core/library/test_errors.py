"""The error boundary: database errors become the project's classes by SQLite result code,
each with the message users have always read; ``one_line`` is the one sentence shown for
any exception; the library and the command line import no SQLAlchemy."""

from __future__ import annotations

import ast
import contextlib
import sqlite3
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import ProgrammingError as SAProgrammingError

from reader.core.errors import (
    DatabaseCorrupt,
    DatabaseError,
    DatabaseIOError,
    DatabaseLocked,
    DatabaseReadOnly,
    DigestReaderError,
    DiskFull,
    LibraryError,
    LibraryLocked,
    NewerLibraryError,
    StoreError,
    one_line,
)
from reader.core.store.errors import SqliteCode, database_error, translate_db_errors

ROOT = Path(__file__).resolve().parents[3]
NEEDS_CODES = pytest.mark.skipif(sys.version_info < (3, 11), reason="sqlite_errorcode is Python 3.11+")


def coded(code: int, text: str, cls: type[sqlite3.Error] = sqlite3.OperationalError) -> sqlite3.Error:
    exc = cls(text)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


def wrapped(orig: BaseException) -> OperationalError:
    return OperationalError("UPDATE paper SET starred = 1", {}, orig)


# ------------------------------------------------------------------ by result code
@pytest.mark.parametrize(
    ("code", "cls", "message"),
    [
        (SqliteCode.BUSY, DatabaseLocked, "the database is locked by another program"),
        (SqliteCode.LOCKED, DatabaseLocked, "the database is locked by another program"),
        (SqliteCode.READONLY, DatabaseReadOnly, "the library folder is read-only"),
        (SqliteCode.FULL, DiskFull, "the disk is full"),
        (SqliteCode.CORRUPT, DatabaseCorrupt, "SQLite's own words"),
        (SqliteCode.NOTADB, DatabaseCorrupt, "SQLite's own words"),
        (SqliteCode.IOERR, DatabaseIOError, "SQLite's own words"),
        (SqliteCode.CANTOPEN, DatabaseIOError, "SQLite's own words"),
    ],
)
def test_every_result_code_class_has_its_message(code: int, cls: type[DatabaseError], message: str) -> None:
    # The text says nothing of the kind: the code alone decides.
    error = database_error(wrapped(coded(code, "SQLite's own words\nsecond line")))
    assert type(error) is cls and error.code == code
    assert str(error) == error.reason == message
    assert error.operational


def test_the_table_covers_every_named_code() -> None:
    for code in SqliteCode:
        assert type(database_error(coded(code, "x"))) is not DatabaseError, code


def test_extended_codes_are_classified_by_their_primary_code() -> None:
    error = database_error(coded(1032, "attempt to write a readonly database"))  # READONLY_DBMOVED
    assert isinstance(error, DatabaseReadOnly) and error.code == SqliteCode.READONLY
    assert isinstance(database_error(coded(517, "database is locked")), DatabaseLocked)  # BUSY_SNAPSHOT


def test_an_unknown_code_keeps_sqlites_first_line() -> None:
    error = database_error(wrapped(coded(1, "no such table: paper\n[SQL: SELECT 1]")))
    assert type(error) is DatabaseError and error.code == 1
    assert str(error) == "no such table: paper"


def test_the_code_wins_over_the_text() -> None:
    # An integrity error that happens to mention "locked" is not a lock.
    orig = coded(19, "UNIQUE constraint failed: tag.name (locked)", sqlite3.IntegrityError)
    error = database_error(IntegrityError("INSERT", {}, orig))
    assert type(error) is DatabaseError and not error.operational
    assert str(error) == "UNIQUE constraint failed: tag.name (locked)"


@NEEDS_CODES
def test_real_sqlite_faults(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite"
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as setup:
        setup.execute("CREATE TABLE t (v)")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        other = sqlite3.connect(db, timeout=0)
        with pytest.raises(DatabaseLocked, match="^the database is locked by another program$"), \
                translate_db_errors():
            other.execute("INSERT INTO t VALUES (1)")
        other.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA query_only=ON")
    with pytest.raises(DatabaseReadOnly, match="^the library folder is read-only$"), translate_db_errors():
        conn.execute("INSERT INTO t VALUES (1)")
    conn.execute("PRAGMA query_only=OFF")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count={pages}")
    with pytest.raises(DiskFull, match="^the disk is full$"), translate_db_errors():
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 4000,)] * 50)
    conn.close()
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    with contextlib.closing(sqlite3.connect(garbage)) as damaged, \
            pytest.raises(DatabaseCorrupt, match="^file is not a database$"), translate_db_errors():
        damaged.execute("SELECT * FROM sqlite_master")
    with pytest.raises(DatabaseIOError, match="^unable to open database file$"), translate_db_errors():
        sqlite3.connect(tmp_path / "no" / "such" / "folder.sqlite")


# ------------------------------------------------------------------ without a result code
@pytest.mark.parametrize(
    ("text", "cls", "message"),
    [
        ("database is locked", DatabaseLocked, "the database is locked by another program"),
        ("attempt to write a readonly database", DatabaseReadOnly, "the library folder is read-only"),
        ("the folder is read-only", DatabaseReadOnly, "the library folder is read-only"),
        ("database or disk is full", DiskFull, "the disk is full"),
        ("disk I/O error\nmore", DatabaseError, "disk I/O error"),
    ],
)
def test_an_operational_error_without_a_code_is_classified_by_its_text(
        text: str, cls: type[DatabaseError], message: str) -> None:
    error = database_error(wrapped(Exception(text)))
    assert type(error) is cls and error.code is None and error.operational
    assert str(error) == message


def test_other_errors_without_a_code_are_not_guessed() -> None:
    error = database_error(SAProgrammingError("SELECT", {}, Exception("table locked? no\nsecond")))
    assert type(error) is DatabaseError and not error.operational
    assert str(error) == "table locked? no"


# ------------------------------------------------------------------ translate_db_errors
def test_translate_as_a_decorator_keeps_the_original_as_the_cause() -> None:
    original = wrapped(coded(SqliteCode.BUSY, "database is locked"))

    @translate_db_errors()
    def write() -> None:
        raise original

    with pytest.raises(DatabaseLocked) as caught:
        write()
    assert caught.value.__cause__ is original


def test_translate_leaves_other_exceptions_alone() -> None:
    with pytest.raises(KeyError), translate_db_errors():
        raise KeyError("not a database error")
    with translate_db_errors():
        pass  # and nothing raised, nothing changed


def test_the_hierarchy() -> None:
    assert issubclass(LibraryLocked, LibraryError) and issubclass(LibraryError, DigestReaderError)
    for cls in (NewerLibraryError, DatabaseError, DatabaseLocked, DiskFull, DatabaseCorrupt):
        assert issubclass(cls, StoreError) and issubclass(cls, DigestReaderError)
    from reader.core.store import StoreError as from_store
    from reader.core.store.db import NewerLibraryError as from_db

    assert from_store is StoreError and from_db is NewerLibraryError  # the old homes still work


# ------------------------------------------------------------------ one_line
@pytest.mark.parametrize(
    ("exc", "line"),
    [
        (ValueError("first line\nsecond line"), "first line"),
        (ValueError("\n\n  padded first line\nsecond"), "padded first line"),
        (ValueError(""), "ValueError"),
        (RuntimeError("   \n  "), "RuntimeError"),
        (KeyError(), "KeyError"),
        (OSError(28, "No space left on device"), "No space left on device"),
        (OSError(28, "No space left on device", "/lib/library.sqlite"), "No space left on device"),
        (OSError("no errno here\nat all"), "no errno here"),
        (wrapped(sqlite3.OperationalError("database is locked")), "database is locked"),
        (DiskFull("the disk is full"), "the disk is full"),
    ],
)
def test_one_line(exc: BaseException, line: str) -> None:
    assert one_line(exc) == line


# ------------------------------------------------------------------ no SQLAlchemy above the store
@pytest.mark.parametrize("path", sorted((ROOT / "reader" / "core" / "library").glob("*.py"))
                         + sorted((ROOT / "reader" / "ui").rglob("*.py"))
                         + [ROOT / "reader" / "cli.py", ROOT / "reader" / "core" / "errors.py"],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_library_and_the_cli_import_no_sqlalchemy(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in imported if name.split(".")[0] in ("sqlalchemy", "sqlmodel", "sqlite3")]
