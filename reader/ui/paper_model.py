"""``PaperTableModel``: the paper list as a lazily paged ``QAbstractTableModel``.

The model never holds the whole library. It knows the ``total`` of the current query and
keeps a small cache of pages (``PAGE_SIZE`` rows each, ``reader.ui.query_spec``), fetched from
:meth:`reader.core.library.Library.query` when a view first asks for a row of that page —
so it stays fast at 100,000 papers. The first page of a new query is fetched off the GUI
thread by the window (see :meth:`load`); later pages of the same query come synchronously,
which costs a few milliseconds of SQLite (or one Whoosh search).

Sorting (``sort()``) re-queries with a :class:`~reader.core.model.Sort` — there is no
``QSortFilterProxyModel``. While a search is active the order is relevance unless the user
clicked a column. The Queue filter is ordered by queue position and supports drag to reorder.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right, insort
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon

from reader.core.library import Library, LibraryError, QueryError
from reader.core.model import Page, PaperRow, Sort
from reader.ui import query_spec
from reader.ui.paper_columns import COLUMN_SORT, Column, Role, cell_data, column_sort, header_data
from reader.ui.qtcompat import no_data
from reader.ui.query_spec import QuerySpec, fetch_first_page

# Re-exported: the window and the tests import these from here.
__all__ = ["COLUMN_SORT", "Column", "PaperTableModel", "QuerySpec", "Role", "fetch_first_page"]

MAX_PAGES = 40
ROW_MIME = "application/x-digest-reader-paper-ids"

_Index = QModelIndex | QPersistentModelIndex
# fetcher(work, done): run work() off the GUI thread, then done(result) on the GUI thread
PageFetcher = Callable[[Callable[[], Any], Callable[[Any], None]], None]


class PaperTableModel(QAbstractTableModel):
    """Rows of :class:`~reader.core.model.PaperRow` for one :class:`QuerySpec`."""

    sortRequested = Signal(object)  # a Sort: the window re-queries
    queueReordered = Signal(list, list)  # (old order of the shown ids, new order)
    pageError = Signal(str)

    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self.library = library
        self.spec = QuerySpec()
        self._total = 0
        self._pages: OrderedDict[int, list[PaperRow]] = OrderedDict()
        self._icons: dict[str, QIcon] = {}
        self.index_pending = 0
        self._fetcher: PageFetcher | None = None
        self._inflight: set[int] = set()
        self._recent: deque[int] = deque(maxlen=8)  # the pages the view asked for last
        self._epoch = 0
        self._hidden: list[int] = []  # sorted result positions hidden until the next load()

    def set_page_fetcher(self, fetcher: PageFetcher | None) -> None:
        """Fetch pages the view needs off the GUI thread: ``fetcher(work, done)`` runs
        ``work()`` elsewhere and calls ``done(result)`` on the GUI thread. Without a fetcher
        (tests, tools) pages are fetched synchronously."""
        self._fetcher = fetcher

    # ----------------------------------------------------------------- loading
    def set_icons(self, icons: dict[str, QIcon]) -> None:
        self._icons = icons
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(Column) - 1))

    def load(self, spec: QuerySpec, first: Page) -> None:
        """Show a new query result (its first page, fetched by a worker)."""
        self.beginResetModel()
        self._epoch += 1
        self._inflight.clear()
        self._hidden.clear()
        self.spec = spec
        self._total = first.total
        self._pages.clear()
        self._pages[0] = list(first.rows)
        self.index_pending = first.index_pending
        self.endResetModel()

    def clear(self, spec: QuerySpec) -> None:
        self.load(spec, Page(total=0, rows=[]))

    @property
    def total(self) -> int:
        """Rows of the query result (hidden rows included)."""
        return self._total

    # Rows the user just moved out of the list (e.g. dismissed from the Inbox) are hidden at
    # once, before the write lands; "underlying" positions (u) index the query result, visible
    # rows (v) skip the hidden ones. The next load() shows the library's truth again.
    def _to_u(self, v: int) -> int:
        u = v
        for h in self._hidden:
            if h <= u:
                u += 1
            else:
                break
        return u

    def _to_v(self, u: int) -> int | None:
        i = bisect_left(self._hidden, u)
        if i < len(self._hidden) and self._hidden[i] == u:
            return None
        return u - i

    def hide_ids(self, ids: Sequence[int]) -> int:
        """Remove these papers from the view now (they left the filter); returns how many."""
        hidden = 0
        for pid in ids:
            u = self._row_of_u(pid)
            v = self._to_v(u) if u is not None else None
            if u is None or v is None:
                continue
            self.beginRemoveRows(QModelIndex(), v, v)
            insort(self._hidden, u)
            self.endRemoveRows()
            hidden += 1
        return hidden

    def _page(self, number: int) -> list[PaperRow]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        try:
            rows = self._query_page(self.spec, number)
        except (QueryError, LibraryError) as exc:
            self.pageError.emit(str(exc))
            rows = []
        self._store(number, rows)
        return rows

    def _query_page(self, spec: QuerySpec, number: int) -> list[PaperRow]:
        return list(self.library.query(spec.text, spec.filter, spec.effective_sort,
                                       number * query_spec.PAGE_SIZE, query_spec.PAGE_SIZE).rows)

    def _request(self, number: int) -> None:
        """Ask the fetcher for a page; the rows show "…" until it lands. A request that was
        overtaken by newer ones (fast scrolling) is skipped when its turn comes."""
        self._recent.append(number)
        if number in self._inflight or self._fetcher is None:
            return
        self._inflight.add(number)
        epoch, spec = self._epoch, self.spec

        def work() -> list[PaperRow] | None:
            if epoch != self._epoch or number not in self._recent:
                return None
            return self._query_page(spec, number)

        def landed(rows: list[PaperRow] | None) -> None:
            if epoch != self._epoch:
                return  # the model shows another query now
            self._inflight.discard(number)
            if rows is not None:
                self._store(number, rows)
            first = number * query_spec.PAGE_SIZE
            last = min(self._total, first + query_spec.PAGE_SIZE) - 1
            v1 = first - bisect_left(self._hidden, first)
            v2 = last - bisect_right(self._hidden, last)
            if v2 >= v1:  # repaint: shows the rows, or re-requests a skipped visible page
                self.dataChanged.emit(self.index(v1, 0), self.index(v2, len(Column) - 1))

        self._fetcher(work, landed)

    def _store(self, number: int, rows: list[PaperRow]) -> None:
        self._pages[number] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def _row_u(self, u: int, wait: bool) -> PaperRow | None:
        if not 0 <= u < self._total:
            return None
        number = u // query_spec.PAGE_SIZE
        if not wait and number not in self._pages and self._fetcher is not None:
            self._request(number)
            return None
        page = self._page(number)
        offset = u % query_spec.PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def row_at(self, row: int, *, wait: bool = True) -> PaperRow | None:
        """The row's data; ``wait=False`` (painting) never blocks: a missing page is requested
        from the fetcher and None is returned meanwhile."""
        if not 0 <= row < self.rowCount():
            return None
        return self._row_u(self._to_u(row), wait)

    def id_at(self, row: int) -> int | None:
        r = self.row_at(row)
        return r.id if r is not None else None

    def ids_for_rows(self, rows: Sequence[int]) -> list[int]:
        """Paper ids of many rows (a big selection): missing pages come in one query."""
        count = self.rowCount()
        under = sorted({self._to_u(r) for r in rows if 0 <= r < count})
        if not under:
            return []
        missing = {u // query_spec.PAGE_SIZE for u in under} - set(self._pages)
        if len(missing) > 3:
            first, last = under[0], under[-1]
            try:
                page = self.library.query(self.spec.text, self.spec.filter, self.spec.effective_sort,
                                          first, last - first + 1)
            except (QueryError, LibraryError) as exc:
                self.pageError.emit(str(exc))
                return []
            by_row = {first + i: r.id for i, r in enumerate(page.rows)}
            return [by_row[u] for u in under if u in by_row]
        out = []
        for u in under:
            r = self._row_u(u, True)
            if r is not None:
                out.append(r.id)
        return out

    def patch_rows(self, ids: Sequence[int], **changes: Any) -> None:
        """Show a change at once (e.g. a star) before the write lands; the refresh after
        the write replaces these rows with the library's truth."""
        wanted = set(ids)
        for number, page in self._pages.items():
            for offset, r in enumerate(page):
                if r.id in wanted:
                    page[offset] = replace(r, **changes)
                    v = self._to_v(number * query_spec.PAGE_SIZE + offset)
                    if v is not None:
                        self.dataChanged.emit(self.index(v, 0), self.index(v, len(Column) - 1))

    def _row_of_u(self, paper_id: int) -> int | None:
        for number, page in self._pages.items():
            for offset, r in enumerate(page):
                if r.id == paper_id:
                    return number * query_spec.PAGE_SIZE + offset
        return None

    def row_of(self, paper_id: int) -> int | None:
        """The row of a paper among the cached pages (None when not loaded or not shown)."""
        u = self._row_of_u(paper_id)
        return self._to_v(u) if u is not None else None

    # ----------------------------------------------------------------- Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total - len(self._hidden)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = self._header(section, orientation, role)
        return no_data() if value is None else value

    def _header(self, section: int, orientation: Qt.Orientation, role: int) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        return header_data(section, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = self._data(index, role)
        return no_data() if value is None else value

    def _data(self, index: _Index, role: int) -> Any:
        if not index.isValid() or index.column() >= len(Column):
            return None
        r = self.row_at(index.row(), wait=False)
        if r is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == Column.TITLE else None
        return cell_data(index.column(), role, r, self._icons)

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        for role in Role:
            names[int(role)] = QByteArray(role.name.lower().encode())
        return names

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.spec.manual_order else Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self.spec.manual_order:
            base |= Qt.ItemFlag.ItemIsDragEnabled
        return base

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in a new order (the window runs the query off the GUI thread)."""
        key = column_sort(column) if 0 <= column < len(Column) else None
        if key is None:
            return  # not a column, or one that does not sort (e.g. State)
        self.sortRequested.emit(Sort(key, descending=order == Qt.SortOrder.DescendingOrder))

    # ----------------------------------------------------------------- drag to reorder the queue
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROW_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids: list[int] = []
        for idx in sorted(indexes, key=lambda i: i.row()):
            pid = self.id_at(idx.row())
            if pid is not None and pid not in ids:
                ids.append(pid)
        mime = QMimeData()
        mime.setData(ROW_MIME, QByteArray(json.dumps(ids).encode()))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: _Index) -> bool:
        return self.spec.manual_order and data.hasFormat(ROW_MIME)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: _Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            moved = [int(i) for i in json.loads(bytes(data.data(ROW_MIME).data()).decode())]
        except (ValueError, TypeError):
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else self.rowCount()
        order = [self.id_at(i) for i in range(self.rowCount())]
        current = [i for i in order if i is not None]
        before = [i for i in current[:row] if i not in moved]
        after = [i for i in current[row:] if i not in moved]
        new = before + moved + after
        if new != current:
            self.queueReordered.emit(current, new)
        # The window writes the new order and reloads; the view must not remove rows itself.
        return False
