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
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from documents.ocr import OcrSettings
from index.backend.segment_writer import StagedSegment
from index.ingest.worker_process import (
    IDLE,
    POLL_SECONDS,
    FileTask,
    RowsTask,
    TaskDone,
    finished_statements,
    read_statements,
    worker_main,
)

__all__ = ["FileTask", "RowsTask", "TaskDone", "WorkerPool", "clear_staging", "finished_statements",
           "read_statements", "worker_count"]

log = logging.getLogger("chancery.index")

STAGING = ".incoming"  # in the index folder; Whoosh ignores names starting with a dot
MAX_DEATHS_IN_A_ROW = 8  # workers dying with no file in hand: starting more would not help
# A hostile file can keep a reader busy for hours (a parser quadratic in its
# input) or grow it past any memory; the importer stops a worker that spends
# more processing time than this on one file, or holds more memory while
# reading one, and the file is skipped with the reason. Tesseract runs in a
# process of its own, so waiting for it costs the worker no processing time,
# and each scanned page read starts the file's count again.
FILE_SECONDS = 30.0
WORKER_MEMORY_MB = 512


# -- importer side -------------------------------------------------------------


def _processing_seconds(pid: int) -> float | None:
    """A process's CPU time (user and system, all threads), or None where /proc does not tell it."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _resident_mb(pid: int) -> float | None:
    """A process's resident memory in MB, or None where /proc does not tell it."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError, AttributeError):
        return None


