"""What the window remembers and what the user prefers: the layout and the library's own list
state (:class:`~reader.ui.settings.WindowSettings`), the title that names the library, and the
Preferences (:class:`~reader.ui.user_prefs.UserPrefs`) applied to the window — keys, text sizes,
default sort, notes autosave delay, the bulk-triage question.

:class:`WindowState` is a controller of the window (it handles Edit ▸ Preferences…); the window
keeps one-line calls to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QDialog, QHeaderView, QMessageBox, QTextBrowser, QWidget

from reader.core.model import Filter
from reader.ui.action_builder import apply_keys, build_actions
from reader.ui.actions import Action, shortcut_sheet_html
from reader.ui.controllers.base import WindowController
from reader.ui.keymap import KeyMap, effective_keys
from reader.ui.preferences import PreferencesDialog
from reader.ui.user_prefs import Prefs, UserPrefs

if TYPE_CHECKING:
    from collections.abc import Callable

    from reader.ui.main_window import MainWindow

APP_NAME = "Digest Reader"


def library_name(root: Path, demo: bool) -> str:
    """How the title names a library: its folder's name (``demo`` for a ``--demo`` one)."""
    if demo:
        return "demo"
    path = Path(root).expanduser()
    return path.name or str(path)


def window_title(root: Path, demo: bool) -> str:
    return f"{APP_NAME} — {library_name(root, demo)}"


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """A modal question; ``True`` for Yes (the default button is No)."""
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class WindowState(WindowController):
    """The window's settings and preferences, and the Preferences dialog."""

    def __init__(self, window: MainWindow, demo: bool = False,
                 ask: Callable[[QWidget, str, str], bool] = ask_yes_no) -> None:
        super().__init__(window)
        self.settings = window.window_settings
        self.user_prefs = UserPrefs(window.settings)
        self.prefs = self.user_prefs.load()
        self.ask = ask
        self.dialog: PreferencesDialog | None = None
        self._later: tuple[Filter, Filter] | None = None  # (saved filter, the one shown at start)
        self._base_font = QFont(window.font())
        window.setWindowTitle(window_title(window.library.root, demo))  # the path: About box

    def handlers(self) -> dict[Action, Callable[[], None]]:
        return {Action.PREFERENCES: self.show_preferences}

    @property
    def keys(self) -> KeyMap:
        """Every action's effective keys (defaults overridden by the user's)."""
        return effective_keys(self.prefs.keys)

    def build_actions(self) -> None:
        build_actions(self.w, self.keys)

    # ------------------------------------------------------------- settings
    def restore(self) -> None:
        w, s = self.w, self.settings
        geo = s.geometry
        if geo is not None:
            w.restoreGeometry(geo)
        else:  # the first start: 1280×800, or the whole screen when it is smaller
            screen = w.screen().availableGeometry()
            w.resize(min(1280, screen.width()), min(800, screen.height()))
        if s.state is not None:
            w.restoreState(s.state)
        if s.splitter is not None:
            w.panes.restore_state(s.splitter)
        if s.header is not None:
            w.view.restore_header(s.header)
        detail = s.detail_splitter
        if detail is not None:
            w.detail.restore_state(detail)
        flt = s.filter
        if flt is not None:
            w.filter_pane.select(flt)
            if w.filter_pane.current_filter() != flt:  # a tag, digest or saved search: the pane
                self._later = (flt, w.filter_pane.current_filter())  # lists it once counts land
                w.lists.countsLoaded.connect(self._restore_filter)
        self.apply(self.prefs)

    def _restore_filter(self) -> None:
        """Show the library's last tag, digest or saved search as soon as the pane has it
        (unless the user has picked another list meanwhile; gone from the library: not)."""
        self.w.lists.countsLoaded.disconnect(self._restore_filter)
        if self._later is None:
            return
        flt, started_on = self._later
        if self.w.spec.filter == started_on and self.w.filter_pane.filter_for(flt.key) is not None:
            self.w.set_filter(flt)

    def save(self) -> None:
        self.w.lists.save_position()
        w, s = self.w, self.settings
        s.geometry = w.saveGeometry()
        s.state = w.saveState()
        s.splitter = w.panes.save_state()
        s.header = w.view.save_header()
        s.detail_splitter = w.detail.save_state()
        s.sort = w.spec.sort
        s.filter = w.spec.filter
        s.sync()

    # ------------------------------------------------------------- preferences
    def apply(self, prefs: Prefs) -> None:
        """Make the window follow ``prefs`` (at start, live while the dialog edits them)."""
        old, self.prefs = self.prefs, prefs
        w = self.w
        if w.actions_by_id:
            apply_keys(w, self.keys)
        if w.shortcut_sheet is not None:
            self.fill_sheet(w.shortcut_sheet)
        list_font = self._zoomed(prefs.list_zoom)
        w.view.setFont(list_font)
        w.view.verticalHeader().setDefaultSectionSize(QFontMetrics(list_font).height() + 10)
        if old is not prefs and old.list_zoom != prefs.list_zoom:  # a live change: the columns the
            self._scale_columns(prefs.list_zoom / old.list_zoom)  # user sizes grow with the text
        self._zoom_detail(prefs.detail_zoom)
        w.detail.notes.set_autosave_ms(prefs.autosave_ms)
        w.triage.confirm_bulk = self.confirm_bulk
        if w.lists.default_sort != prefs.default_sort:
            w.lists.default_sort = prefs.default_sort
            if old is not prefs:  # at start the window's first query follows
                w.refresh()

    def _scale_columns(self, factor: float) -> None:
        header = self.w.view.horizontalHeader()
        for section in range(header.count()):
            if header.sectionResizeMode(section) is QHeaderView.ResizeMode.Interactive:
                header.resizeSection(section, round(header.sectionSize(section) * factor))

    def _zoom_detail(self, percent: int) -> None:
        """The detail pane's reading text (title, metadata, abstract, notes); its buttons keep
        the window's size, so the pane does not widen."""
        d = self.w.detail
        for widget in (d.meta, d.abstract, d.notes.text_edit, d.notes.preview):
            widget.setFont(self._zoomed(percent))
        title = self._zoomed(percent * 1.35)  # as DetailPane draws it: larger, bold
        title.setBold(True)
        d.title.setFont(title)

    def _zoomed(self, percent: float) -> QFont:
        font = QFont(self._base_font)
        size = self._base_font.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * percent / 100)
        else:  # a pixel-sized font
            font.setPixelSize(max(6, round(self._base_font.pixelSize() * percent / 100)))
        return font

    def confirm_bulk(self, count: int) -> bool:
        """Whether to triage ``count`` papers at once (asks above the user's threshold)."""
        p = self.prefs
        if not p.confirm_bulk or count <= p.bulk_threshold:
            return True
        return self.ask(self.w, "Triage many papers?",
                        f"Change the state of {count:,} selected papers?\n\n"
                        "(You can undo it. Preferences ▸ General sets when this is asked.)")

    def fill_sheet(self, sheet: QWidget) -> None:
        """Show the effective keys on the shortcut sheet."""
        view = sheet.findChild(QTextBrowser)
        if view is not None:
            view.setHtml(shortcut_sheet_html(self.keys))

    def show_preferences(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        before = self.prefs
        dialog = PreferencesDialog(before, self.w)
        dialog.changed.connect(self.apply)

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.apply(dialog.prefs)
                self.user_prefs.save(dialog.prefs)
            else:
                self.apply(before)
            self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        self.dialog = dialog
        dialog.open()
