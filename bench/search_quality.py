"""Known-item search: does a phrase copied from a statement, its punctuation lost, find that statement first?

Usage:
    python bench/search_quality.py [--samples 200] [--library DIR] [--rebuild]

Samples statements of the shared corpus library (the one ``bench/search_bench.py``
builds and caches, or ``--library DIR``), takes an 8-word run from the middle of
each with its punctuation removed (as ``re.findall(r"\\w+")`` gives it, which is
what a text copied from a PDF or typed quickly looks like), and queries it as a
quoted phrase through ``chancery search --batch`` in a real process. An FTS5
table of the same statements (``unicode61`` tokenizer) answers the same phrases
in the same run. Prints, for both: the source at rank 1, the source in the top
5, and p50/p95 milliseconds; then the phrases Chancery missed.

This is a benchmark, not a test: nothing fails on a poor run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

WORDS = 8
_WORD = re.compile(r"\w+")


def sample_phrases(library, count: int, seed: int = 11) -> list[tuple[str, str]]:
    """``(statement id, phrase)`` pairs: 8 consecutive words from the middle of random statements."""
    rng = random.Random(seed)
    ids = sorted(library.ids())
    rng.shuffle(ids)
    chosen = []
    for doc_id in ids:
        words = _WORD.findall(library.catalogue.text(doc_id) or "")
        if len(words) < 3 * WORDS:
            continue
        middle = len(words) // 2 + rng.randrange(-len(words) // 4, len(words) // 4)
        start = max(0, min(middle, len(words) - WORDS))
        chosen.append((doc_id, " ".join(words[start:start + WORDS])))
        if len(chosen) >= count:
            break
    return chosen


def fts_table(library, path: Path) -> sqlite3.Connection:
    """An FTS5 table of every statement's title and text, with the unicode61 tokenizer."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='unicode61')")
    with conn:
        for statement in library.statements():
            conn.execute("INSERT INTO docs(id, title, body) VALUES (?, ?, ?)",
                         (statement.id, statement.title, statement.text))
    return conn


def run_chancery(folder: Path, phrases: list[tuple[str, str]]) -> list[tuple[list[str], float]]:
    """Each phrase through ``chancery search --batch`` (one process): the top 5 ids and the milliseconds."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        for _doc_id, phrase in phrases:
            handle.write(f'"{phrase}"\n')
        batch = handle.name
    out = subprocess.run([sys.executable, "-m", "desktop.cli", "search", "--batch", batch, "--library", str(folder),
                          "--limit", "5"], cwd=REPO, capture_output=True, text=True, check=True)
    answers = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    return [([h["id"] for h in a["hits"]], a["elapsed_ms"]) for a in answers]


def run_fts(conn: sqlite3.Connection, phrases: list[tuple[str, str]]) -> list[tuple[list[str], float]]:
    """Each phrase as an FTS5 phrase query ranked by bm25: the top 5 ids and the milliseconds."""
    answers = []
    for _doc_id, phrase in phrases:
        started = time.perf_counter()
        rows = conn.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 5",
                            (f'"{phrase}"',)).fetchall()
        answers.append(([r[0] for r in rows], (time.perf_counter() - started) * 1000))
    return answers


def _row(name: str, phrases, answers) -> str:
    first = sum(1 for (doc_id, _p), (ids, _ms) in zip(phrases, answers, strict=True) if ids[:1] == [doc_id])
    top5 = sum(1 for (doc_id, _p), (ids, _ms) in zip(phrases, answers, strict=True) if doc_id in ids[:5])
    times = sorted(ms for _ids, ms in answers)
    p95 = times[round(0.95 * (len(times) - 1))]
    n = len(phrases)
    return f"{name:12} {first / n:>9.3f} {top5 / n:>9.3f} {statistics.median(times):>9.1f} {p95:>9.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--library", type=Path, help="a library to sample (default: the search benchmark's)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the search benchmark's cached library")
    args = parser.parse_args()
    if args.library:
        from index import Library

        library = Library.open(args.library)
    else:
        import search_bench

        if any(not (search_bench.CORPUS / name).is_dir() for name in search_bench.CORPORA):
            print(f"skipped: the shared corpus is not present under {search_bench.CORPUS}")
            return 0
        library = search_bench.build_library(args.rebuild)
    folder = library.folder
    try:
        phrases = sample_phrases(library, args.samples)
        with tempfile.TemporaryDirectory() as tmp:
            print(f"{library.count():,} statements; {len(phrases)} phrases of {WORDS} words; building FTS5...",
                  flush=True)
            conn = fts_table(library, Path(tmp) / "fts.sqlite3")
            library.close()
            chancery = run_chancery(folder, phrases)
            fts = run_fts(conn, phrases)
            conn.close()
    finally:
        library.close()
    print()
    print(f"{'engine':12} {'rank 1':>9} {'top 5':>9} {'p50 ms':>9} {'p95 ms':>9}")
    print(_row("Chancery", phrases, chancery))
    print(_row("SQLite FTS5", phrases, fts))
    missed = [(doc_id, phrase, ids) for (doc_id, phrase), (ids, _ms) in zip(phrases, chancery, strict=True)
              if ids[:1] != [doc_id]]
    if missed:
        print(f"\nnot first in Chancery ({len(missed)}):")
        for doc_id, phrase, ids in missed[:30]:
            where = f"rank {ids.index(doc_id) + 1}" if doc_id in ids else "not in the top 5"
            print(f"  {where:16} \u201c{phrase}\u201d  ({doc_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
