"""The rules of merging a parsed paper into the library, as pure functions (no SQLite).

An incoming paper matches a stored row by its key (``arxiv:<id>``, or its title key when it
has no arXiv id), else by its title key; :func:`_merge` says which columns of the row the
merge changes (never the user's state). :mod:`reader.core.store.merge` runs them against
the database (ARCHITECTURE.md, "Data flow of an import").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from reader.core import links as linkmod
from reader.core.model import NoteRevisionRecord, ParsedPaper, iso_datetime, merge_meta
from reader.core.store.meta import meta_change


def _paper_keys(papers: Iterable[ParsedPaper]) -> dict[int, tuple[str, str]]:
    """(key, title key) per paper, by ``id(paper)``: title normalisation (NFKC, casefold,
    character filter) is the costliest step of a bulk import, so it runs once per paper."""
    out: dict[int, tuple[str, str]] = {}
    for p in papers:
        title_key = p.title_key
        key = f"arxiv:{p.arxiv_id}" if p.arxiv_id else title_key
        out[id(p)] = (key, title_key)
    return out


def _drop_other_ids(found: dict[str, dict[str, Any]], papers: Iterable[ParsedPaper],
                    paper_keys: dict[int, tuple[str, str]]) -> None:
    """Remove from ``found`` (rows by key and by title key) the title matches that are
    another paper: a paper with an arXiv id matches a title-only row of the same title,
    never another id."""
    for paper in papers:
        key, title_key = paper_keys[id(paper)]
        row = found.get(title_key)
        if row is None or key == row["key"]:
            continue
        if paper.arxiv_id and row["arxiv_id"] and row["arxiv_id"] != paper.arxiv_id:
            del found[title_key]


#: The links of a paper without repeats by exact URL (a trailing slash makes another link):
#: the store's rule, defined once in :func:`reader.core.links.unique_links`.
_unique_links = linkmod.unique_links


def _dedupe(
    papers: list[ParsedPaper], paper_keys: dict[int, tuple[str, str]] | None = None
) -> list[ParsedPaper]:
    """One entry per identity within a file; later duplicates are merged into the first."""
    by_key: dict[str, ParsedPaper] = {}
    for paper in papers:
        key = paper_keys[id(paper)][0] if paper_keys is not None else paper.key
        first = by_key.get(key)
        if first is None:
            by_key[key] = paper
            continue
        if len(paper.abstract) > len(first.abstract):
            first.abstract = paper.abstract
        first.links = linkmod.merge_links(first.links, paper.links)
        first.upvotes = paper.upvotes if paper.upvotes is not None else first.upvotes
        first.authors = first.authors or paper.authors
        first.author_count = first.author_count or paper.author_count
        first.published = first.published or paper.published
        first.meta = merge_meta(first.meta, paper.meta)
    return list(by_key.values())


def _merge(row: dict[str, Any], paper: ParsedPaper, fill_only: bool = False) -> dict[str, Any]:
    """Column changes that merging ``paper`` into ``row`` makes; user state is never touched.

    ``fill_only``: the paper comes from a digest imported before, read again — it fills what
    the row lacks but never replaces the upvotes or metadata a later digest brought."""
    change: dict[str, Any] = {}
    if paper.arxiv_id and not row["arxiv_id"]:
        change["arxiv_id"] = paper.arxiv_id
        change["key"] = paper.key
    # Keep the longer non-truncated abstract.
    new_abs, old_abs = paper.abstract, row["abstract"] or ""
    old_trunc = bool(row["abstract_truncated"])
    if new_abs and new_abs != old_abs:
        better = (old_trunc and not paper.abstract_truncated) or (
            paper.abstract_truncated == old_trunc and len(new_abs) > len(old_abs)
        ) or not old_abs
        if better:
            change["abstract"] = new_abs
            change["abstract_truncated"] = paper.abstract_truncated
    if paper.authors and not json.loads(row["authors"] or "[]"):
        change["authors"] = json.dumps(paper.authors, ensure_ascii=False)
    count = paper.author_count if paper.author_count is not None else (len(paper.authors) or None)
    if count is not None and row["author_count"] is None:
        change["author_count"] = count
    if paper.published and not row["published"]:
        change["published"] = paper.published.isoformat()
    if paper.upvotes is not None and paper.upvotes != row["upvotes"] and not (
            fill_only and row["upvotes"] is not None):
        change["upvotes"] = paper.upvotes
    change.update(meta_change(row, paper.meta, fill_only))
    return change


def _group_by_keys(updates: list[dict[str, Any]]) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for change in updates:
        groups.setdefault(tuple(sorted(change)), []).append(change)
    return groups


def _revision_row(pid: int, revision: NoteRevisionRecord) -> dict[str, Any]:
    written = revision.written_at
    return {"paper_id": pid, "body": revision.body, "saved_at": iso_datetime(revision.saved_at),
            "written_at": iso_datetime(written) if written is not None else None}


def _match(papers: Sequence[ParsedPaper], existing: dict[str, Any],
           paper_keys: dict[int, tuple[str, str]], now: str, fill_only: bool = False
           ) -> tuple[list[ParsedPaper], list[tuple[ParsedPaper, int]], list[dict[str, Any]]]:
    """Split incoming papers into new ones, (paper, id) of known ones, and the row updates
    (merged fields + ``b_id`` + ``updated_at``) of the known ones that changed."""
    new_papers: list[ParsedPaper] = []
    matched: list[tuple[ParsedPaper, int]] = []
    updates: list[dict[str, Any]] = []
    for paper in papers:
        key, title_key = paper_keys[id(paper)]
        row = existing.get(key) or existing.get(title_key)
        if row is None:
            new_papers.append(paper)
            continue
        matched.append((paper, row["id"]))
        change = _merge(row, paper, fill_only)
        if change:
            change.update(b_id=row["id"], updated_at=now)
            updates.append(change)
    return new_papers, matched, updates
