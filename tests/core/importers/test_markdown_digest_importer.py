"""Markdown digests: the Daily Papers as archive repositories publish them (headings,
``<details>`` blocks, linked lines, front matter) and arXiv-daily tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from importer_cases import ctx, parse_file, parse_text
from testutil import AS_OF, FIXTURES

from reader.core.importers import detect
from reader.core.importers.base import NotADigest
from reader.core.importers.markdown_digest import MarkdownDigestImporter, looks_cut_off
from reader.core.library import Library
from reader.core.model import ImportStatus, LinkKind
from reader.core.model.meta import PaperMeta

MD = sorted(FIXTURES.glob("md-*.md"))
#: fixture -> (entries imported, warnings)
EXPECTED = {
    "md-arxiv-daily-table.md": (5, 1),
    "md-blog-frontmatter.md": (2, 1),
    "md-daily-classic-2024-06-12.md": (4, 0),
    "md-field-tables.md": (2, 0),
    "md-hf-trending-boldlinks.md": (2, 0),
    "md-reading-list.md": (3, 0),
    "md-trending-details.md": (4, 0),
    "md-zh-analysis-2026-06-04.md": (2, 0),
    "md-zh-review-20230912.md": (2, 0),
    "md-zh-upvotes.md": (2, 0),
}


def test_every_fixture_is_detected_and_imports_its_entries() -> None:
    assert [p.name for p in MD] == sorted(EXPECTED)
    for path in MD:
        digest = parse_file(path)
        assert digest.format == "markdown-digest", path.name
        assert (len(digest.papers), len(digest.warnings)) == EXPECTED[path.name], (
            path.name, [p.title for p in digest.papers], digest.warnings)
        for paper in digest.papers:
            assert paper.title and "**" not in paper.title and "<" not in paper.title
            assert "\n" not in paper.abstract and "&amp;" not in paper.abstract
            assert all(link.url.split("://")[1] != "github.com/huggingface" for link in paper.links)


def test_classic_headings_with_authors_votes_abstract_and_code() -> None:
    digest = parse_file(FIXTURES / "md-daily-classic-2024-06-12.md")
    assert digest.digest_date == dt.date(2024, 6, 12)
    first, second, third, fourth = digest.papers
    assert first.title == ("Depth Anywhere: Enhancing 360 Monocular Depth Estimation via "
                           "Perspective Distillation")
    assert (first.arxiv_id, first.upvotes) == ("2406.12849", 49)
    assert first.authors == ["Ning-Hsu Wang", "Yu-Lun Liu"]
    assert first.abstract.startswith("Accurately estimating depth in 360-degree imagery")
    assert "data & cube-map projections." in first.abstract and not first.abstract_truncated
    assert [(link.url, link.kind) for link in first.links] == [
        ("https://github.com/albert100121/Depth-Anywhere", LinkKind.GITHUB)]
    # TeX kept for display, a versioned id without its version, markup without invented spaces
    assert second.title == "$\\textit{Bootstrap}$ Your Own Context Length" and second.arxiv_id == "2406.12001"
    assert third.title == "H2O-Bench: Evaluating Agents on the Limitations of Tool Use"
    assert third.arxiv_id == "2406.11050"  # from a huggingface.co/papers link
    # a digest of the Hugging Face Daily Papers: its day is the day each paper was featured
    assert third.meta == PaperMeta(project_page="https://h2o-bench.github.io",
                                   featured_on=dt.date(2024, 6, 12))
    assert {p.meta.featured_on for p in digest.papers} == {dt.date(2024, 6, 12)}
    assert third.abstract_truncated  # "... the limitations (e." is a cut-off copy
    # an entry with votes but no paper link is a paper known by its title
    assert (fourth.title, fourth.arxiv_id, fourth.upvotes) == ("A Paper Without a Link", None, 3)


def test_details_blocks_with_stars_quotes_and_placeholder_code_links() -> None:
    digest = parse_file(FIXTURES / "md-trending-details.md")
    assert digest.digest_date == dt.date(2026, 10, 7)  # "**Last Updated:** October 07, 2026"
    ids = [p.arxiv_id for p in digest.papers]
    assert ids == ["2610.08448", "2610.03543", "2610.08430", "2609.32921"]  # not the fenced one
    first, second, third, fourth = digest.papers
    assert first.title.startswith("Rethinking Cross-Tokenizer Distillation")
    assert first.authors[:2] == ["Wen Feng", "Wei Li"] and first.abstract_truncated
    assert first.links == []  # the generator's placeholder github.com/huggingface is no code link
    assert [p.meta.github_stars for p in digest.papers] == [0, 23, 2050, 0]
    # "Today's Trending Papers" of a file that is no Daily Papers list: no featured day
    assert {p.meta.featured_on for p in digest.papers} == {None}
    assert [link.repo for link in third.links] == ["NVIDIA-NeMo/RL"]
    assert third.abstract.startswith("I'm excited")  # &#39; decoded
    assert second.abstract.endswith("frame-level supervision.") and not second.abstract_truncated
    assert fourth.abstract == "" and not fourth.abstract_truncated  # "No abstract available."


def test_front_matter_numbered_headings_and_fields_on_one_line() -> None:
    digest = parse_file(FIXTURES / "md-blog-frontmatter.md")
    assert digest.digest_date == dt.date(2026, 5, 31)
    first, second = digest.papers
    assert first.title == "AgentDoG 1.5: A Lightweight Alignment Framework for AI Agent Safety"
    assert first.authors == ["Dong Liu", "Yu Li", "Zhong Yang", "Peng Wang", "Guan Chen"]
    assert (first.upvotes, second.upvotes) == (127, 1018)  # "1,018"
    assert first.abstract.endswith("trained on ~1k samples.")  # not the "Why trending" line
    assert first.meta.featured_on == dt.date(2026, 5, 31)  # "Sources: HuggingFace Daily Papers"
    assert second.abstract.startswith("A training-free stochastic solver")  # value on the next lines
    # "## 3." has a paper link but no title: a warning with its line; "## Closing thoughts" is prose
    assert digest.warnings == ["line 36: an entry without a title; skipped"]


def test_arxiv_daily_tables_rows_wrapped_cells_and_non_paper_tables() -> None:
    digest = parse_file(FIXTURES / "md-arxiv-daily-table.md")
    assert digest.digest_date == dt.date(2024, 7, 4)
    rows = {p.arxiv_id: p for p in digest.papers}
    assert list(rows) == ["2407.01292", "2406.16087", "2406.11019", "2407.02001", "2406.20002"]
    assert rows["2407.01292"].authors == ["Lianjie Guo"] and rows["2407.01292"].author_count is None
    assert rows["2407.01292"].published == dt.date(2024, 7, 1)
    assert [link.repo for link in rows["2406.16087"].links] == ["sair-lab/iSLAM"]
    assert rows["2407.02001"].title == "Neural Radiance Fields for $\\mathbb{R}^3$ Scenes | A Survey"
    assert rows["2406.20002"].title == "Fast Gaussian Splatting with Hard-Wrapped Titles and Abstracts"
    assert digest.warnings == ["line 29: a table row without a title or an arXiv id; skipped"]


def test_review_sections_and_translated_titles() -> None:
    review = parse_file(FIXTURES / "md-zh-review-20230912.md")
    assert review.digest_date == dt.date(2023, 9, 12)
    assert [(p.title, p.arxiv_id) for p in review.papers] == [
        ("Textbooks Are All You Need II: phi-1.5 technical report", "2309.05463"),
        ("When Less is More: Investigating Data Pruning for Pretraining LLMs at Scale", "2309.04564"),
    ]
    assert review.papers[0].abstract.startswith("本文继续研究了")  # not the bold sub-heading
    analysis = parse_file(FIXTURES / "md-zh-analysis-2026-06-04.md")
    # "#### **1. Title**" entries under "### **重点论文深度解析**"; the trend section is prose
    assert [(p.title, p.arxiv_id) for p in analysis.papers] == [
        ("Cosmos 3: Omnimodal World Models for Physical AI", "2606.02800"),
        ("Where Do Deep-Research Agents Go Wrong? Span-Level Error Localization in Agent "
         "Trajectories", "2606.02060"),
    ]
    assert "深度研究智能体的执行轨迹很长" in analysis.papers[1].abstract
    assert {p.meta.featured_on for p in analysis.papers} == {dt.date(2026, 6, 4)}  # file name
    hot = parse_file(FIXTURES / "md-zh-upvotes.md")
    assert [(p.title, p.upvotes) for p in hot.papers] == [
        ("Dynamic Mesh-Aware Radiance Fields", 15),  # "(动态网格感知辐射场)" off
        ("FIAT: Fusing learning paradigms with Instruction-Accelerated Tuning", 3),
    ]


def test_bold_linked_titles_italic_authors_and_count_lines() -> None:
    """A digest mixing a models section (links to models: no entries) with papers given as
    bold links, authors in italics, an organisation line and a counts line."""
    digest = parse_file(FIXTURES / "md-hf-trending-boldlinks.md")
    first, second = digest.papers
    assert (first.title, first.arxiv_id) == ("AutoResearch: Insight In, Hallucination Out", "2608.17906")
    assert (first.authors, first.author_count) == (["Yiming Ren", "Xiang Liu", "Qumeng Sun"], 7)
    assert first.abstract.startswith("AutoResearch is a two-stage")  # not "🏢 EvoMap"
    assert (first.upvotes, first.meta.github_stars) == (16, 2171)
    assert [link.repo for link in first.links] == ["EvoMap/AutoResearch"]
    assert (second.upvotes, second.authors) == (1200, ["Björn Engdahl", "Adrian Kosowski"])
    assert second.abstract.endswith("without growing its state.") and not second.abstract_truncated


def test_sections_with_a_table_of_their_fields() -> None:
    """``| Field | Value |`` tables (one cut in two by a blank line, its second half without a
    header) are the fields of the section's paper, not a table of papers."""
    digest = parse_file(FIXTURES / "md-field-tables.md")
    first, second = digest.papers
    assert (first.arxiv_id, first.published, first.upvotes) == ("2605.23904", dt.date(2026, 5, 22), 88)
    assert first.authors == ["Yifan Yang", "Ziyang Gong", "Weiquan Huang"]
    assert [link.repo for link in first.links] == ["microsoft/SkillOpt"]
    assert first.abstract.startswith("A separate optimizer model") and not first.abstract_truncated
    assert (second.arxiv_id, second.published) == ("2605.24001", dt.date(2026, 5, 23))


