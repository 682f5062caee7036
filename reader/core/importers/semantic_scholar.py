"""Semantic Scholar Academic Graph API responses (``api.semanticscholar.org/graph/v1``).

Accepted shapes, all detected by content (a ``paperId`` or ``corpusId`` key with a title or
``externalIds``):

* search, bulk search and author-papers pages: ``{"total", "offset"/"token", "next",
  "data": [paper, ...]}``; the match endpoint's ``{"data": [paper]}``;
* citations and references pages: ``{"data": [{"citingPaper": paper} | {"citedPaper": paper}]}``;
* recommendations: ``{"recommendedPapers": [paper, ...]}``;
* one paper object (``/paper/{id}``), and the batch endpoint's list of papers (``null`` for an
  id it did not know);
* JSON Lines of paper objects (the datasets' lower-case keys, ``externalids``, are read too).

Per paper: ``title``; ``abstract`` (else the ``tldr`` summary); ``authors[].name``;
``externalIds.ArXiv`` as the arXiv id and ``externalIds.DOI`` as the DOI;
``publicationDate`` as the published day (a ``year`` alone is not a day and is not
invented into one); ``journal`` (name, volume, pages) or else ``venue`` as the journal
reference, except arXiv itself; the paper's ``url`` and ``openAccessPdf`` as links.
``citationCount`` is a count of citations, not of upvotes, and is not stored as one. An item
that is not a paper is a warning naming its index (or line); a file where no item is a
paper is rejected.
"""

from __future__ import annotations

import json
import re
from typing import Any

from reader.core.importers.base import ParseContext, Rejected
from reader.core.links import classify, clean_url, union_links_ignoring_trailing_slash
from reader.core.model import Link, LinkKind, ParsedDigest, ParsedPaper
from reader.core.model.meta import PaperMeta, clean_doi
from reader.core.text import arxiv_id_of, collapse, find_date, iso_day

FORMAT = "semantic-scholar"

_SNIFF_ID_RE = re.compile(r'"(?:paperId|corpusId|corpusid)"\s*:', re.IGNORECASE)
_SNIFF_FIELD_RE = re.compile(r'"(?:title|externalIds|externalids)"\s*:')
_WRAPPERS = ("citingPaper", "citedPaper")
_LISTS = ("data", "recommendedPapers", "papers")
_ARXIV_VENUES = {"arxiv", "arxiv.org", "corr", "arxiv preprint"}


def _get(obj: dict[str, Any], name: str) -> Any:
    """A key in the API's camelCase or the datasets' lower case."""
    if name in obj:
        return obj[name]
    return obj.get(name.lower())


def _text(value: object) -> str:
    return collapse(value) if isinstance(value, str) else ""


class _Skip(Exception):
    """An item that is not a paper."""


def _journal_ref(paper: dict[str, Any]) -> str | None:
    journal = _get(paper, "journal")
    if isinstance(journal, dict):
        name = _text(journal.get("name"))
        if name and name.lower() not in _ARXIV_VENUES:
            parts = [name]
            volume = _text(journal.get("volume"))
            if volume:
                parts.append(volume)
            ref = " ".join(parts)
            pages = _text(journal.get("pages"))
            return f"{ref}, {pages}" if pages else ref
    venue = _text(_get(paper, "venue"))
    return venue if venue and venue.lower() not in _ARXIV_VENUES else None


def _links(paper: dict[str, Any]) -> list[Link]:
    links: list[Link] = []
    pdf = _get(paper, "openAccessPdf")
    for raw in (pdf.get("url") if isinstance(pdf, dict) else None, _get(paper, "url")):
        if isinstance(raw, str) and (url := clean_url(raw)):
            links.append(classify(url))
    return union_links_ignoring_trailing_slash(links)


def _paper(item: object) -> ParsedPaper:
    if item is None:
        raise _Skip("null (an id Semantic Scholar did not know)")
    if not isinstance(item, dict):
        raise _Skip(f"not an object but {type(item).__name__}")
    paper: dict[str, Any] = item
    for wrapper in _WRAPPERS:
        if isinstance(paper.get(wrapper), dict):
            paper = paper[wrapper]
            break
    return _read(paper)


