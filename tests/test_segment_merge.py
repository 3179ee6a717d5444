"""Merging index segments: fewer segments, the same answers, searchable throughout, safe to kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from index import Library, SearchRequest
from index.backend.store import SegmentInfo
from index.ingest import compaction
from index.ingest.compaction import merge_segments, plan_merge

REPO = Path(__file__).resolve().parent.parent

COUNTRIES = ["Türkiye", "Kazakhstan", "Japan", "Norway", "Brazil", "Kenya"]
TOPICS = ["trade and investment", "energy security", "climate change", "maritime security"]
QUERIES = ["trade", "energy security", '"climate change"', "Kazakhstan", "corridor OR pipeline", ""]


def _write_batch(folder: Path, batch: int, count: int = 8) -> None:
    folder.mkdir(parents=True)
    for number in range(count):
        n = batch * count + number
        country = COUNTRIES[n % len(COUNTRIES)]
        other = COUNTRIES[(n + 2) % len(COUNTRIES)]
        topic = TOPICS[n % len(TOPICS)]
        extra = "pipeline" if n % 3 == 0 else "corridor"
        body = (f"{country} and {other} discussed {topic} and the {extra} linking their regions. "
                f"The ministers of {country} will meet again in {2010 + n % 12}. Statement number {n}.")
        (folder / f"s{n:03}.md").write_text(
            f"---\ntitle: Statement {n} of {country}\ndate: {2010 + n % 12}-0{1 + n % 9}-1{n % 9}\n---\n{body}\n",
            encoding="utf-8")


def import_batches(library: Library, folder: Path, batches: int) -> None:
    """Imports ``batches`` folders of 8 statements each, one import per folder (a segment each, or more)."""
    for batch in range(batches):
        source = folder / f"batch{batch}"
        _write_batch(source, batch)
        library.import_paths([source])


@pytest.fixture
def fragmented(tmp_path) -> Path:
    """A library of 48 statements imported in six imports: six index segments or more."""
    folder = tmp_path / "library"
    with Library.open(folder) as library:
        import_batches(library, tmp_path, 6)
        library.workbench.tags.add(_ids(library)[:2], "kept")
        assert library.segment_count() >= 6
    return folder


def _ids(library: Library) -> list[str]:
    return sorted(library.ids())


def _answers(library: Library) -> dict:
    """What the queries answer: totals, ranked hits with scores, and every facet count."""
    found = {}
    for query in [*QUERIES, "tag:kept"]:
        result = library.search(SearchRequest(query, limit=None, snippet_count=0, suggest=False, budget=None))
        ranked = sorted((round(hit.score, 6), hit.doc_id) for hit in result.hits)
        facets = sorted((f.field, f.value, f.count) for counts in result.facets.values() for f in counts)
        found[query] = (result.total, ranked, facets)
    return found


def test_plan_merges_the_smallest_segments_down_to_the_bound():
    segments = [SegmentInfo(f"s{i}", size, 0) for i, size in enumerate([500, 40, 900, 10, 70, 60])]
    assert plan_merge(segments, max_segments=6) == []
    chosen = plan_merge(segments, max_segments=4)
    assert [s.name for s in chosen] == ["s3", "s1", "s5"]  # 6 - 3 + 1 = 4 segments after
    emptied = [*segments, SegmentInfo("gone", 300, 300)]
    assert plan_merge(emptied, max_segments=6)[0].name == "gone"
    assert [s.name for s in plan_merge(segments, max_segments=4, produced=2)] == ["s3", "s1", "s5", "s4"]


def test_merge_keeps_every_answer_and_the_user_work(fragmented):
    with Library.open(fragmented) as library:
        before = _answers(library)
        segments = library.segment_count()
        report = library.merge_segments(max_segments=2)
        assert report.outcome == "merged"
        assert report.segments_before == segments
        assert library.segment_count() == report.segments_after <= 2
        assert _answers(library) == before
        assert before["tag:kept"][0] == 2
    with Library.open(fragmented) as library:  # and after reopening
        assert library.segment_count() <= 2
        assert _answers(library) == before
        assert library.merge_segments(max_segments=2).outcome == "not needed"


def test_merge_drops_deleted_copies(fragmented, tmp_path):
    source = tmp_path / "batch0"
    for path in sorted(source.glob("*.md"))[:3]:  # three statements edited: their old copies are deleted
        path.write_text(path.read_text(encoding="utf-8").replace("discussed", "reviewed"), encoding="utf-8")
    with Library.open(fragmented) as library:
        library.import_paths([source])
        assert sum(s.deleted for s in library.store.segments()) == 3
        reviewed = library.search("reviewed").total
        library.merge_segments(max_segments=1)
        assert [(s.documents, s.deleted) for s in library.store.segments()] == [(48, 0)]
        assert library.search("reviewed").total == reviewed == 3


def test_searches_answer_while_the_merge_runs(fragmented, monkeypatch):
    """The merge is held half-way while another library object searches the same index."""
    monkeypatch.setattr(compaction, "IN_PROCESS_LIMIT", 10**9)
    monkeypatch.setattr(compaction, "PROGRESS_EVERY", 5)
    reached, resume = threading.Event(), threading.Event()

    def progress(p) -> None:
        if 0 < p.done < p.total:
            reached.set()
            assert resume.wait(30)

    with Library.open(fragmented) as library:
        before = _answers(library)
        results = []
        merging = threading.Thread(target=lambda: results.append(
            merge_segments(library.catalogue, library.store, 1, progress)))
        merging.start()
        try:
            assert reached.wait(30)
            with Library.open(fragmented, read_only=True) as reader:
                assert _answers(reader) == before
        finally:
            resume.set()
            merging.join(60)
        assert results[0].outcome == "merged"
        assert library.segment_count() == 1
        with Library.open(fragmented, read_only=True) as reader:
            assert _answers(reader) == before


def test_merge_in_workers_keeps_every_answer(fragmented, monkeypatch):
    monkeypatch.setattr(compaction, "IN_PROCESS_LIMIT", 1)
    monkeypatch.setattr(compaction, "worker_count", lambda: 2)
    monkeypatch.setattr(compaction, "CHUNK", 7)
    with Library.open(fragmented) as library:
        before = _answers(library)
        report = library.merge_segments(max_segments=3)
        assert report.outcome == "merged"
        assert library.segment_count() <= 3
        assert _answers(library) == before
        assert not (library.store.folder / ".incoming").exists()


def test_merge_gives_up_when_a_merged_statement_changes_meanwhile(fragmented, monkeypatch):
    monkeypatch.setattr(compaction, "IN_PROCESS_LIMIT", 1)
    monkeypatch.setattr(compaction, "worker_count", lambda: 2)
    with Library.open(fragmented) as library:
        segments = library.segment_count()
        merged = plan_merge(library.store.segments(), max_segments=3, produced=2)
        victim = library.store.segment_ids(merged[0].name)[0]
        done = []

        def progress(p) -> None:  # a statement of a merged segment is deleted while the workers index
            if p.done and not done:
                done.append(True)
                writer = library.store.open_writer()  # committed without Whoosh's own merging
                library.store.delete(writer, [victim])
                library.store.finish_writer(writer, commit=True, merge=False)

        report = library.merge_segments(max_segments=3, progress=progress)
        assert report.outcome == "changed"
        assert library.segment_count() == segments
        assert library.store.doc_count() == 47  # the deletion stands; the old copy did not come back


def test_merge_waits_for_a_running_import(fragmented):
    with Library.open(fragmented) as library, library.write_lock(timeout=0):
        other = Library.open(fragmented)
        try:
            report = other.merge_segments(max_segments=1)
        finally:
            other.close()
        assert report.outcome == "busy"
        assert library.segment_count() >= 6


KILLED = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from index import Library
    from index.backend import segment_writer
    from index.ingest import compaction

    moment = sys.argv[2]
    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    if moment == "commit":  # the merged segment is in the index folder, its table of contents not yet written
        segment_writer.FastSegmentWriter._commit_toc = die
    compaction.PROGRESS_EVERY = 5
    library = Library.open(Path(sys.argv[1]))
    # "indexing": killed once it has indexed some statements again
    library.merge_segments(max_segments=1, progress=lambda p: die() if moment == "indexing" and p.done else None)
    print("not killed")
""")


