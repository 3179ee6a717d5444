"""The export formats by name, so the command line and the Export dialog list and run them from one table."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .csl_json import write_csl_json
from .csv_writer import write_csv
from .dossier_content import DossierOptions
from .dossier_html import write_html_dossier
from .dossier_markdown import write_markdown_dossier
from .json_writer import write_json
from .output import Cancelled, ExportResult, Progress, Target
from .records import ExportRecord
from .ris_writer import write_ris


@dataclass(frozen=True)
class ExportFormat:
    """One way to write an export.

    Attributes:
        name: What the command line's ``--format`` takes (``csv``, ``ris``, ...).
        label: What the Export dialog shows.
        suffix: The file suffix, with its dot.
        media_type: The MIME type, for a file dialog's filter or a clipboard.
        description: One sentence on what it is for.
        write: ``write(records, target, progress=..., cancelled=..., **options)``.
        dossier: Takes :class:`DossierOptions` (grouping, title, citation style).
    """

    name: str
    label: str
    suffix: str
    media_type: str
    description: str
    write: Callable[..., ExportResult]
    dossier: bool = False


FORMATS: dict[str, ExportFormat] = {
    f.name: f for f in (
        ExportFormat("csv", "CSV spreadsheet", ".csv", "text/csv",
                     "One row per statement for Excel or LibreOffice: title, date, type, countries, tags, note, path.",
                     write_csv),
        ExportFormat("json", "JSON (full dump)", ".json", "application/json",
                     "Every field of every statement, for scripts and for archiving.", write_json),
        ExportFormat("ris", "RIS (Zotero, EndNote)", ".ris", "application/x-research-info-systems",
                     "References for Zotero, EndNote or Mendeley, with tags, notes and passages.", write_ris),
        ExportFormat("csljson", "CSL-JSON (Zotero, pandoc)", ".json", "application/vnd.citationstyles.csl+json",
                     "Citation data with exact CSL types and archive locations, for Zotero and pandoc.",
                     write_csl_json),
        ExportFormat("md", "Markdown dossier", ".md", "text/markdown",
                     "A readable dossier grouped by collection or tag: citations, notes and passages.",
                     write_markdown_dossier, dossier=True),
        ExportFormat("html", "HTML dossier", ".html", "text/html",
                     "The dossier as one self-contained web page, to print or send.", write_html_dossier,
                     dossier=True),
    )
}


def export_format(name: str) -> ExportFormat:
    """The format of that name.

    Raises:
        ValueError: No such format; the message lists the ones there are.
    """
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"Unknown export format {name!r}; choose one of {', '.join(FORMATS)}.") from None


def write_export(name: str, records: Iterable[ExportRecord], target: Target, *, progress: Progress | None = None,
                 cancelled: Cancelled | None = None, dossier: DossierOptions | None = None,
                 **options: Any) -> ExportResult:
    """Writes records in the named format.

    Args:
        name: A key of :data:`FORMATS`.
        records: The statements, read once, one at a time.
        target: A path (written atomically) or a text stream. CSV and RIS
            write their own CRLF line ends: open a stream for them with ``newline=""``.
        progress: Called with the number of records done.
        cancelled: Asked between records; True stops the export.
        dossier: Options of the dossier formats (ignored by the others).
        **options: Further options of the format's writer (``bom`` for CSV, ...).

    Returns:
        The number of records written and whether the export was cancelled.

    Raises:
        ValueError: Unknown format.
    """
    chosen = export_format(name)
    if chosen.dossier:
        options["options"] = dossier or DossierOptions()
    return chosen.write(records, target, progress=progress, cancelled=cancelled, **options)
