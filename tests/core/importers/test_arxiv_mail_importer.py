"""The arXiv listing mailing (plain text) importer."""

from __future__ import annotations

import datetime as dt

import pytest
from importer_cases import ctx, parse_file
from testutil import FIXTURES

from reader.core.importers.arxiv_entry import join_abstract
from reader.core.importers.arxiv_mail import ArxivMailImporter
from reader.core.model.meta import PaperMeta


def test_arxiv_mailing_fields() -> None:
    digest = parse_file(FIXTURES / "arxiv-mailing.txt")
    assert digest.format == "arxiv-mailing"
    assert digest.digest_date == dt.date(2024, 6, 24)
    assert digest.warnings == []
    ids = [p.arxiv_id for p in digest.papers]
    assert ids == ["2406.16793", "2406.16801", "2406.15877", "2305.14314", "math/0601001"]
    adam, rag, cross, qlora, old = digest.papers
    assert adam.title == "Adam-mini: Use Fewer Learning Rates To Gain More"
    assert adam.authors == [
        "Yushun Zhang", "Congliang Chen", "Ziniu Li", "Tian Ding", "Chenwei Wu", "Yinyu Ye",
        "Zhi-Quan Luo", "Ruoyu Sun",
    ]  # fmt: skip
    assert adam.author_count == 8
    assert adam.published == dt.date(2024, 6, 24)
    assert adam.abstract == (
        "We propose Adam-mini, an optimizer that achieves on-par or better performance than "
        "AdamW with $45\\%$ to $50\\%$ less memory footprint. Adam-mini reduces memory by "
        "cutting down the learning rate resources in Adam (i.e., $1/\\sqrt{v}$).\n\n"
        "We find that $\\geq 90\\%$ of these learning rates in $v$ could be harmlessly removed "
        "if we partition the parameters into blocks."
    )
    assert [link.repo for link in adam.links] == ["zyushun/Adam-mini"]  # from Comments
    assert adam.line == 15
    assert rag.title == (
        "A Very Long Title About Retrieval-Augmented Generation That Needs To Be Wrapped "
        "Over Two Lines In The Mailing"
    )
    assert rag.authors == ["Ada Lovelace", "Alan Turing"]  # affiliations dropped
    assert [link.url for link in rag.links] == [
        "https://huggingface.co/datasets/ada/rag",
        "https://example.org/rag-long/",
    ]
    assert cross.title == "Cross-Listed: Graph Neural Networks for Parsing"
    assert cross.abstract == "A single-author cross-listed paper whose abstract is one line."
    assert cross.published == dt.date(2024, 6, 22)
    # Replacements carry no abstract.
    assert qlora.title == "QLoRA: Efficient Finetuning of Quantized LLMs"
    assert qlora.abstract == "" and not qlora.abstract_truncated
    assert qlora.authors[-1] == "Luke Zettlemoyer"
    assert old.abstract == "" and old.authors == ["Emmy Noether"]


def test_arxiv_mailing_entry_without_title_is_reported() -> None:
    text = (FIXTURES / "arxiv-mailing.txt").read_text(encoding="utf-8")
    text = text.replace("Title: Cross-Listed: Graph Neural Networks for Parsing\n", "")
    digest = ArxivMailImporter().parse(text, ctx())
    assert len(digest.papers) == 4
    assert any("2406.15877" in w and "no title" in w for w in digest.warnings)


ADMIN_NOTE = FIXTURES / "arxiv-mailing-admin-note.txt"


def test_an_arxiv_id_inside_a_field_or_an_abstract_starts_no_entry() -> None:
    """Real mailings wrap ``arXiv admin note: … overlap with`` / ``  arXiv:2310.01614`` in
    the Comments field, and abstracts cite papers at column 0: neither is a new entry, and
    the paper keeps its abstract (issue 13, defect 1)."""
    parsed = parse_file(ADMIN_NOTE)
    assert [p.arxiv_id for p in parsed.papers] == ["2311.07618", "2311.07620"]
    first, second = parsed.papers
    assert first.abstract.startswith("Interacting with human agents in complex scenarios")
    assert "arXiv:2310.01614 and extending it" in first.abstract
    assert second.abstract.startswith("A short abstract")
    assert parsed.warnings == []


