"""DetailPane on its own: the small API the window uses instead of reaching into its children."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QCompleter

from reader.core.model import Link, LinkKind, Paper, State
from reader.ui.detail import DetailPane

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)


def make_paper(pid: int, *, note: str = "", tags: list[str] | None = None, **kw: object) -> Paper:
    fields: dict[str, object] = dict(
        id=pid, key=f"k{pid}", title=f"Paper {pid}", abstract="An abstract.", authors=["A. Author"],
        author_count=1, published=dt.date(2026, 11, 1), upvotes=3, links=[], state=State.INBOX,
        starred=False, tags=tags or [], note=note, digests=[], added_at=NOW, updated_at=NOW)
    fields.update(kw)
    return Paper(**fields)  # type: ignore[arg-type]




def test_placeholder_until_a_paper_is_shown(pane: DetailPane) -> None:
    assert pane.stack.currentWidget() is pane.placeholder
    pane.show_paper(make_paper(1, tags=["vision"], starred=True))
    assert pane.stack.currentWidget() is not pane.placeholder
    assert pane.title.text() == "Paper 1"
    assert pane.star_button.isChecked() and pane.star_button.text() == "Starred"
    assert pane.state_buttons[State.INBOX].isChecked()
    assert pane.tags_edit.text() == "vision"
    pane.show_paper(None)
    assert pane.stack.currentWidget() is pane.placeholder and pane.paper is None


def test_switching_papers_saves_the_typed_note_first(qtbot, pane: DetailPane) -> None:  # noqa: ANN001
    saved: list[tuple[int, str]] = []
    pane.noteSaveRequested.connect(lambda pid, body, visit: saved.append((pid, body)))
    pane.show_paper(make_paper(1, note="old"))
    pane.focus_notes()
    qtbot.keyClicks(pane.notes_editor, "!")
    pane.show_paper(make_paper(2, note="other"))
    assert saved == [(1, "!old")]
    assert pane.notes_editor.toPlainText() == "other"


def test_reshowing_the_same_paper_keeps_what_is_being_typed(qtbot, pane: DetailPane) -> None:  # noqa: ANN001
    saved: list[tuple[int, str]] = []
    pane.noteSaveRequested.connect(lambda pid, body, visit: saved.append((pid, body)))
    pane.show_paper(make_paper(1, note=""))
    pane.focus_notes()
    qtbot.keyClicks(pane.notes_editor, "typing")
    pane.show_paper(make_paper(1, note="", starred=True))  # e.g. a refresh after a star
    assert pane.notes_editor.toPlainText() == "typing"
    assert all(body == "typing" for _, body in saved)  # only an autosave, if the machine is slow
    assert pane.star_button.isChecked()


def test_showing_no_paper_saves_the_note(qtbot, pane: DetailPane) -> None:  # noqa: ANN001
    saved: list[tuple[int, str]] = []
    pane.noteSaveRequested.connect(lambda pid, body, visit: saved.append((pid, body)))
    pane.show_paper(make_paper(4))
    pane.focus_notes()
    qtbot.keyClicks(pane.notes_editor, "last words")
    pane.show_paper(None)
    assert saved == [(4, "last words")]


def test_focus_notes_leaves_the_preview_and_is_editing_note(qtbot, pane: DetailPane) -> None:  # noqa: ANN001
    pane.focus_notes()  # no paper: nothing to focus
    assert not pane.is_editing_note()
    pane.show_paper(make_paper(1, note="text"))
    pane.set_preview(True)
    pane.focus_notes()
    qtbot.waitUntil(pane.is_editing_note)
    assert pane.notes_editor.isVisible()
    pane.focus_tags()
    qtbot.waitUntil(pane.tags_edit.hasFocus)
    assert not pane.is_editing_note()


def test_focus_tags_puts_the_cursor_at_the_end(qtbot, pane: DetailPane) -> None:  # noqa: ANN001
    pane.show_paper(make_paper(1, tags=["rl", "vision"]))
    pane.tags_edit.setCursorPosition(0)
    pane.focus_tags()
    qtbot.waitUntil(pane.tags_edit.hasFocus)
    assert pane.tags_edit.cursorPosition() == len("rl, vision")


def test_set_known_tags_feeds_the_completion(qtbot, pane: DetailPane) -> None:  # noqa: ANN001
    pane.set_known_tags(["vision", "robotics", "rl"])
    pane.show_paper(make_paper(1))
    pane.focus_tags()
    qtbot.keyClicks(pane.tags_edit, "ro")
    [completer] = pane.tags_edit.findChildren(QCompleter)
    assert completer.completionCount() == 1 and completer.currentCompletion() == "robotics"


def test_tags_committed_carries_the_paper_id(qtbot, pane: DetailPane) -> None:  # noqa: ANN001
    committed: list[tuple[int, list[str]]] = []
    pane.tagsCommitted.connect(lambda pid, tags: committed.append((pid, tags)))
    pane.show_paper(make_paper(5, tags=["a"]))
    pane.tags_edit.setText("a, B ")
    pane.tags_edit.editingFinished.emit()
    assert committed == [(5, ["a", "b"])]


def test_toggle_preview_and_preview_toggled(pane: DetailPane) -> None:
    toggles: list[bool] = []
    pane.preview_toggled.connect(toggles.append)
    pane.show_paper(make_paper(1, note="**bold**"))
    pane.toggle_preview()
    assert not pane.notes_editor.isVisible()
    pane.toggle_preview()
    assert pane.notes_editor.isVisible()
    assert toggles == [True, False]


def test_save_state_and_restore_state_keep_the_split(qtbot, pane: DetailPane) -> None:  # noqa: ANN001
    def share_of_notes(p: DetailPane) -> float:
        abstract, notes = p.splitter.sizes()
        return notes / (abstract + notes)

    pane.show_paper(make_paper(1))
    pane.splitter.setSizes([150, 450])  # notes bigger than the abstract: not the default 3:2
    state = pane.save_state()
    assert isinstance(state, QByteArray) and not state.isEmpty()
    other = DetailPane()
    qtbot.addWidget(other)
    other.resize(pane.size())
    other.show_paper(make_paper(1))
    other.show()
    qtbot.waitExposed(other)
    assert share_of_notes(other) < 0.5
    assert other.restore_state(state)
    assert abs(share_of_notes(other) - share_of_notes(pane)) < 0.02
    assert not other.restore_state(QByteArray(b"not a splitter state"))
    assert abs(share_of_notes(other) - share_of_notes(pane)) < 0.02


def test_drop_targets_cover_every_text_widget_of_the_pane(pane: DetailPane) -> None:
    targets = pane.drop_targets()
    assert pane.tags_edit in targets
    assert pane.notes_editor in targets and pane.notes_editor.viewport() in targets
    assert pane.abstract.viewport() in targets
    assert pane.notes.preview.viewport() in targets
    assert all(pane.isAncestorOf(w) for w in targets)


def test_links_are_shown_with_the_paper_page_first(pane: DetailPane) -> None:
    code = Link("https://github.com/a/b", LinkKind.GITHUB, "a/b")
    pane.show_paper(make_paper(1, links=[code], arxiv_id="2611.00001"))
    shown = [pane.links_layout.itemAt(i).widget() for i in range(pane.links_layout.count())]
    assert [w.toolTip() for w in shown] == ["https://arxiv.org/abs/2611.00001", "https://github.com/a/b"]
    assert pane.links_box.isVisibleTo(pane)
    pane.show_paper(make_paper(2))
    assert not pane.links_box.isVisibleTo(pane)


def test_title_and_abstract_show_tex_as_unicode_and_keep_the_original(pane: DetailPane) -> None:
    raw_title = r"It\^o Flows in $\mathcal{O}(n)$"
    raw = r"We use It\^o calculus at 40% less cost --- na\"ive methods fail."
    paper = make_paper(1, title=raw_title, abstract=raw)
    pane.show_paper(paper)
    assert pane.title.text() == "Itô Flows in 𝒪(n)"
    assert pane.abstract.toPlainText() == "We use Itô calculus at 40% less cost — naïve methods fail."
    assert pane.paper is not None and pane.paper.abstract == raw and pane.paper.title == raw_title


def test_highlights_land_on_the_words_of_the_text_as_shown(pane: DetailPane) -> None:
    import re

    seen: list[str] = []

    def spans(text: str) -> list[tuple[int, int]]:
        seen.append(text)
        return [m.span() for m in re.finditer(r"calculus|Flows", text)]

    pane.set_highlighter(spans)
    pane.show_paper(make_paper(1, title=r"It\^o Flows", abstract=r"Sch\"{o}n It\^o $\alpha$ calculus here."))
    assert "Schön Itô α calculus here." in seen and "Itô Flows" in seen  # computed on the shown text
    html = pane.abstract.toHtml()
    bold = re.findall(r"font-weight:\d+;[^>]*>([^<]*)</span>", html)
    assert "calculus" in bold and "Flows" in bold
    assert all(word in ("calculus", "Flows") for word in bold)


def test_the_librarys_match_spans_highlight_the_shown_abstract(pane: DetailPane, library) -> None:  # noqa: ANN001
    import re

    pane.set_highlighter(lambda text: library.match_spans(text, "calculus flows"))
    pane.show_paper(make_paper(1, title=r"It\^o Flows", abstract=r"Sch\"{o}n It\^o $\alpha$ calculus flows."))
    bold = re.findall(r"font-weight:\d+;[^>]*>([^<]*)</span>", pane.abstract.toHtml())
    assert bold and {w.lower() for w in bold} == {"calculus", "flows"}
