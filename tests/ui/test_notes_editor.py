"""NotesEditor on its own: the "never lose a note" rule without a window or a library.

The editor writes nothing itself; every test watches what it asks for (``saveRequested``,
``restoreRequested``) the way the window would.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from reader.core.model import NoteRevision
from reader.ui.notes_editor import NotesEditor

WRITTEN = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def editor(qtbot) -> NotesEditor:  # noqa: ANN001
    ed = NotesEditor()
    qtbot.addWidget(ed)
    ed.resize(500, 300)
    ed.show()
    qtbot.waitExposed(ed)
    ed.activateWindow()
    return ed


def saves(editor: NotesEditor) -> list[tuple[int, str, str]]:
    """Record every save the editor asks for."""
    out: list[tuple[int, str, str]] = []
    editor.saveRequested.connect(lambda pid, body, visit: out.append((pid, body, visit)))
    return out


def type_text(qtbot, editor: NotesEditor, text: str) -> None:  # noqa: ANN001
    editor.text_edit.setFocus()
    editor.text_edit.moveCursor(editor.text_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.text_edit, text)


def test_showing_a_note_is_not_an_edit(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    asked = saves(editor)
    editor.show_note(1, "what was there")
    assert editor.text_edit.toPlainText() == "what was there"
    assert editor.paper_id == 1 and not editor.is_dirty()
    editor.flush()
    assert asked == []


def test_autosave_fires_after_the_delay_once_for_a_burst_of_typing(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    editor.show_note(7, "")
    asked = saves(editor)
    type_text(qtbot, editor, "first")
    assert asked == []  # not on every keystroke
    assert editor.status.text() == "Editing…"
    with qtbot.waitSignal(editor.saveRequested, timeout=NotesEditor.AUTOSAVE_MS * 6) as blocker:
        pass
    assert blocker.args[:2] == [7, "first"]
    assert len(asked) == 1
    assert editor.status.text() == "Saved" and not editor.is_dirty()
    assert NotesEditor.AUTOSAVE_MS < 1000  # the "never lost" bar is one second


def test_autosaves_of_one_visit_share_it_and_a_new_note_starts_another(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    editor.show_note(1, "")
    asked = saves(editor)
    for word in ("one", " two"):
        type_text(qtbot, editor, word)
        with qtbot.waitSignal(editor.saveRequested, timeout=NotesEditor.AUTOSAVE_MS * 6):
            pass
    assert [body for _, body, _ in asked] == ["one", "one two"]
    assert asked[0][2] == asked[1][2] != ""
    editor.show_note(2, "")
    type_text(qtbot, editor, "other")
    editor.flush()
    assert asked[-1][:2] == (2, "other") and asked[-1][2] != asked[0][2]


def test_flush_saves_at_once_and_the_timer_does_not_save_again(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    editor.show_note(3, "old")
    asked = saves(editor)
    type_text(qtbot, editor, " and new")
    editor.flush()  # what the window does on close and quit, and the pane on a paper switch
    assert [(pid, body) for pid, body, _ in asked] == [(3, "old and new")]
    with qtbot.assertNotEmitted(editor.saveRequested, wait=NotesEditor.AUTOSAVE_MS * 2):
        pass


def test_focus_out_saves(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    editor.show_note(4, "")
    asked = saves(editor)
    type_text(qtbot, editor, "typed")
    qtbot.waitUntil(editor.text_edit.hasFocus)
    editor.text_edit.clearFocus()
    assert [(pid, body) for pid, body, _ in asked] == [(4, "typed")]


def test_an_unchanged_note_is_not_written(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    editor.show_note(5, "same")
    asked = saves(editor)
    type_text(qtbot, editor, "x")
    qtbot.keyClick(editor.text_edit, Qt.Key.Key_Backspace)  # back to what was loaded
    assert editor.text_edit.toPlainText() == "same" and not editor.is_dirty()
    with qtbot.assertNotEmitted(editor.saveRequested, wait=NotesEditor.AUTOSAVE_MS * 2):
        pass
    editor.flush()
    assert asked == []


def test_leaving_saves_then_edits_nothing(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    editor.show_note(6, "")
    asked = saves(editor)
    type_text(qtbot, editor, "kept")
    editor.leave()
    assert [(pid, body) for pid, body, _ in asked] == [(6, "kept")]
    assert editor.paper_id is None
    type_text(qtbot, editor, " ignored")  # hidden behind the pane's placeholder: no paper to save to
    editor.flush()
    assert len(asked) == 1


def test_preview_toggling_keeps_the_text_and_saves_first(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    editor.show_note(8, "")
    asked = saves(editor)
    toggles: list[bool] = []
    editor.previewToggled.connect(toggles.append)
    type_text(qtbot, editor, "# Heading <b>x</b>")
    editor.set_preview(True)
    assert editor.is_previewing() and editor.stack.currentWidget() is editor.preview
    assert [(pid, body) for pid, body, _ in asked] == [(8, "# Heading <b>x</b>")]
    html = editor.preview.toHtml()
    assert "Heading" in html and "<b>x</b>" not in html
    editor.set_preview(False)
    assert not editor.is_previewing() and editor.stack.currentWidget() is editor.text_edit
    assert editor.text_edit.toPlainText() == "# Heading <b>x</b>"
    assert toggles == [True, False]
    assert len(asked) == 1  # nothing changed: no second write


def test_focus_editor_leaves_the_preview(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    editor.show_note(9, "text")
    editor.set_preview(True)
    editor.focus_editor()
    assert not editor.is_previewing()
    qtbot.waitUntil(editor.has_focus)


def test_history_lists_the_revisions_and_restoring_asks_for_one(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    revisions = [NoteRevision(2, "second draft", WRITTEN + dt.timedelta(hours=1), WRITTEN),
                 NoteRevision(1, "first draft", WRITTEN, None)]
    asked_for: list[int] = []

    def provider(pid: int) -> list[NoteRevision]:
        asked_for.append(pid)
        return revisions

    editor.set_revisions_provider(provider)
    editor.show_note(10, "current")
    restores: list[tuple[int, str]] = []
    editor.restoreRequested.connect(lambda pid, body: restores.append((pid, body)))
    editor.set_preview(True)
    editor.history_menu.aboutToShow.emit()  # filled exactly as when the user opens it
    actions = editor.history_menu.actions()
    assert asked_for == [10]
    assert [a.text().split(" — ", 1)[1] for a in actions] == ["second draft", "first draft"]
    assert actions[1].text().startswith("before ")  # kept before schema 4: only "replaced" is known
    actions[1].trigger()
    assert restores == [(10, "first draft")]
    assert not editor.is_previewing()  # the restored text will show in the editor


def test_restoring_saves_what_is_being_typed_first(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    editor.show_note(11, "")
    order: list[str] = []
    editor.saveRequested.connect(lambda pid, body, visit: order.append(f"save {body}"))
    editor.restoreRequested.connect(lambda pid, body: order.append(f"restore {body}"))
    type_text(qtbot, editor, "unsaved")
    editor.restore("earlier")
    assert order == ["save unsaved", "restore earlier"]


def test_no_history_says_so(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    editor.set_revisions_provider(lambda pid: [])
    editor.show_note(12, "")
    editor.history_menu.aboutToShow.emit()
    [only] = editor.history_menu.actions()
    assert only.text() == "No earlier versions" and not only.isEnabled()


def test_a_replaced_note_is_shown_as_one_undoable_edit_and_starts_a_visit(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    editor.show_note(13, "mine")
    asked = saves(editor)
    type_text(qtbot, editor, "!")
    editor.flush()
    first_visit = asked[-1][2]
    editor.note_replaced(13, "restored", "Earlier version restored")
    assert editor.text_edit.toPlainText() == "restored"
    assert editor.status.text() == "Earlier version restored"
    assert len(asked) == 1  # showing it is not an edit of the user's
    editor.text_edit.undo()  # the editor's own undo takes it back: a new edit, saved
    assert editor.text_edit.toPlainText() == "mine!"
    editor.flush()
    assert asked[-1][:2] == (13, "mine!") and asked[-1][2] != first_visit


def test_a_replacement_never_overwrites_unsaved_typing_or_another_paper(qtbot, editor: NotesEditor) -> None:  # noqa: ANN001
    editor.show_note(14, "base")
    type_text(qtbot, editor, " typing")
    editor.note_replaced(14, "from the undo stack", "Restore undone")
    assert editor.text_edit.toPlainText() == "base typing"  # saved next instead
    editor.flush()
    editor.note_replaced(99, "another paper's", "Restore undone")
    assert editor.text_edit.toPlainText() == "base typing"


def test_drop_targets_are_the_editor_and_the_preview(editor: NotesEditor) -> None:
    targets = editor.drop_targets()
    assert editor.text_edit in targets
    assert editor.text_edit.viewport() in targets and editor.preview.viewport() in targets
