"""Whoosh's multi-process writer, made safe for a parent that dies or a child that is killed.

The writer processes are :class:`reader.core.writer_task.WriterTask`s (they watch their
parent and end with it); the writer's queues, its write-lock descriptor and its commit are
adjusted here (see :class:`ChildSafeMpWriter`).
"""

from __future__ import annotations

from typing import Any

from whoosh.multiproc import MpWriter
from whoosh.writing import SegmentWriter

from reader.core import procs
from reader.core.writer_task import WriterTask


class ChildSafeMpWriter(MpWriter):
    """Whoosh's multi-process writer with :class:`WriterTask` processes.

    Its queues come from the same ``multiprocessing`` context as the processes (``spawn``
    refuses objects of another context); the batch queue is unbounded (Whoosh bounds it at
    4 per process, which made the importing thread wait for the lower-priority writer
    processes; the batches are files in the index folder, so it costs disk, not memory).
    Whoosh's write lock is closed in forked children (a child holding a copy of it would
    keep the index locked after the parent died).
    """

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        ctx = procs.context()
        self.start_method = ctx.get_start_method()
        for old in (self.jobqueue, self.resultqueue):
            old.close()
        self.jobqueue: Any = ctx.Queue()
        self.resultqueue: Any = ctx.Queue()
        self._lock_fd = getattr(self.writelock, "fd", None)
        if self._lock_fd is not None:
            procs.close_in_forked_children(self._lock_fd)

    def _new_task(self) -> WriterTask:
        task = WriterTask(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                          self.subargs, self.multisegment, self.start_method)
        self.tasks.append(task)
        task.start()
        task.siblings = self.tasks  # after start: spawn pickles the task, not its siblings
        return task

    def cancel(self) -> None:
        try:
            for task in self.tasks:
                task.cancel()
        finally:
            SegmentWriter.cancel(self)

    def _commit_toc(self, segments: list[Any]) -> None:
        # Here every writer process has been joined: one that died (killed, out of memory)
        # took its documents with it, so fail the commit (the watermark does not move)
        # rather than commit an index with papers missing.
        dead = [t.exitcode for t in self.tasks if t.exitcode != 0]
        if dead:
            raise OSError(f"an index writer process ended abnormally (exit code {dead[0]})")
        super()._commit_toc(segments)

    def _finish(self) -> None:
        if self._lock_fd is not None:
            procs.forget(self._lock_fd)
            self._lock_fd = None
        for q in (self.jobqueue, self.resultqueue):
            q.close()
        super()._finish()

