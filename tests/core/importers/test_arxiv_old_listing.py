"""Old arXiv listings (the pre-2007 layout: ``Paper: hep-th/9901001`` / ``From:`` / ``Date:``
blocks, cross-listings as ``Paper (*cross-listing*):``, every revision's date) read as the
``arxiv-mailing`` format (issue 13, defect 7)."""

from __future__ import annotations

import datetime as dt

import pytest
from importer_cases import ctx, parse_file, parse_text
from testutil import FIXTURES

from reader.core.importers import detect
from reader.core.importers.arxiv_mail import ArxivMailImporter
from reader.core.importers.base import NotADigest
from reader.core.library import Library
from reader.core.model.meta import PaperMeta

DAILY = FIXTURES / "arxiv-mailing-1999.txt"
MONTHLY = FIXTURES / "arxiv-mailing-monthly-2006.txt"


def test_an_old_daily_mailing_imports_every_entry() -> None:
    parsed = parse_file(DAILY)
    assert parsed.format == "arxiv-mailing"
    assert parsed.warnings == []
    assert parsed.digest_date == dt.date(1999, 1, 4)  # "to Mon 4 Jan 99": 1999, not 2099
    ids = [p.arxiv_id for p in parsed.papers]
    assert ids == ["hep-th/9901001", "hep-th/9901002", "gr-qc/9901003", "hep-th/9812045",
                   "math/9812101"]
    junctions, absorption, cross, dbranes, sheaves = parsed.papers
    assert junctions.title == "String Junctions and Their Duals in Heterotic String Theory"
    assert junctions.authors == ["Yosuke Imamura"]
    assert junctions.published == dt.date(1999, 1, 2)
    assert junctions.abstract.startswith("We study string junctions in type I string theory")
    assert absorption.title.endswith("Six-Dimensional Dyonic String Background")
    assert absorption.authors == ["M. Cvetič", "H. Lü", "C.N. Pope", "T.A. Tran"]
    assert cross.title == "Relaxed Bounds on the Dilaton Mass in a String Cosmology Scenario"
    assert cross.abstract.endswith("whose old listing carries no Categories line.")
    assert dbranes.title == "D-branes and K-theory" and dbranes.abstract == ""
    assert sheaves.authors == ["K. Yoshioka"]


def test_old_entries_carry_their_metadata() -> None:
    junctions, absorption, cross, dbranes, sheaves = parse_file(DAILY).papers
    # No Categories line: the old-style id names the primary archive.
    assert junctions.meta == PaperMeta(
        categories=("hep-th",), comments="15 pages, LaTeX, 3 eps figures", version=1
    )
    assert absorption.meta.journal_ref == "Phys.Rev. D59 (1999) 126002"
    # A cross-listing without Categories: its own archive, then the listing's (hep-th@...).
    assert cross.meta.categories == ("gr-qc", "hep-th")
    assert dbranes.meta == PaperMeta(
        categories=("hep-th",), comments="41 pages, references added",
        journal_ref="JHEP 9812 (1998) 019", revised=dt.date(1999, 1, 4),
    )
    assert sheaves.meta.categories == ("math.AG", "hep-th")  # a Categories line wins
    assert sheaves.meta.revised == dt.date(1999, 1, 4)


def test_a_monthly_listing_reads_every_revision_date() -> None:
    parsed = parse_file(MONTHLY)
    assert parsed.warnings == []
    assert [p.arxiv_id for p in parsed.papers] == [
        "astro-ph/0601002", "astro-ph/0601004", "astro-ph/0601007", "gr-qc/0601011",
        "astro-ph/0601029",
    ]
    milestone, neutrinos, kessence, auger, colours = parsed.papers
    assert all(p.abstract == "" for p in parsed.papers)  # monthly listings print none
    assert milestone.authors == ["Aparna Venkatesan"]
    assert milestone.published == dt.date(2005, 12, 30)
    assert (milestone.meta.version, milestone.meta.revised) == (3, dt.date(2006, 4, 12))
    assert neutrinos.meta == PaperMeta(
        categories=("astro-ph", "hep-ph"),
        comments="4 pages, 2 figures; minor changes in the text and references; to appear in PRL",
        journal_ref="Phys.Rev.Lett. 96 (2006) 091301",
        version=2,
        revised=dt.date(2006, 2, 7),
    )
    assert kessence.meta.doi == "10.1142/S0217732306019475" and kessence.meta.version == 1
    # "Date (revised):" without a version (before 1997 only the latest was kept).
    assert (auger.meta.version, auger.meta.revised) == (None, dt.date(2006, 1, 9))
    assert auger.title == "Dilaton bounds from the Pierre Auger data"
    assert auger.authors == ["S. Argirò", "J. González", "D. Veberič"]
    # The 2007 transition: arXiv:astro-ph/0601029 in an old listing; two DOIs, the first kept.
    assert colours.meta.doi == "10.1086/516629" and colours.meta.version == 2
    # The digest's date: the latest submission, not a revision years later.
    assert parsed.digest_date == dt.date(2006, 1, 2)


def _entry(anchor: str, extra: str = "") -> str:
    return (
        "------------------------------------------------------------------------------\n"
        f"\\\\\n{anchor}\nFrom: A. Author <a@example.org>\n"
        "Date: Tue, 14 Jan 2003 10:00:00 GMT   (12kb)\n"
        f"{extra}\nTitle: Motives of moduli spaces\nAuthors: A. Author and B. Writer\n"
        "\\\\\n  An abstract.\n\\\\ ( http://arXiv.org/abs/math.AG/0301001 ,  12kb)\n"
    )


