"""The arXiv RSS / Atom / RDF feed importer (and its safe XML reading)."""

from __future__ import annotations

import datetime as dt

import pytest
from importer_cases import ctx, parse_file, parse_text
from testutil import FIXTURES

from reader.core.importers import detect
from reader.core.importers.arxiv_feed import ArxivFeedImporter
from reader.core.importers.base import Rejected


def test_arxiv_rss_fields() -> None:
    digest = parse_file(FIXTURES / "arxiv-rss.xml")
    assert digest.format == "arxiv-feed"
    assert digest.digest_date == dt.date(2024, 6, 25)
    adam, cross, qlora = digest.papers
    assert adam.arxiv_id == "2406.16793"
    assert adam.title == "Adam-mini: Use Fewer Learning Rates To Gain More"
    assert adam.authors == ["Yushun Zhang", "Congliang Chen", "Ziniu Li", "Ruoyu Sun"]
    assert adam.abstract.startswith("We propose Adam-mini, an optimizer")  # prefix stripped
    assert "Announce Type" not in adam.abstract
    assert adam.published == dt.date(2024, 6, 25)
    assert [link.repo for link in adam.links] == ["zyushun/Adam-mini"]
    assert cross.title == "Cross-Listed: Graph Neural Networks & Parsing"
    assert cross.abstract == "A cross-listed paper about $\\mathcal{G}$-parsing when $a < b$ & more."
    assert cross.authors == ["Grace Hopper"]
    assert qlora.arxiv_id == "2305.14314"  # version suffix v3 dropped
    assert qlora.abstract == "We present QLoRA, an efficient finetuning approach."


def test_arxiv_atom_api_fields() -> None:
    digest = parse_file(FIXTURES / "arxiv-atom.xml")
    assert digest.format == "arxiv-feed"
    assert digest.digest_date is None  # an API query result covers no particular day
    adam, kingma = digest.papers
    assert adam.arxiv_id == "2406.16793"
    assert adam.title == "Adam-mini: Use Fewer Learning Rates To Gain More"
    assert adam.authors == ["Yushun Zhang", "Congliang Chen", "Ruoyu Sun"]
    assert adam.published == dt.date(2024, 6, 24)
    assert adam.abstract.endswith("Code is at https://github.com/zyushun/Adam-mini{https://github.com/zyushun/Adam-mini}.")
    assert [link.url for link in adam.links] == [
        "https://github.com/zyushun/Adam-mini",
        "https://example.org/adam-mini",
    ]
    assert kingma.arxiv_id == "1412.6980"
    assert kingma.authors == ["Diederik P. Kingma", "Jimmy Ba"]
    assert kingma.published == dt.date(2014, 12, 22)
    assert kingma.abstract.startswith("We introduce Adam, an algorithm")
    assert [link.url for link in kingma.links] == ["http://dx.doi.org/10.48550/arXiv.1412.6980"]


ATOM_LISTING = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>http://rss.arxiv.org/atom/cs.CL</id>
  <title>cs.CL updates on arXiv.org</title>
  <updated>2024-06-25T04:00:00.000Z</updated>
  <link href="http://rss.arxiv.org/atom/cs.CL" rel="self" type="application/atom+xml"/>
  <entry>
    <id>oai:arXiv.org:2406.16793v1</id>
    <title>Adam-mini</title>
    <updated>2024-06-25T04:00:00.000Z</updated>
    <link href="https://arxiv.org/abs/2406.16793" rel="alternate" type="text/html"/>
    <summary>arXiv:2406.16793v1 Announce Type: new
Abstract: We propose Adam-mini.</summary>
    <published>2024-06-25T00:00:00-04:00</published>
    <arxiv:announce_type>new</arxiv:announce_type>
    <dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Yushun Zhang, Ruoyu Sun</dc:creator>
  </entry>
</feed>
"""

RDF_LISTING = """<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://arxiv.org/">
<title>cs.CL updates on arXiv.org</title>
<dc:date>2023-11-20T20:30:00-05:00</dc:date>
</channel>
<item rdf:about="http://arxiv.org/abs/2311.10702">
<title>Camels in a Changing Climate. (arXiv:2311.10702v1 [cs.CL])</title>
<link>http://arxiv.org/abs/2311.10702</link>
<description rdf:parseType="Literal">&lt;p&gt;Since the release of T\\"ULU,
we release T\\"ULU 2.&lt;/p&gt;</description>
<dc:creator> &lt;a href="http://arxiv.org/find/cs/1/au:+Ivison_H/0/1/0/all/0/1"&gt;Hamish Ivison&lt;/a&gt;,
 &lt;a href="http://arxiv.org/find/cs/1/au:+Wang_Y/0/1/0/all/0/1"&gt;Yizhong Wang&lt;/a&gt;</dc:creator>
</item>
</rdf:RDF>
"""


def test_arxiv_atom_listing_and_old_rdf_feeds() -> None:
    digest = parse_text(ATOM_LISTING, "feed.xml")
    [paper] = digest.papers
    assert digest.format == "arxiv-feed"
    assert digest.digest_date == dt.date(2024, 6, 25)
    assert (paper.arxiv_id, paper.abstract) == ("2406.16793", "We propose Adam-mini.")
    assert paper.authors == ["Yushun Zhang", "Ruoyu Sun"]
    assert paper.published == dt.date(2024, 6, 25)

    digest = parse_text(RDF_LISTING, "feed.rdf")
    [paper] = digest.papers
    assert paper.title == "Camels in a Changing Climate"
    assert paper.arxiv_id == "2311.10702"
    assert paper.abstract == 'Since the release of T\\"ULU, we release T\\"ULU 2.'
    assert paper.authors == ["Hamish Ivison", "Yizhong Wang"]
    assert digest.digest_date == dt.date(2023, 11, 20)
    assert (paper.meta.categories, paper.meta.version) == (("cs.CL",), 1)  # from the title suffix


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0" xmlns:arxiv="http://arxiv.org/schemas/atom"><channel>
<title>arXiv</title><item><title>&lol9;</title><link>https://arxiv.org/abs/2406.16793</link></item>
</channel></rss>
"""


def test_xml_bomb_is_rejected() -> None:
    assert detect(BOMB) is not None and detect(BOMB).name == "arxiv-feed"  # type: ignore[union-attr]
    with pytest.raises(Rejected, match="billion laughs"):
        parse_text(BOMB, "bomb.xml")


def test_external_entity_is_rejected() -> None:
    xxe = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        '<rss version="2.0" xmlns:arxiv="http://arxiv.org/schemas/atom"><channel>'
        "<item><title>&xxe;</title></item></channel></rss>"
    )
    with pytest.raises(Rejected, match="refused"):
        ArxivFeedImporter().parse(xxe, ctx())


def test_malformed_or_empty_xml_is_rejected() -> None:
    broken = (FIXTURES / "arxiv-rss.xml").read_text(encoding="utf-8").replace("</channel>", "")
    with pytest.raises(Rejected, match="malformed XML"):
        parse_text(broken, "broken.xml")
    empty = '<rss version="2.0" xmlns:arxiv="http://arxiv.org/schemas/atom"><channel/></rss>'
    with pytest.raises(Rejected, match="no entries"):
        ArxivFeedImporter().parse(empty, ctx())


def test_arxiv_api_error_is_rejected() -> None:
    error = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><id>http://arxiv.org/api/x</id>'
        "<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>"
        "<title>Error</title><summary>incorrect id format for 1234</summary></entry></feed>"
    )
    with pytest.raises(Rejected, match="incorrect id format for 1234"):
        ArxivFeedImporter().parse(error, ctx())
