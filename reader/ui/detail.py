"""The detail pane: one paper's metadata, controls, links, abstract and notes.

The pane is built from named parts (header, controls, tags, links, abstract + notes) and
talks to the window through a small API: the request signals below, :meth:`DetailPane.show_paper`,
and the focus / preview / layout-state / drop-target methods, so no caller reaches into its
children. The note itself — editing, autosave, preview, history — is :class:`NotesEditor`
(``reader.ui.notes_editor``); how digest text is shown safely is ``reader.ui.safe_text``
(ARCHITECTURE.md "Design decisions").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.model import Paper, State
from reader.core.tex import display_text
from reader.ui.authors_line import AuthorsLine, author_query
from reader.ui.icons import icon, star_icon
from reader.ui.notes_editor import NotesEditor, RevisionsProvider
from reader.ui.paper_links import link_widget, search_elsewhere_urls, shown_links
from reader.ui.safe_text import LinkOpener, SafeTextBrowser, highlighted_html, plain_label
from reader.ui.safe_text import open_url as open_url  # re-exported: the window's one way to open a link
from reader.ui.tags_edit import TagsEdit
from reader.ui.widgets.meta_block import MetaBlock

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


class DetailPane(QWidget):
    """Shows one paper. Emits requests; the window turns them into undoable commands."""

    starToggled = Signal(bool)
    stateRequested = Signal(object)  # State
    tagsCommitted = Signal(int, list)  # paper id, tags
    noteSaveRequested = Signal(int, str, str)  # paper id, body, editing visit
    noteRestoreRequested = Signal(int, str)  # paper id, the earlier body to put back
    preview_toggled = Signal(bool)  # the note preview was switched on or off
    authorSearchRequested = Signal(str)  # the query author:"Name" (a name was clicked)

    def __init__(self, parent: QWidget | None = None, opener: LinkOpener | None = None) -> None:
        super().__init__(parent)
        # every link of the pane opens through this (its ``opener`` is the seam tests replace)
        self.opener = opener or LinkOpener(self)
        self.setObjectName("detailPane")
        self.setAccessibleName("Paper details")
        self.paper: Paper | None = None
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
        self._build_header(body, lay)
        lay.addLayout(self._build_controls(body))
        lay.addLayout(self._build_tags(body))
        self._build_links(body, lay)
        lay.addWidget(self._build_reading(body), 1)

        self.notes.saveRequested.connect(self.noteSaveRequested)
        self.notes.restoreRequested.connect(self.noteRestoreRequested)
        self.notes.previewToggled.connect(self.preview_toggled)
        self.refresh_icons()
        self.show_paper(None)

    # ----------------------------------------------------------------- the parts
    def _build_header(self, body: QWidget, lay: QVBoxLayout) -> None:
        """Title (larger, bold), the authors (names are links), the date line and what the
        digests said about the paper (categories, version, comments, journal, DOI …)."""
        self.title = plain_label(body, "paperTitle", "Title")
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setBold(True)
        self.title.setFont(f)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens
        lay.addWidget(self.title)

        self.authors = AuthorsLine(body)
        self.authors.authorClicked.connect(lambda name: self.authorSearchRequested.emit(author_query(name)))
        lay.addWidget(self.authors)
        self.meta = plain_label(body, "paperMeta", "Date, upvotes and digests")
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        lay.addWidget(self.meta)
        self.meta_block = MetaBlock(body, self.opener.open)
        lay.addWidget(self.meta_block)

    def _build_controls(self, body: QWidget) -> QHBoxLayout:
        """The star button and one exclusive button per state."""
        controls = QHBoxLayout()
        controls.setSpacing(4)
        self.star_button = QToolButton(body)
        self.star_button.setObjectName("starButton")
        self.star_button.setCheckable(True)
        self.star_button.setAccessibleName("Star")
        self.star_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.star_button.setText("Starred")  # the longer label: the pane's minimum is measured with it
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
        return controls

    def _build_tags(self, body: QWidget) -> QHBoxLayout:
        tags_row = QHBoxLayout()
        self.tags_label = QLabel("Tags:", body)
        self.tags_edit = TagsEdit(body)
        self.tags_edit.setObjectName("tagsEditor")
        self.tags_edit.setAccessibleName("Tags")
        self.tags_label.setBuddy(self.tags_edit)
        self.tags_edit.committed.connect(self._tags_committed)
        tags_row.addWidget(self.tags_label)
        tags_row.addWidget(self.tags_edit, 1)
        return tags_row

    def _build_links(self, body: QWidget, lay: QVBoxLayout) -> None:
        """The paper's links (filled per paper) and the "Search title on" buttons."""
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

    def _build_reading(self, body: QWidget) -> QSplitter:
        """The abstract above the notes, in a splitter whose sizes the window remembers."""
        split = QSplitter(Qt.Orientation.Vertical, body)
        split.setObjectName("detailSplitter")
        split.setChildrenCollapsible(False)
        self.splitter = split
        self.abstract = SafeTextBrowser(split, self.opener.open)
        self.abstract.setObjectName("abstractView")
        self.abstract.setAccessibleName("Abstract")
        self.abstract.setFrameShape(QFrame.Shape.NoFrame)
        self.abstract.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.notes = NotesEditor(split)
        split.addWidget(self.abstract)
        split.addWidget(self.notes)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        return split

    # ----------------------------------------------------------------- configuration
    def set_highlighter(self, fn: Callable[[str], list[tuple[int, int]]]) -> None:
        self._highlight = fn

    def set_revisions_provider(self, fn: RevisionsProvider) -> None:
        self.notes.set_revisions_provider(fn)

    def set_known_tags(self, names: list[str]) -> None:
        """The tag names the tags field completes."""
        self.tags_edit.set_known(names)

    def refresh_icons(self) -> None:
        self.star_button.setIcon(star_icon())
        for state, b in self.state_buttons.items():
            b.setIcon(icon(STATE_ICONS[state]))
        for pb, (_, icon_name, _) in zip(self.elsewhere_buttons, search_elsewhere_urls("")):
            pb.setIcon(icon(icon_name))
        self.notes.refresh_icons()

    # ----------------------------------------------------------------- the window's API
    @property
    def notes_editor(self) -> QPlainTextEdit:
        """The note's text field (a ``QPlainTextEdit``): what tests type into."""
        return self.notes.text_edit

    def focus_notes(self) -> None:
        """Put the keyboard focus in the note editor, leaving the preview (no paper: nothing)."""
        if self.paper is None:
            return
        self.notes.focus_editor()

    def focus_tags(self) -> None:
        """Put the keyboard focus at the end of the tags field (no paper: nothing)."""
        if self.paper is None:
            return
        self.tags_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.tags_edit.end(False)

    def is_editing_note(self) -> bool:
        """True while the keyboard focus is in the note editor."""
        return self.notes.has_focus()

    def toggle_preview(self) -> None:
        self.set_preview(not self.notes.is_previewing())

    def save_state(self) -> QByteArray:
        """The abstract/notes split, for the window's settings."""
        return self.splitter.saveState()

    def restore_state(self, state: QByteArray) -> bool:
        return self.splitter.restoreState(state)

    def drop_targets(self) -> list[QWidget]:
        """The pane's widgets that accept drops themselves; the window redirects file drops
        on them to an import instead of letting them become text."""
        return [self.tags_edit, self.abstract.viewport(), *self.notes.drop_targets()]

    # ----------------------------------------------------------------- showing a paper
    def show_paper(self, paper: Paper | None) -> None:
        """Show ``paper`` (None: the placeholder). The note of the previous paper is saved
        first; re-showing the same paper keeps whatever is being typed."""
        same = paper is not None and self.notes.paper_id == paper.id
        if not same:
            self.notes.flush()
        self.paper = paper
        if paper is None:
            self.notes.leave()
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        self.title.setText(display_text(paper.title))  # TeX as Unicode; the library keeps the original
        expanded = same and self.authors.expanded  # the same paper shown again stays expanded
        self.authors.set_authors(paper.authors, paper.author_count)
        if expanded:
            self.authors.set_expanded(True)
        self.meta.setText(_meta_text(paper))
        self.meta_block.show_meta(paper.meta)
        self.star_button.setChecked(paper.starred)
        self.star_button.setText("Starred" if paper.starred else "Star")
        self.state_buttons[paper.state].setChecked(True)
        if not self.tags_edit.hasFocus() or not same:
            self.tags_edit.set_tags(paper.tags)
        self._show_links(paper)
        self.render_abstract()
        if not same:
            self.notes.show_note(paper.id, paper.note)

    def render_abstract(self) -> None:
        paper = self.paper
        if paper is None:
            return
        pal = self.palette()
        bg = pal.color(QPalette.ColorRole.Highlight).name()
        fg = pal.color(QPalette.ColorRole.HighlightedText).name()
        # shown with its TeX as Unicode; the spans are computed on the text as shown
        text = display_text(paper.abstract or "")
        body = highlighted_html(text, self._highlight(text), bg, fg) if text else (
            "<i>No abstract in the digest.</i>")
        title = display_text(paper.title)
        title_spans = self._highlight(title)
        extra = ""
        if title_spans:
            extra = ("<p><small>Title: " + highlighted_html(title, title_spans, bg, fg)
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
        links = shown_links(paper)
        for link in links:
            self.links_layout.addWidget(link_widget(link, self.opener.open))
        self.links_box.setVisible(bool(links))

    def _search_elsewhere(self, label: str) -> None:
        if self.paper is None:
            return
        for name, _, url in search_elsewhere_urls(self.paper.title):
            if name == label:
                self.opener.open(url)

    def _tags_committed(self, tags: list[str]) -> None:
        if self.paper is not None:
            self.tagsCommitted.emit(self.paper.id, tags)

    # ----------------------------------------------------------------- the note (NotesEditor)
    def flush_note(self) -> None:
        """Save the note now if it changed (focus-out, switching filters, quit)."""
        self.notes.flush()

    def set_preview(self, on: bool) -> None:
        self.notes.set_preview(on)

    def restore_note(self, body: str) -> None:
        """Ask for an earlier version of the note to be put back (:meth:`NotesEditor.restore`)."""
        self.notes.restore(body)

    def note_replaced(self, paper_id: int, body: str, status: str) -> None:
        """The note was replaced outside the editor (:meth:`NotesEditor.note_replaced`)."""
        self.notes.note_replaced(paper_id, body, status)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.refresh_icons()
            self.authors.set_expanded(self.authors.expanded)  # the link colour follows the palette
            self.render_abstract()
        super().changeEvent(event)



def _meta_text(paper: Paper) -> str:
    """The line under the authors: date, upvotes and the digests the paper came from."""
    parts = [f"published {paper.published.isoformat()}" if paper.published else "date unknown"]
    if paper.upvotes is not None:
        parts.append(f"▲ {paper.upvotes} upvote{'s' if paper.upvotes != 1 else ''}")
    line = "  ·  ".join(parts)
    if paper.digests:
        labels = ", ".join(d.label for d in paper.digests[:3])
        more = f" and {len(paper.digests) - 3} more" if len(paper.digests) > 3 else ""
        line += f"\nFrom digest{'s' if len(paper.digests) > 1 else ''}: {labels}{more}"
    return line
