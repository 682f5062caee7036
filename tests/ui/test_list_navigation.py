"""Getting around the list: Home/End (and Ctrl+Home/Ctrl+End) to the first/last paper —
the true last row of a lazily paged list — and each filter's paper and scroll restored
when the user comes back to it and after a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reader.core.model import Filter, State
from reader.ui import query_spec
from reader.ui.actions import ACTIONS, Action, duplicate_bindings

INBOX, QUEUE, ALL = Filter.state(State.INBOX), Filter.state(State.QUEUED), Filter()


def press(qtbot, w, key, mod=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    qtbot.keyClick(w.view, key, mod)
    qtbot.waitUntil(w.is_idle, timeout=10000)


def test_home_and_end_are_go_actions_without_clashes() -> None:
    assert ACTIONS[Action.FIRST_PAPER].keys == ("Home", "Ctrl+Home")
    assert ACTIONS[Action.LAST_PAPER].keys == ("End", "Ctrl+End")
    assert ACTIONS[Action.FIRST_PAPER].menu == ACTIONS[Action.LAST_PAPER].menu == "Go"
    assert not duplicate_bindings()


def test_end_lands_on_the_true_last_paper_of_a_paged_list(qtbot, window, idle,  # noqa: ANN001
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query_spec, "PAGE_SIZE", 5)  # 38 papers: 8 pages, only the first loaded
    w = window
    w.go(ALL)
    idle(w)
    everything = [r.id for r in w.library.query("", ALL, None, 0, 100).rows]
    assert w.model.rowCount() == 38 and w.current_id() == everything[0]
    press(qtbot, w, Qt.Key.Key_End)
    assert w.view.currentIndex().row() == 37
    assert w.current_id() == everything[-1]
    assert w.detail.paper is not None and w.detail.paper.id == everything[-1]
    assert w.selected_ids() == [everything[-1]]
    press(qtbot, w, Qt.Key.Key_Home)
    assert w.current_id() == everything[0]
    press(qtbot, w, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert w.current_id() == everything[-1]
    press(qtbot, w, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert w.current_id() == everything[0]


def test_home_and_end_keep_their_meaning_in_the_search_box(qtbot, window, idle) -> None:  # noqa: ANN001
    w = window
    before = w.current_id()
    w.search_box.setFocus()
    qtbot.keyClicks(w.search_box, "abc")
    qtbot.keyClick(w.search_box, Qt.Key.Key_Home)
    assert w.search_box.cursorPosition() == 0
    qtbot.keyClick(w.search_box, Qt.Key.Key_End)
    assert w.search_box.cursorPosition() == 3
    assert w.current_id() == before
    idle(w)  # the search typed above has run before the window closes


def test_each_filter_comes_back_to_its_paper_and_scroll(qtbot, window, idle) -> None:  # noqa: ANN001
    w = window
    lib = w.library
    ids = [r.id for r in lib.query("", INBOX, None, 0, 100).rows]
    lib.set_state(ids[-6:], State.QUEUED)
    w.refresh()
    idle(w)
    w.resize(900, 400)  # a short list: the rows near the end need scrolling
    w.view.setFocus()
    w.move_current(25)
    idle(w)
    inbox_paper, inbox_scroll = w.current_id(), w.view.verticalScrollBar().value()
    assert inbox_paper == ids[25] and inbox_scroll > 0
    w.go(QUEUE)
    idle(w)
    press(qtbot, w, Qt.Key.Key_J)
    press(qtbot, w, Qt.Key.Key_J)
    queue_paper = w.current_id()
    assert queue_paper == ids[-6:][2]  # the queue in queue order
    w.go(INBOX)
    idle(w)
    assert w.current_id() == inbox_paper and w.selected_ids() == [inbox_paper]
    assert w.view.verticalScrollBar().value() == inbox_scroll
    w.go(QUEUE)
    idle(w)
    assert w.current_id() == queue_paper


def test_a_paper_that_left_the_filter_brings_back_the_first_row(qtbot, window, idle) -> None:  # noqa: ANN001
    w = window
    w.move_current(4)
    idle(w)
    gone = w.current_id()
    first = w.model.id_at(0)
    w.go(ALL)
    idle(w)
    w.library.set_state([gone], State.DONE)  # elsewhere (the CLI): it left the Inbox
    w.go(INBOX)
    idle(w)
    assert w.current_id() == first and w.selected_ids() == [first]


def test_the_last_filter_and_paper_come_back_after_a_restart(qtbot, window_for, sample_library,  # noqa: ANN001
                                                             idle) -> None:
    w = window_for(sample_library)
    w.go(ALL)
    idle(w)
    w.move_current(9)
    idle(w)
    pid = w.current_id()
    w.close()
    again = window_for(sample_library)
    try:
        idle(again)
        assert again.spec.filter == ALL
        assert again.current_id() == pid and again.selected_ids() == [pid]
        assert again.detail.paper is not None and again.detail.paper.id == pid
    finally:
        again.close()


def test_an_unbound_letter_does_not_move_the_paper_a_triage_key_acts_on(qtbot, window, idle) -> None:  # noqa: ANN001
    """Qt's type-to-jump (keyboardSearch) is off: a letter bound to nothing must not jump to a
    title starting with it."""
    w = window
    w.go(ALL)
    idle(w)
    first = w.current_id()
    bound = {k.lower() for spec in ACTIONS.values() for k in spec.keys if len(k) == 1}
    starts = [w.model.row_at(r).title[:1].lower() for r in range(1, w.model.rowCount())]
    letter = next(c for c in starts if c.isalpha() and c not in bound)  # a jump would go there
    w.view.setFocus()
    qtbot.keyClick(w.view, letter)
    idle(w)
    assert w.current_id() == first


def test_positions_are_kept_with_a_default_sort_from_preferences(qtbot, window_for, sample_library,  # noqa: ANN001
                                                                 idle) -> None:
    """The list runs its spec with the user's default sort; the position is still saved."""
    from reader.core.model import Sort, SortKey

    w = window_for(sample_library)
    w.lists.default_sort = Sort(SortKey.TITLE, False)
    w.go(ALL)
    idle(w)
    w.move_current(5)
    idle(w)
    pid = w.current_id()
    w.go(INBOX)
    idle(w)
    w.go(ALL)
    idle(w)
    assert w.current_id() == pid
    w.close()
