"""The callbacks of the library's long operations (import, indexing, export)."""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(done, total, label)``; ``total`` 0 when unknown.
Progress = Callable[[int, int, str], None]
#: Polled between steps; True stops the operation (what is done so far is kept).
Cancel = Callable[[], bool]
