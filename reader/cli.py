"""``digest-reader``: the command line. A stable contract; it uses only ``reader.core``.

Exit codes: 0 success, 1 an error (one line on stderr), 2 a rejected import or a problem
found by ``check``. ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader import __version__
from reader.core.errors import DatabaseError, DigestReaderError, one_line
from reader.core.library import Library, LibraryLocked
from reader.core.model import Filter, ImportReport, ImportStatus, Paper, PaperRow, Sort, State
from reader.paths import default_library_dir


class CliError(Exception):
    pass


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="digest-reader",
        description="Digest Reader: a reading queue for research-paper digests. "
        "Without a command, opens the window.",
    )
    p.add_argument("--version", action="version", version=f"digest-reader {__version__}")
    p.add_argument("--library", metavar="DIR", help="library folder (default: $DIGEST_READER_HOME "
                   "or the platform's data folder)")
    p.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    p.add_argument("--demo", action="store_true",
                   help="open the window on a throwaway library preloaded with the sample digest")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    g = sub.add_parser("gui", help="open the window (importing PATHs first)")
    g.add_argument("paths", nargs="*", metavar="PATH")
    g.add_argument("--screenshot", metavar="FILE.png", help="save a screenshot once loaded, then exit")
    g.add_argument("--demo", action="store_true", dest="gui_demo", help=argparse.SUPPRESS)

    i = sub.add_parser("import", help="import digest files or folders")
    i.add_argument("paths", nargs="+", metavar="PATH")
    i.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                   help="reference date for dates without a year (default: each file's mtime)")
    i.add_argument("--dry-run", action="store_true", help="report what would change; change nothing")
    i.add_argument("--json", action="store_true", help="print the report as JSON")

    ls = sub.add_parser("list", help="list papers")
    ls.add_argument("--filter", default="all", metavar="NAME",
                    help="all, inbox, queue, reading, done, dismissed, starred, has-code, has-notes, "
                    "tag:NAME, digest:ID, saved:NAME")
    ls.add_argument("--query", default="", metavar="Q", help="search query (see README)")
    ls.add_argument("--sort", metavar="KEY", help="published, upvotes, added, title, queue, starred, "
                    "code, relevance; prefix - or + for direction")
    ls.add_argument("--limit", type=int, default=0, help="at most N papers (default: all)")
    ls.add_argument("--json", action="store_true")

    sh = sub.add_parser("show", help="show one paper")
    sh.add_argument("id", metavar="ID", help="paper id, arxiv:ID or an arXiv id")
    sh.add_argument("--json", action="store_true")

    se = sub.add_parser("search", help="ranked search with snippets")
    se.add_argument("query", metavar="QUERY")
    se.add_argument("--limit", type=int, default=20)
    se.add_argument("--filter", default="all", metavar="NAME")
    se.add_argument("--json", action="store_true")

    mk = sub.add_parser("mark", help="star, set state, tag or annotate papers")
    mk.add_argument("ids", nargs="+", metavar="ID")
    star = mk.add_mutually_exclusive_group()
    star.add_argument("--star", action="store_true")
    star.add_argument("--unstar", action="store_true")
    mk.add_argument("--state", help="inbox, queued, reading, done, dismissed")
    mk.add_argument("--tag", action="append", default=[], metavar="T")
    mk.add_argument("--untag", action="append", default=[], metavar="T")
    mk.add_argument("--note", metavar="TEXT", help="replace the note (the old one is kept as a revision)")

    tg = sub.add_parser("tags", help="list, rename (merge) or delete tags")
    tags = tg.add_subparsers(dest="tags_command")
    tags.add_parser("list", help="every tag with its number of papers")
    rn = tags.add_parser("rename", help="rename a tag (to an existing tag's name: merge the two)")
    rn.add_argument("names", nargs=2, metavar=("OLD", "NEW"))
    tags.add_parser("delete", help="remove a tag from every paper").add_argument("name", metavar="NAME")

    ex = sub.add_parser("export", help="export every paper with all user state")
    ex.add_argument("--format", choices=["json"], default="json")
    ex.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")

    sub.add_parser("reindex", help="rebuild the search index from the database")
    ck = sub.add_parser("check", help="check database integrity and index agreement")
    ck.add_argument("--json", action="store_true")
    st = sub.add_parser("stats", help="library statistics")
    st.add_argument("--json", action="store_true")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # A database error no library method turned into a LibraryError (a read, mostly)
        # arrives as the store raised it, a DatabaseError: one line, like every other error.
        return _run(args)
    except KeyboardInterrupt:
        print("digest-reader: interrupted", file=sys.stderr)
        return 130
    except (CliError, DigestReaderError, ValueError, OSError) as exc:  # (QueryError: a DigestReaderError)
        if args.debug:
            raise
        print(f"digest-reader: error: {_error_line(exc)}", file=sys.stderr)
        return 1


def _error_line(exc: BaseException) -> str:
    """:func:`one_line`, saying which file for an ``OSError`` and that the database refused
    an operation it could not carry out here (locked, read-only, disk full…)."""
    if isinstance(exc, DatabaseError) and exc.operational:
        return f"the library database refused the operation: {one_line(exc)}"
    if isinstance(exc, OSError) and exc.strerror and exc.filename:
        return f"{one_line(exc)}: {exc.filename}"
    return one_line(exc)


def _library_dir(args: argparse.Namespace) -> Path:
    return Path(args.library).expanduser() if args.library else default_library_dir()


READ_ONLY_OK = {"list", "show", "search", "stats", "export"}


def _open(args: argparse.Namespace) -> Library:
    root = _library_dir(args)
    try:
        return Library.open(root)
    except LibraryLocked as exc:
        if args.command in READ_ONLY_OK:
            return Library.open(root, read_only=True)
        if args.command == "import":
            raise CliError(f"{exc}; nothing was imported — drop the files on its window, or "
                           "close it and try again") from None
        raise


def _run(args: argparse.Namespace) -> int:
    if args.command is None or args.command == "gui":
        return _gui(args)
    with _open(args) as lib:
        handler = globals()[f"_cmd_{args.command}"]
        return int(handler(lib, args))


def _gui(args: argparse.Namespace) -> int:
    try:
        # numpy (the search scorer's) before PySide6: PySide6's import hook reads the source of every
        # module imported after it, which made the first search pay ~0.2 s (holding the GIL, so the
        # window stalled); loading it here costs start-up ~70 ms instead.
        import numpy  # noqa: F401

        from reader.ui.app import run_app
    except ImportError as exc:
        raise CliError(f"the window is not available: {exc}") from None
    demo = bool(args.demo or getattr(args, "gui_demo", False))
    paths = list(getattr(args, "paths", []) or [])
    screenshot = getattr(args, "screenshot", None)
    root = None if demo else _library_dir(args)
    return run_app(root, paths=paths, demo=demo, screenshot=screenshot)


# ------------------------------------------------------------------------ commands
def _cmd_import(lib: Library, args: argparse.Namespace) -> int:
    report = lib.import_files(args.paths, as_of=args.as_of, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_report(report)
    return 2 if report.rejected else 0


def _print_report(report: ImportReport) -> None:
    prefix = "[dry run] " if report.dry_run else ""
    for f in report.files:
        if f.status is ImportStatus.REJECTED:
            print(f"{prefix}{f.path}: rejected: {f.reason}")
        elif f.status is ImportStatus.SKIPPED:
            print(f"{prefix}{f.path}: skipped: {f.reason}")
        elif f.status is ImportStatus.UNCHANGED:
            print(f"{prefix}{f.path}: unchanged ({f.format}; already imported, {f.unchanged} papers)")
        else:
            verb = "would import" if report.dry_run else "imported"
            print(f"{prefix}{f.path}: {verb} ({f.format}): {f.new} new, {f.updated} updated, "
                  f"{f.unchanged} unchanged")
        for warning in f.warnings:
            print(f"  warning: {warning}")
    rejected = len(report.rejected)
    print(f"{prefix}total: {report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
          f"{rejected} rejected" + (" (cancelled)" if report.cancelled else ""))


def _row_line(row: PaperRow) -> str:
    star = "*" if row.starred else " "
    code = "code" if row.has_code else "    "
    date = row.published.isoformat() if row.published else "----------"
    votes = "" if row.upvotes is None else f"▲{row.upvotes}"
    return f"{row.id:>6} {star} {date} {votes:>5} {code} [{row.state.value:<9}] {row.title}"


def _cmd_list(lib: Library, args: argparse.Namespace) -> int:
    flt = Filter.parse(args.filter)
    sort = Sort.parse(args.sort)
    limit = args.limit if args.limit and args.limit > 0 else None
    rows: list[PaperRow] = []
    offset = 0
    while True:
        want = 1000 if limit is None else min(1000, limit - len(rows))
        page = lib.query(args.query, flt, sort, offset, want)
        rows.extend(page.rows)
        offset += len(page.rows)
        if not page.rows or offset >= page.total or (limit is not None and len(rows) >= limit):
            break
    if args.json:
        papers = {p.id: p for p in lib.get_many([r.id for r in rows])}
        print(json.dumps([papers[r.id].to_json() for r in rows if r.id in papers],
                         indent=2, ensure_ascii=False))
    else:
        for row in rows:
            print(_row_line(row))
        print(f"{len(rows)} of {page.total} papers")
    return 0


def _paper(lib: Library, ref: str) -> Paper:
    pid = lib.resolve(ref)
    paper = lib.get(pid) if pid is not None else None
    if paper is None:
        raise CliError(f"no paper {ref!r} in this library")
    return paper


def _cmd_show(lib: Library, args: argparse.Namespace) -> int:
    paper = _paper(lib, args.id)
    if args.json:
        print(json.dumps(paper.to_json(), indent=2, ensure_ascii=False))
        return 0
    print(paper.title)
    who = ", ".join(paper.authors) if paper.authors else (
        f"{paper.author_count} authors" if paper.author_count else "authors unknown")
    print(f"  {who}")
    votes = paper.upvotes if paper.upvotes is not None else "-"
    star = " · starred" if paper.starred else ""
    print(f"  published {paper.published or 'unknown'} · upvotes {votes} · {paper.state.value}{star}"
          f" · id {paper.id} · {paper.key}")
    if paper.tags:
        print(f"  tags: {', '.join(paper.tags)}")
    for label, text in paper.meta.described():
        print(f"  {label.lower()}: {text}")
    for link in paper.links:
        extra = f" ({link.repo})" if link.repo else ""
        print(f"  {link.kind.value}: {link.url}{extra}")
    for d in paper.digests:
        print(f"  from digest {d.id}: {d.label}")
    print()
    print(paper.abstract or "(no abstract)")
    if paper.abstract_truncated:
        print("(the abstract was cut off in the digest)")
    if paper.note:
        print("\nNote:\n" + paper.note)
    return 0


def _cmd_search(lib: Library, args: argparse.Namespace) -> int:
    hits = lib.search(args.query, limit=max(1, args.limit), filter=Filter.parse(args.filter))
    if args.json:
        out: list[dict[str, Any]] = []
        papers = {p.id: p for p in lib.get_many([h.row.id for h in hits])}
        for hit in hits:
            item = papers[hit.row.id].to_json()
            item["score"] = round(hit.score, 4)
            item["snippet"] = hit.snippet.text
            item["snippet_spans"] = hit.snippet.spans
            out.append(item)
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    for hit in hits:
        print(f"{_row_line(hit.row)}  (score {hit.score:.2f})")
        if hit.snippet.text:
            print(f"         {hit.snippet.marked('«', '»')}")
    print(f"{len(hits)} results")
    return 0


def _cmd_mark(lib: Library, args: argparse.Namespace) -> int:
    ids = []
    for ref in args.ids:
        ids.append(_paper(lib, ref).id)
    state = State.parse(args.state) if args.state else None
    if not (args.star or args.unstar or state or args.tag or args.untag or args.note is not None):
        raise CliError("nothing to do: give --star, --unstar, --state, --tag, --untag or --note")
    if args.star or args.unstar:
        lib.set_starred(ids, bool(args.star))
    if state is not None:
        lib.set_state(ids, state)
    if args.tag:
        lib.add_tags(ids, args.tag)
    if args.untag:
        lib.remove_tags(ids, args.untag)
    if args.note is not None:
        for pid in ids:
            lib.set_note(pid, args.note)
    print(f"updated {len(ids)} paper{'s' if len(ids) != 1 else ''}")
    return 0


def _cmd_tags(lib: Library, args: argparse.Namespace) -> int:
    if args.tags_command == "rename":
        changed = lib.rename_tag(*args.names)
        print(f"renamed “{args.names[0]}” on {len(changed)} papers")
    elif args.tags_command == "delete":
        print(f"removed “{args.name}” from {len(lib.delete_tag(args.name))} papers")
    else:
        for name, n in lib.tags():
            print(f"{n:6}  {name}")
    return 0


def _cmd_export(lib: Library, args: argparse.Namespace) -> int:
    if args.output:
        n = lib.export_json(Path(args.output))
        print(f"exported {n} papers to {args.output}", file=sys.stderr)
    else:
        lib.export_json(sys.stdout)
        sys.stdout.write("\n")
    return 0


def _cmd_reindex(lib: Library, args: argparse.Namespace) -> int:
    n = lib.reindex()
    print(f"reindexed {n} papers")
    return 0


def _cmd_check(lib: Library, args: argparse.Namespace) -> int:
    result = lib.check()
    if args.json:
        print(json.dumps({"ok": result.ok, "problems": result.problems, **result.checked}, indent=2))
    else:
        for problem in result.problems:
            print(f"problem: {problem}")
        print(f"{'ok' if result.ok else 'PROBLEMS FOUND'}: {result.checked['papers']} papers, "
              f"{result.checked['indexed']} indexed")
    return 0 if result.ok else 2


def _cmd_stats(lib: Library, args: argparse.Namespace) -> int:
    stats = lib.stats()
    if args.json:
        print(json.dumps(stats.to_json(), indent=2))
        return 0
    print(f"library: {stats.library_path}")
    print(f"papers: {stats.papers} in {stats.digests} digests")
    print("states: " + ", ".join(f"{k} {v}" for k, v in stats.by_state.items()))
    print(f"starred {stats.starred} · with code {stats.with_code} · with notes {stats.with_notes} · "
          f"tags {stats.tags}")
    if stats.index_pending:
        print(f"search index: {stats.index_pending} papers still to index")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
