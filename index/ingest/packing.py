"""Packing a catalogue an older release wrote: its texts and metadata compressed, the file shrunk.

Since catalogue version 6 every statement is stored compressed as it is
imported (:func:`index.catalogue.packed`). A library upgraded from an
older release keeps its plain rows, which read the same, until ``chancery
compact`` packs them here: a few hundred rows per transaction, so an
interruption loses nothing and the next run goes on where it stopped.
SQLite reuses the pages freed, but the file only shrinks when it is
rewritten (``VACUUM``), which needs about the catalogue's size free on
disk for the while and no other process reading it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

from index.catalogue import packed, unpacked
from index.errors import IndexLocked

BATCH = 200  # rows per transaction: about 4 MB of text, a fraction of a second


@dataclass
class PackReport:
    """What packing the catalogue did.

    Attributes:
        outcome: ``packed``; ``not needed`` (nothing plain, no vacuum asked);
            ``cancelled`` (the rows packed so far stay packed); ``busy`` (an
            import holds the library).
        packed: Rows compressed.
        bytes_before: The catalogue file's size before.
        bytes_after: Its size after.
        vacuumed: Whether the file was rewritten; False with ``vacuum_error``
            when another process held it.
        vacuum_error: Why it could not be rewritten ("" when it was, or was not asked).
        seconds: How long it took.
    """

    outcome: str
    packed: int = 0
    bytes_before: int = 0
    bytes_after: int = 0
    vacuumed: bool = False
    vacuum_error: str = ""
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for the command line."""
        if self.outcome == "busy":
            return "an import is running in this library: the catalogue was not packed"
        size = f"catalogue {self.bytes_before / 1e6:,.1f} MB before, {self.bytes_after / 1e6:,.1f} MB now"
        if self.outcome == "cancelled":
            return f"packing the catalogue was cancelled after {self.packed:,} statements ({size})"
        line = (f"packed {self.packed:,} statements stored uncompressed by an older release" if self.packed
                else "every statement in the catalogue is packed already")
        if self.vacuum_error:
            line += f"; the file was not rewritten ({self.vacuum_error}): close other windows and run it again"
        return f"{line} ({size})"


def plain_count(catalogue) -> int:
    """Statements whose text or metadata an older release stored uncompressed."""
    return catalogue.transaction().execute(
        "SELECT COUNT(*) FROM documents WHERE typeof(text) = 'text' OR typeof(data) = 'text'").fetchone()[0]


def pack_plain(catalogue, batch: int = BATCH) -> int:
    """Compresses up to ``batch`` plain rows in one transaction; returns how many (0: none left).

    Each row is rewritten whole or not at all, and both forms read the
    same, so an interruption between (or within) batches loses nothing.
    """
    with catalogue.transaction() as conn:
        rows = conn.execute("SELECT rowid, data, text FROM documents"
                            " WHERE typeof(text) = 'text' OR typeof(data) = 'text' LIMIT ?", (batch,)).fetchall()
        conn.executemany("UPDATE documents SET data = ?, text = ? WHERE rowid = ?",
                         [(packed(unpacked(data)), packed(unpacked(text)), rowid) for rowid, data, text in rows])
    return len(rows)


def pack_catalogue(library, vacuum: bool = True, progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> PackReport:
    """Compresses the plain rows of an upgraded catalogue, then rewrites the file to return the space.

    Args:
        library: An open, writable library.
        vacuum: Rewrite the file afterwards (only when something was packed).
        progress: ``progress(done, total)`` after each batch.
        cancelled: Asked between batches.
    """
    started = time.monotonic()
    catalogue = library.catalogue
    path = catalogue.path
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(library.write_lock(timeout=0))
        except IndexLocked:
            return PackReport("busy")
        report = PackReport("packed", bytes_before=path.stat().st_size)
        total = plain_count(catalogue)
        while report.packed < total:
            if cancelled and cancelled():
                report.outcome = "cancelled"
                break
            done = pack_plain(catalogue, BATCH)
            if not done:
                break
            report.packed += done
            if progress:
                progress(report.packed, total)
        if vacuum and report.packed and report.outcome == "packed":
            try:
                catalogue.vacuum()
                report.vacuumed = True
            except sqlite3.OperationalError as exc:  # another process reads it: the space stays reusable
                report.vacuum_error = str(exc)
        if not report.packed and report.outcome == "packed":
            report.outcome = "not needed"
    report.bytes_after = path.stat().st_size
    report.seconds = time.monotonic() - started
    return report
