"""The index writer processes of a bulk build (issue 10).

This module is what a ``spawn``/``forkserver`` writer process imports before its first line
runs, so it is kept light (Whoosh's writer classes, no SQLAlchemy, no Qt): the child starts
watching its parent within a fraction of a second of starting.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import threading
from multiprocessing import spawn
from typing import Any

from whoosh.multiproc import SubWriterTask, finish_subsegment
from whoosh.writing import SegmentWriter

from reader.core import procs

_LEAN_START = threading.Lock()

#: How often a writer process waiting for work checks that its parent is still there.
PARENT_POLL_SECONDS = 0.25
#: Documents a writer process indexes between two checks of its parent.
PARENT_CHECK_DOCS = 50


class WriterTask(SubWriterTask):
    """A writer process of a bulk build (``whoosh.multiproc.SubWriterTask``) that never
    outlives the process that started it.

    It is a daemon (a program exiting with a fed build unfinished does not wait for it),
    runs at lower priority (``speedups.WORKER_NICE``), starts with the start method of
    ``procs.context()`` (everything it needs is picklable and this class is importable, so
    ``spawn`` works; the child imports the index module, which installs the Whoosh
    speed-ups, once it watches its parent), and exits by itself, without finishing its
    segment, when its parent is gone: ``procs.watch_parent`` at start, the job queue read
    with a timeout and the parent checked between reads and every ``PARENT_CHECK_DOCS``
    documents. The segment files it leaves are never in a committed TOC; the next writable
    open removes them (``SearchIndex(clean=True)``).

    ``cancel`` (from the parent) ends the process at once instead of setting a flag that
    only the parent's copy of the object would see (Whoosh's own cancel never reached the
    child, which waited on its queue until the program exited).
    """

    def __init__(self, storage: Any, indexname: str, jobqueue: Any, resultqueue: Any,
                 kwargs: dict[str, Any], multisegment: bool, start_method: str) -> None:
        super().__init__(storage, indexname, jobqueue, resultqueue, kwargs, multisegment)
        self.daemon = True
        self.start_method = start_method

    @staticmethod
    def _Popen(process_obj: Any) -> Any:  # noqa: N802 - multiprocessing's name
        ctx = multiprocessing.get_context(process_obj.start_method)
        if ctx.get_start_method() == "fork":
            return ctx.Process._Popen(process_obj)  # type: ignore[attr-defined]
        # spawn / forkserver: the child would first import the parent's main module (the
        # whole program: 2 s and more on a loaded machine) before any code of ours runs, so
        # a parent dying meanwhile would not be noticed for that long. This class and what
        # it holds are importable on their own: start the child without the main module.
        with _LEAN_START:
            original = spawn.get_preparation_data

            def lean(name: str) -> dict[str, Any]:
                data: dict[str, Any] = original(name)
                data.pop("init_main_from_name", None)
                data.pop("init_main_from_path", None)
                return data

            spawn.get_preparation_data = lean
            try:
                return ctx.Process._Popen(process_obj)  # type: ignore[attr-defined]
            finally:
                spawn.get_preparation_data = original

    def run(self) -> None:  # in the child
        dummy = getattr(threading, "_DummyThread", None)
        if dummy is not None and isinstance(threading.main_thread(), dummy):
            # Forked from a thread Python did not start (a Qt pool thread): at exit,
            # threading._shutdown() asserts on it and the process would end with status 1
            # after doing all its work (the commit then fails: "ended abnormally").
            threading._shutdown = lambda: None  # type: ignore[attr-defined]
        procs.watch_parent()
        # Only now the heavy imports: the index module (the schema's field classes) pulls in
        # the store and SQLAlchemy; the Whoosh speed-ups are installed before writing.
        from reader.core.search import index as _index  # noqa: F401 - the schema's classes
        from reader.core.search import whoosh_patches
        from reader.core.search.whoosh_patches import speedups

        whoosh_patches.install()

        try:
            os.nice(speedups.WORKER_NICE)
        except (OSError, AttributeError):  # not permitted, or not POSIX: run as it is
            pass
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = SegmentWriter(ix, _lk=False, **self.kwargs)
        while True:
            if not procs.parent_alive():
                os._exit(procs.ORPHAN_EXIT)  # nothing finished, nothing reported
            try:
                jobinfo = self.jobqueue.get(timeout=PARENT_POLL_SECONDS)
            except queue.Empty:
                continue
            if jobinfo is None:
                break
            self._process_file(*jobinfo)
        if self.multisegment:
            runname = None
            fieldnames = writer.pool.fieldnames
            segment = writer._finalize_segment()
        else:
            runname, fieldnames, segment = finish_subsegment(writer, self.kwargs.get("k", 64))
        if not procs.parent_alive():
            os._exit(procs.ORPHAN_EXIT)
        self.resultqueue.put((runname, fieldnames, segment), timeout=5)

    def _process_file(self, filename: str, doc_count: int) -> None:
        writer = self.writer
        tempstorage = writer.temp_storage()
        with tempstorage.open_file(filename).raw_file() as f:
            for number in range(doc_count):
                if number % PARENT_CHECK_DOCS == 0 and not procs.parent_alive():
                    os._exit(procs.ORPHAN_EXIT)
                code, args = pickle.load(f)
                assert code == 0
                writer.add_document(**args)
        tempstorage.delete_file(filename)

    def join(self, timeout: float | None = None) -> None:  # in the parent
        siblings: list[WriterTask] = getattr(self, "siblings", [])
        if timeout is not None or not siblings:
            super().join(timeout)
            return
        # Whoosh's commit waits for each writer with no timeout. A sibling that died (killed,
        # out of memory) may have died holding the job queue's lock, and this one would then
        # wait for it forever: end it too (the commit then fails, see ChildSafeMpWriter).
        while True:
            super().join(PARENT_POLL_SECONDS)
            if self.exitcode is not None:
                return
            if any(t.exitcode not in (None, 0) for t in siblings):
                self.cancel()
                return

    def cancel(self) -> None:  # in the parent
        if self.is_alive():
            self.terminate()
        self.join(5)
        if self.is_alive():
            self.kill()
            self.join(5)
