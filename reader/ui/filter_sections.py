"""The filter pane's section state (which sections are open, which show all their entries),
the section headers, the entries of the Tags, Categories and Digests sections and the
"Show all"/"Show fewer" entry."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from reader.core.model import DigestInfo, Filter, FilterKind
from reader.ui.category_names import category_name
from reader.ui.icons import icon

Entry = tuple[str, Filter, "str | None"]  # label, filter, tooltip
SECTION_ROLE = Qt.ItemDataRole.UserRole + 2  # True on a section's header
MORE_ROLE = Qt.ItemDataRole.UserRole + 3  # on a "Show all" / "Show fewer" entry: its section
CATEGORY_PREFIX = f"{FilterKind.CATEGORY.value}:"  # the counts' keys of the categories


class SectionState:
    """Which sections are open and which show all their entries, kept in ``settings``
    (``None``: for this run only)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings
        self._memory: dict[str, bool] = {}

    def _get(self, key: str, default: bool) -> bool:
        if self._settings is None:
            return self._memory.get(key, default)
        value = self._settings.value(f"filterPane/{key}", default)
        return value if isinstance(value, bool) else str(value).lower() == "true"

    def _set(self, key: str, value: bool) -> None:
        if self._settings is None:
            self._memory[key] = value
        else:
            self._settings.setValue(f"filterPane/{key}", value)

    def is_open(self, section: str) -> bool:
        return self._get(f"open/{section}", True)

    def set_open(self, section: str, value: bool) -> None:
        self._set(f"open/{section}", value)

    def shows_all(self, section: str) -> bool:
        return self._get(f"all/{section}", False)

    def set_shows_all(self, section: str, value: bool) -> None:
        self._set(f"all/{section}", value)


def digest_entries(digests: list[DigestInfo]) -> list[Entry]:
    """A digest's entry: its date and source (a label two digests share gets the file name
    too); the file name, path, format and size in the tooltip."""
    seen: dict[str, int] = {}
    for d in digests:
        seen[d.label] = seen.get(d.label, 0) + 1
    return [
        (d.label if seen[d.label] == 1 else f"{d.label} · {d.file_name}",
         Filter(FilterKind.DIGEST, str(d.id)),
         f"{d.file_name}\n{d.source_path}\n{d.source} ({d.format}), {d.entry_count} entries, "
         f"imported {d.imported_at.astimezone():%Y-%m-%d %H:%M}")
        for d in digests]


def tag_entries(tags: list[tuple[str, int]]) -> tuple[list[Entry], list[str]]:
    """The tags by name, and the order a long Tags section is cut in: the most used first."""
    used = [name for name, _n in sorted(tags, key=lambda t: (-t[1], t[0]))]
    return ([(name, Filter(FilterKind.TAG, name), f"{name}: {n:,} papers") for name, n in tags],
            [f"tag:{name}" for name in used])


def category_entries(counts: Mapping[str, int]) -> list[Entry]:
    """One entry per arXiv category the library's papers are listed in (``category:NAME`` in
    ``counts``, as ``Library.counts`` gives them), the most used first, then by code; the
    tooltip names the category where its common name is known."""
    found = [(key[len(CATEGORY_PREFIX):], n) for key, n in counts.items()
             if key.startswith(CATEGORY_PREFIX) and n > 0]
    out: list[Entry] = []
    for code, n in sorted(found, key=lambda c: (-c[1], c[0].lower(), c[0])):
        name = category_name(code)
        papers = f"{n:,} paper{'s' if n != 1 else ''} (primary or cross-list)"
        out.append((code, Filter(FilterKind.CATEGORY, code),
                    f"{code} — {name}\n{papers}" if name else f"{code}\n{papers}"))
    return out


def section_item(tree: QTreeWidget, title: str) -> QTreeWidgetItem:
    """A section's header (bold capitals, an arrow; not a filter) at the end of ``tree``."""
    item = QTreeWidgetItem(tree, [title.upper(), ""])
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    item.setData(0, SECTION_ROLE, True)
    f = QFont(tree.font())
    f.setBold(True)
    f.setPointSizeF(max(6.0, f.pointSizeF() * 0.85))
    item.setFont(0, f)
    item.setFirstColumnSpanned(True)
    item.setData(0, MORE_ROLE, None)
    item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
    item.setToolTip(0, f"{title}: click the arrow (or press Left/Right) to close or open")
    return item


def more_entry(font: QFont, section: str, text: str) -> QTreeWidgetItem:
    """The entry that shows all of a long section's entries or only its first ones again."""
    more = QTreeWidgetItem([text, ""])
    more.setFlags(Qt.ItemFlag.ItemIsEnabled)
    more.setData(0, MORE_ROLE, section)
    fewer = text == "Show fewer"
    more.setIcon(0, icon("fa5s.angle-double-up" if fewer else "fa5s.angle-double-down"))
    f = QFont(font)
    f.setItalic(True)
    more.setFont(0, f)
    more.setToolTip(0, f"{text.split(' (')[0]} of the {section.lower()}")
    return more
