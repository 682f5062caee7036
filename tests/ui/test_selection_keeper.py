"""SelectionKeeper: where the current paper and the selection go when the list changes."""

from __future__ import annotations

import pytest

from reader.core.model import Filter, Sort, SortKey, State
from reader.ui.commands import (
    QueueOrderCommand,
    RestoreNoteCommand,
    StarCommand,
    StateCommand,
    TagsCommand,
    TriageCommand,
)
from reader.ui.paper_model import PaperTableModel, QuerySpec, fetch_first_page
from reader.ui.widgets import selection_keeper
from reader.ui.widgets.paper_list import PaperTableView
from reader.ui.widgets.selection_keeper import SelectionKeeper

INBOX = Filter.state(State.INBOX)


class Setup:
    def __init__(self, qtbot, library) -> None:  # noqa: ANN001
        self.library = library
        self.model = PaperTableModel(library)
        self.view = PaperTableView()
        qtbot.addWidget(self.view)
        self.view.setModel(self.model)
        self.shown: list[int | None] = []  # what the detail pane would show
        self.keeper = SelectionKeeper(self.model, self.view, lambda cur, _prev: self.shown.append(
            self.model.id_at(cur.row()) if cur.isValid() else None))
        self.load(QuerySpec(filter=INBOX))

    def load(self, spec: QuerySpec) -> None:
        self.model.load(spec, fetch_first_page(self.library, spec))

    def go_to(self, row: int) -> None:
        self.keeper.move_current(0)  # no current paper yet: any move starts at the top
        self.keeper.move_current(row)

    def ids(self) -> list[int]:
        return [i for i in (self.model.id_at(r) for r in range(self.model.rowCount())) if i is not None]

    def reload(self, spec: QuerySpec, *, reset: bool = False) -> None:
        """What the list controller does when a query's first page lands."""
        keep, current = self.keeper.snapshot(reset)
        anchor = self.keeper.take_anchor()
        self.load(spec)
        self.keeper.restore(keep, current, anchor)


@pytest.fixture
def s(qtbot, sample_library) -> Setup:  # noqa: ANN001
    return Setup(qtbot, sample_library)


def test_the_current_paper_is_kept_by_id_when_the_order_changes(s: Setup) -> None:
    s.go_to(5)
    pid = s.keeper.current_id()
    s.reload(QuerySpec(filter=INBOX, sort=Sort(SortKey.TITLE, descending=False)))
    assert s.keeper.current_id() == pid
    assert s.keeper.selected_ids() == [pid]
    assert s.shown[-1] == pid


def test_a_paper_that_left_the_list_is_replaced_by_the_next_one(s: Setup) -> None:
    before = s.ids()
    s.go_to(3)
    assert s.keeper.current_id() == before[3]
    s.library.set_state([before[3]], State.DONE)
    s.reload(QuerySpec(filter=INBOX))
    assert s.keeper.current_id() == before[4]  # the paper now in the anchor row


def test_papers_asked_for_are_selected_once_shown_then_forgotten(s: Setup) -> None:
    ids = s.ids()
    s.keeper.select_later([ids[10], ids[12]])
    s.reload(QuerySpec(filter=INBOX), reset=True)
    assert s.keeper.current_id() == ids[10]
    assert s.keeper.selected_ids() == [ids[10], ids[12]]
    s.reload(QuerySpec(filter=INBOX), reset=True)
    assert s.keeper.current_id() == ids[0]  # a reset without a request starts at the top


def test_papers_asked_for_that_are_not_shown_do_not_move_the_selection(s: Setup) -> None:
    ids = s.ids()
    s.go_to(2)
    s.keeper.select_later([10**9])
    s.reload(QuerySpec(filter=INBOX))
    assert s.keeper.current_id() == ids[2]


def test_the_ids_of_an_undo_step_are_set_only_during_the_step(s: Setup) -> None:
    seen: list[list[int] | None] = []
    s.keeper.during_step([4, 5], lambda: seen.append(s.keeper.select_after))
    assert seen == [[4, 5]] and s.keeper.select_after is None
    s.keeper.during_step([], lambda: seen.append(s.keeper.select_after))
    assert seen[-1] is None  # nothing to select: the selection stays

    def boom() -> None:
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError):
        s.keeper.during_step([7], boom)
    assert s.keeper.select_after is None


def test_leaving_the_list_moves_to_the_next_paper_at_once(s: Setup) -> None:
    ids = s.ids()
    s.go_to(2)
    s.keeper.anchor_at_selection()
    s.keeper.leave_list([ids[2]])
    assert s.model.rowCount() == len(ids) - 1
    assert s.keeper.current_id() == ids[3]
    s.keeper.leave_list([ids[3]])  # fast triage: the same row again
    assert s.keeper.current_id() == ids[4]


def test_a_huge_selection_keeps_only_the_current_paper(s: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selection_keeper, "MAX_KEPT_SELECTION", 3)
    s.go_to(1)
    s.view.selectAll()
    assert len(s.keeper.selected_ids()) == s.model.rowCount()
    keep, current = s.keeper.snapshot(False)
    assert current == s.ids()[1] and keep == [current]
    assert s.keeper.snapshot(True) == ([], None)  # a reset keeps nothing


def test_moving_starts_at_the_top_and_stops_at_the_ends(s: Setup) -> None:
    ids = s.ids()
    s.keeper.move_current(5)
    assert s.keeper.current_id() == ids[0]
    s.keeper.move_current(-3)
    assert s.keeper.current_id() == ids[0]
    s.keeper.move_current(len(ids) + 10)
    assert s.keeper.current_id() == ids[-1]


def test_find_row_looks_near_the_anchor_first(s: Setup) -> None:
    ids = s.ids()
    assert s.keeper.find_row(ids[7], 6) == 7
    assert s.keeper.find_row(ids[7], None) == 7
    assert s.keeper.find_row(10**9, 3) is None


def test_every_undo_command_names_the_papers_it_changes() -> None:
    def submit(_d: str, _fn: object) -> None:
        pass

    commands = [StarCommand(submit, [1, 2], None), StateCommand(submit, [3], State.DONE),
                TagsCommand(submit, [4], add=["x"]), QueueOrderCommand(submit, paper_id=5, delta=1),
                QueueOrderCommand(submit, order=[6, 7]), RestoreNoteCommand(submit, 8, "old")]
    assert all(isinstance(c, TriageCommand) for c in commands)
    assert [c.ids for c in commands] == [[1, 2], [3], [4], [5], [], [8]]


def test_advancing_past_papers_that_stay_moves_below_them_or_above_at_the_end(s: Setup) -> None:
    ids = s.ids()
    s.go_to(2)
    s.keeper.advance_past([ids[2]])
    assert s.keeper.current_id() == ids[3] and s.keeper.selected_ids() == [ids[3]]
    assert s.model.rowCount() == len(ids)  # nothing left the list
    s.keeper.advance_past([ids[5], ids[4]])  # a selection: below its last row
    assert s.keeper.current_id() == ids[6]
    s.keeper.advance_past([ids[-2], ids[-1]])  # at the end: above the first of them
    assert s.keeper.current_id() == ids[-3]
    s.keeper.advance_past(ids)  # the whole list: nowhere to go, the current paper stays
    assert s.keeper.current_id() == ids[-3]
