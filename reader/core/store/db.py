"""Opening the SQLite database: pragmas, schema version, migrations with a backup first.

The schema version lives in ``PRAGMA user_version``. ``MIGRATIONS[n]`` upgrades a database
from version ``n`` to ``n + 1``; the file is copied to ``backups/`` before any migration.
A database written by a newer version is refused, naming both versions.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel, create_engine

from reader.core.model import utcnow
from reader.core.store import tables
from reader.core.store.tables import SCHEMA_VERSION


class StoreError(Exception):
    """A problem with the library database, with a message meant for the user."""


class NewerLibraryError(StoreError):
    pass


# version n -> n + 1
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # let SQLAlchemy's BEGIN below drive transactions
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA cache_size=-65536")
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def _on_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(db_path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"check_same_thread": False, "timeout": 5},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def private_file(path: Path) -> None:
    """Library files are readable by the user only."""
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass


def open_database(db_path: Path, backups: Path) -> Engine:
    fresh = not db_path.exists()
    try:
        with sqlite3.connect(db_path, timeout=5) as raw:
            version = raw.execute("PRAGMA user_version").fetchone()[0]
            if not fresh:
                raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{db_path} is not a Digest Reader library database ({exc})") from None
    private_file(db_path)
    if version > SCHEMA_VERSION:
        raise NewerLibraryError(
            f"this library was written by a newer Digest Reader (schema version {version}); "
            f"this version understands up to {SCHEMA_VERSION} — please upgrade Digest Reader"
        )
    engine = make_engine(db_path)
    if fresh or version == 0:
        with engine.begin() as conn:
            tables_present = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='paper'"
            ).scalar()
        if tables_present:
            raise StoreError(f"{db_path} has tables but no schema version; refusing to touch it")
        SQLModel.metadata.create_all(engine, tables=_our_tables())
        with engine.begin() as conn:
            conn.execute(tables.meta_t.insert(), [{"key": "change_seq", "value": "0"}])
            conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
        return engine
    if version < SCHEMA_VERSION:
        backups.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
        backup = backups / f"library-v{version}-{stamp}.sqlite"
        engine.dispose()
        with sqlite3.connect(db_path) as src, sqlite3.connect(backup) as dst:
            src.backup(dst)
        private_file(backup)
        engine = make_engine(db_path)
        for step in range(version, SCHEMA_VERSION):
            migrate = MIGRATIONS.get(step)
            if migrate is None:
                raise StoreError(f"no migration from schema version {step}")
            with engine.begin() as conn:
                migrate(conn)
                conn.exec_driver_sql(f"PRAGMA user_version={step + 1}")
    return engine


def _our_tables() -> list[Any]:
    return [t for t in SQLModel.metadata.sorted_tables if t.name in _TABLE_NAMES]


_TABLE_NAMES = {
    "paper", "note", "note_revision", "link", "digest", "paper_digest", "tag", "paper_tag",
    "saved_search", "meta",
}  # fmt: skip

