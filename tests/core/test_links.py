"""Link de-duplication rules (reader.core.links): the importers' rule ignores a trailing
slash, the store's rules compare exact URLs. Both are kept as they are (changing either
would change what an import stores); these tests pin the difference."""

from __future__ import annotations

from reader.core.links import merge_links, union_links_ignoring_trailing_slash, unique_links
from reader.core.model import Link, LinkKind

A = Link("https://x.io/a", LinkKind.PROJECT)
A_SLASH = Link("https://x.io/a/", LinkKind.OTHER)
B = Link("https://github.com/o/b", LinkKind.GITHUB, "o/b")


def test_importers_union_ignores_a_trailing_slash_first_spelling_wins() -> None:
    assert union_links_ignoring_trailing_slash([A_SLASH, B], [A, B]) == [A_SLASH, B]
    assert union_links_ignoring_trailing_slash([], [B, A], [A_SLASH]) == [B, A]
    assert union_links_ignoring_trailing_slash() == []


def test_store_rules_compare_exact_urls() -> None:
    assert unique_links([A, B, A, A_SLASH]) == [A, B, A_SLASH]
    assert merge_links([B], [A, B, A_SLASH]) == [B, A, A_SLASH]
    assert merge_links([], []) == []
