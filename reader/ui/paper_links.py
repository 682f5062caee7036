"""A paper's links in the detail pane: which are shown, how each is drawn, and the
"Search title on" URLs. Every link opens through :func:`reader.ui.safe_text.open_url`.

A link's widget never asks for the width of its URL: buttons elide their text, labels wrap and
ignore their text's width, so a long repository link cannot widen the pane (``PaneLayout``)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote_plus

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from reader.core.links import display_host, is_openable
from reader.core.model import Link, LinkKind, Paper
from reader.ui.icons import LINK_ICONS, icon
from reader.ui.safe_text import open_url
from reader.ui.widgets.elided import ElidedButton


def shown_links(paper: Paper) -> list[Link]:
    """The paper's links, its page first when no link points there already."""
    links = list(paper.links)
    page = paper.page_url
    if page and all(link.url != page for link in links):
        links.insert(0, Link(page, LinkKind.ARXIV))
    return links


def link_widget(link: Link, open_link: Callable[[str], bool] = open_url) -> QWidget:
    """One link: a button that opens it, or plain text when it is not http/https."""
    host = display_host(link.url)
    if not is_openable(link.url):
        label = QLabel(f"{link.url} (not opened: only http and https links are opened)")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.setAccessibleName("Link that cannot be opened")
        return label
    name = link.repo or host
    if link.repo and host:
        name = f"{link.repo}  ·  {host}"
    b = ElidedButton()
    b.setIcon(icon(LINK_ICONS.get(link.kind, "fa5s.link")))
    b.setText(name)
    b.setObjectName(f"link-{link.kind.value}")
    b.setToolTip(link.url)
    b.setAccessibleName(f"Open {link.kind.value} link on {host}")
    b.setStyleSheet("text-align: left; padding: 3px 8px;")
    b.clicked.connect(lambda _=False, url=link.url: open_link(url))
    return b


def search_elsewhere_urls(title: str) -> list[tuple[str, str, str]]:
    """(label, icon, url) for searching a title on arXiv, Hugging Face and Google Scholar."""
    q = quote_plus(" ".join(title.split()))
    return [
        ("arXiv", "fa5s.file-alt", f"https://arxiv.org/search/?query={q}&searchtype=title"),
        ("Hugging Face", "fa5s.smile", f"https://huggingface.co/papers?q={q}"),
        ("Google Scholar", "fa5s.graduation-cap", f"https://scholar.google.com/scholar?q={q}"),
    ]
