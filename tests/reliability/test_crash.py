"""A few seeded SIGKILL-during-import trials in the default suite (the full run: 50+ trials,
``python tests/reliability/crash_harness.py --trials 50 --seed 1``)."""

from __future__ import annotations

import signal
from pathlib import Path

import crash_harness


def test_kill_during_import_loses_nothing(tmp_path: Path) -> None:
    results = crash_harness.run(trials=3, seed=11, files=10, papers=20, work=tmp_path,
                                verbose=False)
    summary = crash_harness.summary(results, 10)
    assert all(t.ok for t in results), [t.problems for t in results]
    assert summary.startswith("trials survived 3/3")
    # The harness really kills: at least one trial was SIGKILLed before finishing.
    assert any(t.exit_code == -signal.SIGKILL for t in results)
