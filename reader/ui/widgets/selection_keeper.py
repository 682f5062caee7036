"""Where the list's selection goes when the list changes: :class:`SelectionKeeper` (one owner
for every rule, ARCHITECTURE.md "Design decisions")."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex

from reader.ui.paper_model import Column, PaperTableModel

if TYPE_CHECKING:
    from reader.ui.widgets.paper_list import PaperTableView

#: A selection larger than this is not restored row by row after a re-query (only the current
#: paper is).
MAX_KEPT_SELECTION = 500


class SelectionKeeper:
    """Where the current paper and the selection go when the list changes under them.

    The list is re-queried after every write, and papers leave it at once when triage moves
    them out of the filter. Three mechanisms decide the selection afterwards; all three are
    applied in :meth:`restore`, when a query's first page has landed:

    * **the anchor row** (``_anchor_row``): the row the user was on when a re-query started or
      when papers left the list (:meth:`snapshot`, :meth:`anchor_at_selection`,
      :meth:`leave_list`). When the current paper is gone, the paper now in that row becomes
      current, so fast triage walks down the list and never acts on the same paper twice;
      ids are also looked for near that row first (:meth:`find_row`).
    * **papers to select** (``_pending_select_ids``, :meth:`select_later`): a write or an action
      asks for papers to be selected once the list shows them — the paper moved in the queue,
      the new papers of an import, the papers an undo put back. Used when at least one of
      them is in the new page; cleared by every page.
    * **papers of the undo step in progress** (``_select_after``, :meth:`during_step`): set
      while an undo/redo submits its write, so that the write, when it lands, asks for the
      papers it changed (through :meth:`select_later`).

    Otherwise the current paper and the selection are kept by id; a selection larger than
    ``MAX_KEPT_SELECTION`` keeps only the current paper.
    """

    def __init__(self, model: PaperTableModel, view: PaperTableView,
                 on_current: Callable[[QModelIndex, QModelIndex], None]) -> None:
        self.model = model
        self.view = view
        self.on_current = on_current  # the detail pane follows the current paper
        self._anchor_row: int | None = None
        self._pending_select_ids: list[int] | None = None
        self._select_after: list[int] | None = None

    # ----------------------------------------------------------------- reading
    def current_id(self) -> int | None:
        idx = self.view.currentIndex()
        return self.model.id_at(idx.row()) if idx.isValid() else None

    def selected_ids(self) -> list[int]:
        ids = self.model.ids_for_rows(self.selected_rows())
        if not ids:
            cur = self.current_id()
            if cur is not None:
                ids = [cur]
        return ids

    def selected_rows(self) -> list[int]:
        """Selected rows from the selection ranges (cheap even for 100,000 selected rows)."""
        rows: list[int] = []
        for rng in self.view.selectionModel().selection():  # type: ignore[attr-defined]
            rows.extend(range(rng.top(), rng.bottom() + 1))
        return sorted(set(rows))

    def find_row(self, paper_id: int, near: int | None) -> int | None:
        total = self.model.rowCount()
        if near is not None:
            for r in (near, near - 1, near + 1, near - 2, near + 2):
                if 0 <= r < total and self.model.id_at(r) == paper_id:
                    return r
        return self.model.row_of(paper_id)

    # ----------------------------------------------------------------- the three mechanisms
    def snapshot(self, reset_selection: bool) -> tuple[list[int], int | None]:
        """The selection to keep and the current paper, read when a result lands (and the
        anchor row, unless one is set already)."""
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
        return keep, current

    def take_anchor(self) -> int | None:
        anchor = self._anchor_row
        self._anchor_row = None
        return anchor

    def anchor_at_selection(self) -> None:
        """Anchor at the top of the selection (before a state change)."""
        rows = self.selected_rows() or [self.view.currentIndex().row()]
        self._anchor_row = max(0, min(rows))

    def select_later(self, ids: list[int] | None) -> None:
        """Select these papers when the next page shows one of them (``None``: forget it)."""
        self._pending_select_ids = ids

    @property
    def selecting_later(self) -> bool:
        """Papers are waiting to be selected when the next page lands."""
        return bool(self._pending_select_ids)

    @property
    def select_after(self) -> list[int] | None:
        """The papers of the undo/redo step being submitted (``None`` outside a step)."""
        return self._select_after

    def during_step(self, ids: Sequence[int], step: Callable[[], None]) -> None:
        """Run an undo/redo ``step``; its write selects ``ids`` once it has landed."""
        self._select_after = list(ids) or None
        try:
            step()
        finally:
            self._select_after = None

    def restore(self, keep: list[int], current: int | None, anchor: int | None) -> None:
        """After a page was loaded: select the papers asked for, else ``keep`` / ``current``,
        else the row of ``anchor``."""
        wanted = self._pending_select_ids
        self._pending_select_ids = None
        if wanted and any(self.model.row_of(pid) is not None for pid in wanted):
            shown = [pid for pid in wanted if self.model.row_of(pid) is not None]
            keep, current = shown, shown[0]
        total = self.model.rowCount()
        sm = self.view.selectionModel()
        if total == 0:
            self.on_current(QModelIndex(), QModelIndex())
            return
        rows: list[int] = []
        cur_row: int | None = None
        if current is not None:
            cur_row = self.find_row(current, anchor)
        for pid in keep:
            r = cur_row if pid == current else self.find_row(pid, anchor)
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
        self.on_current(self.view.currentIndex(), QModelIndex())

    def leave_list(self, ids: Sequence[int]) -> None:
        """The papers left the current filter: drop them from the view now and move the
        selection to the next paper, so fast triage never acts on the same paper twice."""
        anchor = self._anchor_row if self._anchor_row is not None else self.view.currentIndex().row()
        if not self.model.hide_ids(ids):
            return
        total = self.model.rowCount()
        if total == 0:
            self.on_current(QModelIndex(), QModelIndex())
            return
        row = max(0, min(anchor, total - 1))
        idx = self.model.index(row, Column.TITLE)
        self.view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(idx)
        self._anchor_row = row

    def advance_past(self, ids: Sequence[int]) -> None:
        """After a triage action on papers that stay in the list: the paper below the last
        of them becomes current (at the end of the list, the one above the first), so the
        next key acts on the next paper."""
        if len(ids) > 50:  # a large selection: its rows (looking each id up is quadratic)
            rows = self.selected_rows()
        else:
            rows = sorted(r for r in (self.model.row_of(pid) for pid in ids) if r is not None)
        total = self.model.rowCount()
        if not rows or total == 0:
            return
        target = rows[-1] + 1
        if target >= total:
            target = rows[0] - 1
        if target < 0:  # every paper of the list was acted on: stay
            return
        self._set_current_row(target)

    # ----------------------------------------------------------------- moving
    def _set_current_row(self, row: int) -> None:
        idx = self.model.index(row, Column.TITLE)
        self.view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(idx)
        self._anchor_row = row

    def move_to_row(self, row: int) -> None:
        """Make ``row`` current (clamped to the list; -1: the last row). The list's total is
        known from the first page, so the last row is the true last paper; its page is read
        when the row is shown."""
        total = self.model.rowCount()
        if total:
            self._set_current_row(total - 1 if row < 0 else min(row, total - 1))

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
