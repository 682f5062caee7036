"""The numpy scorer (reader/core/search/fastscore.py) against Whoosh's own scoring."""

from __future__ import annotations

import pytest
from testutil import AS_OF, SAMPLE
from whoosh import query as wq

import reader.core.search.index as index_mod
import reader.core.search.planner as planner_mod
from reader.core.library import Library
from reader.core.model import Filter, FilterKind, State
from reader.core.search import fastscore

QUERIES = [
    "video",                       # one word in every text field
    "video generation",            # two words ANDed: the intersection, scores summed
    "language model",              # two common words ANDed
    "video OR generation",         # an explicit OR
    "model video OR diffusion",    # a word AND an OR of words
    "video zzzunknown",            # AND with a word that is not in the index: nothing
    '"language models"',           # an exact phrase
    '"state of the art"',          # a phrase with stop words inside
    '"large language model"',      # three words
    '"model video"',               # words that exist, never adjacent
    '"zzzunknown model"',          # a word that is not in the index
    'title:"language model"',
    "title:task",
    "video^3 model",               # a boosted term
    '"large language" model',      # a phrase AND a word
    'task OR "large language"',    # a word OR a phrase
    "notes:margin",                # a field with one short document
    "notes:margin video",          # a field term AND a word
    'task "large language"',
]
#: words ANDed with filter clauses: the filters only restrict (Whoosh adds the same constant
#: to every score for them), so the matches and their order are Whoosh's
WITH_FILTERS = ["video has:code", "model NOT video", "language model state:inbox",
                "model NOT title:language", "language is:starred"]
FILTERS = [None, Filter(FilterKind.HAS_CODE), Filter.state(State.INBOX)]


@pytest.fixture
def segmented(library: Library, monkeypatch: pytest.MonkeyPatch) -> Library:
    """The sample in several segments, with deleted documents: notes and stars re-index
    papers (the old copies are deleted in the first segment, new ones land in new ones)."""
    monkeypatch.setattr(index_mod, "merge_small_segments", lambda writer, segments: segments)
    lib = library
    assert lib.import_files([SAMPLE], as_of=AS_OF).new == 38
    rows = lib.query("", limit=40).rows
    for row in rows[:5]:
        lib.set_note(row.id, "margin notes about video generation models")
    lib.set_starred([row.id for row in rows[5:9]], True)
    leaves = list(lib.index.searcher().reader().leaf_readers())
    assert len(leaves) >= 3
    assert any(reader.has_deletions() for reader, _ in leaves)
    return lib


def reference(lib: Library, text: str, flt: Filter | None, offset: int, limit: int,
              monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[tuple[int, float]]]:
    """Whoosh scoring every match once (no block skipping, no matcher replacement), the
    whole query (filter clauses included) as one Whoosh query."""
    with monkeypatch.context() as m:
        m.setattr(planner_mod, "_needs_full_pass", lambda q: True)
        m.setattr(planner_mod, "_split_filters", lambda q: (q, []))
        lib.index.fast_scoring = False
        try:
            return lib.index.search(text, flt, None, offset, limit)
        finally:
            lib.index.fast_scoring = True


