"""Issue 12, layout: no content changes the window's size or the panes' widths; at 1024×700 the
list stays readable and at 1600×1000 every pane shows; status messages never cover the counts;
the shortcut sheet shows all of its text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QPushButton
from testutil import AS_OF, SAMPLE

from reader.core.library import Library
from reader.ui.actions import Action
from reader.ui.widgets.pane_layout import DETAIL, FILTERS, LIST, LIST_MIN

LONG_REPO = "https://github.com/" + "an-organisation-with-a-very-long-name-" * 4 + "x/" + "repo-" * 30 + "end"
LONG_TITLE = "A" + "verylongtitleword" * 5 + " and then a title that goes on and on" * 4
LONG_PAGE = (
    "Daily Papers\n\n{title}\n\nCode at {repo} and {repo}/tree/main/" + "deeper-folder/" * 20
    + " and https://huggingface.co/datasets/" + "long-dataset-name-" * 12
    + ".\n\n  • 1 author\n·\nJan 2, 2025\n"
)


@pytest.fixture
def long_library(tmp_path: Path) -> Iterator[Library]:
    """The sample digest plus one paper with a very long title and very long repository links."""
    page = tmp_path / "long.txt"
    page.write_text(LONG_PAGE.format(title=LONG_TITLE, repo=LONG_REPO), encoding="utf-8")
    lib = Library.open(tmp_path / "lib")
    lib.import_files([SAMPLE, page], as_of=AS_OF)
    yield lib
    lib.close()


def sized(qtbot, window, width: int, height: int) -> None:  # noqa: ANN001
    """Resize the window and wait until the splitter has been laid out at the new width."""
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height, timeout=5000)
    QApplication.sendPostedEvents()  # the layouts' own requests (panes shown or hidden)
    qtbot.waitUntil(lambda: sum(window.splitter.sizes()) > 0, timeout=5000)


def test_a_long_search_error_changes_no_size(qtbot, window, idle) -> None:  # noqa: ANN001
    sized(qtbot, window, 1280, 800)
    sizes = window.splitter.sizes()
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "foo:bar " + "baz:" * 30 + "x")
    qtbot.waitUntil(lambda: window.search_error.isVisible(), timeout=5000)
    idle(window)
    QApplication.sendPostedEvents()
    message = window.search_error.toolTip()
    assert message.startswith("unknown field") and "known fields" in message  # the full text
    assert window.search_error.width() <= window.splitter.sizes()[LIST]  # wrapped to the list
    assert window.width() == 1280
    assert window.splitter.sizes() == sizes
    assert window.filter_pane.width() == sizes[FILTERS]  # not crushed to icons


def test_long_titles_and_links_leave_the_panes_where_the_user_put_them(
        qtbot, long_library, window_for, idle) -> None:  # noqa: ANN001
    w = window_for(long_library)
    sized(qtbot, w, 1280, 800)
    w.go(w.filter_pane.filter_for("all"))
    idle(w)
    w.splitter.setSizes([230, 560, 490])  # the user's widths
    sizes = w.splitter.sizes()
    long_row = next(r for r in range(w.model.rowCount())
                    if "verylongtitleword" in (w.model.row_at(r).title or ""))
    visited = set()
    for row in (long_row, 0, 1, 2, 3, long_row, 4):  # papers with short, long and no links
        w.move_current(row - w.view.currentIndex().row())
        idle(w)
        qtbot.waitUntil(lambda r=row: w.detail.paper is not None and w.detail.paper.id == w.model.id_at(r),
                        timeout=5000)
        QApplication.sendPostedEvents()
        visited.add(row)
        assert w.splitter.sizes() == sizes, w.detail.paper.title
        assert w.width() == 1280
        if row == long_row:
            buttons = [b for b in w.detail.findChildren(QPushButton)
                       if b.objectName().startswith("link-") and b.isVisible()]
            assert any(b.toolTip() == LONG_REPO for b in buttons)
            for b in buttons:  # elided to the pane's width; the full text kept for the tooltip
                assert b.geometry().right() <= w.detail.width()
            long_button = next(b for b in buttons if b.toolTip() == LONG_REPO)
            assert long_button.text().count("repo-") == 30 and long_button.elided_text() != long_button.text()
            assert w.detail.title.text() == LONG_TITLE.strip() or "verylongtitleword" in w.detail.title.text()
    assert len(visited) == 6
    w.close()


def test_at_1024x700_the_list_is_readable_and_ctrl_1_brings_the_filters_back(qtbot, window) -> None:  # noqa: ANN001
    sized(qtbot, window, 1024, 700)
    sizes = window.splitter.sizes()
    assert sizes[LIST] >= LIST_MIN
    assert not window.panes.is_shown(FILTERS) and window.panes.is_shown(DETAIL)  # filters go first
    toggle_filters = window.actions_by_id[Action.TOGGLE_FILTERS]
    assert not toggle_filters.isChecked() and window.actions_by_id[Action.TOGGLE_DETAIL].isChecked()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.filter_pane.isVisible, timeout=3000)
    assert toggle_filters.isChecked()
    QApplication.sendPostedEvents()
    assert window.splitter.sizes()[LIST] >= LIST_MIN  # the detail made room this time
    assert not window.actions_by_id[Action.TOGGLE_DETAIL].isChecked()
    qtbot.keyClick(window.view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.detail.isVisible, timeout=3000)
    assert window.actions_by_id[Action.TOGGLE_DETAIL].isChecked()
    assert window.width() == 1024


def test_at_1600x1000_all_three_panes_show(qtbot, window) -> None:  # noqa: ANN001
    sized(qtbot, window, 1024, 700)
    sized(qtbot, window, 1600, 1000)  # wide again: the collapsed filters come back
    sizes = window.splitter.sizes()
    assert all(s > 0 for s in sizes), sizes
    assert window.filter_pane.isVisible() and window.detail.isVisible()
    assert sizes[LIST] >= LIST_MIN and sizes[LIST] > sizes[FILTERS]
    assert window.actions_by_id[Action.TOGGLE_FILTERS].isChecked()
    assert window.actions_by_id[Action.TOGGLE_DETAIL].isChecked()


def test_a_status_message_never_covers_the_counts(qtbot, window) -> None:  # noqa: ANN001
    sized(qtbot, window, 1024, 700)
    counts = window.counts_label
    assert counts.text().startswith("38 papers")
    bar = window.statusBar()
    before = counts.grab().toImage()
    text = "Imported: 157 new, 0 updated — " + "a long status message that goes on and on " * 10
    bar.showMessage(text, 8000)
    QApplication.sendPostedEvents()
    message = window.status.message_label
    assert message.text() == text and message.isVisible()
    assert counts.isVisible()
    geo = lambda w: QRect(w.mapTo(bar, w.rect().topLeft()), w.size())  # noqa: E731
    assert not geo(counts).intersects(geo(message))
    assert geo(message).right() <= bar.width()  # elided into the bar, the window did not grow
    assert window.width() == 1024
    assert message.is_elided()
    # nothing is painted over the counts: they look exactly as before the message
    assert bar.grab(geo(counts)).toImage() == before.convertToFormat(bar.grab(geo(counts)).toImage().format())
    bar.clearMessage()
    assert message.text() == ""


def test_the_shortcut_sheet_shows_all_its_text(qtbot, window) -> None:  # noqa: ANN001
    window.show_shortcuts()
    sheet = window.shortcut_sheet
    assert sheet is not None
    qtbot.waitExposed(sheet)
    screen = sheet.screen().availableGeometry()
    assert sheet.height() <= screen.height() and sheet.width() <= screen.width()
    doc, bar = sheet.view.document(), sheet.view.verticalScrollBar()
    assert doc.size().height() <= sheet.view.viewport().height()  # all of it, the footer too
    assert bar.maximum() == 0
    # sized to its text: no screenful of empty space under the footer
    assert sheet.view.viewport().height() - doc.size().height() < 3 * sheet.fontMetrics().lineSpacing()
    sheet.close()


def test_at_a_large_font_the_shortcut_sheet_fits_the_screen_and_scrolls(qtbot, window) -> None:  # noqa: ANN001
    window.show_shortcuts()
    sheet = window.shortcut_sheet
    assert sheet is not None
    f = QFont(sheet.font())
    f.setPointSizeF(f.pointSizeF() * 2.2)
    sheet.setFont(f)
    sheet.fit_to_content()
    qtbot.waitExposed(sheet)
    QApplication.sendPostedEvents()
    screen = sheet.screen().availableGeometry()
    assert sheet.height() <= screen.height() and sheet.width() <= screen.width()
    doc, bar, viewport = sheet.view.document(), sheet.view.verticalScrollBar(), sheet.view.viewport()
    assert doc.size().height() > viewport.height()  # too tall for the screen …
    assert bar.maximum() > 0  # … so it scrolls, to the very end
    assert bar.maximum() + viewport.height() >= doc.size().height() - 1
    sheet.close()


def test_an_import_with_a_long_file_name_changes_no_size_and_covers_no_counts(
        qtbot, window, idle, tmp_path) -> None:  # noqa: ANN001
    sized(qtbot, window, 1024, 700)
    sizes = window.splitter.sizes()
    bad = tmp_path / ("a-digest-file-with-a-name-that-never-ends-" * 5 + ".txt")
    bad.write_text("nothing here\n", encoding="utf-8")
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([bad])
    idle(window)
    QApplication.sendPostedEvents()
    assert window.banner.isVisible() and bad.name in window.banner.label.text()
    message = window.status.message_label
    assert bad.name in message.text() and message.isVisible()  # the import's status message …
    counts = window.counts_label
    assert counts.isVisible() and counts.text().startswith("38 papers")  # … beside the counts
    assert counts.geometry().right() < message.geometry().left()
    assert window.width() == 1024 and window.splitter.sizes() == sizes
