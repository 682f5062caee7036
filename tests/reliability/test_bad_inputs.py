"""Hostile and broken input (issue 6): the corpus in ``bad_inputs/`` with its table of expected
outcomes (``bad_inputs/expected.tsv``), plus the big or environmental cases generated here.

For every input: no exception escapes ``import_files``; the outcome is the expected one with a
clear, specific, one-line reason; a rejected file leaves the library exactly as it was (and
``check`` passes); nothing in it is ever executed or fetched.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from libcopy import sample_copy
from testutil import AS_OF, SAMPLE

import reader.core.importers as importers
from reader.core.importers import base as importer_base
from reader.core.importers import hf_api
from reader.core.library import Library
from reader.core.model import ImportReport, ImportStatus

BAD = Path(__file__).parent / "bad_inputs"
PWNED = Path("/tmp/digest-reader-pwned")


def table() -> list[tuple[str, str, str]]:
    rows = []
    for line in (BAD / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, outcome, reason = line.split("\t")
            rows.append((name, outcome, reason))
    return rows


def state(lib: Library) -> tuple[int, ...]:
    with contextlib.closing(sqlite3.connect(lib.root / "library.sqlite")) as conn:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
                     for t in ("paper", "digest", "paper_digest", "link", "note", "paper_tag"))


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = sample_copy(tmp_path / "lib")
    library.set_starred([1], True)
    library.set_note(2, "keep me")
    yield library
    library.close()


def import_one(lib: Library, paths: list[Path], **kwargs: object) -> ImportReport:
    return lib.import_files(paths, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]


def assert_clean_rejection(lib: Library, report: ImportReport, before: tuple[int, ...],
                           reason: str, status: ImportStatus = ImportStatus.REJECTED) -> None:
    [f] = report.files
    assert f.status is status, (f.status, f.reason)
    assert f.reason and "\n" not in f.reason and reason in f.reason, f.reason
    assert "this is a bug" not in f.reason
    assert state(lib) == before
    assert lib.check().ok
    assert lib.get(2).note == "keep me" and lib.get(1).starred  # type: ignore[union-attr]


def test_the_table_covers_the_corpus() -> None:
    listed = {name for name, _, _ in table()}
    present = {p.name for p in BAD.iterdir() if p.name != "expected.tsv"}
    assert listed == present


@pytest.mark.parametrize(("name", "outcome", "reason"), table(), ids=[r[0] for r in table()])
def test_bad_input_corpus(lib: Library, name: str, outcome: str, reason: str) -> None:
    PWNED.unlink(missing_ok=True)
    before = state(lib)
    report = import_one(lib, [BAD / name])
    if outcome == "imported":
        [f] = report.files
        assert f.status is ImportStatus.IMPORTED and f.new == 1, f.reason
        assert lib.check().ok
    else:
        assert_clean_rejection(lib, report, before, reason)
        # Inside a folder the same file is skipped with the same reason.
        assert report.files[0].reason == lib.import_files([BAD / name], as_of=AS_OF).files[0].reason
    assert not PWNED.exists(), "a Python-repr payload was executed"


def test_whole_corpus_as_a_folder(lib: Library) -> None:
    before = state(lib)
    report = import_one(lib, [BAD])
    by_name = {Path(f.path).name: f for f in report.files}
    for name, outcome, _ in table():
        want = ImportStatus.IMPORTED if outcome == "imported" else ImportStatus.SKIPPED
        assert by_name[name].status is want, name
    assert not report.rejected
    assert state(lib)[0] == before[0] + 2 and lib.check().ok


# ------------------------------------------------------------------ generated at test time
def test_huge_file_over_the_limit(lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer_base, "MAX_FILE_BYTES", 4096)
    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 4096)
    huge = tmp_path / "huge.txt"
    huge.write_bytes(SAMPLE.read_bytes() * 3)
    before = state(lib)
    assert_clean_rejection(lib, import_one(lib, [huge]), before, "the file is too large")
    assert "the limit is" in (import_one(lib, [huge]).files[0].reason or "")


def test_file_growing_past_the_limit_while_read(lib: Library, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """stat() says small, the read finds more (a file still being written)."""
    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 4096)
    grow = tmp_path / "growing.txt"
    grow.write_bytes(SAMPLE.read_bytes())
    real_stat = Path.stat

    def small_stat(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = real_stat(self, *args, **kwargs)
        if self == grow:
            return os.stat_result((result.st_mode, *result[1:6], 10, *result[7:]))
        return result

    monkeypatch.setattr(Path, "stat", small_stat)
    before = state(lib)
    assert_clean_rejection(lib, import_one(lib, [grow]), before, "too large")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("deep-list.json", b"[" * 100_000 + b"]" * 100_000, "JSON of a shape no importer knows"),
        ("deep-data.json", b'{"status": "ok", "data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
         "JSON of a shape no importer knows"),
        ("deep-in-paper.json",
         b'[{"paper": {"id": "2406.16793", "title": "T", "summary": ' + b"[" * 100_000
         + b"]" * 100_000 + b"}}]", "nested too deeply"),
        ("deep-repr-item.json",
         json.dumps(["{'paper': {'id': '1', 'title': " + "[" * 100_000 + "]" * 100_000 + "}}"]).encode(),
         "neither JSON nor a Python literal"),
        ("deep-repr-file.txt",
         b"[{'paper': {'id': '1', 'title': 'x', 'summary': " + b"(" * 100_000 + b")" * 100_000 + b"}}]",
         "neither JSON nor a Python literal"),
        ("deep-export.json",
         b'{"format": "digest-reader-export", "version": 1, "papers": ' + b"[" * 100_000
         + b"]" * 100_000 + b"}", "broken Digest Reader export"),
        ("deep-feed.xml",
         b"<feed xmlns='http://www.w3.org/2005/Atom'><title>arXiv</title>" + b"<entry>" * 100_000
         + b"</entry>" * 100_000 + b"</feed>", ""),
    ],
)
def test_deep_nesting(lib: Library, tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = state(lib)
    assert_clean_rejection(lib, import_one(lib, [path]), before, reason)


def test_enormous_json(lib: Library, tmp_path: Path) -> None:
    # 20 MB of JSON that is not a digest: refused quickly, without building a huge report.
    path = tmp_path / "enormous.json"
    path.write_text(json.dumps([{"name": "x" * 50, "value": n} for n in range(250_000)]))
    before = state(lib)
    assert_clean_rejection(lib, import_one(lib, [path]), before, "JSON of a shape no importer knows")
    # A Python-repr file longer than the literal parser accepts.
    big_repr = tmp_path / "enormous-repr.txt"
    big_repr.write_text("[{'paper': {'id': '2406.16793', 'title': '" + "x" * (hf_api.MAX_REPR_CHARS + 10)
                        + "'}}]")
    assert_clean_rejection(lib, import_one(lib, [big_repr]), before, "too long to read")


def test_out_of_range_numbers_are_dropped_not_fatal(lib: Library, tmp_path: Path) -> None:
    """One paper with upvotes 2**70 used to be committed and then break indexing for good."""
    path = tmp_path / "big-numbers.json"
    items = [{"paper": {"id": f"2406.1679{n}", "title": f"Big number {n}", "summary": "s",
                        "authors": [], "upvotes": value}}
             for n, value in enumerate([2**31, 2**70, -5, 10**30, 7])]
    path.write_text(json.dumps(items))
    report = import_one(lib, [path])
    [f] = report.files
    assert f.status is ImportStatus.IMPORTED and f.new == 5
    assert sum("out of range; ignored" in w for w in f.warnings) == 4
    assert lib.index_error is None and lib.check().ok
    assert lib.query("upvotes:7").total == 1


def test_symlink_loops_in_a_folder(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    (folder / "a" / "b").mkdir(parents=True)
    (folder / "a" / "b" / "day.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "a" / "b" / "up").symlink_to(folder / "a", target_is_directory=True)  # a loop
    (folder / "self").symlink_to(folder / "self")  # a link to itself
    (folder / "ping").symlink_to(folder / "pong")
    (folder / "pong").symlink_to(folder / "ping")  # two links to each other
    (folder / "dangling").symlink_to(tmp_path / "nowhere")
    before = state(lib)
    report = import_one(lib, [folder])
    reasons = {Path(f.path).name: f.reason for f in report.files}
    assert reasons.keys() == {"day.txt", "self", "ping", "pong", "dangling"}
    for name in ("self", "ping", "pong"):
        assert "Too many levels of symbolic links" in (reasons[name] or ""), reasons[name]
    assert "does not exist" in (reasons["dangling"] or "")
    assert all(f.status is ImportStatus.SKIPPED for f in report.files if Path(f.path).name != "day.txt")
    assert state(lib) == before  # day.txt is the sample: already imported, unchanged
    # Named directly, a looping link is rejected with the same reason.
    assert_clean_rejection(lib, import_one(lib, [folder / "self"]), before, "symbolic links")


def test_unreadable_file(lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root ignores chmod, so the PermissionError the OS would raise is injected.
    locked = tmp_path / "locked.txt"
    locked.write_bytes(b"Daily Papers\n\nSomething\n")
    real_open = Path.open

    def deny(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    before = state(lib)
    assert_clean_rejection(lib, import_one(lib, [locked]), before, "permission denied")
    report = import_one(lib, [tmp_path])
    assert [f.reason for f in report.files if f.path.endswith("locked.txt")] == [
        "permission denied: the file is not readable"]


def test_unreadable_file_stat_error(lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "eio.txt"
    path.write_bytes(SAMPLE.read_bytes())
    real_stat = Path.stat

    def eio(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.name == "eio.txt":
            raise OSError(5, "Input/output error")
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", eio)
    before = state(lib)
    assert_clean_rejection(lib, import_one(lib, [path]), before, "Input/output error")


def test_file_vanishes_between_listing_and_reading(lib: Library, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "gone.txt").write_bytes(SAMPLE.read_bytes().replace(b"SLAB", b"SLOB"))
    real_iter = importers.iter_candidate_files

    def listing_then_delete(path: Path) -> Iterator[Path]:
        found = list(real_iter(path))
        for f in found:
            f.unlink()  # deleted after the folder was listed, before the file is read
        yield from found

    monkeypatch.setattr(importers, "iter_candidate_files", listing_then_delete)
    before = state(lib)
    report = import_one(lib, [folder])
    assert_clean_rejection(lib, report, before, "does not exist (it may have been moved or deleted)",
                           status=ImportStatus.SKIPPED)


def test_file_vanishes_while_being_opened(lib: Library, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "race.txt"
    path.write_bytes(SAMPLE.read_bytes())
    real_open = Path.open

    def vanish(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == path:
            self.unlink()
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", vanish)
    before = state(lib)
    assert_clean_rejection(lib, import_one(lib, [path]), before, "vanished while it was being read")


def test_special_files(lib: Library, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # reading it would block forever
    before = state(lib)
    assert_clean_rejection(lib, import_one(lib, [fifo]), before, "not a regular file")
    assert_clean_rejection(lib, import_one(lib, [Path("/dev/zero")]), before, "not a regular file")
    empty_dir = tmp_path / "empty-folder"
    empty_dir.mkdir()
    report = import_one(lib, [empty_dir])
    assert report.files[0].status is ImportStatus.SKIPPED
    assert report.files[0].reason == "the folder contains no files"


def test_a_flood_of_broken_entries_gives_a_bounded_report(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "flood.json"
    items: list[object] = [{"paper": {"id": "2406.16793", "title": "The one real paper"}}]
    items += [{"paper": {"id": f"2406.{n:05d}"}} for n in range(20_000)]  # no titles
    path.write_text(json.dumps(items))
    [f] = import_one(lib, [path]).files
    assert f.status is ImportStatus.IMPORTED and f.new == 1
    assert len(f.warnings) == importers.MAX_WARNINGS + 1
    assert f.warnings[-1] == f"… and {20_000 - importers.MAX_WARNINGS} more warnings like these"


def test_out_of_range_stars_and_versions_are_dropped_not_fatal(lib: Library, tmp_path: Path) -> None:
    """A star count or arXiv version past what the library stores is a warning, not a failed
    file (2**70 stars would not fit SQLite's integer)."""
    path = tmp_path / "big-stars.json"
    items = [{"paper": {"id": f"2406.1679{n}", "title": f"Big stars {n}", "summary": "s",
                        "authors": [], "githubStars": value}}
             for n, value in enumerate([2**70, 10**40, 12])]
    path.write_text(json.dumps(items))
    [f] = import_one(lib, [path]).files
    assert f.status is ImportStatus.IMPORTED and f.new == 3
    assert sum("github stars" in w and "out of range; ignored" in w for w in f.warnings) == 2
    papers = lib.get_many([r.id for r in lib.query('title:"big stars"').rows])
    assert sorted((p.title, p.meta.github_stars) for p in papers) == [
        ("Big stars 0", None), ("Big stars 1", None), ("Big stars 2", 12)]
    assert lib.check().ok
