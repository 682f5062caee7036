"""Relevance search for the common query shapes, scored with numpy over Whoosh's postings.

Whoosh scores a query one document at a time through a tree of Python matcher objects.
For words that occur in a third of 100,000 papers that is 0.1–0.5 s, and an exact phrase
of two common words (``"large language"``) took 1 s, because Whoosh decodes the positions
of every document that contains both words through its span machinery.

This module evaluates the query shapes that the search box produces for plain words and
quoted phrases: an AND of *clauses* (or one clause alone), each clause a flat OR of

* ``Term`` queries in the scored text fields, and
* exact ``Phrase`` queries (``slop == 1``) in those fields,

with each OR's coordination factor (``OrGroup.factory``) and boosts, per segment, on arrays:
each term's posting list is read a block at a time, scored with the same BM25F formula
and statistics as Whoosh's ``BM25FScorer`` (vectorised), and added into one score array;
a phrase intersects its words' posting lists and checks positions only for the documents
that contain every word. An AND (the default between words, one clause per word: the word
in every text field) keeps the documents that every clause matches and scores them with
the sum of the clauses' scores, as Whoosh's intersection matcher does. The top hits come
from ``partition``; the count is exact.

Scores equal what Whoosh computes when it scores every match (tests compare them, to the
order of floating-point additions). Whoosh's block-skipping search can differ slightly for
multi-word OR queries: when one word's posting list runs out it replaces the OR matcher and
recomputes the coordination term count for the documents after that point, so a
document's score there depends on where other words' lists end. This module always uses
the full count.

Anything else (NOT, nested groups, sloppy phrases, prefixes, sorting by a column) returns
``None`` from :func:`plan` and goes through Whoosh as before; filter clauses (``has:code``,
ranges, ``NOT`` …) are split off by the caller and passed as the ``allowed`` documents.
Column orders (no scores) are :mod:`reader.core.search.columns`.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.util.numeric import _length_byte_cache  # byte -> field length, as Whoosh decodes

from reader.core.search.whoosh_patches.speedups import field_length_bytes, read_postings

#: Fields scored with BM25F that have positions (phrases) and per-document lengths.
SCORED_FIELDS = ("title", "abstract", "notes", "author")

_BYTE_TO_LENGTH = np.array(list(_length_byte_cache[:256]), dtype=np.float64)


@dataclass(frozen=True)
class Leaf:
    fieldname: str
    words: tuple[str, ...]  # one word for a term, several for a phrase
    boost: float


@dataclass(frozen=True)
class Clause:
    leaves: tuple[Leaf, ...]
    scale: float | None  # the OR's coordination factor, or None
    boost: float


@dataclass(frozen=True)
class Plan:
    clauses: tuple[Clause, ...]  # one: that clause alone; several: their AND
    boost: float  # the AND's boost

    @property
    def leaves(self) -> tuple[Leaf, ...]:
        return tuple(leaf for clause in self.clauses for leaf in clause.leaves)


def _leaf(q: wq.Query) -> Leaf | None:
    if type(q) is wq.Term and q.fieldname in SCORED_FIELDS and isinstance(q.text, str):
        return Leaf(q.fieldname, (q.text,), float(q.boost))
    if (type(q) is wq.Phrase and q.fieldname in SCORED_FIELDS and q.slop == 1
            and len(q.words) >= 2 and all(isinstance(w, str) for w in q.words)):
        return Leaf(q.fieldname, tuple(q.words), float(q.boost))
    return None


def _clause(q: wq.Query) -> Clause | None:
    """A term, a phrase or a flat OR of them, else None."""
    single = _leaf(q)
    if single is not None:
        return Clause((single,), None, 1.0)
    if type(q) is not wq.Or or getattr(q, "minmatch", None) or not q.subqueries:
        return None
    leaves = []
    for sub in q.subqueries:
        leaf = _leaf(sub)
        if leaf is None:
            return None
        leaves.append(leaf)
    if len(leaves) == 1:  # Whoosh uses the lone child's matcher: no coordination, no boost
        return Clause((leaves[0],), None, 1.0)
    scale = q.scale if q.scale else None
    return Clause(tuple(leaves), scale, float(q.boost))


def plan(q: wq.Query) -> Plan | None:
    """The fast form of ``q``, or None when it is not a clause (a flat OR of terms and
    exact phrases) or an AND of clauses."""
    if type(q) is wq.And and q.subqueries:
        clauses = []
        for sub in q.subqueries:
            clause = _clause(sub)
            if clause is None:
                return None
            clauses.append(clause)
        if len(clauses) == 1:  # as for OR: the lone child's matcher, without the boost
            return Plan((clauses[0],), 1.0)
        return Plan(tuple(clauses), float(q.boost))
    clause = _clause(q)
    return None if clause is None else Plan((clause,), 1.0)


# --------------------------------------------------------------------- postings
def _postings(reader: Any, fieldname: str, btext: bytes, values: bool,
              only: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, list[bytes] | None]:
    """(doc numbers, weights, encoded values or None) of one term in one segment, without
    deleted documents. With ``only`` (sorted doc numbers), blocks that hold none of them
    are skipped unread (the result still has every posting of the blocks read)."""
    def outside(first: int, last: int) -> bool:  # no wanted doc number in first..last
        assert only is not None
        at = int(np.searchsorted(only, first))
        return at >= len(only) or bool(only[at] > last)

    ids, weights, vals = read_postings(reader.postings(fieldname, btext), weights=True,
                                       values=values,
                                       skip_block=outside if only is not None else None)
    id_arr = np.array(ids, dtype=np.int64)
    w_arr = np.array(weights, dtype=np.float32).astype(np.float64)
    return id_arr, w_arr, vals if values else None


def _positions(value: bytes) -> list[int]:
    """Whoosh's ``Positions`` encoding: a 4-byte count, then the pickled position deltas."""
    deltas = pickle.loads(value[4:])
    out = []
    pos = 0
    for delta in deltas:
        pos += delta
        out.append(pos)
    return out


