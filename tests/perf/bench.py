"""Digest Reader performance harness (issue 5): one run, side by side with baselines.

    .venv/bin/python tests/perf/bench.py --papers 100000 --out tests/perf/results-100k.json

Measures on a deterministic synthetic corpus (tests/perf/corpus.py):
  import   end to end through Library.import_files, split parse / store / index, against
           raw sqlite3.executemany of the same rows and a plain default Whoosh writer;
  search   Library.query + Library.match_spans (title and abstract of the top 20) for a
           selective and a broad set of 20 queries, against SQLite FTS5 on the same corpus;
  window   (unless --skip-gui) cold start, filter switch, keystroke, scroll, sort, peak RSS,
           in a subprocess with QT_QPA_PLATFORM=offscreen;
  daily    a 40-paper digest imported into the N-paper library, index included.
See tests/perf/README.md for what every figure means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))

import corpus as corpusmod  # noqa: E402

from reader.core import importers  # noqa: E402
from reader.core.library import Library  # noqa: E402
from reader.core.library.indexing import IndexFeed  # noqa: E402
from reader.core.model import Filter, FilterKind, State  # noqa: E402
from reader.core.store.store import Store, WriteBatch  # noqa: E402

AS_OF = dt.date(2026, 11, 26)
HAS_CODE = Filter(FilterKind.HAS_CODE)
INBOX = Filter.state(State.INBOX)

# (whoosh query, filter, fts5 MATCH or None, extra SQL condition on p or None)
# (words are ANDed in both, as in the search box since issue 10)
SELECTIVE: list[tuple[str, Filter | None, str | None, str | None]] = [
    ("sensors", None, "sensors", None),
    ("diabetes", None, "diabetes", None),
    ("anonymization", None, "anonymization", None),
    ("occlusions", None, "occlusions", None),
    ("anonymization diabetes", None, "anonymization diabetes", None),
    ("occlusions symptoms", None, "occlusions symptoms", None),
    ("judgments centralized", None, "judgments centralized", None),
    ('"significant advancement"', None, '"significant advancement"', None),
    ('"video comprehension"', None, '"video comprehension"', None),
    ('"public benchmarks"', None, '"public benchmarks"', None),
    ("title:distillation", None, "title : distillation", None),
    ("title:avatar OR title:pixel", None, "title : (avatar OR pixel)", None),
    ("anonymi*", None, "anonymi*", None),
    ("symptom*", None, "symptom*", None),
    ("diabet*", None, "diabet*", None),
    ("gemma AND upvotes:>5", None, "gemma", "p.upvotes > 5"),
    ("emergent AND published:2020", None, "emergent", "p.published LIKE '2020%'"),
    ("upvotes:>=300", None, None, "p.upvotes >= 300"),
    ("toxicity", HAS_CODE, "toxicity", "p.has_code = 1"),
    ("title:robot", HAS_CODE, "title : robot", "p.has_code = 1"),
]
BROAD: list[tuple[str, Filter | None, str | None, str | None]] = [
    ("reasoning", None, "reasoning", None),
    ("benchmark", None, "benchmark", None),
    ("images", None, "images", None),
    ("memory attention", None, "memory attention", None),
    ("video generation", None, "video generation", None),
    ("demonstrate novel", None, "demonstrate novel", None),
    ('"large language"', None, '"large language"', None),
    ('"extensive experiments"', None, '"extensive experiments"', None),
    ('"real world"', None, '"real world"', None),
    ("abstract:framework", None, "abstract : framework", None),
    ("title:model", None, "title : model", None),
    ("learn*", None, "learn*", None),
    ("multi*", None, "multi*", None),
    ("video*", None, "video*", None),
    ("upvotes:>=1", None, None, "p.upvotes >= 1"),
    ("authors:>=3 AND reasoning", None, "reasoning", "p.author_count >= 3"),
    ("published:[2020 to 2022]", None, None, "p.published >= '2020' AND p.published < '2023'"),
    ("reasoning", HAS_CODE, "reasoning", "p.has_code = 1"),
    ("images", INBOX, "images", "p.state = 'inbox'"),
    ("model AND upvotes:>=1", HAS_CODE, "model", "p.upvotes >= 1 AND p.has_code = 1"),
]


def now() -> float:
    return time.perf_counter()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def cpu() -> float:
    """CPU seconds of this process and its finished children (the index writer processes):
    unlike wall time, not inflated when other programs share the cores."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    import whoosh

    return {
        "nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem, 1),
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "whoosh": ".".join(map(str, whoosh.__version__)), "platform": platform.platform(),
    }


