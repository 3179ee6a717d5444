"""Measures extraction throughput on one core over the shared corpus (../shared/corpus).

Texts are read into memory first, so only extraction is timed. Both the CPU time of
this process (what one core delivers, unaffected by other load on the machine) and
the wall-clock time are reported, with the load time of the extractor.

Usage::

    python bench/extraction_speed.py [--corpus PATH] [--limit N] [--repeat R]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def load_texts(corpus: Path, limit: int | None) -> list[tuple[str, str | None]]:
    from documents.readers import read_document

    texts: list[tuple[str, str | None]] = []
    for path in sorted((corpus / "ungdc" / "TXT").glob("*/*.txt")):
        texts.append((path.read_text(encoding="utf-8", errors="replace"), None))
    for path in sorted((corpus / "wh-diplomatic").glob("*/*/*.md")):
        raw = read_document(path)
        texts.append((raw.text, raw.title))
    return texts[:limit] if limit else texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="time only the first N documents")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the texts (the best is reported)")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 1

    started = time.perf_counter()
    from documents.extract import Extractor

    extractor = Extractor()
    load_seconds = time.perf_counter() - started
    texts = load_texts(args.corpus, args.limit)
    megabytes = sum(len(text.encode("utf-8")) + len((title or "").encode("utf-8")) for text, title in texts) / 1e6

    best_cpu = best_wall = float("inf")
    for _ in range(args.repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        for text, title in texts:
            extractor.extract(text, title=title)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)

    print(f"extractor load: {load_seconds:.2f} s")
    print(f"documents: {len(texts)}, text: {megabytes:.1f} MB")
    print(f"CPU time:  {best_cpu:.1f} s -> {megabytes / best_cpu:.2f} MB/s on one core")
    print(f"wall time: {best_wall:.1f} s -> {megabytes / best_wall:.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
