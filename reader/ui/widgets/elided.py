"""One-line text widgets whose width never follows their text (ARCHITECTURE.md "Layers").

A plain ``QLabel`` or ``QPushButton`` asks for the width of its whole text as its *minimum*, so
a long message, title or URL widens the pane it sits in and, through the splitter, the window.
:class:`ElidedLabel` and :class:`ElidedButton` keep their full text (``text()``, tests,
accessibility) but paint it cut with "…" to the width the layout gives them, ask for only a few
characters as their minimum, and show the full text as a tooltip when it is cut.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QToolTip,
    QWidget,
)

#: The minimum width of an elided widget, in average characters (what is left of its text).
MIN_CHARS = 6


def _min_width(fm: QFontMetrics) -> int:
    return fm.averageCharWidth() * MIN_CHARS + fm.horizontalAdvance("…")


def _show_full_text(widget: QWidget, event: QEvent, full: str, cut: bool) -> bool:
    """A ``ToolTip`` event on ``widget``: show ``full`` when the text is cut and the widget has
    no tooltip of its own. True when handled."""
    if event.type() != QEvent.Type.ToolTip or widget.toolTip() or not cut:
        return False
    assert isinstance(event, QHelpEvent)
    QToolTip.showText(event.globalPos(), full, widget)
    return True


class ElidedLabel(QLabel):
    """A one-line plain-text label, elided at the right to the width it gets."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), _min_width(self.fontMetrics()) + 2 * self.margin()), hint.height())

    def _text_rect_width(self) -> int:
        return max(0, self.contentsRect().width() - 2 * self.margin())

    def elided_text(self) -> str:
        """What is drawn: the text cut to the label's width."""
        width = self._text_rect_width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def is_elided(self) -> bool:
        return self.elided_text() != self.text()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect().adjusted(self.margin(), self.margin(), -self.margin(), -self.margin())
        align = self.alignment() | Qt.AlignmentFlag.AlignVCenter if not (
            self.alignment() & Qt.AlignmentFlag.AlignVertical_Mask) else self.alignment()
        self.style().drawItemText(painter, rect, int(align), self.palette(), self.isEnabled(),
                                  self.elided_text(), self.foregroundRole())

    def event(self, event: QEvent) -> bool:
        if _show_full_text(self, event, self.text(), self.is_elided()):
            return True
        return super().event(event)


class ElidedButton(QPushButton):
    """A push button whose text (after its icon) is elided at the right to the width it gets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        extra = self.iconSize().width() + 24 if not self.icon().isNull() else 16
        return QSize(min(hint.width(), _min_width(self.fontMetrics()) + extra), hint.height())

    def _options(self) -> QStyleOptionButton:
        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        return opt

    def elided_text(self) -> str:
        """What is drawn: the text cut to the room left of the button's contents after its icon."""
        opt = self._options()
        room = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, self).width()
        if not self.icon().isNull():
            room -= self.iconSize().width() + 4
        # the full text is never cut when the button is as wide as it asks to be
        if self.width() >= self.sizeHint().width():
            return self.text()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, max(0, room - 8))

    def is_elided(self) -> bool:
        return self.elided_text() != self.text()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        opt = self._options()
        opt.text = self.elided_text()
        painter.drawControl(QStyle.ControlElement.CE_PushButton, opt)

    def event(self, event: QEvent) -> bool:
        if _show_full_text(self, event, self.text(), self.is_elided()):
            return True
        return super().event(event)


__all__ = ["MIN_CHARS", "ElidedButton", "ElidedLabel"]
