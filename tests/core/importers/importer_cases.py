"""What the importer tests share: the reference date and parsing a file or a text the way
the library does (``parse_bytes``), or building a parse context by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reader.core.importers import parse_bytes
from reader.core.importers.base import ParseContext
from reader.core.model import ParsedDigest

AS_OF = dt.date(2026, 1, 5)


def parse_file(path: Path, as_of: dt.date = AS_OF) -> ParsedDigest:
    return parse_bytes(path.read_bytes(), path, as_of)


def parse_text(text: str, name: str = "digest.txt") -> ParsedDigest:
    return parse_bytes(text.encode("utf-8"), Path(name), AS_OF)


def ctx(name: str = "x.json") -> ParseContext:
    return ParseContext(source=Path(name), as_of=AS_OF)
