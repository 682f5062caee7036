"""The multi-process writer of a first (bulk) build, and :class:`BulkFeed`, which feeds it
while an import is still storing (ARCHITECTURE.md, "Threads and processes").

``BULK_MIN``, ``BULK_CHUNK`` and ``DIGEST_READER_INDEX_PROCS`` (see :func:`index_procs`)
are read here at call time, so tests shrink them on this module.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.search.schema import IndexDoc, doc_fields
from reader.core.search.whoosh_patches.multiproc import ChildSafeMpWriter

if TYPE_CHECKING:
    from reader.core.search.index import SearchIndex

#: A first build of at least this many docs uses the multi-process writer.
BULK_MIN = 5000
#: Docs per commit during a bulk build: bounds each process's posting pool so it never
#: spills sorted runs to disk (spilling pickles every posting and doubled the time).
BULK_CHUNK = 40_000


def index_procs() -> int:
    """Writer processes for bulk builds: ``DIGEST_READER_INDEX_PROCS`` or up to 2 cores."""
    value = os.environ.get("DIGEST_READER_INDEX_PROCS", "")
    if value.strip().isdigit():
        return max(1, int(value))
    return max(1, min(2, os.cpu_count() or 1))


def limitmb(docs: int) -> int:
    """Posting-pool size for ``docs`` papers (~150 postings of ~200 bytes each)."""
    return int(min(1536, max(64, docs * 0.035)))


def bulk_writer(ix: Any, docs: int) -> Any:
    """The multi-process writer of a first build: each process writes its own segment
    (``multisegment``: no serial merge at the end)."""
    procs = index_procs()
    pool = limitmb(min(docs, BULK_CHUNK) // procs + 1)
    return ChildSafeMpWriter(ix, procs=procs, multisegment=True, batchsize=250, limitmb=64,
                             compound=False, subargs={"limitmb": pool, "compound": False})


class BulkFeed:
    """A first build of the index fed one imported file at a time, while the import goes on.

    The writer processes index while the importing thread parses and stores the next files
    (on 2 cores the two overlap instead of running one after the other). Each paper is
    added once; a paper that comes back (a later file merged into it, or the user changed
    it meanwhile) is only noted in ``dirty``. :meth:`commit` commits the documents without
    moving the watermark; the caller then re-indexes the dirty papers with the ordinary
    writer, in the commit that moves the watermark. A crash or cancel before that leaves
    the watermark where it was, so the next sync indexes those papers again with
    ``update_document`` (which also drops any copy committed here).

    Every ``BULK_CHUNK`` documents the writer is committed (bounded memory) on a helper
    thread: the commit waits for the writer processes to finish their queue, and the
    importing thread keeps storing meanwhile; what it feeds in that time waits in memory
    for the next writer (Whoosh allows one writer at a time).
    """

    def __init__(self, index: SearchIndex) -> None:
        self._index = index
        self._writer: Any = None
        self._in_chunk = 0
        self._committing: threading.Thread | None = None
        self._commit_error: BaseException | None = None
        self._waiting: list[dict[str, Any]] = []  # fed while a chunk commits
        self.fed: set[int] = set()
        self.dirty: set[int] = set()

    def feed(self, docs: Iterable[IndexDoc]) -> None:
        for doc in docs:
            if doc.id in self.fed:
                self.dirty.add(doc.id)
                continue
            self.fed.add(doc.id)
            if self._writer is None and not self._ready_for_writer():
                self._waiting.append(doc_fields(doc))
                continue
            self._add(doc_fields(doc))

    def _ready_for_writer(self) -> bool:
        """Open the next writer (after the previous chunk's commit), with the waiting docs;
        False while that commit is still running."""
        if self._committing is not None and self._committing.is_alive():
            return False
        self._join()
        self._writer = bulk_writer(self._index.ix, BULK_CHUNK)
        waiting, self._waiting = self._waiting, []
        for fields in waiting:
            self._add(fields)
        return self._writer is not None

    def _add(self, fields: dict[str, Any]) -> None:
        if self._writer is None:
            self._waiting.append(fields)
            return
        self._writer.add_document(**fields)
        self._in_chunk += 1
        if self._in_chunk >= BULK_CHUNK:
            self._commit_in_background()

    def _commit_in_background(self) -> None:
        writer, self._writer, self._in_chunk = self._writer, None, 0

        def run() -> None:
            try:
                writer.commit(merge=False)
            except BaseException as exc:  # noqa: BLE001 - re-raised on the feeding thread
                self._commit_error = exc
                cancel_quietly(writer)

        self._committing = threading.Thread(target=run, name="index-chunk-commit", daemon=True)
        self._committing.start()

    def _join(self) -> None:
        if self._committing is not None:
            self._committing.join()
            self._committing = None
        if self._commit_error is not None:
            exc, self._commit_error = self._commit_error, None
            raise exc

    def commit(self) -> None:
        """Commit everything fed (the watermark does not move)."""
        self._join()
        while self._waiting and self._writer is None:
            self._ready_for_writer()  # may start another background chunk commit
            self._join()
        if self._writer is not None:
            writer, self._writer, self._in_chunk = self._writer, None, 0
            try:
                writer.commit(merge=False)
            except BaseException:
                cancel_quietly(writer)
                raise
        private_files(self._index.directory)

    def cancel(self) -> None:
        try:
            self._join()  # a chunk commit cannot be interrupted; it holds the index lock
        except BaseException:  # noqa: BLE001 - cancelling anyway
            pass
        self._waiting = []
        if self._writer is not None:
            cancel_quietly(self._writer)
            self._writer = None


def private_files(directory: Path) -> None:
    """Whoosh writes with the process umask; library files are for the user only."""
    for path in directory.iterdir():
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
        except OSError:
            pass  # a file merged away meanwhile, or a read-only folder: nothing to protect


def cancel_quietly(writer: Any) -> None:
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001 - already failing; the original error is what matters
        pass
