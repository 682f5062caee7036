"""Pure domain types shared by the importers, the store, search, the CLI and the UI.

Nothing here does I/O. Everything the :class:`reader.core.library.Library` returns is one of
these plain, detached dataclasses, so callers never hold a live database session.

The types live in five modules by subject and are all re-exported here, so
``from reader.core.model import X`` is the one spelling callers use:

* :mod:`.papers` — a paper, its links, its identity keys and the list row;
* :mod:`.imports` — what an importer produces and what an import reports;
* :mod:`.listing` — filters, sorts, pages, saved searches, search hits, stats, and the
  rules that make the queue special;
* :mod:`.documents` — a paper as the search index sees it (:class:`IndexDoc`);
* :mod:`.times` — the clock and the ISO 8601 spelling of timestamps.
"""

from __future__ import annotations

from reader.core.model.documents import IndexDoc
from reader.core.model.imports import (
    DigestRecord,
    FileReport,
    ImportReport,
    ImportStatus,
    LibraryRestore,
    Membership,
    NoteRevisionRecord,
    ParsedDigest,
    ParsedPaper,
    SavedSearchRecord,
    UserState,
)
from reader.core.model.listing import (
    CheckResult,
    Filter,
    FilterKind,
    Page,
    SavedSearch,
    SearchHit,
    Snippet,
    Sort,
    SortKey,
    Stats,
    default_sort,
    is_queue,
    manual_order,
    sort_after_filter_change,
    sort_after_search_change,
)
from reader.core.model.meta import PaperMeta, clean_category, clean_doi, merge_meta
from reader.core.model.papers import (
    DigestInfo,
    Link,
    LinkKind,
    NoteRevision,
    Paper,
    PaperRow,
    State,
    normalize_title,
    paper_key,
)
from reader.core.model.times import iso_datetime, parse_iso_datetime, utcnow

__all__ = [
    "CheckResult",
    "DigestInfo",
    "DigestRecord",
    "FileReport",
    "Filter",
    "FilterKind",
    "ImportReport",
    "ImportStatus",
    "IndexDoc",
    "LibraryRestore",
    "Link",
    "LinkKind",
    "Membership",
    "NoteRevision",
    "NoteRevisionRecord",
    "Page",
    "Paper",
    "PaperMeta",
    "PaperRow",
    "ParsedDigest",
    "ParsedPaper",
    "SavedSearch",
    "SavedSearchRecord",
    "SearchHit",
    "Snippet",
    "Sort",
    "SortKey",
    "State",
    "Stats",
    "UserState",
    "clean_category",
    "clean_doi",
    "default_sort",
    "is_queue",
    "iso_datetime",
    "manual_order",
    "merge_meta",
    "normalize_title",
    "paper_key",
    "parse_iso_datetime",
    "sort_after_filter_change",
    "sort_after_search_change",
    "utcnow",
]
