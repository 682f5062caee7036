"""The main window (ARCHITECTURE.md "Layers"): filters | paper list | detail, menus, toolbar, status bar.

Threads (ARCHITECTURE.md "Threads and processes"): every write goes through
``self.workers.write`` (one thread, in order); the list's first page and the counts are read on the
read pool; results that arrive for an outdated query are dropped (``self._generation``). Only this
(GUI) thread touches widgets.

Keys come from :mod:`reader.ui.actions`. Plain-letter shortcuts are window shortcuts; text
fields (search box, tags, notes) accept the ``ShortcutOverride`` for printable keys, so typing
there never triggers a triage action.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reader import __version__
from reader.core.model import (
    Filter,
    FilterKind,
    ImportReport,
    Page,
    Paper,
    Sort,
    SortKey,
    State,
)
from reader.core.services import Library, LibraryError, QueryError
from reader.paths import sample_digest
from reader.ui.actions import ACTIONS, MENUS, TOOLBAR, Action, native_text
from reader.ui.commands import QueueOrderCommand, RestoreNoteCommand, StarCommand, StateCommand, TagsCommand
from reader.ui.detail import DetailPane, open_url
from reader.ui.dialogs import (
    EmptyState,
    ImportBanner,
    ImportPreviewDialog,
    ImportReportDialog,
    ShortcutSheet,
)
from reader.ui.filters import FilterPane
from reader.ui.icons import app_icon, icon
from reader.ui.paper_model import COLUMN_SORT, Column, PaperTableModel, QuerySpec, fetch_first_page
from reader.ui.workers import Job, JobContext, Workers

SETTINGS_ORG = "digest-reader"
SETTINGS_APP = "digest-reader"
SEARCH_DEBOUNCE_MS = 180
MAX_KEPT_SELECTION = 500
STATE_ACTIONS = {
    Action.QUEUE: State.QUEUED,
    Action.READING: State.READING,
    Action.DONE: State.DONE,
    Action.DISMISS: State.DISMISSED,
    Action.INBOX: State.INBOX,
}
GO_ACTIONS = {
    Action.GO_INBOX: Filter.state(State.INBOX),
    Action.GO_QUEUE: Filter.state(State.QUEUED),
    Action.GO_READING: Filter.state(State.READING),
    Action.GO_DONE: Filter.state(State.DONE),
    Action.GO_ALL: Filter(),
    Action.GO_STARRED: Filter(FilterKind.STARRED),
}


PAPER_ACTIONS = (
    Action.STAR, Action.QUEUE, Action.READING, Action.DONE, Action.DISMISS, Action.INBOX,
    Action.MOVE_UP, Action.MOVE_DOWN, Action.OPEN_CODE, Action.OPEN_PAGE, Action.COPY_LINK,
    Action.EDIT_NOTES, Action.EDIT_TAGS,
)


def default_settings() -> QSettings:
    """The app's settings (an INI file in the user's config folder; tests redirect it with
    ``QSettings.setPath``)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, SETTINGS_ORG, SETTINGS_APP)


class _FileDropRedirect(QObject):
    """Makes text fields hand dropped *files* to the window (text drops still work normally)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        t = event.type()
        if t in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            paths = _local_paths(event)  # type: ignore[arg-type]
            if paths:
                if t == QEvent.Type.Drop:
                    self.window.dropEvent(event)  # type: ignore[arg-type]
                else:
                    event.setDropAction(Qt.DropAction.CopyAction)  # type: ignore[attr-defined]
                    event.accept()
                return True
        return False


def _local_paths(event: QDropEvent | QDragEnterEvent) -> list[str]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


class PaperTableView(QTableView):
    """The list. Selection changes of the current row drive the detail pane."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paperList")
        self.setAccessibleName("Papers")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSortingEnabled(False)


#: An import of a folder or several files first shows a preview (a dry run) when it is at least
#: this large; smaller ones import straight away.
PREVIEW_MIN_FILES = 20
PREVIEW_MIN_PAPERS = 200


