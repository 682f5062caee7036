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


# ----------------------------------------------------------------- per library
def test_each_library_keeps_its_own_list_state_under_its_group(tmp_path: Path) -> None:
    q = ini(tmp_path)
    a = WindowSettings(q, tmp_path / "a")
    b = WindowSettings(q, tmp_path / "b")
    assert a.library_group.startswith("libraries/") and a.library_group != b.library_group
    assert a.library_group == WindowSettings(q, tmp_path / "a" / ".").library_group  # resolved path
    assert q.value(f"{a.library_group}/path") == str((tmp_path / "a").resolve())  # for humans
    a.filter = Filter.state(State.QUEUED)
    a.sort = Sort(SortKey.TITLE, descending=False)
    assert b.filter is None and b.sort is None  # a fresh library: the Inbox, its own order
    b.filter = Filter(FilterKind.DIGEST, "16")
    q.sync()
    again = WindowSettings(ini(tmp_path), tmp_path / "a")
    assert again.filter == Filter.state(State.QUEUED)
    assert again.sort == Sort(SortKey.TITLE, descending=False)
    assert WindowSettings(ini(tmp_path), tmp_path / "b").filter == Filter(FilterKind.DIGEST, "16")
    assert q.value("list/filter") is None  # the global keys are not written any more


def test_the_global_list_keys_start_only_the_first_library_and_only_portable_filters(tmp_path: Path) -> None:
    q = ini(tmp_path)
    q.setValue("list/filter", "starred")
    q.setValue("list/sort", "-upvotes")
    first = WindowSettings(q, tmp_path / "first")
    assert first.filter == Filter(FilterKind.STARRED)
    assert first.sort == Sort(SortKey.UPVOTES, descending=True)
    second = WindowSettings(q, tmp_path / "second")  # read once: not for the next library
    assert second.filter is None and second.sort is None
    assert WindowSettings(q).filter == Filter(FilterKind.STARRED)  # left in place


def test_a_global_digest_or_tag_filter_is_not_trusted(tmp_path: Path) -> None:
    for n, key in enumerate(("digest:16", "tag:rl", "saved:mine")):
        q = QSettings(str(tmp_path / f"s{n}.ini"), QSettings.Format.IniFormat)
        q.setValue("list/filter", key)
        q.setValue("list/sort", "title")
        s = WindowSettings(q, tmp_path / "lib")
        assert s.filter is None, key  # may name another library's digest, tag or search
        assert s.sort == Sort(SortKey.TITLE, descending=False)  # a sort is the same everywhere


def test_a_demo_library_starts_from_nothing_each_time(tmp_path: Path) -> None:
    q = ini(tmp_path)
    q.setValue("list/filter", "queued")  # not adopted by a throwaway library
    demo = WindowSettings(q, demo=True)
    assert demo.library_group == "libraries/demo" and demo.filter is None
    demo.filter = Filter.state(State.DONE)
    assert WindowSettings(q, demo=True).filter is None
    assert WindowSettings(q, tmp_path / "real").filter == Filter.state(State.QUEUED)
