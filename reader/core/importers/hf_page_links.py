"""Rules for Daily Papers page text saved with its link addresses (ARCHITECTURE.md, "Data
flow of an import"; the parser is ``hf_page.py``, the other rules ``hf_page_rules.py``).

Read-later and notebook exports of the page put every link's address on a line of its own
after the link's text (``https://huggingface.co/papers/2410.05434`` after a title), wrap a
linked meta line in Markdown (``[`` / ``2 authors](https://…)``) and keep the vote widget
(``[-] 5``). These rules say what such a line is: a link line is page structure, not text
(a paper page's address after a title is that paper's arXiv id); a vote line is the next
entry's upvotes; the organisation of an entry is a short line followed by its profile link.
"""

from __future__ import annotations

import re

from reader.core.importers.hf_page_rules import Block, Meta
from reader.core.model import ParsedPaper

_URL_LINE_RE = re.compile(r"^https?://\S+$")
_PAPER_LINK_RE = re.compile(r"^https?://huggingface\.co/papers/(?P<id>\d{4}\.\d{4,5})/?$")
_PROFILE_LINK_RE = re.compile(
    r"^https?://huggingface\.co/(?!papers\b|login\b|join\b|models\b|datasets\b|spaces\b)"
    r"[\w.-]+/?$"
)
_COMMUNITY_LINK_RE = re.compile(r"^https?://huggingface\.co/papers/\S+#community$")
_MARKDOWN_TAIL_RE = re.compile(r"^(?P<text>.*?)\]\(https?://[^\s)]+\)$")
_VOTE_RE = re.compile(r"^\[-\]\s*(?P<n>\d{1,6}|-)$")
# A text browser's dump (w3m, lynx): links as [text][N], images as [alt].
_REF_RE = re.compile(r"\]\[\d+\]")
_COMMENTS_RE = re.compile(r"\s*\[\s*\d+\s*\]\[\d+\]$")  # "Jun 24 [ 6][39]": comments
_AVATAR_NAME_RE = re.compile(r"^\[\[[^\]]*\]\s*(?P<name>[^\[\]]+)\]\[\d+\]$")
_BRACKETED_RE = re.compile(r"\[(?P<text>[^\[\]]*)\]")
_HEADING_RE = re.compile(r"^#{1,6}\s+")


def normalize_line(line: str) -> str | None:
    """A line without the Markdown a link export wrapped it in (``2 authors](https://…)`` is
    ``2 authors``) or a text browser's link references (``### [Title][32]`` is ``Title``,
    ``[[microsoft] Microsoft][67]`` the organisation ``• Microsoft``, the comment count in
    ``Jun 24 [ 6][39]`` goes); a bracket alone on its line is no line (None)."""
    if line in ("[", "]", "](", ")"):
        return None
    if "]" not in line:  # no link markup: most lines
        return _HEADING_RE.sub("", line) if line.startswith("#") else line
    match = _MARKDOWN_TAIL_RE.match(line)
    if match:
        return match["text"].strip() or None
    avatar = _AVATAR_NAME_RE.match(line)
    if avatar:  # the logo before the site's name is no organisation
        name = avatar["name"].strip()
        return name if name.lower() == "hugging face" else "• " + name
    if "][" in line:
        line = _REF_RE.sub("]", _COMMENTS_RE.sub("", line))
        line = _BRACKETED_RE.sub(lambda m: m["text"], line).strip()
        if line in ("", "]", "["):
            return None
    return _HEADING_RE.sub("", line) if line.startswith("#") else line


def fold_vote_widgets(lines: list[str]) -> list[str]:
    """A text browser's vote widget (``[`` / ``1`` or ``-`` / ``][40]``) as one vote line
    ``[-] 1`` with a blank line on each side (the same number of lines)."""
    out = list(lines)
    for k in range(len(out) - 2):
        middle = out[k + 1].strip()
        if (
            out[k].strip() == "["
            and (middle.isdigit() or middle == "-")
            and re.fullmatch(r"\](?:\[\d+\])?", out[k + 2].strip())
        ):
            out[k : k + 3] = ["", f"[-] {middle}", ""]
    return out


def is_link_line(line: str) -> bool:
    return _URL_LINE_RE.match(line) is not None


def paper_link_id(line: str) -> str | None:
    """The arXiv id of a Hugging Face paper page's address, else None."""
    match = _PAPER_LINK_RE.match(line)
    return match["id"] if match else None


def is_profile_link(line: str) -> bool:
    return _PROFILE_LINK_RE.match(line) is not None


def is_community_link(line: str) -> bool:
    return _COMMUNITY_LINK_RE.match(line) is not None


def is_vote_line(line: str) -> bool:
    return _VOTE_RE.match(line) is not None


def vote_value(line: str) -> int | None:
    """The upvotes a vote widget line shows: ``[-] 5`` → 5, ``[-] -`` → None."""
    match = _VOTE_RE.match(line)
    return int(match["n"]) if match and match["n"] != "-" else None


def link_export_rules(blocks: list[Block], kinds: list[str], metas: dict[int, Meta]) -> None:
    """Text blocks a link export explains by the link after them: an organisation (a short
    line, its profile link, then the meta block) and the comment count after a meta block
    (a number, then the ``#community`` link)."""
    for i, kind in enumerate(kinds[:-1]):
        if kind != "text" or len(blocks[i].lines) != 1 or kinds[i + 1] != "link":
            continue
        line, link = blocks[i].lines[0], blocks[i + 1].lines[0]
        if line.isdigit() and is_community_link(link) and i and kinds[i - 1] == "meta":
            kinds[i] = "noise"
        elif len(line.split()) <= 6 and is_profile_link(link):
            after = next((k for k in range(i + 2, len(kinds)) if kinds[k] != "link"), None)
            if after is not None and after in metas and metas[after].organization is None:
                kinds[i] = "noise"
                metas[after].organization = line


def from_links(paper: ParsedPaper, blocks: list[Block], kinds: list[str], title_at: int) -> None:
    """What a link export says about an entry: the paper page's address right after the
    title (its arXiv id) and the vote widget before it (its upvotes)."""
    after = title_at + 1
    if after < len(blocks) and kinds[after] == "link":
        paper.arxiv_id = paper_link_id(blocks[after].lines[0])
    before = title_at - 1
    while before >= 0 and kinds[before] == "link":
        before -= 1
    if before >= 0 and kinds[before] == "vote" and paper.upvotes is None:
        paper.upvotes = vote_value(blocks[before].lines[0])
