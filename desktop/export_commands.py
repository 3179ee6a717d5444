"""Exports on the command line: ``chancery export``, ``chancery cite`` and ``chancery annotations``.

``chancery export QUERY --format ris`` writes every statement the query (and
``--filter``) finds; ``--ids`` names statements instead, ``--collection`` and
``--tag`` take one of those. Without ``--out`` the export goes to standard
output. Large exports stream: memory stays flat at 100,000 statements.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from desktop.workbench_commands import UsageError, _emit, resolve_ids, run_verb
from index import Library
from index.errors import UnknownFacetValue

FORMAT_NAMES = ("csv", "json", "ris", "csljson", "md", "html")
STYLE_NAMES = ("chicago", "apa")


def _scope(args, library: Library) -> list[str]:
    """The statements an export covers: --ids, else the query with its filters (and --collection, --tag)."""
    if args.ids:
        return resolve_ids(library, args.ids)
    from desktop.commands import parse_filters

    filters, notes = parse_filters(library, args.filter)
    for note in notes:
        print(f"chancery: {note}", file=sys.stderr)
    query = args.query or ""
    for field, value in (("collection", args.collection), ("tag", args.tag)):
        if value:
            try:
                filters += (library.resolve_filter(field, value),)
            except UnknownFacetValue as exc:
                raise UsageError(str(exc)) from exc
    return library.ids_matching(query, filters, args.sort)


def cmd_export(args, library: Library) -> int:
    """``chancery export [QUERY] --format F [--out FILE]``."""
    from index import DossierOptions

    ids = _scope(args, library)
    last = [0]

    def progress(done: int) -> None:
        if args.out and sys.stderr.isatty() and done - last[0] >= 1000:
            last[0] = done
            print(f"\r{done:,}/{len(ids):,} statements", end="", file=sys.stderr)

    options = {}
    if args.format in ("md", "html"):
        options["dossier"] = DossierOptions(group_by=args.group_by, title=args.title or "Dossier",
                                            style="" if args.style == "none" else args.style)
    if args.out:
        result = library.export(ids, args.format, Path(args.out), progress=progress, **options)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print(f"wrote {result.written:,} statements to {args.out}")
        return 0
    # CSV and RIS write their own CRLF line ends: standard output must not translate them.
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        library.export(ids, args.format, sys.stdout, **options)
        return 0
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    try:
        library.export(ids, args.format, stream, **options)
    finally:
        stream.flush()
        stream.detach()  # standard output stays open for the rest of the process
    return 0


def cmd_cite(args, library: Library) -> int:
    """``chancery cite ID... [--style chicago|apa] [--bibliography] [--html]``."""
    ids = resolve_ids(library, args.ids)
    output = "html" if args.html else "text"
    if args.bibliography:
        entries = library.bibliography(ids, args.style, output)
        _emit(args, {"style": args.style, "bibliography": entries}, "\n\n".join(entries))
        return 0
    citations = [library.citation(doc_id, args.style, "note", output) for doc_id in ids]
    _emit(args, {"style": args.style, "citations": [{"id": i, "citation": c} for i, c in zip(ids, citations,
                                                                                          strict=True)]},
          "\n\n".join(citations))
    return 0


def cmd_annotations(args, library: Library) -> int:
    """``chancery annotations export FILE [--ids ID...]`` / ``chancery annotations import FILE``."""
    path = Path(args.file)
    if args.action == "export":
        ids = resolve_ids(library, args.ids) if args.ids else None
        result = library.export_annotations(path, ids)
        _emit(args, {"written": result.written, "file": str(path)},
              f"wrote the annotations of {result.written:,} statements to {path}")
        return 0
    try:
        report = library.import_annotations(path)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    payload = asdict(report)
    lines = [report.summary(), *(f"  not in this library: {t}" for t in report.unmatched),
             *(f"  kept: {k}" for k in report.kept), *(f"  problem: {p}" for p in report.problems)]
    _emit(args, payload, "\n".join(lines))
    return 1 if report.problems and not report.matched else 0


VERBS: dict[str, Callable] = {"export": cmd_export, "cite": cmd_cite, "annotations": cmd_annotations}


def run(args) -> int:
    """Runs an export verb."""
    return run_verb(args, VERBS[args.command])


def add_parsers(sub, add_library: Callable[[argparse.ArgumentParser], None]) -> None:
    """Adds ``export``, ``cite`` and ``annotations`` to the ``chancery`` argument parser."""
    export = sub.add_parser("export", help="export statements: export [QUERY] --format csv|json|ris|csljson|md|html")
    add_library(export)
    export.add_argument("query", nargs="?", default="", help="the statements a search finds (default: all)")
    export.add_argument("--format", required=True, choices=FORMAT_NAMES)
    export.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    export.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE")
    export.add_argument("--collection", metavar="NAME", help="only statements in this collection")
    export.add_argument("--tag", metavar="TAG", help="only statements with this tag")
    export.add_argument("--ids", nargs="+", metavar="ID", help="these statements instead of a search ('-': stdin)")
    export.add_argument("--sort", default="relevance", choices=("relevance", "newest", "oldest", "title"))
    export.add_argument("--group-by", default="collection", choices=("collection", "tag"), help="dossiers only")
    export.add_argument("--style", default="chicago", choices=(*STYLE_NAMES, "none"), help="dossiers' citations")
    export.add_argument("--title", help="the dossier's title")
    cite = sub.add_parser("cite", help="cite statements: cite ID... --style chicago|apa [--bibliography]")
    add_library(cite)
    cite.add_argument("ids", nargs="+", metavar="ID")
    cite.add_argument("--style", default="chicago", choices=STYLE_NAMES)
    cite.add_argument("--bibliography", action="store_true", help="bibliography entries, in the style's order")
    cite.add_argument("--html", action="store_true", help="HTML instead of plain text")
    cite.add_argument("--json", action="store_true")
    annotations = sub.add_parser("annotations", help="share the workbench: annotations export|import FILE")
    add_library(annotations)
    annotations.add_argument("action", choices=("export", "import"))
    annotations.add_argument("file", metavar="FILE")
    annotations.add_argument("--ids", nargs="+", metavar="ID", help="export only these statements")
    annotations.add_argument("--json", action="store_true")
