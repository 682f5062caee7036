"""What the list shows (ARCHITECTURE.md "Data flow of a search"): the current
:class:`~reader.ui.paper_model.QuerySpec` (filter, sort, search text), re-queries and their
generations, the filter counts, the search box (debounce, errors, scope), and the current paper
that the detail pane follows.

Reads run on the read pool (ARCHITECTURE.md "Threads and processes"); each carries a generation
number and a result that lands for an outdated query is dropped. Where the selection goes when
a page lands is :class:`~reader.ui.widgets.paper_list.SelectionKeeper`'s business.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView

from reader.core.model import (
    Filter,
    FilterKind,
    Page,
    Paper,
    Sort,
    SortKey,
    State,
    sort_after_filter_change,
    sort_after_search_change,
)
from reader.ui.actions import Action
from reader.ui.controllers.base import WindowController
from reader.ui.empty_messages import empty_message
from reader.ui.list_positions import ListPositions
from reader.ui.paper_model import COLUMN_SORT, Column, QuerySpec, fetch_first_page
from reader.ui.workers import JobContext

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

SEARCH_DEBOUNCE_MS = 180
NEW_LABEL = "New from last import"
GO_ACTIONS = {
    Action.GO_INBOX: Filter.state(State.INBOX),
    Action.GO_QUEUE: Filter.state(State.QUEUED),
    Action.GO_READING: Filter.state(State.READING),
    Action.GO_DONE: Filter.state(State.DONE),
    Action.GO_ALL: Filter(),
    Action.GO_STARRED: Filter(FilterKind.STARRED),
}
#: Enabled only while a paper is current.
PAPER_ACTIONS = (
    Action.STAR, Action.QUEUE, Action.READING, Action.DONE, Action.DISMISS, Action.INBOX,
    Action.MOVE_UP, Action.MOVE_DOWN, Action.OPEN_CODE, Action.OPEN_PAGE, Action.COPY_LINK,
    Action.EDIT_NOTES, Action.EDIT_TAGS,
)


class ListController(WindowController):
    """The query behind the list and everything that re-runs it."""

    listLoaded = Signal()  # a query's first page is in the model
    countsLoaded = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.filter_pane = window.filter_pane
        self.search_bar = window.search_bar
        self.search_box = window.search_bar.box
        self.spec = QuerySpec(filter=self.filter_pane.current_filter())
        self.default_sort: Sort | None = None  # the user's (Preferences), for every query
        self.counts: dict[str, int] = {}
        self.loaded_once = False  # the first page of a query has been shown
        self._generation = 0
        self._counts_generation = 0
        self._highlighted_text = ""  # the search text the detail pane's highlight shows
        # the paper and scroll of each unsearched filter (the integrator passes a group)
        self.positions = ListPositions(window.settings, window.window_settings.library_group)
        self._scroll_timer = QTimer(self)
        self._scroll_timer.setSingleShot(True)
        self._scroll_timer.setInterval(300)
        self._scroll_timer.timeout.connect(self.save_position)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.run_search)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)

        self.model.sortRequested.connect(self._sort_requested)
        self.model.set_page_fetcher(self.fetch_page)
        self.filter_pane.filterSelected.connect(self.set_filter)
        self.search_box.textChanged.connect(self._search_edited)
        self.search_box.returnPressed.connect(self._search_return)
        self.search_bar.downPressed.connect(lambda: self.view.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.search_bar.allPapersRequested.connect(self.search_all_papers)
        self.view.horizontalHeader().sectionClicked.connect(self.sort_by_column)
        self.view.selectionModel().currentRowChanged.connect(self.current_changed)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.verticalScrollBar().valueChanged.connect(lambda _v: self._scroll_timer.start())
        self.detail.set_highlighter(lambda text: self.library.match_spans(text, self.spec.text)
                                    if self.spec.text.strip() else [])
        self.detail.authorSearchRequested.connect(self.search_for)

    def handlers(self) -> dict[Action, Callable[[], None]]:
        handlers: dict[Action, Callable[[], None]] = {
            Action.FIND: self.focus_search,
            Action.FIND_SLASH: self.focus_search,
            Action.BACK_TO_LIST: self.back_to_list,
            Action.SELECT_ALL: self.select_all,
            Action.NEXT: lambda: self.keeper.move_current(1),
            Action.PREVIOUS: lambda: self.keeper.move_current(-1),
            Action.FIRST_PAPER: lambda: self.keeper.move_to_row(0),
            Action.LAST_PAPER: lambda: self.keeper.move_to_row(-1),
        }
        for action, flt in GO_ACTIONS.items():
            handlers[action] = partial(self.go, flt)
        return handlers

    def is_idle(self) -> bool:
        """No refresh or search pending."""
        return not self._refresh_timer.isActive() and not self._search_timer.isActive()

    def schedule_refresh(self) -> None:
        """Refresh on the next event-loop turn (a burst of landed writes refreshes once)."""
        self._refresh_timer.start()

    # ================================================================= querying
    def refresh(self) -> None:
        """Re-run the current query and the counts (after any write)."""
        self.requery()
        self._refresh_counts()
        self.refresh_detail()

    def shown_spec(self) -> QuerySpec:
        """What the list runs: :attr:`spec` with the user's default sort (Preferences)."""
        return self.spec.with_default(self.default_sort)

    def requery(self, *, reset_selection: bool = False) -> None:
        self._generation += 1
        generation = self._generation
        spec = self.shown_spec()
        # a filter shown anew (or at start) comes back where the user left it
        back = (reset_selection or not self.loaded_once) and not spec.text.strip()
        position = self.positions.get(spec.filter.key) if back else None

        def done(page: Page) -> None:
            if generation != self._generation or self.w.closing:
                return  # a newer query was started: this result is stale
            if position is not None and not self.keeper.selecting_later:
                self.keeper.select_later([position[0]])
            keep, current = self.keeper.snapshot(reset_selection)
            self._show_page(spec, page, keep, current)
            if position is not None and self.keeper.current_id() == position[0]:
                self._scroll_back(position[1])
            self._show_scope(spec, page.total, None)
            if page.total == 0 and self._scoped(spec):
                self._count_in_all(spec, generation)

        def failed(exc: BaseException) -> None:
            if generation != self._generation or self.w.closing:
                return
            self.show_search_error(str(exc))
            self.model.clear(spec)
            self.search_bar.hide_scope()

        self.workers.read("query", lambda ctx: fetch_first_page(self.library, spec), done, failed)

    @staticmethod
    def _scoped(spec: QuerySpec) -> bool:
        return bool(spec.text.strip()) and spec.filter.kind is not FilterKind.ALL

    def _show_scope(self, spec: QuerySpec, total: int, in_all: int | None) -> None:
        """The scope label of a search in a filter (hidden without a search or in All)."""
        if not self._scoped(spec):
            self.search_bar.hide_scope()
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
        self.search_bar.show_scope(text, "The search runs inside the selected filter; the link "
                                         "runs it over all papers")

    def _count_in_all(self, spec: QuerySpec, generation: int) -> None:
        """How many papers the same search finds in All (a reader job, only after a scoped
        search found nothing: typing is not slowed)."""
        def done(total: int) -> None:
            if generation == self._generation and not self.w.closing:
                self._show_scope(spec, 0, total)

        def failed(_exc: BaseException) -> None:
            pass  # the scoped search itself succeeded; the hint just stays without a count

        self.workers.read("count in all", lambda ctx: self.library.query(
            spec.text, Filter(FilterKind.ALL), spec.effective_sort, 0, 0).total, done, failed)

    def search_all_papers(self) -> None:
        """The current search over all papers (the scope label's link)."""
        self.set_filter(Filter(FilterKind.ALL))

    def _show_page(self, spec: QuerySpec, page: Page, keep: list[int], current: int | None) -> None:
        anchor = self.keeper.take_anchor()
        self.model.load(spec, page)
        # the message is only worked out for a list that has nothing to show (not per keystroke)
        self.view.set_empty_message("" if page.total else empty_message(
            spec.filter, spec.text, self.filter_pane.label(spec.filter), self.w.state.keys))
        self.view.set_reorderable(spec.manual_order)
        self.keeper.restore(keep, current, anchor)
        if spec.text != self._highlighted_text:  # the same paper may stay current: re-highlight
            self._highlighted_text = spec.text
            self.detail.render_abstract()
        self.update_index_label()
        self.loaded_once = True
        self.listLoaded.emit()

    def fetch_page(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Later pages of the list are read on the read pool while the view shows "…"."""
        def landed(rows: Any) -> None:
            if not self.w.closing:
                done(rows)

        self.workers.read("page", lambda ctx: work(), landed,
                          lambda exc: self.w.statusBar().showMessage(f"Could not load papers: {exc}", 5000))

    def _refresh_counts(self, retry: bool = True) -> None:
        self._counts_generation += 1
        generation = self._counts_generation
        lib = self.library
        shown = self.spec.filter

        def read(ctx: JobContext) -> tuple[Any, ...]:
            counts = lib.counts()
            if shown.kind is FilterKind.NEW:  # the temporary entry's count
                counts[shown.key] = lib.query("", shown, None, 0, 0).total
            return counts, lib.tags(), lib.digests(), lib.saved_searches()

        def done(result: tuple[Any, ...]) -> None:
            if generation != self._counts_generation or self.w.closing:
                return
            counts, tags, digests, saved = result
            self.counts = counts
            self.filter_pane.update_entries(counts, tags, digests, saved)
            self.detail.set_known_tags([t for t, _ in tags])
            self.update_counts_label()
            empty = counts.get("all", 0) == 0
            self.w.central.setCurrentWidget(self.w.empty_state if empty else self.w.splitter)
            self.countsLoaded.emit()

        def failed(exc: BaseException) -> None:  # a failed read (e.g. a busy database): once more
            if generation == self._counts_generation and not self.w.closing:
                (self._refresh_counts(retry=False) if retry else
                 self.w.statusBar().showMessage(f"Could not count the filters: {exc}", 5000))

        self.workers.read("counts", read, done, failed)

    def update_counts_label(self) -> None:
        self.w.status.show_counts(self.counts, self.model.rowCount())

    def update_index_label(self) -> None:
        pending = self.model.index_pending
        self.w.status.show_index_catching_up(bool(self.w.imports.index_catching_up or pending))
        self.update_counts_label()

    def _scroll_back(self, top_row: int) -> None:
        """The saved scroll (the list scrolls by rows: the top row), the current row kept
        in sight."""
        self.view.scrollTo(self.model.index(min(top_row, self.model.rowCount() - 1), Column.TITLE),
                           QAbstractItemView.ScrollHint.PositionAtTop)
        self.view.scrollTo(self.view.currentIndex())
        self._scroll_timer.stop()

    def save_position(self) -> None:
        """Remember the current paper and scroll of the list shown (unsearched lists only;
        while a new query is on its way the view still shows the previous list)."""
        self._scroll_timer.stop()
        pid = self.keeper.current_id()
        if pid is None or self.spec.text.strip() or self.model.spec != self.shown_spec():
            return
        self.positions.put(self.spec.filter.key, pid, max(0, self.view.verticalScrollBar().value()))

    # ================================================================= filter and sort
    def set_filter(self, flt: Filter) -> None:
        self.detail.flush_note()
        self.save_position()
        # the new papers of an import have no entry of their own: a temporary one while shown
        self.filter_pane.show_temporary(flt if flt.kind is FilterKind.NEW else None, NEW_LABEL)
        self.filter_pane.select(flt)
        sort = sort_after_filter_change(flt, self.spec.sort)  # the queue shows its own order
        self.spec = QuerySpec(filter=flt, text=self.spec.text, sort=sort)
        self.sync_sort_indicator()
        self.requery(reset_selection=True)
        if flt.kind is FilterKind.NEW:
            self._refresh_counts()  # the temporary entry's count

    def go(self, flt: Filter) -> None:
        self.set_filter(flt)
        self.view.setFocus()

    def _sort_requested(self, sort: Sort) -> None:
        self.spec = QuerySpec(self.spec.filter, self.spec.text, sort)
        self.requery()

    def sort_by_column(self, section: int) -> None:
        """A click on a column header: sort by it, or flip the order when it is the sort
        already (new sorts start descending, except by title)."""
        key = COLUMN_SORT.get(Column(section))
        if key is None:  # a column that does not sort (State, Tags, Authors, Notes):
            self.sync_sort_indicator()  # the header moved its indicator there on the click
            return
        current = self.spec.sort
        if current is not None and current.key is key:
            sort = Sort(key, not current.descending)
        else:
            sort = Sort(key, key is not SortKey.TITLE)
        self.spec = QuerySpec(self.spec.filter, self.spec.text, sort)
        self.sync_sort_indicator()
        self.requery()

    def sync_sort_indicator(self) -> None:
        self.view.show_sort(self.spec.sort)

    # ================================================================= search box
    def _search_edited(self, _text: str) -> None:
        self._search_timer.start()

    def _search_return(self) -> None:
        self._search_timer.stop()
        self.run_search()
        self.view.setFocus()

    def search_for(self, text: str) -> None:
        """Put ``text`` in the search box and run it now (a clicked author name)."""
        self.search_box.setText(text)
        self.run_search_now()

    def run_search_now(self) -> None:
        """Run the search box's text now instead of after the typing pause."""
        self._search_timer.stop()
        self.run_search()

    def run_search(self) -> None:
        text = self.search_bar.text()
        problem = self.library.check_query(text) if text else None
        if problem:
            self.show_search_error(problem)
            return
        self.search_bar.hide_error()
        if text == self.spec.text:
            return
        # a new search starts in relevance order
        sort = sort_after_search_change(self.spec.text, text, self.spec.sort)
        self.spec = QuerySpec(self.spec.filter, text, sort)
        self.sync_sort_indicator()
        # a new search starts at its best hit; clearing it keeps the paper the user is on
        self.requery(reset_selection=bool(text))

    def clear_search(self) -> None:
        """Empty the box and forget the search without re-querying (a filter change follows)."""
        self.search_box.clear()
        self.spec = QuerySpec(self.spec.filter, "", self.spec.sort)
        self.search_bar.hide_error()

    def show_search_error(self, message: str) -> None:
        self.search_bar.show_error(message)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def back_to_list(self) -> None:
        """Esc: back to the list; in a search box with text, clear the search too (the
        current paper stays selected when the unsearched list has it)."""
        if self.search_box.hasFocus() and self.search_box.text():
            self.search_box.clear()
            self.run_search_now()
        if self.detail.is_editing_note():
            self.detail.flush_note()
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def select_all(self) -> None:
        if self.search_box.hasFocus():
            self.search_box.selectAll()
            return
        self.view.selectAll()

    # ================================================================= the current paper
    def current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        pid = self.model.id_at(current.row()) if current.isValid() else None
        for action in PAPER_ACTIONS:
            self.w.actions_by_id[action].setEnabled(pid is not None)
        if pid is None:
            self.detail.show_paper(None)
            return
        self.save_position()
        if self.detail.paper is None or self.detail.paper.id != pid:
            self.detail.show_paper(self.library.get(pid))

    def _selection_changed(self, *_: Any) -> None:
        n = len(self.keeper.selected_rows())
        if n > 1:
            self.w.statusBar().showMessage(f"{n} papers selected — triage keys act on all of them", 3000)

    def refresh_detail(self) -> None:
        if self.detail.paper is not None:
            self.detail.show_paper(self.library.get(self.detail.paper.id))

    def current_paper(self) -> Paper | None:
        pid = self.keeper.current_id()
        return self.library.get(pid) if pid is not None else None
