"""The field rules for feeds of arXiv papers written by third-party generators.

Generators (arXiv-to-RSS scripts, digest bots, translating proxies, RSSHub routes) put
more into an item's description than the abstract: the author list as its first
paragraph, a metadata tail (``Published: … Updated: … Comments: … PDF: …``), the paper's
real title when the item title is a translation or a summary (``Title. (arXiv:ID [cs.CL])``),
bare links, translated paragraphs. :func:`read_description` sorts the description's blocks
(:func:`reader.core.importers.feed_html.html_blocks`) into those fields with small local
rules; what is left is the abstract. :func:`title_problem` says when an item's title is
probably not the paper's title (a warning, never a silent wrong title).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from reader.core.importers.feed_html import html_blocks
from reader.core.importers.feed_xml import feed_date
from reader.core.model.meta import clean_category, clean_doi
from reader.core.text import arxiv_id_of, split_authors

#: ``Label: value`` blocks of a metadata tail (or head), by the field they fill.
_LABELS: dict[str, str] = {
    "published": "published",
    "submitted": "published",
    "date": "published",
    "updated": "updated",
    "last updated": "updated",
    "revised": "updated",
    "comment": "comments",
    "comments": "comments",
    "doi": "doi",
    "journal ref": "journal_ref",
    "journal-ref": "journal_ref",
    "journal reference": "journal_ref",
    "journal": "journal_ref",
    "categories": "categories",
    "category": "categories",
    "primary category": "categories",
    "subjects": "categories",
    "subject": "categories",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
    "title": "title",
    "original title": "title",
    "abstract": "abstract",
    "summary": "abstract",
    "upvotes": "upvotes",
    "votes": "upvotes",
    "pdf": "link",
    "link": "link",
    "links": "link",
    "url": "link",
    "code": "link",
    "github": "link",
    "project page": "project_page",
    "arxiv": "arxiv",
    "arxiv id": "arxiv",
}
_LABEL_RE = re.compile(
    r"^(?P<label>" + "|".join(sorted((re.escape(k) for k in _LABELS), key=len, reverse=True))
    + r")\s*[:：]\s*(?P<value>.*)$",
    re.IGNORECASE | re.DOTALL,
)
#: A line of plain text that starts a labelled field (a new block even without a blank line).
LABEL_LINE_RE = re.compile(
    r"^\s*(?:published|updated|last updated|comments?|pdf|doi|journal[ -]ref(?:erence)?|"
    r"categories|subjects|authors?|original title)\s*:",
    re.IGNORECASE,
)
#: The old arXiv listing title: ``Title. (arXiv:2304.01974v1 [cs.CL])`` (``UPDATED`` after).
_ARXIV_TITLE_RE = re.compile(
    r"^(?P<title>.+?)\.?\s*\(arXiv:(?P<id>[^\s\[\])]+)(?:\s*\[(?P<cats>[^\]]*)\])?"
    r"(?:\s*UPDATED)?\)(?:\s*UPDATED)?\s*$"
)
_URL_ONLY_RE = re.compile(r"^(?:<)?https?://\S+(?:>)?$")
_CATEGORY_IN_PARENS_RE = re.compile(r"\(([a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?)\)")
_PARTICLES = frozenset(
    {
     "von", "van", "de", "der", "den", "da", "di", "du", "la", "le", "del", "della", "dos", "das",
     "y", "bin", "al", "el", "ter", "ten", "zu",
    }
)
_SUMMARY_TITLE_RE = re.compile(
    r"^(?:summary|a summary|résumé|tl;?dr|translation|translated|digest)\b(?:\s+of\b)?[\s:：-]*",
    re.IGNORECASE,
)


@dataclass
class DescriptionFields:
    """What a description says besides (and including) the abstract."""

    abstract: list[str] = field(default_factory=list)
    title: str | None = None  # the paper's title, printed in the description
    authors: list[str] = field(default_factory=list)
    published: dt.date | None = None
    updated: dt.date | None = None
    comments: str | None = None
    doi: str | None = None
    journal_ref: str | None = None
    categories: list[str] = field(default_factory=list)
    upvotes: int | None = None
    version: int | None = None  # from the real title's arXiv:IDvN
    project_page: str | None = None
    link_texts: list[str] = field(default_factory=list)  # values that carry URLs


def categories_of(value: str) -> list[str]:
    """``Computation and Language (cs.CL); Machine Learning (cs.LG)`` or ``cs.CL, cs.LG``."""
    found = _CATEGORY_IN_PARENS_RE.findall(value)
    tokens = found or re.split(r"[\s,;]+", value)
    out = [c for c in (clean_category(t) for t in tokens) if c and ("." in c or "-" in c)]
    return list(dict.fromkeys(out))


def latin_share(text: str) -> float:
    """The share of letters that are Latin script (accented Latin included)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for ch in letters if ord(ch) < 0x250) / len(letters)


