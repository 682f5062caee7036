"""One spelling of a name or title whatever the format: ``registry.sanitize`` turns TeX
accents, text macros and dashes into Unicode for every importer (issue 13, defect 5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from importer_cases import parse_file
from testutil import FIXTURES

from reader.core.importers import sanitize
from reader.core.library import Library
from reader.core.model import ParsedDigest, ParsedPaper

ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: search_query=au:Garcia_Redondo</title>
  <id>http://arxiv.org/api/x</id>
  <updated>2024-03-06T00:00:00-05:00</updated>
  <entry>
    <id>http://arxiv.org/abs/2310.04567v2</id>
    <updated>2024-03-05T09:41:12Z</updated>
    <published>2023-10-06T12:00:00Z</published>
    <title>Stochastic homogenization of Hamilton--Jacobi
  equations</title>
    <summary>  We prove homogenization for a class of Hamilton--Jacobi equations.</summary>
    <author><name>M. García Redondo</name></author>
    <author><name>P. Souganidis</name></author>
    <link href="http://arxiv.org/abs/2310.04567v2" rel="alternate" type="text/html"/>
    <category term="math.AP" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>
"""


def test_sanitize_spells_titles_and_names_of_any_importer() -> None:
    parsed = ParsedDigest(format="test", papers=[
        ParsedPaper(title=r"Schr\"odinger --- $\mathcal{O}(n)$ bounds", authors=[r"N. M\"uller"]),
        ParsedPaper(title="{}", authors=["{}", r"J. Pe\~na"]),
    ])
    first, odd = sanitize(parsed).papers
    assert first.title == r"Schrödinger — $\mathcal{O}(n)$ bounds"
    assert first.authors == ["N. Müller"]
    assert odd.title == "{}" and odd.authors == ["{}", "J. Peña"]  # nothing spelled as nothing
    assert parsed.warnings == []


def test_hugging_face_names_with_tex_are_unicode_too() -> None:
    paper = parse_file(FIXTURES / "hf-api-tex.json").papers[0]
    assert "Ana Luísa Ferreira" in paper.authors
    assert "Jürgen Müller" in paper.authors
    assert not any("\\" in name for name in paper.authors)


def test_a_mailing_and_a_feed_spell_one_person_one_way(library: Library, tmp_path: Path) -> None:
    feed = tmp_path / "query.xml"
    feed.write_text(ATOM, encoding="utf-8")
    report = library.import_files(
        [FIXTURES / "arxiv-mailing-tex.txt", feed], as_of=dt.date(2026, 1, 5)
    )
    assert [f.status.value for f in report.files] == ["imported", "imported"]
    pid = library.resolve("arxiv:2310.04567")
    assert pid is not None
    paper = library.get(pid)
    assert paper is not None
    assert paper.title == "Stochastic homogenization of Hamilton–Jacobi equations"
    assert paper.authors == ["M. García Redondo", "P. Souganidis"]
    assert [d.format for d in paper.digests] == ["arxiv-mailing", "arxiv-feed"]
    # Both of the mailing's papers by her are found by the one spelling.
    assert library.query('author:"García Redondo"').total == 2
