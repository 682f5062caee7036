"""The window's remembered layout and list position: typed properties over ``QSettings``.

The keys (``window/geometry``, ``list/sort`` …) are the ones the window has always written, so
existing users' settings keep loading. A value of the wrong type or an empty one reads as "not
set" (``None``); a sort or filter that no longer parses reads as ``None`` too.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from reader.core.model import Filter, FilterKind, Sort

SETTINGS_ORG = "digest-reader"
SETTINGS_APP = "digest-reader"


def default_settings() -> QSettings:
    """The app's settings (an INI file in the user's config folder; tests redirect it with
    ``QSettings.setPath``)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, SETTINGS_ORG, SETTINGS_APP)


class _SavedState:
    """A saved ``QByteArray`` (``saveState``/``saveGeometry``); ``None`` when unset or empty."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __get__(self, obj: WindowSettings, owner: type | None = None) -> QByteArray | None:
        value = obj.qsettings.value(self.key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        return None

    def __set__(self, obj: WindowSettings, value: QByteArray) -> None:
        obj.qsettings.setValue(self.key, value)


class WindowSettings:
    """One property per key of the window's settings file."""

    GEOMETRY = "window/geometry"
    STATE = "window/state"
    SPLITTER = "window/splitter"
    HEADER = "list/header"
    DETAIL_SPLITTER = "detail/splitter"
    SORT = "list/sort"
    FILTER = "list/filter"

    def __init__(self, qsettings: QSettings) -> None:
        self.qsettings = qsettings

    #: the window's geometry (``saveGeometry``)
    geometry = _SavedState(GEOMETRY)
    #: toolbars and docks (``QMainWindow.saveState``)
    state = _SavedState(STATE)
    #: the three panes' sizes
    splitter = _SavedState(SPLITTER)
    #: the list's column widths
    header = _SavedState(HEADER)
    #: the detail pane's own splitter (notes vs abstract)
    detail_splitter = _SavedState(DETAIL_SPLITTER)

    @property
    def sort(self) -> Sort | None:
        """The list's sort (``None``: the filter's default order)."""
        value = self.qsettings.value(self.SORT)
        if isinstance(value, str) and value:
            try:
                return Sort.parse(value)
            except ValueError:
                return None
        return None

    @sort.setter
    def sort(self, sort: Sort | None) -> None:
        self.qsettings.setValue(self.SORT, sort.spec if sort else "")

    @property
    def filter(self) -> Filter | None:
        """The filter shown last (``None`` when unset or no longer valid)."""
        key = self.qsettings.value(self.FILTER)
        if isinstance(key, str) and key:
            try:
                return Filter.parse(key)
            except ValueError:
                return None
        return None

    @filter.setter
    def filter(self, flt: Filter) -> None:
        self.qsettings.setValue(self.FILTER, flt.key if flt.kind is not FilterKind.SAVED
                                else f"saved:{flt.value}")

    def sync(self) -> None:
        self.qsettings.sync()
