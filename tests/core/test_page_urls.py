"""A paper's page and PDF (reader.core.links.page_url / pdf_url): never a code link."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.core.links import classify, page_url, pdf_url, title_search_url
from reader.core.model import Link, LinkKind, Paper, State

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
CODE = Link("https://github.com/a/b", LinkKind.GITHUB, "a/b")
GITLAB = Link("https://gitlab.com/g/p", LinkKind.GITLAB, "g/p")


def paper(*, links: list[Link] | None = None, arxiv_id: str | None = None,
          title: str = "Sparse  Mixtures & Friends") -> Paper:
    return Paper(
        id=1, key="k", title=title, abstract="", authors=[], author_count=None, published=None,
        upvotes=None, links=links or [], state=State.INBOX, starred=False, tags=[], note="",
        digests=[], added_at=NOW, updated_at=NOW, arxiv_id=arxiv_id)


def test_the_arxiv_id_gives_the_abstract_page_and_the_pdf() -> None:
    p = paper(links=[CODE], arxiv_id="2406.16793")
    assert page_url(p) == "https://arxiv.org/abs/2406.16793"
    assert pdf_url(p) == "https://arxiv.org/pdf/2406.16793"


def test_an_arxiv_link_of_the_paper_stands_for_its_id() -> None:
    p = paper(links=[CODE, classify("https://arxiv.org/pdf/2401.00012v2")])
    assert page_url(p) == "https://arxiv.org/abs/2401.00012v2"
    assert pdf_url(p) == "https://arxiv.org/pdf/2401.00012v2"
    old = paper(links=[classify("https://arxiv.org/abs/hep-th/9901001")])
    assert page_url(old) == "https://arxiv.org/abs/hep-th/9901001"


def test_without_arxiv_the_hugging_face_paper_page() -> None:
    hf = classify("https://huggingface.co/papers/2405.15682")
    assert hf.kind is LinkKind.HUGGINGFACE
    model = classify("https://huggingface.co/org/model")
    p = paper(links=[CODE, model, hf])
    assert page_url(p) == "https://huggingface.co/papers/2405.15682"
    assert pdf_url(p) is None


@pytest.mark.parametrize("links", [[CODE], [CODE, GITLAB], [], [classify("https://huggingface.co/org/m")],
                                   [Link("https://x.github.io/proj", LinkKind.PROJECT)]])
def test_otherwise_a_title_search_and_never_a_code_link(links: list[Link]) -> None:
    p = paper(links=links)
    url = page_url(p)
    assert url == title_search_url(p.title)
    assert url == "https://arxiv.org/search/?query=Sparse+Mixtures+%26+Friends&searchtype=title"
    assert pdf_url(p) is None


def test_a_pdf_link_of_the_paper_is_its_pdf() -> None:
    pdf = Link("https://proceedings.example.org/paper123.PDF", LinkKind.OTHER)
    code_pdf = Link("https://github.com/a/b/blob/main/paper.pdf", LinkKind.GITHUB, "a/b")
    assert pdf_url(paper(links=[code_pdf, pdf])) == pdf.url
    assert pdf_url(paper(links=[code_pdf])) is None
