"""Shared test setup: headless Qt, isolated settings/data folders, fresh libraries."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Without a display pytest-qt aborts with a core dump unless Qt renders offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the user's real settings or library from a test.
_ISOLATED = Path(tempfile.mkdtemp(prefix="digest-reader-tests-"))
os.environ["XDG_CONFIG_HOME"] = str(_ISOLATED / "config")
os.environ["XDG_DATA_HOME"] = str(_ISOLATED / "data")
os.environ["DIGEST_READER_HOME"] = str(_ISOLATED / "default-library")

import pytest  # noqa: E402
from testutil import AS_OF, SAMPLE  # noqa: E402

from reader.core.library import Library  # noqa: E402


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "lib")
    try:
        yield lib
    finally:
        lib.close()


@pytest.fixture
def sample_library(library: Library) -> Library:
    report = library.import_files([SAMPLE], as_of=AS_OF)
    assert report.new == 38
    return library
