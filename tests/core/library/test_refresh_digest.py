"""A digest imported before, imported again after Digest Reader learned to read more of it
(issue 13: metadata, entries an older importer dropped): the same file fills the library's
papers instead of being skipped as "already imported" — without undoing what later digests
brought or re-applying user state."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from testutil import AS_OF, ROOT, SAMPLE

from reader.core import importers
from reader.core.library import Library
from reader.core.model import ImportStatus, PaperMeta, ParsedDigest, ParsedPaper, State

FIXTURES = ROOT / "tests" / "fixtures"
EXTRA = ParsedPaper(title="An entry the old importer dropped", abstract="Cut off mid-sen",
                    arxiv_id="2405.99999", abstract_truncated=True)


def _reading(monkeypatch: pytest.MonkeyPatch,
             change: Callable[[ParsedDigest], ParsedDigest]) -> None:
    """From now on, the importers read every file as ``change`` of what they read today."""
    original = importers.parse_bytes

    def parse(data: bytes, source: Path, as_of: dt.date) -> ParsedDigest:
        return change(original(data, source, as_of))

    monkeypatch.setattr(importers, "parse_bytes", parse)


def _newer_reader(parsed: ParsedDigest) -> ParsedDigest:
    papers = [dataclasses.replace(p, meta=PaperMeta(categories=("cs.CV",), version=1))
              for p in parsed.papers]
    return dataclasses.replace(parsed, papers=[*papers, dataclasses.replace(EXTRA)])


def test_a_file_read_again_fills_its_papers_and_adds_what_was_missed(
        library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digest = tmp_path / "hf.json"
    shutil.copy(FIXTURES / "hf-api" / "2024-05-27.json", digest)
    first = library.import_files([digest], as_of=AS_OF).files[0]
    assert first.status is ImportStatus.IMPORTED and first.new > 0
    known = first.new
    _reading(monkeypatch, _newer_reader)
    again = library.import_files([digest], as_of=AS_OF).files[0]
    assert again.status is ImportStatus.IMPORTED and again.digest_id == first.digest_id
    assert (again.new, again.updated, again.unchanged) == (1, known, 0)
    counts = library.counts()
    assert counts["category:cs.CV"] == known  # every paper got the metadata...
    assert counts[f"digest:{first.digest_id}"] == known + 1  # ...and the missed one its digest
    assert library.query("cat:cs.CV").total == known  # indexed
    [digest_info] = [d for d in library.digests() if d.id == first.digest_id]
    assert digest_info.entry_count == known + 1
    # Read a third time: nothing new, nothing written (the index has nothing to catch up on).
    seq = library.store.current_seq()
    third = library.import_files([digest], as_of=AS_OF).files[0]
    assert third.status is ImportStatus.UNCHANGED and library.store.current_seq() == seq


def test_a_file_read_again_never_undoes_a_later_digest(
        library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    older = tmp_path / "older.json"
    shutil.copy(FIXTURES / "hf-api" / "2024-05-27.json", older)
    assert not library.import_files([older], as_of=AS_OF).rejected
    [row] = library.query("", limit=1).rows
    # A later digest of the same paper, with more upvotes and a newer version.
    newer = ParsedPaper(title=row.title, arxiv_id=library.get(row.id).arxiv_id,  # type: ignore[union-attr]
                        upvotes=(row.upvotes or 0) + 100, meta=PaperMeta(version=3))
    library.store.store_digest(ParsedDigest("hf-daily-api", [newer]), "later", "f" * 64)
    _reading(monkeypatch, lambda parsed: dataclasses.replace(parsed, papers=[
        dataclasses.replace(p, meta=PaperMeta(version=1, comments="old comment"))
        for p in parsed.papers]))
    assert library.import_files([older], as_of=AS_OF).files[0].status is ImportStatus.IMPORTED
    paper = library.get(row.id)
    assert paper is not None and paper.upvotes == (row.upvotes or 0) + 100
    assert paper.meta.version == 3 and paper.meta.comments == "old comment"  # filled, not undone


def test_user_state_in_a_file_read_again_is_not_applied_again(
        library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    export = FIXTURES / "export-v1.json"  # a version 1 export: papers with their user state
    assert not library.import_files([export], as_of=AS_OF).rejected
    rows = library.query("", limit=5).rows
    library.set_state([r.id for r in rows], State.DISMISSED)
    _reading(monkeypatch, _newer_reader)
    report = library.import_files([export], as_of=AS_OF).files[0]
    assert report.status is ImportStatus.IMPORTED and report.new == 1
    assert all(p.state is State.DISMISSED for p in library.get_many([r.id for r in rows]))


def test_the_sample_imported_twice_is_still_unchanged(library: Library) -> None:
    assert library.import_files([SAMPLE], as_of=AS_OF).new == 38
    report = library.import_files([SAMPLE], as_of=AS_OF).files[0]
    assert report.status is ImportStatus.UNCHANGED and report.unchanged == 38
