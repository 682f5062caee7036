"""Digest Reader's own JSON export (``digest-reader export``), imported back as a restore.

Format version 2 carries the whole library: every digest (sha256, source path, format,
date, imported-at, entry count), the tags, the saved searches, and per paper its user state
(state, star, tags, queue position, note with its revisions, timestamps) and its digest
memberships with the upvotes seen in each. Importing it re-creates all of that — digests are
matched by sha256, so a library that already has some of them merges without duplicates —
and does not add the export file itself as a digest: the restore is recorded only as the
meta row ``restored-export:<sha256>`` (when it was restored), which makes a second import
of the same file "unchanged".

Version 1 files (papers with their user state only) still import as before: the export file
becomes one digest, dated the day of the import, holding every paper.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, TypeVar

from reader.core.importers.base import MAX_COUNT, ParseContext, Rejected
from reader.core.links import clean_url
from reader.core.model import (
    DigestRecord,
    Filter,
    FilterKind,
    LibraryRestore,
    Link,
    LinkKind,
    Membership,
    NoteRevisionRecord,
    PaperMeta,
    ParsedDigest,
    ParsedPaper,
    SavedSearchRecord,
    Sort,
    State,
    UserState,
    parse_iso_datetime,
)
from reader.core.text import arxiv_id_of

FORMAT = "digest-reader-export"
VERSION = 2
_HEX = frozenset("0123456789abcdef")
_T = TypeVar("_T")


def export_document(papers: list[dict[str, Any]], exported_at: str, *,
                    digests: list[dict[str, Any]], tags: list[str],
                    saved_searches: list[dict[str, Any]]) -> dict[str, Any]:
    """The export file's content. Paper objects are those of ``--json`` plus ``opened_at``,
    ``read_at``, ``note_updated_at``, ``note_revisions`` [{body, saved_at, written_at}] (oldest
    first) and
    ``memberships`` [{digest: sha256, upvotes}]; ``digests`` lists every imported digest."""
    return {"format": FORMAT, "version": VERSION, "exported_at": exported_at,
            "digests": digests, "tags": tags, "saved_searches": saved_searches,
            "papers": papers}


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
        restore = _restore(doc) if version >= 2 else None
        shas = {d.sha256 for d in restore.digests} if restore is not None else None
        seen: dict[str, int] = {}

        def read(number: int, item: Any) -> ParsedPaper:
            paper = _paper(item, shas)
            if restore is not None:
                first = seen.setdefault(paper.key, number)
                if first != number:
                    raise ValueError(f"the same paper as paper #{first} ({paper.key[:60]})")
            return paper

        papers = _each(items, "paper", read)
        return ParsedDigest(format=FORMAT, papers=papers, digest_date=None, restore=restore)


def _restore(doc: dict[str, Any]) -> LibraryRestore:
    """The library-wide parts of a version 2 export, every field checked (all or nothing)."""
    restore = LibraryRestore()

    def read_digest(number: int, item: Any) -> DigestRecord:
        record = _digest(item)
        if any(d.sha256 == record.sha256 for d in restore.digests):
            raise ValueError(f"sha256 {record.sha256[:12]}… is listed twice")
        restore.digests.append(record)
        return record

    _each(_section(doc, "digests"), "digest", read_digest)
    tags = _section(doc, "tags")
    if not all(isinstance(t, str) and t.strip() for t in tags):
        raise Rejected("broken Digest Reader export: 'tags' must be a list of names")
    restore.tags = list(dict.fromkeys(tags))
    shas = {d.sha256 for d in restore.digests}

    def read_search(number: int, item: Any) -> SavedSearchRecord:
        search = _saved_search(item, shas)
        if any(s.name == search.name for s in restore.saved_searches):
            raise ValueError(f"the name {search.name!r} is used twice")
        restore.saved_searches.append(search)
        return search

    _each(_section(doc, "saved_searches"), "saved search", read_search)
    return restore


def _each(items: list[Any], what: str, read: Callable[[int, Any], _T]) -> list[_T]:
    """``read(number, item)`` for every item of a section (numbered from 1), a wrong or
    missing field refusing the whole file with the item's number: "paper #3: missing 'title'"."""
    out: list[_T] = []
    for number, item in enumerate(items, start=1):
        try:
            out.append(read(number, item))
        except KeyError as exc:
            raise Rejected(f"broken Digest Reader export: {what} #{number}: missing {exc}") from None
        except (TypeError, ValueError) as exc:
            raise Rejected(f"broken Digest Reader export: {what} #{number}: {exc}") from None
    return out


def _section(doc: dict[str, Any], name: str) -> list[Any]:
    value = doc.get(name)
    if not isinstance(value, list):
        raise Rejected(f"broken Digest Reader export: {name!r} is not a list")
    return value


