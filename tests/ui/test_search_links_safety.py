"""Search as you type, link safety, digest text shown literally, the list model."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices

from reader.core.model import Filter, FilterKind, Link, LinkKind, State
from reader.ui import detail as detail_mod
from reader.ui import query_spec
from reader.ui.detail import SafeTextBrowser, highlighted_html, open_url, search_elsewhere_urls
from reader.ui.paper_links import link_widget
from reader.ui.paper_model import Column, PaperTableModel, QuerySpec, Role, fetch_first_page

AS_OF = dt.date(2026, 11, 26)


@pytest.fixture
def opened(monkeypatch):  # noqa: ANN001, ANN201
    calls: list[str] = []

    def fake(url: QUrl) -> bool:
        calls.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(fake))
    return calls


def test_search_as_you_type_narrows_the_list(qtbot, window, idle):  # noqa: ANN001
    w = window
    w.go(Filter())
    idle(w)
    assert w.model.rowCount() == 38
    w.search_box.setFocus()
    qtbot.keyClicks(w.search_box, "transformer")
    idle(w)
    expected = w.library.query("transformer", Filter(), None, 0, 100)
    assert 0 < w.model.rowCount() == expected.total < 38
    assert [w.model.id_at(r) for r in range(w.model.rowCount())] == [r.id for r in expected.rows]
    assert w.model.data(w.model.index(0, Column.TITLE), Role.SCORE) is not None  # relevance order
    # the abstract highlights the terms, escaped
    html = w.detail.abstract.toHtml()
    assert "background-color" in html
    # refine further
    qtbot.keyClicks(w.search_box, " AND has:code")
    idle(w)
    narrower = w.library.query("transformer AND has:code", Filter(), None, 0, 100)
    assert w.model.rowCount() == narrower.total <= expected.total
    # Esc clears the search
    qtbot.keyClick(w.search_box, Qt.Key.Key_Escape)
    idle(w)
    assert w.search_box.text() == ""
    assert w.model.rowCount() == 38


def test_bad_query_shows_one_line_error(qtbot, window, idle):  # noqa: ANN001
    w = window
    w.search_box.setFocus()
    qtbot.keyClicks(w.search_box, "title:(diffusion")
    idle(w)
    assert w.search_error.isVisible()
    assert "parenthes" in w.search_error.text()
    assert "\n" not in w.search_error.text()
    assert w.model.rowCount() == 38  # the list keeps the last good result
    qtbot.keyClick(w.search_box, Qt.Key.Key_Backspace)
    w.search_box.setText("nosuchfield:x")
    idle(w)
    assert "unknown field" in w.search_error.text()
    w.search_box.clear()
    idle(w)
    assert not w.search_error.isVisible()


def test_stale_search_results_are_dropped(qtbot, window, idle):  # noqa: ANN001
    w = window
    w.go(Filter())
    idle(w)
    for text in ("diffusion", "transformer", "benchmark"):
        w.search_box.setText(text)
        w.lists.run_search_now()
    idle(w)
    assert w.spec.text == "benchmark"
    expected = w.library.query("benchmark", Filter(), None, 0, 100)
    assert w.model.rowCount() == expected.total


def test_open_url_only_http_and_https(opened):  # noqa: ANN001
    assert open_url("https://github.com/a/b")
    assert open_url("http://example.org/x?q=1")
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>alert(1)</script>",
                "ftp://example.org/x", "custom://x", "  JAVASCRIPT:alert(1)", "//evil.example/x",
                "https:///nohost", ""):
        assert not open_url(bad), bad
    assert opened == ["https://github.com/a/b", "http://example.org/x?q=1"]


def test_code_link_key_and_link_buttons(qtbot, window, idle, opened):  # noqa: ANN001
    w = window
    w.go(Filter(FilterKind.HAS_CODE))
    idle(w)
    paper = w.current_paper()
    assert paper is not None and paper.code_links
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_O)
    assert opened == [paper.code_links[0].url]
    buttons = [b for b in w.detail.links_box.findChildren(detail_mod.QPushButton)]
    assert buttons and all(b.accessibleName() for b in buttons)
    qtbot.mouseClick(buttons[-1], Qt.MouseButton.LeftButton)
    assert opened[-1].startswith("https://")
    # search elsewhere: built from the title, URL-encoded
    qtbot.mouseClick(w.detail.elsewhere_buttons[2], Qt.MouseButton.LeftButton)
    assert opened[-1].startswith("https://scholar.google.com/scholar?q=")
    assert " " not in opened[-1]


def test_unsafe_links_are_shown_not_opened(qtbot, opened):  # noqa: ANN001
    widget = link_widget(Link("javascript:alert(1)", LinkKind.OTHER))
    qtbot.addWidget(widget)
    assert not isinstance(widget, detail_mod.QPushButton)
    assert "javascript:alert(1)" in widget.text()
    # clicking an anchor in a rendered view goes through open_url too
    view = SafeTextBrowser()
    qtbot.addWidget(view)
    view.anchorClicked.emit(QUrl("file:///etc/passwd"))
    view.anchorClicked.emit(QUrl("https://ok.example/"))
    assert opened == ["https://ok.example/"]
    assert view.loadResource(2, QUrl("https://evil.example/x.png")) is None


def test_search_elsewhere_urls_are_encoded():
    urls = dict((label, url) for label, _, url in search_elsewhere_urls('A "B" & C <script>'))
    assert urls["arXiv"].startswith("https://arxiv.org/search/?query=A+%22B%22+%26+C+%3Cscript%3E")
    assert all(u.startswith("https://") for u in urls.values())


EVIL_DIGEST = """Dec 30

