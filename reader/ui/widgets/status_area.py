"""The status bar's own widgets: library counts, "index catching up", background progress with
its Cancel button."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QStatusBar, QWidget


class StatusArea(QObject):
    """Builds its widgets into ``status_bar`` (counts on the left; the index note and the
    progress box as permanent widgets on the right). ``parent`` owns the widgets (the window),
    as before the status bar adopts them. :attr:`cancelRequested`: the Cancel button."""

    cancelRequested = Signal()

    def __init__(self, status_bar: QStatusBar, parent: QWidget) -> None:
        super().__init__(parent)
        sb = status_bar
        sb.setObjectName("statusBar")
        self.counts_label = QLabel(parent)
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
        self.progress_label = QLabel(parent)
        self.progress_label.hide()
        box = QWidget(parent)
        bl = QHBoxLayout(box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.progress_label)
        bl.addWidget(self.progress)
        bl.addWidget(self.cancel_button)
        sb.addWidget(self.counts_label, 1)
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
