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
