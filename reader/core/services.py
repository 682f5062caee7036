"""Where ``Library`` lived before it became the package :mod:`reader.core.library`.

Kept so existing imports keep working (``from reader.core.services import Library``); new
code imports from :mod:`reader.core.library`. The import-pipeline threshold is
``reader.core.library.importing.PIPELINE_MIN_BYTES`` (patch it there: a copy here would not
be read).
"""

from reader.core.library import (
    BACKUP_DIR,
    DB_NAME,
    INDEX_DIR,
    LOCK_NAME,
    Cancel,
    Library,
    LibraryError,
    LibraryLocked,
    Progress,
    QueryError,
)
from reader.core.library.indexing import IndexFeed as _IndexFeed  # tests/perf/bench.py times it

__all__ = [
    "BACKUP_DIR",
    "DB_NAME",
    "INDEX_DIR",
    "LOCK_NAME",
    "Cancel",
    "Library",
    "LibraryError",
    "LibraryLocked",
    "Progress",
    "QueryError",
    "_IndexFeed",
]
