"""Markdown digests of papers, as archive repositories publish the Daily Papers (one file
per day) and arXiv-daily generators their tables.

Entries are found by the document's own structure, one of:

* headings, one paper each: ``### [Title](https://arxiv.org/abs/ID)``, ``## 1. Title``,
  ``## Title`` with its links below — the heading level whose sections hold the most paper
  links is the entries' level (deeper headings are parts of an entry);
* ``<details><summary><b>1. Title</b> ⭐ 0</summary>`` blocks;
* lines, list items too, that open with a (bold) link to a paper
  (``**[Title](https://huggingface.co/papers/ID)**``, ``- [Title](https://arxiv.org/abs/ID) ·``);
* tables of papers: a header naming a title or link column (``|Publish Date|Title|Authors|
  PDF|Code|``, ``| Title | Link |``), one row each (``markdown_table``); a two-column
  ``| Field | Value |`` table is the fields of the entry it stands in.

Per entry: the title (numbering, emoji and a trailing translation off), the arXiv id of
its first arXiv or Hugging Face paper link, labelled fields (``Authors:``, ``Vote:`` /
``Upvotes:`` / ``👍 N`` / ``▲ N``, ``⭐ N`` stars, ``Code:``, ``Summary:``/``Abstract:``,
``Published:``…; authors also as an italic line of names), the abstract
(the labelled one, else a quote, else the first paragraph of prose; one ending in ``...`` is
marked truncated), code and project links. The digest's day: the front matter's
``date:``, else a date in a heading or an ``Updated:``/``Date:`` line near the top, else in
the file name; in a digest that names itself one of the "Hugging Face Daily Papers", that
day is also the day each paper was featured (``meta.featured_on``). A section that looks
like an entry (it has a paper link or an ``Authors:`` field) but yields no title is a
warning with its line number; prose sections without a paper are not entries. A paper
listed twice (a summary table and its section) is one entry.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from reader.core.importers.base import NotADigest, ParseContext, normalize_newlines
from reader.core.importers.markdown_fields import (
    PAPER_URL_RE,
    Fields,
    authors_of,
    clean_title,
    inline_counts,
    links_of,
    paper_id_of,
    paper_links,
    plain,
    read_fields,
)
from reader.core.importers.markdown_table import table_entries
from reader.core.model import ParsedDigest, ParsedPaper
from reader.core.model.meta import PaperMeta, clean_category
from reader.core.text import collapse, find_date

FORMAT = "markdown-digest"
SNIFF_CHARS = 100_000

_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_SUMMARY_RE = re.compile(r"^\s*(?:<details[^>]*>\s*)?<summary[^>]*>(?P<text>.*?)</summary>", re.I)
#: A line that opens with a (bold) link, as an item or alone: ``- [Title](url) …``,
#: ``**[Title](url)**``, ``1. **[Title](url)**``.
_LINK_LINE_RE = re.compile(
    r"^\s*(?:[-*+]\s+|\d+\.\s+)?(?P<bold>\*\*)?\s*\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)"
)
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_SNIFF_PAPER_RE = re.compile(r"\[[^\]\n]*\]\(\s*" + PAPER_URL_RE.pattern, re.IGNORECASE)
_SNIFF_STRUCTURE_RE = re.compile(r"^(?:#{1,6}\s+\S|\s*\|.*\|\s*$|\s*<summary)", re.MULTILINE)
_LINK_LABEL_RE = re.compile(
    r"(?i)^(?:\W*(?:read|view|see|the|on|at|in|paper|papers|arxiv|pdf|link|abs|abstract|code|"
    r"hugging\s*face|hf|page|details?|here|more|full|text)\W*)+$|查看|详情|主页|原文|链接"
)
_JSON_START_RE = re.compile(r'\s*(?:\{|\[\s*[\[{"\d\]]|\[\s*(?:null|true|false)\b)')
_NO_ABSTRACT = {"no abstract available.", "no abstract available", "n/a", "null", "none"}
_ELLIPSIS_RE = re.compile(r"(?:\.\.\.|…)\s*[)\]]?$")
_ABBREVIATION_END_RE = re.compile(r"(?:\(|\b)(?:e|i|e\.g|i\.e|cf|vs|al|resp|Fig|Eq|Sec)\.$")
#: A digest of the Hugging Face Daily Papers (its papers were featured on its day).
_HF_DAILY_RE = re.compile(r"hugging\s*face\s+daily\s+papers", re.IGNORECASE)
_DATE_LINE_RE = re.compile(r"(?:updated|date|日期|published)\W*[:：]", re.IGNORECASE)


def looks_cut_off(abstract: str) -> bool:
    """An abstract a copy cut off: it ends in an ellipsis, or is English prose that ends
    without a sentence's end (``... the limitations (e.``) — a closing URL is an end."""
    text = abstract.rstrip()
    if not text:
        return False
    if _ELLIPSIS_RE.search(text):
        return True
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isascii() for c in letters) < 0.8 * len(letters):
        return False  # not English prose: its punctuation rules are not these
    last = text.split()[-1]
    if last.startswith(("http://", "https://")):
        return False
    return bool(_ABBREVIATION_END_RE.search(text)) or text[-1] not in ".!?)\"'”’]"


