"""What the paper list asks for and gets back: filters, sorts, pages, saved searches, search
hits, the library's statistics and check result, and the one definition of the rules that
make the queue special (:func:`is_queue`, :func:`default_sort`, :func:`manual_order`)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from reader.core.model.meta import clean_category
from reader.core.model.papers import PaperRow, State


class FilterKind(str, enum.Enum):
    ALL = "all"
    STATE = "state"
    STARRED = "starred"
    HAS_CODE = "has-code"
    HAS_NOTES = "has-notes"
    TAG = "tag"
    DIGEST = "digest"
    SAVED = "saved"
    NEW = "new"  # the papers one import added: ``new:FIRST-LAST``, a range of paper ids
    CATEGORY = "category"  # an arXiv category, primary or cross-list: ``category:cs.CL``


@dataclass(frozen=True)
class Filter:
    """One entry of the filters pane. ``Filter.parse`` reads the CLI spelling."""

    kind: FilterKind = FilterKind.ALL
    value: str | None = None

    @property
    def key(self) -> str:
        if self.kind is FilterKind.STATE:
            return str(self.value)
        if self.value is not None:
            return f"{self.kind.value}:{self.value}"
        return self.kind.value

    @classmethod
    def state(cls, state: State) -> Filter:
        return cls(FilterKind.STATE, state.value)

    @classmethod
    def new_papers(cls, ids: list[int]) -> Filter:
        """The papers of one import run (``ImportReport.new_ids``). Their ids are one range:
        new papers get ``max(id) + 1`` onwards (``MergeMixin._insert_papers``) and a run is
        one job of the library's only writer (ARCHITECTURE.md "Threads and processes")."""
        if not ids:
            raise ValueError("no new papers to show")
        first, last = min(ids), max(ids)
        if last - first + 1 != len(set(ids)):
            raise ValueError(f"the new papers are not one id range ({len(ids)} ids in {first}-{last})")
        return cls(FilterKind.NEW, f"{first}-{last}")

    def id_range(self) -> tuple[int, int]:
        """The first and last paper id of a ``new:FIRST-LAST`` filter."""
        head, _sep, tail = str(self.value).partition("-")
        if not (head.strip().isdigit() and (tail or head).strip().isdigit()):
            raise ValueError(f"new filter needs an id range FIRST-LAST, got {self.value!r}")
        first, last = int(head), int(tail or head)
        if first > last:
            raise ValueError(f"new filter range {self.value!r} ends before it starts")
        return first, last

    @classmethod
    def parse(cls, text: str | None) -> Filter:
        if text is None or not text.strip():
            return cls()
        raw = text.strip()
        low = raw.lower()
        head, sep, rest = raw.partition(":")
        if sep:
            kind = head.strip().lower()
            kind = "category" if kind == "cat" else kind
            if kind == "category" and rest.strip():
                category = clean_category(rest)
                if category is None:
                    raise ValueError(f"not an arXiv category: {rest.strip()!r} (e.g. cs.CL, hep-th)")
                return cls(FilterKind.CATEGORY, category)
            if kind in ("tag", "digest", "saved", "new") and rest.strip():
                if kind == "digest" and not rest.strip().isdigit():
                    raise ValueError(f"digest filter needs a digest id, got {rest!r}")
                flt = cls(FilterKind(kind), rest.strip())
                if kind == "new":
                    flt.id_range()  # a clear error for a bad range
                return flt
            if kind == "state":
                return cls.state(State.parse(rest))
        simple = {
            "all": FilterKind.ALL,
            "starred": FilterKind.STARRED,
            "has-code": FilterKind.HAS_CODE,
            "code": FilterKind.HAS_CODE,
            "has-notes": FilterKind.HAS_NOTES,
            "notes": FilterKind.HAS_NOTES,
        }
        if low in simple:
            return cls(simple[low])
        try:
            return cls.state(State.parse(low))
        except ValueError:
            raise ValueError(
                f"unknown filter {text!r} (expected all, inbox, queue, reading, done, dismissed, "
                "starred, has-code, has-notes, tag:NAME, category:NAME, digest:ID, saved:NAME or "
                "new:FIRST-LAST)"
            ) from None


class SortKey(str, enum.Enum):
    RELEVANCE = "relevance"
    PUBLISHED = "published"
    UPVOTES = "upvotes"
    ADDED = "added"
    TITLE = "title"
    QUEUE = "queue"
    STARRED = "starred"  # starred first, then newest
    CODE = "code"  # papers with code first, then newest