# ----------------------------------------------------------------------------- import
class Timers:
    """Wraps the three stages of Library.import_files to split its wall time."""

    def __init__(self) -> None:
        self.parse = 0.0
        self.store = 0.0
        self.index = 0.0
        self.cpu = {"parse": 0.0, "store": 0.0, "index": 0.0}
        self.store_end: float | None = None
        self.parsed: list[Any] = []
        self.keep = False
        self._saved: list[tuple[Any, str, Any]] = []

    def install(self) -> None:
        t = self
        orig_parse = importers.parse_bytes
        orig_store = Store.store_digest

        def parse_bytes(*a: Any, **k: Any) -> Any:
            t0 = now()
            c0 = time.thread_time()
            try:
                result = orig_parse(*a, **k)
            finally:
                t.parse += now() - t0
                t.cpu["parse"] += time.thread_time() - c0
            if t.keep:
                t.parsed.append(result)
            return result

        def store_digest(self: Store, *a: Any, **k: Any) -> Any:
            t0 = now()
            c0 = time.thread_time()
            try:
                return orig_store(self, *a, **k)
            finally:
                t.store += now() - t0
                t.cpu["store"] += time.thread_time() - c0
                t.store_end = now()

        def timed_store(orig: Any, commits: bool) -> Any:
            def wrapper(*a: Any, **k: Any) -> Any:
                t0 = now()
                c0 = time.thread_time()
                try:
                    return orig(*a, **k)
                finally:
                    t.store += now() - t0
                    t.cpu["store"] += time.thread_time() - c0
                    if commits:
                        t.store_end = now()
            return wrapper

        def timed_index(orig: Any) -> Any:
            def wrapper(*a: Any, **k: Any) -> Any:
                t0 = now()
                try:
                    return orig(*a, **k)
                finally:
                    t.index += now() - t0
            return wrapper

        # index (wall) = feeding the writer processes after each stored file (a first large
        # import) + sync_index after the files (which finishes such a build); its CPU is
        # computed in bench_import as everything but parse and store
        index_stages = [(Library, "sync_index"), (IndexFeed, "stored")]
        self._saved = [(importers, "parse_bytes", orig_parse), (Store, "store_digest", orig_store)]
        self._saved += [(owner, name, getattr(owner, name)) for owner, name in index_stages]
        # store also = the group commits of the files and the WAL checkpoint at the end
        store_stages = [(WriteBatch, "commit"), (Store, "checkpoint")]
        self._saved += [(owner, name, getattr(owner, name)) for owner, name in store_stages]
        importers.parse_bytes = parse_bytes  # type: ignore[assignment]
        Store.store_digest = store_digest  # type: ignore[method-assign]
        for owner, name in index_stages:
            setattr(owner, name, timed_index(getattr(owner, name)))
        for owner, name in store_stages:
            setattr(owner, name, timed_store(getattr(owner, name), commits=name == "commit"))

    def uninstall(self) -> None:
        for owner, name, value in self._saved:
            setattr(owner, name, value)

    def reset(self) -> None:
        self.parse = self.store = self.index = 0.0
        self.cpu = {"parse": 0.0, "store": 0.0, "index": 0.0}
        self.store_end = None


def bench_import(lib_dir: Path, files: list[Path], timers: Timers) -> tuple[Library, dict[str, Any]]:
    timers.reset()
    timers.keep = True
    c0 = cpu()
    t0 = now()
    lib = Library.open(lib_dir)
    opened = now()
    report = lib.import_files(files, as_of=AS_OF)
    total = now() - t0
    cpu_s = cpu() - c0
    timers.keep = False
    timers.cpu["index"] = cpu_s - timers.cpu["parse"] - timers.cpu["store"]
    new = sum(f.new for f in report.files)
    problems = [f for f in report.files if f.status.value not in ("imported", "unchanged")]
    status = lib.index.status()
    browsable = (timers.store_end or now()) - t0
    return lib, {
        "papers": new,
        "files": len(files),
        "rejected_files": len(problems),
        "total_s": total,
        "cpu_s": cpu_s,
        "cpu_split_s": dict(timers.cpu),
        "open_s": opened - t0,
        "parse_s": timers.parse,
        "store_s": timers.store,
        "index_s": timers.index,
        "other_s": total - timers.parse - timers.store - timers.index - (opened - t0),
        "browsable_after_s": browsable,
        "papers_per_s": new / total if total else 0.0,
        "index_docs": status.doc_count,
        "index_segments": _segments(lib),
    }


