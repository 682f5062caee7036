"""The columns of the paper list and what each cell shows: one table, one row per column.

:data:`COLUMNS` gives every :class:`Column` its header, its sort (None: not sortable), whether
it is shown by default and can be hidden, its width and one small function per role (display,
tooltip, accessible text, icon, alignment); :func:`cell_data` and :func:`header_data` answer
``PaperTableModel.data`` / ``headerData`` from it. Adding a column is one ``Column`` member and
one ``COLUMNS`` row (a test fails when a member has no row). Column numbers are the model's
logical sections and never change meaning (a saved header refers to them): new columns are
appended; where a column *appears* is the header's visual order (``DEFAULT_ORDER``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from reader.core.model import FilterKind, PaperRow, SortKey, State
from reader.core.tex import display_text
from reader.ui.category_names import categories_tip
from reader.ui.filters import FIXED
from reader.ui.icons import icon, star_icon

Cell = Callable[[PaperRow], Any]  # what one cell shows for one role (None: nothing)


class Column(enum.IntEnum):
    STAR = 0
    TITLE = 1
    PUBLISHED = 2
    UPVOTES = 3
    CODE = 4
    STATE = 5
    TAGS = 6
    AUTHORS = 7
    ADDED = 8
    QUEUE = 9
    NOTES = 10
    CATEGORIES = 11


def _nothing(r: PaperRow) -> None:
    return None


#: The state icons are the filter pane's (its Inbox/Queue/Reading/Done/Dismissed entries).
STATE_ICON_NAMES: dict[State, str] = {
    State(flt.value): name for _label, flt, name in FIXED if flt.kind is FilterKind.STATE
}
STATE_NAMES: dict[State, str] = {
    State.INBOX: "Inbox", State.QUEUED: "Queued", State.READING: "Reading", State.DONE: "Done",
    State.DISMISSED: "Dismissed",
}


def list_icons() -> dict[str, QIcon]:
    """The icons the cells name (``ColumnSpec.icon``), in the palette's current colours."""
    icons = {"star": star_icon(), "code": icon("fa5s.code"), "notes": icon("fa5s.sticky-note")}
    icons.update({f"state-{state.value}": icon(name) for state, name in STATE_ICON_NAMES.items()})
    return icons


def _authors(r: PaperRow) -> str:
    if r.first_author:
        return r.first_author + (" et al." if r.author_count > 1 else "")
    return f"{r.author_count} author{'s' if r.author_count != 1 else ''}" if r.author_count else ""


def _authors_tip(r: PaperRow) -> str | None:
    if r.first_author and r.author_count > 1:
        return f"{r.first_author} and {r.author_count - 1} more"
    return _authors(r) or None


def _added(r: PaperRow) -> str:
    return r.added_at.astimezone().date().isoformat() if r.added_at else ""


def _categories(r: PaperRow) -> str:
    """The primary category and how many cross-lists: ``cs.CL +2``."""
    if not r.categories:
        return ""
    rest = len(r.categories) - 1
    return r.categories[0] + (f" +{rest}" if rest else "")


def _categories_accessible(r: PaperRow) -> str:
    return ", ".join(r.categories) if r.categories else "no categories"


