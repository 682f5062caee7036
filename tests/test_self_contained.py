"""The repository stands alone: no test reads a file beside the clone, and no file names an
absolute path of a development machine (a user who clones the repository runs every test CI
runs)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from testutil import HF_API, HF_API_DAYS, ROOT

SKIP_DIRS = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".pytest_cache",
             ".mypy_cache", ".ruff_cache", ".hypothesis"}
# A home or work folder of some machine (the work folder, a home folder, a macOS or Windows
# user folder, root's home). Written in pieces so that this file does not name one itself.
_S = "/"
MACHINE_PATH = re.compile(
    (rf"(?<![\w.~-])({_S}work{_S}|{_S}home{_S}[a-z_][\w-]*{_S}|{_S}Users{_S}\w+{_S}|{_S}root{_S}"
     r"|[A-Z]:\\?U" r"sers\\)").encode())
# What a test would use to reach outside the clone.
OUTSIDE = re.compile(r"shared/corpus|shared/digests|shared_dir|\.\./shared|parents\[\d\] / \"shared\"")


def project_files() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*")):
        rel = path.relative_to(ROOT)
        if any(part in SKIP_DIRS or part.endswith(".egg-info") for part in rel.parts):
            continue
        if path.is_file():
            yield path


def test_the_scan_sees_the_project() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in project_files()}
    assert {"README.md", "pyproject.toml", "reader/cli.py", "tests/perf/corpus.py"} <= names


def test_no_absolute_path_of_a_machine_in_the_project() -> None:
    offenders = []
    for path in project_files():
        for match in MACHINE_PATH.finditer(path.read_bytes()):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group().decode(errors='replace')}")
    assert offenders == []


@pytest.mark.parametrize("sample", [
    f"see {_S}work{_S}shared{_S}corpus".encode(),
    b"C:\\" + b"U" + b"sers\\ann\\x",
    f"{_S}home{_S}ann{_S}lib".encode(),
])
def test_the_machine_path_pattern_catches_them(sample: bytes) -> None:
    assert MACHINE_PATH.search(sample)


def test_no_test_reaches_outside_the_clone() -> None:
    me = Path(__file__).resolve()
    offenders = []
    for path in (ROOT / "tests").rglob("*.py"):
        if path.resolve() == me:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OUTSIDE.search(line) and "--source" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_real_api_fixture_days_are_there() -> None:
    days = sorted(HF_API.glob("*.json"))
    assert len(days) == HF_API_DAYS
    assert all(p.stat().st_size > 1000 for p in days)
