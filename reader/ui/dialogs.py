"""Small windows: the import report, the keyboard shortcut sheet and the drop-target empty state."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.model import ImportReport, ImportStatus
from reader.ui.actions import shortcut_sheet_html
from reader.ui.detail import SafeTextBrowser
from reader.ui.icons import app_icon, icon


def report_summary(report: ImportReport) -> str:
    rejected = len(report.rejected)
    skipped = sum(1 for f in report.files if f.status is ImportStatus.SKIPPED)
    parts = [f"{report.new} new", f"{report.updated} updated", f"{report.unchanged} unchanged",
             f"{rejected} rejected"]
    if skipped:
        parts.append(f"{skipped} skipped")
    head = "Import cancelled: " if report.cancelled else "Imported: "
    return head + ", ".join(parts)


class ImportBanner(QFrame):
    """A dismissible line above the list after an import, with a way to show the new papers."""

    showNewRequested = Signal()
    detailsRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importBanner")
        self.setAccessibleName("Import report")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        lay.addWidget(self.label, 1)
        self.show_new = QPushButton("Show New Papers", self)
        self.show_new.setObjectName("showNewButton")
        self.show_new.setAccessibleName("Show the newly imported papers")
        self.show_new.clicked.connect(self.showNewRequested.emit)
        lay.addWidget(self.show_new)
        self.details = QPushButton("Details…", self)
        self.details.setAccessibleName("Show the import report")
        self.details.clicked.connect(self.detailsRequested.emit)
        lay.addWidget(self.details)
        close = QToolButton(self)
        close.setIcon(icon("fa5s.times"))
        close.setAutoRaise(True)
        close.setAccessibleName("Close the import report")
        close.setToolTip("Close")
        close.clicked.connect(self.hide)
        lay.addWidget(close)
        self.hide()

    def show_report(self, report: ImportReport) -> None:
        text = report_summary(report)
        first = next((f for f in report.rejected), None)
        if first is not None:
            name = first.path.replace("\\", "/").rsplit("/", 1)[-1]
            text += f" — {name}: {first.reason}"
        self.label.setText(text)
        self.show_new.setVisible(bool(report.new_ids))
        self.show()


def _file_table(report: ImportReport, parent: QWidget) -> QTreeWidget:
    """One row per file: outcome, counts and the reason or warnings."""
    tree = QTreeWidget(parent)
    tree.setAccessibleName("Files")
    tree.setHeaderLabels(["File", "Result", "New", "Updated", "Unchanged", "Reason / warnings"])
    tree.setRootIsDecorated(False)
    for f in report.files:
        reason = f.reason or "; ".join(f.warnings)
        result = f.status.value
        if report.dry_run and f.status.value == "imported":
            result = f"would import ({f.format})"
        item = QTreeWidgetItem([f.path, result, str(f.new), str(f.updated), str(f.unchanged), reason])
        item.setToolTip(0, f.path)
        item.setToolTip(5, reason)
        tree.addTopLevelItem(item)
    for c in range(6):
        tree.resizeColumnToContents(c)
    return tree


class ImportReportDialog(QDialog):
    """Every file of an import with its outcome and, for rejected files, the reason."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Report")
        self.setObjectName("importReportDialog")
        lay = QVBoxLayout(self)
        summary = QLabel(report_summary(report), self)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(summary)
        lay.addWidget(_file_table(report, self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(760, 320)


def preview_summary(report: ImportReport) -> str:
    files = [f for f in report.files if f.status.value == "imported"]
    known = sum(1 for f in report.files if f.status.value == "unchanged")
    rejected = len(report.rejected)
    skipped = sum(1 for f in report.files if f.status.value == "skipped")
    lines = [
        f"{len(files)} file(s) to import: {report.new} new papers, {report.updated} already known "
        f"that would be updated, {report.unchanged} already known and unchanged.",
    ]
    if known:
        lines.append(f"{known} file(s) were imported before and would change nothing.")
    if rejected or skipped:
        lines.append(f"{rejected} file(s) rejected and {skipped} skipped — see the reasons below.")
    lines.append("Your stars, states, tags and notes are never changed by an import.")
    return "\n".join(lines)


class ImportPreviewDialog(QDialog):
    """Before a large import: what it would do (from a dry run), then Import or Cancel."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Preview")
        self.setObjectName("importPreviewDialog")
        lay = QVBoxLayout(self)
        self.summary = QLabel(preview_summary(report), self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        lay.addWidget(_file_table(report, self))
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setAccessibleName("Import these files")
        self.import_button.setEnabled(report.new + report.updated > 0)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(820, 380)


class ShortcutSheet(QDialog):
    """Every shortcut (from ``ACTIONS``), sized to its text at the current font and never larger
    than the screen it opens on: what does not fit scrolls (nothing is cut off)."""

    #: the sheet's width in average characters of its font (two columns of keys and names)
    WIDTH_CHARS = 110
    #: the part of the screen's available area the sheet may take (room for the title bar)
    SCREEN_SHARE = 0.9

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle("Keyboard Shortcuts")
        lay = QVBoxLayout(self)
        self.view = SafeTextBrowser(self)
        self.view.setAccessibleName("Keyboard shortcuts")
        self.view.setHtml(shortcut_sheet_html())
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        lay.addWidget(self.view)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.fit_to_content()

    def fit_to_content(self) -> None:
        """Resize to the whole text at the current font, within the screen's available area."""
        screen = (self.parentWidget() or self).screen().availableGeometry()
        lay = self.layout()
        assert lay is not None
        m = lay.contentsMargins()
        width = min(self.fontMetrics().averageCharWidth() * self.WIDTH_CHARS + m.left() + m.right(),
                    int(screen.width() * self.SCREEN_SHARE))
        doc = self.view.document().clone(self)  # measured apart: the view lays its own out again
        doc.setDefaultFont(self.view.font())
        doc.setTextWidth(width - m.left() - m.right())
        text_height = int(doc.size().height()) + 2 * self.view.frameWidth() + 6
        height = (text_height + lay.spacing() + self.buttons.sizeHint().height()
                  + m.top() + m.bottom())
        doc.deleteLater()
        self.resize(width, min(height, int(screen.height() * self.SCREEN_SHARE)))


class EmptyState(QWidget):
    """What a new library shows: a drop target, Import buttons and the sample; disabled
    (:meth:`set_busy`) while a check or an import runs."""

    sampleRequested = Signal()
    importRequested = Signal()
    importFolderRequested = Signal()

    #: What importing does to a file (ImportRun reads it and stores its papers, nothing more).
    TEXT = ("Drop digest files or whole folders anywhere on this window — Hugging Face Daily Papers "
            "pages saved as text, arXiv mailings, RSS/Atom feeds or e-mails. Digest Reader reads "
            "each file and stores its papers in your library's database; the file itself is not "
            "copied, moved or changed, and is not needed afterwards.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setAccessibleName("Empty library")
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        frame = QFrame(self)
        self.frame = frame
        frame.setObjectName("dropTarget")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setMaximumWidth(640)
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(14)
        pic = QLabel(frame)
        pic.setPixmap(app_icon().pixmap(96, 96))
        pic.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(pic)
        title = QLabel("Your reading queue is empty", frame)
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.6)
        f.setBold(True)
        title.setFont(f)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(title)
        self.text = QLabel(self.TEXT, frame)
        self.text.setObjectName("emptyStateText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(self.text)
        row = QHBoxLayout()
        row.addStretch(1)
        self.sample_button = QPushButton(icon("fa5s.file-import"), "Import the sample digest", frame)
        self.sample_button.setObjectName("sampleButton")
        self.sample_button.setAccessibleName("Import the sample digest")
        self.sample_button.setDefault(True)
        self.sample_button.clicked.connect(self.sampleRequested.emit)
        row.addWidget(self.sample_button)
        self.import_button = QPushButton(icon("fa5s.file-alt"), "Import files…", frame)
        self.import_button.setObjectName("emptyImportButton")
        self.import_button.setAccessibleName("Import digest files")
        self.import_button.clicked.connect(self.importRequested.emit)
        row.addWidget(self.import_button)
        self.folder_button = QPushButton(icon("fa5s.folder-open"), "Import a folder…", frame)
        self.folder_button.setObjectName("emptyImportFolderButton")
        self.folder_button.setAccessibleName("Import a folder of digests")
        self.folder_button.clicked.connect(self.importFolderRequested.emit)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        inner.addLayout(row)
        self.busy_label = QLabel("Working on the files — the status bar shows the progress.", frame)
        self.busy_label.setObjectName("emptyStateBusy")
        self.busy_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy_label.hide()
        inner.addWidget(self.busy_label)
        hint = QLabel("Then triage from the keyboard: j/k move, s star, q queue, x dismiss, ? for all keys.",
                      frame)
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        inner.addWidget(hint)
        h = QHBoxLayout()
        h.addStretch(1)
        h.addWidget(frame, 4)
        h.addStretch(1)
        outer.addLayout(h)
        outer.addStretch(3)

    def set_busy(self, busy: bool) -> None:
        """While a check or an import runs the card is not clickable (no second import)."""
        self.frame.setEnabled(not busy)
        self.busy_label.setVisible(busy)
