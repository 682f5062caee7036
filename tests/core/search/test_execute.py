"""Every plan, run (reader/core/search/execute.py), matches what Whoosh itself matches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import query as wq

from reader.core.model import Filter, FilterKind, IndexDoc, Sort, SortKey
from reader.core.search import execute, planner
from reader.core.search.index import SearchIndex
from reader.core.search.query import filter_query
from reader.core.search.schema import META_ID

WORDS = ["video", "diffusion", "language", "models", "retrieval", "sparse", "agents"]


def doc(i: int) -> IndexDoc:
    title = f"{WORDS[i % 7]} {WORDS[(i + 1) % 7]} paper {i}"
    abstract = f"We study {WORDS[(i + 2) % 7]} and {WORDS[(i * 5 + 1) % 7]} at scale {i}."
    return IndexDoc(
        id=i + 1, title=title, abstract=abstract, authors=[f"Author {i % 4}"],
        author_count=1 + i % 5, note="margin note" if i % 6 == 0 else "", tags=["rl"] if i % 4 == 0 else [],
        repos=[f"org/r{i}"] if i % 3 == 0 else [], state="new" if i % 2 else "read", starred=i % 5 == 0,
        has_code=i % 3 == 0, published=f"2024-0{1 + i % 9}-1{i % 10}", upvotes=i * 3,
        added_at="2024-10-01T00:00:00", digests=[1 + i % 2], change_seq=i + 1,
    )


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    ix = SearchIndex(Path(tmp_path_factory.mktemp("execute")) / "index")
    docs = [doc(i) for i in range(60)]
    ix.apply([docs[:30]], 30, 30)
    ix.apply([docs[30:], [doc(2), doc(7)]], 62, 32)  # two segments, with deleted copies
    yield ix
    ix.close()


QUERIES = ["video", "video diffusion", '"video diffusion"', "diff*", "diff* OR vid*", "upvotes:>20",
           "NOT video", "video upvotes:>20", "video NOT diffusion", "video diff*", "diff* upvotes:>90",
           '"video diffusion"~3', "video OR diffusion", "(video OR agents) has:code",
           "(video diffusion) OR agents", "((video diffusion) OR agents) upvotes:>20"]
FILTERS = [None, Filter(FilterKind.HAS_CODE), Filter(FilterKind.STATE, "new")]


def whoosh_ids(index: SearchIndex, q: wq.Query, fq: wq.Query | None) -> set[int]:
    s = index.searcher()
    hits = s.search(q, filter=fq, mask=wq.Term("id", META_ID), limit=None)
    return {int(hit["id"]) for hit in hits}


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("flt", FILTERS)
@pytest.mark.parametrize("fast", [True, False])
def test_every_plan_finds_what_whoosh_finds(index: SearchIndex, text: str, flt: Filter | None,
                                            fast: bool) -> None:
    q, fq = index.parse(text), filter_query(flt)
    want = whoosh_ids(index, q, fq)
    assert want or text == "diff* upvotes:>90"
    p = planner.plan(q, fq, None, fast_scoring=fast)
    total, hits = execute.run(p, index.searcher(), 0, 1000)
    assert total == len(want), p
    assert {pid for pid, _ in hits} == want, p
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True)
    if isinstance(p, planner.Terms):
        return  # Whoosh's block-skipping search may order equal scores differently per page
    # the pages put together are the whole list
    paged = [pid for off in range(0, total, 4) for pid, _ in execute.run(p, index.searcher(), off, 4)[1]]
    assert paged == [pid for pid, _ in hits]


@pytest.mark.parametrize("text", ["video", "upvotes:>20", "diff*"])
def test_a_sorted_plan_pages_through_the_column(index: SearchIndex, text: str) -> None:
    q = index.parse(text)
    p = planner.plan(q, None, Sort(SortKey.UPVOTES, descending=True))
    total, hits = execute.run(p, index.searcher(), 0, 1000)
    want = whoosh_ids(index, q, None)
    assert total == len(want) and {pid for pid, _ in hits} == want
    assert [pid for pid, _ in hits] == sorted(want, reverse=True)  # upvotes grow with the id


def test_hits_to_ids_leaves_out_the_watermark_document(index: SearchIndex) -> None:
    s = index.searcher()
    meta = s.document_number(id=META_ID)
    first = s.document_number(id="1")
    assert meta is not None and first is not None
    assert execute.hits_to_ids(s, [(meta, 9.0), (first, 1.5)]) == [(1, 1.5)]


def test_docset_of_not_leaves_out_deleted_and_watermark_documents(index: SearchIndex) -> None:
    s = index.searcher()
    everything = execute.docset(wq.Not(wq.Term("title", "nothingatall")), s)
    assert len(everything) == 60
    assert s.document_number(id=META_ID) not in everything
