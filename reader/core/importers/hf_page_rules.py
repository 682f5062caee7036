"""The small local rules the Daily Papers page-text importer classifies lines and blocks by
(ARCHITECTURE.md, "Data flow of an import"; the parser itself is ``hf_page.py``).

Each rule looks at one line or one block and its neighbours only: which lines are page
boilerplate (``HEADER_LINES``), what a meta line is (``• N authors`` / ``·`` / a date /
votes), when a text block reads as a title, whether an abstract was cut off by the copy
(``looks_truncated``), and how to take apart a copy that kept no blank lines
(``unglue_line``, ``split_mixed``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from reader.core.text import month_number

#: Page boilerplate: a block made only of these lines is the page's header (or footer).
HEADER_LINES = {
    "new",
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
    "subscribe",
    "daily papers",
    "trending papers",
    "byak and the research community",
    "by ak and the research community",
    "daily papers byak and the research community",
    "by",
    "ak",
    "and the research community",
    "daily",
    "weekly",
    "monthly",
    "daily weekly monthly",
    "previous",
    "next",
    "load more",
    "system theme",
    "company",
    "tos",
    "privacy",
    "about",
    "careers",
    "website",
    "models",
    "datasets",
    "spaces",
    "pricing",
    "docs",
    "daily papers - hugging face",
    "hugging face",
    "enterprise",
    "buckets new",
    "log in",
    "sign up",
}
#: Header lines that only the Daily Papers page prints: one of them is enough to sniff it.
SIGNAL_LINES = {
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "by ak and the research community",
    "daily papers byak and the research community",
}
#: Boilerplate a copy may glue to the next line without a break ("SubscribePictures Of…").
_GLUED_PREFIXES = sorted(
    (
        "Get trending papers in your email inbox once a day!",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "Daily Papers",
        "Trending Papers",
        "byAK and the research community",
        "by AK and the research community",
    ),
    key=len,
    reverse=True,
)
_GLUED_START = tuple(_GLUED_PREFIXES)
#: Longer lines are never header lines (with room for Markdown's ``#``/``*`` around them)
_LONGEST_HEADER_LINE = max(len(line) for line in HEADER_LINES) + 12
#: ... nor meta lines (``• 12 authors · Published on September 24, 2024 · 1234`` is 53)
_LONGEST_META_LINE = 100
# "Jan 24, 2024", "Sep 1", "Jul 19 1" (upvotes), "Mar 21, 2024 3", "Published on Jan 24, 2024"
_DATE_RE = re.compile(
    r"^(?:published\s+on\s+|submitted\s+)?(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?!\d)"
    r"(?:,?\s+(?P<year>\d{4}))?(?:\s*[·•]?\s*(?P<votes>\d{1,6}))?$",
    re.IGNORECASE,
)
_VOTES_RE = re.compile(r"^(?:▲\s*)?(?P<votes>\d{1,6})(?:\s+upvotes?)?$", re.IGNORECASE)
_AUTHORS_RE = re.compile(r"^[•·*\-]?\s*(?P<n>\d{1,4})\s+authors?$", re.IGNORECASE)
_BULLET_RE = re.compile(r"^[•]\s*(?P<text>.+)$")
_SEPARATORS = {"·", "•", "-", "—"}

MAX_TITLE_CHARS = 300
MAX_TITLE_WORDS = 40


@dataclass
class Block:
    line: int  # 1-based line number of the first line
    lines: list[str]
    numbers: list[int] = field(default_factory=list)  # each line's number, when known

    def number(self, offset: int) -> int:
        return self.numbers[offset] if offset < len(self.numbers) else self.line + offset

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    def preview(self) -> str:
        text = self.text
        return text if len(text) <= 60 else text[:57] + "…"


@dataclass
class Meta:
    author_count: int | None = None
    organization: str | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    upvotes: int | None = None


# ------------------------------------------------------------------ lines
def is_header_line(line: str) -> bool:
    """Page boilerplate (a Markdown heading's ``#`` or a list's ``*`` aside)."""
    if len(line) > _LONGEST_HEADER_LINE:  # an abstract's line: no work (the page's bulk)
        return False
    return line.lstrip("#* ").lower() in HEADER_LINES


def unglue_line(line: str) -> list[str]:
    """Boilerplate glued to what follows it: ``SubscribePictures Of MIDI: …`` is two lines.

    Only a known phrase directly followed (no space) by a capital, a digit or another
    phrase is cut: ``Subscribe to…`` or ``Newton's…`` stay whole."""
    parts: list[str] = []
    rest = line
    while True:
        if not rest.startswith(_GLUED_START):  # most lines: one C-level test
            return [*parts, rest]
        for prefix in _GLUED_PREFIXES:
            tail = rest[len(prefix):]
            if rest.startswith(prefix) and tail and not tail[0].isspace() and (
                tail[0].isupper() or tail[0].isdigit() or prefix.endswith("!")
                or any(tail.startswith(p) for p in _GLUED_PREFIXES)
            ):
                parts.append(prefix)
                rest = tail
                break
        else:
            return [*parts, rest]


