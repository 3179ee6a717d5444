"""Export speed and memory: records per second and peak traced memory for each format.

Usage::

    .venv/bin/python bench/export_bench.py [--records 100000] [--formats csv,json,ris,csljson,md,html]

Records are generated one at a time (as the library hands them over) and
written to a sink that counts and drops what it gets, so the time is the
writer's and the peak of the traced memory is what the writer holds.
Speed is measured in one run without tracing and memory in a second run
with tracemalloc (which slows Python several times). Dossiers are written
without citations (citeproc-py renders about 50 Chicago entries a second).
This is a benchmark, not a test: nothing fails on a slow run.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.export import FORMATS, DossierOptions, write_export
from tests.fixtures_export import many_records


class CountingSink:
    """A text stream that keeps nothing but the number of characters written."""

    def __init__(self) -> None:
        self.characters = 0

    def write(self, text: str) -> int:
        self.characters += len(text)
        return len(text)


def measure(name: str, count: int) -> tuple[float, float, float]:
    """Returns (records per second, peak MiB traced, MiB written) for one format."""
    sink = CountingSink()
    started = time.perf_counter()
    write_export(name, many_records(count), sink, dossier=DossierOptions(style=""))  # type: ignore[arg-type]
    rate = count / (time.perf_counter() - started)
    tracemalloc.start()
    write_export(name, many_records(count), CountingSink(), dossier=DossierOptions(style=""))  # type: ignore[arg-type]
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rate, peak / 2**20, sink.characters / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--formats", default="csv,json,ris,csljson,md,html")
    args = parser.parse_args(argv)
    print(f"{args.records:,} records per format")
    print(f"{'format':<8} {'records/s':>10} {'peak MiB':>9} {'written MiB':>12}")
    for name in args.formats.split(","):
        if name not in FORMATS:
            parser.error(f"unknown format {name!r}")
        rate, peak, written = measure(name, args.records)
        print(f"{name:<8} {rate:>10,.0f} {peak:>9.1f} {written:>12.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
