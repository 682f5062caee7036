"""The e-mail importer (a digest inside a message)."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest
from importer_cases import parse_file
from testutil import FIXTURES

from reader.core.importers import parse_bytes
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


OLD_MAIL = FIXTURES / "arxiv-mailing-1999.eml"


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(needle))


def test_an_old_listing_mailed_in_a_multipart_message() -> None:
    parsed = parse_file(OLD_MAIL)
    assert parsed.format == "email/arxiv-mailing"
    assert [p.arxiv_id for p in parsed.papers] == ["hep-th/9901001", "hep-th/9901002", "gr-qc/9901003"]
    assert parsed.digest_date == dt.date(1999, 1, 4)  # the listing's window, not the mail's Date
    assert parsed.papers[1].authors == ["M. Cvetič", "H. Lü", "C.N. Pope", "T.A. Tran"]


def test_warnings_and_entries_name_the_line_of_the_file_not_of_the_body() -> None:
    """Defect 8: the body part starts after the message's and the part's headers."""
    text = OLD_MAIL.read_text()
    parsed = parse_file(OLD_MAIL)
    stray = _line_of(text, ">> forwarded")
    assert parsed.warnings == [
        f"text/plain: line {stray}: unexpected line in arXiv entry: '>> forwarded by the department list'"
    ]
    assert [p.line for p in parsed.papers] == [
        _line_of(text, "Paper: hep-th/9901001"),
        _line_of(text, "Paper: hep-th/9901002"),
        _line_of(text, "Paper (*cross-listing*): gr-qc/9901003"),
    ]


def test_quoted_printable_lines_map_through_soft_line_breaks() -> None:
    """The current arXiv mailing is quoted-printable: a soft break (``Yinyu=`` / `` Ye,``) makes
    two lines of the file one line of the body; later lines still name the file's line."""
    text = (FIXTURES / "arxiv-mailing.eml").read_text()
    text = text.replace("Categories: cs.LG cs.CL\n", "Categories: cs.LG cs.CL\n?? stray\n", 1)
    parsed = parse_bytes(text.encode(), Path("m.eml"), dt.date(2026, 1, 5))
    stray = _line_of(text, "?? stray")
    assert parsed.warnings == [f"text/plain: line {stray}: unexpected line in arXiv entry: '?? stray'"]
    lines = text.split("\n")
    assert [lines[p.line - 1].split()[0] for p in parsed.papers if p.line] == [
        "arXiv:2406.16793", "arXiv:2406.16801", "arXiv:2406.15877", "arXiv:2305.14314",
        "arXiv:math/0601001",
    ]
    crlf = parse_bytes(text.replace("\n", "\r\n").encode(), Path("m.eml"), dt.date(2026, 1, 5))
    assert crlf.warnings == parsed.warnings


def test_a_base64_body_says_its_line_numbers_are_of_the_decoded_text() -> None:
    text = OLD_MAIL.read_text()
    head, _, rest = text.partition("Content-Transfer-Encoding: 7bit\n\n")
    body, _, tail = rest.partition("\n--=_listing_9901--")
    encoded = base64.encodebytes(body.encode()).decode()
    mail = f"{head}Content-Transfer-Encoding: base64\n\n{encoded}\n--=_listing_9901--{tail}"
    parsed = parse_bytes(mail.encode(), Path("b.eml"), dt.date(2026, 1, 5))
    assert len(parsed.papers) == 3
    (warning,) = parsed.warnings
    stray = _line_of(body, ">> forwarded")
    assert warning.startswith(f"text/plain (line numbers of its decoded text): line {stray}: ")
