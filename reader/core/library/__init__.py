"""The library: the one API the window and the command line use (ARCHITECTURE.md, "Layers").

- :mod:`~reader.core.library.facade`: :class:`Library`, the thin facade (open/close, then
  validate, delegate, bring the index up to date);
- :mod:`~reader.core.library.importing`: :class:`~reader.core.library.importing.ImportRun`,
  one run of ``import_files``;
- :mod:`~reader.core.library.indexing`: :class:`~reader.core.library.indexing.IndexSync`,
  the index kept in step with the database, and the index build fed during an import;
- :mod:`~reader.core.library.queries`: the reads (pages, search hits, counts);
- :mod:`~reader.core.library.triage`: the user's edits (star, state, queue, tags, notes);
- :mod:`~reader.core.library.lock`: the one-writer lock of a library folder;
- :mod:`~reader.core.library.exporting`: the JSON export.
"""

from reader.core.errors import LibraryError, LibraryLocked
from reader.core.library.callbacks import Cancel, Progress
from reader.core.library.facade import BACKUP_DIR, DB_NAME, INDEX_DIR, LOCK_NAME, Library
from reader.core.search import QueryError

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
]
