"""Opening the SQLite database: pragmas, schema version, migrations with a backup first.

The schema version lives in ``PRAGMA user_version``. ``MIGRATIONS[n]`` upgrades a database
from version ``n`` to ``n + 1``; the file is copied to ``backups/`` before any migration.
A database written by a newer version is refused, naming both versions.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel, create_engine

from reader.core.errors import NewerLibraryError, StoreError, one_line
from reader.core.model import paper_key, utcnow
from reader.core.store import tables
from reader.core.store.tables import SCHEMA_VERSION, SORT_INDEXES
from reader.core.tex import unicode_text
from reader.core.text import title_sort

_NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"  # the format of model.iso_datetime
# Schema 2: ``paper.read_at`` is stamped by the database itself whenever a paper becomes
# *done* (by any writer, including an export restore that inserts done papers).
_SCHEMA_2_TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS paper_read_at_update AFTER UPDATE OF state ON paper
    WHEN NEW.state = 'done' AND OLD.state IS NOT 'done'
    BEGIN UPDATE paper SET read_at = {_NOW_SQL} WHERE id = NEW.id; END""",
    f"""CREATE TRIGGER IF NOT EXISTS paper_read_at_insert AFTER INSERT ON paper
    WHEN NEW.state = 'done' AND NEW.read_at IS NULL
    BEGIN UPDATE paper SET read_at = {_NOW_SQL} WHERE id = NEW.id; END""",
)


def _create_schema_2_triggers(conn: Connection) -> None:
    for ddl in _SCHEMA_2_TRIGGERS:
        conn.exec_driver_sql(ddl)


def _migrate_1_to_2(conn: Connection) -> None:
    """Schema 1 → 2: ``paper.read_at`` (backfilled from ``updated_at`` for done papers, the
    best estimate there is), its triggers, and indexes on ``read_at`` and ``opened_at``."""
    conn.exec_driver_sql("ALTER TABLE paper ADD COLUMN read_at VARCHAR")
    conn.exec_driver_sql("UPDATE paper SET read_at = updated_at WHERE state = 'done'")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_paper_opened ON paper (opened_at)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_paper_read ON paper (read_at)")
    _create_schema_2_triggers(conn)


def _migrate_2_to_3(conn: Connection) -> None:
    """Schema 2 → 3: the composite filter+sort indexes of ``tables.SORT_INDEXES``."""
    for index in tables.paper_t.indexes:
        if index.name in SORT_INDEXES:
            index.create(conn, checkfirst=True)


def _migrate_3_to_4(conn: Connection) -> None:
    """Schema 3 → 4: ``note.visit`` (the editing visit of the last save; NULL, so the next
    save keeps the text as a revision) and ``note_revision.written_at`` (NULL for revisions
    kept before: when their text was written was not recorded)."""
    conn.exec_driver_sql("ALTER TABLE note ADD COLUMN visit VARCHAR")
    conn.exec_driver_sql("ALTER TABLE note_revision ADD COLUMN written_at VARCHAR")


#: Schema 5's new ``paper`` columns (``tables.PaperTable``), as fixed DDL.
_SCHEMA_5_COLUMNS = (
    "ALTER TABLE paper ADD COLUMN comments VARCHAR",
    "ALTER TABLE paper ADD COLUMN journal_ref VARCHAR",
    "ALTER TABLE paper ADD COLUMN doi VARCHAR",
    "ALTER TABLE paper ADD COLUMN arxiv_version INTEGER",
    "ALTER TABLE paper ADD COLUMN revised VARCHAR",
    "ALTER TABLE paper ADD COLUMN featured_on VARCHAR",
    "ALTER TABLE paper ADD COLUMN github_stars INTEGER",
    "ALTER TABLE paper ADD COLUMN project_page VARCHAR",
)


def _migrate_4_to_5(conn: Connection) -> None:
    """Schema 4 → 5: the metadata columns on ``paper`` (NULL for papers already there), the
    ``paper_category`` table with its index, and titles and names spelled in Unicode as
    import spells them now (:func:`unicode_spelling`)."""
    for ddl in _SCHEMA_5_COLUMNS:
        conn.exec_driver_sql(ddl)
    tables.paper_category_t.create(conn, checkfirst=True)
    unicode_spelling(conn)


