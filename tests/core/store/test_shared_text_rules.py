"""The store's title sort and link de-duplication are the shared rules in core/text.py and
core/links.py, not copies; the index keeps only its 200-character cut."""

from __future__ import annotations

import reader.core.store.base as base_mod
import reader.core.store.merge_rules as merge_rules_mod
import reader.core.store.store as store_mod
from reader.core.links import unique_links
from reader.core.model import IndexDoc, Link, LinkKind
from reader.core.search.schema import doc_fields
from reader.core.text import title_sort


def _doc(title: str) -> IndexDoc:
    return IndexDoc(
        id=1, title=title, abstract="", authors=[], author_count=None, note="", tags=[],
        repos=[], state="inbox", starred=False, has_code=False, published=None, upvotes=None,
        added_at="2024-05-27T00:00:00+00:00", digests=[], change_seq=1,
    )


def test_the_store_uses_the_one_title_sort_rule() -> None:
    assert base_mod._title_sort is title_sort
    assert store_mod._title_sort is title_sort


def test_the_store_uses_the_one_exact_url_dedupe() -> None:
    assert merge_rules_mod._unique_links is unique_links
    assert store_mod._unique_links is unique_links
    a = Link("https://github.com/a/b", LinkKind.GITHUB)
    a_slash = Link("https://github.com/a/b/", LinkKind.GITHUB)
    assert store_mod._unique_links([a, a_slash, a]) == [a, a_slash]


def test_the_index_field_is_the_store_rule_cut_to_200_characters() -> None:
    long_title = "  Word " * 60
    assert len(title_sort(long_title)) > 200
    assert doc_fields(_doc(long_title))["title_sort"] == title_sort(long_title)[:200]
    assert doc_fields(_doc("  Deep\tLEARNING "))["title_sort"] == "deep learning"
    assert doc_fields(_doc("   "))["title_sort"] == " "
