"""``match_spans`` marks exactly the tokens Whoosh's analyzer gives in query mode."""

from __future__ import annotations

import pytest

from reader.core.search.highlight import match_spans
from reader.core.search.whoosh_patches.analysis import _analyzer

TEXTS = [
    "Video diffusion models generate videos; the diffusion of modelling is running.",
    "We don't use GPT-4 or v1.2.3 (e.g. 3.5x faster) on __init__ files, naïve Straße über İstanbul.",
    "A is the of: x I a* ÉCOLE ﬁne 日本語 caresses ponies",
]


def analyzer_spans(text: str, term: str) -> list[tuple[int, int]]:
    tokens = _analyzer()(text, mode="query", removestops=False, chars=True)
    return [(t.startchar, t.endchar) for t in tokens if t.text == term]


@pytest.mark.parametrize("text", TEXTS)
def test_every_term_is_marked_where_the_analyzer_puts_it(text: str) -> None:
    terms = {t.text for t in _analyzer()(text, mode="query", removestops=False)}
    assert len(terms) > 5
    for term in terms:
        assert match_spans(text, {term}, set()) == analyzer_spans(text, term), term


def test_prefixes_mark_the_words_they_start() -> None:
    text = "Diffusion models diffuse; a different model"
    assert match_spans(text, set(), {"diff"}) == [(0, 9), (17, 24), (28, 37)]
    assert match_spans(text, {"model"}, {"diff"}) == [(0, 9), (10, 16), (17, 24), (28, 37), (38, 43)]
    assert match_spans(text, set(), set()) == [] and match_spans("", {"model"}, set()) == []
