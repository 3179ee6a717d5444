"""Sharing annotations with a colleague: export the workbench to one file, import one into this library.

Statements are matched by content hash (the same file gives the same hash in
any library). An import adds and never overwrites: tags and collections are
added, a star is added, a status is set where there was none, a note is set
where there was none and appended under a heading where there was another,
passages and corrections are added unless the same ones exist. Everything is
applied in one transaction and one undoable action, so a failure leaves the
library as it was; what did not match, or could not be read, is reported.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from index.errors import WorkbenchError
from index.export.annotations import write_annotations
from index.export.annotations_reader import read_annotations
from index.export.output import ExportResult
from index.export.records import AnnotatedStatement, CorrectionRecord
from index.workbench.export_records import passage_record
from index.workbench.journal import Scope, now
from index.workbench.labels import COLLECTIONS, TAGS, LabelKind
from index.workbench.names import clean_name, name_key, with_ancestors
from index.workbench.notes import CONTEXT, anchor

if TYPE_CHECKING:
    from index.library import Library

NOTE_HEADING = "\n\n---\n*From {producer}, {created}:*\n\n"


@dataclass
class AnnotationImport:
    """What an annotations import did.

    Attributes:
        statements: Statements in the file.
        matched: Statements found in this library (by content hash).
        unmatched: Titles of the statements this library lacks.
        added: Counts of what was added, by kind (``tags``, ``notes``, ``passages``, ...).
        kept: Where this library's own value was kept (a different status), one sentence each.
        problems: Parts of the file that could not be read, one sentence each.
        reindexed: Statements indexed again because corrections arrived.
    """

    statements: int = 0
    matched: int = 0
    unmatched: list[str] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    reindexed: int = 0

    def count(self, kind: str, number: int = 1) -> None:
        """Adds to one of the counts."""
        self.added[kind] = self.added.get(kind, 0) + number

    def summary(self) -> str:
        """One line for a status bar or a terminal."""
        added = ", ".join(f"{n:,} {kind}" for kind, n in sorted(self.added.items()) if n) or "nothing new"
        text = f"{self.matched:,} of {self.statements:,} statements matched; added {added}"
        if self.unmatched:
            text += f"; {len(self.unmatched):,} not in this library"
        if self.problems:
            text += f"; {len(self.problems):,} problems reading the file"
        return text


def _correction_record(correction) -> CorrectionRecord:
    return CorrectionRecord(correction.action, correction.field, correction.code, correction.target,
                            correction.doc_id, correction.content_hash, correction.created_at)


def annotated(library: Library, doc_ids: Iterable[str] | None = None) -> Iterator[AnnotatedStatement]:
    """Every statement carrying some work of the archivist (or those of ``doc_ids``), for sharing."""
    workbench = library.workbench
    corrections: dict[str, list] = {}
    for correction in workbench.corrections.all(library_wide=False):
        corrections.setdefault(correction.doc_id, []).append(correction)
    conn = library.catalogue.transaction()
    if doc_ids is None:
        sql = ("SELECT doc_id FROM doc_tags UNION SELECT doc_id FROM doc_collections UNION SELECT doc_id FROM marks"
               " UNION SELECT doc_id FROM notes UNION SELECT doc_id FROM passages"
               " UNION SELECT doc_id FROM corrections WHERE doc_id IS NOT NULL")
        doc_ids = sorted(row[0] for row in conn.execute(sql))
    ids = list(doc_ids)
    for start in range(0, len(ids), 200):
        chunk = ids[start:start + 200]
        rows = library.rows(chunk)
        hashes = dict(conn.execute(f"SELECT id, content_hash FROM documents WHERE id IN ({','.join('?' * len(chunk))})",
                                   chunk).fetchall())
        passages: dict[str, list] = {}
        for passage in workbench.notes.passages_of(chunk):
            passages.setdefault(passage.doc_id, []).append(passage)
        for doc_id in chunk:
            row = rows.get(doc_id)
            if row is None:
                continue
            yield AnnotatedStatement(
                id=doc_id, content_hash=hashes.get(doc_id, ""), title=row.title, tags=row.tags,
                collections=row.collections, status=row.review, starred=row.starred,
                note=workbench.notes.note(doc_id) if row.has_note else "",
                passages=tuple(passage_record(p) for p in passages.get(doc_id, [])),
                corrections=tuple(_correction_record(c) for c in corrections.get(doc_id, [])))


def export_annotations(library: Library, target, doc_ids: Iterable[str] | None = None, producer: str = "Chancery",
                       progress=None, cancelled=None) -> ExportResult:
    """Writes the workbench (of every annotated statement, or of ``doc_ids``) to an annotations file."""
    wide = [_correction_record(c) for c in library.workbench.corrections.all(library_wide=True)]
    return write_annotations(annotated(library, doc_ids), target, corrections=wide, producer=producer,
                             progress=progress, cancelled=cancelled)


def import_annotations(library: Library, source) -> AnnotationImport:
    """Merges an annotations file into the library (see the module notes)."""
    read = read_annotations(source)
    report = AnnotationImport(statements=len(read.statements), problems=list(read.problems))
    conn = library.catalogue.transaction()
    matches: dict[int, list[tuple[str, str]]] = {}  # statement number -> [(doc id, this library's text)]
    for number, statement in enumerate(read.statements):
        found = [(doc_id, text) for doc_id, text in conn.execute(
            "SELECT id, unpacked(text) FROM documents WHERE content_hash = ?", (statement.content_hash,))]
        if found:
            matches[number] = found
            report.matched += 1
        else:
            report.unmatched.append(statement.title or statement.id)
    doc_ids = sorted({doc_id for found in matches.values() for doc_id, _text in found})
    workbench = library.workbench
    subquery = workbench.staged(conn, doc_ids)
    scopes = [Scope("tags", "1"), Scope("collections", "1"), Scope("doc_tags", f"doc_id IN {subquery}"),
              Scope("doc_collections", f"doc_id IN {subquery}"), Scope("marks", f"doc_id IN {subquery}"),
              Scope("notes", f"doc_id IN {subquery}"), Scope("passages", f"doc_id IN {subquery}"),
              Scope("corrections", f"doc_id IS NULL OR doc_id IN {subquery}")]
    label = f"Import annotations from {read.producer or 'a file'} ({report.matched:,} statements)"
    new_wide: list[CorrectionRecord] = []
    with workbench.journal.action(label, scopes) as conn:
        for number, found in matches.items():
            statement = read.statements[number]
            for doc_id, text in found:
                _merge_statement(conn, report, doc_id, text, statement, read.producer, read.created)
        for correction in read.corrections:
            if _add_correction(conn, correction, None, None):
                report.count("library-wide corrections")
                new_wide.append(correction)
    changed = set(doc_ids) if report.added.get("corrections") else set()
    for correction in new_wide:
        if correction.action in ("merge", "never"):
            changed |= library.catalogue.ids_with(correction.field, correction.code)
    if changed or new_wide:
        from index.workbench.reindexing import reindex

        report.reindexed = reindex(library, changed)
    return report


def _merge_statement(conn, report: AnnotationImport, doc_id: str, text: str, statement: AnnotatedStatement,
                     producer: str, created: str) -> None:
    for kind, names in ((TAGS, statement.tags), (COLLECTIONS, statement.collections)):
        for name in names:
            if _link(conn, kind, doc_id, name):
                report.count(kind.plural)
    row = conn.execute("SELECT starred, status FROM marks WHERE doc_id = ?", (doc_id,)).fetchone()
    starred, status = (bool(row[0]), row[1]) if row else (False, "")
    if (statement.starred and not starred) or (statement.status and not status):
        conn.execute("INSERT INTO marks(doc_id, starred, status, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(doc_id)"
                     " DO UPDATE SET starred = excluded.starred, status = excluded.status",
                     (doc_id, int(starred or statement.starred), status or statement.status, now()))
        report.count("marks")
    if statement.status and status and statement.status != status:
        report.kept.append(f"\u201c{statement.title}\u201d kept its status {status} (the file says {statement.status})")
    if statement.note.strip():
        own = conn.execute("SELECT text FROM notes WHERE doc_id = ?", (doc_id,)).fetchone()
        if own is None or not own[0].strip():
            new = statement.note
        elif statement.note.strip() in own[0]:
            new = None
        else:
            new = own[0] + NOTE_HEADING.format(producer=producer or "another library", created=created[:10]) \
                + statement.note
        if new is not None:
            conn.execute("INSERT INTO notes(doc_id, text, updated_at) VALUES (?, ?, ?) ON CONFLICT(doc_id)"
                         " DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at", (doc_id, new, now()))
            report.count("notes")
    for passage in statement.passages:
        if _add_passage(conn, doc_id, text, passage):
            report.count("passages")
    for correction in statement.corrections:
        if _add_correction(conn, correction, doc_id, statement.content_hash):
            report.count("corrections")


def _link(conn, kind: LabelKind, doc_id: str, name: str) -> bool:
    try:
        path = clean_name(name, kind.noun)
    except WorkbenchError:
        return False
    label_id = None
    for level in with_ancestors(path):
        row = conn.execute(f"SELECT id FROM {kind.table} WHERE key = ?", (name_key(level),)).fetchone()
        label_id = row[0] if row else conn.execute(
            f"INSERT INTO {kind.table}(path, key, created_at) VALUES (?, ?, ?)",
            (level, name_key(level), now())).lastrowid
    return bool(conn.execute(f"INSERT OR IGNORE INTO {kind.link}(doc_id, {kind.column}, added_at) VALUES (?, ?, ?)",
                             (doc_id, label_id, now())).rowcount)


def _add_passage(conn, doc_id: str, text: str, passage) -> bool:
    position = anchor(text, passage.quote, passage.prefix, passage.suffix, max(passage.start, 0))
    start = position if position is not None else max(passage.start, 0)
    end = start + len(passage.quote)
    if conn.execute('SELECT 1 FROM passages WHERE doc_id = ? AND quote = ? AND start = ?',
                    (doc_id, passage.quote, start)).fetchone():
        return False
    content_hash = conn.execute("SELECT content_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    conn.execute("INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (uuid.uuid4().hex[:16], doc_id, passage.quote, text[max(0, start - CONTEXT):start] if position
                  is not None else passage.prefix, text[end:end + CONTEXT] if position is not None else passage.suffix,
                  start, end, content_hash, passage.note, int(position is not None), passage.created or now()))
    return True


def _add_correction(conn, correction: CorrectionRecord, doc_id: str | None, content_hash: str | None) -> bool:
    where = "doc_id IS ?" if doc_id is None else "doc_id = ?"
    exists = conn.execute(f"SELECT 1 FROM corrections WHERE {where} AND action = ? AND field = ? AND code = ?"
                          " AND coalesce(target, '') = coalesce(?, '')",
                          (doc_id, correction.action, correction.field, correction.code, correction.target)).fetchone()
    if exists:
        return False
    conn.execute("INSERT INTO corrections(doc_id, action, field, code, target, content_hash, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?)", (doc_id, correction.action, correction.field, correction.code,
                                                   correction.target, content_hash, correction.created or now()))
    return True
