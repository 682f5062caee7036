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
from reader.ui.filters import FIXED
from reader.ui.paper_columns import COLUMNS, DEFAULT_ORDER, STATE_ICON_NAMES, column_sort, list_icons
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
    assert list(Column) == list(range(len(Column)))  # column numbers are the model's sections
    assert sorted(DEFAULT_ORDER) == list(Column)  # every column has a default place, once
    assert set(COLUMN_SORT) == {c for c in Column if COLUMNS[c].sort is not None}
    assert len(set(COLUMN_SORT.values())) == len(COLUMN_SORT)  # no two columns sort the same way
    assert all(spec.header and spec.header_tip for spec in COLUMNS.values())
    assert [c for c in Column if not COLUMNS[c].hideable] == [Column.TITLE]
    assert [c for c in Column if COLUMNS[c].shown] == [
        Column.STAR, Column.TITLE, Column.PUBLISHED, Column.UPVOTES, Column.CODE, Column.STATE]


def test_state_column_sorts_only_when_the_store_has_a_state_sort() -> None:
    assert "state" not in {k.value for k in SortKey}
    assert Column.STATE not in COLUMN_SORT and column_sort(Column.STATE) is None
    assert COLUMN_SORT[Column.ADDED] is SortKey.ADDED and COLUMN_SORT[Column.QUEUE] is SortKey.QUEUE


def test_state_icons_are_the_filter_panes(qtbot) -> None:  # noqa: ANN001
    pane = {State(flt.value): name for _label, flt, name in FIXED if flt.kind is FilterKind.STATE}
    assert pane == STATE_ICON_NAMES and set(pane) == set(State)
    assert {f"state-{s.value}" for s in State} <= set(list_icons())


def test_headers(qtbot) -> None:  # noqa: ANN001
    model, _ = loaded([])
    h = Qt.Orientation.Horizontal
    assert [model.headerData(c, h, DISPLAY) for c in Column] == [
        "★", "Title", "Published", "Upvotes", "Code", "◐", "Tags", "Authors", "Added", "Queue", "Notes",
        "Categories"]
    assert model.headerData(Column.CODE, h, TOOLTIP) == "Has a code link (GitHub, GitLab)"
    assert model.headerData(Column.UPVOTES, h, ALIGN) == RIGHT
    assert model.headerData(Column.TITLE, h, ALIGN) is None
    assert model.headerData(len(Column), h, DISPLAY) is None
    assert model.headerData(0, Qt.Orientation.Vertical, DISPLAY) is None


def test_cells_of_a_starred_row_with_code(qtbot) -> None:  # noqa: ANN001
    added = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.timezone.utc)
    r = row(1, title="Attention", published=dt.date(2026, 11, 3), upvotes=42, starred=True,
            has_code=True, score=1.5, state=State.QUEUED, queue_rank=3, tags=("nlp", "survey"),
            first_author="A. Vaswani", author_count=8, added_at=added, has_notes=True,
            categories=("cs.CL", "cs.LG", "stat.ML"))
    model, _ = loaded([r])
    star, code, queued, notes = icon_of("red"), icon_of("blue"), icon_of("green"), icon_of("gray")
    model.set_icons({"star": star, "code": code, "state-queued": queued, "notes": notes})

    def cell(col: Column, role: int) -> Any:
        return model.data(model.index(0, col), role)

    day = added.astimezone().date().isoformat()
    assert [cell(c, DISPLAY) for c in Column] == [
        None, "Attention", "2026-11-03", "42", None, None, "nlp, survey", "A. Vaswani et al.", day, "3", None,
        "cs.CL +2"]
    assert [cell(c, TOOLTIP) for c in Column] == [
        "Starred", "Attention", None, None, "Has code", "Queued", "nlp, survey", "A. Vaswani and 7 more",
        None, None, "Has notes",
        "cs.CL — Computation and Language (primary)\ncs.LG — Machine Learning\n"
        "stat.ML — Machine Learning (Statistics)"]
    assert [cell(c, ACCESSIBLE) for c in Column] == [
        "starred", "Attention", "2026-11-03", "42", "has code", "queued", "nlp, survey", "A. Vaswani et al.",
        day, "3", "has notes", "cs.CL, cs.LG, stat.ML"]
    assert [cell(c, ALIGN) for c in Column] == [
        CENTER, None, None, RIGHT, CENTER, CENTER, None, None, None, RIGHT, CENTER, None]
    assert cell(Column.STAR, DECORATION).cacheKey() == star.cacheKey()
    assert cell(Column.CODE, DECORATION).cacheKey() == code.cacheKey()
    assert cell(Column.STATE, DECORATION).cacheKey() == queued.cacheKey()
    assert cell(Column.NOTES, DECORATION).cacheKey() == notes.cacheKey()
    assert cell(Column.TITLE, DECORATION) is None


