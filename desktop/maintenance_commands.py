"""Keeping the index in shape from the command line: ``chancery compact``.

``compact`` merges the index's smallest segments until it has at most
``--max-segments`` (10 by default), as the window does in the background
after an import; ``chancery index`` and ``chancery rebuild`` do it when they
finish, unless given ``--no-merge``. Searches in other windows and processes
go on meanwhile. It then packs what an older release stored uncompressed in
the catalogue and rewrites the file so it shrinks (``--no-vacuum`` leaves the
file as it is; the space freed is reused by later imports).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict

from desktop.workbench_commands import run_verb
from index import MAX_SEGMENTS, Library, MergeProgress, MergeReport

VERBS = ("compact",)


def progress_printer(label: str = "merging the index") -> Callable[[MergeProgress], None]:
    """A merge progress callback that redraws ``label: done/total`` on standard error when it is a terminal."""
    last = [0.0]

    def report(progress: MergeProgress) -> None:
        now = time.monotonic()
        finished = progress.done >= progress.total
        if sys.stderr.isatty() and (now - last[0] > 0.2 or finished):
            last[0] = now
            print(f"\r{label}: {progress.done:,}/{progress.total:,} statements", end="\n" if finished else "",
                  file=sys.stderr)

    return report


def merge_after(library: Library, quiet: bool = False) -> MergeReport | None:
    """Merges segments after an import or a rebuild, if there are too many; prints the summary."""
    if not library.needs_merge():
        return None
    report = library.merge_segments(progress=progress_printer())
    if not quiet:
        print(report.summary())
    return report


def _packing_printer() -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\rpacking the catalogue: {done:,}/{total:,} statements", end="\n" if done >= total else "",
                  file=sys.stderr)

    return report


def _compact(args, library: Library) -> int:
    if args.max_segments < 1:
        raise ValueError("--max-segments must be at least 1")
    report = library.merge_segments(args.max_segments, progress=None if args.json else progress_printer())
    packing = library.pack_catalogue(vacuum=not args.no_vacuum, progress=None if args.json else _packing_printer())
    if args.json:
        json.dump({**asdict(report), "seconds": round(report.seconds, 2),
                   "catalogue": {**asdict(packing), "seconds": round(packing.seconds, 2)}}, sys.stdout, indent=2)
        print()
    else:
        print(report.summary())
        print(packing.summary())
    merged = report.outcome in ("merged", "not needed")
    return 0 if merged and packing.outcome in ("packed", "not needed") else 1


def run(args) -> int:
    """Runs a maintenance verb."""
    return run_verb(args, {"compact": _compact}[args.command])


def add_parsers(sub, add_library: Callable[[argparse.ArgumentParser], None]) -> None:
    """Adds the maintenance verbs to the ``chancery`` argument parser."""
    compact = sub.add_parser("compact", help="merge the index's smallest segments (searches go faster) and pack "
                             "what an older release stored uncompressed; exit 1 if an import was running or it "
                             "was interrupted")
    compact.add_argument("--max-segments", type=int, default=MAX_SEGMENTS, metavar="N",
                         help=f"segments the index may keep (default {MAX_SEGMENTS})")
    compact.add_argument("--no-vacuum", action="store_true",
                         help="pack the catalogue's old rows but do not rewrite the file (it keeps its size)")
    compact.add_argument("--json", action="store_true", help="print JSON")
    add_library(compact)
