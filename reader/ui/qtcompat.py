"""Work-arounds for bugs in the Qt bindings.

**PySide6 6.12.0 on CPython 3.11 loses a reference to ``None``** every time a binding call
returns ``None`` to Python (every void method: ``setText``, ``processEvents``…, every
``parent()`` that is null) and every time a Python override returns ``None`` to Qt (``data``,
``headerData``, ``loadResource``). CPython < 3.12 has no immortal ``None``: after a few
thousand such calls the interpreter aborts with "Fatal Python error: none_dealloc: deallocating
None". (Python ≥ 3.12 is not affected; ``True``/``False``/ints/strs are not affected.)

:func:`guard_none_refcount` (called when ``reader.ui`` starts the window) detects the bug once
and, only then, gives ``None`` a huge reference count so it can never reach zero — ``None`` is
never freed anyway, so an over-count is harmless. ``no_data()`` is what our overrides return
for "no value"; with the bug it also gives back the reference it will lose.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex


def _plain() -> None:
    return None


def _compensated() -> None:
    _incref(None)
    return None


_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QAbstractListModel):
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> None:
        return None


def _none_is_leaked() -> bool:
    if sys.version_info >= (3, 12):  # None is immortal: losing references cannot hurt
        return False
    probe = _Probe()
    index = probe.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(50):
        index.data(Qt.ItemDataRole.DisplayRole)
    lost = before - sys.getrefcount(None)
    if lost > 0:
        for _ in range(lost):  # repair the probe's own damage
            _incref(None)
        return True
    return False


NONE_BUG = _none_is_leaked()
no_data: Callable[[], None] = _compensated if NONE_BUG else _plain
_GUARDED = False


def guard_none_refcount() -> bool:
    """Protect the interpreter from the binding bug above; True when the guard was needed."""
    global _GUARDED
    if not NONE_BUG or _GUARDED:
        return NONE_BUG
    if sys.implementation.name == "cpython" and hasattr(sys, "getrefcount"):
        # ob_refcnt is the first field of every object in CPython < 3.12 (release builds).
        cell = ctypes.c_ssize_t.from_address(id(None))
        if 0 < cell.value < 1 << 40:
            cell.value += 1 << 40
        _GUARDED = True
    return True


guard_none_refcount()
