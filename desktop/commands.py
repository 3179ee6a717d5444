"""The command-line sub-commands (no Qt here: they run headless and start fast)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from desktop.maintenance_commands import merge_after
from documents.build import BuildContext, file_sha256, statements_from_file
from documents.errors import UnreadableDocument
from documents.extract import default_extractor
from documents.statement import Statement
from index import (
    FacetFilter,
    FilterState,
    ImportProgress,
    Library,
    LibraryError,
    LibraryReadOnly,
    SearchRequest,
    SearchResult,
    UnknownFacetValue,
    default_library_dir,
)


def open_library(path: Path | None, seed: bool = True) -> Library:
    """Opens the library given on the command line (or the default one)."""
    folder = path or default_library_dir()
    try:
        library = Library.open(folder)
    except LibraryReadOnly:
        # Searching needs no writes: a library on read-only media still answers.
        return Library.open(folder, read_only=True)
    if seed and path is None:
        library.seed_if_empty()
    return library


def _fail(message: str) -> int:
    print(f"chancery: {message}", file=sys.stderr)
    return 2


def cmd_index(args) -> int:
    """``chancery index PATH... | --rescan``: import and print a summary.

    Exits 1 when files were given but none could be imported.
    """
    if not args.paths and not args.rescan:
        return _fail("give files or folders to import, or --rescan")
    try:
        library = Library.open(args.library or default_library_dir())
    except LibraryError as exc:
        return _fail(str(exc))
    last = [0.0]

    def progress(p: ImportProgress) -> None:
        now = time.monotonic()
        if sys.stderr.isatty() and now - last[0] > 0.2:
            last[0] = now
            pages = f", OCR {p.ocr_current}" if p.ocr_current else ""
            print(f"\r{p.done}/{p.total} files, {p.rate:.0f}/s{pages}\033[K", end="", file=sys.stderr)

    with library:
        options = {"missing": args.missing, "progress": progress, "ocr_languages": args.ocr_lang}
        try:
            report = library.rescan(**options) if args.rescan else library.import_paths(args.paths, **options)
        except (LibraryError, ValueError) as exc:
            return _fail(str(exc))
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print(report.summary())
        for problem in report.problems:
            label = "skipped" if problem.skipped else "warning"
            print(f"  {label}: {problem.path}: {problem.reason}")
        if report.ocr_note():
            print(report.ocr_note())
        if not args.no_merge and not report.cancelled:
            merge_after(library)
        print(f"library: {library.folder} ({library.count()} documents)")
    nothing = report.imported == 0 and report.unchanged == 0 and report.relocated == 0
    return 1 if nothing and report.files and not report.cancelled else 0


def cmd_rebuild(args) -> int:
    """``chancery rebuild``: rebuild the index from the catalogue alone."""
    try:
        library = Library.open(args.library or default_library_dir(), rebuild_damaged=True)
    except LibraryError as exc:
        return _fail(str(exc))
    with library:
        # An index of another release, or a deleted or damaged one, was rebuilt by opening: once is enough.
        count = library.store.doc_count() if library.rebuilt_at_open else library.rebuild_index()
        print(f"rebuilt the index of {count} documents")
        if not args.no_merge:
            merge_after(library)
    return 0


def cmd_reextract(args) -> int:
    """``chancery reextract``: re-run extraction over the catalogue's text."""
    try:
        library = Library.open(args.library or default_library_dir())
    except LibraryError as exc:
        return _fail(str(exc))
    with library:
        count = library.reextract()
    print(f"extracted {count} statements again and rebuilt the index")
    return 0


def parse_filters(library: Library, values: list[str]) -> tuple[tuple[FacetFilter, ...], list[str]]:
    """``["country=Turkey", "topic=!trade"]`` -> filters, resolved as the search box resolves ``country:Turkey``.

    Returns:
        The filters and notes for values nothing is called (kept as written: they match nothing).

    Raises:
        ValueError: An item is not ``FIELD=VALUE`` or names no facet field.
    """
    filters = []
    notes = []
    for item in values:
        field, _, value = item.partition("=")
        value = value.strip()
        state = FilterState.EXCLUDE if value.startswith("!") else FilterState.INCLUDE
        value = value.lstrip("!").strip()
        if not field.strip() or not value:
            raise ValueError(f"filter {item!r} needs FIELD=VALUE")
        try:
            filters.append(library.resolve_filter(field.strip(), value, state))
        except UnknownFacetValue as exc:
            filters.append(exc.filter)
            notes.append(str(exc))
    return tuple(filters), notes


