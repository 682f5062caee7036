"""Saved searches from the window: save the current search, see it in the filters pane with
its count, rename it, delete it."""

from __future__ import annotations

from reader.core.model import Filter, FilterKind


def test_saved_search_save_rename_delete(qtbot, window, idle):  # noqa: ANN001
    w = window
    w.go(Filter(FilterKind.HAS_CODE))
    w.search_box.setText("transformer")
    idle(w)
    shown = w.model.rowCount()
    w.save_current_search("code transformers")
    idle(w)
    assert [s.name for s in w.library.saved_searches()] == ["code transformers"]
    key = "saved:code transformers"
    # the filter pane shows it once the counts refresh after the write has landed
    qtbot.waitUntil(lambda: w.filter_pane.filter_for(key) is not None, timeout=5000)
    w.search_box.clear()
    idle(w)
    w.go(w.filter_pane.filter_for(key))
    idle(w)
    assert w.model.rowCount() == shown
    assert w.filter_pane.count_text(Filter(FilterKind.SAVED, "code transformers")) == str(shown)
    w.submit_write("rename", lambda lib: lib.rename_search("code transformers", "ct"))
    idle(w)
    qtbot.waitUntil(lambda: w.filter_pane.filter_for("saved:ct") is not None
                    and w.filter_pane.filter_for(key) is None, timeout=5000)
    w.submit_write("delete", lambda lib: lib.delete_search("ct"))
    idle(w)
    qtbot.waitUntil(lambda: w.filter_pane.filter_for("saved:ct") is None, timeout=5000)
    idle(w)
    assert w.spec.filter.kind is not FilterKind.SAVED  # fell back to a filter that exists
