"""Daily Papers page text as exports save it (issue 13): a notebook/read-later export with
every link's address on a line of its own, and a text browser's dump with ``[text][N]``
link references and vote widgets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from testutil import FIXTURES

from reader.core.importers import parse_bytes
from reader.core.importers.hf_page_links import fold_vote_widgets, normalize_line, paper_link_id
from reader.core.model import ParsedDigest

AS_OF = dt.date(2026, 6, 29)
LINKS = FIXTURES / "hf-page-links.txt"
W3M = FIXTURES / "hf-page-w3m.txt"


def parse_file(path: Path, as_of: dt.date = AS_OF) -> ParsedDigest:
    return parse_bytes(path.read_bytes(), path, as_of)


# ------------------------------------------------------------------ link addresses on lines
def test_link_export_fixture() -> None:
    digest = parse_file(LINKS)
    assert digest.digest_date == dt.date(2026, 3, 25)
    assert [(p.arxiv_id, p.author_count, p.published, p.upvotes) for p in digest.papers] == [
        ("2410.05434", 2, dt.date(2024, 10, 7), 1),  # "[-] 1" before the entry
        ("2306.14898", 4, dt.date(2023, 6, 26), None),  # "[-] -": no votes
        ("2510.21057", None, dt.date(2025, 10, 23), 5),  # " Google" + its profile link
    ]
    assert [p.title for p in digest.papers] == [
        "Better than Your Teacher: LLM Agents that learn from Privileged AI Feedback",
        "InterCode: Standardizing and Benchmarking Interactive Coding with Execution Feedback",
        "Soft Instruction De-escalation Defense",
    ]
    # No address leaks into an abstract; the links are the abstract's own.
    assert all("huggingface.co" not in p.abstract for p in digest.papers)
    assert [link.url for link in digest.papers[0].links] == ["https://leap-llm.github.io"]
    # The search box's text is the only thing not read, and it is named.
    assert digest.warnings == ["line 56: could not place this block: “Intercode Bash”"]


@pytest.mark.parametrize(
    ("line", "normal"),
    [
        ("2 authors](https://huggingface.co/papers/2410.05434)", "2 authors"),
        ("[", None),
        ("](https://huggingface.co/papers/2410.05434)", None),
        ("A title with [brackets] inside", "A title with [brackets] inside"),
        ("See (https://x.io) here", "See (https://x.io) here"),
    ],
)
def test_normalize_line(line: str, normal: str | None) -> None:
    assert normalize_line(line) == normal


def test_text_browser_dump_fixture() -> None:
    digest = parse_file(W3M)
    assert digest.warnings == []
    assert digest.digest_date == dt.date(2026, 6, 29)
    assert [(p.title, p.author_count, p.published, p.upvotes) for p in digest.papers] == [
        ("MURMUR: An Efficient Inference System for Long-Form ASR", 5, dt.date(2026, 6, 24), None),
        ("Speech-Aware Long Context Pruning and Integration for Contextualized Automatic Speech "
         "Recognition", 8, dt.date(2025, 11, 14), 1),  # the vote widget before it: 1
        ("VIBEVOICE-ASR Technical Report", None, dt.date(2026, 3, 13), None),  # "• Microsoft"
    ]
    murmur = digest.papers[0]
    assert murmur.abstract.startswith("Long-form automatic speech recognition (ASR) requires")
    assert murmur.abstract.endswith("by operating at two levels.")
    assert not any("][" in p.abstract or "[" in p.title for p in digest.papers)


@pytest.mark.parametrize(
    ("line", "normal"),
    [
        ("### [MURMUR: An Efficient Inference System for Long-Form ASR][32]",
         "MURMUR: An Efficient Inference System for Long-Form ASR"),
        ("## by[AK][30] and the research community", "byAK and the research community"),
        ("Jun 24 [ 6][39]", "Jun 24"),
        ("[[microsoft] Microsoft][67]", "• Microsoft"),
        ("][37]", None),
        ("Results [1] and [2] hold.", "Results [1] and [2] hold."),
    ],
)
def test_normalize_text_browser_lines(line: str, normal: str | None) -> None:
    assert normalize_line(line) == normal


def test_fold_vote_widgets() -> None:
    lines = ["Jun 29", "[", "-", "][31]", "", "[", "12", "][40]", "[", "* 5 authors", "][38]"]
    assert fold_vote_widgets(lines) == [
        "Jun 29", "", "[-] -", "", "", "", "[-] 12", "", "[", "* 5 authors", "][38]"]


@pytest.mark.parametrize(
    ("url", "arxiv_id"),
    [
        ("https://huggingface.co/papers/2410.05434", "2410.05434"),
        ("https://huggingface.co/papers/2410.05434#community", None),
        ("https://huggingface.co/papers/date/2026-03-24", None),
        ("https://huggingface.co/login?next=%2Fpapers%2F2410.05434", None),
    ],
)
def test_paper_link_id(url: str, arxiv_id: str | None) -> None:
    assert paper_link_id(url) == arxiv_id
