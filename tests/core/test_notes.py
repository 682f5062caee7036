"""A note is never lost (issue 10): every save that replaces or removes text keeps it as a
revision; the autosaves of one editing visit keep one revision, the text from before the visit."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from testutil import SAMPLE

from reader.cli import main as cli_main
from reader.core.library import Library, LibraryError

T0 = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """``clock(seconds)`` sets the store's "now" to T0 + seconds (timestamps are to the second)."""
    import reader.core.store.base as store_base

    now = {"t": T0}
    monkeypatch.setattr(store_base, "utcnow", lambda: now["t"])

    def set_to(seconds: float) -> None:
        now["t"] = T0 + dt.timedelta(seconds=seconds)

    return set_to


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def first_id(lib: Library) -> int:
    return lib.query("").rows[0].id


def bodies(lib: Library, pid: int) -> list[str]:
    return [r.body for r in lib.note_revisions(pid)]


def test_autosaves_of_one_visit_keep_one_revision_the_text_before_it(
        sample_library: Library, clock: Callable[[float], None]) -> None:
    lib = sample_library
    pid = first_id(lib)
    clock(0)
    lib.set_note(pid, "before the visit")
    for i, text in enumerate(["b", "be", "bet", "better", "better text"]):
        clock(600 + i)  # long after the first save: time plays no part
        assert lib.set_note(pid, text, visit="visit-1") is True
    [rev] = lib.note_revisions(pid)
    assert rev.body == "before the visit"
    assert rev.written_at == at(0)      # when that text was written...
    assert rev.saved_at == at(600)      # ...and when the visit replaced it
    assert lib.get(pid).note == "better text"  # type: ignore[union-attr]


def test_a_visit_on_an_empty_note_keeps_nothing_until_it_replaces_text(sample_library: Library) -> None:
    lib = sample_library
    pid = first_id(lib)
    for text in ["d", "dr", "draft"]:
        lib.set_note(pid, text, visit="v")
    assert lib.note_revisions(pid) == []  # nothing was replaced: the note was empty


def test_two_visits_within_seconds_keep_a_revision_of_the_first(
        sample_library: Library, clock: Callable[[float], None]) -> None:
    lib = sample_library
    pid = first_id(lib)
    clock(0)
    lib.set_note(pid, "first visit", visit="visit-1")
    clock(1)
    lib.set_note(pid, "first visit, more", visit="visit-1")
    clock(3)  # the user left the paper and came back: a new visit, seconds later
    lib.set_note(pid, "second visit", visit="visit-2")
    clock(4)
    lib.set_note(pid, "second visit, more", visit="visit-2")
    [rev] = lib.note_revisions(pid)
    assert rev.body == "first visit, more" and rev.written_at == at(1) and rev.saved_at == at(3)


def test_clearing_keeps_the_cleared_text(sample_library: Library, clock: Callable[[float], None]) -> None:
    lib = sample_library
    pid = first_id(lib)
    clock(0)
    lib.set_note(pid, "typed in this visit", visit="v")
    clock(2)
    assert lib.set_note(pid, "", visit="v") is True  # select all, delete: same visit
    assert lib.get(pid).note == ""  # type: ignore[union-attr]
    [rev] = lib.note_revisions(pid)
    assert rev.body == "typed in this visit" and rev.written_at == at(0)
    assert lib.counts()["has-notes"] == 0
    clock(5)
    lib.set_note(pid, "   \n", visit="v")   # only blanks is cleared too
    lib.set_note(pid, "again", visit="v")
    lib.set_note(pid, "", visit="v")
    assert bodies(lib, pid) == ["again", "typed in this visit"]
    lib.set_note(pid, "x")
    lib.set_note(pid, "")  # outside a visit
    assert bodies(lib, pid)[0] == "x"


def test_a_write_without_a_visit_always_keeps_the_replaced_text(
        sample_library: Library, clock: Callable[[float], None]) -> None:
    """Restore, undo and the command line write without a visit: the current text is kept,
    and the visit's next autosave keeps what that write put there."""
    lib = sample_library
    pid = first_id(lib)
    clock(0)
    lib.set_note(pid, "v1", visit="v")
    clock(10)
    lib.set_note(pid, "v1 restored over")  # restore: keeps v1
    assert bodies(lib, pid) == ["v1"]
    clock(20)
    lib.set_note(pid, "typed after", visit="v")  # same visit token, but a write came between
    revs = lib.note_revisions(pid)
    assert [r.body for r in revs] == ["v1 restored over", "v1"]
    assert [r.written_at for r in revs] == [at(10), at(0)]


def test_restore_and_undo_through_the_library(sample_library: Library) -> None:
    lib = sample_library
    pid = first_id(lib)
    lib.set_note(pid, "old version")
    lib.set_note(pid, "current version")
    old = lib.note_revisions(pid)[0].body
    lib.set_note(pid, old)  # restore
    assert lib.get(pid).note == "old version"  # type: ignore[union-attr]
    assert bodies(lib, pid) == ["current version", "old version"]
    lib.set_note(pid, "current version")  # undo of the restore keeps the restored text too
    assert bodies(lib, pid) == ["old version", "current version", "old version"]


def test_bad_note_inputs_are_refused_and_change_nothing(sample_library: Library) -> None:
    lib = sample_library
    pid = first_id(lib)
    lib.set_note(pid, "kept")
    seq = lib.store.current_seq()
    with pytest.raises(LibraryError, match=r"^no paper with id 987654$"):
        lib.set_note(987654, "text")
    with pytest.raises(LibraryError, match=r"^an editing visit must be a non-empty name$"):
        lib.set_note(pid, "text", visit=" ")
    with pytest.raises(LibraryError, match=r"^a note must be text, not NoneType$"):
        lib.set_note(pid, None)  # type: ignore[arg-type]
    assert lib.get(pid).note == "kept"  # type: ignore[union-attr]
    assert lib.note_revisions(pid) == [] and lib.note_revisions(987654) == []
    assert lib.store.current_seq() == seq


def test_cli_mark_note_keeps_the_replaced_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "lib"
    assert cli_main(["--library", str(root), "import", str(SAMPLE), "--as-of", "2026-11-26"]) == 0
    assert cli_main(["--library", str(root), "mark", "1", "--note", "from the window"]) == 0
    assert cli_main(["--library", str(root), "mark", "1", "--note", "from a script"]) == 0
    assert cli_main(["--library", str(root), "mark", "1", "--note", ""]) == 0  # clears it
    capsys.readouterr()
    with Library.open(root) as lib:
        assert lib.get(1).note == ""  # type: ignore[union-attr]
        assert bodies(lib, 1) == ["from a script", "from the window"]
    assert cli_main(["--library", str(root), "mark", "999999", "--note", "x"]) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "999999" in err
    with Library.open(root) as lib:
        assert bodies(lib, 1) == ["from a script", "from the window"]


def test_revision_columns_record_written_and_replaced_times(sample_library: Library,
                                                           clock: Callable[[float], None]) -> None:
    lib = sample_library
    pid = first_id(lib)
    clock(0)
    lib.set_note(pid, "a", visit="v")
    clock(90)
    lib.set_note(pid, "b", visit="w")
    with sqlite3.connect(lib.root / "library.sqlite") as conn:
        rows = conn.execute("SELECT body, written_at, saved_at FROM note_revision").fetchall()
        visit = conn.execute("SELECT visit FROM note WHERE paper_id = ?", (pid,)).fetchone()[0]
    assert rows == [("a", "2026-11-26T09:00:00Z", "2026-11-26T09:01:30Z")]
    assert visit == "w"
