"""Icons: qtawesome glyphs tinted with the current palette, and the application icon."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from reader.core.model import LinkKind
from reader.paths import resource_path

LINK_ICONS = {
    LinkKind.GITHUB: "fa5b.github",
    LinkKind.GITLAB: "fa5b.gitlab",
    LinkKind.HUGGINGFACE: "fa5s.smile",
    LinkKind.ARXIV: "fa5s.file-alt",
    LinkKind.PROJECT: "fa5s.globe",
    LinkKind.OTHER: "fa5s.link",
}


def icon(name: str, color: QColor | None = None) -> QIcon:
    """A qtawesome icon in the palette's text colour (so it follows light/dark themes)."""
    try:
        import qtawesome as qta
    except ImportError:  # pragma: no cover - a declared dependency
        return QIcon()
    pal = QApplication.palette()
    text = color or pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
    disabled = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    selected = pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    try:
        return qta.icon(name, color=text, color_disabled=disabled, color_selected=selected)
    except Exception:  # noqa: BLE001 - an unknown glyph name must not break the window
        return QIcon()


def star_icon() -> QIcon:
    """The star, in the palette's highlight colour (the one accent the app uses)."""
    return icon("fa5s.star", QApplication.palette().color(QPalette.ColorRole.Highlight))


def app_icon() -> QIcon:
    ic = QIcon()
    try:
        ic.addFile(str(resource_path("icons/digest-reader.svg")))
    except FileNotFoundError:
        pass
    for size in (16, 32, 48, 64, 128, 256):
        try:
            ic.addFile(str(resource_path(f"icons/hicolor/{size}x{size}/apps/digest-reader.png")))
        except FileNotFoundError:
            continue
    return ic
