"""A note is never lost in the window (issue 10): clearing, restoring, editing visits, the
window's undo of a restore, and History labels that show when each version was written."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from reader.core.model import NoteRevision
from reader.ui.notes_editor import history_label

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def history(w) -> list[str]:  # noqa: ANN001
    """The History menu's entries, filled exactly as when the user opens it."""
    w.detail.notes.history_menu.aboutToShow.emit()
    return [a.text() for a in w.detail.notes.history_menu.actions()]


def type_and_autosave(qtbot, w, text: str) -> None:  # noqa: ANN001
    """Type ``text`` in the editor and wait until the autosave has written it."""
    lib, pid = w.library, w.detail.paper.id
    w.detail.notes_editor.setFocus()
    qtbot.keyClicks(w.detail.notes_editor, text)
    want = w.detail.notes_editor.toPlainText()
    qtbot.waitUntil(lambda: lib.get(pid).note == want, timeout=3000)


def leave_and_come_back(w, idle) -> None:  # noqa: ANN001
    """Switch to the next paper (ends the visit) and back (starts a new one)."""
    w.move_current(1)
    idle(w)
    w.move_current(-1)
    idle(w)


def test_clear_then_switch_papers_keeps_the_cleared_text(qtbot, window, idle):  # noqa: ANN001
    w = window
    lib = w.library
    pid = w.current_id()
    type_and_autosave(qtbot, w, "text I will clear")
    qtbot.keyClick(w.detail.notes_editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(w.detail.notes_editor, Qt.Key.Key_Delete)
    assert w.detail.notes_editor.toPlainText() == ""
    w.move_current(1)  # switching papers saves the cleared note at once
    idle(w)
    assert lib.get(pid).note == ""
    w.move_current(-1)
    idle(w)
    assert w.detail.notes_editor.toPlainText() == ""
    entries = history(w)
    assert len(entries) == 1 and entries[0].endswith(" — text I will clear")
    assert "No earlier versions" not in entries


def test_restore_keeps_the_current_text_and_ctrl_z_on_the_list_undoes_it(qtbot, window, idle):  # noqa: ANN001
    w = window
    lib = w.library
    pid = w.current_id()
    type_and_autosave(qtbot, w, "old version")
    leave_and_come_back(w, idle)
    qtbot.keyClick(w.detail.notes_editor, Qt.Key.Key_A, CTRL)
    type_and_autosave(qtbot, w, "current version")
    history(w)
    [old] = [a for a in w.detail.notes.history_menu.actions() if a.text().endswith(" — old version")]

    old.trigger()  # restoring asks nothing
    idle(w)
    assert lib.get(pid).note == "old version"
    assert w.detail.notes_editor.toPlainText() == "old version"
    assert [r.body for r in lib.note_revisions(pid)] == ["current version", "old version"]
    assert w.undo_stack.undoText() == "Restore an earlier note"

    w.move_current(1)  # leave the paper: the window's undo brings it back
    idle(w)
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: lib.get(pid).note == "current version", timeout=5000)
    idle(w)
    assert w.current_id() == pid
    assert w.detail.notes_editor.toPlainText() == "current version"
    assert not w.detail.notes_editor.hasFocus()
    # The undo kept the restored text as a revision too.
    assert [r.body for r in lib.note_revisions(pid)] == ["old version", "current version", "old version"]

    qtbot.keyClick(w.view, Qt.Key.Key_Z, CTRL | SHIFT)  # redo
    qtbot.waitUntil(lambda: lib.get(pid).note == "old version", timeout=5000)
    idle(w)
    assert w.detail.notes_editor.toPlainText() == "old version"
    assert [r.body for r in lib.note_revisions(pid)][0] == "current version"


def test_undo_of_a_restore_with_the_paper_still_shown(qtbot, window, idle):  # noqa: ANN001
    """Ctrl+Z with the focus on the list while the paper stays shown: the editor follows, and
    typing afterwards is a new visit that keeps the text the undo put back."""
    w = window
    lib = w.library
    pid = w.current_id()
    type_and_autosave(qtbot, w, "draft one")
    leave_and_come_back(w, idle)
    qtbot.keyClick(w.detail.notes_editor, Qt.Key.Key_A, CTRL)
    type_and_autosave(qtbot, w, "draft two")
    w.detail.restore_note("draft one")
    idle(w)
    assert w.detail.notes_editor.toPlainText() == "draft one"
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: w.detail.notes_editor.toPlainText() == "draft two", timeout=5000)
    idle(w)
    assert lib.get(pid).note == "draft two"
    assert w.detail.notes.status.text() == "Restore undone"
    type_and_autosave(qtbot, w, " and more")
    assert lib.get(pid).note == "draft two and more"
    assert [r.body for r in lib.note_revisions(pid)][:2] == ["draft two", "draft one"]


