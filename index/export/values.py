"""Field values every format writes the same way: dates, one-line text, type labels, joined lists."""

from __future__ import annotations

import re
from collections.abc import Iterable

from documents.partial_date import PartialDate

from .records import EntityRef, ExportRecord

# Every character Python, RIS readers or spreadsheets treat as ending a line
# (U+2028/U+2029 included: Zotero's RIS reader turns them into spaces too).
LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_LINE_BREAKS_AND_SPACE = re.compile(r"\s*(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])\s*")
# C0 controls other than tab and the line breaks: no format carries them, XML forbids them.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")

LIST_SEPARATOR = "; "

STATUS_LABELS = {
    "": "",
    "to_read": "To read",
    "reviewed": "Reviewed",
    "relevant": "Relevant",
    "not_relevant": "Not relevant",
}


def without_controls(text: str) -> str:
    """Drops control characters no export format can carry (tabs and line breaks stay)."""
    return _CONTROLS.sub("", text)


def one_line(text: str | None) -> str:
    """Text for a single-line field: line breaks (and the spaces around them) become one space."""
    if not text:
        return ""
    return _LINE_BREAKS_AND_SPACE.sub(" ", without_controls(text)).strip()


def normalise_newlines(text: str) -> str:
    """Every kind of line break becomes ``\\n``."""
    return LINE_BREAK.sub("\n", without_controls(text))


def record_date(record: ExportRecord) -> PartialDate | None:
    """The record's date as a partial date (year, year and month, or day), None when undated."""
    return PartialDate.parse(record.date, strict=False) if record.date else None


def genre(record: ExportRecord) -> str:
    """The type label as CSL expects a genre: lower case, for the style to capitalise where a sentence starts."""
    label = record.doc_type_label or record.doc_type.replace("_", " ")
    return label[:1].lower() + label[1:]


def language(record: ExportRecord) -> str:
    """The ISO 639-1 code, or "" when unknown (``und``)."""
    return "" if record.language in ("", "und") else record.language


def entity_names(entities: Iterable[EntityRef]) -> list[str]:
    """Display names, in the record's order (central ones first)."""
    return [entity.name for entity in entities]


def join_list(values: Iterable[str]) -> str:
    """Joins a multi-valued field for one cell or line: ``"a; b"``."""
    return LIST_SEPARATOR.join(one_line(value) for value in values)
