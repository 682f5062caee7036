"""The search box means what it says (issue 10): the query table typed into the window,
and the scope of a search shown next to the box, with the way out to all papers."""

from __future__ import annotations

from pathlib import Path

import searchtable as st
from PySide6.QtCore import Qt

from reader.core.model import Filter, FilterKind, State

ALL = Filter(FilterKind.ALL)
INBOX = Filter.state(State.INBOX)


def type_query(qtbot, w, text: str, idle) -> None:  # noqa: ANN001
    w.search_box.setFocus()
    w.search_box.selectAll()
    qtbot.keyClick(w.search_box, Qt.Key.Key_Backspace)
    qtbot.keyClicks(w.search_box, text)
    qtbot.waitUntil(lambda: w.spec.text == text.strip(), timeout=5000)
    idle(w)


def shown_ids(w) -> list[int]:  # noqa: ANN001
    return [w.model.id_at(r) for r in range(w.model.rowCount())]


def test_the_table_typed_into_the_search_box(qtbot, tmp_path: Path, window_for, idle) -> None:  # noqa: ANN001
    lib = st.build(tmp_path / "lib")
    w = window_for(lib)
    try:
        w.go(ALL)
        idle(w)
        assert w.model.rowCount() == st.PAPERS
        wrong = []
        for row in st.TABLE:
            type_query(qtbot, w, row.query, idle)
            if w.model.rowCount() != row.count or w.search_error.isVisible():
                wrong.append((row.query, row.count, w.model.rowCount()))
                continue
            # the window shows what Library.query returns, in its order
            want = lib.query(row.query, ALL, None, 0, 500)
            assert shown_ids(w) == [r.id for r in want.rows], row.query
        assert not wrong, wrong
        assert not w.search_scope.isVisible()  # searching all papers: nothing to say
    finally:
        w.close()
        lib.close()


def test_scope_is_shown_and_a_scoped_miss_offers_all_papers(qtbot, tmp_path: Path, window_for,
                                                             idle) -> None:  # noqa: ANN001
    lib = st.build(tmp_path / "lib")
    # one inbox paper with "diffusion" moves to Reading: "not found" from the Inbox
    inbox_hits = lib.query("diffusion", INBOX, None, 0, 500).rows
    moved = inbox_hits[0]
    lib.set_state([moved.id], State.READING)
    query = f'title:"{moved.title}"'
    assert lib.query(query, INBOX).total == 0 and lib.query(query, ALL).total == 1
    w = window_for(lib)
    try:
        w.go(INBOX)
        idle(w)
        assert not w.search_scope.isVisible()  # no search, no scope
        type_query(qtbot, w, "diffusion", idle)
        assert w.model.rowCount() == len(inbox_hits) - 1
        assert w.search_scope.isVisible()
        assert w.search_scope.text() == 'in Inbox — <a href="all">search all papers</a>'

        type_query(qtbot, w, query, idle)
        assert w.model.rowCount() == 0
        qtbot.waitUntil(lambda: "in all papers" in w.search_scope.text(), timeout=5000)
        assert w.search_scope.text() == 'No results in Inbox — <a href="all">1 in all papers</a>'

        w.search_scope.linkActivated.emit("all")  # the link: the same search over all papers
        idle(w)
        assert w.spec.filter == ALL and w.search_box.text() == query
        assert shown_ids(w) == [moved.id]
        assert not w.search_scope.isVisible()

        # back in a tag: a search found nowhere says so
        w.go(Filter(FilterKind.TAG, "robotics"))
        idle(w)
        type_query(qtbot, w, "zzzunknownword", idle)
        qtbot.waitUntil(lambda: "none in all papers" in w.search_scope.text(), timeout=5000)
        assert w.search_scope.text() == "No results in robotics, none in all papers either"
        # clearing the search hides the scope
        qtbot.keyClick(w.search_box, Qt.Key.Key_Escape)
        idle(w)
        assert not w.search_scope.isVisible()
    finally:
        w.close()
        lib.close()


def _unique_abstract_word(w) -> tuple[int, str]:  # noqa: ANN001
    """A paper of All and a word of its abstract that no other paper's text has."""
    import re

    for r in range(w.model.rowCount()):
        paper = w.library.get(w.model.id_at(r))
        for word in re.findall(r"[a-z]{7,}", paper.abstract.lower()):
            if w.library.query(word, ALL).total == 1:
                return paper.id, word
    raise AssertionError("no unique word in the sample")


def test_esc_in_the_search_box_clears_it_and_returns_to_the_list(qtbot, window, idle) -> None:  # noqa: ANN001
    w = window
    w.go(ALL)
    idle(w)
    w.move_current(4)
    pid, word = _unique_abstract_word(w)
    type_query(qtbot, w, word, idle)
    assert shown_ids(w) == [pid] and w.current_id() == pid
    qtbot.keyClick(w.search_box, Qt.Key.Key_Escape)  # the first Esc: cleared and back
    idle(w)
    assert w.search_box.text() == "" and w.spec.text == ""
    assert w.model.rowCount() == 38
    assert w.view.hasFocus()
    assert w.current_id() == pid and w.selected_ids() == [pid]  # clearing keeps the paper
    row = w.model.row_of(pid)
    qtbot.keyClick(w.view, Qt.Key.Key_J)  # j moves in the list, it types nothing
    assert w.search_box.text() == ""
    assert w.current_id() == w.model.id_at(min(row + 1, 37))
    w.search_box.setFocus()
    qtbot.keyClick(w.search_box, Qt.Key.Key_Escape)  # an empty box: back to the list
    assert w.view.hasFocus()


def test_search_terms_are_highlighted_when_the_current_paper_stays(qtbot, window, idle) -> None:  # noqa: ANN001
    w = window
    w.go(ALL)
    idle(w)
    pid, word = _unique_abstract_word(w)
    w.move_current(w.model.row_of(pid) - (w.view.currentIndex().row()))
    assert w.current_id() == pid
    assert "background-color" not in w.detail.abstract.toHtml()
    type_query(qtbot, w, word, idle)
    assert shown_ids(w) == [pid] and w.current_id() == pid  # the paper stayed current
    html = w.detail.abstract.toHtml()
    assert "background-color" in html
    qtbot.keyClick(w.search_box, Qt.Key.Key_Escape)
    idle(w)
    assert w.current_id() == pid
    assert "background-color" not in w.detail.abstract.toHtml()  # the highlight goes too
