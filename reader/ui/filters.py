"""The filters pane: fixed filters, saved searches, tags, arXiv categories and digests
(newest first), each with a live count. Emits :attr:`FilterPane.filterSelected` with a
:class:`~reader.core.model.Filter`; saved searches and tags are managed from the context menu.

Each section has an arrow (mouse, or Left/Right on its header); a long section (``LIMITS``)
shows only its first entries (the newest digests, the most used tags and categories) and a "Show all (n)"
entry, and always shows the current filter. Which sections are open and which show all is
kept in :class:`SectionState`."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem, QWidget

from reader.core.model import DigestInfo, Filter, FilterKind, SavedSearch, State
from reader.ui.filter_sections import (
    MORE_ROLE,
    SECTION_ROLE,
    Entry,
    SectionState,
    category_entries,
    digest_entries,
    more_entry,
    section_item,
    tag_entries,
)
from reader.ui.icons import icon

KEY_ROLE = Qt.ItemDataRole.UserRole + 1

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
#: Sections that show only this many entries until "Show all" is chosen.
LIMITS = {"Digests": 15, "Tags": 30, "Categories": 12}

SECTIONS = {FilterKind.SAVED: "Saved searches", FilterKind.TAG: "Tags", FilterKind.CATEGORY: "Categories",
            FilterKind.DIGEST: "Digests"}


class FilterPane(QTreeWidget):
    filterSelected = Signal(object)  # Filter
    renameRequested = Signal(str)
    deleteRequested = Signal(str)
    saveRequested = Signal()
    tagRenameRequested = Signal(str)
    tagMergeRequested = Signal(str)
    tagDeleteRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None,
                 state: SectionState | None = None) -> None:
        super().__init__(parent)
        self.sections = state if state is not None else SectionState(settings)
        self.setObjectName("filterPane")
        self.setAccessibleName("Filters")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)  # the sections' arrows
        self.setIndentation(14)
        self.setExpandsOnDoubleClick(False)  # one click on a section's header opens or closes it
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
        self._shown: dict[str, list[object]] = {}
        # entries of long sections still to be added, a slice per event-loop turn
        # (section, icon, entries still to add, the "Show …" entry to add after them)
        self._pending: dict[str, tuple[QTreeWidgetItem, QIcon, list[Entry], QTreeWidgetItem | None]] = {}
        self._counts: dict[str, int] = {}
        # every entry of each long section and the order it is cut in (the first N shown)
        self._entries: dict[str, tuple[QTreeWidgetItem, str, list[Entry], list[str]]] = {}
        self._all_filters: dict[str, Filter] = {}
        self._follow: Filter | None = None
        self._slice_timer = QTimer(self)
        self._slice_timer.setSingleShot(True)
        self._slice_timer.setInterval(0)
        self._slice_timer.timeout.connect(self._add_slice)

        self.library_section = self._section("Library")
        for label, flt, icon_name in FIXED:
            self._add(self.library_section, label, flt, icon_name)
        self.saved_section = self._section("Saved searches")
        self.tags_section = self._section("Tags")
        self.categories_section = self._section("Categories")  # hidden while no paper has one
        self.digests_section = self._section("Digests")
        self._all_filters = dict(self._filters)
        self.library_section.setExpanded(self.sections.is_open("Library"))
        self.currentItemChanged.connect(self._changed)
        self.itemExpanded.connect(lambda item: self._remember_open(item, True))
        self.itemCollapsed.connect(lambda item: self._remember_open(item, False))
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(lambda item, _c: self._clicked(item) if item.data(0, MORE_ROLE) else None)
        self.select(self._current)

    def _section(self, title: str) -> QTreeWidgetItem:
        return section_item(self, title)

    @staticmethod
    def _name(section: QTreeWidgetItem) -> str:
        return str(section.text(0)).capitalize() if section.text(0) != "SAVED SEARCHES" else "Saved searches"

    def _remember_open(self, item: QTreeWidgetItem, is_open: bool) -> None:
        if item.data(0, SECTION_ROLE) and not self._building:
            self.sections.set_open(self._name(item), is_open)

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        """A click on a section's header opens or closes it; on "Show all"/"Show fewer"
        it shows all of the section's entries or the first N again."""
        section = item.data(0, MORE_ROLE)
        if section:
            self.show_all(str(section), not self.sections.shows_all(str(section)))
        elif item.data(0, SECTION_ROLE):
            item.setExpanded(not item.isExpanded())

    def show_all(self, section: str, value: bool = True) -> None:
        """Show every entry of a long section (or only its first ``LIMITS[section]``)."""
        self.sections.set_shows_all(section, value)
        self._resync(section)

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
            self._sync_section(self.saved_section, "fa5s.bookmark", [
                (s.name, Filter(FilterKind.SAVED, s.name), f"{s.query or '(no query)'} in {s.filter.key}")
                for s in saved])
            self._sync_section(self.tags_section, "fa5s.tag", *tag_entries(tags))
            self._sync_section(self.categories_section, "fa5s.sitemap", category_entries(counts))
            # no icon: the room goes to the label
            self._sync_section(self.digests_section, "", digest_entries(digests))
            self._all_filters = {k: f for k, f in self._all_filters.items() if k in self._filters}
            for _s, _i, entries, _o in self._entries.values():
                self._all_filters.update((flt.key, flt) for _l, flt, _t in entries)
            self._set_counts(self._items.items())
            if self._current.key in self._items:
                self.setCurrentItem(self._items[self._current.key])
        finally:
            self._building = False
        if self._current.key not in self._items and not self._is_pending(self._current.key):
            follow, self._follow = self._follow, None
            self.select(follow if follow is not None and follow.key in self._items else Filter())
            self.filterSelected.emit(self._current)

    def _set_counts(self, items: Iterable[tuple[str, QTreeWidgetItem]]) -> None:
        for key, item in items:
            n = self._counts.get(key, 0)  # Library.counts is keyed by Filter.key too
            text = f"{n:,}"
            if item.text(1) != text:
                item.setText(1, text)
                item.setData(1, Qt.ItemDataRole.AccessibleTextRole, f"{n} papers")

    def _is_pending(self, key: str) -> bool:
        return any(flt.key == key for _s, _i, rest, _m in self._pending.values() for _l, flt, _t in rest)

    def _add_slice(self) -> None:
        """Add the next ``SLICE`` entries of each long section (they appear a few ms apart,
        instead of one 60 ms block of the GUI thread for 2,500 digests)."""
        for key, (section, ic, rest, more) in list(self._pending.items()):
            now, later = rest[:SLICE], rest[SLICE:]
            items = [self._add(None, label, flt, None, tip, ic) for label, flt, tip in now]
            section.addChildren(items)
            self._set_counts((flt.key, item) for (_l, flt, _t), item in zip(now, items))
            if later:
                self._pending[key] = (section, ic, later, more)
            else:
                del self._pending[key]
                if more is not None:
                    section.addChild(more)
            if self._current.key in {flt.key for _l, flt, _t in now}:
                self._building = True
                try:
                    self.setCurrentItem(self._items[self._current.key])
                finally:
                    self._building = False
        if self._pending:
            self._slice_timer.start()

    def _sync_section(self, section: QTreeWidgetItem, icon_name: str, entries: list[Entry],
                      order: list[str] | None = None) -> None:
        """Show ``entries`` in ``section``: all of them, or, in a long section, the first N of
        ``order`` (keys; default: the entries' order) plus the current filter's entry."""
        name = self._name(section)
        self._entries[name] = (section, icon_name, entries, order or [flt.key for _l, flt, _t in entries])
        self._resync(name)

    def _resync(self, name: str) -> None:
        section, icon_name, entries, order = self._entries[name]
        limit = LIMITS.get(name)
        cut = limit is not None and len(entries) > limit and not self.sections.shows_all(name)
        if cut:
            keep = set(order[:limit]) | {self._current.key}
            entries = [e for e in entries if e[1].key in keep]
        shown = [(label, flt.key, tip) for label, flt, tip in entries]
        more_text = None
        if limit is not None and len(self._entries[name][2]) > limit:
            more_text = f"Show all ({len(self._entries[name][2]):,})" if cut else "Show fewer"
        if self._shown.get(name) == [*shown, more_text]:
            return
        was_building, self._building = self._building, True
        try:
            self._rebuild(name, section, icon_name, entries, more_text)
            self._set_counts((key, self._items[key]) for _l, key, _t in shown if key in self._items)
            if self._current.key in self._items:
                self.setCurrentItem(self._items[self._current.key])
        finally:
            self._building = was_building
        self._shown[name] = [*shown, more_text]

    def _rebuild(self, name: str, section: QTreeWidgetItem, icon_name: str, entries: list[Entry],
                 more_text: str | None) -> None:
        self._clear_section(section)
        self._pending.pop(name, None)
        more = more_entry(self.font(), name, more_text) if more_text is not None else None
        ic = icon(icon_name) if icon_name else QIcon()  # one icon for the whole section
        # made without a parent and inserted at once: one row insertion, not one per entry;
        # a long section gets its first slice now and the rest on the next event-loop turns
        section.addChildren([self._add(None, label, flt, None, tip, ic)
                             for label, flt, tip in entries[:SLICE]])
        if len(entries) > SLICE:
            self._pending[name] = (section, ic, entries[SLICE:], more)
            self._slice_timer.start()
        elif more is not None:
            section.addChild(more)
        section.setHidden(section.childCount() == 0 and name not in self._pending)
        section.setExpanded(self.sections.is_open(name))

    def filter_for(self, key: str) -> Filter | None:
        """The filter of the entry with this :attr:`Filter.key` (``None``: no such entry),
        shown or not (a long section shows only its first entries)."""
        return self._filters.get(key) or self._all_filters.get(key)

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
        """Make ``flt`` the current entry (shown even when its section shows only its first
        entries)."""
        item = self._items.get(flt.key)
        if item is None:
            if self._is_pending(flt.key):  # shown as soon as its slice is added
                self._current = flt
            elif flt.key in self._all_filters and SECTIONS.get(flt.kind) in self._entries:
                self._current = flt
                self._resync(SECTIONS[flt.kind])
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
        self._follow = None
        if changed:
            self.filterSelected.emit(flt)

    def _menu(self, pos: QPoint) -> None:
        self.context_menu(self.itemAt(pos)).exec(self.viewport().mapToGlobal(pos))

    def context_menu(self, item: QTreeWidgetItem | None) -> QMenu:
        """The context menu of an entry: save the current search; rename or delete a saved
        search; rename, merge or delete a tag."""
        menu = QMenu(self)
        menu.setObjectName("filterMenu")
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
        if flt is not None and flt.kind is FilterKind.TAG:
            tag = str(flt.value)
            n = self._counts.get(flt.key, 0)
            menu.addSeparator()
            r = menu.addAction(icon("fa5s.pen"), f"Rename Tag “{tag}”…")
            r.triggered.connect(lambda: self.tagRenameRequested.emit(tag))
            m = menu.addAction(icon("fa5s.compress-arrows-alt"), f"Merge “{tag}” Into…")
            m.setEnabled(len(self._entries.get("Tags", (None, "", [], []))[2]) > 1)
            m.triggered.connect(lambda: self.tagMergeRequested.emit(tag))
            d = menu.addAction(icon("fa5s.trash-alt"), f"Delete Tag “{tag}” ({n:,} papers)…")
            d.triggered.connect(lambda: self.tagDeleteRequested.emit(tag))
        return menu

    def follow(self, flt: Filter) -> None:
        """Make ``flt`` current as soon as an update shows it, should the current entry go
        (a renamed tag: the list follows the new name)."""
        self._follow = flt

    def refresh_icons(self) -> None:
        icons = {f.key: n for _, f, n in FIXED}
        for key, item in self._items.items():
            flt = self._filters[key]
            name = icons.get(key) or {FilterKind.TAG: "fa5s.tag", FilterKind.SAVED: "fa5s.bookmark",
                                      FilterKind.CATEGORY: "fa5s.sitemap"}.get(flt.kind)
            if name:
                item.setIcon(0, icon(name))

