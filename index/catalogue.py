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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from documents.statement import Statement
from index.errors import CatalogueDamaged, LibraryReadOnly

CATALOGUE_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    doc_type TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ok',
    parent_id TEXT,
    data TEXT NOT NULL,
    text TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE TABLE IF NOT EXISTS locations (
    path TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    size INTEGER NOT NULL,
    mtime REAL NOT NULL,
    missing INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS locations_doc ON locations(doc_id);
CREATE TABLE IF NOT EXISTS folders (path TEXT PRIMARY KEY, added_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS labels (
    field TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (field, code)
);
"""


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
    """The light fields a results list shows, without the full text."""

    id: str
    title: str
    date: str | None
    doc_type: str
    language: str
    status: str
    countries: tuple[str, ...]
    path: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Catalogue:
    """SQLite access to the library's documents.

    One connection per thread: SQLite connections must not cross threads,
    and searches run on a worker thread while imports run on another.
    """

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._local = threading.local()
        conn = self._conn()
        if not read_only:
            try:
                with conn:
                    conn.executescript(_SCHEMA)
                    conn.execute(
                        "INSERT OR IGNORE INTO meta(key, value) VALUES ('catalogue_version', ?)",
                        (str(CATALOGUE_VERSION),),
                    )
            except sqlite3.OperationalError as exc:
                if "readonly" in str(exc) or "read-only" in str(exc):
                    raise LibraryReadOnly(f"The library at {path.parent} cannot be written to.") from exc
                raise CatalogueDamaged(f"The catalogue {path} cannot be opened: {exc}") from exc
            except sqlite3.DatabaseError as exc:
                raise CatalogueDamaged(f"The catalogue {path} is damaged: {exc}") from exc

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
        """Records, inside the batch's transaction, that ``ids`` still wait for the index."""
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (Catalogue._UNINDEXED, json.dumps(ids)))

    def unindexed(self) -> list[str]:
        """Ids recorded by :meth:`mark_unindexed` and not yet cleared."""
        value = self.get_meta(self._UNINDEXED)
        return json.loads(value) if value else []

    def clear_unindexed(self) -> None:
        """Notes that the last batch reached the index."""
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
                json.dumps(data, ensure_ascii=False),
                text,
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

    def get(self, doc_id: str) -> Statement | None:
        """The whole statement, with text, or None."""
        row = self._conn().execute("SELECT data, text, status FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        data = json.loads(row[0])
        data["text"] = row[1]
        statement = Statement.from_dict(data)
        statement.extra["status"] = row[2]
        return statement

    def rowid_ranges(self, size: int) -> list[tuple[int, int]]:
        """``(first, last)`` row ids of consecutive runs of ``size`` documents, covering them all."""
        rowids = [r[0] for r in self._conn().execute("SELECT rowid FROM documents ORDER BY rowid")]
        return [(rowids[i], rowids[min(i + size, len(rowids)) - 1]) for i in range(0, len(rowids), size)]

    def iter_statements(self, batch: int = 500, rowids: tuple[int, int] | None = None) -> Iterator[Statement]:
        """Every statement, streamed (for rebuilding the index), or those in a row id range."""
        low, high = rowids or (-(2**63), 2**63 - 1)
        cursor = self._conn().execute(
            "SELECT data, text, status FROM documents WHERE rowid BETWEEN ? AND ? ORDER BY rowid", (low, high))
        while rows := cursor.fetchmany(batch):
            for data_json, text, status in rows:
                data = json.loads(data_json)
                data["text"] = text
                statement = Statement.from_dict(data)
                statement.extra["status"] = status
                yield statement

    def rows(self, ids: Iterable[str]) -> dict[str, DocumentRow]:
        """Light rows for many ids at once (for painting a results list)."""
        ids = list(ids)
        found: dict[str, DocumentRow] = {}
        conn = self._conn()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            # SQLite picks the country codes out of the JSON itself: parsing every
            # row's whole metadata (with all mention offsets) in Python stalled painting.
            sql = (
                "SELECT d.id, d.title, d.date, d.doc_type, d.language, d.status,"
                " (SELECT group_concat(json_extract(c.value, '$.code'), ' ')"
                "  FROM json_each(d.data, '$.countries') c),"
                " coalesce((SELECT path FROM locations l WHERE l.doc_id = d.id ORDER BY l.missing, l.path LIMIT 1),"
                "  json_extract(d.data, '$.source_path'))"
                f" FROM documents d WHERE d.id IN ({marks})"
            )
            for doc_id, title, date, doc_type, language, status, codes, path in conn.execute(sql, chunk):
                countries = tuple(codes.split()) if codes else ()
                found[doc_id] = DocumentRow(doc_id, title, date, doc_type, language, status, countries, path or "")
        return found

    def text(self, doc_id: str) -> str | None:
        """The full text of one document."""
        row = self._conn().execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

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
