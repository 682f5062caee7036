"""The house rules a reviewer would otherwise check by hand: ruff is clean on the code and the
tests, mypy is clean on all of ``reader/`` (core and ui), and no module grows past the size
ARCHITECTURE.md allows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 420  # "~400 lines at most" (ARCHITECTURE.md, "The rooms")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600)


def test_ruff_is_clean() -> None:
    done = _run("ruff", "check", "reader", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean_on_the_core_and_the_window() -> None:
    done = _run("mypy", "reader")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success" in done.stdout


def test_no_module_is_overfull() -> None:
    sizes = {p.relative_to(REPO).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in (REPO / "reader").rglob("*.py")}
    assert len(sizes) > 50  # the walk found the package
    assert {p: n for p, n in sizes.items() if n > MAX_MODULE_LINES} == {}
