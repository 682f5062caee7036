"""Importers beyond the page text: HF API JSON, arXiv mailing, arXiv RSS/Atom, e-mail."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from testutil import HF_API, HF_API_DAYS, HF_API_PAPERS

from reader.core.importers import detect, parse_bytes
from reader.core.importers.arxiv_feed import ArxivFeedImporter
from reader.core.importers.arxiv_mail import ArxivMailImporter
from reader.core.importers.base import ParseContext, Rejected
from reader.core.importers.eml import EmlImporter, html_to_text
from reader.core.importers.hf_api import HFApiImporter
from reader.core.model import LinkKind, ParsedDigest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = HF_API
SAMPLE = ROOT / "resources" / "hf-daily-papers-sample.txt"
AS_OF = dt.date(2026, 1, 5)


def parse_file(path: Path, as_of: dt.date = AS_OF) -> ParsedDigest:
    return parse_bytes(path.read_bytes(), path, as_of)


def parse_text(text: str, name: str = "digest.txt") -> ParsedDigest:
    return parse_bytes(text.encode("utf-8"), Path(name), AS_OF)


def ctx(name: str = "x.json") -> ParseContext:
    return ParseContext(source=Path(name), as_of=AS_OF)


def _item(**paper: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "2406.00001",
        "title": "A Paper\n  With a Wrapped Title",
        "summary": "An abstract\nthat is hard-wrapped. Code: https://x.io/{https://x.io/}.",
        "authors": [{"name": "Ann Example", "hidden": False}],
        "publishedAt": "2024-06-01T10:00:00.000Z",
        "upvotes": 5,
    }
    base.update(paper)
    return {"paper": base, "publishedAt": "2024-06-03T08:00:00.000Z", "title": base["title"]}


# --- Hugging Face /api/daily_papers -------------------------------------------------------


def test_hf_api_corpus_parses_without_rejections() -> None:
    files = sorted(CORPUS.glob("*.json"))
    assert len(files) == HF_API_DAYS
    entries = 0
    ids: set[str] = set()
    for path in files:
        digest = parse_file(path)
        assert digest.format == "hf-daily-api", path.name
        assert digest.papers, path.name
        assert digest.warnings == [], (path.name, digest.warnings[:3])
        # The latest listing day of each archived response is the day its file is named after.
        assert digest.digest_date == dt.date.fromisoformat(path.stem), path.name
        entries += len(digest.papers)
        for paper in digest.papers:
            assert paper.arxiv_id, (path.name, paper.title)
            assert "\n" not in paper.title and "\n" not in paper.abstract
            assert paper.published is not None and paper.upvotes is not None
            assert "{" not in "".join(link.url for link in paper.links)
            ids.add(paper.arxiv_id)
    assert entries == HF_API_PAPERS
    assert len(ids) == HF_API_PAPERS


def test_hf_api_known_paper_fields() -> None:
    digest = parse_file(CORPUS / "2024-09-20.json")
    [paper] = [p for p in digest.papers if p.arxiv_id == "2409.12576"]
    assert paper.title == "StoryMaker: Towards Holistic Consistent Characters in Text-to-image Generation"
    # "Xu Tang" is a hidden author: counted, not named.
    assert paper.authors == ["Zhengguang Zhou", "Jing Li", "Huaxia Li", "Nemo Chen"]
    assert paper.author_count == 5
    assert paper.upvotes == 9
    assert paper.published == dt.date(2024, 9, 19)
    assert paper.abstract.startswith(
        "Tuning-free personalized image generation methods have achieved significant success"
    )
    assert paper.abstract.endswith("are available at https://github.com/RedAIGC/StoryMaker.")
    assert [(link.url, link.kind, link.repo) for link in paper.links] == [
        ("https://github.com/RedAIGC/StoryMaker", LinkKind.GITHUB, "RedAIGC/StoryMaker")
    ]
    assert digest.digest_date == dt.date(2024, 9, 20)


def test_hf_api_mangled_latex_url_gives_one_clean_link() -> None:
    digest = parse_file(CORPUS / "2024-05-31.json")
    [paper] = [p for p in digest.papers if p.arxiv_id == "2405.19957"]
    assert [link.url for link in paper.links] == ["https://github.com/MiaoQiaowei/PLA4D.github.io"]


def test_hf_api_repr_string_days() -> None:
    raw = json.loads((CORPUS / "2024-12-11.json").read_text(encoding="utf-8"))
    assert all(isinstance(item, str) for item in raw)
    digest = parse_file(CORPUS / "2024-12-11.json")
    assert len(digest.papers) == len(raw) == 26
    assert digest.papers[0].arxiv_id == "2412.07730"
    assert digest.papers[0].authors[:2] == ["Zongyu Lin", "Wei Liu"]
    assert digest.digest_date == dt.date(2024, 12, 11)


def test_hf_api_wrapper_days(tmp_path: Path) -> None:
    items = json.loads((CORPUS / "2024-06-03.json").read_text(encoding="utf-8"))
    wrapped = {"status": "ok", "date": "2024-06-03", "count": len(items), "data": items}
    path = tmp_path / "anything.json"
    path.write_text(json.dumps(wrapped, indent=1), encoding="utf-8")
    digest = parse_file(path)
    assert digest.format == "hf-daily-api"
    assert len(digest.papers) == len(items)
    assert digest.digest_date == dt.date(2024, 6, 3)
    assert digest.warnings == []
    # The wrapper around repr-string items, and a wrong count, are fine too (with a warning).
    reprs = json.loads((CORPUS / "2024-12-11.json").read_text(encoding="utf-8"))
    text = json.dumps({"status": "ok", "date": "2024-12-11", "count": 99, "data": reprs})
    digest = parse_text(text, "x.json")
    assert len(digest.papers) == 26
    assert any("count 99" in warning for warning in digest.warnings)


def test_hf_api_fields_links_and_hidden_authors() -> None:
    item = _item(
        githubRepo="https://github.com/ann/tool",
        projectPage="https://ann.github.io/tool/",
        summary="See https://github.com/ann/tool/ and https://x.io/{https://x.io/}.",
        authors=[
            {"name": "Ann Example", "hidden": False},
            {"name": "Secret Person", "hidden": True},
            {"name": "Bob Example", "hidden": False},
        ],
    )
    digest = HFApiImporter().parse(json.dumps([item]), ctx())
    [paper] = digest.papers
    assert paper.title == "A Paper With a Wrapped Title"
    assert paper.authors == ["Ann Example", "Bob Example"]
    assert paper.author_count == 3
    assert [(link.url, link.kind) for link in paper.links] == [
        ("https://github.com/ann/tool", LinkKind.GITHUB),
        ("https://ann.github.io/tool/", LinkKind.PROJECT),
        ("https://x.io", LinkKind.OTHER),
    ]
    assert paper.links[0].repo == "ann/tool"
    assert digest.digest_date == dt.date(2024, 6, 3)


def test_hf_api_top_level_upvotes_and_versioned_id() -> None:
    item = _item(id="2406.00002v3")
    del item["paper"]["upvotes"]  # type: ignore[attr-defined]
    item["upvotes"] = 12
    [paper] = HFApiImporter().parse(json.dumps([item]), ctx()).papers
    assert paper.upvotes == 12
    assert paper.arxiv_id == "2406.00002"


def test_hf_api_bad_items_are_skipped_with_their_index() -> None:
    text = json.dumps([_item(), {"paper": {"id": "2406.1"}}, 42, _item(id="2406.00003")])
    digest = HFApiImporter().parse(text, ctx())
    assert [p.arxiv_id for p in digest.papers] == ["2406.00001", "2406.00003"]
    assert any(w.startswith("item #1:") for w in digest.warnings)
    assert any(w.startswith("item #2:") for w in digest.warnings)


def test_hf_api_file_without_papers_is_rejected() -> None:
    with pytest.raises(Rejected, match="no item"):
        HFApiImporter().parse(json.dumps([{"paper": {"id": "1"}}, "{'paper': 1}"]), ctx())


def test_hf_api_digest_date_falls_back_to_file_name() -> None:
    item = _item()
    del item["publishedAt"]
    digest = HFApiImporter().parse(json.dumps([item]), ctx("archive/2024-07-08.json"))
    assert digest.digest_date == dt.date(2024, 7, 8)


def test_hf_api_repr_with_function_call_is_rejected_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = (
        "{'paper': {'id': '2406.00001', 'title': 'x', 'summary': "
        f"__import__('os').system('touch {marker}')}}, 'title': 'x'}}"
    )
    text = json.dumps([repr(_item()), payload])
    assert HFApiImporter().sniff(text)
    with pytest.raises(Rejected, match=r"item #1 .*function call"):
        parse_text(text, "evil.json")
    assert not marker.exists()
    # Names and attribute access are refused as well, not looked up.
    with pytest.raises(Rejected, match="not a literal"):
        HFApiImporter().parse(json.dumps(["{'paper': os.environ}"]), ctx())


def test_hf_api_repr_with_invalid_escape_still_parses() -> None:
    item = "{'paper': {'id': '2406.00004', 'title': 'T', 'summary': 'a \\d b'}}"
    [paper] = HFApiImporter().parse(json.dumps([item]), ctx()).papers
    assert paper.abstract == "a \\d b"


def test_hf_api_deep_or_broken_json_is_rejected() -> None:
    deep = '[{"paper": {"id": "1", "title": "t"}}, ' + "[" * 200_000 + "]" * 200_000 + "]"
    with pytest.raises(Rejected, match="nested too deeply"):
        HFApiImporter().parse(deep, ctx())
    deep_repr = json.dumps(["{'paper': " + "[" * 100_000 + "]" * 100_000 + "}"])
    with pytest.raises(Rejected):
        HFApiImporter().parse(deep_repr, ctx())
    with pytest.raises(Rejected, match="invalid JSON"):
        HFApiImporter().parse('[{"paper": {"id": "1", "title": ', ctx())


# --- arXiv mailing ------------------------------------------------------------------------


def test_arxiv_mailing_fields() -> None:
    digest = parse_file(FIXTURES / "arxiv-mailing.txt")
    assert digest.format == "arxiv-mailing"
    assert digest.digest_date == dt.date(2024, 6, 24)
    assert digest.warnings == []
    ids = [p.arxiv_id for p in digest.papers]
    assert ids == ["2406.16793", "2406.16801", "2406.15877", "2305.14314", "math/0601001"]
    adam, rag, cross, qlora, old = digest.papers
    assert adam.title == "Adam-mini: Use Fewer Learning Rates To Gain More"
    assert adam.authors == [
        "Yushun Zhang", "Congliang Chen", "Ziniu Li", "Tian Ding", "Chenwei Wu", "Yinyu Ye",
        "Zhi-Quan Luo", "Ruoyu Sun",
    ]  # fmt: skip
    assert adam.author_count == 8
    assert adam.published == dt.date(2024, 6, 24)
    assert adam.abstract == (
        "We propose Adam-mini, an optimizer that achieves on-par or better performance than "
        "AdamW with $45\\%$ to $50\\%$ less memory footprint. Adam-mini reduces memory by "
        "cutting down the learning rate resources in Adam (i.e., $1/\\sqrt{v}$).\n\n"
        "We find that $\\geq 90\\%$ of these learning rates in $v$ could be harmlessly removed "
        "if we partition the parameters into blocks."
    )
    assert [link.repo for link in adam.links] == ["zyushun/Adam-mini"]  # from Comments
    assert adam.line == 15
    assert rag.title == (
        "A Very Long Title About Retrieval-Augmented Generation That Needs To Be Wrapped "
        "Over Two Lines In The Mailing"
    )
    assert rag.authors == ["Ada Lovelace", "Alan Turing"]  # affiliations dropped
    assert [link.url for link in rag.links] == [
        "https://huggingface.co/datasets/ada/rag",
        "https://example.org/rag-long/",
    ]
    assert cross.title == "Cross-Listed: Graph Neural Networks for Parsing"
    assert cross.abstract == "A single-author cross-listed paper whose abstract is one line."
    assert cross.published == dt.date(2024, 6, 22)
    # Replacements carry no abstract.
    assert qlora.title == "QLoRA: Efficient Finetuning of Quantized LLMs"
    assert qlora.abstract == "" and not qlora.abstract_truncated
    assert qlora.authors[-1] == "Luke Zettlemoyer"
    assert old.abstract == "" and old.authors == ["Emmy Noether"]


def test_arxiv_mailing_entry_without_title_is_reported() -> None:
    text = (FIXTURES / "arxiv-mailing.txt").read_text(encoding="utf-8")
    text = text.replace("Title: Cross-Listed: Graph Neural Networks for Parsing\n", "")
    digest = ArxivMailImporter().parse(text, ctx())
    assert len(digest.papers) == 4
    assert any("2406.15877" in w and "no title" in w for w in digest.warnings)


# --- arXiv RSS / Atom ---------------------------------------------------------------------


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


# --- e-mail -------------------------------------------------------------------------------


def test_eml_multipart_newsletter_uses_plain_part() -> None:
    digest = parse_file(FIXTURES / "newsletter.eml")
    assert digest.format == "email/hf-daily-page"
    # "Jun 25" has no year: it is resolved against the day the mail was sent.
    assert digest.digest_date == dt.date(2024, 6, 25)
    adam, uber = digest.papers
    assert adam.title == "Adam-mini: Use Fewer Learning Rates To Gain More"
    assert adam.upvotes == 42 and adam.author_count == 8
    assert adam.published == dt.date(2024, 6, 24)
    assert [link.repo for link in adam.links] == ["zyushun/Adam-mini"]
    assert uber.title == "Über-Tokens: Représentations «multilingues» for Everyone"
    assert "naïve café" in uber.abstract


def test_eml_html_only_is_converted_to_text() -> None:
    digest = parse_file(FIXTURES / "newsletter-html.eml")
    assert digest.format == "email/hf-daily-page"
    assert [p.title for p in digest.papers] == [
        "Adam-mini: Use Fewer Learning Rates To Gain More",
        "Über-Tokens: Représentations «multilingues» for Everyone",
    ]
    text = html_to_text("<p>a &amp; b</p><script>x()</script><p>c<br>d</p>")
    assert text == "a & b\n\nc\nd\n"


def test_eml_with_arxiv_mailing() -> None:
    digest = parse_file(FIXTURES / "arxiv-mailing.eml")
    assert digest.format == "email/arxiv-mailing"
    assert len(digest.papers) == 5
    assert digest.papers[0].arxiv_id == "2406.16793"
    assert digest.papers[3].abstract == ""


def test_eml_without_digest_is_rejected() -> None:
    with pytest.raises(Rejected, match="no part that is a known digest"):
        parse_file(FIXTURES / "not-a-digest.eml")


# --- detection by content -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("arxiv-mailing.txt", "arxiv-mailing"),
        ("arxiv-rss.xml", "arxiv-feed"),
        ("arxiv-atom.xml", "arxiv-feed"),
        ("newsletter.eml", "email"),
        ("newsletter-html.eml", "email"),
        ("arxiv-mailing.eml", "email"),
    ],
)
def test_detect_fixtures(name: str, expected: str) -> None:
    importer = detect((FIXTURES / name).read_text(encoding="utf-8"))
    assert importer is not None and importer.name == expected


def test_detect_hf_api_corpus_variants() -> None:
    for name in ("2024-05-27.json", "2024-12-11.json"):
        importer = detect((CORPUS / name).read_text(encoding="utf-8"))
        assert importer is not None and importer.name == "hf-daily-api"


def test_page_text_sample_still_detected() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    importer = detect(text)
    assert importer is not None and importer.name == "hf-daily-page"
    assert len(parse_file(SAMPLE).papers) == 38


PROSE = [
    "The quick brown fox jumps over the lazy dog.\n\nIt was a bright cold day in April, "
    "and the clocks were striking thirteen.\n",
    "Meeting notes\n\nFrom: the team\nWe discussed arXiv papers and the title of the talk.\n",
    '{"name": "config", "paper": "A4", "title": "settings"}',
    "<html><body><p>Welcome to my homepage about arXiv.</p></body></html>",
    "Title: My holiday\nAuthors: me\n\nWe went to the beach.\n",
]


@pytest.mark.parametrize("text", PROSE)
def test_prose_is_not_detected_by_new_importers(text: str) -> None:
    for importer in (HFApiImporter(), ArxivMailImporter(), ArxivFeedImporter(), EmlImporter()):
        assert not importer.sniff(text), importer.name
