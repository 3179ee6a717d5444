"""Rebuilding the index from the catalogue alone.

A small catalogue is indexed in this process. A large one is indexed by the
import workers (:mod:`index.ingest.workers`): they index catalogue rows by
row id range into segments of their own, and each batch of segments joins
the index in one commit (each batch up to twice the last, as an import's), so
a rebuild uses every core and shows its progress in committed steps. Ranges a dead worker took with it are indexed here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from documents.statement import Statement
from index.backend.store import IndexStore
from index.catalogue import Catalogue
from index.ingest.workers import RowsTask, TaskDone, WorkerPool, worker_count

log = logging.getLogger("chancery.index")

CHUNK = 250  # documents per task
BATCH = 4000  # documents in the first commit; each later commit may take twice as many as the last,
MOST_BATCH = 20_000  # up to this: fewer, larger segments for the merge that follows to index again
IN_PROCESS_BATCH = 1000  # documents per commit when indexing here
POOL_THRESHOLD = 2000  # documents; fewer are indexed in this process

Progress = Callable[[int, int], None]


def rebuild_index(catalogue: Catalogue, store: IndexStore, progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None) -> int:
    """Empties ``store`` and indexes every catalogue document into it.

    Returns:
        The number of documents indexed.
    """
    total = catalogue.count()
    store.recreate()
    if total >= POOL_THRESHOLD and worker_count() > 1:
        return rebuild_in_workers(catalogue, store, progress, cancelled)
    done = 0
    batch: list[Statement] = []
    for statement in catalogue.iter_statements():
        batch.append(statement)
        if len(batch) >= IN_PROCESS_BATCH:
            done += _index_batch(store, batch)
            batch = []
            if progress:
                progress(done, total)
            if cancelled and cancelled():
                break
    if batch:
        done += _index_batch(store, batch)
    if progress:
        progress(done, total)
    return done


def _index_batch(store: IndexStore, statements: list[Statement]) -> int:
    with store.writer() as writer:
        return store.add(writer, statements)


def rebuild_in_workers(catalogue: Catalogue, store: IndexStore, progress: Progress | None = None,
                       cancelled: Callable[[], bool] | None = None) -> int:
    """Indexes every catalogue document into ``store`` (which should be empty).

    Returns:
        The number of documents indexed.
    """
    ranges = dict(enumerate(catalogue.rowid_ranges(CHUNK)))
    total = catalogue.count()
    done = 0
    since_commit = 0
    batch = BATCH
    redo: list[int] = []  # keys whose documents must be indexed here
    counted: dict[int, int] = {}  # key -> documents a worker reported indexed
    with WorkerPool(store.folder, worker_count()) as pool:

        def accept(result: TaskDone) -> None:
            nonlocal done, since_commit
            if result.reason:
                redo.append(result.key)
            elif not result.skipped:
                counted[result.key] = result.indexed
                done += result.indexed
                since_commit += result.indexed
            if progress:
                progress(min(done, total), total)

        def commit(segments: list) -> None:
            nonlocal done, since_commit, batch
            for key in pool.take_orphaned():  # indexed by a worker that died before its segment was done
                done -= counted.pop(key, 0)
                redo.append(key)
            writer = store.open_writer() if redo else None
            for key in redo:
                log.info("indexing catalogue rows %s here: their worker stopped", ranges[key])
                done += store.add(writer, catalogue.iter_statements(rowids=ranges[key]))
            redo.clear()
            if segments:
                store.commit_segments(segments, writer=writer)
            elif writer is not None:
                store.finish_writer(writer, commit=True, merge=False)
            since_commit = 0
            batch = min(2 * batch, MOST_BATCH)

        tasks = (RowsTask(key, str(catalogue.path), rowids) for key, rowids in ranges.items())
        pool.run(tasks, accept, commit, lambda: since_commit >= batch, cancelled or (lambda: False))
    if progress:
        progress(min(done, total), total)
    return done
