"""Constants and paths shared by the tests (importable as ``testutil``: tests/ is on sys.path)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "hf-daily-papers-sample.txt"
AS_OF = dt.date(2026, 11, 26)
FIXTURES = ROOT / "tests" / "fixtures"
# Ten real days of the Hugging Face /api/daily_papers endpoint (2024-05-27 ... 2024-12-26), one
# per schema variant of the archived corpus: `mediaUrl` vs `mediaUrls`/`thumbnail`,
# `submittedBy`, `discussionId`, `isAuthorParticipating`, and items stored as Python-repr strings.
HF_API = FIXTURES / "hf-api"
HF_API_DAYS = 10
HF_API_PAPERS = 121  # entries over the ten days; every paper appears on one day only
