"""Import from the window: the file and folder dialogs (every file listed, the last folder
remembered, a readable size), "Checking…" while the preview is built, the empty-state card
disabled meanwhile, and an empty-state text that says what an import does to a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget
from testutil import AS_OF, HF_API, SAMPLE

import reader.ui.controllers.import_controller as import_mod
from reader.ui.actions import ACTIONS, Action
from reader.ui.controllers.import_controller import ALL_FILES, LAST_DIR_KEY, make_import_dialog


@pytest.fixture
def parent(qtbot) -> QWidget:  # noqa: ANN001
    w = QWidget()
    qtbot.addWidget(w)
    return w


def test_the_files_dialog_lists_every_file_and_opens_where_asked(parent: QWidget, tmp_path: Path) -> None:
    parent.resize(1600, 1000)
    dialog = make_import_dialog(parent, str(tmp_path))
    assert dialog.fileMode() is QFileDialog.FileMode.ExistingFiles
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.selectedNameFilter() == ALL_FILES == dialog.nameFilters()[0]
    assert Path(dialog.directory().absolutePath()) == tmp_path
    assert (dialog.width(), dialog.height()) == (1120, 700)  # 70 % of the window
    assert dialog.acceptMode() is QFileDialog.AcceptMode.AcceptOpen


def test_the_folder_dialog_picks_a_folder_and_is_never_tiny(parent: QWidget, tmp_path: Path) -> None:
    parent.resize(640, 480)
    dialog = make_import_dialog(parent, str(tmp_path), folders=True)
    assert dialog.fileMode() is QFileDialog.FileMode.Directory
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert (dialog.width(), dialog.height()) == (900, 600)
    assert Path(dialog.directory().absolutePath()) == tmp_path


def test_import_folder_is_an_action_of_the_file_menu() -> None:
    spec = ACTIONS[Action.IMPORT_FOLDER]
    assert spec.menu == "File" and spec.keys == ("Ctrl+Shift+O",)


def test_the_dialog_remembers_the_last_folder(qtbot, empty_window, settings, tmp_path, idle) -> None:  # noqa: ANN001
    w = empty_window
    ctrl = w.imports
    assert ctrl.last_dir() == str(Path.home())  # nothing remembered yet
    settings.setValue(LAST_DIR_KEY, str(tmp_path / "gone"))
    assert ctrl.last_dir() == str(Path.home())  # a folder that no longer exists is not used
    days = tmp_path / "days"
    days.mkdir()
    shutil.copy(SAMPLE, days / "page.txt")
    settings.setValue(LAST_DIR_KEY, str(days))
    w.trigger(Action.IMPORT)
    dialog = ctrl.file_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert Path(dialog.directory().absolutePath()) == days
    assert dialog.selectedNameFilter() == ALL_FILES
    dialog.selectFile(str(days / "page.txt"))
    with qtbot.waitSignal(w.importFinished, timeout=20000) as blocker:
        dialog.accept()
    assert blocker.args[0].new == 38
    assert settings.value(LAST_DIR_KEY) == str(days)
    idle(w)


def test_a_folder_import_remembers_the_folder_that_holds_it(qtbot, empty_window, settings, tmp_path,  # noqa: ANN001
                                                           idle, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(import_mod, "PREVIEW_MIN_PAPERS", 10_000)  # import without a preview
    w = empty_window
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "page.txt")
    shutil.copy(HF_API / "2024-07-10.json", folder / "day.json")
    settings.setValue(LAST_DIR_KEY, str(tmp_path))
    w.trigger(Action.IMPORT_FOLDER)
    dialog = w.imports.file_dialog
    assert dialog is not None and dialog.fileMode() is QFileDialog.FileMode.Directory
    with qtbot.waitSignal(w.importFinished, timeout=30000) as blocker:
        dialog.filesSelected.emit([str(folder)])  # what accepting a chosen folder emits
    assert len(blocker.args[0].files) == 2
    assert settings.value(LAST_DIR_KEY) == str(tmp_path)
    dialog.close()
    idle(w)


def test_the_preview_says_checking_and_the_empty_card_waits(qtbot, empty_window, tmp_path,  # noqa: ANN001
                                                           monkeypatch) -> None:  # noqa: ANN001
    w = empty_window
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "page.txt")
    shutil.copy(HF_API / "2024-07-10.json", folder / "day.json")
    messages: list[str] = []
    real = w.status.set_progress

    def recording(done: int, total: int, message: str) -> None:
        messages.append(message)
        real(done, total, message)

    monkeypatch.setattr(w.status, "set_progress", recording)
    assert w.empty_state.isVisible() and w.empty_state.frame.isEnabled()
    w.import_paths([folder], as_of=AS_OF, preview=True)
    assert w.progress_label.text() == "Checking files…"
    assert not w.empty_state.frame.isEnabled() and not w.empty_state.import_button.isEnabled()
    assert w.empty_state.busy_label.isVisibleTo(w.empty_state)
    qtbot.waitUntil(lambda: w.preview_dialog is not None and w.preview_dialog.isVisible(), timeout=20000)
    assert messages and all(m.startswith("Checking") or m == "Checked" for m in messages)
    assert not any("Importing" in m for m in messages)
    assert w.empty_state.frame.isEnabled() and not w.empty_state.busy_label.isVisibleTo(w.empty_state)
    w.preview_dialog.reject()


def test_the_empty_state_says_files_are_read_not_copied(empty_window) -> None:  # noqa: ANN001
    text = empty_window.empty_state.text.text()
    assert "copied into your library" not in text
    assert "reads each file and stores its papers in your library's database" in text
    assert "not copied, moved or changed, and is not needed afterwards" in text


def test_checking_words() -> None:
    assert import_mod._checking("Importing page.txt") == "Checking page.txt…"
    assert import_mod._checking("Imported") == "Checked"
    assert import_mod._checking("") == ""
