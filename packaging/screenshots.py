"""Make the README / AppStream screenshots of the real window.

    python packaging/screenshots.py [OUT_DIR]          (default: packaging/screenshots)

Runs on any Qt platform (offscreen, or a real display such as Xvfb). Writes empty-state.png,
library.png (the sample with a paper selected), search.png (a search with highlighted
matches), shortcuts.png (the keyboard sheet) and preferences.png (the Preferences dialog over
the window at 1024×700). The settings go to a throwaway file.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.core.model import State
from reader.core.library import Library
from reader.paths import APP_ID, sample_digest

SIZE = (1280, 800)


def wait_until(predicate: Callable[[], bool], timeout_ms: int = 15000) -> None:
    waited = 0
    while not predicate():
        QTest.qWait(20)
        waited += 20
        if waited > timeout_ms:
            raise TimeoutError("the window did not settle")


def preferences(w, out: Path) -> None:  # noqa: ANN001
    """preferences.png: the Preferences dialog (its Keys page, Star rebound) drawn over the
    window at 1024×700, as a user sees it (a dialog is its own top-level window)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter

    from reader.ui.actions import Action

    w.resize(1024, 700)
    wait_until(w.is_idle)
    w.trigger(Action.PREFERENCES)
    dialog = w.state.dialog
    wait_until(dialog.isVisible)
    dialog.resize(620, 520)
    dialog.select_action(Action.STAR)
    dialog.set_keys(Action.STAR, ("W",))  # rebound (bold) …
    dialog.key_edit.setKeySequence("D")
    dialog.assign_key()  # … and a refused conflict, naming the action that holds the key
    QTest.qWait(150)
    picture = w.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))
    at = QPoint((picture.width() - dialog.width()) // 2, (picture.height() - dialog.height()) // 2)
    painter.drawPixmap(at, dialog.grab())
    painter.setPen(QColor(0, 0, 0, 120))
    painter.drawRect(at.x() - 1, at.y() - 1, dialog.width() + 1, dialog.height() + 1)
    painter.end()
    picture.save(str(out / "preferences.png"))
    print(out / "preferences.png")
    dialog.reject()
    w.resize(*SIZE)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from reader.ui.icons import app_icon
    from reader.ui.main_window import MainWindow

    app.setWindowIcon(app_icon())
    work = Path(tempfile.mkdtemp(prefix="digest-reader-shots-"))

    def window(lib: Library) -> MainWindow:
        w = MainWindow(lib, settings=QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
        w.resize(*SIZE)
        w.show()
        wait_until(lambda: w.loaded_once and w.is_idle())
        return w

    def shot(widget, name: str) -> None:  # noqa: ANN001
        QTest.qWait(150)
        widget.grab().save(str(out / name))
        print(out / name)

    empty = Library.open(work / "empty")
    w = window(empty)
    shot(w, "empty-state.png")
    w.close()
    empty.close()

    lib = Library.open(work / "sample")
    lib.import_files([sample_digest()], as_of=dt.date(2026, 11, 26))
    rows = lib.query("", None, None, 0, 100).rows
    by_title = {r.title.split(":")[0]: r.id for r in rows}
    slab = by_title.get("SLAB", rows[1].id)
    lib.set_starred([slab, rows[4].id, rows[7].id], True)
    lib.add_tags([slab], ["efficiency", "transformers"])
    lib.add_tags([rows[4].id], ["rl"])
    lib.set_state([rows[9].id, rows[12].id], State.QUEUED)
    lib.set_state([rows[15].id], State.DONE)
    lib.set_note(slab, "**Why read:** BatchNorm instead of LayerNorm at inference.\n\n"
                       "- try PRepBN on our ViT\n- code: see the GitHub link")
    w = window(lib)
    w.go(w.filter_pane.filter_for("all"))
    wait_until(w.is_idle)
    row = w.model.row_of(slab)
    if row is not None:
        w.move_current(row - max(0, w.view.currentIndex().row()))
    wait_until(w.is_idle)
    shot(w, "library.png")

    w.search_box.setFocus()
    QTest.keyClicks(w.search_box, "transformer")
    wait_until(lambda: w.is_idle() and w.spec.text == "transformer")
    w.move_current(1)
    wait_until(w.is_idle)
    shot(w, "search.png")

    w.show_shortcuts()
    sheet = w.shortcut_sheet
    assert sheet is not None
    wait_until(sheet.isVisible)
    shot(sheet, "shortcuts.png")
    sheet.close()
    preferences(w, out)
    w.close()
    lib.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
