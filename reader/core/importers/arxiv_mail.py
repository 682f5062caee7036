"""The arXiv listing mailing (the daily "new submissions" e-mail of a category, and the
listing files of the archive) as plain text, in its current layout and the pre-2007 one.

Current entries look like::

    \\\\
    arXiv:2406.16793
    Date: Mon, 24 Jun 2024 17:00:11 GMT   (1234kb)

    Title: Adam-mini: Use Fewer Learning Rates
      To Gain More
    Authors: Yushun Zhang, Congliang Chen and Ruoyu Sun
    Categories: cs.LG cs.AI
    Comments: 14 pages
    \\\\
      We propose Adam-mini, an optimizer ...
    \\\\ ( https://arxiv.org/abs/2406.16793 ,  1234kb)
    ---------------------------------------------------

and old ones (the 1990s to 2007: old-style ids, a ``From:`` line, every revision's date;
monthly listing files have no abstract)::

    \\\\
    Paper (*cross-listing*): gr-qc/9401026
    From: M. Gasperini <...>
    Date: Tue, 25 Jan 1994 19:21:39 GMT   (9kb)
    Date (revised v2): Wed, 26 Jan 1994 10:00:00 GMT   (10kb)

    Title: Relaxed Bounds on the Dilaton Mass in a String Cosmology Scenario
    Authors: M. Gasperini
    \\\\
      ...
    \\\\ ( http://xxx.lanl.gov/abs/gr-qc/9401026 ,  9kb)

Entries are anchored on their ``arXiv:ID`` / ``Paper: ID`` line at column 0 after a separator
(:func:`_opens_entry`), so the sections (new submissions, cross-lists after a ``%%--%%``
rule, replacements after a ``%%%---%%%`` rule) need no special handling: a replacement
(``replaced with revised version ...``) simply has no abstract. One entry's fields, abstract
and metadata are read by :mod:`arxiv_entry`. Links come from the abstract and the comments.
The digest date is the end of the "received from ... to ..." window in the header, else the
latest day an entry was submitted or replaced on.
"""

from __future__ import annotations

import datetime as dt
import re

from reader.core.importers.arxiv_entry import (
    ANCHOR_RE,
    FOOTER_RE,
    ID_PATTERN,
    RULE_PREFIXES,
    parse_date,
    read_entry,
)
from reader.core.importers.base import NotADigest, ParseContext, normalize_newlines
from reader.core.model import ParsedDigest, ParsedPaper
from reader.core.model.meta import clean_category

FORMAT = "arxiv-mailing"

# "received from  Fri 21 Jun 24 18:00:00 GMT  to  Mon 24 Jun 24 18:00:00 GMT"
_RECEIVED_RE = re.compile(
    r"received from\s+.*?\bto\s+\w{3}\s+(?P<day>\d{1,2})\s+(?P<mon>[A-Z][a-z]{2})\s+(?P<year>\d{2,4})"
)
# "To unsubscribe, e-mail To: hep-th@xxx.lanl.gov, Subject: cancel": the listing's archive
_ARCHIVE_RE = re.compile(r"\be-mail To:\s*(?P<archive>[a-z][a-z.-]*)@", re.I)
_SNIFF_ENTRY_RE = re.compile(
    rf"^(?:arXiv:{ID_PATTERN}\b|Paper\s*(?:\(\*[a-z -]+\*\))?\s*:\s*{ID_PATTERN}\b)", re.MULTILINE
)
_SNIFF_TITLE_RE = re.compile(r"^Title:\s*\S", re.MULTILINE)
_SNIFF_AUTHORS_RE = re.compile(r"^Authors?:\s*\S", re.MULTILINE)
_SNIFF_FOOTER_RE = re.compile(
    r"^\\\\ \(\s*https?://(?:\w+\.)*(?:arxiv\.org|lanl\.gov)/abs/", re.MULTILINE | re.I
)


def _is_separator(line: str) -> bool:
    """A rule, an entry's footer, or a past-week listing's day (``/*Tue, 20 Jul 2021 */``)."""
    stripped = line.strip()
    return (
        stripped.startswith(RULE_PREFIXES)
        or bool(FOOTER_RE.match(stripped))
        or (stripped.startswith("/*") and stripped.endswith("*/"))
    )


def _previous(lines: list[str], i: int) -> int:
    """The index of the last non-blank line before ``i`` (-1: none)."""
    i -= 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    return i


def _opens_entry(lines: list[str], i: int) -> bool:
    """An entry starts only where the listing's structure says so: an ``arXiv:ID`` (or old
    ``Paper: ID``) line at column 0 that follows a separator line (``-----``, ``%%…``, the
    previous entry's footer), possibly through the ``\\`` line that opens every entry, or the
    top of the listing. An ``arXiv:ID`` inside a field (an indented continuation such as
    ``Comments: … overlap with`` / ``  arXiv:2310.01614``) or inside an abstract is text of
    that entry."""
    line = lines[i]
    if line[:1].isspace() or not ANCHOR_RE.match(line.rstrip()):
        return False
    j = _previous(lines, i)
    if j >= 0 and lines[j].strip() == "\\\\":
        j = _previous(lines, j)
    return j < 0 or _is_separator(lines[j])


class ArxivMailImporter:
    name = FORMAT

    def sniff(self, text: str) -> bool:
        head = text[:200_000]
        entry = _SNIFF_ENTRY_RE.search(head)
        if entry is None:
            return False
        window = head[entry.start() : entry.start() + 5000]
        return bool(
            _SNIFF_TITLE_RE.search(window)
            and (_SNIFF_AUTHORS_RE.search(window) or _SNIFF_FOOTER_RE.search(window))
        )

    def parse(self, text: str, context: ParseContext) -> ParsedDigest:
        lines = normalize_newlines(text).split("\n")
        starts = [i for i, line in enumerate(lines) if _opens_entry(lines, i)]
        if not starts or not self.sniff(text):
            raise NotADigest(
                "not a recognised digest: no arXiv mailing entries "
                "(arXiv:ID or Paper: ID / Title: / Authors:)"
            )
        header = "\n".join(lines[: starts[0]])
        named = _ARCHIVE_RE.search(header)
        archive = clean_category(named["archive"]) if named else None
        warnings: list[str] = []
        papers: list[ParsedPaper] = []
        dates: list[dt.date] = []
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            paper, announced = read_entry(lines, start, end, warnings, archive)
            if paper is not None:
                papers.append(paper)
                if announced is not None:
                    dates.append(announced)
        if not papers:
            raise NotADigest("not a recognised digest: no arXiv mailing entry has a title")
        digest_date = parse_date(_RECEIVED_RE.search(" ".join(header.split())))
        if digest_date is None and dates:
            digest_date = max(dates)
        return ParsedDigest(format=FORMAT, papers=papers, digest_date=digest_date, warnings=warnings)
