"""Bringing papers in and out (ARCHITECTURE.md "Data flow of an import"): import files and
folders (with a dry-run preview for large imports), index them for search afterwards, show
progress with Cancel, accept dropped files, export the library.

Long jobs go straight to the write queue (``Workers.write``) with progress and cancel; they
are tracked in ``_long_jobs`` so Cancel and closing the window reach them. The import report
of the last import is kept for the banner's "Show New Papers" and "Details…".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QWidget

from reader.core.model import Filter, ImportReport
from reader.paths import sample_digest
from reader.ui.actions import Action
from reader.ui.controllers.base import WindowController
from reader.ui.dialogs import ImportPreviewDialog, ImportReportDialog
from reader.ui.workers import Job, JobContext

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

#: An import of a folder or several files first shows a preview (a dry run) when it is at least
#: this large; smaller ones import straight away.
PREVIEW_MIN_FILES = 20
PREVIEW_MIN_PAPERS = 200
#: Where the import dialogs opened last (QSettings key).
LAST_DIR_KEY = "import/last-dir"
ALL_FILES = "All files (*)"
DIGEST_FILES = "Usual digest files (*.txt *.eml *.json *.xml *.rss *.atom *.html *.md)"


def make_import_dialog(parent: QWidget, directory: str, *, folders: bool = False) -> QFileDialog:
    """The Import dialog, configured but not shown: several existing files (or, ``folders``,
    one folder), every file listed (detection is by content, not by name), opening in
    ``directory``, at least 900×600 or 70 % of the window. Qt's own dialog, not the
    platform's: it honours the size and the folder on every desktop."""
    title = "Import a Folder of Digests" if folders else "Import Digest Files"
    dialog = QFileDialog(parent, title, directory)
    dialog.setObjectName("importFolderDialog" if folders else "importFilesDialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    if folders:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, "Import Folder")
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([ALL_FILES, DIGEST_FILES])
        dialog.selectNameFilter(ALL_FILES)
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, "Import")
    window = parent.window()
    dialog.resize(max(900, int(window.width() * 0.7)), max(600, int(window.height() * 0.7)))
    return dialog


def _checking(label: str) -> str:
    """A dry run's progress in its own words: it checks files, it imports nothing."""
    if label.startswith("Importing "):
        return "Checking " + label.removeprefix("Importing ") + "…"
    return "Checked" if label == "Imported" else label


