"""Re-running extraction over the catalogue, after the vocabularies were edited.

Works from the catalogue's text alone (the original files may be gone).
Values that came from beside the file (sidecar, manifest, front matter) are
kept; only what extraction decided is recomputed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from documents.build import DATE_KEYS, ERA_KEYS, date_extra, era_extra
from documents.extract import Extractor, default_extractor, reload_vocabularies
from documents.extract.own_date import file_name_year
from documents.statement import Entity, Statement
from documents.titles import clean_title
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
    """Recomputes the extracted fields of one statement in place and returns it.

    Countries are read as of the statement's date: the one given beside the file
    (or by the archivist), else the one the text gives now. A date that came from
    the text is found again by today's rules; one no longer found leaves the
    statement undated, with the reason. Values given beside the file or by hand stay.
    """
    sources = statement.field_sources
    extra = statement.extra
    date_from_text = sources.get("date", "text") == "text"
    hints = {}
    if not date_from_text and statement.date:
        hints["as_of"] = statement.date
    elif extra.get("date_year_from") == "metadata" and statement.date:
        hints["as_of"] = statement.date[:4]  # the year known beside the file at import
    name = statement.source_path.replace("\\", "/").rsplit("/", 1)[-1]
    if file_name_year(name) is not None:
        hints["file_name"] = name
    if sources.get("title") not in (None, "user"):
        statement.title = clean_title(statement.title)
    result = extractor.extract(statement.text, title=statement.title, **hints)
    for field in ("countries", "organisations", "topics"):
        kept = [e for e in getattr(statement, field) if e.source != "extraction"]
        setattr(statement, field, _merge(kept, getattr(result, field)))
    if sources.get("doc_type", "extraction") == "extraction":
        statement.doc_type = result.doc_type
    if sources.get("language", "extraction") == "extraction":
        statement.language = result.language
    if date_from_text:
        for key in DATE_KEYS:
            extra.pop(key, None)
        if result.date is not None:
            statement.date, statement.date_confidence = result.date.value, result.date.confidence
            sources["date"] = "text"
            extra.update(date_extra(result))
        else:
            statement.date, statement.date_confidence = None, 0.0
            sources.pop("date", None)
            extra["date_reason"] = result.date_reason or "the text no longer gives a date"
    if result.era_as_of:
        for key in ERA_KEYS:
            extra.pop(key, None)
        extra.update(era_extra(result))
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
