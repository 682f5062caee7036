"""The Whoosh full-text index and the query language (DESIGN §5).

SQLite is the truth; the index is a cache of it, keyed by paper id. The index stores a
*watermark*: the library change counter up to which it is complete, written by the same
Whoosh commit that writes the documents (as a stored field of a special ``__meta__``
document). After any SQLite commit the service indexes papers whose ``change_seq`` is above
the watermark, so a crash between the two commits is repaired at the next open.
"""

from __future__ import annotations

import datetime as dt
import heapq
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import collectors
from whoosh import index as windex
from whoosh import query as wq
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.qparser import AndGroup, FieldAliasPlugin, GtLtPlugin, MultifieldParser
from whoosh.searching import Searcher

from reader.core.model import Filter, FilterKind, Sort, SortKey
from reader.core.search import whoosh_patches
from reader.core.search.whoosh_patches import speedups
from reader.core.search.whoosh_patches.analysis import (  # noqa: F401 - pickled schemas name index.FastText
    _STEMS,
    _STOPS,
    _TOKEN_RE,
    FastText,
    _analyzer,
    _stem,
)
from reader.core.search.whoosh_patches.multiproc import ChildSafeMpWriter
from reader.core.store import IndexDoc

META_ID = "__meta__"
TEXT_FIELDS = ("title", "abstract", "notes", "author")
FIELD_ALIASES = {
    "title": ["t"],
    "abstract": ["summary", "abs"],
    "notes": ["note"],
    "tag": ["tags"],
    "repo": ["code"],
    "author": ["by", "name"],
    "authors": ["nauthors"],
    "published": ["date", "year"],
}
USER_FIELDS = (
    "title", "abstract", "notes", "author", "tag", "repo", "state", "is", "has", "upvotes",
    "authors", "published", "added", "digest",
)  # fmt: skip


class QueryError(ValueError):
    """A query that does not parse; the message is one line for the user."""


class IndexCorrupt(Exception):
    pass


class SortKeyColumn(COLUMN):
    """A sort-only text column (not indexed: one unique term per paper is costly)."""

    def __init__(self) -> None:
        super().__init__(VarBytesColumn())

    def to_column_value(self, value: Any) -> bytes:
        return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _date_field() -> DATETIME:
    # 4 trie terms per date instead of 8: fewer postings to write; ranges stay exact.
    field = DATETIME(sortable=True)
    field.shift_step = 16
    return field


def make_schema() -> Schema:
    ana = _analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=FastText(analyzer=ana, field_boost=2.0),
        abstract=FastText(analyzer=ana),
        notes=FastText(analyzer=ana),
        author=TEXT(),
        tag=KEYWORD(commas=True, lowercase=True, scorable=False),
        repo=KEYWORD(commas=True, lowercase=True, scorable=False),
        state=ID(),
        is_=KEYWORD(commas=True),
        has=KEYWORD(commas=True),
        upvotes=NUMERIC(int, bits=32, signed=True, sortable=True, shift_step=8),
        authors=NUMERIC(int, bits=32, signed=True, shift_step=8),
        published=_date_field(),
        added=_date_field(),
        title_sort=SortKeyColumn(),
        digest=KEYWORD(commas=True),
        watermark=STORED(),
    )


def _schema_field(name: str) -> str:
    return "is_" if name == "is" else name


@dataclass
class IndexStatus:
    doc_count: int
    watermark: int
    rebuilt_reason: str | None = None


#: A first build of at least this many docs uses the multi-process writer.
BULK_MIN = 5000
#: Docs per commit during a bulk build: bounds each process's posting pool so it never
#: spills sorted runs to disk (spilling pickles every posting and doubled the time).
BULK_CHUNK = 40_000
#: Segments smaller than this are merged together once there are SMALL_SEGMENTS_MAX of
#: them (Whoosh's MERGE_SMALL never merges 40-paper daily segments, so they would pile up).
SMALL_SEGMENT = 2000
SMALL_SEGMENTS_MAX = 6


def index_procs() -> int:
    """Writer processes for bulk builds: ``DIGEST_READER_INDEX_PROCS`` or up to 2 cores."""
    value = os.environ.get("DIGEST_READER_INDEX_PROCS", "")
    if value.strip().isdigit():
        return max(1, int(value))
    return max(1, min(2, os.cpu_count() or 1))