class _Scorer:
    """The BM25F statistics of one term (from the top-level searcher, as Whoosh's)."""

    def __init__(self, searcher: Any, fieldname: str, btext: bytes) -> None:
        scorer = searcher.weighting.scorer(searcher, fieldname, btext)
        self.idf = float(scorer.idf)
        self.avgfl = float(scorer.avgfl)
        self.B = float(scorer.B)
        self.K1 = float(scorer.K1)

    def score(self, weights: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        # whoosh.scoring.bm25, operation for operation
        K1, B = self.K1, self.B
        return self.idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / self.avgfl)))


def _lengths(perdoc: Any, fieldname: str, ids: np.ndarray) -> np.ndarray:
    data = field_length_bytes(perdoc, fieldname)
    if data is None:
        return np.ones(len(ids), dtype=np.float64)  # Whoosh's scorer default for no length
    raw = np.frombuffer(data, dtype=np.uint8)
    inside = ids < len(raw)
    codes = np.zeros(len(ids), dtype=np.uint8)
    codes[inside] = raw[ids[inside]]
    lengths = _BYTE_TO_LENGTH[codes]
    lengths[codes == 0] = 1.0  # a zero byte reads as no length: the scorer's default, 1
    return lengths


# --------------------------------------------------------------------- evaluation
def _segment_scores(searcher: Any, reader: Any, p: Plan, scorers: dict[tuple[str, bytes], _Scorer]
                    ) -> tuple[np.ndarray, np.ndarray]:
    """(scores, matched mask) for every document number of one segment."""
    scores: np.ndarray | None = None
    matched: np.ndarray | None = None
    for clause in p.clauses:
        part, hit = _clause_scores(reader, clause, scorers)
        if scores is None or matched is None:
            scores, matched = part, hit
        else:
            scores += part  # Whoosh's intersection matcher: the sum of its children's scores
            matched &= hit
        if not matched.any():
            break  # nothing left to intersect (the other clauses' lists need not be read)
    assert scores is not None and matched is not None
    if len(p.clauses) > 1:
        scores[~matched] = 0.0
        if p.boost != 1.0:
            scores *= p.boost
    return scores, matched


