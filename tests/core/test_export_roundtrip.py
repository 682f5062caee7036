"""Export -> import into a new library restores the library exactly (issue 10, "exports that
lose nothing"), compared table by table straight from SQLite.

Every table listed in ``sqlite_master`` is compared; a table this test does not know fails
it until its natural key is added to ``HANDLING``. Surrogate ids are replaced by natural
keys (paper key, digest sha256, tag name); the order of rows with ids is compared as a rank
(within the paper for links and note revisions, over the table otherwise). Excluded, and
only these:

- ``paper.change_seq`` and the meta row ``change_seq``: the library's change counter for
  the search index (how many writes this library has seen), not library content;
- ``note.visit``: the editing visit of the window that last wrote the note (it only groups
  that window's autosaves into one revision; a restored note starts with none);
- the meta row ``restored-export:<sha256 of the export file>``: the restore's own record
  (its value is the time of the restore). It must be there, and it must be the only one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from testutil import AS_OF, ROOT, SAMPLE

import reader.core.store.base as store_base  # the store's clock: base.utcnow
from reader.cli import main as cli_main
from reader.core.library import Library
from reader.core.model import Filter, FilterKind, ImportStatus, Sort, SortKey, State, iso_datetime

FIXTURES = ROOT / "tests" / "fixtures"
ARXIV_FIXTURES = ["arxiv-atom.xml", "arxiv-mailing.eml", "arxiv-mailing.txt", "arxiv-rss.xml"]
DIGEST_FILES = [*sorted((FIXTURES / "hf-api").glob("*.json")), SAMPLE,
                *(FIXTURES / name for name in ARXIV_FIXTURES)]
RESTORED = "restored-export:"

Row = tuple[Any, ...]
Mapper = Callable[[Any], Any]


# ------------------------------------------------------------------ the table comparison
def _maps(conn: sqlite3.Connection) -> dict[str, Mapper]:
    paper = dict(conn.execute("SELECT id, key FROM paper").fetchall())
    digest = dict(conn.execute("SELECT id, sha256 FROM digest").fetchall())
    tag = dict(conn.execute("SELECT id, name FROM tag").fetchall())

    def saved_filter(value: str) -> str:
        kind, _, ref = value.partition(":")
        return f"digest:{digest[int(ref)]}" if kind == "digest" else value

    return {"paper": paper.__getitem__, "digest": digest.__getitem__, "tag": tag.__getitem__,
            "saved_filter": saved_filter}


DROP = "drop"
#: Per table: columns replaced by a natural key ("paper", "digest", "tag", "saved_filter")
#: or dropped, and the column the order of ids is ranked within (None: the whole table).
HANDLING: dict[str, dict[str, Any]] = {
    "paper": {"columns": {"id": DROP, "change_seq": DROP}, "rank_within": None},
    "note": {"columns": {"paper_id": "paper", "visit": DROP}},
    "note_revision": {"columns": {"id": DROP, "paper_id": "paper"}, "rank_within": "paper_id"},
    "link": {"columns": {"id": DROP, "paper_id": "paper"}, "rank_within": "paper_id"},
    "digest": {"columns": {"id": DROP}, "rank_within": None},
    "paper_digest": {"columns": {"paper_id": "paper", "digest_id": "digest"}},
    "tag": {"columns": {"id": DROP}, "rank_within": None},
    "paper_tag": {"columns": {"paper_id": "paper", "tag_id": "tag"}},
    "paper_category": {"columns": {"paper_id": "paper"}},
    "saved_search": {"columns": {"id": DROP, "filter": "saved_filter"}, "rank_within": None},
    "meta": {"columns": {}, "skip_keys": {"change_seq"}},
}


def library_tables(db: Path) -> dict[str, list[Row]]:
    """Every table of the database, rows with natural keys, sorted (see the module doc)."""
    with closing(sqlite3.connect(db)) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        unknown = sorted(set(names) - set(HANDLING))
        assert not unknown, f"tables the round-trip comparison does not handle yet: {unknown}"
        maps = _maps(conn)
        out: dict[str, list[Row]] = {}
        for table in names:
            how = HANDLING[table]
            cursor = conn.execute(f'SELECT * FROM "{table}"'
                                  + (' ORDER BY id' if "rank_within" in how else ""))
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            if table == "meta":
                rows = [r for r in rows if r[0] not in how["skip_keys"]]
            ranks: dict[Any, int] = {}
            mapped = []
            for raw in rows:
                record = dict(zip(columns, raw))
                row: list[Any] = []
                for column in columns:
                    action = how["columns"].get(column)
                    if action == DROP:
                        continue
                    row.append(maps[action](record[column]) if action else record[column])
                if "rank_within" in how:
                    group = record[how["rank_within"]] if how["rank_within"] else None
                    ranks[group] = ranks.get(group, -1) + 1
                    row.append(("rank", ranks[group]))
                mapped.append(tuple(row))
            out[table] = sorted(mapped, key=repr)
        return out


def without_restore_record(tables: dict[str, list[Row]], export_file: Path) -> dict[str, list[Row]]:
    import hashlib

    sha = hashlib.sha256(export_file.read_bytes()).hexdigest()
    records = [r for r in tables["meta"] if str(r[0]).startswith(RESTORED)]
    assert [r[0] for r in records] == [RESTORED + sha]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", records[0][1])
    return {**tables, "meta": [r for r in tables["meta"] if r not in records]}


def differences(a: dict[str, list[Row]], b: dict[str, list[Row]]) -> list[str]:
    out = []
    for table in sorted(set(a) | set(b)):
        only_a = set(a.get(table, [])) - set(b.get(table, []))
        only_b = set(b.get(table, [])) - set(a.get(table, []))
        if only_a or only_b or len(a.get(table, [])) != len(b.get(table, [])):
            out.append(f"{table}: {len(only_a)} rows only in the original "
                       f"(e.g. {sorted(only_a, key=repr)[:1]}), {len(only_b)} only in the copy "
                       f"(e.g. {sorted(only_b, key=repr)[:1]})")
    return out


# ------------------------------------------------------------------ the library under test
def _clock(start: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock in the past that moves a minute per reading: every timestamp the original
    library writes differs from the restore's own time and from each other."""
    ticks: Iterator[int] = iter(range(10**9))
    return lambda: start + dt.timedelta(minutes=next(ticks))


