"""WindowSettings: typed properties over the same QSettings keys the window always wrote."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from reader.core.model import Filter, FilterKind, Sort, SortKey, State
from reader.ui.settings import WindowSettings


def ini(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_unset_values_read_as_none(tmp_path: Path) -> None:
    s = WindowSettings(ini(tmp_path))
    assert s.geometry is None and s.state is None and s.splitter is None
    assert s.header is None and s.detail_splitter is None
    assert s.sort is None and s.filter is None


def test_values_round_trip_through_the_file(tmp_path: Path) -> None:
    s = WindowSettings(ini(tmp_path))
    s.geometry = QByteArray(b"geo")
    s.header = QByteArray(b"\x00\x01header")
    s.sort = Sort(SortKey.UPVOTES, descending=True)
    s.filter = Filter(FilterKind.TAG, "rl")
    s.sync()
    again = WindowSettings(ini(tmp_path))
    assert again.geometry == QByteArray(b"geo")
    assert again.header == QByteArray(b"\x00\x01header")
    assert again.sort == Sort(SortKey.UPVOTES, descending=True)
    assert again.filter == Filter(FilterKind.TAG, "rl")
    again.sort = None  # back to the filter's own order
    assert again.sort is None


def test_the_keys_of_existing_settings_files_still_load(tmp_path: Path) -> None:
    raw = ini(tmp_path)
    raw.setValue("window/geometry", QByteArray(b"g"))
    raw.setValue("window/state", QByteArray(b"s"))
    raw.setValue("window/splitter", QByteArray(b"p"))
    raw.setValue("list/header", QByteArray(b"h"))
    raw.setValue("detail/splitter", QByteArray(b"d"))
    raw.setValue("list/sort", "-published")
    raw.setValue("list/filter", "queued")
    raw.sync()
    s = WindowSettings(ini(tmp_path))
    assert [bytes(v.data()) for v in (s.geometry, s.state, s.splitter, s.header, s.detail_splitter)
            if v is not None] == [b"g", b"s", b"p", b"h", b"d"]
    assert s.sort == Sort(SortKey.PUBLISHED, descending=True)
    assert s.filter == Filter.state(State.QUEUED)


def test_a_saved_search_filter_is_written_as_saved_name(tmp_path: Path) -> None:
    q = ini(tmp_path)
    s = WindowSettings(q)
    s.filter = Filter(FilterKind.SAVED, "code transformers")
    assert q.value("list/filter") == "saved:code transformers"
    assert s.filter == Filter(FilterKind.SAVED, "code transformers")
    s.filter = Filter.state(State.INBOX)
    assert q.value("list/filter") == "inbox"


def test_wrong_types_and_stale_values_read_as_none(tmp_path: Path) -> None:
    q = ini(tmp_path)
    q.setValue("window/geometry", "not bytes")
    q.setValue("list/header", QByteArray())  # empty
    q.setValue("list/sort", "no-such-column")
    q.setValue("list/filter", "")
    s = WindowSettings(q)
    assert s.geometry is None and s.header is None
    assert s.sort is None and s.filter is None
    q.setValue("list/filter", "bogus:thing")  # a filter this version does not know
    assert s.filter is None
