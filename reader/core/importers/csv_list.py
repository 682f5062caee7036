"""Simple CSV/TSV paper lists: a header row, then one paper a row (``date,title,url``;
``Title,Authors,Year,arXiv``; spreadsheet exports).

Read with the :mod:`csv` module: the delimiter is the one of ``,`` ``;`` tab that
:class:`csv.Sniffer` finds in the header (checked against it, else counted), or the one an
Excel ``sep=;`` first line names; quoted fields may hold delimiters and line breaks; a BOM
is dropped by the decoder. Header names are matched case-insensitively from a small table of
synonyms (``COLUMNS``: ``title``/``paper``/``titel``, ``arxiv``/``arxiv_id``/``eprint``,
``url``/``link``/``pdf``, ``authors``, ``date``/``published``, ``abstract``/``summary``,
``doi``, ``categories``, ``journal``/``venue``, ``upvotes``, ``code``, ``stars``…); other
columns are ignored. The header must name a title, an arXiv or a URL column, else the file
is rejected naming its header.

Per row: the title; the arXiv id of the arXiv column, or of an arXiv/Hugging Face paper URL
or an arXiv DOI; authors split on ``;`` (``Last, First`` turned around) or on commas and
``and``; the date (``2024-06-12``, ``12.06.2024``, ``June 12, 2024``; a year alone is no
day); the other columns into the paper and its ``meta``. A row without a title (or with an
id but no title) is a warning with its line number; blank rows are not entries.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from reader.core.importers.base import ParseContext, Rejected, normalize_newlines
from reader.core.importers.markdown_fields import PAPER_URL_RE
from reader.core.links import classify, clean_url
from reader.core.model import Link, LinkKind, ParsedDigest, ParsedPaper
from reader.core.model.meta import PaperMeta, clean_category, clean_doi
from reader.core.text import arxiv_id_of, collapse, find_date, split_authors

FORMAT = "csv-list"
_DELIMITERS = ",;\t"
_SNIFF_CHARS = 8192
_HEADER_CELL_RE = re.compile(r"^[^\W\d_][\w\s().#/&'’-]{0,39}$")
_SEP_LINE_RE = re.compile(r'^"?sep=(?P<d>[,;\t|])"?\s*$', re.IGNORECASE)
_ARXIV_DOI_RE = re.compile(r"10\.48550/arxiv\.(?P<id>\d{4}\.\d{4,5})", re.IGNORECASE)
_NEEDED = ("title", "arxiv", "url")

#: Header names (lower case, ``_``/``-`` as spaces) → the role of their column.
COLUMNS: dict[str, str] = {
    **dict.fromkeys(("title", "paper", "paper title", "titel", "titre", "título",
                     "titolo", "标题", "论文", "题目"), "title"),
    **dict.fromkeys(("arxiv", "arxiv id", "arxivid", "eprint", "id", "paper id", "arxiv number",
                     "arxiv no"), "arxiv"),
    **dict.fromkeys(("url", "link", "links", "pdf", "pdf url", "paper url", "href", "arxiv url",
                     "arxiv link", "hf url", "huggingface", "lien", "enlace"), "url"),
    **dict.fromkeys(("authors", "author", "author(s)", "autoren", "autor", "auteurs", "auteur",
                     "autores", "作者", "creators"), "authors"),
    **dict.fromkeys(("date", "published", "publication date", "publish date", "submitted",
                     "day", "datum", "fecha", "日期", "published date", "release date"), "date"),
    **dict.fromkeys(("abstract", "summary", "tldr", "tl;dr", "description", "zusammenfassung",
                     "résumé", "resumen", "摘要"), "abstract"),
    **dict.fromkeys(("doi",), "doi"),
    **dict.fromkeys(("categories", "category", "primary category", "subjects", "arxiv category"),
                    "categories"),
    **dict.fromkeys(("journal", "venue", "journal ref", "publication", "conference"), "journal"),
    **dict.fromkeys(("comments", "comment"), "comments"),
    **dict.fromkeys(("upvotes", "votes", "likes", "upvote"), "upvotes"),
    **dict.fromkeys(("code", "github", "repo", "code url", "repository"), "code"),
    **dict.fromkeys(("stars", "github stars"), "stars"),
    **dict.fromkeys(("project", "project page", "homepage", "website"), "project"),
    **dict.fromkeys(("year", "jahr", "année", "año", "年份"), "year"),
}


def _name(cell: str) -> str:
    return " ".join(cell.strip().strip('"').replace("_", " ").replace("-", " ").lower().split())


def _header_ok(cells: list[str]) -> bool:
    names = [c.strip() for c in cells]
    while names and not names[-1]:
        names.pop()  # a trailing delimiter
    if len(names) < 2 or not all(_HEADER_CELL_RE.match(n) for n in names):
        return False
    if any(len(n.split()) > 4 or n.endswith(".") for n in names):
        return False  # a sentence with commas, not column names
    known = [COLUMNS.get(_name(n)) for n in names]
    return sum(1 for k in known if k) * 2 >= len(names)


def _dialect(text: str) -> tuple[str, int] | None:
    """(delimiter, lines to skip before the header) when the text starts with a header row."""
    lines = text[:_SNIFF_CHARS].split("\n", 2)
    skip = 0
    sep = _SEP_LINE_RE.match(lines[0].strip("\ufeff\r"))
    if sep:
        if len(lines) < 2:
            return None
        delims, skip, head = sep["d"], 1, lines[1]
    else:
        head = lines[0]
        try:
            delims = csv.Sniffer().sniff(head, delimiters=_DELIMITERS).delimiter + _DELIMITERS
        except csv.Error:
            delims = _DELIMITERS
    for delim in dict.fromkeys(delims):
        row = next(csv.reader([head.strip("\ufeff\r")], delimiter=delim), [])
        if _header_ok(row):
            return delim, skip
    return None


def _records(text: str, delim: str, skip: int) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, cells) of every row after the header."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    last = 0
    for row in reader:
        first, last = last + 1, reader.line_num
        if first <= skip:
            continue
        yield first, row


def _authors(value: str) -> list[str]:
    if ";" in value:
        names = []
        for part in value.split(";"):
            last, comma, first = part.partition(",")
            names.append(f"{first.strip()} {last.strip()}" if comma and first.strip() else part)
        return [collapse(n) for n in names if n.strip()]
    return split_authors(value)


def _version(values: dict[str, str]) -> int | None:
    """The arXiv version the arXiv or URL column names (``1706.03762v7``, ``…/abs/…v3``)."""
    for role in ("arxiv", "url"):
        m = re.search(r"(?:\d{4}\.\d{4,5}|/\d{7})v(\d{1,3})\b", values.get(role, ""))
        if m:
            return int(m[1])
    return None


def _id_and_links(values: dict[str, str]) -> tuple[str | None, list[Link]]:
    arxiv = arxiv_id_of(values.get("arxiv", "").replace("https://arxiv.org/abs/", ""))
    links: list[Link] = []
    for role in ("arxiv", "url", "code", "project"):
        for raw in re.split(r"\s+", values.get(role, "")):
            url = clean_url(raw) if raw.startswith(("http://", "https://")) else None
            if url is None:
                continue
            paper = PAPER_URL_RE.match(url)
            if paper:
                arxiv = arxiv or arxiv_id_of(paper["ax"] or paper["hf"])
                continue
            link = classify(url, default=LinkKind.PROJECT if role == "project" else LinkKind.OTHER)
            if link not in links:
                links.append(link)
    if arxiv is None and (doi := _ARXIV_DOI_RE.search(values.get("doi", ""))):
        arxiv = doi["id"]
    return arxiv, links


def _count(value: str) -> int | None:
    digits = value.replace(",", "").strip()
    return int(digits) if digits.isdigit() else None


def _paper(line: int, values: dict[str, str], warnings: list[str]) -> ParsedPaper | None:
    title = collapse(values.get("title", ""))
    arxiv_id, links = _id_and_links(values)
    if not title:
        what = f"arXiv {arxiv_id} has no title" if arxiv_id else "a row without a title"
        warnings.append(f"line {line}: {what}; skipped")
        return None
    raw_cats = re.split(r"[,;\s]+", values.get("categories", ""))
    project = next((lk.url for lk in links if lk.kind is LinkKind.PROJECT), None)
    doi = values.get("doi", "")
    return ParsedPaper(
        title=title,
        abstract=collapse(values.get("abstract", "")),
        authors=_authors(values["authors"]) if values.get("authors") else [],
        published=find_date(values.get("date", "")),
        upvotes=_count(values.get("upvotes", "")),
        links=links,
        arxiv_id=arxiv_id,
        line=line,
        meta=PaperMeta(
            categories=tuple(dict.fromkeys(c for c in map(clean_category, raw_cats) if c)),
            comments=collapse(values.get("comments", "")) or None,
            journal_ref=collapse(values.get("journal", "")) or None,
            doi=clean_doi(doi) if doi else None,
            version=_version(values) if arxiv_id else None,
            github_stars=_count(values.get("stars", "")),
            project_page=project,
        ),
    )


class CsvListImporter:
    name = FORMAT

    def sniff(self, text: str) -> bool:
        """A first row of column names (most of them known), then a row with as many cells."""
        body = normalize_newlines(text.lstrip("\ufeff"))
        head = body[:_SNIFF_CHARS]
        if head[:1] in ("{", "[", "<", "#", ">", "|") or head.startswith(("From ", "---")):
            return False
        try:
            dialect = _dialect(head)
            if dialect is None:
                return False
            delim, skip = dialect
            if len(body) > _SNIFF_CHARS:
                head = head.rsplit("\n", 1)[0] + "\n"  # not the row the cut went through
            rows = [row for _, row in _records(head, delim, skip)][:6]
        except csv.Error:
            return False
        if len(rows) < 2:
            return False
        width = len([c for c in rows[0] if c.strip()])
        return any(len(r) >= width - 1 and len(r) <= len(rows[0]) + 1 for r in rows[1:])

    def parse(self, text: str, context: ParseContext) -> ParsedDigest:
        body = normalize_newlines(text.lstrip("\ufeff"))
        try:
            dialect = _dialect(body)
        except csv.Error as exc:
            raise Rejected(f"the CSV cannot be read ({exc})") from None
        if dialect is None:
            raise Rejected("not a paper list: the first row is not a header of column names "
                           "(separated by commas, semicolons or tabs)")
        delim, skip = dialect
        records = _records(body, delim, skip)
        try:
            _, header = next(records)
            roles = {n: COLUMNS[_name(h)] for n, h in enumerate(header) if _name(h) in COLUMNS}
            if not any(role in _NEEDED for role in roles.values()):
                names = ", ".join(h.strip() for h in header if h.strip())
                raise Rejected(f"a paper list needs a title, arXiv or URL column; the header "
                               f"names none ({names[:200]})")
            warnings: list[str] = []
            papers: list[ParsedPaper] = []
            for line, row in records:
                if not any(cell.strip() for cell in row):
                    continue  # a blank row
                values: dict[str, str] = {}
                for n, role in roles.items():
                    if n < len(row) and row[n].strip():
                        values.setdefault(role, row[n].strip())
                if "date" not in values and "year" in values:
                    values["date"] = ""  # a year alone is no day
                paper = _paper(line, values, warnings)
                if paper is not None:
                    papers.append(paper)
        except csv.Error as exc:
            raise Rejected(f"the CSV cannot be read ({exc})") from None
        if not papers and not warnings:
            raise Rejected("the paper list has a header but no rows")
        if not papers:
            raise Rejected(f"no row of this paper list names a paper ({warnings[0]})")
        return ParsedDigest(format=FORMAT, papers=papers, digest_date=find_date(context.source.name),
                            warnings=warnings)
