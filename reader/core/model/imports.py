"""What an importer produces (:class:`ParsedDigest` of :class:`ParsedPaper`, with the user
state and library records a restore carries) and what an import reports
(:class:`FileReport`, :class:`ImportReport`)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from reader.core.model.meta import PaperMeta
from reader.core.model.papers import Link, State, paper_key


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
    #: Categories, comments, journal reference, DOI, version, HF featured day, stars...
    meta: PaperMeta = PaperMeta()
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
