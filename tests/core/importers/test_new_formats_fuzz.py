"""Mangled copies of the Markdown, Semantic Scholar and CSV fixtures (cut, spliced, with
stray delimiters, quotes, brackets and fences): every one imports or is rejected with a
reason, never an unexpected exception."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from importer_cases import AS_OF
from testutil import FIXTURES

from reader.core.importers import Rejected, parse_bytes

FILES = sorted([*FIXTURES.glob("md-*.md"), *FIXTURES.glob("s2-*.json"), *FIXTURES.glob("papers*")])
NOISE = [b"|", b"\n", b"\r", b'"', b",", b";", b"\t", b"#", b"### ", b"[", b"]", b"(", b")", b"**",
         b"{", b"}", b"null", b"\n---\n", b"<summary>", b"```\n", b"\xef\xbb\xbf", b"> ", b"..."]


def _mangle(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        pos = rnd.randrange(len(out)) if out else 0
        roll = rnd.random()
        if roll < 0.4 and out:
            del out[pos:pos + rnd.randint(1, 40)]
        elif roll < 0.7:
            out[pos:pos] = rnd.choice(NOISE)
        elif out:
            src = rnd.randrange(len(out))
            out[pos:pos] = out[src:src + 50]
    return bytes(out)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_mangled_fixtures_import_or_are_rejected(path: Path) -> None:
    assert FILES  # the glob found the fixtures
    rnd = random.Random(path.name)
    data = path.read_bytes()
    imported = 0
    for _ in range(120):
        try:
            digest = parse_bytes(_mangle(data, rnd), path, AS_OF)
        except Rejected as exc:
            assert str(exc).strip() and "\n" not in str(exc)
            continue
        imported += 1
        for paper in digest.papers:
            assert paper.title.strip() and "\n" not in paper.title
    assert imported > 0  # most mangled copies still import
