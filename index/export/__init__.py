"""Exports: CSV, JSON, RIS, CSL-JSON, dossiers, citations and shareable annotations, from plain records."""

from .annotations import write_annotations
from .annotations_reader import read_annotations
from .csl_json import csl_item, write_csl_json
from .csv_writer import write_csv
from .dossier_content import DossierOptions
from .dossier_html import write_html_dossier
from .dossier_markdown import write_markdown_dossier
from .formats import FORMATS, ExportFormat, export_format, write_export
from .json_writer import record_from_dict, record_to_dict, write_json
from .output import PROGRESS_EVERY, ExportResult
from .records import AnnotatedStatement, AnnotationsFile, CorrectionRecord, EntityRef, ExportRecord, PassageRecord
from .ris_writer import write_ris

# Citations load citeproc and its style files; import them from ``index.export.citations`` when needed.

__all__ = [
    "FORMATS",
    "PROGRESS_EVERY",
    "AnnotatedStatement",
    "AnnotationsFile",
    "CorrectionRecord",
    "DossierOptions",
    "EntityRef",
    "ExportFormat",
    "ExportRecord",
    "ExportResult",
    "PassageRecord",
    "csl_item",
    "export_format",
    "read_annotations",
    "record_from_dict",
    "record_to_dict",
    "write_annotations",
    "write_csl_json",
    "write_csv",
    "write_export",
    "write_html_dossier",
    "write_json",
    "write_markdown_dossier",
    "write_ris",
]
