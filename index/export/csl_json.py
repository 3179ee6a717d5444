"""CSL-JSON: the citation data Zotero, pandoc and every CSL processor read, valid against the CSL data schema.

Mapping (``docs/export.md`` explains each choice):

- ``type``: ``treaty`` for treaties and agreements, ``speech`` for
  speeches, ``report`` for reports, and ``document`` (CSL 1.0.2's item for
  a minimally specified text) for every other statement: joint statements,
  communiqués, readouts, declarations, letters (``personal_communication``
  would make APA and Chicago leave an official letter out of the
  bibliography).
- ``author``: the speaker of a speech, else the issuing body as
  ``{"literal": ...}``, so neither Zotero nor a processor splits "Ministry of
  Foreign Affairs, Japan" into a person. A speaker written "Family, Given"
  becomes ``family``/``given``; any other form stays literal rather than be
  guessed at ("Xi Jinping" has the family name first).
- ``publisher``: the issuing body when the author is a speaker (when the
  body is the author, APA forbids repeating it as publisher).
- ``issued``: ``date-parts`` with as many parts as are known (year, year
  and month, full date).
- ``genre``: the type label in lower case ("joint statement"); styles
  capitalise it where a sentence starts.
- ``archive`` / ``archive_location``: the library and the statement's path
  in it, which Chicago and APA print for archival material (and which
  BibLaTeX round-trips lose).
- ``language``, ``URL``, ``note`` (the archivist's note; the CSL
  schema's place for "user annotations"), ``keyword`` (tags, comma
  separated as Zotero and pandoc read them), ``number-of-pages``.
- ``custom``: what CSL has no variable for (content hash, country,
  organisation and topic codes, collections), where the schema says such
  data belongs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .json_writer import write_json_array
from .output import Cancelled, ExportResult, Progress, Target
from .records import ExportRecord
from .values import genre, language, one_line, record_date

# Chancery type code → CSL item type. Codes not listed are "document".
CSL_TYPES = {
    "treaty": "treaty",
    "agreement": "treaty",
    "speech": "speech",
    "report": "report",
}
DEFAULT_CSL_TYPE = "document"


def csl_type(record: ExportRecord) -> str:
    """The CSL item type of a statement (see :data:`CSL_TYPES`)."""
    return CSL_TYPES.get(record.doc_type, DEFAULT_CSL_TYPE)


def person_name(name: str) -> dict[str, str]:
    """A speaker's name: ``family``/``given`` when written "Family, Given", else literal."""
    parts = [part.strip() for part in one_line(name).split(",")]
    if len(parts) == 2 and all(parts):
        return {"family": parts[0], "given": parts[1]}
    return {"literal": one_line(name)}


def date_parts(record: ExportRecord) -> dict[str, Any] | None:
    """``{"date-parts": [[year, month, day]]}`` with the known parts, or None when undated."""
    date = record_date(record)
    if date is None:
        return None
    parts = [date.year] + ([date.month] if date.month else []) + ([date.day] if date.month and date.day else [])
    return {"date-parts": [parts]}


def csl_item(record: ExportRecord) -> dict[str, Any]:
    """One statement as a CSL-JSON item (see the module notes for the mapping)."""
    item: dict[str, Any] = {"id": record.id, "type": csl_type(record), "title": record.title}
    if record.speaker:
        item["author"] = [person_name(record.speaker)]
        if record.issuer:
            item["publisher"] = one_line(record.issuer)
    elif record.issuer:
        item["author"] = [{"literal": one_line(record.issuer)}]
    issued = date_parts(record)
    if issued is not None:
        item["issued"] = issued
    item["genre"] = genre(record)
    if language(record):
        item["language"] = language(record)
    if record.source_url:
        item["URL"] = record.source_url
    if record.archive:
        item["archive"] = record.archive
    if record.archive_location:
        item["archive_location"] = record.archive_location
    if record.pages:
        item["number-of-pages"] = str(record.pages)
    if record.note:
        item["note"] = record.note
    if record.tags:
        item["keyword"] = ", ".join(one_line(tag) for tag in record.tags)
    custom: dict[str, Any] = {
        "countries": [e.code for e in record.countries],
        "organisations": [e.code for e in record.organisations],
        "topics": [e.code for e in record.topics],
        "collections": list(record.collections),
    }
    if record.content_hash:
        custom["content_hash"] = record.content_hash
    item["custom"] = {key: value for key, value in custom.items() if value}
    if not item["custom"]:
        del item["custom"]
    return item


def write_csl_json(records: Iterable[ExportRecord], target: Target, *, progress: Progress | None = None,
                   cancelled: Cancelled | None = None) -> ExportResult:
    """Writes statements as a CSL-JSON array, one item per line.

    Args:
        records: The statements, read once, one at a time.
        target: A path or a text stream.
        progress: Called with the number of items written so far.
        cancelled: Asked between items; True stops the export (a path target is then not written).

    Returns:
        The number of items written and whether the export was cancelled.
    """
    return write_json_array(records, target, csl_item, progress=progress, cancelled=cancelled)
