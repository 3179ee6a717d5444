"""Worker processes that read, extract and index files, each into a segment of its own.

Reading, extraction and indexing all cost CPU, and Python runs one thread of
it per process. Each worker therefore does the whole job for the files it is
given: it reads a file, extracts its metadata, indexes it into a Whoosh
segment of its own (in a staging folder, outside the index), and sends the
statements back for the catalogue. When the importer commits a batch it asks
every worker to finish its segment; the importer then writes the catalogue
and adds the finished segments to the index in one commit.

Workers watch their parent: if the importer is killed they exit rather than
wait forever.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import queue
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing import get_context, parent_process
from pathlib import Path

from documents.build import BuildContext, statements_from_file
from documents.errors import UnreadableDocument
from documents.extract import default_extractor
from documents.statement import Statement
from index.backend.segment_writer import FastSegmentWriter, StagedSegment

log = logging.getLogger("chancery.index")

STAGING = ".incoming"  # in the index folder; Whoosh ignores names starting with a dot
WORKER_LIMIT_MB = 96  # postings each worker gathers before spilling to a run file
POLL_SECONDS = 1.0


@dataclass(frozen=True)
class FileTask:
    """One file for a worker to read, extract and index (an import)."""

    key: int
    path: str
    sha256: str
    root: str
    keep_id: str | None = None


@dataclass(frozen=True)
class RowsTask:
    """Catalogue rows for a worker to index again (a rebuild), by row id range."""

    key: int
    catalogue: str
    rowids: tuple[int, int]


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
    """

    key: int
    statements: list[Statement] | None
    reason: str | None
    skipped: bool = False
    indexed: int = 0


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
    except Exception as exc:  # never let one file end the import
        log.exception("unexpected failure reading %s", path)
        return None, f"unexpected error ({type(exc).__name__}: {exc})"


# -- worker process side -------------------------------------------------------


def _worker_main(ident: int, tasks, results, staging_root: str, cancel, catalogue_path: str | None = None) -> None:
    """A worker's loop: read and index tasks, finish a segment on ``flush``, leave on ``stop``.

    Statements are indexed with the library's corrections applied (read from
    its catalogue, which the importer writes and the worker only reads).
    """
    from whoosh import index as whoosh_index

    from index.backend.schema import build_schema
    from index.backend.store import INDEX_NAME, fields_for
    from index.catalogue import Catalogue

    staging = tempfile.mkdtemp(prefix=f"w{ident}-", dir=staging_root)
    ix = whoosh_index.create_in(staging, build_schema(), indexname=INDEX_NAME)
    context = BuildContext(default_extractor())
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
                statements, reason = read_statements(Path(task.path), task.sha256, Path(task.root), context)
                if statements is not None:
                    statements = finished_statements(statements, task.keep_id)
                    index_all(statements, library_catalogue(catalogue_path).corrector() if catalogue_path else None)
                results.put(("done", ident, TaskDone(task.key, statements, reason)))
            elif kind == "rows":
                job: RowsTask = payload
                count = index_all(library_catalogue(job.catalogue).iter_statements(rowids=job.rowids))
                results.put(("done", ident, TaskDone(job.key, None, None, indexed=count)))
            elif kind == "flush":
                staged = writer.finish_staged() if writer is not None else None
                writer = None
                results.put(("flushed", ident, staged))
            else:  # "stop"
                return
    finally:
        if writer is not None and not writer.is_closed:
            writer.cancel()


# -- importer side -------------------------------------------------------------


@dataclass
class _Worker:
    """One worker process and what the importer has asked of it."""

    ident: int
    process: object
    tasks: object  # its task queue
    outstanding: list[FileTask | RowsTask] = field(default_factory=list)  # sent, not answered; the first is in hand
    unflushed: list[int] = field(default_factory=list)  # keys answered since its last finished segment
    flushing: bool = False


