"""Kill the importer with SIGKILL at seeded random moments and check nothing is lost (issue 6).

Each trial copies a template library that already holds user state (stars, notes with
revisions, tags, states, a queue order) on papers imported earlier, starts
``python -m reader --library L import --as-of 2026-11-26 FOLDER`` on a folder of generated
page-text digests (``gen_digests.py``; many of their papers are the ones carrying user state),
kills it with SIGKILL after a seeded random delay within the measured length of a full import,
and then verifies:

1. ``PRAGMA integrity_check`` is ``ok`` (raw sqlite3, before Digest Reader touches the file);
2. the library opens (its automatic catch-up repairs the index), and ``digest-reader check``
   exits 0 (SQLite integrity plus index/database agreement);
3. every file is imported fully or not at all: for each digest row, its papers are exactly
   the file's parsed entries and ``entry_count`` matches; no paper lacks a digest; the set of
   papers is exactly the union of the committed files (+ the template's);
4. user state set before the import is intact (state, star, tags, note, note revisions,
   queue order);
5. re-running the same import afterwards completes and the library then holds every file.

Run ``python tests/reliability/crash_harness.py --trials 50 --seed 1`` for the full run; it
prints ``trials survived N/N`` and where the kills landed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import io
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from gen_digests import digest_text, file_numbers, write_digests  # noqa: E402

from reader.cli import main as cli_main  # noqa: E402
from reader.core.importers import parse_bytes  # noqa: E402
from reader.core.model import State  # noqa: E402
from reader.core.services import Library  # noqa: E402

AS_OF = dt.date(2026, 11, 26)


@dataclass
class Setup:
    work: Path
    template: Path
    folder: Path
    files: dict[str, set[str]]  # sha256 -> parsed keys of that file
    names: dict[str, str]  # sha256 -> file name
    seed_keys: set[str]
    user_state: dict[str, Any]
    startup: float = 0.0
    full: float = 0.0
    first_commit: float = 0.0  # when the first / last file committed in the timed full import
    last_commit: float = 0.0


@dataclass
class Trial:
    number: int
    delay: float
    committed: int = 0
    indexed_before_open: bool = False
    rebuilt: str | None = None
    problems: list[str] = field(default_factory=list)
    exit_code: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _import_cmd(library: Path, folder: Path) -> list[str]:
    return [sys.executable, "-m", "reader", "--library", str(library), "import",
            "--as-of", AS_OF.isoformat(), str(folder)]


def snapshot_user_state(lib: Library) -> dict[str, Any]:
    """Everything a user set, keyed by paper key (ids are stable too, but keys say more)."""
    out: dict[str, Any] = {}
    for paper in lib.store.iter_papers():
        revisions = [r.body for r in lib.note_revisions(paper.id)]
        if (paper.starred or paper.tags or paper.note or revisions or paper.state is not State.INBOX):
            out[paper.key] = (paper.state.value, paper.starred, sorted(paper.tags), paper.note,
                              revisions, paper.queue_position)
    out["__queue__"] = [lib.get(pid).key for pid in lib.queue_order()]  # type: ignore[union-attr]
    return out


def prepare(work: Path, files: int = 60, papers: int = 40, seed: int = 0) -> Setup:
    """Generate the digests and a template library holding user state; time a full import."""
    folder = work / "digests"
    paths = write_digests(folder, files=files, papers=papers, seed=seed)
    parsed: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for path in paths:
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        parsed[sha] = {p.key for p in parse_bytes(data, path, AS_OF).papers}
        names[sha] = path.name
    template = work / "template"
    earlier = work / "earlier.txt"
    # Papers imported *before* the big import; most of them are listed again by it.
    earlier.write_text(digest_text(999, file_numbers(999, papers, seed, pool=papers * 25)),
                       encoding="utf-8")
    with Library.open(template) as lib:
        report = lib.import_files([earlier], as_of=AS_OF)
        assert report.new == papers, report
        ids = [row.id for row in lib.query("", None, None, 0, 1000).rows]
        ids.sort()
        rng = random.Random(seed)
        lib.set_starred(ids[0:12], True)
        lib.set_state(ids[5:15], State.QUEUED)
        lib.set_state(ids[15:20], State.DONE)
        lib.set_state(ids[20:23], State.DISMISSED)
        lib.set_queue_order(list(reversed(ids[5:15])))
        for pid in ids[::3]:
            lib.add_tags([pid], [rng.choice(["rl", "vision", "to read", "robotics"])])
        for pid in ids[::4]:
            lib.set_note(pid, f"first thoughts on {pid}")
            lib.set_note(pid, f"Note for paper {pid}: 'quoted' \"text\" — keep it")
        seed_keys = {p.key for p in lib.store.iter_papers()}
        state = snapshot_user_state(lib)
    setup = Setup(work, template, folder, parsed, names, seed_keys, state)
    # Timing: one full uninterrupted import, watching when files commit.
    probe = work / "probe"
    shutil.copytree(template, probe)
    start = time.perf_counter()
    proc = subprocess.Popen(_import_cmd(probe, folder), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=_env())
    seen: list[tuple[float, int]] = []
    with contextlib.closing(sqlite3.connect(probe / "library.sqlite", timeout=5)) as conn:
        while proc.poll() is None:
            try:
                count = conn.execute("SELECT count(*) FROM digest").fetchone()[0] - 1
            except sqlite3.OperationalError:
                count = -1
            seen.append((time.perf_counter() - start, count))
            time.sleep(0.003)
    setup.full = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"the timed import failed with exit code {proc.returncode}")
    started = [t for t, n in seen if n >= 1]
    finished = [t for t, n in seen if n >= files]
    setup.first_commit = started[0] if started else setup.full / 3
    setup.last_commit = finished[0] if finished else setup.full
    setup.startup = setup.first_commit  # interpreter start-up plus opening the library
    shutil.rmtree(probe)
    return setup


def verify(setup: Setup, library: Path, trial: Trial, *, resume: bool = True) -> None:
    problems = trial.problems
    db = library / "library.sqlite"
    # 1. raw integrity, before Digest Reader opens it.
    with contextlib.closing(sqlite3.connect(db)) as conn:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems.append(f"integrity_check: {result[:3]}")
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"foreign_key_check: {len(fk)} dangling rows")
    # 2. opens (catch-up runs) and `digest-reader check` exits 0.
    try:
        lib = Library.open(library)
    except Exception as exc:  # noqa: BLE001 - a failure to open is the finding
        problems.append(f"library does not open: {type(exc).__name__}: {exc}")
        return
    try:
        trial.rebuilt = lib.index_rebuilt_reason
        # 3. all-or-nothing per file.
        with lib.store.read() as conn:
            digests = conn.exec_driver_sql("SELECT id, sha256, entry_count FROM digest").all()
            members: dict[int, set[str]] = {}
            for digest_id, key in conn.exec_driver_sql(
                "SELECT pd.digest_id, p.key FROM paper_digest pd JOIN paper p ON p.id = pd.paper_id"
            ):
                members.setdefault(int(digest_id), set()).add(str(key))
            orphans = conn.exec_driver_sql(
                "SELECT count(*) FROM paper WHERE id NOT IN (SELECT paper_id FROM paper_digest)"
            ).scalar()
            all_keys = {str(r[0]) for r in conn.exec_driver_sql("SELECT key FROM paper")}
        expected_keys = set(setup.seed_keys)
        for digest_id, sha, entry_count in digests:
            if sha not in setup.files:
                continue  # the template's own digest
            trial.committed += 1
            want = setup.files[sha]
            got = members.get(int(digest_id), set())
            if got != want:
                problems.append(f"{setup.names[sha]}: digest holds {len(got)} of {len(want)} papers")
            if entry_count != len(want):
                problems.append(f"{setup.names[sha]}: entry_count {entry_count} != {len(want)}")
            expected_keys |= want
        if orphans:
            problems.append(f"{orphans} papers belong to no digest")
        if all_keys != expected_keys:
            problems.append(f"papers: {len(all_keys - expected_keys)} unexpected, "
                            f"{len(expected_keys - all_keys)} missing")
        # 4. user state.
        if snapshot_user_state(lib) != setup.user_state:
            problems.append("user state changed")
    finally:
        lib.close()
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli_main(["--library", str(library), "check"])
    if code != 0:
        problems.append(f"digest-reader check exited {code}: {out.getvalue().strip()[:300]}")
    # 5. the interrupted import can simply be run again.
    if resume and not problems:
        run = subprocess.run(_import_cmd(library, setup.folder), capture_output=True, text=True,
                             env=_env())
        if run.returncode != 0:
            problems.append(f"re-running the import failed ({run.returncode}): {run.stderr[-300:]}")
            return
        with Library.open(library) as lib:
            if lib.stats().digests != len(setup.files) + 1:
                problems.append("after re-running the import, not every file is in the library")
            if not lib.check().ok:
                problems.append(f"after re-running the import: {lib.check().problems}")
            if snapshot_user_state(lib) != setup.user_state:
                problems.append("user state changed by the re-run import")


def run_trial(setup: Setup, number: int, rng: random.Random, *, resume: bool = True) -> Trial:
    library = setup.work / f"trial-{number:03d}"
    shutil.rmtree(library, ignore_errors=True)
    shutil.copytree(setup.template, library)
    # Kill at a random moment. 60% of trials: once the k-th file (random k) has committed,
    # plus a random 0–25 ms (lands inside the next file's transaction or between two), which
    # stays meaningful however fast the machine is; the rest: a random time from interpreter
    # start-up to the end of the indexing that follows the last file.
    proc = subprocess.Popen(_import_cmd(library, setup.folder), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=_env())
    start = time.perf_counter()
    if rng.random() < 0.6:
        target = rng.randint(0, len(setup.files) - 1)
        jitter = rng.uniform(0.0, 0.025)
        with contextlib.closing(sqlite3.connect(library / "library.sqlite", timeout=5)) as conn:
            while proc.poll() is None and time.perf_counter() - start < setup.full * 5:
                try:
                    if conn.execute("SELECT count(*) FROM digest").fetchone()[0] - 1 >= target:
                        break
                except sqlite3.OperationalError:
                    pass
                time.sleep(0.002)
        time.sleep(jitter)
    else:
        time.sleep(rng.uniform(setup.startup * 0.6, setup.full * 1.02))
    trial = Trial(number, time.perf_counter() - start)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    trial.exit_code = proc.wait()
    verify(setup, library, trial, resume=resume)
    if trial.ok:
        shutil.rmtree(library, ignore_errors=True)
    return trial


def run(trials: int, seed: int, files: int = 60, papers: int = 40, work: Path | None = None,
        resume: bool = True, verbose: bool = True) -> list[Trial]:
    owned = work is None
    base = Path(tempfile.mkdtemp(prefix="dr-crash-")) if work is None else work
    try:
        setup = prepare(base, files=files, papers=papers, seed=seed)
        if verbose:
            print(f"{files} files x {papers} papers; files commit "
                  f"from {setup.first_commit:.2f} to {setup.last_commit:.2f} s, full import "
                  f"{setup.full:.2f} s; seed {seed}", flush=True)
        rng = random.Random(seed)
        results = []
        for number in range(trials):
            trial = run_trial(setup, number, rng, resume=resume)
            results.append(trial)
            if verbose:
                how = "killed" if trial.exit_code == -signal.SIGKILL else f"exited {trial.exit_code}"
                status = "ok" if trial.ok else "FAILED: " + "; ".join(trial.problems)
                note = " (index rebuilt)" if trial.rebuilt else ""
                print(f"trial {number:3d}: {how} after {trial.delay:.2f} s, "
                      f"{trial.committed:2d}/{files} files committed{note}: {status}", flush=True)
        return results
    finally:
        if owned:
            shutil.rmtree(base, ignore_errors=True)


def summary(results: list[Trial], files: int) -> str:
    survived = sum(t.ok for t in results)
    killed = [t for t in results if t.exit_code == -signal.SIGKILL]
    mid = [t for t in killed if 0 < t.committed < files]
    before = [t for t in killed if t.committed == 0]
    during_index = [t for t in killed if t.committed == files]
    return (f"trials survived {survived}/{len(results)} "
            f"(killed: {len(killed)} — {len(before)} before the first file committed, {len(mid)} "
            f"mid-import, {len(during_index)} after the last file (while indexing); "
            f"{len(results) - len(killed)} finished before the kill)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="SIGKILL the importer at random moments (issue 6)")
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--files", type=int, default=60)
    ap.add_argument("--papers", type=int, default=40, help="papers per generated file")
    ap.add_argument("--no-resume", action="store_true", help="skip re-running the import after a kill")
    args = ap.parse_args(argv)
    results = run(args.trials, args.seed, args.files, args.papers, resume=not args.no_resume)
    print(summary(results, args.files))
    return 0 if all(t.ok for t in results) else 1


if __name__ == "__main__":
    sys.exit(main())