def _limitmb(docs: int) -> int:
    """Posting-pool size for ``docs`` papers (~150 postings of ~200 bytes each)."""
    return int(min(1536, max(64, docs * 0.035)))


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
        self._parser = self._make_parser()
        # text -> parsed query: highlighting asks again for every visible row
        self._parsed: dict[str, wq.Query] = {}
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
                if "is_" not in ix.schema.names() or "watermark" not in ix.schema.names():
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
        _private_files(directory)
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
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self.ix.close()

    def _make_parser(self) -> MultifieldParser:
        schema = self.ix.schema
        # Terms are ANDed (every word and every filter must hold: ``has:code upvotes:>20``
        # narrows); OR stays available explicitly. Each unfielded word is an OR over the
        # text fields.
        parser = MultifieldParser(list(TEXT_FIELDS), schema, group=AndGroup)
        parser.add_plugin(GtLtPlugin())
        aliases: dict[str, list[str]] = dict(FIELD_ALIASES)
        aliases["is_"] = ["is"]
        parser.add_plugin(FieldAliasPlugin(aliases))
        return parser

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
        s = self.searcher()
        out = set()
        for fields in s.all_stored_fields():
            value = fields.get("id")
            if value and value != META_ID:
                out.add(int(value))
        return out

    def parse(self, text: str) -> wq.Query:
        text = text.strip()
        cached = self._parsed.get(text)
        if cached is not None:
            return cached
        q = self._parse(text)
        if len(self._parsed) >= 256:
            self._parsed.clear()
        self._parsed[text] = q  # queries are treated as immutable by Whoosh and by us
        return q

    def _parse(self, text: str) -> wq.Query:
        if not text:
            raise QueryError("empty query")
        _precheck(text)
        try:
            q = self._parser.parse(text)
        except Exception as exc:  # noqa: BLE001 - whoosh raises many kinds
            raise QueryError(f"could not read the query: {exc}") from None
        _check_query(q)
        if isinstance(q, type(wq.NullQuery)):
            raise QueryError("nothing to search for: the query has only stop words or operators")
        return q

    def filter_query(self, flt: Filter | None) -> wq.Query | None:
        if flt is None or flt.kind is FilterKind.ALL:
            return None
        kind = flt.kind
        if kind is FilterKind.STATE:
            return wq.Term("state", str(flt.value))
        if kind is FilterKind.STARRED:
            return wq.Term("is_", "starred")
        if kind is FilterKind.HAS_CODE:
            return wq.Term("has", "code")
        if kind is FilterKind.HAS_NOTES:
            return wq.Term("has", "notes")
        if kind is FilterKind.TAG:
            return wq.Term("tag", str(flt.value).lower())
        if kind is FilterKind.DIGEST:
            return wq.Term("digest", str(flt.value))
        raise ValueError(f"filter {flt.key} has no index form")

    def search(
        self,
        text: str,
        flt: Filter | None,
        sort: Sort | None,
        offset: int,
        limit: int,
        extra: wq.Query | None = None,
    ) -> tuple[int, list[tuple[int, float]]]:
        q = self.parse(text)
        filters = [f for f in (self.filter_query(flt), extra) if f is not None]
        fq: wq.Query | None = None
        if len(filters) == 1:
            fq = filters[0]
        elif filters:
            fq = wq.And(filters)
        sortedby = None
        reverse = False
        if sort is not None and sort.key not in (SortKey.RELEVANCE, SortKey.QUEUE, SortKey.STARRED,
                                                 SortKey.CODE):
            sortedby = {
                SortKey.PUBLISHED: "published",
                SortKey.UPVOTES: "upvotes",
                SortKey.ADDED: "added",
                SortKey.TITLE: "title_sort",
            }[sort.key]
            reverse = sort.descending
        with self._lock:
            s = self.searcher()
            if sortedby is not None:
                # A column order needs no scores: the matches by set algebra, then the page
                # from the column (missing values last, as the list does).
                from reader.core.search import fastscore  # numpy: loaded on the first search

                docs = _docset(q, s)
                if fq is not None:
                    docs &= _docset(fq, s)
                meta = s.document_number(id=META_ID)
                docs.discard(-1 if meta is None else meta)  # doc sets hold no deleted docs
                page = fastscore.column_page(s, docs, sortedby, reverse, offset, limit)
                return len(docs), [(pid, 0.0) for pid in _paper_ids(s, page)]
            scored, conditions = _split_filters(q)
            if conditions:
                # Filter clauses ANDed with the words (has:code, state:, tag:, ranges, NOT …)
                # only filter (they add the same constant to every score, or nothing): match
                # them as one set of doc numbers (set algebra on posting lists) instead of
                # a matcher per clause (a range is a union over hundreds of trie terms).
                allowed = _docset(conditions[0], s)
                for condition in conditions[1:]:
                    allowed &= _docset(condition, s)
                if fq is not None:
                    allowed &= _docset(fq, s)
                if scored is None:
                    # Only filters (the caller normally asks for a column order then):
                    # every match scores the same; Whoosh orders equal scores by document
                    # number.
                    docnums = sorted(allowed)
                    hits = []
                    for docnum in docnums[offset : offset + limit]:
                        pid = s.stored_fields(docnum).get("id")
                        if pid and pid != META_ID:
                            hits.append((int(pid), 1.0))
                    return len(docnums), hits
                q = scored
                fq = None
            else:
                allowed = None
            filter_arg: Any = allowed if allowed is not None else fq
            if _prefix_leaves(q):
                return self._search_prefixes(s, _prefix_leaves(q), allowed, fq, offset, limit)
            # imported here: numpy takes ~70 ms to load, which window start-up need not pay
            from reader.core.search import fastscore

            fast = fastscore.plan(q) if self.fast_scoring else None
            if fast is not None:
                keep = allowed if allowed is not None else (_docset(fq, s) if fq is not None else None)
                total, found = fastscore.search(s, fast, keep, offset, limit)
                hits = []
                for docnum, score in found:
                    pid = s.stored_fields(docnum).get("id")
                    if pid and pid != META_ID:
                        hits.append((int(pid), score))
                return total, hits
            if _needs_full_pass(q):
                # Phrases, prefixes and ranges: Whoosh's block-quality skipping saves little
                # here and len(results) would run the whole query a second time, so score
                # every match once and count while collecting (no pruning: exact count).
                collector: Any = collectors.TopCollector(
                    limit=max(1, offset + limit), usequality=False, replace=0
                )
                if filter_arg is not None:
                    collector = collectors.FilterCollector(collector, allow=filter_arg,
                                                           restrict=_META)
                else:
                    collector = collectors.FilterCollector(collector, restrict=_META)
                s.search_with_collector(q, collector)
                results = collector.results()
                total = len(results)
            else:
                # Term queries: keep block-quality skipping for the top hits and count the
                # matches from the posting lists (len(results) re-runs the query doc by doc).
                results = s.search(q, filter=filter_arg, mask=_META, limit=max(1, offset + limit))
                matched = _docset(q, s)
                if allowed is not None:
                    matched &= allowed
                elif fq is not None:
                    matched &= _docset(fq, s)
                total = len(matched)
            hits = [
                (int(hit["id"]), float(hit.score or 0.0))
                for hit in results[offset : offset + limit]
                if hit["id"] != META_ID
            ]
        return total, hits

    @staticmethod
    def _search_prefixes(s: Searcher, leaves: list[wq.Query], allowed: set[int] | None,
                         fq: wq.Query | None, offset: int, limit: int) -> tuple[int, list[tuple[int, float]]]:
        """A bare prefix/wildcard query (``multi*``) by set algebra on posting lists.

        Whoosh scores such terms with a constant per field and, for a broad prefix, walks a
        union of hundreds of posting lists one document at a time (about 1 s for a prefix
        matching 70% of 100k papers). The matches are the union of the terms' posting lists;
        a paper scores the weights of the fields it matches in (a title match counts double,
        as for words); ties keep Whoosh's order (document number). ~10x faster, same set.
        """
        scores: dict[int, float] = {}
        for leaf in leaves:
            weight = PREFIX_FIELD_WEIGHTS.get(getattr(leaf, "fieldname", ""), 1.0) * leaf.boost
            for docnum in _docset(leaf, s):
                scores[docnum] = scores.get(docnum, 0.0) + weight
        keep = allowed if allowed is not None else (_docset(fq, s) if fq is not None else None)
        if keep is not None:
            scores = {d: v for d, v in scores.items() if d in keep}
        top = heapq.nsmallest(offset + limit, scores.items(), key=lambda item: (-item[1], item[0]))
        hits = []
        for docnum, score in top[offset:]:
            pid = s.stored_fields(docnum).get("id")
            if pid and pid != META_ID:
                hits.append((int(pid), score))
        return len(scores), hits

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
        (an empty index and at least ``BULK_MIN`` docs) runs on ``index_procs()`` processes
        and commits every ``BULK_CHUNK`` docs so memory stays bounded; the watermark moves
        only with the last commit, so a cancel or crash part-way leaves already committed
        documents that the next sync simply indexes again (``update_document``).
        """
        with self._lock:
            empty = self.searcher().doc_count() <= 1
        if empty and total >= BULK_MIN and index_procs() > 1:
            return self._write(batches, watermark, total, progress, cancel,
                               lambda: self._bulk_writer(total), add_only=True, chunk=BULK_CHUNK)
        return self._write(batches, watermark, total, progress, cancel,
                           lambda: self.ix.writer(limitmb=_limitmb(total), compound=False),
                           add_only=empty, chunk=None)

    def _bulk_writer(self, docs: int) -> Any:
        """The multi-process writer of a first build: each process writes its own segment
        (``multisegment``: no serial merge at the end)."""
        procs = index_procs()
        limitmb = _limitmb(min(docs, BULK_CHUNK) // procs + 1)
        return ChildSafeMpWriter(self.ix, procs=procs, multisegment=True, batchsize=250, limitmb=64,
                                 compound=False, subargs={"limitmb": limitmb, "compound": False})

    def bulk_feed(self) -> BulkFeed | None:
        """A first build that is fed while an import is still storing, or None when the
        index is not empty or there is only one core (see ``Library.import_files``)."""
        with self._lock:
            empty = self.searcher().doc_count() <= 1
        if not empty or index_procs() < 2:
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
                        writer.add_document(**_fields(doc))
                    else:
                        writer.update_document(**_fields(doc))
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
            _cancel_quietly(writer)
            raise
        return True

    def _finish(self, writer: Any, watermark: int) -> None:
        """The last commit of a sync: the watermark moves with the documents, atomically."""
        writer.update_document(id=META_ID, watermark=watermark)
        writer.commit(mergetype=merge_small_segments)
        _private_files(self.directory)
        with self._lock:
            self.searcher()

    def rebuild(self) -> None:
        """Empty the index (the caller then re-indexes everything from SQLite)."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self.ix.close()
            shutil.rmtree(self.directory, ignore_errors=True)
            self.ix = self._open()
            self.rebuilt_reason = None

    def optimize(self) -> None:
        with self._lock:
            self.ix.optimize()


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
                self._waiting.append(_fields(doc))
                continue
            self._add(_fields(doc))

    def _ready_for_writer(self) -> bool:
        """Open the next writer (after the previous chunk's commit), with the waiting docs;
        False while that commit is still running."""
        if self._committing is not None and self._committing.is_alive():
            return False
        self._join()
        self._writer = self._index._bulk_writer(BULK_CHUNK)
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
                _cancel_quietly(writer)

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
                _cancel_quietly(writer)
                raise
        _private_files(self._index.directory)

    def cancel(self) -> None:
        try:
            self._join()  # a chunk commit cannot be interrupted; it holds the index lock
        except BaseException:  # noqa: BLE001 - cancelling anyway
            pass
        self._waiting = []
        if self._writer is not None:
            _cancel_quietly(self._writer)
            self._writer = None


