"""What an export is made of: one plain record per statement, with the archivist's work beside it.

The library builds these records (catalogue + workbench); the writers in this
package turn them into CSV, JSON, RIS, CSL-JSON, dossiers and citations
without knowing where they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EntityRef:
    """A country, organisation or topic a statement carries.

    Attributes:
        code: Stable code (ISO 3166 alpha-3, organisation code, topic slug).
        name: Display name ("Türkiye", "Organization of Turkic States").
        central: The statement is about it, not merely mentioning it.
    """

    code: str
    name: str
    central: bool = False


@dataclass(frozen=True)
class PassageRecord:
    """A highlighted passage of a statement, anchored as a W3C Web Annotation would be.

    Attributes:
        id: Stable id of the passage.
        quote: The highlighted text, exactly.
        prefix: Up to 32 characters before it in the statement's text.
        suffix: Up to 32 characters after it.
        start: Offset of the quote in the statement's text.
        end: Offset just past it.
        note: The archivist's note on it ("" when none).
        created: ISO 8601 timestamp.
        anchored: False when a re-import changed the text and the quote could
            not be found again unambiguously (offsets are then the old ones).
    """

    id: str
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    note: str = ""
    created: str = ""
    anchored: bool = True


@dataclass(frozen=True)
class ExportRecord:
    """One statement as an export sees it.

    Attributes:
        id: The statement's stable id in its library.
        title: Title.
        date: ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), or None when undated.
        doc_type: Type code (``joint_statement``, ``treaty``, ``speech``, ``readout``, ...).
        doc_type_label: Its display name ("Joint statement").
        language: ISO 639-1 code, ``und`` when unknown.
        countries: Countries, central ones first.
        organisations: Organisations.
        topics: Topics.
        issuer: The issuing government or body when the metadata names one
            ("Ministry of Foreign Affairs, Japan"), else None.
        speaker: The speaker of a speech, when known.
        speaker_post: The speaker's office ("Minister for Foreign Affairs").
        tags: Tags, hierarchical with ``/`` (``turkic/education``).
        collections: Collections, hierarchical with ``/``.
        status: Review status: ``""`` (none), ``to_read``, ``reviewed``, ``relevant``, ``not_relevant``.
        starred: Starred by the archivist.
        note: The statement's note (plain text or Markdown), ``""`` when none.
        passages: Highlighted passages, in text order.
        path: The file it was read from (first present location).
        source_url: Where it was published, when known.
        content_hash: SHA-256 of the file's bytes (matches annotations across libraries).
        archive: The library's name (its folder name), for ``archive`` fields.
        archive_location: Where in the archive: the path relative to the imported folder.
        pages: Number of pages of a paged original (PDF), else None.
        history: The statement's audit trail, oldest first: ``(at, kind, detail,
            outcome)`` for each import, change, move, correction and fixity check.
    """

    id: str
    title: str
    date: str | None
    doc_type: str
    doc_type_label: str
    language: str
    countries: tuple[EntityRef, ...] = ()
    organisations: tuple[EntityRef, ...] = ()
    topics: tuple[EntityRef, ...] = ()
    issuer: str | None = None
    speaker: str | None = None
    speaker_post: str | None = None
    tags: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()
    status: str = ""
    starred: bool = False
    note: str = ""
    passages: tuple[PassageRecord, ...] = ()
    path: str = ""
    source_url: str | None = None
    content_hash: str = ""
    archive: str = ""
    archive_location: str = ""
    pages: int | None = None
    history: tuple[tuple[str, str, str, str], ...] = ()


@dataclass(frozen=True)
class CorrectionRecord:
    """A correction of extracted entities, as the workbench stores it.

    Attributes:
        action: ``remove`` (a wrongly extracted value), ``add`` (a missing one),
            ``central`` / ``mentioned`` (set the flag), ``merge`` (library-wide:
            ``code`` into ``target``), ``rename`` (library-wide: ``code`` shown as
            ``target``), ``never`` (library-wide: never extract ``code``).
        field: ``country``, ``organisation`` or ``topic``.
        code: The value corrected.
        target: ``merge``: the code merged into; ``rename``: the new name;
            ``add``: the display name; else None.
        doc_id: The statement, or None for a library-wide correction.
        content_hash: The statement's content hash (None when library-wide).
        created: ISO 8601 timestamp.
    """

    action: str
    field: str
    code: str
    target: str | None = None
    doc_id: str | None = None
    content_hash: str | None = None
    created: str = ""


@dataclass(frozen=True)
class AnnotatedStatement:
    """Everything the archivist added to one statement, for sharing with a colleague's library."""

    id: str
    content_hash: str
    title: str
    tags: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()
    status: str = ""
    starred: bool = False
    note: str = ""
    passages: tuple[PassageRecord, ...] = ()
    corrections: tuple[CorrectionRecord, ...] = ()


@dataclass
class AnnotationsFile:
    """An annotations file as read back: what could be read, and what could not.

    Attributes:
        statements: The annotated statements read.
        corrections: Library-wide corrections read.
        problems: One sentence per part that could not be read (a truncated
            file, an unknown version, a malformed entry), for the import report.
        producer: Who wrote the file ("Chancery 0.2.0").
        version: The file format version.
        created: When the file was written (ISO 8601), "" when it does not say.
    """

    statements: list[AnnotatedStatement] = field(default_factory=list)
    corrections: list[CorrectionRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    producer: str = ""
    version: int = 0
    created: str = ""
