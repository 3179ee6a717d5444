"""Import speed: Chancery's importer against a naive Whoosh baseline, on the shared corpus.

Usage:
    python bench/import_bench.py [--corpus ungdc wh-diplomatic] [--limit N]

Each measurement runs in a fresh child process so its peak RSS is its own.
Prints docs/s, MB/s, peak RSS and CPU seconds (main process and import workers) and the time
of a re-import of the unchanged folder.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO))


def _files(folder: Path, limit: int | None) -> list[Path]:
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md") and p.name not in
                   ("SOURCE.md", "UNGDC_README.txt", "WH_BRIEFINGS_README.md"))
    return files[:limit] if limit else files


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def run_chancery(folder: Path, limit: int | None) -> dict:
    """Imports with Chancery (extraction, catalogue, index), then re-imports."""
    from index import Library

    files = _files(folder, limit)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        if limit:
            # A subset: link the chosen files (and sidecars) into a private tree.
            for path in files:
                target = source / path.relative_to(folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(path, target)
                sidecar = path.with_name(path.stem + ".meta.json")
                if sidecar.exists():
                    os.symlink(sidecar, target.with_name(sidecar.name))
        else:
            source = folder
        with Library.open(Path(tmp) / "library") as library:
            started = time.perf_counter()
            cpu_before = _cpu_seconds()
            report = library.import_paths([source], remember=False)
            first = time.perf_counter() - started
            cpu_main, cpu_workers = (after - before for after, before in zip(_cpu_seconds(), cpu_before, strict=True))
            started = time.perf_counter()
            again = library.import_paths([source], remember=False)
            second = time.perf_counter() - started
            count = library.count()
    size = sum(p.stat().st_size for p in files)
    own, children = _rss_mb()
    return {"kind": "chancery", "docs": count, "files": len(files), "mb": size / 1e6, "seconds": first,
            "reimport_seconds": second, "reimport_unchanged": again.unchanged, "problems": len(report.problems),
            "rss_main_mb": own, "rss_workers_mb": children, "cpu_main_s": cpu_main, "cpu_workers_s": cpu_workers}


def run_baseline(folder: Path, limit: int | None) -> dict:
    """Plain Whoosh: one process, one writer, no extraction, one commit."""
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    files = _files(folder, limit)
    schema = Schema(path=ID(stored=True, unique=True), body=TEXT(analyzer=StemmingAnalyzer()))
    with tempfile.TemporaryDirectory() as tmp:
        ix = index.create_in(tmp, schema)
        started = time.perf_counter()
        cpu_before = _cpu_seconds()[0]
        writer = ix.writer()
        size = 0
        for path in files:
            data = path.read_bytes()
            size += len(data)
            writer.add_document(path=str(path), body=data.decode("utf-8", errors="replace"))
        writer.commit()
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds()[0] - cpu_before
    own, _children = _rss_mb()
    return {"kind": "naive whoosh", "docs": len(files), "files": len(files), "mb": size / 1e6, "seconds": seconds,
            "rss_main_mb": own, "rss_workers_mb": 0.0, "cpu_main_s": cpu, "cpu_workers_s": 0.0}


def _child(kind: str, corpus: str, limit: int | None) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--corpus", corpus]
    if limit:
        cmd += ["--limit", str(limit)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", nargs="+", default=["ungdc", "wh-diplomatic"])
    parser.add_argument("--limit", type=int, default=None, help="only the first N files of each corpus")
    parser.add_argument("--child", choices=("chancery", "baseline"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder = CORPUS / args.corpus[0]
        result = run_chancery(folder, args.limit) if args.child == "chancery" else run_baseline(folder, args.limit)
        print(json.dumps(result))
        return 0
    print(f"{'corpus':14} {'kind':13} {'docs':>6} {'MB':>6} {'s':>7} {'docs/s':>8} {'MB/s':>6} "
          f"{'RSS main':>9} {'RSS workers':>12} {'CPU main s':>11} {'CPU workers s':>14} {'re-import s':>12}")
    for corpus in args.corpus:
        if not (CORPUS / corpus).is_dir():
            print(f"{corpus}: not present at {CORPUS / corpus}, skipped")
            continue
        for kind in ("baseline", "chancery"):
            r = _child(kind, corpus, args.limit)
            again = f"{r['reimport_seconds']:.2f}" if "reimport_seconds" in r else "-"
            print(f"{corpus:14} {r['kind']:13} {r['docs']:>6} {r['mb']:>6.1f} {r['seconds']:>7.1f} "
                  f"{r['docs'] / r['seconds']:>8.1f} {r['mb'] / r['seconds']:>6.2f} {r['rss_main_mb']:>8.0f}M "
                  f"{r['rss_workers_mb']:>11.0f}M {r['cpu_main_s']:>11.1f} {r['cpu_workers_s']:>14.1f} {again:>12}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
