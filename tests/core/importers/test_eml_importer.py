"""The e-mail importer (a digest inside a message)."""

from __future__ import annotations

import datetime as dt

import pytest
from importer_cases import parse_file
from testutil import FIXTURES

from reader.core.importers.base import Rejected
from reader.core.importers.eml import html_to_text


def test_eml_multipart_newsletter_uses_plain_part() -> None:
    digest = parse_file(FIXTURES / "newsletter.eml")
    assert digest.format == "email/hf-daily-page"
    # "Jun 25" has no year: it is resolved against the day the mail was sent.
    assert digest.digest_date == dt.date(2024, 6, 25)
    adam, uber = digest.papers
    assert adam.title == "Adam-mini: Use Fewer Learning Rates To Gain More"
    assert adam.upvotes == 42 and adam.author_count == 8
    assert adam.published == dt.date(2024, 6, 24)
    assert [link.repo for link in adam.links] == ["zyushun/Adam-mini"]
    assert uber.title == "Über-Tokens: Représentations «multilingues» for Everyone"
    assert "naïve café" in uber.abstract


def test_eml_html_only_is_converted_to_text() -> None:
    digest = parse_file(FIXTURES / "newsletter-html.eml")
    assert digest.format == "email/hf-daily-page"
    assert [p.title for p in digest.papers] == [
        "Adam-mini: Use Fewer Learning Rates To Gain More",
        "Über-Tokens: Représentations «multilingues» for Everyone",
    ]
    text = html_to_text("<p>a &amp; b</p><script>x()</script><p>c<br>d</p>")
    assert text == "a & b\n\nc\nd\n"


def test_eml_with_arxiv_mailing() -> None:
    digest = parse_file(FIXTURES / "arxiv-mailing.eml")
    assert digest.format == "email/arxiv-mailing"
    assert len(digest.papers) == 5
    assert digest.papers[0].arxiv_id == "2406.16793"
    assert digest.papers[3].abstract == ""


def test_eml_without_digest_is_rejected() -> None:
    with pytest.raises(Rejected, match="no part that is a known digest"):
        parse_file(FIXTURES / "not-a-digest.eml")
