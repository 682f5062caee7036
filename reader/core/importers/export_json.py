"""Digest Reader's own JSON export (``digest-reader export``), imported back as a restore.

Every paper carries its user state (state, star, tags, note, queue position), so importing
an export into an empty library gives back the same library.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from reader.core.importers.base import ParseContext, Rejected
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
    if not isinstance(item, dict):
        raise TypeError("not an object")
    title = item["title"]
    if not isinstance(title, str) or not title.strip():
        raise ValueError("missing title")
    key = str(item.get("key") or "")
    arxiv_id = item.get("arxiv_id") or (key[6:] if key.startswith("arxiv:") else None)
    published = item.get("published")
    links = [
        Link(str(link["url"]), LinkKind(link.get("kind", "other")), link.get("repo"))
        for link in item.get("links") or []
    ]
    tags = item.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise TypeError("tags must be a list of strings")
    added = item.get("added_at")
    return ParsedPaper(
        title=title,
        abstract=str(item.get("abstract") or ""),
        authors=[str(a) for a in item.get("authors") or []],
        author_count=_opt_int(item.get("author_count")),
        published=dt.date.fromisoformat(published) if published else None,
        upvotes=_opt_int(item.get("upvotes")),
        links=links,
        arxiv_id=str(arxiv_id) if arxiv_id else None,
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


def _opt_int(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {value!r}")
    return value
