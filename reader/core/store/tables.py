"""SQLModel tables: SQLite is the source of truth (ARCHITECTURE.md, "Layers").

Timestamps are stored as ISO-8601 UTC text (``2026-11-26T10:31:00Z``) and dates as
``YYYY-MM-DD`` text: both sort correctly as text, round-trip without time-zone surprises
(SQLite has no time-zone-aware type), and are converted to aware ``datetime``/``date`` at the
service boundary. ``has_code``/``has_note``/``title_sort`` are denormalised so the list's
filters and sorts are single indexed lookups at 100k papers.
"""

from __future__ import annotations

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

#: Version 1: the first schema. Version 2 (``db.MIGRATIONS[1]``): ``paper.read_at`` — when a
#: paper was last marked *done*, kept by the ``paper_read_at_*`` triggers so every writer
#: (window, command line, export restore) records it without code of its own; backfilled from
#: ``updated_at`` for papers already done — and indexes on ``read_at`` and ``opened_at`` so
#: "recently read" / "recently opened" lists are index lookups at 100k papers, not scans.
#: Version 3 (``db.MIGRATIONS[2]``): ``SORT_INDEXES`` — composite indexes so that the list's
#: state and has-code filters combined with any sort order never sort the whole table (a
#: filter switch at 100k papers went from ~150-280 ms to a few ms).
#: Version 4 (``db.MIGRATIONS[3]``): ``note.visit`` — the editing visit of the note's last
#: save (autosaves of one visit keep one revision, see ``triage._write_note``) — and
#: ``note_revision.written_at`` — when the kept text was written (its note's ``updated_at``),
#: NULL for revisions kept before schema 4 (only when they were replaced is known).
#: Version 5 (``db.MIGRATIONS[4]``): the metadata digests carry (issue 13) — on ``paper``
#: the comments, journal reference, DOI, arXiv version and its date, the day Hugging Face
#: featured the paper, its repository's GitHub stars and its project page; and the table
#: ``paper_category`` (every category of a paper, ``position`` 0 the primary, indexed by
#: category for the filter and its counts). Papers imported before keep NULLs: a re-import
#: of their digests fills them.
SCHEMA_VERSION = 5

SORT_INDEXES: dict[str, tuple[str, ...]] = {
    "ix_paper_state_upvotes": ("state", "upvotes"),
    "ix_paper_state_added": ("state", "added_at"),
    "ix_paper_state_title": ("state", "title_sort"),
    "ix_paper_code_published": ("has_code", "published"),
    "ix_paper_code_upvotes": ("has_code", "upvotes"),
    "ix_paper_code_added": ("has_code", "added_at"),
    "ix_paper_code_title": ("has_code", "title_sort"),
    "ix_paper_starred_published": ("starred", "published"),
    "ix_paper_state_starred": ("state", "starred", "published"),
    "ix_paper_state_code": ("state", "has_code", "published"),
}


class PaperTable(SQLModel, table=True):
    __tablename__ = "paper"
    __table_args__ = (
        Index("ix_paper_state_published", "state", "published"),
        Index("ix_paper_published", "published"),
        Index("ix_paper_upvotes", "upvotes"),
        Index("ix_paper_added", "added_at"),
        Index("ix_paper_title_sort", "title_sort"),
        Index("ix_paper_queue", "state", "queue_position"),
        Index("ix_paper_starred", "starred"),
        Index("ix_paper_has_code", "has_code"),
        Index("ix_paper_change_seq", "change_seq"),
        Index("ix_paper_opened", "opened_at"),
        Index("ix_paper_read", "read_at"),
        # Schema 3: each list filter with each sort order is one index walk at 100k papers.
        *(Index(name, *cols) for name, cols in SORT_INDEXES.items()),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)
    title_key: str = Field(index=True)
    arxiv_id: str | None = None
    title: str
    title_sort: str
    abstract: str = ""
    abstract_truncated: bool = False
    authors: str = "[]"  # JSON list of names
    author_count: int | None = None
    published: str | None = None  # YYYY-MM-DD
    upvotes: int | None = None
    state: str = "inbox"
    queue_position: int | None = None
    starred: bool = False
    has_code: bool = False
    has_note: bool = False
    added_at: str
    updated_at: str
    opened_at: str | None = None
    read_at: str | None = None  # last marked done (schema 2; maintained by triggers)
    change_seq: int = 0  # bumped with every change that affects the search index
    # Schema 5: the metadata of ``model.PaperMeta`` (categories: ``paper_category``).
    comments: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    arxiv_version: int | None = None
    revised: str | None = None  # YYYY-MM-DD, the date of that version
    featured_on: str | None = None  # YYYY-MM-DD, the first day HF Daily Papers listed it
    github_stars: int | None = None
    project_page: str | None = None


