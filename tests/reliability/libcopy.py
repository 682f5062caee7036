"""A library with the sample digest imported, built once per test session and copied per test
(importing and indexing the sample for every one of ~100 tests would dominate their time)."""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import shutil
import tempfile
from pathlib import Path

from reader.core.library import Library

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "hf-daily-papers-sample.txt"
AS_OF = dt.date(2026, 11, 26)


@functools.cache
def _template() -> Path:
    base = Path(tempfile.mkdtemp(prefix="dr-sample-template-"))
    atexit.register(shutil.rmtree, base, True)
    with Library.open(base / "lib") as lib:
        assert lib.import_files([SAMPLE], as_of=AS_OF).new == 38
    return base / "lib"


def sample_copy(dest: Path) -> Library:
    """A fresh, writable library at ``dest`` holding the 38 papers of the sample digest."""
    shutil.copytree(_template(), dest)
    (dest / "library.lock").unlink(missing_ok=True)
    return Library.open(dest)
