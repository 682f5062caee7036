"""Writing the whole library as one JSON document (the ``digest-reader export`` format)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import IO

from reader.core.importers.export_json import export_document
from reader.core.library.callbacks import Progress
from reader.core.model import iso_datetime, utcnow
from reader.core.store import Store


def write_export(store: Store, out: Path | IO[str], progress: Progress | None = None) -> int:
    """Write every digest, paper (with all user state and digest memberships), tag and saved
    search from one consistent read; returns how many papers. A file is replaced whole
    (written beside it, then renamed), never left half-written."""
    papers = []
    with store.snapshot() as conn:
        parts = store.export_parts(conn)
        for paper in store.export_papers(conn):
            papers.append(paper)
            if progress is not None and len(papers) % 1000 == 0:
                progress(len(papers), 0, "Exporting")
    doc = export_document(papers, iso_datetime(utcnow()), **parts)
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    else:
        out.write(text)
    return len(papers)
