"""Persistence: SQLModel tables over SQLite, the source of truth."""

from reader.core.store.db import NewerLibraryError, StoreError
from reader.core.store.store import IndexDoc, Store, StoredDigest

__all__ = ["IndexDoc", "NewerLibraryError", "Store", "StoreError", "StoredDigest"]
