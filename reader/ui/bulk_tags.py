"""``BulkTagsDialog``: the tags of several papers at once (``t`` with more than one paper selected).

Every tag of the selected papers is listed with a three-state check: checked (every paper has it),
partly checked (some have it; left as it is unless changed) and unchecked (none has it). A field
with completion adds new tags. :meth:`BulkTagsDialog.changes` is what OK asks for: the tags to add
to every paper and the tags to remove from every paper.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.ui.tags_edit import TagsEdit

CHECKED = Qt.CheckState.Checked
PARTLY = Qt.CheckState.PartiallyChecked
UNCHECKED = Qt.CheckState.Unchecked


class BulkTagsDialog(QDialog):
    """Add and remove tags on ``tags_of``'s papers (paper id → its tags)."""

    def __init__(self, tags_of: Mapping[int, Sequence[str]], known: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkTagsDialog")
        self.setWindowTitle("Tags of the selected papers")
        self.ids = list(tags_of)
        n = len(self.ids)
        have: dict[str, int] = {}
        for tags in tags_of.values():
            for tag in dict.fromkeys(tags):
                have[tag] = have.get(tag, 0) + 1
        self._before: dict[str, Qt.CheckState] = {}

        lay = QVBoxLayout(self)
        head = QLabel(f"Tags of {n:,} selected papers — checked: every paper has the tag; "
                      "partly checked: some have it (left as it is unless you change it).", self)
        head.setWordWrap(True)
        lay.addWidget(head)
        self.list = QListWidget(self)
        self.list.setObjectName("bulkTagsList")
        self.list.setAccessibleName("Tags of the selection")
        for tag in sorted(have):
            state = CHECKED if have[tag] == n else PARTLY
            self._add_item(tag, state, f"{have[tag]:,} of {n:,} papers")
        if not have:
            self.list.addItem(QListWidgetItem("(none of these papers has a tag yet)"))
        lay.addWidget(self.list, 1)

        self.new_tags = TagsEdit(self)
        self.new_tags.setObjectName("bulkTagsNew")
        self.new_tags.setAccessibleName("New tags")
        self.new_tags.setPlaceholderText("Add tags to all of them, separated by commas")
        self.new_tags.set_known(list(known))
        label = QLabel("&Add:", self)
        label.setBuddy(self.new_tags)
        lay.addWidget(label)
        lay.addWidget(self.new_tags)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.resize(420, 380)
        self.new_tags.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_item(self, tag: str, state: Qt.CheckState, tip: str) -> None:
        item = QListWidgetItem(tag if state is CHECKED else f"{tag}   ({tip})")
        flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
        if state is PARTLY:  # all / some / none; a tag every paper has is on or off
            flags |= Qt.ItemFlag.ItemIsUserTristate
        item.setFlags(flags)
        item.setCheckState(state)
        item.setToolTip(tip)
        item.setData(Qt.ItemDataRole.UserRole, tag)
        self.list.addItem(item)
        self._before[tag] = state

    def set_state(self, tag: str, state: Qt.CheckState) -> None:
        """Check, partly check or uncheck ``tag`` (as a click does)."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == tag:
                item.setCheckState(state)
                return
        raise KeyError(tag)

    def state_of(self, tag: str) -> Qt.CheckState:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == tag:
                return item.checkState()
        raise KeyError(tag)

    def changes(self) -> tuple[list[str], list[str]]:
        """(tags to add to every paper, tags to remove from every paper)."""
        add: list[str] = []
        remove: list[str] = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            tag = item.data(Qt.ItemDataRole.UserRole)
            if tag is None:
                continue
            state = item.checkState()
            if state == self._before[tag]:
                continue
            if state == CHECKED:
                add.append(tag)
            elif state == UNCHECKED:
                remove.append(tag)
        for tag in self.new_tags.tags():
            if tag not in add and self._before.get(tag) is not CHECKED:
                add.append(tag)
            if tag in remove:
                remove.remove(tag)
        return add, remove
