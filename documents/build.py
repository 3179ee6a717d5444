"""Builds :class:`Statement` records from files: read, metadata beside, extraction."""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from documents.extract import Extraction, Extractor, vocabulary
from documents.partial_date import PartialDate
from documents.readers import RawDocument, read_document
from documents.sidecar import BesideMetadata, ManifestCache, metadata_beside
from documents.statement import Entity, Provenance, Statement
from documents.titles import clean_title

if TYPE_CHECKING:  # documents.ocr loads Pillow and PDFium: only files with scanned pages need them
    from documents.ocr import OcrContext

TITLE_CHARS = 160


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def normalise_date(value: str | None) -> str | None:
    """``2022-10-13T09:00`` -> ``2022-10-13``; keeps ``YYYY-MM`` and ``YYYY``; drops impossible parts."""
    parsed = PartialDate.parse(value, strict=False)
    return parsed.iso if parsed else None


# ". " or "; " ending a sentence, not an abbreviation such as "Mr. Kavan".
_SENTENCE_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)[.;] ")

# Words a wrapped line may end on but a heading would not.
_OPEN_ENDINGS = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "its", "of", "on", "or", "our", "the",
    "their", "to", "with", "my", "his", "her", "that", "which", "de", "des", "du", "et", "la", "le", "les",
})


def _wraps(line: str, following: str) -> bool:
    """True when ``following`` continues the sentence ``line`` broke off (hard-wrapped text)."""
    if following[:1].islower() or line.endswith((",", "-")):
        return True
    last = line.rsplit(" ", 1)[-1].lower()
    if last in _OPEN_ENDINGS or last in ("mr.", "mrs.", "ms.", "dr.", "st."):
        return True
    if line.endswith((".", "!", "?", ":", ";")):
        return False
    # A sentence broken off before a name ("... of the General" / "Assembly"):
    # a full-width line of mostly lower-case words, where a heading is short
    # or capitalises most of its words.
    if len(line) < 40:
        return False
    words = [word for word in line.split() if len(word) > 3]
    return bool(words) and sum(word[0].isupper() for word in words) < len(words) / 2


def title_from_text(text: str) -> str:
    """The first line as a title, cut at a sentence or word end when long.

    In hard-wrapped text (many plain-text speeches) the first line is a
    fragment such as "At the outset, on": a line is joined with the next
    while the sentence visibly goes on (the next line starts in lower case,
    or this one ends on a comma or a word like "of"); a heading followed by
    its text is left alone.
    """
    lines = iter(text.split("\n"))
    for line in lines:
        line = line.strip(" #*\t")
        if line:
            break
    else:
        return "(untitled)"
    for following in lines:
        following = following.strip()
        if len(line) > TITLE_CHARS or not following or not _wraps(line, following):
            break
        line = f"{line} {following}"
    if len(line) <= TITLE_CHARS:
        return line
    cut = line[:TITLE_CHARS]
    stops = [m.start() for m in _SENTENCE_END.finditer(cut)]
    if stops and stops[-1] > 40:
        return cut[:stops[-1] + 1]
    return cut[:cut.rfind(" ")].rstrip(",;:") + "\u2026"


@dataclass
class BuildContext:
    """What building needs besides the file: extractor, manifests, import root, and how to OCR scans.

    ``ocr`` None leaves scanned pages unread (marked ``scanned``, for later).
    """

    extractor: Extractor
    manifests: ManifestCache = field(default_factory=ManifestCache)
    root: Path | None = None
    ocr: OcrContext | None = None


def _merge_countries(extracted: list[Entity], codes: list[str], source: str) -> list[Entity]:
    """Puts countries named beside the file first, marked central, keeping extracted mentions."""
    vocab = vocabulary()
    by_code = {e.code: e for e in extracted}
    merged = []
    for code in codes:
        entity = by_code.pop(code, None)
        if entity is None:
            entity = Entity(code=code, name=vocab.country_name(code), source=source, central=True)
        else:
            entity.central = True
            entity.source = f"{source}+extraction"
        merged.append(entity)
    return merged + [e for e in extracted if e.code in by_code]


# What ``Statement.extra`` records about a date found in the text (see docs/extraction.md).
DATE_KEYS = ("date_matched", "date_end", "date_start", "date_span", "date_kind", "date_year_from", "date_reason")
ERA_KEYS = ("era_as_of", "era_basis", "era_note", "era_readings")


def date_extra(extraction: Extraction) -> dict:
    """The ``extra`` entries for the date found in the text: its phrase, range, place, kind, year."""
    guess = extraction.date
    if guess is None:
        return {"date_reason": extraction.date_reason} if extraction.date_reason else {}
    found = {"date_matched": guess.matched, "date_kind": guess.kind}
    if guess.end:
        found["date_end"] = guess.end
    if guess.range_start:
        found["date_start"] = guess.range_start
    if guess.span is not None:
        found["date_span"] = list(guess.span)
    if guess.year_from:
        found["date_year_from"] = guess.year_from
    return found


def era_extra(extraction: Extraction) -> dict:
    """The ``extra`` entries saying as of when country names were read."""
    found = {"era_as_of": extraction.era_as_of, "era_basis": extraction.era_basis}
    if extraction.era_basis == "today":
        found["era_note"] = "resolved as of today because undated"
    if extraction.era_readings:
        found["era_readings"] = list(extraction.era_readings)
    return found


