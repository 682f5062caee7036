"""The importers: detect a digest's format from its content and parse it.

Adding a format = one module with an object satisfying :class:`base.Importer`, added to the
table in :func:`default_registry` below (more specific formats first; the page-text format,
the most tolerant, last). The registry itself is :class:`registry.FormatRegistry`; this package's
``detect``/``parse_bytes`` are its default instance, ``REGISTRY``, built from that table at
import (data, not a side effect). The e-mail importer is handed the registry it belongs to,
so it can detect the digest inside a message without importing this package.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

from reader.core.importers.arxiv_feed import ArxivFeedImporter
from reader.core.importers.arxiv_mail import ArxivMailImporter
from reader.core.importers.base import (
    MAX_EXPORT_BYTES,
    MAX_FILE_BYTES,
    Importer,
    NotADigest,
    ParseContext,
    Rejected,
)
from reader.core.importers.csv_list import CsvListImporter
from reader.core.importers.eml import EmlImporter
from reader.core.importers.export_json import ExportImporter
from reader.core.importers.hf_api import HFApiImporter
from reader.core.importers.hf_feed import HFFeedImporter
from reader.core.importers.hf_page import HFPageImporter
from reader.core.importers.hf_paper_page import HFPaperPageImporter
from reader.core.importers.markdown_digest import MarkdownDigestImporter
from reader.core.importers.registry import MAX_COUNT, MAX_WARNINGS, FormatRegistry, sanitize
from reader.core.importers.semantic_scholar import SemanticScholarImporter
from reader.core.model import ParsedDigest


def default_registry() -> FormatRegistry:
    """A registry of every built-in format, in detection order."""
    registry = FormatRegistry()
    for importer in (
        ExportImporter(),
        HFApiImporter(),
        SemanticScholarImporter(),
        HFFeedImporter(),
        ArxivFeedImporter(),
        EmlImporter(registry),
        ArxivMailImporter(),
        HFPaperPageImporter(),
        MarkdownDigestImporter(),
        CsvListImporter(),
        HFPageImporter(),
    ):
        registry.register(importer, first=False)
    return registry


#: The registry ``detect`` and ``parse_bytes`` use.
REGISTRY = default_registry()


def detect(text: str) -> Importer | None:
    """The importer of the default registry that recognises ``text``, else None."""
    return REGISTRY.detect(text)


def read_bytes(path: Path) -> bytes:
    """Read a file for import, refusing oversize, vanished and unreadable files with a reason."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise Rejected("the file does not exist (it may have been moved or deleted)") from None
    except OSError as exc:
        raise Rejected(f"the file cannot be read: {exc.strerror or exc}") from None
    if not path.is_file():
        raise Rejected("not a regular file")
    limit = MAX_FILE_BYTES
    if size > limit and _starts_like_export(path):
        limit = MAX_EXPORT_BYTES  # a whole library exported: restoring it must not fail on size
    if size > limit:
        raise Rejected(
            f"the file is too large ({size / 1048576:.1f} MiB; the limit is "
            f"{limit // 1048576} MiB)"
        )
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise Rejected("the file vanished while it was being read") from None
    except PermissionError:
        raise Rejected("permission denied: the file is not readable") from None
    except OSError as exc:
        raise Rejected(f"the file cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise Rejected(f"the file is too large (the limit is {limit // 1048576} MiB)")
    return data


def _starts_like_export(path: Path) -> bool:
    """Whether the file begins like Digest Reader's own export (UTF-8; its first 4 KB)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False  # the full read reports it
    return ExportImporter().sniff(head.decode("utf-8", errors="ignore").lstrip("\ufeff"))


def parse_bytes(data: bytes, source: Path, as_of: dt.date) -> ParsedDigest:
    """Parse one file's content with the default registry (see ``FormatRegistry.parse_bytes``)."""
    return REGISTRY.parse_bytes(data, source, as_of)


def iter_candidate_files(path: Path) -> Iterator[Path]:
    """A file itself, or every file under a folder (recursively, sorted, no symlink loops)."""
    if not path.is_dir():
        yield path
        return
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(path, followlinks=True):
        try:
            st = os.stat(root)
        except OSError:
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in seen:
            dirs[:] = []
            continue
        seen.add(ident)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            yield Path(root) / name


__all__ = [
    "MAX_COUNT",
    "MAX_WARNINGS",
    "REGISTRY",
    "FormatRegistry",
    "Importer",
    "NotADigest",
    "ParseContext",
    "Rejected",
    "default_registry",
    "detect",
    "iter_candidate_files",
    "parse_bytes",
    "read_bytes",
    "sanitize",
]
