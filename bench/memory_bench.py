"""Memory and time at each step of using a library, from the command line and in the window.

Usage:
    python bench/memory_bench.py --library DIR [--library DIR ...] [--queries 500] [--documents 200]
                                 [--session SECONDS] [--merge] [--no-window] [--json OUT]

Every measurement runs in a fresh process (this script, re-run with
``--child``), so that one step's memory does not hide in another's. For each
step it prints how long it took, the resident memory after it, split into
anonymous (the process's own: Python objects, caches) and file-backed
(mapped index pages, which the system can drop and read again), and the peak
so far (VmHWM).

- ``cli``: open, the first search, every facet count, typed queries (each
  keystroke of a phrase a search), documents opened with snippets, More
  like this, completion, then a scripted session of mixed steps for
  ``--session`` seconds; the last row gives how far anonymous memory moved
  after the first search.
- ``cold search``: ``chancery search trade --limit 1`` as a process, its peak.
- ``window``: the main window opened until its first results, typed
  queries through the search box, documents opened by selecting results.
- ``FTS5``: the same typed queries against the SQLite FTS5 baseline that
  ``bench/search_bench.py --library DIR`` builds beside the library
  (skipped when it is absent).
- ``merge`` (with ``--merge``): merging the index's segments, with the peak
  of the worker processes; it changes the library (as the window would).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PHRASES = ["trade and investment", "energy security", "climate change", "nuclear weapons", "human rights",
           "sanctions", "territorial integrity", "strategic partnership", "peace process", "development aid",
           "maritime security", "terrorism", "refugees", "food security", "pandemic", "free trade agreement",
           "sovereignty", "democracy", "elections", "transport corridor"]


def status() -> dict[str, float]:
    """Resident memory now (anonymous, file-backed) and the peak, in MB."""
    found = {}
    with open("/proc/self/status") as lines:
        for line in lines:
            key, value = line.split(":", 1)
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                found[key] = int(value.split()[0]) / 1024
    return {"rss": found["VmRSS"], "anon": found["RssAnon"], "file": found["RssFile"], "peak": found["VmHWM"]}


def typed(count: int) -> list[str]:
    """``count`` queries as typed: every prefix of three letters or more of each phrase, phrase after phrase."""
    queries: list[str] = []
    while len(queries) < count:
        for phrase in PHRASES:
            queries.extend(phrase[:end] for end in range(3, len(phrase) + 1, 2))
    return queries[:count]


class Steps:
    """Prints one JSON line per step: its name, seconds, and memory after it."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.started = time.perf_counter()

    def done(self, step: str, **extra) -> dict:
        now = time.perf_counter()
        row = {"kind": self.kind, "step": step, "seconds": now - self.started, **status(), **extra}
        print(json.dumps(row), flush=True)
        self.started = time.perf_counter()
        return row


# -- child processes -----------------------------------------------------------------


def child_cli(folder: Path, queries: int, documents: int, session: float) -> None:
    from index import FacetFilter, Library, SearchRequest

    steps = Steps("cli")
    library = Library.open(folder, read_only=True)
    steps.done("open", statements=library.count())
    first = library.search(SearchRequest("trade"))
    steps.done("first search", hits=first.total)
    anon_first = status()["anon"]
    library.search(SearchRequest(""))
    steps.done("facet counts (every statement)")
    ids: list[str] = []
    for text in typed(queries):
        result = library.search(SearchRequest(text, limit=50))
        ids.extend(hit.doc_id for hit in result.hits[:3])
    steps.done(f"{queries} typed queries")
    ids = list(dict.fromkeys(ids))[:documents] or sorted(library.ids())[:documents]
    for doc_id in ids:
        library.document(doc_id)
        library.snippets([doc_id], {"trade", "security"})
    steps.done(f"{len(ids)} documents opened")
    for doc_id in ids[:20]:
        library.similar(doc_id)
    steps.done("more like this (20)")
    for text in typed(200):
        library.complete(text.split()[-1][:4])
    steps.done("completion (200)")
    started, rounds = time.monotonic(), 0
    while time.monotonic() - started < session:
        text = typed(60)[rounds % 60]
        filters = (FacetFilter("country", "USA"),) if rounds % 3 == 0 else ()
        result = library.search(SearchRequest(text, filters=filters, sort=("relevance", "newest")[rounds % 2]))
        if result.hits:
            library.document(result.hits[rounds % len(result.hits)].doc_id)
        library.complete(text[:3])
        rounds += 1
    steps.done(f"session ({session:.0f} s, {rounds} rounds)", anon_change=status()["anon"] - anon_first)
    library.close()


