"""Where the list was in each filter: the paper last current there and the scroll position,
kept across filter switches and restarts (one JSON string in the settings).

``ListPositions(qsettings, group)`` stores ``{filter key: [paper id, scroll value]}`` under
``f"{group}/list/positions"`` (``list/positions`` when ``group`` is ""), the most recently
used filter last, at most :data:`MAX_FILTERS` of them (the oldest dropped). A stored value
that does not read back as such a mapping is ignored entry by entry; nothing else breaks.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings

#: The filters whose position is kept; using one more drops the one used longest ago.
MAX_FILTERS = 200


class ListPositions:
    """The last current paper and scroll value of each filter, most recent last."""

    def __init__(self, qsettings: QSettings, group: str = "") -> None:
        self.qsettings = qsettings
        self.key = f"{group.strip('/')}/list/positions" if group.strip("/") else "list/positions"
        self._positions = self._read()

    def _read(self) -> dict[str, tuple[int, int]]:
        raw = self.qsettings.value(self.key)
        if not isinstance(raw, str) or not raw:
            return {}
        try:
            data = json.loads(raw)
        except ValueError:
            return {}
        if not isinstance(data, dict):
            return {}
        out: dict[str, tuple[int, int]] = {}
        for key, value in data.items():
            if (isinstance(value, list) and len(value) == 2
                    and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)):
                out[str(key)] = (value[0], value[1])
        return dict(list(out.items())[-MAX_FILTERS:])

    def get(self, filter_key: str) -> tuple[int, int] | None:
        """(paper id, scroll value) last seen in the filter, or None."""
        return self._positions.get(filter_key)

    def put(self, filter_key: str, paper_id: int, scroll: int) -> None:
        """Remember the filter's current paper and scroll value (it becomes the most recent)."""
        if not filter_key:
            raise ValueError("a list position needs a filter key")
        if isinstance(paper_id, bool) or not isinstance(paper_id, int) or paper_id < 0:
            raise ValueError(f"a list position needs a paper id, got {paper_id!r}")
        if isinstance(scroll, bool) or not isinstance(scroll, int) or scroll < 0:
            raise ValueError(f"a scroll position is a whole number ≥ 0, got {scroll!r}")
        if self._positions.get(filter_key) == (paper_id, scroll) and (
                next(reversed(self._positions)) == filter_key):
            return  # nothing changed: no write
        self._positions.pop(filter_key, None)
        self._positions[filter_key] = (paper_id, scroll)
        while len(self._positions) > MAX_FILTERS:
            self._positions.pop(next(iter(self._positions)))
        self.qsettings.setValue(self.key, json.dumps({k: list(v) for k, v in self._positions.items()}))

    def keys(self) -> list[str]:
        """The filters with a position, the one used longest ago first."""
        return list(self._positions)
