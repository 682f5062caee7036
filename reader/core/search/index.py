"""The Whoosh full-text index: one folder, kept in step with SQLite (ARCHITECTURE.md,
"Consistency protocol").

SQLite is the truth; the index is a cache of it, keyed by paper id. The index stores a
*watermark*: the library change counter up to which it is complete, written by the same
Whoosh commit that writes the documents (as a stored field of a special ``__meta__``
document). After any SQLite commit the service indexes papers whose ``change_seq`` is above
the watermark, so a crash between the two commits is repaired at the next open.

A search is parsed (:mod:`.query`), planned (:mod:`.planner`) and run (:mod:`.execute`);
a first build of many papers is written by processes (:mod:`.bulk`); every replacement of
a Whoosh internal is in :mod:`.whoosh_patches`, installed when an index is opened.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh.searching import Searcher

from reader.core.model import Filter, Sort
from reader.core.search import bulk, execute, planner, whoosh_patches
from reader.core.search.bulk import BulkFeed, cancel_quietly, private_files
from reader.core.search.highlight import match_spans
from reader.core.search.query import QueryError, QueryLanguage, has_words, query_terms, restriction
from reader.core.search.schema import (
    FIELD_ALIASES,
    META_ID,
    REQUIRED_FIELDS,
    TEXT_FIELDS,
    USER_FIELDS,
    IndexDoc,
    SortKeyColumn,
    doc_fields,
    make_schema,
)
from reader.core.search.whoosh_patches.analysis import FastText

#: Kept importable here: pickled schemas in existing index folders name
#: ``reader.core.search.index.FastText`` and ``.SortKeyColumn`` (the field classes were
#: defined here); services and tests import the others from here.
__all__ = [
    "FIELD_ALIASES", "META_ID", "TEXT_FIELDS", "USER_FIELDS", "BulkFeed", "FastText",
    "IndexCorrupt", "IndexStatus", "QueryError", "SearchIndex", "SortKeyColumn", "has_words",
    "make_schema", "match_spans", "merge_small_segments", "query_terms",
]  # fmt: skip


class IndexCorrupt(Exception):
    pass


@dataclass
class IndexStatus:
    doc_count: int
    watermark: int
    rebuilt_reason: str | None = None


#: Segments smaller than this are merged together once there are SMALL_SEGMENTS_MAX of
#: them (Whoosh's MERGE_SMALL never merges 40-paper daily segments, so they would pile up).
SMALL_SEGMENT = 2000
SMALL_SEGMENTS_MAX = 6


def merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Merge policy: fold the small segments together once there are several of them."""
    from whoosh.reading import SegmentReader

    empty = [seg for seg in segments if seg.doc_count() == 0]  # every document deleted
    small = [seg for seg in segments
             if seg.doc_count_all() < SMALL_SEGMENT and seg.doc_count() > 0]
    merged = small if len(small) >= SMALL_SEGMENTS_MAX else []
    if not merged and not empty:
        return segments
    for seg in merged:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    drop = {id(seg) for seg in merged + empty}
    return [seg for seg in segments if id(seg) not in drop]


