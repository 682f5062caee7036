"""Tag management from the filter pane's context menu: rename, merge into another tag, delete
(the confirmation names the number of papers), each undoable with Ctrl+Z."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from reader.core.model import Filter, FilterKind


def tag_item(qtbot, window, name: str):  # noqa: ANN001, ANN201
    pane = window.filter_pane
    qtbot.waitUntil(lambda: pane.item_for(Filter(FilterKind.TAG, name)) is not None, timeout=5000)
    return pane.item_for(Filter(FilterKind.TAG, name))


def menu_action(window, item, starts: str):  # noqa: ANN001, ANN201
    menu = window.filter_pane.context_menu(item)
    found = [a for a in menu.actions() if a.text().startswith(starts)]
    assert len(found) == 1, [a.text() for a in menu.actions()]
    return found[0]


def undo(qtbot, window) -> None:  # noqa: ANN001
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.is_idle, timeout=10000)


def tagged(window, ids: list[int]) -> dict[int, list[str]]:  # noqa: ANN001
    return {p.id: p.tags for p in window.library.get_many(ids)}


def setup_tags(qtbot, window, idle) -> list[int]:  # noqa: ANN001
    ids = [window.model.id_at(r) for r in range(3)]
    window.library.add_tags(ids[:2], ["rl"])
    window.library.add_tags(ids[1:], ["reinforcement"])
    window.refresh()
    idle(window)
    return ids


def test_rename_a_tag_from_its_menu_and_undo(qtbot, window, idle) -> None:  # noqa: ANN001
    a, b, c = setup_tags(qtbot, window, idle)
    window.go(Filter(FilterKind.TAG, "rl"))
    idle(window)
    menu_action(window, tag_item(qtbot, window, "rl"), "Rename Tag “rl”").trigger()
    dialog = window.tagging.dialog
    assert isinstance(dialog, QInputDialog) and dialog.textValue() == "rl"
    dialog.setTextValue("  Reinforcement  Learning ")
    dialog.accept()
    idle(window)
    assert tagged(window, [a, b, c]) == {
        a: ["reinforcement learning"], b: ["reinforcement", "reinforcement learning"], c: ["reinforcement"]}
    pane = window.filter_pane
    assert pane.item_for(Filter(FilterKind.TAG, "rl")) is None
    # the list that showed "rl" follows the tag to its new name
    qtbot.waitUntil(lambda: window.spec.filter == Filter(FilterKind.TAG, "reinforcement learning"))
    idle(window)
    assert window.model.rowCount() == 2
    assert {h.row.id for h in window.library.search('tag:"reinforcement learning"')} == {a, b}
    undo(qtbot, window)
    assert tagged(window, [a, b, c]) == {a: ["rl"], b: ["reinforcement", "rl"], c: ["reinforcement"]}
    assert window.library.search('tag:"reinforcement learning"') == []
    qtbot.waitUntil(lambda: window.spec.filter == Filter(FilterKind.TAG, "rl"))  # back with it


def test_merge_a_tag_into_another_and_undo(qtbot, window, idle) -> None:  # noqa: ANN001
    a, b, c = setup_tags(qtbot, window, idle)
    menu_action(window, tag_item(qtbot, window, "reinforcement"), "Merge “reinforcement” Into").trigger()
    dialog = window.tagging.dialog
    assert isinstance(dialog, QInputDialog) and dialog.comboBoxItems() == ["rl"]
    dialog.setTextValue("rl")
    dialog.accept()
    idle(window)
    assert tagged(window, [a, b, c]) == {a: ["rl"], b: ["rl"], c: ["rl"]}
    assert window.undo_stack.undoText() == "Merge tag “reinforcement” into “rl”"
    qtbot.waitUntil(lambda: window.filter_pane.item_for(Filter(FilterKind.TAG, "reinforcement")) is None)
    assert window.filter_pane.count_text(Filter(FilterKind.TAG, "rl")) == "3"
    undo(qtbot, window)
    assert tagged(window, [a, b, c]) == {a: ["rl"], b: ["reinforcement", "rl"], c: ["reinforcement"]}


def test_delete_a_tag_names_its_count_and_undo_brings_it_back(qtbot, window, idle) -> None:  # noqa: ANN001
    a, b, c = setup_tags(qtbot, window, idle)
    action = menu_action(window, tag_item(qtbot, window, "rl"), "Delete Tag “rl”")
    assert "2 papers" in action.text()
    action.trigger()
    box = window.tagging.dialog
    assert isinstance(box, QMessageBox) and "from 2 papers" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    idle(window)
    assert tagged(window, [a, b, c])[a] == ["rl"]  # cancelled: nothing changed
    menu_action(window, tag_item(qtbot, window, "rl"), "Delete Tag").trigger()
    window.tagging.dialog.button(QMessageBox.StandardButton.Yes).click()
    idle(window)
    assert tagged(window, [a, b, c]) == {a: [], b: ["reinforcement"], c: ["reinforcement"]}
    undo(qtbot, window)
    assert tagged(window, [a, b, c]) == {a: ["rl"], b: ["reinforcement", "rl"], c: ["reinforcement"]}
    assert tag_item(qtbot, window, "rl") is not None


def test_empty_rename_changes_nothing_and_says_why(qtbot, window, idle) -> None:  # noqa: ANN001
    a, b, c = setup_tags(qtbot, window, idle)
    menu_action(window, tag_item(qtbot, window, "rl"), "Rename Tag").trigger()
    window.tagging.dialog.setTextValue("   ")
    window.tagging.dialog.accept()
    idle(window)
    assert "nothing renamed" in window.statusBar().currentMessage()
    assert tagged(window, [a, b, c])[a] == ["rl"] and window.undo_stack.count() == 0


def test_only_a_tag_has_tag_actions(qtbot, window, idle) -> None:  # noqa: ANN001
    setup_tags(qtbot, window, idle)
    texts = [a.text() for a in window.filter_pane.context_menu(tag_item(qtbot, window, "rl")).actions()]
    assert any(t.startswith("Rename Tag") for t in texts)
    inbox = window.filter_pane.item_for(Filter(FilterKind.ALL))
    texts = [a.text() for a in window.filter_pane.context_menu(inbox).actions() if a.text()]
    assert texts == ["Save Current Search…"]
