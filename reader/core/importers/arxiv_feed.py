"""arXiv feeds: RSS 2.0 and Atom listing feeds (rss.arxiv.org), the older RSS 1.0 (RDF)
listing feed, and arXiv API query results (Atom).

XML is read with :mod:`defusedxml` only: a document declaring entities (the "billion
laughs" expansion bomb) or referencing external resources is refused with a reason, and
malformed XML is refused with the parser's position.

Elements are matched by local name, so the namespace spelling of a feed does not matter.
Per entry: the arXiv id (from ``oai:arXiv.org:ID``, the guid, the ``abs`` link or the Atom
``id``; the version suffix is dropped for identity), the title (hard wraps collapsed; the
old ``(arXiv:ID [cat])`` suffix removed), the authors (``dc:creator`` comma-separated, or
``atom:author/name``), the abstract (without the ``arXiv:ID Announce Type: new Abstract:``
prefix of listing feeds; HTML of the old RDF feed stripped), the published date
(``published``, else ``pubDate``/``dc:date``), and links from the abstract, the comment and
the DOI. The digest date is the listing's date (``pubDate``/``lastBuildDate``/``updated``)
for listing feeds and none for API query results.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml import ElementTree as SafeET

from reader.core.importers.base import ParseContext, Rejected
from reader.core.links import (
    classify,
    clean_url,
    links_from_text,
    union_links_ignoring_trailing_slash,
)
from reader.core.model import Link, ParsedDigest, ParsedPaper
from reader.core.text import arxiv_id_of, collapse, split_authors

FORMAT = "arxiv-feed"

_ROOT_RE = re.compile(r"<(?:[\w.-]+:)?(?P<tag>rss|feed|RDF)\b")
_ANNOUNCE_RE = re.compile(
    r"^\s*arXiv:\S+\s+Announce\s+Type:\s*[\w-]+\s*(?:Abstract:\s*)?", re.IGNORECASE
)
_OLD_TITLE_SUFFIX_RE = re.compile(r"\.?\s*\(arXiv:[^)]*\)\s*(?:UPDATED)?\s*$")
_TAG_RE = re.compile(r"<[^>]+>")
_ID_IN_URL_RE = re.compile(r"arxiv\.org/(?:abs|pdf)/(?P<id>[^?#\s]+?)(?:\.pdf)?/?$", re.IGNORECASE)


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: ET.Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return "".join(child.itertext()).strip()
    return ""


def _strip_html(text: str) -> str:
    if "<" in text and re.search(r"</?(?:p|a|b|i|br|em|div|span)\b", text, re.IGNORECASE):
        text = _TAG_RE.sub(" ", text)
        text = html.unescape(text)
    return text


def _id_from(value: str) -> str | None:
    value = value.strip()
    for prefix in ("oai:arXiv.org:", "oai:arxiv.org:"):
        if value.startswith(prefix):
            return arxiv_id_of(value[len(prefix) :])
    match = _ID_IN_URL_RE.search(value)
    if match:
        return arxiv_id_of(match["id"])
    return arxiv_id_of(value)


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def parse_xml(text: str) -> ET.Element:
    """Parse untrusted XML safely, or raise :class:`Rejected` with a one-line reason."""
    try:
        return SafeET.fromstring(text)
    except EntitiesForbidden:
        raise Rejected(
            "the XML declares entities (an entity-expansion \"billion laughs\" bomb or similar); "
            "refused"
        ) from None
    except DTDForbidden:
        raise Rejected("the XML carries a document type declaration; refused") from None
    except DefusedXmlException as exc:
        raise Rejected(f"the XML refers to external resources; refused ({exc.__class__.__name__})") from None
    except ET.ParseError as exc:
        raise Rejected(f"malformed XML: {exc}") from None
    except (RecursionError, MemoryError):
        raise Rejected("the XML is nested too deeply or too large to read") from None


class ArxivFeedImporter:
    name = FORMAT

    def sniff(self, text: str) -> bool:
        head = text.lstrip()[:5000]
        if not head.startswith("<"):
            return False
        match = _ROOT_RE.search(head)
        if match is None:
            return False
        return "arxiv" in head.lower()

    def parse(self, text: str, context: ParseContext) -> ParsedDigest:
        root = parse_xml(text)
        kind = _local(root.tag)
        if kind == "rss":
            channel = next(iter(_children(root, "channel")), root)
            items = _children(channel, "item")
            feed_date = _date(_text(channel, "pubDate") or _text(channel, "lastBuildDate"))
        elif kind == "RDF":
            items = _children(root, "item")
            channel = next(iter(_children(root, "channel")), root)
            feed_date = _date(_text(channel, "date"))
        elif kind == "feed":
            items = _children(root, "entry")
            is_api = "/api/" in _text(root, "id") or any(
                "/api/query" in (link.get("href") or "") for link in _children(root, "link")
            )
            feed_date = None if is_api else _date(_text(root, "updated"))
        else:
            raise Rejected(f"XML of a shape no importer knows (root element <{kind}>)")

        warnings: list[str] = []
        papers: list[ParsedPaper] = []
        for index, item in enumerate(items, start=1):
            entry_id = _text(item, "id")
            if "/api/errors" in entry_id:
                message = collapse(_text(item, "summary")) or "unknown error"
                raise Rejected(f"the arXiv API answered with an error: {message}")
            paper = self._paper(item)
            if paper is None:
                warnings.append(f"entry #{index}: skipped: it has no title")
                continue
            papers.append(paper)
        if not papers:
            raise Rejected("the arXiv feed has no entries (nothing announced, or an empty query)")
        return ParsedDigest(format=FORMAT, papers=papers, digest_date=feed_date, warnings=warnings)

    @staticmethod
    def _paper(item: ET.Element) -> ParsedPaper | None:
        title = collapse(_strip_html(_text(item, "title")))
        title = _OLD_TITLE_SUFFIX_RE.sub("", title).strip()
        if not title:
            return None

        arxiv_id: str | None = None
        candidates = [_text(item, "id"), _text(item, "guid"), _text(item, "link")]
        candidates += [link.get("href") or "" for link in _children(item, "link")]
        about = next((v for k, v in item.attrib.items() if _local(k) == "about"), "")
        candidates.append(about)
        for candidate in candidates:
            arxiv_id = _id_from(candidate) if candidate else None
            if arxiv_id:
                break

        raw_abstract = _text(item, "summary") or _text(item, "description")
        abstract = collapse(_strip_html(raw_abstract))
        abstract = _ANNOUNCE_RE.sub("", abstract, count=1).strip()

        authors: list[str] = []
        for author in _children(item, "author"):
            name = _text(author, "name") or "".join(author.itertext()).strip()
            if name:
                authors.append(collapse(name))
        if len(authors) == 1 and "," in authors[0]:
            authors = split_authors(authors[0])  # one element holding the whole list
        if not authors:
            for creator in _children(item, "creator"):
                authors.extend(split_authors(_strip_html("".join(creator.itertext()))))

        published = _date(_text(item, "published")) or _date(
            _text(item, "pubDate") or _text(item, "date")
        )
        comment = _text(item, "comment")
        extra: list[Link] = []
        for link in _children(item, "link"):
            if (link.get("title") or "").lower() == "doi":
                doi_url = clean_url(link.get("href") or "")
                if doi_url is not None:
                    extra.append(classify(doi_url))
        groups: Iterable[list[Link]] = (links_from_text(abstract), links_from_text(comment), extra)
        return ParsedPaper(
            title=title,
            abstract=abstract,
            authors=authors,
            author_count=len(authors) or None,
            published=published,
            links=union_links_ignoring_trailing_slash(*groups),
            arxiv_id=arxiv_id,
        )
