"""The research views on the command line: ``relations``, ``kwic``, ``trend`` and ``similar``.

Each follows a query and ``--filter`` as ``chancery search`` does, takes
``--library DIR`` and prints text or, with ``--json``, the shape the README
documents. ``similar ID`` lists statements like ID (More like this);
``similar ID --near-identical`` lists the statements that share most of its
text, signing the library's statements first if an earlier release made it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.audit_commands import stderr_progress
from desktop.workbench_commands import UsageError, resolve_ids, run_verb
from index import Library, SearchRequest

VERBS = ("relations", "kwic", "trend", "similar")


def _print_json(payload: dict[str, Any]) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    print()


def _request(args, library: Library) -> SearchRequest:
    from desktop.commands import parse_filters

    filters, notes = parse_filters(library, args.filter)
    for note in notes:
        print(f"chancery: {note}", file=sys.stderr)
    return SearchRequest(text=getattr(args, "query", "") or "", filters=filters, limit=None, snippet_count=0,
                         suggest=False, budget=None)


def _filters_json(request: SearchRequest) -> list[dict[str, Any]]:
    return [{"field": f.field, "value": f.value, "exclude": f.exclude} for f in request.filters]


def cmd_relations(args, library: Library) -> int:
    """``chancery relations [QUERY] [--country TUR] [--mentioned]``: country pairs with their counts per year."""
    request = _request(args, library)
    country = None
    if args.country:
        country = library.resolve_filter("country", args.country).value
    relations = library.relations(request, "mentioned" if args.mentioned else "central", country, args.limit)
    if args.json:
        _print_json({
            "query": request.text, "filters": _filters_json(request), "mode": relations.mode, "country": country,
            "statements": relations.statements, "with_pairs": relations.with_pairs,
            "pair_count": relations.pair_count,
            "pairs": [{"countries": [p.first, p.second], "names": [p.first_label, p.second_label],
                       "total": p.total, "years": {str(year): n for year, n in p.years},
                       "organisations": list(p.organisations)} for p in relations.pairs],
        })
        return 0
    kind = "central " if relations.mode == "central" else ""
    if country:
        name = library.label("country", country)
        counted = f"{relations.with_pairs:,} with {name} and another {kind}country; {relations.pair_count:,} partners"
    else:
        counted = f"{relations.with_pairs:,} with two or more {kind}countries; {relations.pair_count:,} pairs"
    top = f" (top {len(relations.pairs)})" if relations.pairs and len(relations.pairs) < relations.pair_count else ""
    print(f"{relations.statements:,} statements, {counted}{top}")
    for pair in relations.pairs:
        years = " ".join(f"{year}:{n}" for year, n in pair.years)
        shared = f"  [{', '.join(pair.organisations)}]" if pair.organisations else ""
        names = pair.partner_of(country)[1] if country else f"{pair.first_label} & {pair.second_label}"
        print(f"{pair.total:6}  {pair.first}-{pair.second}  {names}{shared}\n        {years}")
    return 0


def cmd_kwic(args, library: Library) -> int:
    """``chancery kwic QUERY [--width 40] [--limit N] [--sort left|right]``: each hit with its context."""
    request = _request(args, library)
    if not request.text.strip():
        raise UsageError("give a query whose words or phrase the concordance shows")
    if args.csv:
        written = library.export_concordance(request, args.csv, args.width, args.sort)
        print(f"wrote {written:,} lines to {args.csv}")
        return 0
    page = library.concordance(request, args.width, args.sort, 0, args.limit)
    if args.json:
        _print_json({
            "query": request.text, "filters": _filters_json(request), "width": args.width, "sort": page.sort,
            "statements": page.statements, "read": page.read, "lines_found": page.known,
            "complete": page.complete,
            "lines": [{"id": line.doc_id, "date": line.date, "title": line.title, "left": line.left,
                       "hit": line.hit, "right": line.right, "start": line.start, "end": line.end}
                      for line in page.lines],
        })
        return 0
    more = "" if page.complete else " so far"
    print(f"{page.known:,} lines{more} in {page.read:,} of {page.statements:,} statements")
    for line in page.lines:
        print(f"{line.aligned(args.width)}  | {line.date or 'undated'}  {line.title[:60]}")
    return 0


def cmd_trend(args, library: Library) -> int:
    """``chancery trend TERM... [--query Q] [--filter F=V]``: each term per year, per 10,000 words and share."""
    request = _request(args, library)
    trends = library.trends(args.terms, request)
    if args.csv:
        written = library.export_trends(trends, args.csv)
        print(f"wrote {written:,} rows to {args.csv}")
        return 0
    if args.json:
        _print_json({
            "terms": list(args.terms), "query": request.text, "filters": _filters_json(request),
            "statements": trends.statements, "undated": trends.undated, "years": list(trends.years),
            "series": [{"term": t.term, "occurrences": t.occurrences, "matching": t.matching, "points": [
                {"year": p.year, "occurrences": p.occurrences, "words": p.words,
                 "per_10000_words": round(p.per_10k, 4), "statements": p.statements, "matching": p.matching,
                 "share": round(p.share, 4)} for p in t.points]} for t in trends.series],
        })
        return 0
    print(f"{trends.statements:,} statements ({trends.undated:,} undated, not counted by year)")
    header = "year  statements" + "".join(f"  | {t.term[:24]:>24}: per 10k, share" for t in trends.series)
    print(header)
    for index, year in enumerate(trends.years):
        cells = "".join(f"  | {t.points[index].occurrences:>10} {t.points[index].per_10k:>8.2f} "
                        f"{t.points[index].share:>8.1%}" for t in trends.series)
        print(f"{year}  {trends.series[0].points[index].statements if trends.series else 0:>10}{cells}")
    return 0


def cmd_similar(args, library: Library) -> int:
    """``chancery similar ID [--near-identical]``: statements like ID, or those sharing most of its text."""
    doc_id = resolve_ids(library, [args.id])[0]
    if not args.near_identical:
        result = library.similar(doc_id, args.limit)
        rows = library.rows(hit.doc_id for hit in result.hits)
        found = [{"id": h.doc_id, "score": round(h.score, 4), "title": rows[h.doc_id].title,
                  "date": rows[h.doc_id].date} for h in result.hits if h.doc_id in rows]
        if args.json:
            _print_json({"id": doc_id, "similar": found})
        else:
            print("\n".join(f"{f['score']:8.2f}  {f['date'] or 'undated':10}  {f['title'][:80]}  {f['id']}"
                            for f in found) or "no similar statements")
        return 0
    status = library.prepare_near_identical(stderr_progress("statements signed"))
    group = library.near_identical(doc_id)
    statement = library.rows([doc_id])[doc_id]
    if args.json:
        _print_json({"id": doc_id, "title": statement.title, "date": statement.date, "group": group.group,
                     "threshold": group.threshold, "ready": status.ready,
                     "near_identical": [{"id": m.doc_id, "title": m.title, "date": m.date,
                                         "similarity": round(m.similarity, 4)} for m in group.members]})
        return 0
    print(f"{statement.date or 'undated'}  {statement.title}  {doc_id}")
    if not group.members:
        print(f"no near-identical statements (none shares {group.threshold:.0%} of its text)")
    for member in group.members:
        print(f"  {member.similarity:5.0%}  {member.date or 'undated':10}  {member.title[:80]}  {member.doc_id}")
    return 0


_HANDLERS: dict[str, Callable] = {"relations": cmd_relations, "kwic": cmd_kwic, "trend": cmd_trend,
                                  "similar": cmd_similar}


def run(args) -> int:
    """Runs a research verb (a fresh default library is seeded with the samples, as for ``search``)."""
    from desktop.commands import open_library

    return run_verb(args, _HANDLERS[args.command], lambda a: open_library(a.library))


def add_parsers(sub, add_library: Callable[[argparse.ArgumentParser], None]) -> None:
    """Adds the research verbs to the ``chancery`` argument parser."""

    def verb(name: str, help_text: str, filters: bool = True) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=help_text)
        add_library(parser)
        parser.add_argument("--json", action="store_true", help="print JSON (see the README for its shape)")
        if filters:
            parser.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE",
                                help="facet filter such as country=TUR; prefix the value with ! to exclude")
        return parser

    relations = verb("relations", "country pairs in the statements a query finds, with their counts per year")
    relations.add_argument("query", nargs="?", default="", help="query in the search-box language")
    relations.add_argument("--country", metavar="COUNTRY", help="only this country's partners (code or name)")
    relations.add_argument("--mentioned", action="store_true",
                           help="count countries that merely appear together (default: both central)")
    relations.add_argument("--limit", type=int, default=20, help="pairs to print (default 20)")
    kwic = verb("kwic", "concordance: every occurrence of the query with its context, aligned on the hit")
    kwic.add_argument("query", help="query in the search-box language")
    kwic.add_argument("--width", type=int, default=40, help="characters of context each side (default 40)")
    kwic.add_argument("--limit", type=int, default=50, help="lines to print (default 50)")
    kwic.add_argument("--sort", choices=("document", "left", "right"), default="document",
                      help="newest statements first (default), or by the words left or right of the hit")
    kwic.add_argument("--csv", type=Path, metavar="FILE", help="write every line to a CSV file instead")
    trend = verb("trend", "terms or phrases per year: occurrences per 10,000 words and share of statements")
    trend.add_argument("terms", nargs="+", metavar="TERM", help="a word, \"a phrase\" or any query, one per series")
    trend.add_argument("--query", default="", help="count within the statements this query finds")
    trend.add_argument("--csv", type=Path, metavar="FILE", help="write the figures to a CSV file instead")
    similar = verb("similar", "statements like ID (More like this), or --near-identical: sharing most of its text",
                   filters=False)
    similar.add_argument("id", metavar="ID")
    similar.add_argument("--near-identical", action="store_true",
                         help="statements that share most of the text (grouped at import)")
    similar.add_argument("--limit", type=int, default=20, help="statements to print (default 20)")
