"""What the paper list shows (:class:`QuerySpec`) and the first page of it.

``PAGE_SIZE`` is the one page size of the list: :func:`fetch_first_page` (run by the window
off the GUI thread) and :class:`reader.ui.paper_model.PaperTableModel` (later pages) both
read it from here, so a test that patches ``query_spec.PAGE_SIZE`` changes both.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.library import Library
from reader.core.model import Filter, FilterKind, Page, Sort, SortKey, State

PAGE_SIZE = 250


@dataclass(frozen=True)
class QuerySpec:
    """What the list shows: the filter, the search text and the sort."""

    filter: Filter = Filter(FilterKind.STATE, State.INBOX.value)
    text: str = ""
    sort: Sort | None = None  # None: the default (relevance when searching, else per filter)

    @property
    def effective_sort(self) -> Sort | None:
        if self.sort is not None:
            return self.sort
        if self.text.strip():
            return Sort(SortKey.RELEVANCE)
        return None

    @property
    def is_queue(self) -> bool:
        return self.filter.kind is FilterKind.STATE and self.filter.value == State.QUEUED.value

    @property
    def manual_order(self) -> bool:
        """Dragging reorders only when the queue is shown in queue order, unsearched."""
        return self.is_queue and not self.text.strip() and (
            self.sort is None or self.sort.key is SortKey.QUEUE)


def fetch_first_page(library: Library, spec: QuerySpec) -> Page:
    """Run in a reader thread: the first page and the total of a query."""
    return library.query(spec.text, spec.filter, spec.effective_sort, 0, PAGE_SIZE)