def test_the_editors_own_undo_after_a_restore_keeps_the_restored_text(qtbot, window, idle):  # noqa: ANN001
    w = window
    lib = w.library
    pid = w.current_id()
    type_and_autosave(qtbot, w, "first")
    leave_and_come_back(w, idle)
    qtbot.keyClick(w.detail.notes_editor, Qt.Key.Key_A, CTRL)
    type_and_autosave(qtbot, w, "second")
    w.detail.restore_note("first")
    idle(w)
    w.detail.notes_editor.setFocus()
    qtbot.keyClick(w.detail.notes_editor, Qt.Key.Key_Z, CTRL)  # the editor's undo, not the window's
    assert w.detail.notes_editor.toPlainText() == "second"
    qtbot.waitUntil(lambda: lib.get(pid).note == "second", timeout=3000)
    assert [r.body for r in lib.note_revisions(pid)][:2] == ["first", "second"]


def test_two_visits_within_seconds_keep_a_revision_of_the_first(qtbot, window, idle):  # noqa: ANN001
    w = window
    lib = w.library
    pid = w.current_id()
    type_and_autosave(qtbot, w, "first visit")
    leave_and_come_back(w, idle)  # well within a second
    w.detail.notes_editor.moveCursor(w.detail.notes_editor.textCursor().MoveOperation.End)
    type_and_autosave(qtbot, w, ", second visit")
    w.move_current(1)
    idle(w)
    assert lib.get(pid).note == "first visit, second visit"
    assert [r.body for r in lib.note_revisions(pid)] == ["first visit"]


def test_many_autosaves_in_one_visit_keep_one_revision(qtbot, window, idle):  # noqa: ANN001
    w = window
    lib = w.library
    pid = w.current_id()
    type_and_autosave(qtbot, w, "before the visit")
    leave_and_come_back(w, idle)
    w.detail.notes_editor.moveCursor(w.detail.notes_editor.textCursor().MoveOperation.End)
    saves = []
    for word in [" one", " two", " three", " four"]:
        type_and_autosave(qtbot, w, word)  # each waits for its own autosave
        saves.append(lib.get(pid).note)
    w.detail.notes_editor.clearFocus()  # focus out saves too, still the same visit
    w.move_current(1)
    idle(w)
    assert saves == ["before the visit one", "before the visit one two",
                     "before the visit one two three", "before the visit one two three four"]
    assert [r.body for r in lib.note_revisions(pid)] == ["before the visit"]


def test_history_labels_show_when_each_version_was_written(qtbot, window, idle, monkeypatch):  # noqa: ANN001
    import reader.core.store.base as store_base

    nine = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
    now = {"t": nine}
    monkeypatch.setattr(store_base, "utcnow", lambda: now["t"])
    w = window
    pid = w.current_id()
    type_and_autosave(qtbot, w, "written at nine")
    now["t"] = nine + dt.timedelta(hours=2, minutes=30)
    leave_and_come_back(w, idle)
    qtbot.keyClick(w.detail.notes_editor, Qt.Key.Key_A, CTRL)
    type_and_autosave(qtbot, w, "written later")
    [rev] = w.library.note_revisions(pid)
    assert rev.written_at == nine and rev.saved_at == now["t"]
    written = nine.astimezone().strftime("%Y-%m-%d %H:%M")
    replaced = now["t"].astimezone().strftime("%Y-%m-%d %H:%M")
    assert history(w) == [f"{written} — written at nine"]
    [action] = w.detail.notes.history_menu.actions()
    assert replaced in action.toolTip()


def test_history_label_of_a_revision_kept_before_schema_4() -> None:
    replaced = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.timezone.utc)
    local = replaced.astimezone().strftime("%Y-%m-%d %H:%M")
    assert history_label(NoteRevision(1, "an  old\nnote", replaced)) == f"before {local} — an old note"
    written = replaced - dt.timedelta(days=1)
    label = history_label(NoteRevision(2, "", replaced, written))
    assert label == f"{written.astimezone():%Y-%m-%d %H:%M} — (empty)"
    long = history_label(NoteRevision(3, "word " * 40, replaced, written))
    assert long.endswith("…") and len(long.split(" — ", 1)[1]) == 50
