"""The library package's own seams: the import run's steps, the pipeline threshold, the tag
rule, and the old ``reader.core.services`` names."""

from __future__ import annotations

from pathlib import Path

import pytest
from testutil import AS_OF

import reader.core.library.importing as importing
from reader.core.library import Library
from reader.core.library.triage import _clean_tags
from reader.core.model import FileReport, ImportStatus, State


def digest(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"day-{n}.txt"
    path.write_text(f"Daily Papers\n\nRun Paper {n}\n\nAbstract {n} words.\n\n  • 1 author\n·\n"
                    "Jan 2, 2024\n", encoding="utf-8")
    return path


def test_the_pipeline_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIGEST_READER_PIPELINE_MIN_BYTES", raising=False)
    assert importing._pipeline_min_bytes() == importing.PIPELINE_MIN_BYTES == 5_000_000
    monkeypatch.setenv("DIGEST_READER_PIPELINE_MIN_BYTES", " 123 ")
    assert importing._pipeline_min_bytes() == 123
    monkeypatch.setenv("DIGEST_READER_PIPELINE_MIN_BYTES", "12k")  # not a number: the default
    assert importing._pipeline_min_bytes() == 5_000_000
    monkeypatch.delenv("DIGEST_READER_PIPELINE_MIN_BYTES")
    monkeypatch.setattr(importing, "PIPELINE_MIN_BYTES", 7)  # where the tests lower it
    assert importing._pipeline_min_bytes() == 7


def test_not_saved_takes_back_what_a_report_claimed() -> None:
    report = FileReport("a.txt", ImportStatus.IMPORTED, new=3, updated=1, unchanged=2,
                        new_ids=[1, 2, 3], digest_id=9)
    importing._not_saved([report], "the disk is full")
    assert report.status is ImportStatus.REJECTED and report.reason == "not saved: the disk is full"
    assert (report.new, report.updated, report.unchanged, report.new_ids, report.digest_id) == (
        0, 0, 0, [], None)


def test_the_folder_vanishing_between_files_keeps_what_was_stored(tmp_path: Path) -> None:
    """The files before the vanishing are committed (into the moved folder); the rest are
    rejected with the reason, and nothing is half-written."""
    files = [digest(tmp_path / "in", n) for n in range(3)]
    root, moved = tmp_path / "lib", tmp_path / "moved"
    lib = Library.open(root)

    def progress(done: int, total: int, label: str) -> None:
        if done == 1 and label.startswith("Importing"):
            root.rename(moved)

    report = lib.import_files(files, as_of=AS_OF, progress=progress)
    lib.close()
    assert [f.status for f in report.files] == [ImportStatus.IMPORTED] + [ImportStatus.REJECTED] * 2
    assert all("moved or deleted" in (f.reason or "") for f in report.files[1:])
    with Library.open(moved) as again:
        assert len(again.digests()) == 1 and again.counts()["all"] == 1
        assert again.check().ok


def test_a_dry_run_plans_across_files(library: Library, tmp_path: Path) -> None:
    """The second copy of the same bytes in one dry run is reported as already imported."""
    path = digest(tmp_path / "in", 0)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(path.read_bytes())
    report = library.import_files([path, copy], as_of=AS_OF, dry_run=True)
    assert [f.status for f in report.files] == [ImportStatus.IMPORTED, ImportStatus.UNCHANGED]
    assert report.new == 1 and library.counts()["all"] == 0


def test_tags_are_cleaned_one_way() -> None:
    assert _clean_tags(["  Deep   Learning ", "deep learning", "a,b", "", " , ", "RL"]) == [
        "deep learning", "a b", "rl"]


def test_add_and_remove_tags_write_only_real_names(sample_library: Library) -> None:
    lib = sample_library
    seq = lib.store.current_seq()
    lib.add_tags([1, 999_999], [" , ", ""])  # nothing left after cleaning: no write at all
    assert lib.store.current_seq() == seq
    lib.add_tags([1, 999_999], ["Robots"])  # an unknown id is ignored
    assert lib.get(1).tags == ["robots"]  # type: ignore[union-attr]
    lib.remove_tags([1], ["ROBOTS"])
    assert lib.get(1).tags == []  # type: ignore[union-attr]
    lib.set_tags(1, ["a", "b"])
    lib.set_tags(1, [])  # set_tags with no names clears them
    assert lib.get(1).tags == []  # type: ignore[union-attr]


def test_counts_have_one_key_per_filter(sample_library: Library) -> None:
    sample_library.set_state([1, 2], State.QUEUED)
    counts = sample_library.counts()
    assert counts["queued"] == 2 and "queue" not in counts  # the filter's key is "queued"
