"""Fixity checks: is every file still the file that was imported?

Each known location is hashed again (SHA-256, in worker processes for large
libraries) and compared with the hash recorded at import. A file is
*unchanged*, *changed* (with the old and new hash and size), *missing*,
*moved* (its bytes found at another path below a known folder) or
*unreadable*. The outcome is kept per file and per library, and each file's
check is written to its statement's event log.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from documents.build import file_sha256
from index.audit.events import now, record

if TYPE_CHECKING:
    from index.library import Library

OUTCOMES = ("unchanged", "changed", "missing", "moved", "unreadable")
BAD = ("changed", "missing", "unreadable")  # what makes a check fail
POOL_THRESHOLD = 64  # files; fewer are hashed in this process
CHUNK = 16  # files per worker task
LAST_KEY = "last_verification"


@dataclass(frozen=True)
class FileCheck:
    """The check of one file.

    Attributes:
        path: Where the file was (or is).
        doc_id: Its statement.
        outcome: One of :data:`OUTCOMES`.
        expected_sha256: The hash recorded at import.
        expected_size: The size recorded at import.
        sha256: The hash now (None when the file could not be read).
        size: The size now (None when the file could not be read).
        detail: For *moved*, where the bytes are now; for *unreadable*, why.
    """

    path: str
    doc_id: str
    outcome: str
    expected_sha256: str
    expected_size: int
    sha256: str | None = None
    size: int | None = None
    detail: str = ""


@dataclass
class FixityReport:
    """What a fixity check found.

    Attributes:
        at: When it ran.
        checks: One per file, in path order.
        cancelled: The check was stopped before every file was hashed.
    """

    at: str
    checks: list[FileCheck] = field(default_factory=list)
    cancelled: bool = False

    def counts(self) -> dict[str, int]:
        """How many files had each outcome."""
        found = dict.fromkeys(OUTCOMES, 0)
        for check in self.checks:
            found[check.outcome] += 1
        return found

    @property
    def passed(self) -> bool:
        """True when no file changed, went missing or could not be read."""
        return not any(check.outcome in BAD for check in self.checks)

    def summary(self) -> str:
        """One line for a status bar or a terminal."""
        counts = self.counts()
        text = ", ".join(f"{n:,} {outcome}" for outcome, n in counts.items() if n) or "no files"
        return ("Cancelled: " if self.cancelled else "") + f"{len(self.checks):,} files checked: {text}"


def hash_file(path: str) -> tuple[str, str | None, int | None, str]:
    """``(path, sha256, size, problem)``: a file's hash and size now, or why they could not be read."""
    try:
        size = os.stat(path).st_size
        return path, file_sha256(Path(path)), size, ""
    except FileNotFoundError:
        return path, None, None, "missing"
    except OSError as exc:
        return path, None, None, exc.strerror or str(exc)


def _hash_all(paths: list[str], progress: Callable[[int, int], None] | None,
              cancelled: Callable[[], bool] | None, workers: int) -> tuple[dict[str, tuple], bool]:
    """Hashes every path (in worker processes when there are many); stops between files when cancelled."""
    found: dict[str, tuple] = {}
    total = len(paths)

    def answers() -> Iterator[tuple]:
        if total < POOL_THRESHOLD or workers < 2:
            yield from map(hash_file, paths)
            return
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            try:
                yield from pool.map(hash_file, paths, chunksize=CHUNK)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)

    for answer in answers():
        found[answer[0]] = answer
        if progress:
            progress(len(found), total)
        if cancelled and cancelled():
            return found, True
    return found, False


def _moved(library: Library, missing: list[FileCheck], known: set[str], workers: int) -> dict[str, str]:
    """Path of a missing file -> where its bytes are now, searching the library's folders."""
    wanted: dict[int, dict[str, str]] = {}  # size -> sha256 -> missing path
    for check in missing:
        wanted.setdefault(check.expected_size, {})[check.expected_sha256] = check.path
    candidates = []
    for folder in library.catalogue.folders():
        for root, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                path = os.path.join(root, name)
                if path in known:
                    continue
                try:
                    size = os.stat(path).st_size
                except OSError:
                    continue
                if size in wanted:
                    candidates.append(path)
    hashed, _stopped = _hash_all(candidates, None, None, workers)
    moved = {}
    for path, sha256, size, _problem in hashed.values():
        old = wanted.get(size or -1, {}).get(sha256 or "")
        if old and old not in moved:
            moved[old] = path
    return moved


