"""A small version of the fuzzing campaign in the default suite (the full run:
``python tests/reliability/fuzz.py --examples 10000``)."""

from __future__ import annotations

from pathlib import Path

import fuzz
import pytest

from reader.core.library import Library
from reader.core.search import SearchIndex

EXAMPLES = {"import": 60}  # end to end through SQLite and the index: slower per input
DEFAULT_EXAMPLES = 120


@pytest.fixture(scope="module")
def fuzz_targets(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("fuzz")
    index = SearchIndex(base / "index")
    lib = Library.open(base / "lib")
    (base / "in").mkdir()
    yield fuzz.targets(index, lib, base / "in")
    assert lib.check().ok
    lib.close()
    index.close()


@pytest.mark.parametrize("name", ["parse_bytes", "hf_page", "hf_api", "arxiv_feed", "arxiv_mail", "eml",
                                  "export_json", "hf_feed", "semantic_scholar", "markdown_digest",
                                  "csv_list", "hf_paper_page", "query", "import"])
def test_fuzz_target(fuzz_targets, name: str) -> None:  # type: ignore[no-untyped-def]
    strategy, check = fuzz_targets[name]
    examples = EXAMPLES.get(name, DEFAULT_EXAMPLES)
    assert fuzz.run_target(name, strategy, check, examples) >= examples


def test_every_format_is_fuzzed(fuzz_targets) -> None:  # type: ignore[no-untyped-def]
    """A new importer in the default registry needs its fuzz target (tests/reliability/fuzz.py)."""
    from reader.core.importers import REGISTRY

    fuzzed = {type(check.__defaults__[0]).__name__ for name, (_s, check) in fuzz_targets.items()
              if check.__defaults__}
    assert {type(importer).__name__ for importer in REGISTRY.importers} <= fuzzed


def test_contract_checker_catches_bad_messages() -> None:
    from reader.core.importers.base import Rejected

    with pytest.raises(fuzz.ContractViolation):
        fuzz.check_message(Rejected("two\nlines"), "x")
    with pytest.raises(fuzz.ContractViolation):
        fuzz.check_message(Rejected(""), "x")


def test_known_crashers_stay_fixed(tmp_path: Path) -> None:
    """Inputs the fuzzer found crashing, kept as regressions."""
    from reader.core.importers.base import Rejected
    from reader.core.importers.export_json import ExportImporter

    doc = ('{"format": "digest-reader-export", "version": 1, "papers": [{"title": "T", '
           '"added_at": %s}]}')
    for value in ("true", "5", "[]", "{}"):
        with pytest.raises(Rejected, match="broken Digest Reader export"):
            ExportImporter().parse(doc % value, fuzz.CONTEXT)
    links = ('{"format": "digest-reader-export", "version": 1, "papers": [{"title": "T", '
             '"links": [{"url": "javascript:alert(1)", "kind": "other"}, '
             '{"url": "https://github.com/a/b", "kind": "github", "repo": 5}]}]}')
    with pytest.raises(Rejected, match="repo: expected text"):
        ExportImporter().parse(links, fuzz.CONTEXT)
    ok = ExportImporter().parse(links.replace('"repo": 5', '"repo": "a/b"'), fuzz.CONTEXT)
    assert [link.url for link in ok.papers[0].links] == ["https://github.com/a/b"]  # no javascript:
