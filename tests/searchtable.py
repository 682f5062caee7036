"""The search-semantics fixture library and its table of queries with exact counts.

The library: the ten real Hugging Face API days in ``tests/fixtures/hf-api`` plus the
sample page (as of 2026-11-26), 158 papers, with state, stars and tags set by position.
Each row of :data:`TABLE` has the exact number of matches (written here, checked by hand
with :func:`brute_force` when the row was added) and a brute-force predicate over the
papers read back with ``Library.get_many``: Python over the paper fields, not the index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from testutil import AS_OF, ROOT, SAMPLE
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer

from reader.core.library import Library
from reader.core.model import Filter, FilterKind, Paper, State

HF_API = ROOT / "tests" / "fixtures" / "hf-api"
PAPERS = 158


def build(root: Path) -> Library:
    """The fixture library at ``root`` (open; the caller closes it)."""
    lib = Library.open(root)
    report = lib.import_files([HF_API, SAMPLE], as_of=AS_OF)
    assert not report.rejected, report
    ids = all_ids(lib)
    assert len(ids) == PAPERS
    lib.set_starred([pid for i, pid in enumerate(ids) if i % 5 == 0], True)
    for state, rest in ((State.QUEUED, 1), (State.READING, 2), (State.DONE, 3)):
        lib.set_state([pid for i, pid in enumerate(ids) if i % 7 == rest], state)
    lib.add_tags([pid for i, pid in enumerate(ids) if i % 4 == 0], ["robotics"])
    lib.add_tags([pid for i, pid in enumerate(ids) if i % 6 == 0], ["to-read"])
    lib.set_note(ids[3], "Compare with the diffusion policy baseline.")
    return lib


def all_ids(lib: Library) -> list[int]:
    return sorted(row.id for row in lib.query("", Filter(FilterKind.ALL), None, 0, 10_000).rows)


# --------------------------------------------------------------------- brute force
_STEM = StemmingAnalyzer()
_PLAIN = StandardAnalyzer()  # the author field's analyzer (no stemming)


def _tokens(text: str, stem: bool = True) -> list[str]:
    return [t.text for t in (_STEM if stem else _PLAIN)(text)]


_FIELDS: dict[tuple[str, ...], dict[str, list[str]]] = {}


def _fields(p: Paper) -> dict[str, list[str]]:
    key = (p.title, p.abstract, p.note, *p.authors)
    found = _FIELDS.get(key)
    if found is None:
        found = _FIELDS[key] = {
            "title": _tokens(p.title), "abstract": _tokens(p.abstract), "notes": _tokens(p.note),
            "author": _tokens(" ; ".join(p.authors), stem=False)}
    return found


def word(w: str, *fields: str) -> Callable[[Paper], bool]:
    """``w`` (stemmed as the index does) in any of ``fields`` (default: all text fields)."""
    def pred(p: Paper) -> bool:
        for name, toks in _fields(p).items():
            if fields and name not in fields:
                continue
            want = _tokens(w, stem=name != "author")
            if want and want[0] in toks:
                return True
        return False
    return pred


def phrase(text: str) -> Callable[[Paper], bool]:
    def pred(p: Paper) -> bool:
        for name, toks in _fields(p).items():
            want = _tokens(text, stem=name != "author")
            if any(toks[i:i + len(want)] == want for i in range(len(toks))):
                return True
        return False
    return pred


def prefix(start: str) -> Callable[[Paper], bool]:
    return lambda p: any(t.startswith(start) for toks in _fields(p).values() for t in toks)


def both(*preds: Callable[[Paper], bool]) -> Callable[[Paper], bool]:
    return lambda p: all(f(p) for f in preds)


def either(*preds: Callable[[Paper], bool]) -> Callable[[Paper], bool]:
    return lambda p: any(f(p) for f in preds)


def no(pred: Callable[[Paper], bool]) -> Callable[[Paper], bool]:
    return lambda p: not pred(p)


def has_repo(name: str) -> Callable[[Paper], bool]:
    name = name.lower()

    def pred(p: Paper) -> bool:
        for link in p.code_links:
            repo = (link.repo or "").lower()
            if repo and (name == repo or name in repo.split("/")):
                return True
        return False
    return pred


def upvotes(test: Callable[[int], bool]) -> Callable[[Paper], bool]:
    return lambda p: p.upvotes is not None and test(p.upvotes)


def published(first: dt.date, last: dt.date) -> Callable[[Paper], bool]:
    return lambda p: p.published is not None and first <= p.published <= last


HAS_CODE = lambda p: p.has_code  # noqa: E731
STARRED = lambda p: p.starred  # noqa: E731


def state(s: State) -> Callable[[Paper], bool]:
    return lambda p: p.state is s


def tag(name: str) -> Callable[[Paper], bool]:
    return lambda p: name in p.tags


@dataclass(frozen=True)
class Row:
    query: str
    count: int
    predicate: Callable[[Paper], bool]
    words: bool = True  # ranked by relevance; False: filters only (newest first)


D = dt.date
TABLE: list[Row] = [
    Row("diffusion", 36, word("diffusion")),
    Row("language model", 83, both(word("language"), word("model"))),  # words ANDed
    Row("language AND model", 83, both(word("language"), word("model"))),
    Row("the diffusion", 36, word("diffusion")),  # a stop word is no term
    Row("diffusion policy", 2, both(word("diffusion"), word("policy"))),
    Row("video OR diffusion", 53, either(word("video"), word("diffusion"))),  # explicit OR
    Row('"language model"', 77, phrase("language model")),
    Row('"large language model" reasoning', 14,
        both(phrase("large language model"), word("reasoning"))),
    Row("equivar*", 1, prefix("equivar")),
    Row("multi* video", 22, both(prefix("multi"), word("video"))),
    Row("title:video", 17, word("video", "title")),
    Row("title:video diffusion", 11, both(word("video", "title"), word("diffusion"))),
    Row("author:wang", 41, word("wang", "author")),
    Row("has:code", 41, HAS_CODE, words=False),
    Row("is:starred", 32, STARRED, words=False),
    Row("state:queued", 23, state(State.QUEUED), words=False),
    Row("tag:robotics", 40, tag("robotics"), words=False),
    Row("tag:robotics tag:to-read", 14, both(tag("robotics"), tag("to-read")), words=False),
    Row("repo:opendilab/LightZero", 1, has_repo("opendilab/LightZero"), words=False),
    Row("repo:lightzero", 1, has_repo("lightzero"), words=False),
    Row("upvotes:>20", 17, upvotes(lambda v: v > 20), words=False),
    Row("upvotes:>=10", 47, upvotes(lambda v: v >= 10), words=False),
    Row("upvotes:<3", 23, upvotes(lambda v: v < 3), words=False),
    Row("has:code upvotes:>20", 1, both(HAS_CODE, upvotes(lambda v: v > 20)), words=False),
    Row("has:code OR upvotes:>20", 57, either(HAS_CODE, upvotes(lambda v: v > 20)), words=False),
    Row("published:2024", 137, published(D(2024, 1, 1), D(2024, 12, 31)), words=False),
    Row("published:2024-05", 33, published(D(2024, 5, 1), D(2024, 5, 31)), words=False),
    Row("published:[2024-06 to 2024-08]", 53, published(D(2024, 6, 1), D(2024, 8, 31)),
        words=False),
    Row("published:2024-12 has:code", 8,
        both(published(D(2024, 12, 1), D(2024, 12, 31)), HAS_CODE), words=False),
    Row("diffusion has:code", 5, both(word("diffusion"), HAS_CODE)),
    Row("diffusion upvotes:>20", 7, both(word("diffusion"), upvotes(lambda v: v > 20))),
    Row('(video OR "reinforcement learning") has:code', 10,
        both(either(word("video"), phrase("reinforcement learning")), HAS_CODE)),
    Row("(video OR diffusion) is:starred", 12,
        both(either(word("video"), word("diffusion")), STARRED)),
    Row("model NOT video", 113, both(word("model"), no(word("video")))),
    Row("model AND NOT title:survey", 141, both(word("model"), no(word("survey", "title")))),
    Row("NOT has:code", 117, no(HAS_CODE), words=False),
    Row("diffusion state:queued", 3, both(word("diffusion"), state(State.QUEUED))),
    Row("video is:starred state:done", 1, both(word("video"), STARRED, state(State.DONE))),
    Row("notes:policy", 1, word("policy", "notes")),
    # words and filters that each match, together nothing
    Row("diffusion upvotes:>20 state:queued", 0,
        both(word("diffusion"), upvotes(lambda v: v > 20), state(State.QUEUED))),
    Row("reasoning has:code upvotes:>20", 0,
        both(word("reasoning"), HAS_CODE, upvotes(lambda v: v > 20))),
]


def brute_force(lib: Library, row: Row) -> set[int]:
    return {p.id for p in lib.get_many(all_ids(lib)) if row.predicate(p)}
