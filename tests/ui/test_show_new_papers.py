"""Show New Papers (the banner's button after an import): exactly the papers the import
added — a temporary "New from last import" entry, the first paper current and alone
selected — and a search inside them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from testutil import AS_OF, HF_API

from reader.core.model import Filter, FilterKind, State

DAY_1, DAY_2 = HF_API / "2024-05-27.json", HF_API / "2024-05-31.json"


def _two_overlapping_files(tmp_path: Path) -> list[Path]:
    """One day, and a file with that day and a second one (the first day's papers overlap)."""
    one = tmp_path / "one.json"
    one.write_text(DAY_1.read_text())
    both = tmp_path / "both.json"
    both.write_text(json.dumps(json.loads(DAY_1.read_text()) + json.loads(DAY_2.read_text())))
    return [one, both]


def test_show_new_papers_shows_exactly_the_new_ones_with_one_selected(
        qtbot, window, idle, tmp_path: Path) -> None:  # noqa: ANN001
    w = window
    lib = w.library
    before = {r.id for r in lib.query("", Filter(), None, 0, 1000).rows}
    with qtbot.waitSignal(w.importFinished, timeout=20000) as blocker:
        w.import_paths(_two_overlapping_files(tmp_path), AS_OF, preview=False)
    report = blocker.args[0]
    idle(w)
    new = report.new_ids
    assert report.new == len(new) == 24 and report.files[1].new == 11  # day 1 counted once
    # one run of the only writer: the new ids are one range right after the old ones
    assert sorted(new) == list(range(max(before) + 1, max(before) + 1 + len(new)))
    lib.set_state([new[0]], State.DONE)  # state does not matter: every new paper is shown
    w.show_new_papers()
    idle(w)
    flt = w.spec.filter
    assert flt.kind is FilterKind.NEW and flt.key == f"new:{min(new)}-{max(new)}"
    shown = [w.model.id_at(r) for r in range(w.model.rowCount())]
    assert sorted(shown) == sorted(new)
    assert w.view.currentIndex().row() == 0
    assert w.selected_ids() == [shown[0]]  # one stray key triages one paper, not the lot
    assert len(w.keeper.selected_rows()) == 1
    assert w.view.hasFocus()
    assert w.filter_pane.label(flt) == "New from last import"
    assert w.filter_pane.count_text(flt) == "24"
    # a search inside the new papers (the index's form of the filter)
    w.search_box.setText("model")
    w.lists.run_search_now()
    idle(w)
    hits = [w.model.id_at(r) for r in range(w.model.rowCount())]
    assert hits and set(hits) <= set(new)
    assert hits == [r.id for r in lib.query("model", flt, None, 0, 100).rows]
    assert len(hits) < lib.query("model", Filter(), None, 0, 0).total  # the old papers match too
    # leaving it removes the temporary entry
    w.go(Filter.state(State.INBOX))
    idle(w)
    assert w.filter_pane.filter_for(flt.key) is None
    assert w.spec.filter == Filter.state(State.INBOX)


def test_the_new_filter_spelling() -> None:
    assert Filter.parse("new:5-9") == Filter(FilterKind.NEW, "5-9")
    assert Filter.parse("new:5-9").id_range() == (5, 9)
    assert Filter.new_papers([7, 5, 6]).key == "new:5-7"
    with pytest.raises(ValueError, match="not one id range"):
        Filter.new_papers([1, 3])
    with pytest.raises(ValueError, match="ends before it starts"):
        Filter.parse("new:9-5")
    with pytest.raises(ValueError, match="FIRST-LAST"):
        Filter.parse("new:abc")
    with pytest.raises(ValueError, match="no new papers"):
        Filter.new_papers([])
