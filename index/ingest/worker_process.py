"""The worker process's side of an import: read, extract and index the files it is given.

Each worker runs :func:`worker_main` in a process of its own (see
:class:`index.ingest.workers.WorkerPool` for the importer's side). The
messages it sends back are ``("done", ident, TaskDone)``, ``("page", ident,
(key, done, total))`` for a scanned page read, ``("flushed", ident,
StagedSegment | None)`` and ``("failed", ident, (errno, message))``.
"""

from __future__ import annotations

import logging
import queue
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing import parent_process
from pathlib import Path

from documents.build import BuildContext, statements_from_file
from documents.errors import UnreadableDocument
from documents.extract import default_extractor
from documents.ocr import OcrCancelled, OcrSettings
from documents.statement import Statement
from index.backend.segment_tables import segment_table, table_path
from index.backend.segment_writer import FastSegmentWriter, StagedSegment
from index.ocr.cache import ocr_context
from index.research.minhash import sketch

log = logging.getLogger("chancery.index")

# Postings each worker gathers before spilling them to a run file. A spill pickles every
# term gathered and the segment's end reads them back: at 96 MB a segment of 10,000
# statements spilled seven times, a twentieth of the worker's time. A worker peaks near
# 190 MB with 96; 160 spills four times.
WORKER_LIMIT_MB = 160
POLL_SECONDS = 1.0
IDLE = -1.0  # the worker's "file in hand" slot when it has none


@dataclass(frozen=True)
class FileTask:
    """One file for a worker to read, extract and index (an import)."""

    key: int
    path: str
    sha256: str
    root: str
    keep_id: str | None = None
    size: int = 0  # bytes, for the importer's queue budget


@dataclass(frozen=True)
class RowsTask:
    """Catalogue rows for a worker to index again (a rebuild), by row id range."""

    key: int
    catalogue: str
    rowids: tuple[int, int]
    among: tuple[int, ...] | None = None  # only these row ids of the range (a segment merge)


@dataclass(frozen=True)
class TaskDone:
    """A worker's answer to one task.

    Attributes:
        key: The task's key.
        statements: For a :class:`FileTask`, the file's statements (its own
            first, then attachments), or None when it could not be read.
        reason: Why the file could not be read, or why the task failed.
        skipped: Cancelled before it was done.
        indexed: For a :class:`RowsTask`, how many documents were indexed.
        signatures: For a :class:`FileTask`, each statement's near-identical
            signature and number of words (see :mod:`index.research.minhash`), in order.
    """

    key: int
    statements: list[Statement] | None
    reason: str | None
    skipped: bool = False
    indexed: int = 0
    signatures: list[tuple[bytes | None, int]] | None = None


def finished_statements(statements: list[Statement], keep_id: str | None) -> list[Statement]:
    """Gives the file's statement its kept id and links attachments to it."""
    main = statements[0]
    if keep_id:
        main.id = keep_id
    for child in statements[1:]:
        child.provenance.parent_id = main.id
    return statements


# -- reading ---------------------------------------------------------------------


def read_statements(path: Path, sha256: str, root: Path,
                    context: BuildContext) -> tuple[list[Statement] | None, str | None]:
    """Reads one file into statements (its own first, then attachments), or gives the reason it could not."""
    context.root = root
    try:
        return statements_from_file(path, sha256, context), None
    except UnreadableDocument as exc:
        return None, exc.reason
    except OcrCancelled:
        return None, None  # cancelled between two scanned pages: the file is answered as skipped
    except FileNotFoundError:
        return None, "the file was moved or deleted while it was being read"
    except OSError as exc:  # the file changed under the reader, or its disk failed
        return None, f"the file could not be read to the end ({exc.strerror or exc})"
    except MemoryError:
        return None, "reading it needed more memory than is available"
    except Exception as exc:  # never let one file end the import
        log.exception("unexpected failure reading %s", path)
        return None, f"unexpected error ({type(exc).__name__}: {exc})"


# -- worker process side -------------------------------------------------------


def _report_failure(results, ident: int, what: str, exc: OSError) -> None:
    """Tells the importer that this worker cannot go on (the importer raises it as an ``OSError``)."""
    results.put(("failed", ident, (exc.errno, f"{what}: {exc.strerror or exc}")))


