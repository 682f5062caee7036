"""A hand-written analyzer for indexing: the same postings as Whoosh's, in one loop.

Whoosh's analyzer chain builds a Token object per word and runs four generator stages; at
100,000 abstracts that is most of the indexing time. ``FastText.index`` produces exactly
the same (term, frequency, weight, positions) postings as ``StemmingAnalyzer`` (same
token pattern, lower-casing, stop list, minimum size, position renumbering and Porter
stems) in one loop with a stem cache; queries still go through the analyzer.
``tests/core/search/test_whoosh_patches.py`` compares the two over the fixture abstracts
and generated text.
"""

from __future__ import annotations

import pickle
import re
from typing import Any

from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.fields import TEXT
from whoosh.lang.porter import stem as _porter_stem
from whoosh.system import pack_uint


def _analyzer() -> Any:
    return StemmingAnalyzer(cachesize=-1)


_TOKEN_RE = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")  # whoosh's default_pattern, no group
_STOPS = frozenset(STOP_WORDS)
_STEMS: dict[str, str] = {}
_ONE_POS: dict[int, bytes] = {}


def _stem(word: str) -> str:
    if len(_STEMS) > 300_000:
        _STEMS.clear()
    stemmed = _STEMS[word] = _porter_stem(word)
    return stemmed


def _encode_positions(poslist: list[int]) -> bytes:
    """``whoosh.formats.Positions.encode``, with the one-position case cached."""
    if len(poslist) == 1:
        value = _ONE_POS.get(poslist[0])
        if value is None:
            value = _ONE_POS[poslist[0]] = pack_uint(1) + pickle.dumps(poslist, 2)
        return value
    deltas = []
    base = 0
    for pos in poslist:
        deltas.append(pos - base)
        base = pos
    return pack_uint(len(deltas)) + pickle.dumps(deltas, 2)


class FastText(TEXT):
    """A TEXT field with the default stemming analyzer and a fast ``index``."""

    def index(self, value: Any, **kwargs: Any) -> Any:
        if kwargs or type(value) is not str or self.format.__class__.__name__ != "Positions":
            yield from super().index(value, **kwargs)
            return
        if value.isascii():
            words = _TOKEN_RE.findall(value.lower())
        else:
            words = [w.lower() for w in _TOKEN_RE.findall(value)]
        poses: dict[str, list[int]] = {}
        pos = -1
        first = True
        stops = _STOPS
        stems = _STEMS
        for i, word in enumerate(words):
            if len(word) < 2 or word in stops:
                continue
            if first:
                pos = i
                first = False
            else:
                pos += 1
            stemmed = stems.get(word)
            if stemmed is None:
                stemmed = _stem(word)
            found = poses.get(stemmed)
            if found is None:
                poses[stemmed] = [pos]
            else:
                found.append(pos)
        boost = self.format.field_boost
        for word, poslist in poses.items():
            yield (word.encode("utf-8"), len(poslist), len(poslist) * boost,
                   _encode_positions(poslist))
