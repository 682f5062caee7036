"""``t`` with several papers selected: the bulk-tag dialog adds and removes tags on all of them
as one undoable step."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt

from reader.ui.bulk_tags import CHECKED, PARTLY, UNCHECKED, BulkTagsDialog


def select_rows(window, rows: range) -> list[int]:  # noqa: ANN001
    model, sm = window.model, window.view.selectionModel()
    sel = QItemSelection(model.index(rows.start, 0), model.index(rows.stop - 1, model.columnCount() - 1))
    sm.setCurrentIndex(model.index(rows.start, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    sm.select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    return [model.id_at(r) for r in rows]


def press(qtbot, window, k, mod=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    qtbot.keyClick(window.view, k, mod)
    qtbot.waitUntil(window.is_idle, timeout=10000)


def test_bulk_add_remove_undo_redo_on_three_papers(qtbot, window) -> None:  # noqa: ANN001
    lib = window.library
    a, b, c = ids = [window.model.id_at(r) for r in range(3)]
    lib.add_tags([a, b, c], ["ml"])
    lib.add_tags([a], ["rl"])
    lib.add_tags([b], ["vision"])
    lib.set_tags(window.model.id_at(5), ["other"])
    window.refresh()
    qtbot.waitUntil(window.is_idle)
    assert select_rows(window, range(3)) == ids
    window.view.setFocus()
    assert window.selected_ids() == ids
    press(qtbot, window, Qt.Key.Key_T)
    dialog = window.tagging.dialog
    assert isinstance(dialog, BulkTagsDialog) and dialog.isVisible()
    assert not window.detail.tags_edit.hasFocus()
    assert dialog.state_of("ml") == CHECKED and dialog.state_of("rl") == PARTLY
    assert dialog.state_of("vision") == PARTLY
    dialog.set_state("ml", UNCHECKED)  # remove from all
    dialog.set_state("rl", CHECKED)  # add to all
    qtbot.keyClicks(dialog.new_tags, "Reading Group, oth")
    assert dialog.changes() == (["rl", "reading group", "oth"], ["ml"])
    dialog.new_tags.setText("Reading Group")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(window.is_idle)
    assert [lib.get(i).tags for i in ids] == [
        ["reading group", "rl"], ["reading group", "rl", "vision"], ["reading group", "rl"]]
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Edit tags of 3 papers"
    window.activateWindow()  # the dialog has closed: the window has the keys again
    qtbot.waitUntil(lambda: window.isActiveWindow())
    window.view.setFocus()

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one step undoes it all
    assert [lib.get(i).tags for i in ids] == [["ml", "rl"], ["ml", "vision"], ["ml"]]
    assert dict(lib.tags()) == {"ml": 3, "rl": 1, "vision": 1, "other": 1}
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, window, Qt.Key.Key_Z, ctrl_shift)  # redo
    assert [lib.get(i).tags for i in ids] == [
        ["reading group", "rl"], ["reading group", "rl", "vision"], ["reading group", "rl"]]
    assert lib.get(window.model.id_at(5)).tags == ["other"]  # not selected: untouched


def test_t_with_one_paper_focuses_the_tag_field(qtbot, window) -> None:  # noqa: ANN001
    window.view.setFocus()
    press(qtbot, window, Qt.Key.Key_T)
    assert window.tagging.dialog is None
    assert window.detail.tags_edit.hasFocus()


def test_cancel_changes_nothing(qtbot, window) -> None:  # noqa: ANN001
    lib = window.library
    ids = select_rows(window, range(2))
    lib.add_tags(ids, ["ml"])
    window.tagging.edit_tags()
    dialog = window.tagging.dialog
    assert isinstance(dialog, BulkTagsDialog)
    dialog.set_state("ml", UNCHECKED)
    dialog.reject()
    qtbot.waitUntil(window.is_idle)
    assert [lib.get(i).tags for i in ids] == [["ml"], ["ml"]]
    assert window.undo_stack.count() == 0
