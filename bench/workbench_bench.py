"""Workbench at scale: tag half a large library, then search by tag as by country.

Usage:
    python bench/workbench_bench.py [--count 100000] [--tagged 50000] [--queries 200] [--rebuild]

Builds (once, cached under ``build/workbench-bench/N``) a library of ``count``
short statements made from paragraphs of ``../shared/corpus`` (each statement
three paragraphs of one corpus, shuffled deterministically; without the corpus,
generated sentences), then prints:

- seconds to tag ``tagged`` statements in one action (SQL, undo images), and to undo it;
- the first search after the tagging (the tag facet sets are rebuilt), and then
  p50/p95 of one term with every facet count, a ``tag:`` filter, a ``country:``
  filter, and the tag facet as a filter, so they can be compared.

This is a benchmark, not a test: nothing fails on a slow run.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CACHE = REPO / "build" / "workbench-bench"
sys.path.insert(0, str(REPO))

WORDS = ("cooperation", "trade", "energy", "security", "partnership", "dialogue", "region", "development",
         "investment", "transport", "culture", "education", "climate", "sanctions", "agreement", "ministers",
         "summit", "corridor", "maritime", "health")
COUNTRIES = ("Kazakhstan", "Türkiye", "Japan", "Norway", "Chile", "Kenya", "India", "Brazil", "Canada", "Poland",
             "Ukraine", "Egypt", "Indonesia", "Mexico", "Germany", "France", "Azerbaijan", "Uzbekistan",
             "Kyrgyzstan")


def _paragraphs() -> list[str]:
    found = []
    for path in sorted(CORPUS.glob("*/**/*")) if CORPUS.is_dir() else []:
        if path.suffix in (".md", ".txt") and path.name not in ("SOURCE.md", "UNGDC_README.txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found.extend(p.strip() for p in text.split("\n\n") if 200 < len(p.strip()) < 1200)
        if len(found) > 200_000:
            break
    return found


def build(folder: Path, count: int, rebuild: bool):
    """The cached library of ``count`` statements (built on first use)."""
    from index import Library

    done = folder / "complete"
    if rebuild and folder.exists():
        shutil.rmtree(folder)
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        source = folder / "statements"
        source.mkdir(parents=True)
        rng = random.Random(7)
        paragraphs = _paragraphs()
        print(f"writing {count:,} statements ({'corpus paragraphs' if paragraphs else 'generated text'})...",
              flush=True)
        for number in range(count):
            if paragraphs:
                body = "\n\n".join(rng.sample(paragraphs, 3))
            else:
                body = " ".join(rng.choice(WORDS + COUNTRIES) for _ in range(180)) + "."
            year = 1990 + number % 35
            sub = source / f"{number // 1000:03d}"
            sub.mkdir(exist_ok=True)
            (sub / f"s{number:06d}.md").write_text(
                f"---\ntitle: Statement {number} on {rng.choice(WORDS)} with {rng.choice(COUNTRIES)}\n"
                f"date: {year}-{1 + number % 12:02d}-{1 + number % 28:02d}\n---\n{body}\n", encoding="utf-8")
        print("importing...", flush=True)
        started = time.perf_counter()
        with Library.open(folder / "library") as library:
            library.import_paths([source], remember=False)
        print(f"  imported in {time.perf_counter() - started:.0f} s", flush=True)
        done.touch()
    return Library.open(folder / "library")


def _p50_p95(times: list[float]) -> str:
    ordered = sorted(times)
    return f"{statistics.median(ordered):8.1f} {ordered[round(0.95 * (len(ordered) - 1))]:8.1f}"


def _timed(search, requests) -> list[float]:
    times = []
    for request in requests:
        started = time.perf_counter()
        search(request)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--tagged", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    from index import FacetFilter, SearchRequest

    library = build(CACHE / str(args.count), args.count, args.rebuild)
    try:
        ids = sorted(library.ids())
        rng = random.Random(3)
        chosen = rng.sample(ids, min(args.tagged, len(ids)))
        wb = library.workbench
        for tag in [t.path for t in wb.tags.all()]:
            wb.tags.delete(tag)
        wb.journal.empty_trash()

        started = time.perf_counter()
        changed = wb.tags.add(chosen, "bench/half")
        tag_seconds = time.perf_counter() - started
        started = time.perf_counter()
        first = library.search(SearchRequest("cooperation", snippet_count=0))
        first_ms = (time.perf_counter() - started) * 1000
        words = [rng.choice(WORDS) for _ in range(args.queries)]
        country = [FacetFilter("country", "KAZ")] * args.queries
        rows = {
            "one term + every facet count": _timed(lambda w: library.search(SearchRequest(w, snippet_count=0)),
                                                   words),
            "one term + tag: filter (query language)": _timed(
                lambda w: library.search(SearchRequest(f"{w} tag:bench/half", snippet_count=0)), words),
            "one term + country: filter (query language)": _timed(
                lambda w: library.search(SearchRequest(f"{w} country:KAZ", snippet_count=0)), words),
            "one term + tag facet filter": _timed(
                lambda w: library.search(SearchRequest(w, (FacetFilter("tag", "bench/half"),), snippet_count=0)),
                words),
            "one term + country facet filter": _timed(
                lambda pair: library.search(SearchRequest(pair[0], (pair[1],), snippet_count=0)),
                list(zip(words, country, strict=True))),
        }
        started = time.perf_counter()
        library.undo()
        undo_seconds = time.perf_counter() - started
        segments = len(library.store.searcher().reader().leaf_readers())
    finally:
        library.close()
    print()
    print(f"{len(ids):,} statements in {segments} segments; tagged {changed:,} in one action")
    print(f"tag {changed:,} statements: {tag_seconds:.2f} s; undo it: {undo_seconds:.2f} s; "
          f"first search after tagging (tag sets rebuilt): {first_ms:.0f} ms ({first.total:,} hits)")
    print(f"{'ms':45} {'p50':>8} {'p95':>8}")
    for name, times in rows.items():
        print(f"{name:45} {_p50_p95(times)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
