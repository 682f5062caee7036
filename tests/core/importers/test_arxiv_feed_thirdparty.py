"""Feeds of arXiv papers from third-party generators (issue 13, defect 6) and the metadata of
the official feeds (categories, comments, journal reference, DOI, version, revision date)."""

from __future__ import annotations

import datetime as dt

import pytest
from importer_cases import parse_file, parse_text
from testutil import FIXTURES

from reader.core.importers.feed_fields import read_description
from reader.core.importers.feed_html import html_blocks, inline_text
from reader.core.model.meta import PaperMeta


def test_rfeed_generator_authors_tail_and_entities() -> None:
    """arxiv-to-rss (rfeed): one <author>, the whole list in the first paragraph, a
    Published/Updated/Comments/PDF tail, entities and <sub> escaped into the description."""
    digest = parse_file(FIXTURES / "arxiv-thirdparty-rss-rfeed.xml")
    assert digest.format == "arxiv-feed" and digest.warnings == []
    assert digest.digest_date == dt.date(2025, 9, 7)
    ices, dots, pbh, ml = digest.papers
    assert len(ices.authors) == 9 and ices.authors[0] == "Andrés Megías"
    assert ices.authors[-1] == "Jacobo Aguirre" and ices.author_count == 9
    assert ices.abstract.startswith("Current observations taken by James Webb")
    assert "composed of H2O, CO, and CO2, along" in ices.abstract  # no invented spaces
    assert "~3 % in the species" in ices.abstract  # &amp;percnt; decoded
    for paper in digest.papers:
        for leftover in ("Published:", "Updated:", "Comments:", "PDF:", "&", "Megías,", "<p>", "<sub>"):
            assert leftover not in paper.abstract, (leftover, paper.title)
    assert ices.meta == PaperMeta(
        comments="24 pages, 20 figures; accepted to be published in Astronomy & Astrophysics",
        version=1,
    )
    assert ices.published == dt.date(2025, 9, 4)
    assert [link.url for link in ices.links] == ["http://arxiv.org/pdf/2509.04331v1"]
    assert "2–4 times" in dots.abstract and "Δ m>1" in dots.abstract
    assert dots.authors[:2] == ["Amy Secunda", "Rachel S. Somerville"] and len(dots.authors) == 6
    # A title with markup and a double-escaped entity; a v2 whose Updated date differs.
    assert pbh.title == (
        "Supermassive primordial black holes of 10^6 M⊙ and the UV luminosity of z > 10 galaxies"
    )
    assert pbh.arxiv_id == "2509.03152"
    assert pbh.meta == PaperMeta(comments="23 pages, 4 figures", version=2, revised=dt.date(2025, 9, 4))
    assert "10^6.3-8.3 M⊙" in pbh.abstract
    # One author: the paragraph is the <author> itself; an empty Comments field is no comment.
    assert ml.authors == ["Vahid Asadi"]
    assert ml.meta == PaperMeta(version=1)
    assert "(ch1 < 26 AB)" in ml.abstract and "0.2 < z < 3.5" in ml.abstract and "89%" in ml.abstract


def test_translated_summaries_feed_takes_the_real_title_or_warns() -> None:
    """A feed whose item titles are translated one-line summaries (cn-chat-arxiv): the
    paper's title printed in the description, ``Title. (arXiv:ID [cat])``, is the title;
    the translated paragraphs are not the abstract; an item without it is kept, with a warning."""
    digest = parse_file(FIXTURES / "arxiv-translated-rss.xml")
    first, meg, atomic, unknown = digest.papers
    assert first.title == "Dialogue-Contextualized Re-ranking for Medical History-Taking"
    assert first.arxiv_id == "2304.01974"
    assert first.abstract.startswith("AI-driven medical history-taking is an important")
    assert first.meta == PaperMeta(categories=("cs.CL",), version=1)
    assert meg.title.startswith("MEGClass: Text Classification with Extremely Weak Supervision")
    assert atomic.title == (
        "AToMiC: An Image/Text Retrieval Test Collection to Support Multimedia Content Creation"
    )
    assert atomic.meta == PaperMeta(categories=("cs.IR",), version=2)
    for paper in (first, meg, atomic):
        assert "\n" not in paper.abstract  # only the English paragraph is left
        assert all(ord(ch) < 0x3000 for ch in paper.abstract), paper.abstract
        assert "arxiv.org/abs" not in paper.abstract
    assert unknown.arxiv_id == "2304.01933"
    assert unknown.title.startswith("本文研究了")  # no better title in the item: kept...
    [warning] = digest.warnings  # ...and said
    assert warning.startswith("line 61: entry #4 (arXiv 2304.01933): the title")
    assert "another language" in warning


