"""Real-world variants of the Daily Papers page text (issue 13): copies cut off in the last
entry, the truncation guess both ways, the newer header, copies that kept no blank lines,
and papers dated after the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testutil import FIXTURES, SAMPLE

from reader.core.importers import parse_bytes
from reader.core.importers.base import NotADigest, ParseContext
from reader.core.importers.hf_page import HFPageImporter
from reader.core.importers.hf_page_rules import looks_truncated, unglue_line
from reader.core.library import Library
from reader.core.model import ParsedDigest, ParsedPaper
from reader.core.model.meta import PaperMeta

AS_OF = dt.date(2026, 6, 29)
CUTOFF = FIXTURES / "hf-page-cutoff.txt"
GLUED = FIXTURES / "hf-page-glued.txt"
MISDATED = FIXTURES / "hf-page-misdated.txt"
LINKS = FIXTURES / "hf-page-links.txt"  # a notebook export (test_hf_page_exports.py)
W3M = FIXTURES / "hf-page-w3m.txt"  # a text browser's dump (test_hf_page_exports.py)

HEADER = (
    "new\n\nGet trending papers in your email inbox once a day!\n\nSubscribe\n\nDaily Papers\n\n"
    "by AK and the research community\n\nJun 10\n\n"
)
COMPLETE = (
    "A Complete First Paper\n\nThe first abstract is complete. It ends properly.\n\n"
    "  • 3 authors\n·\nJun 9\n\n"
)


def parse(text: str, as_of: dt.date = AS_OF) -> ParsedDigest:
    return parse_bytes(text.encode("utf-8"), Path("page.txt"), as_of)


def parse_file(path: Path, as_of: dt.date = AS_OF) -> ParsedDigest:
    return parse_bytes(path.read_bytes(), path, as_of)


def titles(digest: ParsedDigest) -> list[str]:
    return [p.title for p in digest.papers]


def last(digest: ParsedDigest) -> ParsedPaper:
    return digest.papers[-1]


# ------------------------------------------------------------------ the truncation guess
@pytest.mark.parametrize(
    "abstract",
    [
        "We release everything. Code: https://github.com/westenfelder/NL2SH",
        "Our code is available at https://leap-llm.github.io",
        "Project page: https://intercode-benchmark.github.io",
        "Our code and models are released on https://github.com/QwenLM/Qwen-Image-Layered"
        "{https://github.com/QwenLM/Qwen-Image-Layered}",
        "We show it works (on three benchmarks).",
        "It works. Code is available at github.com/a/b.",
        'We call it "the thing."',
        "Does it scale? Yes!",
    ],
)
def test_a_complete_abstract_is_not_truncated(abstract: str) -> None:
    assert not looks_truncated(abstract)


@pytest.mark.parametrize(
    "abstract",
    [
        "We discuss the limitations (e.",
        "This holds for several tasks, i.",
        "as shown in prior work (e.g",
        "the results are promising (see Section 4 and",
        "the malicious content is rewritten, masked, or removed, and the result is re-eval",
        "which we call the oracle,",
        "we find that…",
        "we find that...",
        "We evaluate on ALFWorld (text games). Results (on WebShop.",
    ],
)
def test_a_cut_abstract_is_truncated(abstract: str) -> None:
    assert looks_truncated(abstract)


# ------------------------------------------------------------------ cut-off copies
def test_cutoff_fixture_imports_every_entry() -> None:
    digest = parse_file(CUTOFF)
    assert digest.warnings == []
    assert digest.digest_date == dt.date(2026, 3, 25)
    assert len(digest.papers) == 6
    flags = {p.title.split(":")[0]: p.abstract_truncated for p in digest.papers}
    assert flags == {
        "Better than Your Teacher": False,  # ends in a bare URL
        "LLM-Supported Natural Language to Bash Translation": False,  # "Code: https://…"
        "InterCode": False,  # "Project site with code and data: https://…"
        "Arctic-SnowCoder": True,  # "… the limitations (e."
        "Soft Instruction De-escalation Defense": True,  # "re-eval" mid-word
        "code2seq": True,  # the copy stops in the last entry
    }
    code2seq = last(digest)
    assert code2seq.abstract == (
        "The ability to generate natural language sequences from source code snippets has a variety"
    )
    assert code2seq.line == 63 and code2seq.published is None
    nl2sh = digest.papers[1]
    assert nl2sh.abstract.endswith("\n\nCode: https://github.com/westenfelder/NL2SH")
    assert [link.url for link in nl2sh.links] == ["https://github.com/westenfelder/NL2SH"]


@pytest.mark.parametrize(
    ("tail", "abstract"),
    [
        # A short abstract cut mid-word: title-like by its length.
        ("Short Cut Paper\n\nWe propose a simple method that works for", None),
        # Only a few words of the abstract survived the cut.
        ("Few Words Paper\n\nThe ability to gene", None),
        # Cut in an abbreviation.
        ("Abbreviated Paper\n\nWe study the limitations of agents (e.", None),
        # An ellipsis the copy left.
        ("Ellipsis Paper\n\nA short abstract that the page cut off with an…", None),
        # A longer first paragraph, then a short cut-off one.
        (
            "Two Paragraph Paper\n\nThe first paragraph of this abstract is long enough to be prose "
            "and not a title, since it keeps going past forty words with a lot of words in it, "
            "many more words than any title would ever have on the page, and it ends well.\n\n"
            "The second one stops after a few words",
            "The first paragraph",
        ),
        # Title and abstract on consecutive lines (no blank line between them).
        ("Consecutive Lines Paper\nWe propose a method for the problem of", None),
    ],
)
def test_a_cut_off_last_entry_is_imported_as_truncated(tail: str, abstract: str | None) -> None:
    digest = parse(HEADER + COMPLETE + tail + "\n")
    assert digest.warnings == []
    assert len(digest.papers) == 2
    paper = last(digest)
    title, _, body = tail.replace("\n\n", "\n", 1).partition("\n")
    assert paper.title == title
    assert paper.abstract.startswith(abstract or body[:20])
    assert paper.abstract_truncated
    assert not digest.papers[0].abstract_truncated


@pytest.mark.parametrize(
    "tail",
    [
        "Show more papers",  # a short line, no prose: not an abstract
        "A Title Without Abstract",
        "First Stray Line Of Words\n\nSecond Stray Title Line",
        "First Stray Line Of Words\n\nAnother Line Of Title Case",
    ],
)
def test_a_stray_short_tail_is_reported_not_invented(tail: str) -> None:
    digest = parse(HEADER + COMPLETE + tail + "\n")
    assert titles(digest) == ["A Complete First Paper"]
    assert digest.warnings and all("could not place" in w for w in digest.warnings)


# ------------------------------------------------------------------ no blank lines
def test_glued_fixture_without_blank_lines() -> None:
    digest = parse_file(GLUED)
    assert digest.warnings == []
    assert titles(digest) == [
        "Pictures Of MIDI: Controllable Music Generation via Graphical Prompts for Image-Based "
        "Diffusion Inpainting",
        "MURMUR: An Efficient Inference System for Long-Form ASR",
        "NL2Bash: A Corpus and Semantic Parser for Natural Language Interface to the Linux "
        "Operating System",
        "Shellcode_IA32: A Dataset for Automatic Shellcode Generation",
        "UniXcoder: Unified Cross-Modal Pre-training for Code Representation",
    ]
    midi, murmur, nl2bash, shellcode, unixcoder = digest.papers
    assert (midi.author_count, midi.published) == (1, dt.date(2024, 7, 1))  # "• 1 author · Jul 1, 2024"
    assert [link.url for link in midi.links] == ["https://github.com/drscotthawley/pictures-of-midi"]
    assert midi.line == 4
    # Two paragraphs, each one line, then the meta lines.
    assert murmur.abstract.count("\n\n") == 1 and murmur.abstract.startswith("Long-form automatic")
    assert (murmur.author_count, murmur.published, murmur.upvotes) == (5, dt.date(2026, 6, 24), 12)
    assert nl2bash.published == dt.date(2018, 2, 24)
    assert (shellcode.author_count, shellcode.published, shellcode.upvotes) == (
        6, dt.date(2021, 4, 26), 2)  # "• 6 authors·Apr 26, 2021 2"
    assert unixcoder.abstract_truncated and unixcoder.published is None
    assert not any(p.abstract_truncated for p in digest.papers[:4])


@pytest.mark.parametrize(
    "head",
    [
        "Daily PapersbyAK and the research community\nJun 10\n",
        "Get trending papers in your email inbox!Subscribe\nDaily Papers\nJun 10\n",
        "new\nGet trending papers in your email inbox once a day!\nSubscribe\nDaily Papers\n"
        "by AK and the research community\nDaily\nWeekly\nMonthly\nJun 10\n",
    ],
)
def test_glued_headers_and_entries(head: str) -> None:
    text = (
        head + "First Glued Paper\nAn abstract on the next line. It ends here.\n"
        "• 2 authors\n·\nJun 8\nSecond Glued Paper\nAnother abstract, complete as well.\n"
        "• Google DeepMind\n·\nMay 1, 2025 7\n"
    )
    digest = parse(text)
    assert digest.warnings == []
    assert digest.digest_date == dt.date(2026, 6, 10)
    assert titles(digest) == ["First Glued Paper", "Second Glued Paper"]
    assert digest.papers[0].abstract == "An abstract on the next line. It ends here."
    assert (digest.papers[0].author_count, digest.papers[0].published) == (2, dt.date(2026, 6, 8))
    assert (digest.papers[1].published, digest.papers[1].upvotes) == (dt.date(2025, 5, 1), 7)


def test_title_and_abstract_on_consecutive_lines_with_blank_lines_elsewhere() -> None:
    text = HEADER + (
        "Consecutive Title Here\nThe abstract follows on the next line. It is complete.\n\n"
        "  • 4 authors\n·\nJun 2\n\n"
        "A Wrapped Paper Title\n\nA hard-wrapped abstract whose lines\ncontinue in lower case. And "
        "it\nStill reads as one paragraph.\n\n  • 1 author\n·\nJun 1\n"
    )
    digest = parse(text)
    assert digest.warnings == []
    assert titles(digest) == ["Consecutive Title Here", "A Wrapped Paper Title"]
    assert digest.papers[0].abstract == "The abstract follows on the next line. It is complete."
    assert digest.papers[1].abstract.startswith("A hard-wrapped abstract whose lines continue")


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("SubscribePictures Of MIDI: x", ["Subscribe", "Pictures Of MIDI: x"]),
        ("Daily PapersbyAK and the research community",
         ["Daily Papers", "byAK and the research community"]),
        ("Get trending papers in your email inbox!Subscribe",
         ["Get trending papers in your email inbox!", "Subscribe"]),
        ("Subscribe to our newsletter", ["Subscribe to our newsletter"]),
        ("Subscribed users get more", ["Subscribed users get more"]),
        ("Daily Papers", ["Daily Papers"]),
    ],
)
def test_unglue_line(line: str, parts: list[str]) -> None:
    assert unglue_line(line) == parts


# ------------------------------------------------------------------ dated after the page
def test_bad_file_date_does_not_put_papers_after_the_page() -> None:
    # The file's date (its mtime) is wrong: the page "Jan 3" would be read as 2025-01-03,
    # before a paper printed "Dec 30, 2025". The page is read as 2026-01-03 instead.
    digest = parse_file(MISDATED, as_of=dt.date(2025, 11, 20))
    assert digest.digest_date == dt.date(2026, 1, 3)
    assert [p.published for p in digest.papers] == [dt.date(2025, 12, 30), dt.date(2026, 1, 2)]
    assert len(digest.warnings) == 1
    assert digest.warnings[0].startswith("line 9: the page date 'Jan 3' is read as 2026-01-03")
    assert "file's date looks wrong" in digest.warnings[0]
    # With a right file date nothing is reported.
    right = parse_file(MISDATED, as_of=dt.date(2026, 1, 4))
    assert right.digest_date == dt.date(2026, 1, 3) and right.warnings == []
    assert [p.published for p in right.papers] == [p.published for p in digest.papers]


def test_paper_dated_after_a_page_date_with_its_year_is_reported() -> None:
    text = HEADER.replace("Jun 10", "Jun 10, 2026") + (
        "From The Future\n\nAn abstract. It is complete.\n\n  • 2 authors\n·\nJun 12, 2026\n"
    )
    digest = parse(text)
    assert digest.papers[0].published == dt.date(2026, 6, 12)
    assert digest.warnings == [
        "line 13: 'From The Future' is dated 2026-06-12, after the page's date 2026-06-10"
    ]


def test_paper_dated_after_the_file_date_without_a_page_date_is_reported() -> None:
    text = "A Paper\n\nAn abstract. It is complete.\n\n  • 2 authors\n·\nMar 3, 2026\n"
    digest = parse(text, as_of=dt.date(2026, 1, 5))
    assert digest.papers[0].published == dt.date(2026, 3, 3)
    assert digest.warnings == ["line 1: 'A Paper' is dated 2026-03-03, after the file's date 2026-01-05"]


# ------------------------------------------------------------------ the day it was featured
def test_a_days_listing_gives_the_featured_day() -> None:
    digest = parse_file(MISDATED, as_of=dt.date(2026, 1, 4))
    # Papers of Dec 30 and Jan 2 under the page date Jan 3: the day's listing.
    assert [p.meta for p in digest.papers] == [PaperMeta(featured_on=dt.date(2026, 1, 3))] * 2


@pytest.mark.parametrize("path", [CUTOFF, LINKS, SAMPLE], ids=lambda p: p.name)
def test_search_results_give_no_featured_day(path: Path) -> None:
    # Papers of several years under one page date: search results, not a day's listing.
    digest = parse_file(path)
    assert digest.digest_date is not None
    assert all(p.meta.featured_on is None for p in digest.papers)


def test_monthly_heading_is_not_a_date() -> None:
    text = HEADER.replace("Jun 10", "June 2026") + COMPLETE
    digest = parse(text)
    assert digest.digest_date is None
    assert digest.papers[0].published == dt.date(2026, 6, 9)


# ------------------------------------------------------------------ through the Library
def test_variant_fixtures_import_through_the_library(library: Library) -> None:
    report = library.import_files([CUTOFF, GLUED, MISDATED, LINKS, W3M], as_of=AS_OF)
    assert [f.status.value for f in report.files] == ["imported"] * 5
    # The link export repeats three papers of the cut-off copy: known by title, they are
    # updated (they gain their arXiv ids), not added twice.
    assert [f.new for f in report.files] == [6, 5, 2, 0, 2]  # MURMUR is in the glued copy too
    assert report.files[3].updated == 3
    assert library.resolve("2410.05434") is not None
    page = library.query('title:"code2seq"', limit=5)
    assert page.total == 1
    paper = library.get(page.rows[0].id)
    assert paper is not None and paper.abstract_truncated


# ------------------------------------------------------------------ properties
_page_line = st.sampled_from([
    "", "", "new", "Subscribe", "SubscribeA Title Glued", "Daily Papers", "Jun 10", "Feb 29",
    "A Paper Title", "An abstract sentence. Another one.", "cut off in the midd", "• 3 authors",
    "3 authors", "·", "• Google", "Jun 9, 2025 4", "• 2 authors · Jun 8", "[-] 5", "[-] -", "[",
    "]", "][12]", "-", "1", "https://huggingface.co/papers/2410.05434",
    "https://huggingface.co/google", "https://huggingface.co/papers/2410.05434#community",
    "2 authors](https://huggingface.co/papers/2410.05434)", "### [A Title][3]", "Jun 24 [ 6][39]",
    "[[microsoft] Microsoft][67]", "Code: https://github.com/a/b",
]) | st.text(max_size=40)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(_page_line, max_size=40))
def test_page_shaped_noise_never_crashes_and_lines_point_at_titles(lines: list[str]) -> None:
    text = "\n".join(lines)
    importer = HFPageImporter()
    context = ParseContext(Path("page.txt"), AS_OF)
    if not importer.sniff(text):
        with pytest.raises(NotADigest):
            importer.parse(text, context)
        return
    digest = importer.parse(text, context)
    numbered = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for paper in digest.papers:
        assert paper.title and paper.line is not None
        # The line number of an entry is the line its title starts on.
        assert paper.title.split()[0] in numbered[paper.line - 1], (paper.title, paper.line)