def test_cells_of_a_plain_row(qtbot) -> None:  # noqa: ANN001
    model, _ = loaded([row(2, published=None, upvotes=None, queue_rank=4)])  # not queued: no place
    model.set_icons({"star": icon_of("red"), "code": icon_of("blue"), "state-inbox": icon_of("green")})

    def cell(col: Column, role: int) -> Any:
        return model.data(model.index(0, col), role)

    assert [cell(c, DISPLAY) for c in Column] == [
        None, "Title 2", "", "", None, None, "", "", "", "", None, ""]
    assert cell(Column.STAR, TOOLTIP) == "Not starred" and cell(Column.CODE, TOOLTIP) == "No code link"
    assert cell(Column.STAR, ACCESSIBLE) == "not starred" and cell(Column.CODE, ACCESSIBLE) == "no code"
    assert cell(Column.STAR, DECORATION) is None and cell(Column.CODE, DECORATION) is None
    assert cell(Column.STATE, TOOLTIP) == "Inbox" and cell(Column.STATE, ACCESSIBLE) == "inbox"
    assert cell(Column.STATE, DECORATION) is not None  # every state has its icon
    assert cell(Column.NOTES, TOOLTIP) == "No notes" and cell(Column.NOTES, DECORATION) is None
    assert cell(Column.TAGS, TOOLTIP) is None and cell(Column.AUTHORS, TOOLTIP) is None
    assert cell(Column.CATEGORIES, TOOLTIP) is None and cell(Column.CATEGORIES, ACCESSIBLE) == "no categories"


def test_categories_cell_shows_the_primary_and_how_many_more(qtbot) -> None:  # noqa: ANN001
    model, _ = loaded([row(1, categories=("hep-th",)), row(2, categories=("xx.YY", "cs.RO")),
                       row(3, categories=tuple(f"cs.{c}" for c in ("CV", "AI", "LG", "RO", "CL")))])

    def cell(r: int, role: int) -> Any:
        return model.data(model.index(r, Column.CATEGORIES), role)

    assert [cell(r, DISPLAY) for r in range(3)] == ["hep-th", "xx.YY +1", "cs.CV +4"]
    assert cell(0, TOOLTIP) == "hep-th — High Energy Physics - Theory (primary)"
    assert cell(1, TOOLTIP) == "xx.YY (primary)\ncs.RO — Robotics"  # an unknown code: the code alone
    assert cell(2, TOOLTIP).count("\n") == 4 and cell(2, TOOLTIP).startswith("cs.CV — Computer Vision")
    assert COLUMNS[Column.CATEGORIES].sort is None and not COLUMNS[Column.CATEGORIES].shown


def test_authors_cell_without_names_says_how_many(qtbot) -> None:  # noqa: ANN001
    model, _ = loaded([row(1, author_count=3), row(2, first_author="Solo", author_count=1)])
    assert model.data(model.index(0, Column.AUTHORS), DISPLAY) == "3 authors"
    assert model.data(model.index(1, Column.AUTHORS), DISPLAY) == "Solo"
    assert model.data(model.index(1, Column.AUTHORS), TOOLTIP) == "Solo"


def test_model_with_every_column_passes_qtmodeltester(qtmodeltester, sample_library) -> None:  # noqa: ANN001
    import hashlib

    from reader.core.model import PaperMeta, ParsedDigest, ParsedPaper

    sample_library.add_tags([1, 2], ["x"])
    sample_library.set_note(3, "note")
    digest = ParsedDigest(format="arxiv-feed", digest_date=dt.date(2024, 5, 22), papers=[
        ParsedPaper(title=f"Categorised {i}", arxiv_id=f"2405.0000{i}", authors=["A. A"],
                    meta=PaperMeta(categories=("cs.CL", "cs.AI")[: i % 2 + 1])) for i in range(1, 4)])
    sample_library.store.store_digest(digest, "feed", hashlib.sha256(b"feed").hexdigest())
    sample_library.sync_index()
    model = PaperTableModel(sample_library)
    spec = QuerySpec(filter=Filter())
    model.load(spec, fetch_first_page(sample_library, spec))
    model.set_icons(list_icons())
    assert model.columnCount() == len(Column) == 12
    shown = {model.data(model.index(r, Column.CATEGORIES), DISPLAY) for r in range(model.rowCount())}
    assert {"cs.CL", "cs.CL +1", ""} <= shown  # the store's rows carry the categories
    qtmodeltester.check(model, force_py=True)


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
    assert [s.key for s in asked] == [COLUMN_SORT[c] for c in Column if c in COLUMN_SORT]
    assert len(asked) < len(Column)  # State, Tags, Authors, Notes do not sort
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
