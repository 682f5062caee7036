"""Every replacement of a Whoosh internal, behind one door, next to the exact version pin.

* :mod:`.speedups` replaces two methods of Whoosh's codec (field lengths, posting writes)
  and reads posting blocks for the match counter and the numpy scorer;
* :mod:`.analysis` is the hand-written indexing analyzer (``FastText``);
* :mod:`.multiproc` is the multi-process writer safe against dying parents and children.

They rely on private Whoosh attributes, so :func:`install` refuses any Whoosh other than
the pinned one. Nothing is patched on import: :class:`reader.core.search.index.SearchIndex`
and the index writer processes call :func:`install` (idempotent) before they read or write.
"""

from __future__ import annotations

import whoosh

from reader.core.search.whoosh_patches import speedups

#: The Whoosh (whoosh-reloaded) version these replacements were written and tested against;
#: pyproject.toml pins exactly this one.
WHOOSH_VERSION = "2.7.5"


class WhooshVersionError(RuntimeError):
    """The installed Whoosh is not the one the replacements were checked against."""


def check_version(found: str | None = None) -> None:
    """Raise :class:`WhooshVersionError` unless Whoosh is :data:`WHOOSH_VERSION`."""
    found = whoosh.versionstring() if found is None else found
    if found != WHOOSH_VERSION:
        raise WhooshVersionError(
            f"Digest Reader needs whoosh-reloaded {WHOOSH_VERSION} (its speed-ups replace "
            f"Whoosh internals of that version), but Whoosh {found} is installed; "
            f"reinstall with: pip install whoosh-reloaded=={WHOOSH_VERSION}"
        )


def install() -> None:
    """Check the Whoosh version, then install the replacements (idempotent)."""
    check_version()
    speedups.install()


def installed() -> bool:
    """Whether :func:`install` has run in this process."""
    return speedups.installed()


__all__ = ["WHOOSH_VERSION", "WhooshVersionError", "check_version", "install", "installed"]
