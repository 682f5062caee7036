"""The format registry: which importer it picks for a file (detection by content), and a
registry built from a custom table of importers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from importer_cases import AS_OF, parse_file
from testutil import FIXTURES, HF_API, SAMPLE

from reader.core.importers import REGISTRY, FormatRegistry, detect, parse_bytes
from reader.core.importers.arxiv_feed import ArxivFeedImporter
from reader.core.importers.arxiv_mail import ArxivMailImporter
from reader.core.importers.base import NotADigest, ParseContext
from reader.core.importers.eml import EmlImporter
from reader.core.importers.hf_api import HFApiImporter
from reader.core.model import ParsedDigest, ParsedPaper

CORPUS = HF_API


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("arxiv-mailing.txt", "arxiv-mailing"),
        ("arxiv-rss.xml", "arxiv-feed"),
        ("arxiv-atom.xml", "arxiv-feed"),
        ("newsletter.eml", "email"),
        ("newsletter-html.eml", "email"),
        ("arxiv-mailing.eml", "email"),
    ],
)
def test_detect_fixtures(name: str, expected: str) -> None:
    importer = detect((FIXTURES / name).read_text(encoding="utf-8"))
    assert importer is not None and importer.name == expected


def test_detect_hf_api_corpus_variants() -> None:
    for name in ("2024-05-27.json", "2024-12-11.json"):
        importer = detect((CORPUS / name).read_text(encoding="utf-8"))
        assert importer is not None and importer.name == "hf-daily-api"


def test_page_text_sample_still_detected() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    importer = detect(text)
    assert importer is not None and importer.name == "hf-daily-page"
    assert len(parse_file(SAMPLE).papers) == 38


PROSE = [
    "The quick brown fox jumps over the lazy dog.\n\nIt was a bright cold day in April, "
    "and the clocks were striking thirteen.\n",
    "Meeting notes\n\nFrom: the team\nWe discussed arXiv papers and the title of the talk.\n",
    '{"name": "config", "paper": "A4", "title": "settings"}',
    "<html><body><p>Welcome to my homepage about arXiv.</p></body></html>",
    "Title: My holiday\nAuthors: me\n\nWe went to the beach.\n",
]


@pytest.mark.parametrize("text", PROSE)
def test_prose_is_not_detected_by_new_importers(text: str) -> None:
    for importer in (HFApiImporter(), ArxivMailImporter(), ArxivFeedImporter(),
                     EmlImporter(REGISTRY)):
        assert not importer.sniff(text), importer.name


# --- a registry of a custom table of importers ---------------------------------------------


class TsvImporter:
    """A made-up format: a ``X-TITLE<TAB>X-UPVOTES`` header line (no paper list's column
    names, so no built-in format reads it), then one paper a line."""

    name = "test-tsv"

    def sniff(self, text: str) -> bool:
        return text.startswith("X-TITLE\tX-UPVOTES\n")

    def parse(self, text: str, context: ParseContext) -> ParsedDigest:
        papers = []
        for line in text.splitlines()[1:]:
            if line.strip():
                title, votes = line.split("\t")
                papers.append(ParsedPaper(title=title, upvotes=int(votes)))
        return ParsedDigest(format=self.name, papers=papers, digest_date=context.as_of)


class GreedyImporter:
    """Accepts anything: shows that detection follows the registry's order."""

    name = "test-greedy"

    def sniff(self, text: str) -> bool:
        return True

    def parse(self, text: str, context: ParseContext) -> ParsedDigest:
        return ParsedDigest(format=self.name, papers=[ParsedPaper(title="everything")])


TSV = "X-TITLE\tX-UPVOTES\nA First Paper\t3\nA Second Paper\t-4\n"
MAIL = (
    "From: digest@example.org\nTo: me@example.org\nSubject: today\n"
    "Date: Mon, 24 Jun 2024 17:00:11 +0000\nContent-Type: text/plain; charset=utf-8\n\n" + TSV
)


def test_custom_registry_detects_and_parses_its_own_formats() -> None:
    registry = FormatRegistry([TsvImporter()])
    assert [i.name for i in registry.importers] == ["test-tsv"]
    found = registry.detect(TSV)
    assert found is not None and found.name == "test-tsv"
    assert registry.detect("no header here\n") is None
    digest = registry.parse_bytes(TSV.encode("utf-8"), Path("x.tsv"), AS_OF)
    assert digest.format == "test-tsv"
    assert [p.title for p in digest.papers] == ["A First Paper", "A Second Paper"]
    assert digest.digest_date == AS_OF
    # The registry sanitizes what any importer hands on: a negative count is dropped.
    assert [p.upvotes for p in digest.papers] == [3, None]
    assert any("upvotes -4 is out of range" in w for w in digest.warnings)
    # The default registry does not know the made-up format.
    with pytest.raises(NotADigest):
        parse_bytes(TSV.encode("utf-8"), Path("x.tsv"), AS_OF)


def test_custom_registry_rejects_what_none_of_its_importers_knows() -> None:
    registry = FormatRegistry([TsvImporter()])
    rss = (FIXTURES / "arxiv-rss.xml").read_bytes()
    with pytest.raises(NotADigest, match="XML/markup of a shape no importer knows"):
        registry.parse_bytes(rss, Path("feed.xml"), AS_OF)
    assert parse_bytes(rss, Path("feed.xml"), AS_OF).format == "arxiv-feed"


def test_register_first_or_last_decides_detection_order() -> None:
    registry = FormatRegistry([TsvImporter()])
    registry.register(GreedyImporter(), first=False)
    assert [i.name for i in registry.importers] == ["test-tsv", "test-greedy"]
    assert registry.detect(TSV).name == "test-tsv"  # type: ignore[union-attr]
    assert registry.detect("anything").name == "test-greedy"  # type: ignore[union-attr]
    registry.register(GreedyImporter())  # first by default
    assert [i.name for i in registry.importers] == ["test-greedy", "test-tsv", "test-greedy"]
    assert registry.detect(TSV).name == "test-greedy"  # type: ignore[union-attr]


def test_email_importer_detects_with_the_registry_it_was_given() -> None:
    registry = FormatRegistry([TsvImporter()])
    registry.register(EmlImporter(registry))
    digest = registry.parse_bytes(MAIL.encode("utf-8"), Path("today.eml"), AS_OF)
    assert digest.format == "email/test-tsv"
    assert [p.title for p in digest.papers] == ["A First Paper", "A Second Paper"]
    # The inner importer was handed the day the mail was sent as its reference date.
    assert digest.digest_date == dt.date(2024, 6, 24)
    # The default registry's e-mail importer knows no such format inside a message.
    with pytest.raises(NotADigest, match="no part that is a known digest"):
        parse_bytes(MAIL.encode("utf-8"), Path("today.eml"), AS_OF)


def test_default_registry_order() -> None:
    assert [i.name for i in REGISTRY.importers] == [
        "digest-reader-export", "hf-daily-api", "semantic-scholar", "hf-feed", "arxiv-feed", "email",
        "arxiv-mailing", "hf-paper-page", "markdown-digest", "csv-list", "hf-daily-page",
    ]
    eml = next(i for i in REGISTRY.importers if isinstance(i, EmlImporter))
    assert eml.formats is REGISTRY
