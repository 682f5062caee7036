"""The error boundary of the library's writes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from reader.core.errors import DatabaseError, LibraryError

_P = ParamSpec("_P")
_R = TypeVar("_R")


def saving(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """A write the database refused (locked by another program, read-only folder, disk full)
    becomes a :class:`LibraryError` with a one-line message instead of an SQL traceback.

    The store raises it as a :class:`DatabaseError` (it translates the driver's errors in
    its transactions); this adds the words "could not save the change"."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except DatabaseError as exc:
            raise LibraryError(f"could not save the change: {exc}") from None

    return wrapper
