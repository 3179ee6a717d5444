"""Re-running extraction over the catalogue, after the vocabularies were edited.

Works from the catalogue's text alone (the original files may be gone).
Values that came from beside the file (sidecar, manifest, front matter) are
kept; only what extraction decided is recomputed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from documents.extract import Extractor, default_extractor, reload_vocabularies
from documents.statement import Entity, Statement
from index.catalogue import Catalogue

if TYPE_CHECKING:
    from index.library import Library

BATCH = 500


def _merge(kept: list[Entity], fresh: list[Entity]) -> list[Entity]:
    """Entities given beside the file first (with fresh mention data), then the extracted rest."""
    by_code = {e.code: e for e in fresh}
    merged = []
    for entity in kept:
        found = by_code.pop(entity.code, None)
        if found is not None:
            entity.count, entity.offsets, entity.terms = found.count, found.offsets, found.terms
        merged.append(entity)
    return merged + [e for e in fresh if e.code in by_code]


def reextract_statement(statement: Statement, extractor: Extractor) -> Statement:
    """Recomputes the extracted fields of one statement in place and returns it."""
    result = extractor.extract(statement.text, title=statement.title)
    for field in ("countries", "organisations", "topics"):
        kept = [e for e in getattr(statement, field) if e.source != "extraction"]
        setattr(statement, field, _merge(kept, getattr(result, field)))
    sources = statement.field_sources
    if sources.get("doc_type", "extraction") == "extraction":
        statement.doc_type = result.doc_type
    if sources.get("language", "extraction") == "extraction":
        statement.language = result.language
    if sources.get("date") == "text" and result.date is not None:
        statement.date, statement.date_confidence = result.date.value, result.date.confidence
    return statement


def reextract_library(library: Library, extractor: Extractor | None = None,
                      progress: Callable[[int, int], None] | None = None) -> int:
    """Re-extracts every statement, then rebuilds the index from the catalogue.

    Args:
        library: The open library.
        extractor: The extractor to use; by default one built from the
            vocabulary files as they are now (edited since start-up or not).
        progress: Called with ``(done, total)`` after each batch.

    Returns:
        The number of statements processed.
    """
    if extractor is None:
        reload_vocabularies()
        extractor = default_extractor()
    total = library.catalogue.count()
    done = 0
    ids = sorted(library.catalogue.ids())  # not a live cursor: the loop writes to the same table
    with library.write_lock():
        for start in range(0, len(ids), BATCH):
            batch = []
            for doc_id in ids[start:start + BATCH]:
                statement = library.catalogue.get(doc_id, corrected=False)
                if statement is not None:
                    statement.extra.pop("status", None)
                    batch.append(reextract_statement(statement, extractor))
            done += _save(library.catalogue, batch)
            if progress:
                progress(done, total)
        library.rebuild_index()
    return done


def _save(catalogue: Catalogue, statements: list[Statement]) -> int:
    if not statements:
        return 0
    with catalogue.transaction() as conn:
        for statement in statements:
            Catalogue.put_document(conn, statement, status=None)
    return len(statements)
