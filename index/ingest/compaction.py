"""Merging index segments, so the index stays at a bounded number of them however it grew.

Every import batch commits segments of its own, so a large import leaves
dozens, and every search pays per segment: a term is looked up in each, and
each facet value's documents are read from each. Whoosh merges segments by
feeding every posting of the old ones through its writer in Python, which
for 100,000 statements takes hours. The catalogue holds every document, so a
merge here indexes the documents of the smallest segments again from the
catalogue instead, at the speed of a rebuild: in the import workers, into
new segments outside the index (in this process when there are only a few
thousand), swapped in by one commit of the table of contents. Therefore:

- searches go on while it runs: the old segments stay in the index until that
  commit, and a reader that holds them keeps reading them after it;
- cancelled, failed or killed, it leaves the index as it was: the staged
  segments are removed (at the next open, after a kill), like an
  interrupted import's;
- if a document of the merged segments was deleted or replaced meanwhile,
  the commit sees that their deletions changed and the merge gives up, to be
  tried again later, rather than bring back the old copy;
- it takes the library's import lock, so it never runs beside an import.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from index.backend.segment_writer import StagedSegment
from index.backend.store import IndexStore, SegmentInfo, fields_for
from index.catalogue import Catalogue
from index.ingest.workers import RowsTask, TaskDone, WorkerPool, worker_count

log = logging.getLogger("chancery.index")

MAX_SEGMENTS = 10  # what the index is brought back to after an import
IN_PROCESS_LIMIT = 2000  # documents; fewer are indexed in this process (starting workers costs more)
CHUNK = 500  # documents per worker task
PROGRESS_EVERY = 100  # documents indexed here between progress reports (and checks for a cancel)


@dataclass(frozen=True)
class MergeProgress:
    """How far a merge is: documents indexed again of those it merges."""

    done: int
    total: int


@dataclass(frozen=True)
class MergeReport:
    """What a merge did.

    Attributes:
        outcome: ``merged``; ``not needed`` (few segments already);
            ``cancelled``; ``changed`` (documents of the merged segments
            changed meanwhile: nothing was merged, try again); ``busy`` (an
            import holds the library: nothing was merged).
        segments_before: Segments before.
        segments_after: Segments after.
        merged: Segments merged into new ones.
        documents: Documents indexed again.
        seconds: How long it took.
    """

    outcome: str
    segments_before: int
    segments_after: int
    merged: int = 0
    documents: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for the status bar and the command line."""
        if self.outcome == "merged":
            return (f"merged {self.merged} index segments ({self.documents:,} statements) in {self.seconds:.1f} s: "
                    f"{self.segments_before} segments before, {self.segments_after} now")
        if self.outcome == "not needed":
            return f"the index has {self.segments_before} segments: nothing to merge"
        if self.outcome == "busy":
            return "an import is running in this library: the index segments were not merged"
        if self.outcome == "changed":
            return "statements changed while the index was merged: nothing was merged, it will be tried again"
        return "merging the index segments was cancelled: the index is as it was"


def plan_merge(segments: list[SegmentInfo], max_segments: int = MAX_SEGMENTS,
               produced: int = 1) -> list[SegmentInfo]:
    """The segments to merge: the smallest, as many as bring the index to ``max_segments``.

    Args:
        segments: The index's segments.
        max_segments: How many the index may keep.
        produced: How many segments the merge writes (one per worker).

    Returns:
        The segments to merge, smallest first; empty when there are few enough.
        Empty segments (every document deleted) are merged first.
    """
    if len(segments) <= max_segments:
        return []
    ordered = sorted(segments, key=lambda s: (s.live, s.name))
    count = min(len(ordered), max(2, len(segments) - max_segments + produced))
    return ordered[:count]


