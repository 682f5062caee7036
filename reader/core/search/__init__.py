"""Full-text search over the library (Whoosh), kept in step with SQLite."""

from reader.core.search.index import (
    IndexStatus,
    QueryError,
    SearchIndex,
    match_spans,
    query_terms,
)

__all__ = ["IndexStatus", "QueryError", "SearchIndex", "match_spans", "query_terms"]