def child_window(folder: Path, queries: int, documents: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from desktop.app import application
    from desktop.main_window import MainWindow
    from desktop.settings import Settings
    from index import Library

    def wait(signal, timeout_ms: int = 60000) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    steps = Steps("window")
    application()
    settings = tempfile.TemporaryDirectory()
    library = Library.open(folder, read_only=True)
    window = MainWindow(library, Settings(str(Path(settings.name) / "settings.ini")))
    window.resize(1360, 860)
    window.show()
    window.search_now()  # what the application does once the window is up
    wait(window.search_finished)
    steps.done("open to first results", hits=window.last_result.total if window.last_result else 0)
    anon_first = status()["anon"]
    for text in typed(queries):
        window.search_box.setText(text)
        window.search_now()
        wait(window.search_finished)
    steps.done(f"{queries} typed queries")
    model = window.results_model
    opened = 0
    for text in PHRASES:
        window.search_box.setText(text)
        window.search_now()
        wait(window.search_finished)
        for row in range(min(model.rowCount(), 20)):
            window.results_view.setCurrentIndex(model.index(row, 0))
            wait(window.document_shown)
            opened += 1
            if opened >= documents:
                break
        if opened >= documents:
            break
    steps.done(f"{opened} documents opened", anon_change=status()["anon"] - anon_first)
    window.close()
    library.close()


def child_fts(folder: Path, queries: int) -> None:
    import sqlite3

    from bench.search_bench import fts_runner

    # Where bench/search_bench.py keeps it: beside a library given with --library, or beside its own.
    path = next((p for p in (folder.parent / f"{folder.name}-baselines" / "fts5.sqlite3",
                             folder.parent / "fts5.sqlite3") if p.with_suffix(".complete").exists()),
                folder.parent / f"{folder.name}-baselines" / "fts5.sqlite3")
    steps = Steps("FTS5")
    if not path.with_suffix(".complete").exists():
        print(json.dumps({"kind": "FTS5", "step": "skipped", "reason": f"no {path}: run bench/search_bench.py "
                          f"--library {folder} first"}), flush=True)
        return
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    search, _snippets = fts_runner_readonly(conn, fts_runner)
    steps.done("open")
    search({"words": ["trade"], "phrase": False, "filters": []})
    steps.done("first search")
    for text in typed(queries):
        words = [w for w in text.split() if len(w) > 1]
        search({"words": [*words[:-1], words[-1] + "*"] if words else ["tra*"], "phrase": False, "filters": []})
    steps.done(f"{queries} typed queries")


def fts_runner_readonly(conn, runner):
    """The search benchmark's FTS5 runner, its temporary table in memory (the database is opened read-only)."""
    conn.execute("PRAGMA temp_store = MEMORY")
    return runner(_Prefixing(conn))


class _Prefixing:
    """Passes queries through, quoting words but leaving a trailing ``*`` outside the quotes (a prefix query)."""

    def __init__(self, conn) -> None:
        self._conn = conn

    def execute(self, sql: str, params=()):
        params = [p.replace('*"', '"*') if isinstance(p, str) else p for p in params]
        return self._conn.execute(sql, params)


def child_merge(folder: Path) -> None:
    import resource

    from index import Library

    steps = Steps("merge")
    with Library.open(folder) as library:
        before = library.segment_count()
        report = library.merge_segments()
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        steps.done(f"merge ({report.summary()})", segments_before=before, segments_after=report.segments_after,
                   workers_peak=workers)


# -- the parent ----------------------------------------------------------------------


def run_child(*args: str) -> list[dict]:
    """Runs this script as a child and returns its rows."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    rows = [json.loads(line) for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0:
        rows.append({"kind": args[0], "step": "failed", "reason": completed.stderr.strip().splitlines()[-1:]})
    return rows


def cold_search(folder: Path) -> dict:
    """``chancery search trade --limit 1`` in a process of its own: its time and peak resident memory."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "desktop", "search", "trade", "--limit", "1",
                                "--library", str(folder)], cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _pid, code, usage = os.wait4(process.pid, 0)
    return {"kind": "cold search", "step": "chancery search trade --limit 1", "seconds": time.perf_counter() - started,
            "peak": usage.ru_maxrss / 1024, "exit": code}


def _print(rows: list[dict]) -> None:
    print(f"{'':10} {'step':48} {'s':>8} {'RSS MB':>8} {'anon':>7} {'file':>7} {'peak':>7}")
    for row in rows:
        if "seconds" not in row:
            print(f"{row['kind']:10} {row['step']}: {row.get('reason', '')}")
            continue
        cells = " ".join(f"{row[k]:7.0f}" if k in row else f"{'':>7}" for k in ("rss", "anon", "file"))
        extra = ""
        if "anon_change" in row:
            extra = f"  anonymous memory since the first results: {row['anon_change']:+.1f} MB"
        if "workers_peak" in row:
            extra = f"  workers' peak {row['workers_peak']:.0f} MB"
        print(f"{row['kind']:10} {row['step'][:48]:48} {row['seconds']:8.2f} {cells[:7]:>8} {cells[8:]} "
              f"{row['peak']:7.0f}{extra}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--library", type=Path, action="append", help="a library to measure (repeatable)")
    parser.add_argument("--queries", type=int, default=500, help="typed queries (default 500)")
    parser.add_argument("--documents", type=int, default=200, help="documents opened (default 200)")
    parser.add_argument("--session", type=float, default=60.0,
                        help="seconds of the scripted session (default 60; 3600 for an hour)")
    parser.add_argument("--merge", action="store_true", help="also merge the index's segments (changes the library)")
    parser.add_argument("--no-window", action="store_true", help="skip the window")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write every row as JSON")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, folder, *rest = args.child
        {"cli": lambda: child_cli(Path(folder), int(rest[0]), int(rest[1]), float(rest[2])),
         "window": lambda: child_window(Path(folder), int(rest[0]), int(rest[1])),
         "fts": lambda: child_fts(Path(folder), int(rest[0])),
         "merge": lambda: child_merge(Path(folder))}[kind]()
        return 0
    if not args.library:
        parser.error("give --library DIR (a library built by bench/search_bench.py or bench/scale_corpus.py)")
    everything = []
    for folder in args.library:
        folder = folder.resolve()
        print(f"\n{folder}")
        rows = []
        if args.merge:
            rows += run_child("merge", str(folder))
        rows += run_child("cli", str(folder), str(args.queries), str(args.documents), str(args.session))
        rows.append(cold_search(folder))
        if not args.no_window:
            rows += run_child("window", str(folder), str(args.queries), str(args.documents))
        rows += run_child("fts", str(folder), str(args.queries))
        _print(rows)
        everything.append({"library": str(folder), "rows": rows})
    if args.json:
        args.json.write_text(json.dumps(everything, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
