"""Importing folders and files into a library: incremental, batched, resumable.

Files are compared with what the catalogue knows (size and modification
time, confirmed by SHA-256), so a re-import reads only what changed. A large
import reads, extracts and indexes in worker processes, each into a segment
of its own (:mod:`index.ingest.workers`); a small one does it all here. Each
batch commits the catalogue first (the truth), then the index: a killed
import leaves every committed batch intact and the next open repairs the
index from the catalogue.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING

from documents.build import BuildContext, file_sha256
from documents.extract import default_extractor
from documents.ocr import find_engine
from documents.statement import Statement
from index.audit.events import record as record_events
from index.backend.segment_writer import StagedSegment
from index.catalogue import Catalogue
from index.errors import DiskFull, disk_full
from index.ingest.folder_walk import walk_files
from index.ingest.report import ImportProblem, ImportProgress, ImportReport
from index.ingest.workers import (
    FileTask,
    TaskDone,
    WorkerPool,
    finished_statements,
    read_statements,
    worker_count,
)
from index.ocr.cache import ocr_context
from index.research import near_identical

if TYPE_CHECKING:  # the library imports the importer; the importer only needs its type
    from index.library import Library

BATCH_DOCS = 250
BATCH_SECONDS = 4.0
# After its first batch, a large import commits less often: each commit adds a
# segment per worker, a search reads every segment, and a larger segment costs
# less to write per document.
BULK_FILES = 1000
BULK_BATCH_DOCS = 1500
BULK_BATCH_SECONDS = 20.0
# A large import's workers keep writing their segments across catalogue commits: each
# time they finish them, the next ones may hold twice as many statements, up to
# MOST_SEGMENT_DOCS between two index commits (or SEGMENT_SECONDS). So 100,000
# statements make about sixteen segments instead of 130, and the merge after the
# import indexes a few thousand statements again instead of nine in ten. (Segments up
# to 50,000 statements made the import a sixth slower and searched no faster.) Until
# their segment is committed the statements' rows are marked unindexed, so a killed
# import has them indexed again when the library next opens.
MOST_SEGMENT_DOCS = 20_000
SEGMENT_SECONDS = 300.0
POOL_THRESHOLD = 40  # below this many files, worker processes cost more than they save
# Files queued per worker. A catalogue commit holds the importer for one or two seconds
# while the workers go on with what they have queued: 16 files kept them busy a fifth
# of a second. The bytes bound keeps a long queue of large scans off one worker.
IN_FLIGHT = 128
IN_FLIGHT_BYTES = 4 * 1024 * 1024


# -- the import ----------------------------------------------------------------


class Importer:
    """Imports files into one library.

    Args:
        library: The open library.
        missing: What to do with known files that are gone: ``"mark"``
            (keep them searchable, flagged missing) or ``"remove"``.
        progress: Called with an :class:`ImportProgress` after each file.
        cancelled: Polled between files; True stops after the current batch.
        on_commit: Called after each committed batch (the GUI refreshes).
        ocr_languages: Tesseract languages for this import's scans (``tur+eng``; default: the library's).
        reread: Read the given files again though known and unchanged (OCR of scans imported without it).
    """

    def __init__(self, library: Library, missing: str = "mark",
                 progress: Callable[[ImportProgress], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 on_commit: Callable[[int], None] | None = None,
                 ocr_languages: str | None = None, reread: bool = False) -> None:
        self.library = library
        self.ocr = library.ocr_settings(ocr_languages)
        self._reread = reread
        self.catalogue: Catalogue = library.catalogue
        self.missing_policy = missing
        self._progress = progress or (lambda p: None)
        self._cancelled = cancelled or (lambda: False)
        self._on_commit = on_commit or (lambda n: None)
        self._pending: list[Statement] = []
        self._pending_locations: list[tuple[str, str, int, float]] = []
        self._last_commit = time.monotonic()
        self._bulk = False
        self._commits = 0
        self._unindexed = 0  # statements in the catalogue whose segment is not committed yet
        self._segment_docs = BULK_BATCH_DOCS  # statements between two index commits, in a large import
        self._last_index = time.monotonic()
        self._writer = None  # in-process reading: open across a batch
        self._replaced: list[str] = []  # ids whose older version the workers' segments replace
        self._queued: dict[str, str] = {}  # SHA-256 -> path of the file read for it
        self._twins: list[tuple[str, str, int, float, str]] = []  # byte-identical to a queued file
        self.report = ImportReport()  # of the run under way
        self._events: list[tuple[str, str, str, str]] = []  # (doc id, kind, detail, outcome) to record
        self._signatures: dict[str, tuple] = {}  # near-identical signatures (and word counts) the workers made

    def run(self, paths: Iterable[Path], exclude: Callable[[Path], bool] | None = None,
            remember: bool = True) -> ImportReport:
        """Imports ``paths`` (files or folders) and returns the report.

        Holds the library's import lock, so a second import waits.
        """
        report = self.report = ImportReport()
        started = time.monotonic()
        paths = [Path(p).expanduser().absolute() for p in paths]
        with self.library.write_lock():
            try:
                self._run_locked(paths, exclude, remember, report)
            except BaseException as exc:
                if self._writer is not None:
                    with contextlib.suppress(Exception):  # the error that matters is the first one
                        self.library.store.finish_writer(self._writer, commit=False)
                    self._writer = None
                if disk_full(exc):
                    why = getattr(exc, "strerror", None) or exc
                    raise DiskFull(
                        f"The disk that holds the library ({self.library.folder}) is full, so the import stopped "
                        f"({why}). Everything imported before is kept ({self.catalogue.count():,} statements). "
                        "Free some space and import again; only what is missing will be read."
                    ) from exc
                raise
        report.seconds = time.monotonic() - started
        report.ocr_missing = bool(report.unread_pages) and find_engine() is None
        return report

    def _run_locked(self, paths: list[Path], exclude, remember: bool, report: ImportReport) -> None:
        """The import itself, with the lock held."""
        files = list(walk_files(paths, report.problems, exclude))
        report.files = len(files)
        progress = ImportProgress(total=len(files))
        known = self.catalogue.location_map()
        seen: set[str] = set()
        to_read: list[tuple[Path, str, Path, int, float, str | None]] = []
        for path, root in files:
            if self._cancelled():
                report.cancelled = True
                break
            key = str(path)
            seen.add(key)
            outcome = self._triage(path, root, known.get(key), report, to_read)
            if outcome:
                progress.done += 1
                progress.current = key
                self._progress(progress)
        self._flush_locations()
        self._bulk = len(to_read) >= BULK_FILES
        if not report.cancelled:
            self._read_all(to_read, report, progress)
        self._commit()
        self._locate_twins(report)
        if not report.cancelled:
            roots = [p for p in paths if p.is_dir()]
            self._reconcile_missing(roots, seen, report)
            if remember:
                for root in roots:
                    self.catalogue.add_folder(str(root))
        near_identical.after_import(self.catalogue.transaction(), removed=bool(report.removed))

    def _triage(self, path: Path, root: Path, location, report: ImportReport, to_read: list) -> bool:
        """Decides what a file needs. Returns True if it is done already."""
        try:
            stat = path.stat()
        except OSError as exc:
            report.problems.append(ImportProblem(str(path), f"cannot be read ({exc.strerror or exc})"))
            return True
        if not S_ISREG(stat.st_mode):
            # Hashing a named pipe would wait for a writer forever, a device like /dev/zero never end.
            report.problems.append(ImportProblem(str(path), "not a regular file (a named pipe or device)"))
            return True
        forced = self._reread and location is not None
        if not forced and location is not None and not location.missing and location.size == stat.st_size \
                and location.mtime == stat.st_mtime:
            report.unchanged += 1
            return True
        try:
            sha256 = file_sha256(path)
        except OSError as exc:
            reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
            report.problems.append(ImportProblem(str(path), f"cannot be read ({reason})"))
            return True
        existing = self.catalogue.doc_for_hash(sha256)
        if forced:
            # Read again on purpose (its scans, by OCR): the document keeps its id.
            self._queued[sha256] = str(path)
            to_read.append((path, sha256, root, stat.st_size, stat.st_mtime, existing or location.doc_id))
            return False
        if existing is not None:
            # Same bytes as a known document: a touch, a move, or a duplicate.
            if location is not None and location.doc_id == existing and not location.missing:
                report.unchanged += 1
            else:
                report.relocated += 1
                self._events.append((existing, "located", str(path), ""))
            self._pending_locations.append((str(path), existing, stat.st_size, stat.st_mtime))
            return True
        if sha256 in self._queued:
            # The same bytes as a file already queued in this import: one document, two places.
            self._twins.append((str(path), sha256, stat.st_size, stat.st_mtime, self._queued[sha256]))
            return True
        self._queued[sha256] = str(path)
        keep_id = None
        if location is not None and len(self.catalogue.locations(doc_id=location.doc_id)) == 1:
            keep_id = location.doc_id  # an edited file keeps its id (and, later, its notes)
        to_read.append((path, sha256, root, stat.st_size, stat.st_mtime, keep_id))
        return False

    def _read_all(self, to_read: list, report: ImportReport, progress: ImportProgress) -> None:
        """Reads, extracts and indexes the files that need it, committing in batches."""
        if len(to_read) < POOL_THRESHOLD:
            context = BuildContext(default_extractor(), ocr=ocr_context(self.ocr, self.catalogue.path, self._cancelled))
            for item in to_read:
                path, sha256, root, _size, _mtime, keep_id = item
                if context.ocr is not None:
                    context.ocr.progress = lambda done, total, at=path: self._progress(
                        progress.page_read(at, done, total))
                statements, reason = read_statements(path, sha256, root, context)
                if statements is None and reason is None:  # cancelled while its scans were read
                    report.cancelled = True
                    break
                if statements is not None:
                    statements = finished_statements(statements, keep_id)
                    self._index_here(statements)
                self._accept(item, statements, reason, report, progress)
                if self._batch_due():
                    self._commit()
                if self._cancelled():
                    report.cancelled = True
                    break
            return
        with WorkerPool(self.library.store.folder, worker_count(), IN_FLIGHT, self.catalogue.path,
                        in_flight_bytes=IN_FLIGHT_BYTES, ocr=self.ocr,
                        on_page=lambda key, done, total: self._progress(
                            progress.page_read(to_read[key][0], done, total))) as pool:
            self._read_with(pool, to_read, report, progress)

    def _read_with(self, pool: WorkerPool, to_read: list, report: ImportReport, progress: ImportProgress) -> None:
        """The pool reads and indexes; each batch commits the workers' segments."""
        items = dict(enumerate(to_read))  # key -> item, until answered
        batch: dict[int, list[Statement]] = {}  # statements of this batch by key

        def accept(result: TaskDone) -> None:
            item = items.pop(result.key)
            if result.skipped:
                return
            if result.statements:
                batch[result.key] = result.statements
                self._signatures.update(zip((s.id for s in result.statements), result.signatures or (), strict=False))
            self._accept(item, result.statements, result.reason, report, progress)

        waiting: dict[int, list[str]] = {}  # key -> ids in the catalogue whose segment is still being written

        def commit(segments: list[StagedSegment] | None) -> None:
            self._adopt(pool, batch, waiting)
            self._commit(segments=segments, index=segments is not None)
            if segments is None:  # the workers go on writing these statements' segments
                waiting.update((key, [s.id for s in statements]) for key, statements in batch.items())
            else:
                waiting.clear()
            batch.clear()

        tasks = (FileTask(key, str(path), sha256, str(root), keep_id, size)
                 for key, (path, sha256, root, size, _mtime, keep_id) in enumerate(to_read))
        if pool.run(tasks, accept, commit, self._batch_due, self._cancelled, flush_due=self._flush_due):
            report.cancelled = True

    def _adopt(self, pool: WorkerPool, batch: dict[int, list[Statement]], waiting: dict[int, list[str]]) -> None:
        """Indexes here the statements whose worker died before it finished their segment.

        Those of an earlier batch are in the catalogue already, and read back from it.
        """
        for key in pool.take_orphaned():
            if key in batch:
                self._index_here(batch[key])
            elif key in waiting:
                statements = [self.catalogue.get(doc_id, corrected=False) for doc_id in waiting.pop(key)]
                self._index_here([statement for statement in statements if statement is not None])

    def _accept(self, item: tuple, statements: list[Statement] | None, reason: str | None,
                report: ImportReport, progress: ImportProgress) -> None:
        """Counts one file read and queues its statements for the catalogue."""
        path, _sha256, _root, size, mtime, keep_id = item
        progress.done += 1
        progress.current = str(path)
        if statements is None:
            report.problems.append(ImportProblem(str(path), reason or "unreadable"))
        else:
            main = statements[0]
            if keep_id:
                report.updated += 1
                self._replaced.append(keep_id)
            else:
                report.added += 1
            report.added += len(statements) - 1
            if self._reread:  # its attachments are read again too: their older versions go
                self._replaced.extend(s.id for s in statements[1:])
            report.count_ocr(statements)
            if main.provenance.warnings:
                report.problems.append(ImportProblem(str(path), "; ".join(main.provenance.warnings), skipped=False))
            self._pending_locations.append((str(path), main.id, size, mtime))
            self._pending.extend(statements)
        self._progress(progress)

    def _batch_due(self) -> bool:
        # The first batch is small even in a large import, so the window has results within seconds.
        bulk = self._bulk and self._commits > 0
        docs, seconds = (BULK_BATCH_DOCS, BULK_BATCH_SECONDS) if bulk else (BATCH_DOCS, BATCH_SECONDS)
        return len(self._pending) >= docs or time.monotonic() - self._last_commit > seconds

    def _flush_due(self) -> bool:
        """Whether the workers finish their segments with the batch due (see :data:`MOST_SEGMENT_DOCS`)."""
        if not self._bulk or not self._commits:
            return True
        return (self._unindexed + len(self._pending) >= self._segment_docs
                or time.monotonic() - self._last_index > SEGMENT_SECONDS)

    def _locate_twins(self, report: ImportReport) -> None:
        """Records byte-identical copies as further locations of the document read for them."""
        for path, sha256, size, mtime, original in self._twins:
            doc_id = self.catalogue.doc_for_hash(sha256)
            if doc_id is None:
                if not report.cancelled:
                    report.problems.append(ImportProblem(path, f"same bytes as {original}, which could not be read"))
                continue
            report.relocated += 1
            self._events.append((doc_id, "located", path, "a copy of the same bytes"))
            self._pending_locations.append((path, doc_id, size, mtime))
        self._twins = []
        self._flush_locations()

    def _flush_locations(self) -> None:
        if not self._pending_locations:
            return
        with self.catalogue.transaction() as conn:
            for path, doc_id, size, mtime in self._pending_locations:
                Catalogue.put_location(conn, path, doc_id, size, mtime)
            conn.execute("UPDATE documents SET status = 'ok' WHERE status = 'missing' AND id IN"
                         " (SELECT doc_id FROM locations WHERE missing = 0)")
            record_events(conn, self._events)
        self._pending_locations = []
        self._events = []

    def _index_here(self, statements: list[Statement]) -> None:
        """Indexes statements read in this process (corrections applied), in the writer kept open across the batch."""
        if self._writer is None:
            self._writer = self.library.store.open_writer()
        corrector = self.catalogue.corrector()
        self.library.store.add(self._writer, [corrector.apply(s) for s in statements] if corrector else statements)

    def _commit(self, segments: list[StagedSegment] | None = None, index: bool = True) -> None:
        """Commits pending documents: catalogue first (truth), then index.

        Args:
            segments: Segments the import workers wrote for these documents.
            index: False to commit the catalogue only: the workers are still
                writing the segments of these documents, which stay marked
                unindexed until a later commit adds them.
        """
        statements, self._pending = self._pending, []
        if statements:
            changed = set(self._replaced)
            with self.catalogue.transaction() as conn:
                for statement in statements:
                    Catalogue.put_document(conn, statement)
                near_identical.sign(conn, statements, self._signatures)
                for path, doc_id, size, mtime in self._pending_locations:
                    Catalogue.put_location(conn, path, doc_id, size, mtime)
                Catalogue.mark_unindexed(conn, [s.id for s in statements])
                again = "ocr" if self._reread else "changed"
                record_events(conn, [
                    (s.id, again if s.id in changed else "imported",
                     f"{s.source_path} ({s.provenance.reader or 'reader'}; SHA-256 {s.content_hash})", "")
                    for s in statements])
            self._pending_locations = []
            self._unindexed += len(statements)
            self._commits += 1
            self._reanchor([s for s in statements if s.id in changed])
        if index:
            self._commit_index(segments)
        self._flush_locations()
        self._last_commit = time.monotonic()

    def _commit_index(self, segments: list[StagedSegment] | None) -> None:
        """Adds the workers' finished segments (and what was indexed here) to the index."""
        replaced, self._replaced = self._replaced, []
        writer, self._writer = self._writer, None
        if segments:
            self.library.store.commit_segments(segments, delete_ids=replaced, writer=writer)
        elif writer is not None:
            self.library.store.finish_writer(writer, commit=True, merge=False)
        if self._unindexed:
            self.catalogue.clear_unindexed()
            self._on_commit(self._unindexed)
            self._unindexed = 0
            if self._bulk:
                self._segment_docs = min(2 * self._segment_docs, MOST_SEGMENT_DOCS)
        self._last_index = time.monotonic()

    def _reanchor(self, changed: list[Statement]) -> None:
        """Finds the highlighted passages of statements whose text a re-import changed again."""
        workbench = self.library.workbench
        if not changed or not workbench.writable:
            return
        for statement in changed:
            _found, lost = workbench.notes.reanchor(statement.id, statement.text, statement.content_hash)
            if lost:
                noun = "passage" if lost == 1 else "passages"
                self.report.problems.append(ImportProblem(
                    statement.source_path, f"{lost} highlighted {noun} could not be found again in the changed text; "
                    "they are kept, listed under passages not found", skipped=False))

    def _reconcile_missing(self, roots: list[Path], seen: set[str], report: ImportReport) -> None:
        """Handles known files below the imported folders that are gone."""
        gone = [loc for root in roots for loc in self.catalogue.locations(under=str(root))
                if loc.path not in seen and "#" not in loc.path]
        if not gone:
            return
        changed: set[str] = set()
        with self.catalogue.transaction() as conn:
            for loc in gone:
                present = conn.execute(
                    "SELECT COUNT(*) FROM locations WHERE doc_id = ? AND missing = 0 AND path != ?",
                    (loc.doc_id, loc.path),
                ).fetchone()[0]
                if present or self.missing_policy == "remove":
                    conn.execute("DELETE FROM locations WHERE path = ?", (loc.path,))
                    if not present:
                        # Attachments of a removed e-mail go with it, from the index too.
                        children = [r[0] for r in conn.execute("SELECT id FROM documents WHERE parent_id = ?",
                                                               (loc.doc_id,))]
                        conn.execute("DELETE FROM documents WHERE id = ? OR parent_id = ?", (loc.doc_id, loc.doc_id))
                        report.removed += 1
                        changed.update([loc.doc_id, *children])
                        gone_ids = [loc.doc_id, *children]
                        record_events(conn, [(i, "removed", f"{loc.path} is gone", "") for i in gone_ids])
                elif not loc.missing:
                    conn.execute("UPDATE locations SET missing = 1 WHERE path = ?", (loc.path,))
                    conn.execute("UPDATE documents SET status = 'missing' WHERE id = ?", (loc.doc_id,))
                    report.missing += 1
                    changed.add(loc.doc_id)
                    record_events(conn, [(loc.doc_id, "missing", f"{loc.path} is gone", "")])
        with self.library.store.writer() as writer:
            for doc_id in changed:
                statement = self.catalogue.get(doc_id)
                if statement is None:
                    self.library.store.delete(writer, [doc_id])
                else:
                    self.library.store.add(writer, [statement])


def import_paths(library: Library, paths: Iterable[Path], **options) -> ImportReport:
    """``Importer(library, **options).run(paths)``; ``exclude`` and ``remember`` go to the run."""
    exclude = options.pop("exclude", None)
    remember = options.pop("remember", True)
    return Importer(library, **options).run(paths, exclude=exclude, remember=remember)


def rescan_folders(library: Library, **options) -> ImportReport:
    """Re-checks every folder the library knows."""
    folders = [Path(p) for p in library.catalogue.folders()]
    return Importer(library, **options).run(folders)
