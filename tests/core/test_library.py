"""The Library service: import transactions, merge rules, queries, search, sync, export."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from testutil import AS_OF, SAMPLE

from reader.core.importers import base as importer_base
from reader.core.library import Library, LibraryLocked
from reader.core.model import Filter, FilterKind, ImportStatus, Sort, SortKey, State
from reader.core.search import QueryError


def paper_id(lib: Library, title_prefix: str) -> int:
    page = lib.query("", Filter(), Sort(SortKey.TITLE, False), 0, 1000)
    ids = [r.id for r in page.rows if r.title.startswith(title_prefix)]
    assert len(ids) == 1
    return ids[0]


def db_rows(lib: Library, table: str) -> int:
    with sqlite3.connect(lib.root / "library.sqlite") as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# ------------------------------------------------------------------ import
def test_import_sample(library: Library) -> None:
    report = library.import_files([SAMPLE], as_of=AS_OF)
    [f] = report.files
    assert f.status is ImportStatus.IMPORTED and f.format == "hf-daily-page"
    assert (f.new, f.updated, f.unchanged) == (38, 0, 0)
    assert len(f.new_ids) == 38
    counts = library.counts()
    assert counts["all"] == 38 and counts["inbox"] == 38 and counts["has-code"] == 15
    slab = library.get(paper_id(library, "SLAB:"))
    assert slab is not None
    assert slab.author_count == 4 and slab.published == dt.date(2024, 5, 19)
    assert [link.repo for link in slab.links] == ["xinghaochen/SLAB", "mindspore-lab/models"]
    assert [d.format for d in slab.digests] == ["hf-daily-page"]


def test_same_bytes_again_is_unchanged_and_writes_nothing(sample_library: Library) -> None:
    before = (db_rows(sample_library, "digest"), sample_library.store.current_seq())
    report = sample_library.import_files([SAMPLE], as_of=AS_OF)
    assert report.files[0].status is ImportStatus.UNCHANGED
    assert report.unchanged == 38 and report.new == 0
    assert (db_rows(sample_library, "digest"), sample_library.store.current_seq()) == before


def test_reimport_keeps_user_state_and_merges(sample_library: Library, tmp_path: Path) -> None:
    lib = sample_library
    pid = paper_id(lib, "KITE:")
    lib.set_starred([pid], True)
    lib.set_state([pid], State.READING)
    lib.add_tags([pid], ["robotics"])
    lib.set_note(pid, "my note")
    # A later copy of the page: the KITE entry has more upvotes and a new code link.
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "http://tinyurl.com/kite-site.", "http://tinyurl.com/kite-site and https://github.com/k/kite."
    ).replace("Jun 28, 2023\n", "Jun 28, 2023 9\n")
    later = tmp_path / "later.txt"
    later.write_text(text, encoding="utf-8")
    report = lib.import_files([later], as_of=AS_OF)
    assert report.new == 0 and report.updated == 1 and report.unchanged == 37
    kite = lib.get(pid)
    assert kite is not None
    assert kite.starred and kite.state is State.READING and kite.tags == ["robotics"]
    assert kite.note == "my note"
    assert kite.upvotes == 9
    assert [link.url for link in kite.links] == ["http://tinyurl.com/kite-site", "https://github.com/k/kite"]
    assert kite.has_code
    assert [d.upvotes for d in kite.digests] == [None, 9]
    assert lib.counts()["has-code"] == 16


def test_failed_file_leaves_nothing_and_other_files_import(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes(SAMPLE.read_bytes())
    other = tmp_path / "other.txt"
    other.write_text("Daily Papers\n\nOnly Paper\n\nAbstract here.\n\n  • 1 author\n·\nJan 2, 2024\n")
    original = library.store._merge_links
    calls = {"n": 0}

    def failing(conn, matched):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(28, "No space left on device")
        return original(conn, matched)

    monkeypatch.setattr(library.store, "_merge_links", failing)
    report = library.import_files([good, other], as_of=AS_OF)
    first, second = report.files
    assert first.status is ImportStatus.REJECTED
    assert "No space left on device" in (first.reason or "")
    assert second.status is ImportStatus.IMPORTED and second.new == 1
    assert library.counts()["all"] == 1
    assert db_rows(library, "digest") == 1
    assert db_rows(library, "link") == 0
    # The failed file imports fine later (nothing half-written blocks it).
    report = library.import_files([good], as_of=AS_OF)
    assert report.files[0].status is ImportStatus.IMPORTED and report.new == 38


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\n\t ", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
        (b"Some prose.\n\nMore prose, no digest here.\n", "not a recognised digest"),
        (b"<html><body><h1>Hi</h1></body></html>", "HTML"),
        (b'{"items": [1, 2, 3]}', "JSON"),
        (b"Daily Papers\n\nA \xff\xfe title\n", "not valid UTF-8"),
    ],
)
def test_bad_files_are_rejected_with_reasons(library: Library, tmp_path: Path, content: bytes,
                                             reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    report = library.import_files([path], as_of=AS_OF)
    [f] = report.files
    assert f.status is ImportStatus.REJECTED
    assert reason in (f.reason or "")
    assert library.counts()["all"] == 0
    assert db_rows(library, "digest") == 0


def test_oversize_file_names_the_limit(library: Library, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer_base, "MAX_FILE_BYTES", 1024)
    import reader.core.importers as importers

    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 1024)
    report = library.import_files([SAMPLE], as_of=AS_OF)
    assert report.files[0].status is ImportStatus.REJECTED
    assert "too large" in (report.files[0].reason or "") and "limit is" in (report.files[0].reason or "")


def test_missing_and_unreadable_files(library: Library, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    report = library.import_files([tmp_path / "nope.txt"], as_of=AS_OF)
    assert "does not exist" in (report.files[0].reason or "")
    locked = tmp_path / "locked.txt"
    locked.write_bytes(SAMPLE.read_bytes())
    real_open = Path.open

    def deny(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    report = library.import_files([locked], as_of=AS_OF)
    assert "permission denied" in (report.files[0].reason or "")
    assert library.counts()["all"] == 0


def test_folder_with_good_and_bad_files(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "day.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (folder / "notes.md").write_text("# My notes\n\nNothing to see.\n")
    report = library.import_files([folder], as_of=AS_OF)
    by_name = {Path(f.path).name: f for f in report.files}
    assert by_name["day.txt"].status is ImportStatus.IMPORTED and by_name["day.txt"].new == 38
    for name, reason in [("empty.txt", "empty"), ("image.png", "PNG"), ("notes.md", "not a recognised")]:
        assert by_name[name].status is ImportStatus.SKIPPED
        assert reason in (by_name[name].reason or "")
    assert not report.rejected
    assert library.counts()["all"] == 38


def test_cancel_skips_remaining_files(library: Library, tmp_path: Path) -> None:
    files = []
    for n in range(3):
        path = tmp_path / f"d{n}.txt"
        path.write_text(f"Daily Papers\n\nPaper {n}\n\nAbstract {n}.\n\n  • 1 author\n·\nJan 2, 2024\n")
        files.append(path)
    seen: list[str] = []

    def progress(done: int, total: int, message: str) -> None:
        seen.append(message)

    report = library.import_files(files, as_of=AS_OF, progress=progress,
                                  cancel=lambda: len(seen) >= 2)
    assert report.cancelled
    assert [f.status for f in report.files] == [
        ImportStatus.IMPORTED, ImportStatus.IMPORTED, ImportStatus.SKIPPED
    ]
    assert library.counts()["all"] == 2


def test_dry_run_changes_nothing(library: Library) -> None:
    report = library.import_files([SAMPLE], as_of=AS_OF, dry_run=True)
    assert report.dry_run and report.new == 38
    assert library.counts()["all"] == 0 and db_rows(library, "digest") == 0


# ------------------------------------------------------------------ queries and state
def test_filters_sorts_and_paging(sample_library: Library) -> None:
    lib = sample_library
    newest = lib.query("", Filter(), None, 0, 5)
    assert newest.total == 38
    dates = [r.published for r in newest.rows]
    assert dates == sorted(dates, reverse=True)
    by_votes = lib.query("", Filter(), Sort(SortKey.UPVOTES, True), 0, 3)
    assert [r.upvotes for r in by_votes.rows] == [3, 3, 2]
    titles = lib.query("", Filter(), Sort(SortKey.TITLE, False), 0, 100).rows
    assert [r.title.casefold() for r in titles] == sorted(r.title.casefold() for r in titles)
    second = lib.query("", Filter(), Sort(SortKey.TITLE, False), 10, 10)
    assert [r.id for r in second.rows] == [r.id for r in titles[10:20]]
    assert lib.query("", Filter(FilterKind.HAS_CODE)).total == 15


def test_triage_setters_and_counts(sample_library: Library) -> None:
    lib = sample_library
    a, b, c = (paper_id(lib, p) for p in ("SLAB:", "KITE:", "GPSToken:"))
    lib.set_state([b, a], State.QUEUED)
    lib.set_state([c], State.QUEUED)
    assert lib.queue_order() == [b, a, c]
    page = lib.query("", Filter.parse("queue"))
    assert [r.id for r in page.rows] == [b, a, c]
    lib.move_in_queue(c, -2)
    assert lib.queue_order() == [c, b, a]
    lib.set_starred([a, b], True)
    lib.set_state([a], State.DISMISSED)
    counts = lib.counts()
    assert counts["queued"] == 2 and counts["dismissed"] == 1 and counts["starred"] == 2
    assert counts["inbox"] == 35
    lib.restore_states({a: (State.QUEUED, 3)})
    assert lib.queue_order() == [c, b, a]


def test_tags_and_notes_with_revisions(sample_library: Library) -> None:
    lib = sample_library
    pid = paper_id(lib, "SLAB:")
    lib.add_tags([pid], ["Efficiency", "vision"])
    assert lib.get(pid).tags == ["efficiency", "vision"]  # type: ignore[union-attr]
    assert lib.counts()["tag:vision"] == 1
    lib.remove_tags([pid], ["vision"])
    assert lib.tags() == [("efficiency", 1)]
    assert lib.set_note(pid, "first") is True
    assert lib.set_note(pid, "first") is False
    lib.set_note(pid, "second")
    assert lib.get(pid).note == "second"  # type: ignore[union-attr]
    assert [r.body for r in lib.note_revisions(pid)] == ["first"]
    assert lib.counts()["has-notes"] == 1


def test_saved_searches(sample_library: Library) -> None:
    lib = sample_library
    lib.save_search("code agents", "agents", Filter(FilterKind.HAS_CODE))
    page = lib.query("", Filter(FilterKind.SAVED, "code agents"))
    assert page.total > 0
    assert all(r.has_code for r in page.rows)
    assert lib.counts()["saved:code agents"] == page.total
    lib.rename_search("code agents", "agents+code")
    assert [s.name for s in lib.saved_searches()] == ["agents+code"]
    lib.delete_search("agents+code")
    assert lib.saved_searches() == []


# ------------------------------------------------------------------ search
@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("transformer", lambda rows: any(r.title.startswith("SLAB") for r in rows)),
        ('"linear attention"', lambda rows: [r.title[:5] for r in rows] == ["SLAB:"]),
        ("title:kite", lambda rows: [r.title[:5] for r in rows] == ["KITE:"]),
        ("has:code", lambda rows: len(rows) == 15 and all(r.has_code for r in rows)),
        ("upvotes:>2", lambda rows: sorted(r.upvotes for r in rows) == [3, 3]),
        ("authors:>=14", lambda rows: len(rows) == 4),
        ("published:2019", lambda rows: [r.title[:4] for r in rows] == ["Does"]),
        ("published:[2024-05 to 2024-06]", lambda rows: all(
            r.published and dt.date(2024, 5, 1) <= r.published <= dt.date(2024, 6, 30) for r in rows
        ) and len(rows) == 6),
        ("repo:xinghaochen/slab", lambda rows: [r.title[:5] for r in rows] == ["SLAB:"]),
        ("repo:lightzero", lambda rows: [r.title[:3] for r in rows] == ["One"]),
        ("equivar*", lambda rows: any(r.title.startswith("Flow Equivariant") for r in rows)),
        ("state:inbox AND merging", lambda rows: len(rows) >= 2),
    ],
)
def test_query_language(sample_library: Library, query: str, check) -> None:  # type: ignore[no-untyped-def]
    page = sample_library.query(query, limit=100)
    assert page.total == len(page.rows)
    assert check(page.rows), [r.title for r in page.rows]


def test_user_state_fields_are_searchable(sample_library: Library) -> None:
    lib = sample_library
    pid = paper_id(lib, "Hydra:")
    lib.set_starred([pid], True)
    lib.add_tags([pid], ["ssm"])
    lib.set_note(pid, "Compare with Mamba for the reading group")
    lib.set_state([pid], State.READING)
    for query in ("is:starred", "tag:ssm", "notes:mamba", "has:notes", "state:reading", "mamba"):
        assert [r.id for r in lib.query(query).rows] == [pid], query
    assert [r.id for r in lib.query("hydra", Filter(FilterKind.STARRED)).rows] == [pid]
    assert lib.query("hydra", Filter.state(State.DONE)).total == 0


def test_relevance_ranking_and_snippets(sample_library: Library) -> None:
    hits = sample_library.search("linear attention", limit=5)
    assert hits[0].row.title.startswith("SLAB:")
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    snippet = hits[0].snippet
    assert snippet.spans
    assert {snippet.text[a:b].lower() for a, b in snippet.spans} <= {"linear", "attention"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("foo:bar", "unknown field 'foo'"),
        ('"unclosed phrase', "unbalanced quote"),
        ("(a OR b", "unbalanced parentheses"),
        ("upvotes:>lots", "needs a whole number"),
        ("published:[2024-13 to 2025]", "could not read the query"),
        ("AND", "nothing to search for"),
    ],
)
def test_malformed_queries_get_one_line_messages(sample_library: Library, query: str,
                                                 message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace("[", r"\[")) as info:
        sample_library.query(query)
    assert "\n" not in str(info.value)
    assert sample_library.check_query(query) == str(info.value)


def test_match_spans_follow_stemming(sample_library: Library) -> None:
    text = "Transformers transform; a transformed transformer trains."
    spans = sample_library.match_spans(text, "transformer")
    # Same stem as the query word: highlighted; other words are not.
    assert [text[a:b] for a, b in spans] == ["Transformers", "transform", "transformed", "transformer"]
    assert [text[a:b] for a, b in sample_library.match_spans(text, "trai*")] == ["trains"]
    assert sample_library.match_spans("<b>bold</b> text", "bold") == [(3, 7)]


# ------------------------------------------------------------------ consistency protocol
def test_crash_between_sqlite_and_index_commit_is_repaired_at_open(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "lib"
    lib = Library.open(root)
    lib.import_files([SAMPLE], as_of=AS_OF)
    pid = paper_id(lib, "KITE:")

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise SystemExit("killed between the two commits")

    monkeypatch.setattr(lib.index, "apply", crash)
    with pytest.raises(SystemExit):
        lib.set_note(pid, "zebra crossing")
    monkeypatch.undo()
    lib.close()
    # The note is in SQLite but not in the index; opening again catches up.
    lib = Library.open(root, catch_up=False)
    assert lib.index_pending() == 1
    assert lib.query("zebra").total == 0
    assert not lib.check().ok
    lib.close()
    lib = Library.open(root)
    assert lib.index_pending() == 0
    assert [r.id for r in lib.query("zebra").rows] == [pid]
    assert lib.check().ok
    lib.close()


def test_corrupt_index_is_rebuilt(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        lib.import_files([SAMPLE], as_of=AS_OF)
    for f in (root / "index").iterdir():
        f.write_bytes(b"garbage")
    with Library.open(root) as lib:
        assert lib.index_rebuilt_reason is not None
        assert lib.query("transformer").total > 0
        assert lib.check().ok


def test_reindex(sample_library: Library) -> None:
    assert sample_library.reindex() == 38
    assert sample_library.check().ok
    assert sample_library.query("attention").total > 0


# ------------------------------------------------------------------ export round trip
def test_export_import_round_trip(sample_library: Library, tmp_path: Path) -> None:
    lib = sample_library
    a, b = paper_id(lib, "SLAB:"), paper_id(lib, "KITE:")
    lib.set_starred([a], True)
    lib.set_state([b, a], State.QUEUED)
    lib.add_tags([a], ["efficiency", "to read"])
    lib.set_note(b, "Note with 'quotes'; DROP TABLE paper; --")
    out = tmp_path / "export.json"
    assert lib.export_json(out) == 38
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "digest-reader-export" and len(doc["papers"]) == 38

    with Library.open(tmp_path / "restored") as fresh:
        report = fresh.import_files([out])
        assert report.new == 38 and not report.rejected
        key = {p.key: p for p in lib.get_many(list(range(1, 39)))}
        for paper in fresh.get_many(list(range(1, 39))):
            orig = key[paper.key]
            assert (paper.title, paper.abstract, paper.authors, paper.author_count, paper.published,
                    paper.upvotes, paper.links, paper.state, paper.starred, paper.tags, paper.note,
                    paper.queue_position, paper.added_at) == (
                orig.title, orig.abstract, orig.authors, orig.author_count, orig.published,
                orig.upvotes, orig.links, orig.state, orig.starred, orig.tags, orig.note,
                orig.queue_position, orig.added_at)
        assert fresh.queue_order() == [
            fresh.resolve(lib.get(b).key), fresh.resolve(lib.get(a).key)  # type: ignore[union-attr]
        ]


# ------------------------------------------------------------------ library folder
def test_second_writer_is_refused_but_reader_allowed(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        lib.import_files([SAMPLE], as_of=AS_OF)
        with pytest.raises(LibraryLocked, match="already open"):
            Library.open(root)
        with Library.open(root, read_only=True) as reader:
            assert reader.query("").total == 38


def test_library_files_are_private(sample_library: Library) -> None:
    root = sample_library.root
    assert (root.stat().st_mode & 0o077) == 0
    assert ((root / "library.sqlite").stat().st_mode & 0o077) == 0


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    Library.open(root).close()
    with sqlite3.connect(root / "library.sqlite") as conn:
        conn.execute("PRAGMA user_version=99")
    from reader.core.library import LibraryError

    with pytest.raises(LibraryError, match="newer Digest Reader.*99"):
        Library.open(root)


def test_dry_run_reports_what_would_change(sample_library: Library, tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("Jun 28, 2023\n", "Jun 28, 2023 9\n")
    text += "\nA Brand New Paper\n\nAn abstract. With sentences.\n\n  • 2 authors\n·\nJan 3, 2025\n"
    later = tmp_path / "later.txt"
    later.write_text(text, encoding="utf-8")
    seq = sample_library.store.current_seq()
    report = sample_library.import_files([later], as_of=AS_OF, dry_run=True)
    assert (report.new, report.updated, report.unchanged) == (1, 1, 37)
    assert sample_library.store.current_seq() == seq and sample_library.counts()["all"] == 38
    real = sample_library.import_files([later], as_of=AS_OF)
    assert (real.new, real.updated, real.unchanged) == (1, 1, 37)


def test_dry_run_counts_overlap_between_files_of_one_import(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "b.txt").write_bytes(SAMPLE.read_bytes())  # the same bytes again
    text = SAMPLE.read_text(encoding="utf-8").replace("Jun 28, 2023\n", "Jun 28, 2023 9\n")
    (folder / "c.txt").write_text(text, encoding="utf-8")  # the same papers, one changed
    preview = library.import_files([folder], as_of=AS_OF, dry_run=True)
    real = library.import_files([folder], as_of=AS_OF)
    assert preview.new == real.new == 38
    assert [f.status for f in preview.files] == [f.status for f in real.files]


@pytest.mark.parametrize("key", [SortKey.PUBLISHED, SortKey.UPVOTES, SortKey.TITLE, SortKey.ADDED])
@pytest.mark.parametrize("descending", [True, False])
def test_paging_matches_a_full_sort_with_nulls_last(sample_library: Library, key: SortKey,
                                                    descending: bool) -> None:
    attr = {SortKey.PUBLISHED: "published", SortKey.UPVOTES: "upvotes", SortKey.TITLE: "title",
            SortKey.ADDED: "id"}[key]
    everything = sample_library.query("", Filter(), Sort(key, descending), 0, 1000).rows
    pages = [r for offset in range(0, 40, 7)
             for r in sample_library.query("", Filter(), Sort(key, descending), offset, 7).rows]
    assert [r.id for r in pages] == [r.id for r in everything]
    values = [getattr(r, attr) for r in everything]
    present = [v for v in values if v is not None]
    assert values[: len(present)] == present  # NULLs last, both directions
    if key is SortKey.TITLE:
        present = [v.casefold() for v in present]
    if key is not SortKey.ADDED:
        assert present == sorted(present, reverse=descending)


@pytest.mark.parametrize("key", [SortKey.STARRED, SortKey.CODE])
def test_star_and_code_sorts_group_then_newest(sample_library: Library, key: SortKey) -> None:
    lib = sample_library
    lib.set_starred([paper_id(lib, "KITE:"), paper_id(lib, "Hydra:")], True)
    rows = lib.query("", Filter(), Sort(key, True), 0, 100).rows
    flag = [(r.starred if key is SortKey.STARRED else r.has_code) for r in rows]
    cut = flag.index(False)
    assert all(flag[:cut]) and not any(flag[cut:])
    assert cut == (2 if key is SortKey.STARRED else 15)
    for group in (rows[:cut], rows[cut:]):
        dated = [r.published for r in group if r.published]
        assert dated == sorted(dated, reverse=True)
    paged = [r.id for off in range(0, 38, 5) for r in lib.query("", Filter(), Sort(key, True), off, 5).rows]
    assert paged == [r.id for r in rows]
    ascending = lib.query("", Filter.state(State.INBOX), Sort(key, False), 0, 100).rows
    flags = [(r.starred if key is SortKey.STARRED else r.has_code) for r in ascending]
    assert flags == sorted(flags)  # the group without the flag first


@pytest.mark.parametrize("query", ["trans*", "equivar*", "mult*", "agent*", "lin?ar", "title:mod*"])
def test_prefix_queries_match_exactly_what_whoosh_matches(sample_library: Library, query: str) -> None:
    lib = sample_library
    # Updated documents leave deleted copies in older segments: they must not count.
    lib.set_starred([paper_id(lib, "SLAB:"), paper_id(lib, "KITE:")], True)
    lib.set_note(paper_id(lib, "Hydra:"), "multiplexed transformers, agents")
    searcher = lib.index.searcher()
    reference = {int(hit["id"]) for hit in searcher.search(lib.index.parse(query), limit=None)}
    page = lib.query(query, limit=1000)
    assert page.total == len(reference) > 0
    assert {r.id for r in page.rows} == reference
    scores = [r.score for r in page.rows]
    assert scores == sorted(scores, reverse=True)
    starred = lib.query(query, Filter(FilterKind.STARRED), limit=1000)
    assert {r.id for r in starred.rows} == {r.id for r in page.rows if r.starred}
    paged = [r.id for off in range(0, page.total, 3) for r in lib.query(query, offset=off, limit=3).rows]
    assert paged == [r.id for r in page.rows]
