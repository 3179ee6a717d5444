"""What the library hands to exports: one :class:`ExportRecord` per statement, with the archivist's work.

Records are read a batch at a time, so an export of 100,000 statements holds
a few hundred in memory. Corrections are applied (an export shows what the
archivist sees); the archive location is the file's path below the folder it
was imported from.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from documents.extract import vocabulary
from index.export.records import EntityRef, ExportRecord, PassageRecord
from index.workbench.notes import Passage

if TYPE_CHECKING:
    from index.library import Library

BATCH = 200


def passage_record(passage: Passage) -> PassageRecord:
    """A passage as exports see it."""
    return PassageRecord(passage.id, passage.quote, passage.prefix, passage.suffix, passage.start, passage.end,
                         passage.note, passage.created_at, passage.anchored)


def _refs(entities) -> tuple[EntityRef, ...]:
    ordered = sorted(entities, key=lambda e: not e.central)
    return tuple(EntityRef(e.code, e.name, e.central) for e in ordered)


def _location(path: str, folders: list[str]) -> str:
    """The path below the deepest imported folder that holds it (else the file name)."""
    best = ""
    for folder in folders:
        prefix = folder.rstrip("/\\") + os.sep
        if path.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    return path[len(best):] if best else os.path.basename(path)


def export_records(library: Library, doc_ids: Iterable[str]) -> Iterator[ExportRecord]:
    """The statements as export records, in the order given (ids not in the library are skipped)."""
    ids = list(doc_ids)
    folders = library.catalogue.folders()
    archive = archive_name(library)
    workbench = library.workbench
    vocab = vocabulary()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        rows = library.rows(chunk)
        passages: dict[str, list[Passage]] = {}
        notes: dict[str, str] = {}
        events = _histories(library, chunk)
        if workbench.available:
            for doc_id in chunk:
                if doc_id in rows and rows[doc_id].has_note:
                    notes[doc_id] = workbench.notes.note(doc_id)
            for passage in workbench.notes.passages_of(chunk):
                passages.setdefault(passage.doc_id, []).append(passage)
        for doc_id in chunk:
            row = rows.get(doc_id)
            statement = library.document(doc_id) if row is not None else None
            if statement is None:
                continue
            extra = statement.extra
            path = row.path or statement.source_path
            yield ExportRecord(
                id=doc_id, title=statement.title, date=statement.date, doc_type=statement.doc_type,
                doc_type_label=vocab.doc_type_name(statement.doc_type), language=statement.language,
                countries=_refs(statement.countries), organisations=_refs(statement.organisations),
                topics=_refs(statement.topics), issuer=_text(extra.get("issuer")), speaker=_text(extra.get("speaker")),
                speaker_post=_text(extra.get("speaker_post")), tags=row.tags, collections=row.collections,
                status=row.review, starred=row.starred, note=notes.get(doc_id, ""),
                passages=tuple(passage_record(p) for p in passages.get(doc_id, [])), path=path,
                source_url=_text(extra.get("source_url")), content_hash=statement.content_hash, archive=archive,
                archive_location=_location(path, folders), pages=len(statement.pages) or None,
                history=events.get(doc_id, ()),
            )


def _histories(library: Library, doc_ids: list[str]) -> dict[str, tuple]:
    """Statement id -> its events as ``(at, kind, detail, outcome)``, oldest first."""
    from index.audit.events import has_events

    conn = library.catalogue.transaction()
    if not has_events(conn):
        return {}
    found: dict[str, list] = {}
    marks = ",".join("?" * len(doc_ids))
    for doc_id, at, kind, detail, outcome in conn.execute(
            f"SELECT doc_id, at, kind, detail, outcome FROM events WHERE doc_id IN ({marks}) ORDER BY id", doc_ids):
        found.setdefault(doc_id, []).append((at, kind, detail, outcome))
    return {doc_id: tuple(events) for doc_id, events in found.items()}


def archive_name(library: Library) -> str:
    """What exports name the archive: the library's ``archive_name`` setting, else its folder's name.

    A folder called "library" (the default one, in ``…/Chancery/library``) says
    nothing; the folder above it does.
    """
    named = library.catalogue.get_meta("archive_name")
    if named:
        return named
    folder = library.folder
    return folder.parent.name if folder.name.lower() == "library" and folder.parent.name else folder.name


def _text(value) -> str | None:
    return str(value) if value not in (None, "") else None