@pytest.mark.parametrize("moment", ["indexing", "commit"])
def test_a_killed_merge_leaves_the_index_as_it_was(fragmented, moment):
    with Library.open(fragmented) as library:
        before = _answers(library)
        segments = library.segment_count()
    child = subprocess.run([sys.executable, "-c", KILLED, str(fragmented), moment], cwd=REPO,
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    with Library.open(fragmented) as library:
        assert library.segment_count() == segments
        assert _answers(library) == before
        assert library.store.stray_files() == []  # what the killed merge wrote was tidied away at open
        assert library.merge_segments(max_segments=1).outcome == "merged"
        assert _answers(library) == before


def test_compact_on_the_command_line(fragmented):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-m", "desktop", "compact", "--library", str(fragmented),
                          "--max-segments", "2", "--json"], capture_output=True, text=True, env=env, cwd=REPO)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["outcome"] == "merged"
    assert report["segments_after"] <= 2 < report["segments_before"]
    assert report["merged"] == report["segments_before"] - 1  # the largest stays, the rest become one
    assert 0 < report["documents"] < 48
    again = subprocess.run([sys.executable, "-m", "desktop", "compact", "--library", str(fragmented),
                            "--max-segments", "2"], capture_output=True, text=True, env=env, cwd=REPO)
    assert again.returncode == 0
    assert "nothing to merge" in again.stdout
