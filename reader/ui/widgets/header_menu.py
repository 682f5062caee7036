"""The column chooser: the paper list header's context menu, one checkable entry per column.

Entries follow the header's visual order; Title cannot be hidden (its entry is checked and
disabled); "Reset Columns" puts back the default columns, widths and order. The menu only
flips ``QHeaderView.setSectionHidden`` — remembering is the header's saved state.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHeaderView, QMenu, QWidget

from reader.ui.paper_columns import COLUMNS, Column, column_name


def column_menu(header: QHeaderView, reset: Callable[[], None], parent: QWidget | None = None) -> QMenu:
    """A menu that shows and hides the columns of ``header``; ``reset`` restores the defaults."""
    menu = QMenu(parent)
    menu.setObjectName("columnChooser")
    menu.setTitle("Columns")
    menu.setToolTipsVisible(True)
    for visual in range(header.count()):
        section = header.logicalIndex(visual)
        if not 0 <= section < len(Column):
            continue
        spec = COLUMNS[Column(section)]
        action = menu.addAction(column_name(section))
        action.setObjectName(f"column-{Column(section).name.lower()}")
        action.setToolTip(spec.header_tip)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(section))
        action.setEnabled(spec.hideable)
        action.toggled.connect(lambda shown, s=section: header.setSectionHidden(s, not shown))
    menu.addSeparator()
    menu.addAction("Reset Columns", reset).setObjectName("column-reset")
    return menu