def test_a_listing_copied_from_its_first_entry_still_reads() -> None:
    """Without the header (a copy that starts at the first ``\\\\`` or ``arXiv:`` line)."""
    text = ADMIN_NOTE.read_text()
    body = text[text.index("\\\\\narXiv:2311.07618"):]
    for copy in (body, body[body.index("arXiv:"):]):
        parsed = ArxivMailImporter().parse(copy, ctx("listing.txt"))
        assert [p.arxiv_id for p in parsed.papers] == ["2311.07618", "2311.07620"]
        assert parsed.papers[0].abstract


TEX = FIXTURES / "arxiv-mailing-tex.txt"


def test_tex_accents_in_names_and_titles_are_unicode_and_math_is_kept() -> None:
    """Defect 5: one person is spelled one way (``M. Garc\\'ia`` → ``M. García``), titles too;
    math stays as written; abstracts keep their TeX (the pane converts it)."""
    parsed = parse_file(TEX)
    assert parsed.warnings == []
    first, walks, cross, homog, bayes, _ = parsed.papers
    assert first.title == (
        "On the Schrödinger equation with a Hölder–continuous potential and $L^p$ data"
    )
    assert first.authors == ["M. García Redondo", "N. Müller", "Mária Pető", "Søren Kierkegård"]
    assert walks.title == "François–Straße random walks on graphs — a Markov chain approach"
    assert walks.authors == ["François Lefèvre", "J. Peña", "A. Košická", "L. Martínez", "J. Ünlü"]
    assert cross.title == "Spectral gaps of Erdős–Rényi graphs"
    assert cross.authors == ["Łukasz Wiśniewski", "Günther Straßer"]
    assert bayes.title == r"A Bayesian view of the $\ell^1$ penalty"
    assert homog.authors[0] == first.authors[0]  # the same person, one spelling
    assert first.abstract.startswith(r'We study the Schr\"odinger equation $-\Delta u + V u = f$')


def test_an_indent_mid_sentence_is_a_wrap_and_a_real_break_a_paragraph() -> None:
    """Defect 8: submitters indent lines mid-sentence (after ``of``, after ``e.g.``); only an
    indented line after the end of a sentence, or a blank line, starts a paragraph."""
    first, walks = parse_file(TEX).papers[:2]
    paragraphs = first.abstract.split("\n\n")
    assert len(paragraphs) == 2
    assert "is sharp in the sense of Fefferman and Phong. We also show" in paragraphs[0]
    assert paragraphs[1].startswith("As an application we obtain unique continuation")
    assert "\n" not in walks.abstract
    assert "(e.g. the number of neighbours)" in walks.abstract
    old = parse_file(FIXTURES / "arxiv-mailing-1999.txt").papers
    assert "correspond to BPS states" in old[0].abstract and "\n" not in old[0].abstract
    assert old[1].abstract.split("\n\n")[1].startswith("Using this fact")  # a blank line


@pytest.mark.parametrize(("lines", "paragraphs"), [
    (["  One sentence ends here.", "  Another starts."], 2),
    (["  It ends with a colon:", "  (i) a list item"], 2),
    (["  Results hold (see", "  Section 3) for all n."], 1),
    (["  We use the method of", "  Smith and Jones."], 1),
    (["  Known results (e.g.", "  the lemma) apply."], 1),  # an abbreviation, then lowercase
    (["  First paragraph.", "", "second after a blank line"], 2),
    (["  Wrapped at", "column zero."], 1),
])
def test_paragraph_rule_variants(lines: list[str], paragraphs: int) -> None:
    assert len(join_abstract(lines).split("\n\n")) == paragraphs


