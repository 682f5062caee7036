"""The Hugging Face Daily Papers page-text importer (ARCHITECTURE.md, "Data flow of an import")."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testutil import SAMPLE

from reader.core.importers import detect, parse_bytes
from reader.core.importers.base import NotADigest, ParseContext, Rejected
from reader.core.importers.hf_page import _HEADER_LINES, HFPageImporter
from reader.core.model import LinkKind, ParsedDigest, ParsedPaper

AS_OF = dt.date(2026, 11, 26)


def parse(data: bytes, as_of: dt.date = AS_OF) -> ParsedDigest:
    return parse_bytes(data, Path("digest.txt"), as_of)


def by_title(digest: ParsedDigest, prefix: str) -> ParsedPaper:
    found = [p for p in digest.papers if p.title.startswith(prefix)]
    assert len(found) == 1, [p.title for p in digest.papers]
    return found[0]


@pytest.fixture(scope="module")
def sample() -> ParsedDigest:
    return parse(SAMPLE.read_bytes())


def test_sample_has_exactly_38_papers(sample: ParsedDigest) -> None:
    assert sample.format == "hf-daily-page"
    assert len(sample.papers) == 38
    assert sample.digest_date == dt.date(2025, 12, 31)
    assert sample.warnings == []
    assert len({p.key for p in sample.papers}) == 38


def test_slab(sample: ParsedDigest) -> None:
    p = by_title(sample, "SLAB: Efficient Transformers with")
    assert p.author_count == 4
    assert p.published == dt.date(2024, 5, 19)
    assert [link.url for link in p.links] == [
        "https://github.com/xinghaochen/SLAB",
        "https://github.com/mindspore-lab/models/tree/master/research/huawei-noah/SLAB",
    ]
    assert [link.repo for link in p.links] == ["xinghaochen/SLAB", "mindspore-lab/models"]
    assert all(link.kind is LinkKind.GITHUB and link.is_code for link in p.links)


def test_gpstoken_date_without_year_and_latex_mangled_link(sample: ParsedDigest) -> None:
    p = by_title(sample, "GPSToken:")
    assert p.published == dt.date(2025, 9, 1)
    assert [link.url for link in p.links] == ["https://github.com/xtudbxk/GPSToken"]


@pytest.mark.parametrize(
    ("prefix", "published", "upvotes"),
    [
        ("Flow Equivariant Recurrent Neural Networks", dt.date(2025, 7, 19), 1),
        ("Multi-Head Adapter Routing for Cross-Task Generalization", dt.date(2022, 11, 7), 2),
        ("Parameter-Efficient Fine-Tuning for Large Models", dt.date(2024, 3, 21), 3),
        ("Task structure and nonlinearity", dt.date(2024, 1, 24), None),
    ],
)
def test_dates_and_upvotes(sample: ParsedDigest, prefix: str, published: dt.date,
                           upvotes: int | None) -> None:
    p = by_title(sample, prefix)
    assert p.published == published
    assert p.upvotes == upvotes


def test_verigui_without_meta_is_still_imported(sample: ParsedDigest) -> None:
    p = by_title(sample, "VeriGUI: Verifiable Long-Chain GUI Dataset")
    assert p.author_count is None
    assert p.published is None
    assert p.abstract.startswith("Recent studies have delved")


def test_one_model_for_all_tasks_single_clean_link(sample: ParsedDigest) -> None:
    p = by_title(sample, "One Model for All Tasks:")
    assert [link.url for link in p.links] == ["https://github.com/opendilab/LightZero"]


def test_kite_link_is_not_code(sample: ParsedDigest) -> None:
    p = by_title(sample, "KITE:")
    assert [link.url for link in p.links] == ["http://tinyurl.com/kite-site"]
    assert not p.links[0].is_code


def test_fifteen_papers_have_code(sample: ParsedDigest) -> None:
    assert sum(1 for p in sample.papers if any(link.is_code for link in p.links)) == 15


def test_no_trailing_punctuation_in_any_url(sample: ParsedDigest) -> None:
    for paper in sample.papers:
        for link in paper.links:
            assert not link.url.endswith((".", ",", "}", ")", ";"))
            assert "{" not in link.url


# ------------------------------------------------------------------ variants of real copies
def _titles(digest: ParsedDigest) -> list[str]:
    return [p.title for p in digest.papers]


def test_crlf_bom_trailing_spaces_give_the_same_papers(sample: ParsedDigest) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    crlf = "\r\n".join(line + "  " for line in text.split("\n"))
    variant = parse(codecs.BOM_UTF8 + crlf.encode("utf-8"))
    assert _titles(variant) == _titles(sample)
    assert [p.published for p in variant.papers] == [p.published for p in sample.papers]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16(sample: ParsedDigest, codec: str) -> None:
    data = SAMPLE.read_text(encoding="utf-8").encode(codec)
    assert _titles(parse(data)) == _titles(sample)


def test_header_missing_still_recognised(sample: ParsedDigest) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    body = text[text.index("Task structure and nonlinearity") :]
    digest = parse(body.encode())
    assert len(digest.papers) == 38
    # Without the page date, year-less dates resolve against the reference date.
    assert by_title(digest, "GPSToken:").published == dt.date(2026, 9, 1)


def test_concatenated_pages_each_with_their_own_date() -> None:
    page = (
        "Daily Papers\n\nbyAK and the research community\n\n{date}\n\n"
        "{title}\n\nAn abstract about {title}. It has two sentences.\n\n  • 2 authors\n·\nMar 3\n"
    )
    text = page.format(date="Jan 10", title="First Paper") + "\n" + page.format(
        date="Feb 20, 2024", title="Second Paper"
    )
    digest = parse(text.encode(), as_of=dt.date(2026, 6, 1))
    assert _titles(digest) == ["First Paper", "Second Paper"]
    # Page 1: Jan 10 -> 2026-01-10, so Mar 3 is 2025-03-03. Page 2: 2024-02-20 -> 2023-03-03.
    assert [p.published for p in digest.papers] == [dt.date(2025, 3, 3), dt.date(2023, 3, 3)]


def test_unplaced_blocks_are_reported_with_line_numbers() -> None:
    text = (
        "Daily Papers\n\nDec 31\n\n"
        "Good Paper Title\n\nA fine abstract. It ends properly.\n\n  • 3 authors\n·\nJan 2, 2024\n\n"
        "This is a stray paragraph that is long enough to not be a title, and it keeps going on and "
        "on about nothing in particular, for more than forty words, which makes it prose rather "
        "than a title, so the parser has to report it instead of silently dropping it or inventing "
        "a paper from it.\n"
    )
    digest = parse(text.encode())
    assert _titles(digest) == ["Good Paper Title"]
    assert len(digest.warnings) == 1
    assert digest.warnings[0].startswith("line 13:")


def test_meta_block_with_organisation_and_no_date() -> None:
    text = "A Paper\n\nAn abstract.\n\n  • Google DeepMind\n\nOther Paper\n\nText.\n\n  • 2 authors\n"
    digest = parse(text.encode())
    assert _titles(digest) == ["A Paper", "Other Paper"]
    assert digest.papers[1].author_count == 2


def test_feb_29_resolves_to_a_leap_year() -> None:
    text = "Daily Papers\n\nMar 1, 2026\n\nLeap Paper\n\nAbstract.\n\n  • 1 author\n·\nFeb 29\n"
    digest = parse(text.encode())
    assert digest.papers[0].published == dt.date(2024, 2, 29)


# ------------------------------------------------------------------ not this format
@pytest.mark.parametrize(
    "text",
    [
        "Just some prose.\n\nAnother paragraph of prose, with no digest in it at all.\n",
        "<!doctype html><html><body><p>Hello</p></body></html>",
        '{"name": "package", "version": "1.0"}',
        "Title Like Line\n\nAnd a paragraph. But nothing else.\n",
    ],
)
def test_not_a_digest_is_rejected(text: str) -> None:
    with pytest.raises(NotADigest, match="not a recognised digest"):
        parse(text.encode())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t\n  ", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG"),
        (b"Daily Papers\n\n\xff\xfe\xfa broken", "not valid UTF-8"),
    ],
)
def test_bad_bytes_get_specific_messages(data: bytes, message: str) -> None:
    with pytest.raises(Rejected, match=message):
        parse(data)


def test_detect_picks_page_importer() -> None:
    importer = detect(SAMPLE.read_text(encoding="utf-8"))
    assert importer is not None and importer.name == "hf-daily-page"


# ------------------------------------------------------------------ properties
_words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_words)
def test_parser_never_raises_on_arbitrary_text(text: str) -> None:
    importer = HFPageImporter()
    ctx = ParseContext(source=Path("x.txt"), as_of=AS_OF)
    if importer.sniff(text):
        digest = importer.parse(text, ctx)
        assert isinstance(digest.papers, list)
    else:
        with pytest.raises(NotADigest):
            importer.parse(text, ctx)


_noise_block = st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd", "Zs", "Po")), min_size=1, max_size=300
).map(lambda s: " ".join(s.split())).filter(
    # Page boilerplate ("Daily Papers", "Subscribe") is placed as a header, not noise.
    lambda s: bool(s) and s.lower() not in _HEADER_LINES
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(before=st.lists(_noise_block, max_size=4), after=st.lists(_noise_block, max_size=4))
def test_well_formed_entry_survives_noise(before: list[str], after: list[str]) -> None:
    entry = (
        "Robust Parsing of Daily Paper Digests\n\n"
        "We study robust parsing. Our method never loses an entry. Code: https://github.com/a/b.\n\n"
        "  • 4 authors\n·\nMay 19, 2024 7"
    )
    text = "\n\n".join([*before, entry, *after]) + "\n"
    digest = parse(text.encode())
    found = [p for p in digest.papers if p.title == "Robust Parsing of Daily Paper Digests"]
    assert len(found) == 1
    paper = found[0]
    assert paper.published == dt.date(2024, 5, 19)
    assert paper.upvotes == 7
    assert paper.author_count == 4
    assert [link.url for link in paper.links] == ["https://github.com/a/b"]
    # Nothing vanished silently: every noise block is part of a paper or named in a warning.
    seen = " ".join([*(p.title + " " + p.abstract for p in digest.papers), *digest.warnings])
    for block in [*before, *after]:
        assert block[:40] in seen, block


def test_meta_block_glued_to_the_next_title() -> None:
    text = (
        "Daily Papers\n\nFirst Paper\n\nFirst abstract.\n\n  • 3 authors\n·\nNov 11\nSecond Paper\n\n"
        "Second abstract.\n\n  • 2 authors\n·\nJan 3, 2025\n"
    )
    digest = parse(text.encode())
    assert _titles(digest) == ["First Paper", "Second Paper"]
    assert digest.papers[1].abstract == "Second abstract."
    assert digest.papers[1].line == 10
    assert digest.warnings == []
