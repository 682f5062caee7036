"""Importing from the window (drop, empty-state button) and notes that are never lost."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from reader.core.library import Library

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "hf-daily-papers-sample.txt"


def drag_enter_event(pos: QPoint, actions, mime: QMimeData) -> QDragEnterEvent:  # noqa: ANN001
    """PySide6 <= 6.11 takes a QPoint here, 6.12 a QPointF."""
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    try:
        return QDragEnterEvent(pos, actions, mime, buttons, modifiers)
    except TypeError:
        return QDragEnterEvent(QPointF(pos), actions, mime, buttons, modifiers)


def drop_urls(widget, urls):  # noqa: ANN001
    """A real drag-enter + drop sequence, as the window system would deliver it."""
    mime = QMimeData()
    mime.setUrls(urls)
    pos = QPoint(widget.width() // 2, widget.height() // 2)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    enter = drag_enter_event(pos, actions, mime)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(pos), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    assert drop.isAccepted()
    assert drop.dropAction() == Qt.DropAction.CopyAction  # never a move: the source stays
    return drop


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_drop_a_file_imports_it_and_keeps_the_source(qtbot, empty_window, idle, tmp_path):  # noqa: ANN001
    w = empty_window
    assert w.central.currentWidget() is w.empty_state
    src = tmp_path / "drop" / "daily.txt"
    src.parent.mkdir()
    shutil.copy(SAMPLE, src)
    before = digest(src)
    with qtbot.waitSignal(w.importFinished, timeout=20000) as blocker:
        drop_urls(w, [QUrl.fromLocalFile(str(src))])
    report = blocker.args[0]
    assert report.new == 38 and not report.rejected
    idle(w)
    assert w.library.counts()["all"] == 38
    assert w.central.currentWidget() is w.splitter
    assert w.model.rowCount() == 38
    assert w.banner.isVisible() and "38 new" in w.banner.label.text()
    assert src.exists() and digest(src) == before
    # the search index catches up in a second job
    idle(w)
    assert w.library.index_pending() == 0
    # "show new papers" shows exactly the papers the import added
    w.show_new_papers()
    idle(w)
    assert w.spec.filter.key == f"new:{min(report.new_ids)}-{max(report.new_ids)}"
    assert w.model.rowCount() == 38


def test_drop_a_folder_onto_the_notes_editor(qtbot, window, idle, tmp_path):  # noqa: ANN001
    w = window
    folder = tmp_path / "digests"
    folder.mkdir()
    other = folder / "two.txt"
    other.write_text("Dec 30\n\nA Brand New Paper About Drops\n\nWe drop folders onto windows.\n\n"
                     "  • 2 authors\n·\nDec 29, 2025 4\n", encoding="utf-8")
    (folder / "notes.bin").write_bytes(b"\x00\x01 not a digest")
    notes_viewport = w.detail.notes_editor.viewport()
    text_before = w.detail.notes_editor.toPlainText()
    with qtbot.waitSignal(w.importFinished, timeout=20000) as blocker:
        drop_urls(notes_viewport, [QUrl.fromLocalFile(str(folder))])
    report = blocker.args[0]
    assert report.new == 1
    idle(w)
    assert w.library.counts()["all"] == 39
    assert w.detail.notes_editor.toPlainText() == text_before  # the drop did not become text
    assert other.exists() and (folder / "notes.bin").exists()


def test_drop_of_non_files_is_refused(qtbot, window):  # noqa: ANN001
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.org/x.txt")])
    pos = QPoint(10, 10)
    enter = drag_enter_event(pos, Qt.DropAction.CopyAction, mime)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_empty_state_sample_button(qtbot, empty_window, idle):  # noqa: ANN001
    w = empty_window
    assert w.central.currentWidget() is w.empty_state
    button = w.empty_state.sample_button
    assert button.isVisible() and button.text() == "Import the sample digest"
    with qtbot.waitSignal(w.importFinished, timeout=20000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    idle(w)
    assert w.central.currentWidget() is w.splitter
    assert w.model.rowCount() == 38
    assert w.current_id() is not None and w.detail.paper is not None


def test_import_reports_rejections(qtbot, window, idle, tmp_path):  # noqa: ANN001
    bad = tmp_path / "empty.txt"
    bad.write_text("nothing here\n", encoding="utf-8")
    with qtbot.waitSignal(window.importFinished, timeout=20000) as blocker:
        window.import_paths([bad])
    idle(window)
    report = blocker.args[0]
    assert len(report.rejected) == 1
    assert "1 rejected" in window.banner.label.text()
    window.show_report_dialog()
    assert window.report_dialog is not None and window.report_dialog.isVisible()
    window.report_dialog.close()


def test_note_survives_close_and_reopen(qtbot, tmp_path, window_for):  # noqa: ANN001
    root = tmp_path / "lib"
    lib = Library.open(root)
    lib.import_files([SAMPLE], as_of=__import__("datetime").date(2026, 11, 26))
    w = window_for(lib)
    pid = w.current_id()
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_N)
    assert w.detail.notes_editor.hasFocus()
    qtbot.keyClicks(w.detail.notes_editor, "Great *paper*; try it on <b>our</b> data")
    w.close()  # right away: before the autosave timer fires
    lib.close()
    again = Library.open(root)
    try:
        assert again.get(pid).note == "Great *paper*; try it on <b>our</b> data"
    finally:
        again.close()


def test_note_autosaves_while_typing_and_on_switch(qtbot, window, idle):  # noqa: ANN001
    w = window
    lib = w.library
    first = w.current_id()
    w.detail.notes_editor.setFocus()
    qtbot.keyClicks(w.detail.notes_editor, "autosaved")
    qtbot.waitUntil(lambda: lib.get(first).note == "autosaved", timeout=3000)  # debounced ≤ 1 s
    qtbot.keyClicks(w.detail.notes_editor, " and switched")
    w.move_current(1)  # switching papers saves at once
    idle(w)
    assert lib.get(first).note == "autosaved and switched"
    assert lib.note_revisions(first) == []  # one visit on an empty note: nothing replaced
    assert w.detail.notes_editor.toPlainText() == ""
    w.move_current(-1)
    assert w.detail.notes_editor.toPlainText() == "autosaved and switched"
    assert w.filter_pane.count_text(w.filter_pane._filters["has-notes"]) == "1"


def test_markdown_preview_never_renders_html(qtbot, window):  # noqa: ANN001
    w = window
    w.detail.notes_editor.setPlainText("# Title\n\n<img src='https://evil.example/x.png'> **bold**")
    w.detail.set_preview(True)
    html = w.detail.notes.preview.toHtml()
    assert "<img" not in html
    assert "&lt;img" in html
    assert "font-weight" in html  # Markdown itself is rendered
    w.detail.set_preview(False)


def test_drop_on_the_queue_list_imports(qtbot, window, idle, tmp_path):  # noqa: ANN001
    from reader.core.model import Filter, State

    w = window
    w.library.set_state([w.current_id()], State.QUEUED)
    w.go(Filter.state(State.QUEUED))
    idle(w)
    assert w.view.acceptDrops()  # the queue accepts internal drags for reordering...
    src = tmp_path / "q.txt"
    src.write_text("Dec 30\n\nQueue Drop Paper\n\nDropped on the queue.\n\n"
                   "  • 2 authors\n·\nDec 29, 2025 4\n", encoding="utf-8")
    with qtbot.waitSignal(w.importFinished, timeout=20000) as blocker:  # ...and still imports files
        drop_urls(w.view.viewport(), [QUrl.fromLocalFile(str(src))])
    assert blocker.args[0].new == 1
    idle(w)
