"""One run of :meth:`Library.import_files <reader.core.library.Library.import_files>`
(ARCHITECTURE.md, "Data flow of an import").

The files of a run are stored in one write batch (``Store.batched``): each file in its own
savepoint (all or nothing), the files committed together every ``WriteBatch.COMMIT_SECONDS``.
A file that fails rolls back its savepoint only, unless SQLite abandoned the whole
transaction (``WriteBatch.lost``): then the files stored since the last commit are gone
too and are reported *not saved*. A first import large enough (``PIPELINE_MIN_BYTES``) into
an empty index is indexed while it is stored (``IndexFeed``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core import importers
from reader.core.errors import DatabaseError, LibraryError, one_line
from reader.core.importers.base import Rejected
from reader.core.library.callbacks import Cancel, Progress
from reader.core.library.indexing import IndexFeed
from reader.core.model import FileReport, ImportReport, ImportStatus
from reader.core.store.store import WriteBatch

if TYPE_CHECKING:
    from reader.core.library.facade import Library

#: Files of at least this many bytes in all (~3,500 papers as page text) imported into an
#: empty index are indexed while they are stored (see ``IndexFeed``);
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


class ImportRun:
    """The state of one import: the files to do (``jobs``), the report, the files stored in
    the batch but not committed yet (``pending``), what a dry run has planned so far
    (``planned``), and the index build fed along (``feed``)."""

    def __init__(
        self,
        lib: Library,
        paths: Iterable[str | os.PathLike[str]],
        as_of: dt.date | None,
        progress: Progress | None,
        cancel: Cancel | None,
        *,
        dry_run: bool,
        sync_after: bool,
    ) -> None:
        self.lib = lib
        self.store = lib.store
        self.paths = paths
        self.as_of = as_of
        self.progress = progress
        self.cancel = cancel
        self.dry_run = dry_run
        #: bring the index up to date at the end (``import_files(index=True)``)
        self.sync_after = sync_after
        self.report = ImportReport(dry_run=dry_run)
        self.jobs: list[tuple[Path, bool]] = []  # (file, came from a folder)
        self.planned: set[str] = set()
        self.pending: list[FileReport] = []  # stored in the batch, not committed yet
        self.batch: WriteBatch | None = None  # None for a dry run
        self.feed: IndexFeed | None = None

    def run(self) -> ImportReport:
        if not self.dry_run and self.lib.read_only:
            self.lib._writable()  # raises; a vanished folder is reported per file below
        self._collect_jobs()
        self.feed = self._start_feed()
        if not self._store_files():
            return self.report  # the library folder vanished: the rest was rejected
        self._progress(len(self.jobs), "Imported")
        if self.feed is not None and self.report.cancelled:
            self.feed.abort()
        elif self.feed is not None:
            self.lib.index_sync.feed = self.feed  # finished by sync_index, now or the caller's
        if self.sync_after and not self.dry_run and not self.report.cancelled:
            self._sync_index()
        return self.report

    # ----------------------------------------------------------------- steps
    def _collect_jobs(self) -> None:
        """Folders become the files inside them (an empty folder is reported skipped)."""
        for raw in self.paths:
            path = Path(raw).expanduser()
            if _is_dir(path):
                found = list(importers.iter_candidate_files(path))
                if not found:
                    self.report.files.append(FileReport(str(path), ImportStatus.SKIPPED,
                                                        reason="the folder contains no files"))
                self.jobs.extend((f, True) for f in found)
            else:
                self.jobs.append((path, False))

    def _start_feed(self) -> IndexFeed | None:
        """Index while importing: for a first build from files large enough for the
        multi-process writer (``PIPELINE_MIN_BYTES``), else None (index after storing)."""
        if self.dry_run or self.lib.index_sync.feed is not None:
            return None
        size = 0
        for path, _ in self.jobs:
            try:
                size += path.stat().st_size
            except OSError:
                pass  # reported by the import itself
        if size < _pipeline_min_bytes():
            return None
        return self.lib.index_sync.start_feed()

    def _store_files(self) -> bool:
        """Every job in turn, committing as due. False when the library folder vanished."""
        with contextlib.ExitStack() as stack:
            if not self.dry_run:
                stack.enter_context(self.store.deferred_checkpoints())
                self.batch = stack.enter_context(self.store.batched())
            for number, (path, in_folder) in enumerate(self.jobs):
                if self.cancel is not None and self.cancel():
                    self._skip_rest(number)
                    break
                self._progress(number, f"Importing {path.name}")
                if not self._folder_still_there(number):
                    return False
                self._settle(self._import_one(path, in_folder))
            self._commit()
        return True

    def _skip_rest(self, number: int) -> None:
        self.report.cancelled = True
        for rest, _ in self.jobs[number:]:
            self.report.files.append(FileReport(str(rest), ImportStatus.SKIPPED,
                                                reason="the import was cancelled"))

    def _folder_still_there(self, number: int) -> bool:
        """Before each file: a library folder moved or deleted while importing takes the
        rest of the files with it (rejected with the reason); what was stored is committed."""
        if self.batch is None:
            return True
        try:
            self.lib._still_there()
        except LibraryError as exc:
            self._commit()
            for rest, _ in self.jobs[number:]:
                self.report.files.append(FileReport(str(rest), ImportStatus.REJECTED, reason=str(exc)))
            if self.feed is not None:
                self.feed.abort()
            return False
        return True

    def _settle(self, done: FileReport) -> None:
        """Record one file's outcome; a failure that lost the transaction takes the files
        stored since the last commit with it."""
        self.report.files.append(done)
        if self.batch is None:
            return
        if done.status is ImportStatus.IMPORTED:
            self.pending.append(done)
        elif self.batch.lost:  # the failure took the batch's earlier files with it
            _not_saved(self.pending, done.reason or "the write failed")
            self.pending = []
            self.batch.restart()
        if self.pending and self.batch.due():
            self._commit()

    def _commit(self) -> None:
        """Commit the files stored since the last commit (they become visible and durable),
        then feed them to a running index build (dropped if feeding fails)."""
        if self.batch is None or not self.pending:
            return
        pending, self.pending = self.pending, []
        try:
            self.batch.commit()
        except (DatabaseError, OSError) as exc:
            self.batch.restart()
            _not_saved(pending, f"the library database refused the write: {one_line(exc)}")
            return
        if self.feed is not None:
            self.feed = self.feed.stored()

    def _sync_index(self) -> None:
        try:
            self.lib.sync_index(self.progress, self.cancel)
        except Exception as exc:  # noqa: BLE001 - the files are safely in SQLite already
            error = (f"the search index could not be updated "
                     f"({one_line(exc)}); it catches up at the next start")
            self.lib.index_error = error
            for f in self.report.files:
                if f.status is ImportStatus.IMPORTED:
                    f.warnings.append(error)

    def _progress(self, number: int, label: str) -> None:
        if self.progress is not None:
            self.progress(number, len(self.jobs), label)

    # ----------------------------------------------------------------- one file
    def _import_one(self, path: Path, in_folder: bool) -> FileReport:
        """One file, all or nothing (a savepoint of the import's batch). ``planned`` (dry
        runs) collects what earlier files of the same run would add: papers' keys and files'
        digests."""
        try:
            name = str(path.resolve()) if path.exists() else str(path)
        except (OSError, RuntimeError):  # an I/O error or a symlink loop: read_bytes says which
            name = str(path)
        try:
            return self._store_one(path, name)
        except Rejected as exc:
            status = ImportStatus.SKIPPED if in_folder else ImportStatus.REJECTED
            return FileReport(name, status, reason=str(exc))
        except RecursionError:
            return FileReport(name, ImportStatus.REJECTED, reason="the file is nested too deeply to read")
        except MemoryError:
            return FileReport(name, ImportStatus.REJECTED, reason="the file is too large to read")
        except DatabaseError as exc:
            return FileReport(name, ImportStatus.REJECTED,
                              reason=f"the library database refused the write: {exc}")
        except OSError as exc:
            return FileReport(name, ImportStatus.REJECTED,
                              reason=f"could not write to the library: {one_line(exc)}")
        except Exception as exc:  # noqa: BLE001 - one bad file never aborts the others
            # Each file is its own savepoint, so nothing of it was written.
            return FileReport(name, ImportStatus.REJECTED,
                              reason=f"could not import the file ({type(exc).__name__}: "
                              f"{one_line(exc)}); this is a bug in Digest Reader")

    def _store_one(self, path: Path, name: str) -> FileReport:
        """Read, parse and store (or, for a dry run, preview) one file; raises on failure."""
        data = importers.read_bytes(path)
        sha = hashlib.sha256(data).hexdigest()
        known = self.store.digest_by_sha(sha)
        reference = self.as_of or _mtime_date(path)
        parsed = importers.parse_bytes(data, path, reference)
        if not parsed.papers and not (parsed.restore and parsed.restore.saved_searches):
            raise Rejected("no papers found in the file")
        # A restored export has no digest of its own: the restore is recorded instead.
        seen = known is not None or (parsed.restore is not None
                                     and self.store.restored_export(sha))
        if known is not None and parsed.restore is None and not self.dry_run:
            # Read again: what this version reads beyond the last import fills the papers.
            refreshed = self.store.refresh_digest(parsed, known)
            if refreshed is not None:
                return FileReport(name, ImportStatus.IMPORTED, format=parsed.format,
                                  new=len(refreshed.new_ids), updated=refreshed.updated,
                                  unchanged=refreshed.unchanged, warnings=parsed.warnings,
                                  new_ids=refreshed.new_ids, digest_id=known)
        if seen or (self.dry_run and f"sha:{sha}" in self.planned):
            return FileReport(name, ImportStatus.UNCHANGED, format=parsed.format,
                              unchanged=len(parsed.papers), digest_id=known,
                              warnings=parsed.warnings)
        if parsed.restore is not None:
            for search in parsed.restore.saved_searches:
                problem = self.lib.check_query(search.query)
                if problem:
                    raise Rejected(f"broken Digest Reader export: saved search "
                                   f"{search.name!r}: {problem}")
        if self.dry_run:
            self.planned.add(f"sha:{sha}")
            new, updated, unchanged = self.store.preview_digest(parsed, self.planned)
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
