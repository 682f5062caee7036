"""Generic text helpers the importers share (no format knowledge, no I/O).

They used to live in the importer that needed them first (``hf_api``, ``arxiv_mail``) and
the others imported them from there; an importer now imports only this module, ``links``,
``model`` and its own ``importers.base``. :func:`title_sort` is the store's and the index's
(one rule for the ``title_sort`` column and field).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_ARXIV_NEW_RE = re.compile(r"^(?P<id>\d{4}\.\d{4,5})(?:v\d+)?$")
_ARXIV_OLD_RE = re.compile(r"^(?P<id>[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_AUTHOR_SPLIT_RE = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def collapse(text: str) -> str:
    """Undo hard wrapping: every run of whitespace becomes one space."""
    return " ".join(text.split())


def arxiv_id_of(value: object) -> str | None:
    """The version-less arXiv id in ``value`` (``2406.16793v2`` → ``2406.16793``), else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    for prefix in ("arXiv:", "arxiv:"):
        text = text.removeprefix(prefix)
    match = _ARXIV_NEW_RE.match(text) or _ARXIV_OLD_RE.match(text)
    return match["id"] if match else None


def split_authors(text: str) -> list[str]:
    """``A (1), B and C ((1) MIT)`` → ``[A, B, C]``: affiliations dropped, ``and`` split."""
    # Drop the trailing affiliation list "((1) X, (2) Y)" and per-author markers "(1)".
    depth, out = 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    names = _AUTHOR_SPLIT_RE.split(" ".join("".join(out).split()))
    return [name.strip() for name in names if name.strip()]


def title_sort(title: str) -> str:
    """The sort form of a title: casefolded, whitespace runs as one space. The one rule: the
    store's ``title_sort`` column (``store.base._title_sort``) and the index's ``title_sort``
    field (:func:`reader.core.search.schema.doc_fields`, which also cuts it to 200 characters)."""
    return " ".join(title.casefold().split())


def iso_day(value: object) -> dt.date | None:
    """The day an ISO 8601 date or timestamp names (``2024-06-12``, ``2024-06-12T08:00:00Z``),
    else None (not text, too short, not a date)."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


#: English month names and their abbreviations, lower case (``sept`` too), to the number.
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
_MONTHS["sept"] = 9


def month_number(name: str) -> int | None:
    """``Jun``, ``June``, ``sept`` → 6, 6, 9 (any case); else None. The one month table of
    every importer that reads dates written out (mailings, page text, Markdown, CSV)."""
    return _MONTHS.get(name.lower())


_ISO_RE = re.compile(r"(?<!\d)(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})(?!\d)")
_COMPACT_RE = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")
_EUROPEAN_RE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")
_WORDY_RE = re.compile(r"\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_WORDY2_RE = re.compile(r"\b(\d{1,2})\s+([A-Z][a-z]{2,8})\.?,?\s+(\d{4})\b")


def find_date(text: str) -> dt.date | None:
    """The first date in ``text`` (a field, a heading, a file name): ``2024-06-12``,
    ``2024.07.04``, ``20230912``, ``12.06.2024`` (day first, as European spreadsheets write
    it), ``May 31, 2026``, ``31 May 2026``; else None."""
    candidates: list[tuple[int, int, int, int]] = []  # (position, y, m, d)
    for m in _ISO_RE.finditer(text):
        candidates.append((m.start(), int(m[1]), int(m[2]), int(m[3])))
    for m in _COMPACT_RE.finditer(text):
        candidates.append((m.start(), int(m[1]), int(m[2]), int(m[3])))
    for m in _EUROPEAN_RE.finditer(text):
        candidates.append((m.start(), int(m[3]), int(m[2]), int(m[1])))
    for m in _WORDY_RE.finditer(text):
        month = month_number(m[1][:3])
        if month:
            candidates.append((m.start(), int(m[3]), month, int(m[2])))
    for m in _WORDY2_RE.finditer(text):
        month = month_number(m[2][:3])
        if month:
            candidates.append((m.start(), int(m[3]), month, int(m[1])))
    for _, year, month, day in sorted(candidates):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None
