"""The user's preferences (Preferences dialog): typed values over ``QSettings``, stored per user
under ``prefs/…`` (global keys: the same in every library).

:class:`Prefs` is one frozen value; :class:`UserPrefs` reads and writes it. A value that is
missing, of the wrong type or out of range reads as its default (with a warning in the log when
it was there but wrong), so a hand-edited settings file never stops the window from opening.
Key bindings are stored as ``prefs/keys/<action>`` = a JSON list of key sequences (``[]``: the
action has no key); :func:`reader.ui.keymap.parse_overrides` drops what it cannot use.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QSettings

from reader.core.model import Sort, SortKey
from reader.ui.actions import Action
from reader.ui.keymap import Keys, parse_overrides
from reader.ui.notes_editor import NotesEditor

log = logging.getLogger(__name__)

ZOOM_RANGE = (50, 250)  # percent of the window's font
BULK_RANGE = (2, 10000)
#: the sorts a list may default to (relevance needs a search, queue order is the queue's own)
DEFAULT_SORT_KEYS = (SortKey.PUBLISHED, SortKey.UPVOTES, SortKey.ADDED, SortKey.TITLE,
                     SortKey.STARRED, SortKey.CODE)


@dataclass(frozen=True)
class Prefs:
    """Everything the Preferences dialog sets."""

    keys: dict[Action, Keys] = field(default_factory=dict)  # overrides only
    list_zoom: int = 100
    detail_zoom: int = 100
    default_sort: Sort | None = None  # None: newest first (the built-in order)
    autosave_ms: int = NotesEditor.AUTOSAVE_MS
    confirm_bulk: bool = True  # ask before triaging more than bulk_threshold papers at once
    bulk_threshold: int = 20


class UserPrefs:
    """:class:`Prefs` in the settings file."""

    GROUP = "prefs"

    def __init__(self, qsettings: QSettings) -> None:
        self.qsettings = qsettings

    def _k(self, name: str) -> str:
        return f"{self.GROUP}/{name}"

    def load(self) -> Prefs:
        d = Prefs()
        return Prefs(
            keys=self._keys(),
            list_zoom=self._int("list_zoom", d.list_zoom, ZOOM_RANGE),
            detail_zoom=self._int("detail_zoom", d.detail_zoom, ZOOM_RANGE),
            default_sort=self._sort(),
            autosave_ms=self._int("autosave_ms", d.autosave_ms, NotesEditor.AUTOSAVE_RANGE),
            confirm_bulk=self._bool("confirm_bulk", d.confirm_bulk),
            bulk_threshold=self._int("bulk_threshold", d.bulk_threshold, BULK_RANGE),
        )

    def save(self, prefs: Prefs) -> None:
        q = self.qsettings
        q.remove(self._k("keys"))
        for action, keys in prefs.keys.items():
            q.setValue(self._k(f"keys/{action.value}"), json.dumps(list(keys)))
        q.setValue(self._k("list_zoom"), prefs.list_zoom)
        q.setValue(self._k("detail_zoom"), prefs.detail_zoom)
        q.setValue(self._k("default_sort"), prefs.default_sort.spec if prefs.default_sort else "")
        q.setValue(self._k("autosave_ms"), prefs.autosave_ms)
        q.setValue(self._k("confirm_bulk"), prefs.confirm_bulk)
        q.setValue(self._k("bulk_threshold"), prefs.bulk_threshold)
        q.sync()

    # ------------------------------------------------------------- readers
    def _keys(self) -> dict[Action, Keys]:
        q = self.qsettings
        q.beginGroup(self._k("keys"))
        try:
            names = q.childKeys()
            raw: dict[str, object] = {}
            for name in names:
                value = q.value(name)
                try:
                    raw[name] = json.loads(value) if isinstance(value, str) else value
                except ValueError:
                    raw[name] = value  # parse_overrides warns about it
        finally:
            q.endGroup()
        return parse_overrides(raw)

    def _int(self, name: str, default: int, bounds: tuple[int, int]) -> int:
        value = self.qsettings.value(self._k(name))
        if value is None or value == "":
            return default
        try:
            number = int(str(value))
        except ValueError:
            number = bounds[0] - 1
        if not bounds[0] <= number <= bounds[1]:
            log.warning("preferences: ignoring %s=%r (allowed %d–%d)", name, value, *bounds)
            return default
        return number

    def _bool(self, name: str, default: bool) -> bool:
        value = self.qsettings.value(self._k(name))
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        if value is not None:
            log.warning("preferences: ignoring %s=%r (not true/false)", name, value)
        return default

    def _sort(self) -> Sort | None:
        value = self.qsettings.value(self._k("default_sort"))
        if not isinstance(value, str) or not value:
            return None
        try:
            sort = Sort.parse(value)
        except ValueError:
            sort = None
        if sort is None or sort.key not in DEFAULT_SORT_KEYS:
            log.warning("preferences: ignoring default_sort=%r", value)
            return None
        return sort
