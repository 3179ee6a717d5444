"""Trust on the command line: ``chancery verify``, ``check``, ``backup``, ``restore`` and ``history``.

``verify`` exits 1 when a file changed, went missing or could not be read,
``check`` exits 1 when the library is not sound (and was not repaired), so a
scheduled job can alert on either.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from desktop.workbench_commands import _emit, resolve_ids, run_verb
from index import Library, LibraryError


def stderr_progress(label: str) -> Callable[[int, int], None]:
    """A progress callback that redraws ``label: done/total`` on standard error when it is a terminal."""
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if sys.stderr.isatty() and (now - last[0] > 0.2 or done == total):
            last[0] = now
            print(f"\r{label}: {done:,}/{total:,}", end="" if done < total else "\n", file=sys.stderr)

    return report


def cmd_verify(args, library: Library) -> int:
    """``chancery verify``: hash every file again; exit 1 if any changed, went missing or is unreadable."""
    report = library.verify(stderr_progress("files"))
    problems = [c for c in report.checks if c.outcome != "unchanged"]
    lines = [report.summary()]
    for check in problems:
        line = f"  {check.outcome:10} {check.path}"
        if check.outcome == "changed":
            line += f"\n             was {check.expected_sha256} ({check.expected_size:,} bytes), " \
                    f"now {check.sha256} ({check.size:,} bytes)"
        elif check.detail:
            line += f"  ({'now at ' if check.outcome == 'moved' else ''}{check.detail})"
        lines.append(line)
    _emit(args, {"at": report.at, "passed": report.passed, "counts": report.counts(),
                 "files": [asdict(c) for c in (report.checks if args.all else problems)]}, "\n".join(lines))
    return 0 if report.passed else 1


def cmd_check(args, library: Library) -> int:
    """``chancery check [--repair]``: the catalogue's integrity and the index against it."""
    report = library.check(repair=args.repair)
    _emit(args, asdict(report) | {"healthy": report.healthy}, "\n".join(report.lines()))
    return 0 if report.healthy else 1


def cmd_backup(args, library: Library) -> int:
    """``chancery backup FILE``: one consistent file of the catalogue, safe while the window is open."""
    size = library.backup(Path(args.file), stderr_progress("pages"))
    _emit(args, {"file": str(args.file), "bytes": size}, f"backed up {library.count():,} statements and all "
          f"the work on them to {args.file} ({size / 1e6:.1f} MB)")
    return 0


def cmd_history(args, library: Library) -> int:
    """``chancery history [ID]``: a statement's events (or the library's own, without an id)."""
    doc_id = resolve_ids(library, [args.id])[0] if args.id else None
    events = library.history(doc_id)
    _emit(args, {"id": doc_id, "events": [asdict(e) for e in events]},
          "\n".join(f"{e.at}  {e.label}{f' ({e.outcome})' if e.outcome else ''}: {e.detail}" for e in events)
          or "no events")
    return 0


VERBS: dict[str, Callable] = {"verify": cmd_verify, "check": cmd_check, "backup": cmd_backup,
                              "history": cmd_history}


def run(args) -> int:
    """Runs an audit verb; ``restore`` makes its own library."""
    if args.command == "restore":
        try:
            library = Library.restore(Path(args.file), Path(args.folder), stderr_progress("statements indexed"))
        except (LibraryError, OSError) as exc:
            print(f"chancery: {exc}", file=sys.stderr)
            return 2
        with library:
            _emit(args, {"folder": str(library.folder), "statements": library.count()},
                  f"restored {library.count():,} statements into {library.folder}")
        return 0
    return run_verb(args, VERBS[args.command])


def add_parsers(sub, add_library: Callable[[argparse.ArgumentParser], None]) -> None:
    """Adds the audit verbs to the ``chancery`` argument parser."""

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=help_text)
        add_library(parser)
        parser.add_argument("--json", action="store_true", help="print JSON")
        return parser

    verify = verb("verify", "hash every file again: unchanged, changed, missing, moved or unreadable "
                  "(exit 1 if any changed or went missing)")
    verify.add_argument("--all", action="store_true", help="with --json, list unchanged files too")
    check = verb("check", "check the catalogue's integrity and the index against it (exit 1 if unsound)")
    check.add_argument("--repair", action="store_true", help="rebuild a wrong index, remove stray index files")
    backup = verb("backup", "back up the whole catalogue (with tags, notes, corrections) to one file")
    backup.add_argument("file", metavar="FILE")
    restore = verb("restore", "make a new library in FOLDER from a backup, its index rebuilt")
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("folder", metavar="FOLDER")
    history = verb("history", "a statement's events: imports, changes, moves, corrections, fixity checks")
    history.add_argument("id", nargs="?", metavar="ID", help="the statement (default: the library's own events)")
