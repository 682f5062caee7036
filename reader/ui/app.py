"""Starting the window: ``run_app`` (called by ``digest-reader``, ``gui`` and ``--demo``)."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from reader import __version__
from reader.core.library import Library, LibraryError, LibraryLocked
from reader.paths import APP_ID, sample_digest
from reader.ui.icons import app_icon
from reader.ui.single_instance import InstanceServer, send_to_running

SCREENSHOT_SIZE = (1280, 800)


def _application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setApplicationName("Digest Reader")
    QApplication.setOrganizationName("digest-reader")
    QApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())
    return app


def _no_fork_from_threads() -> None:
    """The search index's bulk writer starts worker processes; a process running Qt threads
    must not fork them (a child can inherit a lock another thread held), so the window starts
    them from a clean fork server instead."""
    import multiprocessing

    if sys.platform.startswith("linux") and multiprocessing.get_start_method(allow_none=True) is None:
        multiprocessing.set_start_method("forkserver")


def run_app(root: Path | None, paths: list[str], demo: bool, screenshot: str | None) -> int:
    """Open the window on the library at ``root`` (a throwaway one preloaded with the sample
    when ``demo``), import ``paths`` into it, and run until the window closes. With
    ``screenshot`` the window is saved as a PNG once the first list page is shown; exit 0."""
    _no_fork_from_threads()
    app = _application()
    temp_dir: str | None = None
    if demo or root is None:
        temp_dir = tempfile.mkdtemp(prefix="digest-reader-demo-")
        root = Path(temp_dir) / "library"
    root = Path(root).expanduser()
    server: InstanceServer | None = None
    shot_dir: str | None = None
    try:
        if temp_dir is None and screenshot is None and send_to_running(root, paths):
            print(f"digest-reader: handed {len(paths)} path(s) to the running window", file=sys.stderr)
            return 0
        try:
            # The window brings the search index up to date in the background (not here).
            library = Library.open(root, catch_up=False)
        except LibraryLocked as exc:
            if send_to_running(root, paths, timeout_ms=2000):
                return 0
            _error(str(exc) + ".\nClose the other window (or use another --library) and try again.")
            return 1
        except LibraryError as exc:
            _error(str(exc))
            return 1
        try:
            if demo:  # preloaded: a small file, imported before the window shows
                library.import_files([sample_digest()], as_of=dt.date.today())
            from reader.ui.main_window import MainWindow
            from reader.ui.settings import default_settings

            if screenshot:  # a reproducible picture: neither read nor write the user's layout
                shot_dir = tempfile.mkdtemp(prefix="digest-reader-shot-")
                settings = QSettings(str(Path(shot_dir) / "settings.ini"), QSettings.Format.IniFormat)
            else:
                settings = default_settings()
            window = MainWindow(library, settings=settings, demo=temp_dir is not None)
            if screenshot:
                window.resize(*SCREENSHOT_SIZE)
            if temp_dir is None and screenshot is None:
                server = InstanceServer(root, window)
                server.pathsReceived.connect(lambda p: _received(window, p))
                server.listen()
            app.aboutToQuit.connect(window.flush)  # a note being typed is saved on any quit
            window.show()
            if paths:
                window.import_paths(paths)  # its indexing job also catches up the index
            elif library.index_pending():
                window.start_indexing()
            if screenshot:
                _arm_screenshot(window, screenshot, bool(paths))
            code = app.exec()
            return 0 if screenshot else int(code)
        finally:
            library.close()
    finally:
        if server is not None:
            server.server.close()
        for folder in (temp_dir, shot_dir):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def _received(window: object, paths: list[str]) -> None:
    from reader.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.showNormal()
    window.raise_()
    window.activateWindow()
    if paths:
        window.import_paths(paths)


def _arm_screenshot(window: object, path: str, wait_for_import: bool) -> None:
    from reader.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    state = {"imported": not wait_for_import, "done": False}

    def shoot() -> None:
        if state["done"]:
            return
        state["done"] = True
        window.grab().save(path)
        print(f"digest-reader: saved {path}", file=sys.stderr)
        window.close()
        QApplication.instance().quit()  # type: ignore[union-attr]

    def maybe() -> None:
        if state["imported"] and window.loaded_once and window.is_idle():
            QTimer.singleShot(250, shoot)
        else:
            QTimer.singleShot(50, maybe)

    def imported(_report: object) -> None:
        state["imported"] = True

    window.importFinished.connect(imported)
    QTimer.singleShot(50, maybe)
    QTimer.singleShot(30000, shoot)  # never hang


def _error(message: str) -> None:
    print(f"digest-reader: error: {message}", file=sys.stderr)
    if QGuiApplication.platformName() not in ("offscreen", "minimal"):
        QMessageBox.critical(None, "Digest Reader", message)
