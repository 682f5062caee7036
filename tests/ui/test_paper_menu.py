"""The paper list's context menu: exactly the Paper-menu actions (the window's own QActions),
acting on the selection; a right-click on a row that is not selected selects it first."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel

from reader.core.model import State
from reader.ui.actions import ACTIONS, Action
from reader.ui.widgets.paper_menu import paper_actions


def right_click_row(qtbot, window, row: int):  # noqa: ANN001, ANN201
    pos = window.view.visualRect(window.model.index(row, 2)).center()
    window.view.customContextMenuRequested.emit(pos)
    menu = window.tagging.paper_menu.menu
    qtbot.waitUntil(lambda: menu is not None and menu.isVisible(), timeout=5000)
    return menu


def test_the_menu_holds_exactly_the_paper_menu_actions(qtbot, window) -> None:  # noqa: ANN001
    menu = right_click_row(qtbot, window, 0)
    shown = [a for a in menu.actions() if not a.isSeparator()]
    expected = [a for a, spec in ACTIONS.items() if spec.menu == "Paper"]
    assert paper_actions() == expected and Action.EDIT_TAGS in expected
    assert shown == [window.actions_by_id[a] for a in expected]  # the same QActions: keys, enabled
    assert window.actions_by_id[Action.STAR].shortcut().toString() == "S"
    menu.close()


def test_right_click_selects_an_unselected_row_and_the_action_acts_on_it(qtbot, window, idle) -> None:  # noqa: ANN001
    target = window.model.id_at(4)
    assert window.selected_ids() != [target]
    menu = right_click_row(qtbot, window, 4)
    assert window.selected_ids() == [target]
    star = window.actions_by_id[Action.STAR]
    assert star in menu.actions()
    star.trigger()
    menu.close()
    idle(window)
    assert window.library.get(target).starred
    assert sum(p.starred for p in window.library.get_many([window.model.id_at(r) for r in range(6)])) == 1


def test_right_click_inside_the_selection_acts_on_all_of_it(qtbot, window, idle) -> None:  # noqa: ANN001
    model, sm = window.model, window.view.selectionModel()
    ids = [model.id_at(r) for r in range(3)]
    sm.select(QItemSelection(model.index(0, 0), model.index(2, model.columnCount() - 1)),
              QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    menu = right_click_row(qtbot, window, 1)
    assert sorted(window.selected_ids()) == sorted(ids)  # kept
    window.actions_by_id[Action.DONE].trigger()
    menu.close()
    idle(window)
    assert [p.state for p in window.library.get_many(ids)] == [State.DONE] * 3
