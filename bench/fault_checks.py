"""What ``fault_injection.py`` looks at after a fault: processes, the catalogue on disk, and a library's state.

A library's state (:class:`State`) is what an archivist would compare between
two copies of a library: the same statements with the same bytes behind them,
the same facet counts, the same workbench; :func:`differences` says in words
where two states differ.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHILD = REPO / "bench" / "fault_child.py"


@dataclass
class Run:
    """One run of ``fault_child.py``: how it ended and what it started."""

    returncode: int
    seconds: float
    output: dict = field(default_factory=dict)
    killed_from_outside: bool = False
    workers: set[int] = field(default_factory=set)  # processes it started, seen while it ran
    workers_left: int = 0  # of those, still alive 15 s after it ended


def descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` is a running (not zombie) process."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def run_child(operation: str, library: Path, sources: list[Path] = (), fault: str | None = None,
              kill_after: float | None = None, kill_worker_after: float | None = None,
              timeout: float = 900.0) -> Run:
    """Runs one operation in a child process, perhaps killing it (or one of its workers) after some seconds."""
    command = [sys.executable, str(CHILD), operation, str(library), *map(str, sources)]
    if fault:
        command += ["--fault", fault]
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seen: set[int] = set()
    killed = False
    worker_killed = False
    while proc.poll() is None:
        elapsed = time.monotonic() - started
        seen |= descendants(proc.pid)
        if kill_after is not None and elapsed >= kill_after:
            proc.send_signal(signal.SIGKILL)
            killed = True
            break
        if kill_worker_after is not None and not worker_killed and elapsed >= kill_worker_after:
            workers = sorted(descendants(proc.pid))
            if workers:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(workers[-1], signal.SIGKILL)
                worker_killed = True
        if elapsed > timeout:
            proc.kill()
            raise RuntimeError(f"{operation} did not finish in {timeout:.0f} s")
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.02)
    out = proc.communicate()[0]
    seconds = time.monotonic() - started
    deadline = time.monotonic() + 15
    while any(alive(p) for p in seen) and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return Run(proc.returncode, seconds, json.loads(lines[-1]) if lines else {}, killed,
               seen, sum(alive(p) for p in seen))


def committed_ids(library: Path) -> set[str]:
    """Ids the catalogue on disk holds, read without opening the library (what a kill left committed)."""
    path = library / "catalogue.sqlite3"
    if not path.exists():
        return set()
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            return {row[0] for row in conn.execute("SELECT id FROM documents")}
        finally:
            conn.close()
    except sqlite3.Error:
        return set()


@dataclass
class State:
    """A library as an archivist would compare it."""

    hashes: dict[str, str]
    facets: dict[str, tuple]
    search_total: int
    corrections: int


@dataclass
class Inspection:
    """Opening a library after a fault, checking it, and its state."""

    opened: bool
    error: str = ""
    check: str = ""  # "clean", "repaired: ...", or what stayed wrong
    state: State | None = None


def inspect(library: Path) -> Inspection:
    """Opens the library as the application does (finishing interrupted work), checks it, reads its state."""
    from index import Library, LibraryError, SearchRequest

    try:
        with Library.open(library) as opened:
            report = opened.check()
            check = "clean"
            if not report.healthy:
                found = "; ".join(report.index_problems[:1] + report.catalogue_problems[:1]) or \
                    f"{len(report.stray_files)} stray index files"
                repaired = opened.check(repair=True)
                again = opened.check()
                check = (f"repaired ({found})" if again.healthy else f"NOT REPAIRED ({found}; "
                         f"{'; '.join(repaired.repaired) or 'nothing repaired'})")
            result = opened.search(SearchRequest(limit=1, snippet_count=0))
            facets = {name: tuple(sorted((c.value, c.count) for c in counts)) for name, counts in result.facets.items()}
            corrections = len(opened.corrections())
        return Inspection(True, check=check, state=State(_hashes(library), facets, result.total, corrections))
    except LibraryError as exc:
        return Inspection(False, error=f"{type(exc).__name__}: {exc}")


def opens_read_only(library: Path) -> bool:
    """Whether the library opens read-only and answers a search (what the start-up dialog offers)."""
    from index import Library, LibraryError

    try:
        with Library.open(library, read_only=True) as opened:
            return opened.search("").total >= 0
    except LibraryError:
        return False


def _hashes(library: Path) -> dict[str, str]:
    conn = sqlite3.connect(f"file:{library / 'catalogue.sqlite3'}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT id, content_hash FROM documents"))
    finally:
        conn.close()


def differences(expected: State, found: State) -> list[str]:
    """Where ``found`` differs from ``expected``, in words (empty: the same library)."""
    out = []
    missing = expected.hashes.keys() - found.hashes.keys()
    extra = found.hashes.keys() - expected.hashes.keys()
    if missing:
        out.append(f"{len(missing)} statements missing")
    if extra:
        out.append(f"{len(extra)} statements too many")
    changed = [i for i in expected.hashes.keys() & found.hashes.keys() if expected.hashes[i] != found.hashes[i]]
    if changed:
        out.append(f"{len(changed)} with other bytes")
    if found.search_total != len(found.hashes):
        out.append(f"the index holds {found.search_total} documents for {len(found.hashes)} statements")
    for name in sorted(expected.facets.keys() | found.facets.keys()):
        if expected.facets.get(name) != found.facets.get(name):
            out.append(f"{name} facet counts differ")
    if expected.corrections != found.corrections:
        out.append(f"{found.corrections} corrections, not {expected.corrections}")
    return out


def folder_bytes(folder: Path) -> int:
    """Bytes the files under ``folder`` take."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
