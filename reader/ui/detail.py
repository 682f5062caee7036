"""The detail pane: one paper's metadata, controls, links, abstract and notes.

Safety rules (ARCHITECTURE.md "Design decisions"):

* digest text is data, never markup: every string from a digest goes through
  :func:`html.escape` (or a plain-text ``QLabel``) before it reaches a rich-text widget;
* nothing remote is ever loaded: :class:`SafeTextBrowser` returns nothing from
  ``loadResource`` and opens no link by itself;
* links are opened only through :func:`open_url`, which refuses anything but http/https.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import quote_plus

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.links import display_host, is_openable
from reader.core.model import Link, LinkKind, NoteRevision, Paper, State
from reader.ui.icons import LINK_ICONS, icon, star_icon
from reader.ui.qtcompat import no_data

STATE_LABELS = {
    State.INBOX: "Inbox",
    State.QUEUED: "Queue",
    State.READING: "Reading",
    State.DONE: "Done",
    State.DISMISSED: "Dismissed",
}
STATE_ICONS = {
    State.INBOX: "fa5s.inbox",
    State.QUEUED: "fa5s.list-ol",
    State.READING: "fa5s.book-open",
    State.DONE: "fa5s.check",
    State.DISMISSED: "fa5s.times",
}


def open_url(url: str) -> bool:
    """The one way the window opens a link: only absolute http/https URLs reach the browser."""
    if not url or not is_openable(url):
        return False
    qurl = QUrl(url.strip(), QUrl.ParsingMode.StrictMode)
    if not qurl.isValid() or qurl.scheme().lower() not in ("http", "https"):
        return False
    return bool(QDesktopServices.openUrl(qurl))


def search_elsewhere_urls(title: str) -> list[tuple[str, str, str]]:
    """(label, icon, url) for searching a title on arXiv, Hugging Face and Google Scholar."""
    q = quote_plus(" ".join(title.split()))
    return [
        ("arXiv", "fa5s.file-alt", f"https://arxiv.org/search/?query={q}&searchtype=title"),
        ("Hugging Face", "fa5s.smile", f"https://huggingface.co/papers?q={q}"),
        ("Google Scholar", "fa5s.graduation-cap", f"https://scholar.google.com/scholar?q={q}"),
    ]


def highlighted_html(text: str, spans: list[tuple[int, int]], background: str, foreground: str) -> str:
    """``text`` escaped, with the ``spans`` wrapped in a highlight; newlines kept."""
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos or end <= start:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"<span style=\"background-color:{background}; color:{foreground}\"><b>"
                   f"{html.escape(text[start:end])}</b></span>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


class SafeTextBrowser(QTextBrowser):
    """A read-only rich-text view that never loads a resource and never follows a link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(lambda url: open_url(url.toString()))

    def loadResource(self, type: int, name: QUrl | str) -> Any:  # noqa: A002 - Qt's name
        return no_data()  # never fetch anything (no_data: see reader.ui.qtcompat)

    def setSource(self, name: QUrl | str, type: Any = None) -> None:  # noqa: A002
        return None  # never navigate anywhere


class TagsEdit(QLineEdit):
    """Comma-separated tags with completion of the word being typed."""

    committed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Add tags, separated by commas")
        self._names = QStringListModel(self)
        self._completer = QCompleter(self._names, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._complete)
        self.editingFinished.connect(self._commit)
        self._last: list[str] = []

    def set_known(self, names: list[str]) -> None:
        self._names.setStringList(names)

    def set_tags(self, tags: list[str]) -> None:
        self._last = list(tags)
        self.setText(", ".join(tags))

    def tags(self) -> list[str]:
        out: list[str] = []
        for part in self.text().split(","):
            tag = " ".join(part.split()).lower()
            if tag and tag not in out:
                out.append(tag)
        return out

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def _popup_visible(self) -> bool:
        popup = self._completer.popup()
        return popup is not None and popup.isVisible()

    def _complete(self, text: str) -> None:
        prefix = text[: self.cursorPosition()].split(",")[-1].strip()
        if not prefix:
            self._hide_popup()
            return
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount():
            self._completer.complete()
        else:
            self._hide_popup()

    def _insert(self, name: str) -> None:
        parts = [p.strip() for p in self.text().split(",")]
        parts[-1] = name
        self.setText(", ".join(p for p in parts if p) + ", ")

    def _commit(self) -> None:
        if self._popup_visible():
            return
        tags = self.tags()
        if tags != self._last:
            self._last = tags
            self.committed.emit(tags)



