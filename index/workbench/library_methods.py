"""The library's workbench methods: corrections (which re-index), undo and redo, saved searches, exports.

:class:`WorkbenchMethods` is a part of :class:`~index.library.Library`, kept
apart so that each module stays readable; it uses the library's catalogue,
index store, workbench and engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from importlib import metadata
from pathlib import Path

from index.audit.events import record
from index.errors import WorkbenchError, domain_errors
from index.export.formats import write_export
from index.export.output import ExportResult
from index.export.records import ExportRecord
from index.fields import facet_field
from index.query.values import resolve_value
from index.search.facets import FacetFilter
from index.search.results import SearchRequest
from index.workbench.corrections import Correction
from index.workbench.export_records import export_records
from index.workbench.reindexing import CorrectionStatus, affected, reindex, status_of, undo_or_redo
from index.workbench.saved import SavedSearch
from index.workbench.sharing import AnnotationImport, export_annotations, import_annotations

Progress = Callable[[int, int], None]


def _producer() -> str:
    """"Chancery 0.1.0", for the files it writes."""
    try:
        return f"Chancery {metadata.version('chancery')}"
    except metadata.PackageNotFoundError:  # a bundle without package metadata
        return "Chancery"


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "\u2026"


class WorkbenchMethods:
    """Corrections, undo, saved searches and exports of a library (mixed into :class:`Library`)."""


    @domain_errors
    def correct(self, doc_id: str, action: str, field: str, code: str, target: str | None = None) -> Correction:
        """Corrects one statement's entities (``remove``, ``add``, ``central``, ``mentioned``) and re-indexes it.

        Raises:
            WorkbenchError: No such statement, or the correction makes no sense.
        """
        raw = self.catalogue.get(doc_id, corrected=False)
        if raw is None:
            raise WorkbenchError(f"There is no statement {doc_id} in this library.")
        target = target if action != "add" or target else self.label(field, code)
        correction = self.workbench.corrections.add(action, field, code, target, doc_id, raw.content_hash,
                                                    label=f"Correct \u201c{_short(raw.title)}\u201d: {action} {code}")
        self._log([(doc_id, "corrected", correction.describe(self.label), "")])
        reindex(self, [doc_id])
        return correction

    def _log(self, events) -> None:
        conn = self.catalogue.transaction()
        with conn:
            record(conn, events)

    @domain_errors
    def correct_library(self, action: str, field: str, code: str, target: str | None = None,
                        progress: Progress | None = None) -> tuple[Correction, int]:
        """A library-wide correction (``merge`` into ``target``, ``rename`` to ``target``, ``never``).

        Returns:
            The correction and how many statements were indexed again.
        """
        if action == "merge" and target:
            target = resolve_value(facet_field(field), target, self.engine.known_values(), self.label) or target
        label = {"merge": f"Merge {field} {code} into {target}", "rename": f"Rename {field} {code} to {target}",
                 "never": f"Never extract {field} {code}"}.get(action, f"Correct {field} {code}")
        correction = self.workbench.corrections.add(action, field, code, target, label=label)
        self._log([(None, "corrected", correction.describe(self.label), "")])
        return correction, reindex(self, affected(self, [correction]), progress)

    @domain_errors
    def withdraw_correction(self, correction_id: int, progress: Progress | None = None) -> Correction:
        """Withdraws a correction, so extraction's value shows again, and re-indexes what it changed."""
        correction = self.workbench.corrections.delete(correction_id)
        reindex(self, affected(self, [correction]), progress)
        return correction

    def corrections(self) -> list[CorrectionStatus]:
        """Every correction with whether it still applies (one whose target is gone is listed, not lost)."""
        if not self.workbench.available:
            return []
        return [status_of(self, c) for c in self.workbench.corrections.all()]

    @domain_errors
    def undo(self, progress: Progress | None = None) -> str | None:
        """Undoes the last workbench action (re-indexing what a correction changed); returns its label."""
        return undo_or_redo(self, undo=True, progress=progress)

    @domain_errors
    def redo(self, progress: Progress | None = None) -> str | None:
        """Applies the last undone workbench action again; returns its label."""
        return undo_or_redo(self, undo=False, progress=progress)

    @domain_errors
    def saved_searches(self, counts: bool = True) -> list[SavedSearch]:
        """The saved searches, each with how many statements it finds now."""
        if not self.workbench.available:
            return []
        found = self.workbench.saved.all()
        if not counts:
            return found
        return [replace(s, count=self.engine.search(SearchRequest(s.query, s.filters, s.sort, limit=1, snippet_count=0,
                                                                  suggest=False)).total) for s in found]

    def remember_search(self, request: SearchRequest) -> None:
        """Adds a search to the history (quietly not on a read-only library)."""
        if self.workbench.writable:
            self.workbench.saved.remember(request.text, request.filters, request.sort)

    # -- exports ---------------------------------------------------------------

    def ids_matching(self, text: str = "", filters: Iterable[FacetFilter] = (), sort: str = "relevance") -> list[str]:
        """Ids of every statement a search finds, in its order (the "current results" of an export)."""
        result = self.search(SearchRequest(text, tuple(filters), sort, limit=None, snippet_count=0, suggest=False))
        return [hit.doc_id for hit in result.hits]

    def export_records(self, doc_ids: Iterable[str]) -> Iterator[ExportRecord]:
        """The statements as export records (with their tags, notes and passages), read a batch at a time."""
        return export_records(self, doc_ids)

    def export(self, doc_ids: Iterable[str], format_name: str, target, progress=None, cancelled=None,
               **options) -> ExportResult:
        """Writes statements in one of the export formats (``index.export.formats.FORMATS``).

        Args:
            doc_ids: The statements, in the order to write them.
            format_name: ``csv``, ``json``, ``ris``, ``csljson``, ``md`` or ``html``.
            target: A path (written whole or not at all) or a text stream.
            progress: Called with the number of statements written.
            cancelled: Asked between statements.
            **options: ``dossier=DossierOptions(...)`` for dossiers, writer options.
        """
        return write_export(format_name, self.export_records(doc_ids), target, progress=progress,
                            cancelled=cancelled, **options)

    def citation(self, doc_id: str, style: str = "chicago", form: str = "note", output: str = "text") -> str:
        """A citation of one statement in Chicago (notes-bibliography) or APA, from the official CSL style.

        Raises:
            WorkbenchError: No such statement.
            ValueError: Unknown style, form or output.
        """
        from index.export.citations import cite  # citeproc takes half a second to load: only when asked

        record = next(self.export_records([doc_id]), None)
        if record is None:
            raise WorkbenchError(f"There is no statement {doc_id} in this library.")
        return cite(record, style, form, output)

    def bibliography(self, doc_ids: Iterable[str], style: str = "chicago", output: str = "text") -> list[str]:
        """Bibliography entries of many statements, in the style's order."""
        from index.export.citations import Citer

        return Citer(style).bibliography(self.export_records(doc_ids), output)

    def export_annotations(self, target, doc_ids: Iterable[str] | None = None, progress=None,
                           cancelled=None) -> ExportResult:
        """Writes the archivist's work (all of it, or of ``doc_ids``) to an annotations file a colleague imports."""
        return export_annotations(self, target, doc_ids, _producer(), progress, cancelled)

    def import_annotations(self, source: Path | str) -> AnnotationImport:
        """Merges an annotations file into this library by content hash; see :mod:`index.workbench.sharing`."""
        return import_annotations(self, source)
