"""``Library``: the one API the window and the command line use (DESIGN §2).

It owns a :class:`~reader.core.store.Store` (SQLite, the truth) and a
:class:`~reader.core.search.SearchIndex` (Whoosh), keeps them in step, and returns plain
dataclasses from :mod:`reader.core.model`. It is not thread-safe for concurrent writes:
callers send writes through one thread (the UI's single-thread write pool).

Library folder layout: ``library.sqlite``, ``index/``, ``backups/``, ``library.lock``.
A writable ``Library`` holds an exclusive lock on ``library.lock`` so two processes never
write the same library; a second opener gets :class:`LibraryLocked` (or opens read-only).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, ParamSpec, TypeVar

import portalocker
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from reader.core import importers, procs
from reader.core.importers.base import Rejected
from reader.core.importers.export_json import export_document
from reader.core.model import (
    CheckResult,
    DigestInfo,
    FileReport,
    Filter,
    FilterKind,
    ImportReport,
    ImportStatus,
    NoteRevision,
    Page,
    Paper,
    PaperRow,
    SavedSearch,
    SearchHit,
    Snippet,
    Sort,
    SortKey,
    State,
    Stats,
    iso_datetime,
    utcnow,
)
from reader.core.search import QueryError, SearchIndex, match_spans, query_terms
from reader.core.search.index import BulkFeed, has_words
from reader.core.store import Store, StoreError
from reader.core.store.db import private_file
from reader.core.store.store import WriteBatch

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
_P = ParamSpec("_P")
_R = TypeVar("_R")

DB_NAME = "library.sqlite"
INDEX_DIR = "index"
BACKUP_DIR = "backups"
LOCK_NAME = "library.lock"

__all__ = [
    "Cancel",
    "Library",
    "LibraryError",
    "LibraryLocked",
    "Progress",
    "QueryError",
    "describe_db_error",
]


class LibraryError(Exception):
    """A problem opening or using a library, with a message meant for the user."""


class LibraryLocked(LibraryError):
    pass


def _saving(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """A write the database refused (locked by another program, read-only folder, disk full)
    becomes a :class:`LibraryError` with a one-line message instead of an SQL traceback."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except OperationalError as exc:
            raise LibraryError(f"could not save the change: {_db_message(exc)}") from None
        except SQLAlchemyError as exc:
            raise LibraryError(f"could not save the change: {_first_line(exc)}") from None

    return wrapper


