"""Preferences (Ctrl+,): key rebinding that takes effect and survives a restart, conflicts named,
text size, default sort, autosave delay, the bulk-triage question, a bad settings file."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QTextBrowser

from reader.core.library import Library
from reader.core.model import Filter, FilterKind, Sort, SortKey, State
from reader.ui.actions import Action
from reader.ui.main_window import MainWindow
from reader.ui.notes_editor import NotesEditor
from reader.ui.paper_columns import Column
from reader.ui.preferences import SORT_CHOICES, KeymapModel, PreferencesDialog
from reader.ui.user_prefs import Prefs, UserPrefs


def open_prefs(qtbot, window: MainWindow) -> PreferencesDialog:  # noqa: ANN001
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # Ctrl+,
    dialog = window.state.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def starred(library: Library, pid: int) -> bool:
    paper = library.get(pid)
    assert paper is not None
    return paper.starred


def titles(window: MainWindow) -> list[str]:
    return [window.model.index(r, Column.TITLE).data() for r in range(window.model.rowCount())]


def test_the_key_table_is_a_sound_model(qtmodeltester) -> None:  # noqa: ANN001
    model = KeymapModel({Action.STAR: ("W",)})
    qtmodeltester.check(model)
    row = model.rows.index(Action.STAR)
    assert model.index(row, 1).data() == "s" and model.index(row, 2).data() == "w"


def test_a_rebinding_takes_effect_and_survives_a_restart(qtbot, sample_library, window_for, idle) -> None:  # noqa: ANN001
    w = window_for(sample_library)
    dialog = open_prefs(qtbot, w)
    dialog.select_action(Action.STAR)
    dialog.key_edit.setKeySequence(QKeySequence("W"))
    qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    assert dialog.key_error.text() == ""
    star = w.actions_by_id[Action.STAR]
    assert [k.toString() for k in star.shortcuts()] == ["W"]  # live, before OK
    dialog.accept()
    assert "(W)" in star.toolTip()
    pid = w.current_id()
    assert pid is not None and not starred(sample_library, pid)
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_W)
    idle(w)
    assert starred(sample_library, pid)
    qtbot.keyClick(w.view, Qt.Key.Key_S)  # the old key does nothing now
    idle(w)
    assert starred(sample_library, pid)
    w.show_shortcuts()
    assert w.shortcut_sheet is not None
    sheet = w.shortcut_sheet.findChild(QTextBrowser)
    assert sheet is not None
    lines = sheet.toPlainText().splitlines()  # a key cell, then its action
    assert lines[lines.index("Star / Unstar") - 1] == "w"
    w.close()

    again = window_for(sample_library)  # a restart: a new window on the same settings file
    star = again.actions_by_id[Action.STAR]
    assert [k.toString() for k in star.shortcuts()] == ["W"]
    again.view.setFocus()
    assert again.current_id() == pid
    qtbot.keyClick(again.view, Qt.Key.Key_W)
    idle(again)
    assert not starred(sample_library, pid)
    again.close()


def test_a_conflict_is_refused_naming_the_action_that_holds_the_key(qtbot, window) -> None:  # noqa: ANN001
    dialog = open_prefs(qtbot, window)
    dialog.select_action(Action.STAR)
    dialog.key_edit.setKeySequence(QKeySequence("D"))
    qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    assert dialog.key_error.text() == "Not changed: D is already used by “Paper ▸ Mark Done” (D)."
    assert not dialog.set_keys(Action.STAR, ("G",))  # a prefix of G, I
    assert "Go ▸ Inbox" in dialog.key_error.text()
    assert dialog.prefs.keys == {}
    assert [k.toString() for k in window.actions_by_id[Action.STAR].shortcuts()] == ["S"]
    assert dialog.set_keys(Action.DONE, ("Ctrl+D",))  # Done gives D up …
    assert dialog.set_keys(Action.STAR, ("D",))  # … and Star may take it
    assert dialog.prefs.keys == {Action.DONE: ("Ctrl+D",), Action.STAR: ("D",)}
    dialog.reject()  # Cancel: everything as before
    assert [k.toString() for k in window.actions_by_id[Action.STAR].shortcuts()] == ["S"]
    assert [k.toString() for k in window.actions_by_id[Action.DONE].shortcuts()] == ["D"]
    assert UserPrefs(window.settings).load().keys == {}


def test_reset_and_reset_all_bring_the_defaults_back(qtbot, window) -> None:  # noqa: ANN001
    dialog = open_prefs(qtbot, window)
    assert dialog.set_keys(Action.STAR, ("W",)) and dialog.set_keys(Action.DISMISS, ())
    assert window.actions_by_id[Action.DISMISS].shortcuts() == []
    dialog.select_action(Action.STAR)
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert dialog.prefs.keys == {Action.DISMISS: ()}
    qtbot.mouseClick(dialog.reset_all_button, Qt.MouseButton.LeftButton)
    assert dialog.prefs.keys == {}
    assert [k.toString() for k in window.actions_by_id[Action.DISMISS].shortcuts()] == ["X"]
    dialog.accept()


def test_text_sizes_apply_live_and_are_kept(qtbot, sample_library, window_for) -> None:  # noqa: ANN001
    w = window_for(sample_library)
    base = w.font().pointSizeF()
    row_height = w.view.verticalHeader().defaultSectionSize()
    date_width = w.view.horizontalHeader().sectionSize(Column.PUBLISHED)
    dialog = open_prefs(qtbot, w)
    dialog.list_zoom.setValue(150)
    dialog.detail_zoom.setValue(120)
    assert w.view.font().pointSizeF() == pytest.approx(base * 1.5)
    assert w.view.verticalHeader().defaultSectionSize() > row_height  # rows grow with the text
    assert w.view.horizontalHeader().sectionSize(Column.PUBLISHED) == round(date_width * 1.5)  # dates fit
    assert w.detail.abstract.font().pointSizeF() == pytest.approx(base * 1.2)
    assert w.detail.notes.text_edit.font().pointSizeF() == pytest.approx(base * 1.2)
    assert w.detail.title.font().pointSizeF() == pytest.approx(base * 1.2 * 1.35)
    assert w.detail.star_button.font().pointSizeF() == pytest.approx(base)  # buttons: unchanged
    dialog.accept()
    w.close()
    again = window_for(sample_library)
    assert again.view.font().pointSizeF() == pytest.approx(base * 1.5)
    assert again.view.horizontalHeader().sectionSize(Column.PUBLISHED) == round(date_width * 1.5)  # once
    again.close()


def test_the_default_sort_applies_to_lists_without_a_chosen_sort(qtbot, sample_library, window_for,  # noqa: ANN001
                                                                  idle) -> None:
    w = window_for(sample_library)
    assert titles(w) != sorted(titles(w))
    dialog = open_prefs(qtbot, w)
    dialog.default_sort.setCurrentIndex([s for _t, s in SORT_CHOICES].index(Sort(SortKey.TITLE, False)))
    dialog.accept()
    idle(w)
    assert w.spec.sort is None  # not a choice of this list: the default
    assert titles(w) == sorted(titles(w), key=str.casefold)
    w.lists.sort_by_column(Column.UPVOTES)  # a chosen sort still wins
    idle(w)
    assert titles(w) != sorted(titles(w), key=str.casefold)
    w.close()
    sample_library.set_state([pid for pid in (1, 2, 3)], State.QUEUED)
    again = window_for(sample_library)  # after a restart; in another list too
    again.go(Filter())
    again.lists.sort_by_column(Column.UPVOTES)
    again.go(Filter.state(State.QUEUED))  # the queue keeps its own order
    idle(again)
    assert again.spec.sort is None and again.model.rowCount() == 3
    again.go(Filter(FilterKind.HAS_CODE))  # the queue dropped the chosen sort: the default again
    idle(again)
    assert again.spec.sort is None and again.model.rowCount() > 2
    assert titles(again) == sorted(titles(again), key=str.casefold)
    again.close()


def test_the_autosave_delay_applies_and_leaving_still_saves_at_once(qtbot, window) -> None:  # noqa: ANN001
    dialog = open_prefs(qtbot, window)
    dialog.autosave.setValue(3000)
    dialog.accept()
    notes = window.detail.notes
    assert notes.autosave_ms == 3000
    assert UserPrefs(window.settings).load().autosave_ms == 3000


def test_a_long_autosave_delay_never_loses_a_note(qtbot) -> None:  # noqa: ANN001
    editor = NotesEditor(autosave_ms=5000)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    asked: list[str] = []
    editor.saveRequested.connect(lambda _pid, body, _visit: asked.append(body))
    editor.show_note(1, "")
    editor.text_edit.setFocus()
    qtbot.keyClicks(editor.text_edit, "typed")
    with qtbot.assertNotEmitted(editor.saveRequested, wait=1200):  # not after 500 ms any more
        pass
    qtbot.waitUntil(editor.text_edit.hasFocus)
    editor.text_edit.clearFocus()  # focus-out saves at once
    assert asked == ["typed"]
    qtbot.keyClicks(editor.text_edit, " more")
    editor.flush()  # what close / quit / switching papers do
    assert asked == ["typed", "typed more"]
    with pytest.raises(ValueError, match="200–5000 ms"):
        editor.set_autosave_ms(100)
    assert editor.autosave_ms == 5000  # unchanged


def test_triaging_many_papers_asks_first(qtbot, window, idle, sample_library) -> None:  # noqa: ANN001
    asked: list[str] = []
    answer = {"yes": False}

    def ask(_parent, _title: str, text: str) -> bool:  # noqa: ANN001
        asked.append(text)
        return answer["yes"]

    window.state.ask = ask
    window.trigger(Action.SELECT_ALL)
    assert len(window.selected_ids()) == 38
    window.trigger(Action.DONE)
    idle(window)
    assert asked and "38 selected papers" in asked[0]
    assert sample_library.counts()["inbox"] == 38  # "No": nothing changed
    answer["yes"] = True
    window.trigger(Action.DONE)
    idle(window)
    assert sample_library.counts()["done"] == 38
    window.trigger(Action.UNDO)
    idle(window)
    window.go(Filter.state(State.INBOX))
    idle(window)
    window.view.selectRow(0)
    asked.clear()
    window.trigger(Action.QUEUE)  # one paper: never asked
    idle(window)
    assert asked == [] and sample_library.counts()["queued"] == 1


def test_the_question_can_be_turned_off_or_raised(qtbot, window, idle, sample_library) -> None:  # noqa: ANN001
    window.state.ask = lambda *_a: pytest.fail("asked although turned off")
    window.state.apply(Prefs(confirm_bulk=False))
    window.trigger(Action.SELECT_ALL)
    window.trigger(Action.DONE)
    idle(window)
    assert sample_library.counts()["done"] == 38
    window.state.apply(Prefs(bulk_threshold=100))
    window.go(Filter.state(State.DONE))
    idle(window)
    window.trigger(Action.SELECT_ALL)
    window.trigger(Action.INBOX)
    idle(window)
    assert sample_library.counts()["inbox"] == 38


def test_the_real_question_defaults_to_no(qtbot, window, idle, sample_library) -> None:  # noqa: ANN001
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        box.defaultButton().click()

    window.trigger(Action.SELECT_ALL)
    QTimer.singleShot(0, answer)
    window.trigger(Action.DISMISS)
    idle(window)
    assert seen and "38" in seen[0]
    assert sample_library.counts()["inbox"] == 38


def test_a_bad_settings_file_is_ignored_with_warnings(qtbot, sample_library, settings: QSettings,  # noqa: ANN001
                                                      window_for, caplog: pytest.LogCaptureFixture) -> None:
    settings.setValue("prefs/keys/no-such-action", '["F5"]')
    settings.setValue("prefs/keys/star", '["Ctrl+Foo"]')
    settings.setValue("prefs/keys/next", "not json [")
    settings.setValue("prefs/keys/previous", '["U"]')
    settings.setValue("prefs/list_zoom", "huge")
    settings.setValue("prefs/autosave_ms", 60000)  # over the limit
    settings.setValue("prefs/default_sort", "relevance")  # needs a search
    with caplog.at_level(logging.WARNING):
        w = window_for(sample_library)
    keys = {a: [k.toString() for k in qa.shortcuts()] for a, qa in w.actions_by_id.items()}
    assert keys[Action.STAR] == ["S"] and keys[Action.NEXT] == ["J"] and keys[Action.PREVIOUS] == ["U"]
    assert w.detail.notes.autosave_ms == NotesEditor.AUTOSAVE_MS
    assert w.lists.default_sort is None
    for bad in ("no-such-action", "Ctrl+Foo", "'next'", "list_zoom", "autosave_ms", "default_sort"):
        assert bad in caplog.text, bad
    w.close()


def test_preferences_is_in_the_edit_menu(window) -> None:  # noqa: ANN001
    qa = window.actions_by_id[Action.PREFERENCES]
    assert qa.shortcut().toString() == "Ctrl+,"
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert qa in edit.actions()
    window.trigger(Action.PREFERENCES)
    dialog = window.state.dialog
    assert isinstance(dialog, QDialog) and dialog.isVisible()
    window.trigger(Action.PREFERENCES)  # a second time: the same dialog
    assert window.state.dialog is dialog
    dialog.reject()


def test_every_preference_round_trips_through_the_settings_file(tmp_path) -> None:  # noqa: ANN001
    path = str(tmp_path / "prefs.ini")
    assert UserPrefs(QSettings(path, QSettings.Format.IniFormat)).load() == Prefs()  # nothing set
    chosen = Prefs(keys={Action.STAR: ("W",), Action.DISMISS: (), Action.GO_ALL: ("G, Z",)},
                   list_zoom=130, detail_zoom=90, default_sort=Sort(SortKey.UPVOTES, True),
                   autosave_ms=1500, confirm_bulk=False, bulk_threshold=50)
    UserPrefs(QSettings(path, QSettings.Format.IniFormat)).save(chosen)
    assert UserPrefs(QSettings(path, QSettings.Format.IniFormat)).load() == chosen
    UserPrefs(QSettings(path, QSettings.Format.IniFormat)).save(Prefs())  # "Reset all" saved
    again = QSettings(path, QSettings.Format.IniFormat)
    assert UserPrefs(again).load() == Prefs()
    assert again.value("prefs/keys/star") is None  # no stale override left behind
