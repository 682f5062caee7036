"""Keyboard triage against the real library: move, star, queue, dismiss, undo, redo."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.model import State


def ids_in_view(window, n):  # noqa: ANN001, ANN201
    return [window.model.id_at(r) for r in range(n)]


def key(qtbot, window, k, mod=Qt.KeyboardModifier.NoModifier):  # noqa: ANN001
    qtbot.keyClick(window.view, k, mod)
    qtbot.waitUntil(window.is_idle, timeout=10000)


def test_full_triage_session_by_keys(qtbot, window):  # noqa: ANN001
    lib = window.library
    window.view.setFocus()
    assert window.spec.filter.key == "inbox"
    assert window.model.rowCount() == 38
    first = ids_in_view(window, 5)
    assert window.current_id() == first[0]  # the first paper is selected on open

    key(qtbot, window, Qt.Key.Key_J)
    assert window.current_id() == first[1]
    key(qtbot, window, Qt.Key.Key_K)
    key(qtbot, window, Qt.Key.Key_Down)  # arrows move too
    assert window.current_id() == first[1]
    assert window.detail.paper is not None and window.detail.paper.id == first[1]

    key(qtbot, window, Qt.Key.Key_S)
    assert lib.get(first[1]).starred
    assert window.detail.star_button.isChecked()

    key(qtbot, window, Qt.Key.Key_Q)
    p = lib.get(first[1])
    assert p.state is State.QUEUED and p.queue_position is not None
    # the paper left the Inbox: the selection moved on to the next paper
    assert window.model.rowCount() == 37
    assert window.current_id() == first[2]

    key(qtbot, window, Qt.Key.Key_X)
    assert lib.get(first[2]).state is State.DISMISSED
    assert window.current_id() == first[3]
    assert window.filter_pane.count_text(window.spec.filter) == "36"

    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo dismiss
    assert lib.get(first[2]).state is State.INBOX
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo queue
    p = lib.get(first[1])
    assert p.state is State.INBOX and p.queue_position is None
    assert p.starred
    key(qtbot, window, Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # redo queue
    p = lib.get(first[1])
    assert p.state is State.QUEUED and p.queue_position is not None
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo star
    assert not lib.get(first[1]).starred
    assert window.model.rowCount() == 38


def test_bulk_selection_and_undo(qtbot, window):  # noqa: ANN001
    lib = window.library
    window.view.setFocus()
    first = ids_in_view(window, 4)
    key(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    key(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert window.selected_ids() == first[:3]
    key(qtbot, window, Qt.Key.Key_S)
    assert all(lib.get(i).starred for i in first[:3])
    key(qtbot, window, Qt.Key.Key_D)
    assert all(lib.get(i).state is State.DONE for i in first[:3])
    assert window.current_id() == first[3]
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all(lib.get(i).state is State.INBOX for i in first[:3])
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not any(lib.get(i).starred for i in first[:3])


def test_single_keys_do_not_fire_while_typing(qtbot, window):  # noqa: ANN001
    lib = window.library
    pid = window.current_id()
    window.detail.notes_editor.setFocus()
    qtbot.keyClicks(window.detail.notes_editor, "sqxd")
    window.detail.tags_edit.setFocus()
    qtbot.keyClicks(window.detail.tags_edit, "sqx")
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "sx")
    qtbot.waitUntil(window.is_idle)
    p = lib.get(pid)
    assert not p.starred and p.state is State.INBOX
    assert window.detail.notes_editor.toPlainText() == "sqxd"
    assert window.search_box.text() == "sx"


def test_queue_reorder_with_alt_arrows_and_undo(qtbot, window):  # noqa: ANN001
    lib = window.library
    ids = ids_in_view(window, 3)
    lib.set_state(ids, State.QUEUED)
    window.go(window.filter_pane.filter_for("queued"))
    qtbot.waitUntil(window.is_idle)
    assert [window.model.id_at(r) for r in range(3)] == ids
    window.view.setFocus()
    key(qtbot, window, Qt.Key.Key_J)
    key(qtbot, window, Qt.Key.Key_J)
    assert window.current_id() == ids[2]
    key(qtbot, window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert lib.queue_order() == [ids[0], ids[2], ids[1]]
    assert [window.model.id_at(r) for r in range(3)] == [ids[0], ids[2], ids[1]]
    assert window.current_id() == ids[2]
    key(qtbot, window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert lib.queue_order() == [ids[2], ids[0], ids[1]]
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert lib.queue_order() == ids


def test_tags_editor_is_undoable(qtbot, window):  # noqa: ANN001
    lib = window.library
    pid = window.current_id()
    window.view.setFocus()
    key(qtbot, window, Qt.Key.Key_T)
    assert window.detail.tags_edit.hasFocus()
    qtbot.keyClicks(window.detail.tags_edit, "rl, Vision")
    qtbot.keyClick(window.detail.tags_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(window.is_idle)
    assert lib.get(pid).tags == ["rl", "vision"]
    assert window.filter_pane.filter_for("tag:rl") is not None
    window.view.setFocus()
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert lib.get(pid).tags == []


def test_undo_selects_the_restored_paper(qtbot, window):  # noqa: ANN001
    window.view.setFocus()
    first = ids_in_view(window, 3)
    key(qtbot, window, Qt.Key.Key_J)
    key(qtbot, window, Qt.Key.Key_X)
    assert window.current_id() == first[2]
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.current_id() == first[1]  # back in the list, and selected again


def test_select_all_and_bulk_star(qtbot, window):  # noqa: ANN001
    window.view.setFocus()
    key(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(window.selected_ids()) == 38
    key(qtbot, window, Qt.Key.Key_S)
    assert window.library.counts()["starred"] == 38
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.library.counts()["starred"] == 0


def test_tags_completion(qtbot, window):  # noqa: ANN001
    lib = window.library
    first = window.current_id()
    window.add_tags(["reinforcement learning"], [first])
    qtbot.waitUntil(window.is_idle)
    window.view.setFocus()
    key(qtbot, window, Qt.Key.Key_J)
    second = window.current_id()
    key(qtbot, window, Qt.Key.Key_T)
    edit = window.detail.tags_edit
    qtbot.keyClicks(edit, "rei")
    completer = edit._completer
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "reinforcement learning"
    edit._insert(completer.currentCompletion())
    completer.popup().hide()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(window.is_idle)
    assert lib.get(second).tags == ["reinforcement learning"]


def test_click_on_star_column_toggles(qtbot, window):  # noqa: ANN001
    from reader.ui.paper_model import Column

    pid = window.model.id_at(2)
    rect = window.view.visualRect(window.model.index(2, Column.STAR))
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(window.is_idle)
    assert window.library.get(pid).starred
    star_cell = window.model.index(2, Column.STAR)
    assert window.model.data(star_cell, Qt.ItemDataRole.AccessibleTextRole) == "starred"


def test_list_has_focus_at_start(qtbot, window):  # noqa: ANN001
    assert window.focusWidget() is window.view
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_J)
    assert window.view.currentIndex().row() == 1


def test_fast_triage_acts_on_successive_papers(qtbot, window):  # noqa: ANN001
    """Keys pressed faster than the writes land still move down the list (optimistic view)."""
    lib = window.library
    window.view.setFocus()
    first = ids_in_view(window, 4)
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_X)  # no waiting in between
    assert window.model.rowCount() == 35
    assert window.current_id() == first[3]
    qtbot.waitUntil(window.is_idle, timeout=10000)
    assert [lib.get(i).state for i in first[:3]] == [State.DISMISSED] * 3
    assert lib.get(first[3]).state is State.INBOX
    assert window.current_id() == first[3]
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.is_idle, timeout=10000)
    assert all(lib.get(i).state is State.INBOX for i in first[:3])


def test_a_refresh_that_lands_after_a_move_keeps_the_new_paper(qtbot, window, idle) -> None:  # noqa: ANN001
    """A refresh started before the user moved (e.g. after an autosave) must not put the
    previous paper back when its result arrives."""
    w = window
    idle(w)
    before = w.current_id()
    with qtbot.waitSignal(w.listLoaded, timeout=10000):
        w.refresh()  # the query runs on the read pool; its result lands after this move
        w.move_current(1)
        moved = w.current_id()
        assert moved != before
    assert w.current_id() == moved
    assert w.selected_ids() == [moved]


def test_state_keys_advance_in_views_the_paper_stays_in(qtbot, window, idle):  # noqa: ANN001
    """In All (and a digest, a tag, a search) a triaged paper stays in the list: the next
    paper becomes current, so the next key never re-triages the same paper; star does not
    advance (it is not triage of state); undo re-selects the paper."""
    from reader.core.model import Filter, FilterKind

    lib = window.library
    window.go(Filter(FilterKind.ALL))
    idle(window)
    window.view.setFocus()
    first = ids_in_view(window, 5)
    assert window.current_id() == first[0]
    key(qtbot, window, Qt.Key.Key_D)
    assert lib.get(first[0]).state is State.DONE
    assert window.model.rowCount() == 38  # still in All
    assert window.current_id() == first[1]
    key(qtbot, window, Qt.Key.Key_X)
    key(qtbot, window, Qt.Key.Key_Q)
    assert [lib.get(i).state for i in first[:4]] == [State.DONE, State.DISMISSED, State.QUEUED, State.INBOX]
    assert window.current_id() == first[3]
    key(qtbot, window, Qt.Key.Key_S)
    assert lib.get(first[3]).starred and window.current_id() == first[3]
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo star
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo queue
    assert lib.get(first[2]).state is State.INBOX
    assert window.current_id() == first[2]
    last = window.model.id_at(37)
    window.move_current(100)
    key(qtbot, window, Qt.Key.Key_R)  # at the end: the paper above becomes current
    assert lib.get(last).state is State.READING
    assert window.current_id() == window.model.id_at(36)


def test_state_keys_advance_in_a_digest(qtbot, window, idle):  # noqa: ANN001
    from reader.core.model import Filter, FilterKind

    lib = window.library
    digest = lib.digests()[0]
    window.go(Filter(FilterKind.DIGEST, str(digest.id)))
    idle(window)
    window.view.setFocus()
    first = ids_in_view(window, 3)
    key(qtbot, window, Qt.Key.Key_X)
    key(qtbot, window, Qt.Key.Key_X)
    assert [lib.get(i).state for i in first] == [State.DISMISSED, State.DISMISSED, State.INBOX]
    assert window.current_id() == first[2]
