"""Make the README / AppStream screenshots of the real window.

    python packaging/screenshots.py [OUT_DIR]          (default: packaging/screenshots)

Runs on any Qt platform (offscreen, or a real display such as Xvfb). Writes empty-state.png,
library.png (the sample with a paper selected), window-1024x700.png and window-1600x1000.png
(the same at a small and a large screen's size), column-chooser.png (the list header's
context menu), search.png (a search with highlighted matches), shortcuts.png (the keyboard
sheet), detail-tex.png (a paper whose abstract has TeX, shown as Unicode, with its authors
expanded), tag-menu.png (a tag's context menu in the filter pane), preferences.png (the
Preferences dialog over the window at 1024×700) and categories.png (the filter pane's
Categories section with a category chosen, the Categories column shown and a paper's
metadata in the detail pane). The settings go to a throwaway file.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.core.library import Library
from reader.core.model import Filter, FilterKind, State
from reader.paths import APP_ID, sample_digest

SIZE = (1280, 800)
TEX_DAY = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "hf-api-tex.json"


def wait_until(predicate: Callable[[], bool], timeout_ms: int = 15000) -> None:
    waited = 0
    while not predicate():
        QTest.qWait(20)
        waited += 20
        if waited > timeout_ms:
            raise TimeoutError("the window did not settle")


def window_sizes(w, shot: Callable[[object, str], None]) -> None:  # noqa: ANN001
    """window-1024x700.png and window-1600x1000.png: the window with a paper selected on a small
    screen (the filters collapse, the list stays readable) and a large one (all three panes)."""
    for width, height in ((1024, 700), (1600, 1000)):
        w.resize(width, height)
        wait_until(lambda width=width, height=height: w.width() == width and w.height() == height
                   and w.is_idle())
        shot(w, f"window-{width}x{height}.png")
    w.resize(*SIZE)
    wait_until(lambda: w.width() == SIZE[0] and w.is_idle())


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
    column_chooser(w, out / "column-chooser.png")
    window_sizes(w, shot)

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
    tag_menu(w, lib, out / "tag-menu.png")
    preferences(w, out)
    w.close()
    lib.close()

    detail_tex(work, window, shot)
    categories(work, window, shot)
    return 0


#: (words in the title or abstract, categories primary first): the categories the sample's
#: papers get for the picture (the bundled page carries none; arXiv listings and feeds do).
CATEGORY_RULES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("robot", "embodied", "manipulation"), ("cs.RO", "cs.AI")),
    (("speech", "audio", "music"), ("eess.AS", "cs.SD", "cs.CL")),
    (("image", "video", "vision", "visual", "3d", "pixel"), ("cs.CV",)),
    (("diffusion", "generation"), ("cs.CV", "cs.LG")),
    (("language model", "llm", "text", "reasoning", "translation"), ("cs.CL", "cs.AI")),
    (("reinforcement", "agent"), ("cs.LG", "cs.AI")),
    ((), ("cs.LG", "stat.ML")),
)


def _categories_for(text: str) -> tuple[str, ...]:
    low = text.lower()
    return next(cats for words, cats in CATEGORY_RULES if not words or any(w in low for w in words))


def categories(work: Path, window: Callable[[Library], Any], shot: Callable[[Any, str], None]) -> None:
    """categories.png: the sample with the metadata an arXiv listing carries (categories by the
    papers' subjects; for one paper also a version, comments, a DOI of Crossref's example
    prefix 10.5555, GitHub stars and a project page), the cs.CV category chosen in the filter
    pane, the Categories column shown and that paper's metadata in the detail pane."""
    import hashlib

    from reader.core.model import PaperMeta, ParsedDigest, ParsedPaper
    from reader.ui.paper_columns import Column

    lib = Library.open(work / "categories")
    lib.import_files([sample_digest()], as_of=dt.date(2026, 11, 26))
    papers = [p for p in (lib.get(r.id) for r in lib.query("", None, None, 0, 100).rows) if p is not None]
    chosen = next((p for p in papers if p.title.startswith("SLAB")), papers[0])
    parsed = []
    for p in papers:  # matched to the library's papers by title (the page carries no arXiv ids)
        cats = _categories_for(f"{p.title} {p.abstract}")
        meta = PaperMeta(categories=cats)
        if p.id == chosen.id:
            cats = ("cs.CV", "cs.LG", "cs.AI")
            meta = PaperMeta(categories=cats, comments="Accepted to ICML 2024; 16 pages, 7 figures",
                             doi="10.5555/icml.2024.slab", version=2, revised=dt.date(2024, 6, 3),
                             featured_on=dt.date(2024, 5, 21), github_stars=212,
                             project_page="https://github.com/xinghaochen/SLAB")
        parsed.append(ParsedPaper(title=p.title, arxiv_id=p.arxiv_id, authors=p.authors, meta=meta))
    digest = ParsedDigest(format="arxiv-feed", papers=parsed, digest_date=dt.date(2024, 5, 21))
    lib.store.store_digest(digest, "arxiv-listing.xml", hashlib.sha256(b"categories").hexdigest())
    lib.sync_index()
    w = window(lib)
    w.resize(1600, 1000)
    flt = Filter(FilterKind.CATEGORY, "cs.CV")
    wait_until(lambda: w.is_idle() and w.filter_pane.item_for(flt) is not None)
    w.view.horizontalHeader().setSectionHidden(Column.CATEGORIES, False)
    w.go(flt)
    wait_until(lambda: w.is_idle() and w.spec.filter == flt)
    row = w.model.row_of(chosen.id)
    if row is not None:
        w.move_current(row - max(0, w.view.currentIndex().row()))
    wait_until(lambda: w.is_idle() and w.detail.paper is not None and w.detail.paper.id == chosen.id)
    shot(w, "categories.png")
    w.view.reset_columns()
    w.close()
    lib.close()


