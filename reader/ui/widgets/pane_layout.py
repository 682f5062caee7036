"""The main window's three panes (filters | list | detail): the splitter and its policy.

:class:`PaneLayout` owns the ``QSplitter`` and decides how wide each pane is and which side
panes show (ARCHITECTURE.md "Layers"):

* **widths are the user's**: the side panes keep the width they were given (by dragging the
  handle, or the restored settings); the list takes every change of the window's width. No
  content can move a handle: each pane's minimum width is fixed when the layout is built (from
  the pane's empty structure, never from a paper's title or links), so a long URL or message
  cannot widen a pane or the window;
* **narrow windows**: while the list would get less than :attr:`PaneLayout.list_min` pixels,
  the side panes collapse — filters first, then detail — and come back when the window is wide
  again;
* **the toggles** (``TOGGLE_FILTERS`` / ``TOGGLE_DETAIL``) hide a pane or bring it back (also
  one the width collapsed: it then stays until the window is wide enough anyway), and their
  checked state is always whether the pane shows.

Its state (side widths and which panes the user hid) is one ``QByteArray`` for the window's
settings (:meth:`PaneLayout.save_state` / :meth:`PaneLayout.restore_state`).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter, QWidget

from reader.ui.actions import Action

FILTERS, LIST, DETAIL = 0, 1, 2
#: side panes in the order they collapse when the window gets narrow
COLLAPSE_ORDER = (FILTERS, DETAIL)
#: the narrowest a pane can be made (the detail pane: at least what its controls need)
MIN_WIDTHS = {FILTERS: 150, LIST: 300, DETAIL: 300}
#: the list's readable width: below it the side panes collapse
LIST_MIN = 450
DEFAULT_WIDTHS = {FILTERS: 210, DETAIL: 480}
_STATE_PREFIX = b"panes1:"


class PaneLayout(QObject):
    """The splitter of ``filters``, ``middle`` (the list) and ``detail``; see the module doc."""

    def __init__(self, filters: QWidget, middle: QWidget, detail: QWidget, parent: QObject | None = None,
                 *, list_min: int = LIST_MIN) -> None:
        super().__init__(parent)
        self.list_min = list_min
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)  # panes hide (toggles, width), never drag to 0
        for i, pane in enumerate((filters, middle, detail)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(i, 1 if i == LIST else 0)  # the list takes the resizes
        self.freeze_minimums()
        self._widths = dict(DEFAULT_WIDTHS)
        self._user_hidden = {FILTERS: False, DETAIL: False}
        self._forced = {FILTERS: False, DETAIL: False}  # shown by its toggle while too narrow
        self._actions: dict[int, QAction] = {}
        self._applying = False
        self._refreeze = QTimer(self)
        self._refreeze.setSingleShot(True)
        self._refreeze.setInterval(0)
        self._refreeze.timeout.connect(self.freeze_minimums)
        self.splitter.setSizes(self._sizes({FILTERS: True, DETAIL: True}, 1280))
        self.splitter.splitterMoved.connect(lambda _pos, _index: self._remember_widths())
        self.splitter.installEventFilter(self)
        for pane in (filters, middle, detail):  # a font change (zoom) measures the panes again
            pane.installEventFilter(self)

    # ----------------------------------------------------------------- the window's API
    def handlers(self) -> dict[Action, Callable[[], None]]:
        """The handlers of the actions this layout owns (merged by the window)."""
        return {Action.TOGGLE_FILTERS: lambda: self.toggle(FILTERS),
                Action.TOGGLE_DETAIL: lambda: self.toggle(DETAIL)}

    def bind_actions(self, actions: dict[Action, QAction]) -> None:
        """Make the two toggles checkable and keep their checked state the truth."""
        for pane, action in ((FILTERS, Action.TOGGLE_FILTERS), (DETAIL, Action.TOGGLE_DETAIL)):
            self._actions[pane] = actions[action]
            actions[action].setCheckable(True)
        self._sync_actions()

    def is_shown(self, pane: int) -> bool:
        """The pane is part of the window now (not hidden by its toggle or a narrow window)."""
        w = self.splitter.widget(pane)
        return w is not None and not w.isHidden()

    def width_of(self, pane: int) -> int:
        """The side pane's width: its current one when shown, else the one it comes back with."""
        if self.is_shown(pane) and self.splitter.isVisible():
            return self.splitter.sizes()[pane]
        return self._widths[pane]

    def toggle(self, pane: int) -> None:
        """Hide a shown side pane; bring back a hidden one (even if the window is narrow)."""
        self._remember_widths()
        if self.is_shown(pane):
            self._user_hidden[pane] = True
            self._forced[pane] = False
        else:
            self._user_hidden[pane] = False
            self._forced[pane] = True
        self.apply()

    def freeze_minimums(self) -> None:
        """Fix each pane's minimum width from its structure now (at construction, while no paper
        is shown; again after a pane's font changes). Content shown later never changes it."""
        for i in range(self.splitter.count()):
            w = self.splitter.widget(i)
            if w is not None:
                w.setMinimumWidth(0)
                w.setMinimumWidth(max(MIN_WIDTHS[i], w.minimumSizeHint().width()))

    # ----------------------------------------------------------------- settings
    def save_state(self) -> QByteArray:
        self._remember_widths()
        state = {"widths": [self._widths[FILTERS], self._widths[DETAIL]],
                 "hidden": [self._user_hidden[FILTERS], self._user_hidden[DETAIL]]}
        return QByteArray(_STATE_PREFIX + json.dumps(state).encode())

    def restore_state(self, data: QByteArray) -> bool:
        """Take the widths and hidden panes of :meth:`save_state`; False (nothing changed) for
        anything else, e.g. the plain ``QSplitter`` state of earlier versions."""
        raw = bytes(data.data())
        if not raw.startswith(_STATE_PREFIX):
            return False
        try:
            state = json.loads(raw[len(_STATE_PREFIX):].decode())
            widths = [int(v) for v in state["widths"]]
            hidden = [bool(v) for v in state["hidden"]]
        except (ValueError, KeyError, TypeError):
            return False
        if len(widths) != 2 or len(hidden) != 2:
            return False
        for pane, width, gone in zip(COLLAPSE_ORDER, widths, hidden):
            self._widths[pane] = max(MIN_WIDTHS[pane], width)
            self._user_hidden[pane] = gone
            self._forced[pane] = False
        self.apply(resize=True)
        return True

    # ----------------------------------------------------------------- the policy
    def apply(self, *, resize: bool = False) -> None:
        """Show and hide the side panes for the splitter's width; give a pane that comes back
        its width (``resize``: set every width from the remembered ones, e.g. after a restore)."""
        if self._applying:
            return
        self._applying = True
        try:
            width = self.splitter.width() if self.splitter.isVisible() else None
            shown = self._decide(width)
            changed = any(shown[p] != self.is_shown(p) for p in COLLAPSE_ORDER)
            if changed and not resize:
                self._remember_widths()
            for pane in COLLAPSE_ORDER:
                w = self.splitter.widget(pane)
                if w is not None and shown[pane] != self.is_shown(pane):
                    w.setVisible(shown[pane])
            if changed or resize:
                self.splitter.setSizes(self._sizes(shown, width if width is not None else 1280))
        finally:
            self._applying = False
        self._sync_actions()

    def _decide(self, width: int | None) -> dict[int, bool]:
        """Which side panes show at ``width`` (None: not laid out yet — all the user wants)."""
        wanted = {p: not self._user_hidden[p] for p in COLLAPSE_ORDER}
        if width is None:
            return wanted
        handle = self.splitter.handleWidth()

        def fits(shown: dict[int, bool]) -> bool:
            side = sum(self._widths[p] + handle for p in COLLAPSE_ORDER if shown[p])
            return width - side >= self.list_min

        for pane in COLLAPSE_ORDER:  # a toggle's "show anyway" ends once it fits without it
            if self._forced[pane] and fits(wanted):
                self._forced[pane] = False
        shown = dict(wanted)
        for pane in COLLAPSE_ORDER:
            if fits(shown):
                break
            if shown[pane] and not self._forced[pane]:
                shown[pane] = False
        return shown

    def _sizes(self, shown: dict[int, bool], width: int) -> list[int]:
        side = {p: self._widths[p] if shown[p] else 0 for p in COLLAPSE_ORDER}
        middle = max(MIN_WIDTHS[LIST], width - sum(side.values()))
        return [side[FILTERS], middle, side[DETAIL]]

    def _remember_widths(self) -> None:
        if not self.splitter.isVisible():
            return
        sizes = self.splitter.sizes()
        for pane in COLLAPSE_ORDER:
            if self.is_shown(pane) and sizes[pane] > 0:
                self._widths[pane] = sizes[pane]

    def _sync_actions(self) -> None:
        for pane, action in self._actions.items():
            action.setChecked(self.is_shown(pane))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.splitter and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.apply()
        elif event.type() == QEvent.Type.FontChange:
            self._refreeze.start()  # once the pane's children have their new font too
        return super().eventFilter(watched, event)