def _digest(item: Any) -> DigestRecord:
    if not isinstance(item, dict):
        raise TypeError("not an object")
    sha = _sha(item["sha256"])
    fmt = _opt_str(item["format"], "format")
    if not fmt:
        raise ValueError("missing format")
    date = _opt_str(item.get("digest_date"), "digest_date")
    entry_count = _opt_int(item.get("entry_count"))
    if entry_count is None or not 0 <= entry_count <= MAX_COUNT:
        raise ValueError(f"entry_count must be a count, got {entry_count!r}")
    return DigestRecord(
        sha256=sha,
        source_path=_opt_str(item["source_path"], "source_path") or "",
        format=fmt,
        digest_date=dt.date.fromisoformat(date) if date else None,
        imported_at=_datetime(item["imported_at"], "imported_at"),
        entry_count=entry_count,
    )


def _saved_search(item: Any, shas: set[str]) -> SavedSearchRecord:
    if not isinstance(item, dict):
        raise TypeError("not an object")
    name = _opt_str(item["name"], "name")
    if not name or not name.strip():
        raise ValueError("missing name")
    flt = Filter.parse(_opt_str(item.get("filter"), "filter") or "all")
    if flt.kind is FilterKind.SAVED:
        raise ValueError("a saved search cannot be based on another saved search")
    digest = _opt_str(item.get("digest_sha256"), "digest_sha256")
    # A digest's id is the library's own: the file names the digest by its sha256.
    if flt.kind is FilterKind.DIGEST and (digest is None or _sha(digest) not in shas):
        raise ValueError(f"filter {flt.key} names no digest of the export")
    sort = _opt_str(item.get("sort"), "sort")
    Sort.parse(sort)
    return SavedSearchRecord(name=name, query=_opt_str(item.get("query"), "query") or "",
                             filter=flt.key, sort=sort,
                             digest_sha256=digest if flt.kind is FilterKind.DIGEST else None)


def _sha(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 64 or not set(value) <= _HEX:
        raise ValueError(f"not a sha256: {str(value)[:70]!r}")
    return value


def _datetime(value: Any, what: str) -> dt.datetime:
    text = _opt_str(value, what)
    if not text:
        raise ValueError(f"missing {what}")
    try:
        return parse_iso_datetime(text).astimezone(dt.timezone.utc)
    except OverflowError:
        raise ValueError(f"{what}: {text[:40]!r} is out of range") from None


def _opt_datetime(value: Any, what: str) -> dt.datetime | None:
    return None if value is None else _datetime(value, what)


def _paper(item: Any, shas: set[str] | None) -> ParsedPaper:
    """One exported paper. Every field is type-checked: an export is a file like any other
    and may be damaged or hand-edited (a wrong type is a reason to refuse, never a crash).
    ``shas``: the digests of a version 2 export (None for version 1)."""
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
    user = UserState(
        state=State.parse(str(item.get("state") or "inbox")),
        starred=bool(item.get("starred", False)),
        tags=tags,
        note=str(item.get("note") or ""),
        queue_position=_opt_int(item.get("queue_position")),
        added_at=_datetime(added, "added_at") if added else None,
    )
    if shas is not None:
        _full_state(item, user, shas)
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
        user_state=user,
        meta=PaperMeta.from_json(item),
    )


def _full_state(item: dict[str, Any], user: UserState, shas: set[str]) -> None:
    """What a version 2 export adds to a paper: timestamps, note revisions, memberships."""
    user.updated_at = _opt_datetime(item.get("updated_at"), "updated_at")
    user.opened_at = _opt_datetime(item.get("opened_at"), "opened_at")
    user.read_at = _opt_datetime(item.get("read_at"), "read_at")
    user.note_updated_at = _opt_datetime(item.get("note_updated_at"), "note_updated_at")
    if not isinstance(item.get("note", ""), str):
        raise TypeError(f"note: expected text, got {type(item['note']).__name__}")
    for revision in _opt_list(item.get("note_revisions"), "note_revisions"):
        if not isinstance(revision, dict):
            raise TypeError("a note revision must be an object")
        body = _opt_str(revision["body"], "note revision body") or ""
        user.note_revisions.append(NoteRevisionRecord(
            body, _datetime(revision["saved_at"], "note revision saved_at"),
            _opt_datetime(revision.get("written_at"), "note revision written_at")))
    seen: set[str] = set()
    for member in _opt_list(item.get("memberships"), "memberships"):
        if not isinstance(member, dict):
            raise TypeError("a membership must be an object")
        sha = _sha(member["digest"])
        if sha not in shas:
            raise ValueError(f"membership of digest {sha[:12]}…, which is not among the "
                             "export's digests")
        if sha in seen:
            raise ValueError(f"membership of digest {sha[:12]}… is listed twice")
        seen.add(sha)
        upvotes = _opt_int(member.get("upvotes"))
        if upvotes is not None and not 0 <= upvotes <= MAX_COUNT:
            raise ValueError(f"upvotes {str(upvotes)[:30]} in digest {sha[:12]}… are out of range")
        user.memberships.append(Membership(sha, upvotes))


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
