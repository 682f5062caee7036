"""The filters pane: fixed filters, tags, digests (newest first) and saved searches, each
with a live count. Emits :attr:`FilterPane.filterSelected` with a
:class:`~reader.core.model.Filter`; saved searches can be renamed and deleted from the
context menu."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem, QWidget

from reader.core.model import DigestInfo, Filter, FilterKind, SavedSearch, State
from reader.ui.icons import icon

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
SECTION_ROLE = Qt.ItemDataRole.UserRole + 2

FIXED: list[tuple[str, Filter, str]] = [
    ("Inbox", Filter.state(State.INBOX), "fa5s.inbox"),
    ("Queue", Filter.state(State.QUEUED), "fa5s.list-ol"),
    ("Reading", Filter.state(State.READING), "fa5s.book-open"),
    ("Done", Filter.state(State.DONE), "fa5s.check"),
    ("Dismissed", Filter.state(State.DISMISSED), "fa5s.times"),
    ("All papers", Filter(), "fa5s.layer-group"),
    ("Starred", Filter(FilterKind.STARRED), "fa5s.star"),
    ("Has code", Filter(FilterKind.HAS_CODE), "fa5s.code"),
    ("Has notes", Filter(FilterKind.HAS_NOTES), "fa5s.sticky-note"),
]


#: Entries of a filter section added per event-loop turn (see ``FilterPane._add_slice``).
SLICE = 200


class FilterPane(QTreeWidget):
    filterSelected = Signal(object)  # Filter
    renameRequested = Signal(str)
    deleteRequested = Signal(str)
    saveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterPane")
        self.setAccessibleName("Filters")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(8)
        self.setUniformRowHeights(True)
        self.setStyleSheet("QTreeWidget::item { padding: 3px 1px; }")  # spacing only, no colours
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._filters: dict[str, Filter] = {}
        self._current = Filter.state(State.INBOX)
        self._building = False
        # what each dynamic section shows, to skip rebuilding it when nothing changed
        self._shown: dict[str, list[tuple[str, str, str | None]]] = {}
        # entries of long sections still to be added, a slice per event-loop turn
        self._pending: dict[str, tuple[QTreeWidgetItem, QIcon, list[tuple[str, Filter, str | None]]]] = {}
        self._counts: dict[str, int] = {}
        self._slice_timer = QTimer(self)
        self._slice_timer.setSingleShot(True)
        self._slice_timer.setInterval(0)
        self._slice_timer.timeout.connect(self._add_slice)

        self.library_section = self._section("Library")
        for label, flt, icon_name in FIXED:
            self._add(self.library_section, label, flt, icon_name)
        self.tags_section = self._section("Tags")
        self.digests_section = self._section("Digests")
        self.saved_section = self._section("Saved searches")
        self.expandAll()
        self.currentItemChanged.connect(self._changed)
        self.select(self._current)

    def _section(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [title.upper(), ""])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setData(0, SECTION_ROLE, True)
        f = QFont(self.font())
        f.setBold(True)
        f.setPointSizeF(max(6.0, f.pointSizeF() * 0.85))
        item.setFont(0, f)
        item.setFirstColumnSpanned(True)
        return item

    def _add(self, parent: QTreeWidgetItem | None, label: str, flt: Filter, icon_name: str | None,
             tip: str | None = None, ic: QIcon | None = None) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [label, ""]) if parent is not None else QTreeWidgetItem([label, ""])
        item.setData(0, KEY_ROLE, flt.key)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setToolTip(0, tip or label)
        if ic is not None:
            item.setIcon(0, ic)
        elif icon_name:
            item.setIcon(0, icon(icon_name))
        self._items[flt.key] = item
        self._filters[flt.key] = flt
        return item

    def _clear_section(self, section: QTreeWidgetItem) -> None:
        for i in reversed(range(section.childCount())):
            child = section.takeChild(i)
            if child is None:
                continue
            key = child.data(0, KEY_ROLE)
            self._items.pop(key, None)
            self._filters.pop(key, None)

    # ----------------------------------------------------------------- data
    def update_entries(self, counts: dict[str, int], tags: list[tuple[str, int]],
                       digests: list[DigestInfo], saved: list[SavedSearch]) -> None:
        """Refresh every count and the dynamic sections (rebuilt only when their entries
        changed: after a star or a state change only counts change, and rebuilding 2,500
        digest entries took 250 ms of the GUI thread); keeps the selection."""
        self._building = True
        self._counts = counts
        try:
            self._sync_section(self.tags_section, "fa5s.tag", [
                (name, Filter(FilterKind.TAG, name), None) for name, _count in tags])
            self._sync_section(self.digests_section, "fa5s.file-alt", [
                (d.label, Filter(FilterKind.DIGEST, str(d.id)),
                 f"{d.source_path}\n{d.format}, {d.entry_count} entries, imported "
                 f"{d.imported_at.astimezone():%Y-%m-%d %H:%M}")
                for d in digests])
            self._sync_section(self.saved_section, "fa5s.bookmark", [
                (s.name, Filter(FilterKind.SAVED, s.name), f"{s.query or '(no query)'} in {s.filter.key}")
                for s in saved])
            for section in (self.tags_section, self.digests_section, self.saved_section):
                section.setHidden(section.childCount() == 0)
            self._set_counts(self._items.items())
            self.expandAll()
            if self._current.key in self._items:
                self.setCurrentItem(self._items[self._current.key])
        finally:
            self._building = False
        if self._current.key not in self._items and not self._is_pending(self._current.key):
            self.select(Filter())
            self.filterSelected.emit(self._current)

    def _set_counts(self, items: Iterable[tuple[str, QTreeWidgetItem]]) -> None:
        for key, item in items:
            n = self._counts.get(key, 0)  # Library.counts is keyed by Filter.key too
            text = f"{n:,}"
            if item.text(1) != text:
                item.setText(1, text)
                item.setData(1, Qt.ItemDataRole.AccessibleTextRole, f"{n} papers")

    def _is_pending(self, key: str) -> bool:
        return any(flt.key == key for _s, _i, rest in self._pending.values() for _l, flt, _t in rest)

    def _add_slice(self) -> None:
        """Add the next ``SLICE`` entries of each long section (they appear a few ms apart,
        instead of one 60 ms block of the GUI thread for 2,500 digests)."""
        for key, (section, ic, rest) in list(self._pending.items()):
            now, later = rest[:SLICE], rest[SLICE:]
            items = [self._add(None, label, flt, None, tip, ic) for label, flt, tip in now]
            section.addChildren(items)
            self._set_counts((flt.key, item) for (_l, flt, _t), item in zip(now, items))
            if later:
                self._pending[key] = (section, ic, later)
            else:
                del self._pending[key]
            if self._current.key in {flt.key for _l, flt, _t in now}:
                self._building = True
                try:
                    self.setCurrentItem(self._items[self._current.key])
                finally:
                    self._building = False
        if self._pending:
            self._slice_timer.start()

    def _sync_section(self, section: QTreeWidgetItem, icon_name: str,
                      entries: list[tuple[str, Filter, str | None]]) -> None:
        shown = [(label, flt.key, tip) for label, flt, tip in entries]
        key = str(section.text(0))
        if self._shown.get(key) == shown:
            return
        self._clear_section(section)
        self._pending.pop(key, None)
        ic = icon(icon_name)  # one icon for the whole section
        # made without a parent and inserted at once: one row insertion, not one per entry;
        # a long section gets its first slice now and the rest on the next event-loop turns
        section.addChildren([self._add(None, label, flt, icon_name, tip, ic)
                             for label, flt, tip in entries[:SLICE]])
        if len(entries) > SLICE:
            self._pending[key] = (section, ic, entries[SLICE:])
            self._slice_timer.start()
        self._shown[key] = shown

    def filter_for(self, key: str) -> Filter | None:
        """The filter of the entry with this :attr:`Filter.key` (``None``: no such entry yet)."""
        return self._filters.get(key)

    def item_for(self, flt: Filter) -> QTreeWidgetItem | None:
        """The pane's entry for ``flt`` (``None`` while it is not shown)."""
        return self._items.get(flt.key)

    def building(self) -> bool:
        """Entries of a long section are still being added, a slice per event-loop turn."""
        return bool(self._pending)

    def count_text(self, flt: Filter) -> str:
        item = self._items.get(flt.key)
        return item.text(1) if item is not None else ""

    def current_filter(self) -> Filter:
        return self._current

    def label(self, flt: Filter) -> str:
        """The name a filter has in the pane ("Inbox", a tag, a digest …)."""
        item = self._items.get(flt.key)
        return item.text(0) if item is not None else flt.key

    def show_temporary(self, flt: Filter | None, label: str = "") -> None:
        """A top entry for a filter no section lists (the papers of the last import), shown
        while it is the current filter; ``None`` removes it."""
        old = getattr(self, "_temporary", None)
        if old is not None:
            self._items.pop(old.data(0, KEY_ROLE), None)
            self._filters.pop(old.data(0, KEY_ROLE), None)
            self._building = True  # removing the current entry selects nothing by itself
            try:
                self.takeTopLevelItem(self.indexOfTopLevelItem(old))
            finally:
                self._building = False
        self._temporary = self._add(None, label, flt, "fa5s.certificate") if flt is not None else None
        if self._temporary is not None:
            self.insertTopLevelItem(0, self._temporary)
            self._set_counts([(str(self._temporary.data(0, KEY_ROLE)), self._temporary)])

    def select(self, flt: Filter) -> None:
        item = self._items.get(flt.key)
        if item is None:
            if self._is_pending(flt.key):  # shown as soon as its slice is added
                self._current = flt
            return
        self._current = flt
        self.setCurrentItem(item)

    def _changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None or self._building:
            return
        key = current.data(0, KEY_ROLE)
        if key is None:
            return
        flt = self._filters.get(key)
        if flt is None:
            return
        changed = flt != self._current
        self._current = flt
        if changed:
            self.filterSelected.emit(flt)

    def _menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        menu = QMenu(self)
        key = item.data(0, KEY_ROLE) if item is not None else None
        flt = self._filters.get(key) if key else None
        a = menu.addAction(icon("fa5s.bookmark"), "Save Current Search…")
        a.triggered.connect(self.saveRequested.emit)
        if flt is not None and flt.kind is FilterKind.SAVED:
            name = str(flt.value)
            menu.addSeparator()
            r = menu.addAction(f"Rename “{name}”…")
            r.triggered.connect(lambda: self.renameRequested.emit(name))
            d = menu.addAction(f"Delete “{name}”")
            d.triggered.connect(lambda: self.deleteRequested.emit(name))
        menu.exec(self.viewport().mapToGlobal(pos))

    def refresh_icons(self) -> None:
        icons = {f.key: n for _, f, n in FIXED}
        for key, item in self._items.items():
            flt = self._filters[key]
            name = icons.get(key) or {FilterKind.TAG: "fa5s.tag", FilterKind.DIGEST: "fa5s.file-alt",
                                      FilterKind.SAVED: "fa5s.bookmark"}.get(flt.kind)
            if name:
                item.setIcon(0, icon(name))