class _Lock:
    """The library lock: an OS lock (``portalocker``: ``flock`` on POSIX, ``msvcrt.locking``
    on Windows) on ``library.lock``, held while the library is open for writing.

    The OS drops the lock when the process ends, however it ends, so a lock left by a dead
    process is never an obstacle. The descriptor is close-on-exec and closed in forked
    children (``procs.close_in_forked_children``): no child process ever holds it. The
    holder's process id is written to ``library.lock.pid`` (beside the lock file: Windows
    locks the bytes of the lock file itself) so a second opener can name it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pid_path = path.with_name(path.name + ".pid")
        self.fh: IO[str] | None = None

    def acquire(self) -> None:
        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held while open
        private_file(self.path)
        try:
            portalocker.lock(fh, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING)
        except portalocker.exceptions.AlreadyLocked:
            fh.close()
            raise LibraryLocked(
                f"the library {self.path.parent} is already open in another Digest Reader "
                f"(process {self._holder() or 'unknown'})"
            ) from None
        except portalocker.exceptions.BaseLockException as exc:
            fh.close()  # the file system cannot lock: refuse rather than risk two writers
            cause = exc.__cause__ if isinstance(exc.__cause__, OSError) else None
            detail = cause.strerror if cause is not None and cause.strerror else _first_line(exc)
            raise LibraryError(f"cannot lock the library at {self.path.parent}: {detail}") from None
        except BaseException:
            fh.close()
            raise
        procs.close_in_forked_children(fh.fileno())
        self.fh = fh
        try:
            tmp = self.pid_path.with_name(f"{self.pid_path.name}.{os.getpid()}.tmp")
            tmp.write_text(str(os.getpid()), encoding="utf-8")
            private_file(tmp)
            os.replace(tmp, self.pid_path)
        except OSError:  # only the message of a second opener depends on it
            pass

    def _holder(self) -> str:
        try:
            text = self.pid_path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""
        return text if text.isdigit() else ""

    def release(self) -> None:
        if self.fh is not None:
            fh, self.fh = self.fh, None
            procs.forget(fh.fileno())
            try:
                portalocker.unlock(fh)
            except portalocker.exceptions.BaseLockException:
                pass  # closing below drops it anyway
            fh.close()


#: Files of at least this many bytes in all (~3,500 papers as page text) imported into an
#: empty index are indexed while they are stored (see ``_IndexFeed``);
#: ``DIGEST_READER_PIPELINE_MIN_BYTES`` overrides it (the crash harness's small trials).
PIPELINE_MIN_BYTES = 5_000_000


def _pipeline_min_bytes() -> int:
    value = os.environ.get("DIGEST_READER_PIPELINE_MIN_BYTES", "").strip()
    return int(value) if value.isdigit() else PIPELINE_MIN_BYTES


def _not_saved(reports: list[FileReport], reason: str) -> None:
    """These files were stored in a batch that could not be committed: nothing of them is
    in the library."""
    for r in reports:
        r.status = ImportStatus.REJECTED
        r.reason = f"not saved: {reason}"
        r.new = r.updated = r.unchanged = 0
        r.new_ids = []
        r.digest_id = None


class _IndexFeed:
    """The first index build of a large import, fed while the import stores.

    After each commit of the import (every ``WriteBatch.COMMIT_SECONDS``) the papers changed
    since the last read (the committed files', and anything else changed meanwhile) go to the
    multi-process writer (``SearchIndex.BulkFeed``); on 2 cores indexing then overlaps
    parsing and storing instead of following them. If feeding fails the import goes on and
    the index is built after it as before.
    """

    def __init__(self, store: Store, index: SearchIndex, bulk: BulkFeed) -> None:
        self.store = store
        self.index = index
        self.bulk = bulk
        self.seen = index.watermark()  # every change up to here has been fed

    def stored(self) -> _IndexFeed | None:
        """Feed what the last commit stored; None (and nothing fed any more) on a failure."""
        try:
            self.seen, docs = self.store.changes_after(self.seen)
            self.bulk.feed(docs)
        except Exception:  # noqa: BLE001 - indexing falls back to sync_index after the import
            self.abort()
            return None
        return self

    def finish(self) -> None:
        """Commit the fed papers, then re-index the ones that changed after they were fed,
        in the commit that moves the watermark to the last change fed."""
        self.seen, docs = self.store.changes_after(self.seen)
        self.bulk.feed(docs)
        self.bulk.commit()
        dirty = self.bulk.dirty
        self.index.apply(self.store.docs_for(dirty), self.seen, len(dirty))

    def abort(self) -> None:
        self.bulk.cancel()


class Library:
    """An open library folder. Use :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(self, root: Path, store: Store, index: SearchIndex, lock: _Lock | None) -> None:
        self.root = root
        self.store = store
        self.index = index
        self._lock = lock
        self.read_only = lock is None
        #: a first index build fed during an ``import_files(index=False)``, finished by the
        #: next ``sync_index``
        self._feed: _IndexFeed | None = None
        #: Why the search index had to be rebuilt at open (corrupt/missing), else None.
        self.index_rebuilt_reason: str | None = index.rebuilt_reason
        #: Why the last automatic index update failed (search may lag behind), else None.
        self.index_error: str | None = None
        self._db_identity = _identity(root / DB_NAME)

    # ----------------------------------------------------------------- lifecycle
    @classmethod
    def open(cls, path: str | os.PathLike[str], *, read_only: bool = False,
             catch_up: bool = True) -> Library:
        """Open (creating if needed) the library folder at ``path``.

        A writable open takes the library lock and, with ``catch_up``, brings the search index
        up to date (repairing a crash between a database commit and an index commit).
        """
        root = Path(path).expanduser()
        lock: _Lock | None = None
        try:
            root.mkdir(parents=True, exist_ok=True)
            try:
                root.chmod(0o700)
            except OSError:
                pass
            if not read_only:
                lock = _Lock(root / LOCK_NAME)
                lock.acquire()
            store = Store(root / DB_NAME, root / BACKUP_DIR)
        except LibraryLocked:
            raise
        except StoreError as exc:
            if lock:
                lock.release()
            raise LibraryError(str(exc)) from None
        except (OSError, SQLAlchemyError) as exc:
            if lock:
                lock.release()
            raise LibraryError(f"cannot open the library at {root}: {_os_message(exc)}") from None
        index_existed = (root / INDEX_DIR).is_dir()
        try:
            # Writable: we hold the library lock, so leftovers of a killed writer go first.
            index = SearchIndex(root / INDEX_DIR, clean=not read_only)
        except OSError as exc:
            store.close()
            if lock:
                lock.release()
            raise LibraryError(f"cannot open the search index in {root}: {_os_message(exc)}") from None
        lib = cls(root, store, index, lock)
        if not read_only:
            lib._check_index_at_open(index_existed)
        if catch_up and not read_only:
            try:
                lib.sync_index()
            except Exception as exc:  # noqa: BLE001 - never refuse to open over the index
                # SQLite (the truth) is fine; search lags until the next successful sync.
                lib.index_error = f"the search index could not be brought up to date: {_first_line(exc)}"
        return lib

    def _check_index_at_open(self, existed: bool) -> None:
        """Detect an index that cannot be trusted, and rebuild it from SQLite (with a reason)."""
        if self.index_rebuilt_reason is not None:
            return
        try:
            seq = self.store.current_seq()
            watermark = self.index.watermark()
        except Exception:  # noqa: BLE001 - the catch-up will report it
            return
        if (not existed or watermark == 0) and seq > 0:
            self.index_rebuilt_reason = (
                f"the search index was {'missing' if not existed else 'empty'}; rebuilding it "
                "from the library database"
            )
        elif watermark > seq:
            # Complete up to a change the database never saw: the database was replaced
            # (e.g. restored from backups/), so the index describes another library state.
            try:
                self.index.rebuild()
            except OSError as exc:
                self.index_error = f"the search index could not be rebuilt: {_os_message(exc)}"
                return
            self.index_rebuilt_reason = (
                f"the search index was ahead of the database (change {watermark} > {seq}; was "
                "the database restored from a backup?); rebuilding it from the library database"
            )

    def close(self) -> None:
        self._drop_feed()
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
        if not dry_run and self.read_only:
            self._writable()  # raises; a vanished folder is reported per file below
        report = ImportReport(dry_run=dry_run)
        jobs: list[tuple[Path, bool]] = []  # (file, came from a folder)
        for raw in paths:
            path = Path(raw).expanduser()
            if _is_dir(path):
                found = list(importers.iter_candidate_files(path))
                if not found:
                    report.files.append(FileReport(str(path), ImportStatus.SKIPPED,
                                                   reason="the folder contains no files"))
                jobs.extend((f, True) for f in found)
            else:
                jobs.append((path, False))
        total = len(jobs)
        planned: set[str] = set()
        feed = self._index_feed(jobs) if not dry_run and self._feed is None else None
        with contextlib.ExitStack() as stack:
            batch = None
            if not dry_run:
                stack.enter_context(self.store.deferred_checkpoints())
                batch = stack.enter_context(self.store.batched())
            pending: list[FileReport] = []  # stored in the batch, not committed yet
            for number, (path, in_folder) in enumerate(jobs):
                if cancel is not None and cancel():
                    report.cancelled = True
                    for rest, _ in jobs[number:]:
                        report.files.append(FileReport(str(rest), ImportStatus.SKIPPED,
                                                       reason="the import was cancelled"))
                    break
                if progress is not None:
                    progress(number, total, f"Importing {path.name}")
                if batch is not None:
                    try:
                        self._still_there()
                    except LibraryError as exc:
                        feed = self._commit_files(batch, pending, feed)
                        for rest, _ in jobs[number:]:
                            report.files.append(FileReport(str(rest), ImportStatus.REJECTED,
                                                           reason=str(exc)))
                        if feed is not None:
                            feed.abort()
                        return report
                done = self._import_one(path, in_folder, as_of, dry_run, planned)
                report.files.append(done)
                if batch is None:
                    continue
                if done.status is ImportStatus.IMPORTED:
                    pending.append(done)
                elif batch.lost:  # the failure took the batch's earlier files with it
                    _not_saved(pending, done.reason or "the write failed")
                    pending = []
                    batch.restart()
                if pending and batch.due():
                    feed = self._commit_files(batch, pending, feed)
                    pending = []
            if batch is not None:
                feed = self._commit_files(batch, pending, feed)
        if progress is not None:
            progress(total, total, "Imported")
        if feed is not None and report.cancelled:
            feed.abort()
        elif feed is not None:
            self._feed = feed  # finished by sync_index, now or when the caller runs it
        if index and not dry_run and not report.cancelled:
            try:
                self.sync_index(progress, cancel)
            except Exception as exc:  # noqa: BLE001 - the files are safely in SQLite already
                self.index_error = (f"the search index could not be updated "
                                    f"({_first_line(exc)}); it catches up at the next start")
                for f in report.files:
                    if f.status is ImportStatus.IMPORTED:
                        f.warnings.append(self.index_error)
        return report

    def _commit_files(self, batch: WriteBatch, pending: list[FileReport],
                      feed: _IndexFeed | None) -> _IndexFeed | None:
        """Commit the files stored since the last commit (they become visible and durable),
        then feed them to a running index build. Returns the feed (None if it failed)."""
        if not pending:
            return feed
        try:
            batch.commit()
        except (SQLAlchemyError, OSError) as exc:
            batch.restart()
            message = _db_message(exc) if isinstance(exc, OperationalError) else _first_line(exc)
            _not_saved(pending, f"the library database refused the write: {message}")
            return feed
        return feed.stored() if feed is not None else None

    def _drop_feed(self) -> None:
        """Stop a fed build that was not finished (its papers are indexed by the next sync)."""
        if self._feed is not None:
            feed, self._feed = self._feed, None
            feed.abort()

    def _index_feed(self, jobs: list[tuple[Path, bool]]) -> _IndexFeed | None:
        """Index while importing: for a first build from files large enough for the
        multi-process writer (``PIPELINE_MIN_BYTES``), else None (index after storing)."""
        size = 0
        for path, _ in jobs:
            try:
                size += path.stat().st_size
            except OSError:
                pass  # reported by the import itself
        if size < _pipeline_min_bytes() or self.read_only:
            return None
        bulk = self.index.bulk_feed()
        return None if bulk is None else _IndexFeed(self.store, self.index, bulk)

    def _import_one(self, path: Path, in_folder: bool, as_of: dt.date | None,
                    dry_run: bool, planned: set[str]) -> FileReport:
        """One file, all or nothing (a savepoint of the import's batch). ``planned`` (dry
        runs) collects what earlier files of the same run would add: papers' keys and files'
        digests."""
        try:
            name = str(path.resolve()) if path.exists() else str(path)
        except (OSError, RuntimeError):  # an I/O error or a symlink loop: read_bytes says which
            name = str(path)
        try:
            data = importers.read_bytes(path)
            sha = hashlib.sha256(data).hexdigest()
            known = self.store.digest_by_sha(sha)
            reference = as_of or _mtime_date(path)
            parsed = importers.parse_bytes(data, path, reference)
            if not parsed.papers and not (parsed.restore and parsed.restore.saved_searches):
                raise Rejected("no papers found in the file")
            # A restored export has no digest of its own: the restore is recorded instead.
            seen = known is not None or (parsed.restore is not None
                                         and self.store.restored_export(sha))
            if seen or (dry_run and f"sha:{sha}" in planned):
                return FileReport(name, ImportStatus.UNCHANGED, format=parsed.format,
                                  unchanged=len(parsed.papers), digest_id=known,
                                  warnings=parsed.warnings)
            if parsed.restore is not None:
                for search in parsed.restore.saved_searches:
                    problem = self.check_query(search.query)
                    if problem:
                        raise Rejected(f"broken Digest Reader export: saved search "
                                       f"{search.name!r}: {problem}")
            if dry_run:
                planned.add(f"sha:{sha}")
                new, updated, unchanged = self.store.preview_digest(parsed, planned)
                return FileReport(name, ImportStatus.IMPORTED, format=parsed.format, new=new,
                                  updated=updated, unchanged=unchanged, warnings=parsed.warnings)
            if parsed.restore is not None:
                stored = self.store.restore_export(parsed, sha)
            else:
                stored = self.store.store_digest(parsed, name, sha)
            return FileReport(
                name, ImportStatus.IMPORTED, format=parsed.format, new=len(stored.new_ids),
                updated=stored.updated, unchanged=stored.unchanged, warnings=parsed.warnings,
                new_ids=stored.new_ids, digest_id=stored.digest_id,
            )
        except Rejected as exc:
            status = ImportStatus.SKIPPED if in_folder else ImportStatus.REJECTED
            return FileReport(name, status, reason=str(exc))
        except RecursionError:
            return FileReport(name, ImportStatus.REJECTED, reason="the file is nested too deeply to read")
        except MemoryError:
            return FileReport(name, ImportStatus.REJECTED, reason="the file is too large to read")
        except OperationalError as exc:
            return FileReport(name, ImportStatus.REJECTED,
                              reason=f"the library database refused the write: {_db_message(exc)}")
        except SQLAlchemyError as exc:
            return FileReport(name, ImportStatus.REJECTED,
                              reason=f"the library database refused the write: {_first_line(exc)}")
        except OSError as exc:
            return FileReport(name, ImportStatus.REJECTED,
                              reason=f"could not write to the library: {_os_message(exc)}")
        except Exception as exc:  # noqa: BLE001 - one bad file never aborts the others
            # Each file is its own savepoint, so nothing of it was written.
            return FileReport(name, ImportStatus.REJECTED,
                              reason=f"could not import the file ({type(exc).__name__}: "
                              f"{_first_line(exc)}); this is a bug in Digest Reader")

    # ----------------------------------------------------------------- search index
    def index_pending(self) -> int:
        """Papers changed since the index was last brought up to date."""
        return self.store.count_changed_since(self.index.watermark())

    def sync_index(self, progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Index every paper changed since the index's watermark. Returns how many."""
        if self.read_only:
            return 0
        if self._feed is not None:
            feed, self._feed = self._feed, None
            if progress is not None:
                progress(0, 0, "Finishing the search index")
            feed.finish()
        since = self.index.watermark()
        target = self.store.current_seq()
        if target <= since:
            self.index_error = None
            return 0
        total = self.store.count_changed_since(since)

        def report(done: int, of: int) -> None:
            if progress is not None:
                progress(done, of, "Indexing for search")

        ok = self.index.apply(self.store.index_docs(since), target, total, report, cancel)
        if ok:
            self.index_error = None
        return total if ok else 0

    @_saving
    def reindex(self, progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Rebuild the search index from scratch from the database."""
        self._writable()
        self._drop_feed()
        self.index.rebuild()
        return self.sync_index(progress, cancel)

    # ----------------------------------------------------------------- queries
    def _resolve_saved(self, text: str, flt: Filter, sort: Sort | None) -> tuple[str, Filter, Sort | None]:
        if flt.kind is not FilterKind.SAVED:
            return text, flt, sort
        saved = self.saved_search(str(flt.value))
        if saved is None:
            raise LibraryError(f"no saved search named {flt.value!r}")
        combined = saved.query.strip()
        if text.strip():
            combined = f"({combined}) AND ({text.strip()})" if combined else text.strip()
        return combined, saved.filter, sort or saved.sort

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
        without a query. Raises :class:`QueryError` for a query that does not parse.
        """
        text, flt, sort = self._resolve_saved(text, filter or Filter(), sort)
        offset = max(0, offset)
        limit = max(0, limit)
        if text.strip():
            if (sort is None or sort.key is SortKey.RELEVANCE) and not has_words(self.index.parse(text)):
                sort = self.store.default_sort(flt)
                if sort.key is SortKey.QUEUE:
                    return self._queue_order_query(text, flt, offset, limit)
            total, hits = self.index.search(text, flt, sort, offset, limit)
            by_id = self.store.rows_by_ids([pid for pid, _ in hits])
            ordered = [_with_score(by_id[pid], score) for pid, score in hits if pid in by_id]
            pending = self.index_pending() if not self.read_only else 0
            return Page(total=total, rows=ordered, offset=offset, index_pending=pending)
        if sort is None or sort.key is SortKey.RELEVANCE:
            sort = self.store.default_sort(flt)
        total, rows = self.store.query_rows(flt, sort, offset, limit)
        return Page(total=total, rows=rows, offset=offset)

    def _queue_order_query(self, text: str, flt: Filter, offset: int, limit: int) -> Page:
        """A query of only filters inside the queue, in queue order (the index has no queue
        column; the queue is a short list)."""
        total, hits = self.index.search(text, flt, Sort(SortKey.ADDED), 0, 1 << 30)
        rows = list(self.store.rows_by_ids([pid for pid, _ in hits]).values())
        rows.sort(key=lambda r: (r.queue_position is None, r.queue_position or 0, r.id))
        pending = self.index_pending() if not self.read_only else 0
        return Page(total=total, rows=rows[offset : offset + limit], offset=offset,
                    index_pending=pending)

    def check_query(self, text: str) -> str | None:
        """None when the query parses, else the one-line explanation."""
        if not text.strip():
            return None
        try:
            self.index.parse(text)
        except QueryError as exc:
            return str(exc)
        return None

    def highlight_terms(self, text: str) -> tuple[set[str], set[str]]:
        """What to highlight for a query (stemmed terms, prefixes); empty for a bad query."""
        if not text.strip():
            return set(), set()
        try:
            return query_terms(self.index.parse(text))
        except QueryError:
            return set(), set()

    def match_spans(self, text: str, query: str) -> list[tuple[int, int]]:
        """Character spans of ``text`` matching the query's words (for highlighting)."""
        terms, prefixes = self.highlight_terms(query)
        return match_spans(text, terms, prefixes)

    def search(self, text: str, limit: int = 20, filter: Filter | None = None,  # noqa: A002
               width: int = 220) -> list[SearchHit]:
        """Ranked hits with a highlighted snippet of the abstract (or title)."""
        page = self.query(text, filter, Sort(SortKey.RELEVANCE), 0, limit)
        terms, prefixes = self.highlight_terms(text)
        hits = []
        papers = {p.id: p for p in self.get_many([r.id for r in page.rows])}
        for row in page.rows:
            paper = papers.get(row.id)
            abstract = paper.abstract if paper else ""
            spans = match_spans(abstract, terms, prefixes)
            snippet = _snippet(abstract, spans, width) if spans else Snippet(
                abstract[:width] + ("…" if len(abstract) > width else ""), []
            )
            hits.append(SearchHit(row, row.score or 0.0, snippet))
        return hits

    def counts(self) -> dict[str, int]:
        """Live counts for every filter key (``inbox``, ``starred``, ``tag:x``, ``saved:n``…)."""
        out = self.store.counts()
        out["queue"] = out.get(State.QUEUED.value, 0)
        for saved in self.saved_searches():
            try:
                out[f"saved:{saved.name}"] = self.query(
                    "", Filter(FilterKind.SAVED, saved.name), None, 0, 0
                ).total
            except (QueryError, LibraryError):
                out[f"saved:{saved.name}"] = 0
        return out

    def get(self, paper_id: int) -> Paper | None:
        return self.store.get(paper_id)

    def get_many(self, ids: Sequence[int]) -> list[Paper]:
        with self.store.read() as conn:
            return self.store._papers(conn, list(ids))

    def resolve(self, ref: str) -> int | None:
        """A paper id from ``"12"``, ``"arxiv:2406.16793"`` or ``"title:..."``."""
        ref = ref.strip()
        if ref.isdigit():
            pid = int(ref)
            return pid if self.store.existing_ids([pid]) else None
        if ":" not in ref and _looks_arxiv(ref):
            ref = f"arxiv:{ref}"
        return self.store.id_for_key(ref)

    def tags(self) -> list[tuple[str, int]]:
        return self.store.all_tags()

    def digests(self) -> list[DigestInfo]:
        """Imported digests, newest first."""
        return self.store.digests()

    # ----------------------------------------------------------------- user state
    def _after_write(self) -> None:
        self.sync_index()

    @_saving
    def set_starred(self, ids: Sequence[int], starred: bool) -> None:
        self._writable()
        self.store.set_starred(self.store.existing_ids(ids), starred)
        self._after_write()

    @_saving
    def set_state(self, ids: Sequence[int], state: State) -> None:
        self._writable()
        self.store.set_state(self.store.existing_ids(ids), state)
        self._after_write()

    @_saving
    def restore_states(self, states: dict[int, tuple[State, int | None]]) -> None:
        """Put back exact (state, queue position) pairs (undo of a state change)."""
        self._writable()
        if states:
            self.store.set_states(states)
            self._after_write()

    def queue_order(self) -> list[int]:
        return self.store.queue_order()

    @_saving
    def set_queue_order(self, ids: Sequence[int]) -> None:
        """Reorder the queue: these ids get positions 1..n; queued papers not named follow."""
        self._writable()
        current = self.store.queue_order()
        named = [i for i in dict.fromkeys(ids) if i in set(current)]
        rest = [i for i in current if i not in set(named)]
        self.store.set_queue_order(named + rest)
        self._after_write()

    @_saving
    def move_in_queue(self, paper_id: int, delta: int) -> list[int]:
        """Move one queued paper up (negative) or down; returns the new order."""
        self._writable()
        order = self.store.queue_order()
        if paper_id not in order:
            return order
        at = order.index(paper_id)
        to = max(0, min(len(order) - 1, at + delta))
        order.insert(to, order.pop(at))
        self.store.set_queue_order(order)
        self._after_write()
        return order

    @_saving
    def add_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        self._writable()
        clean = _clean_tags(names)
        if clean:
            self.store.add_tags(self.store.existing_ids(ids), clean)
            self._after_write()

    @_saving
    def remove_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        self._writable()
        clean = _clean_tags(names)
        if clean:
            self.store.remove_tags(self.store.existing_ids(ids), clean)
            self._after_write()

    @_saving
    def set_tags(self, paper_id: int, names: Sequence[str]) -> None:
        self._writable()
        self.store.set_tags(paper_id, _clean_tags(names))
        self._after_write()

    @_saving
    def set_note(self, paper_id: int, body: str, *, visit: str | None = None) -> bool:
        """Save a paper's note; the text it replaces is kept as a revision. False when the
        note already had this text.

        ``visit`` names an editing visit (the window starts one when a paper's note is shown
        and ends it when the user leaves the paper): the saves of one visit keep one revision,
        the text from before the visit. A new visit, a save without a visit (command line,
        restore, undo) and a save that empties the note always keep the replaced text.
        """
        if not isinstance(body, str):
            raise LibraryError(f"a note must be text, not {type(body).__name__}")
        if visit is not None and (not isinstance(visit, str) or not visit.strip()):
            raise LibraryError("an editing visit must be a non-empty name")
        self._writable()
        if not self.store.existing_ids([paper_id]):
            raise LibraryError(f"no paper with id {paper_id}")
        changed = self.store.set_note(paper_id, body, visit)
        if changed:
            self._after_write()
        return changed

    def note_revisions(self, paper_id: int) -> list[NoteRevision]:
        return self.store.note_revisions(paper_id)

    @_saving
    def mark_opened(self, paper_id: int) -> None:
        if not self.read_only:
            self.store.mark_opened(paper_id)

    # ----------------------------------------------------------------- saved searches
    def saved_searches(self) -> list[SavedSearch]:
        return self.store.saved_searches()

    def saved_search(self, name: str) -> SavedSearch | None:
        return next((s for s in self.saved_searches() if s.name == name), None)

    @_saving
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

    @_saving
    def rename_search(self, old: str, new: str) -> None:
        self._writable()
        new = new.strip()
        if not new:
            raise LibraryError("a saved search needs a name")
        if self.saved_search(new) is not None:
            raise LibraryError(f"there is already a saved search named {new!r}")
        if not self.store.rename_search(old, new):
            raise LibraryError(f"no saved search named {old!r}")

    @_saving
    def delete_search(self, name: str) -> None:
        self._writable()
        if not self.store.delete_search(name):
            raise LibraryError(f"no saved search named {name!r}")

    # ----------------------------------------------------------------- export / maintenance
    def export_json(self, out: Path | IO[str], progress: Progress | None = None) -> int:
        """Write the whole library (every digest, paper with all user state and digest
        memberships, tag, saved search) from one consistent read; importing the file into
        an empty library restores it exactly (see ``importers.export_json``)."""
        papers = []
        with self.store.snapshot() as conn:
            parts = self.store.export_parts(conn)
            for paper in self.store.export_papers(conn):
                papers.append(paper)
                if progress is not None and len(papers) % 1000 == 0:
                    progress(len(papers), 0, "Exporting")
        doc = export_document(papers, iso_datetime(utcnow()), **parts)
        text = json.dumps(doc, ensure_ascii=False, indent=1)
        if isinstance(out, Path):
            out.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, out)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        else:
            out.write(text)
        return len(papers)

    def check(self) -> CheckResult:
        """SQLite integrity plus agreement of the search index with the database."""
        problems = self.store.integrity_check()
        db_ids = self.store.all_ids()
        indexed = self.index.indexed_ids()
        missing = db_ids - indexed
        extra = indexed - db_ids
        pending = self.index_pending()
        if missing:
            problems.append(f"search index: {len(missing)} papers are not indexed")
        if extra:
            problems.append(f"search index: {len(extra)} entries have no paper in the database")
        copies = self.index.status().doc_count
        if copies > len(indexed):
            problems.append(f"search index: {copies - len(indexed)} papers are indexed more than once")
        if pending:
            problems.append(f"search index: {pending} changed papers are not indexed yet")
        return CheckResult(
            problems=problems,
            checked={"papers": len(db_ids), "indexed": len(indexed), "pending": pending},
        )

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


def _with_score(row: PaperRow, score: float) -> PaperRow:
    return PaperRow(row.id, row.title, row.published, row.upvotes, row.starred, row.has_code,
                    row.state, row.queue_position, score)


def _snippet(text: str, spans: list[tuple[int, int]], width: int) -> Snippet:
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space > 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if space != -1 and space - end < 30 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    body = text[start:end]
    shift = len(prefix) - start
    inside = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return Snippet(prefix + body + suffix, inside)


def _clean_tags(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        tag = " ".join(name.replace(",", " ").split()).lower()
        if tag and tag not in out:
            out.append(tag)
    return out


def _looks_arxiv(ref: str) -> bool:
    head = ref.split("v")[0]
    parts = head.split(".")
    return len(parts) == 2 and all(p.isdigit() for p in parts)


def _is_dir(path: Path) -> bool:
    """``Path.is_dir`` that treats an I/O error as "not a folder" (the read reports it)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _mtime_date(path: Path) -> dt.date:
    try:
        return dt.date.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return dt.date.today()


def _os_message(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) if isinstance(exc, SQLAlchemyError) else None
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def describe_db_error(exc: OperationalError) -> str:
    """One line for a database error: locked, read-only, disk full, or SQLite's own words."""
    return _db_message(exc)


def _db_message(exc: OperationalError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "locked" in text:
        return "the database is locked by another program"
    if "readonly" in text or "read-only" in text:
        return "the library folder is read-only"
    if "disk" in text and "full" in text:
        return "the disk is full"
    return text.splitlines()[0]

