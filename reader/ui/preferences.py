"""The Preferences dialog (Edit ▸ Preferences…, Ctrl+,): key bindings, text size of the list and
of the detail pane, the default sort, the notes' autosave delay and the bulk-triage question.

The dialog edits a :class:`~reader.ui.user_prefs.Prefs` value and emits :attr:`PreferencesDialog.changed`
with each edit, so the window applies it live; the window saves it on OK and puts the old value
back on Cancel. A key another action holds is refused with that action's name
(:func:`reader.ui.keymap.conflict`).
"""

from __future__ import annotations

import enum
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.core.model import Sort, SortKey
from reader.ui.actions import ACTIONS, Action, display_text
from reader.ui.keymap import KeyMap, Keys, conflict, effective_keys, label, normal_key
from reader.ui.notes_editor import NotesEditor
from reader.ui.user_prefs import BULK_RANGE, ZOOM_RANGE, Prefs

Index = QModelIndex | QPersistentModelIndex

#: the default-sort choices: label → sort (None: the built-in order, newest first)
SORT_CHOICES: list[tuple[str, Sort | None]] = [
    ("Newest first (built-in)", None),
    ("Oldest first", Sort(SortKey.PUBLISHED, descending=False)),
    ("Most upvotes first", Sort(SortKey.UPVOTES, descending=True)),
    ("Recently added first", Sort(SortKey.ADDED, descending=True)),
    ("Title A–Z", Sort(SortKey.TITLE, descending=False)),
    ("Starred first", Sort(SortKey.STARRED, descending=True)),
    ("With code first", Sort(SortKey.CODE, descending=True)),
]


class KeyColumn(enum.IntEnum):
    ACTION = 0
    DEFAULT = 1
    CURRENT = 2


KEY_HEADERS = {KeyColumn.ACTION: "Action", KeyColumn.DEFAULT: "Default keys",
               KeyColumn.CURRENT: "Current keys"}
ActionRole = Qt.ItemDataRole.UserRole + 1  # the row's Action


def keys_text(keys: Keys) -> str:
    return " or ".join(display_text(k) for k in keys) if keys else "—"


