"""Every action has exactly one handler: the window's and its controllers' tables together
cover ACTIONS, no more, and no action is claimed twice."""

from __future__ import annotations

import pytest

from reader.ui.actions import ACTIONS, Action


def test_the_merged_handlers_cover_every_action_exactly(window) -> None:  # noqa: ANN001
    handlers = window.handlers()
    assert set(handlers) == set(ACTIONS)
    assert all(callable(h) for h in handlers.values())
    parts = [window.lists.handlers(), window.triage.handlers(), window.imports.handlers(),
             window.saved_searches.handlers()]
    claimed = [a for part in parts for a in part]
    assert len(claimed) == len(set(claimed))  # no action in two controllers
    assert set(window.actions_by_id) == set(ACTIONS)


def test_an_action_claimed_twice_is_refused(window, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(window.saved_searches, "handlers", lambda: {Action.STAR: lambda: None})
    with pytest.raises(RuntimeError, match="star"):
        window.handlers()


def test_triggering_an_action_runs_its_controller(qtbot, window, idle) -> None:  # noqa: ANN001
    pid = window.current_id()
    window.trigger(Action.STAR)
    idle(window)
    assert window.library.get(pid).starred
    window.trigger(Action.UNDO)
    idle(window)
    assert not window.library.get(pid).starred
    window.trigger(Action.GO_ALL)
    idle(window)
    assert window.spec.filter.key == "all"