@pytest.mark.parametrize("text", QUERIES)
def test_same_matches_order_and_scores_as_whoosh(segmented: Library, text: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    lib = segmented
    assert fastscore.plan(lib.index.parse(text)) is not None  # the fast path is taken
    for flt in FILTERS:
        for offset, limit in ((0, 50), (0, 3), (2, 5)):
            total, hits = lib.index.search(text, flt, None, offset, limit)
            want_total, want = reference(lib, text, flt, offset, limit, monkeypatch)
            assert total == want_total, (text, flt)
            assert [pid for pid, _ in hits] == [pid for pid, _ in want], (text, flt, offset)
            assert [s for _, s in hits] == pytest.approx([s for _, s in want], rel=1e-12)


@pytest.mark.parametrize("text", WITH_FILTERS)
def test_words_and_filters_same_matches_and_order_as_whoosh(segmented: Library, text: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    lib = segmented
    scored, conditions = planner_mod._split_filters(lib.index.parse(text))
    assert conditions and scored is not None and fastscore.plan(scored) is not None
    for flt in FILTERS:
        total, hits = lib.index.search(text, flt, None, 0, 50)
        want_total, want = reference(lib, text, flt, 0, 50, monkeypatch)
        assert total == want_total, (text, flt)
        assert [pid for pid, _ in hits] == [pid for pid, _ in want], (text, flt)
        shifts = {round(w - h, 9) for (_, h), (_, w) in zip(hits, want)}
        assert len(shifts) <= 1, (text, flt, shifts)  # the same constant for every match


def test_the_fixture_queries_find_something(segmented: Library) -> None:
    # guards the comparison above against comparing empty results with empty results
    found = {text: segmented.index.search(text, None, None, 0, 50)[0]
             for text in QUERIES + WITH_FILTERS}
    empty = [text for text, n in found.items() if n == 0]
    assert set(empty) == {'"zzzunknown model"', '"model video"', "video zzzunknown"}, found
    assert found["notes:margin"] == 5
    assert found["notes:margin video"] == 5  # every note says "video"
    assert found['"state of the art"'] >= 3
    # an AND narrows, an OR widens
    assert found["video OR generation"] > found["video"] >= found["video generation"] >= 5
    assert found['task OR "large language"'] > found['task "large language"'] > 0


def test_phrase_needs_adjacent_words_in_order(library: Library, tmp_path) -> None:  # type: ignore[no-untyped-def]
    digest = tmp_path / "d.txt"
    entries = [
        ("Alpha one", "We present sparse retrieval for long documents."),
        ("Alpha two", "Retrieval methods made sparse, for long documents."),
        ("Alpha three", "Sparse and dense retrieval, for long documents."),
    ]
    body = "".join(f"{t}\n\n{a}\n\n  • 2 authors\n·\nMar 3, 2024 {i}\n\n" for i, (t, a) in enumerate(entries))
    digest.write_text("Daily Papers\n\nMar 30, 2024\n\n" + body, encoding="utf-8")
    assert library.import_files([digest]).new == 3
    titles = [r.title for r in library.query('"sparse retrieval"').rows]
    assert titles == ["Alpha one"]
    assert library.query('"retrieval sparse"').total == 0
    assert library.query('"long documents"').total == 3


@pytest.mark.parametrize("text", [
    "video NOT model", "(video OR model has:code) AND diffusion", '"video model"~3',
    "vid*", "vid* model", "upvotes:>5", "tag:x",
])
def test_other_shapes_stay_with_whoosh(sample_library: Library, text: str) -> None:
    q = sample_library.index.parse(text)
    assert fastscore.plan(q) is None


def test_plan_reads_flat_or_of_terms_and_phrases() -> None:
    q = wq.Or([wq.Term("title", "video", boost=2.0), wq.Phrase("abstract", ["larg", "model"])],
              scale=0.9)
    p = fastscore.plan(q)
    assert p is not None and len(p.clauses) == 1 and p.clauses[0].scale == 0.9
    assert [(leaf.fieldname, leaf.words, leaf.boost) for leaf in p.leaves] == [
        ("title", ("video",), 2.0), ("abstract", ("larg", "model"), 1.0)]


def test_plan_reads_and_of_clauses() -> None:
    q = wq.And([wq.Or([wq.Term("title", "video"), wq.Term("abstract", "video")]),
                wq.Phrase("abstract", ["larg", "model"])], boost=1.5)
    p = fastscore.plan(q)
    assert p is not None and p.boost == 1.5
    assert [[leaf.words for leaf in c.leaves] for c in p.clauses] == [
        [("video",), ("video",)], [("larg", "model")]]
    assert fastscore.plan(wq.And([wq.Term("title", "video"), wq.Term("has", "code")])) is None


def test_or_coordination_factor_inside_and(segmented: Library, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    """OrGroup.factory's coordination bonus, which the parser no longer makes, still scores
    as Whoosh does (alone and as a clause of an AND)."""
    lib = segmented
    words = lambda w: wq.Or([wq.Term(f, w) for f in ("title", "abstract", "notes")], scale=0.9)  # noqa: E731
    for q in (words("video"), wq.And([words("video"), words("model")]),
              wq.And([wq.Or([wq.Term("abstract", "video"), wq.Term("abstract", "model")], scale=0.9),
                      words("gener")])):
        p = fastscore.plan(q)
        assert p is not None
        s = lib.index.searcher()
        total, hits = fastscore.search(s, p, None, 0, 50)
        results = s.search(q, limit=50, scored=True, terms=False)
        assert total == len(results) > 0
        assert [d for d, _ in hits] == [h.docnum for h in results]
        assert [sc for _, sc in hits] == pytest.approx([h.score for h in results], rel=1e-12)
