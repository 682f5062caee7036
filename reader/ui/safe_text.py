"""Digest text is data: the widgets and helpers that show it and open its links.

Safety rules (ARCHITECTURE.md "Design decisions"):

* digest text is data, never markup: every string from a digest goes through
  :func:`html.escape` (or a plain-text ``QLabel``, :func:`plain_label`) before it reaches a
  rich-text widget;
* nothing remote is ever loaded: :class:`SafeTextBrowser` returns nothing from
  ``loadResource`` and opens no link by itself;
* links are opened only through :func:`open_url`, which refuses anything but http/https.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QTextBrowser, QWidget

from reader.core.links import is_openable
from reader.ui.qtcompat import no_data


def open_url(url: str) -> bool:
    """The one way the window opens a link: only absolute http/https URLs reach the browser."""
    if not url or not is_openable(url):
        return False
    qurl = QUrl(url.strip(), QUrl.ParsingMode.StrictMode)
    if not qurl.isValid() or qurl.scheme().lower() not in ("http", "https"):
        return False
    return bool(QDesktopServices.openUrl(qurl))


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


def plain_label(parent: QWidget, name: str, accessible: str) -> QLabel:
    """A wrapped, selectable label that shows digest text as plain text (never HTML)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible)
    return label


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
