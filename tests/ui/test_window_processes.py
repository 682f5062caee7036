"""Closing the window mid-import leaves no index writer process behind (issue 10)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest


def writer_processes() -> list[multiprocessing.Process]:
    from reader.core.writer_task import WriterTask

    return [p for p in multiprocessing.active_children() if isinstance(p, WriterTask)]


def test_closing_the_window_mid_import_ends_the_writer_processes(
    qtbot, empty_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    monkeypatch.setattr("reader.core.library.importing.PIPELINE_MIN_BYTES", 1)
    monkeypatch.setattr("reader.core.store.store.WriteBatch.COMMIT_SECONDS", 0.0)
    import reader.ui.controllers.import_controller as import_mod

    monkeypatch.setattr(import_mod, "PREVIEW_MIN_PAPERS", 10_000)  # no preview here
    monkeypatch.setattr(import_mod, "PREVIEW_MIN_FILES", 10_000)
    monkeypatch.setenv("DIGEST_READER_INDEX_PROCS", "2")
    folder = tmp_path / "digests"
    folder.mkdir()
    for f in range(40):
        entries = "".join(
            f"Closing paper {f}-{e} on retrieval\n\nWe study retrieval number {f * 40 + e}.\n\n"
            f"  • 3 authors\n·\nMar {1 + e % 28}, 2024 {e}\n\n"
            for e in range(40)
        )
        (folder / f"d{f:02}.txt").write_text("Daily Papers\n\nMar 30, 2024\n\n" + entries, encoding="utf-8")
    w = empty_window
    w.import_paths([folder])
    qtbot.waitUntil(lambda: bool(writer_processes()), timeout=60000)
    running = writer_processes()
    w.close()  # cancels the import (or waits for its last step) and drops the fed build
    assert writer_processes() == []
    assert all(p.exitcode is not None for p in running)
    assert not (w.library.root / "index" / "MAIN.tmp").exists()  # no batch left behind
