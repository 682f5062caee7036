"""The metadata digests carry (issue 13, "Keep the metadata the formats carry"): stored,
merged by one rule, filtered, counted, searched, exported and restored."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from whoosh import index as windex

from reader.core.library import Library
from reader.core.model import (
    Filter,
    FilterKind,
    PaperMeta,
    ParsedDigest,
    ParsedPaper,
    clean_category,
    clean_doi,
    merge_meta,
)
from reader.core.search.schema import make_schema

SLAB = PaperMeta(
    categories=("cs.CL", "cs.AI", "cs.LG"),
    comments="13 pages, 10 figures",
    journal_ref="Nature 612 (2024) 33-39",
    doi="10.1038/s41586-024-00001-x",
    version=2,
    revised=dt.date(2024, 5, 21),
    featured_on=dt.date(2024, 5, 22),
    github_stars=1532,
    project_page="https://slab.example.org",
)


def _store(lib: Library, name: str, *papers: ParsedPaper) -> None:
    digest = ParsedDigest(format="arxiv-feed", papers=list(papers), digest_date=dt.date(2024, 5, 22))
    lib.store.store_digest(digest, name, hashlib.sha256(name.encode()).hexdigest())
    lib.sync_index()


def _paper(arxiv_id: str, title: str, meta: PaperMeta, authors: list[str] | None = None) -> ParsedPaper:
    return ParsedPaper(title=title, arxiv_id=arxiv_id, authors=authors or ["A. Author"], meta=meta)


def _only(lib: Library) -> int:
    [row] = lib.query("").rows
    return row.id


def test_metadata_is_stored_and_read_back_whole(library: Library) -> None:
    _store(library, "a", _paper("2405.00001", "SLAB: sparse attention", SLAB))
    paper = library.get(_only(library))
    assert paper is not None and paper.meta == SLAB
    assert paper.meta.primary_category == "cs.CL" and paper.meta.cross_lists == ("cs.AI", "cs.LG")
    data = paper.to_json()
    assert data["categories"] == ["cs.CL", "cs.AI", "cs.LG"] and data["primary_category"] == "cs.CL"
    assert data["doi"] == SLAB.doi and data["version"] == 2 and data["revised"] == "2024-05-21"
    assert data["featured_on"] == "2024-05-22" and data["github_stars"] == 1532
    assert data["journal_ref"] == SLAB.journal_ref and data["comments"] == SLAB.comments
    # The list row carries the categories (the Categories column), primary first.
    [row] = library.query("").rows
    assert row.categories == ("cs.CL", "cs.AI", "cs.LG")


def test_a_later_digest_updates_by_the_one_merge_rule(library: Library) -> None:
    _store(library, "a", _paper("2405.00001", "SLAB", SLAB))
    newer = PaperMeta(categories=("cs.CL", "cs.CV"), version=3, revised=dt.date(2024, 7, 1),
                      comments="camera-ready", featured_on=dt.date(2024, 6, 30), github_stars=2000)
    _store(library, "b", _paper("2405.00001", "SLAB", newer))
    meta = library.get(_only(library)).meta  # type: ignore[union-attr]
    assert meta.version == 3 and meta.revised == dt.date(2024, 7, 1)
    assert meta.comments == "camera-ready" and meta.github_stars == 2000
    assert meta.categories == ("cs.CL", "cs.CV")  # the newer listing's categories
    assert meta.featured_on == dt.date(2024, 5, 22)  # the first day HF listed it
    assert meta.doi == SLAB.doi and meta.journal_ref == SLAB.journal_ref  # kept: not in b
    # An older mailing imported afterwards does not turn the version back.
    _store(library, "c", _paper("2405.00001", "SLAB", PaperMeta(version=1, revised=dt.date(2024, 5, 1))))
    meta = library.get(_only(library)).meta  # type: ignore[union-attr]
    assert meta.version == 3 and meta.revised == dt.date(2024, 7, 1)
    assert library.counts()["category:cs.CV"] == 1 and "category:cs.AI" not in library.counts()


def test_a_digest_without_metadata_changes_none_of_it(library: Library) -> None:
    _store(library, "a", _paper("2405.00001", "SLAB", SLAB))
    _store(library, "b", _paper("2405.00001", "SLAB", PaperMeta()))
    assert library.get(_only(library)).meta == SLAB  # type: ignore[union-attr]


def test_two_entries_of_one_file_merge_their_metadata(library: Library) -> None:
    first = _paper("2405.00001", "SLAB", PaperMeta(categories=("cs.CL",), version=1))
    again = _paper("2405.00001", "SLAB", PaperMeta(doi="10.1000/xyz", version=2))
    _store(library, "a", first, again)
    meta = library.get(_only(library)).meta  # type: ignore[union-attr]
    assert meta == PaperMeta(categories=("cs.CL",), doi="10.1000/xyz", version=2)


def _three(library: Library) -> dict[str, int]:
    _store(
        library, "a",
        _paper("2405.00001", "Sparse attention", SLAB, ["M. García Redondo", "N. Müller"]),
        _paper("2405.00002", "Vision transformers", PaperMeta(categories=("cs.CV", "cs.CL")),
               ["Maria Garcia"]),
        _paper("2405.00003", "Black holes", PaperMeta(categories=("astro-ph.CO",),
                                                      journal_ref="Phys. Rev. D 99, 1")),
    )
    return {r.title: r.id for r in library.query("").rows}


def test_the_category_filter_counts_primary_and_cross_lists(library: Library) -> None:
    ids = _three(library)
    counts = library.counts()
    assert counts["category:cs.CL"] == 2 and counts["category:cs.CV"] == 1
    assert counts["category:astro-ph.CO"] == 1
    flt = Filter.parse("category:cs.CL")
    assert flt == Filter(FilterKind.CATEGORY, "cs.CL") == Filter.parse("cat:cs.CL")
    page = library.query("", filter=flt)
    assert {r.id for r in page.rows} == {ids["Sparse attention"], ids["Vision transformers"]}
    assert page.total == counts["category:cs.CL"]
    # The same filter under a search goes through the index.
    assert [r.id for r in library.query("vision", filter=flt).rows] == [ids["Vision transformers"]]


@pytest.mark.parametrize("bad", ["category:no such", "cat:123", "category:cs..CL"])
def test_a_bad_category_filter_is_refused_by_name(bad: str) -> None:
    with pytest.raises(ValueError, match="not an arXiv category"):
        Filter.parse(bad)


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("category:cs.CL", {"Sparse attention", "Vision transformers"}),
        ("cat:cs.cv", {"Vision transformers"}),
        ("categories:astro-ph.CO", {"Black holes"}),
        ("doi:10.1038/s41586-024-00001-x", {"Sparse attention"}),
        ("doi:10.1038/S41586-024-00001-X", {"Sparse attention"}),
        ("journal:nature", {"Sparse attention"}),
        ('journal:"phys rev"', {"Black holes"}),
        ("category:cs.CL NOT cat:cs.CV", {"Sparse attention"}),
        # Author search is accent-insensitive both ways: one person, two spellings.
        ("author:Garcia", {"Sparse attention", "Vision transformers"}),
        ("author:García", {"Sparse attention", "Vision transformers"}),
        ("author:muller", {"Sparse attention"}),
        ("by:Müller", {"Sparse attention"}),
    ],
)
def test_the_new_search_fields(library: Library, query: str, titles: set[str]) -> None:
    _three(library)
    assert {r.title for r in library.query(query).rows} == titles


def test_export_carries_the_metadata_and_a_restore_brings_it_back(tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    with Library.open(tmp_path / "one") as lib:
        _three(lib)
        lib.export_json(out)
    exported = json.loads(out.read_text(encoding="utf-8"))["papers"]
    assert {tuple(p["categories"]) for p in exported} == {
        ("cs.CL", "cs.AI", "cs.LG"), ("cs.CV", "cs.CL"), ("astro-ph.CO",)}
    with Library.open(tmp_path / "two") as lib:
        assert not lib.import_files([out]).rejected
        metas = {p.title: p.meta for p in lib.get_many([r.id for r in lib.query("").rows])}
        assert metas["Sparse attention"] == SLAB
        assert metas["Black holes"].journal_ref == "Phys. Rev. D 99, 1"
        assert lib.counts()["category:cs.CL"] == 2


def test_an_index_of_the_schema_before_is_rebuilt_with_the_new_fields(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        _three(lib)
    old = make_schema()
    for name in ("category", "doi", "journal"):
        old.remove(name)
    index_dir = next(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.toc")))
    for f in index_dir.iterdir():
        f.unlink()
    ix = windex.create_in(str(index_dir), old)
    writer = ix.writer()
    writer.add_document(id="__meta__", watermark=0)
    writer.commit()
    with Library.open(root) as lib:
        assert lib.index_rebuilt_reason and "older schema" in lib.index_rebuilt_reason
        assert {r.title for r in lib.query("cat:cs.CL").rows} == {"Sparse attention",
                                                                  "Vision transformers"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("cs.CL", "cs.CL"), (" (cs.CL) ", "cs.CL"), ("CS.CL", "cs.CL"), ("hep-th", "hep-th"),
     ("math.AP", "math.AP"), ("astro-ph.CO", "astro-ph.CO"), ("q-bio.NC", "q-bio.NC"),
     ("Computation and Language", None), ("", None), ("cs.", None), ("2401.00001", None)],
)
def test_clean_category(text: str, expected: str | None) -> None:
    assert clean_category(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10.1038/nphys1170", "10.1038/nphys1170"), ("doi:10.1038/nphys1170.", "10.1038/nphys1170"),
     ("https://doi.org/10.48550/arXiv.2401.00001", "10.48550/arXiv.2401.00001"),
     ("http://dx.doi.org/10.1103/PhysRevD.99.1", "10.1103/PhysRevD.99.1"),
     ("not a doi", None), ("10.12/x", None)],
)
def test_clean_doi(text: str, expected: str | None) -> None:
    assert clean_doi(text) == expected


def test_merge_meta_keeps_what_the_new_digest_does_not_know() -> None:
    merged = merge_meta(SLAB, PaperMeta(github_stars=9))
    assert merged == PaperMeta(**{**SLAB.__dict__, "github_stars": 9})
    assert merge_meta(SLAB, PaperMeta()) is SLAB
    assert PaperMeta.from_json(SLAB.to_json()) == SLAB
    assert PaperMeta.from_json({"categories": ["cs.CL", 3, "bad cat"], "version": "2",
                                "revised": "yesterday", "github_stars": -1}) == PaperMeta(
        categories=("cs.CL",))


def test_show_prints_the_metadata_and_json_carries_it(library: Library,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main as cli_main

    _store(library, "a", _paper("2405.00001", "SLAB: sparse attention", SLAB))
    pid = _only(library)
    root = str(library.root)
    library.close()
    assert cli_main(["--library", root, "show", str(pid)]) == 0
    out = capsys.readouterr().out
    assert "  categories: cs.CL (primary) · cs.AI · cs.LG\n" in out
    assert "  version: v2 of 2024-05-21\n" in out and "  doi: 10.1038/s41586-024-00001-x\n" in out
    assert "  journal: Nature 612 (2024) 33-39\n" in out and "  github stars: 1,532\n" in out
    assert "  on hugging face: 2024-05-22\n" in out
    assert cli_main(["--library", root, "list", "--filter", "cat:cs.AI", "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["categories"] == ["cs.CL", "cs.AI", "cs.LG"] and item["doi"] == SLAB.doi
    assert cli_main(["--library", root, "list", "--filter", "category:bad cat"]) != 0
    assert "not an arXiv category" in capsys.readouterr().err
