"""Child processes that never outlive the process that started them (issue 10).

Digest Reader starts child processes only for the search index's bulk build (the writer
processes of ``reader.core.search.index``). This module holds what keeps them honest:

* :func:`context` — the ``multiprocessing`` start method they use: ``DIGEST_READER_MP_START``
  (``fork``, ``spawn`` or ``forkserver``), else the process-wide default (the window picks
  ``forkserver`` on Linux; macOS and Windows default to ``spawn``).
* :func:`close_in_forked_children` — file descriptors a *forked* child must not keep (the
  library lock, Whoosh's write lock). ``open``/``os.open`` descriptors are already
  close-on-exec, so ``spawn``/``forkserver`` children and every ``subprocess`` never get them;
  a plain ``fork`` copies them, and a lock held through a child's copy would outlive the
  parent. They are closed in the child right after the fork.
* :func:`watch_parent` — run first in a child: it exits by itself as soon as its parent is
  gone, however the parent ended (a thread waiting on the parent's sentinel, which is
  portable, plus ``PR_SET_PDEATHSIG`` on Linux as belt and braces).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from multiprocessing.context import BaseContext
from typing import Any

#: Exit status of a child that found its parent gone (it wrote nothing that counts).
ORPHAN_EXIT = 75
START_METHODS = ("fork", "spawn", "forkserver")

#: fd -> (device, inode) of the file it referred to when registered
_CLOSE_IN_CHILD: dict[int, tuple[int, int]] = {}
_REGISTRY_LOCK = threading.Lock()


def start_method() -> str | None:
    """``DIGEST_READER_MP_START``, or None (the process-wide default) when it is not set.

    Raises ValueError, naming the choices, for a method this platform does not have."""
    value = os.environ.get("DIGEST_READER_MP_START", "").strip().lower()
    if not value:
        return None
    known = multiprocessing.get_all_start_methods()
    if value not in known:
        raise ValueError(f"DIGEST_READER_MP_START must be one of {', '.join(known)} (got {value!r})")
    return value


def context(method: str | None = None) -> BaseContext:
    """The ``multiprocessing`` context for index writer processes."""
    return multiprocessing.get_context(method or start_method())


# --------------------------------------------------------------------- inherited descriptors
def close_in_forked_children(fd: int) -> None:
    """Close ``fd`` in every child forked from now on (until :func:`forget`)."""
    try:
        st = os.fstat(fd)
    except OSError:
        return
    with _REGISTRY_LOCK:
        _CLOSE_IN_CHILD[fd] = (st.st_dev, st.st_ino)


def forget(fd: int) -> None:
    """``fd`` is about to be closed by its owner: stop closing it in forked children."""
    with _REGISTRY_LOCK:
        _CLOSE_IN_CHILD.pop(fd, None)


def _after_fork_in_child() -> None:
    global _REGISTRY_LOCK
    _REGISTRY_LOCK = threading.Lock()  # another thread may have held it at the fork
    for fd, identity in list(_CLOSE_IN_CHILD.items()):
        # Only if it is still that file: an owner that lost its descriptor without telling
        # (a file object garbage-collected) leaves a number that may name anything now.
        try:
            st = os.fstat(fd)
            if (st.st_dev, st.st_ino) == identity:
                os.close(fd)
        except OSError:
            pass
    _CLOSE_IN_CHILD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


# --------------------------------------------------------------------- a child's side
_PR_SET_PDEATHSIG = 1


def _set_parent_death_signal(signum: int) -> bool:
    """Linux: have the kernel send ``signum`` when the parent dies. False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def parent_alive() -> bool:
    """In a child started by ``multiprocessing``: is the process that started it running?"""
    parent = multiprocessing.parent_process()
    return parent is None or parent.is_alive()


def watch_parent() -> None:
    """Make this child exit (status ``ORPHAN_EXIT``, nothing flushed or committed) as soon
    as its parent is gone. Call it first thing in the child.

    The portable part is a daemon thread blocked on the parent's sentinel (a pipe the parent
    holds open; it becomes readable when the parent ends, however it ends). On Linux the
    kernel also signals the child when its parent dies. That signal is sent when the *thread*
    that started the child ends, too (a pool thread of the window may), so the handler exits
    only when the process is really gone (the child was re-parented, or the sentinel says so).
    """
    parent = multiprocessing.parent_process()
    if parent is None:  # not a multiprocessing child: nothing to watch
        return
    sentinel = parent.sentinel
    started_by = os.getppid()

    def orphaned() -> bool:
        return os.getppid() != started_by or not parent.is_alive()

    def on_signal(_signum: int, _frame: Any) -> None:
        if orphaned():
            os._exit(ORPHAN_EXIT)

    death_signal = getattr(signal, "SIGUSR1", None)
    if death_signal is not None and threading.current_thread() is threading.main_thread():
        signal.signal(death_signal, on_signal)
        _set_parent_death_signal(int(death_signal))

    def wait_for_parent() -> None:
        from multiprocessing.connection import wait

        wait([sentinel])
        os._exit(ORPHAN_EXIT)

    threading.Thread(target=wait_for_parent, name="parent-watch", daemon=True).start()
    if orphaned():  # it died before the watch was set up
        os._exit(ORPHAN_EXIT)


__all__ = [
    "ORPHAN_EXIT",
    "START_METHODS",
    "close_in_forked_children",
    "context",
    "forget",
    "parent_alive",
    "start_method",
    "watch_parent",
]
