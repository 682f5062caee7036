"""The read side of a library: pages of papers for a filter and a query, ranked hits with
snippets, what to highlight, and the live counts of the filter pane
(ARCHITECTURE.md, "Data flow of a search")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reader.core.errors import LibraryError
from reader.core.library.indexing import IndexSync
from reader.core.model import (
    Filter,
    FilterKind,
    Page,
    Paper,
    PaperRow,
    SavedSearch,
    SearchHit,
    Snippet,
    Sort,
    SortKey,
    default_sort,
    is_queue,
)
from reader.core.search import QueryError, SearchIndex, match_spans, query_terms
from reader.core.search.index import has_words
from reader.core.store import Store


class Queries:
    """What :class:`~reader.core.library.Library` answers about its papers; it changes nothing."""

    def __init__(self, store: Store, index: SearchIndex, sync: IndexSync) -> None:
        self.store = store
        self.index = index
        self.sync = sync

    def _pending(self) -> int:
        """Papers the index has not caught up with (a read-only library never indexes: 0)."""
        return self.sync.pending() if not self.sync.read_only else 0

    def saved_search(self, name: str) -> SavedSearch | None:
        return next((s for s in self.store.saved_searches() if s.name == name), None)

    def get_many(self, ids: Sequence[int]) -> list[Paper]:
        with self.store.read() as conn:
            return self.store.papers_by_ids(conn, list(ids))

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

    def query(self, text: str, flt: Filter | None, sort: Sort | None, offset: int, limit: int) -> Page:
        """See :meth:`Library.query <reader.core.library.Library.query>`."""
        text, flt, sort = self._resolve_saved(text, flt or Filter(), sort)
        offset = max(0, offset)
        limit = max(0, limit)
        if text.strip():
            if (sort is None or sort.key is SortKey.RELEVANCE) and not has_words(self.index.parse(text)):
                # only filters: the list's own order, as without a query
                if is_queue(flt):
                    return self._queue_order_query(text, flt, offset, limit)
                sort = default_sort(flt, has_text=False)
            total, hits = self.index.search(text, flt, sort, offset, limit)
            by_id = self.store.rows_by_ids([pid for pid, _ in hits])
            ordered = [_with_score(by_id[pid], score) for pid, score in hits if pid in by_id]
            return Page(total=total, rows=ordered, offset=offset, index_pending=self._pending())
        if sort is None or sort.key is SortKey.RELEVANCE:
            sort = default_sort(flt, has_text=False)
        total, rows = self.store.query_rows(flt, sort, offset, limit)
        return Page(total=total, rows=rows, offset=offset)

    def _queue_order_query(self, text: str, flt: Filter, offset: int, limit: int) -> Page:
        """A query of only filters inside the queue, in queue order (the index has no queue
        column; the queue is a short list)."""
        total, hits = self.index.search(text, flt, Sort(SortKey.ADDED), 0, 1 << 30)
        rows = list(self.store.rows_by_ids([pid for pid, _ in hits]).values())
        rows.sort(key=lambda r: (r.queue_position is None, r.queue_position or 0, r.id))
        return Page(total=total, rows=rows[offset : offset + limit], offset=offset,
                    index_pending=self._pending())

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

    def search(self, text: str, limit: int, flt: Filter | None, width: int) -> list[SearchHit]:
        """Ranked hits with a highlighted snippet of the abstract (or title)."""
        page = self.query(text, flt, Sort(SortKey.RELEVANCE), 0, limit)
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
        """Live counts for every filter key (``inbox``, ``starred``, ``tag:x``, ``saved:n``…).

        Each saved search costs one full query here, on every refresh of the counts (after
        every write in the window); fine for a handful of saved searches.
        """
        out = self.store.counts()
        for saved in self.store.saved_searches():
            try:
                out[f"saved:{saved.name}"] = self.query(
                    "", Filter(FilterKind.SAVED, saved.name), None, 0, 0
                ).total
            except (QueryError, LibraryError):
                out[f"saved:{saved.name}"] = 0
        return out


def _with_score(row: PaperRow, score: float) -> PaperRow:
    return replace(row, score=score)


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
