"""Reading feed XML safely, and the element helpers both feed importers share.

XML is read with :mod:`defusedxml` only: a document declaring entities (the "billion
laughs" expansion bomb) or referencing external resources is refused with a reason, and
malformed XML is refused with the parser's position. Elements are matched by local name
(case-insensitively where feeds disagree, ``arxiv:DOI``/``arxiv:doi``), so the namespace
spelling of a feed does not matter.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml import ElementTree as SafeET

from reader.core.importers.base import Rejected


def local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if local(child.tag) == name]


def text_of(element: ET.Element, *names: str) -> str:
    """The text of the first child named one of ``names`` (case-insensitive), else ''."""
    wanted = [n.lower() for n in names]
    for name in wanted:
        for child in element:
            if local(child.tag).lower() == name:
                return "".join(child.itertext()).strip()
    return ""


def attr_of(element: ET.Element, name: str) -> str:
    return next((v for k, v in element.attrib.items() if local(k) == name), "")


def feed_date(value: str) -> dt.date | None:
    """``2024-06-25T04:00:00Z`` or ``Tue, 25 Jun 2024 00:00:00 -0400`` → the date."""
    value = value.strip()
    if not value:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def parse_xml(text: str) -> ET.Element:
    """Parse untrusted XML safely, or raise :class:`Rejected` with a one-line reason."""
    try:
        return SafeET.fromstring(text)
    except EntitiesForbidden:
        raise Rejected(
            "the XML declares entities (an entity-expansion \"billion laughs\" bomb or similar); "
            "refused"
        ) from None
    except DTDForbidden:
        raise Rejected("the XML carries a document type declaration; refused") from None
    except DefusedXmlException as exc:
        raise Rejected(f"the XML refers to external resources; refused ({exc.__class__.__name__})") from None
    except ET.ParseError as exc:
        raise Rejected(f"malformed XML: {exc}") from None
    except (RecursionError, MemoryError):
        raise Rejected("the XML is nested too deeply or too large to read") from None


_ITEM_TAG_RE = re.compile(r"<(?:[\w.-]+:)?(?:item|entry)[\s>/]")


def item_places(text: str, count: int) -> list[str]:
    """``line 12: entry #3`` for each of ``count`` items, found by their start tags (when the
    tags found are exactly the items; else ``entry #3``): where a warning points."""
    lines: list[int] = []
    line, pos = 1, 0
    for match in _ITEM_TAG_RE.finditer(text):
        line += text.count("\n", pos, match.start())
        pos = match.start()
        lines.append(line)
    if len(lines) != count:
        return [f"entry #{i}" for i in range(1, count + 1)]
    return [f"line {n}: entry #{i}" for i, n in enumerate(lines, start=1)]


def feed_items(root: ET.Element) -> tuple[str, ET.Element, list[ET.Element]]:
    """The feed's kind (``rss``, ``RDF``, ``feed``), its channel (or root) and its items."""
    kind = local(root.tag)
    if kind == "rss":
        channel = next(iter(children(root, "channel")), root)
        return kind, channel, children(channel, "item")
    if kind == "RDF":
        channel = next(iter(children(root, "channel")), root)
        return kind, channel, children(root, "item")
    if kind == "feed":
        return kind, root, children(root, "entry")
    raise Rejected(f"XML of a shape no importer knows (root element <{kind}>)")
