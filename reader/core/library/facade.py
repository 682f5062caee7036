"""``Library``: the one API the window and the command line use (ARCHITECTURE.md, "Layers").

It owns a :class:`~reader.core.store.Store` (SQLite, the truth) and a
:class:`~reader.core.search.SearchIndex` (Whoosh), keeps them in step, and returns plain
dataclasses from :mod:`reader.core.model`. It is not thread-safe for concurrent writes:
callers send writes through one thread (the UI's single-thread write pool).

A thin facade: each method validates, delegates and, after a write, brings the index up to
date (``_after_write``). The work lives beside it: an import run in
:mod:`~reader.core.library.importing`, the index side in :mod:`~reader.core.library.indexing`,
the reads in :mod:`~reader.core.library.queries`, the user's edits in
:mod:`~reader.core.library.triage`.

Library folder layout: ``library.sqlite``, ``index/``, ``backups/``, ``library.lock``.
A writable ``Library`` holds an exclusive lock on ``library.lock`` so two processes never
write the same library; a second opener gets :class:`LibraryLocked` (or opens read-only).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from reader.core.errors import DatabaseError, LibraryError, LibraryLocked, StoreError, one_line
from reader.core.library.callbacks import Cancel, Progress
from reader.core.library.exporting import write_export
from reader.core.library.importing import ImportRun
from reader.core.library.indexing import IndexFeed, IndexSync
from reader.core.library.lock import LibraryLock
from reader.core.library.queries import Queries
from reader.core.library.saving import saving
from reader.core.library.triage import TriageMixin
from reader.core.model import (
    CheckResult,
    DigestInfo,
    Filter,
    FilterKind,
    ImportReport,
    Page,
    Paper,
    SavedSearch,
    SearchHit,
    Sort,
    State,
    Stats,
)
from reader.core.search import SearchIndex
from reader.core.store import Store
from reader.core.text import arxiv_id_of

DB_NAME = "library.sqlite"
INDEX_DIR = "index"
BACKUP_DIR = "backups"
LOCK_NAME = "library.lock"


class Library(TriageMixin):
    """An open library folder. Use :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(self, root: Path, store: Store, index: SearchIndex, lock: LibraryLock | None) -> None:
        self.root = root
        self.store = store
        self.index = index
        self._lock = lock
        self.read_only = lock is None
        #: the index side: catch-up, rebuild, check, and a first build fed by an import
        self.index_sync = IndexSync(store, index, read_only=self.read_only)
        self._queries = Queries(store, index, self.index_sync)
        self._db_identity = _identity(root / DB_NAME)

    @property
    def index_rebuilt_reason(self) -> str | None:
        """Why the search index had to be rebuilt at open (corrupt/missing), else None."""
        return self.index_sync.rebuilt_reason

    @property
    def index_error(self) -> str | None:
        """Why the last automatic index update failed (search may lag behind), else None."""
        return self.index_sync.error

    @index_error.setter
    def index_error(self, message: str | None) -> None:
        self.index_sync.error = message

    @property
    def _feed(self) -> IndexFeed | None:
        """A first index build fed during an ``import_files(index=False)``, finished by the
        next :meth:`sync_index` (tests check it is there)."""
        return self.index_sync.feed

    # ----------------------------------------------------------------- lifecycle
    @classmethod
    def open(cls, path: str | os.PathLike[str], *, read_only: bool = False,
             catch_up: bool = True) -> Library:
        """Open (creating if needed) the library folder at ``path``.

        A writable open takes the library lock and, with ``catch_up``, brings the search index
        up to date (repairing a crash between a database commit and an index commit).
        """
        root = Path(path).expanduser()
        lock: LibraryLock | None = None
        try:
            root.mkdir(parents=True, exist_ok=True)
            try:
                root.chmod(0o700)
            except OSError:
                pass
            if not read_only:
                lock = LibraryLock(root / LOCK_NAME)
                lock.acquire()
            store = Store(root / DB_NAME, root / BACKUP_DIR)
        except LibraryLocked:
            raise
        except (OSError, DatabaseError) as exc:
            if lock:
                lock.release()
            raise LibraryError(f"cannot open the library at {root}: {one_line(exc)}") from None
        except StoreError as exc:
            if lock:
                lock.release()
            raise LibraryError(str(exc)) from None
        index_existed = (root / INDEX_DIR).is_dir()
        try:
            # Writable: we hold the library lock, so leftovers of a killed writer go first.
            index = SearchIndex(root / INDEX_DIR, clean=not read_only)
        except OSError as exc:
            store.close()
            if lock:
                lock.release()
            raise LibraryError(f"cannot open the search index in {root}: {one_line(exc)}") from None
        lib = cls(root, store, index, lock)
        if not read_only:
            lib.index_sync.check_at_open(index_existed)
        if catch_up and not read_only:
            try:
                lib.sync_index()
            except Exception as exc:  # noqa: BLE001 - never refuse to open over the index
                # SQLite (the truth) is fine; search lags until the next successful sync.
                lib.index_error = f"the search index could not be brought up to date: {one_line(exc)}"
        return lib

    def close(self) -> None:
        self.index_sync.drop_feed()
        self.index.close()
        self.store.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _writable(self) -> None:
        if self.read_only:
            raise LibraryError("the library is open read-only (another Digest Reader has it open)")
        self._still_there()

    def _still_there(self) -> None:
        """Refuse to write when the library folder was removed or replaced while open.

        SQLite would otherwise keep writing into the deleted file, and everything saved from
        then on would vanish when the library is closed.
        """
        if self._db_identity is not None and _identity(self.root / DB_NAME) != self._db_identity:
            raise LibraryError(
                f"the library folder {self.root} was moved or deleted while Digest Reader was "
                "running; nothing more can be saved to it — restart Digest Reader"
            )

    # ----------------------------------------------------------------- import
    def import_files(
        self,
        paths: Iterable[str | os.PathLike[str]],
        as_of: dt.date | None = None,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        *,
        dry_run: bool = False,
        index: bool = True,
    ) -> ImportReport:
        """Import files and folders; each file is all or nothing (its own savepoint; the
        files are committed together every ``WriteBatch.COMMIT_SECONDS``).

        Files named directly that cannot be imported are *rejected*; files found inside a
        folder that are not digests are *skipped* with the reason. ``dry_run`` only reports
        what would happen. With ``index=False`` the caller runs :meth:`sync_index` later.

        A first import large enough (``PIPELINE_MIN_BYTES``) into an empty index is indexed
        while it is stored, by writer processes fed after every commit; ``sync_index``
        (here, or the caller's with ``index=False``) then only finishes that build.
        """
        return ImportRun(self, paths, as_of, progress, cancel, dry_run=dry_run,
                         sync_after=index).run()

    # ----------------------------------------------------------------- search index
    def index_pending(self) -> int:
        """Papers changed since the index was last brought up to date."""
        return self.index_sync.pending()

    def sync_index(self, progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Index every paper changed since the index's watermark. Returns how many."""
        return self.index_sync.sync(progress, cancel)

    @saving
    def reindex(self, progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Rebuild the search index from scratch from the database."""
        self._writable()
        self.index_sync.rebuild()
        return self.sync_index(progress, cancel)

    # ----------------------------------------------------------------- queries
    def query(
        self,
        text: str = "",
        filter: Filter | None = None,  # noqa: A002 - the documented API name
        sort: Sort | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> Page:
        """One page of papers for a filter and an optional search query.

        Every term of a query must hold (AND; ``OR`` explicitly). With words, rows come in
        relevance order (unless ``sort`` names another key) and carry their score; a query
        of only filters (``has:code upvotes:>20``) comes in the list's normal order, as
        without a query (:func:`reader.core.model.default_sort`). Raises :class:`QueryError`
        for a query that does not parse.
        """
        return self._queries.query(text, filter, sort, offset, limit)

    def check_query(self, text: str) -> str | None:
        """None when the query parses, else the one-line explanation."""
        return self._queries.check_query(text)

    def highlight_terms(self, text: str) -> tuple[set[str], set[str]]:
        """What to highlight for a query (stemmed terms, prefixes); empty for a bad query."""
        return self._queries.highlight_terms(text)

    def match_spans(self, text: str, query: str) -> list[tuple[int, int]]:
        """Character spans of ``text`` matching the query's words (for highlighting)."""
        return self._queries.match_spans(text, query)

    def search(self, text: str, limit: int = 20, filter: Filter | None = None,  # noqa: A002
               width: int = 220) -> list[SearchHit]:
        """Ranked hits with a highlighted snippet of the abstract (or title)."""
        return self._queries.search(text, limit, filter, width)

    def counts(self) -> dict[str, int]:
        """Live counts for every filter key (``inbox``, ``starred``, ``tag:x``, ``saved:n``…)."""
        return self._queries.counts()

    def get(self, paper_id: int) -> Paper | None:
        return self.store.get(paper_id)

    def get_many(self, ids: Sequence[int]) -> list[Paper]:
        return self._queries.get_many(ids)

    def resolve(self, ref: str) -> int | None:
        """A paper id from ``"12"``, an arXiv id in any spelling (``2406.16793``,
        ``arXiv:2406.16793v2``, ``hep-th/9901001``) or a key (``"title:..."``)."""
        ref = ref.strip()
        if ref.isdigit():
            pid = int(ref)
            return pid if self.store.existing_ids([pid]) else None
        arxiv_id = None if ref.startswith("title:") else arxiv_id_of(ref)
        if arxiv_id is not None:
            ref = f"arxiv:{arxiv_id}"
        return self.store.id_for_key(ref)

    def tags(self) -> list[tuple[str, int]]:
        return self.store.all_tags()

    def digests(self) -> list[DigestInfo]:
        """Imported digests, newest first."""
        return self.store.digests()

    # ----------------------------------------------------------------- user state
    # set_starred, set_state, restore_states, queue order, tags, set_note, note_revisions,
    # mark_opened: TriageMixin (reader/core/library/triage.py).
    def _after_write(self) -> None:
        self.sync_index()

    # ----------------------------------------------------------------- saved searches
    def saved_searches(self) -> list[SavedSearch]:
        return self.store.saved_searches()

    def saved_search(self, name: str) -> SavedSearch | None:
        return self._queries.saved_search(name)

    @saving
    def save_search(self, name: str, query: str, filter: Filter | None = None,  # noqa: A002
                    sort: Sort | None = None) -> None:
        self._writable()
        name = name.strip()
        if not name:
            raise LibraryError("a saved search needs a name")
        flt = filter or Filter()
        if flt.kind is FilterKind.SAVED:
            raise LibraryError("a saved search cannot be based on another saved search")
        problem = self.check_query(query)
        if problem:
            raise LibraryError(problem)
        self.store.save_search(name, query.strip(), flt, sort)

    @saving
    def rename_search(self, old: str, new: str) -> None:
        self._writable()
        new = new.strip()
        if not new:
            raise LibraryError("a saved search needs a name")
        if self.saved_search(new) is not None:
            raise LibraryError(f"there is already a saved search named {new!r}")
        if not self.store.rename_search(old, new):
            raise LibraryError(f"no saved search named {old!r}")

    @saving
    def delete_search(self, name: str) -> None:
        self._writable()
        if not self.store.delete_search(name):
            raise LibraryError(f"no saved search named {name!r}")

    # ----------------------------------------------------------------- export / maintenance
    def export_json(self, out: Path | IO[str], progress: Progress | None = None) -> int:
        """Write the whole library (every digest, paper with all user state and digest
        memberships, tag, saved search) from one consistent read; importing the file into
        an empty library restores it exactly (see ``importers.export_json``)."""
        return write_export(self.store, out, progress)

    def check(self) -> CheckResult:
        """SQLite integrity plus agreement of the search index with the database."""
        return self.index_sync.check()

    def stats(self) -> Stats:
        counts = self.store.counts()
        extra = self.store.stats()
        return Stats(
            papers=counts["all"],
            digests=extra["digests"],
            by_state={s.value: counts.get(s.value, 0) for s in State},
            starred=counts["starred"],
            with_code=counts["has-code"],
            with_notes=counts["has-notes"],
            tags=extra["tags"],
            index_pending=self.index_pending(),
            library_path=str(self.root),
        )


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino
