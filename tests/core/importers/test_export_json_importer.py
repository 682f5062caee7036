"""Digest Reader's own export read back: a broken section names the item that is wrong."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from reader.core.importers.base import ParseContext, Rejected
from reader.core.importers.export_json import ExportImporter

SHA_A = "a" * 64
SHA_B = "b" * 64
CTX = ParseContext(source=Path("export.json"), as_of=dt.date(2026, 1, 5))


def _digest(sha: str) -> dict[str, Any]:
    return {"sha256": sha, "source_path": "/d/x.txt", "format": "hf-daily-page",
            "digest_date": "2024-06-03", "imported_at": "2024-06-04T10:00:00Z", "entry_count": 1}


def _doc(**parts: Any) -> str:
    doc: dict[str, Any] = {"format": "digest-reader-export", "version": 2,
                           "exported_at": "2026-01-05T00:00:00Z", "digests": [_digest(SHA_A)],
                           "tags": ["ml"], "saved_searches": [],
                           "papers": [{"title": "A Paper", "arxiv_id": "2406.00001",
                                       "memberships": [{"digest": SHA_A, "upvotes": 3}]}]}
    doc.update(parts)
    return json.dumps(doc)


def parse(text: str) -> Any:
    return ExportImporter().parse(text, CTX)


def test_a_good_version_2_export_restores_its_records() -> None:
    digest = parse(_doc(saved_searches=[{"name": "code", "query": "adam", "filter": "has-code",
                                         "sort": "-upvotes"}]))
    assert digest.restore is not None
    assert [d.sha256 for d in digest.restore.digests] == [SHA_A]
    assert [s.name for s in digest.restore.saved_searches] == ["code"]
    assert [p.arxiv_id for p in digest.papers] == ["2406.00001"]
    state = digest.papers[0].user_state
    assert state is not None and [(m.digest_sha256, m.upvotes) for m in state.memberships] == [
        (SHA_A, 3)
    ]


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"digests": [_digest(SHA_A), _digest(SHA_B), _digest(SHA_A)]},
         f"digest #3: sha256 {SHA_A[:12]}… is listed twice"),
        ({"digests": [_digest(SHA_A), {k: v for k, v in _digest(SHA_B).items() if k != "format"}]},
         "digest #2: missing 'format'"),
        ({"digests": [{**_digest(SHA_A), "entry_count": "1"}]},
         "digest #1: expected an integer, got '1'"),
        ({"saved_searches": [{"name": "s", "filter": "all"}, {"name": "s", "filter": "starred"}]},
         "saved search #2: the name 's' is used twice"),
        ({"saved_searches": [{"filter": "all"}]}, "saved search #1: missing 'name'"),
        ({"saved_searches": [{"name": "s", "filter": "saved:t"}]},
         "saved search #1: a saved search cannot be based on another saved search"),
        ({"papers": [{"title": "One"}, {"abstract": "no title"}]}, "paper #2: missing 'title'"),
        ({"papers": [{"title": "One"}, {"title": "one!"}]},
         "paper #2: the same paper as paper #1 (title:one)"),
        ({"papers": [{"title": "One", "memberships": [{"digest": SHA_B}]}]},
         f"paper #1: membership of digest {SHA_B[:12]}…, which is not among the export's digests"),
    ],
)
def test_a_broken_item_is_refused_with_its_number(parts: dict[str, Any], message: str) -> None:
    with pytest.raises(Rejected) as caught:
        parse(_doc(**parts))
    assert str(caught.value) == f"broken Digest Reader export: {message}"


def test_version_1_papers_may_repeat() -> None:
    digest = parse(_doc(version=1, papers=[{"title": "One"}, {"title": "one!"}]))
    assert digest.restore is None
    assert [p.title for p in digest.papers] == ["One", "one!"]
