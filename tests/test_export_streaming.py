"""Exports stream: the memory a writer holds does not grow with the number of statements.

Each format writes 2,000 and then 20,000 generated records into a sink that
keeps nothing, under tracemalloc: a writer that kept its records would need
ten times the memory for the second run, a streaming one about the same
(dossiers keep eight bytes of file offset per statement and group).
``bench/export_bench.py`` runs the same at 100,000 and prints the figures.
"""

from __future__ import annotations

import tracemalloc

import pytest

from index.export import DossierOptions, write_export
from tests.fixtures_export import many_records

SMALL, LARGE = 2_000, 20_000
LIMIT_MIB = 4  # generous: the second run writes 20,000 records of ~250 bytes (5 MiB) and may keep none of them


class CountingSink:
    """A text stream that keeps nothing but the number of characters written."""

    def __init__(self):
        self.characters = 0

    def write(self, text):
        self.characters += len(text)
        return len(text)


def _peak(name, count):
    sink, seen = CountingSink(), []
    tracemalloc.start()
    try:
        result = write_export(name, many_records(count), sink, progress=seen.append,
                              dossier=DossierOptions(style=""))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.written == count and seen[-1] == count and sink.characters > count * 50
    return peak / 2**20


@pytest.mark.slow
@pytest.mark.parametrize("name", ["csv", "json", "ris", "csljson", "md", "html"])
def test_memory_does_not_grow_with_the_number_of_records(name):
    small, large = _peak(name, SMALL), _peak(name, LARGE)
    assert large < LIMIT_MIB, f"{name}: {large:.2f} MiB for {LARGE:,} records"
    assert large < small * 1.5 + 0.5, f"{name}: {small:.2f} MiB for {SMALL:,}, {large:.2f} MiB for {LARGE:,}"
