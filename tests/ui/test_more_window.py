"""Saved searches, queue drag-reorder, cancelling an import, the locked-library start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QDesktopServices

from reader.core.library import Library
from reader.core.model import Filter, FilterKind, State

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "hf-daily-papers-sample.txt"


def test_saved_search_save_rename_delete(qtbot, window, idle):  # noqa: ANN001
    w = window
    w.go(Filter(FilterKind.HAS_CODE))
    w.search_box.setText("transformer")
    idle(w)
    shown = w.model.rowCount()
    w.save_current_search("code transformers")
    idle(w)
    assert [s.name for s in w.library.saved_searches()] == ["code transformers"]
    key = "saved:code transformers"
    # the filter pane shows it once the counts refresh after the write has landed
    qtbot.waitUntil(lambda: w.filter_pane.filter_for(key) is not None, timeout=5000)
    w.search_box.clear()
    idle(w)
    w.go(w.filter_pane.filter_for(key))
    idle(w)
    assert w.model.rowCount() == shown
    assert w.filter_pane.count_text(Filter(FilterKind.SAVED, "code transformers")) == str(shown)
    w.submit_write("rename", lambda lib: lib.rename_search("code transformers", "ct"))
    idle(w)
    qtbot.waitUntil(lambda: w.filter_pane.filter_for("saved:ct") is not None
                    and w.filter_pane.filter_for(key) is None, timeout=5000)
    w.submit_write("delete", lambda lib: lib.delete_search("ct"))
    idle(w)
    qtbot.waitUntil(lambda: w.filter_pane.filter_for("saved:ct") is None, timeout=5000)
    idle(w)
    assert w.spec.filter.kind is not FilterKind.SAVED  # fell back to a filter that exists


def test_queue_drag_reorder_through_the_model(qtbot, window, idle):  # noqa: ANN001
    w = window
    lib = w.library
    ids = [w.model.id_at(r) for r in range(4)]
    lib.set_state(ids, State.QUEUED)
    w.go(Filter.state(State.QUEUED))
    idle(w)
    assert w.view.dragDropMode() == w.view.DragDropMode.InternalMove
    model = w.model
    mime = model.mimeData([model.index(3, 1)])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    idle(w)
    assert lib.queue_order() == [ids[3], ids[0], ids[1], ids[2]]
    assert [model.id_at(r) for r in range(4)] == lib.queue_order()
    w.undo_stack.undo()
    idle(w)
    assert lib.queue_order() == ids
    # outside the queue nothing can be dropped
    w.go(Filter())
    idle(w)
    assert not w.model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_open_paper_page_with_shift_o(qtbot, window, idle, monkeypatch):  # noqa: ANN001
    calls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: calls.append(url) or True))
    w = window
    w.go(Filter(FilterKind.HAS_CODE))
    idle(w)
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_O, Qt.KeyboardModifier.ShiftModifier)
    idle(w)
    assert len(calls) == 1 and calls[0].scheme() == "https"


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


def test_locked_library_start_exits_1(tmp_path):  # noqa: ANN001
    root = tmp_path / "lib"
    holder = Library.open(root)
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
        proc = subprocess.run([sys.executable, "-m", "reader", "--library", str(root), "gui"],
                              env=env, capture_output=True, text=True, timeout=60)
    finally:
        holder.close()
    assert proc.returncode == 1
    assert "already open" in proc.stderr
