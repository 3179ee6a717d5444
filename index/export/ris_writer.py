"""RIS as Zotero's importer reads it: government documents, institutional authors kept whole, notes intact.

The choices follow Zotero's RIS translator (``RIS.js``), the importer most
Chancery users meet, and the RIS specification:

- **Type.** Every statement is ``TY  - GOVDOC`` except reports (``RPRT``).
  Zotero imports both as a *Report*, the item type its documentation advises
  for government documents, and a Report keeps everything Chancery writes:
  ``M3`` becomes the report type ("Joint statement"), ``PB`` the
  institution, ``DB``/``AN`` the archive and its location. Treaties stay
  GOVDOC: Zotero's only legal types (``STAT`` → Statute, ``LEGAL`` → Case)
  have no publisher, type or archive fields, so the issuer and the archive
  location would be dropped. Speeches stay GOVDOC for the same reason
  (``SLIDE`` → Presentation has no publisher or archive fields). The
  CSL-JSON export carries the precise CSL types (treaty, speech).
- **Authors.** Zotero splits an ``AU`` value at its first comma into last
  and first name, and keeps a value without a comma as one single-field
  (institutional) creator. So an issuing body is written as a corporate
  heading, superior body first with full stops: "Ministry of Foreign
  Affairs, Japan" becomes "Japan. Ministry of Foreign Affairs". ``PB`` is not
  split, so it keeps the issuer as the catalogue has it. A speaker is
  written as given: "Guterres, António" is split by Zotero as intended,
  "António Guterres" stays one field rather than being guessed at.
- **Dates.** ``DA  - 2022/10/13``, ``2022/10/`` or ``2022//`` for partial
  dates (the slashes mark the missing parts; Zotero reads all three), and
  ``PY`` with the year for older readers.
- **Notes.** Zotero treats every ``N1`` as an HTML note (it wraps plain text
  in ``<p>``), and a continuation line that looks like a tag (``ER  - `` at a
  line start) would end the record in Zotero's and rispy's readers alike.
  So each note is one line of escaped HTML: paragraphs as ``<p>``, line
  breaks as ``<br/>``. The statement's note is one ``N1``, each passage
  another (the quote as a ``<blockquote>``, its note after it); Zotero
  makes each a child note. :func:`note_from_html` reads one back.
- **Everything else** is one line per value: line breaks in titles become
  spaces. ``KW`` is one tag per line (Zotero splits a ``KW`` value at ``;``,
  and a lone ``KW`` at commas), ``LA`` the ISO 639-1 code, ``UR`` the
  source. There is no ``AB``: a statement has no abstract, and the note is
  the archivist's, not the author's.

Lines end with CRLF (the specification's), in UTF-8 without a byte order
mark (a BOM hides the first ``TY`` from readers that test the line start).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import TextIO

from .output import Cancelled, ExportResult, Progress, Target, run_export
from .records import ExportRecord, PassageRecord
from .values import genre, language, normalise_newlines, one_line, record_date

# Chancery type code → RIS type (see the module notes). Codes not listed are GOVDOC.
RIS_TYPES = {
    "joint_statement": "GOVDOC",
    "joint_declaration": "GOVDOC",
    "communique": "GOVDOC",
    "readout": "GOVDOC",
    "press_release": "GOVDOC",
    "speech": "GOVDOC",
    "treaty": "GOVDOC",
    "agreement": "GOVDOC",
    "mou": "GOVDOC",
    "memorandum": "GOVDOC",
    "declaration": "GOVDOC",
    "letter": "GOVDOC",
    "fact_sheet": "GOVDOC",
    "statement": "GOVDOC",
    "report": "RPRT",
    "other": "GOVDOC",
}
DEFAULT_RIS_TYPE = "GOVDOC"
NEWLINE = "\r\n"

_PARAGRAPH_BREAK = re.compile(r"\n\n")


def ris_type(record: ExportRecord) -> str:
    """The RIS ``TY`` for a statement (see :data:`RIS_TYPES`)."""
    return RIS_TYPES.get(record.doc_type, DEFAULT_RIS_TYPE)


def corporate_heading(name: str) -> str:
    """Writes a body's name without commas, so Zotero keeps it as one institutional creator.

    The comma-separated parts are read as subordinate-to-superior, as names
    such as "Press Office, Ministry of Foreign Affairs, Republic of Türkiye"
    are written, and reversed into a corporate heading joined by full stops:
    "Republic of Türkiye. Ministry of Foreign Affairs. Press Office".

    Args:
        name: The issuer as the catalogue has it.

    Returns:
        The heading; the name itself when it has no comma.
    """
    parts = [part.strip() for part in one_line(name).split(",") if part.strip()]
    heading = ""
    for part in reversed(parts):
        if heading:
            heading += " " if heading.endswith(".") else ". "
        heading += part
    return heading


def ris_date(record: ExportRecord) -> tuple[str, str] | None:
    """``(DA, PY)`` values, or None when the statement is undated."""
    date = record_date(record)
    if date is None:
        return None
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.day else ""
    return f"{date.year:04d}/{month}/{day}", f"{date.year:04d}"


def _paragraphs(text: str) -> str:
    parts = _PARAGRAPH_BREAK.split(normalise_newlines(text))
    return "".join(f"<p>{html.escape(part, quote=False).replace(chr(10), '<br/>')}</p>" for part in parts)


def note_html(note: str) -> str:
    """A note as one line of HTML: ``<p>`` paragraphs, ``<br/>`` line breaks, text escaped."""
    return _paragraphs(note)


def passage_html(passage: PassageRecord) -> str:
    """A passage as one line of HTML: the quote as a blockquote, then its note."""
    quote = f"<blockquote>{_paragraphs(passage.quote)}</blockquote>"
    return quote + (_paragraphs(passage.note) if passage.note.strip() else "")


def note_from_html(value: str) -> str:
    """Reads a note written by :func:`note_html` back into plain text."""
    text = value.replace("</p><p>", "\n\n").replace("<br/>", "\n")
    text = re.sub(r"</?(?:p|blockquote)>", "", text)
    return html.unescape(text)


def ris_entry(record: ExportRecord) -> Iterator[tuple[str, str]]:
    """The ``(tag, value)`` pairs of one record, ``TY`` first and ``ER`` last.

    Every value is a single line (see the module notes).
    """
    yield "TY", ris_type(record)
    yield "ID", record.id
    yield "TI", one_line(record.title)
    if record.speaker:
        yield "AU", one_line(record.speaker)
    elif record.issuer:
        yield "AU", corporate_heading(record.issuer)
    dates = ris_date(record)
    if dates is not None:
        yield "DA", dates[0]
        yield "PY", dates[1]
    if language(record):
        yield "LA", language(record)
    yield "M3", one_line(record.doc_type_label) or genre(record)
    if record.issuer:
        yield "PB", one_line(record.issuer)
    if record.source_url:
        yield "UR", one_line(record.source_url)
    if record.archive_location:
        yield "AN", one_line(record.archive_location)
    if record.archive:
        yield "DB", one_line(record.archive)
    for tag in record.tags:
        if one_line(tag):
            yield "KW", one_line(tag)
    if record.note.strip():
        yield "N1", note_html(record.note)
    for passage in record.passages:
        yield "N1", passage_html(passage)
    yield "ER", ""


def format_entry(record: ExportRecord) -> str:
    """One record as RIS text, ending with the ``ER`` line and a blank line."""
    lines = [f"{tag}  - {value}" for tag, value in ris_entry(record) if value or tag == "ER"]
    return NEWLINE.join(lines) + NEWLINE + NEWLINE


def write_ris(records: Iterable[ExportRecord], target: Target, *, progress: Progress | None = None,
              cancelled: Cancelled | None = None) -> ExportResult:
    """Writes statements as RIS, one entry each.

    Args:
        records: The statements, read once, one at a time.
        target: A path, or a text stream opened with ``newline=""`` (the
            entries carry their own CRLF line ends).
        progress: Called with the number of entries written so far.
        cancelled: Asked between entries; True stops the export (a path target is then not written).

    Returns:
        The number of entries written and whether the export was cancelled.
    """

    def write(stream: TextIO, record: ExportRecord, _index: int) -> None:
        stream.write(format_entry(record))

    return run_export(records, target, write, progress=progress, cancelled=cancelled, newline="")
