"""The ``chancery`` command: the GUI by default, and the core for scripting.

Only the GUI and the self-test import Qt; ``index``, ``search`` and
``extract`` stay plain Python so they start fast and run on servers.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import sys
from pathlib import Path

from desktop import __version__


def _add_library(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # A verb's own --library must not reset one given before the verb
    # (``chancery --library DIR index ...``): argparse would fill in its default.
    parser.add_argument("--library", type=Path, metavar="DIR", default=None if top else argparse.SUPPRESS,
                        help="library folder (default: the user data directory)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(
        prog="chancery",
        description="Chancery: an offline archive browser for diplomatic statements.",
    )
    parser.add_argument("--version", action="version", version=f"Chancery {__version__}")
    parser.add_argument("--selftest", action="store_true",
                        help="import the samples into a temporary library, search, render the window, exit")
    parser.add_argument("--screenshot", type=Path, metavar="PNG", help="with --selftest: save the window here")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to standard error")
    _add_library(parser, top=True)
    sub = parser.add_subparsers(dest="command")

    gui = sub.add_parser("gui", help="open the window (the default)")
    _add_library(gui)

    idx = sub.add_parser("index", help="import files or folders into the library")
    idx.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    idx.add_argument("--rescan", action="store_true", help="re-check every folder the library knows")
    idx.add_argument("--missing", choices=("mark", "remove"), default="mark",
                     help="files that are gone: keep them marked missing (default) or remove them")
    idx.add_argument("--ocr-lang", metavar="LANGS", help="Tesseract languages for the scans of this import, "
                     "such as tur+eng (default: chosen per page from the library's languages)")
    idx.add_argument("--no-merge", action="store_true", help="leave the index's segments unmerged afterwards")
    _add_library(idx)

    rebuild = sub.add_parser("rebuild", help="rebuild the search index from the catalogue")
    rebuild.add_argument("--no-merge", action="store_true", help="leave the index's segments unmerged afterwards")
    _add_library(rebuild)

    reextract = sub.add_parser("reextract", help="extract again from the stored text (after editing topics or "
                               "gazetteers), then rebuild the index")
    _add_library(reextract)

    search = sub.add_parser("search", help="search the library")
    search.add_argument("query", nargs="?", default="", help="query in the search-box language")
    search.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE",
                        help="facet filter such as country=TUR; prefix the value with ! to exclude")
    search.add_argument("--sort", choices=("relevance", "newest", "oldest", "title"), default="relevance")
    search.add_argument("--limit", type=int, default=10, help="hits to print (default 10)")
    search.add_argument("--json", action="store_true", help="print JSON (see the README for its shape)")
    search.add_argument("--batch", type=Path, metavar="FILE", help="run one query per line, print JSON lines")
    search.add_argument("--budget", type=float, default=1.0, metavar="SECONDS",
                        help="stop a search after this long and print what it found (default 1; 0: no limit)")
    _add_library(search)

    from desktop import (
        audit_commands,
        export_commands,
        maintenance_commands,
        ocr_commands,
        research_commands,
        workbench_commands,
    )

    workbench_commands.add_parsers(sub, _add_library)
    export_commands.add_parsers(sub, _add_library)
    audit_commands.add_parsers(sub, _add_library)
    ocr_commands.add_parsers(sub, _add_library)
    research_commands.add_parsers(sub, _add_library)
    maintenance_commands.add_parsers(sub, _add_library)

    extract = sub.add_parser("extract", help="print the metadata Chancery extracts from files")
    extract.add_argument("files", nargs="+", type=Path, metavar="FILE")
    extract.add_argument("--json", action="store_true", help="print JSON")
    extract.add_argument("--no-capitals", action="store_true",
                         help="do not count capitals (\"Ankara agreed\") as mentions of their countries")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``chancery`` command."""
    multiprocessing.freeze_support()  # the frozen app re-enters here in import workers
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    # "chancery tag ID --library L TAG": argparse stops a list at the option; a verb's
    # trailing words are its own (anything that looks like an option is still refused).
    trailing = next((name for name in ("items", "ids") if isinstance(getattr(args, name, None), list)), None)
    if extra and trailing and not any(word.startswith("-") and word != "-" for word in extra):
        getattr(args, trailing).extend(extra)
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.selftest:
        from desktop.selftest import run_selftest

        return run_selftest(args.screenshot)
    command = args.command or "gui"
    if command == "gui":
        from desktop.app import run_gui

        return run_gui(args.library)
    from desktop import (
        audit_commands,
        commands,
        export_commands,
        maintenance_commands,
        ocr_commands,
        research_commands,
        workbench_commands,
    )

    handler = {
        "index": commands.cmd_index,
        "rebuild": commands.cmd_rebuild,
        "reextract": commands.cmd_reextract,
        "search": commands.cmd_search,
        "extract": commands.cmd_extract,
        **dict.fromkeys(workbench_commands.VERBS, workbench_commands.run),
        **dict.fromkeys(export_commands.VERBS, export_commands.run),
        **dict.fromkeys((*audit_commands.VERBS, "restore"), audit_commands.run),
        **dict.fromkeys(ocr_commands.VERBS, ocr_commands.run),
        **dict.fromkeys(research_commands.VERBS, research_commands.run),
        **dict.fromkeys(maintenance_commands.VERBS, maintenance_commands.run),
    }[command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``chancery search ... | head``): stop quietly,
        # and keep Python from complaining while it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
