"""An empty list says why it is empty and what to do: the message table and the window."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from reader.core.model import Filter, FilterKind, State
from reader.ui.empty_messages import EMPTY_MESSAGES, empty_message, message_key

QUEUE_TEXT = "Nothing queued. Press q on a paper to queue it; g then i goes to the Inbox."


def test_every_filter_kind_and_state_has_a_message() -> None:
    filters = [Filter.state(s) for s in State] + [
        Filter(k, "x") for k in FilterKind if k is not FilterKind.STATE]
    keys = [message_key(f) for f in filters]
    assert keys == [s.value for s in State] + [k.value for k in FilterKind if k is not FilterKind.STATE]
    assert set(keys) | {"search", "search-all"} == set(EMPTY_MESSAGES)
    assert message_key(Filter(), "x") == "search-all" and message_key(filters[0], "x") == "search"


@pytest.mark.parametrize(("flt", "text", "expected"), [
    (Filter.state(State.QUEUED), "", QUEUE_TEXT),
    (Filter.state(State.INBOX), "", "The Inbox is empty: every paper is triaged. Papers arrive here "
                                    "when you import a digest (Ctrl+O)."),
    (Filter(), "  diffusoin ", "No papers match “diffusoin”. Check the spelling, try fewer words, "
                               "or press Esc to clear."),
    (Filter.state(State.DONE), "diffusoin", "No papers match “diffusoin” in Done. Check the "
                                            "spelling, search all papers, or press Esc to clear."),
    (Filter(FilterKind.TAG, "to-read"), "", "No paper is tagged “to-read”. Press t on a paper to tag it."),
    (Filter(FilterKind.STARRED), "", "No starred papers. Press s on a paper to star it."),
    (Filter(FilterKind.DIGEST, "4"), "", "This digest has no papers left in the library."),
])
def test_messages_name_the_keys_of_the_action_table(qtbot, flt: Filter, text: str,  # noqa: ANN001
                                                    expected: str) -> None:
    where = "Done" if flt.kind is FilterKind.STATE else "this list"
    assert empty_message(flt, text, where) == expected


def _viewport(window) -> QImage:  # noqa: ANN001
    return window.view.viewport().grab().toImage()


def test_an_empty_queue_says_what_to_do_and_draws_it(window, idle) -> None:  # noqa: ANN001
    w = window
    w.lists.set_filter(Filter.state(State.QUEUED))
    idle(w)
    assert w.model.rowCount() == 0
    assert w.view.empty_message() == QUEUE_TEXT
    drawn = _viewport(w)
    w.view.set_empty_message("")
    assert _viewport(w) != drawn  # the text is painted in the viewport
    w.lists.set_filter(Filter())
    idle(w)
    assert w.model.rowCount() > 0 and w.view.empty_message() == ""


def test_a_search_without_results_says_so(window, idle) -> None:  # noqa: ANN001
    w = window
    w.lists.set_filter(Filter())
    idle(w)
    w.search_box.setText("zzqxv")
    w.lists.run_search_now()
    idle(w)
    assert w.view.empty_message().startswith("No papers match “zzqxv”. Check the spelling")
    w.lists.set_filter(Filter.state(State.INBOX))
    idle(w)
    assert w.view.empty_message().startswith("No papers match “zzqxv” in Inbox.")


def test_an_inbox_emptied_by_triage_says_so(window, idle) -> None:  # noqa: ANN001
    w = window
    w.lists.set_filter(Filter.state(State.INBOX))
    idle(w)
    ids = [r.id for r in w.library.query("", Filter.state(State.INBOX), None, 0, 100).rows]
    w.library.set_state(ids, State.DONE)
    w.refresh()
    idle(w)
    assert w.model.rowCount() == 0
    assert w.view.empty_message().startswith("The Inbox is empty")


def test_empty_tag_and_starred_lists_say_so(window, idle) -> None:  # noqa: ANN001
    w = window
    w.lists.set_filter(Filter(FilterKind.STARRED))
    idle(w)
    assert w.view.empty_message() == "No starred papers. Press s on a paper to star it."
    w.lists.set_filter(Filter(FilterKind.TAG, "gone"))
    idle(w)
    assert w.view.empty_message() == "No paper is tagged “gone”. Press t on a paper to tag it."


def test_an_empty_category_list_names_the_category(window, idle) -> None:  # noqa: ANN001
    w = window
    w.lists.set_filter(Filter(FilterKind.CATEGORY, "cs.CL"))  # the sample page carries no categories
    idle(w)
    assert w.model.rowCount() == 0
    message = w.view.empty_message()
    assert message.startswith("No paper in the library is listed in cs.CL.")
    assert "arXiv" in message
