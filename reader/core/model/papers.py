"""Papers and their links as the library holds them: identity (keys), the list row and the
detached full record."""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from dataclasses import dataclass
from typing import Any

from reader.core.model.meta import PaperMeta
from reader.core.model.times import iso_datetime


class State(str, enum.Enum):
    """Where a paper is in the reading queue."""

    INBOX = "inbox"
    QUEUED = "queued"
    READING = "reading"
    DONE = "done"
    DISMISSED = "dismissed"

    @classmethod
    def parse(cls, text: str) -> State:
        value = text.strip().lower()
        aliases = {"queue": "queued", "read": "done", "dismiss": "dismissed", "new": "inbox"}
        value = aliases.get(value, value)
        try:
            return cls(value)
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown state {text!r} (expected one of: {names})") from None


class LinkKind(str, enum.Enum):
    GITHUB = "github"
    GITLAB = "gitlab"
    HUGGINGFACE = "huggingface"
    ARXIV = "arxiv"
    PROJECT = "project"
    OTHER = "other"

    @property
    def is_code(self) -> bool:
        return self in (LinkKind.GITHUB, LinkKind.GITLAB)


@dataclass(frozen=True)
class Link:
    url: str
    kind: LinkKind
    repo: str | None = None

    @property
    def is_code(self) -> bool:
        return self.kind.is_code

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "kind": self.kind.value, "repo": self.repo}


def normalize_title(title: str) -> str:
    """Identity form of a title: NFKC, casefold, keep only letters and digits."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def paper_key(title: str, arxiv_id: str | None) -> str:
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    return f"title:{normalize_title(title)}"


#: The source of each digest format: (short, as :attr:`DigestInfo.label` shows it; full).
SOURCE_NAMES = {
    "hf-daily-page": ("HF", "Hugging Face Daily Papers (page text)"),
    "hf-paper-page": ("HF", "a Hugging Face paper page (text)"),
    "hf-daily-api": ("HF", "Hugging Face Daily Papers (API JSON)"),
    "arxiv-mailing": ("arXiv", "arXiv mailing"),
    "arxiv-feed": ("arXiv", "arXiv feed"),
    "hf-feed": ("HF", "Hugging Face papers feed (RSS / JSON Feed)"),
    "email": ("email", "an e-mailed digest"),
    "digest-reader-export": ("export", "a Digest Reader export"),
    "markdown-digest": ("Markdown", "a Markdown digest"),
    "semantic-scholar": ("S2", "Semantic Scholar API JSON"),
    "csv-list": ("CSV", "a CSV/TSV paper list"),
}


@dataclass(frozen=True)
class DigestInfo:
    id: int
    source_path: str
    format: str
    digest_date: dt.date | None
    imported_at: dt.datetime
    entry_count: int
    upvotes: int | None = None  # upvotes the paper had in this digest (in Paper.digests)

    @property
    def file_name(self) -> str:
        return self.source_path.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def source(self) -> str:
        """Where the digest came from, in full ("Hugging Face Daily Papers (page text)")."""
        return SOURCE_NAMES.get(self.format, (self.format, self.format))[1]

    @property
    def label(self) -> str:
        """The date and the source, short enough for a narrow pane: ``2024-12-31 · HF``
        (the file name, which usually repeats the date, is in :attr:`file_name`)."""
        when = self.digest_date.isoformat() if self.digest_date else self.imported_at.date().isoformat()
        return f"{when} · {SOURCE_NAMES.get(self.format, (self.format, ''))[0]}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source_path": self.source_path,
            "format": self.format,
            "digest_date": self.digest_date.isoformat() if self.digest_date else None,
            "imported_at": iso_datetime(self.imported_at),
            "entry_count": self.entry_count,
            "upvotes": self.upvotes,
        }


@dataclass(frozen=True)
class PaperRow:
    """The light row the paper list shows."""

    id: int
    title: str
    published: dt.date | None
    upvotes: int | None
    starred: bool
    has_code: bool
    state: State
    queue_position: int | None = None
    score: float | None = None
    # The list's optional columns (the store fills them for every page; tags in one query).
    tags: tuple[str, ...] = ()
    first_author: str = ""
    author_count: int = 0  # all authors, also those the digest left out
    added_at: dt.datetime | None = None
    has_notes: bool = False
    queue_rank: int | None = None  # 1 = next to read (positions may have gaps; ranks do not)
    categories: tuple[str, ...] = ()  # arXiv categories, the primary first


@dataclass(frozen=True)
class NoteRevision:
    """An earlier text of a note: ``written_at`` is when that text was written (None for
    revisions kept before schema 4, which recorded only ``saved_at``, when it was replaced)."""

    id: int
    body: str
    saved_at: dt.datetime
    written_at: dt.datetime | None = None


@dataclass(frozen=True)
class Paper:
    """Everything about one paper, detached from the database."""

    id: int
    key: str
    title: str
    abstract: str
    authors: list[str]
    author_count: int | None
    published: dt.date | None
    upvotes: int | None
    links: list[Link]
    state: State
    starred: bool
    tags: list[str]
    note: str
    digests: list[DigestInfo]
    added_at: dt.datetime
    updated_at: dt.datetime
    queue_position: int | None = None
    abstract_truncated: bool = False
    arxiv_id: str | None = None
    meta: PaperMeta = PaperMeta()

    @property
    def code_links(self) -> list[Link]:
        return [link for link in self.links if link.is_code]

    @property
    def has_code(self) -> bool:
        return bool(self.code_links)

    @property
    def page_url(self) -> str | None:
        """The paper's own page: arXiv when known, else an arXiv/HF link from the abstract."""
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        for link in self.links:
            if link.kind in (LinkKind.ARXIV, LinkKind.PROJECT):
                return link.url
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "title": self.title,
            "abstract": self.abstract,
            "abstract_truncated": self.abstract_truncated,
            "authors": list(self.authors),
            "author_count": self.author_count,
            "published": self.published.isoformat() if self.published else None,
            "upvotes": self.upvotes,
            "links": [link.to_json() for link in self.links],
            "state": self.state.value,
            "starred": self.starred,
            "tags": list(self.tags),
            "note": self.note,
            "queue_position": self.queue_position,
            "digests": [d.to_json() for d in self.digests],
            "added_at": iso_datetime(self.added_at),
            "updated_at": iso_datetime(self.updated_at),
            "arxiv_id": self.arxiv_id,
            **self.meta.to_json(),
        }
