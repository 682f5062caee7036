"""The status bar's own widgets: library counts, the current message, "index catching up",
background progress with its Cancel button.

Every widget is a *permanent* one: ``QStatusBar.showMessage`` hides normal widgets and paints
its message over their place, and would paint it over the counts. Here the message
(``showMessage``, an action's status tip) is shown by :attr:`StatusArea.message_label`, an
elided label of its own right of the counts, so nothing covers the counts and no message widens
the window (the full text is the label's tooltip when it is cut)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QStatusBar, QWidget

from reader.ui.widgets.elided import ElidedLabel


class StatusArea(QObject):
    """Builds its widgets into ``status_bar`` (counts on the left, then the message, the index
    note and the progress box). ``parent`` owns the widgets (the window), as before the status
    bar adopts them. :attr:`cancelRequested`: the Cancel button."""

    cancelRequested = Signal()

    def __init__(self, status_bar: QStatusBar, parent: QWidget) -> None:
        super().__init__(parent)
        sb = status_bar
        sb.setObjectName("statusBar")
        self.counts_label = ElidedLabel("", parent)
        self.counts_label.setObjectName("countsLabel")
        self.counts_label.setAccessibleName("Library counts")
        self.index_label = QLabel(parent)
        self.index_label.setObjectName("indexLabel")
        self.index_label.hide()
        self.progress = QProgressBar(parent)
        self.progress.setObjectName("progressBar")
        self.progress.setAccessibleName("Background work progress")
        self.progress.setMaximumWidth(200)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel", parent)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAccessibleName("Cancel the background work")
        self.cancel_button.clicked.connect(self.cancelRequested.emit)
        self.cancel_button.hide()
        self.progress_label = ElidedLabel("", parent)
        self.progress_label.hide()
        box = QWidget(parent)
        bl = QHBoxLayout(box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.progress_label)
        bl.addWidget(self.progress)
        bl.addWidget(self.cancel_button)
        self.message_label = ElidedLabel("", parent)
        self.message_label.setObjectName("statusMessage")
        self.message_label.setAccessibleName("Status message")
        self.message_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.message_label.setContentsMargins(12, 0, 0, 0)
        sb.messageChanged.connect(self.message_label.setText)
        sb.addPermanentWidget(self.counts_label)
        sb.addPermanentWidget(self.message_label, 1)  # QStatusBar's own painting gets no room
        sb.addPermanentWidget(self.index_label)
        sb.addPermanentWidget(box)

    def show_counts(self, counts: dict[str, int], showing: int) -> None:
        c = counts
        self.counts_label.setText(
            f"{c.get('all', 0):,} papers  ·  {c.get('inbox', 0):,} in inbox  ·  "
            f"{c.get('queued', 0):,} queued  ·  {c.get('starred', 0):,} starred  ·  "
            f"showing {showing:,}")

    def show_index_catching_up(self, catching_up: bool) -> None:
        if catching_up:
            self.index_label.setText("Search index catching up…")
            self.index_label.show()
        else:
            self.index_label.hide()

    def start_progress(self, label: str) -> None:
        """A long job started: a busy bar, its label and Cancel."""
        self.progress_label.setText(label)
        self.progress.setRange(0, 0)
        for w in (self.progress, self.cancel_button, self.progress_label):
            w.show()

    def stop_progress(self) -> None:
        for w in (self.progress, self.cancel_button, self.progress_label):
            w.hide()

    def set_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)
        if message:
            self.progress_label.setText(message)
