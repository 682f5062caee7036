"""Running a plan of :mod:`reader.core.search.planner` on a searcher: one function per plan,
the doc-set algebra on posting lists they share, and the one mapping of doc numbers to
paper ids (ARCHITECTURE.md, "Data flow of a search").

Every function returns (exact number of matches, [(paper id, score)] for the page).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import Any

from whoosh import collectors
from whoosh import query as wq
from whoosh.searching import Searcher

from reader.core.search.planner import FiltersOnly, FullPass, NumpyScore, Plan, Prefixes, Sorted, Terms
from reader.core.search.schema import META_ID, TITLE_BOOST
from reader.core.search.whoosh_patches import speedups

Hits = tuple[int, list[tuple[int, float]]]

#: What one match of a prefix term in a field weighs (a title match counts double, as for
#: words); other fields weigh 1.
PREFIX_FIELD_WEIGHTS = {"title": TITLE_BOOST}

_META = wq.Term("id", META_ID)


def run(plan: Plan, s: Searcher, offset: int, limit: int) -> Hits:
    """The page ``offset:offset+limit`` of ``plan``'s matches, and their number."""
    return _RUNNERS[type(plan)](plan, s, offset, limit)


def hits_to_ids(s: Searcher, found: Iterable[tuple[int, float]]) -> list[tuple[int, float]]:
    """(doc number, score) -> (paper id, score), the watermark document left out."""
    hits = []
    for docnum, score in found:
        pid = s.stored_fields(docnum).get("id")
        if pid and pid != META_ID:
            hits.append((int(pid), score))
    return hits


def _allowed(s: Searcher, conditions: tuple[wq.Query, ...], fq: wq.Query | None) -> set[int] | None:
    """The doc numbers the filter clauses (and ``fq``) allow; None without clauses."""
    if not conditions:
        return None
    allowed = docset(conditions[0], s)
    for condition in conditions[1:]:
        allowed &= docset(condition, s)
    if fq is not None:
        allowed &= docset(fq, s)
    return allowed


def _keep(s: Searcher, allowed: set[int] | None, fq: wq.Query | None) -> set[int] | None:
    return allowed if allowed is not None else (docset(fq, s) if fq is not None else None)


# --------------------------------------------------------------------- one function per plan
def run_sorted(p: Sorted, s: Searcher, offset: int, limit: int) -> Hits:
    # A column order needs no scores: the matches by set algebra, then the page from the
    # column (missing values last, as the list does).
    from reader.core.search import columns  # numpy: loaded on the first search

    docs = docset(p.q, s)
    if p.fq is not None:
        docs &= docset(p.fq, s)
    meta = s.document_number(id=META_ID)
    docs.discard(-1 if meta is None else meta)  # doc sets hold no deleted docs
    page = columns.column_page(s, docs, p.column, p.reverse, offset, limit, p.then,
                               lambda nums: [int(s.stored_fields(d).get("id") or 0) for d in nums])
    return len(docs), hits_to_ids(s, ((docnum, 0.0) for docnum in page))


def run_filters_only(p: FiltersOnly, s: Searcher, offset: int, limit: int) -> Hits:
    # Only filters (the caller normally asks for a column order then): every match scores
    # the same; Whoosh orders equal scores by document number.
    allowed = _allowed(s, p.conditions, p.fq)
    docnums = sorted(allowed or ())
    return len(docnums), hits_to_ids(s, ((docnum, 1.0) for docnum in docnums[offset : offset + limit]))


def run_prefixes(p: Prefixes, s: Searcher, offset: int, limit: int) -> Hits:
    """A bare prefix/wildcard query (``multi*``) by set algebra on posting lists.

    Whoosh scores such terms with a constant per field and, for a broad prefix, walks a
    union of hundreds of posting lists one document at a time (about 1 s for a prefix
    matching 70% of 100k papers). The matches are the union of the terms' posting lists;
    a paper scores the weights of the fields it matches in (a title match counts double,
    as for words); ties keep Whoosh's order (document number). ~10x faster, same set.
    """
    allowed = _allowed(s, p.conditions, p.fq)
    scores: dict[int, float] = {}
    for leaf in p.leaves:
        weight = PREFIX_FIELD_WEIGHTS.get(getattr(leaf, "fieldname", ""), 1.0) * leaf.boost
        for docnum in docset(leaf, s):
            scores[docnum] = scores.get(docnum, 0.0) + weight
    keep = _keep(s, allowed, p.fq)
    if keep is not None:
        scores = {d: v for d, v in scores.items() if d in keep}
    top = heapq.nsmallest(offset + limit, scores.items(), key=lambda item: (-item[1], item[0]))
    return len(scores), hits_to_ids(s, top[offset:])


