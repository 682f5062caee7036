"""The Hugging Face "Daily Papers" page copied as text (ARCHITECTURE.md, "Data flow of an import").

The text is split into blocks at blank lines and every block is classified by small,
independent rules (``_HEADER_LINES``, ``_META_*``, ``_DATE_RE``): header boilerplate, a
lone date, a meta block (``• N authors`` / ``·`` / ``Jan 24, 2024 3``) or free text.
Entries are then anchored on meta blocks: the free text before a meta block is
``title`` + ``abstract`` (an abstract may span several paragraphs; noise before the title
is left over). Leftover free text becomes meta-less entries when it is a title followed by
an abstract, and everything else is reported as a warning with its line number — nothing
is dropped silently. A new variant of the page is a new rule here, not a new parser.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from reader.core.importers.base import NotADigest, ParseContext, normalize_newlines
from reader.core.links import links_from_text
from reader.core.model import ParsedDigest, ParsedPaper

FORMAT = "hf-daily-page"

_HEADER_LINES = {
    "new",
    "get trending papers in your email inbox!",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "by ak and the research community",
    "daily papers byak and the research community",
}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
_MONTHS["sept"] = 9
# "Jan 24, 2024", "Sep 1", "Jul 19 1" (upvotes), "Mar 21, 2024 3", "Published on Jan 24, 2024"
_DATE_RE = re.compile(
    r"^(?:published\s+on\s+|submitted\s+)?(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})"
    r"(?:,?\s+(?P<year>\d{4}))?(?:\s*[·•]?\s*(?P<votes>\d{1,6}))?$",
    re.IGNORECASE,
)
_VOTES_RE = re.compile(r"^(?:▲\s*)?(?P<votes>\d{1,6})(?:\s+upvotes?)?$", re.IGNORECASE)
_AUTHORS_RE = re.compile(r"^[•·*\-]?\s*(?P<n>\d{1,4})\s+authors?$", re.IGNORECASE)
_BULLET_RE = re.compile(r"^[•]\s*(?P<text>.+)$")
_SEPARATORS = {"·", "•", "-", "—"}

MAX_TITLE_CHARS = 300
MAX_TITLE_WORDS = 40
#: ``sniff`` looks at this much of the text (the signals are near the top).
SNIFF_CHARS = 1_000_000


@dataclass
class _Block:
    line: int  # 1-based line number of the first line
    lines: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    def preview(self) -> str:
        text = self.text
        return text if len(text) <= 60 else text[:57] + "…"


@dataclass
class _Meta:
    author_count: int | None = None
    organization: str | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    upvotes: int | None = None


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    start = 1
    for number, raw in enumerate(normalize_newlines(text).split("\n"), start=1):
        line = raw.strip()
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(_Block(start, current))
            current = []
    if current:
        blocks.append(_Block(start, current))
    return [part for block in blocks for part in _split_after_meta(block)]


def _split_after_meta(block: _Block) -> list[_Block]:
    """A meta block glued to the next entry (no blank line after the date) is two blocks."""
    if len(block.lines) < 2 or not _AUTHORS_RE.match(block.lines[0]) and not _BULLET_RE.match(
        block.lines[0]
    ):
        return [block]
    for cut in range(1, len(block.lines)):
        if _parse_date_line(block.lines[cut - 1]) is not None:
            head = _Block(block.line, block.lines[:cut])
            if _parse_meta(head) is not None:
                rest = _Block(block.line + cut, block.lines[cut:])
                return [head, *_split_after_meta(rest)]
            break
    return [block]


def _is_header(block: _Block) -> bool:
    return all(line.lower() in _HEADER_LINES for line in block.lines)


def _parse_date_line(line: str) -> tuple[int, int, int | None, int | None] | None:
    match = _DATE_RE.match(line)
    if not match:
        return None
    month = _MONTHS.get(match["mon"].lower())
    day = int(match["day"])
    if month is None or not 1 <= day <= 31:
        return None
    year = int(match["year"]) if match["year"] else None
    votes = int(match["votes"]) if match["votes"] else None
    return month, day, year, votes


def _is_date_block(block: _Block) -> bool:
    return len(block.lines) == 1 and _parse_date_line(block.lines[0]) is not None


def _parse_meta(block: _Block) -> _Meta | None:
    """A meta block is made only of author/organisation bullets, separators, a date, votes."""
    meta = _Meta()
    saw_signal = False
    for line in block.lines:
        if line in _SEPARATORS:
            continue
        authors = _AUTHORS_RE.match(line)
        if authors:
            meta.author_count = int(authors["n"])
            saw_signal = True
            continue
        date = _parse_date_line(line)
        if date is not None and meta.month is None:
            meta.month, meta.day, meta.year, meta.upvotes = date
            saw_signal = True
            continue
        votes = _VOTES_RE.match(line)
        if votes and saw_signal:
            meta.upvotes = int(votes["votes"])
            continue
        bullet = _BULLET_RE.match(line)
        if bullet and len(line) <= 120:
            meta.organization = bullet["text"].strip()
            saw_signal = True
            continue
        return None
    return meta if saw_signal and (meta.author_count is not None or meta.organization
                                   or len(block.lines) > 1) else None


def _is_title_like(block: _Block) -> bool:
    if len(block.lines) != 1:
        return False
    line = block.lines[0]
    if len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS:
        return False
    # A long sentence ending in a full stop is prose, not a title.
    return not (line.endswith(".") and len(line.split()) > 20)


def _resolve(month: int, day: int, year: int | None, not_after: dt.date) -> dt.date | None:
    """The date itself when it has a year, else the latest such day not after ``not_after``."""
    if year is not None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    for candidate_year in range(not_after.year, not_after.year - 9, -1):
        try:
            candidate = dt.date(candidate_year, month, day)
        except ValueError:
            continue  # Feb 29 in a non-leap year
        if candidate <= not_after:
            return candidate
    return None


#: An entry found so far: (block index of its title, the paper, its meta block or None).
_Entry = tuple[int, ParsedPaper, _Meta | None]


def _has_signal(blocks: list[_Block]) -> bool:
    """The page header, or at least one entry followed by an ``• N authors`` meta block."""
    for i, block in enumerate(blocks):
        if _is_header(block) and block.lines != ["new"]:
            return True
        meta = _parse_meta(block)
        if (
            meta is not None
            and (meta.author_count is not None or meta.organization)
            and i > 0
            and not _is_header(blocks[i - 1])
            and _parse_meta(blocks[i - 1]) is None
        ):
            return True
    return False


def _classify(blocks: list[_Block]) -> tuple[list[str], dict[int, _Meta]]:
    """Phase 1: each block's kind (header, pagedate, meta, text) and the meta of meta blocks."""
    kinds: list[str] = []
    metas: dict[int, _Meta] = {}
    for i, block in enumerate(blocks):
        if _is_header(block):
            kinds.append("header")
            continue
        if _is_date_block(block):
            # A lone date after the header, another date or a meta block (or first in the
            # file) is the page date; after an entry's text it is a meta block without
            # the authors line ("Jul 19 1").
            if i == 0 or kinds[-1] in ("header", "pagedate", "meta"):
                kinds.append("pagedate")
                continue
            parsed = _parse_date_line(block.lines[0])
            assert parsed is not None
            metas[i] = _Meta(month=parsed[0], day=parsed[1], year=parsed[2], upvotes=parsed[3])
            kinds.append("meta")
            continue
        parsed_meta = _parse_meta(block)
        if parsed_meta is not None:
            kinds.append("meta")
            metas[i] = parsed_meta
            continue
        kinds.append("text")
    return kinds, metas


