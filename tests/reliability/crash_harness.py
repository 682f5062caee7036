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

Issue 10 added trial kinds that start from an *empty* library, so the multi-process index
writer runs (a first large import is indexed while it is stored; the size threshold is
lowered through ``DIGEST_READER_PIPELINE_MIN_BYTES``):

* ``first`` — SIGKILL at a random moment of a first import into an empty library (the
  writer processes start with ``fork`` and ``spawn`` in turn);
* ``final`` — SIGKILL after the last file committed, while the final index build runs;
* ``window`` — SIGKILL of the window (``gui FILE``, offscreen, its writer processes started
  by a fork server) during the import it started.

Besides checks 1–5, every such trial asserts that **no process of the trial is alive 3 s
after the kill** (each trial's processes carry a marker in their environment, so re-parented
orphans are found too) and that the library opens within 3 s.
``python tests/reliability/crash_harness.py --kinds first,final,window --trials 60 --seed 1``.
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
import uuid
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
from reader.core.library import Library, LibraryLocked  # noqa: E402
from reader.core.model import State  # noqa: E402

#: Every process of a trial inherits this variable (set to the trial's own value).
TAG_VARIABLE = "DIGEST_READER_TRIAL_TAG"
#: Seconds after the kill by which every process of a trial must be gone / the library open.
GONE_WITHIN = 3.0
OPEN_WITHIN = 3.0
KINDS = ("first", "final", "window")

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
    template_digests: int = 1  # digests in the template library


@dataclass
class Trial:
    number: int
    delay: float
    committed: int = 0
    indexed_before_open: bool = False
    rebuilt: str | None = None
    problems: list[str] = field(default_factory=list)
    exit_code: int | None = None
    kind: str = "template"
    start_method: str = ""
    children_at_kill: int = 0  # processes of the trial besides the killed one, at the kill
    gone_after: float | None = None  # seconds from the kill until none was alive
    opened_after: float | None = None  # seconds from the kill until the library opened

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
            if lib.stats().digests != len(setup.files) + setup.template_digests:
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


# --------------------------------------------------------------------- issue 10: processes
def trial_env(tag: str, start_method: str | None = None, window: bool = False) -> dict[str, str]:
    """The environment of a trial's process: the marker, the multi-process index writer
    from the first byte on, two writer processes, and the start method."""
    env = _env()
    env[TAG_VARIABLE] = tag
    env["DIGEST_READER_PIPELINE_MIN_BYTES"] = "1"
    env["DIGEST_READER_INDEX_PROCS"] = "2"
    env.pop("DIGEST_READER_MP_START", None)
    if start_method:
        env["DIGEST_READER_MP_START"] = start_method
    if window:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def tagged_processes(tag: str) -> list[Any]:
    """Live processes (zombies excepted) whose environment carries ``tag``."""
    import psutil

    found = []
    needle = f"{TAG_VARIABLE}={tag}".encode()
    for proc in psutil.process_iter(["pid"]):
        try:
            with open(f"/proc/{proc.pid}/environ", "rb") as fh:
                if needle not in fh.read().split(b"\0"):
                    continue
            if proc.status() == psutil.STATUS_ZOMBIE:
                continue
        except (OSError, psutil.Error):
            continue  # gone meanwhile, or not ours to read
        found.append(proc)
    return found


def wait_until_gone(tag: str, killed_at: float,
                    within: float = GONE_WITHIN) -> tuple[float | None, list[str]]:
    """(seconds from the kill until no process of the trial was alive, or None), and a
    description of the ones still alive after ``within`` seconds (they are then killed)."""
    while True:
        alive = tagged_processes(tag)
        waited = time.perf_counter() - killed_at
        if not alive:
            return waited, []
        if waited > within:
            names = []
            for proc in alive:
                try:
                    names.append(f"{proc.pid} {' '.join(proc.cmdline())[:80]} ({proc.status()})")
                    proc.kill()
                except Exception:  # noqa: BLE001 - it may just have gone
                    pass
            return None, names
        time.sleep(0.02)


def time_to_open(library: Path, killed_at: float, within: float = OPEN_WITHIN) -> tuple[float | None, str]:
    """Seconds from the kill until the library opened for writing (None after ``within``
    seconds of refusals), and the last refusal."""
    last = ""
    while True:
        try:
            lib = Library.open(library, catch_up=False)
        except LibraryLocked as exc:
            last = str(exc)
        else:
            lib.close()
            return time.perf_counter() - killed_at, ""
        if time.perf_counter() - killed_at > within:
            return None, last
        time.sleep(0.02)


def _index_generation(library: Path) -> int:
    gens = [int(p.name[len("_MAIN_"):-len(".toc")]) for p in (library / "index").glob("_MAIN_*.toc")
            if p.name[len("_MAIN_"):-len(".toc")].isdigit()]
    return max(gens, default=0)


def _window_cmd(library: Path, folder: Path) -> list[str]:
    return [sys.executable, "-m", "reader", "--library", str(library), "gui",
            *[str(p) for p in sorted(folder.iterdir())]]