def hit_json(library: Library, result: SearchResult, limit: int) -> list[dict[str, Any]]:
    """The documented JSON shape of the top hits."""
    hits = result.hits[:limit]
    rows = library.rows(h.doc_id for h in hits)
    out = []
    for hit in hits:
        row = rows.get(hit.doc_id)
        if row is None:
            continue
        item = {
            "id": hit.doc_id,
            "score": round(hit.score, 4),
            "title": row.title,
            "date": row.date,
            "type": row.doc_type,
            "language": row.language,
            "status": row.status,
            "path": row.path,
            "countries": [{"code": c, "name": library.label("country", c)} for c in row.countries],
            "tags": list(row.tags),
            "collections": list(row.collections),
            "starred": row.starred,
            "review": row.review,
            "has_note": row.has_note,
        }
        if hit.snippet is not None:
            item["snippet"] = {"text": hit.snippet.text, "matches": [list(m) for m in hit.snippet.matches]}
        out.append(item)
    return out


def _search_once(library: Library, text: str, filters, sort: str, limit: int, budget: float = 1.0) -> SearchResult:
    return library.search(SearchRequest(text=text, filters=filters, sort=sort, limit=max(limit, 1),
                                        snippet_count=limit, budget=budget or None))


def cmd_search(args) -> int:
    """``chancery search QUERY``: print hits as text or JSON."""
    try:
        library = open_library(args.library)
    except LibraryError as exc:
        return _fail(str(exc))
    with library:
        try:
            filters, notes = parse_filters(library, args.filter)
        except ValueError as exc:
            return _fail(str(exc))
        if args.batch:
            return _batch(library, args.batch, filters, notes, args.sort, args.limit, args.budget)
        result = _search_once(library, args.query, filters, args.sort, args.limit, args.budget)
        result.messages[:0] = notes
        if args.json:
            payload = {
                "query": args.query,
                "filters": [{"field": f.field, "value": f.value, "exclude": f.exclude} for f in filters],
                "total": result.total,
                "elapsed_ms": round(result.elapsed_ms, 2),
                "messages": result.messages,
                "hits": hit_json(library, result, args.limit),
                "facets": {
                    field: [{"value": c.value, "label": c.label, "count": c.count} for c in counts]
                    for field, counts in result.facets.items()
                },
            }
            json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
            print()
            return 0
        for message in result.messages:
            print(f"note: {message}")
        print(f"{result.total} hits in {result.elapsed_ms:.0f} ms")
        for item in hit_json(library, result, args.limit):
            codes = ",".join(c["code"] for c in item["countries"][:5])
            print(f"{item['date'] or '----------':10}  {item['title'][:80]}  [{codes}]  {item['path']}")
    return 0


def _batch(library: Library, path: Path, filters, notes: list[str], sort: str, limit: int, budget: float) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        return _fail(f"cannot read {path}: {exc.strerror or exc}")
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        started = time.perf_counter()
        result = _search_once(library, text, filters, sort, limit, budget)
        elapsed = (time.perf_counter() - started) * 1000
        hits = [{k: h[k] for k in ("id", "path", "title", "score")} for h in hit_json(library, result, limit)]
        print(json.dumps({"query": text, "total": result.total, "hits": hits, "elapsed_ms": round(elapsed, 2),
                          "messages": notes + result.messages}, ensure_ascii=False))
    return 0


def statement_json(statement: Statement) -> dict[str, Any]:
    """A statement's extracted metadata as JSON (without the full text)."""
    data = statement.to_dict()
    data.pop("text")
    data["year"] = statement.year
    data["text_chars"] = len(statement.text)
    return data


def cmd_extract(args) -> int:
    """``chancery extract FILE...``: print what extraction finds."""
    from documents.extract import Extractor
    from documents.ocr import OcrContext

    extractor = Extractor(capitals_as_countries=False) if args.no_capitals else default_extractor()
    context = BuildContext(extractor, ocr=OcrContext())  # scans are read, with no library to cache them
    failures = 0
    results = []
    for path in args.files:
        try:
            statements = statements_from_file(path.absolute(), file_sha256(path), context)
        except (UnreadableDocument, OSError) as exc:
            failures += 1
            print(f"chancery: {exc}", file=sys.stderr)
            continue
        for statement in statements:
            results.append(statement_json(statement))
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for data in results:
            print(f"{data['source_path']}\n  title: {data['title']}\n  date: {data['date']} "
                  f"({data['field_sources'].get('date', '?')})\n"
                  f"  type: {data['doc_type']}  language: {data['language']}")
            for key in ("countries", "organisations", "topics"):
                values = ", ".join(f"{e['code']}{'*' if e['central'] else ''} ({e['count']})" for e in data[key])
                print(f"  {key}: {values}")
    return 1 if failures and not results else 0
