"""The filter pane refreshes counts without rebuilding unchanged sections."""

from __future__ import annotations

import datetime as dt

from reader.core.model import DigestInfo, Filter, FilterKind, SavedSearch, State
from reader.ui.filters import FilterPane


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

    pane = FilterPane()
    qtbot.addWidget(pane)
    many = digests(2 * filters.SLICE + 50)
    counts = {f"digest:{d.id}": d.id for d in many}
    late = Filter(FilterKind.DIGEST, str(len(many)))  # the last entry: in the last slice
    pane.update_entries(counts, [], many, [])
    assert pane.digests_section.childCount() == filters.SLICE  # the first slice at once
    pane.select(late)  # not built yet: becomes current when it is
    assert pane.current_filter() == late
    qtbot.waitUntil(lambda: pane.digests_section.childCount() == len(many), timeout=5000)
    assert pane.count_text(late) == f"{len(many):,}"
    assert pane.currentItem() is pane.item_for(late)
    # an update while slices are pending starts over without duplicates
    pane.update_entries(counts, [], many[:-1], [])
    qtbot.waitUntil(lambda: not pane.building(), timeout=5000)
    assert pane.digests_section.childCount() == len(many) - 1