def _mask_fences(lines: list[str]) -> list[str]:
    """Lines inside fenced code blocks are blanked (a digest's example code is no entry)."""
    out, fenced = [], False
    for line in lines:
        if _FENCE_RE.match(line):
            fenced = not fenced
            out.append("")
            continue
        out.append("" if fenced else line)
    return out


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """The ``key: value`` lines of a leading ``---`` block and where the body starts."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            values: dict[str, str] = {}
            for line in lines[1:end]:
                key, sep, value = line.partition(":")
                if sep and key.strip() and not key.startswith((" ", "-")):
                    values.setdefault(key.strip().lower(), value.strip().strip("\"'"))
            return values, end + 1
    return {}, 0


def _starts(lines: list[str], skip: set[int]) -> tuple[str, list[int]]:
    """The kind of line that starts entries (``h1``…``h6``, ``summary``, ``linkline``) and
    those lines: the kind whose sections hold the most links to papers (one or two each)."""
    kinds: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if i in skip:
            continue
        m = _HEADING_RE.match(line)
        if m:
            kinds.setdefault(f"h{len(m['hashes'])}", []).append(i)
        elif _SUMMARY_RE.match(line):
            kinds.setdefault("summary", []).append(i)
        elif (b := _LINK_LINE_RE.match(line)) and PAPER_URL_RE.match(b["url"]) and (
            _looks_like_title(b["text"])
        ):
            kinds.setdefault("linkline", []).append(i)
    best, best_rank = "", (0, 0)
    for kind, starts in sorted(kinds.items()):
        count = sum(
            1 for a, b in _sections(lines, kind, starts)
            if 1 <= len(_paper_ids(lines[j] for j in range(a, b) if j not in skip)) <= 2
        )
        # ties go to the deeper kind: a document's title heading holds its one entry too
        rank = (count, int(kind[1]) if kind.startswith("h") else 7)
        if count and rank > best_rank:
            best, best_rank = kind, rank
    return best, kinds.get(best, [])


def _looks_like_title(text: str) -> bool:
    """A link's text that names a paper, not a label (``arXiv``, ``PDF``, ``[到 … 查看详情]``)."""
    words = plain(text).split()
    return len(words) >= 3 and not _LINK_LABEL_RE.search(" ".join(words))


def _paper_ids(lines: Iterable[str]) -> set[str]:
    return {(m["ax"] or m["hf"]).lower() for line in lines for m in PAPER_URL_RE.finditer(line)}