def test_mailing_metadata_categories_comments_journal_doi_version() -> None:
    first, walks, cross, homog, bayes, rigid = parse_file(TEX).papers
    assert first.meta == PaperMeta(
        categories=("math.AP", "math-ph", "math.MP"),
        comments="32 pages. arXiv admin note: text overlap with arXiv:2311.00042",
        version=1,
    )
    assert walks.meta == PaperMeta(
        categories=("math.PR", "cs.DM"),
        comments="18 pages, 4 figures; code at https://github.com/flefevre/fs-walks",
        journal_ref="Electron. J. Probab. 29 (2024), paper no. 41, 1--18",
        doi="10.1214/24-EJP1099",
        version=1,
    )
    assert [link.repo for link in walks.links] == ["flefevre/fs-walks"]
    # A cross-listing: its primary category is the first one printed, the listing's a cross-list.
    assert cross.meta.primary_category == "math.CO" and cross.meta.cross_lists == ("math.PR",)


def test_replacements_keep_their_revision_date_and_version() -> None:
    """Defect 8: ``replaced with revised version Tue, 5 Mar 2024 ... (123kb,v2)``."""
    parsed = parse_file(TEX)
    homog, bayes, rigid = parsed.papers[3:]
    assert homog.meta == PaperMeta(
        categories=("math.AP", "math.PR"),
        comments="revised version, 45 pages",
        journal_ref="Ann. Probab. 52 (2024) 1-45",
        version=2,
        revised=dt.date(2024, 3, 5),
    )
    assert (bayes.meta.version, bayes.meta.revised) == (3, dt.date(2024, 3, 4))
    assert bayes.meta.categories == ("stat.ML", "math.PR")
    # A replacement that does not print its version: the date is kept, the version unknown.
    assert (rigid.meta.version, rigid.meta.revised) == (None, dt.date(2024, 3, 4))
    assert parsed.digest_date == dt.date(2024, 3, 4)  # the header's window, not a replacement


def test_metadata_of_the_original_fixture_and_wrapped_replacement_line() -> None:
    adam, rag, cross, qlora, old = parse_file(FIXTURES / "arxiv-mailing.txt").papers
    assert adam.meta.categories == ("cs.LG", "cs.AI") and adam.meta.version == 1
    assert rag.meta.journal_ref == "Proceedings of ACL 2024, pp. 1-12"
    assert rag.meta.doi == "10.18653/v1/2024.acl-long.1"
    assert cross.meta.categories == ("cs.LG", "cs.CL")
    assert qlora.meta.revised == dt.date(2024, 6, 24) and qlora.meta.version is None
    assert old.meta.categories == ("math.RA", "cs.LG")
    text = TEX.read_text().replace(
        "replaced with revised version Tue, 5 Mar 2024 09:41:12 GMT   (123kb,v2)",
        "replaced with revised version Tue, 5 Mar 2024 09:41:12 GMT\n  (123kb,v4)",
    )
    homog = ArxivMailImporter().parse(text, ctx()).papers[3]
    assert (homog.meta.version, homog.meta.revised) == (4, dt.date(2024, 3, 5))


def test_bad_categories_and_dois_are_reported_not_kept() -> None:
    text = TEX.read_text().replace("Categories: math.PR cs.DM", "Categories: math.PR 12.x")
    text = text.replace("DOI: 10.1214/24-EJP1099", "DOI: not-a-doi")
    parsed = ArxivMailImporter().parse(text, ctx())
    walks = parsed.papers[1]
    assert walks.meta.categories == ("math.PR",) and walks.meta.doi is None
    assert any("line 36" in w and "'12.x' is not an arXiv category" in w for w in parsed.warnings)
    assert any("line 36" in w and "not a DOI" in w for w in parsed.warnings)
