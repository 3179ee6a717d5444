"""A killed import loses nothing committed; two imports into one library never interleave."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from index import Library, SearchRequest
from index.ingest.importer import import_paths

REPO = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    import index.ingest.importer as importer
    from index import Library
    importer.BATCH_DOCS = 10          # commit often so a kill lands between batches
    importer.POOL_THRESHOLD = 10**9   # read in this process: one pid to kill
    with Library.open(Path(sys.argv[1])) as library:
        importer.import_paths(library, [Path(sys.argv[2])])
""")


def _write_folder(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for number in range(count):
        body = " ".join(["The ministers discussed trade, energy and transport corridors."] * 40)
        (folder / f"s{number:04}.md").write_text(
            f"---\ntitle: Statement {number}\ndate: 2020-01-{number % 28 + 1:02}\n---\n{body} Number {number}.\n",
            encoding="utf-8",
        )


def _wait_for(predicate, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc.poll() is not None:
            pytest.fail(f"the import finished before it could be killed (exit {proc.returncode})")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the import never committed a batch")
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.02)


def _committed(library_dir: Path) -> int:
    import sqlite3

    db = library_dir / "catalogue.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _import_and_kill(tmp_path: Path, child: str) -> tuple[Path, Path, list[int]]:
    """Starts an import of 400 files in a child process and kills it with SIGKILL after 30 commits.

    Returns:
        The folder, the library folder and the processes the import had started.
    """
    folder = tmp_path / "archive"
    library_dir = tmp_path / "library"
    _write_folder(folder, 400)
    proc = subprocess.Popen([sys.executable, "-c", child, str(library_dir), str(folder)], cwd=REPO)
    _wait_for(lambda: _committed(library_dir) >= 30, proc)
    started = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return folder, library_dir, started


def _resume_loses_nothing(library_dir: Path, folder: Path) -> None:
    """The library opens with every committed batch; the next import adds exactly the rest."""
    with Library.open(library_dir) as library:
        kept = library.count()
        assert 30 <= kept < 400
        assert library.store.stray_files() == []  # opening tidied what the killed import left
        # The index agrees with the catalogue after opening (it repairs itself).
        assert library.search(SearchRequest(limit=None)).total == kept
        report = import_paths(library, [folder])
        assert library.count() == 400
        assert report.added == 400 - kept
        assert library.search(SearchRequest(limit=None)).total == 400
        titles = [library.document(i).title for i in library.catalogue.ids()]
        assert len(titles) == len(set(titles)) == 400
        assert not (library.store.folder / ".incoming").exists()


@pytest.mark.slow
def test_kill_9_during_import_keeps_committed_batches_and_resumes(tmp_path):
    folder, library_dir, _ = _import_and_kill(tmp_path, CHILD)
    _resume_loses_nothing(library_dir, folder)


WORKER_CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    import index.ingest.importer as importer
    from index import Library
    importer.BATCH_DOCS = 10          # commit often so a kill lands between batches
    importer.POOL_THRESHOLD = 1       # read and index in worker processes
    importer.IN_FLIGHT = 2
    with Library.open(Path(sys.argv[1])) as library:
        importer.import_paths(library, [Path(sys.argv[2])])
""")


def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                # The command name in field 2 may hold spaces; the parent id follows its ")".
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_until_gone(pids: list[int], timeout: float) -> None:
    """Waits for processes that are not our children to end (a pidfd becomes readable when one exits)."""
    handles = []
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            handles.append(os.pidfd_open(pid))
    deadline = time.monotonic() + timeout
    try:
        while handles and time.monotonic() < deadline:
            ready, _, _ = select.select(handles, [], [], deadline - time.monotonic())
            for handle in ready:
                os.close(handle)
            handles = [h for h in handles if h not in ready]
    finally:
        for handle in handles:
            os.close(handle)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find worker processes")
def test_kill_9_of_an_import_with_workers_stops_them_and_loses_nothing(tmp_path):
    folder, library_dir, workers = _import_and_kill(tmp_path, WORKER_CHILD)
    assert len(workers) >= 2, "the import runs worker processes"
    _wait_until_gone(workers, timeout=30)
    assert not any(_alive(pid) for pid in workers), "workers outlived the killed import"
    _resume_loses_nothing(library_dir, folder)


def test_second_import_waits_for_the_first(tmp_path):
    """Two processes importing into one library run one after the other."""
    folder_a = tmp_path / "a"
    folder_b = tmp_path / "b"
    _write_folder(folder_a, 60)
    folder_b.mkdir()
    (folder_b / "x.md").write_text("---\ntitle: X\n---\nA statement on fisheries.\n", encoding="utf-8")
    library_dir = tmp_path / "library"
    Library.open(library_dir).close()
    with Library.open(library_dir) as holder, holder.write_lock():
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(library_dir), str(folder_a)], cwd=REPO)
        try:
            proc.wait(timeout=3)
            pytest.fail("the second import did not wait for the lock")
        except subprocess.TimeoutExpired:
            pass
        assert _committed(library_dir) == 0
    assert proc.wait(timeout=120) == 0
    assert _committed(library_dir) == 60


def test_opening_leaves_a_running_imports_staged_files_alone(tmp_path):
    library_dir = tmp_path / "library"
    Library.open(library_dir).close()
    staged = library_dir / "index" / ".incoming" / "w0-abc"
    holder = textwrap.dedent("""
        import sys
        from pathlib import Path
        from index import Library
        with Library.open(Path(sys.argv[1])) as library, library.write_lock():
            print("importing", flush=True)
            sys.stdin.readline()
    """)
    proc = subprocess.Popen([sys.executable, "-c", holder, str(library_dir)], cwd=REPO, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "importing"
        staged.mkdir(parents=True)  # what its workers stage
        Library.open(library_dir).close()  # a window opening while another process imports
        assert staged.is_dir()
    finally:
        proc.communicate("\n", timeout=30)
    Library.open(library_dir).close()  # no import any more: what is left is debris
    assert not staged.parent.exists()
