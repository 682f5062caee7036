"""The detail pane's authors: "and N more" expands and collapses, a clicked name searches
``author:"Name"`` (quotes and apostrophes included) in the window."""

from __future__ import annotations

import datetime as dt

import pytest
from testutil import AS_OF, FIXTURES

from reader.core.library import Library
from reader.core.model import Filter, FilterKind, Paper, State
from reader.ui.authors_line import AUTHORS_SHOWN, author_query
from reader.ui.detail import DetailPane

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
TEX_DAY = FIXTURES / "hf-api-tex.json"


def paper_with(authors: list[str]) -> Paper:
    return Paper(
        id=1, key="k1", title="T", abstract="", authors=authors, author_count=len(authors),
        published=None, upvotes=None, links=[], state=State.INBOX, starred=False, tags=[], note="",
        digests=[], added_at=NOW, updated_at=NOW)




def anchors(pane: DetailPane) -> int:
    return pane.authors.text().count("<a href='author:")


def test_and_more_expands_on_click_and_collapses_again(pane: DetailPane) -> None:
    names = [f"Author {i}" for i in range(14)]
    pane.show_paper(paper_with(names))
    assert anchors(pane) == AUTHORS_SHOWN == 6
    assert "and 8 more" in pane.authors.text() and "Author 6<" not in pane.authors.text()
    pane.authors.linkActivated.emit("more")  # what QLabel emits for a click on the link
    assert anchors(pane) == 14 and "Author 13" in pane.authors.text()
    assert "and 8 more" not in pane.authors.text() and "show fewer" in pane.authors.text()
    pane.authors.linkActivated.emit("less")
    assert anchors(pane) == 6 and "and 8 more" in pane.authors.text()
    # another paper starts collapsed; a short list has nothing to expand
    pane.authors.linkActivated.emit("more")
    pane.show_paper(paper_with(names))  # the same paper again (a refresh) stays expanded
    assert anchors(pane) == 14
    pane.show_paper(Paper(**{**paper_with(["A", "B"]).__dict__, "id": 2}))
    assert anchors(pane) == 2 and "more" not in pane.authors.text() and "fewer" not in pane.authors.text()


def test_a_clicked_name_asks_for_an_author_search(qtbot, pane: DetailPane) -> None:  # noqa: ANN001
    pane.show_paper(paper_with(["Ana Ferreira", "Seán O'Brien"]))
    with qtbot.waitSignal(pane.authorSearchRequested, timeout=2000) as blocker:
        pane.authors.linkActivated.emit("author:1")
    assert blocker.args == ["author:\"Seán O'Brien\""]
    with qtbot.assertNotEmitted(pane.authorSearchRequested):
        pane.authors.linkActivated.emit("author:9")  # no such author
        pane.authors.linkActivated.emit("javascript:alert(1)")


def test_names_are_escaped_and_their_tex_shown_as_unicode(pane: DetailPane) -> None:
    pane.show_paper(paper_with(["<b>Bold</b> & Co", 'J\\"urgen M\\"uller']))
    text = pane.authors.text()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in text and "<b>" not in text
    assert "Jürgen Müller" in text


def test_a_count_or_nothing_when_the_digest_names_nobody(pane: DetailPane) -> None:
    p = paper_with([])
    pane.show_paper(Paper(**{**p.__dict__, "author_count": 4}))
    assert pane.authors.text() == "4 authors"
    pane.show_paper(Paper(**{**p.__dict__, "author_count": None}))
    assert pane.authors.text() == "Authors unknown"


@pytest.mark.parametrize("name", ["Seán O'Brien", 'Dwayne "The Rock" Jones', 'Jürgen M\\"uller',
                                  "A (B) [C]: D -- E*?", 'only "quotes"'])
def test_author_queries_parse(library: Library, name: str) -> None:
    query = author_query(name)
    assert query.startswith('author:"') and query.endswith('"') and query.count('"') == 2
    assert library.check_query(query) is None


@pytest.mark.parametrize("index", [1, 2])  # O'Brien, and a name with double quotes
def test_clicking_a_name_runs_the_author_search_in_the_window(qtbot, window_for, library, idle,  # noqa: ANN001
                                                               index: int) -> None:
    library.import_files([TEX_DAY], as_of=AS_OF)
    w = window_for(library)
    w.go(Filter(FilterKind.ALL))
    idle(w)
    target = next(p for p in library.get_many([1, 2]) if len(p.authors) > 6)
    row = w.model.row_of(target.id)
    assert row is not None
    w.move_current(row - w.view.currentIndex().row())
    idle(w)
    assert w.detail.paper is not None and w.detail.paper.id == target.id
    w.detail.authors.linkActivated.emit(f"author:{index}")
    idle(w)
    assert w.search_box.text() == author_query(target.authors[index])
    assert w.lists.spec.text == w.search_box.text()
    assert not w.search_bar.error.isVisibleTo(w)
    ids = [w.model.id_at(r) for r in range(w.model.rowCount())]
    assert ids == [target.id]
    w.close()
