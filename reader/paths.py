"""Where things live on disk. Everything is overridable; nothing here creates files."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "digest-reader"
APP_ID = "io.github.digestreader.DigestReader"
ENV_HOME = "DIGEST_READER_HOME"
SAMPLE_DIGEST = "hf-daily-papers-sample.txt"


def default_library_dir() -> Path:
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resource_path(name: str) -> Path:
    """A bundled resource: inside the installed package, else the source tree's resources/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources" / name, here.parent / "resources" / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"bundled resource {name!r} is missing from this installation")


def sample_digest() -> Path:
    return resource_path(SAMPLE_DIGEST)
