"""``IndexDoc`` lives in the model: search reads it without importing the store."""

from __future__ import annotations

import subprocess
import sys

import reader.core.store as store_pkg
import reader.core.store.changes as changes_mod
import reader.core.store.store as store_mod
from reader.core.model import IndexDoc
from reader.core.model.documents import IndexDoc as DocumentsIndexDoc
from reader.core.search import schema


def test_the_old_import_paths_name_the_model_class() -> None:
    assert IndexDoc is DocumentsIndexDoc
    assert store_mod.IndexDoc is IndexDoc
    assert changes_mod.IndexDoc is IndexDoc
    assert store_pkg.IndexDoc is IndexDoc
    assert schema.IndexDoc is IndexDoc


def test_importing_search_loads_no_store_module() -> None:
    code = (
        "import sys, reader.core.search\n"
        "print(sorted(m for m in sys.modules if m.startswith('reader.core.store')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_doc_fields_reads_a_model_index_doc() -> None:
    doc = IndexDoc(
        id=7, title="  Deep   LEARNING ", abstract="a", authors=["Ada Lovelace"], author_count=1,
        note="", tags=["t"], repos=[], state="inbox", starred=False, has_code=False,
        published=None, upvotes=None, added_at="2024-05-27T00:00:00+00:00", digests=[1], change_seq=3,
    )
    fields = schema.doc_fields(doc)
    assert fields["id"] == "7"
    assert fields["title_sort"] == "deep learning"
