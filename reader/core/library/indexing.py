"""Keeping the search index in step with the database (ARCHITECTURE.md, "Consistency protocol").

SQLite is the truth; the Whoosh index follows it. Every change stamps its papers with the
next value of the store's change counter, and the index records the highest value it has
applied (its *watermark*): :meth:`IndexSync.sync` applies every paper stamped above it in
one index commit that also moves the watermark, so a crash between a database commit and
an index commit is repaired by the next sync (the catch-up at open).
"""

from __future__ import annotations

from reader.core.errors import one_line
from reader.core.library.callbacks import Cancel, Progress
from reader.core.model import CheckResult
from reader.core.search import SearchIndex
from reader.core.search.index import BulkFeed
from reader.core.store import Store


class IndexFeed:
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

    def stored(self) -> IndexFeed | None:
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


class IndexSync:
    """The index side of a :class:`~reader.core.library.Library`: the catch-up, a rebuild,
    the agreement check, and a first build fed during an import (:attr:`feed`).

    A read-only library never writes the index (the writer that holds the lock does).
    """

    def __init__(self, store: Store, index: SearchIndex, *, read_only: bool) -> None:
        self.store = store
        self.index = index
        self.read_only = read_only
        #: a first index build fed during an ``import_files(index=False)``, finished by the
        #: next :meth:`sync`
        self.feed: IndexFeed | None = None
        #: Why the search index had to be rebuilt at open (corrupt/missing/ahead), else None.
        self.rebuilt_reason: str | None = index.rebuilt_reason
        #: Why the last automatic index update failed (search may lag behind), else None.
        self.error: str | None = None

    def check_at_open(self, existed: bool) -> None:
        """Detect an index that cannot be trusted, and rebuild it from SQLite (with a reason)."""
        if self.rebuilt_reason is not None:
            return
        try:
            seq = self.store.current_seq()
            watermark = self.index.watermark()
        except Exception:  # noqa: BLE001 - the catch-up will report it
            return
        if (not existed or watermark == 0) and seq > 0:
            self.rebuilt_reason = (
                f"the search index was {'missing' if not existed else 'empty'}; rebuilding it "
                "from the library database"
            )
        elif watermark > seq:
            # Complete up to a change the database never saw: the database was replaced
            # (e.g. restored from backups/), so the index describes another library state.
            try:
                self.index.rebuild()
            except OSError as exc:
                self.error = f"the search index could not be rebuilt: {one_line(exc)}"
                return
            self.rebuilt_reason = (
                f"the search index was ahead of the database (change {watermark} > {seq}; was "
                "the database restored from a backup?); rebuilding it from the library database"
            )

    def pending(self) -> int:
        """Papers changed since the index was last brought up to date."""
        return self.store.count_changed_since(self.index.watermark())

    def start_feed(self) -> IndexFeed | None:
        """A first build to feed while an import stores, or None: read-only, or the index
        takes no bulk build (not empty, or one process only); see ``SearchIndex.bulk_feed``."""
        if self.read_only:
            return None
        bulk = self.index.bulk_feed()
        return None if bulk is None else IndexFeed(self.store, self.index, bulk)

    def drop_feed(self) -> None:
        """Stop a fed build that was not finished (its papers are indexed by the next sync)."""
        if self.feed is not None:
            feed, self.feed = self.feed, None
            feed.abort()

    def sync(self, progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Index every paper changed since the index's watermark. Returns how many."""
        if self.read_only:
            return 0
        if self.feed is not None:
            feed, self.feed = self.feed, None
            if progress is not None:
                progress(0, 0, "Finishing the search index")
            feed.finish()
        since = self.index.watermark()
        target = self.store.current_seq()
        if target <= since:
            self.error = None
            return 0
        total = self.store.count_changed_since(since)

        def report(done: int, of: int) -> None:
            if progress is not None:
                progress(done, of, "Indexing for search")

        ok = self.index.apply(self.store.index_docs(since), target, total, report, cancel)
        if ok:
            self.error = None
        return total if ok else 0

    def rebuild(self) -> None:
        """Empty the index (a following :meth:`sync` indexes every paper again)."""
        self.drop_feed()
        self.index.rebuild()

    def check(self) -> CheckResult:
        """SQLite integrity plus agreement of the search index with the database."""
        problems = self.store.integrity_check()
        db_ids = self.store.all_ids()
        indexed = self.index.indexed_ids()
        missing = db_ids - indexed
        extra = indexed - db_ids
        pending = self.pending()
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
