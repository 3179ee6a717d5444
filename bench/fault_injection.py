"""Faults, measured: kill -9 an import, a rebuild and bulk workbench actions at chosen and random moments, fill
the disk under an import and a rebuild, and check after each that nothing committed was lost.

Usage:
    python bench/fault_injection.py [--random 12] [--sessions 1] [--seed 7] [--only PART ...] [--quick] [--json FILE]

The import reads the White House releases and ``--sessions`` sessions of the UN
General Debate from ``../shared/corpus`` (skipped cleanly when absent). A
reference library is built once without interruption. Then, for every fault,
a fresh library (or a copy of the reference) is hit while a child process
(``bench/fault_child.py``) works on it, and afterwards:

1. the library must open (as the application opens it: finishing what was cut short);
2. ``check`` must find it healthy, or repair it;
3. every statement the catalogue had committed at the fault must still be there;
4. the interrupted work is resumed (the import run again, the action repeated);
5. the result must equal the reference: same ids, same file hashes, one index
   document per statement, same facet counts (workbench ones included).

The full-disk faults mount a small ``tmpfs`` (root only; otherwise "No space
left on device" is injected at a write instead) and free space before resuming.

It prints one row per fault and exits non-zero if any row failed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

from fault_checks import (  # noqa: E402
    Inspection,
    State,
    committed_ids,
    differences,
    folder_bytes,
    inspect,
    opens_read_only,
    run_child,
)

CORPUS = REPO.parent / "shared" / "corpus"
WORK = REPO / "build" / "fault-injection"

# Moments an import is killed at on purpose (see fault_child.MOMENTS), with which occurrence.
IMPORT_MOMENTS = [("read", 40), ("read", -1), ("segments", 1), ("catalogue", 120), ("between", 1),
                  ("toc", 1), ("indexed", 1), ("final", 1)]


@dataclass
class Row:
    """One fault and what came of it."""

    operation: str
    fault: str
    committed: int = 0
    opened: str = ""
    check: str = ""
    lost: int = 0
    resumed: str = ""
    workers_left: int = 0
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return (self.opened in ("yes", "read-only") and not self.check.startswith("NOT") and self.lost == 0
                and self.resumed == "equal" and self.workers_left == 0)


def sources(sessions: int) -> list[Path]:
    """The folders imported: the White House releases and the first ``sessions`` UN sessions."""
    releases = CORPUS / "wh-diplomatic" / "statements-releases"
    debate = sorted((CORPUS / "ungdc" / "TXT").glob("Session *"))[:sessions]
    return [releases, *debate]


def _fresh(name: str) -> Path:
    folder = WORK / name
    if folder.exists():
        shutil.rmtree(folder)
    return folder


def _copy(reference: Path, name: str) -> Path:
    folder = _fresh(name)
    shutil.copytree(reference, folder)
    return folder


def _after(row: Row, library: Path, before: set[str], resume, expected: State, started: float) -> Row:
    """Opens, checks and resumes after a fault; fills in the row."""
    seen: Inspection = inspect(library)
    row.committed = len(before)
    row.opened = "yes" if seen.opened else f"no: {seen.error[:80]}"
    row.check = seen.check
    if seen.state is not None:
        row.lost = len(before - seen.state.hashes.keys())
    if resume is not None:
        resume()
    final = inspect(library)
    if final.state is None:
        row.resumed = f"does not open: {final.error[:60]}"
    else:
        diff = differences(expected, final.state)
        row.resumed = "equal" if not diff else "; ".join(diff)[:90]
    row.seconds = time.monotonic() - started
    return row


def import_faults(src: list[Path], reference: State, duration: float, randoms: list[float]) -> list[Row]:
    """kill -9 of an import at each chosen moment and at random times, and of one worker process."""
    rows = []
    faults = [(f"kill at {m} #{n}", {"fault": f"kill:{m}:{n}"}) for m, n in IMPORT_MOMENTS]
    faults += [(f"kill at {t:.1f} s", {"kill_after": t}) for t in randoms]
    faults += [(f"kill a worker at {t:.1f} s", {"kill_worker_after": t}) for t in (duration * 0.3, duration * 0.7)]
    for label, how in faults:
        started = time.monotonic()
        library = _fresh("import")
        run = run_child("import", library, src, **how)
        before = committed_ids(library)
        row = Row("import", label + ("" if run.returncode < 0 or "worker" in label else " (ran to the end)"))
        row.workers_left = run.workers_left
        rows.append(_after(row, library, before, lambda lib=library: run_child("import", lib, src), reference,
                           started))
        _print(rows[-1])
    return rows


def action_faults(base: Path, operation: str, expected: State, moments: list[tuple[str, int]],
                  randoms: list[float]) -> list[Row]:
    """kill -9 of a rebuild or a workbench action on a copy of the reference library."""
    rows = []
    faults = [(f"kill at {m} #{n}", {"fault": f"kill:{m}:{n}"}) for m, n in moments]
    faults += [(f"kill at {t:.1f} s", {"kill_after": t}) for t in randoms]
    for label, how in faults:
        started = time.monotonic()
        library = _copy(base, operation)
        run = run_child(operation, library, **how)
        row = Row(operation, label + ("" if run.returncode < 0 else " (ran to the end)"))
        row.workers_left = run.workers_left
        # a rebuild resumes by itself on open; an action is repeated as the archivist would
        resume = None if operation == "rebuild" else (lambda lib=library: run_child(operation, lib))
        rows.append(_after(row, library, committed_ids(library), resume, expected, started))
        _print(rows[-1])
    return rows


def disk_faults(src: list[Path], base: Path, reference: State) -> list[Row]:
    """A full disk under an import and under a rebuild (a small tmpfs, or an injected ENOSPC)."""
    mount = WORK / "small-disk"
    size = folder_bytes(base)
    rows = []
    for operation in ("import", "rebuild"):
        started = time.monotonic()
        real = _mount(mount, size // 2 if operation == "import" else int(size * 1.3))
        library = mount / "library" if real else _fresh(f"{operation}-enospc")
        filler = mount / "filler"
        if operation == "rebuild":
            shutil.copytree(base, library)
            if real:
                _fill(filler, leave=size // 10)
        fault = None if real else ("enospc:index-add:1500" if operation == "import" else "enospc:index-add:2")
        run = run_child(operation, library, src if operation == "import" else [], fault=fault)
        how = "tmpfs" if real else "injected ENOSPC"
        message = run.output.get("message", "")
        said = "says the disk is full" if run.output.get("error") == "DiskFull" and "full" in message else \
            f"exit {run.returncode}, {run.output}"
        row = Row(operation, f"full disk ({how}): {said}")

        def free(lib=library, op=operation, grown=real, filler=filler) -> None:
            if grown:
                filler.unlink(missing_ok=True)
                subprocess.run(["mount", "-o", f"remount,size={size * 3}", str(mount)], check=True)
            if op == "import":
                run_child("import", lib, src)

        before = committed_ids(library)
        if operation == "rebuild":
            # the statements are all committed; the question is whether the library opens while the disk is full
            seen = inspect(library)
            while_full = "yes" if seen.opened else "read-only" if opens_read_only(library) else \
                f"no ({seen.error.split(':')[0]})"
            free()
            final = inspect(library)
            row.committed, row.check = len(before), final.check
            row.lost = len(before - (final.state.hashes.keys() if final.state else set()))
            row.resumed = "equal" if final.state and not differences(reference, final.state) else \
                f"{final.error or differences(reference, final.state)}"[:90]
            row.opened = while_full if final.opened else "no"
            row.seconds = time.monotonic() - started
            rows.append(row)
        else:
            rows.append(_after(row, library, before, free, reference, started))
        if real:
            subprocess.run(["umount", str(mount)], check=False)
        _print(rows[-1])
    return rows


def _mount(folder: Path, size: int) -> bool:
    """Mounts a tmpfs of ``size`` bytes at ``folder``; False when this user cannot."""
    subprocess.run(["umount", str(folder)], check=False, capture_output=True)
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, check=False)
    return done.returncode == 0


def _fill(filler: Path, leave: int) -> None:
    """Fills the disk holding ``filler`` up to ``leave`` free bytes."""
    free = shutil.disk_usage(filler.parent).free - leave
    with open(filler, "wb") as handle:
        while free > 0:
            chunk = min(free, 1 << 24)
            handle.write(b"\0" * chunk)
            free -= chunk


PARTS = ("import", "rebuild", "tag", "correct", "disk")
COLUMNS = ("operation", "fault", "committed", "opened", "check", "lost", "resumed", "workers_left", "seconds")


def _print(row: Row) -> None:
    print(f"{row.operation:<8} {row.fault:<46} {row.committed:>9} {row.opened:<9} {row.check[:26]:<26} "
          f"{row.lost:>4} {row.resumed[:40]:<40} {row.workers_left:>5} {row.seconds:>6.1f}"
          f"{'' if row.passed else '  FAILED'}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=12, help="random kill times for the import")
    parser.add_argument("--sessions", type=int, default=1, help="UN General Debate sessions to import")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=PARTS, help="run only these parts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="a small import and few faults (a smoke run)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}: nothing to measure")
        return 0
    if args.quick:
        args.sessions, args.random = 0, 2
    src = sources(args.sessions)
    WORK.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)

    base = _fresh("reference")
    run = run_child("import", base, src)
    reference = inspect(base).state
    duration = run.seconds
    IMPORT_MOMENTS[1] = ("read", int(run.output.get("files", 1000) * 0.9))  # late in the import
    print(f"reference: {len(reference.hashes)} statements from {run.output.get('files')} files "
          f"imported in {duration:.1f} s; library {folder_bytes(base) / 1e6:.0f} MB")
    tagged, corrected = _copy(base, "tagged"), _copy(base, "corrected")
    tag_time = run_child("tag", tagged).seconds
    after_tag = inspect(tagged).state
    fixed = run_child("correct", corrected)
    after_correct = inspect(corrected).state
    rebuild_time = run_child("rebuild", _copy(base, "timing")).seconds
    print(f"tag every statement: {tag_time:.1f} s; never extract USA: {fixed.seconds:.1f} s, "
          f"{fixed.output.get('reindexed')} statements indexed again; rebuild: {rebuild_time:.1f} s")
    print()
    print(f"{'op':<8} {'fault':<46} {'committed':>9} {'opens':<9} {'check':<26} {'lost':>4} "
          f"{'resumed, compared with the reference':<40} {'procs':>5} {'s':>6}")

    def late(seconds: float, count: int) -> list[float]:
        # the first second or so is the interpreter starting and the library opening
        return sorted(rng.uniform(min(1.0, seconds * 0.5), seconds * 0.95) for _ in range(count))

    rows = []
    if "import" in args.only:
        rows += import_faults(src, reference, duration, late(duration, args.random))
    if "rebuild" in args.only:
        rows += action_faults(base, "rebuild", reference, [("segments", 1), ("between", 1), ("toc", 1)],
                              late(rebuild_time, 2))
    if "tag" in args.only:
        rows += action_faults(base, "tag", after_tag, [("workbench", 2)], late(tag_time, 2))
    if "correct" in args.only:
        rows += action_faults(base, "correct", after_correct, [("index-add", 600), ("merge", 1)],
                              late(fixed.seconds, 1))
    if "disk" in args.only:
        rows += disk_faults(src, base, reference)

    failed = [r for r in rows if not r.passed]
    print()
    print(f"{len(rows)} faults, {len(rows) - len(failed)} passed, {len(failed)} failed; "
          f"{sum(r.operation == 'import' and r.fault.startswith('kill') for r in rows)} kills of an import")
    if args.json:
        args.json.write_text(json.dumps([{c: getattr(r, c) for c in COLUMNS} | {"passed": r.passed} for r in rows],
                                        indent=2), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
