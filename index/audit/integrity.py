"""``chancery check``: is the library sound, and can what is not be repaired safely?

Three checks: SQLite's own ``integrity_check`` of the catalogue, and every
statement's compressed text and metadata read back; the index
against the catalogue (the same statement ids, the same facet values for a
sample of statements); and the index folder (no segment files the index does
not use, no segments an interrupted import left staged). What can be repaired
without losing anything is: the index is rebuilt from the catalogue, and
stray files are removed. A damaged catalogue cannot be repaired here; the
report says to restore it from a backup.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from index.backend.store import fields_for
from index.catalogue import unpacked
from index.errors import CatalogueDamaged
from index.fields import index_fields

if TYPE_CHECKING:
    from index.library import Library

SAMPLE = 200  # statements whose facet values are compared with the catalogue


@dataclass
class CheckReport:
    """What ``check`` found and did.

    Attributes:
        catalogue_ok: SQLite's integrity check passed.
        catalogue_problems: What it reported otherwise (its first lines).
        index_problems: Differences between the index and the catalogue.
        stray_files: Files in the index folder the index does not use.
        repaired: What was repaired, one sentence each.
        notes: What could not be checked now, and why.
    """

    catalogue_ok: bool = True
    catalogue_problems: list[str] = field(default_factory=list)
    index_problems: list[str] = field(default_factory=list)
    stray_files: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        """True when nothing was wrong (or everything wrong was repaired)."""
        return self.catalogue_ok and ((not self.index_problems and not self.stray_files) or bool(self.repaired))

    def lines(self) -> list[str]:
        """The report in sentences."""
        out = ["Catalogue: " + ("intact (SQLite integrity check passed)." if self.catalogue_ok else
                                "DAMAGED. Restore it from a backup (chancery restore).")]
        out += [f"  {p}" for p in self.catalogue_problems]
        out.append("Index: " + ("consistent with the catalogue." if not self.index_problems else
                                f"{len(self.index_problems)} differences from the catalogue."))
        out += [f"  {p}" for p in self.index_problems[:20]]
        if self.stray_files:
            out.append(f"Index folder: {len(self.stray_files)} files the index does not use.")
        out += [f"Repaired: {r}" for r in self.repaired]
        out += self.notes
        return out


def damaged_rows(conn: sqlite3.Connection, batch: int = 500) -> Iterator[tuple[str, str]]:
    """``(id, what)`` of every statement whose packed text or metadata cannot be read back."""
    last = 0
    while True:
        rows = conn.execute("SELECT rowid, id, data, text FROM documents WHERE rowid > ? ORDER BY rowid LIMIT ?",
                            (last, batch)).fetchall()
        if not rows:
            return
        for rowid, doc_id, data, text in rows:
            last = rowid
            for what, value in (("metadata", data), ("text", text)):
                try:
                    unpacked(value)
                except CatalogueDamaged as exc:
                    yield doc_id, f"its stored {what} cannot be read ({exc.__cause__})"


def _catalogue(library: Library, report: CheckReport) -> None:
    try:
        rows = [r[0] for r in library.catalogue.transaction().execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    if rows != ["ok"]:
        report.catalogue_ok = False
        report.catalogue_problems = rows[:10]
        return
    # SQLite's check reads pages, not the compressed texts inside them: each is read back.
    damaged = [f"{doc_id}: {what}" for doc_id, what in damaged_rows(library.catalogue.transaction())]
    if damaged:
        report.catalogue_ok = False
        noun = "statement cannot" if len(damaged) == 1 else "statements cannot"
        report.catalogue_problems = [f"{len(damaged):,} {noun} be read back.", *damaged[:9]]


def _index(library: Library, report: CheckReport, sample: int) -> None:
    in_index = library.store.indexed_ids()
    in_catalogue = library.catalogue.ids()
    missing, extra = in_catalogue - in_index, in_index - in_catalogue
    if missing:
        report.index_problems.append(f"{len(missing):,} statements of the catalogue are not in the index "
                                     f"(such as {sorted(missing)[0]}).")
    if extra:
        report.index_problems.append(f"{len(extra):,} documents in the index are not in the catalogue "
                                     f"(such as {sorted(extra)[0]}).")
    searcher = library.store.searcher()
    cache = library.engine.facet_cache(searcher)
    from index.search.overlay import docnum_map

    numbers = docnum_map(searcher.reader())
    chosen = random.Random(len(in_catalogue)).sample(sorted(in_catalogue & in_index), min(sample, len(in_index)))
    for doc_id in chosen:
        statement = library.catalogue.get(doc_id)
        bit = 1 << numbers[doc_id]
        expected_fields = fields_for(statement)
        for facet in index_fields():
            if facet.name not in cache.values:
                continue
            expected = set(filter(None, expected_fields[facet.name].split(","))) if facet.multi else \
                ({expected_fields[facet.name]} - {""})
            found = {value for value, docs in cache.values[facet.name].items() if docs & bit}
            if found != expected:
                report.index_problems.append(f"{doc_id}: {facet.name} is {sorted(found)} in the index, "
                                             f"{sorted(expected)} in the catalogue.")


def _stray(library: Library, report: CheckReport) -> None:
    report.stray_files = [str(path) for path in library.store.stray_files()]


def check(library: Library, repair: bool = False, sample: int = SAMPLE) -> CheckReport:
    """Checks the library; with ``repair``, rebuilds a wrong index and removes stray files.

    Holds the import lock while it repairs, so no import runs meanwhile.
    """
    report = CheckReport()
    _catalogue(library, report)
    if report.catalogue_ok:
        try:
            _index(library, report, sample)
        except Exception as exc:  # a damaged index: rebuilding it from the catalogue is the way out
            report.index_problems.append(f"The index cannot be read ({type(exc).__name__}: {exc}).")
    if type(library).is_locked(library.folder):
        report.notes.append("An import is running: the index folder was not checked; check again after it.")
    else:
        _stray(library, report)
    if repair and report.catalogue_ok and not library.read_only and (report.index_problems or report.stray_files):
        with library.write_lock():
            if report.index_problems:
                count = library.rebuild_index()
                report.repaired.append(f"the index was rebuilt from the catalogue ({count:,} statements).")
            removed = library.store.remove_stray(Path(p) for p in report.stray_files)
            if removed:
                report.repaired.append(f"{removed} stray files were removed from the index folder.")
    return report
