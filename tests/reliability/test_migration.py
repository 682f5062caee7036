"""Schema migration against the committed database of schema 1 (issue 6).

``fixtures/library-v1.sqlite`` was written by the schema-1 code: the sample digest (38
papers), stars on papers 1 and 4, a note with one earlier revision on paper 2, tags
``robotics``/``to-read`` on papers 1 and 3, paper 5 queued, paper 6 done, paper 1 opened, and
a saved search ``code``.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.cli import main as cli_main
from reader.core.library import Library, LibraryError
from reader.core.model import State
from reader.core.store import db as dbmod
from reader.core.store.tables import SCHEMA_VERSION

FIXTURE_V1 = Path(__file__).parent / "fixtures" / "library-v1.sqlite"


def v1_library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    root.mkdir()
    shutil.copy(FIXTURE_V1, root / "library.sqlite")
    return root


def schema(path: Path) -> tuple[set[tuple[str, str]], set[str], int]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        objects = {(str(t), str(n)) for t, n in conn.execute(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}
        columns = {f"{r[1]}:{r[2]}" for r in conn.execute("PRAGMA table_info(paper)")}
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    return objects, columns, version


def test_fixture_is_schema_1() -> None:
    objects, columns, version = schema(FIXTURE_V1)
    assert version == 1
    assert not any(c.startswith("read_at:") for c in columns)


def test_v1_library_is_migrated_after_a_backup(tmp_path: Path) -> None:
    root = v1_library(tmp_path)
    original = (root / "library.sqlite").read_bytes()
    with Library.open(root) as lib:
        # The fixture comes without an index folder: noticed, and rebuilt from SQLite.
        assert lib.index_rebuilt_reason and "missing" in lib.index_rebuilt_reason
        # Every paper and every piece of user state is kept.
        assert lib.counts()["all"] == 38
        papers = {p.id: p for p in lib.get_many(list(range(1, 39)))}
        assert [pid for pid, p in papers.items() if p.starred] == [1, 4]
        assert papers[2].note == "My note: read §3 carefully — 'quotes' & \"more\""
        assert [r.body for r in lib.note_revisions(2)] == ["first draft of a note"]
        assert papers[1].tags == ["robotics", "to-read"] and papers[3].tags == ["robotics", "to-read"]
        assert papers[5].state is State.QUEUED and lib.queue_order() == [5]
        assert papers[6].state is State.DONE
        assert lib.saved_search("code") is not None
        assert lib.query("has:code").total == lib.counts()["has-code"] > 0
        assert lib.query("note:carefully").total == 1
        assert lib.check().ok
        # New in schema 2: read_at, backfilled for the paper already done, then kept by triggers.
        lib.set_state([7], State.DONE)
    with contextlib.closing(sqlite3.connect(root / "library.sqlite")) as conn:
        read = dict(conn.execute("SELECT id, read_at FROM paper WHERE read_at IS NOT NULL"))
        assert set(read) == {6, 7}
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    # The backup is the untouched schema-1 database, private to the user.
    [backup] = (root / "backups").iterdir()
    assert backup.name.startswith("library-v1-") and backup.suffix == ".sqlite"
    assert (backup.stat().st_mode & 0o077) == 0
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM paper").fetchone()[0] == 38
    assert backup.read_bytes() == original or schema(backup)[2] == 1
    # A second open migrates nothing and makes no second backup.
    Library.open(root).close()
    assert len(list((root / "backups").iterdir())) == 1


def test_migrated_schema_equals_a_fresh_one(tmp_path: Path) -> None:
    root = v1_library(tmp_path)
    Library.open(root).close()
    Library.open(tmp_path / "fresh").close()
    migrated = schema(root / "library.sqlite")
    fresh = schema(tmp_path / "fresh" / "library.sqlite")
    assert migrated == fresh


def test_failed_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = v1_library(tmp_path)

    def broken(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("ALTER TABLE paper ADD COLUMN read_at VARCHAR")
        raise sqlite3.OperationalError("disk I/O error")  # half-way through the step

    monkeypatch.setitem(dbmod.MIGRATIONS, 1, broken)
    with pytest.raises(LibraryError):
        Library.open(root)
    monkeypatch.undo()
    objects, columns, version = schema(root / "library.sqlite")
    assert version == 1 and not any(c.startswith("read_at:") for c in columns)  # rolled back
    assert len(list((root / "backups").iterdir())) == 1  # the backup was made first
    with Library.open(root) as lib:  # and the next open migrates fine
        assert lib.counts()["all"] == 38 and lib.check().ok


def test_cli_on_a_v1_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = v1_library(tmp_path)
    assert cli_main(["--library", str(root), "list", "--filter", "starred"]) == 0
    out, err = capsys.readouterr()
    assert "2 of 2 papers" in out and err == ""


def test_schema_4_note_columns_after_migrating(tmp_path: Path) -> None:
    """Schema 4 adds ``note.visit`` and ``note_revision.written_at``: a migrated library has
    them like a fresh one; the revision kept before has no written time (it was never
    recorded), and the next change keeps the current text with when it was written."""
    root = v1_library(tmp_path)
    with Library.open(root) as lib:
        [old] = lib.note_revisions(2)
        assert old.body == "first draft of a note" and old.written_at is None
        assert lib.set_note(2, "rewritten after the upgrade", visit="visit-1") is True
        new, again = lib.note_revisions(2)
        assert new.body == "My note: read §3 carefully — 'quotes' & \"more\""
        assert new.written_at is not None and new.written_at <= new.saved_at
        assert again == old
    Library.open(tmp_path / "fresh").close()

    def note_columns(path: Path) -> set[str]:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            return {f"{t}.{r[1]}:{r[2]}:{r[3]}" for t in ("note", "note_revision")
                    for r in conn.execute(f"PRAGMA table_info({t})")}

    migrated = note_columns(root / "library.sqlite")
    assert migrated == note_columns(tmp_path / "fresh" / "library.sqlite")
    assert {"note.visit:VARCHAR:0", "note_revision.written_at:VARCHAR:0"} <= migrated


def test_schema_5_spells_stored_tex_titles_and_names_in_unicode(tmp_path: Path) -> None:
    """Papers stored before schema 5 kept TeX in titles and names (``M. Garc\\'ia``); the
    migration spells them as import does now, so the person is one spelling, author search
    finds them, and the same digest imported again matches the stored title-keyed paper."""
    import hashlib

    from reader.core.model import ParsedDigest, ParsedPaper

    root = tmp_path / "lib"
    with Library.open(root) as lib:  # stored without sanitize: what schema 4 kept
        papers = [
            ParsedPaper(title="Na\\\"ive Bayes -- revisited", authors=["M. Garc\\'ia Redondo"]),
            ParsedPaper(title="Spin chains", arxiv_id="2401.00001", authors=["N. M\\\"uller"]),
            ParsedPaper(title="Caf\\'e networks", authors=["A. B"]),
            ParsedPaper(title="Café networks", authors=["C. D"]),  # the key it would get
            ParsedPaper(title="Plain title", authors=["E. F"]),
        ]
        lib.store.store_digest(ParsedDigest("arxiv-mailing", papers), "x", hashlib.sha256(b"x").hexdigest())
    with lib.store.engine.begin() as conn:
        assert dbmod.unicode_spelling(conn) == 3
    with Library.open(root) as lib:
        rows = {p.title: p for p in lib.get_many([r.id for r in lib.query("", limit=10).rows])}
        assert set(rows) == {"Naïve Bayes – revisited", "Spin chains", "Café networks", "Plain title"}
        naive = rows["Naïve Bayes – revisited"]
        assert naive.authors == ["M. García Redondo"] and naive.key == "title:naïvebayesrevisited"
        assert rows["Spin chains"].authors == ["N. Müller"] and rows["Spin chains"].key == "arxiv:2401.00001"
        cafes = [p for p in lib.get_many([r.id for r in lib.query("", limit=10).rows])
                 if p.title == "Café networks"]
        assert sorted(p.key for p in cafes) == ["title:cafenetworks", "title:cafénetworks"]
        assert lib.query("author:garcia").total == 1 and lib.check().ok
