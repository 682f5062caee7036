"""What the paper list shows (:class:`QuerySpec`) and the first page of it.

``PAGE_SIZE`` is the one page size of the list: :func:`fetch_first_page` (run by the window
off the GUI thread) and :class:`reader.ui.paper_model.PaperTableModel` (later pages) both
read it from here, so a test that patches ``query_spec.PAGE_SIZE`` changes both.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reader.core.library import Library
from reader.core.model import Filter, FilterKind, Page, Sort, State, default_sort, is_queue, manual_order

PAGE_SIZE = 250


@dataclass(frozen=True)
class QuerySpec:
    """What the list shows: the filter, the search text and the sort."""

    filter: Filter = Filter(FilterKind.STATE, State.INBOX.value)
    text: str = ""
    sort: Sort | None = None  # None: the default (relevance when searching, else per filter)
    default: Sort | None = None  # the user's default sort (Preferences); None: the built-in one

    @property
    def effective_sort(self) -> Sort | None:
        """The chosen sort; else relevance when searching; else the user's default sort (not
        in the queue nor a saved search, which have their own); else None, and the library
        uses the list's own order (:func:`reader.core.model.default_sort`)."""
        if self.sort is not None:
            return self.sort
        if self.text.strip():
            return default_sort(self.filter, has_text=True)
        if self.default is not None and self.filter.kind is not FilterKind.SAVED:
            return default_sort(self.filter, has_text=False, preferred=self.default)
        return None

    def with_default(self, default: Sort | None) -> QuerySpec:
        return self if default == self.default else replace(self, default=default)

    @property
    def is_queue(self) -> bool:
        """See :func:`reader.core.model.is_queue` (the one definition)."""
        return is_queue(self.filter)

    @property
    def manual_order(self) -> bool:
        """Dragging reorders only when the queue is shown in queue order, unsearched
        (:func:`reader.core.model.manual_order`)."""
        return manual_order(self.filter, self.text, self.sort)


def fetch_first_page(library: Library, spec: QuerySpec) -> Page:
    """Run in a reader thread: the first page and the total of a query."""
    return library.query(spec.text, spec.filter, spec.effective_sort, 0, PAGE_SIZE)
