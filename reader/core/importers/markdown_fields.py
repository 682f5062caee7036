"""The pieces of one Markdown digest entry (``markdown_digest``): labelled fields
(``**Authors:** …``, ``Vote: 12``, ``👍 5 Upvotes | [Arxiv](…)``), inline counts
(``▲ 16 • ⭐ 2,171``), links, the arXiv id, and the text cleaning every entry shares
(emphasis, inline HTML and entities out; numbering and decorations off a title).

No format knowledge beyond Markdown and the labels digest generators print; no I/O.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from reader.core.links import classify, clean_url
from reader.core.model import Link, LinkKind
from reader.core.text import arxiv_id_of, collapse, split_authors

#: A link to a paper: an arXiv abstract/PDF page or a Hugging Face paper page.
PAPER_URL_RE = re.compile(
    r"https?://(?:www\.|export\.)?(?:arxiv\.org/(?:abs|pdf|html)/"
    r"(?P<ax>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})"
    r"|(?:huggingface\.co|hf\.co)/papers/(?P<hf>\d{4}\.\d{4,5}))(?:v\d+)?",
    re.IGNORECASE,
)
_MD_LINK_RE = re.compile(r"!?\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_BARE_URL_RE = re.compile(r"""https?://[^\s<>"'{}|\\^`\[\]()]+""", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]*>")
_EMPHASIS_RE = re.compile(r"(\*\*|__|~~|`)")
_SINGLE_EMPH_RE = re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])")
_NUMBERING_RE = re.compile(r"^(?:\d{1,4}[.)、]|\[\d{1,4}\]|#\d{1,4}[.:]?|No\.\s*\d+[.:]?)(?:\s+|$)")
_ARXIV_TEXT_RE = re.compile(r"\barXiv:\s*(?P<id>\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
_NUMBER = r"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<k>[kK])?"
#: Counts printed inline: ``▲ 16``, ``👍 5``, ``⭐ 2,171``, ``🔥 33``, ``(12 upvotes)``.
_UPVOTE_MARK_RE = re.compile(r"(?:▲|⬆️?|👍|🔥|❤️?)\s*" + _NUMBER)
_STAR_MARK_RE = re.compile(r"(?:⭐|🌟|★)\s*" + _NUMBER)
_UPVOTES_WORD_RE = re.compile(_NUMBER + r"\s*(?:upvotes?|votes?|likes?)\b", re.IGNORECASE)
_STARS_WORD_RE = re.compile(_NUMBER + r"\s*(?:stars?|GitHub stars?)\b", re.IGNORECASE)
_AUTHOR_COUNT_RE = re.compile(r"\(\s*(\d+)\s+authors?\s*\)", re.IGNORECASE)
_ET_AL_RE = re.compile(r"\s*(?:,\s*)?\bet\.?\s*al\.?", re.IGNORECASE)
#: A line in italics listing names: ``*Ann Example, Bob Example et al. (7 authors)*``.
_ITALIC_AUTHORS_RE = re.compile(r"^\s*([*_])(?![*_])(?P<names>[^*_]{3,400})\1\s*$")
_CJK_TAIL_RE = re.compile(r"\s*[(（][^()（）]*[\u3040-\u30ff\u3400-\u9fff][^()（）]*[)）]\s*$")
_DECORATION_RE = re.compile(r"^[^\w$\\(\[{\"'“‘¿¡]+|(?<=[\w.?!)\]}$])[^\w.?!)\]}$]*$")

#: Field labels (lower case, emphasis and emoji removed) → the role they name.
LABELS: dict[str, str] = {
    **dict.fromkeys(("authors", "author", "作者", "authors list"), "authors"),
    **dict.fromkeys(("vote", "votes", "upvote", "upvotes", "likes", "点赞", "热度",
                     "热度/链接", "hf upvotes"), "upvotes"),
    **dict.fromkeys(("stars", "github stars", "star"), "stars"),
    **dict.fromkeys(("code", "github", "repo", "repository", "代码", "code link"), "code"),
    **dict.fromkeys(("project", "project page", "homepage", "website", "项目主页"), "project"),
    **dict.fromkeys(("arxiv", "paper", "link", "links", "url", "pdf", "hf", "huggingface",
                     "hugging face", "论文", "论文链接", "arxiv link", "paper link"), "link"),
    **dict.fromkeys(("abstract", "summary", "tl;dr", "tldr", "摘要", "简介", "overview",
                     "ai summary", "摘要翻译"), "abstract"),
    **dict.fromkeys(("published", "publish date", "date", "published on", "发布日期",
                     "日期", "submitted"), "date"),
    **dict.fromkeys(("category", "categories", "primary category", "subjects"), "categories"),
    **dict.fromkeys(("comments", "comment"), "comments"),
}
#: A row of a table of one paper's fields: ``| **Published** | 2026-05-22 |``.
_FIELD_ROW_RE = re.compile(r"^\s*\|\s*(?P<label>[^|:]{1,40}?)\s*\|\s*(?P<value>[^|]*?)\s*\|\s*$")
_LABEL_RE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*(?P<label>[^:：*_|\[\]()]{1,40}?)\s*(?:\*\*|__)?\s*[:：]"
    r"\s*(?:\*\*|__)?\s*(?P<value>.*)$"
)