def _read(item: dict[str, Any]) -> ParsedPaper:
    title = _text(_get(item, "title"))
    if not title:
        raise _Skip("the paper has no title")
    ids = _get(item, "externalIds")
    ids = {str(k).lower(): v for k, v in ids.items()} if isinstance(ids, dict) else {}
    arxiv = ids.get("arxiv")
    doi = ids.get("doi")
    abstract = _text(_get(item, "abstract"))
    if not abstract:
        tldr = _get(item, "tldr")
        abstract = _text(tldr.get("text")) if isinstance(tldr, dict) else ""
    authors = []
    raw_authors = _get(item, "authors")
    if isinstance(raw_authors, list):
        for author in raw_authors:
            name = author.get("name") if isinstance(author, dict) else author
            if isinstance(name, str) and name.strip():
                authors.append(collapse(name))
    published = iso_day(_get(item, "publicationDate"))
    return ParsedPaper(
        title=title,
        abstract=abstract,
        authors=authors,
        author_count=len(raw_authors) if isinstance(raw_authors, list) and raw_authors else None,
        published=published,
        links=[link for link in _links(item) if link.kind is not LinkKind.ARXIV or not arxiv],
        arxiv_id=arxiv_id_of(arxiv) if isinstance(arxiv, str) else None,
        meta=PaperMeta(
            doi=clean_doi(doi) if isinstance(doi, str) else None,
            journal_ref=_journal_ref(item),
        ),
    )



def _items(doc: Any) -> list[Any]:
    if isinstance(doc, list):
        return doc
    if not isinstance(doc, dict):
        raise Rejected("not a Semantic Scholar response: neither an object nor a list")
    for key in _LISTS:
        if isinstance(doc.get(key), list):
            return list(doc[key])
    if _get(doc, "paperId") is not None or _get(doc, "corpusId") is not None:
        return [doc]  # one paper
    error = doc.get("error") or doc.get("message")
    if isinstance(error, str):
        raise Rejected(f"a Semantic Scholar error response: {error[:200]}")
    raise Rejected("not a Semantic Scholar response: no 'data' list and no paper")


class SemanticScholarImporter:
    name = FORMAT

    def sniff(self, text: str) -> bool:
        head = text.lstrip()[:20_000]
        if not head.startswith(("{", "[")):
            return False
        return bool(_SNIFF_ID_RE.search(head) and _SNIFF_FIELD_RE.search(head))

    def parse(self, text: str, context: ParseContext) -> ParsedDigest:
        warnings: list[str] = []
        entries: list[tuple[str, int | None, Any]] = []
        try:
            doc = json.loads(text)
        except RecursionError:
            raise Rejected("the JSON is nested too deeply to read") from None
        except ValueError as exc:
            lines = text.strip().splitlines()
            if len(lines) < 2 or not all(ln.lstrip().startswith("{") for ln in lines[:2]):
                raise Rejected(f"invalid JSON ({exc})") from None
            for number, row in enumerate(text.splitlines(), 1):  # JSON Lines
                if not row.strip():
                    continue
                try:
                    entries.append((f"line {number}", number, json.loads(row)))
                except ValueError as line_exc:
                    warnings.append(f"line {number}: skipped: invalid JSON ({line_exc})")
        else:
            entries = [(f"item #{n}", None, item) for n, item in enumerate(_items(doc))]
        if not entries and not warnings:
            raise Rejected("the Semantic Scholar response holds no papers (an empty result)")
        papers: list[ParsedPaper] = []
        for where, line_number, item in entries:
            try:
                paper = _paper(item)
            except _Skip as exc:
                warnings.append(f"{where}: skipped: {exc}")
                continue
            paper.line = line_number
            papers.append(paper)
        if not papers:
            first = f" ({warnings[0]})" if warnings else ""
            raise Rejected(f"no item of this Semantic Scholar response is a paper{first}")
        return ParsedDigest(format=FORMAT, papers=papers, digest_date=find_date(context.source.name),
                            warnings=warnings)