def worker_main(ident: int, tasks, results, staging_root: str, cancel, catalogue_path: str | None = None,
                 ocr: OcrSettings | None = None, busy=None) -> None:
    """A worker's loop: read and index tasks, finish a segment on ``flush``, leave on ``stop``.

    Statements are indexed with the library's corrections applied (read from
    its catalogue, which the importer writes and the worker only reads, but
    for the OCR cache: pages read here are kept at once). Each scanned page
    read is reported as a ``page`` message. ``busy`` (shared with the
    importer) holds the key of the file in hand and the processing and wall
    time when it was taken up, for the importer's limits.
    """
    from whoosh import index as whoosh_index

    from index.backend.schema import build_schema
    from index.backend.store import INDEX_NAME, fields_for
    from index.catalogue import Catalogue

    try:
        staging = tempfile.mkdtemp(prefix=f"w{ident}-", dir=staging_root)
        ix = whoosh_index.create_in(staging, build_schema(), indexname=INDEX_NAME)
    except OSError as exc:
        _report_failure(results, ident, "an import worker could not start its segment", exc)
        return
    context = BuildContext(default_extractor(), ocr=ocr_context(ocr, catalogue_path, cancel.is_set))
    parent = parent_process()
    writer = None
    catalogue = None  # opened read-only when first needed

    def library_catalogue(path: str) -> Catalogue:
        nonlocal catalogue
        if catalogue is None:
            catalogue = Catalogue(Path(path), read_only=True)
        return catalogue

    def index_all(statements: Iterable[Statement], corrector=None) -> int:
        """Adds statements to this worker's current segment, starting one if needed."""
        nonlocal writer
        if writer is None:
            writer = FastSegmentWriter(ix, _lk=False, limitmb=WORKER_LIMIT_MB)
        count = 0
        for statement in statements:
            writer.add_document(**fields_for(corrector.apply(statement) if corrector else statement))
            count += 1
        return count

    try:
        while True:
            try:
                message = tasks.get(timeout=POLL_SECONDS)
            except queue.Empty:
                message = None
            if parent is not None and not parent.is_alive():
                # The importer was killed: nobody will read what is still queued for it.
                results.cancel_join_thread()
                return
            if message is None:
                continue
            kind, payload = message
            if kind in ("file", "rows") and cancel.is_set():
                results.put(("done", ident, TaskDone(payload.key, None, None, skipped=True)))
                continue
            if kind == "file":
                task: FileTask = payload
                if context.ocr is not None:
                    def progress(done: int, total: int, key: int = task.key) -> None:
                        hold(busy, key)  # each scanned page read starts the file's count again
                        results.put(("page", ident, (key, done, total)))

                    context.ocr.progress = progress
                hold(busy, task.key)
                statements, reason = read_statements(Path(task.path), task.sha256, Path(task.root), context)
                if statements is not None:
                    statements = finished_statements(statements, task.keep_id)
                    index_all(statements, library_catalogue(catalogue_path).corrector() if catalogue_path else None)
                hold(busy, IDLE)
                skipped = statements is None and reason is None
                signatures = [sketch(s.text) for s in statements] if statements else None
                results.put(("done", ident, TaskDone(task.key, statements, reason, skipped=skipped,
                                                     signatures=signatures)))
            elif kind == "rows":
                job: RowsTask = payload
                count = index_all(library_catalogue(job.catalogue).iter_statements(rowids=job.rowids, among=job.among))
                results.put(("done", ident, TaskDone(job.key, None, None, indexed=count)))
            elif kind == "flush":
                staged = writer.finish_staged() if writer is not None else None
                writer = None
                if staged is not None:
                    with_table(ix, staged)
                results.put(("flushed", ident, staged))
            else:  # "stop"
                return
    except OSError as exc:
        # Writing the segment failed (a full disk, say): another worker would fail the same way.
        _report_failure(results, ident, "an import worker could not write its segment", exc)
    finally:
        if writer is not None and not writer.is_closed:
            writer.cancel()


def with_table(ix, staged: StagedSegment) -> None:
    """Writes a staged segment's facet table beside it (:mod:`index.backend.segment_tables`), to move in with it.

    Here, in the worker, while other workers extract: otherwise the first
    search after the import would read it, on the searching thread.
    """
    from whoosh.reading import SegmentReader

    reader = SegmentReader(ix.storage, ix.schema, staged.segment)
    path = table_path(reader)
    try:
        segment_table(reader)
    finally:
        reader.close()
    if path is not None and path.exists():
        staged.files.append(path)


def hold(busy, key: float) -> None:
    """Marks the file ``key`` in hand from now (or none, with :data:`IDLE`); the times first, then the key."""
    if busy is None:
        return
    if key != IDLE:
        busy[1], busy[2] = time.process_time(), time.monotonic()
    busy[0] = key