def plain(text: str) -> str:
    """Markdown inline text as plain text: links as their text, images, tags, emphasis and
    entities out (``H<sub>2</sub>O`` → ``H2O``), whitespace collapsed."""
    out = _MD_LINK_RE.sub(lambda m: "" if m.group(0).startswith("!") else m["text"], text)
    out = _TAG_RE.sub("", out)
    out = _EMPHASIS_RE.sub("", out)
    out = _SINGLE_EMPH_RE.sub(r"\1", out)
    return collapse(html.unescape(out))


def clean_title(raw: str) -> str:
    """A heading's text as a paper title: numbering (``1.``, ``[3]``), decorations (emoji,
    ``⭐ 0``), a trailing translation in parentheses (``(中文简译)``) off."""
    text = _STAR_MARK_RE.sub("", _UPVOTE_MARK_RE.sub("", plain(raw)))
    text = _NUMBERING_RE.sub("", text.strip())
    text = _CJK_TAIL_RE.sub("", text) if re.search(r"[A-Za-z]{3}", text) else text
    return collapse(_DECORATION_RE.sub("", text))


def count_of(match: re.Match[str]) -> int | None:
    number = match["n"].replace(",", "")
    try:
        value = float(number)
    except ValueError:
        return None
    if match["k"]:
        value *= 1000
    return int(value) if value >= 0 else None


def links_of(text: str) -> list[str]:
    """Every http(s) URL of a piece of Markdown (link targets and bare URLs), cleaned, in
    order, without duplicates."""
    found: dict[str, None] = {}
    for m in _MD_LINK_RE.finditer(text):
        if not m.group(0).startswith("!"):
            url = clean_url(m["url"])
            if url:
                found.setdefault(url, None)
    rest = _MD_LINK_RE.sub(" ", text)
    for m in _BARE_URL_RE.finditer(rest):
        url = clean_url(m.group(0))
        if url:
            found.setdefault(url, None)
    return list(found)


def paper_id_of(urls: list[str], text: str) -> str | None:
    """The arXiv id of the first link to a paper, else an ``arXiv:ID`` in the text."""
    for url in urls:
        m = PAPER_URL_RE.match(url)
        if m:
            return arxiv_id_of(m["ax"] or m["hf"])
    m = _ARXIV_TEXT_RE.search(text)
    return m["id"] if m else None


