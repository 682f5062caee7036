"""No process outlives a crash (issue 10): the library lock, the index writer processes and
what a killed writer leaves behind, with real processes killed by SIGKILL."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import crash_harness
import portalocker
import psutil
import pytest
from gen_digests import write_digests
from libcopy import sample_copy
from testutil import AS_OF

from reader.core.library import Library, LibraryError, LibraryLocked

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import multiprocessing, os, sys, time
from reader.core.library import Library

def child_main(ready):
    os.close(os.open(ready, os.O_CREAT | os.O_WRONLY))  # it runs: past the fork's hooks
    time.sleep(60)

lib = Library.open(sys.argv[1])
child = None
if sys.argv[2] == "fork-child":
    # a child forked while the library (and so its lock) is open
    ready = sys.argv[1] + ".child-ready"
    child = multiprocessing.get_context("fork").Process(target=child_main, args=(ready,))
    child.start()
    while not os.path.exists(ready):
        time.sleep(0.01)
print(child.pid if child else 0, flush=True)
time.sleep(60)
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def start_holder(started: list[subprocess.Popen[str]], root: Path, mode: str = "") -> tuple[
        subprocess.Popen[str], int]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(root), mode or "-"],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    started.append(proc)
    assert proc.stdout is not None
    child = int(proc.stdout.readline())
    return proc, child


def open_at_once(root: Path) -> float:
    start = time.perf_counter()
    with Library.open(root) as lib:
        assert lib.check().ok
    return time.perf_counter() - start


def test_a_live_holder_is_named_and_a_dead_one_is_no_obstacle(tmp_path: Path,
                                                               holder: list[subprocess.Popen[str]]) -> None:
    root = tmp_path / "lib"
    proc, _ = start_holder(holder, root)
    locked = rf"already open in another Digest Reader \(process {proc.pid}\)$"
    with pytest.raises(LibraryLocked, match=locked):
        Library.open(root)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert open_at_once(root) < 1.0  # the OS dropped the lock with the process


def test_a_forked_child_never_holds_the_library_lock(tmp_path: Path,
                                                     holder: list[subprocess.Popen[str]]) -> None:
    """A child forked while the library is open does not keep its lock: the parent is
    SIGKILLed, the child lives on, and the library opens at once."""
    root = tmp_path / "lib"
    proc, child = start_holder(holder, root, "fork-child")
    try:
        held = {os.path.basename(f.path) for f in psutil.Process(child).open_files()}
        assert "library.lock" not in held and "MAIN_WRITELOCK" not in held
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert psutil.pid_exists(child) and psutil.Process(child).status() != psutil.STATUS_ZOMBIE
        assert open_at_once(root) < 1.0
    finally:
        try:
            psutil.Process(child).kill()
        except psutil.Error:
            pass


def test_a_file_system_that_cannot_lock_is_refused_in_one_line(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Not "best effort: no lock": a lock the OS refuses (not because another process holds
    it) stops the open with the reason, and nothing is created but the lock file."""
    def refuse(_fh: object, _flags: object) -> None:
        try:
            raise OSError(errno.ENOLCK, "No locks available")
        except OSError as exc:
            raise portalocker.exceptions.LockException(exc) from exc

    monkeypatch.setattr(portalocker, "lock", refuse)
    root = tmp_path / "lib"
    with pytest.raises(LibraryError, match=rf"^cannot lock the library at {root}: No locks available$"):
        Library.open(root)
    assert sorted(p.name for p in root.iterdir()) == ["library.lock"]


