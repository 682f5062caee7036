"""The paper list: :class:`PaperTableView` (the table, its header, the sort indicator, queue
drags, the empty-list message). Where the selection goes when the list changes is
:class:`~reader.ui.widgets.selection_keeper.SelectionKeeper`."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QRect,
    Qt,
)
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from reader.core.model import Sort
from reader.ui.paper_columns import COLUMNS, DEFAULT_ORDER
from reader.ui.paper_model import COLUMN_SORT, Column
from reader.ui.widgets.header_menu import column_menu

TITLE_MIN = 200  # px: the Title column never gets narrower (the list scrolls sideways instead)
ICON_WIDTH = 34  # px: an icon column
HEADER_MARK = b"digest-reader-columns:"  # + the column count + ":" + QHeaderView.saveState()
LEGACY_COLUMNS = 5  # a header saved without the mark knew the five columns before issue 12


class PaperTableView(QTableView):
    """The list. Selection changes of the current row drive the detail pane.

    Columns (``paper_columns.COLUMNS``) can be hidden from the header's context menu
    (``header_menu.column_menu``), moved and resized; :meth:`save_header` /
    :meth:`restore_header` keep that across restarts, also from a header saved with fewer
    columns. Title stretches but never below ``TITLE_MIN`` (a horizontal scroll bar instead).
    An empty list draws the message of :meth:`set_empty_message` in the middle.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fitting = False
        self._empty_message = ""
        self._metrics = self.fontMetrics()
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

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:  # a new result forgets the old result's message
            model.modelAboutToBeReset.connect(lambda: self.set_empty_message(""))

    # ----------------------------------------------------------------- columns
    def setup_header(self, metrics: QFontMetrics) -> None:
        """The default columns, widths and order; a movable, clickable sort header with the
        column chooser on its context menu (``metrics``: the window's font, which sizes the
        text columns)."""
        self._metrics = metrics
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setFirstSectionMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(ICON_WIDTH)
        self._apply_defaults(list(Column))
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: self.column_menu().exec(header.mapToGlobal(pos)))
        header.sectionResized.connect(lambda *_: self._fit_title())

    def _width(self, column: Column) -> int:
        sample = COLUMNS[column].width
        if sample == "icon":
            return ICON_WIDTH
        return max(ICON_WIDTH, self._metrics.horizontalAdvance(sample or "") + 22)

    def _apply_defaults(self, columns: Sequence[Column]) -> None:
        """Default width, visibility and place of ``columns`` (all: a reset; the ones a
        restored header did not know: placed after their neighbour in ``DEFAULT_ORDER``)."""
        header = self.horizontalHeader()
        for col in columns:
            if COLUMNS[col].width is not None:
                header.resizeSection(col, self._width(col))
            header.setSectionHidden(col, not COLUMNS[col].shown)
        if len(columns) == len(Column):
            for place, col in enumerate(DEFAULT_ORDER):
                header.moveSection(header.visualIndex(col), place)
        else:
            for col in DEFAULT_ORDER:
                if col not in columns or DEFAULT_ORDER.index(col) == 0:
                    continue
                before = DEFAULT_ORDER[DEFAULT_ORDER.index(col) - 1]
                here, after = header.visualIndex(col), header.visualIndex(before) + 1
                header.moveSection(here, after if here > after else after - 1)
        self._fix_modes()

    def _fix_modes(self) -> None:
        header = self.horizontalHeader()
        for col in Column:
            width = COLUMNS[col].width
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed if width in ("icon", None)
                                        else QHeaderView.ResizeMode.Interactive)
        header.setSectionHidden(Column.TITLE, False)
        self._fit_title()

    def _fit_title(self) -> None:
        """Title takes the room the other columns leave, but at least ``TITLE_MIN`` (Qt's
        Stretch mode has no minimum: the width is set here, on every change of the room)."""
        header = self.horizontalHeader()
        if self._fitting or header.count() != len(Column):
            return
        self._fitting = True
        try:
            others = sum(header.sectionSize(c) for c in Column
                         if c is not Column.TITLE and not header.isSectionHidden(c))
            width = max(TITLE_MIN, self.viewport().width() - others)
            if header.sectionSize(Column.TITLE) != width:
                header.resizeSection(Column.TITLE, width)
        finally:
            self._fitting = False

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self._fit_title()

    def column_menu(self) -> QMenu:
        """The column chooser (the header's context menu)."""
        return column_menu(self.horizontalHeader(), self.reset_columns, self)

    def reset_columns(self) -> None:
        """The default columns, widths and order."""
        self._apply_defaults(list(Column))

    def save_header(self) -> QByteArray:
        """The header's state, marked with the number of columns it knew."""
        state = self.horizontalHeader().saveState()
        return QByteArray(HEADER_MARK + str(len(Column)).encode() + b":" + bytes(state.data()))

    def restore_header(self, state: QByteArray) -> None:
        """Saved column widths, order and hidden columns; columns added since the state was
        saved get their defaults (a state without a mark is from the 5 columns before them)."""
        raw, known = bytes(state.data()), LEGACY_COLUMNS
        if raw.startswith(HEADER_MARK):
            count, sep, raw = raw[len(HEADER_MARK):].partition(b":")
            if not sep or not count.isdigit():
                return
            known = int(count)
        if not self.horizontalHeader().restoreState(QByteArray(raw)):
            return
        self._apply_defaults([c for c in Column if c >= known])

    # ----------------------------------------------------------------- an empty list
    def keyboardSearch(self, search: str) -> None:
        """No jump to a title starting with a typed letter: in a keyboard-first triage list an
        unbound letter (or a key the user rebound away) must not move the paper the next
        triage key acts on."""

    def set_empty_message(self, text: str) -> None:
        """What the list says while it has no rows (why, and what to do)."""
        self._empty_message = text
        self.viewport().update()

    def empty_message(self) -> str:
        """The message shown now ("" while the list has rows)."""
        model = self.model()
        return self._empty_message if model is not None and model.rowCount() == 0 else ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        text = self.empty_message()
        if not text:
            return
        area = self.viewport().rect()
        width = min(area.width() - 32, 30 * self._metrics.averageCharWidth() + 160)
        box = QRect(0, 0, max(width, 80), area.height() - 32)
        box.moveCenter(area.center())
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
        painter.end()

    def show_sort(self, sort: Sort | None) -> None:
        """The header's sort indicator for ``sort`` (none for the filter's default order)."""
        header = self.horizontalHeader()
        header.blockSignals(True)
        col = next((c for c, k in COLUMN_SORT.items() if sort is not None and k is sort.key), None)
        if col is None:
            header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        else:
            header.setSortIndicator(int(col), Qt.SortOrder.DescendingOrder if sort and sort.descending
                                    else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        header.viewport().update()

    def set_reorderable(self, manual: bool) -> None:
        """Rows can be dragged (the queue in its own order) or not."""
        self.setDragEnabled(manual)
        self.setAcceptDrops(manual)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove if manual
                             else QAbstractItemView.DragDropMode.NoDragDrop)
