"""The bibliographic metadata a digest carries about a paper beyond title, authors and
abstract: arXiv categories, comments, journal reference, DOI, version, the day Hugging Face
featured it, its repository's stars and its project page (issue 13).

Importers fill :class:`PaperMeta` with what their format prints (and leave the rest None);
:func:`merge_meta` is the one rule for combining what two digests say about one paper.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from typing import Any

#: An arXiv category: ``cs.CL``, ``math.AP``, ``astro-ph.CO``, ``hep-th``, ``q-bio.NC``.
CATEGORY_RE = re.compile(r"^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$")
#: A DOI (``10.`` registrant ``/`` suffix), as Crossref recommends matching it.
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")


def clean_category(text: str) -> str | None:
    """``cs.CL`` from ``cs.CL``, `` (cs.CL) `` or ``CS.cl``'s archive part; None if not one."""
    value = text.strip().strip("()[],;").strip()
    if "." in value:
        archive, _, sub = value.partition(".")
        value = f"{archive.lower()}.{sub}"
    else:
        value = value.lower()
    return value if CATEGORY_RE.match(value) else None


def clean_doi(text: str) -> str | None:
    """The bare DOI from ``10.1/x``, ``doi:10.1/x`` or ``https://doi.org/10.1/x``; else None."""
    value = text.strip().rstrip(".,;")
    value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)
    return value if DOI_RE.match(value) else None


@dataclass(frozen=True)
class PaperMeta:
    """What is known about a paper besides its text; every field may be unknown."""

    #: Every category, the primary first, then the cross-lists in the order printed.
    categories: tuple[str, ...] = ()
    comments: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    version: int | None = None  # the arXiv version (v3 -> 3)
    revised: dt.date | None = None  # the date of that version (a replacement's date)
    featured_on: dt.date | None = None  # the day Hugging Face Daily Papers listed it
    github_stars: int | None = None
    project_page: str | None = None

    @property
    def primary_category(self) -> str | None:
        return self.categories[0] if self.categories else None

    @property
    def cross_lists(self) -> tuple[str, ...]:
        return self.categories[1:]

    @property
    def is_empty(self) -> bool:
        return self == PaperMeta()

    def to_json(self) -> dict[str, Any]:
        return {
            "categories": list(self.categories),
            "primary_category": self.primary_category,
            "comments": self.comments,
            "journal_ref": self.journal_ref,
            "doi": self.doi,
            "version": self.version,
            "revised": self.revised.isoformat() if self.revised else None,
            "featured_on": self.featured_on.isoformat() if self.featured_on else None,
            "github_stars": self.github_stars,
            "project_page": self.project_page,
        }

    def described(self) -> list[tuple[str, str]]:
        """(label, text) for each known field, in reading order: what the detail pane and
        ``show`` print (one wording for both)."""
        out: list[tuple[str, str]] = []
        if self.categories:
            rest = "".join(f" · {c}" for c in self.cross_lists)
            out.append(("Categories", f"{self.categories[0]} (primary){rest}"))
        if self.version is not None:
            when = f" of {self.revised.isoformat()}" if self.revised else ""
            out.append(("Version", f"v{self.version}{when}"))
        elif self.revised is not None:
            out.append(("Revised", self.revised.isoformat()))
        for label, value in (("Comments", self.comments), ("Journal", self.journal_ref),
                             ("DOI", self.doi)):
            if value:
                out.append((label, value))
        if self.featured_on is not None:
            out.append(("On Hugging Face", self.featured_on.isoformat()))
        if self.github_stars is not None:
            out.append(("GitHub stars", f"{self.github_stars:,}"))
        if self.project_page:
            out.append(("Project page", self.project_page))
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PaperMeta:
        """The inverse of :meth:`to_json`; unknown or malformed values become None."""

        def text(name: str) -> str | None:
            value = data.get(name)
            return value.strip() or None if isinstance(value, str) else None

        def number(name: str) -> int | None:
            value = data.get(name)
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            return value if ok else None

        def day(name: str) -> dt.date | None:
            value = data.get(name)
            try:
                return dt.date.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                return None

        raw = data.get("categories")
        cats = [clean_category(c) for c in raw if isinstance(c, str)] if isinstance(raw, list) else []
        doi = text("doi")
        return cls(
            categories=tuple(dict.fromkeys(c for c in cats if c)),
            comments=text("comments"),
            journal_ref=text("journal_ref"),
            doi=clean_doi(doi) if doi else None,
            version=number("version"),
            revised=day("revised"),
            featured_on=day("featured_on"),
            github_stars=number("github_stars"),
            project_page=text("project_page"),
        )


def merge_meta(old: PaperMeta, new: PaperMeta) -> PaperMeta:
    """What the library keeps when a digest brings ``new`` for a paper that has ``old``.

    A value the new digest knows replaces the old one (a later listing has the later
    version, comments and star count), with three exceptions: a lower arXiv version never
    replaces a higher one (an old mailing imported after a new one), nor does its revision
    date; the featured day keeps the first day Hugging Face listed the paper.
    """
    change: dict[str, Any] = {}
    for f in fields(PaperMeta):
        value = getattr(new, f.name)
        if value in (None, ()):
            continue
        change[f.name] = value
    if old.version is not None and new.version is not None and new.version < old.version:
        change.pop("version", None)
        change.pop("revised", None)
    if old.featured_on is not None and new.featured_on is not None:
        change["featured_on"] = min(old.featured_on, new.featured_on)
    return replace(old, **change) if change else old
