"""Pure domain types shared by the importers, the store, search, the CLI and the UI.

Nothing here does I/O. Everything the :class:`reader.core.services.Library` returns is one of
these plain, detached dataclasses, so callers never hold a live database session.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from dataclasses import dataclass, field
from typing import Any


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


@dataclass
class ParsedPaper:
    """One paper as an importer saw it in one digest (no user state unless restoring)."""

    title: str
    abstract: str = ""
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None
    published: dt.date | None = None
    upvotes: int | None = None
    links: list[Link] = field(default_factory=list)
    arxiv_id: str | None = None
    abstract_truncated: bool = False
    line: int | None = None  # where the entry starts in its file, for messages
    # Only set by formats that carry user state (our own export): a restore.
    user_state: UserState | None = None

    @property
    def key(self) -> str:
        return paper_key(self.title, self.arxiv_id)

    @property
    def title_key(self) -> str:
        return paper_key(self.title, None)


@dataclass
class UserState:
    state: State = State.INBOX
    starred: bool = False
    tags: list[str] = field(default_factory=list)
    note: str = ""
    queue_position: int | None = None
    added_at: dt.datetime | None = None
    # Carried by exports of format version 2 (a full restore; None/empty from version 1):
    updated_at: dt.datetime | None = None
    opened_at: dt.datetime | None = None
    read_at: dt.datetime | None = None
    note_updated_at: dt.datetime | None = None  # None: the paper never had a note row
    note_revisions: list[NoteRevisionRecord] = field(default_factory=list)  # oldest first
    memberships: list[Membership] = field(default_factory=list)


@dataclass(frozen=True)
class NoteRevisionRecord:
    body: str
    saved_at: dt.datetime  # when the text was replaced
    written_at: dt.datetime | None = None  # when it was written (None: kept before schema 4)


@dataclass(frozen=True)
class Membership:
    """A paper was in the digest with this sha256, with these upvotes there."""

    digest_sha256: str
    upvotes: int | None


@dataclass(frozen=True)
class DigestRecord:
    """One imported digest as an export carries it (its provenance, not its papers)."""

    sha256: str
    source_path: str
    format: str
    digest_date: dt.date | None
    imported_at: dt.datetime
    entry_count: int


@dataclass(frozen=True)
class SavedSearchRecord:
    name: str
    query: str
    filter: str  # a Filter key; for a digest filter the digest is named by its sha256
    sort: str | None
    digest_sha256: str | None = None


@dataclass
class LibraryRestore:
    """What an export of format version 2 carries besides its papers: restoring it
    re-creates these digests (not a digest for the export file itself), the tags in their
    order and the saved searches."""

    digests: list[DigestRecord] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    saved_searches: list[SavedSearchRecord] = field(default_factory=list)


@dataclass
class ParsedDigest:
    """What an importer produced from one file."""

    format: str
    papers: list[ParsedPaper]
    digest_date: dt.date | None = None
    warnings: list[str] = field(default_factory=list)
    #: Set by a version 2 export: the file is a restore, not a digest of its own.
    restore: LibraryRestore | None = None


class ImportStatus(str, enum.Enum):
    IMPORTED = "imported"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"
    SKIPPED = "skipped"  # not attempted: the import was cancelled first


@dataclass
class FileReport:
    path: str
    status: ImportStatus
    format: str | None = None
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)
    new_ids: list[int] = field(default_factory=list)
    digest_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status.value,
            "format": self.format,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "reason": self.reason,
            "warnings": list(self.warnings),
            "new_ids": list(self.new_ids),
            "digest_id": self.digest_id,
        }


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    cancelled: bool = False
    dry_run: bool = False

    @property
    def new(self) -> int:
        return sum(f.new for f in self.files)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.files)

    @property
    def unchanged(self) -> int:
        return sum(f.unchanged for f in self.files)

    @property
    def rejected(self) -> list[FileReport]:
        return [f for f in self.files if f.status is ImportStatus.REJECTED]

    @property
    def new_ids(self) -> list[int]:
        return [i for f in self.files for i in f.new_ids]

    def to_json(self) -> dict[str, Any]:
        return {
            "files": [f.to_json() for f in self.files],
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
            "cancelled": self.cancelled,
            "dry_run": self.dry_run,
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
    def label(self) -> str:
        name = self.source_path.replace("\\", "/").rsplit("/", 1)[-1]
        when = self.digest_date.isoformat() if self.digest_date else self.imported_at.date().isoformat()
        return f"{when} · {name}"

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
        }


class FilterKind(str, enum.Enum):
    ALL = "all"
    STATE = "state"
    STARRED = "starred"
    HAS_CODE = "has-code"
    HAS_NOTES = "has-notes"
    TAG = "tag"
    DIGEST = "digest"
    SAVED = "saved"


@dataclass(frozen=True)
class Filter:
    """One entry of the filters pane. ``Filter.parse`` reads the CLI spelling."""

    kind: FilterKind = FilterKind.ALL
    value: str | None = None

    @property
    def key(self) -> str:
        if self.kind is FilterKind.STATE:
            return str(self.value)
        if self.value is not None:
            return f"{self.kind.value}:{self.value}"
        return self.kind.value

    @classmethod
    def state(cls, state: State) -> Filter:
        return cls(FilterKind.STATE, state.value)

    @classmethod
    def parse(cls, text: str | None) -> Filter:
        if text is None or not text.strip():
            return cls()
        raw = text.strip()
        low = raw.lower()
        head, sep, rest = raw.partition(":")
        if sep:
            kind = head.strip().lower()
            if kind in ("tag", "digest", "saved") and rest.strip():
                if kind == "digest" and not rest.strip().isdigit():
                    raise ValueError(f"digest filter needs a digest id, got {rest!r}")
                return cls(FilterKind(kind), rest.strip())
            if kind == "state":
                return cls.state(State.parse(rest))
        simple = {
            "all": FilterKind.ALL,
            "starred": FilterKind.STARRED,
            "has-code": FilterKind.HAS_CODE,
            "code": FilterKind.HAS_CODE,
            "has-notes": FilterKind.HAS_NOTES,
            "notes": FilterKind.HAS_NOTES,
        }
        if low in simple:
            return cls(simple[low])
        try:
            return cls.state(State.parse(low))
        except ValueError:
            raise ValueError(
                f"unknown filter {text!r} (expected all, inbox, queue, reading, done, dismissed, "
                "starred, has-code, has-notes, tag:NAME, digest:ID or saved:NAME)"
            ) from None


class SortKey(str, enum.Enum):
    RELEVANCE = "relevance"
    PUBLISHED = "published"
    UPVOTES = "upvotes"
    ADDED = "added"
    TITLE = "title"
    QUEUE = "queue"
    STARRED = "starred"  # starred first, then newest
    CODE = "code"  # papers with code first, then newest


@dataclass(frozen=True)
class Sort:
    key: SortKey = SortKey.PUBLISHED
    descending: bool = True

    @property
    def spec(self) -> str:
        return ("-" if self.descending else "") + self.key.value

    @classmethod
    def parse(cls, text: str | None) -> Sort | None:
        if text is None or not text.strip():
            return None
        raw = text.strip().lower()
        descending = None
        if raw.startswith("-"):
            descending, raw = True, raw[1:]
        elif raw.startswith("+"):
            descending, raw = False, raw[1:]
        try:
            key = SortKey(raw)
        except ValueError:
            names = ", ".join(k.value for k in SortKey)
            raise ValueError(f"unknown sort key {text!r} (expected one of: {names})") from None
        if descending is None:
            descending = key in (SortKey.PUBLISHED, SortKey.UPVOTES, SortKey.ADDED, SortKey.RELEVANCE,
                                 SortKey.STARRED, SortKey.CODE)
        return cls(key, descending)


@dataclass(frozen=True)
class Page:
    """One page of a query: the total across all pages and the rows of this one."""

    total: int
    rows: list[PaperRow]
    offset: int = 0
    index_pending: int = 0  # papers not yet searchable (indexing still catching up)


@dataclass(frozen=True)
class SavedSearch:
    id: int
    name: str
    query: str
    filter: Filter
    sort: Sort | None


@dataclass(frozen=True)
class Snippet:
    """A piece of text and the character spans that matched a query."""

    text: str
    spans: list[tuple[int, int]]

    def marked(self, before: str = "[", after: str = "]") -> str:
        out, pos = [], 0
        for start, end in self.spans:
            out.append(self.text[pos:start])
            out.append(before + self.text[start:end] + after)
            pos = end
        out.append(self.text[pos:])
        return "".join(out)


@dataclass(frozen=True)
class SearchHit:
    row: PaperRow
    score: float
    snippet: Snippet


@dataclass(frozen=True)
class Stats:
    papers: int
    digests: int
    by_state: dict[str, int]
    starred: int
    with_code: int
    with_notes: int
    tags: int
    index_pending: int
    library_path: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class CheckResult:
    problems: list[str]
    checked: dict[str, Any]

    @property
    def ok(self) -> bool:
        return not self.problems


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def iso_datetime(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_iso_datetime(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value
