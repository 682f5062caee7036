"""What every controller of the main window starts from: the window and the parts of it the
controllers share, named once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:  # the window imports its controllers
    from reader.ui.main_window import MainWindow


class WindowController(QObject):
    """A controller of ``window``: its library, its worker pools, the list (model, view and
    the selection keeper) and the detail pane, under the names the controllers use."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.library = window.library
        self.workers = window.workers
        self.model = window.model
        self.view = window.view
        self.keeper = window.keeper
        self.detail = window.detail
