"""The detail pane's authors line: the first names with "and N more" that expands on click
(and collapses again), every name a link that asks for an ``author:"…"`` search.

Names are digest text: each one is :func:`html.escape`d before it becomes rich text, and an
anchor carries only the name's index (``author:3``), never the name itself.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from reader.core.tex import display_text

#: Authors named before "and N more".
AUTHORS_SHOWN = 6
_MORE, _LESS, _AUTHOR = "more", "less", "author:"


def author_query(name: str) -> str:
    """The search for one author: ``author:"Name"``. A phrase cannot hold a double quote, so
    one in the name becomes a space (the index drops punctuation from names anyway); every
    other character is safe inside the quotes."""
    cleaned = " ".join(name.replace('"', " ").split())
    return f'author:"{cleaned}"'


def authors_html(authors: list[str], expanded: bool, link_color: str) -> str:
    """The names as links (escaped), cut to :data:`AUTHORS_SHOWN` unless ``expanded``."""
    shown = authors if expanded else authors[:AUTHORS_SHOWN]
    style = f"color:{link_color}; text-decoration:none"
    parts = [f"<a href='{_AUTHOR}{i}' style='{style}'>{html.escape(display_text(name))}</a>"
             for i, name in enumerate(shown)]
    out = ", ".join(parts)
    hidden = len(authors) - len(shown)
    if hidden > 0:
        out += f" <a href='{_MORE}' style='{style}'><i>and {hidden} more</i></a>"
    elif expanded and len(authors) > AUTHORS_SHOWN:
        out += f" <a href='{_LESS}' style='{style}'><i>(show fewer)</i></a>"
    return out


class AuthorsLine(QLabel):
    """The authors of one paper; emits ``authorClicked(name)`` when a name is clicked."""

    authorClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paperAuthors")
        self.setAccessibleName("Authors")
        self.setToolTip("Click a name to search for the author's papers")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.linkActivated.connect(self._activated)
        self.authors: list[str] = []
        self.expanded = False

    def set_authors(self, authors: list[str], author_count: int | None) -> None:
        """A new paper's authors (collapsed); only a count when the digest named nobody."""
        self.authors = list(authors)
        self.expanded = False
        if authors:
            self._render()
        elif author_count:
            self.setText(html.escape(f"{author_count} author{'s' if author_count != 1 else ''}"))
        else:
            self.setText("Authors unknown")

    def set_expanded(self, expanded: bool) -> None:
        self.expanded = expanded
        if self.authors:
            self._render()

    def _render(self) -> None:
        self.setText(authors_html(self.authors, self.expanded,
                                  self.palette().color(QPalette.ColorRole.Link).name()))

    def _activated(self, href: str) -> None:
        if href == _MORE:
            self.set_expanded(True)
        elif href == _LESS:
            self.set_expanded(False)
        elif href.startswith(_AUTHOR) and href[len(_AUTHOR):].isdigit():
            index = int(href[len(_AUTHOR):])
            if index < len(self.authors):
                self.authorClicked.emit(self.authors[index])
