"""E-mail files (``.eml``, or a raw message saved as text) that carry a digest.

The message is read with the standard :mod:`email` package (``policy.default``). Its parts
are tried in order — ``text/plain`` bodies first, then ``text/html`` bodies converted to
text (tags stripped, ``script``/``style`` dropped, block elements become line breaks), then
text-like attachments (``.json``, ``.xml``, ``.txt``) — and the first part another importer
recognises is parsed by it. Which importer recognises a part is asked of the registry the
e-mail importer was given when it was built (``EmlImporter(registry)``; no import of the
registry here, which imports this module). The digest's format is ``email/<inner format>``;
without a digest date of its own it takes the message's ``Date``. A message with no
recognised part is rejected, naming the parts it has. Warnings and entries name the line of
the file (a plain or quoted-printable body is the file's text, line for line or through its
soft line breaks); a base64 or HTML body's warnings say that their lines are of its decoded
text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.utils
import re
from email import policy
from email.message import EmailMessage, Message

from reader.core.importers.base import (
    FormatDetector,
    NotADigest,
    ParseContext,
    Rejected,
    decode_bytes,
)
from reader.core.importers.feed_html import page_text
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
_TEXT_ATTACHMENT_TYPES = {
    "application/json", "application/xml", "application/rss+xml", "application/atom+xml",
    "text/xml",
}  # fmt: skip


#: Visible text of an HTML part: the feeds' HTML reader over a whole document.
html_to_text = page_text


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


@dataclasses.dataclass(frozen=True)
class _Part:
    label: str
    body: str
    #: The file's line of each line of ``body`` (index 0: its line 1); None when the body is
    #: not the file's text line for line (base64, HTML converted to text, not found).
    file_lines: tuple[int, ...] | None = None


def _file_lines(source: str, part: Message, cursor: list[int]) -> tuple[int, ...] | None:
    """Where the lines of ``part``'s decoded body are in ``source`` (the whole message): its
    raw payload is found after ``cursor`` (parts come in file order); unencoded bodies map
    line for line, quoted-printable ones through their soft line breaks (a final ``=``)."""
    raw = part.get_payload()
    if not isinstance(raw, str) or not raw.strip():
        return None
    at = source.find(raw, cursor[0])
    if at < 0:
        return None
    cursor[0] = at + len(raw)
    first = source.count("\n", 0, at) + 1
    raw_lines = raw.split("\n")
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding in ("", "7bit", "8bit", "binary"):
        return tuple(range(first, first + len(raw_lines)))
    if encoding != "quoted-printable":
        return None
    starts: list[int] = []
    continued = False
    for k, line in enumerate(raw_lines):
        if not continued:
            starts.append(first + k)
        continued = line.rstrip("\r").endswith("=")
    return tuple(starts)


_WARNING_LINE_RE = re.compile(r"^line (\d+)\b|\(line (\d+)\)")


def _to_file_line(line: int, file_lines: tuple[int, ...]) -> int:
    return file_lines[line - 1] if 0 < line <= len(file_lines) else line


def _remap_warning(warning: str, file_lines: tuple[int, ...]) -> str:
    """``line 12: …`` (and ``… (line 12)``) of the body as the file's line."""

    def swap(match: re.Match[str]) -> str:
        if match[1] is not None:
            return f"line {_to_file_line(int(match[1]), file_lines)}"
        return f"(line {_to_file_line(int(match[2]), file_lines)})"

    return _WARNING_LINE_RE.sub(swap, warning)


def _candidates(message: Message, source: str) -> list[_Part]:
    """The parts worth trying, best first."""
    plain: list[_Part] = []
    markup: list[_Part] = []
    attached: list[_Part] = []
    cursor = [0]
    for part in message.walk():
        if part.is_multipart():
            continue
        file_lines = _file_lines(source, part, cursor)
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
            converted = _Part(label, html_to_text(content))
            (attached if is_attachment else markup).append(converted)
        elif ctype == "text/plain" and not is_attachment:
            plain.append(_Part(label, content, file_lines))
        else:
            attached.append(_Part(label, content, file_lines))
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
        candidates = _candidates(message, text)
        tried: list[str] = []
        problems: list[str] = []
        for part in candidates:
            label, body = part.label, part.body
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
            if part.file_lines is not None:
                # Line numbers of the body are the file's (the part starts after the headers).
                lines = part.file_lines
                warnings = [f"{label}: {_remap_warning(w, lines)}" for w in inner.warnings]
                for paper in inner.papers:
                    paper.line = _to_file_line(paper.line, lines) if paper.line else None
            else:
                where = f"{label} (line numbers of its decoded text)"
                warnings = [f"{where}: {w}" for w in inner.warnings]
            return ParsedDigest(
                format=f"{FORMAT}/{inner_format}",
                papers=inner.papers,
                digest_date=inner.digest_date or sent,
                warnings=warnings,
            )
        if problems:
            raise Rejected(f"the e-mail's digest could not be read: {problems[0]}")
        parts = ", ".join(tried) if tried else "none"
        raise NotADigest(
            f"not a recognised digest: the e-mail has no part that is a known digest (parts: {parts})"
        )