def _sections(lines: list[str], kind: str, starts: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each entry: up to the next start, or a heading that outranks it."""
    level = int(kind[1]) if kind.startswith("h") else 7
    out = []
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        end = start + 1
        while end < stop:
            m = _HEADING_RE.match(lines[end])
            if m and len(m["hashes"]) <= level:
                break
            if kind == "summary" and lines[end].strip().lower().startswith("</details"):
                break
            end += 1
        out.append((start, end))
    return out


def _title_and_url(line: str, kind: str) -> tuple[str, str | None]:
    if kind == "summary":
        m = _SUMMARY_RE.match(line)
        raw = m["text"] if m else line
    elif kind == "linkline":
        b = _LINK_LINE_RE.match(line)
        return (clean_title(b["text"]), b["url"]) if b else ("", None)
    else:
        h = _HEADING_RE.match(line)
        raw = h["text"] if h else line
    link = re.match(r"^\s*(?:\*\*)?\s*(?:\d+[.)]\s*)?\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)", raw)
    if link and PAPER_URL_RE.match(link["url"]):
        return clean_title(link["text"]), link["url"]
    return clean_title(raw), None


def _prose_paragraphs(lines: list[str], skip: set[int]) -> list[str]:
    """The paragraphs of plain prose among an entry's lines (not fields, headings, quotes,
    lists of links, images, rules or HTML)."""
    paragraphs: list[list[str]] = [[]]
    for offset, line in enumerate(lines):
        text = line.strip()
        prose = bool(text) and offset not in skip and not (
            text.startswith(("#", "|", "<", "!", "---", "***", "[", ">"))
            or re.fullmatch(r"(?:\*\*|__).*(?:\*\*|__)[:：]?", text)
        )
        if prose:
            paragraphs[-1].append(re.sub(r"^[-*+]\s+", "", text))
        elif paragraphs[-1]:
            paragraphs.append([])
    texts = [plain(" ".join(p)) for p in paragraphs if p]
    # a short line led by a symbol (``🏢 EvoMap``, ``📅 2 days ago``) is a decoration
    return [t for t in texts if t and not (unicodedata.category(t[0]) == "So" and len(t.split()) < 12)]


def _abstract(lines: list[str], fields: Fields) -> str:
    """The labelled abstract (``**Summary:** …``, its value going on over the next lines or
    starting below the label), else the entry's quote, else its first paragraph of prose."""
    if "abstract" in fields.values:
        at = fields.where["abstract"]
        parts = [fields.values["abstract"]] if fields.values["abstract"] else []
        for offset in range(at + 1, len(lines)):
            text = lines[offset].strip()
            if not text:
                if parts:
                    break
                continue  # the value starts below its label
            if _HEADING_RE.match(text) or offset in fields.label_lines or text.startswith("---"):
                break
            parts.append(text.lstrip(">").strip())
        return plain(" ".join(parts))
    quote = [ln.strip()[1:].strip() for ln in lines if ln.strip().startswith(">")]
    if quote:
        return plain(" ".join(quote))
    prose = _prose_paragraphs(lines, fields.label_lines)
    return prose[0] if prose else ""


def _entry(lines: list[str], start: int, end: int, kind: str, warnings: list[str]) -> ParsedPaper | None:
    title, head_url = _title_and_url(lines[start], kind)
    body = lines[start + 1:end]
    fields = read_fields(body)
    urls = ([head_url] if head_url else []) + links_of("\n".join(lines[start:end]))
    urls = list(dict.fromkeys(u for u in urls if u))
    text = "\n".join(lines[start:end])
    arxiv_id = paper_id_of(urls, text)
    evidence = "authors" in fields.values or fields.upvotes is not None or "abstract" in fields.values
    if arxiv_id is None and not evidence:
        return None  # a prose section, not a paper
    if kind.startswith("h") and head_url is None and not evidence and (
        len(_paper_ids(body)) > 2 or len(title.split()) < 3
    ):
        return None  # a section citing papers ("## Related work"), not a paper's entry
    if not title:
        warnings.append(f"line {start + 1}: an entry without a title; skipped")
        return None
    head = lines[start]
    if kind == "linkline" and (link := _LINK_LINE_RE.match(head)):
        head = head[link.end():]  # the counts after the link, not digits of its title
    up, stars = inline_counts(head)
    upvotes = fields.upvotes if fields.upvotes is not None else up
    stars = fields.stars if fields.stars is not None else stars
    authors, count = authors_of(fields.values["authors"]) if "authors" in fields.values else ([], None)
    abstract = _abstract(body, fields)
    if abstract.lower() in _NO_ABSTRACT:
        abstract = ""
    truncated = looks_cut_off(abstract)
    published = find_date(plain(fields.values["date"])) if "date" in fields.values else None
    project = next((u for u in links_of(fields.values.get("project", ""))), None)
    raw_cats = re.split(r"[,;]\s*|\s+", plain(fields.values.get("categories", "")))
    cats = tuple(dict.fromkeys(c for c in (clean_category(x) for x in raw_cats) if c))
    comments = plain(fields.values["comments"]) if "comments" in fields.values else None
    return ParsedPaper(
        title=title,
        abstract=abstract,
        authors=authors,
        author_count=count,
        published=published,
        upvotes=upvotes,
        links=paper_links(urls, arxiv_id),
        arxiv_id=arxiv_id,
        abstract_truncated=truncated,
        line=start + 1,
        meta=PaperMeta(categories=cats, comments=comments or None, github_stars=stars,
                       project_page=project),
    )