def local_paths(event: QDropEvent | QDragEnterEvent) -> list[str]:
    """The local files a drag carries (none for text or remote URLs)."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


class FileDropRedirect(QObject):
    """Makes text fields hand dropped *files* to ``drop`` (text drops still work normally)."""

    def __init__(self, parent: QObject, drop: Callable[[QDropEvent], None]) -> None:
        super().__init__(parent)
        self.drop = drop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        t = event.type()
        if t in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            paths = local_paths(event)  # type: ignore[arg-type]
            if paths:
                if t == QEvent.Type.Drop:
                    self.drop(event)  # type: ignore[arg-type]
                else:
                    event.setDropAction(Qt.DropAction.CopyAction)  # type: ignore[attr-defined]
                    event.accept()
                return True
        return False


class ImportController(WindowController):
    """Import, preview, indexing, progress and export of the window."""

    importFinished = Signal(object)  # ImportReport
    importPreviewed = Signal(object)  # ImportReport of the dry run shown in the preview dialog
    indexingFinished = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.status = window.status
        self.settings: QSettings = window.settings  # the window's constructor-passed settings
        self.file_dialog: QFileDialog | None = None
        self._long_jobs: list[Job] = []
        self._last_report: ImportReport | None = None
        self._index_catching_up = False
        self.report_dialog: ImportReportDialog | None = None
        self.preview_dialog: ImportPreviewDialog | None = None

        self.status.cancelRequested.connect(self.cancel_background)
        self.w.banner.showNewRequested.connect(self.show_new_papers)
        self.w.banner.detailsRequested.connect(self.show_report_dialog)
        self.w.empty_state.sampleRequested.connect(self.import_sample)
        self.w.empty_state.importRequested.connect(self.import_dialog)
        self.w.empty_state.importFolderRequested.connect(self.import_folder_dialog)

    def handlers(self) -> dict[Action, Callable[[], None]]:
        return {
            Action.IMPORT: self.import_dialog,
            Action.IMPORT_FOLDER: self.import_folder_dialog,
            Action.IMPORT_SAMPLE: self._import_sample_action,
            Action.EXPORT: self.export_dialog,
        }

    def _import_sample_action(self) -> None:
        self.import_sample()

    @property
    def index_catching_up(self) -> bool:
        """An indexing job is queued or running (the status bar says so)."""
        return self._index_catching_up

    @property
    def last_report(self) -> ImportReport | None:
        return self._last_report

    def cancel_all(self) -> None:
        """Ask every long job to stop (closing the window)."""
        for job in self._long_jobs:
            job.cancel()

    # ================================================================= import
    def import_paths(self, paths: Sequence[str | Path], as_of: dt.date | None = None, *,
                     preview: bool | None = None) -> Job | None:
        """Import files/folders off the GUI thread (copy semantics: sources are only read).

        A folder or several files are first checked with a dry run; when that shows a large
        import (``PREVIEW_MIN_FILES``/``PREVIEW_MIN_PAPERS``) — or ``preview=True`` — the
        Import Preview dialog says what would happen and nothing changes until Import.
        """
        names = [str(p) for p in paths if str(p)]
        if not names:
            return None
        self.detail.flush_note()
        several = len(names) > 1 or any(Path(p).is_dir() for p in names)
        if preview is False or (preview is None and not several):
            return self._start_import(names, as_of)
        lib = self.library

        def work(ctx: JobContext) -> ImportReport:
            def progress(done: int, total: int, label: str) -> None:
                ctx.progress(done, total, _checking(label))

            return lib.import_files(names, as_of=as_of, progress=progress, cancel=ctx.cancelled,
                                    dry_run=True)

        job = self.workers.write(
            "preview", work, lambda report: self._preview_done(names, as_of, report, bool(preview)),
            lambda exc: self._long_failed("Import preview", exc), self.status.set_progress)
        self._track(job, "Checking files…")
        return job

    def _preview_done(self, paths: list[str], as_of: dt.date | None, report: ImportReport,
                      forced: bool) -> None:
        self._untrack()
        if self.w.closing:
            return
        if report.cancelled:
            self.w.statusBar().showMessage("Import cancelled; nothing changed", 6000)
            return
        papers = report.new + report.updated + report.unchanged
        large = len(report.files) >= PREVIEW_MIN_FILES or papers >= PREVIEW_MIN_PAPERS
        if not (large or forced):
            self._start_import(paths, as_of)
            return
        dialog = ImportPreviewDialog(report, self.w)
        self.preview_dialog = dialog
        dialog.accepted.connect(lambda: self._start_import(paths, as_of))
        dialog.rejected.connect(
            lambda: self.w.statusBar().showMessage("Import cancelled; nothing changed", 6000))
        dialog.open()
        self.importPreviewed.emit(report)

    def _start_import(self, paths: list[str], as_of: dt.date | None) -> Job:
        lib = self.library

        def work(ctx: JobContext) -> ImportReport:
            return lib.import_files(paths, as_of=as_of, progress=ctx.progress, cancel=ctx.cancelled,
                                    index=False)

        job = self.workers.write("import", work, self._import_done,
                                 lambda exc: self._long_failed("Import", exc), self.status.set_progress)
        self._track(job, "Importing…")
        return job

    def import_sample(self) -> Job | None:
        return self.import_paths([sample_digest()])

    def _import_done(self, report: ImportReport) -> None:
        self._untrack()
        self._last_report = report
        if self.w.closing:
            return
        self.w.banner.show_report(report)
        self.w.statusBar().showMessage(self.w.banner.label.text(), 8000)
        if report.new_ids and not self.w.lists.counts.get("all"):
            self.w.keeper.select_later(None)
        self.w.lists.refresh()
        self.importFinished.emit(report)
        self.start_indexing()

    # ================================================================= indexing
    def start_indexing(self) -> None:
        lib = self.library
        self._index_catching_up = True
        self.w.lists.update_index_label()

        def work(ctx: JobContext) -> int:
            return lib.sync_index(ctx.progress, ctx.cancelled)

        job = self.workers.write("index", work, self._index_done,
                                 lambda exc: self._long_failed("Indexing", exc), self.status.set_progress)
        self._track(job, "Indexing for search…")

    def _index_done(self, _n: int) -> None:
        self._untrack()
        self._index_catching_up = False
        if self.w.closing:
            return
        self.w.lists.update_index_label()
        if self.w.lists.spec.text.strip():
            self.w.lists.requery()
        self.w.model.index_pending = 0
        self.w.lists.update_index_label()
        self.indexingFinished.emit()

    # ================================================================= progress
    def _long_failed(self, what: str, exc: BaseException) -> None:
        self._untrack()
        self._index_catching_up = False
        if self.w.closing:
            return
        self.w.statusBar().showMessage(f"{what} failed: {exc}", 10000)
        self.w.lists.refresh()

    def _track(self, job: Job, label: str) -> None:
        self._long_jobs.append(job)
        self.status.start_progress(label)
        self.w.empty_state.set_busy(True)  # no second import under a running one

    def _untrack(self) -> None:
        if self._long_jobs:
            self._long_jobs.pop(0)
        if not self._long_jobs:
            self.status.stop_progress()
            self.w.empty_state.set_busy(False)

    def cancel_background(self) -> None:
        self.cancel_all()
        self.w.statusBar().showMessage("Cancelling…", 3000)

    # ================================================================= after an import
    def show_new_papers(self) -> None:
        """Exactly the papers the last import added (``new:FIRST-LAST``), the first one
        current and selected alone: one stray key must not triage the lot."""
        report = self._last_report
        if report is None or not report.new_ids:
            return
        try:
            flt = Filter.new_papers(report.new_ids)
        except ValueError as exc:  # not one id range: cannot happen for one run (see new_papers)
            self.w.statusBar().showMessage(f"Cannot show the new papers: {exc}", 8000)
            return
        self.w.lists.clear_search()
        self.w.keeper.select_later(None)
        self.w.lists.set_filter(flt)
        self.w.view.setFocus()

    def show_report_dialog(self) -> None:
        if self._last_report is None:
            return
        self.report_dialog = ImportReportDialog(self._last_report, self.w)
        self.report_dialog.show()

    # ================================================================= dialogs
    def import_dialog(self) -> None:
        """Pick digest files (non-blocking); a folder: :meth:`import_folder_dialog`."""
        self._show_file_dialog(folders=False)

    def import_folder_dialog(self) -> None:
        """Pick a folder: every digest in it (recursively) is imported, the rest reported."""
        self._show_file_dialog(folders=True)

    def last_dir(self) -> str:
        """Where the import dialogs open: the folder used last, else the home folder."""
        value = self.settings.value(LAST_DIR_KEY, "")
        last = value if isinstance(value, str) else ""
        return last if last and Path(last).is_dir() else str(Path.home())

    def _show_file_dialog(self, *, folders: bool) -> None:
        if self.file_dialog is not None:
            self.file_dialog.close()
        dialog = make_import_dialog(self.w, self.last_dir(), folders=folders)
        self.file_dialog = dialog
        dialog.filesSelected.connect(lambda paths: self._dialog_chose(dialog, paths, folders))
        dialog.open()

    def _dialog_chose(self, dialog: QFileDialog, paths: list[str], folders: bool) -> None:
        if not paths:
            return
        # a folder import remembers the folder that holds it, a file import the files' folder
        where = Path(paths[0]).parent if folders else Path(dialog.directory().absolutePath())
        self.settings.setValue(LAST_DIR_KEY, str(where))
        self.import_paths(paths)

    def export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self.w, "Export Library",
                                              str(Path.home() / "digest-reader.json"), "JSON (*.json)")
        if not name:
            return
        path = Path(name)
        self.w.triage.submit_write(
            "Export", lambda lib: lib.export_json(path),
            lambda n: self.w.statusBar().showMessage(f"Exported {n} papers to {path}", 8000))

    # ================================================================= drag and drop
    def drag_enter(self, event: QDragEnterEvent) -> None:
        if local_paths(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def drop(self, event: QDropEvent) -> None:
        paths = local_paths(event)
        if not paths:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)  # never Move: the source stays untouched
        event.accept()
        self.import_paths(paths)
