"""Every short write of the window goes through submit_write: it refreshes, reports failures in
the status bar and emits writeFinished — opening a paper's page included."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices

from reader.core.library import LibraryError
from reader.core.model import Filter, FilterKind


def test_opening_a_page_records_it_through_the_write_path(qtbot, window, idle, monkeypatch) -> None:  # noqa: ANN001
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    w = window
    marked: list[int] = []
    monkeypatch.setattr(w.library, "mark_opened", marked.append)
    w.go(Filter(FilterKind.HAS_CODE))
    idle(w)
    pid = w.current_id()
    with qtbot.waitSignal(w.writeFinished, timeout=10000):
        qtbot.keyClick(w.view, Qt.Key.Key_O, Qt.KeyboardModifier.ShiftModifier)
    idle(w)
    assert len(opened) == 1 and marked == [pid]

    def refuse(_pid: int) -> None:
        raise LibraryError("the library is read-only")

    monkeypatch.setattr(w.library, "mark_opened", refuse)
    with qtbot.waitSignal(w.writeFinished, timeout=10000):  # a failure is reported, not just printed
        qtbot.keyClick(w.view, Qt.Key.Key_O, Qt.KeyboardModifier.ShiftModifier)
    assert w.statusBar().currentMessage() == "Mark opened failed: the library is read-only"
    assert len(opened) == 2
    idle(w)


def test_a_failed_write_is_shown_and_the_window_carries_on(qtbot, window, idle) -> None:  # noqa: ANN001
    w = window

    def fail(_lib: object) -> None:
        raise LibraryError("the library folder is read-only")

    with qtbot.waitSignal(w.writeFinished, timeout=10000):
        w.submit_write("Star", fail)
    assert w.statusBar().currentMessage() == "Star failed: the library folder is read-only"
    idle(w)
    assert w.model.rowCount() == 38  # refreshed, nothing lost
