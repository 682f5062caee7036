"""Bounded fuzzing of every importer and of the search query parser (issue 6).

Run the full campaign (≥ 10,000 generated inputs per target)::

    python tests/reliability/fuzz.py --examples 10000

The contract checked for every input: ``parse`` either returns a result or raises
``Rejected`` (importers) / ``QueryError`` (queries) — never anything else — and every
rejection message is non-empty and one line. A small version of each target runs in the
default test suite (``test_fuzz.py``).

Inputs are a mix of raw bytes / free text and *grammar-aware* fragments of each format
(page-text blocks, JSON items with wrong types in every field, Python-repr strings with
calls, RSS/Atom skeletons with odd text and entities, mail headers with odd MIME parts, query
tokens), so the generator reaches the parsers' inner paths and not only the sniffers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import importers
from reader.core.importers.arxiv_feed import ArxivFeedImporter
from reader.core.importers.arxiv_mail import ArxivMailImporter
from reader.core.importers.base import ParseContext, Rejected
from reader.core.importers.csv_list import CsvListImporter
from reader.core.importers.eml import EmlImporter
from reader.core.importers.export_json import ExportImporter
from reader.core.importers.hf_api import HFApiImporter
from reader.core.importers.hf_feed import HFFeedImporter
from reader.core.importers.hf_page import HFPageImporter
from reader.core.importers.hf_paper_page import HFPaperPageImporter
from reader.core.importers.markdown_digest import MarkdownDigestImporter
from reader.core.importers.semantic_scholar import SemanticScholarImporter
from reader.core.library import Library
from reader.core.model import ImportStatus
from reader.core.search import QueryError, SearchIndex

AS_OF = dt.date(2026, 11, 26)
CONTEXT = ParseContext(source=Path("fuzz-2024-06-01.txt"), as_of=AS_OF)

# ------------------------------------------------------------------ strategies
_words = st.sampled_from([
    "Transformers", "attention", "Diffusion", "a", "the", "of", "LLM", "2024", "é", "ß", "日本",
    "\u200b", "\ufeff", "\t", " ", "—", "·", "•", "▲", "{", "}", "[", "]", "(", ")", "'", '"',
    "\\", "\\\\", "$x^2$", "https://github.com/a/b", "http://", "arXiv:2406.16793",
    "2406.16793v2", "<b>", "</p>", "&amp;", "&#0;", "\x00", "\r", "\r\n", "\x0b", "\u2028",
])  # fmt: skip
_line = st.one_of(
    st.lists(_words, max_size=12).map(" ".join),
    st.text(max_size=60),
)
_page_block = st.one_of(
    _line,
    st.sampled_from([
        "Daily Papers", "byAK and the research community", "new", "Subscribe", "Dec 31",
        "Feb 30", "Jan 0", "Sept 31, 2024", "Published on Jan 24, 2024", "  • 3 authors",
        "• 0 authors", "• 9999 authors", "·", "•", "May 19, 2024 3", "Jul 19 999999", "Jun 31",
        "Jan 1, 0000", "Dec 31, 9999", "▲ 12", "12 upvotes", "  • Meta AI", "Submitted Feb 29",
        "Feb 29, 2023", "Jan 24, 2024\n·\n  • 4 authors",
    ]),
    st.lists(st.sampled_from(["  • 4 authors", "·", "May 19, 2024 3", "Sep 1", "·  ", "Jan 24"]),
             min_size=1, max_size=4).map("\n".join),
)
page_text = st.lists(_page_block, max_size=25).map(
    lambda blocks: "\n\n".join(blocks)
) | st.lists(_page_block, max_size=25).map(lambda b: "Daily Papers\n\n" + "\r\n\r\n".join(b))

_json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), _words,
    st.sampled_from(["2024-06-01", "2024-13-45T00:00:00Z", "9999-12-31", "0000-01-01",
                     "2406.16793", "cs/0112017v1", "https://github.com/x/y", "javascript:alert(1)",
                     "__import__('os').system('true')", "{'paper': {'id': 1}}", "  "]),
)  # fmt: skip
_json_value = st.recursive(
    _json_scalar,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
    max_leaves=12,
)
_paper_keys = ["id", "title", "summary", "authors", "publishedAt", "upvotes", "githubRepo",
               "projectPage", "name", "hidden", "user", "fullname", "data", "status", "date",
               "count", "paper"]  # fmt: skip
_paper_obj = st.dictionaries(st.sampled_from(_paper_keys), _json_value | _json_scalar, max_size=9)
_hf_item = st.one_of(
    st.builds(lambda p, extra: {"paper": p, **extra}, _paper_obj, _paper_obj),
    _paper_obj,
    _json_value,
)
_repr_string = st.one_of(
    _hf_item.map(repr),
    st.sampled_from([
        "{'paper': {'id': '2406.16793', 'title': __import__('os').system('echo pwned')}}",
        "{'paper': {'id': '1', 'title': open('/etc/passwd').read()}}",
        "{'paper': {'id': '1', 'title': 'x' * 10**9}}",
        "{'paper': {'id': '1', 'title': (lambda: 1)()}}",
        "{'paper': {'id': '1', 'title': [x for x in ()]}}",
        "{'paper': {'id': '1', 'title': f'{1}'}}",
        "{'paper': {'id': '1', 'title': b'bytes', 'summary': 1j}}",
        "{'paper': {'id': '1', 'title': -'x'}}",
        "{'paper': " + "(" * 200 + ")" * 200 + "}",
        "{'paper': {'id': 1e999999, 'title': 'T'}}",
        "{'paper': {'id': '1', 'title': {1, 2, []}}}",
    ]),
)
hf_api_text = st.one_of(
    st.lists(_hf_item | _repr_string, max_size=6).map(json.dumps),
    st.builds(lambda items, date, count: json.dumps({"status": "ok", "date": date, "count": count,
                                                     "data": items}),
              st.lists(_hf_item | _repr_string, max_size=5), _json_scalar, _json_scalar),
    st.lists(_hf_item, max_size=5).map(repr),
    st.lists(_hf_item, max_size=5).map(lambda items: json.dumps(items)[: len(json.dumps(items)) // 2]),
    st.text(max_size=80).map(lambda t: "[" + t),
)

_xml_text = st.one_of(_line, st.sampled_from([
    "arXiv:2406.16793v1 Announce Type: new Abstract: We study x.", "oai:arXiv.org:2406.16793",
    "https://arxiv.org/abs/2406.16793v3", "http://arxiv.org/pdf/cs/0112017v1.pdf", "Mon, 24 Jun 2024",
    "2024-06-24T00:00:00Z", "Tue, 99 Foo 2024 99:99:99 +9999", "<p>html <a href='x'>a</a></p>",
    "&lt;b&gt;", "A, B and C", "", "  ", "Title. (arXiv:2406.16793v1 [cs.CL])",
]))  # fmt: skip


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rss(items: list[tuple[str, str, str, str]], date: str) -> str:
    body = "".join(
        f"<item><title>{_esc(t)}</title><link>{_esc(link)}</link><description>{_esc(d)}</description>"
        f"<guid>{_esc(g)}</guid><dc:creator>{_esc(t)}</dc:creator><pubDate>{_esc(date)}</pubDate></item>"
        for t, link, d, g in items
    )
    return ('<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>cs updates on arXiv.org</title><pubDate>{_esc(date)}</pubDate>{body}"
            "</channel></rss>")


def _atom(items: list[tuple[str, str, str, str]], date: str) -> str:
    body = "".join(
        f"<entry><id>{_esc(g)}</id><title>{_esc(t)}</title><summary>{_esc(d)}</summary>"
        f"<link href=\"{_esc(link).replace(chr(34), '&quot;')}\"/><author><name>{_esc(t)}</name></author>"
        f"<published>{_esc(date)}</published><arxiv:doi>{_esc(d)}</arxiv:doi></entry>"
        for t, link, d, g in items
    )
    return ('<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
            f"<title>arXiv Query</title><updated>{_esc(date)}</updated>{body}</feed>")


_feed_items = st.lists(st.tuples(_xml_text, _xml_text, _xml_text, _xml_text), max_size=5)
feed_text = st.one_of(
    st.builds(_rss, _feed_items, _xml_text),
    st.builds(_atom, _feed_items, _xml_text),
    st.builds(lambda t, cut: t[:cut], st.builds(_rss, _feed_items, _xml_text), st.integers(0, 400)),
    st.sampled_from([
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        "<rss><channel><title>arxiv</title><item><title>&lol2;</title></item></channel></rss>",
        '<!DOCTYPE rss SYSTEM "http://example.com/x.dtd"><rss><channel>arxiv</channel></rss>',
        '<rss><channel><title>arxiv</title><item><title>&unknown;</title></item></channel></rss>',
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>arxiv<item/></rdf:RDF>",
        "<feed>arxiv" + "<entry>" * 3000 + "</entry>" * 3000 + "</feed>",
    ]),
    st.text(max_size=80).map(lambda t: "<rss>arxiv" + t),
)

_mail_entry = st.builds(
    lambda aid, date, title, authors, cats, abstract, footer: (
        f"\\\\\narXiv:{aid}\nDate: {date}\n\nTitle: {title}\nAuthors: {authors}\nCategories: {cats}\n"
        f"\\\\\n  {abstract}\n\\\\ ( https://arxiv.org/abs/{footer} ,  12kb)\n" + "-" * 78
    ),
    st.sampled_from(["2406.16793", "2406.1", "cs/0112017", "9999.99999", "", "2406.16793v9"]) | _line,
    st.sampled_from(["Mon, 24 Jun 2024 17:00:11 GMT", "garbage", "", "Mon, 99 Jun 2024"]) | _line,
    _line, _line, _line, _line,
    st.sampled_from(["2406.16793", "x", ""]) | _line,
)
mail_text = st.one_of(
    st.lists(_mail_entry, max_size=4).map(lambda e: "Submissions to:\n" + "\n".join(e)),
    st.lists(_mail_entry | _line, max_size=8).map("\n".join),
    st.lists(_mail_entry, min_size=1, max_size=3).map(
        lambda e: "\n".join(e).replace("arXiv:", "replaced with revised version arXiv:", 1)
    ),
)


def _eml(headers: list[tuple[str, str]], ctype: str, body: str) -> str:
    head = "".join(f"{k}: {v}\n" for k, v in headers)
    return f"From: a@b.c\nSubject: digest\n{head}Content-Type: {ctype}\n\n{body}"


_ctypes = st.sampled_from([
    "text/plain; charset=utf-8", "text/html", "text/plain; charset=bogus-charset",
    "multipart/alternative; boundary=XX", "multipart/mixed", "message/rfc822",
    "text/plain; charset=utf-16", "application/octet-stream", "text/plain; charset=\"",
])  # fmt: skip
_encodings = st.sampled_from(["base64", "quoted-printable", "7bit", "8bit", "x-uuencode", "bogus"])
_eml_body = st.one_of(
    page_text, mail_text, _line, hf_api_text,
    st.builds(lambda a, b, enc: f"--XX\nContent-Type: text/plain\nContent-Transfer-Encoding: {enc}\n\n"
              f"{a}\n--XX\nContent-Type: text/html\n\n<p>{b}</p>\n--XX--\n", page_text, _line, _encodings),
    st.sampled_from(["=?utf-8?b?!!!?=", "=E9=\n=XX", "SGVsbG8gd29ybGQ", "From: x\nSubject: y\n\n" * 40]),
)
eml_text = st.builds(
    _eml,
    st.lists(st.tuples(st.sampled_from(["Date", "To", "Content-Transfer-Encoding", "MIME-Version",
                                        "X-Odd", "Subject"]), _line | _encodings), max_size=4),
    _ctypes, _eml_body,
)

_export_paper = st.fixed_dictionaries(
    {},
    optional={
        "key": _json_scalar, "title": _json_scalar, "abstract": _json_scalar, "authors": _json_value,
        "author_count": _json_scalar, "published": _json_scalar, "upvotes": _json_scalar,
        "links": _json_value | st.lists(st.dictionaries(st.sampled_from(["url", "kind", "repo"]),
                                                        _json_scalar), max_size=3),
        "state": st.sampled_from(["inbox", "queued", "done", "bogus"]) | _json_scalar,
        "starred": _json_scalar, "tags": _json_value, "note": _json_scalar,
        "queue_position": _json_scalar, "added_at": _json_scalar, "updated_at": _json_scalar,
        "arxiv_id": _json_scalar, "abstract_truncated": _json_scalar,
    },
)
_sha_value = st.sampled_from(["a" * 64, "b" * 64, "A" * 64, "a" * 63]) | _json_scalar
_timestamp = st.sampled_from(["2026-11-26T10:31:00Z", "9999-12-31T23:59:59-05:00", "yesterday",
                              "2026-13-01T00:00:00Z"]) | _json_scalar
_export_v2_paper = st.builds(
    lambda paper, extra: {**paper, **extra} if isinstance(paper, dict) else paper,
    _export_paper,
    st.fixed_dictionaries({}, optional={
        "memberships": _json_value | st.lists(st.fixed_dictionaries(
            {}, optional={"digest": _sha_value, "upvotes": _json_scalar}) | _json_value, max_size=3),
        "note_revisions": _json_value | st.lists(st.fixed_dictionaries(
            {}, optional={"body": _json_scalar, "saved_at": _timestamp}), max_size=2),
        "opened_at": _timestamp, "read_at": _timestamp, "note_updated_at": _timestamp,
    }),
)
_export_digest = st.fixed_dictionaries({}, optional={
    "sha256": _sha_value, "source_path": _json_scalar, "format": _json_scalar,
    "digest_date": st.sampled_from(["2024-05-27", "2024-02-30"]) | _json_scalar,
    "imported_at": _timestamp, "entry_count": _json_scalar,
}) | _json_value
_export_search = st.fixed_dictionaries({}, optional={
    "name": _json_scalar, "query": st.sampled_from(["agent*", 'title:"open', "a AND"]) | _json_scalar,
    "filter": st.sampled_from(["all", "digest:1", "saved:x", "tag:ml", "bogus"]) | _json_scalar,
    "sort": st.sampled_from(["-upvotes", "title", "bogus"]) | _json_scalar,
    "digest_sha256": _sha_value,
}) | _json_value
export_text = st.one_of(
    st.builds(
        lambda papers, version: json.dumps({"format": "digest-reader-export", "version": version,
                                            "exported_at": "2026-11-26T00:00:00Z", "papers": papers}),
        st.lists(_export_paper | _json_value, max_size=4), st.sampled_from([1, 0, 2, "1", None, -1]),
    ),
    st.builds(  # version 2: digests, tags, saved searches, memberships
        lambda papers, digests, tags, searches: json.dumps({
            "format": "digest-reader-export", "version": 2, "exported_at": "2026-11-26T00:00:00Z",
            "digests": digests, "tags": tags, "saved_searches": searches, "papers": papers}),
        st.lists(_export_v2_paper | _json_value, max_size=4),
        st.just([{"sha256": "a" * 64, "source_path": "d.json", "format": "hf-daily-api",
                  "digest_date": "2024-05-27", "imported_at": "2026-11-26T10:31:00Z",
                  "entry_count": 1}]) | st.lists(_export_digest, max_size=3) | _json_value,
        st.just([]) | _json_value,
        st.just([]) | st.lists(_export_search, max_size=2) | _json_value,
    ),
)

any_text = st.one_of(st.text(max_size=300), page_text, hf_api_text, feed_text, mail_text, eml_text,
                     export_text)
any_bytes = st.one_of(
    st.binary(max_size=300),
    any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    any_text.map(lambda t: t.encode("utf-16", "surrogatepass")),
    any_text.map(lambda t: t.encode("utf-8", "surrogatepass")[: len(t) // 2]),
    st.builds(lambda t, junk: t.encode("utf-8", "surrogatepass") + junk, any_text, st.binary(max_size=8)),
)

_qtokens = st.sampled_from([
    "diffusion", "transformer*", "equivar*", "*", "?", "a?c", '"linear attention"', '"', "(", ")",
    "[", "]", "{", "}", "AND", "OR", "NOT", "ANDNOT", "and", "-", "+", "~", "~2", "^2", "^", "title:",
    "title:kite", "abstract:benchmark", "notes:", "note:x", "author:hinton", "by:x", "tag:robotics",
    "tags:a,b", "repo:x/y", "repo:", "code:z", "state:queued", "state:", "is:starred", "is:", "has:code",
    "has:notes", "upvotes:>10", "upvotes:>=", "upvotes:<", "upvotes:abc", "upvotes:[1 to 5]",
    "upvotes:[to 5]", "upvotes:>99999999999999999999", "authors:>=5", "authors:-1", "nauthors:3",
    "published:2024", "published:2024-05", "published:[2024-01 to 2024-06]", "published:[to]",
    "published:2024-13", "published:0000", "published:99999", "published:[2024 to 2023]",
    "published:>2024", "date:yesterday", "year:2024", "added:today", "added:[2024 to]", "digest:1",
    "digest:", "foo:bar", "_:x", "is_:starred", "watermark:1", "id:__meta__", "title_sort:a", ":", "::",
    "é", "日本語", "\x00", "\t", "\u200b", "'", "\\", "\\:", "title:(a OR b)", "NOT NOT", "OR OR",
    "()", "[]", "<", ">", ">=", "=", "1.5", "-1", "1e309",
])  # fmt: skip
query_text = st.one_of(
    st.lists(_qtokens, min_size=1, max_size=8).map(" ".join),
    st.lists(_qtokens, min_size=1, max_size=8).map("".join),
    st.text(max_size=40),
)


# ------------------------------------------------------------------ checks
class ContractViolation(AssertionError):
    pass


def check_message(exc: BaseException, what: str) -> None:
    message = str(exc)
    if not message.strip():
        raise ContractViolation(f"{what}: empty rejection message ({type(exc).__name__})")
    if "\n" in message or "\r" in message:
        raise ContractViolation(f"{what}: rejection message is not one line: {message!r}")


def check_importer_call(fn: Callable[[], Any], what: str) -> None:
    try:
        fn()
    except Rejected as exc:
        check_message(exc, what)


def _one_line_query(index: SearchIndex, text: str) -> None:
    try:
        index.parse(text)
    except QueryError as exc:
        check_message(exc, "query")


def _import_check(lib: Library, folder: Path, data: bytes) -> None:
    """End to end: parse, store and index one file; nothing may escape ``import_files``, a
    rejection leaves the library unchanged, and the index keeps up with the database."""
    # Hypothesis resets the global ``random`` state before every example, and Whoosh names
    # new index segments with ``random``: without this, example n's segment gets the name of
    # example n-1's and the commit trips Whoosh's own assertion (a harness artifact — outside
    # of Hypothesis nothing resets ``random``).
    random.seed(os.urandom(16))
    path = folder / "fuzz-2024-06-01.txt"
    path.write_bytes(data)
    before = lib.stats().digests
    report = lib.import_files([path], as_of=AS_OF)  # an escaping exception fails the target
    [f] = report.files
    if f.status is ImportStatus.REJECTED:
        if not f.reason or "\n" in f.reason:
            raise ContractViolation(f"import: bad rejection message {f.reason!r}")
        if "this is a bug" in f.reason:
            raise ContractViolation(f"import: internal error: {f.reason}")
        if lib.stats().digests != before:
            raise ContractViolation("import: a rejected file changed the library")
    if lib.index_error or lib.index_pending():
        # The library stays broken for the inputs that follow (shrinking included), so keep
        # the input that broke it first, for a reproduction.
        first = folder.parent / "first-index-failure.bin"
        if not first.exists():
            first.write_bytes(data)
            (folder.parent / "first-index-failure.txt").write_text(str(lib.index_error))
            print(f"import: first input that broke indexing: {len(data)} bytes, {data[:200]!r}",
                  flush=True)
        raise ContractViolation(f"import: the index fell behind: {lib.index_error}")


def targets(index: SearchIndex, lib: Library | None = None,
            folder: Path | None = None) -> dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]]:
    """name -> (strategy, check). Importer targets call ``parse`` directly (not only after sniff)."""
    out: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]] = {
        "parse_bytes": (any_bytes, lambda data: check_importer_call(
            lambda: importers.parse_bytes(data, CONTEXT.source, AS_OF), "parse_bytes")),
    }
    per_importer: list[tuple[str, Any, st.SearchStrategy[str]]] = [
        ("hf_page", HFPageImporter(), page_text | st.text(max_size=200)),
        ("hf_api", HFApiImporter(), hf_api_text | st.text(max_size=100)),
        ("arxiv_feed", ArxivFeedImporter(), feed_text | st.text(max_size=100)),
        ("arxiv_mail", ArxivMailImporter(), mail_text | st.text(max_size=100)),
        ("eml", EmlImporter(importers.REGISTRY), eml_text | st.text(max_size=100)),
        ("export_json", ExportImporter(), export_text | st.text(max_size=100)),
        ("hf_feed", HFFeedImporter(), feed_text | st.text(max_size=100)),
        ("semantic_scholar", SemanticScholarImporter(), hf_api_text | st.text(max_size=100)),
        ("markdown_digest", MarkdownDigestImporter(), page_text | st.text(max_size=200)),
        ("csv_list", CsvListImporter(), st.text(max_size=300)),
        ("hf_paper_page", HFPaperPageImporter(), page_text | st.text(max_size=200)),
    ]
    for name, importer, strategy in per_importer:
        def check(text: str, importer: Any = importer, name: str = name) -> None:
            importer.sniff(text)  # must never raise
            check_importer_call(lambda: importer.parse(text, CONTEXT), name)
        out[name] = (strategy, check)
    out["query"] = (query_text, lambda text: _one_line_query(index, text))
    if lib is not None and folder is not None:
        out["import"] = (any_bytes, lambda data: _import_check(lib, folder, data))
    return out


def run_target(name: str, strategy: st.SearchStrategy[Any], check: Callable[[Any], None],
               examples: int, seed: int | None = None) -> int:
    """Run ``examples`` generated inputs through ``check``; returns how many ran."""
    count = {"n": 0}

    @settings(max_examples=examples, deadline=None, database=None, derandomize=seed is None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def prop(value: Any) -> None:
        count["n"] += 1
        check(value)

    if seed is not None:
        from hypothesis import seed as hseed

        prop = hseed(seed)(prop)
    prop()
    return count["n"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=10_000, help="generated inputs per target")
    ap.add_argument("--target", action="append", help="only these targets (repeatable)")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: derandomized)")
    args = ap.parse_args(argv)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        index = SearchIndex(Path(tmp) / "index")
        lib = Library.open(Path(tmp) / "lib")
        (Path(tmp) / "in").mkdir()
        try:
            for name, (strategy, check) in targets(index, lib, Path(tmp) / "in").items():
                if args.target and name not in args.target:
                    continue
                start = time.perf_counter()
                try:
                    ran = run_target(name, strategy, check, args.examples, args.seed)
                except Exception as exc:  # noqa: BLE001 - report and go on to the next target
                    failures += 1
                    print(f"{name:12} FAILED: {type(exc).__name__}: {exc}", flush=True)
                    continue
                print(f"{name:12} {ran:>7} inputs  0 unhandled exceptions  "
                      f"{time.perf_counter() - start:6.1f} s", flush=True)
            problems = lib.check().problems
            if problems:
                failures += 1
                print(f"import: library check after the run: {problems}")
        finally:
            index.close()
            lib.close()
    print("fuzz: " + ("all targets clean" if not failures else f"{failures} targets FAILED"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