def _segments(lib: Library) -> int:
    try:
        return len(lib.index.ix._segments())
    except Exception:  # noqa: BLE001
        return -1


def _paper_rows(parsed: list[Any]) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple]]:
    from reader.core.store.store import _title_sort, _unique_links

    stamp = "2026-11-26T00:00:00Z"
    papers, links, digests, members = [], [], [], []
    pid = 0
    for did, digest in enumerate(parsed, start=1):
        digests.append((did, f"/corpus/{did}", f"sha{did}", digest.format,
                        digest.digest_date.isoformat() if digest.digest_date else None,
                        stamp, len(digest.papers)))
        for p in digest.papers:
            pid += 1
            papers.append((
                pid, p.key, p.title_key, p.arxiv_id, p.title, _title_sort(p.title), p.abstract,
                p.abstract_truncated, json.dumps(p.authors), p.author_count,
                p.published.isoformat() if p.published else None, p.upvotes, "inbox", None,
                False, any(link.is_code for link in p.links), False, stamp, stamp, None, 1,
            ))
            for pos, link in enumerate(_unique_links(p.links)):
                links.append((pid, link.url, link.kind.value, link.repo, pos))
            members.append((pid, did, p.upvotes))
    return papers, links, digests, members


def baseline_sqlite(lib_db: Path, work: Path, parsed: list[Any]) -> dict[str, Any]:
    """Raw sqlite3: same schema and indexes, same pragmas, executemany in one transaction."""
    path = work / "raw.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with sqlite3.connect(lib_db) as src:
        ddl = [r[0] for r in src.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
            "ORDER BY type = 'index'")]
    papers, links, digests, members = _paper_rows(parsed)
    con = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL",
                   "cache_size=-65536", "temp_store=MEMORY"):
        con.execute(f"PRAGMA {pragma}")
    for stmt in ddl:
        con.execute(stmt)
    c0 = cpu()
    t0 = now()
    con.execute("BEGIN")
    con.executemany("INSERT INTO digest (id, source_path, sha256, format, digest_date, "
                    "imported_at, entry_count) VALUES (?,?,?,?,?,?,?)", digests)
    con.executemany(
        "INSERT INTO paper (id, key, title_key, arxiv_id, title, title_sort, abstract, "
        "abstract_truncated, authors, author_count, published, upvotes, state, queue_position, "
        "starred, has_code, has_note, added_at, updated_at, opened_at, change_seq) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", papers)
    con.executemany("INSERT INTO link (paper_id, url, kind, repo, position) VALUES (?,?,?,?,?)",
                    links)
    con.executemany("INSERT INTO paper_digest (paper_id, digest_id, upvotes) VALUES (?,?,?)",
                    members)
    con.execute("COMMIT")
    elapsed = now() - t0
    cpu_s = cpu() - c0
    con.close()
    # The same rows with the app's transaction structure: one transaction per digest file.
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    con = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL",
                   "cache_size=-65536", "temp_store=MEMORY"):
        con.execute(f"PRAGMA {pragma}")
    for stmt in ddl:
        con.execute(stmt)
    pid_digest = {m[0]: m[1] for m in members}
    groups: dict[int, tuple[list, list, list]] = {d[0]: ([], [], []) for d in digests}
    for row in papers:
        groups[pid_digest[row[0]]][0].append(row)
    for row in links:
        groups[pid_digest[row[0]]][1].append(row)
    for row in members:
        groups[row[1]][2].append(row)
    c1 = cpu()
    t1 = now()
    for d in digests:
        g_papers, g_links, g_members = groups[d[0]]
        con.execute("BEGIN")
        con.execute("INSERT INTO digest (id, source_path, sha256, format, digest_date, "
                    "imported_at, entry_count) VALUES (?,?,?,?,?,?,?)", d)
        con.executemany(
            "INSERT INTO paper (id, key, title_key, arxiv_id, title, title_sort, abstract, "
            "abstract_truncated, authors, author_count, published, upvotes, state, "
            "queue_position, starred, has_code, has_note, added_at, updated_at, opened_at, "
            "change_seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", g_papers)
        con.executemany("INSERT INTO link (paper_id, url, kind, repo, position) "
                        "VALUES (?,?,?,?,?)", g_links)
        con.executemany("INSERT INTO paper_digest (paper_id, digest_id, upvotes) "
                        "VALUES (?,?,?)", g_members)
        con.execute("COMMIT")
    per_file = now() - t1
    per_file_cpu = cpu() - c1
    con.close()
    return {"papers": len(papers), "total_s": elapsed, "cpu_s": cpu_s,
            "papers_per_s": len(papers) / elapsed, "per_file_total_s": per_file,
            "per_file_cpu_s": per_file_cpu}


