"""Getting to the paper: Open PDF (p), Open Paper Page (Shift+O) never opens a code link, Copy
Link copies the same URL, and a browser that does not start is explained with Copy Link.

The browser is replaced through the window's opener seam (``triage.opener.opener``), not by
patching Qt."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from testutil import AS_OF, HF_API

from reader.core.library import Library
from reader.core.links import title_search_url
from reader.core.model import Filter, FilterKind
from reader.ui.actions import ACTIONS, Action
from reader.ui.safe_text import OpenFailedBox


class FakeBrowser:
    def __init__(self, works: bool = True) -> None:
        self.works = works
        self.urls: list[str] = []

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url.toString())
        return self.works


@pytest.fixture
def hf_library(library: Library) -> Library:
    """Papers with arXiv ids (the Hugging Face API gives them)."""
    report = library.import_files([HF_API / "2024-05-27.json"], as_of=AS_OF)
    assert report.new > 5
    return library


def browser_for(window, monkeypatch, works: bool = True) -> tuple[FakeBrowser, list[int]]:  # noqa: ANN001
    fake = FakeBrowser(works)
    window.triage.opener.opener = fake
    marked: list[int] = []
    monkeypatch.setattr(window.library, "mark_opened", marked.append)
    return fake, marked


def test_open_pdf_is_p_in_the_paper_menu_after_open_page() -> None:
    order = list(ACTIONS)
    assert order.index(Action.OPEN_PDF) == order.index(Action.OPEN_PAGE) + 1
    assert ACTIONS[Action.OPEN_PDF].menu == "Paper" and ACTIONS[Action.OPEN_PDF].keys == ("P",)


def test_p_opens_the_arxiv_pdf_and_marks_the_paper_opened(qtbot, window_for, hf_library, idle,  # noqa: ANN001
                                                           monkeypatch) -> None:  # noqa: ANN001
    w = window_for(hf_library)
    fake, marked = browser_for(w, monkeypatch)
    w.go(Filter(FilterKind.ALL))
    idle(w)
    paper = w.current_paper()
    assert paper is not None and paper.arxiv_id
    w.view.setFocus()
    with qtbot.waitSignal(w.writeFinished, timeout=10000):
        qtbot.keyClick(w.view, Qt.Key.Key_P)
    assert fake.urls == [f"https://arxiv.org/pdf/{paper.arxiv_id}"]
    assert marked == [paper.id]
    # Shift+O: the arXiv abstract page
    with qtbot.waitSignal(w.writeFinished, timeout=10000):
        qtbot.keyClick(w.view, Qt.Key.Key_O, Qt.KeyboardModifier.ShiftModifier)
    assert fake.urls[-1] == f"https://arxiv.org/abs/{paper.arxiv_id}"
    idle(w)
    w.close()


def test_no_pdf_without_an_arxiv_id_says_why(qtbot, window, idle, monkeypatch) -> None:  # noqa: ANN001
    w = window
    fake, marked = browser_for(w, monkeypatch)
    w.go(Filter(FilterKind.ALL))
    idle(w)
    paper = w.current_paper()
    assert paper is not None and paper.arxiv_id is None
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_P)
    assert w.statusBar().currentMessage() == "No PDF known for this paper: it has no arXiv id"
    assert fake.urls == [] and marked == []


def test_open_page_of_a_paper_with_only_code_is_a_search_never_the_code(  # noqa: ANN001
        qtbot, window, idle, monkeypatch) -> None:  # noqa: ANN001
    w = window
    fake, marked = browser_for(w, monkeypatch)
    w.go(Filter(FilterKind.HAS_CODE))
    idle(w)
    paper = w.current_paper()
    assert paper is not None and paper.code_links and paper.arxiv_id is None
    w.view.setFocus()
    with qtbot.waitSignal(w.writeFinished, timeout=10000):
        qtbot.keyClick(w.view, Qt.Key.Key_O, Qt.KeyboardModifier.ShiftModifier)
    assert fake.urls == [title_search_url(paper.title)]
    assert not any("github.com" in u or "gitlab.com" in u for u in fake.urls)
    assert marked == [paper.id]
    # Copy Link copies the very URL Open Paper Page opened
    QGuiApplication.clipboard().clear()
    w.trigger(Action.COPY_LINK)
    assert QGuiApplication.clipboard().text() == fake.urls[0]
    idle(w)


def test_a_browser_that_does_not_start_is_explained_with_copy_link(  # noqa: ANN001
        qtbot, window, idle, monkeypatch) -> None:  # noqa: ANN001
    w = window
    fake, marked = browser_for(w, monkeypatch, works=False)
    monkeypatch.setattr("reader.ui.safe_text.no_browser_reason", lambda: "xdg-open is not installed")
    w.go(Filter(FilterKind.HAS_CODE))
    idle(w)
    paper = w.current_paper()
    assert paper is not None
    code = paper.code_links[0].url
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_O)
    assert fake.urls == [code]
    box = w.triage.open_failed_box
    assert isinstance(box, OpenFailedBox)
    assert box.isVisible() and not box.isModal()
    assert "xdg-open is not installed" in box.text()
    assert code in box.informativeText()
    assert w.statusBar().currentMessage() == "Not opened: xdg-open is not installed"
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(box.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == code
    assert w.statusBar().currentMessage() == f"Copied {code}"
    # a page that could not be opened is not marked opened
    qtbot.keyClick(w.view, Qt.Key.Key_O, Qt.KeyboardModifier.ShiftModifier)
    assert fake.urls[-1] == title_search_url(paper.title)
    assert w.triage.open_failed_box is not box and w.triage.open_failed_box.url == fake.urls[-1]
    idle(w)
    assert marked == []
    w.triage.open_failed_box.close()


def test_the_detail_panes_link_buttons_use_the_same_opener(qtbot, window, idle, monkeypatch) -> None:  # noqa: ANN001
    w = window
    fake, _ = browser_for(w, monkeypatch, works=False)
    w.go(Filter(FilterKind.HAS_CODE))
    idle(w)
    buttons = [b for b in w.detail.links_box.findChildren(type(w.detail.elsewhere_buttons[0]))]
    assert buttons
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert fake.urls == [buttons[0].toolTip()]
    assert w.triage.open_failed_box is not None and w.triage.open_failed_box.url == fake.urls[0]
    w.triage.open_failed_box.close()
