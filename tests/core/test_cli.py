"""The command line: a stable contract (issue 2 §6)."""

from __future__ import annotations

import errno
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from testutil import SAMPLE

from reader import __version__
from reader.cli import main

PAPER_KEYS = {"id", "key", "title", "abstract", "authors", "author_count", "published", "upvotes",
              "links", "state", "starred", "tags", "note", "digests", "added_at"}


def run(capsys: pytest.CaptureFixture[str], lib: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(lib), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "lib"
    code, out, _ = run(capsys, root, "import", str(SAMPLE), "--as-of", "2026-11-26")
    assert code == 0, out
    return root


def test_import_prints_per_file_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "lib"
    bad = tmp_path / "bad.txt"
    bad.write_text("just prose\n")
    code, out, _ = run(capsys, root, "import", str(SAMPLE), str(bad), "--as-of", "2026-11-26")
    assert code == 2
    assert "imported (hf-daily-page): 38 new, 0 updated, 0 unchanged" in out
    assert f"{bad}: rejected: not a recognised digest" in out
    code, out, _ = run(capsys, root, "import", str(SAMPLE), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["files"][0]["status"] == "unchanged" and report["unchanged"] == 38


def test_list_show_search_json(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, lib, "list", "--filter", "has-code", "--json")
    papers = json.loads(out)
    assert code == 0 and len(papers) == 15
    assert set(papers[0]) >= PAPER_KEYS
    slab = next(p for p in papers if p["title"].startswith("SLAB:"))
    assert slab["published"] == "2024-05-19" and slab["author_count"] == 4
    assert slab["links"][1] == {
        "url": "https://github.com/mindspore-lab/models/tree/master/research/huawei-noah/SLAB",
        "kind": "github", "repo": "mindspore-lab/models",
    }
    code, out, _ = run(capsys, lib, "show", str(slab["id"]), "--json")
    assert json.loads(out)["title"] == slab["title"]
    code, out, _ = run(capsys, lib, "search", "linear attention", "--limit", "3", "--json")
    hits = json.loads(out)
    assert hits[0]["title"].startswith("SLAB:") and hits[0]["snippet_spans"]
    code, out, _ = run(capsys, lib, "search", "linear attention", "--limit", "1")
    assert "«" in out and "SLAB" in out
    code, out, _ = run(capsys, lib, "list", "--query", "kite", "--sort", "title")
    assert "KITE" in out and "1 of 1 papers" in out


def test_mark_and_filters(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, lib, "list", "--sort", "title", "--json")
    ids = [str(p["id"]) for p in json.loads(out)[:3]]
    code, out, _ = run(capsys, lib, "mark", *ids, "--star", "--state", "queue", "--tag", "ml",
                       "--note", "read this")
    assert code == 0 and "updated 3 papers" in out
    code, out, _ = run(capsys, lib, "list", "--filter", "queue", "--json")
    queued = json.loads(out)
    assert [str(p["id"]) for p in queued] == ids
    assert all(p["starred"] and p["tags"] == ["ml"] and p["note"] == "read this" for p in queued)
    code, out, _ = run(capsys, lib, "mark", ids[0], "--unstar", "--untag", "ml")
    code, out, _ = run(capsys, lib, "list", "--filter", "starred", "--json")
    assert len(json.loads(out)) == 2
    code, out, _ = run(capsys, lib, "list", "--filter", "tag:ml")
    assert "2 of 2 papers" in out


def test_export_round_trip_through_cli(lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, lib, "mark", "1", "2", "--star", "--tag", "keep", "--note", "n")
    out_file = tmp_path / "export.json"
    code, _, err = run(capsys, lib, "export", "--format", "json", "-o", str(out_file))
    assert code == 0 and "exported 38 papers" in err
    other = tmp_path / "other"
    code, out, _ = run(capsys, other, "import", str(out_file))
    assert code == 0 and "38 new" in out
    code, out, _ = run(capsys, other, "list", "--filter", "starred", "--json")
    restored = json.loads(out)
    assert len(restored) == 2 and all(p["tags"] == ["keep"] and p["note"] == "n" for p in restored)


def test_check_stats_reindex(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, lib, "check")
    assert code == 0 and out.startswith("ok: 38 papers, 38 indexed")
    code, out, _ = run(capsys, lib, "stats", "--json")
    stats = json.loads(out)
    assert stats["papers"] == 38 and stats["with_code"] == 15 and stats["digests"] == 1
    code, out, _ = run(capsys, lib, "reindex")
    assert code == 0 and "reindexed 38 papers" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "foo:bar"], "unknown field 'foo'"),
        (["show", "99999"], "no paper '99999'"),
        (["list", "--filter", "bogus"], "unknown filter 'bogus'"),
        (["list", "--sort", "colour"], "unknown sort key 'colour'"),
        (["mark", "1"], "nothing to do"),
        (["mark", "1", "--state", "sleeping"], "unknown state 'sleeping'"),
    ],
)
def test_errors_are_one_line_on_stderr(lib: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                       message: str) -> None:
    code, out, err = run(capsys, lib, *args)
    assert code == 1
    assert err.startswith("digest-reader: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (OperationalError("SELECT", {}, sqlite3.OperationalError("database is locked")),
         "the library database refused the operation: the database is locked by another program"),
        (SADatabaseError("SELECT", {}, sqlite3.DatabaseError("database disk image is malformed\nmore")),
         "database disk image is malformed"),
        (OSError(errno.EIO, "Input/output error", "/somewhere/library.sqlite"),
         "Input/output error: /somewhere/library.sqlite"),
    ],
)
def test_a_failing_read_is_one_line_on_stderr(lib: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch, error: Exception,
                                              line: str) -> None:
    """The database's errors reach the command line as the project's own (it imports no
    SQLAlchemy), worded as they always were."""
    from reader.core.library import Library

    def fail(self: Library, *args: object, **kwargs: object) -> None:
        with self.store.read():  # raised where the store reads: its boundary translates it
            raise error

    monkeypatch.setattr(Library, "query", fail)
    code, out, err = run(capsys, lib, "list")
    assert (code, out, err) == (1, "", f"digest-reader: error: {line}\n")


