"""The Hugging Face "Daily Papers" page copied as text (ARCHITECTURE.md, "Data flow of an import").

The text is split into blocks at blank lines (a copy that kept none is cut where a line's
kind changes) and every block is classified by small, independent rules
(``hf_page_rules.py``): header boilerplate, a lone date, a meta block (``• N authors`` /
``·`` / ``Jan 24, 2024 3``) or free text.
Entries are then anchored on meta blocks: the free text before a meta block is
``title`` + ``abstract`` (an abstract may span several paragraphs; noise before the title
is left over). Leftover free text becomes meta-less entries when it is a title followed by
an abstract (the copy's cut-off last entry too, however short its abstract), and
everything else is reported as a warning with its line number — nothing is dropped
silently. A paper dated after its page is reported too. A new variant of the page is a
new rule in ``hf_page_rules.py``, not a new parser.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace

from reader.core.importers.base import NotADigest, ParseContext, normalize_newlines
from reader.core.importers.hf_page_links import (
    fold_vote_widgets,
    from_links,
    is_link_line,
    is_vote_line,
    link_export_rules,
    normalize_line,
)
from reader.core.importers.hf_page_rules import (
    HEADER_LINES,
    SIGNAL_LINES,
    Block,
    Meta,
    is_date_block,
    is_header,
    is_meta_line,
    is_title_like,
    looks_truncated,
    parse_date_line,
    parse_meta,
    reads_as_prose,
    resolve,
    resolve_page_date,
    split_mixed,
    split_title_line,
    unglue_line,
)
from reader.core.links import links_from_text
from reader.core.model import ParsedDigest, ParsedPaper

FORMAT = "hf-daily-page"
_HEADER_LINES = HEADER_LINES  # the name the tests know
#: ``sniff`` looks at this much of the text (the signals are near the top).
SNIFF_CHARS = 1_000_000


def _blocks(text: str) -> list[Block]:
    """The text's blocks: its blank-line-separated paragraphs, boilerplate glued to a line
    cut off it, a block that mixes headers, meta and text lines (a copy without blank
    lines) cut where the kind changes, and a title glued to its abstract cut apart.

    The registry's ``sniff`` and then ``parse`` both need them: the last few texts' blocks
    are kept (blocks are never changed once made), so a file is cut into blocks once."""
    return list(_cached_blocks(text))


@functools.lru_cache(maxsize=4)
def _cached_blocks(text: str) -> tuple[Block, ...]:
    return tuple(_make_blocks(text))


def _make_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    current = Block(0, [])
    lines = fold_vote_widgets(normalize_newlines(text).split("\n"))
    for number, raw in enumerate(lines, start=1):
        line = normalize_line(raw.strip()) if raw.strip() else ""
        if line is None:
            continue  # a bracket a link export left alone on its line
        if line:
            if not current.lines:
                current = Block(number, [], [])
            for part in unglue_line(line):
                current.lines.append(part)
                current.numbers.append(number)
        elif current.lines:
            blocks.append(current)
            current = Block(0, [])
    if current.lines:
        blocks.append(current)
    return _merge_meta(_split_titles([part for block in blocks for part in split_mixed(block)]))


def _merge_meta(blocks: list[Block]) -> list[Block]:
    """Meta lines a copy put in blocks of their own (``2 authors`` / ``·`` / ``Oct 7, 2024``
    with blank lines between) are one meta block: a dateless one takes the next."""
    out: list[Block] = []
    previous_is_meta = False  # every line of out[-1] is a meta line
    for block in blocks:
        previous = out[-1] if out else None
        is_meta = all(is_meta_line(x) for x in block.lines)
        if (
            previous is not None
            and previous_is_meta
            and is_meta
            and not any(parse_date_line(x) for x in previous.lines)
            and not is_header(previous)
        ):
            previous.lines.extend(block.lines)
            previous.numbers.extend(block.numbers or [block.line])
            continue
        out.append(block)
        previous_is_meta = is_meta
    return out


def _is_structure(block: Block | None) -> bool:
    return block is None or is_header(block) or is_date_block(block) or parse_meta(block) is not None


def _split_titles(blocks: list[Block]) -> list[Block]:
    """A text block between structure (header, date, meta block or the file's ends) whose
    first line is a title and whose next starts a sentence is a title and an abstract."""
    out: list[Block] = []
    structure = [_is_structure(block) for block in blocks] + [True]  # the end is structure
    before = True  # the start is structure
    for i, block in enumerate(blocks):
        split = None
        if not structure[i] and before and structure[i + 1]:
            split = split_title_line(block)
        out.extend(split if split else [block])
        before = _is_structure(split[-1]) if split else structure[i]
    return out


#: An entry found so far: (block index of its title, the paper, its meta block or None).
_Entry = tuple[int, ParsedPaper, Meta | None]


def _has_signal(blocks: list[Block]) -> bool:
    """The page header, or at least one entry followed by an ``• N authors`` meta block."""
    for i, block in enumerate(blocks):
        if is_header(block) and any(line.lower() in SIGNAL_LINES for line in block.lines):
            return True
        meta = parse_meta(block)
        if (
            meta is not None
            and (meta.author_count is not None or meta.organization)
            and i > 0
            and not is_header(blocks[i - 1])
            and parse_meta(blocks[i - 1]) is None
        ):
            return True
    return False


def _classify(blocks: list[Block]) -> tuple[list[str], dict[int, Meta]]:
    """Phase 1: each block's kind (header, pagedate, meta, text) and the meta of meta blocks."""
    kinds: list[str] = []
    metas: dict[int, Meta] = {}
    for i, block in enumerate(blocks):
        if is_header(block):
            kinds.append("header")
            continue
        if all(is_link_line(x) for x in block.lines):
            kinds.append("link")
            continue
        if len(block.lines) == 1 and is_vote_line(block.lines[0]):
            kinds.append("vote")
            continue
        if is_date_block(block):
            # A lone date after the header, another date or a meta block (or first in the
            # file) is the page date; after an entry's text it is a meta block without
            # the authors line ("Jul 19 1").
            before = [k for k in kinds if k not in ("link", "vote")]
            if not before or before[-1] in ("header", "pagedate", "meta"):
                kinds.append("pagedate")
                continue
            parsed = parse_date_line(block.lines[0])
            assert parsed is not None
            metas[i] = Meta(month=parsed[0], day=parsed[1], year=parsed[2], upvotes=parsed[3])
            kinds.append("meta")
            continue
        parsed_meta = parse_meta(block)
        if parsed_meta is not None:
            kinds.append("meta")
            metas[i] = parsed_meta
            continue
        kinds.append("text")
    link_export_rules(blocks, kinds, metas)
    return kinds, metas


def _anchor_entries(
    blocks: list[Block], kinds: list[str], metas: dict[int, Meta], warnings: list[str]
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
        while run_start > 0 and kinds[run_start - 1] in ("text", "link", "noise") and not (
            kinds[run_start - 1] == "text" and claimed[run_start - 1]
        ):
            run_start -= 1
        run = [j for j in range(run_start, i) if kinds[j] == "text"]
        if not run:
            warnings.append(
                f"line {blocks[i].line}: meta block without a title: “{blocks[i].preview()}”"
            )
            continue
        title_at = None
        if len(run) == 1:
            if is_title_like(blocks[run[0]]):
                title_at = run[0]
        else:
            for j in reversed(run[:-1]):
                if is_title_like(blocks[j]):
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
        paper = _paper(blocks[title_at], abstract_blocks, meta)
        from_links(paper, blocks, kinds, title_at)
        entries.append((title_at, paper, meta))
    return entries, claimed


def _leftover_entries(blocks: list[Block], claimed: list[bool], warnings: list[str]) -> list[_Entry]:
    """Phase 3: leftover free text: meta-less entries (title + abstract), else warnings.

    Marks what it uses in ``claimed``."""
    entries: list[_Entry] = []
    i = 0
    while i < len(blocks):
        if claimed[i]:
            i += 1
            continue
        j = i + 1
        while j < len(blocks) and not claimed[j] and (
            not is_title_like(blocks[j]) or _is_cut_off_tail(blocks, claimed, i, j)
        ):
            j += 1
        if is_title_like(blocks[i]) and j > i + 1:
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


def _is_cut_off_tail(blocks: list[Block], claimed: list[bool], title: int, at: int) -> bool:
    """The copy stopped in the last entry's abstract: the last free block of the file reads
    as prose though it is short enough for a title, after a title without a full stop."""
    if any(not claimed[k] for k in range(at + 1, len(blocks))):
        return False
    return reads_as_prose(blocks[at]) and not blocks[title].text.endswith(".")


def _page_dates(
    blocks: list[Block], kinds: list[str], entries: list[_Entry], as_of: dt.date,
    warnings: list[str],
) -> list[tuple[int, dt.date]]:
    """The page dates (block index, resolved day), in file order. A year-less page date is
    resolved so that no paper printed with its full year is after it (see
    ``resolve_page_date``); a page then put after ``as_of`` is reported."""
    at = [i for i, kind in enumerate(kinds) if kind == "pagedate"]
    page_dates: list[tuple[int, dt.date]] = []
    for n, i in enumerate(at):
        parsed = parse_date_line(blocks[i].lines[0])
        assert parsed is not None
        month, day, year, _votes = parsed
        end = at[n + 1] if n + 1 < len(at) else len(blocks)
        dated = [
            dt.date(m.year, m.month, m.day) for index, _paper, m in entries
            if i < index < end and m is not None and m.year and m.month and m.day
            and _valid(m.year, m.month, m.day)
        ]
        resolved = resolve_page_date(month, day, year, as_of, max(dated, default=None))
        if resolved is None:
            warnings.append(f"line {blocks[i].line}: impossible page date {blocks[i].text!r}")
            continue
        if year is None and resolved > as_of:
            warnings.append(
                f"line {blocks[i].line}: the page date {blocks[i].text!r} is read as "
                f"{resolved.isoformat()}, after the file's date {as_of.isoformat()}, because "
                "papers on the page are dated after that: the file's date looks wrong"
            )
        page_dates.append((i, resolved))
    return page_dates


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _apply_dates(
    entries: list[_Entry], page_dates: list[tuple[int, dt.date]], as_of: dt.date,
    warnings: list[str],
) -> list[ParsedPaper]:
    """Phase 4: the papers in file order, each meta date resolved against the page date
    before it (each page date applies to the entries after it)."""
    entries.sort(key=lambda item: item[0])
    papers: list[ParsedPaper] = []
    sections: dict[int, list[ParsedPaper]] = {}  # page date's block -> its papers
    for index, paper, entry_meta in entries:
        page_date, what, section = as_of, "the file's date", -1
        for at, value in page_dates:
            if at < index:
                page_date, what, section = value, "the page's date", at
        sections.setdefault(section, []).append(paper)
        if entry_meta is not None and entry_meta.month is not None and entry_meta.day is not None:
            paper.published = resolve(entry_meta.month, entry_meta.day, entry_meta.year, page_date)
            if paper.published is None:
                warnings.append(
                    f"line {paper.line}: impossible date in the meta block of {paper.title!r}"
                )
            elif paper.published > page_date:
                warnings.append(
                    f"line {paper.line}: {paper.title!r} is dated {paper.published.isoformat()}, "
                    f"after {what} {page_date.isoformat()}"
                )
        papers.append(paper)
    for at, value in page_dates:
        _featured(sections.get(at, []), value)
    return papers


#: A page whose papers are all this recent is a day's listing (not search results).
DAILY_SPAN = dt.timedelta(days=10)


def _featured(papers: list[ParsedPaper], page_date: dt.date) -> None:
    """A page date over papers all published within ``DAILY_SPAN`` before it is the day
    Hugging Face listed them (their ``featured_on``); search results and trending pages
    mix papers of any year and say nothing about it."""
    dated = [p.published for p in papers if p.published is not None]
    if dated and all(page_date - DAILY_SPAN <= day <= page_date for day in dated):
        for paper in papers:
            paper.meta = replace(paper.meta, featured_on=page_date)


def _paper(title: Block, abstract: list[Block], meta: Meta | None) -> ParsedPaper:
    body = "\n\n".join(block.text for block in abstract)
    return ParsedPaper(
        title=title.text,
        abstract=body,
        links=links_from_text(body),
        line=title.line,
        author_count=meta.author_count if meta else None,
        upvotes=meta.upvotes if meta else None,
        # An abstract that stops mid-sentence was cut off (by the copy, or by the page).
        abstract_truncated=looks_truncated(body),
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
        page_dates = _page_dates(blocks, kinds, entries, context.as_of, warnings)
        papers = _apply_dates(entries, page_dates, context.as_of, warnings)
        digest_date = page_dates[0][1] if page_dates else None
        return ParsedDigest(format=FORMAT, papers=papers, digest_date=digest_date, warnings=warnings)
