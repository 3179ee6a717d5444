"""The full dump: every field of every record as JSON, streamed as one array.

Shape of one element (``docs/export.md`` has the reference)::

    {"id": "9aa129a047fddc42", "title": "...", "date": "2022-10-13",
     "type": "joint_statement", "type_label": "Joint statement", "language": "en",
     "countries": [{"code": "KAZ", "name": "Kazakhstan", "central": true}],
     "organisations": [...], "topics": [...],
     "issuer": null, "speaker": null, "speaker_post": null,
     "tags": ["turkic/education"], "collections": [], "status": "", "starred": false,
     "note": "", "passages": [{"id", "quote", "prefix", "suffix", "start", "end",
                               "note", "created", "anchored"}],
     "path": "/...", "source_url": null, "content_hash": "...",
     "archive": "library", "archive_location": "tr/kz.md", "pages": null}

The array is written element by element (one per line), so memory stays that
of one record; :func:`record_from_dict` reads an element back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from .output import Cancelled, ExportResult, Progress, Target, run_export
from .records import EntityRef, ExportRecord, PassageRecord


def _entity(entity: EntityRef) -> dict[str, Any]:
    return {"code": entity.code, "name": entity.name, "central": entity.central}


def passage_to_dict(passage: PassageRecord) -> dict[str, Any]:
    """A passage as plain JSON values."""
    return {"id": passage.id, "quote": passage.quote, "prefix": passage.prefix, "suffix": passage.suffix,
            "start": passage.start, "end": passage.end, "note": passage.note, "created": passage.created,
            "anchored": passage.anchored}


def record_to_dict(record: ExportRecord) -> dict[str, Any]:
    """One statement as the documented JSON object (see the module notes)."""
    return {
        "id": record.id,
        "title": record.title,
        "date": record.date,
        "type": record.doc_type,
        "type_label": record.doc_type_label,
        "language": record.language,
        "countries": [_entity(e) for e in record.countries],
        "organisations": [_entity(e) for e in record.organisations],
        "topics": [_entity(e) for e in record.topics],
        "issuer": record.issuer,
        "speaker": record.speaker,
        "speaker_post": record.speaker_post,
        "tags": list(record.tags),
        "collections": list(record.collections),
        "status": record.status,
        "starred": record.starred,
        "note": record.note,
        "passages": [passage_to_dict(p) for p in record.passages],
        "path": record.path,
        "source_url": record.source_url,
        "content_hash": record.content_hash,
        "archive": record.archive,
        "archive_location": record.archive_location,
        "pages": record.pages,
        "history": [{"at": at, "event": kind, "detail": detail, "outcome": outcome}
                    for at, kind, detail, outcome in record.history],
    }


def _entities(values: Iterable[dict[str, Any]]) -> tuple[EntityRef, ...]:
    return tuple(EntityRef(v["code"], v["name"], bool(v.get("central", False))) for v in values)


def passage_from_dict(value: dict[str, Any]) -> PassageRecord:
    """Reads a passage written by :func:`passage_to_dict`.

    Raises:
        KeyError, TypeError, ValueError: The object is not a passage.
    """
    return PassageRecord(id=str(value["id"]), quote=str(value["quote"]), prefix=str(value.get("prefix", "")),
                         suffix=str(value.get("suffix", "")), start=int(value["start"]), end=int(value["end"]),
                         note=str(value.get("note", "")), created=str(value.get("created", "")),
                         anchored=bool(value.get("anchored", True)))


def record_from_dict(value: dict[str, Any]) -> ExportRecord:
    """Reads an element of the dump back into a record.

    Raises:
        KeyError, TypeError, ValueError: The object is not a dumped record.
    """
    return ExportRecord(
        id=value["id"], title=value["title"], date=value["date"], doc_type=value["type"],
        doc_type_label=value["type_label"], language=value["language"],
        countries=_entities(value["countries"]), organisations=_entities(value["organisations"]),
        topics=_entities(value["topics"]), issuer=value["issuer"], speaker=value["speaker"],
        speaker_post=value["speaker_post"], tags=tuple(value["tags"]), collections=tuple(value["collections"]),
        status=value["status"], starred=value["starred"], note=value["note"],
        passages=tuple(passage_from_dict(p) for p in value["passages"]), path=value["path"],
        source_url=value["source_url"], content_hash=value["content_hash"], archive=value["archive"],
        archive_location=value["archive_location"], pages=value["pages"],
        history=tuple((h["at"], h["event"], h["detail"], h.get("outcome", "")) for h in value.get("history", ())),
    )


def write_json_array(items: Iterable[Any], target: Target, to_json: Any, *, progress: Progress | None = None,
                     cancelled: Cancelled | None = None) -> ExportResult:
    """Streams ``to_json(item)`` for each item as the elements of one JSON array, one per line.

    Non-ASCII text is written as itself (UTF-8), not as ``\\u`` escapes.
    """

    def begin(stream: TextIO) -> None:
        stream.write("[")

    def write(stream: TextIO, record: ExportRecord, index: int) -> None:
        stream.write(",\n" if index else "\n")
        stream.write(json.dumps(to_json(record), ensure_ascii=False))

    def end(stream: TextIO, written: int) -> None:
        stream.write("\n]\n" if written else "]\n")

    return run_export(items, target, write, begin=begin, end=end, progress=progress, cancelled=cancelled)


def write_json(records: Iterable[ExportRecord], target: Target, *, progress: Progress | None = None,
               cancelled: Cancelled | None = None) -> ExportResult:
    """Writes the full dump of the records (see the module notes for the shape).

    Args:
        records: The statements, read once, one at a time.
        target: A path or a text stream.
        progress: Called with the number of records written so far.
        cancelled: Asked between records; True stops the export (a path target is then not written).

    Returns:
        The number of records written and whether the export was cancelled.
    """
    return write_json_array(records, target, record_to_dict, progress=progress, cancelled=cancelled)