def run_numpy(p: NumpyScore, s: Searcher, offset: int, limit: int) -> Hits:
    from reader.core.search import fastscore

    keep = _keep(s, _allowed(s, p.conditions, p.fq), p.fq)
    total, found = fastscore.search(s, p.fast, keep, offset, limit)
    return total, hits_to_ids(s, found)


def run_full_pass(p: FullPass, s: Searcher, offset: int, limit: int) -> Hits:
    # Phrases, prefixes and ranges: Whoosh's block-quality skipping saves little here and
    # len(results) would run the whole query a second time, so score every match once and
    # count while collecting (no pruning: exact count).
    allowed = _allowed(s, p.conditions, p.fq)
    filter_arg: Any = allowed if allowed is not None else p.fq
    collector: Any = collectors.TopCollector(limit=max(1, offset + limit), usequality=False, replace=0)
    if filter_arg is not None:
        collector = collectors.FilterCollector(collector, allow=filter_arg, restrict=_META)
    else:
        collector = collectors.FilterCollector(collector, restrict=_META)
    s.search_with_collector(p.q, collector)
    results = collector.results()
    return len(results), _results_to_ids(s, results, offset, limit)


def run_terms(p: Terms, s: Searcher, offset: int, limit: int) -> Hits:
    # Term queries: keep block-quality skipping for the top hits and count the matches
    # from the posting lists (len(results) re-runs the query doc by doc).
    allowed = _allowed(s, p.conditions, p.fq)
    filter_arg: Any = allowed if allowed is not None else p.fq
    results = s.search(p.q, filter=filter_arg, mask=_META, limit=max(1, offset + limit))
    matched = docset(p.q, s)
    keep = _keep(s, allowed, p.fq)
    if keep is not None:
        matched &= keep
    return len(matched), _results_to_ids(s, results, offset, limit)


def _results_to_ids(s: Searcher, results: Any, offset: int, limit: int) -> list[tuple[int, float]]:
    return hits_to_ids(s, ((hit.docnum, float(hit.score or 0.0)) for hit in results[offset : offset + limit]))


_RUNNERS: dict[type, Callable[[Any, Searcher, int, int], Hits]] = {
    Sorted: run_sorted,
    FiltersOnly: run_filters_only,
    Prefixes: run_prefixes,
    NumpyScore: run_numpy,
    FullPass: run_full_pass,
    Terms: run_terms,
}


# --------------------------------------------------------------------- doc-set algebra
def _terms_docset(s: Searcher, fieldname: str, btexts: Callable[[Any], Iterable[bytes]]) -> set[int]:
    out: set[int] = set()
    for reader, offset in s.reader().leaf_readers():
        for btext in btexts(reader):
            if (fieldname, btext) not in reader:
                continue
            ids = speedups.read_postings(reader.postings(fieldname, btext))[0]
            out.update((i + offset for i in ids) if offset else ids)
    return out


def docset(q: wq.Query, s: Searcher) -> set[int]:
    """The doc numbers matching ``q`` (what ``len(results)`` counts), by set algebra on
    posting lists; query types without a fast form use Whoosh's own ``q.docs``."""
    if type(q) is wq.Term:
        if q.fieldname not in s.schema:
            return set()
        if isinstance(q.text, bytes):
            btext = q.text
        else:
            try:
                btext = s.schema[q.fieldname].to_bytes(q.text)
            except Exception:  # noqa: BLE001 - let Whoosh decide
                return set(q.docs(s))
        return _terms_docset(s, q.fieldname, lambda _r: [btext])
    if isinstance(q, wq.MultiTerm) and q.fieldname in s.schema:
        return _terms_docset(s, q.fieldname, lambda r: list(q._btexts(r)))
    if isinstance(q, wq.NumericRange):
        return docset(q._compile_query(s.reader()), s)
    if isinstance(q, wq.ConstantScoreQuery):
        return docset(q.child, s)
    if type(q) in (wq.Or, wq.DisjunctionMax) and not getattr(q, "minmatch", 0):
        out: set[int] = set()
        for child in q.subqueries:
            out |= docset(child, s)
        return out
    if type(q) is wq.And:
        sets = sorted((docset(child, s) for child in q.subqueries), key=len)
        if not sets:
            return set()
        result = sets[0]
        for other in sets[1:]:
            result &= other
        return result
    if type(q) is wq.AndNot:
        return docset(q.a, s) - docset(q.b, s)
    if type(q) is wq.Not:
        return _live_docs(s) - docset(q.query, s)
    if type(q) is wq.AndMaybe:
        return docset(q.a, s)
    if type(q) is wq.Require:
        return docset(q.a, s) & docset(q.b, s)
    return set(q.docs(s))


def _live_docs(s: Searcher) -> set[int]:
    """Every paper's doc number (deleted documents and the watermark document left out)."""
    out = set(s.reader().all_doc_ids())
    meta = s.document_number(id=META_ID)
    if meta is not None:
        out.discard(meta)
    return out
