"""URL extraction, cleaning and classification, link de-duplication, and the policy for
opening links.

Digest abstracts carry URLs mangled by LaTeX (``https://x/a{https://x/a}.``,
``magenta{https://x/a}.``) and followed by sentence punctuation; every such form yields
exactly one clean URL. Only ``http``/``https`` links are ever opened.

Two de-duplication rules live here and they disagree about a trailing slash. Both are kept
as they were (changing either would change what an import stores):

* :func:`union_links_ignoring_trailing_slash` — what the importers use to gather a paper's
  links from its fields and text: ``https://x/a`` and ``https://x/a/`` are one link (the
  first spelling wins);
* :func:`merge_links` / :func:`unique_links` — what the store uses when it merges a paper
  seen again, and before it writes a paper's links: by exact URL, so the two spellings stay
  two links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote_plus, urlsplit, urlunsplit

from reader.core.model import Link, LinkKind, Paper

# A URL runs until whitespace or a character that cannot be part of one in prose/LaTeX.
_URL_RE = re.compile(r"""https?://[^\s<>"'{}|\\^`\[\]]+""", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*"
_GITHUB_RESERVED = {
    "about", "features", "orgs", "topics", "collections", "settings", "sponsors", "marketplace",
    "explore", "login", "join", "pricing", "search", "apps", "notifications", "site",
}  # fmt: skip


def clean_url(raw: str) -> str | None:
    """Strip sentence punctuation and unbalanced brackets; lower-case the scheme and host."""
    url = raw.strip()
    while url:
        last = url[-1]
        if last in _TRAILING or (last == ")" and url.count("(") < url.count(")")):
            url = url[:-1]
        else:
            break
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.netloc.lower()
    path = parts.path
    if path == "/":
        path = ""
    return urlunsplit((parts.scheme.lower(), host, path, parts.query, parts.fragment))


def extract_urls(text: str) -> list[str]:
    """Every distinct clean http(s) URL in ``text``, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in _URL_RE.finditer(text):
        url = clean_url(match.group(0))
        if url and url not in seen:
            seen[url] = None
    return list(seen)


def classify(url: str, *, default: LinkKind = LinkKind.OTHER) -> Link:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    segments = [s for s in parts.path.split("/") if s]
    if host == "github.com":
        if len(segments) >= 2 and segments[0].lower() not in _GITHUB_RESERVED:
            name = segments[1][:-4] if segments[1].endswith(".git") else segments[1]
            return Link(url, LinkKind.GITHUB, f"{segments[0]}/{name}")
        return Link(url, LinkKind.GITHUB if segments else default, None)
    if host == "gitlab.com":
        repo_parts: list[str] = []
        for seg in segments:
            if seg == "-":
                break
            repo_parts.append(seg)
        if len(repo_parts) >= 2:
            repo = "/".join(repo_parts)
            if repo.endswith(".git"):
                repo = repo[:-4]
            return Link(url, LinkKind.GITLAB, repo)
        return Link(url, default, None)
    if host in ("huggingface.co", "hf.co"):
        rest = segments
        if rest and rest[0] in ("spaces", "datasets"):
            rest = rest[1:]
        if rest and rest[0] == "papers":
            return Link(url, LinkKind.HUGGINGFACE, None)
        hf_repo = "/".join(rest[:2]) if len(rest) >= 2 else None
        return Link(url, LinkKind.HUGGINGFACE, hf_repo)
    if host in ("arxiv.org", "export.arxiv.org"):
        return Link(url, LinkKind.ARXIV, None)
    return Link(url, default, None)


def links_from_text(text: str) -> list[Link]:
    return [classify(url) for url in extract_urls(text)]


def union_links_ignoring_trailing_slash(*groups: Iterable[Link]) -> list[Link]:
    """Links in order of first appearance; a trailing slash does not make a new link."""
    seen: set[str] = set()
    out: list[Link] = []
    for group in groups:
        for link in group:
            ident = link.url.rstrip("/")
            if ident not in seen:
                seen.add(ident)
                out.append(link)
    return out


def unique_links(links: Iterable[Link]) -> list[Link]:
    """The links without repeats by exact URL, in order of first appearance: the store's rule
    (``store.merge_rules._unique_links`` is this function)."""
    seen: set[str] = set()
    out: list[Link] = []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return out


def merge_links(existing: list[Link], new: list[Link]) -> list[Link]:
    """Union by exact URL, existing order first (a trailing slash makes a different link)."""
    seen = {link.url for link in existing}
    out = list(existing)
    for link in new:
        if link.url not in seen:
            out.append(link)
            seen.add(link.url)
    return out


def is_openable(url: str) -> bool:
    """The opening policy: only absolute http/https URLs with a host are ever opened."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def display_host(url: str) -> str:
    """The real host of a link, in punycode when it is internationalised (look-alike domains)."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host.encode("ascii", "backslashreplace").decode("ascii")


# ----------------------------------------------------------------- a paper's page and PDF
_ARXIV_PATH_RE = re.compile(r"^/(?:abs|pdf)/(?P<id>(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)"
                            r"(?:\.pdf)?/?$")
_HF_PAPER_PATH_RE = re.compile(r"^/papers/(?P<id>\d{4}\.\d{4,5})(?:v\d+)?/?$")


def title_search_url(title: str) -> str:
    """An arXiv title search: the page of a paper no importer gave an address for."""
    return f"https://arxiv.org/search/?query={quote_plus(' '.join(title.split()))}&searchtype=title"


def _arxiv_link_id(paper: Paper) -> str | None:
    """The arXiv id of the first arxiv.org abs/pdf link among the paper's links."""
    for link in paper.links:
        if link.kind is LinkKind.ARXIV:
            match = _ARXIV_PATH_RE.match(urlsplit(link.url).path)
            if match:
                return match["id"]
    return None


def page_url(paper: Paper) -> str:
    """The paper's own page, never a code link: its arXiv abstract page (its arXiv id, else an
    arXiv abs/pdf link of the paper), else its Hugging Face paper page (a
    ``huggingface.co/papers/ID`` link), else an arXiv search for its title."""
    arxiv = paper.arxiv_id or _arxiv_link_id(paper)
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv}"
    for link in paper.links:
        if link.kind is LinkKind.HUGGINGFACE:
            match = _HF_PAPER_PATH_RE.match(urlsplit(link.url).path)
            if match:
                return f"https://huggingface.co/papers/{match['id']}"
    return title_search_url(paper.title)


def pdf_url(paper: Paper) -> str | None:
    """The paper's PDF: ``arxiv.org/pdf/ID`` when an arXiv id is known (or an arXiv link of the
    paper), else a link of the paper whose path ends in ``.pdf``; None when none is known."""
    arxiv = paper.arxiv_id or _arxiv_link_id(paper)
    if arxiv:
        return f"https://arxiv.org/pdf/{arxiv}"
    for link in paper.links:
        if not link.is_code and urlsplit(link.url).path.lower().endswith(".pdf"):
            return link.url
    return None