class MainWindow(QMainWindow):
    """The three-pane window around an open :class:`Library`."""

    listLoaded = Signal()  # a query's first page is in the model
    countsLoaded = Signal()
    importFinished = Signal(object)  # ImportReport
    importPreviewed = Signal(object)  # ImportReport of the dry run shown in the preview dialog
    indexingFinished = Signal()
    writeFinished = Signal()

    def __init__(self, library: Library, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings if settings is not None else default_settings()
        self.workers = Workers(self)
        self.undo_stack = QUndoStack(self)
        self._generation = 0
        self._counts_generation = 0
        self._counts: dict[str, int] = {}
        self._anchor_row: int | None = None
        self._pending_select_ids: list[int] | None = None
        self._select_after: list[int] | None = None
        self._short_writes = 0
        self._long_jobs: list[Job] = []
        self._last_report: ImportReport | None = None
        self._index_catching_up = False
        self._closing = False
        self._loaded_once = False
        self.shortcut_sheet: ShortcutSheet | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.preview_dialog: ImportPreviewDialog | None = None

        self.setWindowTitle("Digest Reader")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setObjectName("mainWindow")

        self.model = PaperTableModel(library, self)
        self.model.sortRequested.connect(self._sort_requested)
        self.model.queueReordered.connect(self._queue_dropped)
        self.model.pageError.connect(lambda msg: self.statusBar().showMessage(msg, 5000))
        self.model.set_icons(_list_icons())
        self.model.set_page_fetcher(self._fetch_page)
        self._build_ui()
        self._build_actions()
        self._drop_redirect = _FileDropRedirect(self)
        for w in (self.search_box, self.view.viewport(), *self.detail.drop_targets()):
            w.installEventFilter(self._drop_redirect)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._run_search)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)

        self._restore_settings()
        self.spec = QuerySpec(filter=self.filter_pane.current_filter(), sort=self._saved_sort())
        self._sync_sort_indicator()
        self._current_changed(QModelIndex(), QModelIndex())
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)  # keys work at once: j/k, s, q…
        self.refresh()
        rebuilt = getattr(library, "index_rebuilt_reason", None)
        if rebuilt:
            self.statusBar().showMessage(str(rebuilt), 15000)

    # ================================================================= building
    def _build_ui(self) -> None:
        self.filter_pane = FilterPane(self)
        self.filter_pane.filterSelected.connect(self.set_filter)
        self.filter_pane.saveRequested.connect(self.save_search_dialog)
        self.filter_pane.renameRequested.connect(self.rename_search_dialog)
        self.filter_pane.deleteRequested.connect(self.delete_search_dialog)

        middle = QWidget(self)
        ml = QVBoxLayout(middle)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.setSpacing(2)
        self.search_box = QLineEdit(middle)
        self.search_box.setObjectName("searchBox")
        self.search_box.setAccessibleName("Search")
        self.search_box.setPlaceholderText(
            "Search  (/)   e.g.  diffusion  ·  tag:rl  ·  has:code  ·  upvotes:>10  ·  title:\"video\"")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.addAction(icon("fa5s.search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_box.textChanged.connect(self._search_edited)
        self.search_box.returnPressed.connect(self._search_return)
        self.search_box.installEventFilter(self)
        self.search_error = QLabel(middle)
        self.search_error.setObjectName("searchError")
        self.search_error.setAccessibleName("Search error")
        self.search_error.setTextFormat(Qt.TextFormat.PlainText)
        self.search_error.setWordWrap(False)
        self.search_error.setForegroundRole(self.search_error.foregroundRole())
        self.search_error.hide()
        # Where a search runs: "in Inbox — search all papers" (a link to the same search in
        # All); after a scoped search that found nothing, how many all papers have.
        self.search_scope = QLabel(middle)
        self.search_scope.setObjectName("searchScope")
        self.search_scope.setAccessibleName("Search scope")
        self.search_scope.setTextFormat(Qt.TextFormat.RichText)
        self.search_scope.setContentsMargins(4, 0, 4, 0)
        self.search_scope.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                  | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.search_scope.linkActivated.connect(lambda _link: self.search_all_papers())
        self.search_scope.hide()
        self.banner = ImportBanner(middle)
        self.banner.showNewRequested.connect(self.show_new_papers)
        self.banner.detailsRequested.connect(self.show_report_dialog)
        self.view = PaperTableView(middle)
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setSectionsMovable(False)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (Column.STAR, Column.CODE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, 34)
        header.resizeSection(Column.PUBLISHED, self.fontMetrics().horizontalAdvance("2026-12-31") + 18)
        header.resizeSection(Column.UPVOTES, self.fontMetrics().horizontalAdvance("Upvotes") + 22)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._header_clicked)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.doubleClicked.connect(lambda _i: self.trigger(Action.OPEN_PAGE))
        self.view.clicked.connect(self._cell_clicked)
        ml.addWidget(self.search_box)
        ml.addWidget(self.search_scope)  # under the box: the box keeps its width at 1024 px
        ml.addWidget(self.search_error)
        ml.addWidget(self.banner)
        ml.addWidget(self.view, 1)

        self.detail = DetailPane(self)
        self.detail.set_highlighter(lambda text: self.library.match_spans(text, self.spec.text)
                                    if self.spec.text.strip() else [])
        self.detail.set_revisions_provider(self.library.note_revisions)
        self.detail.starToggled.connect(self._star_button)
        self.detail.stateRequested.connect(self._detail_state)
        self.detail.tagsCommitted.connect(self._tags_committed)
        self.detail.noteSaveRequested.connect(self.save_note)
        self.detail.noteRestoreRequested.connect(self.restore_note)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.filter_pane)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setChildrenCollapsible(True)
        self.splitter.setSizes([210, 600, 470])

        self.empty_state = EmptyState(self)
        self.empty_state.sampleRequested.connect(self.import_sample)
        self.empty_state.importRequested.connect(self.import_dialog)
        self.central = QStackedWidget(self)
        self.central.addWidget(self.splitter)
        self.central.addWidget(self.empty_state)
        self.setCentralWidget(self.central)

        sb = self.statusBar()
        sb.setObjectName("statusBar")
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        self.counts_label.setAccessibleName("Library counts")
        self.index_label = QLabel(self)
        self.index_label.setObjectName("indexLabel")
        self.index_label.hide()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progressBar")
        self.progress.setAccessibleName("Background work progress")
        self.progress.setMaximumWidth(200)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAccessibleName("Cancel the background work")
        self.cancel_button.clicked.connect(self.cancel_background)
        self.cancel_button.hide()
        self.progress_label = QLabel(self)
        self.progress_label.hide()
        box = QWidget(self)
        bl = QHBoxLayout(box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.progress_label)
        bl.addWidget(self.progress)
        bl.addWidget(self.cancel_button)
        sb.addWidget(self.counts_label, 1)
        sb.addPermanentWidget(self.index_label)
        sb.addPermanentWidget(box)

    def _build_actions(self) -> None:
        self.actions_by_id: dict[Action, QAction] = {}
        menus = {name: self.menuBar().addMenu(f"&{name}") for name in MENUS}
        handlers: dict[Action, Callable[[], Any]] = {
            Action.IMPORT: self.import_dialog,
            Action.IMPORT_SAMPLE: self.import_sample,
            Action.EXPORT: self.export_dialog,
            Action.QUIT: self.close,
            Action.UNDO: self.undo,
            Action.REDO: self.redo,
            Action.FIND: self.focus_search,
            Action.FIND_SLASH: self.focus_search,
            Action.BACK_TO_LIST: self.back_to_list,
            Action.SELECT_ALL: self.select_all,
            Action.SAVE_SEARCH: self.save_search_dialog,
            Action.TOGGLE_FILTERS: lambda: self._toggle_pane(0, Action.TOGGLE_FILTERS),
            Action.TOGGLE_DETAIL: lambda: self._toggle_pane(2, Action.TOGGLE_DETAIL),
            Action.TOGGLE_PREVIEW: self.toggle_preview,
            Action.NEXT: lambda: self.move_current(1),
            Action.PREVIOUS: lambda: self.move_current(-1),
            Action.STAR: self.toggle_star,
            Action.MOVE_UP: lambda: self.move_in_queue(-1),
            Action.MOVE_DOWN: lambda: self.move_in_queue(1),
            Action.OPEN_CODE: self.open_code,
            Action.OPEN_PAGE: self.open_page,
            Action.COPY_LINK: self.copy_link,
            Action.EDIT_NOTES: self.focus_notes,
            Action.EDIT_TAGS: self.focus_tags,
            Action.SHORTCUTS: self.show_shortcuts,
            Action.ABOUT: self.show_about,
        }
        for action, state in STATE_ACTIONS.items():
            handlers[action] = partial(self.set_state, state)
        for action, flt in GO_ACTIONS.items():
            handlers[action] = partial(self.go, flt)
        for action, spec in ACTIONS.items():
            qa = QAction(spec.text, self)
            qa.setObjectName(f"action-{action.value}")
            if spec.keys:
                qa.setShortcuts([QKeySequence(k) for k in spec.keys])
                qa.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            if spec.icon:
                qa.setIcon(icon(spec.icon))
            plain = spec.text.replace("&", "").replace("…", "")
            keys = ", ".join(native_text(k) for k in spec.keys)
            qa.setToolTip(f"{plain} ({keys})" if keys else plain)
            qa.setStatusTip(spec.tip or plain)
            qa.triggered.connect(lambda _=False, h=handlers[action]: h())
            menus[spec.menu].addAction(qa)
            self.addAction(qa)
            self.actions_by_id[action] = qa
        for toggle in (Action.TOGGLE_FILTERS, Action.TOGGLE_DETAIL, Action.TOGGLE_PREVIEW):
            self.actions_by_id[toggle].setCheckable(True)
            self.actions_by_id[toggle].setChecked(toggle is not Action.TOGGLE_PREVIEW)
        self.detail.preview_toggled.connect(self.actions_by_id[Action.TOGGLE_PREVIEW].setChecked)
        self.undo_stack.canUndoChanged.connect(self.actions_by_id[Action.UNDO].setEnabled)
        self.undo_stack.canRedoChanged.connect(self.actions_by_id[Action.REDO].setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda t: self.actions_by_id[Action.UNDO].setText(f"&Undo {t}" if t else "&Undo"))
        self.undo_stack.redoTextChanged.connect(
            lambda t: self.actions_by_id[Action.REDO].setText(f"&Redo {t}" if t else "&Redo"))
        self.actions_by_id[Action.UNDO].setEnabled(False)
        self.actions_by_id[Action.REDO].setEnabled(False)
        # separators between groups
        for name, before in (("File", Action.QUIT), ("Edit", Action.FIND), ("Paper", Action.MOVE_UP),
                             ("Paper", Action.OPEN_CODE), ("Help", Action.ABOUT)):
            menus[name].insertSeparator(self.actions_by_id[before])

        tb = QToolBar("Main toolbar", self)
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        tb.setAccessibleName("Main toolbar")
        for action in TOOLBAR:
            if action in (Action.UNDO, Action.STAR):
                tb.addSeparator()
            tb.addAction(self.actions_by_id[action])
        self.addToolBar(tb)
        self.toolbar = tb

    def trigger(self, action: Action) -> None:
        self.actions_by_id[action].trigger()

    # ================================================================= settings
    def _restore_settings(self) -> None:
        s = self.settings
        geo = s.value("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        else:
            self.resize(1280, 800)
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        sizes = s.value("window/splitter")
        if isinstance(sizes, QByteArray) and not sizes.isEmpty():
            self.splitter.restoreState(sizes)
        header = s.value("list/header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.view.horizontalHeader().restoreState(header)
            self.view.horizontalHeader().setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        detail = s.value("detail/splitter")
        if isinstance(detail, QByteArray) and not detail.isEmpty():
            self.detail.restore_state(detail)
        key = s.value("list/filter")
        if isinstance(key, str) and key:
            try:
                self.filter_pane.select(Filter.parse(key))
            except ValueError:
                pass

    def _saved_sort(self) -> Sort | None:
        value = self.settings.value("list/sort")
        if isinstance(value, str) and value:
            try:
                return Sort.parse(value)
            except ValueError:
                return None
        return None

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("list/header", self.view.horizontalHeader().saveState())
        s.setValue("detail/splitter", self.detail.save_state())
        s.setValue("list/sort", self.spec.sort.spec if self.spec.sort else "")
        flt = self.spec.filter
        s.setValue("list/filter", flt.key if flt.kind is not FilterKind.SAVED else f"saved:{flt.value}")
        s.sync()

    # ================================================================= querying
    def refresh(self) -> None:
        """Re-run the current query and the counts (after any write)."""
        self._requery()
        self._refresh_counts()
        self._refresh_detail()

    def _requery(self, *, reset_selection: bool = False) -> None:
        self._generation += 1
        generation = self._generation
        spec = self.spec

        def done(page: Page) -> None:
            if generation != self._generation or self._closing:
                return  # a newer query was started: this result is stale
            # The selection to keep is read when the result lands, not when the query
            # started: the user may have moved on meanwhile (a refresh after an autosave
            # used to put the previous paper back).
            current = None if reset_selection else self.current_id()
            keep = [] if reset_selection else self.selected_ids()
            if len(keep) > MAX_KEPT_SELECTION:  # a huge selection is not worth restoring row by row
                keep = [current] if current is not None else []
            row = self.view.currentIndex().row()
            if not reset_selection and self._anchor_row is None and row >= 0:
                self._anchor_row = row
            self._show_page(spec, page, keep, current)
            self._show_scope(spec, page.total, None)
            if page.total == 0 and self._scoped(spec):
                self._count_in_all(spec, generation)

        def failed(exc: BaseException) -> None:
            if generation != self._generation or self._closing:
                return
            self._show_search_error(str(exc))
            self.model.clear(spec)
            self.search_scope.hide()

        self.workers.read("query", lambda ctx: fetch_first_page(self.library, spec), done, failed)

    @staticmethod
    def _scoped(spec: QuerySpec) -> bool:
        return bool(spec.text.strip()) and spec.filter.kind is not FilterKind.ALL

    def _show_scope(self, spec: QuerySpec, total: int, in_all: int | None) -> None:
        """The scope label of a search in a filter (hidden without a search or in All)."""
        if not self._scoped(spec):
            self.search_scope.hide()
            return
        name = html.escape(self.filter_pane.label(spec.filter))
        if total:
            text = f"in {name} — <a href=\"all\">search all papers</a>"
        elif in_all is None:
            text = f"No results in {name}"
        elif in_all:
            text = (f"No results in {name} — <a href=\"all\">{in_all:,} in all papers</a>")
        else:
            text = f"No results in {name}, none in all papers either"
        self.search_scope.setText(text)
        self.search_scope.setToolTip("The search runs inside the selected filter; the link "
                                     "runs it over all papers")
        self.search_scope.show()

    def _count_in_all(self, spec: QuerySpec, generation: int) -> None:
        """How many papers the same search finds in All (a reader job, only after a scoped
        search found nothing: typing is not slowed)."""
        def done(total: int) -> None:
            if generation == self._generation and not self._closing:
                self._show_scope(spec, 0, total)

        def failed(_exc: BaseException) -> None:
            pass  # the scoped search itself succeeded; the hint just stays without a count

        self.workers.read("count in all", lambda ctx: self.library.query(
            spec.text, Filter(FilterKind.ALL), spec.effective_sort, 0, 0).total, done, failed)

    def search_all_papers(self) -> None:
        """The current search over all papers (the scope label's link)."""
        self.set_filter(Filter(FilterKind.ALL))

    def _show_page(self, spec: QuerySpec, page: Page, keep: list[int], current: int | None) -> None:
        anchor = self._anchor_row
        self._anchor_row = None
        self.model.load(spec, page)
        self._configure_drag(spec)
        wanted = self._pending_select_ids
        self._pending_select_ids = None
        if wanted and any(self.model.row_of(pid) is not None for pid in wanted):
            shown = [pid for pid in wanted if self.model.row_of(pid) is not None]
            keep, current = shown, shown[0]
        self._restore_selection(keep, current, anchor)
        self._update_index_label()
        self._loaded_once = True
        self.listLoaded.emit()

    def _restore_selection(self, keep: list[int], current: int | None, anchor: int | None) -> None:
        total = self.model.rowCount()
        sm = self.view.selectionModel()
        if total == 0:
            self._current_changed(QModelIndex(), QModelIndex())
            return
        rows: list[int] = []
        cur_row: int | None = None
        if current is not None:
            cur_row = self._find_row(current, anchor)
        for pid in keep:
            r = cur_row if pid == current else self._find_row(pid, anchor)
            if r is not None:
                rows.append(r)
        if cur_row is None:
            cur_row = min(anchor, total - 1) if anchor is not None else 0
            rows = [cur_row]
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for r in sorted(set(rows)):
            selection.select(self.model.index(r, 0), self.model.index(r, last))
        sm.setCurrentIndex(self.model.index(cur_row, Column.TITLE),
                           QItemSelectionModel.SelectionFlag.NoUpdate)
        sm.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(self.model.index(cur_row, Column.TITLE))
        self._current_changed(self.view.currentIndex(), QModelIndex())

    def _find_row(self, paper_id: int, near: int | None) -> int | None:
        total = self.model.rowCount()
        if near is not None:
            for r in (near, near - 1, near + 1, near - 2, near + 2):
                if 0 <= r < total and self.model.id_at(r) == paper_id:
                    return r
        return self.model.row_of(paper_id)

    def _fetch_page(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Later pages of the list are read on the read pool while the view shows "…"."""
        def landed(rows: Any) -> None:
            if not self._closing:
                done(rows)

        self.workers.read("page", lambda ctx: work(), landed,
                          lambda exc: self.statusBar().showMessage(f"Could not load papers: {exc}", 5000))

    def _configure_drag(self, spec: QuerySpec) -> None:
        manual = spec.manual_order
        self.view.setDragEnabled(manual)
        self.view.setAcceptDrops(manual)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove if manual
                                  else QAbstractItemView.DragDropMode.NoDragDrop)

    def _refresh_counts(self) -> None:
        self._counts_generation += 1
        generation = self._counts_generation
        lib = self.library

        def read(ctx: JobContext) -> tuple[Any, ...]:
            return lib.counts(), lib.tags(), lib.digests(), lib.saved_searches()

        def done(result: tuple[Any, ...]) -> None:
            if generation != self._counts_generation or self._closing:
                return
            counts, tags, digests, saved = result
            self._counts = counts
            self.filter_pane.update_entries(counts, tags, digests, saved)
            self.detail.set_known_tags([t for t, _ in tags])
            self._update_counts_label()
            empty = counts.get("all", 0) == 0
            self.central.setCurrentWidget(self.empty_state if empty else self.splitter)
            self.countsLoaded.emit()

        self.workers.read("counts", read, done)

    def _update_counts_label(self) -> None:
        c = self._counts
        self.counts_label.setText(
            f"{c.get('all', 0):,} papers  ·  {c.get('inbox', 0):,} in inbox  ·  "
            f"{c.get('queued', 0):,} queued  ·  {c.get('starred', 0):,} starred  ·  "
            f"showing {self.model.rowCount():,}")

    def _update_index_label(self) -> None:
        pending = self.model.index_pending
        if self._index_catching_up or pending:
            self.index_label.setText("Search index catching up…")
            self.index_label.show()
        else:
            self.index_label.hide()
        self._update_counts_label()

    def set_filter(self, flt: Filter) -> None:
        self.detail.flush_note()
        self.filter_pane.select(flt)
        sort = self.spec.sort
        if flt.kind is FilterKind.STATE and flt.value == State.QUEUED.value:
            sort = None  # the queue shows its own order
        self.spec = QuerySpec(filter=flt, text=self.spec.text, sort=sort)
        self._sync_sort_indicator()
        self._requery(reset_selection=True)

    def go(self, flt: Filter) -> None:
        self.set_filter(flt)
        self.view.setFocus()

    def _sort_requested(self, sort: Sort) -> None:
        self.spec = QuerySpec(self.spec.filter, self.spec.text, sort)
        self._requery()

    def _header_clicked(self, section: int) -> None:
        key = COLUMN_SORT.get(Column(section))
        if key is None:
            self._sync_sort_indicator()
            return
        current = self.spec.sort
        if current is not None and current.key is key:
            sort = Sort(key, not current.descending)
        else:
            sort = Sort(key, key is not SortKey.TITLE)
        self.spec = QuerySpec(self.spec.filter, self.spec.text, sort)
        self._sync_sort_indicator()
        self._requery()

    def _sync_sort_indicator(self) -> None:
        header = self.view.horizontalHeader()
        header.blockSignals(True)
        sort = self.spec.sort
        col = next((c for c, k in COLUMN_SORT.items() if sort is not None and k is sort.key), None)
        if col is None:
            header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        else:
            header.setSortIndicator(int(col), Qt.SortOrder.DescendingOrder if sort and sort.descending
                                    else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        header.viewport().update()

    # ----------------------------------------------------------------- search
    def _search_edited(self, _text: str) -> None:
        self._search_timer.start()

    def _search_return(self) -> None:
        self._search_timer.stop()
        self._run_search()
        self.view.setFocus()

    def _run_search(self) -> None:
        text = self.search_box.text().strip()
        problem = self.library.check_query(text) if text else None
        if problem:
            self._show_search_error(problem)
            return
        self.search_error.hide()
        if text == self.spec.text:
            return
        sort = self.spec.sort
        if text and not self.spec.text and sort is not None and sort.key is not SortKey.RELEVANCE:
            sort = None  # a new search starts in relevance order
        self.spec = QuerySpec(self.spec.filter, text, sort)
        self._sync_sort_indicator()
        self._requery(reset_selection=True)

    def _show_search_error(self, message: str) -> None:
        self.search_error.setText(f"⚠ {message}")
        self.search_error.setToolTip(message)
        self.search_error.show()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def back_to_list(self) -> None:
        if self.search_box.hasFocus() and self.search_box.text():
            self.search_box.clear()
            self._search_timer.stop()
            self._run_search()
            return
        if self.detail.is_editing_note():
            self.detail.flush_note()
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ----------------------------------------------------------------- selection
    def current_id(self) -> int | None:
        idx = self.view.currentIndex()
        return self.model.id_at(idx.row()) if idx.isValid() else None

    def selected_ids(self) -> list[int]:
        ids = self.model.ids_for_rows(self._selected_rows())
        if not ids:
            cur = self.current_id()
            if cur is not None:
                ids = [cur]
        return ids

    def _selected_rows(self) -> list[int]:
        """Selected rows from the selection ranges (cheap even for 100,000 selected rows)."""
        rows: list[int] = []
        for rng in self.view.selectionModel().selection():  # type: ignore[attr-defined]
            rows.extend(range(rng.top(), rng.bottom() + 1))
        return sorted(set(rows))

    def select_all(self) -> None:
        if self.search_box.hasFocus():
            self.search_box.selectAll()
            return
        self.view.selectAll()

    def move_current(self, delta: int) -> None:
        total = self.model.rowCount()
        if total == 0:
            return
        row = self.view.currentIndex().row()
        row = 0 if row < 0 else max(0, min(total - 1, row + delta))
        idx = self.model.index(row, Column.TITLE)
        self.view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(idx)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down arrow in the search box goes to the list (the search stays)."""
        if (watched is self.search_box and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down):  # type: ignore[attr-defined]
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _cell_clicked(self, index: QModelIndex) -> None:
        """A click on the star column toggles that paper's star."""
        if index.column() == Column.STAR:
            pid = self.model.id_at(index.row())
            if pid is not None:
                self.undo_stack.push(StarCommand(self._submit_cmd, [pid], None))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        pid = self.model.id_at(current.row()) if current.isValid() else None
        for action in PAPER_ACTIONS:
            self.actions_by_id[action].setEnabled(pid is not None)
        if pid is None:
            self.detail.show_paper(None)
            return
        if self.detail.paper is None or self.detail.paper.id != pid:
            self.detail.show_paper(self.library.get(pid))

    def _selection_changed(self, *_: Any) -> None:
        n = len(self._selected_rows())
        if n > 1:
            self.statusBar().showMessage(f"{n} papers selected — triage keys act on all of them", 3000)

    def _refresh_detail(self) -> None:
        if self.detail.paper is not None:
            self.detail.show_paper(self.library.get(self.detail.paper.id))

    def current_paper(self) -> Paper | None:
        pid = self.current_id()
        return self.library.get(pid) if pid is not None else None

    # ================================================================= writes
    def submit_write(self, description: str, fn: Callable[[Library], Any],
                     on_result: Callable[[Any], None] | None = None) -> Job:
        """Queue a write on the single writer thread; refresh the window when the last
        queued write has landed (a burst of keys refreshes once)."""
        lib = self.library
        self._short_writes += 1

        def done(result: Any) -> None:
            self._short_writes -= 1
            if on_result is not None:
                on_result(result)
            self._write_landed()

        def failed(exc: BaseException) -> None:
            self._short_writes -= 1
            self._write_failed(description, exc)

        return self.workers.write(description, lambda ctx: fn(lib), done, failed)

    def _write_landed(self) -> None:
        if not self._closing and self._short_writes == 0:
            self._refresh_timer.start()
        self.writeFinished.emit()

    def _write_failed(self, description: str, exc: BaseException) -> None:
        if self._closing:
            return
        message = f"{description} failed: {exc}"
        self.statusBar().showMessage(message, 10000)
        if not isinstance(exc, (LibraryError, QueryError, OSError, ValueError)):
            QMessageBox.warning(self, "Digest Reader", message)
        self._write_landed()

    def _submit_cmd(self, description: str, fn: Callable[[Library], Any]) -> None:
        select = self._select_after

        def landed(_result: Any) -> None:
            if select:
                self._pending_select_ids = select

        self.submit_write(description, fn, landed)

    def undo(self) -> None:
        """Undo; the papers it changes are selected again once the write has landed."""
        if self.undo_stack.canUndo():
            self._select_on_undo(self.undo_stack.index() - 1, self.undo_stack.undo)

    def redo(self) -> None:
        if self.undo_stack.canRedo():
            self._select_on_undo(self.undo_stack.index(), self.undo_stack.redo)

    def _select_on_undo(self, index: int, step: Callable[[], None]) -> None:
        cmd = self.undo_stack.command(index)
        ids = list(getattr(cmd, "ids", []) or []) if cmd is not None else []
        self._select_after = ids or None
        try:
            step()
        finally:
            self._select_after = None

    def toggle_star(self) -> None:
        ids = self.selected_ids()
        if ids:
            rows = [self.model.row_of(i) for i in ids]
            cached = [self.model.row_at(r) for r in rows if r is not None]
            starring = not all(r.starred for r in cached if r) if cached else True
            if cached:  # show it now; the write decides on fresh data and the refresh confirms
                self.model.patch_rows(ids, starred=starring)
            self.undo_stack.push(StarCommand(self._submit_cmd, ids, None))
            if not starring and self.spec.filter.kind is FilterKind.STARRED:
                self._leave_list(ids)

    def _star_button(self, checked: bool) -> None:
        paper = self.detail.paper
        if paper is None:
            return
        ids = self.selected_ids() if paper.id in self.selected_ids() else [paper.id]
        self.undo_stack.push(StarCommand(self._submit_cmd, ids, checked))

    def set_state(self, state: State, ids: Sequence[int] | None = None) -> None:
        ids = list(ids) if ids is not None else self.selected_ids()
        if not ids:
            return
        rows = self._selected_rows() or [self.view.currentIndex().row()]
        self._anchor_row = max(0, min(rows))
        self.undo_stack.push(StateCommand(self._submit_cmd, ids, state))
        flt = self.spec.filter
        if flt.kind is FilterKind.STATE and flt.value != state.value:
            self._leave_list(ids)
        else:
            self.model.patch_rows(ids, state=state)

    def _leave_list(self, ids: Sequence[int]) -> None:
        """The papers left the current filter: drop them from the view now and move the
        selection to the next paper, so fast triage never acts on the same paper twice."""
        anchor = self._anchor_row if self._anchor_row is not None else self.view.currentIndex().row()
        if not self.model.hide_ids(ids):
            return
        total = self.model.rowCount()
        if total == 0:
            self._current_changed(QModelIndex(), QModelIndex())
            return
        row = max(0, min(anchor, total - 1))
        idx = self.model.index(row, Column.TITLE)
        self.view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(idx)
        self._anchor_row = row

    def _detail_state(self, state: State) -> None:
        paper = self.detail.paper
        if paper is None:
            return
        sel = self.selected_ids()
        self.set_state(state, sel if paper.id in sel else [paper.id])

    def _tags_committed(self, paper_id: int, tags: list[str]) -> None:
        self.undo_stack.push(TagsCommand(self._submit_cmd, [paper_id], set_to=tags))

    def add_tags(self, names: list[str], ids: Sequence[int] | None = None) -> None:
        ids = list(ids) if ids is not None else self.selected_ids()
        if ids and names:
            self.undo_stack.push(TagsCommand(self._submit_cmd, ids, add=names))

    def move_in_queue(self, delta: int) -> None:
        if not self.spec.is_queue:
            self.statusBar().showMessage("Reordering works in the Queue (g then q)", 4000)
            return
        pid = self.current_id()
        if pid is None:
            return
        if not self.spec.manual_order:
            self.statusBar().showMessage("Clear the search and sort to reorder the queue", 4000)
            return
        self._pending_select_ids = [pid]
        self.undo_stack.push(QueueOrderCommand(self._submit_cmd, paper_id=pid, delta=delta))

    def _queue_dropped(self, _old: list[int], new: list[int]) -> None:
        self._pending_select_ids = self.selected_ids()
        self.undo_stack.push(QueueOrderCommand(self._submit_cmd, order=new))

    def save_note(self, paper_id: int, body: str, visit: str) -> None:
        # Autosave: the saves of one editing visit keep one revision (the text before it).
        self.submit_write("Save note", lambda lib: lib.set_note(paper_id, body, visit=visit))

    def restore_note(self, paper_id: int, body: str) -> None:
        """Put an earlier version of a note back: no question asked, undoable with Ctrl+Z."""
        self.detail.flush_note()
        self.undo_stack.push(RestoreNoteCommand(self._submit_note_cmd, paper_id, body))

    def _submit_note_cmd(self, description: str, fn: Callable[[Library], Any]) -> None:
        """Like :meth:`_submit_cmd`; the job's ``(paper id, body)`` is shown in the editor."""
        select = self._select_after
        undoing = description.startswith("Undo ")

        def landed(result: Any) -> None:
            if select:
                self._pending_select_ids = select
            if result is not None:
                paper_id, body = result
                self.detail.note_replaced(paper_id, body, "Restore undone" if undoing
                                          else "Earlier version restored")

        self.submit_write(description, fn, landed)

    # ----------------------------------------------------------------- links
    def open_code(self) -> None:
        paper = self.current_paper()
        if paper is None:
            return
        code = paper.code_links
        if not code:
            self.statusBar().showMessage("This paper has no code link", 4000)
            return
        if not open_url(code[0].url):
            self.statusBar().showMessage(f"Not opened: {code[0].url}", 4000)

    def _page_url(self, paper: Paper) -> str | None:
        return paper.page_url or (paper.links[0].url if paper.links else None)

    def open_page(self) -> None:
        paper = self.current_paper()
        if paper is None:
            return
        url = self._page_url(paper)
        if url is None:
            self.statusBar().showMessage("No page known for this paper — try the search buttons", 4000)
            return
        self.library_mark_opened(paper.id)
        open_url(url)

    def library_mark_opened(self, paper_id: int) -> None:
        self.workers.write("mark opened", lambda ctx: self.library.mark_opened(paper_id))

    def copy_link(self) -> None:
        paper = self.current_paper()
        if paper is None:
            return
        url = self._page_url(paper)
        if url:
            QGuiApplication.clipboard().setText(url)
            self.statusBar().showMessage(f"Copied {url}", 3000)

    def focus_notes(self) -> None:
        if self.detail.paper is None:
            return
        self.detail.focus_notes()

    def focus_tags(self) -> None:
        if self.detail.paper is None:
            return
        self.detail.focus_tags()

    def toggle_preview(self) -> None:
        self.detail.toggle_preview()

    def _toggle_pane(self, index: int, action: Action) -> None:
        w = self.splitter.widget(index)
        if w is None:
            return
        w.setVisible(not w.isVisible())
        self.actions_by_id[action].setChecked(w.isVisible())

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
            return lib.import_files(names, as_of=as_of, progress=ctx.progress, cancel=ctx.cancelled,
                                    dry_run=True)

        job = self.workers.write(
            "preview", work, lambda report: self._preview_done(names, as_of, report, bool(preview)),
            lambda exc: self._long_failed("Import preview", exc), self._progress)
        self._track(job, "Checking files…")
        return job

    def _preview_done(self, paths: list[str], as_of: dt.date | None, report: ImportReport,
                      forced: bool) -> None:
        self._untrack()
        if self._closing:
            return
        if report.cancelled:
            self.statusBar().showMessage("Import cancelled; nothing changed", 6000)
            return
        papers = report.new + report.updated + report.unchanged
        large = len(report.files) >= PREVIEW_MIN_FILES or papers >= PREVIEW_MIN_PAPERS
        if not (large or forced):
            self._start_import(paths, as_of)
            return
        dialog = ImportPreviewDialog(report, self)
        self.preview_dialog = dialog
        dialog.accepted.connect(lambda: self._start_import(paths, as_of))
        dialog.rejected.connect(
            lambda: self.statusBar().showMessage("Import cancelled; nothing changed", 6000))
        dialog.open()
        self.importPreviewed.emit(report)

    def _start_import(self, paths: list[str], as_of: dt.date | None) -> Job:
        lib = self.library

        def work(ctx: JobContext) -> ImportReport:
            return lib.import_files(paths, as_of=as_of, progress=ctx.progress, cancel=ctx.cancelled,
                                    index=False)

        job = self.workers.write("import", work, self._import_done,
                                 lambda exc: self._long_failed("Import", exc), self._progress)
        self._track(job, "Importing…")
        return job

    def import_sample(self) -> Job | None:
        return self.import_paths([sample_digest()])

    def _import_done(self, report: ImportReport) -> None:
        self._untrack()
        self._last_report = report
        if self._closing:
            return
        self.banner.show_report(report)
        self.statusBar().showMessage(self.banner.label.text(), 8000)
        if report.new_ids and not self._counts.get("all"):
            self._pending_select_ids = None
        self.refresh()
        self.importFinished.emit(report)
        self.start_indexing()

    def start_indexing(self) -> None:
        lib = self.library
        self._index_catching_up = True
        self._update_index_label()

        def work(ctx: JobContext) -> int:
            return lib.sync_index(ctx.progress, ctx.cancelled)

        job = self.workers.write("index", work, self._index_done,
                                 lambda exc: self._long_failed("Indexing", exc), self._progress)
        self._track(job, "Indexing for search…")

    def _index_done(self, _n: int) -> None:
        self._untrack()
        self._index_catching_up = False
        if self._closing:
            return
        self._update_index_label()
        if self.spec.text.strip():
            self._requery()
        self.model.index_pending = 0
        self._update_index_label()
        self.indexingFinished.emit()

    def _long_failed(self, what: str, exc: BaseException) -> None:
        self._untrack()
        self._index_catching_up = False
        if self._closing:
            return
        self.statusBar().showMessage(f"{what} failed: {exc}", 10000)
        self.refresh()

    def _track(self, job: Job, label: str) -> None:
        self._long_jobs.append(job)
        self.progress_label.setText(label)
        self.progress.setRange(0, 0)
        for w in (self.progress, self.cancel_button, self.progress_label):
            w.show()

    def _untrack(self) -> None:
        if self._long_jobs:
            self._long_jobs.pop(0)
        if not self._long_jobs:
            for w in (self.progress, self.cancel_button, self.progress_label):
                w.hide()

    def _progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)
        if message:
            self.progress_label.setText(message)

    def cancel_background(self) -> None:
        for job in self._long_jobs:
            job.cancel()
        self.statusBar().showMessage("Cancelling…", 3000)

    def show_new_papers(self) -> None:
        report = self._last_report
        if report is None or not report.new_ids:
            return
        best = max((f for f in report.files if f.new_ids and f.digest_id is not None),
                   key=lambda f: f.new, default=None)
        if best is None:
            return
        self.search_box.clear()
        self.spec = QuerySpec(self.spec.filter, "", self.spec.sort)
        self.search_error.hide()
        self._pending_select_ids = list(best.new_ids)
        self.set_filter(Filter(FilterKind.DIGEST, str(best.digest_id)))
        self.view.setFocus()

    def show_report_dialog(self) -> None:
        if self._last_report is None:
            return
        self.report_dialog = ImportReportDialog(self._last_report, self)
        self.report_dialog.show()

    def import_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import Digests", str(Path.home()),
            "Digests (*.txt *.eml *.json *.xml *.rss *.atom *.html *.md);;All files (*)")
        if files:
            self.import_paths(files)

    def export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export Library", str(Path.home() / "digest-reader.json"),
                                              "JSON (*.json)")
        if not name:
            return
        path = Path(name)
        self.submit_write("Export", lambda lib: lib.export_json(path),
                          lambda n: self.statusBar().showMessage(f"Exported {n} papers to {path}", 8000))

    # ----------------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_paths(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        self.dragEnterEvent(event)  # the same decision while the drag moves

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_paths(event)
        if not paths:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)  # never Move: the source stays untouched
        event.accept()
        self.import_paths(paths)

    # ================================================================= saved searches
    def save_current_search(self, name: str) -> None:
        flt = self.spec.filter
        if flt.kind is FilterKind.SAVED:
            flt = Filter()
        text, sort = self.spec.text, self.spec.sort

        def done(_r: Any) -> None:
            self._pending_select_ids = None
            self.filter_pane.select(Filter(FilterKind.SAVED, name))

        self.submit_write("Save search", lambda lib: lib.save_search(name, text, flt, sort), done)

    def save_search_dialog(self) -> None:
        if not self.spec.text.strip() and self.spec.filter.kind is FilterKind.ALL:
            self.statusBar().showMessage("Type a search (or pick a filter) first, then save it", 5000)
        name, ok = QInputDialog.getText(self, "Save Search", "Name of the saved search:",
                                        text=self.spec.text.strip()[:40])
        if ok and name.strip():
            self.save_current_search(name.strip())

    def rename_search_dialog(self, old: str) -> None:
        new, ok = QInputDialog.getText(self, "Rename Saved Search", "New name:", text=old)
        if ok and new.strip() and new.strip() != old:
            self.submit_write("Rename search", lambda lib: lib.rename_search(old, new.strip()))

    def delete_search_dialog(self, name: str) -> None:
        answer = QMessageBox.question(self, "Delete Saved Search", f"Delete the saved search “{name}”?")
        if answer == QMessageBox.StandardButton.Yes:
            self.submit_write("Delete search", lambda lib: lib.delete_search(name))

    # ================================================================= help
    def show_shortcuts(self) -> None:
        if self.shortcut_sheet is None:
            self.shortcut_sheet = ShortcutSheet(self)
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

    # ================================================================= lifecycle
    def is_idle(self) -> bool:
        """No job queued or running and no refresh or search pending (tests, --screenshot)."""
        return (not self.workers.busy and not self._refresh_timer.isActive()
                and not self._search_timer.isActive())

    def flush(self) -> None:
        """Save the note being typed and wait for every queued write (quit, tests)."""
        self.detail.flush_note()
        self.workers.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.detail.flush_note()  # a note is never lost
        for job in self._long_jobs:
            job.cancel()
        self._closing = True
        self.workers.wait()
        self.save_settings()
        if self.shortcut_sheet is not None:
            self.shortcut_sheet.close()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "actions_by_id"):
            for action, qa in self.actions_by_id.items():
                name = ACTIONS[action].icon
                if name:
                    qa.setIcon(icon(name))
            self.filter_pane.refresh_icons()
            self.model.set_icons(_list_icons())
        super().changeEvent(event)


def _list_icons() -> dict[str, Any]:
    from reader.ui.icons import star_icon

    return {"star": star_icon(), "code": icon("fa5s.code")}
