"""Digest text is data: the widgets and helpers that show it and open its links.

Safety rules (ARCHITECTURE.md "Design decisions"):

* digest text is data, never markup: every string from a digest goes through
  :func:`html.escape` (or a plain-text ``QLabel``, :func:`plain_label`) before it reaches a
  rich-text widget;
* nothing remote is ever loaded: :class:`SafeTextBrowser` returns nothing from
  ``loadResource`` and opens no link by itself;
* links are opened only through :func:`open_url` (or a :class:`LinkOpener`, which uses it and
  says why a link could not be opened), which refuses anything but http/https.
"""

from __future__ import annotations

import html
import shutil
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QTextBrowser, QWidget

from reader.core.links import is_openable
from reader.ui.qtcompat import no_data

#: What hands a checked URL to the browser (``QDesktopServices.openUrl``, or a test's fake).
Opener = Callable[[QUrl], bool]


def desktop_open(url: QUrl) -> bool:
    """The desktop's browser (looked up at each call)."""
    return bool(QDesktopServices.openUrl(url))


def open_url(url: str, opener: Opener | None = None) -> bool:
    """The one way the window opens a link: only absolute http/https URLs reach the browser."""
    if not url or not is_openable(url):
        return False
    qurl = QUrl(url.strip(), QUrl.ParsingMode.StrictMode)
    if not qurl.isValid() or qurl.scheme().lower() not in ("http", "https"):
        return False
    return bool((opener or desktop_open)(qurl))


def no_browser_reason() -> str:
    """Why the desktop could not start a browser, as far as can be told from here."""
    if sys.platform.startswith("linux") and shutil.which("xdg-open") is None:
        return "xdg-open is not installed, so the desktop has no way to start a web browser"
    return "the desktop could not start a web browser for it (no default browser is set up)"


class LinkOpener(QObject):
    """Opens links through :func:`open_url` with a replaceable ``opener`` (the seam tests use);
    emits ``failed(url, reason)`` when an http(s) link was handed over but no browser started."""

    failed = Signal(str, str)  # url, reason

    def __init__(self, parent: QObject | None = None, opener: Opener | None = None) -> None:
        super().__init__(parent)
        self.opener: Opener = opener or desktop_open

    def open(self, url: str) -> bool:
        if not url or not is_openable(url):
            return False  # refused by policy: the link widgets say so where they are shown
        if open_url(url, self.opener):
            return True
        self.failed.emit(url.strip(), no_browser_reason())
        return False


class OpenFailedBox(QMessageBox):
    """Non-modal: the link was not opened, why, and a Copy Link button."""

    def __init__(self, url: str, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url = url
        self.setObjectName("openFailedBox")
        self.setWindowTitle("Link not opened")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(f"No web browser could be started: {reason}.")
        self.setInformativeText(f"{url}\n\nCopy the link and paste it into a browser.")
        self.copy_button: QPushButton = self.addButton("Copy Link", QMessageBox.ButtonRole.AcceptRole)
        self.copy_button.setAccessibleName("Copy the link to the clipboard")
        self.addButton(QMessageBox.StandardButton.Close)
        self.setDefaultButton(self.copy_button)
        self.copy_button.clicked.connect(self.copy_link)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setModal(False)

    def copy_link(self) -> None:
        QGuiApplication.clipboard().setText(self.url)


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

    def __init__(self, parent: QWidget | None = None,
                 open_link: Callable[[str], bool] | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        opener = open_link or open_url
        self.anchorClicked.connect(lambda url: opener(url.toString()))

    def loadResource(self, type: int, name: QUrl | str) -> Any:  # noqa: A002 - Qt's name
        return no_data()  # never fetch anything (no_data: see reader.ui.qtcompat)

    def setSource(self, name: QUrl | str, type: Any = None) -> None:  # noqa: A002
        return None  # never navigate anywhere
