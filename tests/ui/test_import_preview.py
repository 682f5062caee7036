"""The import preview for large imports, and every digest format imported from the window."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from test_import_and_notes import drop_urls
from testutil import HF_API

import reader.ui.controllers.import_controller as import_mod

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT / "resources" / "hf-daily-papers-sample.txt"
DAY = HF_API / "2024-07-10.json"


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "page.txt")
    for name in ("arxiv-mailing.txt", "arxiv-rss.xml", "arxiv-atom.xml", "newsletter.eml"):
        shutil.copy(FIXTURES / name, folder / name)
    shutil.copy(DAY, folder / DAY.name)
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return folder


def test_large_drop_shows_a_preview_and_changes_nothing_until_import(
    qtbot, empty_window, idle, mixed_folder, monkeypatch  # noqa: ANN001
) -> None:
    monkeypatch.setattr(import_mod, "PREVIEW_MIN_PAPERS", 10)
    w = empty_window
    from PySide6.QtCore import QUrl

    with qtbot.waitSignal(w.importPreviewed, timeout=20000) as blocker:
        drop_urls(w, [QUrl.fromLocalFile(str(mixed_folder))])
    preview = blocker.args[0]
    assert preview.dry_run and preview.new >= 38
    assert w.library.counts()["all"] == 0  # nothing imported yet
    dialog = w.preview_dialog
    assert dialog is not None and dialog.isVisible()
    assert f"{preview.new} new papers" in dialog.summary.text()
    assert "1 skipped" in dialog.summary.text()  # the PNG, with its reason in the table
    formats = {f.format for f in preview.files if f.format}
    assert {"hf-daily-page", "arxiv-mailing", "arxiv-feed"} <= formats
    assert any(fmt.startswith("email/") for fmt in formats)

    with qtbot.waitSignal(w.importFinished, timeout=30000) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert report.new == preview.new and not report.rejected
    idle(w)
    assert w.library.counts()["all"] == preview.new
    assert w.model.rowCount() == preview.new
    digest_formats = {d.format for d in w.library.digests()}
    assert formats <= digest_formats
    assert "hf-daily-api" in digest_formats


def test_cancelling_the_preview_imports_nothing(qtbot, empty_window, mixed_folder) -> None:  # noqa: ANN001
    w = empty_window
    with qtbot.waitSignal(w.importPreviewed, timeout=20000):
        w.import_paths([mixed_folder], preview=True)
    dialog = w.preview_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert w.library.counts()["all"] == 0
    assert w.library.digests() == []
    assert "nothing changed" in w.statusBar().currentMessage()


def test_small_folder_imports_without_a_preview(qtbot, empty_window, idle, tmp_path) -> None:  # noqa: ANN001
    w = empty_window
    folder = tmp_path / "small"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "page.txt")
    with qtbot.waitSignal(w.importFinished, timeout=20000) as done:
        w.import_paths([folder])
    assert done.args[0].new == 38
    assert w.preview_dialog is None


def test_first_large_import_from_the_window_is_indexed_while_stored(
    qtbot, empty_window, idle, tmp_path, monkeypatch  # noqa: ANN001
) -> None:
    """The index-while-importing path with its writer processes, started from the window's
    write thread (through the fork server), shrunk to a small import."""
    import reader.core.search.bulk as bulk_mod
    import reader.core.search.index as index_mod

    monkeypatch.setattr(bulk_mod, "BULK_CHUNK", 150)
    monkeypatch.setattr("reader.core.library.importing.PIPELINE_MIN_BYTES", 1)
    monkeypatch.setattr("reader.core.store.store.WriteBatch.COMMIT_SECONDS", 0.0)
    monkeypatch.setattr(import_mod, "PREVIEW_MIN_PAPERS", 10_000)  # no preview here
    monkeypatch.setenv("DIGEST_READER_INDEX_PROCS", "2")
    fed: list[int] = []
    feed = index_mod.BulkFeed.feed
    monkeypatch.setattr(index_mod.BulkFeed, "feed",
                        lambda self, docs: (fed.append(len(docs)), feed(self, docs)))
    folder = tmp_path / "digests"
    folder.mkdir()
    for f in range(8):
        entries = "".join(
            f"Window bulk {f}-{e} on {'sparse' if e % 3 == 0 else 'dense'} retrieval\n\n"
            f"We study retrieval number {f * 40 + e}.\n\n  • 3 authors\n·\nMar {1 + e % 28}, 2024 {e}\n\n"
            for e in range(40)
        )
        (folder / f"d{f}.txt").write_text("Daily Papers\n\nMar 30, 2024\n\n" + entries, encoding="utf-8")
    w = empty_window
    with qtbot.waitSignal(w.importFinished, timeout=60000) as done:
        w.import_paths([folder])
    assert done.args[0].new == 320
    idle(w)
    assert fed[:8] == [40] * 8
    result = w.library.check()
    assert result.ok, result.problems
    assert w.library.index.status().doc_count == 320
    assert w.library.query("sparse").total == 8 * 14


def test_cancel_import(qtbot, window, idle, tmp_path):  # noqa: ANN001
    w = window
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):
        (folder / f"d{i}.txt").write_text(
            f"Dec 30\n\nPaper number {i} about cancelling\n\nAn abstract {i}.\n\n  • 2 authors\n·\n"
            "Dec 29, 2025 4\n", encoding="utf-8")
    w.workers.write("block", lambda ctx: __import__("time").sleep(0.3))  # the import waits in line
    job = w.import_paths([folder], preview=False)
    assert job is not None and w.cancel_button.isVisible()
    with qtbot.waitSignal(w.importFinished, timeout=20000) as blocker:
        qtbot.mouseClick(w.cancel_button, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert report.cancelled and report.new == 0
    idle(w)
    assert not w.cancel_button.isVisible()
    assert "cancelled" in w.banner.label.text().lower()
