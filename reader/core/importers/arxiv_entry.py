"""One entry of an arXiv listing mailing, in either layout: its fields, abstract and metadata.

The listing's structure (where entries start, the header, the digest date) is
:mod:`arxiv_mail`'s; this module reads the lines of one entry, from its anchor line to the
next entry::

    arXiv:2406.16793 (*cross-listing*)          Paper (*cross-listing*): hep-th/9901001
    Date: Mon, 24 Jun 2024 17:00:11 GMT (12kb)   From: A. Author <a@b.c>
    replaced with revised version Tue, 5 Mar     Date: Mon, 4 Jan 1999 12:00:00 GMT (20kb)
      2024 10:00:00 GMT   (123kb,v2)             Date (revised v2): Tue, 2 Feb 1999 ... (21kb)
    Title: ... / Authors: ... / Categories: ... / Comments: ... / Journal-ref: ... / DOI: ...
    \\\\
      abstract ...
    \\\\ ( https://arxiv.org/abs/2406.16793 ,  12kb)

Header fields may continue on indented lines, joined with a space. The abstract keeps its
text (TeX as typed) with hard wraps joined; a new paragraph starts at a blank line, or at an
indented line after a line that ends a sentence (the submitter's indent mid-sentence is a
wrap, not a paragraph). :class:`PaperMeta` gets the categories (primary first; an old-style
id's archive when the entry has no Categories line), comments, journal reference, DOI, the
version (``v2`` of the size or of a revision line; a new submission is version 1) and the
date of that version.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reader.core.links import links_from_text, union_links_ignoring_trailing_slash
from reader.core.model import ParsedPaper
from reader.core.model.meta import PaperMeta, clean_category, clean_doi
from reader.core.text import arxiv_id_of, month_number, split_authors

ID_PATTERN = r"(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
#: ``arXiv:ID (*cross-listing*)`` (2007 on) or ``Paper (*cross-listing*): ID`` (before).
ANCHOR_RE = re.compile(
    rf"^(?:arXiv:(?P<id>{ID_PATTERN})\b\s*(?:\(\*(?P<kind>[a-z -]+)\*\))?"
    rf"|Paper\s*(?:\(\*(?P<old_kind>[a-z -]+)\*\))?\s*:\s*(?P<old_id>{ID_PATTERN})\b)"
    r"(?P<rest>.*)$"
)
FOOTER_RE = re.compile(r"^\\\\\s*\(\s*(?P<url>https?://\S+)\s*,\s*(?P<size>[^)]*)\)\s*$")
_FIELD_RE = re.compile(r"^(?P<key>[A-Z][A-Za-z\-]*):\s?(?P<value>.*)$")
# "Date (revised): ..." and "Date (revised v2): ..." (old listings keep every version's date)
_REVISED_RE = re.compile(r"^Date\s*\(revised(?:\s+v(?P<v>\d+))?\)\s*:\s*(?P<value>.*)$", re.I)
_REPLACED_RE = re.compile(r"^replaced with revised version\b\s*(?P<value>.*)$", re.I)
# "Mon, 24 Jun 2024 17:00:11 GMT" (Date: lines and replacements)
_DATE_RE = re.compile(r"(?P<day>\d{1,2})\s+(?P<mon>[A-Z][a-z]{2})\s+(?P<year>\d{4}|\d{2}\b)")
# "(1234kb)", "(88kb,D)", "(2048kb,v2)": the size, what was sent, the version
_SIZE_VERSION_RE = re.compile(r"\(\s*\d+kb\b[^)]*?\bv(?P<v>\d+)\s*\)")
#: The rules between entries and sections: ``-----``, ``%-%-%-`` (cross-lists), ``%%--%%--``
#: (replacements), ``%%%---%%%---`` (the end).
RULE_PREFIXES = ("-----", "%%", "%-%-")
_SENTENCE_END_RE = re.compile(r"[.!?:;][\"'”’)\]]*$")


def parse_date(match: re.Match[str] | None) -> dt.date | None:
    if match is None:
        return None
    month = month_number(match["mon"])
    year = int(match["year"])
    if year < 100:
        year += 2000 if year < 91 else 1900  # arXiv began in 1991
    if month is None:
        return None
    try:
        return dt.date(year, month, int(match["day"]))
    except ValueError:
        return None


def _date_in(text: str) -> dt.date | None:
    return parse_date(_DATE_RE.search(text))


def _version_in(text: str) -> int | None:
    match = _SIZE_VERSION_RE.search(text)
    return int(match["v"]) if match else None


@dataclass
class _Fields:
    values: dict[str, str]
    revisions: list[tuple[int | None, dt.date | None]]  # (version, date) of revision lines
    replaced: str | None  # the "replaced with revised version ..." line, joined
    abstract: list[str] | None


def join_abstract(lines: list[str]) -> str:
    """Hard wraps joined; paragraphs at blank lines and at an indented line that follows the
    end of a sentence."""
    paragraphs: list[list[str]] = []
    previous = ""
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if paragraphs and paragraphs[-1]:
                paragraphs.append([])
            previous = ""
            continue
        starts = not paragraphs or (
            line[:1].isspace()
            and bool(paragraphs[-1])
            and bool(_SENTENCE_END_RE.search(previous))
            and not stripped[:1].islower()
        )
        if starts:
            paragraphs.append([])
        paragraphs[-1].append(stripped)
        previous = stripped
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _read_fields(lines: list[str], start: int, end: int, warnings: list[str]) -> _Fields:
    found = _Fields({}, [], None, None)
    last: str | None = None  # the field an indented line continues
    i = start + 1
    while i < end:
        raw = lines[i]
        stripped = raw.strip()
        if FOOTER_RE.match(stripped) or stripped.startswith(RULE_PREFIXES):
            break
        if found.abstract is not None:
            if stripped == "\\\\":
                break
            found.abstract.append(raw)
        elif stripped == "\\\\":
            found.abstract = []
        elif not stripped:
            last = None
        elif raw[:1].isspace() and last is not None:
            if last == "\0replaced":
                found.replaced = f"{found.replaced} {stripped}"
            else:
                found.values[last] += " " + stripped
        elif (replaced := _REPLACED_RE.match(stripped)) is not None:
            found.replaced = replaced["value"]
            last = "\0replaced"
        elif (revised := _REVISED_RE.match(stripped)) is not None:
            version = int(revised["v"]) if revised["v"] else None
            day = _date_in(revised["value"])
            if day is None:
                warnings.append(f"line {i + 1}: revision date {revised['value'][:40]!r} unreadable")
            found.revisions.append((version, day))
            last = None
        elif (field := _FIELD_RE.match(stripped)) is not None:
            last = field["key"].title()
            found.values[last] = field["value"].strip()
        elif stripped.startswith("/*") and stripped.endswith("*/"):
            last = None  # a past-week listing's day marker: /* Tue, 20 Jul 2021 */
        else:
            warnings.append(f"line {i + 1}: unexpected line in arXiv entry: {stripped[:60]!r}")
            last = None
        i += 1
    return found


def _categories(
    text: str | None, arxiv_id: str | None, cross_to: str | None, where: str, warnings: list[str]
) -> tuple[str, ...]:
    if text is None:
        # An old-style id names its primary archive (hep-th/9901001, math.AG/0301001); a
        # cross-listing is also in the listing's archive.
        archive = arxiv_id.partition("/")[0] if arxiv_id and "/" in arxiv_id else None
        named = [clean_category(archive) if archive else None, cross_to]
        return tuple(dict.fromkeys(c for c in named if c))
    found: list[str] = []
    for word in text.split():
        category = clean_category(word)
        if category is None:
            warnings.append(f"{where}: {word[:30]!r} is not an arXiv category; ignored")
        elif category not in found:
            found.append(category)
    return tuple(found)


def _doi(text: str | None, where: str, warnings: list[str]) -> str | None:
    if not text:
        return None
    for word in text.replace(",", " ").split():
        doi = clean_doi(word)
        if doi:
            return doi
    warnings.append(f"{where}: DOI {text[:40]!r} is not a DOI; ignored")
    return None


def read_entry(
    lines: list[str], start: int, end: int, warnings: list[str], archive: str | None = None
) -> tuple[ParsedPaper | None, dt.date | None]:
    """The paper of the entry whose anchor is ``lines[start]`` (None, with a warning, when it
    has no title) and the date the listing announced it on (its submission, or its
    replacement), for the digest's date. ``archive``: the listing's own (``hep-th``), if its
    header names it."""
    anchor = ANCHOR_RE.match(lines[start].strip())
    assert anchor is not None
    printed_id = anchor["id"] or anchor["old_id"]
    kind = anchor["kind"] or anchor["old_kind"] or ""
    cross_to = archive if "cross" in kind else None
    arxiv_id = arxiv_id_of(printed_id)
    where = f"line {start + 1}"
    found = _read_fields(lines, start, end, warnings)
    fields = found.values
    title = " ".join(fields.get("Title", "").split())
    if not title:
        warnings.append(f"{where}: arXiv entry {printed_id} has no title; skipped")
        return None, None
    abstract = join_abstract(found.abstract or [])
    date_line = fields.get("Date", "")
    published = _date_in(date_line)
    comments = " ".join(fields.get("Comments", "").split()) or None
    journal = " ".join(fields.get("Journal-Ref", "").split()) or None

    versions = [v for v, _ in found.revisions if v is not None]
    dates = [d for _, d in found.revisions if d is not None]
    replaced_on = _date_in(found.replaced) if found.replaced is not None else None
    if found.replaced is not None:
        replaced_version = _version_in(found.replaced)
        versions += [replaced_version] if replaced_version else []
        dates += [replaced_on] if replaced_on else []
    printed_version = _version_in(date_line) or (
        int(printed_id.rpartition("v")[2]) if re.search(r"v\d+$", printed_id) else None
    )
    versions += [printed_version] if printed_version else []
    if versions:
        version: int | None = max(versions)
    elif found.replaced is None and not found.revisions:
        version = 1  # a new submission
    else:
        version = None  # revised, but the listing does not say which version
    meta = PaperMeta(
        categories=_categories(fields.get("Categories"), arxiv_id, cross_to, where, warnings),
        comments=comments,
        journal_ref=journal,
        doi=_doi(fields.get("Doi"), where, warnings),
        version=version,
        revised=max(dates) if dates else None,
    )
    paper = ParsedPaper(
        title=title,
        abstract=abstract,
        authors=split_authors(fields.get("Authors", fields.get("Author", ""))),
        published=published,
        links=union_links_ignoring_trailing_slash(
            links_from_text(abstract), links_from_text(comments or "")
        ),
        arxiv_id=arxiv_id,
        line=start + 1,
        meta=meta,
    )
    paper.author_count = len(paper.authors) or None
    return paper, published or replaced_on
