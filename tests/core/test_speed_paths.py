"""The fast paths added for 100,000 papers (issue 5) return what the slow paths return."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from testutil import AS_OF
from whoosh.codec import whoosh3

from reader.core.library import Library
from reader.core.search.whoosh_patches import speedups
from reader.core.store.store import Store


def _field_length_readers(lib: Library) -> list[whoosh3.W3PerDocReader]:
    searcher = lib.index.searcher()
    return [leaf._perdoc for leaf, _offset in searcher.reader().leaf_readers()]


def test_doc_field_length_matches_whoosh(sample_library: Library) -> None:
    lib = sample_library
    pid = lib.query("", limit=1).rows[0].id
    lib.set_note(pid, "a note gives one paper a notes length")  # a second segment
    original = speedups.original("doc_field_length")
    assert whoosh3.W3PerDocReader.doc_field_length is not original  # installed
    readers = _field_length_readers(lib)
    compared = nonzero = 0
    for perdoc in readers:
        count = perdoc.doc_count_all()
        for field in ("title", "abstract", "notes", "author", "id", "no_such_field"):
            for docnum in range(count + 1):
                fast = perdoc.doc_field_length(docnum, field)
                slow = original(perdoc, docnum, field)
                assert fast == slow, (field, docnum)
                compared += 1
                nonzero += bool(fast)
            with pytest.raises(IndexError):
                perdoc.doc_field_length(count + 1, field)
            with pytest.raises(IndexError):
                original(perdoc, count + 1, field)
    assert nonzero > 38 * 2  # titles and abstracts of the 38 papers, at least
    assert compared > 200


def test_scores_are_unchanged_by_the_fast_lengths(sample_library: Library,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [(r.id, round(r.score or 0, 9)) for r in sample_library.query("model OR video", limit=40).rows]
    monkeypatch.setattr(whoosh3.W3PerDocReader, "doc_field_length", speedups.original("doc_field_length"))
    sample_library.index.close()
    sample_library.index.ix = sample_library.index._open()
    slow = [(r.id, round(r.score or 0, 9)) for r in sample_library.query("model OR video", limit=40).rows]
    assert fast == slow and len(fast) > 5


def test_import_defers_wal_checkpoints_and_checkpoints_at_the_end(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite", tmp_path / "backups")
    try:
        def setting() -> int:
            with store.write() as conn:
                return int(conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one())

        assert setting() == 1000
        with store.deferred_checkpoints():
            assert setting() == 16384
            with store.deferred_checkpoints():  # nested: still deferred
                assert setting() == 16384
            assert setting() == 16384
        assert setting() == 1000
    finally:
        store.close()


def test_imported_papers_are_in_the_database_file_itself_after_import(tmp_path: Path) -> None:
    """After an import the WAL has been copied into the database: the main file alone (as a
    backup tool copying only ``library.sqlite`` would see it) holds every paper."""
    from testutil import SAMPLE

    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_files([SAMPLE], as_of=AS_OF)
        assert report.new == 38
        copy = tmp_path / "copy.sqlite"
        shutil.copyfile(tmp_path / "lib" / "library.sqlite", copy)  # without -wal / -shm
        with sqlite3.connect(copy) as con:
            assert con.execute("SELECT count(*) FROM paper").fetchone()[0] == 38


def test_reading_changes_after_a_file_uses_indexes_not_table_scans(sample_library: Library) -> None:
    """``changes_after`` runs once per imported file during a large first import: a full
    scan of the paper table there made a 100,000-paper import quadratic."""
    from sqlalchemy import event

    store = sample_library.store
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        seq, docs = store.changes_after(0)
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    assert len(docs) == 38 and seq > 0
    plans = []
    with sqlite3.connect(store.path) as con:
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith("SELECT"):
                rows = con.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()  # type: ignore[arg-type]
                plans.append(" / ".join(r[3] for r in rows))
    assert any("ix_paper_change_seq" in p for p in plans), plans
    assert not [p for p in plans if "SCAN paper" in p and "INDEX" not in p], plans


def _build(directory: Path, fields: list[dict]) -> dict[str, bytes]:  # type: ignore[type-arg]
    """Index ``fields`` into a new single-segment index; the segment files by extension."""
    from whoosh import index as windex

    from reader.core.search.schema import make_schema

    directory.mkdir()
    ix = windex.create_in(str(directory), make_schema())
    writer = ix.writer(compound=False)
    for f in fields:
        writer.add_document(**f)
    writer.commit()
    ix.close()
    out = {}
    for path in directory.iterdir():
        if path.name.startswith("MAIN_") and "." in path.name:  # MAIN_<segment id>.<part>
            out[path.name.split(".", 1)[1]] = path.read_bytes()
    return out


def test_fast_posting_writer_writes_the_same_files(sample_library: Library, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.core.search.schema import doc_fields as _fields

    docs = []
    for batch in sample_library.store.index_docs(0):
        docs.extend(batch)
    fields = [_fields(d) for d in docs] * 5  # 190 docs: terms with several posting blocks
    for i, f in enumerate(fields):
        f["id"] = str(i)
    fast = _build(tmp_path / "fast", fields)
    monkeypatch.setattr(whoosh3.W3FieldWriter, "add_postings", speedups.original("add_postings"))
    monkeypatch.setattr(whoosh3.W3PerDocReader, "doc_field_length", speedups.original("doc_field_length"))
    slow = _build(tmp_path / "slow", fields)
    assert set(fast) == set(slow) and {"pst", "trm", "_abstract_len.col"} <= set(fast)
    for part in fast:
        assert fast[part] == slow[part], part
    assert len(fast["pst"]) > 20_000
