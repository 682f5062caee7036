"""The Hugging Face ``/api/daily_papers`` JSON response (and the archived variants of it).

Accepted shapes, all detected by content:

* a JSON list of items ``{"paper": {...}, "publishedAt", "title", ...}``;
* the same list wrapped as ``{"status", "date", "count", "data": [...]}``;
* items stored as Python-repr *strings* (``"{'paper': {'id': ...}, ...}"``, single quotes,
  ``True``/``False``), and a whole file written as a Python repr. These are read with
  :func:`ast.literal_eval` only, after checking the syntax tree holds nothing but literals:
  a string with a function call (``__import__('os').system(...)``) or a name refuses the
  whole file — it is never evaluated;
* bare paper objects (``{"id", "title", "summary", "authors", ...}``) as items.

Per item: ``paper.id`` (the arXiv id), title and summary with their hard wraps collapsed,
named authors (``hidden`` authors are counted but not named), ``paper.publishedAt`` as the
published date, ``paper.upvotes`` (or the item's ``upvotes``), ``githubRepo`` and
``projectPage`` links and the URLs of the summary, without duplicates; in ``meta``: the day
Hugging Face featured it (its ``submittedOnDailyAt``, else the digest's day), its
repository's ``githubStars`` and its ``projectPage``.

The digest date is the listing day: the day most items were ``submittedOnDailyAt`` (current
API responses; their ``publishedAt`` is the arXiv date, days earlier), else the wrapper's
``date``, else a ``YYYY-MM-DD`` in the file name, else the latest day of the items' own
``publishedAt`` (the day the listing was submitted to Daily Papers in the archived files). An item that is
not a paper is skipped with a warning naming its index; a file where no item is a paper is
rejected.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import warnings
from collections import Counter
from dataclasses import replace
from typing import Any

from reader.core.importers.base import ParseContext, Rejected
from reader.core.links import (
    classify,
    clean_url,
    links_from_text,
    union_links_ignoring_trailing_slash,
)
from reader.core.model import Link, LinkKind, ParsedDigest, ParsedPaper
from reader.core.model.meta import PaperMeta
from reader.core.text import arxiv_id_of, collapse, find_date, iso_day

FORMAT = "hf-daily-api"

#: Longest Python-repr item we are willing to hand to the literal parser.
MAX_REPR_CHARS = 2_000_000

# Cheap content signals: a "paper" object whose first key is "id", or a "paper" key plus
# a "title"/"summary" key, in JSON or Python-repr quoting.
_SNIFF_PAPER_ID_RE = re.compile(r"""['"]paper['"]\s*:\s*\{\s*['"]id['"]\s*:""")
_SNIFF_PAPER_RE = re.compile(r"""['"]paper['"]\s*:\s*\{""")
_SNIFF_FIELD_RE = re.compile(r"""['"](?:title|summary)['"]\s*:""")
_SNIFF_BARE_RE = re.compile(r"""['"]summary['"]\s*:""")
_SNIFF_BARE2_RE = re.compile(r"""['"]upvotes['"]\s*:""")

_LITERAL_NODES = (
    ast.Expression,
    ast.Constant,
    ast.Dict,
    ast.List,
    ast.Tuple,
    ast.Set,
    ast.UnaryOp,
    ast.USub,
    ast.UAdd,
    ast.Load,
)


def field_link(value: object) -> Link | None:
    """A link from a metadata field (``githubRepo``, ``projectPage``): code hosts by host."""
    if not isinstance(value, str) or not value.strip():
        return None
    url = clean_url(value.strip())
    if url is None:
        return None
    return classify(url, default=LinkKind.PROJECT)


def _describe_call(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return f"{func.id}(...)"
    if isinstance(func, ast.Attribute):
        return f"...{func.attr}(...)"
    return "a call"


def safe_literal(text: str, what: str) -> Any:
    """Read a Python-repr literal; refuse anything that is not purely literal (never run it).

    Raises :class:`Rejected` for code (calls, names, attributes, operators) and for syntax
    errors or nesting too deep to parse.
    """
    if len(text) > MAX_REPR_CHARS:
        raise Rejected(f"{what} is a Python-repr string too long to read ({len(text)} characters)")
    try:
        with warnings.catch_warnings():
            # "\d" in a repr is an invalid escape: harmless here, but it warns (or errors).
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)  # the same, before Python 3.12
            tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise Rejected(f"{what} is neither JSON nor a Python literal ({exc.msg})") from None
    except ValueError as exc:
        raise Rejected(f"{what} is neither JSON nor a Python literal ({exc})") from None
    except (RecursionError, MemoryError):
        raise Rejected(f"{what} is nested too deeply to read") from None
    try:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                raise Rejected(
                    f"{what} is a Python expression with a function call ({_describe_call(node)}),"
                    " not a literal; refusing to read it"
                )
            if not isinstance(node, _LITERAL_NODES):
                raise Rejected(
                    f"{what} is a Python expression ({type(node).__name__}), not a literal; "
                    "refusing to read it"
                )
        return ast.literal_eval(tree)
    except RecursionError:
        raise Rejected(f"{what} is nested too deeply to read") from None
    except (ValueError, TypeError, SyntaxError, MemoryError) as exc:
        raise Rejected(f"{what} is not a readable Python literal ({exc})") from None



def _int_of(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


class _Skip(Exception):
    """An item that is not a paper (skipped with a warning)."""


class _Days:
    """The days a file's items name: when each was listed on Daily Papers
    (``submittedOnDailyAt``) and the items' own ``publishedAt``."""

    def __init__(self) -> None:
        self.listed: list[dt.date] = []
        self.item_published: list[dt.date] = []

    def listing_day(self) -> dt.date | None:
        """The day most items were listed on (ties: the latest)."""
        if not self.listed:
            return None
        counts = Counter(self.listed)
        return max(counts, key=lambda day: (counts[day], day))


def _paper(item: object, days: _Days) -> ParsedPaper:
    """One paper (its days noted in ``days``); raises _Skip with a reason."""
    if not isinstance(item, dict):
        raise _Skip(f"not an object but {type(item).__name__}")
    paper = item.get("paper")
    if paper is None and ("summary" in item or "id" in item):
        paper = item  # a bare paper object
    if not isinstance(paper, dict):
        raise _Skip("no 'paper' object")
    title_raw = paper.get("title") or item.get("title")
    if not isinstance(title_raw, str) or not title_raw.strip():
        raise _Skip("the paper has no title")
    title = collapse(title_raw)
    summary_raw = paper.get("summary") or item.get("summary") or ""
    abstract = collapse(summary_raw) if isinstance(summary_raw, str) else ""

    authors: list[str] = []
    author_count: int | None = None
    raw_authors = paper.get("authors")
    if isinstance(raw_authors, list):
        author_count = len(raw_authors)
        for author in raw_authors:
            if isinstance(author, dict):
                if author.get("hidden") is True:
                    continue
                name = author.get("name")
                if not isinstance(name, str) or not name.strip():
                    user = author.get("user")
                    name = user.get("fullname") if isinstance(user, dict) else None
            else:
                name = author
            if isinstance(name, str) and name.strip():
                authors.append(collapse(name))

    upvotes = _int_of(paper.get("upvotes"))
    if upvotes is None:
        upvotes = _int_of(item.get("upvotes"))

    project = field_link(paper.get("projectPage") or item.get("projectPage"))
    field_links = [
        link
        for link in (field_link(paper.get("githubRepo") or item.get("githubRepo")), project)
        if link is not None
    ]
    listed = iso_day(paper.get("submittedOnDailyAt")) or iso_day(item.get("submittedOnDailyAt"))
    stars = _int_of(paper.get("githubStars"))
    if stars is None:
        stars = _int_of(item.get("githubStars"))
    item_published = iso_day(item.get("publishedAt")) if item is not paper else None
    parsed = ParsedPaper(
        title=title,
        abstract=abstract,
        authors=authors,
        author_count=author_count,
        published=iso_day(paper.get("publishedAt")) or iso_day(item.get("publishedAt")),
        upvotes=upvotes,
        links=union_links_ignoring_trailing_slash(field_links, links_from_text(abstract)),
        arxiv_id=arxiv_id_of(paper.get("id")),
        meta=PaperMeta(
            featured_on=listed,
            github_stars=stars if stars is not None and stars >= 0 else None,
            project_page=project.url if project is not None else None,
        ),
    )
    if listed is not None:
        days.listed.append(listed)
    if item_published is not None:
        days.item_published.append(item_published)
    return parsed


def _looks_like_items(head: str) -> bool:
    if _SNIFF_PAPER_ID_RE.search(head):
        return True
    if _SNIFF_PAPER_RE.search(head) and _SNIFF_FIELD_RE.search(head):
        return True
    return bool(_SNIFF_BARE_RE.search(head) and _SNIFF_BARE2_RE.search(head) and "authors" in head)


class HFApiImporter:
    name = FORMAT

    def sniff(self, text: str) -> bool:
        head = text.lstrip()[:20_000]
        if not head.startswith(("[", "{")):
            return False
        if head.startswith("{") and ('"data"' not in head and "'data'" not in head):
            return False  # a single object must be the {"status", "date", "data"} wrapper
        return _looks_like_items(head)

    def parse(self, text: str, context: ParseContext) -> ParsedDigest:
        doc = self._load(text)
        warnings: list[str] = []
        wrapper_date: dt.date | None = None
        if isinstance(doc, dict):
            if "data" not in doc:
                raise Rejected("not a Daily Papers response: an object without a 'data' list")
            status = doc.get("status")
            if isinstance(status, str) and status.lower() not in ("ok", "success", "200"):
                warnings.append(f"the response says status {status!r}")
            wrapper_date = iso_day(doc.get("date"))
            items = doc.get("data")
            count = _int_of(doc.get("count"))
            if isinstance(items, list) and count is not None and count != len(items):
                warnings.append(f"the response says count {count} but holds {len(items)} items")
        else:
            items = doc
        if not isinstance(items, list):
            raise Rejected("not a Daily Papers response: the papers are not a list")

        papers: list[ParsedPaper] = []
        days = _Days()
        for index, raw in enumerate(items):
            item = raw
            if isinstance(raw, str) and raw.lstrip().startswith("{"):
                # An item stored as the Python repr of an object (never evaluated).
                item = safe_literal(raw, f"item #{index}")
            try:
                paper = _paper(item, days)
            except _Skip as exc:
                warnings.append(f"item #{index}: skipped: {exc}")
                continue
            papers.append(paper)
        if not papers:
            first = f" ({warnings[-1]})" if warnings else ""
            raise Rejected(f"no item of this JSON is a Daily Papers entry{first}")

        # the listing day: current API items say it (``submittedOnDailyAt``; their
        # ``publishedAt`` is the arXiv date, 2-3 days earlier), else the wrapper, else the
        # file name, else the latest item ``publishedAt`` (the archive's listing day)
        digest_date = (days.listing_day() or wrapper_date or find_date(context.source.name)
                       or (max(days.item_published) if days.item_published else None))
        if digest_date is not None:
            # an item without its own listing day was featured on the digest's day
            for paper in papers:
                if paper.meta.featured_on is None:
                    paper.meta = replace(paper.meta, featured_on=digest_date)
        return ParsedDigest(format=FORMAT, papers=papers, digest_date=digest_date, warnings=warnings)

    @staticmethod
    def _load(text: str) -> Any:
        try:
            doc = json.loads(text)
        except RecursionError:
            raise Rejected("the JSON is nested too deeply to read") from None
        except ValueError as exc:
            stripped = text.lstrip()
            if stripped.startswith(("[", "{")) and ("'paper'" in stripped[:20_000]):
                # A whole file written as a Python repr.
                doc = safe_literal(stripped, "the file")
            else:
                raise Rejected(f"invalid JSON ({exc})") from None
        if isinstance(doc, str):
            doc = safe_literal(doc, "the JSON string")
        return doc
