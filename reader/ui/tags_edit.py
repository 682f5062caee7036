"""``TagsEdit``: the detail pane's comma-separated tags field with completion."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget


class TagsEdit(QLineEdit):
    """Comma-separated tags with completion of the word being typed."""

    committed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Add tags, separated by commas")
        self._names = QStringListModel(self)
        self._completer = QCompleter(self._names, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._complete)
        self.editingFinished.connect(self._commit)
        self._last: list[str] = []

    def set_known(self, names: list[str]) -> None:
        self._names.setStringList(names)

    def set_tags(self, tags: list[str]) -> None:
        self._last = list(tags)
        self.setText(", ".join(tags))

    def tags(self) -> list[str]:
        out: list[str] = []
        for part in self.text().split(","):
            tag = " ".join(part.split()).lower()
            if tag and tag not in out:
                out.append(tag)
        return out

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def _popup_visible(self) -> bool:
        popup = self._completer.popup()
        return popup is not None and popup.isVisible()

    def _complete(self, text: str) -> None:
        prefix = text[: self.cursorPosition()].split(",")[-1].strip()
        if not prefix:
            self._hide_popup()
            return
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount():
            self._completer.complete()
        else:
            self._hide_popup()

    def _insert(self, name: str) -> None:
        parts = [p.strip() for p in self.text().split(",")]
        parts[-1] = name
        self.setText(", ".join(p for p in parts if p) + ", ")

    def _commit(self) -> None:
        if self._popup_visible():
            return
        tags = self.tags()
        if tags != self._last:
            self._last = tags
            self.committed.emit(tags)
