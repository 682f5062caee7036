"""What an empty list says: why it is empty and what to do, one table row per filter kind/state.

:data:`EMPTY_MESSAGES` is keyed like a filter (``"inbox"``, ``"queued"``, ``"starred"``, ``"tag"``…;
``"search"``/``"search-all"`` for a search without results); keys in the text (``{queue}``) are
the actions' first keys as the window binds them (Preferences ▸ Keys), so the message never
names a key the window does not have. :func:`empty_message` picks and fills the row; the list
controller hands it to ``PaperTableView.set_empty_message`` when a page lands.
"""

from __future__ import annotations

from collections.abc import Mapping

from reader.core.model import Filter, FilterKind
from reader.ui.actions import ACTIONS, Action, display_text

EMPTY_MESSAGES: dict[str, str] = {
    "search": "No papers match “{query}” in {where}. Check the spelling, search all papers, "
              "or press Esc to clear.",
    "search-all": "No papers match “{query}”. Check the spelling, try fewer words, "
                  "or press Esc to clear.",
    "inbox": "The Inbox is empty: every paper is triaged. Papers arrive here when you import "
             "a digest ({import}).",
    "queued": "Nothing queued. Press {queue} on a paper to queue it; {go-inbox} goes to the Inbox.",
    "reading": "Nothing in Reading. Press {reading} on a paper you start reading.",
    "done": "Nothing done yet. Press {done} on a paper when you have read it.",
    "dismissed": "Nothing dismissed. Press {dismiss} on a paper you do not want to read; "
                 "it stays searchable.",
    "all": "The library is empty. Import a digest ({import}) to start.",
    "starred": "No starred papers. Press {star} on a paper to star it.",
    "has-code": "No paper has a code link (GitHub, GitLab).",
    "has-notes": "No paper has notes. Press {edit-notes} on a paper to write one.",
    "tag": "No paper is tagged “{name}”. Press {edit-tags} on a paper to tag it.",
    "digest": "This digest has no papers left in the library.",
    "saved": "Nothing matches this saved search now.",
    "category": "No paper in the library is listed in {name}. Categories come from arXiv "
                "mailings, feeds and API results.",
    "new": "None of the papers the last import added are left here: they were all new to the "
           "import but have since been deleted, or the library changed under them.",
}


def _key(action: Action, bound: Mapping[Action, tuple[str, ...]] | None) -> str:
    keys = bound.get(action, ()) if bound is not None else ACTIONS[action].keys
    return display_text(keys[0]) if keys else f"“{ACTIONS[action].text.replace('&', '')}”"


def message_key(flt: Filter, text: str = "") -> str:
    """The row of :data:`EMPTY_MESSAGES` for an empty list of ``flt`` (searched for ``text``)."""
    if text.strip():
        return "search-all" if flt.kind is FilterKind.ALL else "search"
    if flt.kind is FilterKind.STATE:
        return str(flt.value)
    return flt.kind.value


def empty_message(flt: Filter, text: str = "", where: str = "this list",
                  keys: Mapping[Action, tuple[str, ...]] | None = None) -> str:
    """What an empty list of ``flt`` says (``where``: the filter's label, for a search; ``keys``:
    the window's effective bindings, default: :data:`ACTIONS`' own; an action the user left
    without a key is named by its menu text)."""
    template = EMPTY_MESSAGES[message_key(flt, text)]
    fields = {action.value: _key(action, keys) for action in Action}
    return template.format_map({**fields, "query": text.strip(), "where": where,
                                "name": str(flt.value or "")})
