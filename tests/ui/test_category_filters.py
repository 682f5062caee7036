"""Issue 13: the filter pane's Categories section (counts from ``Library.counts``, the most used
first, cut to the first entries until "Show all", names in the tooltip, hidden while no paper
has a category, open/closed remembered) and the category filter it selects, in the window."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings

from reader.core.library import Library
from reader.core.model import Filter, FilterKind, PaperMeta, ParsedDigest, ParsedPaper
from reader.ui.filter_sections import category_entries
from reader.ui.filters import LIMITS, MORE_ROLE, FilterPane


def entries(section) -> list[str]:  # noqa: ANN001
    return [section.child(i).text(0) for i in range(section.childCount())]


def category_counts(n: int) -> dict[str, int]:
    """``n`` made-up categories ``xx.C00``… with ``n - i`` papers each (C00 the most used)."""
    return {f"category:xx.C{i:02}": n - i for i in range(n)}


def test_categories_are_sorted_by_count_then_name_with_names_in_the_tooltip(qtbot) -> None:  # noqa: ANN001
    pane = FilterPane()
    qtbot.addWidget(pane)
    counts = {"all": 9, "inbox": 9, "tag:rl": 4, "category:cs.LG": 3, "category:cs.CL": 5,
              "category:cs.AI": 3, "category:hep-th": 1, "category:xx.YY": 3}
    pane.update_entries(counts, [("rl", 4)], [], [])
    section = pane.categories_section
    assert not section.isHidden()
    assert entries(section) == ["cs.CL", "cs.AI", "cs.LG", "xx.YY", "hep-th"]  # count, then code
    flt = Filter(FilterKind.CATEGORY, "cs.CL")
    assert pane.count_text(flt) == "5"
    assert pane.count_text(Filter(FilterKind.CATEGORY, "hep-th")) == "1"
    tip = pane.item_for(flt).toolTip(0)
    assert "Computation and Language" in tip and "5 papers" in tip
    assert "High Energy Physics - Theory" in pane.item_for(Filter(FilterKind.CATEGORY, "hep-th")).toolTip(0)
    unknown = pane.item_for(Filter(FilterKind.CATEGORY, "xx.YY")).toolTip(0)
    assert unknown.startswith("xx.YY\n") and "—" not in unknown  # no made-up name
    assert "tag:rl" not in {e[1].key for e in category_entries(counts)}  # only category keys
    # the counts change: the order follows, and a category no paper has any more goes
    pane.update_entries(dict(counts, **{"category:hep-th": 7, "category:cs.AI": 0}), [], [], [])
    assert entries(section) == ["hep-th", "cs.CL", "cs.LG", "xx.YY"]
    pane.update_entries({"all": 9}, [], [], [])
    assert section.isHidden() and section.childCount() == 0


def test_selecting_a_category_emits_its_filter(qtbot) -> None:  # noqa: ANN001
    pane = FilterPane()
    qtbot.addWidget(pane)
    pane.update_entries({"category:cs.RO": 2, "category:cs.CV": 1}, [], [], [])
    item = pane.item_for(Filter(FilterKind.CATEGORY, "cs.CV"))
    with qtbot.waitSignal(pane.filterSelected, timeout=1000) as got:
        pane.setCurrentItem(item)
    assert got.args == [Filter(FilterKind.CATEGORY, "cs.CV")]
    assert got.args[0].key == "category:cs.CV"
    assert pane.label(Filter(FilterKind.CATEGORY, "cs.CV")) == "cs.CV"


def test_a_long_categories_section_shows_the_most_used_then_all(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    pane = FilterPane(settings=settings)
    qtbot.addWidget(pane)
    limit = LIMITS["Categories"]
    counts = category_counts(limit + 8)
    pane.update_entries(counts, [], [], [])
    shown = entries(pane.categories_section)
    assert shown == [f"xx.C{i:02}" for i in range(limit)] + [f"Show all ({limit + 8})"]
    # the current filter stays visible though it is not among the first entries
    late = Filter(FilterKind.CATEGORY, f"xx.C{limit + 5:02}")
    assert pane.item_for(late) is None and pane.filter_for(late.key) == late
    pane.select(late)
    assert pane.currentItem() is pane.item_for(late) and pane.current_filter() == late
    more = pane.categories_section.child(pane.categories_section.childCount() - 1)
    assert more.data(0, MORE_ROLE) == "Categories"
    pane.itemClicked.emit(more, 0)  # what a click does
    assert len(entries(pane.categories_section)) == limit + 8 + 1
    assert entries(pane.categories_section)[-1] == "Show fewer"
    # open/closed and "show all" are remembered like the other sections
    pane.categories_section.setExpanded(False)
    again = FilterPane(settings=settings)
    qtbot.addWidget(again)
    again.update_entries(counts, [], [], [])
    assert not again.categories_section.isExpanded() and again.tags_section.isExpanded()
    assert entries(again.categories_section)[-1] == "Show fewer"


def _store(lib: Library, *papers: ParsedPaper) -> None:
    digest = ParsedDigest(format="arxiv-feed", papers=list(papers), digest_date=dt.date(2024, 5, 22))
    lib.store.store_digest(digest, "feed", hashlib.sha256(b"feed").hexdigest())
    lib.sync_index()


def categorised(tmp_path: Path) -> Library:
    lib = Library.open(tmp_path / "lib")
    _store(lib,
           ParsedPaper(title="Speech tokens", arxiv_id="2405.00001", authors=["A. A"],
                       meta=PaperMeta(categories=("eess.AS", "cs.CL"))),
           ParsedPaper(title="Parsing trees", arxiv_id="2405.00002", authors=["B. B"],
                       meta=PaperMeta(categories=("cs.CL",))),
           ParsedPaper(title="Robot arms", arxiv_id="2405.00003", authors=["C. C"],
                       meta=PaperMeta(categories=("cs.RO", "cs.LG"))),
           ParsedPaper(title="No metadata", arxiv_id="2405.00004", authors=["D. D"]))
    return lib


def test_in_the_window_a_category_filters_the_list_and_is_remembered(
        qtbot, tmp_path: Path, window_for, idle, settings) -> None:  # noqa: ANN001
    lib = categorised(tmp_path)
    try:
        w = window_for(lib)
        pane = w.filter_pane
        assert entries(pane.categories_section) == ["cs.CL", "cs.LG", "cs.RO", "eess.AS"]
        assert pane.count_text(Filter(FilterKind.CATEGORY, "cs.CL")) == "2"
        pane.setCurrentItem(pane.item_for(Filter(FilterKind.CATEGORY, "cs.CL")))
        idle(w)
        assert w.spec.filter == Filter(FilterKind.CATEGORY, "cs.CL")
        titles = {w.model.row_at(r).title for r in range(w.model.rowCount())}
        assert titles == {"Speech tokens", "Parsing trees"}  # primary or cross-list
        w.close()
        again = window_for(lib)  # the same settings: the list comes back on the category
        idle(again)
        assert again.spec.filter == Filter(FilterKind.CATEGORY, "cs.CL")
        assert again.filter_pane.currentItem() is again.filter_pane.item_for(again.spec.filter)
        assert again.model.rowCount() == 2
        again.close()
    finally:
        lib.close()


def test_the_window_hides_categories_for_a_library_without_any(window) -> None:  # noqa: ANN001
    assert window.filter_pane.categories_section.isHidden()
    assert window.filter_pane.categories_section.childCount() == 0