def _anchor_entries(
    blocks: list[_Block], kinds: list[str], metas: dict[int, _Meta], warnings: list[str]
) -> tuple[list[_Entry], list[bool]]:
    """Phase 2: an entry per meta block, from the free text before it (title + abstract).

    Returns the entries and which blocks are now claimed (every block that is not free
    text, and the text of each entry)."""
    claimed = [k != "text" for k in kinds]
    entries: list[_Entry] = []
    for i, kind in enumerate(kinds):
        if kind != "meta":
            continue
        run_start = i
        while run_start > 0 and kinds[run_start - 1] == "text" and not claimed[run_start - 1]:
            run_start -= 1
        run = list(range(run_start, i))
        if not run:
            warnings.append(
                f"line {blocks[i].line}: meta block without a title: “{blocks[i].preview()}”"
            )
            continue
        title_at = None
        if len(run) == 1:
            if _is_title_like(blocks[run[0]]):
                title_at = run[0]
        else:
            for j in reversed(run[:-1]):
                if _is_title_like(blocks[j]):
                    title_at = j
                    break
        if title_at is None:
            warnings.append(
                f"line {blocks[i].line}: meta block whose title could not be found: "
                f"“{blocks[i].preview()}”"
            )
            continue
        abstract_blocks = [blocks[j] for j in run if j > title_at]
        for j in range(title_at, i + 1):
            claimed[j] = True
        meta = metas[i]
        entries.append((title_at, _paper(blocks[title_at], abstract_blocks, meta), meta))
    return entries, claimed


