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
    UnknownFacetValue,
    WorkbenchError,
)
from index.export.dossier_content import DossierOptions
from index.export.formats import FORMATS as EXPORT_FORMATS
from index.export.formats import ExportFormat
from index.export.output import ExportResult
from index.fields import FacetField, PanelOrder, facet_field, panel_fields
from index.ingest.importer import POOL_THRESHOLD as IMPORT_POOL_THRESHOLD
from index.ingest.report import ImportProblem, ImportProgress, ImportReport
from index.ingest.samples import samples_dir
from index.library import Library, default_library_dir
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
    "SORTS",
    "STATUSES",
    "Action",
    "AnnotationImport",
    "CatalogueDamaged",
    "Completion",
    "Correction",
    "CorrectionStatus",
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
    "PanelOrder",
    "Passage",
    "PastSearch",
    "SavedSearch",
    "SearchInterrupted",
    "SearchRequest",
    "SearchResult",
    "Snippet",
    "TrashItem",
    "UnknownFacetValue",
    "WorkbenchError",
    "default_library_dir",
    "facet_field",
    "panel_fields",
    "samples_dir",
]
