"""Renaming, merging and deleting tags (Library.rename_tag / delete_tag / restore_tags)."""

from __future__ import annotations

import pytest

from reader.core.library import Library, LibraryError


def ids_of(lib: Library, n: int) -> list[int]:
    return [r.id for r in lib.query("").rows[:n]]


def tagged(lib: Library, query: str) -> set[int]:
    """The papers the search index finds for ``query``."""
    return {h.row.id for h in lib.search(query, limit=100)}


def test_rename_moves_the_tag_and_the_index_follows(sample_library: Library) -> None:
    lib = sample_library
    a, b, c = ids_of(lib, 3)
    lib.add_tags([a, b], ["old"])
    lib.add_tags([c], ["other"])
    before = lib.rename_tag("old", "New")
    assert before == {a: ["old"], b: ["old"]}
    assert lib.get(a).tags == ["new"] and lib.get(b).tags == ["new"]
    assert lib.get(c).tags == ["other"]
    assert dict(lib.tags()) == {"new": 2, "other": 1}
    assert tagged(lib, "tag:new") == {a, b}
    assert tagged(lib, "tag:old") == set()
    assert lib.counts().get("tag:old", 0) == 0 and lib.counts()["tag:new"] == 2


def test_rename_onto_an_existing_tag_merges_and_restore_undoes_it(sample_library: Library) -> None:
    lib = sample_library
    a, b, c = ids_of(lib, 3)
    lib.add_tags([a, b], ["rl"])
    lib.add_tags([b, c], ["reinforcement learning"])
    before = lib.rename_tag("reinforcement learning", "rl")
    assert before == {b: ["reinforcement learning", "rl"], c: ["reinforcement learning"]}
    assert [lib.get(i).tags for i in (a, b, c)] == [["rl"], ["rl"], ["rl"]]
    assert dict(lib.tags()) == {"rl": 3}
    assert tagged(lib, "tag:rl") == {a, b, c}
    lib.restore_tags(before)
    assert [lib.get(i).tags for i in (a, b, c)] == [["rl"], ["reinforcement learning", "rl"],
                                                      ["reinforcement learning"]]
    assert dict(lib.tags()) == {"reinforcement learning": 2, "rl": 2}
    assert tagged(lib, "tag:rl") == {a, b}
    assert tagged(lib, 'tag:"reinforcement learning"') == {b, c}


def test_delete_removes_the_tag_everywhere_and_restore_puts_it_back(sample_library: Library) -> None:
    lib = sample_library
    a, b = ids_of(lib, 2)
    lib.add_tags([a, b], ["gone"])
    lib.add_tags([a], ["kept"])
    before = lib.delete_tag(" Gone ")
    assert before == {a: ["gone", "kept"], b: ["gone"]}
    assert lib.get(a).tags == ["kept"] and lib.get(b).tags == []
    assert dict(lib.tags()) == {"kept": 1}
    assert tagged(lib, "tag:gone") == set()
    lib.restore_tags(before)
    assert lib.get(a).tags == ["gone", "kept"] and lib.get(b).tags == ["gone"]
    assert tagged(lib, "tag:gone") == {a, b}


@pytest.mark.parametrize(("call", "message"), [
    (lambda lib: lib.rename_tag("", "x"), "cannot be empty"),
    (lambda lib: lib.rename_tag("   ", "x"), "cannot be empty"),
    (lambda lib: lib.rename_tag("ml", "  "), "cannot be empty"),
    (lambda lib: lib.rename_tag("nope", "x"), "no tag named “nope”"),
    (lambda lib: lib.rename_tag("ml", " ML "), "already called “ml”"),
    (lambda lib: lib.delete_tag(""), "cannot be empty"),
    (lambda lib: lib.delete_tag(" \t"), "cannot be empty"),
    (lambda lib: lib.delete_tag("nope"), "no tag named “nope”"),
    (lambda lib: lib.rename_tag(None, "x"), "must be text"),
])
def test_bad_input_is_refused_and_changes_nothing(sample_library: Library, call, message: str) -> None:  # noqa: ANN001
    lib = sample_library
    a, b = ids_of(lib, 2)
    lib.add_tags([a, b], ["ml"])
    tags_before = lib.tags()
    with pytest.raises(LibraryError, match=message):
        call(lib)
    assert lib.tags() == tags_before
    assert lib.get(a).tags == ["ml"] and lib.get(b).tags == ["ml"]
    assert tagged(lib, "tag:ml") == {a, b}


def test_read_only_library_refuses_tag_management(sample_library: Library) -> None:
    lib = sample_library
    lib.add_tags(ids_of(lib, 1), ["ml"])
    with Library.open(lib.root, read_only=True) as reader:
        with pytest.raises(LibraryError):
            reader.rename_tag("ml", "x")
        with pytest.raises(LibraryError):
            reader.delete_tag("ml")
        assert dict(reader.tags()) == {"ml": 1}


def test_cli_tags_list_rename_delete(sample_library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main

    lib = sample_library
    a, b = ids_of(lib, 2)
    lib.add_tags([a, b], ["old"])
    root = str(lib.root)
    lib.close()  # the command line opens the library itself
    assert main(["--library", root, "tags", "rename", "old", "new"]) == 0
    assert "on 2 papers" in capsys.readouterr().out
    assert main(["--library", root, "tags", "list"]) == 0
    assert capsys.readouterr().out.split() == ["2", "new"]
    assert main(["--library", root, "tags", "delete", "nope"]) == 1
    assert "no tag named “nope”" in capsys.readouterr().err
    assert main(["--library", root, "tags", "delete", "new"]) == 0
    assert "from 2 papers" in capsys.readouterr().out
    with Library.open(root, read_only=True) as again:
        assert again.tags() == []