@dataclass(frozen=True)
class Sort:
    key: SortKey = SortKey.PUBLISHED
    descending: bool = True

    @property
    def spec(self) -> str:
        return ("-" if self.descending else "") + self.key.value

    @classmethod
    def parse(cls, text: str | None) -> Sort | None:
        if text is None or not text.strip():
            return None
        raw = text.strip().lower()
        descending = None
        if raw.startswith("-"):
            descending, raw = True, raw[1:]
        elif raw.startswith("+"):
            descending, raw = False, raw[1:]
        try:
            key = SortKey(raw)
        except ValueError:
            names = ", ".join(k.value for k in SortKey)
            raise ValueError(f"unknown sort key {text!r} (expected one of: {names})") from None
        if descending is None:
            descending = key in (SortKey.PUBLISHED, SortKey.UPVOTES, SortKey.ADDED, SortKey.RELEVANCE,
                                 SortKey.STARRED, SortKey.CODE)
        return cls(key, descending)


@dataclass(frozen=True)
class Page:
    """One page of a query: the total across all pages and the rows of this one."""

    total: int
    rows: list[PaperRow]
    offset: int = 0
    index_pending: int = 0  # papers not yet searchable (indexing still catching up)


@dataclass(frozen=True)
class SavedSearch:
    id: int
    name: str
    query: str
    filter: Filter
    sort: Sort | None


@dataclass(frozen=True)
class Snippet:
    """A piece of text and the character spans that matched a query."""

    text: str
    spans: list[tuple[int, int]]

    def marked(self, before: str = "[", after: str = "]") -> str:
        out, pos = [], 0
        for start, end in self.spans:
            out.append(self.text[pos:start])
            out.append(before + self.text[start:end] + after)
            pos = end
        out.append(self.text[pos:])
        return "".join(out)


@dataclass(frozen=True)
class SearchHit:
    row: PaperRow
    score: float
    snippet: Snippet


@dataclass(frozen=True)
class Stats:
    papers: int
    digests: int
    by_state: dict[str, int]
    starred: int
    with_code: int
    with_notes: int
    tags: int
    index_pending: int
    library_path: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class CheckResult:
    problems: list[str]
    checked: dict[str, Any]

    @property
    def ok(self) -> bool:
        return not self.problems


# --- the queue is special ------------------------------------------------------------------
# Every list comes in the order the user chose, else in its default order. The queue differs
# from every other list in three ways, and these functions are the one place that says so:
# its default order is the user's own (queue position, by dragging); only there can rows be
# dragged; and switching to it drops the sort the previous list had.


def is_queue(flt: Filter) -> bool:
    """Whether ``flt`` is the reading queue (the papers in state "queued")."""
    return flt.kind is FilterKind.STATE and flt.value == State.QUEUED.value


def default_sort(flt: Filter, has_text: bool, preferred: Sort | None = None) -> Sort:
    """The order of a list for which the user chose none.

    ``has_text``: the query has words to rank by; then relevance, best first. A query of only
    filters (``has:code upvotes:>20``) has none and comes in the list's own order, as without
    a query: the queue in queue order (first position first), every other list newest first —
    or in ``preferred``, the user's default sort (Preferences), when given.
    """
    if has_text:
        return Sort(SortKey.RELEVANCE)
    if is_queue(flt):
        return Sort(SortKey.QUEUE, descending=False)
    return preferred if preferred is not None else Sort(SortKey.PUBLISHED, descending=True)


def manual_order(flt: Filter, text: str, sort: Sort | None) -> bool:
    """Whether dragging reorders the list: only the queue shown in queue order, unsearched."""
    return is_queue(flt) and not text.strip() and (sort is None or sort.key is SortKey.QUEUE)


def sort_after_filter_change(flt: Filter, sort: Sort | None) -> Sort | None:
    """The sort the list keeps when the user picks the list ``flt``: the chosen one, except
    that the queue shows its own order (None: the default)."""
    return None if is_queue(flt) else sort


def sort_after_search_change(old_text: str, text: str, sort: Sort | None) -> Sort | None:
    """The sort the list keeps when the search text changes: a new search (text where there
    was none) starts in relevance order, so a chosen non-relevance sort is dropped. The
    texts are the search box's, stripped (as the list keeps them)."""
    if text and not old_text and sort is not None and sort.key is not SortKey.RELEVANCE:
        return None
    return sort