def test_lists_of_linked_lines() -> None:
    digest = parse_file(FIXTURES / "md-reading-list.md")
    assert digest.digest_date == dt.date(2024, 6, 3)
    assert [(p.arxiv_id, p.upvotes, p.meta.github_stars) for p in digest.papers] == [
        ("2406.00001", None, None), ("2406.00002", 12, None), ("2406.00003", None, 1200)]
    assert digest.papers[1].abstract == "A short note on the paper."
    assert {p.meta.featured_on for p in digest.papers} == {None}  # a reading list features nothing


README = """# ToolX

Code for our paper [ToolX](https://arxiv.org/abs/2401.00001).

## Installation

pip install toolx

## Related

We build on [A](https://arxiv.org/abs/2301.00002).
"""


def test_markdown_with_paper_links_but_no_entries_is_rejected_with_the_reason() -> None:
    importer = MarkdownDigestImporter()
    assert importer.sniff(README)
    with pytest.raises(NotADigest, match="links to papers but no entry"):
        importer.parse(README, ctx("README.md"))
    citing = "# Reading\n\nSee [a](https://arxiv.org/abs/2401.00001), [b](https://arxiv.org/abs/2401.00002)" \
             " and [c](https://arxiv.org/abs/2401.00003).\n"
    with pytest.raises(NotADigest, match="no entry"):
        parse_text(citing, "notes.md")


