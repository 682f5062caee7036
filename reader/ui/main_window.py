"""The main window (ARCHITECTURE.md "Layers"): filters | paper list | detail, menus, toolbar, status bar.

``MainWindow`` is the composition root: it builds the panes (:mod:`reader.ui.widgets`), creates
one controller per responsibility (:mod:`reader.ui.controllers`: the list and search, triage and
undo, import and indexing, saved searches, and :class:`~reader.ui.window_state.WindowState`:
settings, title and Preferences), whose ``QAction``\\ s come from
:data:`~reader.ui.actions.ACTIONS` with the handlers the controllers declare
(:mod:`reader.ui.action_builder`). Its methods that only forward to
a controller are the window's public surface (tests, ``app``, the screenshot scripts).

Threads (ARCHITECTURE.md "Threads and processes"): every write goes through
``self.workers.write`` (one thread, in order); the list's first page and the counts are read on the
read pool; results that arrive for an outdated query are dropped (``ListController``). Only this
(GUI) thread touches widgets.

Keys come from :mod:`reader.ui.actions`. Plain-letter shortcuts are window shortcuts; text
fields (search box, tags, notes) accept the ``ShortcutOverride`` for printable keys, so typing
there never triggers a triage action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QUndoStack
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reader import __version__
from reader.core.library import Library
from reader.core.model import Filter, Paper
from reader.ui.actions import ACTIONS, Action
from reader.ui.controllers.import_controller import FileDropRedirect, ImportController
from reader.ui.controllers.list_controller import ListController
from reader.ui.controllers.saved_search_controller import SavedSearchController
from reader.ui.controllers.tag_controller import TagController
from reader.ui.controllers.triage_controller import TriageController
from reader.ui.detail import DetailPane
from reader.ui.dialogs import EmptyState, ImportBanner, ImportPreviewDialog, ImportReportDialog, ShortcutSheet
from reader.ui.filters import FilterPane
from reader.ui.icons import app_icon, icon
from reader.ui.paper_model import PaperTableModel, QuerySpec
from reader.ui.settings import WindowSettings, default_settings
from reader.ui.widgets.pane_layout import PaneLayout
from reader.ui.widgets.paper_list import PaperTableView
from reader.ui.widgets.search_bar import SearchBar
from reader.ui.widgets.selection_keeper import SelectionKeeper
from reader.ui.widgets.status_area import StatusArea
from reader.ui.window_state import WindowState
from reader.ui.workers import Job, Workers

Handlers = dict[Action, Callable[[], None]]
__all__ = ["MainWindow", "default_settings"]  # default_settings: where app.py used to import it from


class MainWindow(QMainWindow):
    """The three-pane window around an open :class:`Library`."""

    # the controllers' signals, forwarded (tests and ``app`` wait on the window's)
    listLoaded = Signal()  # a query's first page is in the model
    countsLoaded = Signal()
    importFinished = Signal(object)  # ImportReport
    importPreviewed = Signal(object)  # ImportReport of the dry run shown in the preview dialog
    indexingFinished = Signal()
    writeFinished = Signal()

    toolbar: QToolBar

    def __init__(self, library: Library, settings: QSettings | None = None,
                 parent: QWidget | None = None, *, demo: bool = False) -> None:
        super().__init__(parent)
        self.actions_by_id: dict[Action, QAction] = {}
        self.library = library
        self.settings = settings if settings is not None else default_settings()
        self.window_settings = WindowSettings(self.settings, library.root, demo=demo)
        self.workers = Workers(self)
        self._closing = False
        self.shortcut_sheet: ShortcutSheet | None = None

        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setObjectName("mainWindow")

        self.model = PaperTableModel(library, self)
        self.model.pageError.connect(lambda msg: self.statusBar().showMessage(msg, 5000))
        self.model.set_icons(_list_icons())
        self._build_ui()
        self.lists = ListController(self)
        self.triage = TriageController(self)
        self.imports = ImportController(self)
        self.saved_searches = SavedSearchController(self)
        self.tagging = TagController(self)  # t on a selection, tag management, the papers' menu
        self.state = WindowState(self, demo)  # settings, title, Preferences
        self.undo_stack: QUndoStack = self.triage.undo_stack
        self.lists.listLoaded.connect(self.listLoaded)
        self.lists.countsLoaded.connect(self.countsLoaded)
        self.imports.importFinished.connect(self.importFinished)
        self.imports.importPreviewed.connect(self.importPreviewed)
        self.imports.indexingFinished.connect(self.indexingFinished)
        self.triage.writeFinished.connect(self.writeFinished)
        self._build_actions()
        self._drop_redirect = FileDropRedirect(self, self.imports.drop)
        for w in (self.search_box, self.view.viewport(), *self.detail.drop_targets()):
            w.installEventFilter(self._drop_redirect)

        self._restore_settings()
        self.lists.spec = QuerySpec(filter=self.filter_pane.current_filter(), sort=self.window_settings.sort)
        self.lists.sync_sort_indicator()
        self.lists.current_changed(QModelIndex(), QModelIndex())
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)  # keys work at once: j/k, s, q…
        self.refresh()
        if library.index_rebuilt_reason:
            self.statusBar().showMessage(library.index_rebuilt_reason, 15000)

    # ================================================================= building
    def _build_ui(self) -> None:
        self.filter_pane = FilterPane(self, settings=self.settings)

        middle = QWidget(self)
        ml = QVBoxLayout(middle)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.setSpacing(2)
        self.search_bar = SearchBar(middle)
        self.search_box = self.search_bar.box
        self.search_error = self.search_bar.error
        self.search_scope = self.search_bar.scope
        self.banner = ImportBanner(middle)
        self.view = PaperTableView(middle)
        self.view.setModel(self.model)
        self.view.setup_header(self.fontMetrics())
        self.keeper = SelectionKeeper(self.model, self.view,
                                      lambda current, previous: self.lists.current_changed(current, previous))
        ml.addWidget(self.search_bar)
        ml.addWidget(self.banner)
        ml.addWidget(self.view, 1)

        self.detail = DetailPane(self)
        self.detail.set_revisions_provider(self.library.note_revisions)

        self.panes = PaneLayout(self.filter_pane, middle, self.detail, self)  # widths, collapsing, toggles
        self.splitter = self.panes.splitter

        self.empty_state = EmptyState(self)
        self.central = QStackedWidget(self)
        self.central.addWidget(self.splitter)
        self.central.addWidget(self.empty_state)
        self.setCentralWidget(self.central)

        self.status = StatusArea(self.statusBar(), self)
        self.counts_label = self.status.counts_label
        self.index_label = self.status.index_label
        self.progress = self.status.progress
        self.progress_label = self.status.progress_label
        self.cancel_button = self.status.cancel_button

    def handlers(self) -> Handlers:
        """Every action's handler: the window's own and each controller's (no action twice)."""
        own: Handlers = {
            Action.QUIT: self._quit,
            Action.TOGGLE_PREVIEW: self.toggle_preview,
            Action.SHORTCUTS: self.show_shortcuts,
            Action.ABOUT: self.show_about,
        }
        merged: Handlers = {}
        for part in (own, self.panes.handlers(), self.lists.handlers(), self.triage.handlers(),
                     self.imports.handlers(), self.saved_searches.handlers(), self.tagging.handlers(),
                     self.state.handlers()):
            twice = merged.keys() & part.keys()
            if twice:
                raise RuntimeError(f"actions with two handlers: {sorted(a.value for a in twice)}")
            merged.update(part)
        return merged

    def _build_actions(self) -> None:
        self.state.build_actions()

    def _quit(self) -> None:
        self.close()

    def trigger(self, action: Action) -> None:
        self.actions_by_id[action].trigger()

    # ================================================================= settings
    def _restore_settings(self) -> None:
        self.state.restore()

    def save_settings(self) -> None:
        self.state.save()

    # ================================================================= the window's own actions
    def toggle_preview(self) -> None:
        self.detail.toggle_preview()

    def show_shortcuts(self) -> None:
        if self.shortcut_sheet is None:
            self.shortcut_sheet = ShortcutSheet(self)
            self.state.fill_sheet(self.shortcut_sheet)
        if self.shortcut_sheet.isVisible():
            self.shortcut_sheet.raise_()
            self.shortcut_sheet.activateWindow()
        else:
            self.shortcut_sheet.show()

    def about_text(self) -> str:
        return (f"Digest Reader {__version__}\n\nA keyboard-first reading queue for research-paper "
                f"digests.\n\nLibrary: {self.library.root}")

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("About Digest Reader")
        box.setIconPixmap(app_icon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(self.about_text())
        box.setObjectName("aboutBox")
        box.open()

    # ================================================================= forwarded to the controllers
    @property
    def spec(self) -> QuerySpec:
        """What the list shows: filter, search text, sort."""
        return self.lists.spec

    @property
    def loaded_once(self) -> bool:
        """A query's first page has been shown (``--screenshot`` waits for it)."""
        return self.lists.loaded_once

    @property
    def closing(self) -> bool:
        """The window is closing: results that land now are dropped."""
        return self._closing

    @property
    def preview_dialog(self) -> ImportPreviewDialog | None:
        return self.imports.preview_dialog

    @property
    def report_dialog(self) -> ImportReportDialog | None:
        return self.imports.report_dialog

    def refresh(self) -> None:
        """Re-run the current query and the counts (after any write)."""
        self.lists.refresh()

    def set_filter(self, flt: Filter) -> None:
        self.lists.set_filter(flt)

    def go(self, flt: Filter) -> None:
        """Show ``flt`` and put the focus on the list."""
        self.lists.go(flt)

    def current_id(self) -> int | None:
        return self.keeper.current_id()

    def selected_ids(self) -> list[int]:
        return self.keeper.selected_ids()

    def current_paper(self) -> Paper | None:
        return self.lists.current_paper()

    def move_current(self, delta: int) -> None:
        self.keeper.move_current(delta)

    def submit_write(self, description: str, fn: Callable[[Library], Any],
                     on_result: Callable[[Any], None] | None = None) -> Job:
        """Queue a write (the one write path, :meth:`TriageController.submit_write`)."""
        return self.triage.submit_write(description, fn, on_result)

    def add_tags(self, names: list[str], ids: Sequence[int] | None = None) -> None:
        self.triage.add_tags(names, ids)

    def import_paths(self, paths: Sequence[str | Path], as_of: dt.date | None = None, *,
                     preview: bool | None = None) -> Job | None:
        """Import files/folders off the GUI thread (:meth:`ImportController.import_paths`)."""
        return self.imports.import_paths(paths, as_of, preview=preview)

    def start_indexing(self) -> None:
        self.imports.start_indexing()

    def show_new_papers(self) -> None:
        self.imports.show_new_papers()

    def show_report_dialog(self) -> None:
        self.imports.show_report_dialog()

    def save_current_search(self, name: str) -> None:
        self.saved_searches.save_current_search(name)

    # ================================================================= drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.imports.drag_enter(event)

    def dragMoveEvent(self, event: Any) -> None:
        self.dragEnterEvent(event)  # the same decision while the drag moves

    def dropEvent(self, event: QDropEvent) -> None:
        self.imports.drop(event)

    # ================================================================= lifecycle
    def is_idle(self) -> bool:
        """No job queued or running and no refresh or search pending (tests, --screenshot)."""
        return not self.workers.busy and self.lists.is_idle()

    def flush(self) -> None:
        """Save the note being typed and wait for every queued write (quit, tests)."""
        self.detail.flush_note()
        self.workers.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.detail.flush_note()  # a note is never lost
        self.imports.cancel_all()
        self._closing = True
        self.workers.wait()
        self.save_settings()
        if self.shortcut_sheet is not None:
            self.shortcut_sheet.close()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and self.actions_by_id:
            for action, qa in self.actions_by_id.items():
                name = ACTIONS[action].icon
                if name:
                    qa.setIcon(icon(name))
            self.filter_pane.refresh_icons()
            self.model.set_icons(_list_icons())
        super().changeEvent(event)


def _list_icons() -> dict[str, QIcon]:
    from reader.ui.paper_columns import list_icons

    return list_icons()