class KeymapModel(QAbstractTableModel):
    """One row per action: its menu text, its default keys and its effective keys (bold when
    the user changed them)."""

    def __init__(self, overrides: dict[Action, Keys], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = list(ACTIONS)
        self.overrides = dict(overrides)

    def set_overrides(self, overrides: dict[Action, Keys]) -> None:
        self.overrides = dict(overrides)
        if self.rows:
            self.dataChanged.emit(self.index(0, KeyColumn.CURRENT),
                                  self.index(len(self.rows) - 1, KeyColumn.CURRENT))

    def effective(self) -> KeyMap:
        return effective_keys(self.overrides)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(KeyColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(KeyColumn)):
            return KEY_HEADERS[KeyColumn(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        action = self.rows[index.row()]
        col = KeyColumn(index.column())
        if role == ActionRole:
            return action
        if role == Qt.ItemDataRole.DisplayRole:
            if col is KeyColumn.ACTION:
                return f"{ACTIONS[action].menu} ▸ {label(action)}"
            if col is KeyColumn.DEFAULT:
                return keys_text(ACTIONS[action].keys)
            return keys_text(self.overrides.get(action, ACTIONS[action].keys))
        if role == Qt.ItemDataRole.FontRole and col is KeyColumn.CURRENT and action in self.overrides:
            font = QFont()
            font.setBold(True)
            return font
        return None


class PreferencesDialog(QDialog):
    """Edits a :class:`Prefs`; :attr:`changed` after every edit (the window applies it live)."""

    changed = Signal(object)  # Prefs

    def __init__(self, prefs: Prefs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self._prefs = prefs
        tabs = QTabWidget(self)
        tabs.addTab(self._build_keys(), "Keys")
        tabs.addTab(self._build_general(), "General")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(tabs, 1)
        lay.addWidget(buttons)
        self.tabs = tabs
        self.resize(640, 560)

    @property
    def prefs(self) -> Prefs:
        return self._prefs

    def _set(self, **changes: Any) -> None:
        new = replace(self._prefs, **changes)
        if new != self._prefs:
            self._prefs = new
            self.changed.emit(new)

    # ------------------------------------------------------------- keys
    def _build_keys(self) -> QWidget:
        page = QWidget(self)
        self.key_model = KeymapModel(self._prefs.keys, page)
        self.key_table = QTableView(page)
        self.key_table.setObjectName("keyTable")
        self.key_table.setAccessibleName("Key bindings")
        self.key_table.setModel(self.key_model)
        self.key_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.key_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.key_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.key_table.verticalHeader().hide()
        self.key_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.key_table.setAlternatingRowColors(True)
        header = self.key_table.horizontalHeader()
        header.setSectionResizeMode(KeyColumn.ACTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(KeyColumn.DEFAULT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(KeyColumn.CURRENT, QHeaderView.ResizeMode.ResizeToContents)
        self.key_table.selectionModel().currentRowChanged.connect(lambda *_: self._row_changed())

        self.key_edit = QKeySequenceEdit(page)
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setAccessibleName("New key for the selected action")
        self.key_edit.setMaximumSequenceLength(2)
        self.assign_button = QPushButton("&Assign", page)
        self.assign_button.clicked.connect(self.assign_key)
        self.unbind_button = QPushButton("&No Key", page)
        self.unbind_button.setToolTip("Remove every key of the selected action")
        self.unbind_button.clicked.connect(lambda: self.set_keys(self.current_action(), ()))
        self.reset_button = QPushButton("&Reset", page)
        self.reset_button.setToolTip("Give the selected action its default keys")
        self.reset_button.clicked.connect(self.reset_key)
        self.reset_all_button = QPushButton("Reset A&ll", page)
        self.reset_all_button.setToolTip("Give every action its default keys")
        self.reset_all_button.clicked.connect(self.reset_all_keys)
        self.key_error = QLabel("", page)
        self.key_error.setObjectName("keyError")
        self.key_error.setWordWrap(True)
        self.key_error.setAccessibleName("Why the key was not changed")

        row = QHBoxLayout()
        row.addWidget(QLabel("New key:", page))
        row.addWidget(self.key_edit, 1)
        for b in (self.assign_button, self.unbind_button, self.reset_button, self.reset_all_button):
            row.addWidget(b)
        lay = QVBoxLayout(page)
        lay.addWidget(self.key_table, 1)
        lay.addLayout(row)
        lay.addWidget(self.key_error)
        self.key_table.selectRow(0)
        return page

    def current_action(self) -> Action | None:
        index = self.key_table.currentIndex()
        action = self.key_model.data(index, ActionRole) if index.isValid() else None
        return action if isinstance(action, Action) else None

    def select_action(self, action: Action) -> None:
        self.key_table.selectRow(self.key_model.rows.index(action))

    def _row_changed(self) -> None:
        self.key_edit.clear()
        self.key_error.clear()

    def assign_key(self) -> None:
        key = self.key_edit.keySequence().toString(QKeySequence.SequenceFormat.PortableText)
        if not key:
            self.key_error.setText("Press the new key in the box first.")
            return
        self.set_keys(self.current_action(), (key,))

    def set_keys(self, action: Action | None, keys: Keys) -> bool:
        """Bind ``keys`` to ``action``; refused (``False``, the reason shown) when another
        action holds one of them or a key does not parse."""
        if action is None:
            self.key_error.setText("Select an action first.")
            return False
        problem = conflict(self.key_model.effective(), action, keys)
        if problem:
            self.key_error.setText(f"Not changed: {problem}.")
            return False
        normal = tuple(n for n in (normal_key(k) for k in keys) if n)
        overrides = dict(self._prefs.keys)
        if normal == ACTIONS[action].keys:
            overrides.pop(action, None)
        else:
            overrides[action] = normal
        self.key_error.clear()
        self.key_edit.clear()
        self._set_overrides(overrides)
        return True

    def reset_key(self) -> None:
        action = self.current_action()
        if action is not None:
            self.set_keys(action, ACTIONS[action].keys)

    def reset_all_keys(self) -> None:
        self.key_error.clear()
        self._set_overrides({})

    def _set_overrides(self, overrides: dict[Action, Keys]) -> None:
        self.key_model.set_overrides(overrides)
        self._set(keys=overrides)

    # ------------------------------------------------------------- general
    def _build_general(self) -> QWidget:
        page = QWidget(self)
        p = self._prefs
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.list_zoom = self._spin(page, ZOOM_RANGE, p.list_zoom, 10, " %", "list_zoom")
        self.list_zoom.setAccessibleName("Text size of the paper list")
        form.addRow("Paper list text size:", self.list_zoom)
        self.detail_zoom = self._spin(page, ZOOM_RANGE, p.detail_zoom, 10, " %", "detail_zoom")
        self.detail_zoom.setAccessibleName("Text size of the detail pane")
        form.addRow("Detail pane text size:", self.detail_zoom)

        self.default_sort = QComboBox(page)
        self.default_sort.setAccessibleName("Default sort")
        for text, sort in SORT_CHOICES:
            self.default_sort.addItem(text, sort)
        choices = [s for _t, s in SORT_CHOICES]
        self.default_sort.setCurrentIndex(choices.index(p.default_sort) if p.default_sort in choices else 0)
        self.default_sort.currentIndexChanged.connect(
            lambda i: self._set(default_sort=SORT_CHOICES[i][1]))
        form.addRow("Default sort:", self.default_sort)
        form.addRow(self._hint(page, "The order of every list until you click a column header "
                                     "(the Queue keeps its own order; a search ranks by relevance)."))

        self.autosave = self._spin(page, NotesEditor.AUTOSAVE_RANGE, p.autosave_ms, 100, " ms", "autosave_ms")
        self.autosave.setAccessibleName("Notes autosave delay")
        form.addRow("Save notes after typing stops for:", self.autosave)
        form.addRow(self._hint(page, "Notes are also saved at once when you leave the notes, "
                                     "pick another paper or close the window."))

        self.confirm_bulk = QCheckBox("Ask before triaging more than", page)
        self.confirm_bulk.setChecked(p.confirm_bulk)
        self.confirm_bulk.toggled.connect(lambda on: self._set(confirm_bulk=on))
        self.bulk_threshold = self._spin(page, BULK_RANGE, p.bulk_threshold, 1, " papers", "bulk_threshold")
        self.bulk_threshold.setAccessibleName("Ask when more papers than this are triaged at once")
        self.confirm_bulk.toggled.connect(self.bulk_threshold.setEnabled)
        self.bulk_threshold.setEnabled(p.confirm_bulk)
        row = QHBoxLayout()
        row.addWidget(self.confirm_bulk)
        row.addWidget(self.bulk_threshold)
        row.addStretch(1)
        form.addRow("Confirmations:", row)
        return page

    def _spin(self, parent: QWidget, bounds: tuple[int, int], value: int, step: int, suffix: str,
              name: str) -> QSpinBox:
        spin = QSpinBox(parent)
        spin.setRange(*bounds)
        spin.setSingleStep(step)
        spin.setSuffix(suffix)
        spin.setValue(value)
        spin.valueChanged.connect(lambda v: self._set(**{name: v}))
        return spin

    @staticmethod
    def _hint(parent: QWidget, text: str) -> QLabel:
        hint = QLabel(text, parent)
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        hint.setContentsMargins(0, 0, 0, 8)
        return hint