def parse_date_line(line: str) -> tuple[int, int, int | None, int | None] | None:
    match = _DATE_RE.match(line)
    if not match:
        return None
    month = month_number(match["mon"])
    day = int(match["day"])
    if month is None or not 1 <= day <= 31:
        return None
    year = int(match["year"]) if match["year"] else None
    votes = int(match["votes"]) if match["votes"] else None
    return month, day, year, votes


def _meta_parts(line: str) -> list[str]:
    """A meta line glued to the next (``• 3 authors · Jun 10``) read as its parts."""
    if "·" not in line or line == "·":
        return [line]
    return [part.strip() for part in line.split("·") if part.strip()] or [line]


def is_meta_line(line: str) -> bool:
    """A line that can only belong to a meta block (never to a title or an abstract)."""
    if len(line) > _LONGEST_META_LINE:
        return False
    return all(
        part in _SEPARATORS or _AUTHORS_RE.match(part) is not None
        or parse_date_line(part) is not None
        for part in _meta_parts(line)
    )


# ------------------------------------------------------------------ blocks
def split_mixed(block: Block) -> list[Block]:
    """A block that mixes header, meta and text lines (a copy that kept no blank lines) is
    cut where the kind of line changes; its text lines are one paragraph each (such a copy
    has one line per paragraph), except a line that continues the one before it (it starts
    in lower case, or the one before ends with a hyphen)."""
    kinds = ["header" if is_header_line(x) else "meta" if is_meta_line(x) else "text"
             for x in block.lines]
    bullets = [_BULLET_RE.match(x) is not None for x in block.lines]
    if len(set(kinds)) == 1 or (set(kinds) <= {"meta", "text"} and all(
        kind == "meta" or bullet for kind, bullet in zip(kinds, bullets)
    )):
        return [block]
    for offset in range(len(kinds)):  # "• Google DeepMind" next to a meta line is meta
        near = kinds[max(offset - 1, 0) : offset + 2]
        if kinds[offset] == "text" and bullets[offset] and "meta" in near:
            kinds[offset] = "meta"
    parts: list[Block] = []
    for offset, (line, kind) in enumerate(zip(block.lines, kinds)):
        previous = kinds[offset - 1] if offset else None
        joins = parts and kind == previous and (
            kind != "text" or line[:1].islower() or block.lines[offset - 1].endswith("-")
        )
        number = block.number(offset)
        if joins:
            parts[-1].lines.append(line)
            parts[-1].numbers.append(number)
        else:
            parts.append(Block(number, [line], [number]))
    return parts


def is_header(block: Block) -> bool:
    return all(is_header_line(line) for line in block.lines)


def is_date_block(block: Block) -> bool:
    return len(block.lines) == 1 and parse_date_line(block.lines[0]) is not None


def parse_meta(block: Block) -> Meta | None:
    """A meta block is made only of author/organisation bullets, separators, a date, votes."""
    meta = Meta()
    saw_signal = False
    parts = [part for line in block.lines for part in _meta_parts(line)]
    for line in parts:
        if line in _SEPARATORS:
            continue
        authors = _AUTHORS_RE.match(line)
        if authors:
            meta.author_count = int(authors["n"])
            saw_signal = True
            continue
        date = parse_date_line(line)
        if date is not None and meta.month is None:
            meta.month, meta.day, meta.year, meta.upvotes = date
            saw_signal = True
            continue
        votes = _VOTES_RE.match(line)
        if votes and saw_signal:
            meta.upvotes = int(votes["votes"])
            continue
        bullet = _BULLET_RE.match(line)
        if bullet and len(line) <= 120:
            meta.organization = bullet["text"].strip()
            saw_signal = True
            continue
        return None
    return meta if saw_signal and (meta.author_count is not None or meta.organization
                                   or len(parts) > 1) else None


def is_title_like(block: Block) -> bool:
    if len(block.lines) != 1:
        return False
    line = block.lines[0]
    if len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS:
        return False
    # A long sentence ending in a full stop is prose, not a title.
    return not (line.endswith(".") and len(line.split()) > 20)


