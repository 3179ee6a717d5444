"""The catalogue: the library's source of truth, in SQLite.

Documents, their text, metadata, hashes and locations live here; the Whoosh
index is derived from it and can be rebuilt from it alone. Later user data
(tags, notes, corrections) belongs here too, never only in the index.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from documents.statement import Statement
from index.errors import CatalogueDamaged, LibraryReadOnly
from index.fields import facet_field
from index.workbench.corrections import Corrections, Corrector
from index.workbench.journal import GENERATION_KEY
from index.workbench.tables import LATEST, create_or_migrate, has_workbench


@dataclass(frozen=True)
class Location:
    """One known file location of a document."""

    path: str
    doc_id: str
    size: int
    mtime: float
    missing: bool


@dataclass(frozen=True)
class DocumentRow:
    """The light fields a results list shows, without the full text.

    ``status`` is the file's (``ok`` or ``missing``); ``review`` is the
    archivist's review status (``""`` when none).
    """

    id: str
    title: str
    date: str | None
    doc_type: str
    language: str
    status: str
    countries: tuple[str, ...]
    path: str
    tags: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()
    starred: bool = False
    review: str = ""
    has_note: bool = False


# Texts and extraction details are stored zlib-compressed: a statement's text shrinks
# about 2.5 times, its metadata (every mention's offsets) about 4 times, and reading
# one back costs a few hundredths of a millisecond. Rows written by releases before
# catalogue version 6 hold plain text; both read the same (see :func:`unpacked`),
# and ``chancery compact`` packs the old ones.
PACK_LEVEL = 6


def packed(text: str) -> bytes:
    """A text as the catalogue stores it."""
    return zlib.compress(text.encode("utf-8"), PACK_LEVEL)


def unpacked(value: bytes | str | None) -> str | None:
    """A stored text, packed (bytes) or plain (as older releases wrote it).

    Raises:
        CatalogueDamaged: The packed bytes are damaged (zlib's checksum catches a changed byte).
    """
    if not isinstance(value, bytes):
        return value
    try:
        return zlib.decompress(value).decode("utf-8")
    except (zlib.error, UnicodeDecodeError) as exc:
        raise CatalogueDamaged(f"A statement's stored text is damaged ({exc}). Restore the catalogue from a "
                               "backup (chancery restore).") from exc


_DAMAGED = ("A statement's stored metadata is damaged, so this list cannot be made. Run chancery check to "
            "find it, then restore the catalogue from a backup (chancery restore).")


def _through_unpacked(conn: sqlite3.Connection, sql: str, parameters) -> list:
    """Rows of SQL that reads metadata through ``unpacked()``; a damaged row is a CatalogueDamaged.

    SQLite reports any exception of a Python function as an anonymous OperationalError.
    """
    try:
        return conn.execute(sql, parameters).fetchall()
    except sqlite3.OperationalError as exc:
        if "user-defined function raised exception" in str(exc):
            raise CatalogueDamaged(_DAMAGED) from exc
        raise


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def in_chunks(values: list, size: int = 500) -> Iterator[tuple[list, str]]:
    """``values`` in chunks of ``size``, each with its ``?,?,…`` placeholders (SQLite bounds its variables)."""
    for start in range(0, len(values), size):
        chunk = values[start:start + size]
        yield chunk, ",".join("?" * len(chunk))


class Catalogue:
    """SQLite access to the library's documents.

    One connection per thread: SQLite connections must not cross threads,
    and searches run on a worker thread while imports run on another.
    """

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._local = threading.local()
        self._workbench: bool | None = None
        self._corrector: tuple[int, Corrector | None] = (-1, None)
        self._corrector_lock = threading.Lock()
        conn = self._conn()
        self.migrated_from: int | None = None  # the version an older catalogue had, once migrated
        if not read_only:
            try:
                before = create_or_migrate(conn, path)
                if before and before != LATEST:
                    self.migrated_from = before
            except sqlite3.OperationalError as exc:
                if "readonly" in str(exc) or "read-only" in str(exc):
                    raise LibraryReadOnly(f"The library at {path.parent} cannot be written to.") from exc
                raise CatalogueDamaged(f"The catalogue {path} cannot be opened: {exc}") from exc
            except sqlite3.DatabaseError as exc:
                raise CatalogueDamaged(f"The catalogue {path} is damaged: {exc}") from exc

    @property
    def has_workbench(self) -> bool:
        """Whether the workbench tables exist (an old catalogue opened read-only has none)."""
        if self._workbench is None:
            self._workbench = has_workbench(self._conn())
        return self._workbench

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                if self.read_only:
                    # On read-only media SQLite cannot create the WAL side files;
                    # "immutable" tells it nothing will change the file under it.
                    immutable = "" if os.access(self.path.parent, os.W_OK) else "&immutable=1"
                    conn = sqlite3.connect(f"file:{self.path}?mode=ro{immutable}", uri=True, timeout=30)
                else:
                    conn = sqlite3.connect(self.path, timeout=30)
                    conn.execute("PRAGMA journal_mode=WAL")
                    conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
                # SQL that looks inside a statement's metadata reads it through unpacked(d.data).
                conn.create_function("unpacked", 1, unpacked, deterministic=True)
            except sqlite3.DatabaseError as exc:
                raise CatalogueDamaged(f"The catalogue {self.path} cannot be opened: {exc}") from exc
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Closes this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- meta ---------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        """Reads a library-level setting."""
        row = self._conn().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        """Writes a library-level setting."""
        with self._conn() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # Ids of a batch written to the catalogue whose index commit has not
    # happened yet: the next open indexes them again, so that a process killed
    # between the two commits leaves no stale versions in the index.
    _UNINDEXED = "unindexed_batch"

    @staticmethod
    def mark_unindexed(conn: sqlite3.Connection, ids: list[str]) -> None:
        """Records, inside the batch's transaction, that ``ids`` still wait for the index.

        Adds to the ids recorded before and not yet cleared: a large import commits several
        batches to the catalogue before their segments reach the index.
        """
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (Catalogue._UNINDEXED,)).fetchone()
        waiting = json.loads(row[0]) if row and row[0] else []
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     (Catalogue._UNINDEXED, json.dumps([*waiting, *ids])))

    def unindexed(self) -> list[str]:
        """Ids recorded by :meth:`mark_unindexed` and not yet cleared."""
        value = self.get_meta(self._UNINDEXED)
        return json.loads(value) if value else []

    def clear_unindexed(self) -> None:
        """Notes that every batch recorded reached the index."""
        with self._conn() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (self._UNINDEXED,))

    # -- writing ------------------------------------------------------------

    def transaction(self) -> sqlite3.Connection:
        """A connection usable as ``with catalogue.transaction() as conn:``."""
        return self._conn()

    @staticmethod
    def put_document(conn: sqlite3.Connection, statement: Statement, status: str | None = "ok") -> None:
        """Inserts or updates a document (inside a caller's transaction).

        An upsert, not ``INSERT OR REPLACE``: replacing would delete the row
        and, through the foreign key, every location of the document.

        Args:
            conn: The transaction's connection.
            statement: The statement to store.
            status: ``ok`` for a document whose file was just read; None keeps
                the stored status of an existing document.
        """
        data = statement.to_dict()
        text = data.pop("text")
        conn.execute(
            "INSERT INTO documents"
            "(id, content_hash, title, date, doc_type, language, status, parent_id, data, text, imported_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET content_hash = excluded.content_hash, title = excluded.title,"
            " date = excluded.date, doc_type = excluded.doc_type, language = excluded.language,"
            " status = coalesce(?, documents.status), parent_id = excluded.parent_id, data = excluded.data,"
            " text = excluded.text, imported_at = excluded.imported_at",
            (
                statement.id,
                statement.content_hash,
                statement.title,
                statement.date,
                statement.doc_type,
                statement.language,
                status or "ok",
                statement.provenance.parent_id,
                packed(json.dumps(data, ensure_ascii=False)),
                packed(text),
                statement.provenance.imported_at or _now(),
                status,
            ),
        )
        # Display names of every value, so discovered organisations keep theirs.
        conn.executemany(
            "INSERT OR IGNORE INTO labels(field, code, name) VALUES (?, ?, ?)",
            [
                (fieldname, entity.code, entity.name)
                for fieldname, entities in (
                    ("country", statement.countries),
                    ("organisation", statement.organisations),
                    ("topic", statement.topics),
                )
                for entity in entities
            ],
        )

    @staticmethod
    def put_location(conn: sqlite3.Connection, path: str, doc_id: str, size: int, mtime: float) -> None:
        """Records that ``path`` holds document ``doc_id`` (present)."""
        conn.execute(
            "INSERT OR REPLACE INTO locations(path, doc_id, size, mtime, missing) VALUES (?, ?, ?, ?, 0)",
            (path, doc_id, size, mtime),
        )

    def add_folder(self, path: str) -> None:
        """Remembers a folder so a rescan can check it again."""
        with self._conn() as conn:
            conn.execute("INSERT OR IGNORE INTO folders(path, added_at) VALUES (?, ?)", (path, _now()))

    # -- reading ------------------------------------------------------------

    def labels(self) -> dict[tuple[str, str], str]:
        """Display names recorded at import, keyed by ``(field, code)``."""
        return {(f, c): n for f, c, n in self._conn().execute("SELECT field, code, name FROM labels")}

    def folders(self) -> list[str]:
        """Folders the user has imported."""
        return [r[0] for r in self._conn().execute("SELECT path FROM folders ORDER BY path")]

    def count(self, include_missing: bool = True) -> int:
        """Number of documents."""
        sql = "SELECT COUNT(*) FROM documents" + ("" if include_missing else " WHERE status = 'ok'")
        return self._conn().execute(sql).fetchone()[0]

    def ids(self) -> set[str]:
        """Every document id."""
        return {r[0] for r in self._conn().execute("SELECT id FROM documents")}

    # -- corrections ------------------------------------------------------------------

    def corrector(self) -> Corrector | None:
        """The corrections to apply to statements read now (None when there are none).

        Reloaded when the workbench changes (by this process or another).
        """
        if not self.has_workbench:
            return None
        conn = self._conn()
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (GENERATION_KEY,)).fetchone()
        generation = int(row[0]) if row else 0
        with self._corrector_lock:
            if self._corrector[0] != generation:
                found = Corrections(self._conn, None).all()
                corrector = Corrector(found, self._label) if found else None
                self._corrector = (generation, corrector)
            return self._corrector[1]

    def _label(self, field: str, code: str) -> str:
        """A value's name for a correction's wording: recorded at import, else the vocabulary's."""
        row = self._conn().execute("SELECT name FROM labels WHERE field = ? AND code = ?", (field, code)).fetchone()
        if row:
            return row[0]
        facet = facet_field(field)
        return facet.label_of(code) if facet else code

    def get(self, doc_id: str, corrected: bool = True) -> Statement | None:
        """The whole statement, with text, or None.

        Args:
            doc_id: Its id.
            corrected: Apply the archivist's corrections (False: as extraction left it).
        """
        row = self._conn().execute("SELECT data, text, status FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        data = json.loads(unpacked(row[0]))
        data["text"] = unpacked(row[1])
        statement = Statement.from_dict(data)
        statement.extra["status"] = row[2]
        corrector = self.corrector() if corrected else None
        return corrector.apply(statement) if corrector else statement

    def rowid_ranges(self, size: int) -> list[tuple[int, int]]:
        """``(first, last)`` row ids of consecutive runs of ``size`` documents, covering them all."""
        rowids = [r[0] for r in self._conn().execute("SELECT rowid FROM documents ORDER BY rowid")]
        return [(rowids[i], rowids[min(i + size, len(rowids)) - 1]) for i in range(0, len(rowids), size)]

    def iter_statements(self, batch: int = 500, rowids: tuple[int, int] | None = None,
                        corrected: bool = True, among: Sequence[int] | None = None) -> Iterator[Statement]:
        """Every statement, streamed (for rebuilding the index), or those in a row id range.

        Corrections are applied unless ``corrected`` is False (see :meth:`get`).
        ``among`` narrows the range to these row ids (merging index segments
        indexes the documents of a few segments again).
        """
        corrector = self.corrector() if corrected else None
        low, high = rowids or (-(2**63), 2**63 - 1)
        for rows in self._statement_rows(low, high, batch, among):
            for data_json, text, status in rows:
                data = json.loads(unpacked(data_json))
                data["text"] = unpacked(text)
                statement = Statement.from_dict(data)
                statement.extra["status"] = status
                yield corrector.apply(statement) if corrector else statement

    def _statement_rows(self, low: int, high: int, batch: int, among: Sequence[int] | None) -> Iterator[list]:
        conn = self._conn()
        sql = "SELECT data, text, status FROM documents WHERE rowid BETWEEN ? AND ?"
        if among is None:
            cursor = conn.execute(sql + " ORDER BY rowid", (low, high))
            while rows := cursor.fetchmany(batch):
                yield rows
            return
        for chunk, marks in in_chunks(sorted(among), batch):
            yield conn.execute(f"{sql} AND rowid IN ({marks}) ORDER BY rowid", (low, high, *chunk)).fetchall()

    def rowids_of(self, ids: Iterable[str]) -> dict[str, int]:
        """The catalogue row id of each of ``ids`` that it holds."""
        ids = list(ids)
        found: dict[str, int] = {}
        conn = self._conn()
        for chunk, marks in in_chunks(ids):
            found.update(conn.execute(f"SELECT id, rowid FROM documents WHERE id IN ({marks})", chunk))
        return found

    def rows(self, ids: Iterable[str]) -> dict[str, DocumentRow]:
        """Light rows for many ids at once (for painting a results list)."""
        ids = list(ids)
        found: dict[str, DocumentRow] = {}
        conn = self._conn()
        for chunk, marks in in_chunks(ids):
            # SQLite picks the country codes out of the JSON itself: parsing every
            # row's whole metadata (with all mention offsets) in Python stalled painting.
            sql = (
                "SELECT d.id, d.title, d.date, d.doc_type, d.language, d.status,"
                " (SELECT group_concat(json_extract(c.value, '$.code'), ' ')"
                "  FROM json_each(unpacked(d.data), '$.countries') c),"
                " coalesce((SELECT path FROM locations l WHERE l.doc_id = d.id ORDER BY l.missing, l.path LIMIT 1),"
                "  json_extract(unpacked(d.data), '$.source_path'))"
                f" FROM documents d WHERE d.id IN ({marks})"
            )
            for doc_id, title, date, doc_type, language, status, codes, path in _through_unpacked(conn, sql, chunk):
                countries = tuple(codes.split()) if codes else ()
                found[doc_id] = DocumentRow(doc_id, title, date, doc_type, language, status, countries, path or "")
        corrector = self.corrector()
        if corrector:
            for doc_id, row in found.items():
                found[doc_id] = replace(row, countries=tuple(corrector.codes(doc_id, "country", row.countries)))
        if self.has_workbench and found:
            found = self._with_marks(found)
        return found

    def _with_marks(self, rows: dict[str, DocumentRow]) -> dict[str, DocumentRow]:
        """Rows with the archivist's tags, collections, star, review status and whether there is a note."""
        ids = list(rows)
        conn = self._conn()
        tags: dict[str, list[str]] = {}
        collections: dict[str, list[str]] = {}
        marks: dict[str, tuple[int, str]] = {}
        noted: set[str] = set()
        for chunk, marks_sql in in_chunks(ids):
            for doc_id, path in conn.execute("SELECT l.doc_id, t.path FROM doc_tags l JOIN tags t ON t.id = l.tag_id"
                                             f" WHERE l.doc_id IN ({marks_sql}) ORDER BY t.key", chunk):
                tags.setdefault(doc_id, []).append(path)
            for doc_id, path in conn.execute("SELECT l.doc_id, c.path FROM doc_collections l JOIN collections c"
                                             f" ON c.id = l.collection_id WHERE l.doc_id IN ({marks_sql})"
                                             " ORDER BY c.key", chunk):
                collections.setdefault(doc_id, []).append(path)
            for doc_id, starred, review in conn.execute(
                    f"SELECT doc_id, starred, status FROM marks WHERE doc_id IN ({marks_sql})", chunk):
                marks[doc_id] = (starred, review)
            noted.update(r[0] for r in conn.execute(f"SELECT doc_id FROM notes WHERE doc_id IN ({marks_sql})", chunk))
        return {doc_id: replace(row, tags=tuple(tags.get(doc_id, ())), collections=tuple(collections.get(doc_id, ())),
                                starred=bool(marks.get(doc_id, (0, ""))[0]), review=marks.get(doc_id, (0, ""))[1],
                                has_note=doc_id in noted)
                for doc_id, row in rows.items()}

    def ids_with(self, field: str, code: str) -> set[str]:
        """Ids of the statements whose extraction (before corrections) holds ``code`` in ``field``."""
        attribute = {"country": "countries", "organisation": "organisations", "topic": "topics"}[field]
        needle = json.dumps({"code": code}, ensure_ascii=False)[1:-1]  # as stored: "code": "OTS"
        # The substring test skips parsing the JSON of every statement that cannot match.
        sql = ("SELECT id FROM (SELECT d.id, unpacked(d.data) AS data FROM documents d)"
               f" WHERE instr(data, ?) > 0 AND EXISTS (SELECT 1 FROM json_each(data, '$.{attribute}') e"
               " WHERE json_extract(e.value, '$.code') = ?)")
        return {row[0] for row in _through_unpacked(self._conn(), sql, (needle, code))}

    # -- the file ----------------------------------------------------------------------

    def vacuum(self) -> None:
        """Rewrites the catalogue file without its free pages (after packing, so it shrinks on disk)."""
        conn = self._conn()
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the rewrite went through the write-ahead log

    def text(self, doc_id: str) -> str | None:
        """The full text of one document."""
        row = self._conn().execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return unpacked(row[0]) if row else None

    def locations(self, doc_id: str | None = None, under: str | None = None) -> list[Location]:
        """Known locations, of one document or below one folder."""
        sql = "SELECT path, doc_id, size, mtime, missing FROM locations"
        args: tuple = ()
        if doc_id is not None:
            sql += " WHERE doc_id = ?"
            args = (doc_id,)
        elif under is not None:
            prefix = under.rstrip("/\\") + "/"
            sql += " WHERE substr(path, 1, ?) = ?"
            args = (len(prefix), prefix)
        return [Location(p, d, s, m, bool(x)) for p, d, s, m, x in self._conn().execute(sql, args)]

    def location_map(self) -> dict[str, Location]:
        """Every location keyed by path (for an incremental import)."""
        return {loc.path: loc for loc in self.locations()}

    def doc_for_hash(self, content_hash: str) -> str | None:
        """The id of the document with these bytes, if known."""
        row = self._conn().execute(
            "SELECT id FROM documents WHERE content_hash = ? LIMIT 1", (content_hash,)
        ).fetchone()
        return row[0] if row else None