def test_rsshub_generator_cdata_and_one_author_element_with_the_list() -> None:
    digest = parse_file(FIXTURES / "arxiv-rsshub-rss.xml")
    assert digest.format == "arxiv-feed" and digest.warnings == []
    atlas, llamax, blind = digest.papers
    assert atlas.arxiv_id == "2407.02880" and len(atlas.authors) == 5
    assert atlas.authors[3] == "Anton van den Hengel"
    assert llamax.title.startswith("LLaMAX: Scaling Linguistic Horizons")  # escaped <i> in CDATA
    assert blind.published == dt.date(2024, 7, 10)
    assert [link.repo for link in atlas.links] == ["fredzzhang/atlas"]


def test_digest_bot_atom_labelled_fields_and_summary_title_warning() -> None:
    digest = parse_file(FIXTURES / "arxiv-digest-atom.xml")
    adam_mini, adam, survey = digest.papers
    assert adam_mini.title == "Adam-mini: Use Fewer Learning Rates To Gain More"
    assert len(adam_mini.authors) == 8  # the labelled list beats the two <author> elements
    assert adam_mini.abstract == (
        "We propose Adam-mini, an optimizer that achieves on-par or better performance than "
        "AdamW with 45%–50% less memory footprint.\n\n"
        "Adam-mini reduces memory by cutting down the learning rate resources in Adam."
    )
    assert adam_mini.meta == PaperMeta(
        categories=("cs.LG", "cs.AI"), comments="14 pages", version=2, revised=dt.date(2024, 6, 26)
    )
    assert [link.repo for link in adam_mini.links] == ["zyushun/Adam-mini"]
    assert adam.meta == PaperMeta(
        categories=("cs.LG",), journal_ref="ICLR 2015", doi="10.48550/arXiv.1412.6980",
        version=9, revised=dt.date(2017, 1, 30),
    )
    assert adam.abstract.endswith("lower-order moments.")
    assert survey.title.startswith("Summary of:")
    assert digest.warnings == [
        "line 36: entry #3 (arXiv 2308.10792): the title 'Summary of: a survey of instruction tuning for "
        "large language models' may not be the paper's title: it reads like a summary; kept as it is"
    ]


def test_official_rss_metadata() -> None:
    """rss.arxiv.org: <category> list, announce type, version in the description's first
    line, arxiv:DOI / arxiv:journal_reference / arxiv:comment; a replacement's listing day."""
    new, replace, replace_cross = parse_file(FIXTURES / "arxiv-rss-meta.xml").papers
    assert new.meta == PaperMeta(categories=("math.AP", "math.OC"), version=1)
    assert replace.meta == PaperMeta(
        categories=("math.AP",),
        journal_ref="Journal de l'\\'Ecole polytechnique - Math\\'ematiques, Tome 11 (2024), pp. 431-472",
        doi="10.5802/jep.257",
        version=3,
        revised=dt.date(2024, 1, 11),
    )
    assert replace_cross.meta == PaperMeta(
        categories=("math.PR", "math.AP"), comments="28 pages, 2 figures", version=2,
        revised=dt.date(2024, 1, 11),
    )
    assert replace_cross.abstract.startswith("We prove homogenization")
    digest = parse_file(FIXTURES / "arxiv-rss.xml")
    assert [p.meta.version for p in digest.papers] == [1, 1, 3]
    assert digest.papers[0].meta.categories == ("cs.LG", "cs.AI")