class WorkerPool:
    """Worker processes for one import. Use as a context manager.

    A worker that dies (a crash in a reader library, the system killing it
    for memory) is replaced: the file it had in hand is answered as a
    problem, its other files go to the remaining workers, and the keys it
    answered since its last segment are listed in :attr:`orphaned` for the
    importer to index itself.

    Args:
        index_folder: The library's index folder (staging goes inside it).
        count: How many workers.
        in_flight: Tasks queued per worker, so none waits for work.
        catalogue: The library's catalogue, whose corrections the workers
            apply to the files they index.
    """

    def __init__(self, index_folder: Path, count: int, in_flight: int = 16, catalogue: Path | None = None) -> None:
        self.staging = index_folder / STAGING
        self.in_flight = in_flight
        self._catalogue = str(catalogue) if catalogue else None
        self.orphaned: list[int] = []
        self._context = get_context("spawn")
        self._results = self._context.Queue()
        self._cancel = self._context.Event()
        self._ready: deque[TaskDone] = deque()  # answers made here for files a dead worker held
        self._idents = itertools.count()
        self._last_check = time.monotonic()
        clear_staging(index_folder)
        self.staging.mkdir(parents=True, exist_ok=True)
        self._workers: list[_Worker] = [self._start() for _ in range(count)]

    def _start(self) -> _Worker:
        ident = next(self._idents)
        tasks = self._context.Queue()
        process = self._context.Process(target=_worker_main, name=f"chancery-import-{ident}", daemon=True,
                                        args=(ident, tasks, self._results, str(self.staging), self._cancel,
                                              self._catalogue))
        process.start()
        return _Worker(ident, process, tasks)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def outstanding(self) -> int:
        """Tasks sent and not yet answered."""
        return sum(len(w.outstanding) for w in self._workers) + len(self._ready)

    def has_room(self) -> bool:
        """True while some worker has fewer than ``in_flight`` tasks queued."""
        return min(len(w.outstanding) for w in self._workers) < self.in_flight

    def submit(self, task: FileTask | RowsTask) -> None:
        """Queues a file (or catalogue rows) with the least busy worker."""
        worker = min(self._workers, key=lambda w: len(w.outstanding))
        worker.outstanding.append(task)
        worker.tasks.put(("file" if isinstance(task, FileTask) else "rows", task))

    def cancel(self) -> None:
        """Workers answer the files still queued as skipped, without reading them."""
        self._cancel.set()

    def take_orphaned(self) -> list[int]:
        """Keys answered by workers that died before finishing their segment (see the class notes)."""
        keys, self.orphaned = self.orphaned, []
        return keys

    def run(self, tasks: Iterable[FileTask | RowsTask], accept: Callable[[TaskDone], None],
            commit: Callable[[list[StagedSegment]], None], batch_due: Callable[[], bool],
            cancelled: Callable[[], bool]) -> bool:
        """Works through ``tasks`` and commits in batches; the loop an import and a rebuild share.

        Args:
            tasks: What to do, submitted as workers have room.
            accept: Called with every answer, in the order they come.
            commit: Called with the finished segments once every answer in
                them has been accepted: after ``batch_due`` says so, and at the end.
            batch_due: Polled after each answer.
            cancelled: Polled after each answer; True skips the tasks not yet done.

        Returns:
            True if the work was cancelled.
        """
        waiting = iter(tasks)
        exhausted = stopped = False

        def finish_batch() -> None:
            late, segments = self.flush()
            for result in late:
                accept(result)
            commit(segments)

        while True:
            while not exhausted and not stopped and self.has_room():
                task = next(waiting, None)
                if task is None:
                    exhausted = True
                    break
                self.submit(task)
            if not self.outstanding:
                break
            accept(self.next_result())
            if not stopped and cancelled():
                stopped = True
                self.cancel()
            if not stopped and batch_due():
                finish_batch()
        finish_batch()
        return stopped

    def next_result(self) -> TaskDone:
        """The next file a worker finished (in any worker's order)."""
        while True:
            kind, worker, payload = self._get()
            if kind == "done":
                self._answered(worker, payload)
                return payload

    def flush(self) -> tuple[list[TaskDone], list[StagedSegment]]:
        """Has every worker finish its segment.

        Returns:
            Files answered while waiting (they are in the segments too), and
            the finished segments.
        """
        for worker in self._workers:
            worker.flushing = True
            worker.tasks.put(("flush", None))
        results: list[TaskDone] = []
        segments: list[StagedSegment] = []
        while any(w.flushing for w in self._workers):
            kind, worker, payload = self._get()
            if kind == "done":
                self._answered(worker, payload)
                results.append(payload)
            elif worker is not None:
                worker.flushing = False
                worker.unflushed = []
                if payload is not None:
                    segments.append(payload)
        return results, segments

    def _answered(self, worker: _Worker | None, result: TaskDone) -> None:
        if worker is None:
            return  # answered here for a dead worker
        for i, task in enumerate(worker.outstanding):
            if task.key == result.key:
                del worker.outstanding[i]
                break
        worker.unflushed.append(result.key)

    def _get(self) -> tuple[str, _Worker | None, object]:
        """The next message, with the worker it came from; replaces workers that died."""
        while True:
            if self._ready:
                return "done", None, self._ready.popleft()
            try:
                kind, ident, payload = self._results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                kind = None
            if kind is None or time.monotonic() - self._last_check > POLL_SECONDS:
                self._replace_dead()
            if kind is not None:
                worker = next((w for w in self._workers if w.ident == ident), None)
                if worker is not None:  # else a message from a worker already replaced
                    return kind, worker, payload

    def _replace_dead(self) -> None:
        self._last_check = time.monotonic()
        for index, worker in enumerate(self._workers):
            if worker.process.is_alive():
                continue
            code = worker.process.exitcode
            log.warning("import worker %d stopped (exit code %s); starting another", worker.ident, code)
            self.orphaned.extend(worker.unflushed)
            self._workers[index] = self._start()
            if worker.outstanding:
                culprit, *others = worker.outstanding
                self._ready.append(TaskDone(
                    culprit.key, None,
                    f"reading it stopped an import worker process (exit code {code}); the file was skipped",
                ))
                for task in others:
                    self.submit(task)
            worker.tasks.cancel_join_thread()
            worker.tasks.close()

    def close(self) -> None:
        """Stops the workers and removes what they left in the staging folder."""
        for worker in self._workers:
            with contextlib.suppress(OSError, ValueError):
                worker.tasks.put(("stop", None))
        for worker in self._workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join(timeout=5)
        for q in (*(w.tasks for w in self._workers), self._results):
            q.cancel_join_thread()  # a dead worker's queue must not hold the importer up
            q.close()
        shutil.rmtree(self.staging, ignore_errors=True)


def clear_staging(index_folder: Path) -> None:
    """Removes segments an interrupted import left outside the index."""
    staging = index_folder / STAGING
    if staging.exists():
        log.info("removing unfinished import segments in %s", staging)
        shutil.rmtree(staging, ignore_errors=True)


def worker_count() -> int:
    """One worker per core, at least one."""
    return max(1, os.cpu_count() or 1)
