"""Moved to :mod:`reader.core.search.whoosh_patches.speedups` (kept importable here)."""

from reader.core.search.whoosh_patches.speedups import (
    WORKER_NICE,
    field_length_bytes,
    install,
    installed,
    original,
    read_postings,
)

__all__ = ["WORKER_NICE", "field_length_bytes", "install", "installed", "original",
           "read_postings"]
