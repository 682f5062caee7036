"""The arXiv listing mailing (the daily "new submissions" e-mail of a category) as plain text.

Each entry looks like::

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

Entries are anchored on their ``arXiv:ID`` line, so the sections (new submissions,
cross-lists after a ``%%--%%`` rule, replacements after a ``%%%---%%%`` rule) need no
special handling: a replacement (``replaced with revised version ...``) simply has no
abstract. Header fields may continue on indented lines, which are joined with a space;
the abstract keeps its text (LaTeX as typed) with hard wraps joined, and an indented line
inside it starts a new paragraph. Links come from the abstract and the comments.
The digest date is the end of the "received from ... to ..." window in the header, else
the latest submission date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from reader.core.importers.base import NotADigest, ParseContext, normalize_newlines
from reader.core.links import links_from_text, union_links_ignoring_trailing_slash
from reader.core.model import ParsedDigest, ParsedPaper
from reader.core.text import arxiv_id_of, split_authors

FORMAT = "arxiv-mailing"

_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ENTRY_RE = re.compile(rf"^arXiv:(?P<id>{_ID})\b(?P<rest>.*)$")
_FIELD_RE = re.compile(r"^(?P<key>[A-Z][A-Za-z\-]*):\s?(?P<value>.*)$")
_FOOTER_RE = re.compile(r"^\\\\\s*\(\s*(?P<url>https?://\S+)\s*,\s*(?P<size>[^)]*)\)\s*$")
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
# "Mon, 24 Jun 2024 17:00:11 GMT" (Date: lines and replacements)
_DATE_RE = re.compile(r"(?P<day>\d{1,2})\s+(?P<mon>[A-Z][a-z]{2})\s+(?P<year>\d{4})")
# "received from  Fri 21 Jun 24 18:00:00 GMT  to  Mon 24 Jun 24 18:00:00 GMT"
_RECEIVED_RE = re.compile(
    r"received from\s+.*?\bto\s+\w{3}\s+(?P<day>\d{1,2})\s+(?P<mon>[A-Z][a-z]{2})\s+(?P<year>\d{2,4})"
)
_SNIFF_ENTRY_RE = re.compile(rf"^arXiv:{_ID}\b", re.MULTILINE)
_SNIFF_TITLE_RE = re.compile(r"^Title:\s*\S", re.MULTILINE)
_SNIFF_AUTHORS_RE = re.compile(r"^Authors?:\s*\S", re.MULTILINE)
_SNIFF_FOOTER_RE = re.compile(r"^\\\\ \(\s*https?://arxiv\.org/abs/", re.MULTILINE)


def _date(match: re.Match[str] | None) -> dt.date | None:
    if match is None:
        return None
    month = _MONTHS.get(match["mon"].lower())
    year = int(match["year"])
    if year < 100:
        year += 2000
    if month is None:
        return None
    try:
        return dt.date(year, month, int(match["day"]))
    except ValueError:
        return None


def _is_separator(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(("-----", "%%")) or bool(_FOOTER_RE.match(stripped))


def _previous(lines: list[str], i: int) -> int:
    """The index of the last non-blank line before ``i`` (-1: none)."""
    i -= 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    return i


def _opens_entry(lines: list[str], i: int) -> bool:
    """An entry starts only where the listing's structure says so: an ``arXiv:ID`` line at
    column 0 that follows a separator line (``-----``, ``%%…``, the previous entry's footer),
    possibly through the ``\\`` line that opens every entry, or the top of the listing. An
    ``arXiv:ID`` inside a field (an indented continuation such as ``Comments: … overlap with``
    / ``  arXiv:2310.01614``) or inside an abstract is text of that entry."""
    line = lines[i]
    if line[:1].isspace() or not _ENTRY_RE.match(line.rstrip()):
        return False
    j = _previous(lines, i)
    if j >= 0 and lines[j].strip() == "\\\\":
        j = _previous(lines, j)
    return j < 0 or _is_separator(lines[j])


def _join_abstract(lines: list[str]) -> str:
    paragraphs: list[list[str]] = []
    for i, line in enumerate(lines):
        if not line.strip():
            if paragraphs and paragraphs[-1]:
                paragraphs.append([])
            continue
        if not paragraphs or (i > 0 and line[:1].isspace() and paragraphs[-1]):
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


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
                "not a recognised digest: no arXiv mailing entries (arXiv:ID / Title: / Authors:)"
            )
        header = "\n".join(lines[: starts[0]])
        warnings: list[str] = []
        papers: list[ParsedPaper] = []
        dates: list[dt.date] = []
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            paper, published = self._entry(lines, start, end, warnings)
            if paper is not None:
                papers.append(paper)
                if published is not None:
                    dates.append(published)
        if not papers:
            raise NotADigest("not a recognised digest: no arXiv mailing entry has a title")
        digest_date = _date(_RECEIVED_RE.search(" ".join(header.split())))
        if digest_date is None and dates:
            digest_date = max(dates)
        return ParsedDigest(format=FORMAT, papers=papers, digest_date=digest_date, warnings=warnings)

    @staticmethod
    def _entry(
        lines: list[str], start: int, end: int, warnings: list[str]
    ) -> tuple[ParsedPaper | None, dt.date | None]:
        match = _ENTRY_RE.match(lines[start].strip())
        assert match is not None
        arxiv_id = arxiv_id_of(match["id"])
        fields: dict[str, str] = {}
        last: str | None = None
        abstract_lines: list[str] | None = None
        i = start + 1
        while i < end:
            raw = lines[i]
            stripped = raw.strip()
            if _FOOTER_RE.match(stripped) or stripped.startswith(("-----", "%%")):
                break
            if abstract_lines is not None:
                if stripped == "\\\\":
                    break
                abstract_lines.append(raw)
            elif stripped == "\\\\":
                abstract_lines = []
            elif not stripped:
                last = None
            elif raw[:1].isspace() and last is not None:
                fields[last] += " " + stripped
            elif stripped.lower().startswith("replaced with revised version"):
                fields.setdefault("Replaced", stripped)
                last = None
            else:
                field = _FIELD_RE.match(stripped)
                if field is not None:
                    last = field["key"].title()
                    fields[last] = field["value"].strip()
                else:
                    warnings.append(f"line {i + 1}: unexpected line in arXiv entry: {stripped[:60]!r}")
                    last = None
            i += 1

        title = " ".join(fields.get("Title", "").split())
        if not title:
            warnings.append(f"line {start + 1}: arXiv entry {match['id']} has no title; skipped")
            return None, None
        abstract = _join_abstract(abstract_lines or [])
        published = _date(_DATE_RE.search(fields.get("Date", "")))
        comments = fields.get("Comments", "")
        paper = ParsedPaper(
            title=title,
            abstract=abstract,
            authors=split_authors(fields.get("Authors", fields.get("Author", ""))),
            published=published,
            links=union_links_ignoring_trailing_slash(
                links_from_text(abstract), links_from_text(comments)
            ),
            arxiv_id=arxiv_id,
            line=start + 1,
        )
        paper.author_count = len(paper.authors) or None
        return paper, published
