"""Per library: two libraries sharing one settings file each reopen on their own filter and
sort; a fresh library opens on the Inbox; the layout stays global; the title names the library."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings

from reader.core.library import Library
from reader.core.model import Filter, FilterKind, Sort, SortKey, State
from reader.ui.main_window import MainWindow
from reader.ui.paper_columns import Column

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "hf-daily-papers-sample.txt"
INBOX = Filter.state(State.INBOX)


def shown(window: MainWindow) -> tuple[Filter, Sort | None]:
    assert window.filter_pane.current_filter() == window.spec.filter  # the pane agrees
    return window.spec.filter, window.spec.sort


def test_two_libraries_reopen_on_their_own_filter_and_sort(qtbot, sample_library, tmp_path,  # noqa: ANN001
                                                           window_for, idle, settings) -> None:
    other = Library.open(tmp_path / "other")
    try:
        other.import_files([SAMPLE], as_of=dt.date(2026, 11, 26))
        a = window_for(sample_library)
        a.go(Filter.state(State.DONE))
        a.lists.sort_by_column(Column.TITLE)
        idle(a)
        a.splitter.setSizes([170, 700, 410])
        filters_width = a.splitter.sizes()[0]
        a.close()

        b = window_for(other)
        assert shown(b) == (INBOX, None)  # not the other library's Done list
        assert b.splitter.sizes()[0] == filters_width  # the layout is the user's, everywhere
        b.go(Filter(FilterKind.STARRED))
        b.lists.sort_by_column(Column.UPVOTES)
        idle(b)
        b.close()

        a = window_for(sample_library)
        assert shown(a) == (Filter.state(State.DONE), Sort(SortKey.TITLE, descending=False))
        a.close()
        b = window_for(other)
        assert shown(b) == (Filter(FilterKind.STARRED), Sort(SortKey.UPVOTES, descending=True))
        b.close()
        settings.beginGroup("libraries")
        paths = {settings.value(f"{g}/path") for g in settings.childGroups()}
        settings.endGroup()
        assert {str(sample_library.root.resolve()), str(other.root.resolve())} <= paths
    finally:
        other.close()


def test_a_fresh_library_opens_on_the_inbox(qtbot, sample_library, tmp_path, window_for, idle) -> None:  # noqa: ANN001
    a = window_for(sample_library)
    a.go(Filter.state(State.QUEUED))
    idle(a)
    a.close()
    fresh = Library.open(tmp_path / "fresh")
    try:
        w = window_for(fresh)
        assert shown(w) == (INBOX, None)
        w.close()
    finally:
        fresh.close()


def test_an_old_global_filter_starts_the_first_library_but_not_a_digest(qtbot, sample_library, tmp_path,  # noqa: ANN001
                                                                       window_for, settings) -> None:
    settings.setValue("list/filter", "digest:16")  # written by an earlier version, any library
    settings.setValue("list/sort", "-upvotes")
    w = window_for(sample_library)
    assert shown(w) == (INBOX, Sort(SortKey.UPVOTES, descending=True))
    w.close()


def test_the_title_names_the_library_and_about_gives_its_path(qtbot, library, settings) -> None:  # noqa: ANN001
    w = MainWindow(library, settings=settings)
    qtbot.addWidget(w)
    assert w.windowTitle() == f"Digest Reader — {library.root.name}"
    assert str(library.root) in w.about_text()
    w.close()


def test_a_demo_window_says_demo_and_forgets_its_list(qtbot, library, tmp_path) -> None:  # noqa: ANN001
    settings = QSettings(str(tmp_path / "demo.ini"), QSettings.Format.IniFormat)
    w = MainWindow(library, settings=settings, demo=True)
    qtbot.addWidget(w)
    assert w.windowTitle() == "Digest Reader — demo"
    w.set_filter(Filter.state(State.QUEUED))
    w.close()
    again = MainWindow(library, settings=settings, demo=True)
    qtbot.addWidget(again)
    assert again.spec.filter == INBOX  # a demo library is new each run: so is its list
    again.close()


def test_a_digest_or_tag_list_comes_back_in_its_own_library(qtbot, sample_library, window_for, idle) -> None:  # noqa: ANN001
    digest = Filter(FilterKind.DIGEST, str(sample_library.digests()[0].id))
    a = window_for(sample_library)
    assert a.filter_pane.filter_for(digest.key) == digest
    a.go(digest)
    idle(a)
    a.close()
    b = window_for(sample_library)
    qtbot.waitUntil(lambda: b.spec.filter == digest)  # once the pane lists the library's digests
    idle(b)
    assert b.filter_pane.current_filter() == digest and b.model.rowCount() == 38
    b.add_tags(["rl"], [b.model.id_at(0) or 0])
    idle(b)
    b.go(Filter(FilterKind.TAG, "rl"))
    idle(b)
    b.close()
    c = window_for(sample_library)
    qtbot.waitUntil(lambda: c.spec.filter == Filter(FilterKind.TAG, "rl"))
    c.close()
