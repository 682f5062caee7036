"""The error boundary of the library's writes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from reader.core.errors import DatabaseError, LibraryError
from reader.core.store.errors import translate_db_errors

_P = ParamSpec("_P")
_R = TypeVar("_R")


def saving(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """A write the database refused (locked by another program, read-only folder, disk full)
    becomes a :class:`LibraryError` with a one-line message instead of an SQL traceback."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            with translate_db_errors():
                return method(*args, **kwargs)
        except DatabaseError as exc:
            raise LibraryError(f"could not save the change: {exc}") from None

    return wrapper
