"""The format registry: which importer reads a file, decided by its content alone.

A :class:`FormatRegistry` is built from a table of importers (an importer is one object
satisfying :class:`base.Importer`; the order is the detection order: more specific formats
first, the most tolerant last). It has no Qt and no global state: the package's default
registry is one instance built by ``importers.default_registry()``, and a test can build its
own with any list of importers. What every registry does after an
importer has parsed a file (:func:`sanitize`) lives here too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader.core.importers.base import (
    MAX_COUNT,
    Importer,
    NotADigest,
    ParseContext,
    Rejected,
    decode_bytes,
)
from reader.core.model import ParsedDigest
from reader.core.tex import unicode_text

#: At most this many warnings per file are reported (then a count of the rest).
MAX_WARNINGS = 100


class FormatRegistry:
    """Detect a digest's format from its content and parse it with that format's importer."""

    def __init__(self, importers: Iterable[Importer] = ()) -> None:
        self._importers: list[Importer] = list(importers)

    @property
    def importers(self) -> tuple[Importer, ...]:
        """The importers in detection order."""
        return tuple(self._importers)

    def register(self, importer: Importer, *, first: bool = True) -> None:
        """Add a format: by default ahead of every other (a new format is usually more
        specific than the tolerant page-text format that comes last)."""
        if first:
            self._importers.insert(0, importer)
        else:
            self._importers.append(importer)

    def detect(self, text: str) -> Importer | None:
        for importer in self._importers:
            if importer.sniff(text):
                return importer
        return None

    def parse_bytes(self, data: bytes, source: Path, as_of: dt.date) -> ParsedDigest:
        """Decode, detect, parse and :func:`sanitize` one file's content, or raise
        :class:`Rejected` (:class:`NotADigest` when no importer recognises it)."""
        text = decode_bytes(data)
        if not text.strip():
            raise Rejected("the file contains only whitespace")
        importer = self.detect(text)
        if importer is None:
            raise NotADigest(_not_a_digest_reason(text))
        return sanitize(importer.parse(text, ParseContext(source=source, as_of=as_of)))


def sanitize(parsed: ParsedDigest) -> ParsedDigest:
    """Drop values no importer should hand on, whatever the file said (with a warning each),
    and spell names and titles one way whatever the format.

    Titles and author names have their TeX accents, text macros and dashes turned into
    Unicode (:func:`reader.core.tex.unicode_text`: ``M. Garc\\'ia`` → ``M. García``, math kept
    as written), so a mailing's and a feed's spelling of one person are the same name.
    Counts (upvotes, author count, queue position, GitHub stars, arXiv version) out of
    ``0..MAX_COUNT`` are dropped: one such paper would otherwise be committed to SQLite and
    then fail to index on every later sync, leaving the search index permanently behind.
    """
    for paper in parsed.papers:
        # (a title or name that would spell as nothing, "{}", is kept as the file wrote it)
        paper.title = unicode_text(paper.title) or paper.title
        paper.authors = [unicode_text(name) or name for name in paper.authors]
        where = f"{paper.title[:60]!r}" + (f" (line {paper.line})" if paper.line else "")
        for name in ("upvotes", "author_count"):
            value = getattr(paper, name)
            if value is not None and not _count_ok(value):
                parsed.warnings.append(f"{where}: {name} {str(value)[:30]} is out of range; ignored")
                setattr(paper, name, None)
        for name in ("github_stars", "version"):
            value = getattr(paper.meta, name)
            if value is not None and not _count_ok(value):
                parsed.warnings.append(f"{where}: {name.replace('_', ' ')} {str(value)[:30]} "
                                       "is out of range; ignored")
                changes: dict[str, Any] = {name: None}
                paper.meta = dataclasses.replace(paper.meta, **changes)
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
