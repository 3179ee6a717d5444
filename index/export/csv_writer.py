"""CSV for a spreadsheet: one row per statement, written with the csv module as records arrive.

The file is UTF-8 with a byte order mark. Excel opens a BOM-less CSV in the
system's legacy code page, which turns "Türkiye", Arabic and Hebrew into
mojibake; with the BOM it reads UTF-8, and LibreOffice, Numbers, pandas
(``utf-8-sig``) and Python's csv module all skip it. Line ends are CRLF
(RFC 4180), and quoting is the csv module's, so newlines, tabs and quotes in
titles and notes stay inside their cell.

Cells a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) get a leading apostrophe, the
OWASP advice for CSV injection: titles come from imported files, and a
title such as ``=HYPERLINK(...)`` must stay text in a co-author's Excel.
:func:`unguard` removes it again when reading the file back.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from .output import Cancelled, ExportResult, Progress, Target, run_export
from .records import ExportRecord
from .values import STATUS_LABELS, entity_names, join_list, normalise_newlines

COLUMNS = ("id", "title", "date", "type", "language", "countries", "organisations", "topics", "tags",
           "collections", "status", "note", "path", "source_url")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_GUARD = "'"


def guard(cell: str) -> str:
    """Makes a cell that a spreadsheet would evaluate read as text."""
    return _GUARD + cell if cell.startswith(_FORMULA_STARTS) else cell


def unguard(cell: str) -> str:
    """Undoes :func:`guard` (for reading an export back)."""
    return cell[1:] if cell.startswith(_GUARD) and cell[1:].startswith(_FORMULA_STARTS) else cell


def csv_row(record: ExportRecord, *, guard_formulas: bool = True) -> list[str]:
    """The cells of one statement, in :data:`COLUMNS` order.

    Multi-valued cells (countries, organisations, topics, tags, collections)
    are joined with ``"; "``; countries, organisations and topics are their
    display names, type and status their labels.

    Args:
        record: The statement.
        guard_formulas: Prefix cells that look like formulas (see the module notes).

    Returns:
        One string per column.
    """
    cells = [
        record.id,
        normalise_newlines(record.title),
        record.date or "",
        record.doc_type_label,
        record.language,
        join_list(entity_names(record.countries)),
        join_list(entity_names(record.organisations)),
        join_list(entity_names(record.topics)),
        join_list(record.tags),
        join_list(record.collections),
        STATUS_LABELS.get(record.status, record.status),
        normalise_newlines(record.note),
        record.path,
        record.source_url or "",
    ]
    return [guard(cell) for cell in cells] if guard_formulas else cells


def write_csv(records: Iterable[ExportRecord], target: Target, *, progress: Progress | None = None,
              cancelled: Cancelled | None = None, bom: bool = True, guard_formulas: bool = True) -> ExportResult:
    """Writes statements as CSV, one row each after a header row.

    Args:
        records: The statements, read once, one at a time.
        target: A path, or a text stream opened with ``newline=""``.
        progress: Called with the number of rows written so far.
        cancelled: Asked between rows; True stops the export (a path target is then not written).
        bom: Start with a UTF-8 byte order mark (for Excel; see the module notes).
        guard_formulas: Keep formula-like cells text (see the module notes).

    Returns:
        The number of rows written and whether the export was cancelled.
    """
    writer: csv.Writer | None = None

    def begin(stream: TextIO) -> None:
        nonlocal writer
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(COLUMNS)

    def write(_stream: TextIO, record: ExportRecord, _index: int) -> None:
        assert writer is not None
        writer.writerow(csv_row(record, guard_formulas=guard_formulas))

    return run_export(records, target, write, begin=begin, progress=progress, cancelled=cancelled,
                      newline="", bom=bom)
