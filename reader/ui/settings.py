"""The window's remembered layout and list position: typed properties over ``QSettings``.

The layout (``window/geometry``, ``list/header`` …) is global: the keys the window has always
written, so existing users' settings keep loading. What the list shows (filter and sort) is per
library: under ``libraries/<hash>/list/…`` (:attr:`WindowSettings.library_group`), the hash a
short stable digest of the library's resolved path, stored beside it as ``…/path`` for humans.
A ``--demo`` library (new each run) uses ``libraries/demo``, emptied when the window opens.

The global ``list/filter`` and ``list/sort`` that earlier versions wrote are read once, as the
start of the first library opened without its own state: the sort, and the filter only if it is
one of the fixed entries (Inbox, Queue, All …) — a tag, digest or saved search there may name
another library's. After that the global keys are never read again (and left in place).

A value of the wrong type or an empty one reads as "not set" (``None``); a sort or filter that no
longer parses reads as ``None`` too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QByteArray, QSettings

from reader.core.model import Filter, FilterKind, Sort

T = TypeVar("T")

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


def library_key(root: Path) -> str:
    """The stable short name of a library in the settings file (its resolved path, hashed)."""
    return hashlib.sha1(str(Path(root).expanduser().resolve()).encode()).hexdigest()[:12]


#: the filters a global (pre-per-library) ``list/filter`` may restore: they exist in every library
_PORTABLE_KINDS = frozenset({FilterKind.ALL, FilterKind.STATE, FilterKind.STARRED,
                             FilterKind.HAS_CODE, FilterKind.HAS_NOTES})


class WindowSettings:
    """One property per key of the window's settings file; :attr:`sort` and :attr:`filter` are
    the library's own (``library_root``; ``None``: the global keys, as before per-library state)."""

    GEOMETRY = "window/geometry"
    STATE = "window/state"
    SPLITTER = "window/splitter"
    HEADER = "list/header"
    DETAIL_SPLITTER = "detail/splitter"
    SORT = "list/sort"
    FILTER = "list/filter"
    LIBRARIES = "libraries"
    LEGACY_READ = "libraries/legacy-list-read"  # the global list keys were used once

    def __init__(self, qsettings: QSettings, library_root: Path | None = None, *,
                 demo: bool = False) -> None:
        self.qsettings = qsettings
        #: where this library's own keys live (``""``: the global keys)
        self.library_group = ""
        if demo:
            self.library_group = f"{self.LIBRARIES}/demo"
            qsettings.remove(self.library_group)  # a demo library is new: so is its state
        elif library_root is not None:
            self.library_group = f"{self.LIBRARIES}/{library_key(library_root)}"
            self._adopt_legacy(Path(library_root))

    def _key(self, key: str) -> str:
        return f"{self.library_group}/{key}" if self.library_group else key

    def _adopt_legacy(self, root: Path) -> None:
        """The first library opened without its own state starts from the global list keys."""
        q = self.qsettings
        path_key = self._key("path")
        if q.contains(path_key):
            return
        q.setValue(path_key, str(root.expanduser().resolve()))
        if q.value(self.LEGACY_READ) in (True, "true"):
            return
        q.setValue(self.LEGACY_READ, True)
        legacy = WindowSettings(q)
        if legacy.sort is not None:
            self.sort = legacy.sort
        flt = legacy.filter
        if flt is not None and flt.kind in _PORTABLE_KINDS:
            self.filter = flt

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

    def _parsed(self, key: str, parse: Callable[[str], T]) -> T | None:
        """This library's ``key`` read with ``parse`` (unset, empty, not text or no longer
        parsing: ``None``)."""
        value = self.qsettings.value(self._key(key))
        if not isinstance(value, str) or not value:
            return None
        try:
            return parse(value)
        except ValueError:
            return None

    @property
    def sort(self) -> Sort | None:
        """The list's sort (``None``: the filter's default order)."""
        return self._parsed(self.SORT, Sort.parse)

    @sort.setter
    def sort(self, sort: Sort | None) -> None:
        self.qsettings.setValue(self._key(self.SORT), sort.spec if sort else "")

    @property
    def filter(self) -> Filter | None:
        """The filter shown last (``None`` when unset or no longer valid)."""
        return self._parsed(self.FILTER, Filter.parse)

    @filter.setter
    def filter(self, flt: Filter) -> None:
        self.qsettings.setValue(self._key(self.FILTER), flt.key if flt.kind is not FilterKind.SAVED
                                else f"saved:{flt.value}")

    def sync(self) -> None:
        self.qsettings.sync()
