"""Merging the same paper across formats, and the whole real API corpus through the Library."""

from __future__ import annotations

from testutil import AS_OF, HF_API, HF_API_DAYS, HF_API_PAPERS, SAMPLE

from reader.core.library import Library
from reader.core.model import Filter, FilterKind, ImportStatus, State

CORPUS = HF_API
DAY = CORPUS / "2024-07-10.json"
TITLE = "Knowledge Composition using Task Vectors with Learned Anisotropic Scaling"


def find(lib: Library, title: str) -> int:
    page = lib.query(f'title:"{title}"', limit=5)
    ids = [r.id for r in page.rows if r.title == title]
    assert len(ids) == 1, [r.title for r in page.rows]
    return ids[0]


def test_page_text_then_api_upgrades_identity_and_keeps_state(sample_library: Library) -> None:
    lib = sample_library
    pid = find(lib, TITLE)
    before = lib.get(pid)
    assert before is not None and before.key.startswith("title:") and before.authors == []
    lib.set_starred([pid], True)
    lib.set_state([pid], State.QUEUED)
    lib.add_tags([pid], ["merging"])
    lib.set_note(pid, "compare with task arithmetic")

    report = lib.import_files([DAY], as_of=AS_OF)
    assert report.files[0].status is ImportStatus.IMPORTED
    assert report.updated >= 1
    after = lib.get(pid)
    assert after is not None
    assert after.key == "arxiv:2407.02880" and after.arxiv_id == "2407.02880"
    assert (after.starred, after.state, after.tags, after.note) == (
        True, State.QUEUED, ["merging"], "compare with task arithmetic"
    )
    assert len(after.authors) == 5 and after.author_count == 5
    assert [d.format for d in after.digests] == ["hf-daily-page", "hf-daily-api"]
    assert after.page_url == "https://arxiv.org/abs/2407.02880"
    # One paper, not two; findable by its new key.
    assert lib.resolve("arxiv:2407.02880") == pid
    assert lib.resolve("2407.02880") == pid
    assert lib.query(f'title:"{TITLE}"').total == 1
    assert lib.check().ok


def test_api_then_page_text_merges_into_the_arxiv_paper(library: Library) -> None:
    library.import_files([DAY], as_of=AS_OF)
    pid = find(library, TITLE)
    total = library.counts()["all"]
    report = library.import_files([SAMPLE], as_of=AS_OF)
    assert report.new == 37  # the 38th is the paper already known by its arXiv id
    assert library.counts()["all"] == total + 37
    paper = library.get(pid)
    assert paper is not None and paper.key == "arxiv:2407.02880"
    assert [d.format for d in paper.digests] == ["hf-daily-api", "hf-daily-page"]
    digest_ids = [d.id for d in paper.digests]
    for digest_id in digest_ids:
        assert pid in [r.id for r in library.query("", Filter(FilterKind.DIGEST, str(digest_id)),
                                                   limit=1000).rows]


def test_whole_corpus_imports_without_unexplained_rejections(library: Library) -> None:
    files = sorted(CORPUS.glob("*.json"))
    assert len(files) == HF_API_DAYS
    report = library.import_files([CORPUS], as_of=AS_OF)
    assert not report.rejected
    assert [f for f in report.files if f.status is not ImportStatus.IMPORTED] == []
    unique = library.counts()["all"]
    assert unique == report.new == HF_API_PAPERS
    assert all(f.format == "hf-daily-api" for f in report.files)
    assert library.check().ok


def test_two_entries_of_one_file_landing_on_one_paper(sample_library: Library, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two entries of one API file with different arXiv ids and the same title both merge
    into the page-text paper: the file imports, the paper is in the digest once, and the
    last entry's upvotes are the digest's."""
    import ast
    import json

    lib = sample_library
    pid = find(lib, TITLE)
    items = json.loads(DAY.read_text(encoding="utf-8"))
    entries = [ast.literal_eval(x) if isinstance(x, str) else x for x in items]
    [entry] = [e for e in entries if " ".join(e["paper"]["title"].split()) == TITLE]
    twin = json.loads(json.dumps(entry))
    twin["paper"]["id"] = "2499.00001"
    twin["paper"]["upvotes"] = 777
    entry["paper"]["upvotes"] = 5
    path = tmp_path / "twins.json"
    path.write_text(json.dumps([entry, twin]), encoding="utf-8")
    report = lib.import_files([path], as_of=AS_OF)
    [f] = report.files
    assert f.status is ImportStatus.IMPORTED, f.reason
    paper = lib.get(pid)
    assert paper is not None
    in_twins = [d for d in paper.digests if d.source_path.endswith("twins.json")]
    assert len(in_twins) == 1 and in_twins[0].upvotes == 777
    assert lib.counts()[f"digest:{f.digest_id}"] == 1 + report.new
    assert lib.check().ok
