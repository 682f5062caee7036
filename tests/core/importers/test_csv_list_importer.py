"""Simple CSV/TSV paper lists: header synonyms, delimiters (comma, semicolon with Excel's
``sep=`` line, tab), quoted fields with delimiters and line breaks, BOM, CRLF."""

from __future__ import annotations

import datetime as dt

import pytest
from importer_cases import ctx, parse_file, parse_text
from testutil import AS_OF, FIXTURES

from reader.core.importers import detect
from reader.core.importers.base import Rejected
from reader.core.importers.csv_list import CsvListImporter
from reader.core.library import Library
from reader.core.model import ImportStatus, LinkKind
from reader.core.model.meta import PaperMeta

LISTS = [FIXTURES / n for n in (
    "papers-2024-06-12.csv", "papers-zotero.csv", "papers-excel-semicolon.csv", "papers.tsv")]


def test_date_title_url_with_bom_quotes_and_blank_rows() -> None:
    path = FIXTURES / "papers-2024-06-12.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    digest = parse_file(path)
    assert digest.format == "csv-list" and digest.digest_date == dt.date(2024, 6, 12)  # file name
    assert [(p.title, p.arxiv_id, p.published, p.line) for p in digest.papers] == [
        ("Depth Anywhere: Enhancing 360 Monocular Depth Estimation via Perspective Distillation",
         "2406.12849", dt.date(2024, 6, 10), 2),
        ("Bootstrap Your Own Context Length, Again", "2406.12001", dt.date(2024, 6, 11), 3),  # HF URL
        ("A Paper Known Only by Its Title", None, dt.date(2024, 6, 11), 4),
        ("An Old-Style arXiv Paper", "hep-th/9711200", None, 6),
        ("A Paper With a Project Page", None, dt.date(2024, 6, 12), 7),
    ]
    assert digest.papers[3].meta.version == 3
    assert [link.url for link in digest.papers[4].links] == ["https://example.org/paper.pdf"]
    assert digest.warnings == ["line 5: a row without a title; skipped"]  # not the blank last row


def test_zotero_like_export_multiline_quotes_crlf_and_last_first_authors() -> None:
    digest = parse_file(FIXTURES / "papers-zotero.csv")
    attention, alphafold = digest.papers
    assert attention.authors == ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"]
    assert attention.arxiv_id == "1706.03762" and attention.published is None  # a year is no day
    assert attention.abstract.startswith("The dominant sequence transduction models")
    assert "networks. We propose" in attention.abstract  # the quoted line break, collapsed
    assert attention.meta == PaperMeta(categories=("cs.CL", "cs.LG"), doi="10.48550/arXiv.1706.03762",
                                       version=7)
    assert alphafold.authors == ["John Jumper", "Richard Evans", "Alexander Pritzel"]
    assert alphafold.line == 4  # the row after a two-line record
    assert alphafold.meta.doi == "10.1038/s41586-021-03819-2"
    assert digest.warnings == ["line 5: arXiv 2001.00001 has no title; skipped"]


def test_excel_semicolons_with_sep_line_german_headers_and_day_first_dates() -> None:
    digest = parse_file(FIXTURES / "papers-excel-semicolon.csv")
    first, second = digest.papers
    assert first.title == "Große Sprachmodelle; ein Überblick"  # the quoted delimiter
    assert first.authors == ["Anna Müller", "Jörg Weiß"]
    assert (first.published, second.published) == (dt.date(2024, 6, 12), dt.date(2024, 7, 3))
    assert (first.arxiv_id, second.arxiv_id, second.meta.version) == ("2406.00101", "2407.00202", 2)


def test_tsv_with_categories_upvotes_code_and_broken_rows() -> None:
    digest = parse_file(FIXTURES / "papers.tsv")
    first, second = digest.papers
    assert first.title == "H2O-Bench: Evaluating Agents, Tools, and Limits"
    assert (first.upvotes, first.meta.categories) == (12, ("cs.AI", "cs.CL"))
    assert [(link.kind, link.repo) for link in first.links] == [(LinkKind.GITHUB, "example/h2o-bench")]
    assert first.abstract == "We evaluate tool-using agents, and find failures."
    assert second.upvotes is None and second.authors == ["Chen Example"]
    assert digest.warnings == ["line 5: a row without a title; skipped"]  # the all-tabs row is blank


def test_header_without_needed_columns_is_rejected_naming_it() -> None:
    text = "Authors,Year,Venue\nAnn Example,2020,NeurIPS\nBob Example,2021,ICML\n"
    assert detect(text) is not None and detect(text).name == "csv-list"  # type: ignore[union-attr]
    with pytest.raises(Rejected, match=r"needs a title, arXiv or URL column; the header names "
                                       r"none \(Authors, Year, Venue\)"):
        parse_text(text, "list.csv")


def test_list_whose_rows_name_no_paper_is_rejected() -> None:
    with pytest.raises(Rejected, match=r"no row of this paper list names a paper \(line 3: a row "):
        CsvListImporter().parse("title;url\n;\n ;https://example.org/x \n", ctx("x.csv"))
    with pytest.raises(Rejected, match="a header but no rows"):
        CsvListImporter().parse("title;url\n;\n ; \n", ctx("x.csv"))


@pytest.mark.parametrize("text", [
    "name,value\nfoo,1\nbar,2\n",  # a table of something else
    "time\tlevel\tmessage\n12:00\tINFO\tstarted\n",
    "Title, authors, date, and url are listed below.\nFirst, we read them, all of them.\n",
    "title,url\n",  # a header alone
    "Title: A Paper, With Commas\nAuthors: Ann, Bob\n\nAbstract, with, commas.\n",
    "# title,url\n| a | b |\n",
])
def test_sniff_refuses_what_is_not_a_paper_list(text: str) -> None:
    assert not CsvListImporter().sniff(text)


def test_other_formats_fixtures_are_not_taken() -> None:
    for path in sorted(FIXTURES.glob("*")):
        if path.is_file() and not path.name.startswith("papers"):
            importer = detect(path.read_text(encoding="utf-8", errors="replace"))
            assert importer is None or importer.name != "csv-list", path.name
    for path in LISTS:
        importer = detect(path.read_bytes().decode("utf-8-sig"))
        assert importer is not None and importer.name == "csv-list", path.name


def test_paper_lists_import_end_to_end(library: Library) -> None:
    report = library.import_files(LISTS, as_of=AS_OF)
    assert [f.status for f in report.files] == [ImportStatus.IMPORTED] * len(LISTS)
    assert [len(f.warnings) for f in report.files] == [1, 1, 0, 1]
    assert report.new == 5 + 2 + 2 + 2
    pid = library.resolve("arxiv:1706.03762")
    assert pid is not None
    paper = library.get(pid)
    assert paper is not None and paper.authors[0] == "Ashish Vaswani"
    assert library.check().ok


def test_old_mac_line_endings_and_a_stray_carriage_return() -> None:
    text = "title,url\rA Paper,https://arxiv.org/abs/2406.00001\rAnother\r Paper,\r"
    digest = parse_text(text, "mac.csv")
    assert [(p.title, p.arxiv_id, p.line) for p in digest.papers] == [
        ("A Paper", "2406.00001", 2), ("Another", None, 3), ("Paper", None, 4)]