def _is_name(name: str) -> bool:
    """1–6 words, each capitalised, an initial or a particle (``van``, ``de``…)."""
    words = name.replace(".", ". ").split()
    if not 1 <= len(words) <= 6:
        return False
    return all(w.lower() in _PARTICLES or w[0].isupper() or not w[0].isalpha() for w in words)


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def read_description(
    raw: str, *, item_id: str | None, known_authors: list[str], item_title: str
) -> DescriptionFields:
    """Sort a third-party description's blocks into fields (see the module docstring)."""
    blocks = html_blocks(raw, line_label=LABEL_LINE_RE)
    out = DescriptionFields()
    rest: list[str] = []
    for index, block in enumerate(blocks):
        match = _LABEL_RE.match(block)
        if match and _take_label(out, _LABELS[match["label"].lower()], match["value"].strip()):
            continue
        title = _ARXIV_TITLE_RE.match(block)
        if title and (item_id is None or arxiv_id_of(title["id"]) == item_id):
            out.title = title["title"].strip()
            version = re.search(r"v(\d+)$", title["id"])
            out.version = int(version.group(1)) if version else None
            if title["cats"]:
                out.categories = out.categories or categories_of(title["cats"])
            continue
        if _URL_ONLY_RE.match(block):
            out.link_texts.append(block)
            continue
        if index <= 1 and not out.authors and not rest:
            names = split_authors(block)
            plausible = bool(names) and all(_is_name(name) for name in names)
            if known_authors:  # the paragraph starts with the author the item names
                plausible = plausible and _same_name(names[0], known_authors[0])
                plausible = plausible and len(names) >= len(known_authors)
            else:  # no hint: a list of at least two names
                plausible = plausible and len(names) >= 2
            if plausible:
                out.authors = names
                continue
        rest.append(block)
    out.abstract = _abstract_blocks(rest, out.title, item_title)
    return out


def _take_label(out: DescriptionFields, kind: str, value: str) -> bool:
    """Fill the field a labelled block names; False when the block is prose after all."""
    if kind == "published":
        out.published = feed_date(value) or out.published
        return out.published is not None or not value
    if kind == "updated":
        out.updated = feed_date(value) or out.updated
        return out.updated is not None or not value
    if kind == "comments":
        out.comments = value or out.comments
    elif kind == "doi":
        out.doi = clean_doi(value) or out.doi
        out.link_texts.append(value)
    elif kind == "journal_ref":
        out.journal_ref = value or out.journal_ref
    elif kind == "categories":
        cats = categories_of(value)
        if not cats and value:
            return False
        out.categories = out.categories or cats
    elif kind == "authors":
        out.authors = split_authors(value) or out.authors
    elif kind == "title":
        out.title = value or out.title
    elif kind == "abstract":
        return False  # "Abstract: text" is the abstract, its label dropped below
    elif kind == "upvotes":
        digits = re.match(r"^\d+", value)
        if digits is None:
            return False
        out.upvotes = int(digits.group(0))
    elif kind == "project_page":
        out.project_page = value.split()[0] if value else None
        out.link_texts.append(value)
    elif kind in ("link", "arxiv"):
        out.link_texts.append(value)
    return True


def _abstract_blocks(rest: list[str], real_title: str | None, item_title: str) -> list[str]:
    """The abstract: what is left, without a repeat of the item title, its label, and (in a
    translated feed) the paragraphs not in the language of the paper's real title."""
    out: list[str] = []
    keep_latin = real_title is not None and latin_share(real_title) > 0.8
    for block in rest:
        block = re.sub(r"^(?:abstract|summary)\s*[:：]\s*", "", block, flags=re.IGNORECASE)
        if not block or (real_title and _same_name(block, item_title)):
            continue
        if keep_latin and latin_share(block) < 0.5:
            continue
        out.append(block)
    return out


def title_problem(title: str, abstract: str) -> str | None:
    """Why ``title`` is probably not the paper's title (a translation, a summary), or None."""
    if _SUMMARY_TITLE_RE.match(title):
        return "it reads like a summary"
    if latin_share(title) < 0.5 and abstract and latin_share(abstract) > 0.8:
        return "it is in another language than the abstract (a translation?)"
    if len(title) > 300:
        return f"it is {len(title)} characters long (a summary?)"
    return None
