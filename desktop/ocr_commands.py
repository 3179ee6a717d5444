"""OCR on the command line: ``chancery ocr`` reads the statements marked scanned; ``--status`` and ``--set-languages``.

``chancery ocr`` exits 2 with a one-line reason when Tesseract (or a
language asked for) is not installed, and 1 when a statement it tried could
not be read; the import report's reasons are printed either way.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import asdict

from desktop.workbench_commands import _emit, resolve_ids, run_verb
from index import ImportProgress, ImportReport, Library


def report_json(report: ImportReport) -> dict:
    """The documented JSON shape of an OCR run (README, ``chancery ocr --json``)."""
    return {
        "summary": report.summary(),
        "statements": report.updated + report.added,
        "pages_read": report.ocr_pages,
        "pages_unread": report.unread_pages,
        "note": report.ocr_note(),
        "cancelled": report.cancelled,
        "seconds": round(report.seconds, 2),
        "problems": [asdict(p) for p in report.problems],
    }


def _progress() -> Callable[[ImportProgress], None]:
    last = [0.0]

    def show(progress: ImportProgress) -> None:
        now = time.monotonic()
        if sys.stderr.isatty() and now - last[0] > 0.2:
            last[0] = now
            print(f"\r{progress.done}/{progress.total} files, {progress.ocr_pages} pages read"
                  f"{' · ' + progress.ocr_current if progress.ocr_current else ''}\033[K", end="", file=sys.stderr)

    return show


def cmd_ocr(args, library: Library) -> int:
    """``chancery ocr``: run OCR over the statements marked scanned (or the ones given)."""
    if args.status:
        status = library.ocr_status()
        lines = [status.engine or f"OCR unavailable: {status.reason}",
                 f"installed languages: {'+'.join(status.installed) or 'none'}"
                 f"{' (with script detection)' if status.script_detection else ''}",
                 f"library languages: {'+'.join(status.languages)}",
                 f"statements with scanned pages not read: {status.unread_statements:,}",
                 f"pages in the OCR cache: {status.cached_pages:,}"]
        _emit(args, asdict(status), "\n".join(lines))
        return 0
    if args.set_languages:
        languages = library.set_ocr_languages(args.set_languages)
        _emit(args, {"languages": list(languages)}, f"library OCR languages: {'+'.join(languages)}")
        return 0
    ids = resolve_ids(library, args.ids) if args.ids else None
    report = library.run_ocr(languages=args.lang, ids=ids, progress=_progress())
    if sys.stderr.isatty():
        print(file=sys.stderr)
    lines = [report.summary()] if report.files or report.problems else ["no statement is marked scanned"]
    lines += [f"  {'skipped' if p.skipped else 'warning'}: {p.path}: {p.reason}" for p in report.problems]
    if report.ocr_note():
        lines.append(report.ocr_note())
    _emit(args, report_json(report), "\n".join(lines))
    return 1 if any(p.skipped for p in report.problems) else 0


def run(args) -> int:
    """Runs ``chancery ocr``."""
    return run_verb(args, cmd_ocr)


VERBS: dict[str, Callable] = {"ocr": cmd_ocr}


def add_parsers(sub, add_library: Callable[[argparse.ArgumentParser], None]) -> None:
    """Adds ``chancery ocr`` to the argument parser."""
    parser = sub.add_parser("ocr", help="read the scanned pages of statements imported without OCR (Tesseract)")
    add_library(parser)
    parser.add_argument("ids", nargs="*", metavar="ID", help="only these statements (default: every one marked "
                        "scanned; \"-\" reads ids from standard input)")
    parser.add_argument("--lang", metavar="LANGS", help="Tesseract languages for this run, such as tur+eng "
                        "(default: chosen per page from the library's languages)")
    parser.add_argument("--status", action="store_true", help="say what Tesseract offers and what waits for OCR")
    parser.add_argument("--set-languages", metavar="LANGS",
                        help="set the library's OCR languages, such as eng+tur+rus+fra+deu+spa")
    parser.add_argument("--json", action="store_true", help="print JSON")
