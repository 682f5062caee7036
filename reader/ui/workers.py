"""Background work (ARCHITECTURE.md "Threads and processes"): run a callable on a ``QThreadPool``,
deliver its result, error and progress to the GUI thread through signals of a separate ``QObject``.

Two pools:

* the **write queue** — one thread, so SQLite and Whoosh only ever see one writer. Every write
  (import, indexing, triage, notes, saved searches) goes through :meth:`Workers.write`;
  jobs run strictly in submission order;
* the **read pool** — queries for the list and search-as-you-type.

A job is a plain function ``fn(ctx) -> result``; ``ctx.progress(done, total, msg)`` reports
progress and ``ctx.cancelled()`` tells a long job to stop. Workers never touch widgets: they
return data, the ``finished``/``failed`` signals run on the GUI thread. No ``processEvents``.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class JobContext:
    """What a running job sees: progress reporting and the cancel flag."""

    def __init__(self, signals: JobSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, message: str = "") -> None:
        self._signals.progress.emit(int(done), int(total), str(message))

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class JobSignals(QObject):
    """Lives on the GUI thread; queued connections carry the worker's results across."""

    finished = Signal(object)  # the result
    failed = Signal(object)  # the exception (with __traceback_text__)
    progress = Signal(int, int, str)
    done = Signal()  # after finished or failed


class Job(QRunnable):
    def __init__(self, name: str, fn: Callable[[JobContext], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.name = name
        self.fn = fn
        self.signals = JobSignals()
        self.ctx = JobContext(self.signals)

    def cancel(self) -> None:
        self.ctx.cancel()

    def run(self) -> None:  # worker thread
        try:
            result = self.fn(self.ctx)
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
        self.signals.done.emit()


class Workers(QObject):
    """The application's two pools and the jobs in flight."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(2)
        self._active: set[JobSignals] = set()

    def _submit(
        self,
        pool: QThreadPool,
        name: str,
        fn: Callable[[JobContext], Any],
        on_result: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[int, int, str], None] | None,
    ) -> Job:
        job = Job(name, fn)
        sig = job.signals
        if on_result is not None:
            sig.finished.connect(on_result)
        if on_error is not None:
            sig.failed.connect(on_error)
        else:
            sig.failed.connect(_print_failure)
        if on_progress is not None:
            sig.progress.connect(on_progress)
        was_busy = bool(self._active)
        self._active.add(sig)
        sig.done.connect(lambda s=sig: self._finish(s))
        pool.start(job)
        if not was_busy:
            self.busyChanged.emit(True)
        return job

    def _finish(self, sig: JobSignals) -> None:
        self._active.discard(sig)
        if not self._active:
            self.busyChanged.emit(False)

    def write(self, name: str, fn: Callable[[JobContext], Any],
              on_result: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None,
              on_progress: Callable[[int, int, str], None] | None = None) -> Job:
        """Queue a write; writes run one at a time, in order."""
        return self._submit(self.write_pool, name, fn, on_result, on_error, on_progress)

    def read(self, name: str, fn: Callable[[JobContext], Any],
             on_result: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None) -> Job:
        return self._submit(self.read_pool, name, fn, on_result, on_error, None)

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every queued job has run (used on quit, never in normal operation)."""
        ok = self.write_pool.waitForDone(msecs)
        return self.read_pool.waitForDone(msecs) and ok


def _print_failure(exc: BaseException) -> None:
    import sys

    text = getattr(exc, "__traceback_text__", None) or repr(exc)
    print(f"digest-reader: background job failed:\n{text}", file=sys.stderr)
