"""Tags from the window: ``t`` (one paper: the detail pane's tag field; several: the bulk-tag
dialog), renaming, merging and deleting a tag from the filter pane's context menu, and the
papers' context menu. Every change is an undoable command written through the window's one
write path (:meth:`TriageController._submit_cmd`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMessageBox

from reader.core.library import Library
from reader.core.model import Filter, FilterKind
from reader.ui.actions import Action
from reader.ui.bulk_tags import BulkTagsDialog
from reader.ui.commands import TagManagementCommand, TagsCommand
from reader.ui.controllers.base import WindowController
from reader.ui.widgets.paper_menu import PaperMenu

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


class TagController(WindowController):
    """Bulk tags, tag management and the papers' context menu."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.pane = window.filter_pane
        self.pane.tagRenameRequested.connect(self.rename_dialog)
        self.pane.tagMergeRequested.connect(self.merge_dialog)
        self.pane.tagDeleteRequested.connect(self.delete_dialog)
        #: the dialog open now (bulk tags, rename, merge, delete), for tests and screenshots
        self.dialog: QDialog | None = None
        self.paper_menu = PaperMenu(window, self.view, window.actions_by_id)

    def handlers(self) -> dict[Action, Callable[[], None]]:
        return {Action.EDIT_TAGS: self.edit_tags}

    def _push(self, cmd: TagsCommand | TagManagementCommand) -> None:
        self.w.triage.undo_stack.push(cmd)

    def _submit(self, description: str, fn: Callable[[Library], Any]) -> None:
        self.w.triage._submit_cmd(description, fn)

    # ================================================================= t
    def edit_tags(self) -> None:
        """One paper selected: its tag field in the detail pane; several: the bulk dialog."""
        ids = self.keeper.selected_ids()
        if len(ids) <= 1:
            self.detail.focus_tags()
            return
        dialog = BulkTagsDialog(self.library.tags_of(ids), [n for n, _c in self.library.tags()], self.w)
        dialog.accepted.connect(lambda: self.apply_bulk(dialog.ids, *dialog.changes()))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()

    def apply_bulk(self, ids: list[int], add: list[str], remove: list[str]) -> None:
        """Add ``add`` to and remove ``remove`` from every paper of ``ids``: one undoable step."""
        if ids and (add or remove):
            self._push(TagsCommand(self._submit, ids, add=add, remove=remove))

    # ================================================================= tag management
    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag (an existing ``new``: merge into it); undoable."""
        merge = new.strip().lower() in {n for n, _c in self.library.tags()}
        self._push(_FollowingCommand(self, old, new, merge))

    def delete_tag(self, name: str) -> None:
        self._push(TagManagementCommand(self._submit, name, None))

    def rename_dialog(self, tag: str) -> None:
        dialog = QInputDialog(self.w)
        dialog.setObjectName("renameTagDialog")
        dialog.setWindowTitle("Rename Tag")
        dialog.setLabelText(f"New name of the tag “{tag}” (an existing tag's name merges the two):")
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setTextValue(tag)
        dialog.textValueSelected.connect(lambda new: self._rename_chosen(tag, new))
        self._show(dialog)

    def _rename_chosen(self, tag: str, new: str) -> None:
        if not new.strip():
            self.w.statusBar().showMessage("A tag needs a name: nothing renamed", 5000)
        elif new.strip().lower() != tag:
            self.rename_tag(tag, new)

    def merge_dialog(self, tag: str) -> None:
        others = [n for n, _c in self.library.tags() if n != tag]
        if not others:
            self.w.statusBar().showMessage("There is no other tag to merge into", 5000)
            return
        dialog = QInputDialog(self.w)
        dialog.setObjectName("mergeTagDialog")
        dialog.setWindowTitle("Merge Tag")
        dialog.setLabelText(f"Merge “{tag}” into (its papers get this tag instead):")
        dialog.setComboBoxItems(others)
        dialog.setComboBoxEditable(False)
        dialog.textValueSelected.connect(lambda into: self.rename_tag(tag, into))
        self._show(dialog)

    def delete_dialog(self, tag: str) -> None:
        n = len(self.library.papers_tagged(tag))
        box = QMessageBox(QMessageBox.Icon.Question, "Delete Tag",
                          f"Remove the tag “{tag}” from {n:,} {'paper' if n == 1 else 'papers'}?\n"
                          "The papers stay; Undo (Ctrl+Z) puts the tag back.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.w)
        box.setObjectName("deleteTagBox")
        box.buttonClicked.connect(lambda b: self.delete_tag(tag) if box.standardButton(b)
                                  == QMessageBox.StandardButton.Yes else None)
        self._show(box)

    def _show(self, dialog: QDialog) -> None:
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()

    def _renamed(self, old: str, new: str) -> None:
        """The list on ``tag:old`` follows the tag to its new name."""
        current = self.pane.current_filter()
        if current.kind is FilterKind.TAG and current.value == old:
            self.pane.follow(Filter(FilterKind.TAG, " ".join(new.split()).lower()))


class _FollowingCommand(TagManagementCommand):
    """A rename or merge after which the list showing the old tag shows the new one (and,
    after its undo, the list showing the new name shows the old one again)."""

    def __init__(self, owner: TagController, old: str, new: str, merge: bool) -> None:
        super().__init__(owner._submit, old, new, merge=merge)
        self.owner = owner

    def redo(self) -> None:
        super().redo()
        self.owner._renamed(self.tag, self.new or "")

    def undo(self) -> None:
        super().undo()
        self.owner._renamed(" ".join((self.new or "").split()).lower(), self.tag)
