"""Changing papers (ARCHITECTURE.md "Threads and processes"): :meth:`TriageController.submit_write`
is the one write path of the window's short writes (triage, notes, saved searches, export,
"opened"); the undo stack; star, state, tags, queue order and notes; and the paper's links.

Triage is optimistic: the list shows a change (a star, a paper leaving the filter) at once, the
write decides on fresh data, and the refresh after the last queued write confirms it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QAction, QGuiApplication, QUndoStack
from PySide6.QtWidgets import QMessageBox

from reader.core.library import Library, LibraryError, QueryError
from reader.core.links import is_openable, page_url, pdf_url
from reader.core.model import FilterKind, Paper, State
from reader.ui.actions import Action
from reader.ui.commands import (
    QueueOrderCommand,
    RestoreNoteCommand,
    StarCommand,
    StateCommand,
    TagsCommand,
    TriageCommand,
)
from reader.ui.controllers.base import WindowController
from reader.ui.paper_model import Column
from reader.ui.safe_text import OpenFailedBox
from reader.ui.workers import Job

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

STATE_ACTIONS = {
    Action.QUEUE: State.QUEUED,
    Action.READING: State.READING,
    Action.DONE: State.DONE,
    Action.DISMISS: State.DISMISSED,
    Action.INBOX: State.INBOX,
}


class TriageController(WindowController):
    """Writes, undo and the paper actions of the window."""

    writeFinished = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.undo_stack = QUndoStack(self)
        self._short_writes = 0
        self.opener = self.detail.opener  # the window's links open through the detail pane's opener
        self.opener.failed.connect(self._open_failed)
        self.open_failed_box: OpenFailedBox | None = None
        self.confirm_bulk: Callable[[int], bool] = lambda _count: True  # Preferences' question

        self.model.queueReordered.connect(self._queue_dropped)
        self.view.clicked.connect(self._cell_clicked)
        self.view.doubleClicked.connect(lambda _i: self.w.trigger(Action.OPEN_PAGE))
        self.detail.starToggled.connect(self._star_button)
        self.detail.stateRequested.connect(self._detail_state)
        self.detail.tagsCommitted.connect(self._tags_committed)
        self.detail.noteSaveRequested.connect(self.save_note)
        self.detail.noteRestoreRequested.connect(self.restore_note)

    def handlers(self) -> dict[Action, Callable[[], None]]:
        handlers: dict[Action, Callable[[], None]] = {
            Action.UNDO: self.undo,
            Action.REDO: self.redo,
            Action.STAR: self.toggle_star,
            Action.MOVE_UP: lambda: self.move_in_queue(-1),
            Action.MOVE_DOWN: lambda: self.move_in_queue(1),
            Action.OPEN_CODE: self.open_code,
            Action.OPEN_PAGE: self.open_page,
            Action.OPEN_PDF: self.open_pdf,
            Action.COPY_LINK: self.copy_link,
            Action.EDIT_NOTES: self.focus_notes,
        }
        for action, state in STATE_ACTIONS.items():
            handlers[action] = partial(self.set_state, state)
        return handlers

    def bind_undo_actions(self, undo: QAction, redo: QAction) -> None:
        """Undo/Redo are enabled and named after what they would undo or redo."""
        self.undo_stack.canUndoChanged.connect(undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(redo.setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda t: undo.setText(f"&Undo {t}" if t else "&Undo"))
        self.undo_stack.redoTextChanged.connect(
            lambda t: redo.setText(f"&Redo {t}" if t else "&Redo"))
        undo.setEnabled(False)
        redo.setEnabled(False)

    @property
    def busy(self) -> bool:
        return self._short_writes > 0

    # ================================================================= writes
    def submit_write(self, description: str, fn: Callable[[Library], Any],
                     on_result: Callable[[Any], None] | None = None) -> Job:
        """Queue a write on the single writer thread; refresh the window when the last
        queued write has landed (a burst of keys refreshes once)."""
        lib = self.library
        self._short_writes += 1

        def done(result: Any) -> None:
            self._short_writes -= 1
            if on_result is not None:
                on_result(result)
            self._write_landed()

        def failed(exc: BaseException) -> None:
            self._short_writes -= 1
            self._write_failed(description, exc)

        return self.workers.write(description, lambda ctx: fn(lib), done, failed)

    def _write_landed(self) -> None:
        if not self.w.closing and self._short_writes == 0:
            self.w.lists.schedule_refresh()
        self.writeFinished.emit()

    def _write_failed(self, description: str, exc: BaseException) -> None:
        if self.w.closing:
            return
        message = f"{description} failed: {exc}"
        self.w.statusBar().showMessage(message, 10000)
        if not isinstance(exc, (LibraryError, QueryError, OSError, ValueError)):
            QMessageBox.warning(self.w, "Digest Reader", message)
        self._write_landed()

    def _submit_cmd(self, description: str, fn: Callable[[Library], Any]) -> None:
        select = self.keeper.select_after

        def landed(_result: Any) -> None:
            if select:
                self.keeper.select_later(select)

        self.submit_write(description, fn, landed)

    # ================================================================= undo
    def undo(self) -> None:
        """Undo; the papers it changes are selected again once the write has landed."""
        if self.undo_stack.canUndo():
            self._select_on_undo(self.undo_stack.index() - 1, self.undo_stack.undo)

    def redo(self) -> None:
        if self.undo_stack.canRedo():
            self._select_on_undo(self.undo_stack.index(), self.undo_stack.redo)

    def _select_on_undo(self, index: int, step: Callable[[], None]) -> None:
        cmd = self.undo_stack.command(index)
        ids = cmd.ids if isinstance(cmd, TriageCommand) else []
        self.keeper.during_step(ids, step)

    # ================================================================= triage
    def toggle_star(self) -> None:
        ids = self.keeper.selected_ids()
        if ids:
            rows = [self.model.row_of(i) for i in ids]
            cached = [self.model.row_at(r) for r in rows if r is not None]
            starring = not all(r.starred for r in cached if r) if cached else True
            if cached:  # show it now; the write decides on fresh data and the refresh confirms
                self.model.patch_rows(ids, starred=starring)
            self.undo_stack.push(StarCommand(self._submit_cmd, ids, None))
            if not starring and self.w.lists.spec.filter.kind is FilterKind.STARRED:
                self.keeper.leave_list(ids)

    def _star_button(self, checked: bool) -> None:
        paper = self.detail.paper
        if paper is None:
            return
        ids = self.keeper.selected_ids() if paper.id in self.keeper.selected_ids() else [paper.id]
        self.undo_stack.push(StarCommand(self._submit_cmd, ids, checked))

    def _cell_clicked(self, index: QModelIndex) -> None:
        """A click on the star column toggles that paper's star."""
        if index.column() == Column.STAR:
            pid = self.model.id_at(index.row())
            if pid is not None:
                self.undo_stack.push(StarCommand(self._submit_cmd, [pid], None))

    def set_state(self, state: State, ids: Sequence[int] | None = None) -> None:
        ids = list(ids) if ids is not None else self.keeper.selected_ids()
        if not ids:
            return
        if not self.confirm_bulk(len(ids)):  # Preferences: ask before triaging many papers
            return
        self.keeper.anchor_at_selection()
        self.undo_stack.push(StateCommand(self._submit_cmd, ids, state))
        flt = self.w.lists.spec.filter
        if flt.kind is FilterKind.STATE and flt.value != state.value:
            self.keeper.leave_list(ids)
        else:  # the papers stay: the next key acts on the next paper
            self.model.patch_rows(ids, state=state)
            self.keeper.advance_past(ids)

    def _detail_state(self, state: State) -> None:
        paper = self.detail.paper
        if paper is None:
            return
        sel = self.keeper.selected_ids()
        self.set_state(state, sel if paper.id in sel else [paper.id])

    def _tags_committed(self, paper_id: int, tags: list[str]) -> None:
        self.undo_stack.push(TagsCommand(self._submit_cmd, [paper_id], set_to=tags))

    def add_tags(self, names: list[str], ids: Sequence[int] | None = None) -> None:
        ids = list(ids) if ids is not None else self.keeper.selected_ids()
        if ids and names:
            self.undo_stack.push(TagsCommand(self._submit_cmd, ids, add=names))

    def move_in_queue(self, delta: int) -> None:
        spec = self.w.lists.spec
        if not spec.is_queue:
            self.w.statusBar().showMessage("Reordering works in the Queue (g then q)", 4000)
            return
        pid = self.keeper.current_id()
        if pid is None:
            return
        if not spec.manual_order:
            self.w.statusBar().showMessage("Clear the search and sort to reorder the queue", 4000)
            return
        self.keeper.select_later([pid])
        self.undo_stack.push(QueueOrderCommand(self._submit_cmd, paper_id=pid, delta=delta))

    def _queue_dropped(self, _old: list[int], new: list[int]) -> None:
        self.keeper.select_later(self.keeper.selected_ids())
        self.undo_stack.push(QueueOrderCommand(self._submit_cmd, order=new))

    # ================================================================= notes
    def save_note(self, paper_id: int, body: str, visit: str) -> None:
        # Autosave: the saves of one editing visit keep one revision (the text before it).
        self.submit_write("Save note", lambda lib: lib.set_note(paper_id, body, visit=visit))

    def restore_note(self, paper_id: int, body: str) -> None:
        """Put an earlier version of a note back: no question asked, undoable with Ctrl+Z."""
        self.detail.flush_note()
        self.undo_stack.push(RestoreNoteCommand(self._submit_note_cmd, paper_id, body))

    def _submit_note_cmd(self, description: str, fn: Callable[[Library], Any]) -> None:
        """Like :meth:`_submit_cmd`; the job's ``(paper id, body)`` is shown in the editor."""
        select = self.keeper.select_after
        undoing = description.startswith("Undo ")

        def landed(result: Any) -> None:
            if select:
                self.keeper.select_later(select)
            if result is not None:
                paper_id, body = result
                self.detail.note_replaced(paper_id, body, "Restore undone" if undoing
                                          else "Earlier version restored")

        self.submit_write(description, fn, landed)

    def focus_notes(self) -> None:
        self.detail.focus_notes()

    # ================================================================= links
    def open_code(self) -> None:
        paper = self.w.lists.current_paper()
        if paper is None:
            return
        code = paper.code_links
        if not code:
            self.w.statusBar().showMessage("This paper has no code link", 4000)
            return
        self._open(code[0].url)

    def open_page(self) -> None:
        """The paper's own page (``reader.core.links.page_url``: never a code link)."""
        paper = self.w.lists.current_paper()
        if paper is not None:
            self._open_marked(paper, page_url(paper))

    def open_pdf(self) -> None:
        paper = self.w.lists.current_paper()
        if paper is None:
            return
        url = pdf_url(paper)
        if url is None:
            self.w.statusBar().showMessage("No PDF known for this paper: it has no arXiv id", 6000)
            return
        self._open_marked(paper, url)

    def _open_marked(self, paper: Paper, url: str) -> None:
        """Open ``url``; the paper is marked opened when a browser took it."""
        if self._open(url):
            self.mark_opened(paper.id)

    def _open(self, url: str) -> bool:
        if not is_openable(url):
            self.w.statusBar().showMessage(f"Not opened (only http and https links are): {url}", 6000)
            return False
        return self.opener.open(url)  # a browser that does not start: _open_failed

    def _open_failed(self, url: str, reason: str) -> None:
        """No browser started: say why, non-modally, and offer Copy Link."""
        self.w.statusBar().showMessage(f"Not opened: {reason}", 10000)
        if self.open_failed_box is not None:
            self.open_failed_box.close()
        box = OpenFailedBox(url, reason, self.w)
        box.copy_button.clicked.connect(
            lambda: self.w.statusBar().showMessage(f"Copied {url}", 3000))
        self.open_failed_box = box
        box.show()

    def mark_opened(self, paper_id: int) -> None:
        """Remember that the paper's page was opened (through the one write path)."""
        self.submit_write("Mark opened", lambda lib: lib.mark_opened(paper_id))

    def copy_link(self) -> None:
        """The URL Open Paper Page opens, on the clipboard."""
        paper = self.w.lists.current_paper()
        if paper is None:
            return
        url = page_url(paper)
        QGuiApplication.clipboard().setText(url)
        self.w.statusBar().showMessage(f"Copied {url}", 3000)
