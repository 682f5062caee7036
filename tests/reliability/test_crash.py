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


def test_no_process_outlives_a_kill_of_the_window(tmp_path: Path) -> None:
    """Issue 10's window trial, once: the window (offscreen, its index writers started by a
    fork server) is SIGKILLed during the import it started, while its child processes run;
    none of them is alive 3 s later and the library opens at once. The full run of every
    kind: ``python tests/reliability/crash_harness.py --kinds first,final,window --trials 60``;
    the kill of a CLI import under fork and spawn: ``test_processes.py``."""
    # (re-running the import after the kill, check 5, is left to the full run)
    # On a loaded machine the import can finish before its writer processes are seen; such a
    # trial still must pass every check, and another is run (3 at most) until one kills the
    # window while 3 children run.
    for attempt in range(3):
        results = crash_harness.run_processes(["window"], trials=1, seed=5 + attempt, files=12,
                                              papers=40, work=tmp_path / f"attempt-{attempt}",
                                              resume=False, verbose=False, with_children=3)
        assert all(t.ok for t in results), [t.problems for t in results]
        (trial,) = results
        if trial.children_at_kill >= 3:
            break
    assert trial.exit_code == -signal.SIGKILL
    assert trial.children_at_kill >= 3  # resource tracker, fork server, a writer
    assert trial.gone_after is not None and trial.gone_after <= crash_harness.GONE_WITHIN
    assert trial.opened_after is not None and trial.opened_after <= crash_harness.OPEN_WITHIN
    assert crash_harness.process_summary(results).startswith("trials survived 1/1")
