"""arXiv feeds: RSS 2.0 and Atom listing feeds (rss.arxiv.org), the older RSS 1.0 (RDF)
listing feed, arXiv API query results (Atom), and RSS/Atom feeds of arXiv papers written by
third-party generators.

XML is read safely by :mod:`reader.core.importers.feed_xml`. Per entry: the arXiv id (from
``oai:arXiv.org:ID``, the guid, the ``abs`` link or the Atom ``id``; the version suffix is
dropped for identity and kept as ``meta.version``), the title (entities decoded, inline
markup joined: ``H<sub>2</sub>O`` is ``H2O``; the old ``(arXiv:ID [cat])`` suffix removed),
the authors (``dc:creator`` comma-separated, ``atom:author/name``, or the description's
author paragraph, whichever names the most), the abstract (without the
``arXiv:ID Announce Type: new Abstract:`` prefix of listing feeds), the published date
(``published``, else ``pubDate``/``dc:date``), links, and the metadata
(:class:`PaperMeta`): categories (``arxiv:primary_category`` first, then ``<category>``),
``arxiv:comment``, ``arxiv:journal_ref``/``journal_reference``, ``arxiv:doi``/``DOI``,
version, and the revision date (the API's ``<updated>``; a listing's day for a
``replace`` announcement).

A description of a third-party generator is read by :mod:`feed_fields`: its metadata
tail (``Published: … Updated: … Comments: … PDF: …``) fills the metadata instead of
trailing the abstract, and the paper's real title printed there (a feed of translated
summaries) replaces an item title that is not the paper's; a title that looks wrong and
has no better source is kept with a warning. The digest date is the listing's date
(``pubDate``/``lastBuildDate``/``updated``) for listing feeds and none for API results.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from reader.core.importers.base import ParseContext, Rejected
from reader.core.importers.feed_fields import (
    categories_of,
    read_description,
    title_problem,
)
from reader.core.importers.feed_html import html_blocks, inline_text
from reader.core.importers.feed_xml import (
    attr_of,
    children,
    feed_date,
    feed_items,
    item_places,
    parse_xml,
    text_of,
)
from reader.core.links import (
    classify,
    clean_url,
    links_from_text,
    union_links_ignoring_trailing_slash,
)
from reader.core.model import Link, ParsedDigest, ParsedPaper
from reader.core.model.meta import PaperMeta, clean_doi
from reader.core.text import arxiv_id_of, collapse, split_authors

FORMAT = "arxiv-feed"

_ROOT_RE = re.compile(r"<(?:[\w.-]+:)?(?P<tag>rss|feed|RDF)\b")
_ANNOUNCE_RE = re.compile(
    r"^\s*arXiv:(?P<id>\S+)\s+Announce\s+Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:\s*)?",
    re.IGNORECASE,
)
_OLD_TITLE_SUFFIX_RE = re.compile(r"\.?\s*\(arXiv:[^)\[]*(?:\[(?P<cats>[^\]]*)\])?[^)]*\)\s*(?:UPDATED)?\s*$")
_ID_IN_URL_RE = re.compile(r"arxiv\.org/(?:abs|pdf)/(?P<id>[^?#\s]+?)(?:\.pdf)?/?$", re.IGNORECASE)
_VERSION_RE = re.compile(r"\d(?:v(?P<v>\d+))$")


def _id_from(value: str) -> tuple[str | None, int | None]:
    """The version-less arXiv id in an id/guid/link value, and its version if printed."""
    value = value.strip()
    for prefix in ("oai:arXiv.org:", "oai:arxiv.org:"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
            break
    else:
        match = _ID_IN_URL_RE.search(value)
        if match:
            value = match["id"]
    found = arxiv_id_of(value)
    if found is None:
        return None, None
    version = _VERSION_RE.search(value.removeprefix("arXiv:"))
    return found, int(version["v"]) if version and version["v"] else None


class ArxivFeedImporter:
    name = FORMAT

    def sniff(self, text: str) -> bool:
        head = text.lstrip()[:20_000]
        if not head.startswith("<") or _ROOT_RE.search(head[:2000]) is None:
            return False
        return "arxiv" in head.lower()  # a title, a link, an id: within the first items

    def parse(self, text: str, context: ParseContext) -> ParsedDigest:
        root = parse_xml(text)
        kind, channel, items = feed_items(root)
        if kind == "rss":
            digest_date = feed_date(text_of(channel, "pubDate") or text_of(channel, "lastBuildDate"))
        elif kind == "RDF":
            digest_date = feed_date(text_of(channel, "date"))
        else:
            is_api = "/api/" in text_of(root, "id") or any(
                "/api/query" in (link.get("href") or "") for link in children(root, "link")
            )
            digest_date = None if is_api else feed_date(text_of(root, "updated"))

        warnings: list[str] = []
        papers: list[ParsedPaper] = []
        places = item_places(text, len(items))
        for index, item in enumerate(items, start=1):
            entry_id = text_of(item, "id")
            if "/api/errors" in entry_id:
                message = collapse(text_of(item, "summary")) or "unknown error"
                raise Rejected(f"the arXiv API answered with an error: {message}")
            paper = _paper(item, places[index - 1], warnings)
            if paper is None:
                warnings.append(f"{places[index - 1]}: skipped: it has no title")
                continue
            papers.append(paper)
        if not papers:
            raise Rejected("the arXiv feed has no entries (nothing announced, or an empty query)")
        return ParsedDigest(format=FORMAT, papers=papers, digest_date=digest_date, warnings=warnings)


def _element_authors(item: ET.Element) -> list[str]:
    authors: list[str] = []
    for author in children(item, "author"):
        name = text_of(author, "name") or "".join(author.itertext()).strip()
        if name:
            authors.append(collapse(inline_text(name)))
    if len(authors) == 1 and "," in authors[0]:
        authors = split_authors(authors[0])  # one element holding the whole list
    if not authors:
        for creator in children(item, "creator"):
            authors.extend(split_authors(inline_text("".join(creator.itertext()))))
    return authors


def _element_categories(item: ET.Element) -> list[str]:
    """``arxiv:primary_category`` first, then every ``<category term>``/``<category>text``."""
    raw = [attr_of(c, "term") for c in children(item, "primary_category")]
    raw += [attr_of(c, "term") or "".join(c.itertext()) for c in children(item, "category")]
    return categories_of(" ".join(raw))


def _paper(item: ET.Element, place: str, warnings: list[str]) -> ParsedPaper | None:
    raw_title = collapse(inline_text(text_of(item, "title")))
    suffix = _OLD_TITLE_SUFFIX_RE.search(raw_title)
    title = raw_title[: suffix.start()].strip() if suffix else raw_title
    if not title:
        return None

    arxiv_id: str | None = None
    version: int | None = None
    candidates = [text_of(item, "id"), text_of(item, "guid"), text_of(item, "link")]
    candidates += [link.get("href") or "" for link in children(item, "link")]
    candidates.append(attr_of(item, "about"))
    for candidate in candidates:
        arxiv_id, version = _id_from(candidate) if candidate else (None, None)
        if arxiv_id:
            break

    raw_abstract = (
        text_of(item, "summary") or text_of(item, "description") or text_of(item, "encoded")
        or text_of(item, "content")
    )
    authors = _element_authors(item)
    categories = _element_categories(item)
    if suffix and suffix["cats"]:
        categories += [c for c in categories_of(suffix["cats"]) if c not in categories]
    if suffix and version is None and (printed := re.search(r"\dv(\d+)\b", suffix.group(0))):
        version = int(printed.group(1))  # the old title suffix (arXiv:2311.10702v1 [cs.CL])
    published = feed_date(text_of(item, "published")) or feed_date(
        text_of(item, "pubDate") or text_of(item, "date")
    )
    updated = feed_date(text_of(item, "updated"))
    comment = collapse(text_of(item, "comment"))
    journal_ref = collapse(text_of(item, "journal_ref", "journal_reference"))
    doi = clean_doi(text_of(item, "doi"))
    announce_type = text_of(item, "announce_type").lower()
    link_texts: list[str] = []
    upvotes: int | None = None
    project_page: str | None = None

    announce = _ANNOUNCE_RE.match(raw_abstract)
    official = announce is not None or bool(announce_type) or bool(children(item, "primary_category"))
    if official:
        abstract = "\n\n".join(html_blocks(raw_abstract[announce.end() :] if announce else raw_abstract))
        if announce:
            announce_type = announce_type or announce["type"].lower()
            version = _id_from(announce["id"])[1] or version
        if announce_type.startswith("replace") and published is not None:
            updated = published  # the listing day of the new version
    else:
        fields = read_description(raw_abstract, item_id=arxiv_id, known_authors=authors, item_title=title)
        abstract = "\n\n".join(fields.abstract)
        if fields.title and collapse(fields.title) != title:
            title = collapse(fields.title)
        elif problem := title_problem(title, abstract):
            where = f" (arXiv {arxiv_id})" if arxiv_id else ""
            warnings.append(
                f"{place}{where}: the title {title[:80]!r} may not be the paper's title: "
                f"{problem}; kept as it is"
            )
        if len(fields.authors) > len(authors):
            authors = fields.authors
        published = published or fields.published
        updated = updated or fields.updated
        comment = comment or collapse(fields.comments or "")
        journal_ref = journal_ref or collapse(fields.journal_ref or "")
        doi = doi or fields.doi
        categories += [c for c in fields.categories if c not in categories]
        link_texts = fields.link_texts
        upvotes = fields.upvotes
        version = version or fields.version
        project_page = fields.project_page

    revised = updated if updated and (updated != published or (version or 1) > 1) else None
    extra: list[Link] = []
    for link in children(item, "link"):
        if (link.get("title") or "").lower() == "doi":
            doi_url = clean_url(link.get("href") or "")
            if doi_url is not None:
                extra.append(classify(doi_url))
    groups = [links_from_text(abstract), links_from_text(comment), extra]
    groups += [links_from_text(text) for text in link_texts]
    meta = PaperMeta(
        categories=tuple(categories),
        comments=comment or None,
        journal_ref=journal_ref or None,
        doi=doi,
        version=version,
        revised=revised,
        project_page=project_page,
    )
    return ParsedPaper(
        title=title,
        abstract=abstract,
        authors=authors,
        author_count=len(authors) or None,
        published=published,
        upvotes=upvotes,
        links=union_links_ignoring_trailing_slash(*groups),
        arxiv_id=arxiv_id,
        meta=meta,
    )


__all__ = ["FORMAT", "ArxivFeedImporter", "parse_xml"]
