"""HTML inside feed fields as text: entities decoded, inline markup joined, blocks separated.

Third-party feeds of papers put HTML in ``<description>`` (and sometimes ``<title>``): escaped
once (``&lt;p&gt;``), or in CDATA, with entities (``&ndash;``, ``&odot;``) and inline markup
(``H<sub>2</sub>O``). :func:`html_blocks` reads such a field with the standard library's
:class:`html.parser.HTMLParser` (entities decoded by it): inline tags add nothing
(``H2O``, not ``H 2 O``; a power after a digit is written ``10^6``), block tags
(``<p>``, ``<br>``, ``<div>``, ``<li>``, headings…)
end a block, ``<script>``/``<style>`` are dropped, and each block's whitespace runs
become one space. :func:`inline_text` is the one-line form, for titles; :func:`page_text`
the same parser over a whole document (an e-mail's HTML part), where ``<br>`` breaks a line.

Plain text is never handed to the HTML parser (an abstract's ``$a<b$`` is not a tag):
:func:`looks_like_html` asks for a known tag first. Entities are decoded in any case, and
once more when a generator escaped them twice (``&amp;lt;`` read as ``&lt;``).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    {
     "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
     "blockquote", "hr", "section", "article", "header", "footer", "dd", "dt", "dl", "pre", "figure",
     "figcaption", "details", "summary",
    }
)
_SKIP_TAGS = frozenset({"script", "style"})
_KNOWN_TAG_RE = re.compile(
    r"</?(?:p|a|b|i|u|s|br|em|strong|sub|sup|div|span|li|ul|ol|h[1-6]|img|code|small|"
    r"font|blockquote|table|tr|td|hr|pre)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def looks_like_html(text: str) -> bool:
    """Whether ``text`` carries HTML markup (a known tag), not just a ``<`` in math."""
    return "<" in text and _KNOWN_TAG_RE.search(text) is not None


def decode_entities(text: str) -> str:
    """``&ndash;`` → ``–``; a second pass for text escaped twice (``&amp;lt;``)."""
    for _ in range(2):
        if "&" not in text or not _ENTITY_RE.search(text):
            break
        text = html.unescape(text)
    return text


class _BlockParser(HTMLParser):
    """Blocks of text (and the link targets) of HTML. ``line_breaks``: a ``<br>`` breaks the
    line inside its block (a whole page, :func:`page_text`) instead of ending the block (a
    feed field, where ``<br>`` separates labelled fields)."""

    def __init__(self, line_breaks: bool = False, skip: frozenset[str] = _SKIP_TAGS) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.hrefs: list[str] = []
        self._current: list[str] = []
        self._skip = 0
        self._skip_tags = skip
        self._line_breaks = line_breaks

    def _flush(self) -> None:
        lines = (" ".join(line.split()) for line in "".join(self._current).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text:
            self.blocks.append(text)
        self._current = []

    def _block_tag(self, tag: str) -> None:
        if tag == "br" and self._line_breaks:
            self._current.append("\n")
        else:
            self._flush()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)
        if tag in self._skip_tags:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self._block_tag(tag)
        elif tag == "sup" and self._current and self._current[-1][-1:].isdigit():
            self._current.append("^")  # 10<sup>6</sup> is 10^6, not 106

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._block_tag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skip_tags:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS and tag != "br":
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _markup(text: str) -> str | None:
    """The HTML to parse in ``text`` (unescaped once more if its markup was escaped twice),
    or None for plain text."""
    if looks_like_html(text):
        return text
    if "&lt;" in text and looks_like_html(html.unescape(text)):
        return html.unescape(text)
    return None


def html_blocks(text: str, line_label: re.Pattern[str] | None = None) -> list[str]:
    """The text blocks of a feed field: HTML read as above, plain text split at blank lines
    (and before every line ``line_label`` matches: a labelled field on a line of its own).

    Every block has its entities decoded and its whitespace collapsed; empty blocks are
    dropped.
    """
    markup = _markup(text)
    if markup is not None:
        parser = _BlockParser()
        parser.feed(markup)
        parser.close()
        blocks = parser.blocks
    else:
        blocks = _plain_blocks(text, line_label)
    out = [" ".join(decode_entities(block).split()) for block in blocks]
    return [block for block in out if block]


def _plain_blocks(text: str, line_label: re.Pattern[str] | None) -> list[str]:
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if not line.strip() or (line_label is not None and line_label.match(line)):
            blocks.append([])
        if line.strip():
            blocks[-1].append(line)
    return [" ".join(" ".join(lines).split()) for lines in blocks if lines]


def html_hrefs(text: str) -> list[str]:
    """The targets of the links (``<a href>``) of an HTML field, in order; [] for plain text."""
    markup = _markup(text)
    if markup is None:
        return []
    parser = _BlockParser()
    parser.feed(markup)
    parser.close()
    return parser.hrefs


#: What a whole page hides besides scripts: its head (and the title in it).
_PAGE_SKIP_TAGS = _SKIP_TAGS | {"head", "title"}


def page_text(markup: str) -> str:
    """The visible text of a whole HTML document (an e-mail's HTML part): paragraphs
    separated by blank lines, a ``<br>`` a line break, whitespace runs one space."""
    parser = _BlockParser(line_breaks=True, skip=_PAGE_SKIP_TAGS)
    parser.feed(markup)
    parser.close()
    return "\n\n".join(parser.blocks) + "\n"


def inline_text(text: str) -> str:
    """A one-line field (a title) as text: markup removed without inventing spaces."""
    return " ".join(html_blocks(text))
