"""``PaperMenu``: the paper list's context menu — every action of the Paper menu (``ACTIONS``
with ``menu == "Paper"``), using the window's own ``QAction``\\ s, so the shortcuts, the texts
and the enabled state are the menu bar's; the actions act on the selection. A right-click on a
row that is not selected selects it first."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from reader.ui.actions import ACTIONS, Action

#: a separator goes before these (the groups of the menu bar's Paper menu)
GROUP_STARTS = (Action.MOVE_UP, Action.OPEN_CODE)


def paper_actions() -> list[Action]:
    """The Paper-menu actions, in the menu bar's order."""
    return [a for a, spec in ACTIONS.items() if spec.menu == "Paper"]


class PaperMenu:
    """Opens the context menu of ``view`` built from ``actions`` (the window's, by id)."""

    def __init__(self, parent: QWidget, view: QTableView, actions: Mapping[Action, QAction]) -> None:
        self.parent = parent
        self.view = view
        self.actions = actions  # filled by the window after its controllers exist
        self.menu: QMenu | None = None
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.show_at)

    def build(self) -> QMenu:
        menu = QMenu(self.parent)
        menu.setObjectName("paperMenu")
        for action in paper_actions():
            if action in GROUP_STARTS and menu.actions():
                menu.addSeparator()
            menu.addAction(self.actions[action])
        return menu

    def select_row_at(self, pos: QPoint) -> bool:
        """Select the row under ``pos`` (viewport coordinates) unless it is selected already.
        False: no row there."""
        index = self.view.indexAt(pos)
        if not index.isValid():
            return False
        selection = self.view.selectionModel()
        if not selection.isRowSelected(index.row(), index.parent()):
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def show_at(self, pos: QPoint) -> None:
        if not self.select_row_at(pos):
            return
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = self.build()
        self.menu.popup(self.view.viewport().mapToGlobal(pos))