def baseline_whoosh(work: Path, parsed: list[Any]) -> dict[str, Any]:
    """A plain default Whoosh writer: StemmingAnalyzer schema, ix.writer(), add, commit."""
    from whoosh import index as windex
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import DATETIME, ID, NUMERIC, TEXT, Schema

    path = work / "plain-whoosh"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=StemmingAnalyzer()),
                    abstract=TEXT(analyzer=StemmingAnalyzer()), upvotes=NUMERIC(int),
                    published=DATETIME())
    ix = windex.create_in(str(path), schema)
    c0 = cpu()
    t0 = now()
    writer = ix.writer()
    n = 0
    for digest in parsed:
        for p in digest.papers:
            n += 1
            fields: dict[str, Any] = {"id": str(n), "title": p.title, "abstract": p.abstract}
            if p.upvotes is not None:
                fields["upvotes"] = p.upvotes
            if p.published is not None:
                fields["published"] = dt.datetime.combine(p.published, dt.time())
            writer.add_document(**fields)
    writer.commit()
    elapsed = now() - t0
    cpu_s = cpu() - c0
    ix.close()
    shutil.rmtree(path, ignore_errors=True)
    return {"papers": n, "total_s": elapsed, "cpu_s": cpu_s, "papers_per_s": n / elapsed}


# ----------------------------------------------------------------------------- search
def one_query(lib: Library, text: str, flt: Filter | None) -> tuple[float, int]:
    t0 = now()
    page = lib.query(text, flt, None, 0, 50)
    top = [r.id for r in page.rows[:20]]
    papers = lib.get_many(top)
    for paper in papers:
        lib.match_spans(paper.title, text)
        lib.match_spans(paper.abstract, text)
    return now() - t0, page.total


def bench_search(lib: Library, papers: int, rounds: int) -> dict[str, Any]:
    lib.index.searcher()  # the window opens it at start; a query never pays for it
    out: dict[str, Any] = {}
    for name, queries in (("selective", SELECTIVE), ("broad", BROAD)):
        first: list[float] = []
        every: list[float] = []
        rows = []
        for r in range(rounds):
            for i, (text, flt, _m, _w) in enumerate(queries):
                gc.collect()
                elapsed, total = one_query(lib, text, flt)
                every.append(elapsed)
                if r == 0:
                    first.append(elapsed)
                    rows.append({"query": text, "filter": flt.key if flt else "all",
                                 "total": total, "share": total / max(1, papers),
                                 "ms": [elapsed * 1000]})
                else:
                    rows[i]["ms"].append(elapsed * 1000)
        out[name] = {
            "median_ms": statistics.median(every) * 1000,
            "p95_ms": pct(every, 0.95) * 1000,
            "max_ms": max(every) * 1000,
            "first_round_median_ms": statistics.median(first) * 1000,
            "first_round_p95_ms": pct(first, 0.95) * 1000,
            "samples": len(every),
            "queries": rows,
        }
    return out


def build_fts(lib_db: Path, work: Path) -> tuple[sqlite3.Connection, float]:
    path = work / "fts.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    src = sqlite3.connect(f"file:{lib_db}?mode=ro", uri=True)
    rows = src.execute("SELECT id, title, abstract, upvotes, author_count, published, has_code, "
                       "state FROM paper").fetchall()
    src.close()
    t0 = now()
    con.execute("CREATE VIRTUAL TABLE f USING fts5(title, abstract, tokenize='porter unicode61')")
    con.execute("CREATE TABLE p (id INTEGER PRIMARY KEY, upvotes INT, author_count INT, "
                "published TEXT, has_code INT, state TEXT)")
    con.execute("BEGIN")
    con.executemany("INSERT INTO f (rowid, title, abstract) VALUES (?,?,?)",
                    [(r[0], r[1], r[2]) for r in rows])
    con.executemany("INSERT INTO p VALUES (?,?,?,?,?,?)",
                    [(r[0], r[3], r[4], r[5], r[6], r[7]) for r in rows])
    con.execute("COMMIT")
    return con, now() - t0