@pytest.mark.parametrize("text", [
    "Just text with https://arxiv.org/abs/2401.00001 and https://arxiv.org/abs/2401.00002\n",
    "# A heading\n\nOne [paper](https://arxiv.org/abs/2401.00001) only.\n",
    '[{"paper": {"id": "2401.00001", "title": "[x](https://arxiv.org/abs/2401.00001)"}}]',
    '[\n  "# [x](https://arxiv.org/abs/2401.00001)", "| [y](https://arxiv.org/abs/2401.00002) |"\n]',
    "<?xml version='1.0'?><rss><channel># [x](https://arxiv.org/abs/2401.00001)</channel></rss>",
])
def test_sniff_refuses_what_is_not_a_markdown_digest(text: str) -> None:
    assert not MarkdownDigestImporter().sniff(text)


def test_a_digest_opening_with_a_badge_link_is_still_markdown() -> None:
    text = ("[![Daily](https://img.shields.io/badge/daily-papers-blue)](https://example.org)\n\n"
            "## [A Paper About Badges](https://arxiv.org/abs/2401.00001)\n\nVote: 3\n")
    [paper] = parse_text(text, "badges.md").papers
    assert (paper.arxiv_id, paper.upvotes, paper.links) == ("2401.00001", 3, [])


def test_other_formats_fixtures_are_not_taken() -> None:
    for path in sorted(FIXTURES.glob("*")):
        if path.is_file() and not path.name.startswith("md-"):
            importer = detect(path.read_text(encoding="utf-8", errors="replace"))
            assert importer is None or importer.name != "markdown-digest", path.name


