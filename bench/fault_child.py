"""The process ``fault_injection.py`` kills: one library operation, with an optional fault at a chosen moment.

Usage:
    python bench/fault_child.py OPERATION LIBRARY [SOURCE ...] [--fault KIND:MOMENT:N]

OPERATION is ``import`` (SOURCE folders), ``rebuild``, ``tag`` (every statement
gets one tag in one action) or ``correct`` (a library-wide "never extract"
correction, which indexes many statements again and lets Whoosh merge).

``--fault kill:MOMENT:N`` sends this process SIGKILL the N-th time it reaches
MOMENT (see :data:`MOMENTS`): no ``finally`` runs, no file is closed, as when
the system kills a process. ``--fault enospc:MOMENT:N`` raises "No space left
on device" there instead. Without ``--fault`` the operation runs to the end
(the parent may still kill it from outside at a random time).

Prints one JSON line with what the operation reported when it finishes.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import json
import os
import signal
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# moment -> (module, attribute path of the callable to wrap, what the moment is)
MOMENTS = {
    "read": ("index.ingest.importer", "Importer._accept", "a file read and extracted comes back from a worker"),
    "segments": ("index.ingest.workers", "WorkerPool._get", "workers are writing their segments (after a flush)"),
    "catalogue": ("index.catalogue", "Catalogue.put_document", "inside the catalogue's batch transaction"),
    "between": ("index.backend.store", "IndexStore.commit_segments", "catalogue committed, index not yet"),
    "toc": ("index.backend.segment_writer", "FastSegmentWriter._commit_toc",
            "segment files moved into the index, its table of contents not yet written"),
    "indexed": ("index.catalogue", "Catalogue.clear_unindexed", "index committed, catalogue not yet told"),
    "final": ("index.ingest.importer", "Importer._locate_twins", "after the last commit, before the folder is kept"),
    "index-add": ("index.backend.store", "IndexStore.add", "statements going into an index writer"),
    "merge": ("whoosh.writing", "SegmentWriter._merge_segments", "Whoosh merging segments in a commit"),
    "workbench": ("index.workbench.journal", "read_rows", "an undoable action between its body and its commit"),
}


def _install(kind: str, moment: str, nth: int) -> None:
    module_name, attribute, _what = MOMENTS[moment]
    owner = importlib.import_module(module_name)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = getattr(owner, name)
    calls = {"n": 0}

    def faulty(*args, **kwargs):
        if moment == "segments" and not any(w.flushing for w in args[0]._workers):
            return original(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == nth:
            if kind == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(*args, **kwargs)

    static = isinstance(getattr(owner, "__dict__", {}).get(name), staticmethod)
    setattr(owner, name, staticmethod(faulty) if static else faulty)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("operation", choices=("import", "rebuild", "tag", "correct"))
    parser.add_argument("library", type=Path)
    parser.add_argument("sources", nargs="*", type=Path)
    parser.add_argument("--fault", help="KIND:MOMENT:N, KIND kill or enospc")
    args = parser.parse_args(argv)
    if args.fault:
        kind, moment, nth = args.fault.split(":")
        _install(kind, moment, int(nth))

    from index import Library, LibraryError

    try:
        with Library.open(args.library) as library:
            outcome = run(library, args.operation, args.sources)
    except LibraryError as exc:
        print(json.dumps({"error": type(exc).__name__, "message": str(exc)}), flush=True)
        return 2
    print(json.dumps(outcome), flush=True)
    return 0


def run(library, operation: str, sources: list[Path]) -> dict:
    """Runs one operation to its end; returns what it reported."""
    if operation == "import":
        report = library.import_paths(sources)
        return {"added": report.added, "problems": len(report.problems), "files": report.files}
    if operation == "rebuild":
        return {"indexed": library.rebuild_index()}
    if operation == "tag":
        return {"tagged": library.workbench.tags.add(sorted(library.ids()), "fault/reviewed")}
    _correction, reindexed = library.correct_library("never", "country", "USA")
    return {"reindexed": reindexed}


if __name__ == "__main__":
    raise SystemExit(main())