def test_official_atom_api_metadata() -> None:
    adam_mini, kingma = parse_file(FIXTURES / "arxiv-atom.xml").papers
    assert adam_mini.meta == PaperMeta(
        categories=("cs.LG", "cs.AI"),
        comments="14 pages; project page https://example.org/adam-mini",
        version=2,
        revised=dt.date(2024, 6, 26),
    )
    assert kingma.meta == PaperMeta(
        categories=("cs.LG",),
        comments="Published as a conference paper at ICLR 2015",
        doi="10.48550/arXiv.1412.6980",
        version=9,
        revised=dt.date(2017, 1, 30),
    )


API_V1 = """<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
<id>http://arxiv.org/api/abc</id><link href="http://arxiv.org/api/query?id_list=2401.00001" rel="self"/>
<entry><id>http://arxiv.org/abs/2401.00001v1</id><updated>2024-01-02T10:00:00Z</updated>
<published>2024-01-02T10:00:00Z</published><title>One version only</title>
<summary>An abstract.</summary><author><name>A. Author</name></author>
<arxiv:journal_ref>Phys. Rev. D 100, 012345 (2024)</arxiv:journal_ref>
<arxiv:primary_category term="hep-th"/><category term="hep-th"/><category term="gr-qc"/>
<category term="Physics"/></entry></feed>"""


def test_api_first_version_has_no_revision_date_and_odd_categories_are_dropped() -> None:
    [paper] = parse_text(API_V1, "api.xml").papers
    assert paper.meta == PaperMeta(
        categories=("hep-th", "gr-qc"), journal_ref="Phys. Rev. D 100, 012345 (2024)", version=1
    )


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("H<sub>2</sub>O and CO<sub>2</sub>", "H2O and CO2"),
        ("10<sup>6</sup> M<sub>&odot;</sub>", "10^6 M⊙"),
        ("2&ndash;4 &lt; 5", "2–4 < 5"),
        ("z &amp;lt; 1", "z < 1"),  # escaped twice
        ("&lt;i&gt;LLaMAX&lt;/i&gt;: more", "LLaMAX: more"),  # markup escaped twice
        ("$a<b$ and $c>d$", "$a<b$ and $c>d$"),  # math, not a tag
        ("<b>Bold</b>face and <em>em</em>phasis", "Boldface and emphasis"),
    ],
)
def test_inline_markup_becomes_text_without_invented_spaces(raw: str, text: str) -> None:
    assert inline_text(raw) == text


def test_block_markup_separates() -> None:
    assert html_blocks("<p>One</p><p>Two<br>Three</p><div>Four<script>x()</script></div>") == [
        "One", "Two", "Three", "Four"
    ]
    assert html_blocks("plain\nwrapped\n\nsecond") == ["plain wrapped", "second"]


def test_third_party_feeds_import_end_to_end(library) -> None:  # type: ignore[no-untyped-def]
    from testutil import AS_OF

    from reader.core.model import ImportStatus

    files = [FIXTURES / name for name in (
        "arxiv-thirdparty-rss-rfeed.xml", "arxiv-translated-rss.xml", "arxiv-rsshub-rss.xml",
        "arxiv-digest-atom.xml", "arxiv-rss-meta.xml",
    )]
    report = library.import_files(files, as_of=AS_OF)
    assert [f.status for f in report.files] == [ImportStatus.IMPORTED] * 5
    assert [f.new for f in report.files] == [4, 4, 3, 3, 3]
    assert [len(f.warnings) for f in report.files] == [0, 1, 0, 1, 0]
    pid = library.resolve("2509.04331")
    assert pid is not None
    paper = library.get(pid)
    assert paper is not None and len(paper.authors) == 9
    assert "Published:" not in paper.abstract and "H2O" in paper.abstract
    pid = library.resolve("2304.01974")
    assert pid is not None
    paper = library.get(pid)
    assert paper is not None
    assert paper.title == "Dialogue-Contextualized Re-ranking for Medical History-Taking"