@dataclass
class _Worker:
    """One worker process and what the importer has asked of it."""

    ident: int
    process: object
    tasks: object  # its task queue
    outstanding: list[FileTask | RowsTask] = field(default_factory=list)  # sent, not answered; the first is in hand
    unflushed: list[int] = field(default_factory=list)  # keys answered since its last finished segment
    queued_bytes: int = 0  # of the files sent and not answered
    flushing: bool = False
    busy: object = None  # shared with the process: [key in hand, its CPU and wall time when taken up]
    stopped: tuple[int, str] | None = None  # (key, reason) when the importer stopped it at a limit


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
        in_flight_bytes: Bytes of files queued per worker at most (None: no
            limit), so a worker is not left with a long queue of large scans
            while the others have nothing to do.
        catalogue: The library's catalogue, whose corrections the workers
            apply to the files they index.
        ocr: How the workers read scanned pages (None: not at all).
        on_page: Called with ``(key, pages done, pages to read)`` as a worker
            reads the scanned pages of a file.
        file_seconds: Processing seconds a worker may spend on one file (None: no limit);
            wall-clock seconds where the system does not tell a process's time.
        memory_mb: Memory a worker may hold while it reads a file (None, or no /proc: no limit).
    """

    def __init__(self, index_folder: Path, count: int, in_flight: int = 16, catalogue: Path | None = None,
                 in_flight_bytes: int | None = None,
                 ocr: OcrSettings | None = None, on_page: Callable[[int, int, int], None] | None = None,
                 file_seconds: float | None = FILE_SECONDS, memory_mb: float | None = WORKER_MEMORY_MB) -> None:
        self.staging = index_folder / STAGING
        self.file_seconds = file_seconds
        self.memory_mb = memory_mb
        self.in_flight = in_flight
        self.in_flight_bytes = in_flight_bytes
        self._catalogue = str(catalogue) if catalogue else None
        self._ocr = ocr
        self._on_page = on_page
        self.orphaned: list[int] = []
        self._context = get_context("spawn")
        self._results = self._context.Queue()
        self._cancel = self._context.Event()
        self._ready: deque[TaskDone] = deque()  # answers made here for files a dead worker held
        self._next_batch: deque[TaskDone] = deque()  # answered during a flush, after the worker's segment
        self._idents = itertools.count()
        self._last_check = time.monotonic()
        self._deaths_in_a_row = 0  # workers that died holding no file, with no answer in between
        clear_staging(index_folder)
        self.staging.mkdir(parents=True, exist_ok=True)
        self._workers: list[_Worker] = [self._start() for _ in range(count)]

    def _start(self) -> _Worker:
        ident = next(self._idents)
        tasks = self._context.Queue()
        busy = self._context.Array("d", [IDLE, 0.0, 0.0], lock=False)
        process = self._context.Process(target=worker_main, name=f"chancery-import-{ident}", daemon=True,
                                        args=(ident, tasks, self._results, str(self.staging), self._cancel,
                                              self._catalogue, self._ocr, busy))
        process.start()
        return _Worker(ident, process, tasks, busy=busy)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def outstanding(self) -> int:
        """Tasks sent and not yet answered."""
        return sum(len(w.outstanding) for w in self._workers) + len(self._ready) + len(self._next_batch)

    def _full(self, worker: _Worker) -> bool:
        budget = self.in_flight_bytes
        return len(worker.outstanding) >= self.in_flight or (budget is not None and worker.queued_bytes >= budget)

    def has_room(self) -> bool:
        """True while some worker has fewer than ``in_flight`` tasks (and ``in_flight_bytes``) queued."""
        return not all(self._full(w) for w in self._workers)

    def submit(self, task: FileTask | RowsTask) -> None:
        """Queues a file (or catalogue rows) with the least busy worker: the fewest bytes, then tasks, queued."""
        worker = min(self._workers, key=lambda w: (self._full(w), w.queued_bytes, len(w.outstanding)))
        worker.outstanding.append(task)
        worker.queued_bytes += getattr(task, "size", 0)
        worker.tasks.put(("file" if isinstance(task, FileTask) else "rows", task))

    def cancel(self) -> None:
        """Workers answer the files still queued as skipped, without reading them."""
        self._cancel.set()

    def take_orphaned(self) -> list[int]:
        """Keys answered by workers that died before finishing their segment (see the class notes)."""
        keys, self.orphaned = self.orphaned, []
        return keys

    def run(self, tasks: Iterable[FileTask | RowsTask], accept: Callable[[TaskDone], None],
            commit: Callable[[list[StagedSegment] | None], None], batch_due: Callable[[], bool],
            cancelled: Callable[[], bool], flush_due: Callable[[], bool] | None = None) -> bool:
        """Works through ``tasks`` and commits in batches; the loop an import and a rebuild share.

        Args:
            tasks: What to do, submitted as workers have room.
            accept: Called with every answer, in the order they come.
            commit: Called with the finished segments once every answer in
                them has been accepted: after ``batch_due`` says so, and at the end.
                Called with None for a batch whose segments the workers keep
                writing (``flush_due`` said no).
            batch_due: Polled after each answer.
            cancelled: Polled after each answer; True skips the tasks not yet done.
            flush_due: Asked when a batch is due, whether the workers finish their
                segments for it (None: always). The last batch always finishes them.

        Returns:
            True if the work was cancelled.
        """
        waiting = iter(tasks)
        exhausted = stopped = False

        def feed() -> None:
            nonlocal exhausted
            while not exhausted and not stopped and self.has_room():
                task = next(waiting, None)
                if task is None:
                    exhausted = True
                    return
                self.submit(task)

        def finish_batch(last: bool = False) -> None:
            if not last and flush_due is not None and not flush_due():
                commit(None)
                return
            # The workers go on with the next files while they (and then the commit) finish this batch.
            late, segments = self.flush(feed=None if last else feed)
            for result in late:
                accept(result)
            commit(segments)

        while True:
            feed()
            if not self.outstanding:
                break
            accept(self.next_result())
            if not stopped and cancelled():
                stopped = True
                self.cancel()
            if not stopped and batch_due():
                finish_batch()
        finish_batch(last=True)
        return stopped

    def next_result(self) -> TaskDone:
        """The next file a worker finished (in any worker's order)."""
        if self._next_batch:
            return self._next_batch.popleft()
        while True:
            kind, worker, payload = self._get()
            if kind == "done":
                self._answered(worker, payload)
                return payload

    def flush(self, feed: Callable[[], None] | None = None) -> tuple[list[TaskDone], list[StagedSegment]]:
        """Has every worker finish its segment.

        Args:
            feed: Called while the workers finish, to queue more tasks behind
                the request (:meth:`submit`). Their answers are in none of the
                segments; :meth:`next_result` gives them afterwards.

        Returns:
            Files answered while waiting (they are in the segments too), and
            the finished segments.
        """
        for worker in self._workers:
            worker.flushing = True
            worker.tasks.put(("flush", None))
        # Answers of the last flush's next batch not yet taken are in the segments finished now.
        results: list[TaskDone] = list(self._next_batch)
        self._next_batch.clear()
        segments: list[StagedSegment] = []
        while any(w.flushing for w in self._workers):
            if feed is not None:
                feed()
            kind, worker, payload = self._get()
            if kind == "done":
                self._answered(worker, payload)
                # A worker answers in order: after its segment, or a worker started meanwhile, is the next batch.
                (results if worker is None or worker.flushing else self._next_batch).append(payload)
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
                worker.queued_bytes -= getattr(task, "size", 0)
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
            if kind == "failed":
                code, message = payload
                raise OSError(code, message)
            if kind == "page":
                if self._on_page is not None:
                    self._on_page(*payload)
                continue
            if kind is not None:
                self._deaths_in_a_row = 0
                worker = next((w for w in self._workers if w.ident == ident), None)
                if worker is not None:  # else a message from a worker already replaced
                    return kind, worker, payload

    def _over_limit(self, worker: _Worker) -> tuple[int, str] | None:
        """The file a worker has held past a limit, with the reason it is skipped, or None."""
        key = worker.busy[0]
        cpu_then, wall_then = worker.busy[1], worker.busy[2]
        if key == IDLE or worker.busy[0] != key:  # idle, or it took up another file meanwhile
            return None
        if self.file_seconds is not None:
            cpu_now = _processing_seconds(worker.process.pid)
            spent = time.monotonic() - wall_then if cpu_now is None else cpu_now - cpu_then
            if spent > self.file_seconds:
                return int(key), (f"reading it took more than {self.file_seconds:.0f} s of processing, the limit "
                                  "for one file; it was skipped")
        if self.memory_mb is not None:
            resident = _resident_mb(worker.process.pid)
            if resident is not None and resident > self.memory_mb:
                return int(key), (f"reading it needed more than {self.memory_mb:.0f} MB of memory, the limit "
                                  "for one file; it was skipped")
        return None

    def _replace_dead(self) -> None:
        self._last_check = time.monotonic()
        for index, worker in enumerate(self._workers):
            worker.stopped = self._over_limit(worker) if worker.process.is_alive() else None
            if worker.stopped is not None:
                log.warning("import worker %d stopped at a limit: %s", worker.ident, worker.stopped[1])
                worker.process.kill()
                worker.process.join(timeout=5)
            if worker.process.is_alive():
                continue
            code = worker.process.exitcode
            self._deaths_in_a_row += 0 if worker.outstanding else 1
            if self._deaths_in_a_row > MAX_DEATHS_IN_A_ROW:
                raise RuntimeError(f"import workers keep stopping before they answer (the last with exit code "
                                   f"{code}): the system may be out of memory or of processes")
            log.warning("import worker %d stopped (exit code %s); starting another", worker.ident, code)
            self.orphaned.extend(worker.unflushed)
            self._workers[index] = self._start()
            if worker.outstanding:
                culprit, *others = worker.outstanding
                reason = f"reading it stopped an import worker process (exit code {code}); the file was skipped"
                if worker.stopped is not None:
                    held = [task for task in worker.outstanding if task.key == worker.stopped[0]]
                    culprit, reason = (held or [culprit])[0], worker.stopped[1]
                    others = [task for task in worker.outstanding if task is not culprit]
                self._ready.append(TaskDone(culprit.key, None, reason))
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
