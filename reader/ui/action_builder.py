"""The window's ``QAction``\\ s, menus and toolbar, made from :data:`~reader.ui.actions.ACTIONS`
with the handlers the controllers declare and the effective keys (:mod:`reader.ui.keymap`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from reader.ui.actions import ACTIONS, MENUS, TOOLBAR, Action, native_text
from reader.ui.icons import icon

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

#: separators in the menus: before these actions
SEPARATORS = (("File", Action.QUIT), ("Edit", Action.FIND), ("Edit", Action.PREFERENCES),
              ("Paper", Action.MOVE_UP), ("Paper", Action.OPEN_CODE), ("Help", Action.ABOUT))


def build_actions(window: MainWindow, keys: Mapping[Action, tuple[str, ...]]) -> None:
    """One ``QAction`` per action (``window.actions_by_id``) in its menu, the toolbar."""
    menus = {name: window.menuBar().addMenu(f"&{name}") for name in MENUS}
    handlers = window.handlers()
    for action, spec in ACTIONS.items():
        qa = QAction(spec.text, window)
        qa.setObjectName(f"action-{action.value}")
        qa.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if spec.icon:
            qa.setIcon(icon(spec.icon))
        qa.triggered.connect(lambda _=False, h=handlers[action]: h())
        menus[spec.menu].addAction(qa)
        window.addAction(qa)
        window.actions_by_id[action] = qa
    apply_keys(window, keys)
    window.actions_by_id[Action.TOGGLE_PREVIEW].setCheckable(True)
    window.panes.bind_actions(window.actions_by_id)  # the pane toggles: checkable, checked = shown
    window.detail.preview_toggled.connect(window.actions_by_id[Action.TOGGLE_PREVIEW].setChecked)
    window.triage.bind_undo_actions(window.actions_by_id[Action.UNDO], window.actions_by_id[Action.REDO])
    for name, before in SEPARATORS:
        menus[name].insertSeparator(window.actions_by_id[before])

    tb = QToolBar("Main toolbar", window)
    tb.setObjectName("mainToolbar")
    tb.setMovable(False)
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    tb.setAccessibleName("Main toolbar")
    for action in TOOLBAR:
        if action in (Action.UNDO, Action.STAR):
            tb.addSeparator()
        tb.addAction(window.actions_by_id[action])
    window.addToolBar(tb)
    window.toolbar = tb


def apply_keys(window: MainWindow, keys: Mapping[Action, tuple[str, ...]]) -> None:
    """Give every ``QAction`` its keys and a tooltip and status tip that name them."""
    for action, qa in window.actions_by_id.items():
        spec = ACTIONS[action]
        bound = keys.get(action, ())
        qa.setShortcuts([QKeySequence(k) for k in bound])
        plain = spec.text.replace("&", "").replace("…", "")
        shown = ", ".join(native_text(k) for k in bound)
        qa.setToolTip(f"{plain} ({shown})" if shown else plain)
        qa.setStatusTip(spec.tip or plain)
