"""Imports large enough for worker processes: each worker indexes its own segments, committed per batch."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

import index.ingest.importer as importer
from documents.build import file_sha256
from index import Library, SearchRequest
from index.ingest.workers import STAGING, FileTask, WorkerPool

WORDS = ["albatross", "bramble", "cobalt", "dulcimer", "emberglow", "fjordland", "gossamer", "hinterland",
         "ironwood", "juniper", "kestrel", "lodestar", "marzipan", "nightjar", "obsidian", "peregrine"]


def _write(folder: Path, count: int, tag: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        word = WORDS[number % len(WORDS)]
        country = ("Kazakhstan", "Chile", "Norway")[number % 3]
        (folder / f"s{number:03}.md").write_text(
            f"---\ntitle: Statement {number}{tag}\ndate: 2021-05-{number % 28 + 1:02}\n---\n"
            f"Talks with {country} on {word} cooperation and unique{number}{tag.strip() or 'x'}.\n",
            encoding="utf-8",
        )


@pytest.fixture
def small_batches(monkeypatch):
    """Worker processes from 5 files on, a commit every 7 documents, 2 files queued per worker."""
    monkeypatch.setattr(importer, "POOL_THRESHOLD", 5)
    monkeypatch.setattr(importer, "BATCH_DOCS", 7)
    monkeypatch.setattr(importer, "IN_FLIGHT", 2)


@pytest.fixture
def library(tmp_path):
    lib = Library.open(tmp_path / "library")
    yield lib
    lib.close()


def _total(library: Library, query: str = "") -> int:
    return library.search(SearchRequest(text=query, limit=None)).total


def test_workers_index_every_file_in_batches(library, tmp_path, small_batches):
    folder = tmp_path / "archive"
    _write(folder, 40)
    (folder / "junk.txt").write_bytes(b"\x00\x01\x02\xff" * 300)
    commits: list[int] = []
    report = importer.Importer(library, on_commit=commits.append).run([folder])
    assert report.added == 40 and len(report.problems) == 1
    assert report.problems[0].path.endswith("junk.txt")
    assert sum(commits) == 40 and len(commits) >= 3  # searchable batch by batch
    assert library.count() == 40 and _total(library) == 40
    hits = library.search("unique17x").hits
    assert [library.document(h.doc_id).title for h in hits] == ["Statement 17"]
    assert _total(library, "kestrel") == 2  # statements 10 and 26
    assert _total(library, "country:KAZ") == 14
    assert len(library.store._ix._segments()) > 2  # segments from the workers, not one merged writer
    assert not (library.store.folder / STAGING).exists()


def test_workers_replace_edited_files_without_duplicates(library, tmp_path, small_batches):
    folder = tmp_path / "archive"
    _write(folder, 12)
    library.import_paths([folder])
    ids = library.catalogue.ids()
    time.sleep(0.01)
    _write(folder, 12, tag=" revised")  # every file edited: read again by the workers
    report = library.import_paths([folder])
    assert (report.added, report.updated) == (0, 12)
    assert library.catalogue.ids() == ids  # edited files keep their ids
    assert _total(library) == 12
    assert _total(library, "unique3x") == 0 and _total(library, "unique3revised") == 1
    assert _total(library, "revised") == 12


def test_identical_files_in_one_import_are_one_document(library, tmp_path, small_batches):
    folder = tmp_path / "archive"
    _write(folder, 8)
    (folder / "copy.md").write_bytes((folder / "s002.md").read_bytes())
    report = library.import_paths([folder])
    assert (report.added, report.relocated) == (8, 1)
    assert library.count() == 8 and _total(library, "unique2x") == 1
    doc_id = library.search("unique2x").hits[0].doc_id
    paths = sorted(Path(loc.path).name for loc in library.catalogue.locations(doc_id=doc_id))
    assert paths == ["copy.md", "s002.md"]


def test_cancel_keeps_what_was_committed_and_the_next_import_finishes(library, tmp_path, small_batches):
    folder = tmp_path / "archive"
    _write(folder, 60)
    seen = []

    def cancelled() -> bool:
        return len(seen) >= 20

    report = importer.Importer(library, progress=lambda p: seen.append(p.done), cancelled=cancelled).run([folder])
    assert report.cancelled
    kept = library.count()
    assert 20 <= kept < 60
    assert _total(library) == kept  # the index holds exactly what the catalogue holds
    again = library.import_paths([folder])
    assert again.added == 60 - kept and library.count() == 60 and _total(library) == 60


def _worker_pids() -> list[int]:
    """This process's import workers (spawned interpreters, not the resource tracker)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"spawn_main" in command:
            pids.append(int(entry.name))
    return pids


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find worker processes")
def test_a_worker_that_dies_is_replaced_and_nothing_else_is_lost(library, tmp_path, small_batches):
    folder = tmp_path / "archive"
    _write(folder, 40)
    killed: list[int] = []

    def progress(p) -> None:
        if p.done == 12 and not killed:
            pids = _worker_pids()
            assert pids
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    report = importer.Importer(library, progress=progress).run([folder])
    assert killed
    lost = [p for p in report.problems if "stopped an import worker" in p.reason]
    assert len(lost) <= 1  # the file the worker had in hand, if any
    assert report.added == 40 - len(lost)
    assert library.count() == 40 - len(lost) and _total(library) == library.count()
    assert _total(library, "unique5x") == 1  # answered before the kill: indexed all the same
    again = library.import_paths([folder])
    assert again.added == len(lost) and library.count() == 40 and _total(library) == 40


