"""The shareable annotations file: tags, collections, statuses, notes, passages and corrections in one JSON file.

Shape (version 1; ``docs/export.md`` has the reference)::

    {"format": "chancery-annotations", "version": 1, "producer": "Chancery 0.1.0",
     "created": "2025-10-13T09:00:00+00:00",
     "corrections": [{"action": "merge", "field": "organisation", "code": "OTS", ...}],
     "statements": [
       {"id": "9aa1...", "content_hash": "5d1f...", "title": "...", "tags": [...], "collections": [...],
        "status": "relevant", "starred": true, "note": "...", "corrections": [...],
        "passages": [<a W3C Web Annotation>, ...]},
       ...]}

Each passage is a W3C Web Annotation (https://www.w3.org/TR/annotation-model/):
``"type": "Annotation"``, ``motivation`` ``highlighting`` (or ``commenting``
when it has a note, which is its ``TextualBody``), and a ``target`` whose
``source`` names the statement by content hash (``urn:sha256:…``, what
another library matches on) and by its id in this library, with a
``TextQuoteSelector`` (exact, prefix, suffix) and a ``TextPositionSelector``
(start, end): the quote finds the passage again if the text moved, the
offsets place it quickly when it did not.

Library-wide corrections come before the statements and each statement is
one line, so a file cut short still yields the corrections and every
statement before the cut (``annotations_reader`` recovers them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from .output import Cancelled, DiscardOutput, ExportResult, Progress, RecordLoop, Target, open_target
from .records import AnnotatedStatement, CorrectionRecord, PassageRecord

FORMAT = "chancery-annotations"
VERSION = 1
ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
PASSAGE_ID_PREFIX = "urn:chancery:passage:"
HASH_PREFIX = "urn:sha256:"
STATEMENT_KEY = "chancery:statement"
ANCHORED_KEY = "chancery:anchored"


def passage_annotation(passage: PassageRecord, statement_id: str, content_hash: str) -> dict[str, Any]:
    """A passage as a W3C Web Annotation on its statement."""
    source: dict[str, Any] = {"id": HASH_PREFIX + content_hash if content_hash else f"urn:chancery:{statement_id}",
                              "type": "Text", STATEMENT_KEY: statement_id}
    annotation: dict[str, Any] = {
        "@context": ANNOTATION_CONTEXT,
        "id": passage.id if ":" in passage.id else PASSAGE_ID_PREFIX + passage.id,
        "type": "Annotation",
        "motivation": "commenting" if passage.note else "highlighting",
    }
    if passage.created:
        annotation["created"] = passage.created
    if passage.note:
        annotation["body"] = {"type": "TextualBody", "value": passage.note, "format": "text/plain",
                              "purpose": "commenting"}
    annotation["target"] = {
        "source": source,
        "selector": [
            {"type": "TextQuoteSelector", "exact": passage.quote, "prefix": passage.prefix, "suffix": passage.suffix},
            {"type": "TextPositionSelector", "start": passage.start, "end": passage.end},
        ],
    }
    if not passage.anchored:
        annotation[ANCHORED_KEY] = False
    return annotation


def correction_to_dict(correction: CorrectionRecord) -> dict[str, Any]:
    """A correction as plain JSON values."""
    return {"action": correction.action, "field": correction.field, "code": correction.code,
            "target": correction.target, "doc_id": correction.doc_id, "content_hash": correction.content_hash,
            "created": correction.created}


def statement_to_dict(statement: AnnotatedStatement) -> dict[str, Any]:
    """One annotated statement as it appears in the file."""
    return {
        "id": statement.id,
        "content_hash": statement.content_hash,
        "title": statement.title,
        "tags": list(statement.tags),
        "collections": list(statement.collections),
        "status": statement.status,
        "starred": statement.starred,
        "note": statement.note,
        "passages": [passage_annotation(p, statement.id, statement.content_hash) for p in statement.passages],
        "corrections": [correction_to_dict(c) for c in statement.corrections],
    }


def write_annotations(statements: Iterable[AnnotatedStatement], target: Target, *,
                      corrections: Iterable[CorrectionRecord] = (), producer: str = "Chancery",
                      created: str | None = None, progress: Progress | None = None,
                      cancelled: Cancelled | None = None) -> ExportResult:
    """Writes an annotations file.

    Args:
        statements: The annotated statements, read once, one at a time.
        target: A path (written atomically) or a text stream.
        corrections: Library-wide corrections (merge, rename, never).
        producer: Who writes the file, with version ("Chancery 0.1.0").
        created: ISO 8601 timestamp; now (UTC) when None.
        progress: Called with the number of statements written so far.
        cancelled: Asked between statements; True stops the export (a path target is then not written).

    Returns:
        The number of statements written and whether the export was cancelled.
    """
    created = created or datetime.now(UTC).isoformat(timespec="seconds")
    head = {"format": FORMAT, "version": VERSION, "producer": producer, "created": created}
    loop = RecordLoop(statements, progress, cancelled)
    with open_target(target) as stream:
        stream.write("{\n")
        for key, value in head.items():
            stream.write(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
        rows = [json.dumps(correction_to_dict(c), ensure_ascii=False) for c in corrections]
        stream.write('"corrections": [' + ("\n" + ",\n".join(rows) + "\n" if rows else "") + "],\n")
        stream.write('"statements": [')
        for index, statement in enumerate(loop):
            stream.write(",\n" if index else "\n")
            stream.write(json.dumps(statement_to_dict(statement), ensure_ascii=False))
        stream.write("\n]\n}\n" if loop.done else "]\n}\n")
        if loop.stopped:
            raise DiscardOutput
    return loop.result()
