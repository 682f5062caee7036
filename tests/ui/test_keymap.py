"""keymap: the effective keys (defaults overridden by the user's), reading overrides, conflicts."""

from __future__ import annotations

import logging

import pytest

from reader.ui.actions import ACTIONS, Action, shortcut_sheet_html
from reader.ui.keymap import conflict, default_keys, effective_keys, normal_key, parse_overrides


def test_an_override_replaces_the_default_and_an_empty_one_unbinds() -> None:
    keys = effective_keys({Action.STAR: ("W",), Action.DISMISS: ()})
    assert keys[Action.STAR] == ("W",)
    assert keys[Action.DISMISS] == ()
    assert keys[Action.NEXT] == ACTIONS[Action.NEXT].keys  # untouched
    assert set(keys) == set(ACTIONS)
    assert effective_keys({}) == default_keys()


def test_keys_are_read_in_qts_portable_spelling() -> None:
    assert normal_key("g,i") == "G, I"
    assert normal_key("ctrl+shift+z") == "Ctrl+Shift+Z"
    assert normal_key("Ctrl+Foo") is None and normal_key("xyz") is None and normal_key("") is None


def test_unknown_actions_and_unparsable_keys_are_dropped_with_a_warning(
        caplog: pytest.LogCaptureFixture) -> None:
    raw: dict[str, object] = {
        "star": ["w"],
        "no-such-action": ["F5"],
        "next": ["Ctrl+Foo"],  # the only key does not parse: the default stays
        "previous": ["Ctrl+Foo", "U"],  # the good one is kept
        "dismiss": [],  # unbound on purpose
        "queue": "Q",  # not a list
    }
    with caplog.at_level(logging.WARNING, logger="reader.ui.keymap"):
        got = parse_overrides(raw)
    assert got == {Action.STAR: ("W",), Action.PREVIOUS: ("U",), Action.DISMISS: ()}
    text = caplog.text
    assert "no-such-action" in text and "Ctrl+Foo" in text and "'queue'" in text


def test_a_key_another_action_holds_is_refused_with_its_name() -> None:
    keys = default_keys()
    problem = conflict(keys, Action.STAR, ("D",))
    assert problem == "D is already used by “Paper ▸ Mark Done” (D)"
    problem = conflict(keys, Action.STAR, ("d",))  # any spelling
    assert problem is not None and "Mark Done" in problem


def test_a_prefix_clash_is_refused_both_ways() -> None:
    keys = default_keys()
    problem = conflict(keys, Action.STAR, ("G",))  # G would hide G, I (Go ▸ Inbox) …
    assert problem == "G is the start of the keys of “Go ▸ Inbox” (G, I)"
    problem = conflict(keys, Action.ABOUT, ("S, X",))  # … and S, X is hidden behind S (Star)
    assert problem == "S, X starts with the key of “Paper ▸ Star / Unstar” (S)"


def test_free_keys_own_keys_and_freed_keys_are_allowed() -> None:
    keys = default_keys()
    assert conflict(keys, Action.STAR, ("W",)) is None
    assert conflict(keys, Action.STAR, ("S",)) is None  # its own key
    assert conflict(keys, Action.STAR, ()) is None  # no key at all
    moved = effective_keys({Action.DONE: ("Ctrl+D",)})
    assert conflict(moved, Action.STAR, ("D",)) is None  # Done gave it up
    assert conflict(keys, Action.STAR, ("Ctrl+Foo",)) == "“Ctrl+Foo” is not a key sequence"


def test_the_shortcut_sheet_shows_the_effective_keys() -> None:
    default = shortcut_sheet_html()
    assert "<code>s</code></b></td><td>Star / Unstar" in default
    html = shortcut_sheet_html(effective_keys({Action.STAR: ("W",), Action.DISMISS: ()}))
    assert "<code>w</code></b></td><td>Star / Unstar" in html
    assert "<code>s</code></b></td><td>Star / Unstar" not in html
    assert "Dismiss" in default and "Dismiss" not in html  # no key: not on the sheet