@pytest.fixture
def bulk_batches(monkeypatch, small_batches):
    """A "large" import from 10 files on: a catalogue commit every 3 documents after the first 7,
    segments finished after 3, then 6, then at most 12 statements."""
    monkeypatch.setattr(importer, "BULK_FILES", 10)
    monkeypatch.setattr(importer, "BULK_BATCH_DOCS", 3)
    monkeypatch.setattr(importer, "MOST_SEGMENT_DOCS", 12)


def test_a_large_import_commits_the_catalogue_often_and_larger_segments_seldom(library, tmp_path, bulk_batches):
    folder = tmp_path / "archive"
    _write(folder, 60)
    commits: list[int] = []
    unindexed: list[int] = []
    unsearchable: list[int] = []
    real = importer.Importer._commit

    def commit(self, segments=None, index=True):
        real(self, segments, index)
        unindexed.append(len(self.catalogue.unindexed()))
        if index:  # what the catalogue holds as indexed is all searchable: none of the next batch's
            unsearchable.append(self.catalogue.count() - _total(self.library))

    importer.Importer._commit = commit
    try:
        report = importer.Importer(library, on_commit=commits.append).run([folder])
    finally:
        importer.Importer._commit = real
    assert report.added == 60
    assert sum(commits) == 60
    # The index took the statements in growing steps, fewer than the catalogue's commits.
    assert len(commits) < len(unindexed) - 1
    assert max(commits) > commits[1]
    assert max(unindexed) >= 6  # rows waiting for their segment across catalogue commits
    assert unindexed[-1] == 0 and library.catalogue.unindexed() == []
    assert unsearchable and set(unsearchable) == {0}
    assert library.count() == 60 and _total(library) == 60 and _total(library, "unique42x") == 1
    assert _total(library, "kestrel") == 4  # statements 10, 26, 42 and 58