@pytest.mark.parametrize(
    "raw",
    [
        # the tail as plain text lines glued to the abstract (no blank line, no markup)
        "A. Author, B. Author\n\nWe study X.\nIt works.\nPublished: 2024-01-02T00:00:00Z\n"
        "Updated: 2024-02-03T00:00:00Z\nComments: 9 pages\nDOI: 10.1000/xyz.1\n"
        "PDF: http://arxiv.org/pdf/2401.00001v2",
        # labels in bold, <br> separated, the authors labelled
        "<b>Authors:</b> A. Author, B. Author<br><b>Abstract:</b> We study X.\nIt works.<br>"
        "<b>Published:</b> Tue, 02 Jan 2024 10:00:00 GMT<br><b>Updated:</b> 2024-02-03<br>"
        "<b>Comments:</b> 9 pages<br><b>DOI:</b> https://doi.org/10.1000/xyz.1",
        # a list
        "<ul><li>Authors: A. Author and B. Author</li><li>Comments: 9 pages</li></ul>"
        "<p>We study X. It works.</p><ul><li>Published: 2024-01-02</li>"
        "<li>Last updated: 2024-02-03</li><li>DOI: doi:10.1000/xyz.1</li></ul>",
    ],
)
def test_metadata_tail_variants(raw: str) -> None:
    fields = read_description(raw, item_id="2401.00001", known_authors=["A. Author"], item_title="X")
    assert fields.authors == ["A. Author", "B. Author"]
    assert " ".join(fields.abstract) == "We study X. It works."
    assert (fields.published, fields.updated) == (dt.date(2024, 1, 2), dt.date(2024, 2, 3))
    assert (fields.comments, fields.doi) == ("9 pages", "10.1000/xyz.1")


def test_an_abstract_paragraph_is_not_taken_for_authors() -> None:
    fields = read_description(
        "<p>We propose Adam-mini, Adam-micro and Adam-nano.</p><p>Second, more.</p>",
        item_id=None, known_authors=[], item_title="T",
    )
    assert fields.authors == []
    assert fields.abstract == ["We propose Adam-mini, Adam-micro and Adam-nano.", "Second, more."]


def test_author_paragraph_needs_names() -> None:
    # The item's one author opens the abstract: not an author paragraph.
    fields = read_description(
        "<p>Vahid Asadi and colleagues present a classifier of galaxies.</p>",
        item_id=None, known_authors=["Vahid Asadi"], item_title="T",
    )
    assert fields.authors == [] and fields.abstract[0].startswith("Vahid Asadi and colleagues")
    # A paragraph of names that do not start with the item's author is not its author list.
    fields = read_description(
        "<p>Machine Learning, Computer Vision</p><p>Abstract text.</p>",
        item_id=None, known_authors=["Grace Hopper"], item_title="T",
    )
    assert fields.authors == []
    # Without a hint, a first paragraph of two or more names (particles allowed) is one.
    fields = read_description(
        "<p>Anton van den Hengel, M. Garc\u00eda Redondo and Jos\u00e9 da Silva</p><p>Text.</p>",
        item_id=None, known_authors=[], item_title="T",
    )
    assert fields.authors == ["Anton van den Hengel", "M. García Redondo", "José da Silva"]
    assert fields.abstract == ["Text."]


def test_a_feed_that_names_arxiv_only_in_its_items_is_detected() -> None:
    from reader.core.importers import detect

    feed = (
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>My reading list</title>'
        f"<description>{'A long channel description. ' * 300}</description>"
        "<item><title>Adam</title><link>http://arxiv.org/abs/1412.6980v9</link>"
        "<description>We introduce Adam.</description></item></channel></rss>"
    )
    assert feed.lower().find("arxiv") > 5000
    importer = detect(feed)
    assert importer is not None and importer.name == "arxiv-feed"
    [paper] = parse_text(feed, "list.xml").papers
    assert (paper.arxiv_id, paper.meta.version) == ("1412.6980", 9)
