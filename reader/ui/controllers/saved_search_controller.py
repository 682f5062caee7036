"""Saved searches from the window: save the current search (with its filter and sort), rename
and delete one (the filters pane's context menu)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMessageBox

from reader.core.model import Filter, FilterKind
from reader.ui.actions import Action

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


class SavedSearchController(QObject):
    """The save / rename / delete dialogs; every change is a write through the one write path."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.filter_pane = window.filter_pane
        self.filter_pane.saveRequested.connect(self.save_search_dialog)
        self.filter_pane.renameRequested.connect(self.rename_search_dialog)
        self.filter_pane.deleteRequested.connect(self.delete_search_dialog)

    def handlers(self) -> dict[Action, Callable[[], None]]:
        return {Action.SAVE_SEARCH: self.save_search_dialog}

    def save_current_search(self, name: str) -> None:
        spec = self.w.lists.spec
        flt = spec.filter
        if flt.kind is FilterKind.SAVED:
            flt = Filter()
        text, sort = spec.text, spec.sort

        def done(_r: Any) -> None:
            self.w.keeper.select_later(None)
            self.filter_pane.select(Filter(FilterKind.SAVED, name))

        self.w.triage.submit_write("Save search", lambda lib: lib.save_search(name, text, flt, sort), done)

    def save_search_dialog(self) -> None:
        spec = self.w.lists.spec
        if not spec.text.strip() and spec.filter.kind is FilterKind.ALL:
            self.w.statusBar().showMessage("Type a search (or pick a filter) first, then save it", 5000)
        name, ok = QInputDialog.getText(self.w, "Save Search", "Name of the saved search:",
                                        text=spec.text.strip()[:40])
        if ok and name.strip():
            self.save_current_search(name.strip())

    def rename_search_dialog(self, old: str) -> None:
        new, ok = QInputDialog.getText(self.w, "Rename Saved Search", "New name:", text=old)
        if ok and new.strip() and new.strip() != old:
            self.w.triage.submit_write("Rename search", lambda lib: lib.rename_search(old, new.strip()))

    def delete_search_dialog(self, name: str) -> None:
        answer = QMessageBox.question(self.w, "Delete Saved Search", f"Delete the saved search “{name}”?")
        if answer == QMessageBox.StandardButton.Yes:
            self.w.triage.submit_write("Delete search", lambda lib: lib.delete_search(name))