def unicode_spelling(conn: Connection) -> int:
    """Titles and author names stored with TeX (``M. Garc\\'ia``) spelled as import spells
    them since schema 5 (``M. García``, ``reader.core.tex.unicode_text``), so one person is
    one spelling and a re-import matches the stored paper. A title-keyed paper gets the key
    of its new title unless another paper has it already (then it keeps its key). Returns
    how many papers changed (stamped with a new change number, so the index catches up)."""
    paper = tables.paper_t
    rows = conn.execute(
        select(paper.c.id, paper.c.key, paper.c.arxiv_id, paper.c.title, paper.c.authors)
        .where(or_(paper.c.title.contains("\\"), paper.c.title.contains("--"),
                   paper.c.authors.contains("\\")))
    ).all()
    changed = 0
    seq: int | None = None
    for r in rows:
        title = unicode_text(r.title) or r.title
        authors = json.dumps([unicode_text(a) or a for a in json.loads(r.authors or "[]")],
                             ensure_ascii=False)
        if title == r.title and authors == r.authors:
            continue
        values: dict[str, Any] = {"title": title, "title_sort": title_sort(title),
                                  "authors": authors, "title_key": paper_key(title, None)}
        key = paper_key(title, r.arxiv_id)
        if key != r.key and conn.execute(select(paper.c.id).where(paper.c.key == key)).first() is None:
            values["key"] = key
        if seq is None:  # one new change number for all: the index catches up with them
            seq = _bump_change_counter(conn)
        conn.execute(update(paper).where(paper.c.id == r.id).values(**values, change_seq=seq))
        changed += 1
    return changed


def _bump_change_counter(conn: Connection) -> int:
    meta = tables.meta_t
    current = int(conn.execute(select(meta.c.value).where(meta.c.key == "change_seq")).scalar_one())
    conn.execute(update(meta).where(meta.c.key == "change_seq").values(value=str(current + 1)))
    return current + 1


# version n -> n + 1; each runs in one transaction together with the user_version bump.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _migrate_1_to_2, 2: _migrate_2_to_3, 3: _migrate_3_to_4, 4: _migrate_4_to_5,
}


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # let SQLAlchemy's BEGIN below drive transactions
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA cache_size=-65536")
    cur.execute("PRAGMA temp_store=MEMORY")
    # After a checkpoint resets the WAL, keep at most 64 MB of it on disk (a large import
    # grows it beyond that until its one checkpoint at the end).
    cur.execute("PRAGMA journal_size_limit=67108864")
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
        with contextlib.closing(sqlite3.connect(db_path, timeout=5)) as raw:
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
        # One transaction: a crash while creating leaves an empty database (created again at
        # the next open), never tables without a schema version (which would be refused).
        with engine.begin() as conn:
            tables_present = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='paper'"
            ).scalar()
            if tables_present:
                raise StoreError(f"{db_path} has tables but no schema version; refusing to touch it")
            SQLModel.metadata.create_all(conn, tables=_our_tables())
            _create_schema_2_triggers(conn)
            conn.execute(tables.meta_t.insert(), [{"key": "change_seq", "value": "0"}])
            conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
        return engine
    if version < SCHEMA_VERSION:
        engine.dispose()
        try:
            backup = backup_database(db_path, backups, version)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"could not copy the library aside before upgrading it ({one_line(exc)}); "
                "nothing was changed"
            ) from None
        engine = make_engine(db_path)
        for step in range(version, SCHEMA_VERSION):
            migrate = MIGRATIONS.get(step)
            if migrate is None:
                engine.dispose()
                raise StoreError(f"no migration from schema version {step}")
            try:
                with engine.begin() as conn:
                    migrate(conn)
                    conn.exec_driver_sql(f"PRAGMA user_version={step + 1}")
            except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
                engine.dispose()
                raise StoreError(
                    f"could not upgrade the library from schema version {step} to {step + 1} "
                    f"({one_line(exc)}); the step was rolled back and a copy of the library is "
                    f"in {backup}"
                ) from None
    return engine


def backup_database(db_path: Path, backups: Path, version: int) -> Path:
    """Copy the database aside (consistently, with SQLite's backup API) before migrating.

    The copy is written under a temporary name and renamed when complete, so a crash during
    the copy never leaves a truncated file that looks like a backup.
    """
    backups.mkdir(parents=True, exist_ok=True)
    try:
        backups.chmod(0o700)
    except OSError:
        pass
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    backup = backups / f"library-v{version}-{stamp}.sqlite"
    n = 1
    while backup.exists():
        n += 1
        backup = backups / f"library-v{version}-{stamp}-{n}.sqlite"
    partial = backup.with_name(backup.name + ".partial")
    partial.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(db_path)) as src, \
            contextlib.closing(sqlite3.connect(partial)) as dst:
        private_file(partial)
        src.backup(dst)
    os.replace(partial, backup)
    private_file(backup)
    return backup


def _our_tables() -> list[Any]:
    return [t for t in SQLModel.metadata.sorted_tables if t.name in _TABLE_NAMES]


_TABLE_NAMES = {
    "paper", "note", "note_revision", "link", "digest", "paper_digest", "tag", "paper_tag",
    "saved_search", "meta", "paper_category",
}  # fmt: skip