@pytest.mark.parametrize(("abstract", "cut"), [
    ("We study agents.", False),
    ("Code is at https://github.com/x/y", False),
    ("We also discuss the limitations (e.", True),
    ("strict groups already cover most tokens d...", True),
    ("a sentence that stops in the middle of", True),
    ("本文继续研究了小型语言模型的能力", False),
    ("", False),
])
def test_cut_off_abstracts(abstract: str, cut: bool) -> None:
    assert looks_cut_off(abstract) is cut


def test_markdown_digests_import_end_to_end(library: Library, tmp_path: Path) -> None:
    report = library.import_files(MD, as_of=AS_OF)
    assert [f.status for f in report.files] == [ImportStatus.IMPORTED] * len(MD), [
        (f.path, f.reason) for f in report.files]
    assert {f.format for f in report.files} == {"markdown-digest"}
    # every entry of every fixture, one paper each (the fixtures share no paper)
    assert report.new == sum(n for n, _ in EXPECTED.values())
    pid = library.resolve("arxiv:2406.12849")
    assert pid is not None
    paper = library.get(pid)
    assert paper is not None and paper.upvotes == 49 and paper.authors == ["Ning-Hsu Wang", "Yu-Lun Liu"]
    assert library.check().ok


def test_a_paragraph_of_markup_only_is_no_abstract() -> None:
    text = "### [A Paper Title](https://arxiv.org/abs/2401.00001)\n\n``\n\n~~\n\nVote: 2\n"
    [paper] = parse_text(text, "x.md").papers
    assert (paper.abstract, paper.upvotes) == ("", 2)


def test_a_summary_table_and_the_sections_of_its_papers_give_one_entry_each() -> None:
    text = """# Hugging Face Daily Papers — 2026-07-15

| Paper | Core contribution | Links |
|---|---|---|
| 2607.10400, SynthDocBench | A benchmark | [HF](https://huggingface.co/papers/2607.10400) |
| 2607.11886, SpectraReward | A reward | [HF](https://huggingface.co/papers/2607.11886) |

## SynthDocBench: Controlled Benchmark for Long-Context Visual Document Understanding

**Authors:** Ann Example, Bob Example
**Upvotes:** 12

[arXiv](https://arxiv.org/abs/2607.10400)
"""
    digest = parse_text(text, "2026-07-15.md")
    assert [(p.arxiv_id, p.title) for p in digest.papers] == [
        ("2607.10400", "SynthDocBench: Controlled Benchmark for Long-Context Visual Document Understanding"),
        ("2607.11886", "SpectraReward"),
    ]
    assert (digest.papers[0].upvotes, digest.papers[0].authors) == (12, ["Ann Example", "Bob Example"])
    assert {p.meta.featured_on for p in digest.papers} == {dt.date(2026, 7, 15)}


def test_entry_kind_ties_go_to_the_deeper_kind_and_label_links_start_nothing() -> None:
    # one linked item per topic heading: the items are the entries, not the topics
    text = ("# Reading list\n\n## Agents\n- [Agents That Plan With Tools](https://arxiv.org/abs/2406.00001)\n\n"
            "## Vision\n- [Seeing Is Believing Again](https://arxiv.org/abs/2406.00003)\n")
    assert [p.title for p in parse_text(text, "x.md").papers] == [
        "Agents That Plan With Tools", "Seeing Is Believing Again"]
    # a line linking "[Read the paper on arXiv](…)" is a link of the heading's entry
    text = ("## Agents That Plan With Tools\n\nWe plan.\n\n[Read the paper on arXiv](https://arxiv.org/abs/2406.00001)\n\n"
            "## Seeing Is Believing Again\n\nWe see.\n\n[PDF](https://arxiv.org/pdf/2406.00003)\n")
    assert [(p.title, p.abstract) for p in parse_text(text, "y.md").papers] == [
        ("Agents That Plan With Tools", "We plan."), ("Seeing Is Believing Again", "We see.")]