class SearchIndex:
    """One Whoosh index directory. All writes go through one caller thread at a time."""

    def __init__(self, directory: Path, *, clean: bool = False) -> None:
        """Open (creating or rebuilding if needed) the index in ``directory``. With ``clean``
        (the caller holds the library lock, so no writer of this index can be running) the
        leftovers of a killed writer are removed (``_remove_writer_leftovers`` before the
        index is opened, ``_remove_orphan_segments`` after); ``cleaned`` lists them."""
        whoosh_patches.install()  # before any index is opened or written
        self.directory = directory
        self._lock = threading.RLock()
        self._searcher: Searcher | None = None
        self.rebuilt_reason: str | None = None
        #: files and folders removed by the cleanup at open
        self.cleaned: list[str] = []
        self.ix = self._open(clean)
        self._language = QueryLanguage(self.ix.schema)
        #: score plain words and exact phrases with numpy (fastscore); False: Whoosh only
        self.fast_scoring = True

    # ----------------------------------------------------------------- open / create
    def _open(self, clean: bool = False) -> Any:
        directory = self.directory
        if clean and directory.is_dir():
            self.cleaned += self._remove_writer_leftovers()
        if directory.exists() and any(directory.glob("*.toc")):
            try:
                ix = windex.open_dir(str(directory))
                if any(name not in ix.schema.names() for name in REQUIRED_FIELDS):
                    raise IndexCorrupt("the index was built with an older schema")
                with ix.searcher() as s:
                    s.doc_count()
                    s.document(id=META_ID)
                if clean:
                    self.cleaned += self._remove_orphan_segments(ix)
                return ix
            except Exception as exc:  # noqa: BLE001 - any failure means: rebuild from SQLite
                self.rebuilt_reason = f"the search index was unreadable ({exc}); rebuilding it"
                shutil.rmtree(directory, ignore_errors=True)
        elif directory.exists() and any(directory.iterdir()):
            self.rebuilt_reason = "the search index folder held no valid index; rebuilding it"
            shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True, exist_ok=True)
        try:
            directory.chmod(0o700)
        except OSError:
            pass
        ix = windex.create_in(str(directory), make_schema())
        writer = ix.writer(compound=False)
        writer.add_document(id=META_ID, watermark=0)
        writer.commit()
        private_files(directory)
        return ix

    def _remove_writer_leftovers(self) -> list[str]:
        """What a killed writer leaves besides segment files: Whoosh's write lock file (an
        ``flock`` on it dies with its holder, but a stale file is not kept), the temporary
        folder of its batch and posting-run files, and half-written TOCs."""
        removed = []
        for path in self.directory.iterdir():
            name = path.name
            try:
                if name == f"{windex._DEF_INDEX_NAME}_WRITELOCK" or (
                        name.startswith(f"_{windex._DEF_INDEX_NAME}_") and ".toc." in name):
                    path.unlink()
                elif name.endswith(".tmp") and path.is_dir():
                    shutil.rmtree(path)
                else:
                    continue
            except OSError:
                continue  # e.g. a read-only folder: opening must not fail over leftovers
            removed.append(name)
        return removed

    def _remove_orphan_segments(self, ix: Any) -> list[str]:
        """Segment files no committed TOC refers to (a writer killed before its commit)
        and TOCs of older generations: Whoosh's own clean-up after a commit."""
        before = set(ix.storage.list())
        try:
            windex.clean_files(ix.storage, ix.indexname, ix.latest_generation(), ix._segments())
        except OSError:
            return []
        return sorted(before - set(ix.storage.list()))

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        """Close the searcher and the index (the caller holds the lock)."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self.ix.close()

    # ----------------------------------------------------------------- reading
    def searcher(self) -> Searcher:
        with self._lock:
            # Searcher.refresh() reuses segment readers with stale deletion lists (a deleted
            # document stays visible), so a changed index gets a newly opened searcher.
            if self._searcher is not None and not self._searcher.up_to_date():
                self._searcher.close()
                self._searcher = None
            if self._searcher is None:
                self._searcher = self.ix.searcher()
            return self._searcher

    def status(self) -> IndexStatus:
        # Under the lock, like every use of the shared searcher: Whoosh's readers seek and
        # read shared file handles, so a second thread reading through the same searcher
        # (the writer thread asking for the watermark while the read pool searches) tore
        # its reads (UnpicklingError in the postings), or closed the searcher under it.
        with self._lock:
            s = self.searcher()
            stored = s.document(id=META_ID) or {}
            return IndexStatus(
                doc_count=s.doc_count() - 1,
                watermark=int(stored.get("watermark", 0)),
                rebuilt_reason=self.rebuilt_reason,
            )

    def watermark(self) -> int:
        return self.status().watermark

    def indexed_ids(self) -> set[int]:
        with self._lock:  # see status()
            out = set()
            for fields in self.searcher().all_stored_fields():
                value = fields.get("id")
                if value and value != META_ID:
                    out.add(int(value))
            return out

    def parse(self, text: str) -> wq.Query:
        """``text`` as a checked Whoosh query (cached); raises :class:`QueryError`."""
        return self._language.parse(text)

    def search(
        self,
        text: str,
        flt: Filter | None,
        sort: Sort | None,
        offset: int,
        limit: int,
        extra: wq.Query | None = None,
    ) -> tuple[int, list[tuple[int, float]]]:
        """(number of matches, [(paper id, score)] for ``offset:offset+limit``) of ``text``
        restricted by ``flt`` and ``extra``, in the order ``sort`` (None: relevance)."""
        plan = planner.plan(self.parse(text), restriction(flt, extra), sort,
                            fast_scoring=self.fast_scoring)
        with self._lock:
            return execute.run(plan, self.searcher(), offset, limit)

    # ----------------------------------------------------------------- writing
    def apply(
        self,
        batches: Iterable[list[IndexDoc]],
        watermark: int,
        total: int,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> bool:
        """Index these docs and move the watermark, in one Whoosh commit.

        Returns False when cancelled; the watermark then does not move. A large first build
        (an empty index and at least ``bulk.BULK_MIN`` docs) runs on ``bulk.index_procs()``
        processes and commits every ``bulk.BULK_CHUNK`` docs so memory stays bounded; the
        watermark moves only with the last commit, so a cancel or crash part-way leaves
        already committed documents that the next sync simply indexes again
        (``update_document``).
        """
        empty = self._is_empty()
        if empty and total >= bulk.BULK_MIN and bulk.index_procs() > 1:
            return self._write(batches, watermark, total, progress, cancel,
                               lambda: bulk.bulk_writer(self.ix, total), add_only=True,
                               chunk=bulk.BULK_CHUNK)
        return self._write(batches, watermark, total, progress, cancel,
                           lambda: self.ix.writer(limitmb=bulk.limitmb(total), compound=False),
                           add_only=empty, chunk=None)

    def _is_empty(self) -> bool:
        """Whether the index holds no paper (only the watermark document)."""
        with self._lock:
            return bool(self.searcher().doc_count() <= 1)

    def bulk_feed(self) -> BulkFeed | None:
        """A first build that is fed while an import is still storing, or None when the
        index is not empty or there is only one core (see ``Library.import_files``)."""
        empty = self._is_empty()
        if not empty or bulk.index_procs() < 2:
            return None
        return BulkFeed(self)

    def _write(
        self,
        batches: Iterable[list[IndexDoc]],
        watermark: int,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancel: Callable[[], bool] | None,
        new_writer: Callable[[], Any],
        *,
        add_only: bool,
        chunk: int | None,
    ) -> bool:
        """Feed the docs to writers from ``new_writer`` (a new one every ``chunk`` docs, each
        committed without merging), then make the last commit with the watermark."""
        writer = new_writer()
        done = in_chunk = 0
        try:
            for batch in batches:
                if cancel is not None and cancel():
                    writer.cancel()
                    return False
                for doc in batch:
                    if add_only:  # a new index: no older copy to delete first
                        writer.add_document(**doc_fields(doc))
                    else:
                        writer.update_document(**doc_fields(doc))
                done += len(batch)
                in_chunk += len(batch)
                if progress is not None:
                    progress(done, total)
                if chunk is not None and in_chunk >= chunk and done < total:
                    writer.commit(merge=False)
                    writer = new_writer()
                    in_chunk = 0
            self._finish(writer, watermark)
        except BaseException:
            cancel_quietly(writer)
            raise
        return True

    def _finish(self, writer: Any, watermark: int) -> None:
        """The last commit of a sync: the watermark moves with the documents, atomically."""
        writer.update_document(id=META_ID, watermark=watermark)
        writer.commit(mergetype=merge_small_segments)
        private_files(self.directory)
        with self._lock:
            self.searcher()

    def rebuild(self) -> None:
        """Empty the index (the caller then re-indexes everything from SQLite)."""
        with self._lock:
            self._close()
            shutil.rmtree(self.directory, ignore_errors=True)
            self.ix = self._open()
            self.rebuilt_reason = None