class PaperCategoryTable(SQLModel, table=True):
    """Schema 5: a paper's arXiv categories; ``position`` 0 is the primary category."""

    __tablename__ = "paper_category"
    __table_args__ = (Index("ix_paper_category_category", "category", "paper_id"),)
    paper_id: int = Field(primary_key=True, foreign_key="paper.id", ondelete="CASCADE")
    category: str = Field(primary_key=True)
    position: int = 0


class NoteTable(SQLModel, table=True):
    __tablename__ = "note"
    paper_id: int = Field(primary_key=True, foreign_key="paper.id", ondelete="CASCADE")
    body: str = ""
    updated_at: str
    visit: str | None = None  # schema 4: the editing visit of the last save, NULL if none


class NoteRevisionTable(SQLModel, table=True):
    __tablename__ = "note_revision"
    id: int | None = Field(default=None, primary_key=True)
    paper_id: int = Field(foreign_key="paper.id", index=True, ondelete="CASCADE")
    body: str
    saved_at: str  # when this text was replaced
    written_at: str | None = None  # schema 4: when this text was written (NULL before)


class LinkTable(SQLModel, table=True):
    __tablename__ = "link"
    __table_args__ = (UniqueConstraint("paper_id", "url"),)
    id: int | None = Field(default=None, primary_key=True)
    paper_id: int = Field(foreign_key="paper.id", index=True, ondelete="CASCADE")
    url: str
    kind: str
    repo: str | None = None
    position: int = 0


class DigestTable(SQLModel, table=True):
    __tablename__ = "digest"
    id: int | None = Field(default=None, primary_key=True)
    source_path: str
    sha256: str = Field(unique=True, index=True)
    format: str
    digest_date: str | None = None
    imported_at: str
    entry_count: int = 0


class PaperDigestTable(SQLModel, table=True):
    __tablename__ = "paper_digest"
    paper_id: int = Field(primary_key=True, foreign_key="paper.id", ondelete="CASCADE")
    digest_id: int = Field(primary_key=True, foreign_key="digest.id", index=True, ondelete="CASCADE")
    upvotes: int | None = None


class TagTable(SQLModel, table=True):
    __tablename__ = "tag"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)


class PaperTagTable(SQLModel, table=True):
    __tablename__ = "paper_tag"
    paper_id: int = Field(primary_key=True, foreign_key="paper.id", ondelete="CASCADE")
    tag_id: int = Field(primary_key=True, foreign_key="tag.id", index=True, ondelete="CASCADE")


class SavedSearchTable(SQLModel, table=True):
    __tablename__ = "saved_search"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    query: str = ""
    filter: str = "all"
    sort: str | None = None


class MetaTable(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


paper_t = PaperTable.__table__  # type: ignore[attr-defined]
note_t = NoteTable.__table__  # type: ignore[attr-defined]
note_revision_t = NoteRevisionTable.__table__  # type: ignore[attr-defined]
link_t = LinkTable.__table__  # type: ignore[attr-defined]
digest_t = DigestTable.__table__  # type: ignore[attr-defined]
paper_digest_t = PaperDigestTable.__table__  # type: ignore[attr-defined]
tag_t = TagTable.__table__  # type: ignore[attr-defined]
paper_tag_t = PaperTagTable.__table__  # type: ignore[attr-defined]
saved_search_t = SavedSearchTable.__table__  # type: ignore[attr-defined]
meta_t = MetaTable.__table__  # type: ignore[attr-defined]
paper_category_t = PaperCategoryTable.__table__  # type: ignore[attr-defined]
