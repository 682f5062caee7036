"""The library lock: one writer per library folder, across processes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

import portalocker

from reader.core import procs
from reader.core.errors import LibraryError, LibraryLocked, one_line
from reader.core.store.db import private_file


class LibraryLock:
    """The library lock: an OS lock (``portalocker``: ``flock`` on POSIX, ``msvcrt.locking``
    on Windows) on ``library.lock``, held while the library is open for writing.

    The OS drops the lock when the process ends, however it ends, so a lock left by a dead
    process is never an obstacle. The descriptor is close-on-exec and closed in forked
    children (``procs.close_in_forked_children``): no child process ever holds it. The
    holder's process id is written to ``library.lock.pid`` (beside the lock file: Windows
    locks the bytes of the lock file itself) so a second opener can name it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pid_path = path.with_name(path.name + ".pid")
        self.fh: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`LibraryLocked` naming the holder's process (or
        :class:`LibraryError` when the file system cannot lock at all)."""
        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held while open
        private_file(self.path)
        try:
            portalocker.lock(fh, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING)
        except portalocker.exceptions.AlreadyLocked:
            fh.close()
            raise LibraryLocked(
                f"the library {self.path.parent} is already open in another Digest Reader "
                f"(process {self._holder() or 'unknown'})"
            ) from None
        except portalocker.exceptions.BaseLockException as exc:
            fh.close()  # the file system cannot lock: refuse rather than risk two writers
            cause = exc.__cause__ if isinstance(exc.__cause__, OSError) else None
            detail = one_line(cause) if cause is not None and cause.strerror else one_line(exc)
            raise LibraryError(f"cannot lock the library at {self.path.parent}: {detail}") from None
        except BaseException:
            fh.close()
            raise
        procs.close_in_forked_children(fh.fileno())
        self.fh = fh
        try:
            tmp = self.pid_path.with_name(f"{self.pid_path.name}.{os.getpid()}.tmp")
            tmp.write_text(str(os.getpid()), encoding="utf-8")
            private_file(tmp)
            os.replace(tmp, self.pid_path)
        except OSError:  # only the message of a second opener depends on it
            pass

    def _holder(self) -> str:
        try:
            text = self.pid_path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""
        return text if text.isdigit() else ""

    def release(self) -> None:
        if self.fh is not None:
            fh, self.fh = self.fh, None
            procs.forget(fh.fileno())
            try:
                portalocker.unlock(fh)
            except portalocker.exceptions.BaseLockException:
                pass  # closing below drops it anyway
            fh.close()
