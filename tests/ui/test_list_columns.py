"""The list's columns in the window: the state column, the column chooser (the header's context
menu), what a restart keeps (hidden, moved, resized columns; a header saved by the five-column
version), and the Title column's stretch with a minimum width."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from reader.core.model import Filter, State
from reader.ui.paper_columns import DEFAULT_ORDER, Column, column_name
from reader.ui.paper_model import Role
from reader.ui.widgets.paper_list import LEGACY_COLUMNS, TITLE_MIN, PaperTableView


def _visible(view: QTableView) -> list[Column]:
    """The shown columns, left to right."""
    header = view.horizontalHeader()
    order = [Column(header.logicalIndex(v)) for v in range(header.count())]
    return [c for c in order if not header.isSectionHidden(c)]


def _entries(view: PaperTableView) -> dict[str, tuple[bool, bool]]:
    """The chooser's entries: name → (checked, enabled), in menu order."""
    menu = view.column_menu()
    return {a.text(): (a.isChecked(), a.isEnabled()) for a in menu.actions()
            if a.isCheckable()}


def _toggle(view: PaperTableView, column: Column) -> None:
    action = next(a for a in view.column_menu().actions() if a.text() == column_name(column))
    action.trigger()


def test_the_state_column_shows_each_papers_state_next_to_the_star(window, idle) -> None:  # noqa: ANN001
    w = window
    assert _visible(w.view) == [Column.STAR, Column.STATE, Column.TITLE, Column.PUBLISHED,
                                Column.UPVOTES, Column.CODE]
    w.lists.set_filter(Filter())
    idle(w)
    index = w.model.index(0, Column.STATE)
    pid = w.model.data(index, Role.PAPER_ID)
    w.library.set_state([pid], State.DONE)
    w.refresh()
    idle(w)
    row = w.model.row_of(pid)
    assert row is not None
    index = w.model.index(row, Column.STATE)
    assert w.model.data(index, Role.STATE) == "done"
    assert w.model.data(index, 3) == "Done"  # tooltip
    assert not w.model.data(index, 1).isNull()  # an icon (DecorationRole)


