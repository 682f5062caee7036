"""The arXiv listing mailing (plain text) importer."""

from __future__ import annotations

import datetime as dt

from importer_cases import ctx, parse_file
from testutil import FIXTURES

from reader.core.importers.arxiv_mail import ArxivMailImporter


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