def fts_query(con: sqlite3.Connection, match: str | None, where: str | None) -> tuple[float, int]:
    t0 = now()
    if match is None:
        cond = where or "1"
        total = con.execute(f"SELECT count(*) FROM p WHERE {cond}").fetchone()[0]
        ids = [r[0] for r in con.execute(
            f"SELECT id FROM p WHERE {cond} ORDER BY published DESC LIMIT 50")]
        con.execute(f"SELECT title, abstract FROM f WHERE rowid IN ({','.join('?' * len(ids[:20]))})",
                    ids[:20]).fetchall()
        return now() - t0, total
    cond = f" AND {where}" if where else ""
    total = con.execute(f"SELECT count(*) FROM f JOIN p ON p.id = f.rowid WHERE f MATCH ?{cond}",
                        (match,)).fetchone()[0]
    con.execute(
        f"SELECT f.rowid FROM f JOIN p ON p.id = f.rowid WHERE f MATCH ?{cond} "
        "ORDER BY bm25(f, 2.0, 1.0) LIMIT 50", (match,)).fetchall()
    con.execute(
        "SELECT f.rowid, highlight(f, 0, '[', ']'), highlight(f, 1, '[', ']') FROM f "
        f"JOIN p ON p.id = f.rowid WHERE f MATCH ?{cond} ORDER BY bm25(f, 2.0, 1.0) LIMIT 20",
        (match,)).fetchall()
    return now() - t0, total


def bench_fts(lib_db: Path, work: Path, rounds: int) -> dict[str, Any]:
    con, build = build_fts(lib_db, work)
    out: dict[str, Any] = {"build_s": build}
    for name, queries in (("selective", SELECTIVE), ("broad", BROAD)):
        every = []
        totals = []
        for r in range(rounds):
            for _text, _flt, match, where in queries:
                elapsed, total = fts_query(con, match, where)
                every.append(elapsed)
                if r == 0:
                    totals.append(total)
        out[name] = {"median_ms": statistics.median(every) * 1000,
                     "p95_ms": pct(every, 0.95) * 1000, "totals": totals}
    con.close()
    return out


# ----------------------------------------------------------------------------- daily
def bench_daily(lib: Library, daily: Path, timers: Timers) -> dict[str, Any]:
    timers.reset()
    before = lib.index.status().doc_count
    t0 = now()
    report = lib.import_files([daily], as_of=AS_OF)
    total = now() - t0
    t1 = now()
    page = lib.query('"' + _first_title(daily) + '"', None, None, 0, 5)
    searchable = now() - t1
    return {
        "papers": sum(f.new for f in report.files),
        "total_s": total,
        "parse_s": timers.parse,
        "store_s": timers.store,
        "index_s": timers.index,
        "index_docs_before": before,
        "index_docs_after": lib.index.status().doc_count,
        "first_query_after_s": searchable,
        "found_new_paper": page.total >= 1,
        "index_segments": _segments(lib),
    }


def _first_title(path: Path) -> str:
    blocks = [b for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    for i, block in enumerate(blocks):
        if block.strip().startswith("•") and i >= 2:
            return blocks[i - 2].strip().replace('"', " ")
    return blocks[-3].strip()


# ----------------------------------------------------------------------------- window
def bench_gui(lib_dir: Path, papers: int) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cmd = [sys.executable, str(HERE / "gui_probe.py"), str(lib_dir), str(papers)]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return {"measured": False, "reason": "the window probe timed out after 600 s"}
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"measured": False,
                "reason": f"window probe failed (exit {proc.returncode}): "
                          + (proc.stderr.strip().splitlines() or ["no output"])[-1][:300]}
    return json.loads(lines[-1])


