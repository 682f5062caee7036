"""The Whoosh replacements: installed explicitly, for the pinned version only, and each one
equal to what it replaces (the codec speed-ups are compared in tests/core/test_speed_paths.py)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.codec import whoosh3
from whoosh.formats import Positions

from reader.core.search import whoosh_patches
from reader.core.search.whoosh_patches import speedups
from reader.core.search.whoosh_patches.analysis import FastText, _analyzer

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "hf-api"


def test_install_is_idempotent() -> None:
    whoosh_patches.install()
    patched = whoosh3.W3PerDocReader.doc_field_length
    whoosh_patches.install()
    assert whoosh_patches.installed()
    assert whoosh3.W3PerDocReader.doc_field_length is patched
    assert patched is not speedups.original("doc_field_length")


def test_install_refuses_another_whoosh_version() -> None:
    whoosh_patches.check_version(whoosh_patches.WHOOSH_VERSION)
    with pytest.raises(whoosh_patches.WhooshVersionError, match="whoosh-reloaded==2.7.5"):
        whoosh_patches.check_version("2.7.4")


def test_install_checks_the_version_it_reads_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whoosh_patches.whoosh, "versionstring", lambda: "2.8.0")
    with pytest.raises(whoosh_patches.WhooshVersionError,
                       match=r"needs whoosh-reloaded 2\.7\.5 .* but Whoosh 2\.8\.0 is installed"):
        whoosh_patches.install()


def test_the_pin_in_pyproject_is_the_checked_version() -> None:
    pyproject = (Path(__file__).resolve().parents[3] / "pyproject.toml").read_text()
    assert f'"whoosh-reloaded=={whoosh_patches.WHOOSH_VERSION}"' in pyproject


def _whoosh_postings(field: FastText, text: str) -> list[tuple[bytes, int, float, bytes]]:
    """What Whoosh's own ``TEXT.index`` (the analyzer chain) gives for ``text``."""
    return sorted(super(FastText, field).index(text))


def _fast_postings(field: FastText, text: str) -> list[tuple[bytes, int, float, bytes]]:
    return sorted(field.index(text))


def _decoded(postings: list[tuple[bytes, int, float, bytes]]) -> list[tuple[bytes, int, float, list[int]]]:
    fmt = Positions()
    return [(term, freq, weight, fmt.decode_positions(value)) for term, freq, weight, value in postings]


def _fixture_texts() -> list[str]:
    texts = []
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text())
        for item in data if isinstance(data, list) else []:
            if not isinstance(item, dict):
                continue
            paper = item.get("paper") or {}
            texts += [paper.get("title") or "", paper.get("summary") or "", item.get("title") or ""]
    return [t for t in texts if t]


@pytest.mark.parametrize("boost", [1.0, 2.0])
def test_fasttext_postings_equal_stemming_analyzer_on_fixture_abstracts(boost: float) -> None:
    field = FastText(analyzer=_analyzer(), field_boost=boost)
    texts = _fixture_texts()
    assert len(texts) > 50
    for text in texts:
        fast = _fast_postings(field, text)
        assert fast == _whoosh_postings(field, text), text[:80]
    # the positions, decoded, are the analyzer's token positions (not only equal bytes)
    sample = texts[0]
    tokens = {}
    for tok in _analyzer()(sample, positions=True):
        tokens.setdefault(tok.text.encode(), []).append(tok.pos)
    assert {t: p for t, _f, _w, p in _decoded(_fast_postings(field, sample))} == tokens


_WORDS = st.sampled_from(
    ["the", "a", "is", "Language", "models", "modelling", "x", "I", "naïve", "Straße", "über",
     "3.5", "v1.2.3", "e.g.", "GPT-4", "self-attention", "*", "a*b", "don't", "running", "runs",
     "ÉCOLE", "ﬁne", "İstanbul", "日本語", "x_y", "__init__", "..", "12", "caresses", "ponies"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(min_size=1, max_size=12)), max_size=40),
       st.sampled_from([" ", "  ", ", ", ". ", "\n", "-", "/"]))
def test_fasttext_postings_equal_stemming_analyzer_on_generated_text(words: list[str], sep: str) -> None:
    field = FastText(analyzer=_analyzer())
    text = sep.join(words)
    assert _fast_postings(field, text) == _whoosh_postings(field, text)


def test_fasttext_survives_pickling_as_part_of_a_schema() -> None:
    field = FastText(analyzer=_analyzer())
    assert pickle.loads(pickle.dumps(field)).index("language models")  # pickled in schemas


@pytest.mark.parametrize("name", ["FastText", "SortKeyColumn"])
def test_schemas_pickled_before_the_move_still_load(name: str) -> None:
    """Index folders written before issue 11 name their field classes in the index module."""
    from reader.core.search import schema

    old_reference = f"creader.core.search.index\n{name}\n.".encode()  # protocol 0 GLOBAL
    assert pickle.loads(old_reference) is getattr(schema, name)

