"""The search bar above the list: the box, the scope line under it and the error (both wrap to
the list's width: no message widens the window)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from reader.ui.icons import icon


class SearchBar(QWidget):
    """``box`` (search as you type), ``scope`` (where the search runs, with a link to all
    papers) and ``error`` (why the query cannot run). Down arrow in the box emits
    :attr:`downPressed` (the window moves to the list; the search stays)."""

    downPressed = Signal()
    allPapersRequested = Signal()  # the scope label's link

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)  # as between the bar and the rest of the list column
        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setAccessibleName("Search")
        self.box.setPlaceholderText(
            "Search  (/)   e.g.  diffusion  ·  tag:rl  ·  has:code  ·  upvotes:>10  ·  title:\"video\"")
        self.box.setClearButtonEnabled(True)
        self.box.addAction(icon("fa5s.search"), QLineEdit.ActionPosition.LeadingPosition)
        self.box.installEventFilter(self)
        self.error = QLabel(self)
        self.error.setObjectName("searchError")
        self.error.setAccessibleName("Search error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        # messages wrap to the list's width and never ask for more (ARCHITECTURE.md "Layers")
        self.error.setWordWrap(True)
        self.error.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.error.setForegroundRole(self.error.foregroundRole())
        self.error.hide()
        # Where a search runs: "in Inbox — search all papers" (a link to the same search in
        # All); after a scoped search that found nothing, how many all papers have.
        self.scope = QLabel(self)
        self.scope.setObjectName("searchScope")
        self.scope.setAccessibleName("Search scope")
        self.scope.setTextFormat(Qt.TextFormat.RichText)
        self.scope.setContentsMargins(4, 0, 4, 0)
        self.scope.setWordWrap(True)
        self.scope.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.scope.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.scope.linkActivated.connect(lambda _link: self.allPapersRequested.emit())
        self.scope.hide()
        layout.addWidget(self.box)
        layout.addWidget(self.scope)  # under the box: the box keeps its width at 1024 px
        layout.addWidget(self.error)

    def text(self) -> str:
        return self.box.text().strip()

    def show_error(self, message: str) -> None:
        self.error.setText(f"⚠ {message}")
        self.error.setToolTip(message)
        self.error.show()

    def hide_error(self) -> None:
        self.error.hide()

    def show_scope(self, rich_text: str, tip: str) -> None:
        self.scope.setText(rich_text)
        self.scope.setToolTip(tip)
        self.scope.show()

    def hide_scope(self) -> None:
        self.scope.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down arrow in the search box goes to the list (the search stays)."""
        if (watched is self.box and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down):  # type: ignore[attr-defined]
            self.downPressed.emit()
            return True
        return super().eventFilter(watched, event)
