"""Hostile input, measured: thousands of broken, disguised and malicious files imported into a fresh library.

Usage::

    python bench/hostile_corpus.py [--quick] [--seed N] [--per-format N] [--out DIR] [--json FILE]

Writes at least ``--per-format`` hostile files of every supported format (200;
20 with ``--quick``, which also leaves out the 100 MB files) into ``--out`` (a
temporary folder by default), then imports the folder through ``Library`` in a
process of its own while a thread keeps changing some of the files, samples
the memory of the importing process and its workers, and afterwards reads
every file again alone, timed, in a process of its own (as a worker reads
it, without indexing). Each file is judged imported, imported in part,
skipped (with the report's reason) or crashed; a table per kind and format
follows, then the totals, the memory and time figures and a check of the
library. ``docs/hostile-input.md`` describes the kinds and the limits.

Exits 1 when a file crashed, the import's memory passed 1 GB, a file held
the import longer than 30 s, a canary leaked, the network was reached for,
or the library is not sound afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

MEMORY_LIMIT = 1024**3  # the whole import: importing process and workers together
FILE_SECONDS = 30.0  # no file may hold the import longer
WATCHDOG_SECONDS = 35.0  # a timing run still reading after this is stopped
IMPORT_TIMEOUT = (300, 1200)  # seconds before the import counts as hung: quick, full
MB = 1024 * 1024


# -- child processes -----------------------------------------------------------


def import_child(corpus: Path, library_dir: Path, result_path: Path) -> int:
    """Imports ``corpus`` into a fresh library and writes what happened, for the parent to judge."""
    from hostile.archive_kinds import CANARY_TOKEN

    from index import Library

    result: dict = {}
    walked = result_path.with_name("walked")

    def on_progress(progress) -> None:
        # The first report comes once the folder is walked: files deleted from then on were seen.
        if not walked.exists():
            walked.touch()

    try:
        started = time.monotonic()
        with Library.open(library_dir) as library:
            report = library.import_paths([corpus], remember=False, progress=on_progress)
            result["import_seconds"] = time.monotonic() - started
            result["summary"] = report.summary()
            result["problems"] = [[p.path, p.reason, p.skipped] for p in report.problems]
            result["documents"] = []
            for doc_id in library.ids():
                statement = library.document(doc_id)
                text = statement.text
                result["documents"].append({
                    "id": doc_id, "source_path": statement.source_path, "content_hash": statement.content_hash,
                    "paths": list(statement.provenance.paths),
                    "parent_id": statement.provenance.parent_id, "warnings": statement.provenance.warnings,
                    "chars": len(text), "canary": CANARY_TOKEN in text, "passwd": "root:x:0:0" in text,
                    "laughs": "lollollollollol" in text or "x" * 60_000 in text})
            check = library.check()
            result["check"] = {"healthy": check.healthy, "lines": check.lines()}
            searched = library.search("Kazakhstan trade")
            result["search"] = {"query": "Kazakhstan trade", "total": searched.total,
                                "elapsed_ms": round(searched.elapsed_ms, 1)}
            result["canary_hits"] = library.search(CANARY_TOKEN).total
            result["count"] = library.count()
    except BaseException:
        result["error"] = traceback.format_exc()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["main_peak"] = usage.ru_maxrss * 1024
    result["workers_peak"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    result_path.write_text(json.dumps(result), encoding="utf-8")
    return 0


def time_child(listing: Path) -> int:
    """Reads each listed file as an import worker does, printing ``S`` before and ``D`` with the time after."""
    from documents.build import BuildContext, file_sha256
    from documents.extract import default_extractor
    from index.ingest.workers import read_statements

    context = BuildContext(default_extractor())
    for key, path in json.loads(listing.read_text(encoding="utf-8")):
        print(f"S\t{key}", flush=True)
        started = time.monotonic()
        try:
            sha256 = file_sha256(Path(path))
            statements, reason = read_statements(Path(path), sha256, Path(path).parent, context)
            outcome = "read" if statements is not None else reason
        except OSError as exc:
            outcome = f"not read: {exc.strerror or exc}"
        outcome = " ".join(str(outcome).split()).encode("utf-8", "backslashreplace").decode("utf-8")
        print(f"D\t{key}\t{time.monotonic() - started:.3f}\t{outcome}", flush=True)
    return 0


# -- the benchmark -------------------------------------------------------------


def _disk_usage(folder: Path) -> tuple[int, int]:
    """Apparent and allocated bytes of the regular files below ``folder``."""
    apparent = allocated = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                stat = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            if stat.st_mode & 0o170000 == 0o100000:
                apparent += stat.st_size
                allocated += stat.st_blocks * 512
    return apparent, allocated


def _run_import(work: Path, corpus_dir: Path, env: dict, churn_paths: list[str], seed: int, timeout: float):
    from hostile.measure import Churner, MemorySampler

    result_path = work / "import-result.json"
    for stale in (result_path, work / "walked"):
        stale.unlink(missing_ok=True)
    log = (work / "import.log").open("wb")
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--import-child", str(corpus_dir),
                              str(work / "library"), str(result_path)], env=env, stdout=log, stderr=log)
    sampler = MemorySampler(child.pid)
    if MemorySampler.available():
        sampler.start()
    churner = Churner(churn_paths, seed, walked=(work / "walked").exists)
    churner.start()
    hung = False
    try:
        child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        hung = True
        child.kill()
        child.wait()
    seconds = time.monotonic() - started
    churner.stop()
    sampler.stop()
    log.close()
    result = None
    if not hung and result_path.exists():
        result = json.loads(result_path.read_text(encoding="utf-8"))
    return result, seconds, sampler, churner.changes, hung


def _print_totals(entries, outcomes, result, figures) -> None:
    counts = {status: sum(1 for o in outcomes if o.status == status)
              for status in ("imported", "in part", "skipped", "crashed")}
    limited = sum(1 for o in outcomes if o.limited)
    print(f"\nTotal: {len(entries):,} files: {counts['imported']:,} imported, {counts['in part']:,} in part, "
          f"{counts['skipped']:,} skipped, {counts['crashed']:,} crashed "
          f"({limited} of the skipped stopped by a worker's time or memory limit).")
    for label, value in figures:
        print(f"{label}: {value}")
    crashed = [(entry, outcome) for entry, outcome in zip(entries, outcomes, strict=True)
               if outcome.status == "crashed"]
    for entry, outcome in crashed[:30]:
        print(f"  CRASHED {entry.kind} {entry.fmt} {entry.label!r} {entry.path!r}: {outcome.reason[:300]}")
    if result and result.get("error"):
        print("The import failed:\n" + result["error"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 files per format, nothing large")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-format", type=int, default=None, help="hostile files per format (200; quick 20)")
    parser.add_argument("--out", type=Path, default=None, help="write the corpus and library here (kept)")
    parser.add_argument("--json", type=Path, default=None, help="write the table and figures as JSON")
    parser.add_argument("--import-child", nargs=3, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--time-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.import_child:
        return import_child(*args.import_child)
    if args.time_child:
        return time_child(args.time_child)

    from hostile import network_guard, outcomes, plan
    from hostile.corpus import FORMATS, NOT_COVERED, Corpus
    from hostile.measure import time_files

    started = time.monotonic()
    per_format = args.per_format or (20 if args.quick else 200)
    work = args.out.resolve() if args.out else Path(tempfile.mkdtemp(prefix="chancery-hostile-"))
    for stale in ("corpus", "library"):
        shutil.rmtree(work / stale, ignore_errors=True)
    corpus_dir = work / "corpus"
    corpus = Corpus(corpus_dir, random.Random(args.seed), args.quick)
    plan.build(corpus, per_format)
    entries = corpus.entries
    generated = time.monotonic() - started
    apparent, allocated = _disk_usage(corpus_dir)
    per_suffix = ", ".join(f"{sum(e.fmt == f for e in entries)} {f}" for f in FORMATS)
    print(f"Generated {len(entries):,} hostile files ({per_suffix})"
          f" in {generated:.0f} s: {apparent / MB:,.0f} MB ({allocated / MB:,.0f} MB on disk) in {corpus_dir}")
    if NOT_COVERED:
        print(f"Not covered: {' '.join(NOT_COVERED)} (images: each valid one would be read by Tesseract)")

    canary = work / "canary.txt"
    env = network_guard.install(work / "hook", work / "audit.log", canary)
    env["HOSTILE_WORK"] = str(work)
    churn = [e.path for e in entries if e.special == "churn"]
    timeout = IMPORT_TIMEOUT[0 if args.quick else 1]
    result, import_wall, sampler, changes, hung = _run_import(work, corpus_dir, env, churn, args.seed, timeout)
    if result is not None and result.get("error"):
        failed, result = result, None
    else:
        failed = None

    timing_started = time.monotonic()
    items = [(i, e.path) for i, e in enumerate(entries) if e.special not in ("fifo", "device", "folder-loop")]
    timings = time_files(Path(__file__).resolve(), items, env, WATCHDOG_SECONDS)
    timing_seconds = time.monotonic() - timing_started

    judged = outcomes.classify(entries, result, timings)
    table = outcomes.rows(entries, judged)
    print()
    print(outcomes.format_table(table, WATCHDOG_SECONDS))

    worker_peaks = sampler.worker_peaks()
    main_peak = sampler.peaks.get(sampler.pid, 0) or (result or {}).get("main_peak", 0)
    held = [(e, o) for e, o in zip(entries, judged, strict=True)
            if (o.timing_stopped or (o.seconds or 0) > FILE_SECONDS) and not o.limited]
    network = [line for line in network_guard.events(work / "audit.log")]
    documents = (result or {}).get("documents", [])
    leaks = [d for d in documents if d["canary"] or d["passwd"] or d["laughs"]]
    check = (result or {}).get("check", {"healthy": False, "lines": ["(no library to check)"]})
    slowest = sorted(((WATCHDOG_SECONDS if o.timing_stopped else o.seconds, e)
                      for e, o in zip(entries, judged, strict=True)
                      if o.seconds is not None or o.timing_stopped), key=lambda pair: -pair[0])[:5]
    figures = [
        ("Import", f"{(result or {}).get('summary', 'did not finish')}; {import_wall:.1f} s wall"
                   + (" (HUNG: stopped after the timeout)" if hung else "")),
        ("Peak memory", (f"{sampler.peak_total / MB:,.0f} MB importing process and workers together; "
                         f"importing process {main_peak / MB:,.0f} MB; largest worker "
                         f"{max(worker_peaks, default=0) / MB:,.0f} MB ({len(worker_peaks)} child processes seen)")
         if sampler.peaks else "not measured (no /proc)"),
        ("Per-file time", f"each file read alone as a worker reads it (read + metadata + extraction, no indexing), "
                          f"{len(timings):,} files in {timing_seconds:.0f} s; slowest: "
                          + ", ".join(f"{s:.1f} s {e.kind}/{e.fmt} {e.label!r}" for s, e in slowest)),
        ("Files that held the import > 30 s", str(len(held)) + "".join(
            f"\n  {e.kind} {e.fmt} {e.label!r}: {o.status}, {o.reason[:120]}" for e, o in held)),
        ("Files changed during the import", f"{len(churn)} files, {changes:,} changes"),
        ("Permissions", "running as root: a file without read permission is read all the same"
                        if os.geteuid() == 0 else "files without read permission are refused"),
        ("Network and canary", f"{len(network)} refused network accesses or canary reads; {len(leaks)} documents "
                               f"holding canary, /etc/passwd or expanded entity text; "
                               f"search for the canary: {(result or {}).get('canary_hits', '-')} hits"
         + "".join(f"\n  {line}" for line in network[:10])),
        ("Library check", " ".join(check["lines"]) + (" HEALTHY" if check["healthy"] else " NOT HEALTHY")),
        ("Search", json.dumps((result or {}).get("search"))),
        ("Corpus", f"{apparent / MB:,.0f} MB apparent, {allocated / MB:,.0f} MB on disk; "
                   f"library {_disk_usage(work / 'library')[1] / MB:,.0f} MB"),
        ("Total time", f"{time.monotonic() - started:.0f} s (generate {generated:.0f} s, import {import_wall:.0f} s, "
                       f"timing {timing_seconds:.0f} s)"),
    ]
    _print_totals(entries, judged, failed, figures)

    crashed = sum(1 for o in judged if o.status == "crashed")
    failures = [reason for reason, bad in (
        (f"{crashed} files crashed", crashed),
        (f"peak memory {sampler.peak_total / MB:,.0f} MB is over {MEMORY_LIMIT // MB} MB",
         sampler.peak_total > MEMORY_LIMIT),
        (f"{len(held)} files held the import longer than {FILE_SECONDS:.0f} s", held),
        (f"{len(network)} network accesses or canary reads", network),
        (f"{len(leaks)} documents hold canary or expanded text", leaks or (result or {}).get("canary_hits")),
        ("the library is not sound", not check["healthy"]),
    ) if bad]
    print("\nRESULT: " + ("PASS" if not failures else "FAIL: " + "; ".join(failures)))
    if args.json:
        args.json.write_text(json.dumps({
            "rows": [row.as_dict() for row in table], "figures": dict(figures), "failures": failures,
            "peak_total_bytes": sampler.peak_total, "peak_main_bytes": main_peak,
            "peak_worker_bytes": max(worker_peaks, default=0), "import_seconds": import_wall,
            "files": len(entries)}, indent=2, ensure_ascii=False), encoding="utf-8")
    for entry in entries:
        if entry.special == "unreadable":
            Path(entry.path).chmod(0o644)  # so the folder can be removed by anyone
    if not args.out:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
