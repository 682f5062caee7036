"""The import preview for large imports, and every digest format imported from the window."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from test_import_and_notes import drop_urls
from testutil import shared_dir

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT / "resources" / "hf-daily-papers-sample.txt"
DAY = shared_dir() / "corpus" / "hf-api" / "2024-07-10.json"


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "page.txt")
    for name in ("arxiv-mailing.txt", "arxiv-rss.xml", "arxiv-atom.xml", "newsletter.eml"):
        shutil.copy(FIXTURES / name, folder / name)
    if DAY.exists():
        shutil.copy(DAY, folder / DAY.name)
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return folder


def test_large_drop_shows_a_preview_and_changes_nothing_until_import(
    qtbot, empty_window, idle, mixed_folder, monkeypatch  # noqa: ANN001
) -> None:
    monkeypatch.setattr("reader.ui.main_window.PREVIEW_MIN_PAPERS", 10)
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
    if DAY.exists():
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
