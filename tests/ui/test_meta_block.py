"""Issue 13: the detail pane shows what the digests said about a paper (``PaperMeta``):
categories with the primary marked, version and its date, comments, journal, DOI as a link to
doi.org, the day Hugging Face featured it, GitHub stars, the project page as a link; digest
text shown as text; nothing for a paper without metadata; a long comment widens nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication
from test_detail_pane import make_paper

from reader.core.library import Library
from reader.core.model import PaperMeta, ParsedDigest, ParsedPaper
from reader.ui.detail import DetailPane
from reader.ui.widgets.pane_layout import DETAIL

FULL = PaperMeta(
    categories=("cs.CL", "cs.AI", "cs.LG"),
    comments="13 pages, 10 figures. arXiv admin note: text overlap with arXiv:2310.01614",
    journal_ref="Nature 612 (2024) 33-39",
    doi="10.1038/s41586-024-00001-x",
    version=2,
    revised=dt.date(2024, 5, 21),
    featured_on=dt.date(2024, 5, 22),
    github_stars=1532,
    project_page="https://slab.example.org/",
)
LONG_COMMENT = ("Accepted at a workshop; " + "supplementary-material-without-any-spaces-" * 12
                + " and then a comment that goes on and on" * 30)


def opened(pane: DetailPane) -> list[str]:
    urls: list[str] = []

    def fake(url: QUrl) -> bool:
        urls.append(url.toString())
        return True

    pane.opener.opener = fake
    return urls


def test_every_known_field_is_shown_in_reading_order(pane: DetailPane) -> None:
    pane.show_paper(make_paper(1, meta=FULL))
    block = pane.meta_block
    assert block.isVisible()
    assert block.rows() == FULL.described()  # the one wording show and the pane share
    assert [label for label, _ in block.rows()] == [
        "Categories", "Version", "Comments", "Journal", "DOI", "On Hugging Face", "GitHub stars",
        "Project page"]
    cats = block.value_label("Categories")
    assert cats is not None and cats.text() == "cs.CL (primary) · cs.AI · cs.LG"
    tip = cats.toolTip()
    assert "cs.CL — Computation and Language (primary)" in tip and "cs.LG — Machine Learning" in tip
    assert block.value_label("Version").text() == "v2 of 2024-05-21"
    assert block.value_label("GitHub stars").text() == "1,532"
    assert block.value_label("On Hugging Face").text() == "2024-05-22"


def test_doi_and_project_page_are_links_through_the_panes_opener(pane: DetailPane) -> None:
    urls = opened(pane)
    pane.show_paper(make_paper(1, meta=FULL))
    doi = pane.meta_block.value_label("DOI")
    assert doi is not None and doi.textFormat() == Qt.TextFormat.RichText
    assert doi.toolTip() == "https://doi.org/10.1038/s41586-024-00001-x"
    doi.linkActivated.emit("ignored")  # what a click on the link does: the URL is the pane's own
    page = pane.meta_block.value_label("Project page")
    page.linkActivated.emit("ignored")
    assert urls == ["https://doi.org/10.1038/s41586-024-00001-x", "https://slab.example.org/"]
    assert not doi.openExternalLinks() and not page.openExternalLinks()


def test_metadata_is_digest_text_shown_as_text_never_markup(pane: DetailPane) -> None:
    urls = opened(pane)
    meta = PaperMeta(comments='<b>bold</b> & <a href="https://evil.example">x</a>',
                     doi="10.1000/a<b>\"c", project_page="javascript:alert(1)")
    pane.show_paper(make_paper(1, meta=meta))
    comments = pane.meta_block.value_label("Comments")
    assert comments.textFormat() == Qt.TextFormat.PlainText and comments.text() == meta.comments
    doi = pane.meta_block.value_label("DOI")
    assert "<b>" not in doi.text() and "&lt;b&gt;" in doi.text()  # escaped inside the link
    doi.linkActivated.emit("https://evil.example")
    assert urls == ["https://doi.org/10.1000/a%3Cb%3E%22c"]  # never the href a label was given
    page = pane.meta_block.value_label("Project page")
    assert page.textFormat() == Qt.TextFormat.PlainText and "not opened" in page.text()


def test_nothing_is_shown_for_a_paper_without_metadata(pane: DetailPane) -> None:
    pane.show_paper(make_paper(1, meta=FULL))
    assert pane.meta_block.isVisible()
    pane.show_paper(make_paper(2))  # PaperMeta(): nothing known
    assert not pane.meta_block.isVisible() and pane.meta_block.rows() == []
    pane.show_paper(make_paper(3, meta=PaperMeta(github_stars=0)))  # 0 stars is known
    assert pane.meta_block.rows() == [("GitHub stars", "0")]
    pane.show_paper(make_paper(4, meta=PaperMeta(revised=dt.date(2024, 1, 2))))
    assert pane.meta_block.rows() == [("Revised", "2024-01-02")]


def test_a_long_comment_wraps_inside_the_pane(qtbot, pane: DetailPane) -> None:  # noqa: ANN001
    pane.show_paper(make_paper(1))
    QApplication.sendPostedEvents()
    minimum = pane.minimumSizeHint().width()
    pane.show_paper(make_paper(2, meta=PaperMeta(comments=LONG_COMMENT, journal_ref=LONG_COMMENT)))
    QApplication.sendPostedEvents()
    qtbot.waitUntil(lambda: pane.meta_block.value_label("Comments").isVisible(), timeout=3000)
    assert pane.minimumSizeHint().width() <= minimum  # asks for no more room than before
    assert pane.width() == 600
    value = pane.meta_block.value_label("Comments")
    assert value.wordWrap() and value.geometry().right() <= pane.meta_block.width()
    assert value.height() > 3 * value.fontMetrics().height()  # wrapped onto several lines


def _store(lib: Library, *papers: ParsedPaper) -> None:
    digest = ParsedDigest(format="arxiv-feed", papers=list(papers), digest_date=dt.date(2024, 5, 22))
    lib.store.store_digest(digest, "feed", hashlib.sha256(b"feed").hexdigest())
    lib.sync_index()


def test_in_the_window_metadata_changes_no_size(qtbot, tmp_path: Path, window_for, idle) -> None:  # noqa: ANN001
    lib = Library.open(tmp_path / "lib")
    long = PaperMeta(categories=("cs.CL", "cs.AI", "cs.LG", "stat.ML", "eess.AS", "cs.SD"),
                     comments=LONG_COMMENT, journal_ref=LONG_COMMENT, doi="10.1000/" + "x" * 300,
                     project_page="https://example.org/" + "deep/" * 60)
    _store(lib, ParsedPaper(title="Long metadata", arxiv_id="2405.00001", authors=["A. A"], meta=long),
           ParsedPaper(title="Plain paper", arxiv_id="2405.00002", authors=["B. B"]),
           ParsedPaper(title="Some metadata", arxiv_id="2405.00003", authors=["C. C"], meta=FULL))
    try:
        w = window_for(lib)
        for width, height in ((1280, 800), (1024, 700)):
            w.resize(width, height)
            qtbot.waitUntil(lambda width=width: w.width() == width, timeout=5000)
            QApplication.sendPostedEvents()
            idle(w)
            sizes = w.splitter.sizes()
            for row in (0, 1, 2, 0, 2, 1):
                w.move_current(row - w.view.currentIndex().row())
                idle(w)
                qtbot.waitUntil(lambda r=row: w.detail.paper is not None
                                and w.detail.paper.id == w.model.id_at(r), timeout=5000)
                QApplication.sendPostedEvents()
                assert w.splitter.sizes() == sizes, w.detail.paper.title
                assert w.width() == width
                block = w.detail.meta_block
                assert block.isVisible() == (not w.detail.paper.meta.is_empty)
                if block.isVisible():
                    assert block.geometry().right() <= w.detail.width()
            assert sizes[DETAIL] > 0
        w.close()
    finally:
        lib.close()


def test_rows_are_reused_from_paper_to_paper_and_keep_nothing_of_the_last(pane: DetailPane) -> None:
    """j/k shows a new paper on every key: the block refills its rows instead of making
    widgets, and a row that was a link for one paper is plain text for the next."""
    urls = opened(pane)
    pane.show_paper(make_paper(1, meta=FULL))
    made = set(pane.meta_block.findChildren(type(pane.meta_block.value_label("DOI"))))
    # The DOI row (5th) now holds another field: plain text, no tooltip, no link.
    pane.show_paper(make_paper(2, meta=PaperMeta(categories=("cs.CV",), version=1, comments="c",
                                                 journal_ref="J", github_stars=3)))
    assert [label for label, _ in pane.meta_block.rows()] == [
        "Categories", "Version", "Comments", "Journal", "GitHub stars"]
    stars = pane.meta_block.value_label("GitHub stars")
    assert stars is not None and stars.textFormat() == Qt.TextFormat.PlainText
    assert stars.text() == "3" and stars.toolTip() == ""
    stars.linkActivated.emit("https://evil.example")
    assert urls == []  # a plain row opens nothing
    assert pane.meta_block.value_label("DOI") is None
    assert set(pane.meta_block.findChildren(type(stars))) == made  # no widget made or deleted
    pane.show_paper(make_paper(3))
    assert not pane.meta_block.isVisible() and pane.meta_block.rows() == []