def _merge_duplicates(papers: list[ParsedPaper]) -> list[ParsedPaper]:
    """One paper listed twice (a summary table and its section): one entry, the first,
    completed with what the later one adds."""
    out: list[ParsedPaper] = []
    seen: dict[str, ParsedPaper] = {}
    for paper in papers:
        first = seen.get(paper.arxiv_id) if paper.arxiv_id else None
        if first is None:
            out.append(paper)
            if paper.arxiv_id:
                seen[paper.arxiv_id] = paper
            continue
        if len(paper.abstract) > len(first.abstract):
            first.abstract, first.abstract_truncated = paper.abstract, paper.abstract_truncated
        if len(paper.title) > len(first.title):
            first.title = paper.title
        first.authors = first.authors or paper.authors
        first.upvotes = first.upvotes if first.upvotes is not None else paper.upvotes
        first.published = first.published or paper.published
        first.links += [link for link in paper.links if link.url not in {x.url for x in first.links}]
        if first.meta.github_stars is None and paper.meta.github_stars is not None:
            first.meta = replace(first.meta, github_stars=paper.meta.github_stars)
    return out


def _digest_date(front: dict[str, str], lines: list[str], name: str) -> dt.date | None:
    if "date" in front and (day := find_date(front["date"])):
        return day
    for line in lines[:80]:
        m = _HEADING_RE.match(line)
        if m and (day := find_date(plain(m["text"]))):
            return day
    for line in lines[:80]:
        if _DATE_LINE_RE.search(line) and (day := find_date(plain(line))):
            return day
    return find_date(name)


class MarkdownDigestImporter:
    name = FORMAT

    def sniff(self, text: str) -> bool:
        """Markdown structure (headings, a table, ``<summary>``) and links to papers written
        as Markdown links, at least two (or one in a heading)."""
        head = text[:SNIFF_CHARS]
        if _JSON_START_RE.match(head) or head.lstrip().lower().startswith(
                ("<?xml", "<rss", "<feed", "<!doctype", "<html")):
            return False
        if not _SNIFF_STRUCTURE_RE.search(head):
            return False
        papers = {m.group(0).rstrip("/") for m in _SNIFF_PAPER_RE.finditer(head)}
        if len(papers) >= 2:
            return True
        return bool(papers) and bool(re.search(r"^#{1,6}\s+.*\]\(\s*https?://", head, re.MULTILINE))

    def parse(self, text: str, context: ParseContext) -> ParsedDigest:
        if not self.sniff(text):
            raise NotADigest("not a recognised digest: no Markdown headings or tables with "
                             "links to papers (arxiv.org/abs/ID or huggingface.co/papers/ID)")
        raw = normalize_newlines(text).split("\n")
        front, body_start = _front_matter(raw)
        lines = [""] * body_start + _mask_fences(raw[body_start:])
        warnings: list[str] = []
        papers, table_lines = table_entries(lines, warnings)
        kind, starts = _starts(lines, table_lines)
        if kind:
            prose = [ln if i not in table_lines else "" for i, ln in enumerate(lines)]
            for a, b in _sections(lines, kind, starts):
                paper = _entry(prose, a, b, kind, warnings)
                if paper is not None:
                    papers.append(paper)
        papers.sort(key=lambda p: p.line or 0)
        papers = _merge_duplicates(papers)
        if not papers:
            raise NotADigest("not a recognised digest: a Markdown file with links to papers but "
                             "no entry (no heading, summary, linked line or table row names a paper)")
        digest_date = _digest_date(front, lines, context.source.name)
        featured = digest_date if digest_date and _HF_DAILY_RE.search(text[:SNIFF_CHARS]) else None
        for paper in papers:
            paper.title = collapse(paper.title)
            if featured is not None:
                paper.meta = replace(paper.meta, featured_on=featured)
        return ParsedDigest(format=FORMAT, papers=papers, digest_date=digest_date, warnings=warnings)