def verify(library: Library, progress: Callable[[int, int], None] | None = None,
           cancelled: Callable[[], bool] | None = None, workers: int | None = None) -> FixityReport:
    """Hashes every known file again and records what it found (see the module notes)."""
    from index.ingest.workers import worker_count

    workers = workers or worker_count()
    report = FixityReport(now())
    conn = library.catalogue.transaction()
    rows = conn.execute("SELECT l.path, l.doc_id, l.size, d.content_hash FROM locations l JOIN documents d"
                        " ON d.id = l.doc_id WHERE instr(l.path, '#') = 0 ORDER BY l.path").fetchall()
    found, report.cancelled = _hash_all([r[0] for r in rows], progress, cancelled, workers)
    missing = []
    for path, doc_id, size, content_hash in rows:
        if path not in found:
            continue  # not reached before the check was cancelled
        _path, sha256, now_size, problem = found[path]
        if problem == "missing":
            check = FileCheck(path, doc_id, "missing", content_hash, size)
            missing.append(check)
        elif problem:
            check = FileCheck(path, doc_id, "unreadable", content_hash, size, detail=problem)
        else:
            outcome = "unchanged" if sha256 == content_hash else "changed"
            check = FileCheck(path, doc_id, outcome, content_hash, size, sha256, now_size)
        report.checks.append(check)
    if missing and not report.cancelled:
        moved = _moved(library, missing, {r[0] for r in rows}, workers)
        report.checks = [FileCheck(c.path, c.doc_id, "moved", c.expected_sha256, c.expected_size,
                                   c.expected_sha256, c.expected_size, moved[c.path])
                         if c.outcome == "missing" and c.path in moved else c for c in report.checks]
    _save(library, report)
    return report


def _save(library: Library, report: FixityReport) -> None:
    """Keeps the outcome per file, per library, and in each statement's event log."""
    if library.read_only:
        return
    conn = library.catalogue.transaction()
    with conn:
        conn.executemany("INSERT OR REPLACE INTO fixity(path, doc_id, verified_at, outcome, sha256, size)"
                         " VALUES (?, ?, ?, ?, ?, ?)",
                         [(c.path, c.doc_id, report.at, c.outcome, c.sha256, c.size) for c in report.checks])
        record(conn, [(c.doc_id, "verified", _describe(c), c.outcome) for c in report.checks])
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     (LAST_KEY, json.dumps({"at": report.at, "counts": report.counts(), "passed": report.passed,
                                            "cancelled": report.cancelled})))


def _describe(check: FileCheck) -> str:
    if check.outcome == "changed":
        return (f"{check.path}: SHA-256 {check.expected_sha256} ({check.expected_size:,} bytes) is now "
                f"{check.sha256} ({check.size:,} bytes)")
    if check.outcome == "moved":
        return f"{check.path}: its bytes are now at {check.detail}"
    if check.outcome == "unreadable":
        return f"{check.path}: {check.detail}"
    return check.path


def last_verification(library: Library) -> dict | None:
    """When the library was last checked and what was found, or None."""
    value = library.catalogue.get_meta(LAST_KEY)
    return json.loads(value) if value else None


def checks_json(report: FixityReport) -> list[dict]:
    """The checks as plain values (for ``--json``)."""
    return [asdict(check) for check in report.checks]


def of_documents(library: Library, doc_ids: Iterable[str]) -> dict[str, list[tuple]]:
    """Statement id -> its files' last checks ``(path, verified_at, outcome)``."""
    ids = list(doc_ids)
    found: dict[str, list[tuple]] = {}
    conn = library.catalogue.transaction()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for doc_id, path, at, outcome in conn.execute(
                f"SELECT doc_id, path, verified_at, outcome FROM fixity WHERE doc_id IN ({marks})", chunk):
            found.setdefault(doc_id, []).append((path, at, outcome))
    return found
