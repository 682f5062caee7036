"""Which characters of a title or abstract to highlight for a query's terms."""

from __future__ import annotations

from reader.core.search.whoosh_patches.analysis import _STEMS, _STOPS, _TOKEN_RE, _stem


def match_spans(text: str, terms: set[str], prefixes: set[str]) -> list[tuple[int, int]]:
    """Character spans of ``text`` whose analysed token matches a term or a prefix.

    The same tokens as the schema's analyzer gives in query mode with stop words kept
    (``analyzer(text, mode="query", removestops=False)``: stop words unstemmed, everything
    else Porter-stemmed), in one loop with the stem cache.
    """
    if not text or not (terms or prefixes):
        return []
    starts = tuple(prefixes)
    spans = []
    stops = _STOPS
    stems = _STEMS
    for match in _TOKEN_RE.finditer(text):
        word = match.group().lower()
        if starts and word.startswith(starts):
            spans.append(match.span())
            continue
        if len(word) >= 2 and word not in stops:
            stemmed = stems.get(word)
            word = stemmed if stemmed is not None else _stem(word)
        if word in terms:
            spans.append(match.span())
    return spans
