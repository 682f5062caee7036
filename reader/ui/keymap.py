"""The effective keys of the window's actions: the defaults of :data:`~reader.ui.actions.ACTIONS`
overridden by the user's bindings (Preferences ▸ Keys), and the rules a new binding must pass.

Pure: no widgets, no settings file. :class:`~reader.ui.user_prefs.UserPrefs` reads the user's
overrides with :func:`parse_overrides` (an unknown action or an unparsable key is dropped with a
warning in the log, never an error); the window applies :func:`effective_keys` to its
``QAction``\\ s, their tooltips and the shortcut sheet.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace

from PySide6.QtGui import QKeySequence

from reader.ui.actions import ACTIONS, Action, ActionSpec, duplicate_bindings

log = logging.getLogger(__name__)

Keys = tuple[str, ...]
KeyMap = dict[Action, Keys]


def normal_key(key: str) -> str | None:
    """``key`` in Qt's portable spelling (``"g,i"`` → ``"G, I"``); ``None`` when it does not
    parse as a key sequence (``"Ctrl+Foo"``, ``"xyz"``, empty)."""
    text = QKeySequence(key.strip()).toString(QKeySequence.SequenceFormat.PortableText) if key else ""
    return text or None


def default_keys(table: Mapping[Action, ActionSpec] = ACTIONS) -> KeyMap:
    return {action: spec.keys for action, spec in table.items()}


def effective_keys(overrides: Mapping[Action, Keys],
                   table: Mapping[Action, ActionSpec] = ACTIONS) -> KeyMap:
    """Every action's keys: its override if the user made one (an empty one unbinds it), else
    its default."""
    return {action: tuple(overrides.get(action, spec.keys)) for action, spec in table.items()}


def parse_overrides(raw: Mapping[str, object]) -> dict[Action, Keys]:
    """The user's bindings as read from the settings file (action name → list of key strings).
    An unknown action name or a key that does not parse is left out with a warning."""
    by_value = {a.value: a for a in Action}
    out: dict[Action, Keys] = {}
    for name, value in raw.items():
        action = by_value.get(name)
        if action is None:
            log.warning("key bindings: ignoring unknown action %r", name)
            continue
        if not isinstance(value, (list, tuple)) or not all(isinstance(k, str) for k in value):
            log.warning("key bindings: ignoring %r: not a list of keys (%r)", name, value)
            continue
        keys = []
        for key in value:
            normal = normal_key(key)
            if normal is None:
                log.warning("key bindings: ignoring the key %r of %r: not a key sequence", key, name)
            else:
                keys.append(normal)
        if keys or not value:  # an empty list: the user unbound the action
            out[action] = tuple(keys)
    return out


def conflict(keys: Mapping[Action, Keys], action: Action, new_keys: Keys,
             table: Mapping[Action, ActionSpec] = ACTIONS) -> str | None:
    """Why ``action`` cannot take ``new_keys`` given the other actions' ``keys`` (``None``: it
    can): a key that does not parse, or one another action holds (also a prefix clash such as
    ``G`` against ``G, I``, :func:`~reader.ui.actions.duplicate_bindings`)."""
    normal: list[str] = []
    for key in new_keys:
        n = normal_key(key)
        if n is None:
            return f"“{key}” is not a key sequence"
        normal.append(n)
    trial = {a: replace(spec, keys=tuple(normal) if a is action else keys.get(a, spec.keys))
             for a, spec in table.items()}
    clashes = duplicate_bindings(trial)
    for _key, owners in sorted(clashes.items()):
        others = [o for o in dict.fromkeys(owners) if o is not action]
        if action not in owners or not others:
            continue
        holder = others[0]
        theirs = [_normal_or_same(k) for k in trial[holder].keys]
        name = f"“{table[holder].menu} ▸ {label(holder, table)}” ({', '.join(theirs)})"
        same = [k for k in normal if k in theirs]
        if same:
            return f"{same[0]} is already used by {name}"
        longer = [k for k in normal if any(_starts(k, t) for t in theirs)]
        if longer:
            return f"{longer[0]} starts with the key of {name}"
        shorter = next(k for k in normal if any(_starts(t, k) for t in theirs))
        return f"{shorter} is the start of the keys of {name}"
    return None


def _starts(key: str, prefix: str) -> bool:
    """``key`` is a longer sequence that begins with ``prefix`` (``G, I`` and ``G``)."""
    return key.startswith(prefix + ", ")


def label(action: Action, table: Mapping[Action, ActionSpec] = ACTIONS) -> str:
    """An action's menu text without the mnemonic and the ellipsis."""
    return table[action].text.replace("&", "").replace("…", "")


def _normal_or_same(key: str) -> str:
    return normal_key(key) or key