def test_library_from_environment_and_version(tmp_path: Path) -> None:
    env_lib = tmp_path / "envlib"
    env = {"DIGEST_READER_HOME": str(env_lib), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "reader", "import", str(SAMPLE), "--as-of", "2026-11-26"],
        capture_output=True, text=True, env=env, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (env_lib / "library.sqlite").exists()
    result = subprocess.run([sys.executable, "-m", "reader", "--version"], capture_output=True,
                            text=True, check=False)
    assert result.stdout.strip() == f"digest-reader {__version__}"


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("arxiv-mailing.txt", "arxiv-mailing"),
        ("arxiv-rss.xml", "arxiv-feed"),
        ("arxiv-atom.xml", "arxiv-feed"),
        ("newsletter.eml", "email/"),
        ("newsletter-html.eml", "email/"),
    ],
)
def test_every_format_round_trips_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   name: str, fmt: str) -> None:
    root = tmp_path / "lib"
    source = FIXTURES / name
    code, out, _ = run(capsys, root, "import", str(source), "--dry-run", "--json")
    preview = json.loads(out)
    assert code == 0 and preview["dry_run"] and preview["new"] > 0
    code, out, _ = run(capsys, root, "stats", "--json")
    assert json.loads(out)["papers"] == 0  # the dry run changed nothing
    code, out, _ = run(capsys, root, "import", str(source), "--json")
    report = json.loads(out)
    assert code == 0 and report["new"] == preview["new"]
    assert report["files"][0]["format"].startswith(fmt)
    code, out, _ = run(capsys, root, "list", "--json")
    papers = json.loads(out)
    assert len(papers) == report["new"]
    assert all(p["title"] and "\n" not in p["title"] for p in papers)
    assert all(p["digests"][0]["format"].startswith(fmt) for p in papers)