def prepare_fresh(work: Path, kind: str, files: int = 60, papers: int = 40, seed: int = 0) -> Setup:
    """Digests and an *empty* template library for the issue-10 trial kinds; the timings of
    one uninterrupted run (``first_commit``/``last_commit``: when the first/last file was
    committed; ``full``: when the import, index included, was done)."""
    base = work / kind
    base.mkdir(parents=True, exist_ok=True)
    folder = base / "digests"
    if kind == "window":
        # One file: the window imports it without the Import Preview (which waits for a click).
        folder.mkdir(exist_ok=True)
        paths = [folder / "day-000.txt"]
        paths[0].write_text(digest_text(0, list(range(files * papers // 2))), encoding="utf-8")
    else:
        paths = write_digests(folder, files=files, papers=papers, seed=seed)
    parsed: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for path in paths:
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        parsed[sha] = {p.key for p in parse_bytes(data, path, AS_OF).papers}
        names[sha] = path.name
    template = base / "template"
    with Library.open(template) as lib:
        state = snapshot_user_state(lib)
    (template / "library.lock").unlink(missing_ok=True)
    setup = Setup(base, template, folder, parsed, names, set(), state, template_digests=0)
    probe = base / "probe"
    shutil.rmtree(probe, ignore_errors=True)
    shutil.copytree(template, probe)
    tag = uuid.uuid4().hex
    window = kind == "window"
    cmd = _window_cmd(probe, folder) if window else _import_cmd(probe, folder)
    env = trial_env(tag, window=window)
    if window:
        env["XDG_CONFIG_HOME"] = str(base / "config")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    seen: list[tuple[float, int]] = []
    done_at = None
    with contextlib.closing(sqlite3.connect(probe / "library.sqlite", timeout=5)) as conn:
        while proc.poll() is None and time.perf_counter() - start < 300:
            try:
                count = conn.execute("SELECT count(*) FROM digest").fetchone()[0]
            except sqlite3.OperationalError:
                count = -1
            now = time.perf_counter() - start
            seen.append((now, count))
            if window and count >= len(paths) and _index_generation(probe) >= 3:
                # created, the fed build committed, the watermark commit: indexed
                done_at = now
                break
            time.sleep(0.003)
    if window:
        proc.terminate()
    proc.wait()
    setup.full = done_at if window and done_at else time.perf_counter() - start
    if not window and proc.returncode != 0:
        raise RuntimeError(f"the timed import failed with exit code {proc.returncode}")
    if window and done_at is None:
        raise RuntimeError("the timed window import did not finish indexing")
    started = [t for t, n in seen if n >= 1]
    finished = [t for t, n in seen if n >= len(paths)]
    setup.first_commit = started[0] if started else setup.full / 3
    setup.last_commit = finished[0] if finished else setup.full
    setup.startup = setup.first_commit
    wait_until_gone(tag, time.perf_counter(), within=10)
    shutil.rmtree(probe, ignore_errors=True)
    return setup


def run_process_trial(setup: Setup, kind: str, number: int, rng: random.Random,
                      start_method: str | None = None, *, resume: bool = True,
                      with_children: int = 0) -> Trial:
    """One issue-10 trial: start, SIGKILL at a moment chosen for ``kind``, then check that
    every process of the trial is gone within 3 s, the library opens within 3 s, and
    checks 1-5 (``verify``)."""
    import psutil

    library = setup.work / f"trial-{number:03d}"
    shutil.rmtree(library, ignore_errors=True)
    shutil.copytree(setup.template, library)
    tag = uuid.uuid4().hex
    window = kind == "window"
    env = trial_env(tag, start_method, window=window)
    if window:
        env["XDG_CONFIG_HOME"] = str(setup.work / "config")
    cmd = _window_cmd(library, setup.folder) if window else _import_cmd(library, setup.folder)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    start = time.perf_counter()
    if kind == "final" or (kind == "window" and rng.random() < 0.6):
        # after the last file committed, during the final index build
        with contextlib.closing(sqlite3.connect(library / "library.sqlite", timeout=5)) as conn:
            while proc.poll() is None and time.perf_counter() - start < setup.full * 5:
                try:
                    if conn.execute("SELECT count(*) FROM digest").fetchone()[0] >= len(setup.files):
                        break
                except sqlite3.OperationalError:
                    pass
                time.sleep(0.002)
        time.sleep(rng.uniform(0.0, max(0.05, setup.full - setup.last_commit)))
    else:
        time.sleep(rng.uniform(setup.startup * 0.5, setup.full * 1.02))
    while with_children and proc.poll() is None and time.perf_counter() - start < setup.full * 5:
        # (the suite's short run) not before this many child processes run
        try:
            if len(psutil.Process(proc.pid).children(recursive=True)) >= with_children:
                break
        except psutil.Error:
            break
        time.sleep(0.005)
    trial = Trial(number, time.perf_counter() - start, kind=kind,
                  start_method=start_method or ("forkserver" if window else "fork"))
    try:
        trial.children_at_kill = len(psutil.Process(proc.pid).children(recursive=True))
    except psutil.Error:
        trial.children_at_kill = 0
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    killed_at = time.perf_counter()
    trial.exit_code = proc.wait()
    if window and trial.exit_code != -signal.SIGKILL:
        trial.problems.append(f"the window exited by itself ({trial.exit_code})")
    # First open it (as a user would, at once: whatever is still running must not stop
    # that), then wait for every process of the trial to be gone.
    trial.opened_after, refusal = time_to_open(library, killed_at)
    if trial.opened_after is None:
        trial.problems.append(f"the library did not open within {OPEN_WITHIN:.0f} s: {refusal}")
    trial.gone_after, alive = wait_until_gone(tag, killed_at)
    if alive:
        trial.problems.append(f"{len(alive)} process(es) alive {GONE_WITHIN:.0f} s after the kill: "
                              + "; ".join(alive))
    if not trial.problems:
        verify(setup, library, trial, resume=resume)
    if trial.ok:
        shutil.rmtree(library, ignore_errors=True)
    return trial


def run_processes(kinds: list[str], trials: int, seed: int, files: int = 60, papers: int = 40,
                  work: Path | None = None, resume: bool = True, verbose: bool = True,
                  with_children: int = 0) -> list[Trial]:
    """``trials`` issue-10 trials, the kinds in turn (``first`` alternates fork and spawn)."""
    owned = work is None
    base = Path(tempfile.mkdtemp(prefix="dr-procs-")) if work is None else work
    try:
        setups = {kind: prepare_fresh(base, kind, files, papers, seed) for kind in kinds}
        if verbose:
            for kind, st in setups.items():
                print(f"{kind}: {len(st.files)} file(s); files commit from {st.first_commit:.2f} to "
                      f"{st.last_commit:.2f} s, done at {st.full:.2f} s; seed {seed}", flush=True)
        rng = random.Random(seed)
        results = []
        for number in range(trials):
            kind = kinds[number % len(kinds)]
            method = None
            if kind == "first":
                method = ("fork", "spawn")[(number // len(kinds)) % 2]
            trial = run_process_trial(setups[kind], kind, number, rng, method, resume=resume,
                                      with_children=with_children)
            results.append(trial)
            if verbose:
                how = "killed" if trial.exit_code == -signal.SIGKILL else f"exited {trial.exit_code}"
                status = "ok" if trial.ok else "FAILED: " + "; ".join(trial.problems)
                gone = "-" if trial.gone_after is None else f"{trial.gone_after:.2f}"
                opened = "-" if trial.opened_after is None else f"{trial.opened_after:.2f}"
                print(f"trial {number:3d} {kind:6s} {trial.start_method:10s}: {how} after "
                      f"{trial.delay:.2f} s with {trial.children_at_kill} child process(es), "
                      f"{trial.committed}/{len(setups[kind].files)} files committed; all gone "
                      f"after {gone} s, opened after {opened} s: {status}", flush=True)
        return results
    finally:
        if owned:
            shutil.rmtree(base, ignore_errors=True)


def process_summary(results: list[Trial]) -> str:
    survived = sum(t.ok for t in results)
    killed = [t for t in results if t.exit_code == -signal.SIGKILL]
    with_children = [t for t in killed if t.children_at_kill]
    gone = [t.gone_after for t in results if t.gone_after is not None]
    opened = [t.opened_after for t in results if t.opened_after is not None]
    kinds = ", ".join(f"{k} {sum(t.kind == k for t in results)}" for k in KINDS
                      if any(t.kind == k for t in results))
    return (f"trials survived {survived}/{len(results)} ({kinds}; killed: {len(killed)}, "
            f"{len(with_children)} of them with child processes running); every process gone "
            f"after max {max(gone, default=0):.2f} s (median {_median(gone):.2f} s); library "
            f"opened after max {max(opened, default=0):.2f} s")


def _median(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[len(ordered) // 2]



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
    ap = argparse.ArgumentParser(description="SIGKILL the importer at random moments (issues 6, 10)")
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--files", type=int, default=60)
    ap.add_argument("--papers", type=int, default=40, help="papers per generated file")
    ap.add_argument("--no-resume", action="store_true", help="skip re-running the import after a kill")
    ap.add_argument("--kinds", default="",
                    help="issue-10 trial kinds, comma-separated: " + ", ".join(KINDS)
                    + " (default: the issue-6 trials on a library holding user state)")
    args = ap.parse_args(argv)
    if args.kinds:
        kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            ap.error(f"unknown trial kind {unknown[0]!r}; known: {', '.join(KINDS)}")
        results = run_processes(kinds, args.trials, args.seed, args.files, args.papers,
                                resume=not args.no_resume)
        print(process_summary(results))
    else:
        results = run(args.trials, args.seed, args.files, args.papers, resume=not args.no_resume)
        print(summary(results, args.files))
    return 0 if all(t.ok for t in results) else 1


if __name__ == "__main__":
    sys.exit(main())