def test_a_killed_large_import_has_its_waiting_rows_indexed_on_the_next_open(library, tmp_path, bulk_batches):
    folder = tmp_path / "archive"
    _write(folder, 60)

    class Killed(Exception):
        pass

    real = importer.Importer._commit_index
    indexed: list[int] = []

    def commit_index(self, segments):
        if len(indexed) == 2:  # the process dies before its third index commit
            raise Killed
        indexed.append(self._unindexed)
        real(self, segments)

    importer.Importer._commit_index = commit_index
    try:
        with pytest.raises(Killed):
            importer.Importer(library).run([folder])
    finally:
        importer.Importer._commit_index = real
    waiting = library.catalogue.unindexed()
    kept = library.catalogue.count()
    assert len(waiting) >= 6 and kept > _total(library)
    assert library.sync_index() == (0, 0)  # the waiting rows were indexed again, none left over
    assert library.catalogue.unindexed() == []
    assert _total(library) == library.catalogue.count()
    again = library.import_paths([folder])
    assert again.added == 60 - kept  # only what the catalogue had not taken is read again
    assert library.count() == 60 and _total(library) == 60


def _file_tasks(folder: Path, count: int) -> list[FileTask]:
    """``count`` statements written to ``folder``, as the importer hands them to the workers."""
    _write(folder, count)
    return [FileTask(key, str(path), file_sha256(path), str(folder), size=path.stat().st_size)
            for key, path in enumerate(sorted(folder.glob("*.md")))]


def test_files_queued_behind_a_flush_go_to_the_next_segments(tmp_path):
    tasks = _file_tasks(tmp_path / "archive", 24)
    with WorkerPool(tmp_path / "index", 2, in_flight=64) as pool:
        for task in tasks[:12]:
            pool.submit(task)
        later = iter(tasks[12:])

        def feed() -> None:
            for task in later:
                pool.submit(task)

        late, segments = pool.flush(feed=feed)
        assert sorted(result.key for result in late) == list(range(12))
        assert sum(staged.segment.doc_count_all() for staged in segments) == 12
        rest = [pool.next_result() for _ in range(12)]
        assert sorted(result.key for result in rest) == list(range(12, 24))
        assert all(result.statements and result.reason is None for result in rest)
        late, segments = pool.flush()
        assert late == [] and sum(staged.segment.doc_count_all() for staged in segments) == 12
        assert pool.outstanding == 0


def test_answers_not_yet_taken_when_the_next_flush_starts_go_with_its_segments(tmp_path):
    tasks = _file_tasks(tmp_path / "archive", 36)
    with WorkerPool(tmp_path / "index", 2, in_flight=64) as pool:
        for task in tasks[:12]:
            pool.submit(task)
        later = iter(tasks[12:])
        pool.flush(feed=lambda: [pool.submit(task) for task in later])
        taken = [pool.next_result().key]  # the rest of the next batch waits while a batch is finished
        late, segments = pool.flush()
        assert sorted(taken + [result.key for result in late]) == list(range(12, 36))
        assert sum(staged.segment.doc_count_all() for staged in segments) == 24
        assert pool.outstanding == 0


def test_a_worker_takes_no_more_queued_bytes_than_its_budget_while_another_has_room(tmp_path):
    with WorkerPool(tmp_path / "index", 2, in_flight=10, in_flight_bytes=1000) as pool:
        pool.cancel()  # the workers answer without reading
        for key, size in enumerate([900, 50, 50, 50]):
            pool.submit(FileTask(key, "/nonexistent", "", "/", size=size))
        queued = sorted(w.queued_bytes for w in pool._workers)
        assert queued == [150, 900]  # the large file alone on one worker, the small ones on the other
        assert pool.has_room()
        pool.submit(FileTask(4, "/nonexistent", "", "/", size=900))
        assert sorted(w.queued_bytes for w in pool._workers) == [900, 1050]
        assert pool.has_room()  # 900 of 1000 bytes
        pool.submit(FileTask(5, "/nonexistent", "", "/", size=200))
        assert not pool.has_room()  # both over budget: the importer waits for answers
        answers = [pool.next_result() for _ in range(6)]
        assert all(answer.skipped for answer in answers) and pool.has_room()
        assert [w.queued_bytes for w in pool._workers] == [0, 0]