def _leftover_entries(blocks: list[_Block], claimed: list[bool], warnings: list[str]) -> list[_Entry]:
    """Phase 3: leftover free text: meta-less entries (title + abstract), else warnings.

    Marks what it uses in ``claimed``."""
    entries: list[_Entry] = []
    i = 0
    while i < len(blocks):
        if claimed[i]:
            i += 1
            continue
        j = i + 1
        while j < len(blocks) and not claimed[j] and not _is_title_like(blocks[j]):
            j += 1
        if _is_title_like(blocks[i]) and j > i + 1:
            entries.append((i, _paper(blocks[i], blocks[i + 1 : j], None), None))
            for k in range(i, j):
                claimed[k] = True
        else:
            warnings.append(
                f"line {blocks[i].line}: could not place this block: “{blocks[i].preview()}”"
            )
            claimed[i] = True
            j = i + 1
        i = j
    return entries


def _page_dates(
    blocks: list[_Block], kinds: list[str], as_of: dt.date, warnings: list[str]
) -> list[tuple[int, dt.date]]:
    """The page dates (block index, resolved day), in file order."""
    page_dates: list[tuple[int, dt.date]] = []
    for i, kind in enumerate(kinds):
        if kind == "pagedate":
            parsed = _parse_date_line(blocks[i].lines[0])
            assert parsed is not None
            month, day, year, _votes = parsed
            resolved = _resolve(month, day, year, as_of)
            if resolved is None:
                warnings.append(f"line {blocks[i].line}: impossible page date {blocks[i].text!r}")
            else:
                page_dates.append((i, resolved))
    return page_dates


def _apply_dates(
    entries: list[_Entry], page_dates: list[tuple[int, dt.date]], as_of: dt.date,
    warnings: list[str],
) -> list[ParsedPaper]:
    """Phase 4: the papers in file order, each meta date resolved against the page date
    before it (each page date applies to the entries after it)."""
    entries.sort(key=lambda item: item[0])
    papers: list[ParsedPaper] = []
    for index, paper, entry_meta in entries:
        page_date = as_of
        for at, value in page_dates:
            if at < index:
                page_date = value
        if entry_meta is not None and entry_meta.month is not None and entry_meta.day is not None:
            paper.published = _resolve(entry_meta.month, entry_meta.day, entry_meta.year, page_date)
            if paper.published is None:
                warnings.append(
                    f"line {paper.line}: impossible date in the meta block of {paper.title!r}"
                )
        papers.append(paper)
    return papers


def _paper(title: _Block, abstract: list[_Block], meta: _Meta | None) -> ParsedPaper:
    body = "\n\n".join(block.text for block in abstract)
    return ParsedPaper(
        title=title.text,
        abstract=body,
        links=links_from_text(body),
        line=title.line,
        author_count=meta.author_count if meta else None,
        upvotes=meta.upvotes if meta else None,
        # A meta-less abstract that stops mid-sentence was cut off by the copy.
        abstract_truncated=bool(body) and meta is None and not body.rstrip().endswith(
            (".", "!", "?", ")", '"', "”")
        ),
    )


class HFPageImporter:
    name = FORMAT

    def sniff(self, text: str) -> bool:
        """The page header, or at least one entry followed by an ``• N authors`` meta block."""
        return _has_signal(_blocks(text[:SNIFF_CHARS]))

    def parse(self, text: str, context: ParseContext) -> ParsedDigest:
        blocks = _blocks(text)
        kinds, metas = _classify(blocks)
        # sniff reads the first SNIFF_CHARS only: for a shorter text its blocks are these.
        recognised = _has_signal(blocks) if len(text) <= SNIFF_CHARS else self.sniff(text)
        if not recognised:
            raise NotADigest(
                "not a recognised digest: no Daily Papers header and no paper entry with a "
                "meta block (• N authors · date)"
            )
        warnings: list[str] = []
        entries, claimed = _anchor_entries(blocks, kinds, metas, warnings)
        entries += _leftover_entries(blocks, claimed, warnings)
        page_dates = _page_dates(blocks, kinds, context.as_of, warnings)
        papers = _apply_dates(entries, page_dates, context.as_of, warnings)
        digest_date = page_dates[0][1] if page_dates else None
        return ParsedDigest(format=FORMAT, papers=papers, digest_date=digest_date, warnings=warnings)