def reads_as_prose(block: Block) -> bool:
    """A short abstract that is title-like by its length: several words, and a sentence
    (a full stop inside it or at its end) or a cut-off one (no closing punctuation); with
    fewer than six words, a cut-off one whose words are mostly in lower case."""
    text = block.text
    words = text.split()
    if len(words) >= 6:
        return ". " in text or text.endswith(".") or looks_truncated(text)
    # Fewer words: a sentence cut off early reads in lower case, a title in capitals.
    lower = sum(1 for word in words[1:] if word[:1].islower())
    return len(words) >= 3 and lower * 3 >= 2 * (len(words) - 1) and looks_truncated(text)


def split_title_line(block: Block) -> tuple[Block, Block] | None:
    """A title and its abstract on consecutive lines of one block: (title, abstract).

    Only when the first line reads as a title (short, no closing full stop) and the second
    starts a sentence (a capital letter): a hard-wrapped paragraph continues in lower case."""
    if len(block.lines) < 2:
        return None
    first, second = block.lines[0], block.lines[1]
    head = Block(block.line, [first], block.numbers[:1])
    if not is_title_like(head) or first.endswith((".", ",", ";", ":", "-")) or len(first) > 250:
        return None
    if not second[:1].isupper() or len(second.split()) < 4:
        return None
    return head, Block(block.number(1), block.lines[1:], block.numbers[1:])


# ------------------------------------------------------------------ the truncation guess
_URL_END_RE = re.compile(r"(?:https?://|www\.|github\.com/)\S*$", re.IGNORECASE)  # of the last word
_LINK_LINE_RE = re.compile(
    r"(?:^|\s)(?:code|project(?:\s+page)?|page|website|demo|data(?:set)?|github|models?)"
    r"\s*(?:is|are)?\s*(?:publicly\s+)?(?:available)?\s*(?:at|:)\s*\S*[./]\S*$",
    re.IGNORECASE,
)
#: A last word that is a cut abbreviation: ``(e.``, ``i.``, ``e.g``, ``cf.`` …
_CUT_ABBREVIATION_RE = re.compile(
    r"(?:^|[\s(\[])(?:e|i|e\.g|i\.e|cf|vs|resp|fig|figs|eq|eqs|sec|approx|et\s+al|w\.r)\.?$",
    re.IGNORECASE,
)
_FINAL = (".", "!", "?", ")", "]", '"', "”", "’", "'", "}")
#: How much of an abstract's end the link-line rule reads (``Code: github.com/…``).
_TAIL_CHARS = 200


def looks_truncated(text: str) -> bool:
    """Whether a copy cut this abstract off: it ends mid-word or mid-sentence (no closing
    punctuation), in a cut abbreviation (``… the limitations (e.``), with an ellipsis, or
    with a parenthesis left open. An abstract ending in a URL or a ``Code: URL`` line is
    complete."""
    body = text.rstrip()
    if not body:
        return False
    if body.endswith(("…", "...")):
        return True
    # The end-anchored rules look at the end only (searching a whole abstract for them
    # backtracks at every word: a quarter of the page's parse time).
    tail = body[-_TAIL_CHARS:].rstrip(".")
    last_word = tail.rsplit(None, 1)[-1] if tail.strip() else ""
    if _URL_END_RE.search(last_word) or _LINK_LINE_RE.search(tail):
        return False
    if _CUT_ABBREVIATION_RE.search(body[-40:]):
        return True
    if body.count("(") > body.count(")") or body.count("[") > body.count("]"):
        return True
    return not body.endswith(_FINAL)


# ------------------------------------------------------------------ dates
def resolve(month: int, day: int, year: int | None, not_after: dt.date) -> dt.date | None:
    """The date itself when it has a year, else the latest such day not after ``not_after``."""
    if year is not None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    for candidate_year in range(not_after.year, not_after.year - 9, -1):
        try:
            candidate = dt.date(candidate_year, month, day)
        except ValueError:
            continue  # Feb 29 in a non-leap year
        if candidate <= not_after:
            return candidate
    return None


def resolve_page_date(month: int, day: int, year: int | None, as_of: dt.date,
                      latest_dated: dt.date | None) -> dt.date | None:
    """A page's own date. Printed without a year, it is the latest such day not after
    ``as_of`` (the file's date), unless that puts a paper printed with its full date after
    the page (``latest_dated``): ``as_of`` is then wrong (a copied file's mtime) and the
    page is the first such day on or after that paper's date."""
    resolved = resolve(month, day, year, as_of)
    if resolved is None or year is not None or latest_dated is None or latest_dated <= resolved:
        return resolved
    for candidate_year in range(latest_dated.year, latest_dated.year + 2):
        try:
            candidate = dt.date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate >= latest_dated:
            return candidate
    return resolved
