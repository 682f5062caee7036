"""The importer contract and the helpers every importer shares.

An importer is a small object with a ``name``, a ``sniff(text)`` that says from the
content alone whether the file is its format, and a ``parse(text, context)`` that returns a
:class:`ParsedDigest` or raises :class:`Rejected` with a one-line reason. Importers never
touch the store: the registry hands the result to the Library, which writes one file per
transaction.
"""

from __future__ import annotations

import codecs
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reader.core.errors import DigestReaderError
from reader.core.model import ParsedDigest

#: Files larger than this are refused before they are read.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: ... except Digest Reader's own export, a whole library (~2.5 KB a paper: 100,000 papers
#: are ~250 MB), up to this size.
MAX_EXPORT_BYTES = 1024 * 1024 * 1024
#: Whole numbers the library stores are 32-bit signed in the search index (and 64-bit in
#: SQLite): a number outside this range would make a paper impossible to index.
MAX_COUNT = 2**31 - 1


class Rejected(DigestReaderError):
    """A file that cannot be imported; the message is the one-line reason shown to the user."""


class NotADigest(Rejected):
    pass


@dataclass(frozen=True)
class ParseContext:
    """What an importer may know about the file besides its text."""

    source: Path
    as_of: dt.date  # reference date for dates printed without a year


class Importer(Protocol):
    name: str

    def sniff(self, text: str) -> bool:
        """True when the text shows this format's signals (cheap; content only)."""

    def parse(self, text: str, context: ParseContext) -> ParsedDigest:
        """Parse the whole text or raise :class:`Rejected`."""


class FormatDetector(Protocol):
    """What an importer of containers (the e-mail importer) needs of the registry: which
    importer, if any, recognises a piece of text. :class:`registry.FormatRegistry` is one."""

    def detect(self, text: str) -> Importer | None:
        """The first importer whose ``sniff`` accepts ``text``, else None."""


def decode_bytes(data: bytes) -> str:
    """Decode a digest file: UTF-8 (with or without BOM) or UTF-16 with a BOM or NUL pattern.

    Raises :class:`Rejected` naming the problem for empty, binary or undecodable input.
    """
    if not data:
        raise Rejected("the file is empty")
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        return _strict(body, "utf-8", "UTF-8 (with BOM)")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", "UTF-16")
    sample = data[:4096]
    for magic, what in _MAGIC.items():
        if sample.startswith(magic):
            raise Rejected(f"the file is binary ({what}), not a text digest")
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: every other byte of ASCII text is NUL.
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        if odd_nuls > len(sample) // 4 and even_nuls < odd_nuls // 4:
            return _strict(data, "utf-16-le", "UTF-16")
        if even_nuls > len(sample) // 4 and odd_nuls < even_nuls // 4:
            return _strict(data, "utf-16-be", "UTF-16")
        raise Rejected("the file is binary, not text (it contains NUL bytes)")
    if _looks_binary(sample):
        raise Rejected("the file is binary, not text")
    return _strict(data, "utf-8", "UTF-8")


_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive",
    b"\x1f\x8b": "a gzip archive",
    b"SQLite format 3": "an SQLite database",
    b"\x7fELF": "an executable",
}


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(sample) // 20)


def _strict(data: bytes, codec: str, label: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise Rejected(
            f"the file is not valid {label} text (undecodable byte at offset {exc.start})"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise Rejected("the file is binary, not text (it contains NUL characters)")
    return text


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
