"""The store's mixins and the old import paths that benchmarks and tests still use."""

from __future__ import annotations

import reader.core.store as store_pkg
import reader.core.store.store as store_mod
from reader.core.store.base import StoreBase, WriteBatch
from reader.core.store.changes import IndexDoc
from reader.core.store.merge import StoredDigest
from reader.core.store.merge_rules import _unique_links


def test_old_import_paths_name_the_new_homes() -> None:
    assert store_mod.WriteBatch is WriteBatch
    assert store_mod.IndexDoc is IndexDoc is store_pkg.IndexDoc
    assert store_mod.StoredDigest is StoredDigest is store_pkg.StoredDigest
    assert store_mod._unique_links is _unique_links
    assert store_mod._title_sort("  Deep   LEARNING ") == "deep learning"
    assert store_pkg.Store is store_mod.Store


def test_every_mixin_builds_on_the_base_and_store_lists_them_all() -> None:
    mixins = [c for c in store_mod.Store.__mro__[1:] if c.__name__.endswith("Mixin")]
    assert {c.__name__ for c in mixins} == {
        "ExchangeMixin", "MergeMixin", "PapersMixin", "TriageMixin", "SavedSearchMixin",
        "ChangesMixin"}
    assert all(issubclass(c, StoreBase) for c in mixins)
    assert store_mod.Store.__mro__[-2] is StoreBase

