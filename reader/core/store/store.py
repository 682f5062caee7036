"""Every read and write of the library database: :class:`Store`, one mixin per domain.

Writes use SQLAlchemy Core bulk statements inside one transaction per call (an import is
one transaction per file). Every change that affects what search sees sets the paper's
``change_seq`` to a fresh value of the library's change counter in the same transaction, so
the search index can catch up with ``Store.changes_after`` after a crash
(ARCHITECTURE.md, "Consistency protocol").

Where each part lives:

- :mod:`~reader.core.store.base`: the engine, ``read``/``write``/``batched`` transactions,
  WAL checkpoints, :class:`WriteBatch`, row helpers;
- :mod:`~reader.core.store.changes`: the change counter and the search index's feed
  (:class:`IndexDoc`);
- :mod:`~reader.core.store.papers`: list pages, counts, whole papers; the filter and sort
  tables ``FILTER_SQL`` and ``SORT_SQL``;
- :mod:`~reader.core.store.merge` (rules: :mod:`~reader.core.store.merge_rules`): importing
  a digest;
- :mod:`~reader.core.store.exchange`: export and restore;
- :mod:`~reader.core.store.triage`: state, star, queue, tags, notes, opened;
- :mod:`~reader.core.store.saved`: saved searches.
"""

from __future__ import annotations

from reader.core.store.base import CHUNK, StoreBase, WriteBatch, _chunks, _date, _row, _title_sort
from reader.core.store.changes import ChangesMixin, IndexDoc
from reader.core.store.exchange import RESTORED_META_PREFIX, ExchangeMixin
from reader.core.store.merge import MergeMixin, StoredDigest
from reader.core.store.merge_rules import _unique_links
from reader.core.store.papers import ROW_COLUMNS, PapersMixin
from reader.core.store.saved import SavedSearchMixin
from reader.core.store.triage import TriageMixin

__all__ = [
    "CHUNK",
    "RESTORED_META_PREFIX",
    "ROW_COLUMNS",
    "IndexDoc",
    "Store",
    "StoreBase",
    "StoredDigest",
    "WriteBatch",
    "_chunks",
    "_date",
    "_row",
    "_title_sort",
    "_unique_links",
]


class Store(
    ExchangeMixin,
    MergeMixin,
    PapersMixin,
    TriageMixin,
    SavedSearchMixin,
    ChangesMixin,
    StoreBase,
):
    """The library database: every public method is one read or one all-or-nothing write."""
