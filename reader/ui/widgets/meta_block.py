"""The detail pane's metadata block: what a digest said about a paper besides its text
(``PaperMeta.described()``: categories with the primary marked, version and its date,
comments, journal, DOI, the day Hugging Face featured it, GitHub stars, project page).

One row per known field, a small label beside a value that wraps: a value never asks for its
text's width (``QSizePolicy.Ignored``), so a long comment cannot widen the pane or the window
(ARCHITECTURE.md "Layers", ``PaneLayout``). Values are digest text: escaped, never markup
(``reader.ui.safe_text``); the DOI and the project page are links opened through the pane's
one opener. A paper without metadata shows nothing."""

from __future__ import annotations

import html
from collections.abc import Callable
from urllib.parse import quote

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from reader.core.links import is_openable
from reader.core.model import PaperMeta
from reader.ui.category_names import categories_tip
from reader.ui.safe_text import open_url

#: The value that is a link, by label: the URL it opens.
LINKS: dict[str, Callable[[str], str]] = {
    "DOI": lambda doi: "https://doi.org/" + quote(doi, safe="/()"),
    "Project page": lambda url: url.strip(),
}


class MetaBlock(QWidget):
    """The rows of :meth:`PaperMeta.described`; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None,
                 open_link: Callable[[str], bool] = open_url) -> None:
        super().__init__(parent)
        self.setObjectName("metaBlock")
        self.setAccessibleName("Paper metadata")
        self._open = open_link
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(1)
        self._grid.setColumnStretch(1, 1)
        self._rows: list[tuple[QLabel, QLabel]] = []  # made as needed, reused
        self._shown = 0
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setVisible(False)

    def rows(self) -> list[tuple[str, str]]:
        """What is shown: (label, value text) per row (tests, accessibility)."""
        return [(label.text(), value.accessibleDescription())
                for label, value in self._rows[: self._shown]]

    def value_label(self, label: str) -> QLabel | None:
        """The value widget of the row ``label`` (None: not shown)."""
        return next((v for k, v in self._rows[: self._shown] if k.text() == label), None)

    def show_meta(self, meta: PaperMeta) -> None:
        """Show ``meta``'s rows (none: the block hides). The row widgets are made once and
        reused: the pane shows a new paper on every j/k."""
        described = meta.described()
        while len(self._rows) < len(described):
            self._add_row()
        for row, (label, value) in enumerate(self._rows):
            if row < len(described):
                name, text = described[row]
                label.setText(name)
                self._fill(value, name, text)
                if name == "Categories":
                    value.setToolTip(categories_tip(meta.categories))
            label.setVisible(row < len(described))
            value.setVisible(row < len(described))
        self._shown = len(described)
        self.setVisible(bool(described))

    def _small(self, widget: QWidget) -> None:
        f = widget.font()
        f.setPointSizeF(max(6.0, f.pointSizeF() * 0.92))
        widget.setFont(f)

    def _add_row(self) -> None:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._small(label)
        value = QLabel(self)
        value.setWordWrap(True)
        value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens
        value.setOpenExternalLinks(False)
        self._small(value)
        value.linkActivated.connect(lambda _href, v=value: self._activated(v))
        row = len(self._rows)
        self._grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._grid.addWidget(value, row, 1)
        self._rows.append((label, value))

    def _activated(self, value: QLabel) -> None:
        """A click on a row's link opens the URL the row holds (never the href handed in)."""
        url = value.property("url")
        if isinstance(url, str) and url:
            self._open(url)

    def _fill(self, value: QLabel, name: str, text: str) -> None:
        value.setObjectName(f"meta-{name.lower().replace(' ', '-')}")
        value.setAccessibleName(name)
        value.setAccessibleDescription(text)
        url = LINKS[name](text) if name in LINKS else None
        if url is not None and is_openable(url):
            value.setProperty("url", url)
            value.setTextFormat(Qt.TextFormat.RichText)
            value.setText(f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>')
            value.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setToolTip(url)
        else:
            value.setProperty("url", None)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setText(text if url is None else f"{text} (not opened: only http and https links are)")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setToolTip("")
