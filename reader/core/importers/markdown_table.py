"""Tables of papers in Markdown digests (``markdown_digest``) and the dates they print.

A table is a run of ``|``-rows with a ``|---|`` separator under its header. It is a table of
papers when its header names a title or link column (matched case-insensitively from a
small table of synonyms) and at least one row links to a paper (arXiv or Hugging Face) or
names an arXiv id; a two-column table of labels and values (``| **Published** | … |``) is
one paper's fields and is left to its entry; other tables (statistics, schemas) are not
entries. A row whose cell ran
over several lines (an abstract with its hard wraps, as some arXiv-daily generators write)
is joined up to the line that closes it. A row of a table of papers with neither a title
nor an id is a warning with its line number.
"""

from __future__ import annotations

import re

from reader.core.importers.markdown_fields import (
    authors_of,
    clean_title,
    count_of,
    links_of,
    paper_id_of,
    paper_links,
    plain,
)
from reader.core.model import ParsedPaper
from reader.core.model.meta import PaperMeta
from reader.core.text import arxiv_id_of, find_date

_ROW_START_RE = re.compile(r"^\s*\|")
_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
_ID_PREFIX_RE = re.compile(r"^(?:arXiv:)?\d{4}\.\d{4,5}(?:v\d+)?\s*[,:–-]?\s*", re.IGNORECASE)
_MAX_ROW_LINES = 60

#: Header names (lower case, emphasis and emoji removed) → the role of their column.
COLUMNS: dict[str, str] = {
    **dict.fromkeys(("title", "paper", "papers", "paper title", "name", "论文", "标题",
                     "论文标题", "题目"), "title"),
    **dict.fromkeys(("authors", "author", "作者"), "authors"),
    **dict.fromkeys(("publish date", "date", "published", "日期", "发布日期", "day"), "date"),
    **dict.fromkeys(("pdf", "link", "links", "arxiv", "url", "paper link", "hf",
                     "huggingface", "链接", "arxiv id", "id", "abs"), "link"),
    **dict.fromkeys(("code", "github", "repo", "代码", "code link"), "code"),
    **dict.fromkeys(("abstract", "summary", "tl;dr", "tldr", "摘要", "简介"), "abstract"),
    **dict.fromkeys(("upvotes", "votes", "likes", "点赞", "upvote"), "upvotes"),
    **dict.fromkeys(("stars", "github stars"), "stars"),
}

def _cells(row: str) -> list[str]:
    text = row.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [c.strip().replace("\\|", "|") for c in _CELL_SPLIT_RE.split(text)]


def _role(header: str) -> str | None:
    name = re.sub(r"[^\w\s/;.\u3400-\u9fff-]", "", plain(header)).strip().lower()
    return COLUMNS.get(name)


def _tables(lines: list[str]) -> list[tuple[int, list[str], list[tuple[int, int, str]]]]:
    """(header line, header cells, rows as (first line, last line, joined text))."""
    out = []
    i = 0
    while i < len(lines) - 1:
        if not (_ROW_START_RE.match(lines[i]) and _SEPARATOR_RE.match(lines[i + 1])
                and "|" in lines[i + 1]):
            i += 1
            continue
        header = _cells(lines[i])
        rows: list[tuple[int, int, str]] = []
        j = i + 2
        while j < len(lines) and _ROW_START_RE.match(lines[j]):
            first, parts = j, [lines[j].strip()]
            # a cell that ran over several lines: join up to the line that closes the row
            while not parts[-1].endswith("|") and j + 1 < len(lines) and j - first < _MAX_ROW_LINES:
                if _ROW_START_RE.match(lines[j + 1]):
                    break
                j += 1
                parts.append(lines[j].strip())
            rows.append((first, j, " ".join(parts)))
            j += 1
        out.append((i, header, rows))
        i = j
    return out


def table_entries(lines: list[str], warnings: list[str]) -> tuple[list[ParsedPaper], set[int]]:
    """The papers of every table of papers in ``lines`` and the lines those tables cover
    (every table's lines, so no table is read again as prose)."""
    papers: list[ParsedPaper] = []
    covered: set[int] = set()
    for start, header, rows in _tables(lines):
        end = rows[-1][1] if rows else start + 1
        roles = {n: r for n, r in enumerate(_role(h) for h in header) if r}
        if "title" not in roles.values() and "link" not in roles.values():
            if len([h for h in header if h]) != 2:
                covered.update(range(start, end + 1))
            # else a table of one paper's fields (| Field | Value |): part of its entry
            continue
        covered.update(range(start, end + 1))
        parsed = [_row(first, text, roles) for first, _, text in rows]
        if not any(p is not None and p.arxiv_id for p in parsed):
            continue  # no row is a paper: a table of something else
        for (first, _, _), paper in zip(rows, parsed, strict=True):
            if paper is None:
                warnings.append(f"line {first + 1}: a table row without a title or an arXiv id; "
                                "skipped")
            else:
                papers.append(paper)
    return papers, covered


def _row(first: int, text: str, roles: dict[int, str]) -> ParsedPaper | None:
    cells = _cells(text)
    by_role: dict[str, str] = {}
    for n, role in roles.items():
        if n < len(cells) and cells[n] and cells[n].strip().lower() not in ("null", "none", "-", "n/a"):
            by_role.setdefault(role, cells[n])
    urls = links_of(" ".join(c for c in cells))
    arxiv_id = paper_id_of(urls, text)
    if arxiv_id is None and "link" in by_role:
        arxiv_id = arxiv_id_of(plain(by_role["link"]))
    title = clean_title(_ID_PREFIX_RE.sub("", plain(by_role.get("title", ""))))
    if not title and arxiv_id is None:
        return None
    if not title:
        return None
    authors, count = authors_of(by_role["authors"]) if "authors" in by_role else ([], None)
    abstract = plain(by_role.get("abstract", ""))
    up = re.search(r"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<k>[kK])?", plain(by_role.get("upvotes", "")))
    stars = re.search(r"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<k>[kK])?", plain(by_role.get("stars", "")))
    return ParsedPaper(
        title=title,
        abstract=abstract,
        authors=authors,
        author_count=count,
        published=find_date(plain(by_role["date"])) if "date" in by_role else None,
        upvotes=count_of(up) if up else None,
        links=paper_links(urls, arxiv_id),
        arxiv_id=arxiv_id,
        abstract_truncated=abstract.endswith(("...", "…")),
        line=first + 1,
        meta=PaperMeta(github_stars=count_of(stars) if stars else None),
    )
