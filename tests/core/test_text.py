"""The generic text helpers the importers share (reader.core.text)."""

from __future__ import annotations

import pytest

from reader.core.text import arxiv_id_of, collapse, split_authors, title_sort


def test_collapse_undoes_hard_wrapping() -> None:
    assert collapse("  A Paper\n  With a\tWrapped   Title \n") == "A Paper With a Wrapped Title"
    assert collapse("") == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2406.16793", "2406.16793"),
        ("2406.16793v2", "2406.16793"),
        (" arXiv:2406.16793v12 ", "2406.16793"),
        ("arxiv:1501.00001", "1501.00001"),
        ("hep-th/9901001v1", "hep-th/9901001"),
        ("math.AG/0601001", "math.AG/0601001"),
        ("1501.0001", "1501.0001"),  # four digits: the 2007-2014 scheme
        ("2406.167", None),
        ("https://arxiv.org/abs/2406.16793", None),
        ("", None),
        (2406.16793, None),
        (None, None),
    ],
)
def test_arxiv_id_of(value: object, expected: str | None) -> None:
    assert arxiv_id_of(value) == expected


def test_split_authors_drops_affiliations_and_splits_and() -> None:
    assert split_authors("A. One (1), B. Two and C. Three ((1) MIT, (2) ETH)") == [
        "A. One", "B. Two", "C. Three",
    ]
    assert split_authors("Ann, Bob, and Cy") == ["Ann", "Bob", "Cy"]
    assert split_authors("  Solo\n  Author ") == ["Solo Author"]
    assert split_authors("") == []


def test_title_sort_is_casefolded_with_single_spaces() -> None:
    assert title_sort("  Straße\n der  GROSSEN  ") == "strasse der grossen"
