"""Shortcut table, menus, help, settings, single instance and the --screenshot start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from reader import __version__
from reader.core.library import Library
from reader.ui.actions import ACTIONS, Action, ActionSpec, duplicate_bindings, shortcut_sheet_html
from reader.ui.single_instance import InstanceServer, server_name

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "hf-daily-papers-sample.txt"


def test_no_duplicate_shortcut_bindings():
    assert duplicate_bindings() == {}
    # every binding parses
    for spec in ACTIONS.values():
        for key in spec.keys:
            assert not QKeySequence(key).isEmpty(), key


def test_duplicate_checker_catches_clashes():
    table = dict(ACTIONS)
    table[Action.ABOUT] = ActionSpec("About", "Help", ("s",))  # same key as Star, other case
    assert "S" in duplicate_bindings(table)
    table[Action.ABOUT] = ActionSpec("About", "Help", ("G",))  # prefix of G,I
    assert "G" in duplicate_bindings(table)


def test_design_default_keys():
    keys = {a: {QKeySequence(k).toString() for k in s.keys} for a, s in ACTIONS.items()}
    assert keys[Action.NEXT] == {"J"} and keys[Action.PREVIOUS] == {"K"}
    assert keys[Action.STAR] == {"S"} and keys[Action.DISMISS] == {"X"}
    assert keys[Action.OPEN_PAGE] == {"Shift+O"} and keys[Action.OPEN_CODE] == {"O"}
    assert keys[Action.FIND] | keys[Action.FIND_SLASH] == {"Ctrl+F", "/"}
    assert keys[Action.REDO] == {"Ctrl+Shift+Z"} and keys[Action.MOVE_UP] == {"Alt+Up"}


def test_every_menu_action_shows_its_shortcut(window):  # noqa: ANN001
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Go", "Paper", "Help"]
    for action, qa in window.actions_by_id.items():
        assert [s.toString() for s in qa.shortcuts()] == [
            QKeySequence(k).toString() for k in ACTIONS[action].keys]
    # accessible names on the controls
    for name in ("filterPane", "paperList", "searchBox", "detailPane", "notesEditor", "starButton"):
        w = window.findChild(QWidget, name)
        assert w is not None, name
        assert w.accessibleName(), name


def test_shortcut_sheet_from_question_mark(qtbot, window):  # noqa: ANN001
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Question)
    sheet = window.shortcut_sheet
    assert sheet is not None and sheet.isVisible()
    html = shortcut_sheet_html()
    for spec in ACTIONS.values():
        if spec.keys:
            assert spec.text.replace("&", "").replace("…", "") in html
    sheet.close()


def test_about_names_version_and_library(window):  # noqa: ANN001
    text = window.about_text()
    assert __version__ in text and str(window.library.root) in text


def test_layout_is_remembered(qtbot, sample_library, window_for, settings):  # noqa: ANN001
    w = window_for(sample_library)
    w.resize(1280, 800)  # a first start fits the (small, offscreen) screen: make it wide
    qtbot.waitUntil(lambda: w.width() == 1280)
    w.splitter.setSizes([150, 700, 430])
    w.view.horizontalHeader().resizeSection(2, 130)
    sizes = w.splitter.sizes()
    w.close()
    assert settings.value("window/geometry") is not None
    again = window_for(sample_library)
    # the offscreen screen is smaller than the window, so the restored window is narrower (and
    # the filters collapse): at full width the filters pane and the column widths come back exactly
    again.resize(1280, 800)
    qtbot.waitUntil(lambda: again.splitter.sizes()[0] == sizes[0], timeout=3000)
    assert again.view.horizontalHeader().sectionSize(2) == 130
    again.close()


def test_second_instance_hands_over_its_files(qtbot, tmp_path):  # noqa: ANN001
    root = tmp_path / "lib"
    server = InstanceServer(root)
    assert server.listen()
    assert server_name(root) == server_name(tmp_path / "lib" / ".")
    code = ("import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]);"
            "from reader.ui.single_instance import send_to_running;"
            f"sys.exit(0 if send_to_running({str(root)!r}, [{str(SAMPLE)!r}], 5000) else 3)")
    with qtbot.waitSignal(server.pathsReceived, timeout=10000) as blocker:
        proc = subprocess.Popen([sys.executable, "-c", code])
    assert blocker.args[0] == [str(SAMPLE.resolve())]
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10000)
    assert proc.returncode == 0
    server.server.close()


def test_gui_screenshot_command(tmp_path):  # noqa: ANN001
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(tmp_path / "lib"), "gui", str(SAMPLE),
         "--screenshot", str(out)],
        env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.exists() and out.stat().st_size > 10000
    assert SAMPLE.exists()


def test_locked_library_start_exits_1(tmp_path):  # noqa: ANN001
    root = tmp_path / "lib"
    holder = Library.open(root)
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
        proc = subprocess.run([sys.executable, "-m", "reader", "--library", str(root), "gui"],
                              env=env, capture_output=True, text=True, timeout=60)
    finally:
        holder.close()
    assert proc.returncode == 1
    assert "already open" in proc.stderr
