"""Every SQL statement is parameterised; library files are readable by the user only (issue 6).

Titles, abstracts, authors, notes, tags and saved-search names full of quotes and SQL
round-trip exactly through import, search, ``show``/``list --json`` and export → import.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import stat
from pathlib import Path

import pytest
from testutil import AS_OF

from reader.cli import main as cli_main
from reader.core.library import Library
from reader.core.model import Filter, FilterKind, ImportStatus

HOSTILE = [
    "'); DROP TABLE paper; --",
    '" OR 1=1 --',
    "Robert'); DELETE FROM note WHERE ('1'='1",
    "x' UNION SELECT key, value FROM meta --",
    "%_\\' ; PRAGMA writable_schema=1; --",
    "O'Brien \"quoted\" `ticks` [brackets] ?1 :name @p $v",
]


def hostile_export(tmp_path: Path) -> Path:
    papers = []
    for n, text in enumerate(HOSTILE):
        papers.append({
            "title": f"Paper {n}: {text}",
            "abstract": f"Abstract with {text} inside and the word zebra{n}.",
            "authors": [text, f"Author {n}"],
            "author_count": 2,
            "published": "2024-05-0" + str(n + 1),
            "upvotes": n,
            "links": [{"url": f"https://github.com/o{n}/r{n}?q={n}", "kind": "github",
                       "repo": f"o{n}/r{n}"}],
            "state": "queued" if n % 2 else "inbox",
            "starred": bool(n % 2),
            "tags": [f"tag {n} {text}".lower()[:40]],
            "note": f"Note: {text}\nsecond line; {text}",
            "queue_position": n + 1 if n % 2 else None,
        })
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"format": "digest-reader-export", "version": 1,
                                "exported_at": "2026-11-26T00:00:00Z", "papers": papers}),
                    encoding="utf-8")
    return path


def test_quotes_and_sql_round_trip_exactly(library: Library, tmp_path: Path) -> None:
    source = hostile_export(tmp_path)
    report = library.import_files([source], as_of=AS_OF)
    assert report.files[0].status is ImportStatus.IMPORTED and report.new == len(HOSTILE)
    expected = json.loads(source.read_text(encoding="utf-8"))["papers"]
    by_title = {p.title: p for p in library.get_many(list(range(1, len(HOSTILE) + 1)))}
    for item in expected:
        paper = by_title[item["title"]]
        assert paper.abstract == item["abstract"]
        assert paper.authors == item["authors"]
        assert paper.note == item["note"]
        assert paper.tags == item["tags"]
    # Searching for the hostile text (as a phrase) finds exactly its paper.
    for n, _text in enumerate(HOSTILE):
        assert [r.title for r in library.query(f"zebra{n}").rows] == [expected[n]["title"]]
    # Tags and saved searches named with SQL work as filters.
    tag = expected[0]["tags"][0]
    assert library.query("", Filter(FilterKind.TAG, tag)).total == 1
    library.save_search(HOSTILE[0], "zebra1 OR zebra2")
    assert library.query("", Filter(FilterKind.SAVED, HOSTILE[0])).total == 2
    library.set_note(1, HOSTILE[1] + HOSTILE[0])
    assert library.get(1).note == HOSTILE[1] + HOSTILE[0]  # type: ignore[union-attr]
    # The schema is intact.
    with contextlib.closing(sqlite3.connect(library.root / "library.sqlite")) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"paper", "note", "meta", "tag"} <= tables
        assert conn.execute("SELECT count(*) FROM note").fetchone()[0] == len(HOSTILE)
    assert library.check().ok
    # Export → import into a fresh library gives back every string exactly.
    out = tmp_path / "export.json"
    library.export_json(out)
    with Library.open(tmp_path / "again") as again:
        assert again.import_files([out]).new == len(HOSTILE)
        for paper in again.get_many(list(range(1, len(HOSTILE) + 1))):
            orig = by_title[paper.title]
            assert (paper.abstract, paper.authors, paper.tags, paper.links, paper.state,
                    paper.starred) == (orig.abstract, orig.authors, orig.tags, orig.links,
                                       orig.state, orig.starred)
        assert again.get(1).note == HOSTILE[1] + HOSTILE[0]  # type: ignore[union-attr]


def test_cli_round_trip_of_hostile_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "lib"
    assert cli_main(["--library", str(root), "import", str(hostile_export(tmp_path))]) == 0
    capsys.readouterr()
    assert cli_main(["--library", str(root), "mark", "2", "--note", HOSTILE[0], "--tag", HOSTILE[1]]) == 0
    capsys.readouterr()
    assert cli_main(["--library", str(root), "show", "2", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["note"] == HOSTILE[0]
    assert HOSTILE[1].lower().strip() in shown["tags"]
    assert cli_main(["--library", str(root), "search", '"DROP TABLE paper"', "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    # Paper 0 has it in its title and abstract, paper id 2 ("Paper 1") in its new note.
    assert sorted(h["title"] for h in hits) == [f"Paper 0: {HOSTILE[0]}", f"Paper 1: {HOSTILE[1]}"]
    assert cli_main(["--library", str(root), "check"]) == 0


def test_no_sql_is_built_from_strings() -> None:
    """A static guard: the core only runs SQL text it wrote itself (PRAGMAs and fixed DDL)."""
    import re

    core = Path(__file__).resolve().parents[2] / "reader" / "core"
    risky = []
    for path in core.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(exec_driver_sql|\.execute|text)\(\s*f[\"']", line):
                if "PRAGMA user_version={" in line or "PRAGMA " in line and "{SCHEMA" in line:
                    continue  # an integer from our own code
                if "PRAGMA user_version={step + 1}" in line:
                    continue
                risky.append(f"{path.name}:{number}: {line.strip()}")
    assert risky == []


# ------------------------------------------------------------------ file modes
def _private(path: Path) -> bool:
    return (path.stat().st_mode & 0o077) == 0


def test_library_files_are_readable_by_the_user_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    import os

    old = os.umask(0o022)  # a typical, permissive umask: the library must not rely on it
    try:
        root = tmp_path / "lib"
        with Library.open(root) as lib:
            lib.import_files([hostile_export(tmp_path)], as_of=AS_OF)
            lib.set_note(1, "private")
            # While open, SQLite's -wal and -shm files exist.
            side = [Path(str(root / "library.sqlite") + s) for s in ("-wal", "-shm")]
            assert all(p.exists() for p in side)
            for p in [root / "library.sqlite", root / "library.lock", *side]:
                assert _private(p), (p, oct(p.stat().st_mode))
        # Everything under the library folder is reachable only through folders that are
        # private (the index files themselves are written by Whoosh with the umask).
        assert stat.S_IMODE(root.stat().st_mode) == 0o700
        assert stat.S_IMODE((root / "index").stat().st_mode) == 0o700
        for p in (root / "index").iterdir():
            assert _private(p), (p, oct(p.stat().st_mode))
        # Backups made by a migration are private.
        fixture = Path(__file__).parent / "fixtures" / "library-v1.sqlite"
        old_root = tmp_path / "old"
        old_root.mkdir()
        (old_root / "library.sqlite").write_bytes(fixture.read_bytes())
        os.chmod(old_root / "library.sqlite", 0o644)
        Library.open(old_root).close()
        assert stat.S_IMODE((old_root / "backups").stat().st_mode) == 0o700
        for p in (old_root / "backups").iterdir():
            assert _private(p), p
        assert _private(old_root / "library.sqlite")  # tightened at open
        # `export -o` writes a private file, also over an existing world-readable one.
        out = tmp_path / "export.json"
        out.write_text("old")
        os.chmod(out, 0o644)
        assert cli_main(["--library", str(root), "export", "-o", str(out)]) == 0
        capsys.readouterr()
        assert _private(out)
        assert json.loads(out.read_text(encoding="utf-8"))["format"] == "digest-reader-export"
    finally:
        os.umask(old)
