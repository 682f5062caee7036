"""``NotesEditor``: one paper's note — editing, autosave, preview and history.

The "never lose a note" rule lives here and only here (ARCHITECTURE.md "Design decisions"):
the editor saves :attr:`NotesEditor.autosave_ms` (500 ms by default, a Preference) after the
last keystroke, and at once on focus-out, when another paper is shown
(:meth:`NotesEditor.show_note` / :meth:`NotesEditor.flush` by the pane) and on close/quit (the
window flushes, then waits for the write queue). An unchanged
note is never written.

The editor writes nothing itself: it emits :attr:`NotesEditor.saveRequested` (paper id, body,
editing visit) and :attr:`NotesEditor.restoreRequested` (paper id, an earlier body); the
window turns them into writes. The *editing visit* starts when a paper's note is shown and
ends when the user leaves the paper; the store keeps one revision per visit (the text from
before it), however many autosaves the visit makes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.model import NoteRevision
from reader.ui.icons import icon
from reader.ui.safe_text import SafeTextBrowser

RevisionsProvider = Callable[[int], list[NoteRevision]]  # paper id -> earlier versions, newest first


class NotesEditor(QWidget):
    """The notes area of the detail pane: a Markdown editor, its preview and its History menu."""

    saveRequested = Signal(int, str, str)  # paper id, body, editing visit
    restoreRequested = Signal(int, str)  # paper id, the earlier body to put back
    previewToggled = Signal(bool)

    AUTOSAVE_MS = 500  # the default delay after the last keystroke: margin under the 1 s bar
    #: the delays the user may choose (Preferences); focus-out, switching papers and closing
    #: save at once whatever the delay, so a long one never loses a note
    AUTOSAVE_RANGE = (200, 5000)

    def __init__(self, parent: QWidget | None = None, autosave_ms: int = AUTOSAVE_MS) -> None:
        super().__init__(parent)
        self._paper: int | None = None  # whose note is shown; None: nothing to save
        self._saved = ""
        # The editing visit: starts when a paper's note is shown, ends when the user leaves
        # the paper. Its autosaves keep one revision, the text from before the visit.
        self._visit = ""
        self._revisions_provider: RevisionsProvider | None = None

        nl = QVBoxLayout(self)
        nl.setContentsMargins(0, 4, 0, 0)
        nl.setSpacing(2)
        nl.addLayout(self._build_head())
        self.stack = QStackedWidget(self)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("notesEditor")
        self.text_edit.setAccessibleName("Notes")
        self.text_edit.setPlaceholderText("Your notes on this paper (Markdown). Saved automatically.")
        self.text_edit.setTabChangesFocus(True)
        self.label.setBuddy(self.text_edit)
        self.preview = SafeTextBrowser(self)
        self.preview.setObjectName("notesPreview")
        self.preview.setAccessibleName("Notes preview")
        self.stack.addWidget(self.text_edit)
        self.stack.addWidget(self.preview)
        nl.addWidget(self.stack, 1)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self.set_autosave_ms(autosave_ms)
        self._autosave.timeout.connect(self.flush)
        self.text_edit.textChanged.connect(self._edited)
        self.text_edit.installEventFilter(self)
        self.history_menu.aboutToShow.connect(self._fill_history)

    @property
    def autosave_ms(self) -> int:
        """The delay after the last keystroke before the note saves itself."""
        return self._autosave.interval()

    def set_autosave_ms(self, ms: int) -> None:
        """Change the autosave delay (``ValueError`` outside :attr:`AUTOSAVE_RANGE`, unchanged)."""
        low, high = self.AUTOSAVE_RANGE
        if not low <= ms <= high:
            raise ValueError(f"autosave delay must be {low}–{high} ms, not {ms}")
        self._autosave.setInterval(ms)

    def _build_head(self) -> QHBoxLayout:
        """The line above the editor: label, save status, History and Preview buttons."""
        head = QHBoxLayout()
        self.label = QLabel("Notes (Markdown)", self)
        self.status = QLabel("", self)
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status.setAccessibleName("Note save status")
        self.preview_button = QToolButton(self)
        self.preview_button.setText("Preview")
        self.preview_button.setIcon(icon("fa5s.eye"))
        self.preview_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.preview_button.setCheckable(True)
        self.preview_button.setAccessibleName("Preview the note as formatted text")
        self.preview_button.toggled.connect(self.set_preview)
        self.preview_button.toggled.connect(self.previewToggled)
        self.history_button = QToolButton(self)
        self.history_button.setText("History")
        self.history_button.setIcon(icon("fa5s.history"))
        self.history_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.history_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.history_button.setAccessibleName("Earlier versions of the note")
        self.history_menu = QMenu(self.history_button)
        self.history_menu.setToolTipsVisible(True)
        self.history_button.setMenu(self.history_menu)
        head.addWidget(self.label)
        head.addWidget(self.status, 1)
        head.addWidget(self.history_button)
        head.addWidget(self.preview_button)
        return head

    # ----------------------------------------------------------------- configuration
    def set_revisions_provider(self, fn: RevisionsProvider) -> None:
        """Where the History menu gets a paper's earlier versions (newest first)."""
        self._revisions_provider = fn

    def refresh_icons(self) -> None:
        self.preview_button.setIcon(icon("fa5s.eye"))
        self.history_button.setIcon(icon("fa5s.history"))

    # ----------------------------------------------------------------- which note
    @property
    def paper_id(self) -> int | None:
        """The paper whose note is being edited (None: none, nothing will be saved)."""
        return self._paper

    def show_note(self, paper_id: int, body: str) -> None:
        """Show ``body`` as the note of ``paper_id``; a new editing visit starts. The caller
        flushes the previous paper's note first (:meth:`flush`)."""
        self._autosave.stop()
        self._paper = None  # no save while loading
        self.text_edit.setPlainText(body)
        self._paper = paper_id
        self._saved = body
        self._visit = uuid.uuid4().hex
        self.status.setText("")
        if self.preview_button.isChecked():
            self._render_preview()

    def leave(self) -> None:
        """No paper is shown any more: save what changed, then edit nothing."""
        self.flush()
        self._paper = None

    # ----------------------------------------------------------------- saving
    def _edited(self) -> None:
        if self._paper is None:
            return
        if self.text_edit.toPlainText() != self._saved:
            self.status.setText("Editing…")
            self._autosave.start()

    def is_dirty(self) -> bool:
        """True when the editor holds text of a paper that has not been asked to be saved."""
        return self._paper is not None and self.text_edit.toPlainText() != self._saved

    def flush(self) -> None:
        """Save the note now if it changed (autosave, focus-out, switching papers, quit)."""
        self._autosave.stop()
        if not self.is_dirty():
            return
        assert self._paper is not None
        body = self.text_edit.toPlainText()
        self._saved = body
        self.status.setText("Saved")
        self.saveRequested.emit(self._paper, body, self._visit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text_edit and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    # ----------------------------------------------------------------- focus and preview
    def has_focus(self) -> bool:
        """True while the user is typing in the note."""
        return self.text_edit.hasFocus()

    def focus_editor(self) -> None:
        """Leave the preview and put the keyboard focus in the editor."""
        self.set_preview(False)
        self.text_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def is_previewing(self) -> bool:
        return self.preview_button.isChecked()

    def set_preview(self, on: bool) -> None:
        self.preview_button.setChecked(on)
        if on:
            self.flush()
            self._render_preview()
            self.stack.setCurrentWidget(self.preview)
        else:
            self.stack.setCurrentWidget(self.text_edit)

    def _render_preview(self) -> None:
        doc = QTextDocument(self.preview)
        doc.setDefaultFont(self.preview.font())
        features = (QTextDocument.MarkdownFeature.MarkdownDialectGitHub
                    | QTextDocument.MarkdownFeature.MarkdownNoHTML)
        text = self.text_edit.toPlainText()
        doc.setMarkdown(text if text.strip() else "*No notes yet.*", features)
        self.preview.setDocument(doc)

    def drop_targets(self) -> list[QWidget]:
        """The widgets a dragged file can land on (the window redirects those drops)."""
        return [self.text_edit.viewport(), self.text_edit, self.preview.viewport()]

    # ----------------------------------------------------------------- history
    def _fill_history(self) -> None:
        self.history_menu.clear()
        if self._paper is None or self._revisions_provider is None:
            return
        revisions = self._revisions_provider(self._paper)
        if not revisions:
            a = self.history_menu.addAction("No earlier versions")
            a.setEnabled(False)
            return
        for rev in revisions[:20]:
            a = self.history_menu.addAction(history_label(rev))
            a.setToolTip(f"Replaced {_local_minute(rev.saved_at)}; choose to put it back (Ctrl+Z undoes)")
            a.triggered.connect(lambda _=False, body=rev.body: self.restore(body))

    def restore(self, body: str) -> None:
        """Ask for an earlier version to be put back: what is being typed is saved first, the
        window writes the restore as an undoable command and shows it with :meth:`note_replaced`."""
        self.set_preview(False)
        self.flush()
        if self._paper is not None:
            self.restoreRequested.emit(self._paper, body)

    def note_replaced(self, paper_id: int, body: str, status: str) -> None:
        """The note of ``paper_id`` was replaced outside the editor (restore, undo, redo).

        The editor shows it as one edit its own undo can take back, and a new editing visit
        starts (so the next save keeps this text as a revision). Text typed since the write
        was queued is left alone: it is saved next, keeping the written text as a revision.
        """
        if self._paper != paper_id or self.is_dirty():
            return
        if self.text_edit.toPlainText() != body:
            self._paper = None  # not an edit of the user's to save
            cursor = self.text_edit.textCursor()
            cursor.select(cursor.SelectionType.Document)
            cursor.insertText(body)
            self._paper = paper_id
        self._saved = body
        self._visit = uuid.uuid4().hex
        self.status.setText(status)
        if self.preview_button.isChecked():
            self._render_preview()


def _local_minute(when: dt.datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def history_label(rev: NoteRevision) -> str:
    """A History entry: when that version was *written* and its first words. Revisions kept
    before schema 4 only know when they were replaced: "before <that time>"."""
    words = " ".join(rev.body.split())
    first = (words if len(words) <= 50 else words[:49] + "…") or "(empty)"
    when = (_local_minute(rev.written_at) if rev.written_at is not None
            else f"before {_local_minute(rev.saved_at)}")
    return f"{when} — {first}"