def paper_links(urls: list[str], arxiv_id: str | None) -> list[Link]:
    """The links worth keeping: not the paper's own arXiv/HF page (its id gives those), not a
    bare GitHub owner (``github.com/huggingface``, a generator's placeholder), no images."""
    links: list[Link] = []
    for url in urls:
        m = PAPER_URL_RE.match(url)
        if m and arxiv_id_of(m["ax"] or m["hf"]) == arxiv_id:
            continue
        if re.search(r"\.(?:png|jpe?g|gif|svg|webp)$", url, re.IGNORECASE):
            continue
        link = classify(url)
        if link.kind is LinkKind.GITHUB and link.repo is None:
            continue
        if "img.shields.io" in url:
            continue
        links.append(link)
    return links


def authors_of(value: str) -> tuple[list[str], int | None]:
    """``A, B, C et al. (7 authors)`` → (names, 7); ``Lianjie Guo et.al.`` → ([name], None)."""
    text = plain(value)
    count_match = _AUTHOR_COUNT_RE.search(text)
    count = int(count_match[1]) if count_match else None
    text = _AUTHOR_COUNT_RE.sub("", text)
    text = _ET_AL_RE.sub("", text).strip().rstrip(",;")
    names = [n.strip(" .") if n.endswith(" .") else n for n in split_authors(text.replace("、", ","))]
    names = [n for n in names if n and len(n) <= 100]
    if count is not None and count < len(names):
        count = None
    return names, count


@dataclass
class Fields:
    """What the labelled lines and inline counts of one entry say."""

    values: dict[str, str] = field(default_factory=dict)  # role -> first value
    where: dict[str, int] = field(default_factory=dict)  # role -> offset of its line
    upvotes: int | None = None
    stars: int | None = None
    label_lines: set[int] = field(default_factory=set)  # offsets of the lines that were fields


def read_fields(lines: list[str]) -> Fields:
    """Labelled fields (``**Authors:** …``; several on a line split by `` | ``) and inline
    counts of an entry's lines (``▲ 16 • ⭐ 2,171``)."""
    out = Fields()
    for offset, raw in enumerate(lines):
        cell = _FIELD_ROW_RE.match(raw)
        line = f"{cell['label']}: {cell['value']}" if cell else raw
        parts = [p for p in re.split(r"\s+[|•·]\s+", line) if p.strip()] or [line]
        hit = False
        for part in parts:
            m = _LABEL_RE.match(part)
            if m is None:
                continue
            label = re.sub(r"[^\w\s/;.\u3400-\u9fff-]", "", m["label"]).strip().lower()
            role = LABELS.get(label)
            if role is None:
                continue
            hit = True
            value = m["value"].strip().strip("*_").strip()
            out.values.setdefault(role, value)
            out.where.setdefault(role, offset)
            if role == "upvotes" and out.upvotes is None:
                n = re.search(_NUMBER, plain(value))
                out.upvotes = count_of(n) if n else None
            if role == "stars" and out.stars is None:
                n = re.search(_NUMBER, plain(value))
                out.stars = count_of(n) if n else None
        italic = None if hit else _ITALIC_AUTHORS_RE.match(line)
        if italic and re.search(r",|\bet\.? ?al\b|\bauthors?\)", italic["names"]):
            hit = True
            out.values.setdefault("authors", italic["names"])
            out.where.setdefault("authors", offset)
        if hit:
            out.label_lines.add(offset)
        if out.upvotes is None:
            m2 = _UPVOTE_MARK_RE.search(line) or _UPVOTES_WORD_RE.search(line)
            if m2:
                out.upvotes = count_of(m2)
                out.label_lines.add(offset)
        if out.stars is None:
            m3 = _STAR_MARK_RE.search(line) or _STARS_WORD_RE.search(line)
            if m3:
                out.stars = count_of(m3)
    return out


def inline_counts(text: str) -> tuple[int | None, int | None]:
    """(upvotes, stars) printed inline in one line such as a ``<summary>``."""
    up = _UPVOTE_MARK_RE.search(text) or _UPVOTES_WORD_RE.search(text)
    star = _STAR_MARK_RE.search(text) or _STARS_WORD_RE.search(text)
    return (count_of(up) if up else None, count_of(star) if star else None)
