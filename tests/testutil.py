"""Constants and paths shared by the tests (importable as ``testutil``: tests/ is on sys.path)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "hf-daily-papers-sample.txt"
AS_OF = dt.date(2026, 11, 26)


def shared_dir() -> Path:
    """``../shared`` beside the checkout (as CI lays it out), else the development copy."""
    for candidate in (ROOT.parent / "shared", Path("/work/shared")):
        if (candidate / "corpus").is_dir():
            return candidate
    return ROOT.parent / "shared"
