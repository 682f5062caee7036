"""Semantic Scholar Graph API JSON: search pages, one paper, batch lists, citations, JSON
Lines of the datasets."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from importer_cases import ctx, parse_file, parse_text
from testutil import AS_OF, FIXTURES, HF_API

from reader.core.importers import detect
from reader.core.importers.base import Rejected
from reader.core.importers.semantic_scholar import SemanticScholarImporter
from reader.core.library import Library
from reader.core.model import ImportStatus
from reader.core.model.meta import PaperMeta

S2 = sorted(FIXTURES.glob("s2-*.json"))


def test_search_page_fields() -> None:
    digest = parse_file(FIXTURES / "s2-search.json")
    assert digest.format == "semantic-scholar"
    bert, attention, alphafold, judge = digest.papers
    assert bert.title == "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    assert bert.arxiv_id == "1810.04805" and bert.published == dt.date(2019, 6, 1)
    assert bert.authors == ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"]
    assert bert.upvotes is None  # citationCount is not a count of upvotes
    assert bert.meta == PaperMeta(
        doi="10.18653/v1/N19-1423",
        journal_ref="North American Chapter of the Association for Computational Linguistics")
    assert [link.url for link in bert.links] == [
        "https://aclanthology.org/N19-1423.pdf",
        "https://www.semanticscholar.org/paper/df2b0e26d0599ce3e70df8a9da02e51594e0e992"]
    # a versioned id; no abstract: the TLDR stands in; journal "ArXiv" is no journal reference
    assert attention.arxiv_id == "1706.03762"
    assert attention.abstract.startswith("A new simple network architecture")
    assert attention.meta.journal_ref == "Neural Information Processing Systems"
    # no arXiv id: known by its title, DOI from a doi.org URL, journal name + volume + pages
    assert alphafold.arxiv_id is None
    assert alphafold.meta == PaperMeta(doi="10.1038/s41586-021-03819-2", journal_ref="Nature 596, 583 - 589")
    # a wrapped title, venue arXiv.org, no date, no authors
    assert judge.title == "Judging LLM-as-a-judge with MT-Bench and Chatbot Arena"
    assert (judge.published, judge.meta.journal_ref, judge.author_count) == (None, None, None)
    assert digest.warnings == ["item #4: skipped: the paper has no title"]


def test_one_paper_batch_and_citations() -> None:
    [paper] = parse_file(FIXTURES / "s2-paper.json").papers
    assert paper.arxiv_id == "2203.02155" and paper.author_count == 3
    assert paper.meta.doi == "10.48550/arXiv.2203.02155"
    # the open-access PDF is the paper's own arXiv PDF: the arXiv id gives it, not a link
    assert [link.url for link in paper.links] == [
        "https://www.semanticscholar.org/paper/649def34f8be52c8b66281af98ae884c09aef38b"]
    batch = parse_file(FIXTURES / "s2-batch.json")
    assert [p.arxiv_id for p in batch.papers] == ["2203.02155", "hep-th/9711200"]
    assert batch.papers[1].meta.journal_ref == "International Journal of Theoretical Physics 38, 1113-1133"
    assert batch.warnings == ["item #1: skipped: null (an id Semantic Scholar did not know)"]
    cites = parse_file(FIXTURES / "s2-citations.json")
    assert [(p.title, p.arxiv_id) for p in cites.papers] == [("Mixtral of Experts", "2401.04088")]
    assert cites.warnings == ["item #1: skipped: the paper has no title"]


def test_recommendations_json_lines_and_file_name_date(tmp_path: Path) -> None:
    rec = {"recommendedPapers": [{"paperId": "x1", "title": "A Recommended Paper",
                                  "externalIds": {"ArXiv": "2402.00001"}}]}
    digest = parse_text(json.dumps(rec), "s2-recommendations-2024-02-03.json")
    assert [p.arxiv_id for p in digest.papers] == ["2402.00001"]
    assert digest.digest_date == dt.date(2024, 2, 3)
    lines = [
        {"corpusid": 1, "externalids": {"ArXiv": "2101.00001", "DOI": None}, "title": "Lower Case Keys",
         "authors": [{"authorId": "1", "name": "Ann Example"}], "publicationdate": "2021-01-01"},
        {"corpusid": 2, "title": "No Id Here", "externalids": {}},
    ]
    path = tmp_path / "papers.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken\n", encoding="utf-8")
    digest = parse_file(path)
    assert digest.format == "semantic-scholar"
    assert [(p.title, p.arxiv_id, p.line) for p in digest.papers] == [
        ("Lower Case Keys", "2101.00001", 1), ("No Id Here", None, 2)]
    assert digest.papers[0].published == dt.date(2021, 1, 1)
    assert len(digest.warnings) == 1 and digest.warnings[0].startswith("line 3: skipped: invalid JSON")


@pytest.mark.parametrize(("doc", "reason"), [
    ({"paperId": None, "data": [None, {"paperId": "x", "title": ""}]}, "no item .* is a paper"),
    ({"total": 0, "offset": 0, "data": []}, "holds no papers \\(an empty result\\)"),
    ({"total": 3, "token": "abc"}, "no 'data' list and no paper"),
])
def test_files_without_papers_are_rejected(doc: dict[str, object], reason: str) -> None:
    with pytest.raises(Rejected, match=reason):
        SemanticScholarImporter().parse(json.dumps(doc), ctx())


def test_error_responses_and_broken_json_are_rejected_with_the_reason() -> None:
    importer = SemanticScholarImporter()
    with pytest.raises(Rejected, match="Semantic Scholar error response: Too Many Requests"):
        importer.parse('{"message": "Too Many Requests", "code": "429"}', ctx())
    with pytest.raises(Rejected, match="invalid JSON"):
        importer.parse('{"data": [{"paperId": "x", "title": ', ctx())


def test_detection_takes_s2_and_leaves_other_json() -> None:
    for path in S2:
        importer = detect(path.read_text(encoding="utf-8"))
        assert importer is not None and importer.name == "semantic-scholar", path.name
    importer = SemanticScholarImporter()
    for path in [*sorted(HF_API.glob("*.json")), *sorted(FIXTURES.glob("hf-api-*.json")),
                 FIXTURES / "export-v1.json"]:
        assert not importer.sniff(path.read_text(encoding="utf-8")), path.name
    assert not importer.sniff('{"title": "x", "data": []}')  # no paperId: not S2
    assert not importer.sniff('paperId: "x", "title": "y"')  # not JSON


def test_semantic_scholar_imports_end_to_end(library: Library) -> None:
    report = library.import_files(S2, as_of=AS_OF)
    assert [f.status for f in report.files] == [ImportStatus.IMPORTED] * len(S2)
    # 4 + 2 + 1 + 1 entries; the batch's 2203.02155 is the paper file's one
    assert report.new == 7 and library.counts()["all"] == 7
    pid = library.resolve("arxiv:2203.02155")
    assert pid is not None
    paper = library.get(pid)
    assert paper is not None and paper.authors[:1] == ["Long Ouyang"]
    assert library.check().ok
