"""The queue's manual order in the window: drag to reorder, undo, no drop outside the queue."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from reader.core.model import Filter, State


def test_queue_drag_reorder_through_the_model(qtbot, window, idle):  # noqa: ANN001
    w = window
    lib = w.library
    ids = [w.model.id_at(r) for r in range(4)]
    lib.set_state(ids, State.QUEUED)
    w.go(Filter.state(State.QUEUED))
    idle(w)
    assert w.view.dragDropMode() == w.view.DragDropMode.InternalMove
    model = w.model
    mime = model.mimeData([model.index(3, 1)])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    idle(w)
    assert lib.queue_order() == [ids[3], ids[0], ids[1], ids[2]]
    assert [model.id_at(r) for r in range(4)] == lib.queue_order()
    w.undo_stack.undo()
    idle(w)
    assert lib.queue_order() == ids
    # outside the queue nothing can be dropped
    w.go(Filter())
    idle(w)
    assert not w.model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