def detail_tex(work: Path, window: Callable[[Library], Any], shot: Callable[[Any, str], None]) -> None:
    """detail-tex.png: TeX in the title and abstract shown as Unicode, all authors shown."""
    lib = Library.open(work / "tex")
    lib.import_files([TEX_DAY], as_of=dt.date(2026, 11, 26))
    w = window(lib)
    w.go(w.filter_pane.filter_for("all"))
    wait_until(w.is_idle)
    target = next(r.id for r in lib.query("", None, None, 0, 10).rows if "\\" in r.title)
    row = w.model.row_of(target)
    if row is not None:
        w.move_current(row - max(0, w.view.currentIndex().row()))
    wait_until(lambda: w.is_idle() and w.detail.paper is not None and w.detail.paper.id == target)
    w.detail.authors.linkActivated.emit("more")  # what a click on "and 8 more" does
    shot(w, "detail-tex.png")
    w.close()
    lib.close()


def tag_menu(w, lib: Library, path: Path) -> None:  # noqa: ANN001
    """The window with the context menu of the tag "rl" open (the menu is a window of its own:
    it is painted onto the window's picture where it opened)."""
    rows = lib.query("", None, None, 0, 100).rows
    lib.add_tags([r.id for r in rows[20:24]], ["rl"])
    lib.add_tags([r.id for r in rows[2:6]], ["reading group"])
    w.search_box.clear()
    w.refresh()
    pane = w.filter_pane
    wait_until(lambda: w.is_idle() and pane.item_for(Filter(FilterKind.TAG, "reading group")) is not None)
    item = pane.item_for(Filter(FilterKind.TAG, "rl"))
    assert item is not None
    pane.setCurrentItem(item)
    wait_until(w.is_idle)
    pos = pane.visualItemRect(item).center()
    menu = pane.context_menu(item)
    menu_shot(w, menu, pane.viewport().mapToGlobal(pos), path)


def column_chooser(w, path: Path) -> None:  # noqa: ANN001
    """The header's column chooser open over the list, with Tags and Authors shown (the menu
    is its own top-level window: drawn onto the window's picture where it opened)."""
    from PySide6.QtCore import QPoint

    from reader.ui.paper_columns import Column

    header = w.view.horizontalHeader()
    for col in (Column.TAGS, Column.AUTHORS):
        header.setSectionHidden(col, False)
    wait_until(w.is_idle)
    menu = w.view.column_menu()
    at = header.mapToGlobal(QPoint(header.sectionViewportPosition(Column.TITLE) + 40, header.height() // 2))
    menu_shot(w, menu, at, path)
    w.view.reset_columns()


def menu_shot(w, menu, at, path: Path) -> None:  # noqa: ANN001
    """Open ``menu`` at ``at`` and save the window with the menu drawn where it opened (a menu
    is a top-level window of its own: the window's picture does not contain it)."""
    menu.popup(at)
    wait_until(menu.isVisible)
    QTest.qWait(200)
    picture = w.grab()
    painter = QPainter(picture)
    painter.drawPixmap(w.mapFromGlobal(menu.pos()), menu.grab())
    painter.end()
    picture.save(str(path))
    menu.close()
    print(path)


if __name__ == "__main__":
    sys.exit(main())