def _apply(raw: RawDocument, beside: BesideMetadata, extraction: Extraction, statement: Statement) -> None:
    """Fills a statement's metadata: beside > file's own metadata > extraction."""
    sources = statement.field_sources
    values = beside.values
    vocab = vocabulary()

    if values.get("title"):
        statement.title, sources["title"] = values["title"], beside.sources["title"]
    elif raw.title:
        statement.title, sources["title"] = raw.title, raw.title_source
    else:
        statement.title, sources["title"] = title_from_text(raw.text), "first line"
    statement.title = clean_title(statement.title)

    for candidate, source in (
        (values.get("date"), beside.sources.get("date")),
        (raw.date, raw.date_source),
    ):
        if date := normalise_date(candidate):
            statement.date, sources["date"], statement.date_confidence = date, source, 1.0
            break
    else:
        if extraction.date is not None:
            statement.date = extraction.date.value
            statement.date_confidence = extraction.date.confidence
            sources["date"] = "text"
            statement.extra.update(date_extra(extraction))
        elif extraction.date_reason:
            statement.extra["date_reason"] = extraction.date_reason
    year = values.get("year")
    if year and "date" not in values and (statement.date or "")[:4] != year:
        # The year written beside the file beats a date found in the text
        # (often an anniversary or a treaty) unless that date falls in it.
        statement.date, sources["date"], statement.date_confidence = year, beside.sources["year"], 1.0
        for key in DATE_KEYS:
            statement.extra.pop(key, None)
    statement.extra.update(era_extra(extraction))

    if values.get("countries"):
        statement.countries = _merge_countries(extraction.countries, values["countries"], beside.sources["countries"])
        sources["countries"] = beside.sources["countries"] + " + extraction"
    else:
        statement.countries = extraction.countries
        sources["countries"] = "extraction"

    statement.organisations = list(extraction.organisations)
    sources["organisations"] = "extraction"
    if values.get("organisation"):
        code = vocab.resolve_organisation(values["organisation"])
        if code and code not in {o.code for o in statement.organisations}:
            statement.organisations.insert(
                0, Entity(code=code, name=vocab.organisation_name(code), source=beside.sources["organisation"],
                          central=True),
            )
        elif not code:
            statement.extra["issuer"] = values["organisation"]

    statement.topics = extraction.topics
    sources["topics"] = "extraction"
    if values.get("doc_type"):
        statement.doc_type, sources["doc_type"] = values["doc_type"], beside.sources["doc_type"]
    else:
        statement.doc_type, sources["doc_type"] = extraction.doc_type, "extraction"
    if values.get("language"):
        statement.language, sources["language"] = values["language"], beside.sources["language"]
    else:
        statement.language, sources["language"] = extraction.language, "extraction"
    for key in ("source_url", "speaker", "speaker_post"):
        if values.get(key):
            statement.extra[key] = values[key]
    for key, value in raw.properties.items():
        statement.extra.setdefault(key, value)


def build_statement(path: Path, sha256: str, context: BuildContext, parent_id: str | None = None,
                    raw: RawDocument | None = None) -> Statement:
    """Reads one file and returns its statement (without attachments).

    Raises:
        UnreadableDocument: The file could not be read.
        OcrCancelled: Cancelled while its scanned pages were read.
    """
    raw = raw if raw is not None else read_document(path)
    if raw.scanned and not raw.ocr:
        from documents.ocr.scanned import read_scanned

        read_scanned(raw, path, sha256, context.ocr)
    beside = metadata_beside(path, context.manifests, context.root) if parent_id is None else BesideMetadata()
    title_hint = beside.values.get("title") or raw.title
    # The date known beside the file says as of when to read the country names, and
    # gives its year to a date the text writes without one.
    as_of = normalise_date(beside.values.get("date")) or normalise_date(raw.date) or beside.values.get("year")
    extraction = context.extractor.extract(raw.text, title=clean_title(title_hint) if title_hint else None,
                                           as_of=as_of, file_name=path.name)
    stat = path.stat()
    statement = Statement(
        id=sha256[:16],
        source_path=str(path),
        content_hash=sha256,
        title="",
        date=None,
        text=raw.text,
        pages=list(raw.pages),
        provenance=Provenance(
            paths=[str(path)],
            size=stat.st_size,
            mtime=stat.st_mtime,
            sha256=sha256,
            imported_at=datetime.now(UTC).isoformat(timespec="seconds"),
            reader=raw.reader,
            warnings=list(raw.warnings) + beside.warnings,
            parent_id=parent_id,
        ),
        ocr=list(raw.ocr),
    )
    _apply(raw, beside, extraction, statement)
    return statement


def build_attachments(raw: RawDocument, parent: Statement, context: BuildContext) -> list[Statement]:
    """Builds a statement for each supported attachment of ``raw``.

    Attachments are written to a private temporary folder only for as long as
    their reader needs them. Unreadable ones become warnings on the parent.
    """
    from documents.errors import UnreadableDocument

    built: list[Statement] = []
    if not raw.attachments:
        return built
    with tempfile.TemporaryDirectory(prefix="chancery-att-") as tmp:
        for number, attachment in enumerate(raw.attachments):
            safe_name = Path(attachment.name).name or f"attachment-{number}"
            target = Path(tmp) / f"{number}-{safe_name}"
            target.write_bytes(attachment.data)
            sha256 = hashlib.sha256(attachment.data).hexdigest()
            try:
                child = build_statement(target, sha256, context, parent_id=parent.id)
            except UnreadableDocument as exc:
                parent.provenance.warnings.append(f"attachment {safe_name}: {exc.reason}")
                continue
            location = f"{parent.source_path}#{safe_name}"
            child.source_path = location
            child.provenance.paths = [location]
            built.append(child)
    return built


def statements_from_file(path: Path, sha256: str, context: BuildContext) -> list[Statement]:
    """The statement of ``path`` followed by those of its attachments."""
    raw = read_document(path)
    statement = build_statement(path, sha256, context, raw=raw)
    return [statement, *build_attachments(raw, statement, context)]