<img src=x onerror=alert(1)> Evil <b>Title</b>

Abstract with <script>alert("x")</script> and <a href="javascript:alert(1)">a link</a> &amp; more diffusion.

  • 2 authors
·
Dec 29, 2025 4
"""


def test_html_in_digest_text_is_shown_literally(qtbot, window, idle, tmp_path):  # noqa: ANN001
    w = window
    src = tmp_path / "evil.txt"
    src.write_text(EVIL_DIGEST, encoding="utf-8")
    with qtbot.waitSignal(w.importFinished, timeout=20000):
        w.import_paths([src], as_of=AS_OF)
    idle(w)
    w.go(Filter())
    idle(w)
    w.search_box.setText("diffusion evil")
    idle(w)
    row = next(r for r in range(w.model.rowCount()) if "Evil" in w.model.data(w.model.index(r, Column.TITLE)))
    w.move_current(row - w.view.currentIndex().row())
    paper = w.detail.paper
    assert paper is not None and paper.title.startswith("<img src=x")
    assert w.detail.title.text() == paper.title
    assert w.detail.title.textFormat() == Qt.TextFormat.PlainText
    html = w.detail.abstract.toHtml()
    assert "<script" not in html and "<a href" not in html and "<img" not in html
    text = w.detail.abstract.toPlainText()
    assert '<script>alert("x")</script>' in text
    assert "&amp; more" in text
    assert w.model.data(w.model.index(row, Column.TITLE)) == paper.title


def test_highlighted_html_escapes_everything():
    out = highlighted_html("<b>x</b> diffusion <script>", [(9, 18)], "#3daee9", "#ffffff")
    assert out.startswith("&lt;b&gt;x&lt;/b&gt; ")
    assert "<b>diffusion</b>" in out
    assert out.endswith("&lt;script&gt;")


def test_model_passes_qtmodeltester(qtmodeltester, sample_library, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(query_spec, "PAGE_SIZE", 7)  # several pages for 38 rows
    model = PaperTableModel(sample_library)
    spec = QuerySpec(filter=Filter())
    model.load(spec, fetch_first_page(sample_library, spec))
    assert model.rowCount() == 38
    qtmodeltester.check(model, force_py=True)
    assert len({model.id_at(r) for r in range(38)}) == 38
    # sorting re-queries through the library (no proxy)
    sorts = []
    model.sortRequested.connect(sorts.append)
    model.sort(Column.UPVOTES, Qt.SortOrder.DescendingOrder)
    assert sorts and sorts[0].key.value == "upvotes" and sorts[0].descending
    spec2 = QuerySpec(filter=Filter(), sort=sorts[0])
    model.load(spec2, fetch_first_page(sample_library, spec2))
    ids = [model.id_at(r) for r in range(38)]
    votes = [model.row_at(r).upvotes for r in range(38)]
    present = [v for v in votes if v is not None]
    assert present == sorted(present, reverse=True)
    qtmodeltester.check(model, force_py=True)
    # rows hidden before a write lands (optimistic triage) keep the model consistent
    model = PaperTableModel(sample_library)
    model.load(spec2, fetch_first_page(sample_library, spec2))
    qtmodeltester.check(model, force_py=True)  # stays connected: checks the removals live
    gone = [model.id_at(3), model.id_at(20)]
    assert model.hide_ids(gone) == 2
    assert model.rowCount() == 36
    assert gone[0] not in [model.id_at(r) for r in range(36)]
    assert model.id_at(3) == ids[4] and model.id_at(19) == ids[21]
    assert model.row_of(gone[1]) is None and model.row_of(ids[21]) == 19
    model.load(spec2, fetch_first_page(sample_library, spec2))
    assert model.rowCount() == 38


def test_header_click_sorts_and_is_remembered(qtbot, window, idle, settings):  # noqa: ANN001
    w = window
    w.go(Filter())
    idle(w)
    w.lists.sort_by_column(Column.UPVOTES)
    idle(w)
    assert w.spec.sort is not None and w.spec.sort.key.value == "upvotes"
    w.view.horizontalHeader().sectionClicked.emit(Column.UPVOTES)  # the header's click
    idle(w)
    assert w.spec.sort is not None and not w.spec.sort.descending
    w.close()
    assert settings.value(f"{w.window_settings.library_group}/list/sort") == "upvotes"  # per library


def test_state_buttons_and_star_button(qtbot, window, idle):  # noqa: ANN001
    w = window
    pid = w.current_id()
    star = w.findChild(detail_mod.QToolButton, "starButton")
    qtbot.mouseClick(star, Qt.MouseButton.LeftButton)
    idle(w)
    assert w.library.get(pid).starred
    qtbot.mouseClick(w.detail.state_buttons[State.READING], Qt.MouseButton.LeftButton)
    idle(w)
    assert w.library.get(pid).state is State.READING
    w.undo_stack.undo()
    idle(w)
    assert w.library.get(pid).state is State.INBOX


def test_later_pages_load_off_the_gui_thread(qtbot, window, idle, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(query_spec, "PAGE_SIZE", 5)
    w = window
    w.go(Filter())
    idle(w)
    model = w.model
    assert model.rowCount() == 38
    model.load(model.spec, fetch_first_page(w.library, model.spec))  # only page 0 is cached now
    index = model.index(23, Column.TITLE)
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        assert model.data(index) == "…"  # not loaded yet: a placeholder, no blocking query
    idle(w)
    expected = w.library.query("", Filter(), None, 0, 100).rows[23]
    assert model.data(index) == expected.title
    assert model.data(index, Role.PAPER_ID) == expected.id


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
