"""ListPositions: the last paper and scroll of each filter, one bounded JSON value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from reader.ui import list_positions
from reader.ui.list_positions import ListPositions


@pytest.fixture
def qs(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "positions.ini"), QSettings.Format.IniFormat)


def test_positions_round_trip_through_the_settings(qs: QSettings, tmp_path: Path) -> None:
    p = ListPositions(qs)
    assert p.key == "list/positions" and p.get("inbox") is None
    p.put("inbox", 12, 30)
    p.put("digest:3", 7, 0)
    p.put("inbox", 13, 31)  # again: updated, and now the most recent
    assert p.get("inbox") == (13, 31) and p.keys() == ["digest:3", "inbox"]
    assert json.loads(qs.value("list/positions")) == {"digest:3": [7, 0], "inbox": [13, 31]}
    qs.sync()
    again = ListPositions(QSettings(str(tmp_path / "positions.ini"), QSettings.Format.IniFormat))
    assert again.get("inbox") == (13, 31) and again.get("digest:3") == (7, 0)


def test_a_group_keeps_its_own_positions(qs: QSettings) -> None:
    one, two = ListPositions(qs, "lib-a"), ListPositions(qs, "lib-b")
    assert one.key == "lib-a/list/positions"
    one.put("inbox", 1, 0)
    assert two.get("inbox") is None and ListPositions(qs).get("inbox") is None
    assert ListPositions(qs, "lib-a").get("inbox") == (1, 0)


def test_at_most_max_filters_are_kept_the_oldest_dropped(qs: QSettings,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(list_positions, "MAX_FILTERS", 3)
    p = ListPositions(qs)
    for n in range(5):
        p.put(f"tag:t{n}", n, n)
    assert p.keys() == ["tag:t2", "tag:t3", "tag:t4"]
    assert len(json.loads(qs.value("list/positions"))) == 3
    assert list_positions.MAX_FILTERS == 3 and ListPositions(qs).keys() == ["tag:t2", "tag:t3", "tag:t4"]


@pytest.mark.parametrize("stored", ["not json", "[1, 2]", json.dumps({"inbox": [1]}),
                                    json.dumps({"inbox": ["a", 2]}), json.dumps({"inbox": [-1, 0]})])
def test_a_damaged_value_reads_as_no_position(qs: QSettings, stored: str) -> None:
    qs.setValue("list/positions", stored)
    p = ListPositions(qs)
    assert p.get("inbox") is None
    p.put("inbox", 5, 0)  # and it is replaced on the next write
    assert ListPositions(qs).get("inbox") == (5, 0)


def test_bad_positions_are_refused_and_change_nothing(qs: QSettings) -> None:
    p = ListPositions(qs)
    p.put("inbox", 5, 2)
    for bad in [("", 1, 0), ("inbox", -1, 0), ("inbox", 5, -3), ("inbox", True, 0), ("inbox", 5, 1.5)]:
        with pytest.raises(ValueError):
            p.put(*bad)  # type: ignore[arg-type]
    assert p.get("inbox") == (5, 2) and ListPositions(qs).get("inbox") == (5, 2)
