"""The library: catalogue, search index, import, query language, search and facets.

This is the package's front. Callers (the desktop application, the command
line, benchmarks) import from here and get plain dataclasses and domain
errors, never Whoosh objects; the subpackages behind it are

- ``index.backend``: Whoosh internals (schema and analysis, the store, the
  fast segment writer, ranking, the word list);
- ``index.query``: the query language (reading and repairing what people
  type, resolving names to codes, country aliases);
- ``index.search``: running searches (the engine, facets, snippets, spelling,
  completion, similar statements);
- ``index.ingest``: getting statements in (the importer and its worker
  processes, rebuilds, re-extraction, the samples, the import lock);

- ``index.workbench``: the archivist's work (tags, collections, marks, notes
  and passages, saved searches, corrections, undo and the trash), kept in the
  catalogue;
- ``index.export``: exports and citations from plain records;
- ``index.ocr``: the OCR cache, the library's OCR languages and OCR of
  statements imported without it;
- ``index.research``: the research views (relations between countries, the
  concordance, trends, near-identical statements and their comparison);

and at the top ``library`` (the :class:`Library` object), ``catalogue`` (the
SQLite source of truth), ``fields`` (facet fields, each declared once) and
``errors``. Modules inside the package import each other directly, never
through this front.
"""

from index.backend.ranking import Interrupted as SearchInterrupted
from index.catalogue import DocumentRow
from index.errors import (
    CatalogueDamaged,
    DiskFull,
    IndexDamaged,
    IndexLocked,
    LibraryError,
    LibraryOpenElsewhere,
    LibraryReadOnly,
    OcrUnavailable,
    UnknownFacetValue,
    WorkbenchError,
)
from index.export.dossier_content import DossierOptions
from index.export.formats import FORMATS as EXPORT_FORMATS
from index.export.formats import ExportFormat
from index.export.output import ExportResult
from index.fields import FacetField, PanelOrder, facet_field, pair_value, panel_fields
from index.ingest.compaction import MAX_SEGMENTS, MergeProgress, MergeReport
from index.ingest.importer import POOL_THRESHOLD as IMPORT_POOL_THRESHOLD
from index.ingest.packing import PackReport
from index.ingest.report import ImportProblem, ImportProgress, ImportReport
from index.ingest.samples import samples_dir
from index.library import Library, default_library_dir
from index.ocr.library_methods import OcrStatus
from index.research.results import (
    ComparedText,
    Comparison,
    ConcordanceLine,
    ConcordancePage,
    CountryPair,
    NearIdentical,
    NearIdenticalGroup,
    NearIdenticalStatus,
    Relations,
    Trend,
    TrendPoint,
    Trends,
)
from index.search.completion import Completion
from index.search.facets import FacetCount, FacetFilter, FilterState
from index.search.results import SORTS, Hit, SearchRequest, SearchResult
from index.search.snippets import Snippet
from index.workbench.corrections import Correction
from index.workbench.journal import Action, TrashItem
from index.workbench.labels import LabelInfo
from index.workbench.marks import STATUSES
from index.workbench.notes import Passage
from index.workbench.reindexing import CorrectionStatus
from index.workbench.saved import PastSearch, SavedSearch
from index.workbench.sharing import AnnotationImport

__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_POOL_THRESHOLD",
    "MAX_SEGMENTS",
    "SORTS",
    "STATUSES",
    "Action",
    "AnnotationImport",
    "CatalogueDamaged",
    "ComparedText",
    "Comparison",
    "Completion",
    "ConcordanceLine",
    "ConcordancePage",
    "Correction",
    "CorrectionStatus",
    "CountryPair",
    "DiskFull",
    "DocumentRow",
    "DossierOptions",
    "ExportFormat",
    "ExportResult",
    "FacetCount",
    "FacetField",
    "FacetFilter",
    "FilterState",
    "Hit",
    "ImportProblem",
    "ImportProgress",
    "ImportReport",
    "IndexDamaged",
    "IndexLocked",
    "LabelInfo",
    "Library",
    "LibraryError",
    "LibraryOpenElsewhere",
    "LibraryReadOnly",
    "MergeProgress",
    "MergeReport",
    "NearIdentical",
    "NearIdenticalGroup",
    "NearIdenticalStatus",
    "OcrStatus",
    "OcrUnavailable",
    "PackReport",
    "PanelOrder",
    "Passage",
    "PastSearch",
    "Relations",
    "SavedSearch",
    "SearchInterrupted",
    "SearchRequest",
    "SearchResult",
    "Snippet",
    "TrashItem",
    "Trend",
    "TrendPoint",
    "Trends",
    "UnknownFacetValue",
    "WorkbenchError",
    "default_library_dir",
    "facet_field",
    "pair_value",
    "panel_fields",
    "samples_dir",
]