def _private_files(directory: Path) -> None:
    """Whoosh writes with the process umask; library files are for the user only."""
    for path in directory.iterdir():
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
        except OSError:
            pass  # a file merged away meanwhile, or a read-only folder: nothing to protect


def _cancel_quietly(writer: Any) -> None:
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001 - already failing; the original error is what matters
        pass


def _date_value(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.replace(tzinfo=None)


def _fields(doc: IndexDoc) -> dict[str, Any]:
    repos: list[str] = []
    for repo in doc.repos:
        repos.append(repo)
        repos.extend(part for part in repo.split("/") if part)
    has = ["code"] if doc.has_code else []
    if doc.note.strip():
        has.append("notes")
    if doc.abstract:
        has.append("abstract")
    fields: dict[str, Any] = {
        "id": str(doc.id),
        "title": doc.title,
        "abstract": doc.abstract,
        "notes": doc.note,
        "author": " ; ".join(doc.authors),
        "tag": ",".join(t.replace(",", " ") for t in doc.tags),
        "repo": ",".join(repos),
        "state": doc.state,
        "is_": "starred" if doc.starred else "",
        "has": ",".join(has),
        "title_sort": " ".join(doc.title.casefold().split())[:200] or " ",
        "digest": ",".join(str(d) for d in doc.digests),
    }
    if doc.upvotes is not None:
        fields["upvotes"] = doc.upvotes
    if doc.author_count is not None:
        fields["authors"] = doc.author_count
    published = _date_value(doc.published)
    if published is not None:
        fields["published"] = published
    added = _date_value(doc.added_at)
    if added is not None:
        fields["added"] = added
    return fields


# --------------------------------------------------------------------- counting matches
def has_words(q: wq.Query) -> bool:
    """Whether ``q`` searches text (a word, phrase or prefix in a text field, not negated):
    such a query is ranked by relevance; one of only filters is not."""
    if isinstance(q, wq.Not):
        return False
    if q.is_leaf():
        return getattr(q, "fieldname", None) in TEXT_FIELDS
    return any(has_words(child) for child in q.children())


def _split_filters(q: wq.Query) -> tuple[wq.Query | None, list[wq.Query]]:
    """(the scored rest or None, the filter clauses) of ``q``: the clauses of a top-level
    AND (or ``q`` itself) that search no text only restrict the matches."""
    parts = list(q.subqueries) if type(q) is wq.And else [q]
    conditions = [part for part in parts if not has_words(part)]
    rest = [part for part in parts if has_words(part)]
    # A prefix ANDed with words only narrows too; the words rank. (Whoosh gives a prefix a
    # constant score per field, and walks the union of its terms one document at a time:
    # "multi* video" took 2 s at 20,000 papers.)
    prefixes = [part for part in rest if _prefix_leaves(part)]
    if prefixes:
        keep = [part for part in rest if not _prefix_leaves(part)] or prefixes[:1]
        conditions += [part for part in prefixes if not any(part is k for k in keep)]
        rest = keep
    if not conditions:
        return q, []
    if not rest:
        return None, conditions
    return (rest[0] if len(rest) == 1 else wq.And(rest, boost=q.boost)), conditions


PREFIX_FIELD_WEIGHTS = {"title": 2.0}


def _prefix_leaves(q: wq.Query) -> list[wq.Query]:
    """The prefix/wildcard terms when ``q`` is only those (alone or OR-ed), else []."""
    leaves = q.subqueries if type(q) is wq.Or and not getattr(q, "minmatch", 0) else [q]
    if leaves and all(
        isinstance(leaf, (wq.Prefix, wq.Wildcard)) and getattr(leaf, "constantscore", False)
        for leaf in leaves
    ):
        return list(leaves)
    return []


def _needs_full_pass(q: wq.Query) -> bool:
    return any(isinstance(node, (wq.Phrase, wq.MultiTerm, wq.NumericRange)) for node in _walk(q))


def _leaf_ids(matcher: Any) -> list[int]:
    """Every doc number of a term's posting matcher, read a block at a time."""
    return speedups.read_postings(matcher)[0]


def _terms_docset(s: Searcher, fieldname: str, btexts: Callable[[Any], Iterable[bytes]]) -> set[int]:
    out: set[int] = set()
    for reader, offset in s.reader().leaf_readers():
        for btext in btexts(reader):
            if (fieldname, btext) not in reader:
                continue
            ids = _leaf_ids(reader.postings(fieldname, btext))
            out.update((i + offset for i in ids) if offset else ids)
    return out


def _docset(q: wq.Query, s: Searcher) -> set[int]:
    """The doc numbers matching ``q`` (what ``len(results)`` counts), by set algebra on
    posting lists; query types without a fast form use Whoosh's own ``q.docs``."""
    if type(q) is wq.Term:
        if q.fieldname not in s.schema:
            return set()
        if isinstance(q.text, bytes):
            btext = q.text
        else:
            try:
                btext = s.schema[q.fieldname].to_bytes(q.text)
            except Exception:  # noqa: BLE001 - let Whoosh decide
                return set(q.docs(s))
        return _terms_docset(s, q.fieldname, lambda _r: [btext])
    if isinstance(q, wq.MultiTerm) and q.fieldname in s.schema:
        return _terms_docset(s, q.fieldname, lambda r: list(q._btexts(r)))
    if isinstance(q, wq.NumericRange):
        return _docset(q._compile_query(s.reader()), s)
    if isinstance(q, wq.ConstantScoreQuery):
        return _docset(q.child, s)
    if type(q) in (wq.Or, wq.DisjunctionMax) and not getattr(q, "minmatch", 0):
        out: set[int] = set()
        for child in q.subqueries:
            out |= _docset(child, s)
        return out
    if type(q) is wq.And:
        sets = sorted((_docset(child, s) for child in q.subqueries), key=len)
        if not sets:
            return set()
        result = sets[0]
        for other in sets[1:]:
            result &= other
        return result
    if type(q) is wq.AndNot:
        return _docset(q.a, s) - _docset(q.b, s)
    if type(q) is wq.Not:
        return _live_docs(s) - _docset(q.query, s)
    if type(q) is wq.AndMaybe:
        return _docset(q.a, s)
    if type(q) is wq.Require:
        return _docset(q.a, s) & _docset(q.b, s)
    return set(q.docs(s))


_META = wq.Term("id", META_ID)


def _paper_ids(s: Searcher, docnums: Iterable[int]) -> list[int]:
    out = []
    for docnum in docnums:
        pid = s.stored_fields(docnum).get("id")
        if pid and pid != META_ID:
            out.append(int(pid))
    return out


def _live_docs(s: Searcher) -> set[int]:
    """Every paper's doc number (deleted documents and the watermark document left out)."""
    out = set(s.reader().all_doc_ids())
    meta = s.document_number(id=META_ID)
    if meta is not None:
        out.discard(meta)
    return out


_KNOWN_NAMES = {name for name in USER_FIELDS} | {
    alias for names in FIELD_ALIASES.values() for alias in names
}
_FIELD_RE = re.compile(r"(?:^|[\s(])([A-Za-z_]+):")
_NUMERIC_RE = re.compile(r"(?:^|[\s(])(upvotes|authors|nauthors):\s*(?:[<>]=?|=)?\s*([^\s)\]]+)", re.I)


def _precheck(text: str) -> None:
    """The mistakes Whoosh would silently swallow, as one clear message each."""
    unquoted = re.sub(r'"[^"]*"', " ", text)
    if text.count('"') % 2:
        raise QueryError('unbalanced quote: a phrase must be closed with "')
    if unquoted.count("(") != unquoted.count(")"):
        raise QueryError("unbalanced parentheses")
    if unquoted.count("[") != unquoted.count("]"):
        raise QueryError("unbalanced brackets: a range looks like published:[2024-01 to 2024-06]")
    for match in _FIELD_RE.finditer(unquoted):
        name = match.group(1).lower()
        if name not in _KNOWN_NAMES:
            raise QueryError(f"unknown field {name!r}; known fields: " + ", ".join(USER_FIELDS))
    for match in _NUMERIC_RE.finditer(unquoted):
        value = match.group(2)
        if value.startswith("["):
            continue
        if not value.lstrip("-").isdigit():
            raise QueryError(f"{match.group(1)}: needs a whole number, got {value!r}")


def _check_query(q: wq.Query) -> None:
    for node in _walk(q):
        error = getattr(node, "error", None)
        if error:
            raise QueryError(f"could not read the query: {error}")


def _walk(q: wq.Query) -> Iterable[wq.Query]:
    yield q
    if q.is_leaf():
        return
    for child in q.children():
        yield from _walk(child)


def query_terms(q: wq.Query) -> tuple[set[str], set[str]]:
    """(stemmed terms, prefixes) in text fields: what to highlight."""
    terms: set[str] = set()
    prefixes: set[str] = set()
    for node in _walk(q):
        if isinstance(node, wq.Not):
            continue
        field = getattr(node, "fieldname", None)
        if field not in TEXT_FIELDS:
            continue
        if isinstance(node, wq.Prefix):
            prefixes.add(str(node.text).lower())
        elif isinstance(node, wq.Wildcard):
            prefixes.add(str(node.text).split("*")[0].split("?")[0].lower())
        elif isinstance(node, wq.Phrase):
            terms.update(str(w) for w in node.words)
        elif isinstance(node, wq.Term):
            terms.add(str(node.text))
    prefixes.discard("")
    return terms, prefixes


_SPAN_ANALYZER = _analyzer()


def match_spans(text: str, terms: set[str], prefixes: set[str]) -> list[tuple[int, int]]:
    """Character spans of ``text`` whose analysed token matches a term or a prefix.

    The same tokens as ``_SPAN_ANALYZER(text, mode="query", removestops=False)`` (stop words
    kept unstemmed, everything else Porter-stemmed), in one loop with the stem cache.
    """
    if not text or not (terms or prefixes):
        return []
    starts = tuple(prefixes)
    spans = []
    stops = _STOPS
    stems = _STEMS
    for match in _TOKEN_RE.finditer(text):
        word = match.group().lower()
        if starts and word.startswith(starts):
            spans.append(match.span())
            continue
        if len(word) >= 2 and word not in stops:
            stemmed = stems.get(word)
            word = stemmed if stemmed is not None else _stem(word)
        if word in terms:
            spans.append(match.span())
    return spans
