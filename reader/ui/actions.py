"""Every command of the window as data: an :class:`Action` → its label, menu, default keys.

Shortcuts are defined here only (ARCHITECTURE.md "Design decisions"); the window builds its
``QAction``s, menus, toolbar and the shortcut sheet from :data:`ACTIONS`. :func:`duplicate_bindings`
is checked by a test so two actions never share a key.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence


class Action(enum.Enum):
    IMPORT = "import"
    IMPORT_FOLDER = "import-folder"
    IMPORT_SAMPLE = "import-sample"
    EXPORT = "export"
    QUIT = "quit"
    UNDO = "undo"
    REDO = "redo"
    FIND = "find"
    FIND_SLASH = "find-slash"
    BACK_TO_LIST = "back-to-list"
    SELECT_ALL = "select-all"
    SAVE_SEARCH = "save-search"
    PREFERENCES = "preferences"
    TOGGLE_FILTERS = "toggle-filters"
    TOGGLE_DETAIL = "toggle-detail"
    TOGGLE_PREVIEW = "toggle-preview"
    NEXT = "next"
    PREVIOUS = "previous"
    GO_INBOX = "go-inbox"
    GO_QUEUE = "go-queue"
    GO_READING = "go-reading"
    GO_DONE = "go-done"
    GO_ALL = "go-all"
    GO_STARRED = "go-starred"
    FIRST_PAPER = "first-paper"
    LAST_PAPER = "last-paper"
    STAR = "star"
    QUEUE = "queue"
    READING = "reading"
    DONE = "done"
    DISMISS = "dismiss"
    INBOX = "inbox"
    MOVE_UP = "move-up"
    MOVE_DOWN = "move-down"
    OPEN_CODE = "open-code"
    OPEN_PAGE = "open-page"
    OPEN_PDF = "open-pdf"
    COPY_LINK = "copy-link"
    EDIT_NOTES = "edit-notes"
    EDIT_TAGS = "edit-tags"
    SHORTCUTS = "shortcuts"
    ABOUT = "about"


@dataclass(frozen=True)
class ActionSpec:
    text: str
    menu: str  # File, Edit, View, Go, Paper, Help
    keys: tuple[str, ...] = ()
    icon: str | None = None  # a qtawesome name
    tip: str = ""
    toolbar: bool = False


def _spec(text: str, menu: str, *keys: str, icon: str | None = None, tip: str = "",
          toolbar: bool = False) -> ActionSpec:
    return ActionSpec(text, menu, tuple(keys), icon, tip, toolbar)


ACTIONS: dict[Action, ActionSpec] = {
    Action.IMPORT: _spec("&Import…", "File", "Ctrl+O", icon="fa5s.file-import", toolbar=True,
                         tip="Import digest files (a folder: Import Folder…; or drop either on the window)"),
    Action.IMPORT_FOLDER: _spec("Import &Folder…", "File", "Ctrl+Shift+O",
                                tip="Import every digest in a folder and its subfolders"),
    Action.IMPORT_SAMPLE: _spec("Import the &Sample Digest", "File"),
    Action.EXPORT: _spec("&Export Library…", "File", "Ctrl+E", icon="fa5s.file-export",
                         tip="Export every paper with stars, states, tags and notes as JSON"),
    Action.QUIT: _spec("&Quit", "File", "Ctrl+Q"),
    Action.UNDO: _spec("&Undo", "Edit", "Ctrl+Z", icon="fa5s.undo", toolbar=True),
    Action.REDO: _spec("&Redo", "Edit", "Ctrl+Shift+Z", icon="fa5s.redo", toolbar=True),
    Action.FIND: _spec("&Find", "Edit", "Ctrl+F", icon="fa5s.search", tip="Search the library"),
    Action.FIND_SLASH: _spec("Find (quick)", "Edit", "/"),
    Action.BACK_TO_LIST: _spec("Back to the &List", "Edit", "Esc"),
    Action.SELECT_ALL: _spec("Select &All Papers", "Edit", "Ctrl+A"),
    Action.SAVE_SEARCH: _spec("&Save Search…", "Edit", "Ctrl+S", icon="fa5s.bookmark",
                              tip="Save the current search and filter as a named saved search"),
    Action.PREFERENCES: _spec("Pr&eferences…", "Edit", "Ctrl+,", icon="fa5s.cog",
                              tip="Keys, text size, default sort, autosave and confirmations"),
    Action.TOGGLE_FILTERS: _spec("Show &Filters", "View", "Ctrl+1"),
    Action.TOGGLE_DETAIL: _spec("Show &Details", "View", "Ctrl+2"),
    Action.TOGGLE_PREVIEW: _spec("&Preview Notes", "View", "Ctrl+P"),
    Action.NEXT: _spec("&Next Paper", "Go", "J"),
    Action.PREVIOUS: _spec("&Previous Paper", "Go", "K"),
    Action.GO_INBOX: _spec("&Inbox", "Go", "G,I"),
    Action.GO_QUEUE: _spec("&Queue", "Go", "G,Q"),
    Action.GO_READING: _spec("&Reading", "Go", "G,R"),
    Action.GO_DONE: _spec("&Done", "Go", "G,D"),
    Action.GO_ALL: _spec("&All Papers", "Go", "G,A"),
    Action.GO_STARRED: _spec("&Starred", "Go", "G,S"),
    Action.FIRST_PAPER: _spec("&First Paper", "Go", "Home", "Ctrl+Home"),
    Action.LAST_PAPER: _spec("&Last Paper", "Go", "End", "Ctrl+End"),
    Action.STAR: _spec("&Star / Unstar", "Paper", "S", icon="fa5s.star", toolbar=True),
    Action.QUEUE: _spec("Add to &Queue", "Paper", "Q", icon="fa5s.list-ol", toolbar=True),
    Action.READING: _spec("Mark &Reading", "Paper", "R", icon="fa5s.book-open", toolbar=True),
    Action.DONE: _spec("Mark &Done", "Paper", "D", icon="fa5s.check", toolbar=True),
    Action.DISMISS: _spec("Dis&miss", "Paper", "X", icon="fa5s.times", toolbar=True),
    Action.INBOX: _spec("Back to &Inbox", "Paper", "I", icon="fa5s.inbox"),
    Action.MOVE_UP: _spec("Move &Up in Queue", "Paper", "Alt+Up"),
    Action.MOVE_DOWN: _spec("Move Do&wn in Queue", "Paper", "Alt+Down"),
    Action.OPEN_CODE: _spec("Open &Code", "Paper", "O", icon="fa5s.code", toolbar=True,
                            tip="Open the first code link in the browser"),
    Action.OPEN_PAGE: _spec("Open Paper &Page", "Paper", "Shift+O", icon="fa5s.external-link-alt"),
    Action.OPEN_PDF: _spec("Open PD&F", "Paper", "P", icon="fa5s.file-pdf", tip="Open the paper's PDF"),
    Action.COPY_LINK: _spec("Cop&y Link", "Paper", "Ctrl+Shift+C"),
    Action.EDIT_NOTES: _spec("Edit &Notes", "Paper", "N"),
    Action.EDIT_TAGS: _spec("Edit &Tags", "Paper", "T"),
    Action.SHORTCUTS: _spec("&Keyboard Shortcuts", "Help", "?", icon="fa5s.keyboard"),
    Action.ABOUT: _spec("&About Digest Reader", "Help"),
}

MENUS = ("File", "Edit", "View", "Go", "Paper", "Help")
TOOLBAR = [a for a, s in ACTIONS.items() if s.toolbar]


def _normal(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


def duplicate_bindings(actions: dict[Action, ActionSpec] | None = None) -> dict[str, list[Action]]:
    """Key sequences bound to more than one action (also a sequence that is the prefix of
    another one, such as ``G`` and ``G,I``, which would make one of them unreachable)."""
    table = actions if actions is not None else ACTIONS
    seen: dict[str, list[Action]] = {}
    for action, spec in table.items():
        for key in spec.keys:
            seen.setdefault(_normal(key), []).append(action)
    out = {k: v for k, v in seen.items() if len(v) > 1}
    for key, owners in seen.items():
        parts = [p.strip() for p in key.split(",")]
        for n in range(1, len(parts)):
            prefix = ", ".join(parts[:n])
            if prefix in seen:
                out.setdefault(prefix, list(seen[prefix])).extend(owners)
    return out


def native_text(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def display_text(key: str) -> str:
    """How the sheet shows a key: plain letters in lower case (``j``, ``g then i``)."""
    text = native_text(key)
    parts = [p.strip() for p in text.split(",")]
    if all(len(p) == 1 for p in parts):
        return " then ".join(p.lower() for p in parts)
    return text


def _sheet_column(menus: tuple[str, ...], bound: Mapping[Action, tuple[str, ...]]) -> str:
    parts = ["<table cellspacing='0' cellpadding='2'>"]
    for menu in menus:
        rows = [(a, s) for a, s in ACTIONS.items() if s.menu == menu and bound.get(a)]
        if not rows:
            continue
        parts.append(f"<tr><td colspan='2'><h3>{html.escape(menu)}</h3></td></tr>")
        for action, spec in rows:
            label = html.escape(spec.text.replace("&", "").replace("…", ""))
            keys = " or ".join(f"<b><code>{html.escape(display_text(k))}</code></b>" for k in bound[action])
            parts.append(f"<tr><td style='padding-right:14px'>{keys}</td><td>{label}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


def shortcut_sheet_html(keys: Mapping[Action, tuple[str, ...]] | None = None) -> str:
    """The Help ▸ Keyboard shortcuts sheet, generated from :data:`ACTIONS` with ``keys``, the
    effective keys of each action (:func:`reader.ui.keymap.effective_keys`; default: the
    defaults)."""
    bound = keys if keys is not None else {a: s.keys for a, s in ACTIONS.items()}
    left = _sheet_column(("Paper", "Go", "Help"), bound)
    right = _sheet_column(("Edit", "View", "File"), bound)
    return (
        "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        f"<td valign='top' width='50%'>{left}</td><td width='24'></td>"
        f"<td valign='top' width='50%'>{right}</td></tr></table>"
        "<p>Triage keys act on every selected paper and can be undone. Plain-letter keys act on "
        "the list; they type normally in the search box, the tags and the notes. Arrow keys move "
        "too; Esc returns to the list.</p>"
    )
