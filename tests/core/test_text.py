"""The generic text helpers the importers share (reader.core.text)."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.core.text import (
    arxiv_id_of,
    collapse,
    find_date,
    iso_day,
    month_number,
    split_authors,
    title_sort,
)


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


@pytest.mark.parametrize(("name", "number"), [("Jun", 6), ("june", 6), ("SEPT", 9), ("Sep", 9),
                                              ("December", 12), ("Juno", None), ("", None)])
def test_month_number_is_the_one_month_table(name: str, number: int | None) -> None:
    assert month_number(name) == number


@pytest.mark.parametrize(("text", "day"), [
    ("2024-05-27.json", dt.date(2024, 5, 27)),  # a file name, as the HF API archives name them
    ("daily-20230912.md", dt.date(2023, 9, 12)),
    ("12.06.2024", dt.date(2024, 6, 12)),
    ("Updated: May 31, 2026 at noon", dt.date(2026, 5, 31)),
    ("31 May 2026", dt.date(2026, 5, 31)),
    ("2024-02-30 then 2024-03-01", dt.date(2024, 3, 1)),  # an impossible day is skipped
    ("papers.csv", None),
])
def test_find_date_takes_the_first_real_date(text: str, day: dt.date | None) -> None:
    assert find_date(text) == day


def test_iso_day_reads_dates_and_timestamps_only() -> None:
    assert iso_day("2024-06-12T08:00:00.000Z") == dt.date(2024, 6, 12)
    assert iso_day("2024-06") is None and iso_day(20240612) is None and iso_day("June 12, 2024") is None
