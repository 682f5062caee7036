"""PaperTableModel directly: the column table, every role, sorting and paging (no window)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap

from reader.core.model import Filter, FilterKind, Page, PaperRow, Sort, SortKey, State
from reader.ui import paper_model, query_spec
from reader.ui.paper_columns import COLUMNS
from reader.ui.paper_model import COLUMN_SORT, Column, PaperTableModel, QuerySpec, Role, fetch_first_page

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
DECORATION = Qt.ItemDataRole.DecorationRole
ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
ALIGN = Qt.ItemDataRole.TextAlignmentRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)


class FakeLibrary:
    """Just what the model calls: ``query`` over a fixed list of rows (records each call)."""

    def __init__(self, rows: list[PaperRow]) -> None:
        self.rows = rows
        self.calls: list[tuple[int, int]] = []

    def query(self, text: str, flt: Filter, sort: Sort | None, offset: int, limit: int) -> Page:
        self.calls.append((offset, limit))
        return Page(total=len(self.rows), rows=self.rows[offset:offset + limit])


def row(pid: int, **kw: Any) -> PaperRow:
    fields: dict[str, Any] = dict(id=pid, title=f"Title {pid}", published=dt.date(2026, 11, pid % 28 + 1),
                                  upvotes=pid, starred=False, has_code=False, state=State.INBOX)
    fields.update(kw)
    return PaperRow(**fields)


def loaded(rows: list[PaperRow]) -> tuple[PaperTableModel, FakeLibrary]:
    lib = FakeLibrary(rows)
    model = PaperTableModel(lib)  # type: ignore[arg-type]
    spec = QuerySpec(filter=Filter())
    model.load(spec, fetch_first_page(lib, spec))  # type: ignore[arg-type]
    return model, lib


def icon_of(color: str) -> QIcon:
    pix = QPixmap(8, 8)
    pix.fill(QColor(color))
    return QIcon(pix)


def test_every_column_has_a_row_in_the_table() -> None:
    assert set(COLUMNS) == set(Column)
    assert set(COLUMN_SORT) == set(Column)
    assert len(set(COLUMN_SORT.values())) == len(Column)  # no two columns sort the same way
    assert all(spec.header and spec.header_tip for spec in COLUMNS.values())


def test_headers(qtbot) -> None:  # noqa: ANN001
    model, _ = loaded([])
    h = Qt.Orientation.Horizontal
    assert [model.headerData(c, h, DISPLAY) for c in Column] == ["★", "Title", "Published", "Upvotes", "Code"]
    assert model.headerData(Column.CODE, h, TOOLTIP) == "Has a code link (GitHub, GitLab)"
    assert model.headerData(Column.UPVOTES, h, ALIGN) == RIGHT
    assert model.headerData(Column.TITLE, h, ALIGN) is None
    assert model.headerData(len(Column), h, DISPLAY) is None
    assert model.headerData(0, Qt.Orientation.Vertical, DISPLAY) is None


def test_cells_of_a_starred_row_with_code(qtbot) -> None:  # noqa: ANN001
    r = row(1, title="Attention", published=dt.date(2026, 11, 3), upvotes=42, starred=True,
            has_code=True, score=1.5)
    model, _ = loaded([r])
    star, code = icon_of("red"), icon_of("blue")
    model.set_icons({"star": star, "code": code})

    def cell(col: Column, role: int) -> Any:
        return model.data(model.index(0, col), role)

    assert [cell(c, DISPLAY) for c in Column] == [None, "Attention", "2026-11-03", "42", None]
    assert [cell(c, TOOLTIP) for c in Column] == ["Starred", "Attention", None, None, "Has code"]
    assert [cell(c, ACCESSIBLE) for c in Column] == ["starred", "Attention", "2026-11-03", "42", "has code"]
    assert [cell(c, ALIGN) for c in Column] == [CENTER, None, None, RIGHT, CENTER]
    assert cell(Column.STAR, DECORATION).cacheKey() == star.cacheKey()
    assert cell(Column.CODE, DECORATION).cacheKey() == code.cacheKey()
    assert cell(Column.TITLE, DECORATION) is None


def test_cells_of_a_plain_row(qtbot) -> None:  # noqa: ANN001
    model, _ = loaded([row(2, published=None, upvotes=None)])
    model.set_icons({"star": icon_of("red"), "code": icon_of("blue")})

    def cell(col: Column, role: int) -> Any:
        return model.data(model.index(0, col), role)

    assert [cell(c, DISPLAY) for c in Column] == [None, "Title 2", "", "", None]
    assert cell(Column.STAR, TOOLTIP) == "Not starred" and cell(Column.CODE, TOOLTIP) == "No code link"
    assert cell(Column.STAR, ACCESSIBLE) == "not starred" and cell(Column.CODE, ACCESSIBLE) == "no code"
    assert cell(Column.STAR, DECORATION) is None and cell(Column.CODE, DECORATION) is None


def test_row_roles_are_the_same_in_every_column(qtbot) -> None:  # noqa: ANN001
    r = row(3, starred=True, has_code=True, state=State.READING, score=0.25)
    model, _ = loaded([r])
    for col in Column:
        index = model.index(0, col)
        assert model.data(index, Role.PAPER_ID) == 3
        assert model.data(index, Role.ROW) == r
        assert model.data(index, Role.STARRED) is True
        assert model.data(index, Role.STATE) == "reading"
        assert model.data(index, Role.HAS_CODE) is True
        assert model.data(index, Role.SCORE) == 0.25
        assert model.data(index, Qt.ItemDataRole.UserRole + 99) is None
    names = model.roleNames()
    assert all(bytes(names[int(role)].data()).decode() == role.name.lower() for role in Role)
    assert model.data(QModelIndex(), DISPLAY) is None


def test_sort_asks_for_the_columns_sort(qtbot) -> None:  # noqa: ANN001
    model, _ = loaded([row(1)])
    asked: list[Sort] = []
    model.sortRequested.connect(asked.append)
    for col in Column:
        model.sort(col, Qt.SortOrder.DescendingOrder)
    model.sort(len(Column))  # not a column: nothing
    assert [s.key for s in asked] == [COLUMN_SORT[c] for c in Column]
    assert all(s.descending for s in asked)
    assert COLUMN_SORT[Column.UPVOTES] is SortKey.UPVOTES


def test_the_first_page_and_later_pages_share_one_page_size(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(query_spec, "PAGE_SIZE", 3)
    model, lib = loaded([row(i) for i in range(1, 11)])
    assert lib.calls == [(0, 3)]
    assert model.rowCount() == 10
    assert model.id_at(4) == 5
    assert lib.calls == [(0, 3), (3, 3)]  # page 1, fetched when first needed
    assert model.id_at(5) == 6 and len(lib.calls) == 2  # same page: cached


def test_a_row_not_loaded_shows_a_placeholder_and_requests_its_page(
    qtbot, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    monkeypatch.setattr(query_spec, "PAGE_SIZE", 2)
    model, lib = loaded([row(i) for i in range(1, 7)])
    pending: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []
    model.set_page_fetcher(lambda work, done: pending.append((work, done)))
    index = model.index(4, Column.TITLE)
    assert model.data(index, DISPLAY) == "…"
    assert model.data(index, TOOLTIP) is None and model.data(model.index(4, Column.UPVOTES), DISPLAY) is None
    assert len(pending) == 1 and lib.calls == [(0, 2)]  # painting never blocks on a query
    work, done = pending[0]
    done(work())
    assert model.data(index, DISPLAY) == "Title 5"


def test_query_spec_lives_in_its_own_module_and_is_re_exported() -> None:
    assert paper_model.QuerySpec is query_spec.QuerySpec
    assert paper_model.fetch_first_page is query_spec.fetch_first_page
    searching = QuerySpec(text="diffusion")
    assert searching.effective_sort == Sort(SortKey.RELEVANCE)
    assert QuerySpec().effective_sort is None
    queue = QuerySpec(filter=Filter(FilterKind.STATE, State.QUEUED.value))
    assert queue.is_queue and queue.manual_order
    assert not QuerySpec(filter=queue.filter, text="x").manual_order
    assert not QuerySpec(filter=queue.filter, sort=Sort(SortKey.TITLE)).manual_order
