"""The filter pane's section state (which sections are open, which show all their entries)
and the entries of the Digests section."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from reader.core.model import DigestInfo, Filter, FilterKind

Entry = tuple[str, Filter, "str | None"]  # label, filter, tooltip


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
