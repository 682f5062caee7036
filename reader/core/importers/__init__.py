"""Importer registry: detect a digest's format from its content and parse it.

Adding a format = one module with an object satisfying :class:`base.Importer`, appended to
``IMPORTERS`` (more specific formats first; the page-text format, the most tolerant, last).
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
    decode_bytes,
)
from reader.core.importers.eml import EmlImporter
from reader.core.importers.export_json import ExportImporter
from reader.core.importers.hf_api import HFApiImporter
from reader.core.importers.hf_page import HFPageImporter
from reader.core.model import ParsedDigest

IMPORTERS: list[Importer] = [
    ExportImporter(),
    HFApiImporter(),
    ArxivFeedImporter(),
    EmlImporter(),
    ArxivMailImporter(),
    HFPageImporter(),
]


def register(importer: Importer, *, first: bool = True) -> None:
    if first:
        IMPORTERS.insert(0, importer)
    else:
        IMPORTERS.append(importer)


def detect(text: str) -> Importer | None:
    for importer in IMPORTERS:
        if importer.sniff(text):
            return importer
    return None


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
    text = decode_bytes(data)
    if not text.strip():
        raise Rejected("the file contains only whitespace")
    importer = detect(text)
    if importer is None:
        raise NotADigest(_not_a_digest_reason(text))
    return sanitize(importer.parse(text, ParseContext(source=source, as_of=as_of)))


#: Whole numbers the library stores are 32-bit signed in the search index (and 64-bit in
#: SQLite): a number outside this range would make a paper impossible to index.
MAX_COUNT = 2**31 - 1
#: At most this many warnings per file are reported (then a count of the rest).
MAX_WARNINGS = 100


def sanitize(parsed: ParsedDigest) -> ParsedDigest:
    """Drop values no importer should hand on, whatever the file said (with a warning each).

    Counts (upvotes, author count, queue position) outside ``0..MAX_COUNT`` are dropped: one
    such paper would otherwise be committed to SQLite and then fail to index on every later
    sync, leaving the search index permanently behind.
    """
    for paper in parsed.papers:
        where = f"{paper.title[:60]!r}" + (f" (line {paper.line})" if paper.line else "")
        for name in ("upvotes", "author_count"):
            value = getattr(paper, name)
            if value is not None and not _count_ok(value):
                parsed.warnings.append(f"{where}: {name} {str(value)[:30]} is out of range; ignored")
                setattr(paper, name, None)
        state = paper.user_state
        if state is not None and state.queue_position is not None and not _count_ok(
            state.queue_position
        ):
            parsed.warnings.append(f"{where}: queue position out of range; ignored")
            state.queue_position = None
    if len(parsed.warnings) > MAX_WARNINGS:
        # A file of 100,000 broken entries must not produce a 100,000-line report.
        extra = len(parsed.warnings) - MAX_WARNINGS
        parsed.warnings[MAX_WARNINGS:] = [f"… and {extra} more warnings like these"]
    return parsed


def _count_ok(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def _not_a_digest_reason(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        what = "an HTML page without a recognised digest in it"
    elif head.startswith(("{", "[")):
        what = "JSON of a shape no importer knows"
    elif head.startswith("<?xml") or head.startswith("<"):
        what = "XML/markup of a shape no importer knows"
    else:
        what = "text without the signals of any digest format"
    return f"not a recognised digest: {what}"


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
    "IMPORTERS",
    "Importer",
    "NotADigest",
    "ParseContext",
    "Rejected",
    "detect",
    "iter_candidate_files",
    "parse_bytes",
    "read_bytes",
    "register",
    "sanitize",
]
