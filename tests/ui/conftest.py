"""Window test helpers: a MainWindow on a fresh library, with its own settings file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from reader.core.library import Library  # noqa: E402

# The offscreen platform plugin warns whenever a top-level widget's size hints change, and when
# Qt's own completer popup raises itself / grabs the keyboard: platform noise, not a problem of
# the window (worth a qt_log_ignore in pyproject).
OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items) -> None:  # noqa: ANN001
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


def wait_idle(qtbot, window, timeout: int = 10000) -> None:  # noqa: ANN001
    """Until every queued write, the refresh it triggers and the list query have landed."""
    qtbot.waitUntil(window.is_idle, timeout=timeout)


@pytest.fixture
def idle(qtbot):  # noqa: ANN001, ANN201
    """``idle(window)`` waits until the window has no work in flight."""
    return lambda window, timeout=10000: wait_idle(qtbot, window, timeout)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_window(qtbot, library: Library, settings: QSettings):  # noqa: ANN001, ANN201
    from reader.ui.main_window import MainWindow

    w = MainWindow(library, settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    wait_idle(qtbot, w)
    return w


@pytest.fixture
def window_for(qtbot, settings: QSettings):  # noqa: ANN001, ANN201
    """``window_for(library)``: a shown MainWindow on that library (closed by the test)."""
    return lambda library: make_window(qtbot, library, settings)


@pytest.fixture
def window(qtbot, sample_library: Library, settings: QSettings) -> Iterator:  # noqa: ANN001
    w = make_window(qtbot, sample_library, settings)
    yield w
    w.close()


@pytest.fixture
def empty_window(qtbot, library: Library, settings: QSettings) -> Iterator:  # noqa: ANN001
    w = make_window(qtbot, library, settings)
    yield w
    w.close()


@pytest.fixture
def pane(qtbot):  # noqa: ANN001, ANN201
    """A shown :class:`DetailPane` on its own (600×700), active."""
    from reader.ui.detail import DetailPane

    p = DetailPane()
    qtbot.addWidget(p)
    p.resize(600, 700)
    p.show()
    qtbot.waitExposed(p)
    p.activateWindow()
    return p