def _clause_scores(reader: Any, p: Clause, scorers: dict[tuple[str, bytes], _Scorer]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """(scores, matched mask) of one clause (a flat OR) for every document of a segment."""
    n = reader.doc_count_all()
    scores = np.zeros(n, dtype=np.float64)
    matched = np.zeros(n, dtype=bool)
    counts = np.zeros(n, dtype=np.int32) if p.scale else None
    termcount = 0
    perdoc = reader._perdoc
    schema = reader.schema
    for leaf in p.leaves:
        field = schema[leaf.fieldname]
        try:
            btexts = [field.to_bytes(w) for w in leaf.words]
        except ValueError:
            continue
        if any((leaf.fieldname, b) not in reader for b in btexts):
            continue  # Whoosh: a NullMatcher, not counted as a term
        termcount += len(btexts)
        if len(btexts) == 1:
            ids, weights, _ = _postings(reader, leaf.fieldname, btexts[0], values=False)
            part = scorers[(leaf.fieldname, btexts[0])].score(weights, _lengths(perdoc, leaf.fieldname, ids))
        else:
            ids, part = _phrase(reader, perdoc, leaf.fieldname, btexts, scorers)
        if not len(ids):
            continue
        if leaf.boost != 1.0:
            part = part * leaf.boost
        scores[ids] += part
        matched[ids] = True
        if counts is not None:
            counts[ids] += len(btexts)
    if p.boost != 1.0:
        scores *= p.boost
    if counts is not None and termcount:
        scale = p.scale or 0.0
        if termcount == scale:
            scores[:] = 0.0
        else:
            scores = (scores + (counts - 1) / (termcount - scale) ** 2) * ((termcount - 1) / termcount)
    return scores, matched


def _phrase(reader: Any, perdoc: Any, fieldname: str, btexts: list[bytes],
            scorers: dict[tuple[str, bytes], _Scorer]) -> tuple[np.ndarray, np.ndarray]:
    """(doc numbers, scores) of the documents where the words stand next to each other; a
    phrase scores the sum of its words' scores (Whoosh's intersection matcher)."""
    # the rarest word first; the others only read the blocks that can hold its documents
    order = sorted(range(len(btexts)), key=lambda i: reader.doc_frequency(fieldname, btexts[i]))
    found: dict[int, tuple[np.ndarray, np.ndarray, list[bytes] | None]] = {}
    common: np.ndarray | None = None
    for i in order:
        found[i] = _postings(reader, fieldname, btexts[i], values=True, only=common)
        ids = found[i][0]
        common = ids if common is None else np.intersect1d(common, ids, assume_unique=True)
        if not len(common):
            return common, np.zeros(0)
    assert common is not None
    lists = [found[i] for i in range(len(btexts))]  # back in phrase order
    picks = [np.searchsorted(ids, common) for ids, _w, _v in lists]
    # the encoded positions of each word, in the order of ``common``
    cols = [[vals[i] for i in pick.tolist()] for (_i, _w, vals), pick in zip(lists, picks)
            if vals is not None]
    hits = []
    for k in range(len(common)):
        starts = set(_positions(cols[0][k]))
        for w in range(1, len(cols)):
            starts = {p - w for p in _positions(cols[w][k]) if p - w in starts}
            if not starts:
                break
        if starts:
            hits.append(k)
    sel = np.array(hits, dtype=np.int64)
    ids = common[sel]
    total = np.zeros(len(ids), dtype=np.float64)
    lengths = _lengths(perdoc, fieldname, ids)
    for (_ids, weights, _v), pick, b in zip(lists, picks, btexts):
        total = total + scorers[(fieldname, b)].score(weights[pick[sel]], lengths)
    return ids, total


def search(searcher: Any, p: Plan, allowed: set[int] | None, offset: int, limit: int
           ) -> tuple[int, list[tuple[int, float]]]:
    """(exact number of matches, [(global doc number, score)] for ``offset:offset+limit``),
    best first; equal scores in document order (as Whoosh's collector)."""
    scorers: dict[tuple[str, bytes], _Scorer] = {}
    schema = searcher.schema
    for leaf in p.leaves:
        field = schema[leaf.fieldname]
        for w in leaf.words:
            try:
                b = field.to_bytes(w)
            except ValueError:
                continue
            if (leaf.fieldname, b) in searcher.reader() and (leaf.fieldname, b) not in scorers:
                scorers[(leaf.fieldname, b)] = _Scorer(searcher, leaf.fieldname, b)
    all_scores = []
    all_docs = []
    for reader, offset_base in searcher.reader().leaf_readers():
        scores, matched = _segment_scores(searcher, reader, p, scorers)
        docs = np.flatnonzero(matched)
        all_docs.append(docs + offset_base)
        all_scores.append(scores[docs])
    docs = np.concatenate(all_docs) if all_docs else np.zeros(0, dtype=np.int64)
    scores = np.concatenate(all_scores) if all_scores else np.zeros(0)
    if allowed is not None and len(docs):
        mask = np.zeros(searcher.reader().doc_count_all() + 1, dtype=bool)
        if allowed:
            mask[np.fromiter(allowed, dtype=np.int64, count=len(allowed))] = True
        keep = mask[docs]
        docs, scores = docs[keep], scores[keep]
    total = len(docs)
    want = min(total, offset + limit)
    if want <= 0:
        return total, []
    if want < total:
        # the want best, then ties at the boundary resolved by document number below
        kth = np.partition(-scores, want - 1)[want - 1]
        cand = np.flatnonzero(-scores <= kth)
        docs, scores = docs[cand], scores[cand]
    order = np.lexsort((docs, -scores))[:want]
    return total, [(int(docs[i]), float(scores[i])) for i in order[offset:]]
