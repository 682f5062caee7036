"""The Hugging Face ``/api/daily_papers`` JSON importer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from importer_cases import ctx, parse_file, parse_text
from testutil import FIXTURES, HF_API, HF_API_DAYS, HF_API_PAPERS

from reader.core.importers.base import Rejected
from reader.core.importers.hf_api import HFApiImporter
from reader.core.model import LinkKind
from reader.core.model.meta import PaperMeta

CORPUS = HF_API


def _item(**paper: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "2406.00001",
        "title": "A Paper\n  With a Wrapped Title",
        "summary": "An abstract\nthat is hard-wrapped. Code: https://x.io/{https://x.io/}.",
        "authors": [{"name": "Ann Example", "hidden": False}],
        "publishedAt": "2024-06-01T10:00:00.000Z",
        "upvotes": 5,
    }
    base.update(paper)
    return {"paper": base, "publishedAt": "2024-06-03T08:00:00.000Z", "title": base["title"]}


def test_hf_api_corpus_parses_without_rejections() -> None:
    files = sorted(CORPUS.glob("*.json"))
    assert len(files) == HF_API_DAYS
    entries = 0
    ids: set[str] = set()
    for path in files:
        digest = parse_file(path)
        assert digest.format == "hf-daily-api", path.name
        assert digest.papers, path.name
        assert digest.warnings == [], (path.name, digest.warnings[:3])
        # The latest listing day of each archived response is the day its file is named after.
        assert digest.digest_date == dt.date.fromisoformat(path.stem), path.name
        entries += len(digest.papers)
        for paper in digest.papers:
            assert paper.arxiv_id, (path.name, paper.title)
            assert "\n" not in paper.title and "\n" not in paper.abstract
            assert paper.published is not None and paper.upvotes is not None
            assert "{" not in "".join(link.url for link in paper.links)
            ids.add(paper.arxiv_id)
    assert entries == HF_API_PAPERS
    assert len(ids) == HF_API_PAPERS


def test_hf_api_known_paper_fields() -> None:
    digest = parse_file(CORPUS / "2024-09-20.json")
    [paper] = [p for p in digest.papers if p.arxiv_id == "2409.12576"]
    assert paper.title == "StoryMaker: Towards Holistic Consistent Characters in Text-to-image Generation"
    # "Xu Tang" is a hidden author: counted, not named.
    assert paper.authors == ["Zhengguang Zhou", "Jing Li", "Huaxia Li", "Nemo Chen"]
    assert paper.author_count == 5
    assert paper.upvotes == 9
    assert paper.published == dt.date(2024, 9, 19)
    assert paper.abstract.startswith(
        "Tuning-free personalized image generation methods have achieved significant success"
    )
    assert paper.abstract.endswith("are available at https://github.com/RedAIGC/StoryMaker.")
    assert [(link.url, link.kind, link.repo) for link in paper.links] == [
        ("https://github.com/RedAIGC/StoryMaker", LinkKind.GITHUB, "RedAIGC/StoryMaker")
    ]
    assert digest.digest_date == dt.date(2024, 9, 20)


def test_hf_api_mangled_latex_url_gives_one_clean_link() -> None:
    digest = parse_file(CORPUS / "2024-05-31.json")
    [paper] = [p for p in digest.papers if p.arxiv_id == "2405.19957"]
    assert [link.url for link in paper.links] == ["https://github.com/MiaoQiaowei/PLA4D.github.io"]


def test_hf_api_repr_string_days() -> None:
    raw = json.loads((CORPUS / "2024-12-11.json").read_text(encoding="utf-8"))
    assert all(isinstance(item, str) for item in raw)
    digest = parse_file(CORPUS / "2024-12-11.json")
    assert len(digest.papers) == len(raw) == 26
    assert digest.papers[0].arxiv_id == "2412.07730"
    assert digest.papers[0].authors[:2] == ["Zongyu Lin", "Wei Liu"]
    assert digest.digest_date == dt.date(2024, 12, 11)


def test_hf_api_wrapper_days(tmp_path: Path) -> None:
    items = json.loads((CORPUS / "2024-06-03.json").read_text(encoding="utf-8"))
    wrapped = {"status": "ok", "date": "2024-06-03", "count": len(items), "data": items}
    path = tmp_path / "anything.json"
    path.write_text(json.dumps(wrapped, indent=1), encoding="utf-8")
    digest = parse_file(path)
    assert digest.format == "hf-daily-api"
    assert len(digest.papers) == len(items)
    assert digest.digest_date == dt.date(2024, 6, 3)
    assert digest.warnings == []
    # The wrapper around repr-string items, and a wrong count, are fine too (with a warning).
    reprs = json.loads((CORPUS / "2024-12-11.json").read_text(encoding="utf-8"))
    text = json.dumps({"status": "ok", "date": "2024-12-11", "count": 99, "data": reprs})
    digest = parse_text(text, "x.json")
    assert len(digest.papers) == 26
    assert any("count 99" in warning for warning in digest.warnings)


def test_hf_api_fields_links_and_hidden_authors() -> None:
    item = _item(
        githubRepo="https://github.com/ann/tool",
        projectPage="https://ann.github.io/tool/",
        summary="See https://github.com/ann/tool/ and https://x.io/{https://x.io/}.",
        authors=[
            {"name": "Ann Example", "hidden": False},
            {"name": "Secret Person", "hidden": True},
            {"name": "Bob Example", "hidden": False},
        ],
    )
    digest = HFApiImporter().parse(json.dumps([item]), ctx())
    [paper] = digest.papers
    assert paper.title == "A Paper With a Wrapped Title"
    assert paper.authors == ["Ann Example", "Bob Example"]
    assert paper.author_count == 3
    assert [(link.url, link.kind) for link in paper.links] == [
        ("https://github.com/ann/tool", LinkKind.GITHUB),
        ("https://ann.github.io/tool/", LinkKind.PROJECT),
        ("https://x.io", LinkKind.OTHER),
    ]
    assert paper.links[0].repo == "ann/tool"
    assert digest.digest_date == dt.date(2024, 6, 3)


def test_hf_api_top_level_upvotes_and_versioned_id() -> None:
    item = _item(id="2406.00002v3")
    del item["paper"]["upvotes"]  # type: ignore[attr-defined]
    item["upvotes"] = 12
    [paper] = HFApiImporter().parse(json.dumps([item]), ctx()).papers
    assert paper.upvotes == 12
    assert paper.arxiv_id == "2406.00002"


def test_hf_api_bad_items_are_skipped_with_their_index() -> None:
    text = json.dumps([_item(), {"paper": {"id": "2406.1"}}, 42, _item(id="2406.00003")])
    digest = HFApiImporter().parse(text, ctx())
    assert [p.arxiv_id for p in digest.papers] == ["2406.00001", "2406.00003"]
    assert any(w.startswith("item #1:") for w in digest.warnings)
    assert any(w.startswith("item #2:") for w in digest.warnings)


def test_hf_api_file_without_papers_is_rejected() -> None:
    with pytest.raises(Rejected, match="no item"):
        HFApiImporter().parse(json.dumps([{"paper": {"id": "1"}}, "{'paper': 1}"]), ctx())


def test_hf_api_digest_date_falls_back_to_file_name() -> None:
    item = _item()
    del item["publishedAt"]
    digest = HFApiImporter().parse(json.dumps([item]), ctx("archive/2024-07-08.json"))
    assert digest.digest_date == dt.date(2024, 7, 8)


def test_hf_api_repr_with_function_call_is_rejected_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = (
        "{'paper': {'id': '2406.00001', 'title': 'x', 'summary': "
        f"__import__('os').system('touch {marker}')}}, 'title': 'x'}}"
    )
    text = json.dumps([repr(_item()), payload])
    assert HFApiImporter().sniff(text)
    with pytest.raises(Rejected, match=r"item #1 .*function call"):
        parse_text(text, "evil.json")
    assert not marker.exists()
    # Names and attribute access are refused as well, not looked up.
    with pytest.raises(Rejected, match="not a literal"):
        HFApiImporter().parse(json.dumps(["{'paper': os.environ}"]), ctx())


def test_hf_api_repr_with_invalid_escape_still_parses() -> None:
    item = "{'paper': {'id': '2406.00004', 'title': 'T', 'summary': 'a \\d b'}}"
    [paper] = HFApiImporter().parse(json.dumps([item]), ctx()).papers
    assert paper.abstract == "a \\d b"


def test_hf_api_deep_or_broken_json_is_rejected() -> None:
    deep = '[{"paper": {"id": "1", "title": "t"}}, ' + "[" * 200_000 + "]" * 200_000 + "]"
    with pytest.raises(Rejected, match="nested too deeply"):
        HFApiImporter().parse(deep, ctx())
    deep_repr = json.dumps(["{'paper': " + "[" * 100_000 + "]" * 100_000 + "}"])
    with pytest.raises(Rejected):
        HFApiImporter().parse(deep_repr, ctx())
    with pytest.raises(Rejected, match="invalid JSON"):
        HFApiImporter().parse('[{"paper": {"id": "1", "title": ', ctx())


def test_hf_api_current_items_are_dated_by_their_listing_day(tmp_path: Path) -> None:
    """Current API items carry ``paper.submittedOnDailyAt`` (the day listed) and a
    ``publishedAt`` that is the arXiv date, 2-3 days earlier: the digest is the listing day
    (the day most items were listed on) and each paper keeps its own publication date
    (issue 13, defect 2)."""
    current = FIXTURES / "hf-api-current.json"
    digest = parse_file(current)
    assert digest.format == "hf-daily-api"
    assert digest.digest_date == dt.date(2025, 11, 24)
    assert [p.published for p in digest.papers] == [
        dt.date(2025, 11, 21), dt.date(2025, 11, 20), dt.date(2025, 11, 19)]
    # the listing day beats a wrapper's and a file name's date
    items = json.loads(current.read_text(encoding="utf-8"))
    wrapped = tmp_path / "2025-11-21.json"
    wrapped.write_text(json.dumps({"status": "ok", "date": "2025-11-21", "data": items}))
    assert parse_file(wrapped).digest_date == dt.date(2025, 11, 24)


def test_hf_api_without_listing_days_the_wrapper_then_the_file_name_decide(tmp_path: Path) -> None:
    items = json.loads((FIXTURES / "hf-api-current.json").read_text(encoding="utf-8"))
    for it in items:
        del it["paper"]["submittedOnDailyAt"]
    named = tmp_path / "daily-2025-11-24.json"
    named.write_text(json.dumps(items))
    assert parse_file(named).digest_date == dt.date(2025, 11, 24)  # the name, not publishedAt
    wrapped = tmp_path / "daily-2025-11-24-wrapped.json"
    wrapped.write_text(json.dumps({"status": "ok", "date": "2025-11-22", "data": items}))
    assert parse_file(wrapped).digest_date == dt.date(2025, 11, 22)
    unnamed = tmp_path / "papers.json"
    unnamed.write_text(json.dumps(items))
    assert parse_file(unnamed).digest_date == dt.date(2025, 11, 21)  # the latest publishedAt


def test_hf_api_current_items_keep_featured_day_stars_and_project_page() -> None:
    """Each paper of a current response keeps the day Hugging Face listed it, its repository's
    stars and its project page (issue 13, defect 2); ``published`` stays the arXiv date."""
    digest = parse_file(FIXTURES / "hf-api-current.json")
    assert [p.meta for p in digest.papers] == [
        PaperMeta(featured_on=dt.date(2025, 11, 24), github_stars=120,
                  project_page="https://example.github.io/2511.17502/"),
        PaperMeta(featured_on=dt.date(2025, 11, 24), github_stars=None,  # "githubStars": null
                  project_page="https://example.github.io/2511.16980/"),
        PaperMeta(featured_on=dt.date(2025, 11, 23), github_stars=33,  # listed a day earlier
                  project_page="https://example.github.io/2511.15321/"),
    ]
    assert digest.papers[2].published == dt.date(2025, 11, 19)


def test_hf_api_meta_variants() -> None:
    """Stars at the item level or as a digit string, a negative or junk star count (dropped),
    an empty project page, a listing day on the item; without a listing day of its own a paper
    was featured on the digest's day."""
    items = [
        _item(id="2406.00011", submittedOnDailyAt="2024-06-04T01:00:00.000Z", githubStars="7",
              projectPage="  "),
        {**_item(id="2406.00012"), "githubStars": 15,
         "submittedOnDailyAt": "2024-06-05T01:00:00.000Z"},
        _item(id="2406.00013", githubStars=-3, projectPage="https://p.example.org/x"),
        _item(id="2406.00014", githubStars="many"),
    ]
    digest = HFApiImporter().parse(json.dumps(items), ctx())
    assert digest.digest_date == dt.date(2024, 6, 5)  # the tie goes to the latest listing day
    assert [p.meta for p in digest.papers] == [
        PaperMeta(featured_on=dt.date(2024, 6, 4), github_stars=7),
        PaperMeta(featured_on=dt.date(2024, 6, 5), github_stars=15),
        PaperMeta(featured_on=dt.date(2024, 6, 5), project_page="https://p.example.org/x"),
        PaperMeta(featured_on=dt.date(2024, 6, 5)),
    ]
    assert [p.published for p in digest.papers] == [dt.date(2024, 6, 1)] * 4


def test_hf_api_archived_days_are_featured_on_their_listing_day() -> None:
    """The archived responses carry no ``submittedOnDailyAt``: every paper was featured on the
    day the file lists (the items' own ``publishedAt``), not on its arXiv date."""
    digest = parse_file(CORPUS / "2024-09-20.json")
    assert {p.meta.featured_on for p in digest.papers} == {dt.date(2024, 9, 20)}
    [paper] = [p for p in digest.papers if p.arxiv_id == "2409.12576"]
    assert paper.published == dt.date(2024, 9, 19)
    assert paper.meta == PaperMeta(featured_on=dt.date(2024, 9, 20))
