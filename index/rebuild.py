"""Rebuilding a large index from the catalogue in worker processes.

The import workers (:mod:`index.import_workers`) index catalogue rows by row
id range into segments of their own, and each batch of segments joins the
index in one commit, so a rebuild uses every core and shows its progress in
committed steps. Ranges a dead worker took with it are indexed here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from index.catalogue import Catalogue
from index.import_workers import IndexTask, ReadResult, WorkerPool, worker_count
from index.store import IndexStore

log = logging.getLogger("chancery.index")

CHUNK = 250  # documents per task
BATCH = 4000  # documents per commit


def rebuild_in_workers(catalogue: Catalogue, store: IndexStore, progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> int:
    """Indexes every catalogue document into ``store`` (which should be empty).

    Returns:
        The number of documents indexed.
    """
    ranges = dict(enumerate(catalogue.rowid_ranges(CHUNK)))
    total = catalogue.count()
    done = 0
    since_commit = 0
    redo: list[int] = []  # keys whose documents must be indexed here
    counted: dict[int, int] = {}  # key -> documents a worker reported indexed
    with WorkerPool(store.folder, worker_count()) as pool:

        def accept(result: ReadResult) -> None:
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
            nonlocal done, since_commit
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

        tasks = (IndexTask(key, str(catalogue.path), rowids) for key, rowids in ranges.items())
        pool.run(tasks, accept, commit, lambda: since_commit >= BATCH, cancelled or (lambda: False))
    if progress:
        progress(min(done, total), total)
    return done