def merge_segments(catalogue: Catalogue, store: IndexStore, max_segments: int = MAX_SEGMENTS,
                   progress: Callable[[MergeProgress], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> MergeReport:
    """Merges the smallest segments until the index has at most ``max_segments``.

    The caller holds the library's import lock (see the module notes).
    """
    started = time.monotonic()
    cancelled = cancelled or (lambda: False)
    segments = store.segments()
    chosen = plan_merge(segments, max_segments)
    if not chosen:
        return MergeReport("not needed", len(segments), len(segments))
    workers = worker_count()
    if workers > 1 and sum(s.live for s in chosen) >= IN_PROCESS_LIMIT and max_segments > workers:
        chosen = plan_merge(segments, max_segments, produced=workers)
    else:
        workers = 1
    ids = [doc_id for segment in chosen for doc_id in store.segment_ids(segment.name)]
    # A document the catalogue no longer holds should not be in the index: the merge leaves it out.
    rowids = sorted(catalogue.rowids_of(ids).values())
    deletions = {segment.name: segment.deleted for segment in chosen}
    total = len(rowids)
    if progress:
        progress(MergeProgress(0, total))
    if workers == 1:
        outcome = _merge_here(catalogue, store, rowids, deletions, progress, cancelled)
    else:
        outcome = _merge_in_workers(catalogue, store, rowids, deletions, workers, progress, cancelled)
    after = len(store.segments())
    report = MergeReport(outcome, len(segments), after, len(chosen) if outcome == "merged" else 0,
                         total if outcome == "merged" else 0, time.monotonic() - started)
    log.info("index merge: %s", report.summary())
    return report


def _unchanged(writer, deletions: dict[str, int]) -> bool:
    """True when every merged segment is still in the index with the deletions it had when the merge began."""
    now = {segment.segment_id(): segment.deleted_count() for segment in writer.segments}
    return all(now.get(name) == deleted for name, deleted in deletions.items())


def _merge_here(catalogue: Catalogue, store: IndexStore, rowids: list[int], deletions: dict[str, int],
                progress, cancelled: Callable[[], bool]) -> str:
    """Indexes the documents again in this process, holding the index's write lock throughout (a few seconds)."""
    writer = store.open_writer()
    try:
        if not _unchanged(writer, deletions):
            writer.cancel()
            return "changed"
        for done, statement in enumerate(catalogue.iter_statements(among=rowids), 1):
            writer.add_document(**fields_for(statement))
            if done % PROGRESS_EVERY == 0:
                if cancelled():
                    writer.cancel()
                    return "cancelled"
                if progress:
                    progress(MergeProgress(done, len(rowids)))
    except BaseException:
        writer.cancel()
        raise
    store.commit_segments([], writer=writer, replacing=frozenset(deletions))
    if progress:
        progress(MergeProgress(len(rowids), len(rowids)))
    return "merged"


def _merge_in_workers(catalogue: Catalogue, store: IndexStore, rowids: list[int], deletions: dict[str, int],
                      workers: int, progress, cancelled: Callable[[], bool]) -> str:
    """Indexes the documents again in the import workers, then swaps their segments in."""
    chunks = [tuple(rowids[i:i + CHUNK]) for i in range(0, len(rowids), CHUNK)]
    tasks = (RowsTask(key, str(catalogue.path), (chunk[0], chunk[-1]), among=chunk)
             for key, chunk in enumerate(chunks))
    state = {"done": 0, "failed": False}
    outcome = ["cancelled"]

    def accept(result: TaskDone) -> None:
        if result.reason or result.skipped:
            state["failed"] = True
            return
        state["done"] += result.indexed
        if progress:
            progress(MergeProgress(min(state["done"], len(rowids)), len(rowids)))

    def commit(staged: list[StagedSegment]) -> None:
        if state["failed"] or pool.take_orphaned() or cancelled() or state["done"] != len(rowids):
            return  # the pool removes the staged segments when it closes
        writer = store.open_writer()
        if not _unchanged(writer, deletions):
            writer.cancel()
            outcome[0] = "changed"
            return
        store.commit_segments(staged, writer=writer, replacing=frozenset(deletions))
        outcome[0] = "merged"

    with WorkerPool(store.folder, workers) as pool:
        pool.run(tasks, accept, commit, lambda: False, cancelled)
    if outcome[0] == "cancelled" and state["failed"] and not cancelled():
        log.warning("index merge: a worker could not index its statements; nothing was merged")
    return outcome[0]


def merge_when_free(library, max_segments: int = MAX_SEGMENTS,
                    progress: Callable[[MergeProgress], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> MergeReport:
    """Merges under the library's import lock, or reports ``busy`` at once if an import holds it."""
    from index.errors import IndexLocked

    count = len(library.store.segments())
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(library.write_lock(timeout=0))
        except IndexLocked:
            return MergeReport("busy", count, count)
        return merge_segments(library.catalogue, library.store, max_segments, progress, cancelled)
