"""Merging the same paper across formats, and the whole real API corpus through the Library."""

from __future__ import annotations

import time

import pytest
from testutil import AS_OF, SAMPLE, shared_dir

from reader.core.model import Filter, FilterKind, ImportStatus, State
from reader.core.services import Library

CORPUS = shared_dir() / "corpus" / "hf-api"
DAY = CORPUS / "2024-07-10.json"
TITLE = "Knowledge Composition using Task Vectors with Learned Anisotropic Scaling"
needs_corpus = pytest.mark.skipif(not DAY.exists(), reason="shared corpus not available")


def find(lib: Library, title: str) -> int:
    page = lib.query(f'title:"{title}"', limit=5)
    ids = [r.id for r in page.rows if r.title == title]
    assert len(ids) == 1, [r.title for r in page.rows]
    return ids[0]


@needs_corpus
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


@needs_corpus
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


@needs_corpus
def test_whole_corpus_imports_without_unexplained_rejections(library: Library) -> None:
    files = sorted(CORPUS.glob("*.json"))
    assert len(files) == 157
    start = time.perf_counter()
    report = library.import_files([CORPUS], as_of=AS_OF)
    elapsed = time.perf_counter() - start
    assert not report.rejected
    assert [f for f in report.files if f.status is not ImportStatus.IMPORTED] == []
    unique = library.counts()["all"]
    assert unique == report.new == 2202
    assert all(f.format == "hf-daily-api" for f in report.files)
    assert library.check().ok
    print(f"corpus: {len(files)} files, {unique} unique papers in {elapsed:.1f} s "
          f"({unique / elapsed:.0f} papers/s)")
