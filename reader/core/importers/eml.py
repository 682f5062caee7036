"""E-mail files (``.eml``, or a raw message saved as text) that carry a digest.

The message is read with the standard :mod:`email` package (``policy.default``). Its parts
are tried in order — ``text/plain`` bodies first, then ``text/html`` bodies converted to
text (tags stripped, ``script``/``style`` dropped, block elements become line breaks), then
text-like attachments (``.json``, ``.xml``, ``.txt``) — and the first part another importer
recognises is parsed by it. Which importer recognises a part is asked of the registry the
e-mail importer was given when it was built (``EmlImporter(registry)``; no import of the
registry here, which imports this module). The digest's format is ``email/<inner format>``;
without a digest date of its own it takes the message's ``Date``. A message with no
recognised part is rejected, naming the parts it has.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.utils
import re
from email import policy
from email.message import EmailMessage, Message
from html.parser import HTMLParser

from reader.core.importers.base import (
    FormatDetector,
    NotADigest,
    ParseContext,
    Rejected,
    decode_bytes,
)
from reader.core.model import ParsedDigest

FORMAT = "email"

#: A message inside a message inside a message ... is not followed further than this.
MAX_NESTING = 3

_HEADER_RE = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9-]*):[ \t]*\S?")
_MAIL_HEADERS = {
    "subject", "date", "to", "message-id", "mime-version", "received", "return-path",
    "content-type", "delivered-to", "reply-to", "cc", "x-mailer", "dkim-signature",
}  # fmt: skip
#: The first line of an arXiv listing's entry looks like a header ("Paper: hep-th/9901001",
#: "arXiv:2406.16793") and is followed by From: and Date: lines; no message starts so.
_LISTING_ANCHORS = {"paper", "arxiv"}
_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "section", "article", "header", "footer", "blockquote", "pre", "hr",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "head", "title"}
_TEXT_ATTACHMENT_TYPES = {
    "application/json", "application/xml", "application/rss+xml", "application/atom+xml",
    "text/xml",
}  # fmt: skip


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document, paragraphs separated by blank lines."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _looks_like_headers(text: str) -> bool:
    lines = text.lstrip("\n")[:20_000].split("\n")
    if lines and lines[0].startswith("From ") and not lines[0].startswith("From: "):
        lines = lines[1:]  # mbox "From sender date" line
    names: set[str] = set()
    count = 0
    for line in lines[:200]:
        line = line.rstrip("\r")
        if not line:
            break
        if line[:1] in (" ", "\t"):
            if count == 0:
                return False
            continue  # folded header
        match = _HEADER_RE.match(line)
        if match is None:
            return False
        if count == 0 and match["name"].lower() in _LISTING_ANCHORS:
            return False  # an arXiv listing copied from its first entry (``Paper: ID``, From:, Date:)
        names.add(match["name"].lower())
        count += 1
    return "from" in names and bool(names & _MAIL_HEADERS)


def _message_date(message: Message) -> dt.date | None:
    value = message.get("Date")
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(str(value)).date()
    except (TypeError, ValueError, IndexError):
        return None


def _candidates(message: Message) -> list[tuple[str, str]]:
    """(label, text) of the parts worth trying, best first."""
    plain: list[tuple[str, str]] = []
    markup: list[tuple[str, str]] = []
    attached: list[tuple[str, str]] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        filename = part.get_filename()
        label = ctype + (f" ({filename})" if filename else "")
        is_attachment = part.get_content_disposition() == "attachment"
        try:
            content = (
                part.get_content() if isinstance(part, EmailMessage) else part.get_payload(decode=True)
            )
        except LookupError:
            # An unknown or misspelt charset label: read the part as UTF-8 instead (strictly,
            # so a wrong guess is refused, never mangled); unencoded parts are already text.
            encoded = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
            if encoded in ("base64", "quoted-printable"):
                content = part.get_payload(decode=True)
            else:
                content = part.get_payload()
        except (ValueError, AssertionError, KeyError):
            continue
        if isinstance(content, bytes):
            if ctype not in _TEXT_ATTACHMENT_TYPES and not ctype.startswith("text/"):
                continue
            try:
                content = decode_bytes(content)
            except Rejected:
                continue
        if not isinstance(content, str):
            continue
        if ctype == "text/html":
            (attached if is_attachment else markup).append((label, html_to_text(content)))
        elif ctype == "text/plain" and not is_attachment:
            plain.append((label, content))
        else:
            attached.append((label, content))
    return plain + markup + attached


class EmlImporter:
    """``formats``: the registry that recognises the digest inside a message (the registry
    this importer belongs to, so an e-mail may carry any format it knows)."""

    name = FORMAT

    def __init__(self, formats: FormatDetector) -> None:
        self.formats = formats

    def sniff(self, text: str) -> bool:
        """Mail headers at the top: ``From:`` plus another header such as ``Subject:``."""
        return _looks_like_headers(text)

    def parse(self, text: str, context: ParseContext) -> ParsedDigest:
        return self._parse(text, context, depth=0)

    def _parse(self, text: str, context: ParseContext, depth: int) -> ParsedDigest:
        if depth > MAX_NESTING:
            raise Rejected(f"the e-mail nests messages more than {MAX_NESTING} deep; refused")
        message = email.message_from_string(text, policy=policy.default)
        sent = _message_date(message)
        if sent is not None:
            # Dates printed without a year are resolved against the day the mail was sent.
            context = dataclasses.replace(context, as_of=sent)
        candidates = _candidates(message)
        tried: list[str] = []
        problems: list[str] = []
        for label, body in candidates:
            tried.append(label)
            if not body.strip():
                continue
            importer = self.formats.detect(body)
            if importer is None:
                continue
            try:
                if isinstance(importer, EmlImporter):
                    inner = importer._parse(body, context, depth + 1)
                else:
                    inner = importer.parse(body, context)
            except Rejected as exc:
                problems.append(f"{label}: {exc}")
                continue
            inner_format = inner.format.removeprefix(FORMAT + "/")
            return ParsedDigest(
                format=f"{FORMAT}/{inner_format}",
                papers=inner.papers,
                digest_date=inner.digest_date or sent,
                warnings=[f"{label}: {w}" for w in inner.warnings],
            )
        if problems:
            raise Rejected(f"the e-mail's digest could not be read: {problems[0]}")
        parts = ", ".join(tried) if tried else "none"
        raise NotADigest(
            f"not a recognised digest: the e-mail has no part that is a known digest (parts: {parts})"
        )