def _queue(r: PaperRow) -> str:
    return str(r.queue_rank) if r.state is State.QUEUED and r.queue_rank is not None else ""


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the list: its header, its sort, and what its cells show per role."""

    header: str
    header_tip: str
    sort: SortKey | None  # None: a click on the header does not sort
    name: str = ""  # in the column chooser ("": the header)
    shown: bool = True  # shown by default
    hideable: bool = True
    width: str | None = "icon"  # "icon": a fixed icon column; other text: sized to fit it; None: stretches
    display: Cell = _nothing
    tooltip: Cell = _nothing
    accessible: Cell | None = None  # None: the display text
    icon: Cell = _nothing  # the name of one of the icons given to set_icons()
    alignment: int | None = None
    header_alignment: int | None = None


COLUMNS: dict[Column, ColumnSpec] = {
    Column.STAR: ColumnSpec(
        "★", "Starred", SortKey.STARRED, name="Starred",
        tooltip=lambda r: "Starred" if r.starred else "Not starred",
        accessible=lambda r: "starred" if r.starred else "not starred",
        icon=lambda r: "star" if r.starred else None,
        alignment=_CENTER),
    Column.TITLE: ColumnSpec(
        "Title", "Title", SortKey.TITLE, hideable=False, width=None,
        display=lambda r: display_text(r.title),  # TeX as Unicode, as the detail pane shows it
        tooltip=lambda r: display_text(r.title)),
    Column.PUBLISHED: ColumnSpec(
        "Published", "Publication date", SortKey.PUBLISHED, width="2026-12-31",
        display=lambda r: r.published.isoformat() if r.published else ""),
    Column.UPVOTES: ColumnSpec(
        "Upvotes", "Upvotes (latest seen)", SortKey.UPVOTES, width="Upvotes",
        display=lambda r: "" if r.upvotes is None else str(r.upvotes),
        alignment=_RIGHT, header_alignment=_RIGHT),
    Column.CODE: ColumnSpec(
        "Code", "Has a code link (GitHub, GitLab)", SortKey.CODE,
        tooltip=lambda r: "Has code" if r.has_code else "No code link",
        accessible=lambda r: "has code" if r.has_code else "no code",
        icon=lambda r: "code" if r.has_code else None,
        alignment=_CENTER),
    Column.STATE: ColumnSpec(
        "◐", "Triage state (Inbox, Queued, Reading, Done, Dismissed)", None, name="State",
        tooltip=lambda r: STATE_NAMES[r.state],
        accessible=lambda r: STATE_NAMES[r.state].lower(),
        icon=lambda r: f"state-{r.state.value}",
        alignment=_CENTER),
    Column.TAGS: ColumnSpec(
        "Tags", "Tags", None, shown=False, width="reading-group, survey",
        display=lambda r: ", ".join(r.tags),
        tooltip=lambda r: ", ".join(r.tags) or None),
    Column.AUTHORS: ColumnSpec(
        "Authors", "First author (et al.: more authors)", None, shown=False, width="Vaswani et al.",
        display=_authors, tooltip=_authors_tip),
    Column.ADDED: ColumnSpec(
        "Added", "When the paper came into the library", SortKey.ADDED, shown=False,
        width="2026-12-31",
        display=_added),
    Column.QUEUE: ColumnSpec(
        "Queue", "Position in the reading queue", SortKey.QUEUE, name="Queue position",
        shown=False, width="Queue",
        display=_queue, alignment=_RIGHT, header_alignment=_RIGHT),
    Column.NOTES: ColumnSpec(
        "Notes", "Has notes", None, shown=False, width="Notes",
        tooltip=lambda r: "Has notes" if r.has_notes else "No notes",
        accessible=lambda r: "has notes" if r.has_notes else "no notes",
        icon=lambda r: "notes" if r.has_notes else None,
        alignment=_CENTER),
    Column.CATEGORIES: ColumnSpec(
        "Categories", "arXiv categories: the primary, +N cross-lists (all in the tooltip)", None,
        shown=False, width="cs.CV +3",
        display=_categories,
        tooltip=lambda r: categories_tip(r.categories) if r.categories else None,
        accessible=_categories_accessible),
}
#: Where the columns appear before the user moves them (the header's visual order).
DEFAULT_ORDER: tuple[Column, ...] = (
    Column.STAR, Column.STATE, Column.TITLE, Column.AUTHORS, Column.TAGS, Column.CATEGORIES,
    Column.PUBLISHED, Column.ADDED, Column.UPVOTES, Column.QUEUE, Column.NOTES, Column.CODE,
)
_SPECS = tuple(COLUMNS[col] for col in Column)  # indexed by column number (Column starts at 0)
#: The sort of each sortable column (a column missing here does not sort).
COLUMN_SORT = {col: spec.sort for col, spec in COLUMNS.items() if spec.sort is not None}


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


def column_sort(column: int) -> SortKey | None:
    """The sort a click on the header of ``column`` asks for (None: it does not sort)."""
    return _SPECS[column].sort


def column_name(column: int) -> str:
    """The column's name in the column chooser."""
    spec = _SPECS[column]
    return spec.name or spec.header
