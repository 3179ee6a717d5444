"""The domain record: one diplomatic statement and what was extracted from it."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any

from documents.partial_date import PartialDate


@cache
def _names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _flat(record) -> dict[str, Any]:
    """A record's fields, its lists and dicts copied one level (their items are immutable)."""
    out = {}
    for name in _names(type(record)):
        value = getattr(record, name)
        kind = type(value)
        out[name] = list(value) if kind is list else dict(value) if kind is dict else value
    return out


def _known(cls, data: dict[str, Any]) -> dict[str, Any]:
    """The entries of ``data`` that are fields of ``cls`` (a newer release may have stored more)."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


@dataclass
class Entity:
    """One country, organisation or topic assigned to a statement.

    Attributes:
        code: Stable code (ISO 3166 alpha-3 for countries, an acronym-like
            code for organisations, a slug for topics).
        name: Display name.
        count: How many times it is mentioned (topic: number of trigger hits).
        central: True when the statement is *about* it (title, first
            paragraph or most frequent), False when merely mentioned.
        offsets: ``(start, end)`` character offsets of each mention in the text.
        terms: The surface forms or trigger terms that caused the assignment.
        source: Where the value came from: ``extraction``, ``sidecar``,
            ``manifest``, ``front matter``, ``file properties`` or ``user``.
        discovered: True for organisations found by pattern rather than from
            the curated gazetteer.
        successor: For dissolved states, the code of today's successor.
        score: Topic score (sum of weights); 0 for other kinds.
        correction: What the archivist changed about this value and when
            ("marked central by hand on 2026-12-01"); empty when extraction's
            value stands as found.
    """

    code: str
    name: str
    count: int = 0
    central: bool = False
    offsets: list[tuple[int, int]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    source: str = "extraction"
    discovered: bool = False
    successor: str | None = None
    score: float = 0.0
    correction: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        """Builds an entity from its :func:`dataclasses.asdict` form."""
        known = _known(cls, data)
        known["offsets"] = [tuple(o) for o in known.get("offsets", [])]
        return cls(**known)


@dataclass
class Provenance:
    """Where a statement's file came from and how it was read."""

    paths: list[str] = field(default_factory=list)
    size: int = 0
    mtime: float = 0.0
    sha256: str = ""
    imported_at: str = ""
    reader: str = ""
    warnings: list[str] = field(default_factory=list)
    parent_id: str | None = None  # e-mail attachments point at their message


@dataclass
class OcrPage:
    """How one page that had no text layer was read (a scan, a photograph, a fax).

    Attributes:
        page: The page's number in the file (1-based; the frame of a TIFF).
        status: ``ocr`` (read by OCR), ``scanned`` (not read: no OCR engine, or
            a time limit), ``failed`` (OCR could not read it, a timeout say: a
            later run tries again), ``damaged`` (the page cannot be decoded) or
            ``blank`` (OCR found no text on it).
        confidence: Mean word confidence Tesseract gave the page, 0..100.
        languages: The Tesseract languages it was read with (``tur+eng``).
        low: ``(start, end)`` offsets in the statement's text of the words read
            with low confidence (searchable, shown faintly).
        reason: Why the page was not read, for the report and the document view.
    """

    page: int
    status: str
    confidence: float = 0.0
    languages: str = ""
    low: list[tuple[int, int]] = field(default_factory=list)
    reason: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OcrPage:
        """Builds a page from its :func:`dataclasses.asdict` form."""
        known = _known(cls, data)
        known["low"] = [tuple(span) for span in known.get("low", [])]
        return cls(**known)


@dataclass
class Statement:
    """A statement as the catalogue stores it and the index derives from.

    Attributes:
        id: Stable identifier (assigned at first import, kept across edits).
        source_path: The file it was read from (first known location).
        content_hash: SHA-256 of the file's bytes.
        title: Title from metadata, else the first line.
        date: ISO date ``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY``), or None.
        text: Full plain text.
        countries: Countries mentioned, most central first.
        organisations: Organisations mentioned.
        topics: Topics assigned from the controlled vocabulary.
        doc_type: Document type code such as ``joint_statement``.
        language: ISO 639-1 language code, ``und`` when unknown.
        field_sources: For each metadata field, where its value came from.
        date_confidence: 0..1 confidence of the date.
        pages: Character offsets where each page starts (PDF), else empty.
        extra: Other metadata (source URL, speaker, sender...).
        provenance: File provenance.
        ocr: The pages that had no text layer and how each was read (empty for
            a file whose every page has text). A catalogue of an earlier
            release has none, and reads as empty.
    """

    id: str
    source_path: str
    content_hash: str
    title: str
    date: str | None
    text: str
    countries: list[Entity] = field(default_factory=list)
    organisations: list[Entity] = field(default_factory=list)
    topics: list[Entity] = field(default_factory=list)
    doc_type: str = "other"
    language: str = "und"
    field_sources: dict[str, str] = field(default_factory=dict)
    date_confidence: float = 0.0
    pages: list[int] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    provenance: Provenance = field(default_factory=Provenance)
    ocr: list[OcrPage] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        """The year of :attr:`date`, or None."""
        parsed = PartialDate.parse(self.date, strict=False)
        return parsed.year if parsed else None

    def country_codes(self) -> list[str]:
        """Codes of every country, in stored order."""
        return [c.code for c in self.countries]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field: what :func:`dataclasses.asdict` gives, a test compares.

        Made field by field: ``asdict`` deep-copies every mention's offsets through its generic
        recursion, a fifth of the import's main process.
        """
        data = _flat(self)
        for key in ("countries", "organisations", "topics"):
            data[key] = [_flat(entity) for entity in data[key]]
        data["provenance"] = _flat(self.provenance)
        data["ocr"] = [_flat(page) for page in self.ocr]
        data["extra"] = copy.deepcopy(self.extra)  # any JSON value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        """Rebuilds a statement from :meth:`to_dict` output."""
        data = dict(data)
        for key in ("countries", "organisations", "topics"):
            data[key] = [Entity.from_dict(e) for e in data.get(key, [])]
        prov = data.get("provenance") or {}
        data["provenance"] = Provenance(**_known(Provenance, prov))
        data["ocr"] = [OcrPage.from_dict(page) for page in data.get("ocr") or []]
        return cls(**_known(cls, data))

    @property
    def unread_pages(self) -> list[int]:
        """Numbers of the scanned pages whose text is not in :attr:`text` (waiting for OCR)."""
        return [p.page for p in self.ocr if p.status in ("scanned", "failed")]