def test_a_click_on_the_state_header_does_not_sort(qtbot, window, idle) -> None:  # noqa: ANN001
    w = window
    before = w.lists.spec
    header = w.view.horizontalHeader()
    indicator = header.sortIndicatorSection()
    x = header.sectionViewportPosition(Column.STATE) + header.sectionSize(Column.STATE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert w.lists.spec == before
    assert header.sortIndicatorSection() == indicator != Column.STATE
    w.view.horizontalHeader().sectionClicked.emit(Column.ADDED)
    assert w.lists.spec.sort is not None and w.lists.spec.sort.key.value == "added"
    idle(w)


def test_the_chooser_lists_every_column_and_title_stays(window) -> None:  # noqa: ANN001
    view = window.view
    entries = _entries(view)
    assert list(entries) == [column_name(c) for c in DEFAULT_ORDER]  # the header's order
    assert set(entries) >= {"State", "Tags", "Authors", "Added", "Queue position", "Notes"}
    assert entries["Title"] == (True, False)  # cannot be hidden
    assert entries["State"] == (True, True) and entries["Authors"] == (False, True)
    _toggle(view, Column.AUTHORS)
    _toggle(view, Column.STATE)
    assert Column.AUTHORS in _visible(view) and Column.STATE not in _visible(view)
    assert _entries(view)["Authors"] == (True, True)
    reset = next(a for a in view.column_menu().actions() if a.text() == "Reset Columns")
    view.horizontalHeader().moveSection(0, 5)
    reset.trigger()
    assert _visible(view)[:3] == [Column.STAR, Column.STATE, Column.TITLE]
    assert Column.AUTHORS not in _visible(view)


def test_hidden_moved_and_resized_columns_survive_a_restart(sample_library, window_for) -> None:  # noqa: ANN001
    w = window_for(sample_library)
    header = w.view.horizontalHeader()
    _toggle(w.view, Column.AUTHORS)  # shown
    _toggle(w.view, Column.TAGS)
    header.moveSection(header.visualIndex(Column.UPVOTES), 0)
    header.resizeSection(Column.PUBLISHED, 140)
    shown = _visible(w.view)
    assert shown[0] is Column.UPVOTES and Column.AUTHORS in shown
    w.close()

    again = window_for(sample_library)
    assert _visible(again.view) == shown
    assert again.view.horizontalHeader().sectionSize(Column.PUBLISHED) == 140
    _toggle(again.view, Column.AUTHORS)  # hide Authors, restart: still hidden
    again.close()

    third = window_for(sample_library)
    assert _visible(third.view) == [c for c in shown if c is not Column.AUTHORS]
    assert third.view.horizontalHeader().sectionResizeMode(Column.STAR) == QHeaderView.ResizeMode.Fixed
    third.close()


def _five_column_state(qtbot) -> QByteArray:  # noqa: ANN001
    """A header as the five-column list saved it: Upvotes moved first, Code hidden."""
    from PySide6.QtGui import QStandardItemModel

    old = QTableView()
    qtbot.addWidget(old)
    old.setModel(QStandardItemModel(1, LEGACY_COLUMNS))
    header = old.horizontalHeader()
    header.moveSection(Column.UPVOTES, 0)
    header.resizeSection(Column.PUBLISHED, 150)
    header.setSectionHidden(Column.CODE, True)
    return header.saveState()


def test_a_header_saved_with_five_columns_restores(qtbot, window) -> None:  # noqa: ANN001
    view = window.view
    view.restore_header(_five_column_state(qtbot))
    assert _visible(view) == [Column.UPVOTES, Column.STAR, Column.STATE, Column.TITLE, Column.PUBLISHED]
    header = view.horizontalHeader()
    assert header.count() == len(Column)
    assert header.sectionSize(Column.PUBLISHED) == 150
    assert all(header.isSectionHidden(c) for c in (Column.TAGS, Column.AUTHORS, Column.NOTES))
    assert header.sectionSize(Column.STATE) > 0


def test_a_header_that_is_not_ours_changes_nothing(window) -> None:  # noqa: ANN001
    view = window.view
    before = bytes(view.save_header().data())
    view.restore_header(QByteArray(b"digest-reader-columns:x"))
    view.restore_header(QByteArray(b"garbage"))
    assert bytes(view.save_header().data()) == before


def test_title_stretches_but_keeps_a_minimum_width(qtbot) -> None:  # noqa: ANN001
    from reader.ui.paper_model import PaperTableModel
    from reader.ui.query_spec import QuerySpec

    model = PaperTableModel(None)  # type: ignore[arg-type]
    model.clear(QuerySpec())
    view = PaperTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setup_header(view.fontMetrics())
    header = view.horizontalHeader()
    view.resize(900, 300)
    view.show()
    qtbot.waitExposed(view)
    others = sum(header.sectionSize(c) for c in Column
                 if c is not Column.TITLE and not header.isSectionHidden(c))
    qtbot.waitUntil(lambda: header.sectionSize(Column.TITLE) == view.viewport().width() - others)
    assert header.sectionSize(Column.TITLE) > TITLE_MIN
    view.resize(others + 100, 300)  # too narrow: Title keeps its minimum, the list scrolls
    qtbot.waitUntil(lambda: header.sectionSize(Column.TITLE) == TITLE_MIN)
    assert header.length() > view.viewport().width()
    view.resize(1000, 300)  # wide again: Title takes the room
    qtbot.waitUntil(lambda: header.sectionSize(Column.TITLE) == view.viewport().width() - others)


def test_a_right_click_on_the_header_opens_the_chooser(qtbot, window) -> None:  # noqa: ANN001
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMenu

    seen: list[list[str]] = []
    timer = QTimer()
    timer.setInterval(30)

    def close_it() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMenu) and widget.isVisible() and widget.objectName() == "columnChooser":
                seen.append([a.text() for a in widget.actions() if a.isCheckable()])
                widget.close()
                timer.stop()

    timer.timeout.connect(close_it)
    timer.start()
    header = window.view.horizontalHeader()
    header.customContextMenuRequested.emit(QPoint(10, header.height() // 2))  # returns once closed
    timer.stop()
    assert seen and seen[0][:3] == ["Starred", "State", "Title"]


def test_title_keeps_its_minimum_in_a_1024_window(window, idle) -> None:  # noqa: ANN001
    w = window
    w.resize(1024, 700)
    idle(w)
    header = w.view.horizontalHeader()
    assert header.sectionSize(Column.TITLE) >= TITLE_MIN
    others = sum(header.sectionSize(c) for c in Column
                 if c is not Column.TITLE and not header.isSectionHidden(c))
    assert header.sectionSize(Column.TITLE) == max(TITLE_MIN, w.view.viewport().width() - others)


def _eleven_column_state(qtbot) -> QByteArray:  # noqa: ANN001
    """A header as the eleven-column list (before Categories) saved it: Tags shown, Code moved first."""
    from PySide6.QtGui import QStandardItemModel

    from reader.ui.widgets.paper_list import HEADER_MARK

    old = QTableView()
    qtbot.addWidget(old)
    old.setModel(QStandardItemModel(1, 11))
    header = old.horizontalHeader()
    for hidden in (Column.AUTHORS, Column.ADDED, Column.QUEUE, Column.NOTES):
        header.setSectionHidden(hidden, True)
    header.moveSection(Column.CODE, 0)
    return QByteArray(HEADER_MARK + b"11:" + bytes(header.saveState().data()))


def test_the_categories_column_is_off_by_default_and_restores_after_tags(
        qtbot, tmp_path, window_for, idle) -> None:  # noqa: ANN001
    import datetime as dt
    import hashlib

    from reader.core.library import Library
    from reader.core.model import PaperMeta, ParsedDigest, ParsedPaper

    lib = Library.open(tmp_path / "lib")
    digest = ParsedDigest(format="arxiv-feed", digest_date=dt.date(2024, 5, 22), papers=[
        ParsedPaper(title="Tokens", arxiv_id="2405.00001", authors=["A. A"],
                    meta=PaperMeta(categories=("eess.AS", "cs.CL", "cs.SD")))])
    lib.store.store_digest(digest, "feed", hashlib.sha256(b"feed").hexdigest())
    lib.sync_index()
    try:
        w = window_for(lib)
        view = w.view
        assert Column.CATEGORIES not in _visible(view)
        assert _entries(view)["Categories"] == (False, True)
        _toggle(view, Column.CATEGORIES)
        assert _visible(view).index(Column.CATEGORIES) == _visible(view).index(Column.TITLE) + 1
        w.lists.set_filter(Filter())
        idle(w)
        index = w.model.index(0, Column.CATEGORIES)
        assert w.model.data(index) == "eess.AS +2"
        assert "cs.SD — Sound" in w.model.data(index, Qt.ItemDataRole.ToolTipRole)
        view.restore_header(_eleven_column_state(qtbot))  # saved before the column existed
        shown = _visible(view)
        assert shown[0] is Column.CODE and Column.TAGS in shown and Column.CATEGORIES not in shown
        header = view.horizontalHeader()
        assert header.visualIndex(Column.CATEGORIES) == header.visualIndex(Column.TAGS) + 1
        w.close()
    finally:
        lib.close()
