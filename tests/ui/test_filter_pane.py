"""The filter pane: counts refreshed without rebuilding unchanged sections, long sections built a
slice at a time and cut to their first entries until "Show all", sections with arrows whose state
is remembered, digest labels (date and source)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from reader.core.model import DigestInfo, Filter, FilterKind, SavedSearch, State
from reader.ui.filter_sections import SectionState
from reader.ui.filters import MORE_ROLE, FilterPane


def digests(n: int) -> list[DigestInfo]:
    when = dt.datetime(2026, 11, 26, tzinfo=dt.timezone.utc)
    return [DigestInfo(id=i, source_path=f"/d/{i}.txt", format="hf-daily-page", digest_date=None,
                       imported_at=when, entry_count=40, upvotes=None) for i in range(1, n + 1)]


def test_counts_update_in_place_and_sections_rebuild_only_on_change(qtbot) -> None:  # noqa: ANN001
    pane = FilterPane()
    qtbot.addWidget(pane)
    tags = [("robotics", 2)]
    saved = [SavedSearch(id=1, name="agents", query="agent", filter=Filter(), sort=None)]
    counts = {"all": 80, "inbox": 80, "tag:robotics": 2, "digest:1": 40, "digest:2": 40}
    pane.update_entries(counts, tags, digests(2), saved)
    first = pane.digests_section.child(0)
    assert pane.count_text(Filter(FilterKind.DIGEST, "1")) == "40"
    assert pane.count_text(Filter.state(State.INBOX)) == "80"

    counts = dict(counts, inbox=79, **{"digest:1": 39})  # a paper left the inbox: counts only
    pane.update_entries(counts, tags, digests(2), saved)
    assert pane.digests_section.child(0) is first  # not rebuilt
    assert pane.count_text(Filter(FilterKind.DIGEST, "1")) == "39"
    assert pane.count_text(Filter.state(State.INBOX)) == "79"

    pane.update_entries(dict(counts, **{"digest:3": 5}), tags, digests(3), saved)  # a new digest
    assert pane.digests_section.childCount() == 3
    assert pane.count_text(Filter(FilterKind.DIGEST, "3")) == "5"
    assert pane.saved_section.childCount() == 1 and pane.tags_section.childCount() == 1
    pane.update_entries(counts, [], digests(3), [])  # tag and saved search gone
    assert pane.tags_section.isHidden() and pane.saved_section.isHidden()


def test_a_long_section_is_added_a_slice_at_a_time(qtbot) -> None:  # noqa: ANN001
    from reader.ui import filters

    state = SectionState()
    state.set_shows_all("Digests", True)
    pane = FilterPane(state=state)
    qtbot.addWidget(pane)
    many = digests(2 * filters.SLICE + 50)
    counts = {f"digest:{d.id}": d.id for d in many}
    late = Filter(FilterKind.DIGEST, str(len(many)))  # the last entry: in the last slice
    pane.update_entries(counts, [], many, [])
    assert pane.digests_section.childCount() == filters.SLICE  # the first slice at once
    pane.select(late)  # not built yet: becomes current when it is
    assert pane.current_filter() == late
    qtbot.waitUntil(lambda: pane.digests_section.childCount() == len(many) + 1, timeout=5000)
    assert pane.digests_section.child(len(many)).text(0) == "Show fewer"  # after the last slice
    assert pane.count_text(late) == f"{len(many):,}"
    assert pane.currentItem() is pane.item_for(late)
    # an update while slices are pending starts over without duplicates
    pane.update_entries(counts, [], many[:-1], [])
    qtbot.waitUntil(lambda: not pane.building(), timeout=5000)
    assert pane.digests_section.childCount() == len(many) - 1 + 1


def entries(section) -> list[str]:  # noqa: ANN001
    return [section.child(i).text(0) for i in range(section.childCount())]


def dated(n: int) -> list[DigestInfo]:
    """``n`` daily digests, newest first, each file named after its date."""
    when = dt.datetime(2026, 11, 26, tzinfo=dt.timezone.utc)
    days = [dt.date(2024, 12, 31) - dt.timedelta(days=i) for i in range(n)]
    return [DigestInfo(id=i + 1, source_path=f"/data/digests/{day.isoformat()}.txt", format="hf-daily-page",
                       digest_date=day, imported_at=when, entry_count=30) for i, day in enumerate(days)]


def test_digest_label_is_date_and_source_with_the_file_in_the_tooltip(qtbot) -> None:  # noqa: ANN001
    pane = FilterPane()
    qtbot.addWidget(pane)
    two = dated(2)
    twin = DigestInfo(id=3, source_path="/tmp/other.eml", format="hf-daily-page",
                      digest_date=two[0].digest_date, imported_at=two[0].imported_at, entry_count=3)
    mail = DigestInfo(id=4, source_path="/m/x.txt", format="arxiv-mailing", digest_date=dt.date(2024, 12, 1),
                      imported_at=two[0].imported_at, entry_count=3)
    pane.update_entries({}, [], [*two, twin, mail], [])
    assert two[1].label == "2024-12-30 · HF"
    assert entries(pane.digests_section) == [
        "2024-12-31 · HF · 2024-12-31.txt", "2024-12-30 · HF",
        "2024-12-31 · HF · other.eml", "2024-12-01 · arXiv"]
    tip = pane.item_for(Filter(FilterKind.DIGEST, "2")).toolTip(0)
    assert "2024-12-30.txt" in tip and "/data/digests/2024-12-30.txt" in tip and "30 entries" in tip
    assert "Hugging Face Daily Papers" in tip
    assert "arXiv mailing" in pane.item_for(Filter(FilterKind.DIGEST, "4")).toolTip(0)


def test_saved_searches_come_before_tags_and_digests(qtbot) -> None:  # noqa: ANN001
    pane = FilterPane()
    qtbot.addWidget(pane)
    saved = [SavedSearch(id=1, name="agents", query="agent", filter=Filter(), sort=None)]
    pane.update_entries({}, [("rl", 1)], dated(3), saved)
    order = [pane.topLevelItem(i).text(0) for i in range(pane.topLevelItemCount())]
    assert order == ["LIBRARY", "SAVED SEARCHES", "TAGS", "CATEGORIES", "DIGESTS"]
    assert pane.categories_section.isHidden()  # no paper has a category
    assert pane.rootIsDecorated()  # the sections' arrows


def test_long_sections_show_the_first_entries_then_all(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    pane = FilterPane(settings=settings)
    qtbot.addWidget(pane)
    many = dated(157)
    tags = [(f"t{i:02}", i) for i in range(40)]  # t39 is the most used
    pane.update_entries({"digest:1": 30}, tags, many, [])
    shown = entries(pane.digests_section)
    assert shown[:15] == [d.label for d in many[:15]] and shown[15:] == ["Show all (157)"]
    tag_names = entries(pane.tags_section)
    assert tag_names[:-1] == [f"t{i:02}" for i in range(10, 40)]  # the 30 most used, by name
    assert tag_names[-1] == "Show all (40)"
    more = pane.digests_section.child(15)
    pane.itemClicked.emit(more, 0)  # what a mouse click does
    assert len(entries(pane.digests_section)) == 158 and entries(pane.digests_section)[-1] == "Show fewer"
    # remembered: a new pane on the same settings shows all digests, the tags still cut
    again = FilterPane(settings=settings)
    qtbot.addWidget(again)
    again.update_entries({}, tags, many, [])
    assert len(entries(again.digests_section)) == 158 and len(entries(again.tags_section)) == 31
    fewer = again.digests_section.child(157)
    assert fewer.data(0, MORE_ROLE) == "Digests"
    again.setCurrentItem(fewer)
    qtbot.keyClick(again, Qt.Key.Key_Return)  # the keyboard works too
    assert entries(again.digests_section)[-1] == "Show all (157)"


def test_the_current_filter_stays_visible_in_a_cut_section(qtbot) -> None:  # noqa: ANN001
    pane = FilterPane()
    qtbot.addWidget(pane)
    many = dated(157)
    pane.update_entries({}, [], many, [])
    old = Filter(FilterKind.DIGEST, "100")
    assert pane.item_for(old) is None and pane.filter_for(old.key) == old  # known, not shown
    with qtbot.waitSignal(pane.filterSelected, timeout=1000, raising=False) as changed:
        pane.select(old)
    assert not changed.signal_triggered  # select() does not emit
    item = pane.item_for(old)
    assert item is not None and pane.currentItem() is item and pane.current_filter() == old
    assert entries(pane.digests_section)[15] == many[99].label  # after the first 15
    pane.update_entries({"digest:100": 3}, [], many, [])  # a refresh keeps it
    assert pane.currentItem() is pane.item_for(old) and pane.count_text(old) == "3"
    assert pane.current_filter() == old


def test_sections_open_and_close_with_arrows_keys_and_are_remembered(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    pane = FilterPane(settings=settings)
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitExposed(pane)
    pane.update_entries({}, [("rl", 1)], dated(3), [])
    section = pane.digests_section
    assert section.isExpanded()
    pane.setCurrentItem(section)
    qtbot.keyClick(pane, Qt.Key.Key_Left)
    assert not section.isExpanded()
    qtbot.keyClick(pane, Qt.Key.Key_Right)
    assert section.isExpanded()
    rect = pane.visualItemRect(section)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # the header
    assert not section.isExpanded()
    again = FilterPane(settings=settings)
    qtbot.addWidget(again)
    again.update_entries({}, [("rl", 1)], dated(3), [])
    assert not again.digests_section.isExpanded() and again.tags_section.isExpanded()
    assert pane.current_filter() == Filter.state(State.INBOX)  # a section is never a filter
