"""The columns of the paper list and what each cell shows: one table, one row per column.

:data:`COLUMNS` gives every :class:`Column` its header, its sort and one small function per
role (display, tooltip, accessible text, icon, alignment); :func:`cell_data` and
:func:`header_data` answer ``PaperTableModel.data`` / ``headerData`` from it. Adding a column
is one ``Column`` member and one ``COLUMNS`` row (a test fails when a member has no row).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from reader.core.model import PaperRow, SortKey

Cell = Callable[[PaperRow], Any]  # what one cell shows for one role (None: nothing)


class Column(enum.IntEnum):
    STAR = 0
    TITLE = 1
    PUBLISHED = 2
    UPVOTES = 3
    CODE = 4


def _nothing(r: PaperRow) -> None:
    return None


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the list: its header, its sort, and what its cells show per role."""

    header: str
    header_tip: str
    sort: SortKey
    display: Cell = _nothing
    tooltip: Cell = _nothing
    accessible: Cell | None = None  # None: the display text
    icon: Cell = _nothing  # the name of one of the icons given to set_icons()
    alignment: int | None = None
    header_alignment: int | None = None


COLUMNS: dict[Column, ColumnSpec] = {
    Column.STAR: ColumnSpec(
        "★", "Starred", SortKey.STARRED,
        tooltip=lambda r: "Starred" if r.starred else "Not starred",
        accessible=lambda r: "starred" if r.starred else "not starred",
        icon=lambda r: "star" if r.starred else None,
        alignment=_CENTER),
    Column.TITLE: ColumnSpec(
        "Title", "Title", SortKey.TITLE,
        display=lambda r: r.title,
        tooltip=lambda r: r.title),
    Column.PUBLISHED: ColumnSpec(
        "Published", "Publication date", SortKey.PUBLISHED,
        display=lambda r: r.published.isoformat() if r.published else ""),
    Column.UPVOTES: ColumnSpec(
        "Upvotes", "Upvotes (latest seen)", SortKey.UPVOTES,
        display=lambda r: "" if r.upvotes is None else str(r.upvotes),
        alignment=_RIGHT, header_alignment=_RIGHT),
    Column.CODE: ColumnSpec(
        "Code", "Has a code link (GitHub, GitLab)", SortKey.CODE,
        tooltip=lambda r: "Has code" if r.has_code else "No code link",
        accessible=lambda r: "has code" if r.has_code else "no code",
        icon=lambda r: "code" if r.has_code else None,
        alignment=_CENTER),
}
_SPECS = tuple(COLUMNS[col] for col in Column)  # indexed by column number (Column starts at 0)
COLUMN_SORT = {col: spec.sort for col, spec in COLUMNS.items()}


class Role(enum.IntEnum):
    """Named roles: what tests and delegates ask the model for."""

    PAPER_ID = Qt.ItemDataRole.UserRole + 1
    ROW = Qt.ItemDataRole.UserRole + 2  # the PaperRow
    STARRED = Qt.ItemDataRole.UserRole + 3
    STATE = Qt.ItemDataRole.UserRole + 4  # State value string
    HAS_CODE = Qt.ItemDataRole.UserRole + 5
    SCORE = Qt.ItemDataRole.UserRole + 7


def _decoration(spec: ColumnSpec, r: PaperRow, icons: dict[str, QIcon]) -> QIcon | None:
    name = spec.icon(r)
    return icons.get(name) if name else None


# Qt's roles, asked of one cell: the column's function for that role.
_CELL_ROLES: dict[int, Callable[[ColumnSpec, PaperRow, dict[str, QIcon]], Any]] = {
    Qt.ItemDataRole.DisplayRole: lambda spec, r, icons: spec.display(r),
    Qt.ItemDataRole.DecorationRole: _decoration,
    Qt.ItemDataRole.ToolTipRole: lambda spec, r, icons: spec.tooltip(r),
    Qt.ItemDataRole.AccessibleTextRole: lambda spec, r, icons: (spec.accessible or spec.display)(r),
    Qt.ItemDataRole.TextAlignmentRole: lambda spec, r, icons: spec.alignment,
}
# Our roles: the same for every column of a row.
_ROW_ROLES: dict[int, Cell] = {
    Role.PAPER_ID: lambda r: r.id,
    Role.ROW: lambda r: r,
    Role.STARRED: lambda r: r.starred,
    Role.STATE: lambda r: r.state.value,
    Role.HAS_CODE: lambda r: r.has_code,
    Role.SCORE: lambda r: r.score,
}


def cell_data(column: int, role: int, row: PaperRow, icons: dict[str, QIcon]) -> Any:
    """What the cell of ``row`` in ``column`` shows for ``role`` (None: nothing); ``icons``
    are the ones given to ``PaperTableModel.set_icons``."""
    cell = _CELL_ROLES.get(role)
    if cell is not None:
        return cell(_SPECS[column], row, icons)
    row_role = _ROW_ROLES.get(role)
    return row_role(row) if row_role is not None else None


def header_data(section: int, role: int) -> Any:
    """The horizontal header of column ``section`` for ``role`` (None: nothing)."""
    spec = _SPECS[section]
    if role == Qt.ItemDataRole.DisplayRole:
        return spec.header
    if role == Qt.ItemDataRole.ToolTipRole:
        return spec.header_tip
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return spec.header_alignment
    return None


def column_sort(column: int) -> SortKey:
    """The sort a click on the header of ``column`` asks for."""
    return _SPECS[column].sort