def _text_label(parent: QWidget, name: str, accessible: str) -> QLabel:
    """A wrapped, selectable label that shows digest text as plain text (never HTML)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible)
    return label

class DetailPane(QWidget):
    """Shows one paper. Emits requests; the window turns them into undoable commands."""

    starToggled = Signal(bool)
    stateRequested = Signal(object)  # State
    tagsCommitted = Signal(int, list)  # paper id, tags
    noteSaveRequested = Signal(int, str, str)  # paper id, body, editing visit
    noteRestoreRequested = Signal(int, str)  # paper id, the earlier body to put back

    AUTOSAVE_MS = 500  # after the last keystroke: leaves margin under the 1 s "never lost" bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setAccessibleName("Paper details")
        self.paper: Paper | None = None
        self._note_paper: int | None = None
        self._note_saved = ""
        # The editing visit: starts when a paper's note is shown, ends when the user leaves
        # the paper. Its autosaves keep one revision, the text from before the visit.
        self._note_visit = ""
        self._highlight: Callable[[str], list[tuple[int, int]]] = lambda text: []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack)

        self.placeholder = QLabel("Select a paper to see its abstract, links and notes.", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)
        self.stack.addWidget(self.placeholder)

        body = QWidget(self)
        self.stack.addWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(6)

        self.title = _text_label(body, "paperTitle", "Title")
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setBold(True)
        self.title.setFont(f)
        lay.addWidget(self.title)

        self.meta = _text_label(body, "paperMeta", "Authors, date and upvotes")
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        lay.addWidget(self.meta)

        controls = QHBoxLayout()
        controls.setSpacing(4)
        self.star_button = QToolButton(body)
        self.star_button.setObjectName("starButton")
        self.star_button.setCheckable(True)
        self.star_button.setAccessibleName("Star")
        self.star_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.star_button.clicked.connect(lambda checked: self.starToggled.emit(bool(checked)))
        controls.addWidget(self.star_button)
        controls.addSpacing(8)
        self.state_group = QButtonGroup(self)
        self.state_group.setExclusive(True)
        self.state_buttons: dict[State, QToolButton] = {}
        for state in State:
            b = QToolButton(body)
            b.setObjectName(f"state-{state.value}")
            b.setText(STATE_LABELS[state])
            b.setCheckable(True)
            b.setAutoRaise(False)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setAccessibleName(f"Set state: {STATE_LABELS[state]}")
            b.setToolTip(f"Move this paper to {STATE_LABELS[state]}")
            b.clicked.connect(lambda _=False, s=state: self.stateRequested.emit(s))
            self.state_group.addButton(b)
            self.state_buttons[state] = b
            controls.addWidget(b)
        controls.addStretch(1)
        lay.addLayout(controls)

        tags_row = QHBoxLayout()
        self.tags_label = QLabel("Tags:", body)
        self.tags_edit = TagsEdit(body)
        self.tags_edit.setObjectName("tagsEditor")
        self.tags_edit.setAccessibleName("Tags")
        self.tags_label.setBuddy(self.tags_edit)
        self.tags_edit.committed.connect(self._tags_committed)
        tags_row.addWidget(self.tags_label)
        tags_row.addWidget(self.tags_edit, 1)
        lay.addLayout(tags_row)

        self.links_box = QWidget(body)
        self.links_box.setObjectName("linksBox")
        self.links_layout = QVBoxLayout(self.links_box)
        self.links_layout.setContentsMargins(0, 0, 0, 0)
        self.links_layout.setSpacing(2)
        lay.addWidget(self.links_box)

        elsewhere = QHBoxLayout()
        elsewhere.setSpacing(4)
        self.elsewhere_label = QLabel("Search title on:", body)
        elsewhere.addWidget(self.elsewhere_label)
        self.elsewhere_buttons: list[QPushButton] = []
        for label, icon_name, _ in search_elsewhere_urls(""):
            pb = QPushButton(icon(icon_name), label, body)
            pb.setAccessibleName(f"Search this title on {label}")
            pb.setToolTip(f"Search this title on {label} in the browser")
            pb.clicked.connect(lambda _=False, lab=label: self._search_elsewhere(lab))
            self.elsewhere_buttons.append(pb)
            elsewhere.addWidget(pb)
        elsewhere.addStretch(1)
        lay.addLayout(elsewhere)

        split = QSplitter(Qt.Orientation.Vertical, body)
        split.setObjectName("detailSplitter")
        split.setChildrenCollapsible(False)
        self.splitter = split
        self.abstract = SafeTextBrowser(split)
        self.abstract.setObjectName("abstractView")
        self.abstract.setAccessibleName("Abstract")
        self.abstract.setFrameShape(QFrame.Shape.NoFrame)
        self.abstract.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        notes_box = QWidget(split)
        nl = QVBoxLayout(notes_box)
        nl.setContentsMargins(0, 4, 0, 0)
        nl.setSpacing(2)
        head = QHBoxLayout()
        self.notes_label = QLabel("Notes (Markdown)", notes_box)
        self.notes_status = QLabel("", notes_box)
        self.notes_status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.notes_status.setAccessibleName("Note save status")
        self.preview_button = QToolButton(notes_box)
        self.preview_button.setText("Preview")
        self.preview_button.setIcon(icon("fa5s.eye"))
        self.preview_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.preview_button.setCheckable(True)
        self.preview_button.setAccessibleName("Preview the note as formatted text")
        self.preview_button.toggled.connect(self.set_preview)
        self.history_button = QToolButton(notes_box)
        self.history_button.setText("History")
        self.history_button.setIcon(icon("fa5s.history"))
        self.history_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.history_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.history_button.setAccessibleName("Earlier versions of the note")
        self.history_menu = QMenu(self.history_button)
        self.history_menu.setToolTipsVisible(True)
        self.history_button.setMenu(self.history_menu)
        head.addWidget(self.notes_label)
        head.addWidget(self.notes_status, 1)
        head.addWidget(self.history_button)
        head.addWidget(self.preview_button)
        nl.addLayout(head)
        self.notes_stack = QStackedWidget(notes_box)
        self.notes_editor = QPlainTextEdit(notes_box)
        self.notes_editor.setObjectName("notesEditor")
        self.notes_editor.setAccessibleName("Notes")
        self.notes_editor.setPlaceholderText("Your notes on this paper (Markdown). Saved automatically.")
        self.notes_editor.setTabChangesFocus(True)
        self.notes_label.setBuddy(self.notes_editor)
        self.notes_preview = SafeTextBrowser(notes_box)
        self.notes_preview.setObjectName("notesPreview")
        self.notes_preview.setAccessibleName("Notes preview")
        self.notes_stack.addWidget(self.notes_editor)
        self.notes_stack.addWidget(self.notes_preview)
        nl.addWidget(self.notes_stack, 1)
        split.addWidget(self.abstract)
        split.addWidget(notes_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(self.AUTOSAVE_MS)
        self._autosave.timeout.connect(self.flush_note)
        self.notes_editor.textChanged.connect(self._note_edited)
        self.notes_editor.installEventFilter(self)
        self._revisions_provider: Callable[[int], list[Any]] | None = None
        self.history_menu.aboutToShow.connect(self._fill_history)
        self.refresh_icons()
        self.show_paper(None)

    # ----------------------------------------------------------------- configuration
    def set_highlighter(self, fn: Callable[[str], list[tuple[int, int]]]) -> None:
        self._highlight = fn

    def set_revisions_provider(self, fn: Callable[[int], list[Any]]) -> None:
        self._revisions_provider = fn

    def refresh_icons(self) -> None:
        self.star_button.setIcon(star_icon())
        for state, b in self.state_buttons.items():
            b.setIcon(icon(STATE_ICONS[state]))
        for pb, (_, icon_name, _) in zip(self.elsewhere_buttons, search_elsewhere_urls("")):
            pb.setIcon(icon(icon_name))
        self.preview_button.setIcon(icon("fa5s.eye"))
        self.history_button.setIcon(icon("fa5s.history"))

    # ----------------------------------------------------------------- showing a paper
    def show_paper(self, paper: Paper | None, *, keep_note: bool = True) -> None:
        """Show ``paper`` (None: the placeholder). The note of the previous paper is saved
        first; re-showing the same paper keeps whatever is being typed."""
        same = paper is not None and self._note_paper == paper.id
        if not same:
            self.flush_note()
        self.paper = paper
        if paper is None:
            self._note_paper = None
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        self.title.setText(paper.title)
        self.meta.setText(_meta_text(paper))
        self.star_button.setChecked(paper.starred)
        self.star_button.setText("Starred" if paper.starred else "Star")
        self.state_buttons[paper.state].setChecked(True)
        if not self.tags_edit.hasFocus() or not same:
            self.tags_edit.set_tags(paper.tags)
        self._show_links(paper)
        self.render_abstract()
        if not same or not keep_note:
            self._load_note(paper.id, paper.note)

    def render_abstract(self) -> None:
        paper = self.paper
        if paper is None:
            return
        pal = self.palette()
        bg = pal.color(QPalette.ColorRole.Highlight).name()
        fg = pal.color(QPalette.ColorRole.HighlightedText).name()
        text = paper.abstract or ""
        body = highlighted_html(text, self._highlight(text), bg, fg) if text else (
            "<i>No abstract in the digest.</i>")
        title_spans = self._highlight(paper.title)
        extra = ""
        if title_spans:
            extra = ("<p><small>Title: " + highlighted_html(paper.title, title_spans, bg, fg)
                     + "</small></p>")
        if paper.abstract_truncated:
            body += " <i>(the digest cut this abstract short)</i>"
        self.abstract.setHtml(f"{extra}<p>{body}</p>")

    def _show_links(self, paper: Paper) -> None:
        while self.links_layout.count():
            item = self.links_layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        links = list(paper.links)
        page = paper.page_url
        if page and all(link.url != page for link in links):
            links.insert(0, Link(page, LinkKind.ARXIV))
        for link in links:
            self.links_layout.addWidget(self._link_widget(link))
        self.links_box.setVisible(bool(links))

    def _link_widget(self, link: Link) -> QWidget:
        host = display_host(link.url)
        if not is_openable(link.url):
            label = QLabel(f"{link.url} (not opened: only http and https links are opened)")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setAccessibleName("Link that cannot be opened")
            return label
        name = link.repo or host
        if link.repo and host:
            name = f"{link.repo}  ·  {host}"
        b = QPushButton(icon(LINK_ICONS.get(link.kind, "fa5s.link")), name)
        b.setObjectName(f"link-{link.kind.value}")
        b.setToolTip(link.url)
        b.setAccessibleName(f"Open {link.kind.value} link on {host}")
        b.setStyleSheet("text-align: left; padding: 3px 8px;")
        b.clicked.connect(lambda _=False, url=link.url: open_url(url))
        return b

    def _search_elsewhere(self, label: str) -> None:
        if self.paper is None:
            return
        for name, _, url in search_elsewhere_urls(self.paper.title):
            if name == label:
                open_url(url)

    def _tags_committed(self, tags: list[str]) -> None:
        if self.paper is not None:
            self.tagsCommitted.emit(self.paper.id, tags)

    # ----------------------------------------------------------------- notes
    def _load_note(self, paper_id: int, body: str) -> None:
        self._autosave.stop()
        self._note_paper = None  # no save while loading
        self.notes_editor.setPlainText(body)
        self._note_paper = paper_id
        self._note_saved = body
        self._note_visit = uuid.uuid4().hex
        self.notes_status.setText("")
        if self.preview_button.isChecked():
            self._render_preview()

    def _note_edited(self) -> None:
        if self._note_paper is None:
            return
        if self.notes_editor.toPlainText() != self._note_saved:
            self.notes_status.setText("Editing…")
            self._autosave.start()

    def note_dirty(self) -> bool:
        return self._note_paper is not None and self.notes_editor.toPlainText() != self._note_saved

    def flush_note(self) -> None:
        """Save the note now if it changed (autosave, focus-out, switching papers, quit)."""
        self._autosave.stop()
        if not self.note_dirty():
            return
        assert self._note_paper is not None
        body = self.notes_editor.toPlainText()
        self._note_saved = body
        self.notes_status.setText("Saved")
        self.noteSaveRequested.emit(self._note_paper, body, self._note_visit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.notes_editor and event.type() == QEvent.Type.FocusOut:
            self.flush_note()
        return super().eventFilter(watched, event)

    def set_preview(self, on: bool) -> None:
        self.preview_button.setChecked(on)
        if on:
            self.flush_note()
            self._render_preview()
            self.notes_stack.setCurrentWidget(self.notes_preview)
        else:
            self.notes_stack.setCurrentWidget(self.notes_editor)

    def _render_preview(self) -> None:
        doc = QTextDocument(self.notes_preview)
        doc.setDefaultFont(self.notes_preview.font())
        features = (QTextDocument.MarkdownFeature.MarkdownDialectGitHub
                    | QTextDocument.MarkdownFeature.MarkdownNoHTML)
        text = self.notes_editor.toPlainText()
        doc.setMarkdown(text if text.strip() else "*No notes yet.*", features)
        self.notes_preview.setDocument(doc)

    def _fill_history(self) -> None:
        self.history_menu.clear()
        if self.paper is None or self._revisions_provider is None:
            return
        revisions = self._revisions_provider(self.paper.id)
        if not revisions:
            a = self.history_menu.addAction("No earlier versions")
            a.setEnabled(False)
            return
        for rev in revisions[:20]:
            a = self.history_menu.addAction(history_label(rev))
            a.setToolTip(f"Replaced {_local_minute(rev.saved_at)}; choose to put it back (Ctrl+Z undoes)")
            a.triggered.connect(lambda _=False, body=rev.body: self.restore_note(body))

    def restore_note(self, body: str) -> None:
        """Ask for an earlier version to be put back: what is being typed is saved first, the
        window writes the restore as an undoable command and shows it with :meth:`note_replaced`."""
        self.set_preview(False)
        self.flush_note()
        if self._note_paper is not None:
            self.noteRestoreRequested.emit(self._note_paper, body)

    def note_replaced(self, paper_id: int, body: str, status: str) -> None:
        """The note of ``paper_id`` was replaced outside the editor (restore, undo, redo).

        The editor shows it as one edit its own undo can take back, and a new editing visit
        starts (so the next save keeps this text as a revision). Text typed since the write
        was queued is left alone: it is saved next, keeping the written text as a revision.
        """
        if self._note_paper != paper_id or self.note_dirty():
            return
        if self.notes_editor.toPlainText() != body:
            self._note_paper = None  # not an edit of the user's to save
            cursor = self.notes_editor.textCursor()
            cursor.select(cursor.SelectionType.Document)
            cursor.insertText(body)
            self._note_paper = paper_id
        self._note_saved = body
        self._note_visit = uuid.uuid4().hex
        self.notes_status.setText(status)
        if self.preview_button.isChecked():
            self._render_preview()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.refresh_icons()
            self.render_abstract()
        super().changeEvent(event)


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


def _meta_text(paper: Paper) -> str:
    if paper.authors:
        shown = ", ".join(paper.authors[:6])
        if len(paper.authors) > 6:
            shown += f" and {len(paper.authors) - 6} more"
        who = shown
    elif paper.author_count:
        who = f"{paper.author_count} author{'s' if paper.author_count != 1 else ''}"
    else:
        who = "Authors unknown"
    parts = [who]
    parts.append(f"published {paper.published.isoformat()}" if paper.published else "date unknown")
    if paper.upvotes is not None:
        parts.append(f"▲ {paper.upvotes} upvote{'s' if paper.upvotes != 1 else ''}")
    line = "  ·  ".join(parts)
    if paper.digests:
        labels = ", ".join(d.label for d in paper.digests[:3])
        more = f" and {len(paper.digests) - 3} more" if len(paper.digests) > 3 else ""
        line += f"\nFrom digest{'s' if len(paper.digests) > 1 else ''}: {labels}{more}"
    return line


def scroll_wrap(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