@pytest.mark.parametrize(("anchor", "arxiv_id", "categories"), [
    ("Paper: math.AG/0301001", "math.AG/0301001", ("math.AG",)),
    ("Paper (*cross-listing*): math.AG/0301001", "math.AG/0301001", ("math.AG",)),
    ("Paper (*replaced*): hep-th/0301001", "hep-th/0301001", ("hep-th",)),
    ("Paper:hep-th/0301001v2", "hep-th/0301001", ("hep-th",)),
    ("arXiv:math/0301001", "math/0301001", ("math",)),
])
def test_old_anchor_variants(anchor: str, arxiv_id: str, categories: tuple[str, ...]) -> None:
    for text in (_entry(anchor), _entry(anchor).replace("\n", "\r\n")):
        assert detect(text) is not None and detect(text).name == "arxiv-mailing"  # type: ignore[union-attr]
        parsed = parse_text(text, "9301.txt")
        (paper,) = parsed.papers
        assert paper.arxiv_id == arxiv_id and paper.meta.categories == categories
        assert paper.authors == ["A. Author", "B. Writer"] and paper.abstract == "An abstract."
        assert parsed.warnings == []


def test_a_copy_that_starts_at_the_first_entry_is_a_listing_not_an_email() -> None:
    """``Paper: ID`` / ``From:`` / ``Date:`` look like mail headers: the listing must win."""
    text = DAILY.read_text()
    body = text[text.index("Paper: hep-th/9901001"):]
    importer = detect(body)
    assert importer is not None and importer.name == "arxiv-mailing"
    assert len(parse_text(body).papers) == 5
    modern = "arXiv:2301.00010\nFrom: D. Nandy <x@example.org>\nDate: Fri, 30 Dec 2022 11:18:21 GMT"
    modern += "   (819kb)\n\nTitle: Exploring the Solar Poles\nAuthors: D. Nandy\n"
    assert detect(modern) is not None and detect(modern).name == "arxiv-mailing"  # type: ignore[union-attr]


def test_unreadable_lines_are_reported_with_their_line() -> None:
    text = _entry("Paper: hep-th/0301001", "Date (revised v2): the 15th   (13kb)")
    text += _entry("Paper: hep-th/0301002", "??? garbled line")
    parsed = ArxivMailImporter().parse(text, ctx())
    assert len(parsed.papers) == 2
    assert parsed.papers[0].meta.version == 2 and parsed.papers[0].meta.revised is None
    assert parsed.warnings == [
        "line 6: revision date 'the 15th   (13kb)' unreadable",
        "line 17: unexpected line in arXiv entry: '??? garbled line'",
    ]


@pytest.mark.parametrize("text", [
    "Paper: hep-th/9901001\nsome notes about a paper I liked\n",
    "Paper: my holiday\nTitle: x\nAuthors: me\n",
    "Title: A\nAuthors: B\nPaper: 12345\n",
])
def test_text_that_only_mentions_an_old_paper_is_not_a_listing(text: str) -> None:
    assert not ArxivMailImporter().sniff(text)
    with pytest.raises(NotADigest, match="not a recognised digest"):
        parse_text(text)


def test_an_old_listing_without_titles_is_rejected_with_a_reason() -> None:
    text = DAILY.read_text()
    text = "\n".join(line for line in text.split("\n") if not line.startswith("Title:"))
    with pytest.raises(NotADigest, match="not a recognised digest"):
        ArxivMailImporter().parse(text, ctx())


def test_old_listings_through_the_library(library: Library) -> None:
    report = library.import_files([DAILY, MONTHLY], as_of=dt.date(2026, 1, 5))
    assert [f.status.value for f in report.files] == ["imported", "imported"]
    assert report.new == 10
    pid = library.resolve("arxiv:hep-th/9901002")  # resolve() knows bare new-style ids only
    assert pid is not None
    paper = library.get(pid)
    assert paper is not None
    assert paper.authors == ["M. Cvetič", "H. Lü", "C.N. Pope", "T.A. Tran"]
    assert paper.page_url == "https://arxiv.org/abs/hep-th/9901002"
    assert library.resolve("arxiv:astro-ph/0601029") is not None
    assert library.query('author:"Cvetič"').total == 1


def test_a_past_week_listing_with_day_markers_between_entries() -> None:
    """The archive's past-week files put ``\\\\`` / ``/*Tue, 14 Jan 2003 */`` / ``\\\\``
    between one day's entries and the next."""
    day = "\\\\\n/*Tue, 14 Jan 2003 */\n"
    text = day + _entry("Paper: hep-th/0301001").split("\n", 1)[1]
    text += "\\\\\n/*Wed, 15 Jan 2003 */\n" + _entry("Paper: hep-th/0301002").split("\n", 1)[1]
    parsed = ArxivMailImporter().parse(text, ctx())
    assert [p.arxiv_id for p in parsed.papers] == ["hep-th/0301001", "hep-th/0301002"]
    assert parsed.warnings == []


def test_an_old_id_resolves_in_every_spelling(library: Library) -> None:
    assert not library.import_files([FIXTURES / "arxiv-mailing-1999.txt"], as_of=dt.date(1999, 1, 6)).rejected
    pid = library.resolve("arxiv:hep-th/9901001")
    assert pid is not None
    assert library.resolve("hep-th/9901001") == library.resolve("hep-th/9901001v2") == pid
    assert library.resolve("arXiv:hep-th/9901001") == pid
    assert library.resolve("title:no such paper") is None and library.resolve("hep-th/0000000") is None