def test_leftovers_of_a_killed_writer_are_removed_at_open(tmp_path: Path) -> None:
    """A stale Whoosh write lock (even one another process still holds), a batch folder,
    segment files no TOC refers to and a half-written TOC: removed by the next writable
    open, which then writes to the index as usual."""
    root = tmp_path / "lib"
    sample_copy(root).close()
    index = root / "index"
    (index / "MAIN.tmp").mkdir()
    (index / "MAIN.tmp" / "2bqzk8t1x5yd3m0q.doclist").write_bytes(b"\x80\x02half a batch")
    orphans = [index / "MAIN_zzzzzzzzzzzzzzzz.seg", index / "MAIN_zzzzzzzzzzzzzzzz.trm",
               index / "_MAIN_99.toc.1764612345.25"]
    for path in orphans:
        path.write_bytes(b"written by a killed writer")
    # Someone still holding the old write lock file (a writer child of an older version).
    grip = subprocess.Popen([sys.executable, "-c",
                             "import fcntl, sys, time\n"
                             f"fh = open({str(index / 'MAIN_WRITELOCK')!r}, 'w')\n"
                             "fcntl.flock(fh, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)\n"],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert grip.stdout is not None and grip.stdout.readline().strip() == "held"
        with Library.open(root, read_only=True):
            pass  # a read-only open never touches the index folder
        assert (index / "MAIN.tmp").exists() and all(p.exists() for p in orphans)
        with Library.open(root) as lib:
            assert set(lib.index.cleaned) >= {"MAIN.tmp", "MAIN_WRITELOCK", *(p.name for p in orphans)}
            assert not (index / "MAIN.tmp").exists() and not any(p.exists() for p in orphans)
            lib.set_note(3, "written through a fresh write lock")
            assert [r.id for r in lib.query("notes:fresh").rows] == [3]
            assert lib.check().ok
    finally:
        grip.kill()
        grip.wait()


@pytest.mark.parametrize(("method", "how"), [("fork", signal.SIGKILL), ("spawn", signal.SIGKILL),
                                           ("fork", signal.SIGTERM)])
def test_a_killed_first_large_import_leaves_no_process(method: str, how: signal.Signals,
                                                       tmp_path: Path) -> None:
    """A real first large import (index written by writer processes while it stores) is
    killed while its writers run: within 3 s no process of it is alive, the library opens
    at once, and it holds every committed file after the catch-up."""
    folder = tmp_path / "digests"
    write_digests(folder, files=30, papers=40)
    root = tmp_path / "lib"
    tag = uuid.uuid4().hex
    env = crash_harness.trial_env(tag, method)
    proc = subprocess.Popen([sys.executable, "-m", "reader", "--library", str(root), "import",
                             "--as-of", AS_OF.isoformat(), str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    writers: list[psutil.Process] = []
    deadline = time.perf_counter() + 60
    while proc.poll() is None and time.perf_counter() < deadline:
        writers = [p for p in crash_harness.tagged_processes(tag)
                   if p.pid != proc.pid and "resource_tracker" not in " ".join(p.cmdline())]
        if writers:
            break
        time.sleep(0.01)
    assert proc.poll() is None and writers, proc.stderr.read() if proc.stderr else "no writer seen"
    proc.send_signal(how)
    killed = time.perf_counter()
    assert proc.wait() == -how
    opened, refusal = crash_harness.time_to_open(root, killed)
    gone, alive = crash_harness.wait_until_gone(tag, killed)
    assert alive == [] and gone is not None and gone <= crash_harness.GONE_WITHIN
    assert opened is not None and opened < 1.0, refusal
    with Library.open(root) as lib:  # the catch-up indexes what was committed
        result = lib.check()
        assert result.ok, result.problems
        assert result.checked["indexed"] == lib.counts()["all"] > 0
        assert not (root / "index" / "MAIN.tmp").exists()


def test_a_program_failing_with_a_fed_build_open_leaves_no_process(tmp_path: Path) -> None:
    """An exception ends a program while its fed build's writer processes wait for more:
    they end with it."""
    write_digests(tmp_path / "in", files=8, papers=40)
    tag = uuid.uuid4().hex
    code = (
        "import datetime as dt\n"
        "from reader.core.library import Library\n"
        f"lib = Library.open({str(tmp_path / 'lib')!r})\n"
        f"lib.import_files([{str(tmp_path / 'in')!r}], as_of=dt.date(2026, 11, 26), index=False)\n"
        "assert lib._feed is not None\n"
        "raise RuntimeError('a bug after the import')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=crash_harness.trial_env(tag), cwd=ROOT)
    ended = time.perf_counter()
    assert done.returncode == 1 and "RuntimeError: a bug after the import" in done.stderr
    gone, alive = crash_harness.wait_until_gone(tag, ended)
    assert alive == [] and gone is not None and gone <= 2.0
    opened, refusal = crash_harness.time_to_open(tmp_path / "lib", time.perf_counter())
    assert opened is not None and opened < 1.0, refusal
    open_at_once(tmp_path / "lib")  # and the catch-up indexes what was stored
