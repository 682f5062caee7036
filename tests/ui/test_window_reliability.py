"""Issue 6 in the window: notes survive a kill, closing during an import, look-alike hosts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from testutil import AS_OF, SAMPLE

from reader.core.library import Library

TYPIST = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from reader.core.library import Library
from reader.ui.main_window import MainWindow

app = QApplication([])
lib = Library.open(sys.argv[1])
window = MainWindow(lib, settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()

def type_note():
    if window.current_id() is None:
        QTimer.singleShot(100, type_note)
        return
    window.detail.notes_editor.setFocus()
    QTest.keyClicks(window.detail.notes_editor, sys.argv[3])
    print("typed", window.current_id(), flush=True)

QTimer.singleShot(300, type_note)
app.exec()
"""


@pytest.mark.parametrize("trial", range(3))
def test_note_typed_then_process_killed_a_second_later_is_kept(tmp_path: Path, trial: int) -> None:
    root = tmp_path / "lib"
    with Library.open(root) as lib:
        lib.import_files([SAMPLE], as_of=AS_OF)
    text = f"Never lose this note, trial {trial}: **PRepBN** vs LayerNorm"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(root), str(tmp_path / "settings.ini"), text],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("typed "), proc.stderr.read() if proc.stderr else line
        paper_id = int(line.split()[1])
        time.sleep(1.0 + 0.1 * trial)  # the bar: killed >= 1 s after typing
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with Library.open(root) as lib:
        paper = lib.get(paper_id)
        assert paper is not None and paper.note == text
        assert lib.check().ok


def test_closing_the_window_during_an_import_leaves_whole_files(qtbot, window_for, tmp_path,  # noqa: ANN001
                                                                monkeypatch) -> None:  # noqa: ANN001
    # a commit after every file, so the window closes while the import is still going
    monkeypatch.setattr("reader.core.store.store.WriteBatch.COMMIT_SECONDS", 0.0)
    root = tmp_path / "lib"
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        body = "".join(
            f"Paper {i} number {j} on closing windows\n\nAbstract {i}-{j}. It is complete.\n\n"
            f"  • 2 authors\n·\nDec {1 + j % 28}, 2025 {j}\n\n" for j in range(40)
        )
        (folder / f"d{i:02}.txt").write_text("Daily Papers\n\nDec 30\n\n" + body, encoding="utf-8")
    lib = Library.open(root)
    w = window_for(lib)
    job = w.import_paths([folder], preview=False)
    assert job is not None
    qtbot.waitUntil(lambda: lib.store.stats()["digests"] >= 1, timeout=20000)
    w.close()  # cancels the import between files and waits for the file in progress
    lib.close()
    with Library.open(root) as again:
        digests = again.digests()
        counts = again.counts()
        assert 1 <= len(digests) <= 40
        for d in digests:
            assert d.entry_count == 40
            assert counts[f"digest:{d.id}"] == 40  # every file whole, none half-written
        assert counts["all"] == 40 * len(digests)
        assert again.check().ok


def test_look_alike_host_is_shown_in_punycode(qtbot, window_for, tmp_path) -> None:  # noqa: ANN001
    page = tmp_path / "lookalike.txt"
    page.write_text(
        "Daily Papers\n\nLook-alike Links\n\nCode at https://gіthub.com/evil/repo and "
        "https://github.com/good/repo.\n\n  • 1 author\n·\nJan 2, 2025\n",
        encoding="utf-8",
    )
    lib = Library.open(tmp_path / "lib")
    lib.import_files([page], as_of=AS_OF)
    w = window_for(lib)
    qtbot.waitUntil(lambda: w.current_id() is not None and w.detail.paper is not None, timeout=10000)
    from PySide6.QtWidgets import QPushButton

    def texts() -> list[str]:
        return [b.text() for b in w.detail.findChildren(QPushButton) if b.objectName().startswith("link-")]

    qtbot.waitUntil(lambda: len(texts()) >= 2, timeout=5000)
    assert any("xn--gthub-" in t for t in texts()), texts()  # the Cyrillic "і" is not hidden
    assert any("github.com" in t and "good/repo" in t for t in texts()), texts()
    assert not any("gіthub" in t for t in texts())
    w.close()
    lib.close()
