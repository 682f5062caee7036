"""An import commits its files in groups (one savepoint per file, a commit every 0.5 s):
a failing file leaves nothing, the others stay, and files lost with a failed transaction are
reported as not saved, never as imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from testutil import AS_OF

from reader.core.library import Library
from reader.core.model import ImportStatus
from reader.core.store.errors import translate_db_errors
from reader.core.store.store import Store, WriteBatch


def digests(folder: Path, files: int = 3, per_file: int = 5) -> list[Path]:
    folder.mkdir()
    out = []
    for f in range(files):
        body = "".join(f"Batch file {f} paper {p} about savepoints\n\nAbstract {f} {p}.\n\n"
                       f"  • 2 authors\n·\nJan {1 + p}, 2025 {p}\n\n" for p in range(per_file))
        path = folder / f"f{f}.txt"
        path.write_text("Daily Papers\n\nJan 30, 2025\n\n" + body, encoding="utf-8")
        out.append(path)
    return out


@pytest.fixture
def one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WriteBatch, "COMMIT_SECONDS", 3600.0)  # all files in one transaction


def fail_on_call(monkeypatch: pytest.MonkeyPatch, which: int, *, lose_transaction: bool) -> None:
    """Make the ``which``-th file's store fail after its papers were inserted."""
    real = Store._insert_papers
    calls = []

    def insert(self: Store, conn, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = real(self, conn, *args, **kwargs)
        calls.append(1)
        if len(calls) == which:
            if lose_transaction:  # what SQLite may do on a full disk or an I/O error
                conn.connection.dbapi_connection.execute("ROLLBACK")
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return result

    monkeypatch.setattr(Store, "_insert_papers", insert)


def test_a_failing_file_leaves_nothing_and_its_batch_mates_stay(
        one_batch: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = digests(tmp_path / "in")
    fail_on_call(monkeypatch, 2, lose_transaction=False)
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_files(paths, as_of=AS_OF)
        assert [f.status for f in report.files] == [
            ImportStatus.IMPORTED, ImportStatus.REJECTED, ImportStatus.IMPORTED]
        assert "disk I/O error" in (report.files[1].reason or "")
        titles = {r.title for r in lib.query("", limit=50).rows}
        assert len(titles) == 10 and not any(t.startswith("Batch file 1 ") for t in titles)
        assert lib.query("savepoints").total == 10
        assert len(lib.digests()) == 2
        assert lib.check().ok


def test_files_lost_with_the_transaction_are_reported_not_saved(
        one_batch: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = digests(tmp_path / "in")
    fail_on_call(monkeypatch, 2, lose_transaction=True)
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_files(paths, as_of=AS_OF)
        first, second, third = report.files
        assert first.status is ImportStatus.REJECTED and first.new == 0 and not first.new_ids
        assert (first.reason or "").startswith("not saved: ")
        assert second.status is ImportStatus.REJECTED
        assert third.status is ImportStatus.IMPORTED and third.new == 5
        assert report.new == 5
        assert {r.title[:12] for r in lib.query("", limit=50).rows} == {"Batch file 2"}
        assert lib.check().ok
        monkeypatch.undo()
        again = lib.import_files(paths[:2], as_of=AS_OF)  # nothing of them was kept
        assert again.new == 10


def test_a_refused_commit_reports_its_files_not_saved(
        one_batch: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = digests(tmp_path / "in")
    real = WriteBatch.commit
    calls = []

    def commit(self: WriteBatch) -> None:
        calls.append(1)
        if len(calls) == 1:
            with translate_db_errors():  # as the real commit raises it
                raise OperationalError("COMMIT", {}, Exception("database or disk is full"))
        real(self)

    monkeypatch.setattr(WriteBatch, "commit", commit)
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_files(paths, as_of=AS_OF)
        assert [f.status for f in report.files] == [ImportStatus.REJECTED] * 3
        assert all("not saved" in (f.reason or "") and "full" in (f.reason or "") for f in report.files)
        assert lib.counts()["all"] == 0 and lib.digests() == []
        assert lib.check().ok
        assert lib.import_files(paths, as_of=AS_OF).new == 15


def test_the_same_file_twice_in_one_batch_is_unchanged_the_second_time(
        one_batch: None, tmp_path: Path) -> None:
    [path] = digests(tmp_path / "in", files=1)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(path.read_bytes())
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_files([path, copy], as_of=AS_OF)
        assert [f.status for f in report.files] == [ImportStatus.IMPORTED, ImportStatus.UNCHANGED]
        assert lib.counts()["all"] == 5
