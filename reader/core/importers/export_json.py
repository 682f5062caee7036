"""Digest Reader's own JSON export (``digest-reader export``), imported back as a restore.

Every paper carries its user state (state, star, tags, note, queue position), so importing
an export into an empty library gives back the same library.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from reader.core.importers.base import ParseContext, Rejected
from reader.core.importers.hf_api import arxiv_id_of
from reader.core.links import clean_url
from reader.core.model import (
    Link,
    LinkKind,
    ParsedDigest,
    ParsedPaper,
    State,
    UserState,
    parse_iso_datetime,
)

FORMAT = "digest-reader-export"
VERSION = 1


def export_document(papers: list[dict[str, Any]], exported_at: str) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "exported_at": exported_at, "papers": papers}


class ExportImporter:
    name = FORMAT

    def sniff(self, text: str) -> bool:
        head = text.lstrip()[:400]
        return head.startswith("{") and f'"{FORMAT}"' in head

    def parse(self, text: str, context: ParseContext) -> ParsedDigest:
        try:
            doc = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise Rejected(f"broken Digest Reader export: invalid JSON ({exc})") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise Rejected("not a Digest Reader export")
        version = doc.get("version")
        if not isinstance(version, int) or version > VERSION:
            raise Rejected(
                f"this export was written by a newer Digest Reader (format version {version}); "
                f"this version reads up to {VERSION}"
            )
        items = doc.get("papers")
        if not isinstance(items, list):
            raise Rejected("broken Digest Reader export: 'papers' is not a list")
        papers = []
        for number, item in enumerate(items, start=1):
            try:
                papers.append(_paper(item))
            except (KeyError, TypeError, ValueError) as exc:
                raise Rejected(f"broken Digest Reader export: paper #{number}: {exc}") from None
        return ParsedDigest(format=FORMAT, papers=papers, digest_date=None)


def _paper(item: Any) -> ParsedPaper:
    """One exported paper. Every field is type-checked: an export is a file like any other
    and may be damaged or hand-edited (a wrong type is a reason to refuse, never a crash)."""
    if not isinstance(item, dict):
        raise TypeError("not an object")
    title = item["title"]
    if not isinstance(title, str) or not title.strip():
        raise ValueError("missing title")
    key = str(item.get("key") or "")
    arxiv_raw = item.get("arxiv_id") or (key[6:] if key.startswith("arxiv:") else None)
    arxiv_id = arxiv_id_of(arxiv_raw) if arxiv_raw else None
    if arxiv_raw and arxiv_id is None:
        raise ValueError(f"not an arXiv id: {str(arxiv_raw)[:40]!r}")
    published = _opt_str(item.get("published"), "published")
    links = []
    for link in _opt_list(item.get("links"), "links"):
        if not isinstance(link, dict):
            raise TypeError("a link must be an object")
        url = clean_url(_opt_str(link["url"], "url") or "")
        if url is None:
            continue  # only http(s) links are kept (no javascript:, file:, data: …)
        repo = _opt_str(link.get("repo"), "repo")
        links.append(Link(url, LinkKind(_opt_str(link.get("kind"), "kind") or "other"), repo))
    tags = _opt_list(item.get("tags"), "tags")
    if not all(isinstance(t, str) for t in tags):
        raise TypeError("tags must be a list of strings")
    authors = _opt_list(item.get("authors"), "authors")
    added = _opt_str(item.get("added_at"), "added_at")
    return ParsedPaper(
        title=title,
        abstract=str(item.get("abstract") or ""),
        authors=[str(a) for a in authors],
        author_count=_opt_int(item.get("author_count")),
        published=dt.date.fromisoformat(published) if published else None,
        upvotes=_opt_int(item.get("upvotes")),
        links=links,
        arxiv_id=arxiv_id,
        abstract_truncated=bool(item.get("abstract_truncated", False)),
        user_state=UserState(
            state=State.parse(str(item.get("state") or "inbox")),
            starred=bool(item.get("starred", False)),
            tags=tags,
            note=str(item.get("note") or ""),
            queue_position=_opt_int(item.get("queue_position")),
            added_at=parse_iso_datetime(added) if added else None,
        ),
    )


def _opt_str(value: Any, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"{what}: expected text, got {type(value).__name__}")


def _opt_list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise TypeError(f"{what}: expected a list, got {type(value).__name__}")


def _opt_int(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {value!r}")
    return value