def build_library(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 10 real HF API days, the sample page (as of 2026-11-26) and the arXiv fixtures,
    triaged: stars, every state, a queue order, tags, notes with revisions (and one cleared),
    an opened paper, saved searches (one on a digest)."""
    with monkeypatch.context() as m:
        m.setattr(store_base, "utcnow", _clock(dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.timezone.utc)))
        with Library.open(root) as lib:
            report = lib.import_files(DIGEST_FILES, as_of=AS_OF)
            assert not report.rejected and report.new > 150
            ids = [r.id for r in lib.query("", sort=Sort(SortKey.TITLE, descending=False),
                                           limit=1000).rows]
            lib.set_starred(ids[0:12], True)
            lib.set_state([ids[20], ids[5], ids[33], ids[7]], State.QUEUED)
            lib.move_in_queue(ids[7], -2)
            lib.set_state(ids[40:44], State.READING)
            lib.set_state(ids[50:60], State.DONE)
            lib.set_state(ids[60:63], State.DISMISSED)
            lib.add_tags(ids[0:5], ["robotics", "to read"])
            lib.add_tags([ids[20], ids[51]], ["diffusion"])
            lib.set_note(ids[5], "first thoughts")
            lib.set_note(ids[5], "first thoughts, then **more**")
            lib.set_note(ids[20], "a note")
            lib.set_note(ids[20], "a note, edited in the window", visit="window-visit-1")
            lib.set_note(ids[51], "written, then cleared")
            lib.set_note(ids[51], "")
            lib.set_note(ids[5], "third version — with ünïcode")
            lib.mark_opened(ids[5])
            lib.mark_opened(ids[33])
            lib.save_search("agents", "agent*", Filter(FilterKind.HAS_CODE), Sort(SortKey.UPVOTES))
            lib.save_search("robots to read", "", Filter(FilterKind.TAG, "robotics"))
            june = next(d for d in lib.digests() if d.digest_date == dt.date(2024, 6, 12))
            lib.save_search("june 12", "model", Filter(FilterKind.DIGEST, str(june.id)))
    with closing(sqlite3.connect(root / "library.sqlite")) as conn, conn:
        # read_at is stamped by a trigger with SQLite's clock, which the test cannot set:
        # put it in the past, so that a restore which restamped it would be seen.
        conn.execute("UPDATE paper SET read_at = '2026-11-21T07:00:00Z' WHERE read_at IS NOT NULL")


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("original") / "lib"
    with pytest.MonkeyPatch.context() as monkeypatch:
        build_library(root, monkeypatch)
    return root


@pytest.fixture(scope="module")
def exported(original: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "export.json"
    with Library.open(original, read_only=True) as lib:
        assert lib.export_json(out) > 150
    return out


def test_the_original_has_what_the_comparison_must_see(original: Path) -> None:
    tables = library_tables(original / "library.sqlite")
    # meta holds only the change counter (excluded) in a library that was never restored into
    assert [t for t in HANDLING if not tables[t]] == ["meta"]
    with closing(sqlite3.connect(original / "library.sqlite")) as conn:
        per_paper = conn.execute("SELECT max(n) FROM (SELECT count(*) n FROM paper_digest "
                                 "GROUP BY paper_id)").fetchone()[0]
        varying = conn.execute("SELECT count(*) FROM (SELECT paper_id FROM paper_digest GROUP BY "
                               "paper_id HAVING count(DISTINCT upvotes) > 1)").fetchone()[0]
        revisions = conn.execute("SELECT max(n) FROM (SELECT count(*) n FROM note_revision "
                                 "GROUP BY paper_id)").fetchone()[0]
        empty_note = conn.execute("SELECT count(*) FROM note WHERE body = ''").fetchone()[0]
    assert per_paper >= 3 and varying >= 1 and revisions == 2 and empty_note == 1


def test_export_into_an_empty_library_restores_every_table(
        original: Path, exported: Path, tmp_path: Path) -> None:
    with Library.open(tmp_path / "copy") as copy:
        report = copy.import_files([exported])
        assert [f.status for f in report.files] == [ImportStatus.IMPORTED]
        assert report.files[0].digest_id is None  # the export file is not a digest
        assert copy.check().ok
        with Library.open(original, read_only=True) as lib:
            assert copy.query("agent*").total == lib.query("agent*").total > 0
    want = library_tables(original / "library.sqlite")
    got = without_restore_record(library_tables(tmp_path / "copy" / "library.sqlite"), exported)
    assert differences(want, got) == []

    # The comparison sees a changed upvote of one membership (it is not vacuous).
    with closing(sqlite3.connect(tmp_path / "copy" / "library.sqlite")) as conn, conn:
        conn.execute("UPDATE paper_digest SET upvotes = coalesce(upvotes, 0) + 1 "
                     "WHERE rowid = (SELECT min(rowid) FROM paper_digest)")
    changed = without_restore_record(library_tables(tmp_path / "copy" / "library.sqlite"), exported)
    assert [d.split(":")[0] for d in differences(want, changed)] == ["paper_digest"]


def test_restored_papers_keep_their_digests_and_upvotes(original: Path, exported: Path,
                                                        tmp_path: Path) -> None:
    with Library.open(original, read_only=True) as lib:
        before = {p.key: p for p in lib.get_many(sorted(lib.store.all_ids()))}
    with Library.open(tmp_path / "copy") as copy:
        copy.import_files([exported])
        after = {p.key: p for p in copy.get_many(sorted(copy.store.all_ids()))}
        assert len(copy.digests()) == 15
    assert before.keys() == after.keys()
    many = [k for k, p in before.items() if len(p.digests) >= 2]
    assert many
    for key in many:
        assert [(d.source_path, d.digest_date, d.imported_at, d.upvotes, d.entry_count)
                for d in after[key].digests] == [
            (d.source_path, d.digest_date, d.imported_at, d.upvotes, d.entry_count)
            for d in before[key].digests]


def test_the_same_export_twice_changes_nothing(exported: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    with Library.open(root) as copy:
        copy.import_files([exported])
        first = library_tables(root / "library.sqlite")
        seq = copy.store.current_seq()
        again = copy.import_files([exported])
        assert [f.status for f in again.files] == [ImportStatus.UNCHANGED]
        assert copy.store.current_seq() == seq
        preview = copy.import_files([exported], dry_run=True)
        assert [f.status for f in preview.files] == [ImportStatus.UNCHANGED]
    assert library_tables(root / "library.sqlite") == first


def test_a_library_with_some_of_the_digests_merges_without_duplicates(
        original: Path, exported: Path, tmp_path: Path) -> None:
    root = tmp_path / "partial"
    days = sorted((FIXTURES / "hf-api").glob("*.json"))[:3]
    with Library.open(root) as lib:
        lib.import_files([*days, FIXTURES / "newsletter.eml"], as_of=AS_OF)
        own = {d.source_path: iso_datetime(d.imported_at) for d in lib.digests()}
        known = lib.counts()["all"]
        report = lib.import_files([exported])
        (file,) = report.files
        assert file.status is ImportStatus.IMPORTED
        exported_papers = len(json.loads(exported.read_text(encoding="utf-8"))["papers"])
        assert file.new + file.updated + file.unchanged == exported_papers
        assert 0 < file.updated + file.unchanged < known  # the newsletter has papers of its own
        assert lib.check().ok
    want = library_tables(original / "library.sqlite")
    got = library_tables(root / "library.sqlite")
    # Every exported digest once, plus the library's own newsletter; the three days it had
    # keep their own row (with this library's imported-at).
    newsletter = [r for r in got["digest"] if r[0].endswith("newsletter.eml")]
    assert len(newsletter) == 1
    assert sorted(r[1] for r in got["digest"]) == sorted(
        [r[1] for r in want["digest"]] + [newsletter[0][1]])
    assert {r[0]: r[4] for r in got["digest"] if r[0] in own} == own
    # Every membership of the original with its upvotes (plus the newsletter's), every
    # tag and saved search, and the user state of every paper, known before or not.
    assert set(want["paper_digest"]) <= set(got["paper_digest"])
    assert set(want["paper_tag"]) == set(got["paper_tag"])
    assert want["saved_search"] == got["saved_search"]
    assert want["note"] == got["note"] and want["note_revision"] == got["note_revision"]

    def user_state(db: Path) -> set[Row]:
        with closing(sqlite3.connect(db)) as conn:
            return set(conn.execute("SELECT key, state, starred, queue_position, read_at, "
                                    "has_note FROM paper").fetchall())

    assert user_state(original / "library.sqlite") <= user_state(root / "library.sqlite")


def test_export_and_import_through_the_command_line(original: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "library.json"
    assert cli_main(["--library", str(original), "export", "--format", "json", "-o", str(out)]) == 0
    assert "exported" in capsys.readouterr().err
    new = tmp_path / "new"
    assert cli_main(["--library", str(new), "import", str(out)]) == 0
    assert "imported (digest-reader-export)" in capsys.readouterr().out
    want = library_tables(original / "library.sqlite")
    assert differences(want, without_restore_record(library_tables(new / "library.sqlite"),
                                                    out)) == []
    assert cli_main(["--library", str(new), "import", str(out)]) == 0
    assert "unchanged" in capsys.readouterr().out


# ------------------------------------------------------------------ old files, bad files
def test_a_version_1_export_imports_as_before(tmp_path: Path) -> None:
    old = FIXTURES / "export-v1.json"
    assert json.loads(old.read_text(encoding="utf-8"))["version"] == 1
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_files([old])
        assert [f.status for f in report.files] == [ImportStatus.IMPORTED] and report.new == 5
        (digest,) = lib.digests()  # as before: the file itself is the one digest
        assert digest.format == "digest-reader-export" and digest.entry_count == 5
        papers = {p.title[:30]: p for p in lib.get_many(sorted(lib.store.all_ids()))}
        assert sum(p.starred for p in papers.values()) == 2
        assert [p.state for p in papers.values()].count(State.QUEUED) == 2
        assert [p.state for p in papers.values()].count(State.DONE) == 1
        assert sorted(p.note for p in papers.values() if p.note) == [
            "a note kept in a version 1 export"]
        assert lib.tags() == [("old format", 2)]
        assert [lib.get(i).queue_position for i in lib.queue_order()] == [1, 2]  # type: ignore[union-attr]
        assert lib.import_files([old]).files[0].status is ImportStatus.UNCHANGED


def _broken(exported: Path, tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    doc = json.loads(exported.read_text(encoding="utf-8"))
    edit(doc)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _membership_to_unknown_digest(doc: dict[str, Any]) -> None:
    paper = next(p for p in doc["papers"] if p["memberships"])
    paper["memberships"][0]["digest"] = "f" * 64


def _duplicate_digest(doc: dict[str, Any]) -> None:
    doc["digests"].append(dict(doc["digests"][0]))


def _bad_imported_at(doc: dict[str, Any]) -> None:
    doc["digests"][2]["imported_at"] = "yesterday"


def _bad_saved_query(doc: dict[str, Any]) -> None:
    doc["saved_searches"][0]["query"] = 'title:"unbalanced'


def _saved_search_on_unknown_digest(doc: dict[str, Any]) -> None:
    search = next(s for s in doc["saved_searches"] if s["digest_sha256"])
    search["digest_sha256"] = "0" * 64


def _no_digests_section(doc: dict[str, Any]) -> None:
    del doc["digests"]


def _bad_revision(doc: dict[str, Any]) -> None:
    paper = next(p for p in doc["papers"] if p["note_revisions"])
    paper["note_revisions"][0] = {"body": "x"}


def _duplicate_paper(doc: dict[str, Any]) -> None:
    doc["papers"].append(dict(doc["papers"][0]))


@pytest.mark.parametrize(("edit", "reason"), [
    (_membership_to_unknown_digest, r"broken Digest Reader export: paper #\d+: membership of "
                                    r"digest ffffffffffff…, which is not among the export's digests"),
    (_duplicate_digest, r"broken Digest Reader export: digest #16: sha256 [0-9a-f]{12}… is "
                        r"listed twice"),
    (_bad_imported_at, r"broken Digest Reader export: digest #3: Invalid isoformat string"),
    (_bad_saved_query, r"broken Digest Reader export: saved search 'agents': .*quote"),
    (_saved_search_on_unknown_digest, r"broken Digest Reader export: saved search #\d: filter "
                                      r"digest:\d+ names no digest of the export"),
    (_no_digests_section, r"broken Digest Reader export: 'digests' is not a list"),
    (_bad_revision, r"broken Digest Reader export: paper #\d+: missing 'saved_at'"),
    (_duplicate_paper, r"broken Digest Reader export: paper #\d+: the same paper as paper #1 "),
])
def test_a_broken_export_is_refused_whole(exported: Path, tmp_path: Path,
                                          edit: Callable[[dict[str, Any]], None],
                                          reason: str) -> None:
    path = _broken(exported, tmp_path, edit)
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        lib.import_files([SAMPLE], as_of=AS_OF)
        before = library_tables(root / "library.sqlite")
        report = lib.import_files([path])
        (file,) = report.files
        assert file.status is ImportStatus.REJECTED
        assert file.reason is not None and "\n" not in file.reason
        assert re.match(reason, file.reason), file.reason
    assert library_tables(root / "library.sqlite") == before  # nothing imported


def test_a_truncated_export_is_refused_and_imports_nothing(exported: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    data = exported.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: len(data) // 2])
    root = tmp_path / "lib"
    assert cli_main(["--library", str(root), "import", str(cut)]) == 2
    out = capsys.readouterr().out.strip().splitlines()
    assert out[1:] == ["total: 0 new, 0 updated, 0 unchanged, 1 rejected"]
    assert re.fullmatch(
        rf"{re.escape(str(cut))}: rejected: broken Digest Reader export: invalid JSON \(.+\)",
        out[0]), out
    with Library.open(root) as lib:
        assert lib.counts()["all"] == 0 and lib.digests() == []
    assert library_tables(root / "library.sqlite")["meta"] == []


def test_a_library_of_saved_searches_only_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "searches.json"
    with Library.open(tmp_path / "a") as lib:
        lib.save_search("later", "agent* has:code", Filter.parse("queue"), Sort.parse("-upvotes"))
        lib.export_json(out)
    with Library.open(tmp_path / "b") as lib:
        report = lib.import_files([out])
        assert [f.status for f in report.files] == [ImportStatus.IMPORTED], report.files[0].reason
    assert differences(library_tables(tmp_path / "a" / "library.sqlite"), without_restore_record(
        library_tables(tmp_path / "b" / "library.sqlite"), out)) == []


def test_an_out_of_range_timestamp_is_refused(exported: Path, tmp_path: Path) -> None:
    def far_future(doc: dict[str, Any]) -> None:
        doc["papers"][0]["updated_at"] = "9999-12-31T23:59:59-05:00"

    with Library.open(tmp_path / "lib") as lib:
        (file,) = lib.import_files([_broken(exported, tmp_path, far_future)]).files
        assert file.status is ImportStatus.REJECTED
        assert file.reason == ("broken Digest Reader export: paper #1: updated_at: "
                               "'9999-12-31T23:59:59-05:00' is out of range")
        assert lib.counts()["all"] == 0


def test_an_export_may_be_larger_than_a_digest(exported: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A library of 100,000 papers exports to ~250 MB, past the 64 MiB digest limit."""
    import reader.core.importers as importers

    size = exported.stat().st_size
    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 4096)
    big_digest = tmp_path / "page.txt"
    big_digest.write_bytes(SAMPLE.read_bytes())
    with Library.open(tmp_path / "lib") as lib:
        (page,) = lib.import_files([big_digest], as_of=AS_OF).files
        assert page.status is ImportStatus.REJECTED and "too large" in (page.reason or "")
        monkeypatch.setattr(importers, "MAX_EXPORT_BYTES", size - 1)
        (refused,) = lib.import_files([exported]).files
        assert refused.status is ImportStatus.REJECTED and "too large" in (refused.reason or "")
        monkeypatch.setattr(importers, "MAX_EXPORT_BYTES", size)
        (restored,) = lib.import_files([exported]).files
        assert restored.status is ImportStatus.IMPORTED and restored.new > 150