# ----------------------------------------------------------------------------- report
def table(results: dict[str, Any]) -> str:
    n = results["config"]["papers"]
    imp = results["import"]
    lines = [f"Digest Reader performance at {n:,} papers  ({results['machine']['nproc']} cores, "
             f"{results['machine']['cpu']}, {results['machine']['ram_gb']} GB)", ""]

    def row(name: str, value: str, target: str = "", verdict: str = "") -> None:
        lines.append(f"  {name:<44} {value:>22}  {target:<22} {verdict}")

    def ok(flag: bool | None) -> str:
        return "" if flag is None else ("MET" if flag else "NOT MET")

    lines.append("Import (Library.import_files, end to end)")
    row("total", f"{imp['total_s']:.1f} s", "<= 120 s", ok(imp["total_s"] <= 120 if n >= 100_000 else None))
    split = imp.get("cpu_split_s", {})

    def cpu_of(name: str) -> str:
        return f"  (CPU {split[name]:.1f} s)" if name in split else ""

    row("  parse", f"{imp['parse_s']:.1f} s", cpu_of("parse"))
    row("  store (SQLite, incl. commits)", f"{imp['store_s']:.1f} s", cpu_of("store"))
    row("  index (feeding + finishing)", f"{imp['index_s']:.1f} s", cpu_of("index"))
    row("  other (read, hash, open)", f"{imp['other_s'] + imp['open_s']:.1f} s")
    row("browsable after (store commit landed)", f"{imp['browsable_after_s']:.1f} s")
    row("throughput", f"{imp['papers_per_s']:.0f} papers/s")
    if "cpu_s" in imp:
        row("CPU time (this process + index writers)", f"{imp['cpu_s']:.1f} s")
    row("index segments after import", f"{imp['index_segments']}")
    base = results.get("baselines", {})
    if "sqlite" in base:
        ratio = imp["store_s"] / base["sqlite"]["total_s"]
        row("raw sqlite3.executemany (same rows)", f"{base['sqlite']['total_s']:.2f} s")
        row("  store / raw sqlite3", f"{ratio:.2f}x", "<= 3x", ok(ratio <= 3))
        if "per_file_total_s" in base["sqlite"]:
            pf = base["sqlite"]["per_file_total_s"]
            row("raw sqlite3, one transaction per file", f"{pf:.2f} s")
            row("  store / raw sqlite3 per file", f"{imp['store_s'] / pf:.2f}x")
        if "store" in split and "cpu_s" in base["sqlite"]:
            row("  store / raw sqlite3, CPU time", f"{split['store'] / base['sqlite']['cpu_s']:.2f}x")
    if "whoosh" in base:
        ratio = base["whoosh"]["total_s"] / imp["total_s"]
        row("plain default Whoosh writer", f"{base['whoosh']['total_s']:.1f} s")
        if "cpu_s" in base["whoosh"]:
            row("  its CPU time", f"{base['whoosh']['cpu_s']:.1f} s")
        row("  plain Whoosh / our end to end", f"{ratio:.2f}x faster", ">= 2.5x", ok(ratio >= 2.5))
        if "cpu_s" in base["whoosh"] and "cpu_s" in imp:
            row("  plain Whoosh CPU / our end-to-end CPU", f"{base['whoosh']['cpu_s'] / imp['cpu_s']:.2f}x")
        row("  plain Whoosh / our index part", f"{base['whoosh']['total_s'] / imp['index_s']:.2f}x faster")
    lines.append("")
    lines.append("Search (Library.query page of 50 + match_spans title/abstract of top 20)")
    srch = results.get("search", {})
    fts = results.get("fts5", {})
    for name, p95_target, med_target in (("selective", 150, 30), ("broad", 400, None)):
        if name not in srch:
            continue
        s = srch[name]
        shares = [q["share"] for q in s["queries"]]
        row(f"{name} median", f"{s['median_ms']:.1f} ms",
            f"<= {med_target} ms" if med_target else "",
            ok(s["median_ms"] <= med_target) if med_target else "")
        row(f"{name} p95", f"{s['p95_ms']:.1f} ms", f"<= {p95_target} ms", ok(s["p95_ms"] <= p95_target))
        row(f"{name} first-round median / p95",
            f"{s['first_round_median_ms']:.0f} / {s['first_round_p95_ms']:.0f} ms")
        row(f"{name} share of papers matched (min..max)", f"{min(shares):.2%}..{max(shares):.2%}")
        if name in fts:
            row(f"{name} SQLite FTS5 median / p95",
                f"{fts[name]['median_ms']:.1f} / {fts[name]['p95_ms']:.1f} ms")
    lines.append("")
    if "daily" in results:
        d = results["daily"]
        lines.append(f"Daily digest ({d['papers']} papers) into the library")
        row("end to end incl. index", f"{d['total_s'] * 1000:.0f} ms", "<= 1000 ms", ok(d["total_s"] <= 1))
        row("  store / index", f"{d['store_s'] * 1000:.0f} / {d['index_s'] * 1000:.0f} ms")
        row("  first query after it", f"{d['first_query_after_s'] * 1000:.0f} ms")
        lines.append("")
    gui = results.get("gui", {})
    lines.append("Window")
    if not gui.get("measured"):
        row("not measured", "", "", gui.get("reason", "skipped"))
    else:
        for key, value in gui.items():
            if key in ("measured", "notes"):
                continue
            row(key, f"{value:.1f}" if isinstance(value, float) else str(value))
        for note in gui.get("notes", []):
            lines.append(f"  note: {note}")
    lines.append("")
    lines.append(f"Peak RSS of the benchmark process: {results['peak_rss_mb']:.0f} MB")
    lines.append("Load average at start / after the core part: "
                 f"{results['load_average_at_start'][0]:.2f} / "
                 f"{results.get('load_average_after_core', [float('nan')])[0]:.2f} "
                 "(other processes share the 2 cores)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=5000)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "digest-perf")
    ap.add_argument("--source", type=Path, default=corpusmod.DEFAULT_SOURCE,
                    help="folder of Hugging Face API days the corpus text is trained on")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3, help="rounds over each query set")
    ap.add_argument("--skip-gui", action="store_true")
    ap.add_argument("--skip-baselines", action="store_true")
    ap.add_argument("--skip-whoosh-baseline", action="store_true")
    args = ap.parse_args(argv)

    n = args.papers
    work = args.work
    corpus_dir = work / f"corpus-{n}"
    lib_dir = work / f"lib-{n}"
    t0 = now()
    files, daily = corpusmod.generate(corpus_dir, n, args.seed, source=args.source)
    gen_s = now() - t0
    shutil.rmtree(lib_dir, ignore_errors=True)
    results: dict[str, Any] = {
        "config": {"papers": n, "seed": args.seed, "files": len(files), "rounds": args.rounds,
                   "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                   "corpus_bytes": sum(f.stat().st_size for f in files),
                   "corpus_generate_s": gen_s},
        "machine": machine(),
        "load_average_at_start": os.getloadavg(),
    }
    timers = Timers()
    timers.install()
    print(f"importing {n} papers from {len(files)} files ...", flush=True)
    lib, results["import"] = bench_import(lib_dir, files, timers)
    parsed = timers.parsed
    timers.parsed = []
    print(json.dumps(results["import"]), flush=True)

    print("search ...", flush=True)
    results["search"] = bench_search(lib, n, args.rounds)
    print("daily digest ...", flush=True)
    results["daily"] = bench_daily(lib, daily, timers)
    print(json.dumps(results["daily"]), flush=True)
    print("search after the daily digest ...", flush=True)
    after = bench_search(lib, n, 1)
    results["search_after_daily"] = {k: {kk: v[kk] for kk in ("median_ms", "p95_ms")}
                                     for k, v in after.items()}
    lib.close()
    timers.uninstall()
    results["peak_rss_mb"] = rss_peak_mb()
    results["load_average_after_core"] = os.getloadavg()

    if not args.skip_baselines:
        db = lib_dir / "library.sqlite"
        print("baseline: raw sqlite3 ...", flush=True)
        results.setdefault("baselines", {})["sqlite"] = baseline_sqlite(db, work, parsed)
        print("reference: SQLite FTS5 ...", flush=True)
        results["fts5"] = bench_fts(db, work, args.rounds)
        if not args.skip_whoosh_baseline:
            print("baseline: plain Whoosh writer ...", flush=True)
            results["baselines"]["whoosh"] = baseline_whoosh(work, parsed)
    del parsed
    if not args.skip_gui:
        print("window ...", flush=True)
        results["gui"] = bench_gui(lib_dir, n)
    else:
        results["gui"] = {"measured": False, "reason": "--skip-gui"}

    text = table(results)
    print()
    print(text)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
