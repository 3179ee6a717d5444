"""A full disk stops an import or a rebuild with a clear error; what was committed before survives and the
next open (or import) finishes the work."""

from __future__ import annotations

import errno

import pytest

from index import DiskFull, Library, SearchRequest
from index.backend.store import IndexStore
from index.ingest import importer


def _archive(folder, count):
    folder.mkdir()
    for number in range(count):
        (folder / f"s{number:02}.md").write_text(
            f"---\ntitle: Statement {number}\n---\nNorway and Japan agree on fisheries, round {number}.\n",
            encoding="utf-8")
    return folder


def _full_disk_after(monkeypatch, target, name, good_calls):
    """Makes ``target.name`` fail with ENOSPC once it has succeeded ``good_calls`` times."""
    original = getattr(target, name)
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > good_calls:
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)
    return original


def test_a_full_disk_stops_an_import_and_keeps_what_was_committed(tmp_path, monkeypatch):
    folder = _archive(tmp_path / "archive", 6)
    monkeypatch.setattr(importer, "BATCH_DOCS", 2)
    with Library.open(tmp_path / "library") as library:
        original = _full_disk_after(monkeypatch, IndexStore, "add", good_calls=3)
        with pytest.raises(DiskFull) as caught:
            library.import_paths([folder])
        message = str(caught.value)
        assert "is full" in message and "Free some space and import again" in message
        kept = library.count()
        assert 2 <= kept < 6
        monkeypatch.setattr(IndexStore, "add", original)
    with Library.open(tmp_path / "library") as library:
        assert library.count() == kept
        report = library.import_paths([folder])
        assert report.added == 6 - kept
        hits = library.search(SearchRequest(text="fisheries", limit=20))
        assert hits.total == 6


def test_a_rebuild_cut_short_by_a_full_disk_is_finished_on_the_next_open(tmp_path, monkeypatch):
    folder = _archive(tmp_path / "archive", 5)
    with Library.open(tmp_path / "library") as library:
        library.import_paths([folder])
        _full_disk_after(monkeypatch, IndexStore, "add", good_calls=0)
        with pytest.raises(DiskFull, match="open the library again to finish the rebuild"):
            library.rebuild_index()
    monkeypatch.undo()
    assert Library.needs_rebuild(tmp_path / "library")
    with Library.open(tmp_path / "library") as library:
        assert library.search(SearchRequest(text="fisheries", limit=20)).total == 5
    assert not Library.needs_rebuild(tmp_path / "library")


def test_a_worker_that_cannot_write_its_segment_stops_the_pool_with_the_disk_error(tmp_path):
    from index.ingest.workers import WorkerPool

    with WorkerPool(tmp_path / "index", 1) as pool:
        pool._results.put(("failed", 0, (errno.ENOSPC, "an import worker could not write its segment: No space")))
        with pytest.raises(OSError) as caught:
            pool.next_result()
    assert caught.value.errno == errno.ENOSPC and "could not write its segment" in str(caught.value)
