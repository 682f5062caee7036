"""Drop-in speed-ups for Whoosh internals that dominate profiles at 100,000 papers.

Each replacement returns exactly what the original returns (tests/core/test_speed_paths.py
checks them side by side against Whoosh's own code on a real index), so the index files and
every search result stay the same. They are installed by :func:`install`, which
:func:`reader.core.search.whoosh_patches.install` calls after checking the Whoosh version.

``W3PerDocReader.doc_field_length``
    Whoosh reads a document's field length with a seek and a one-byte read through two
    column-reader layers, every time. Writing a segment asks once per posting (1.5 million
    times for 10,000 papers: ~25 % of the indexing time) and BM25 asks once per scored
    document. The replacement reads the whole one-byte-per-document length column once per
    segment reader and then indexes into those bytes.

``W3FieldWriter.add_postings``
    Writing a segment's postings (about 150 per paper) went through ``FieldWriter.add_postings``
    → ``W3FieldWriter.add`` → ``W3PostingsWriter.add_posting`` (four type asserts) and a
    length lookup, per posting. The replacement is the same loop with those calls inlined;
    it writes byte-for-byte the same files (tested).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from whoosh.codec import whoosh3
from whoosh.codec.base import OutOfOrderError
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

_ORIGINAL: dict[str, Any] = {}


def field_length_bytes(perdoc: Any, fieldname: str) -> bytes | None:
    """A segment's encoded field lengths (one byte per document, ``byte_to_length``
    decodes), read once and kept; None when the field has no lengths."""
    cache: dict[str, bytes | None] | None = perdoc.__dict__.get("_dr_lengths")
    if cache is None:
        cache = perdoc._dr_lengths = {}
    data = cache.get(fieldname, b"")
    if data == b"":
        reader = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        data = cache[fieldname] = None if reader is None else _column_bytes(reader)
    return data


def _doc_field_length(self: Any, docnum: int, fieldname: str, default: int = 0) -> int | None:
    if docnum > self._doccount:
        raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
    data = field_length_bytes(self, fieldname)
    if data is None:
        return default
    lbyte = data[docnum] if docnum < len(data) else 0
    if lbyte:
        return byte_to_length(lbyte)  # type: ignore[no-any-return]
    return None  # as Whoosh: a zero length byte reads as None


def _column_bytes(reader: Any) -> bytes:
    """The raw bytes of a one-byte-per-document column (a ``NumericColumn("B")`` reader)."""
    if reader._fixedlen != 1:  # pragma: no cover - Whoosh's LENGTHS_COLUMN is "B"
        return bytes(reader[i] for i in range(reader._count))
    if reader._count == 0:
        return b"\x00"  # never b"" (that marks "not read yet"); reads as length 0
    return bytes(reader._dbfile.get(reader._basepos, reader._count))


def _add_postings(self: Any, schema: Any, lengths: Any, items: Any) -> None:
    """``whoosh.codec.base.FieldWriter.add_postings`` for ``W3FieldWriter``, with
    ``self.add`` → ``W3PostingsWriter.add_posting`` and ``doc_field_length`` inlined."""
    if lengths and type(lengths) is not whoosh3.W3PerDocReader:
        return _ORIGINAL["add_postings"](self, schema, lengths, items)  # type: ignore[no-any-return]
    start_field = self.start_field
    start_term = self.start_term
    finish_term = self.finish_term
    finish_field = self.finish_field
    has_lengths = bool(lengths)
    lastfn = None
    lasttext = None
    data: bytes | None = None
    pw: Any = None
    for fieldname, btext, docnum, weight, value in items:
        if lastfn is not None and fieldname < lastfn:
            raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
        if fieldname == lastfn and lasttext and btext < lasttext:
            raise OutOfOrderError(f"Term {lastfn}:{lasttext!r} .. {fieldname}:{btext!r}")
        if fieldname != lastfn:
            if lasttext is not None:
                finish_term()
            if lastfn is not None and fieldname != lastfn:
                finish_field()
            start_field(fieldname, schema[fieldname])
            lastfn = fieldname
            lasttext = None
            data = field_length_bytes(lengths, fieldname) if has_lengths else None
        if docnum == -1:  # a spelling-only item (Whoosh skips these here too)
            continue
        if btext != lasttext:
            if lasttext is not None:
                finish_term()
            start_term(btext)
            lasttext = btext
            pw = self._postwriter
        # length = lengths.doc_field_length(docnum, fieldname), default 0
        if data is None:
            length: int | None = 0
        else:
            if docnum > lengths._doccount:
                raise IndexError(f"Asked for docnum {docnum!r} of {lengths._doccount}")
            lbyte = data[docnum] if docnum < len(data) else 0
            length = byte_to_length(lbyte) if lbyte else None
        if value is None:
            value = b""
        # pw.add_posting(docnum, weight, value, length)
        if len(pw._ids) >= pw._blocklimit:
            pw._write_block()
        pw._ids.append(docnum)
        pw._weights.append(weight)
        if weight > pw._maxweight:
            pw._maxweight = weight
        if value:
            pw._values.append(value)
        if length:
            minlength = pw._minlength
            if minlength is None or length < minlength:
                pw._minlength = length
            if length > pw._maxlength:
                pw._maxlength = length
    if lasttext is not None:
        finish_term()
    if lastfn is not None:
        finish_field()


def read_postings(matcher: Any, *, weights: bool = False, values: bool = False,
                  skip_block: Callable[[int, int], bool] | None = None,
                  ) -> tuple[list[int], list[float], list[bytes]]:
    """Every posting of a fresh term matcher, read a block at a time: (doc numbers, weights
    if asked, encoded values if asked), deleted documents left out.

    ``skip_block(first, last)`` may say that a block covering doc numbers ``first..last``
    is not needed; it is then not decoded (the result keeps every posting of the blocks
    read). Shared by the match counter and the numpy scorer.
    """
    deleted = None
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        deleted = matcher._ids
        matcher = matcher.child
    ids: list[int] = []
    ws: list[float] = []
    vs: list[bytes] = []
    if type(matcher).__name__ == "W3LeafMatcher":
        last = -1  # the highest doc number of the previous block
        while matcher.is_active():
            first, last = last + 1, matcher._maxid
            if skip_block is not None and skip_block(first, last):
                matcher._next_block()
                continue
            if matcher._ids is None:
                matcher._read_ids()
            ids.extend(matcher._ids)
            if weights:
                if matcher._weights is None:
                    matcher._read_weights()
                ws.extend(matcher._weights)
            if values:
                if matcher._values is None:
                    matcher._read_values()
                vs.extend(matcher._values)
            matcher._next_block()
    else:  # an inline posting list (a term in one document) or another matcher
        while matcher.is_active():
            ids.append(matcher.id())
            if weights:
                ws.append(matcher.weight())
            if values:
                vs.append(matcher.value())
            matcher.next()
    if deleted:
        keep = [i not in deleted for i in ids]
        ids = [i for i, k in zip(ids, keep) if k]
        ws = [w for w, k in zip(ws, keep) if k] if weights else ws
        vs = [v for v, k in zip(vs, keep) if k] if values else vs
    return ids, ws, vs


#: Added to the index writer processes' nice value (``writer_task.WriterTask``): they use the
#: cores the importing thread and the window leave idle instead of competing with them (on
#: 2 cores, parsing and storing an import ran twice as long while they indexed alongside
#: at equal priority).
WORKER_NICE = 10


def install() -> None:
    """Install the replacements (idempotent)."""
    cls = whoosh3.W3PerDocReader
    if "doc_field_length" not in _ORIGINAL:
        _ORIGINAL["doc_field_length"] = cls.doc_field_length
        cls.doc_field_length = _doc_field_length  # type: ignore[method-assign]
    if "add_postings" not in _ORIGINAL:
        _ORIGINAL["add_postings"] = whoosh3.W3FieldWriter.add_postings
        whoosh3.W3FieldWriter.add_postings = _add_postings  # type: ignore[method-assign]


def installed() -> bool:
    """Whether :func:`install` has run in this process."""
    return "add_postings" in _ORIGINAL


def original(name: str) -> Any:
    """Whoosh's own implementation of a replaced method (for the equivalence tests)."""
    return _ORIGINAL[name]
